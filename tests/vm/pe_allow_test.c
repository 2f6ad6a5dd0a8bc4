// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - "allow cert" proven for an Authenticode-signed PE
 * file: the kernel computes the PE image digest (as verify_pefile and
 * sbverify do), compares it with the one the signature signs and verifies
 * the SignerInfo with the rule's certificate.
 *
 * The PE files run through a binfmt_misc handler, as in pe_test.c.  The
 * policy /fixtures/packages/vm/pe-allow.policy (tests/pkg/make-fixtures.sh)
 * is an allow-list: default deny, allow cert of the good vendor's leaf
 * (pe-good is signed with it by osslsigncode), allow file-sha256 of the
 * handler.
 */

#include <sys/mount.h>

#include "common.h"

#define HANDLER		"vbpe"
#define PE_POLICY	"/fixtures/packages/vm/pe-allow.policy"
#define TMPDIR		"/tmp/vb-pe-allow"

FIXTURE(pe_allow) {};

FIXTURE_SETUP(pe_allow)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	/* PE files run through binfmt_misc */
	pe_handler_add(_metadata, HANDLER);
	fresh_tmpfs(_metadata, TMPDIR);
	ASSERT_EQ(0, load_policy(_metadata, PE_POLICY));
}

FIXTURE_TEARDOWN(pe_allow)
{
	vb_teardown(_metadata);
	EXPECT_EQ(0, pe_handler_remove(HANDLER));
	umount2(TMPDIR, MNT_DETACH);
}

TEST_F(pe_allow, signed_pe_is_proven_and_runs)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-good"));
}

TEST_F(pe_allow, others_are_refused)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_exec(_metadata, FIX_BIN "pe-banned", NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, FIX_BIN "pe-unsigned", NULL));
}

/* One byte of the image changed: the digest the signature signs differs. */
TEST_F(pe_allow, changed_image_is_refused)
{
	const char *copy = TMPDIR "/pe-good";
	size_t len;
	char *pe;

	SKIPPED_IN_SETUP();
	pe = read_fixture(_metadata, FIX_BIN "pe-good", &len);
	ASSERT_GT(len, (size_t)0x20a);
	pe[0x20a] ^= 1;		/* in .text (mkpe.c: file offset 0x200) */
	ASSERT_EQ(0, write_file(copy, pe, len));
	free(pe);
	ASSERT_EQ(0, chmod(copy, 0755));
	EXPECT_EQ(-EACCES, run_exec(_metadata, copy, NULL));
	copy_file(_metadata, FIX_BIN "pe-good", copy);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, copy, NULL));
}

TEST_HARNESS_MAIN
