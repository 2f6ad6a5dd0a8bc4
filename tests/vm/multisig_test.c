// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - every signature a file carries counts for a ban,
 * no limit lets a signature through, and the work per decision is bounded.
 *
 * The ms-* fixtures come from multisig_fixtures() in make-fixtures.sh:
 *   ms-elf-appended         banned-rsa2048-cert, then a second trailer by a
 *                           self-made key (no certificate)
 *   ms-elf-nocert-appended  the same over banned-rsa2048-nocert
 *   ms-pe-appended          pe-banned (Authenticode), then such a trailer
 *   ms-stack9               banned-rsa2048-cert under 8 such trailers
 *   ms-pe-nest9             a PE signed by the good vendor with 8 nested
 *                           signatures, the banned vendor's the last
 *   ms-chainbomb            hello with the crafted chain-walk trailer of
 *                           tests/unit/mkchainbomb.c (it names nobody)
 *   ms-chainbomb8           8 such trailers stacked
 *   ms-chainbomb32          the same trailer with names of 32 attributes
 *                           (the most that parse; ms-chainbomb's 170 do not)
 *   ms-emptyrdn             names of 4 attributes and 3,000 empty RDNs
 *                           each: more elements than a file's parse budget
 *   ms-bigcert              2 trailers of 4 signers whose certificates
 *                           carry 64,000 bytes each (it names nobody)
 *   ms-fprcap               4 signers whose certificates total 7,960
 *                           bytes, under VENDORBAN_MAX_FPR_BYTES
 *   ms-bighide              banned-rsa2048-cert behind ms-fprcap's trailer
 *                           and 2 trailers of 4 signer certificates of
 *                           63,000 bytes
 *   ms-big-good             a 2 MiB program signed by the good vendor
 *   ms-big-modified         the same with one byte changed
 * and the policy allow-twenty: 20 "allow cert" rules for the good leaf,
 * default deny.
 */

#include <sys/mount.h>

#include "common.h"

#define HANDLER		"vbmspe"

static const char allow_malformed_policy[] =
	"vendorban-policy 1\nname allow-malformed\nversion 1\ndefault allow\n"
	"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n"
	"allow malformed label=malformed-ok\n";

FIXTURE(multisig) {};

FIXTURE_SETUP(multisig)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	/* PE files run through binfmt_misc */
	pe_handler_add(_metadata, HANDLER);
}

FIXTURE_TEARDOWN(multisig)
{
	vb_teardown(_metadata);
	EXPECT_EQ(0, pe_handler_remove(HANDLER));
}

/*
 * Runs fixture @name, expects EACCES and a denial record; @label is the
 * rule's label, or NULL when no rule decides and @reason is expected.
 */
static void expect_ms_denial(struct __test_metadata *const _metadata,
			     const char *name, const char *label,
			     const char *reason)
{
	char path[256], *rec;
	off_t mark;

	snprintf(path, sizeof(path), FIX_BIN "%s", name);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
		TH_LOG("%s was not refused", name);
	}
	rec = expect_denial(_metadata, mark, "exec", path);
	if (!rec)
		return;
	if (label)
		EXPECT_TRUE(field_is(rec, "label", label, false)) {
			TH_LOG("want label=%s in: %s", label, rec);
		}
	if (reason)
		EXPECT_TRUE(field_is(rec, "reason", reason, false)) {
			TH_LOG("want reason=%s in: %s", reason, rec);
		}
	free(rec);
}

/* The fixtures run when nothing is banned: the refusals below are bans. */
TEST_F(multisig, fixtures_run_without_a_ban)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "deny-malformed");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-elf-appended"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-pe-appended"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-stack9"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-pe-nest9"));
}

/* (a) A second trailer after the banned vendor's own hides nothing. */
TEST_F(multisig, banned_elf_with_appended_trailer_is_denied)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "ms-elf-appended", "banned-o", NULL);
	use_policy(_metadata, "ban-by-issuer-serial");
	expect_ms_denial(_metadata, "ms-elf-appended", "banned-rsa2048", NULL);
	expect_ms_denial(_metadata, "ms-elf-nocert-appended", "banned-rsa2048",
			 NULL);
}

/* (b) A trailer appended to a banned PE hides its Authenticode signature. */
TEST_F(multisig, banned_pe_with_appended_trailer_is_denied)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "ms-pe-appended", "banned-o", NULL);
	use_policy(_metadata, "ban-by-cert");
	expect_ms_denial(_metadata, "ms-pe-appended", "banned-rsa2048", NULL);
}

/* (c) Nine signatures, the banned one last: stacked trailers, nesting. */
TEST_F(multisig, ninth_signature_counts)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "ms-stack9", "banned-o", NULL);
	expect_ms_denial(_metadata, "ms-pe-nest9", "banned-o", NULL);
}

/*
 * (d) 20 allow candidates for one signer: a proven one allows, unproven
 * ones fall through to the default (the file is hashed once per decision:
 * tests/unit/test_policy_pick.c counts it).
 */
TEST_F(multisig, twenty_allow_candidates_decide_right)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "allow-twenty");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-nocert"));
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "modified-good"));
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "forged-good"));
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "banned-rsa2048-cert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-big-good"));
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "ms-big-modified"));
}

/*
 * (e) The crafted chain-walk trailer exceeds the per-decision bounds: it
 * is malformed (reason "limit"), and a malformed file no rule matches is
 * refused: with names too long to parse, and with names that parse and a
 * chain walk that needs too many steps.
 */
TEST_F(multisig, chain_walk_bomb_is_refused_as_malformed)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "ms-chainbomb", NULL, "limit");
	expect_ms_denial(_metadata, "ms-chainbomb8", NULL, "limit");
	expect_ms_denial(_metadata, "ms-chainbomb32", NULL, "limit");
}

/*
 * (f) The elements of the names count against the one parse budget of a
 * file: names of thousands of empty RDNs (a valid Name, no attribute to
 * count) end the parse at the budget, a limit.  Before they were counted,
 * this file parsed at the cost of walking them all and ran under the ban,
 * its signer's names unreadable.
 */
TEST_F(multisig, empty_rdns_exceed_the_parse_budget)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "ms-emptyrdn", NULL, "limit");
}

/*
 * (g) Signer certificates are hashed for a fingerprint only under a policy
 * that has one to find, at most 8 KiB of them per file: ms-bigcert runs
 * under a ban by O (nothing hashed) and is refused under a ban by
 * fingerprint (a limit: its certificates are over the bound), ms-fprcap
 * (hashed, under the bound) runs under both.  The banned signer behind
 * them is still denied: by its O, by its issuer and serial (ban-by-cert),
 * and as over the limit under the fingerprint ban, whose bound the
 * certificates before it used up.
 */
TEST_F(multisig, signer_certificates_hashed_within_a_bound)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-bigcert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-fprcap"));
	expect_ms_denial(_metadata, "ms-bighide", "banned-o", NULL);
	use_policy(_metadata, "ban-by-fingerprint");
	expect_ms_denial(_metadata, "ms-bigcert", NULL, "limit");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-fprcap"));
	expect_ms_denial(_metadata, "banned-rsa2048-cert", "banned-rsa2048",
			 NULL);
	expect_ms_denial(_metadata, "ms-bighide", NULL, "limit");
	use_policy(_metadata, "ban-by-cert");
	expect_ms_denial(_metadata, "ms-bighide", "banned-rsa2048", NULL);
}

/*
 * A malformed signature matched by no rule is refused whatever the
 * default; "allow malformed" opts out, and a ban still comes first.
 */
TEST_F(multisig, malformed_without_a_rule_is_denied)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_ms_denial(_metadata, "malformed-garbage", NULL, "malformed");
	expect_ms_denial(_metadata, "malformed-truncated", NULL, "malformed");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "unsigned"));
	ASSERT_EQ(0, load_policy_text(allow_malformed_policy,
				      strlen(allow_malformed_policy)));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "malformed-garbage"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-chainbomb"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "ms-chainbomb32"));
	expect_ms_denial(_metadata, "ms-stack9", "banned-o", NULL);
}

TEST_HARNESS_MAIN
