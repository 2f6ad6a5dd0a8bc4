// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - "allow ca" proven by a chain the kernel verifies:
 * each link's signature with verify_signature() (the keys of the
 * certificates on the way made by the kernel's X.509 parser), then the
 * file's signature with the signer's certificate.
 *
 * /fixtures/packages/vm/ca-allow.policy (tests/pkg/make-fixtures.sh):
 * default deny, allow ca of the good vendor's intermediate and root,
 * allow file-sha256 of the binfmt_misc handler that runs PE files (as in
 * pe_test.c).  /fixtures/packages/ca/forged-chain is signed by a
 * self-made leaf whose issuer claims the good intermediate's DN and key
 * identifier, under another key.
 */

#include <sys/mount.h>

#include "common.h"

#define HANDLER		"vbpe"
#define CA_POLICY	"/fixtures/packages/vm/ca-allow.policy"

FIXTURE(ca_allow) {};

FIXTURE_SETUP(ca_allow)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	/* PE files run through binfmt_misc */
	pe_handler_add(_metadata, HANDLER);
	ASSERT_EQ(0, load_policy(_metadata, CA_POLICY));
}

FIXTURE_TEARDOWN(ca_allow)
{
	vb_teardown(_metadata);
	EXPECT_EQ(0, pe_handler_remove(HANDLER));
}

TEST_F(ca_allow, leaf_signed_file_is_proven)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
}

TEST_F(ca_allow, pe_with_its_chain_is_proven)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "pe-good"));
}

TEST_F(ca_allow, other_chains_and_forgeries_are_refused)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_exec(_metadata, FIX_BIN "banned-rsa2048-chain",
				    NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata,
				    "/fixtures/packages/ca/forged-chain", NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, FIX_BIN "modified-good", NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, FIX_BIN "good-rsa2048-nocert",
				    NULL));
}

TEST_HARNESS_MAIN
