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
 * The loadable form through the BPF LSM ("mechanism: bpf-lsm") cannot
 * judge an image from memory: there the policy's memory-modules setting
 * decides (default deny; docs/policy-format.md), and the built-in form
 * ignores that setting.  On Debian's stock kernels (scripts/vm/
 * module-form.sh) the modules are built for that kernel, whose module
 * signature check is not enforced.
 */

#include "common.h"

#define MOD_DIR		"/tests/modules/"
#define MOD_NAME	"vbtest_mod"

/* How load_module() hands the module to the kernel. */
enum load_how {
	LOAD_FINIT,
	LOAD_INIT,
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

/* Loads MOD_DIR/@name.ko; returns 0 or -errno. */
static int load_module(struct __test_metadata *const _metadata,
		       const char *name, int how)
{
	char path[256], *image;
	size_t len;
	long r;
	int fd;

	snprintf(path, sizeof(path), MOD_DIR "%s.ko", name);
	if (how == LOAD_FINIT) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		r = syscall(SYS_finit_module, fd, "", 0);
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

/* The image given to init_module() is decided by memory-modules. */
static bool memory_by_setting(struct __test_metadata *const _metadata)
{
	return status_has(_metadata, "mechanism: bpf-lsm");
}

/* Loads ban-by-cert with the line "memory-modules @action" added. */
static void use_ban_with_memory(struct __test_metadata *const _metadata,
				const char *action)
{
	char line[64], *text, *both;
	size_t len;

	text = read_fixture(_metadata, FIX_POL "ban-by-cert.pol", &len);
	snprintf(line, sizeof(line), "memory-modules %s\n", action);
	both = malloc(len + strlen(line) + 1);
	ASSERT_NE(NULL, both);
	memcpy(both, text, len);
	strcpy(both + len, line);
	ASSERT_EQ(0, load_policy_text(both, strlen(both)));
	free(both);
	free(text);
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
	if (rec && how == LOAD_INIT && memory_by_setting(_metadata)) {
		EXPECT_TRUE(field_is(rec, "reason", "memory-module", false));
	} else if (rec) {
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

TEST_F(module, good_and_unsigned_modules_load)
{
	SKIPPED_IN_SETUP();
	expect_loads(_metadata, "good", LOAD_FINIT);
	expect_loads(_metadata, "unsigned", LOAD_FINIT);
	if (memory_by_setting(_metadata))
		use_ban_with_memory(_metadata, "allow");
	expect_loads(_metadata, "good", LOAD_INIT);
	expect_loads(_metadata, "unsigned", LOAD_INIT);
}

/*
 * "memory-modules deny": the BPF LSM form refuses a good module from
 * memory (audited, reason=memory-module); the built-in form judges the
 * image by the rules and loads it.  Either way a banned image stays out.
 */
TEST_F(module, memory_modules_deny)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_ban_with_memory(_metadata, "deny");
	if (!memory_by_setting(_metadata)) {
		expect_loads(_metadata, "good", LOAD_INIT);
	} else {
		mark = audit_mark();
		EXPECT_EQ(-EACCES, load_module(_metadata, "good", LOAD_INIT));
		rec = audit_wait(mark, WAIT_MS, "type=1316 ", " op=module_load ",
				 "decision=deny", "reason=memory-module");
		EXPECT_NE(NULL, rec);
		free(rec);
	}
	expect_refused(_metadata, "banned", LOAD_INIT);
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
