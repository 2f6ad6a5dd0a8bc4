// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - Authenticode-signed PE files run through a
 * binfmt_misc handler.
 *
 * The handler ":vbpe:M::MZ::/fixtures/bin/unsigned:" runs every file that
 * starts with "MZ" with the unsigned test program (exits 42).  vendorban
 * checks the PE file itself at the first exec stage, from its certificate
 * table.  The pe-* fixtures are made by make-fixtures.sh (osslsigncode and
 * sbsign on a minimal PE32+ from tests/unit/mkpe.c); pe-good-ts-banned is
 * signed by the good vendor and timestamped by a TSA certificate of the
 * banned vendor (O=AO Kaspersky Lab, issued by its intermediate).
 */

#include <sys/mount.h>

#include "common.h"

#define HANDLER		"vbpe"

FIXTURE(pe) {};

FIXTURE_SETUP(pe)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	/* PE files run through binfmt_misc */
	pe_handler_add(_metadata, HANDLER);
}

FIXTURE_TEARDOWN(pe)
{
	vb_teardown(_metadata);
	EXPECT_EQ(0, pe_handler_remove(HANDLER));
}

static void expect_pe_denial(struct __test_metadata *const _metadata,
			     const char *name, const char *label)
{
	char path[256], *rec;
	off_t mark;

	snprintf(path, sizeof(path), FIX_BIN "%s", name);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (rec) {
		EXPECT_TRUE(field_is(rec, "label", label, false));
		EXPECT_TRUE(field_is(rec, "signature", "present", false));
	}
	free(rec);
}

/* Without a policy that bans anything, every PE runs through the handler. */
TEST_F(pe, handler_runs_pe_files)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-unsigned"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-banned"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-banned-sbsign"));
}

TEST_F(pe, banned_leaf_is_denied_by_subject_o)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	expect_pe_denial(_metadata, "pe-banned", "banned-o");
	expect_pe_denial(_metadata, "pe-banned-sbsign", "banned-o");
}

TEST_F(pe, banned_leaf_is_denied_by_cert)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	expect_pe_denial(_metadata, "pe-banned", "banned-rsa2048");
}

/* A banned timestamp countersigner does not stand for the signer. */
TEST_F(pe, banned_timestamp_countersigner_runs)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-good-ts-banned"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-good"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-unsigned"));
	use_policy(_metadata, "ban-ca-inter");
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-good-ts-banned"));
	expect_pe_denial(_metadata, "pe-banned", "ca-inter");
}

TEST_HARNESS_MAIN
