// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - kernel modules signed by a banned vendor.
 *
 * /tests/modules holds vbtest_mod.ko (tests/vm/module/) unsigned and
 * signed by the banned and the good vendor (appended signature, the same
 * format as executables).  The test kernel does not enforce module
 * signatures (no CONFIG_MODULE_SIG), so only vendorban refuses a module.
 * Both load syscalls are tested: finit_module() (the kernel reads the
 * file) and init_module() (the image comes from user memory).
 *
 * Compressed modules (.ko.xz as Kbuild makes them, .ko.zst) are judged on
 * their decompressed image, where their signature is: refused by their
 * real signer through finit_module() with and without
 * MODULE_INIT_COMPRESSED_FILE (the test kernels decompress xz, as
 * Debian's) and through init_module(); one that does not decompress is
 * malformed.
 */

#include "common.h"

#define MOD_DIR		"/tests/modules/"
#define MOD_NAME	"vbtest_mod"

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE	4
#endif

/* How load_module() hands the module to the kernel. */
enum load_how {
	LOAD_FINIT,
	LOAD_INIT,
	LOAD_FINIT_COMPRESSED,	/* finit_module(MODULE_INIT_COMPRESSED_FILE) */
};

FIXTURE(module) {};

FIXTURE_SETUP(module)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
	use_policy(_metadata, "ban-by-cert");
}

FIXTURE_TEARDOWN(module)
{
	vb_teardown(_metadata);
	syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
}

/* Loads MOD_DIR/@name (.ko added unless there); returns 0 or -errno. */
static int load_module(struct __test_metadata *const _metadata,
		       const char *name, int how)
{
	char path[256], *image;
	size_t len;
	long r;
	int fd;

	snprintf(path, sizeof(path), MOD_DIR "%s%s", name,
		 strstr(name, ".ko") ? "" : ".ko");
	if (how != LOAD_INIT) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		r = syscall(SYS_finit_module, fd, "",
			    how == LOAD_FINIT_COMPRESSED ?
			    MODULE_INIT_COMPRESSED_FILE : 0);
		r = r ? -errno : 0;
		close(fd);
		return r;
	}
	image = read_fixture(_metadata, path, &len);
	r = syscall(SYS_init_module, image, len, "");
	r = r ? -errno : 0;
	free(image);
	return r;
}

/* Loads @name, expects success, unloads it. */
static void expect_loads(struct __test_metadata *const _metadata,
			 const char *name, int how)
{
	EXPECT_EQ(0, load_module(_metadata, name, how)) {
		TH_LOG("%s.ko did not load (how %d)", name, how);
	}
	EXPECT_EQ(0, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
}

static void expect_refused(struct __test_metadata *const _metadata,
			   const char *name, int how)
{
	char *rec, *serial;
	off_t mark;

	mark = audit_mark();
	EXPECT_EQ(-EACCES, load_module(_metadata, name, how));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 " op=module_load ", "decision=deny");
	if (!rec)
		audit_dump(_metadata, mark);
	EXPECT_NE(NULL, rec);
	if (rec && how == LOAD_INIT)
		EXPECT_NE(NULL, strstr(rec, " path=?"));
	serial = read_expect(_metadata, "banned-rsa2048.serial");
	if (rec) {
		EXPECT_TRUE(field_is(rec, "label", "banned-rsa2048", false));
		EXPECT_TRUE(field_is(rec, "signer_serial", serial, true));
	}
	free(serial);
	free(rec);
	/* it really is not loaded */
	EXPECT_EQ(-1, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(module, banned_module_is_refused_by_finit_module)
{
	SKIPPED_IN_SETUP();
	expect_refused(_metadata, "banned", LOAD_FINIT);
	expect_refused(_metadata, "banned-cert", LOAD_FINIT);
}

TEST_F(module, banned_module_is_refused_by_init_module)
{
	SKIPPED_IN_SETUP();
	expect_refused(_metadata, "banned", LOAD_INIT);
	expect_refused(_metadata, "banned-cert", LOAD_INIT);
}

/* The banned module compressed: refused by its signer, however loaded. */
TEST_F(module, banned_compressed_module_is_refused)
{
	static const char *const names[] = { "banned.ko.xz", "banned.ko.zst" };
	unsigned int i;

	SKIPPED_IN_SETUP();
	/* A new policy each time: repeats of one denial are not recorded. */
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		TH_LOG("%s", names[i]);
		expect_refused(_metadata, names[i], LOAD_FINIT_COMPRESSED);
		use_policy(_metadata, "ban-by-cert");
		expect_refused(_metadata, names[i], LOAD_FINIT);
		use_policy(_metadata, "ban-by-cert");
		expect_refused(_metadata, names[i], LOAD_INIT);
	}
}

/*
 * The good module compressed is let through: the xz one loads; the
 * kernel's loader decompresses xz only, so the zstd one then fails with
 * its EINVAL ("not an xz compressed module"), not vendorban's EACCES.
 */
TEST_F(module, good_compressed_module_loads)
{
	SKIPPED_IN_SETUP();
	expect_loads(_metadata, "good.ko.xz", LOAD_FINIT_COMPRESSED);
	EXPECT_EQ(-EINVAL, load_module(_metadata, "good.ko.zst",
				       LOAD_FINIT_COMPRESSED));
}

/* A .ko.xz that does not decompress is malformed: refused, reason corrupt. */
TEST_F(module, corrupt_compressed_module_is_malformed)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	EXPECT_EQ(-EACCES, load_module(_metadata, "corrupt.ko.xz",
				       LOAD_FINIT_COMPRESSED));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 " op=module_load ", "decision=deny",
			 " reason=corrupt ");
	if (!rec)
		audit_dump(_metadata, mark);
	EXPECT_NE(NULL, rec);
	free(rec);
	EXPECT_EQ(-1, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
}

TEST_F(module, good_and_unsigned_modules_load)
{
	SKIPPED_IN_SETUP();
	expect_loads(_metadata, "good", LOAD_FINIT);
	expect_loads(_metadata, "good", LOAD_INIT);
	expect_loads(_metadata, "unsigned", LOAD_FINIT);
	expect_loads(_metadata, "unsigned", LOAD_INIT);
}

/* busybox insmod fails on the banned module, works on the good one. */
TEST_F(module, insmod_exit_status)
{
	char *const banned[] = { "/sbin/insmod", MOD_DIR "banned.ko", NULL };
	char *const good[] = { "/sbin/insmod", MOD_DIR "good.ko", NULL };

	SKIPPED_IN_SETUP();
	EXPECT_NE(0, run_exec(_metadata, banned[0], banned));
	EXPECT_EQ(0, run_exec(_metadata, good[0], good));
	EXPECT_EQ(0, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
}

TEST_HARNESS_MAIN
