// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - file-sha256 bans and the invalidation of the
 * decision cache when an allowed file is rewritten.
 *
 * The files are copies on a tmpfs mounted by the test (tmpfs keeps an
 * i_version, so allows are cached there).
 */

#include "common.h"

#define TMPDIR		"/tmp/vb-hash"
#define HASH_POLICY	"ban-hash"
/* A byte of the ELF e_ident padding: changing it keeps the program valid. */
#define PAD_OFFSET	9

FIXTURE(hash) {};

FIXTURE_SETUP(hash)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
}

FIXTURE_TEARDOWN(hash)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

/* The banned hash is that of the unsigned program; one byte lifts it. */
TEST_F(hash, file_sha256_denies_until_a_byte_changes)
{
	const char *path = TMPDIR "/prog";
	char *rec, byte = 1;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, HASH_POLICY);
	copy_file(_metadata, FIX_BIN "unsigned", path);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (rec)
		EXPECT_TRUE(field_is(rec, "label", "hash-ban", false));
	free(rec);
	/* a second exec is decided again (denials are never cached) */
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));

	ASSERT_EQ(0, write_once(path, &byte, 1, PAD_OFFSET));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	/* and the original bytes elsewhere are still banned */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "unsigned"));
}

/* A file-sha256 ban catches a file the good vendor signed, too. */
TEST_F(hash, file_sha256_ignores_signature_state)
{
	const char *path = FIX_BIN "good-p256-cert";
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, HASH_POLICY);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (rec) {
		EXPECT_TRUE(field_is(rec, "label", "hash-ban-signed", false));
		EXPECT_TRUE(field_is(rec, "signature", "present", false));
	}
	free(rec);
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
	/* the same bytes under another name */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "hello"));
}

/*
 * An allowed file, cached as allowed, rewritten with the banned vendor's
 * signature: the next exec decides again and denies.
 */
TEST_F(hash, rewrite_of_cached_allow_is_denied)
{
	const char *path = TMPDIR "/prog";
	off_t mark;
	int i;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	copy_file(_metadata, FIX_BIN "good-rsa2048-cert", path);
	for (i = 0; i < 2; i++)
		EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	copy_file(_metadata, FIX_BIN "banned-rsa2048-cert", path);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	free(expect_denial(_metadata, mark, "exec", path));
}

/* The same through the hash rule: rewriting in place with the banned bytes. */
TEST_F(hash, rewrite_to_banned_hash_is_denied)
{
	const char *path = TMPDIR "/prog";
	char byte = 1;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, HASH_POLICY);
	copy_file(_metadata, FIX_BIN "unsigned", path);
	ASSERT_EQ(0, write_once(path, &byte, 1, PAD_OFFSET));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	byte = 0;
	ASSERT_EQ(0, write_once(path, &byte, 1, PAD_OFFSET));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
}

TEST_HARNESS_MAIN
