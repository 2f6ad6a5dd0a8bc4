// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - "deny ca" rules on a leaf the policy never saw.
 *
 * make-fixtures.sh writes the ban-ca-* policies first, then issues a new
 * leaf from the banned intermediate and signs newleaf-{nocert,cert,chain}
 * with it (chain: the intermediate and root embedded too).
 */

#include "common.h"

FIXTURE(chain) {};

FIXTURE_SETUP(chain)
{
	vb_setup(_metadata);
}

FIXTURE_TEARDOWN(chain)
{
	vb_teardown(_metadata);
}

/* Runs @name, expects a denial by the rule labelled @label, subject known. */
static void expect_ca_denial(struct __test_metadata *const _metadata,
			     const char *name, const char *label,
			     bool subject_known)
{
	char path[256], *rec, *subject;
	off_t mark;

	snprintf(path, sizeof(path), FIX_BIN "%s", name);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (!rec)
		return;
	EXPECT_TRUE(field_is(rec, "label", label, false)) {
		TH_LOG("record: %s", rec);
	}
	if (subject_known) {
		subject = read_expect(_metadata, "newleaf.subject");
		EXPECT_TRUE(field_is(rec, "signer_subject", subject, false)) {
			TH_LOG("want %s in: %s", subject, rec);
		}
		free(subject);
	}
	free(rec);
}

TEST_F(chain, intermediate_bans_new_leaf_with_chain_embedded)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-ca-inter");
	expect_ca_denial(_metadata, "newleaf-chain", "ca-inter", true);
}

TEST_F(chain, intermediate_bans_new_leaf_with_only_leaf_embedded)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-ca-inter");
	expect_ca_denial(_metadata, "newleaf-cert", "ca-inter", true);
	/* no certificate at all: the SignerInfo's issuer names it */
	expect_ca_denial(_metadata, "newleaf-nocert", "ca-inter", false);
}

TEST_F(chain, intermediate_ban_spares_other_vendors)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-ca-inter");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "unsigned"));
}

/* A root ban reaches the leaf through the embedded intermediate... */
TEST_F(chain, root_bans_new_leaf_through_embedded_chain)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-ca-root");
	expect_ca_denial(_metadata, "newleaf-chain", "ca-root", true);
	/* ...and without it, and with no chain-cert, there is no path */
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "newleaf-cert"));
}

/* ...or through the intermediate the policy supplies (chain-cert). */
TEST_F(chain, root_bans_new_leaf_through_policy_chain_cert)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-ca-root-chaincert");
	expect_ca_denial(_metadata, "newleaf-cert", "ca-root", true);
	expect_ca_denial(_metadata, "newleaf-nocert", "ca-root", false);
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
}

TEST_HARNESS_MAIN
