// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - "deny ima-keyid" on a file's security.ima.
 *
 * /fixtures/ima/{banned,good}.sig are "evmctl ima_sign --sigfile" output
 * made on the host with the banned and the good vendor's rsa2048 leaf
 * keys.  The test copies the unsigned test program to a tmpfs (which
 * keeps security.* xattrs with CONFIG_TMPFS_XATTR) and sets the xattr.
 */

#include <sys/xattr.h>

#include "common.h"

#define TMPDIR		"/tmp/vb-ima"
#define TARGET		TMPDIR "/prog"
#define IMA_POLICY	"ban-ima-keyid"

FIXTURE(ima) {};

FIXTURE_SETUP(ima)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, "/fixtures/ima/target", TARGET);
}

FIXTURE_TEARDOWN(ima)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

static void set_ima(struct __test_metadata *const _metadata, const char *who)
{
	char path[256], *sig;
	size_t len;

	snprintf(path, sizeof(path), "/fixtures/ima/%s.sig", who);
	sig = read_fixture(_metadata, path, &len);
	ASSERT_EQ(0, setxattr(TARGET, "security.ima", sig, len, 0)) {
		TH_LOG("setxattr security.ima: %s", strerror(errno));
	}
	free(sig);
}

TEST_F(ima, banned_key_id_is_denied)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, IMA_POLICY);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "banned");
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	rec = expect_denial(_metadata, mark, "exec", TARGET);
	if (rec) {
		EXPECT_TRUE(field_is(rec, "label", "ima-banned", false));
		/* an IMA signature is not a signature of the file */
		EXPECT_TRUE(field_is(rec, "signature", "none", false));
	}
	free(rec);
}

TEST_F(ima, other_key_id_runs)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, IMA_POLICY);
	set_ima(_metadata, "good");
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

/* Removing the xattr lifts the ban. */
TEST_F(ima, removing_the_xattr_lifts_the_ban)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, IMA_POLICY);
	set_ima(_metadata, "banned");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	ASSERT_EQ(0, removexattr(TARGET, "security.ima"));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

/* Setting the xattr on a file cached as allowed invalidates the cache. */
TEST_F(ima, setting_the_xattr_on_a_cached_allow_denies)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, IMA_POLICY);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "banned");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
}

TEST_HARNESS_MAIN
