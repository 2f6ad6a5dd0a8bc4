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
 * An image from memory is judged by its signature and the rules like a
 * file by both forms.  The loadable form through the BPF LSM
 * ("mechanism: bpf-lsm") judges it where it may not sleep, so what it
 * cannot judge there (a compressed image, whose signature is inside the
 * compressed data) follows the policy's memory-modules setting (default
 * deny; docs/policy-format.md); the built-in form decompresses it and
 * ignores that setting.  On Debian's stock kernels (tests/module-form/
 * guest.sh) the modules are built for that kernel, whose module
 * signature check is not enforced.
 *
 * Compressed modules (.ko.xz as Kbuild makes them, .ko.zst) are judged on
 * their decompressed image, where their signature is: refused by their
 * real signer through finit_module() with and without
 * MODULE_INIT_COMPRESSED_FILE (the test kernels decompress xz, as
 * Debian's) and through init_module(); one that does not decompress is
 * malformed.  And a real module of Debian's 6.12 kernel (debian.ko.xz,
 * copied by module/build.sh): a policy banning its signer, as
 * vendorbanctl reads it from the .ko.xz, refuses it with that signer in
 * the record.
 *
 * Each refused system call leaves exactly one record.  busybox's insmod
 * (the guest's) makes two calls for one command: finit_module(), then,
 * after any failure, init_module() with the file's bytes; so one refused
 * insmod leaves two records, of the same pid, the first with the path,
 * the second with path=? (docs/kernel-interface.md).
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

/*
 * The image @name given to init_module() is decided by memory-modules: a
 * compressed one, in the loadable form.
 */
static bool memory_by_setting(struct __test_metadata *const _metadata,
			      const char *name)
{
	return (strstr(name, ".ko.xz") || strstr(name, ".ko.zst")) &&
	       status_has(_metadata, "mechanism: bpf-lsm");
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

/* The number of module_load records logged after @mark. */
static int module_records_after(off_t mark)
{
	char *text = read_whole(AUDIT_LOG, NULL), *p;
	int n = 0;

	p = text ? text + mark : NULL;
	while (p && (p = strstr(p, " op=module_load "))) {
		n++;
		p++;
	}
	free(text);
	return n;
}

/*
 * One refused system call, one record: a second record of the same load
 * would be the kernel deciding twice (once on the file and once on the
 * bytes read, say).  Records of one call are all sent before it returns.
 */
static void expect_one_record(struct __test_metadata *const _metadata,
			      off_t mark)
{
	usleep(300 * 1000);
	EXPECT_EQ(1, module_records_after(mark)) {
		audit_dump(_metadata, mark);
	}
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
	expect_one_record(_metadata, mark);
	if (rec && how == LOAD_INIT)
		EXPECT_NE(NULL, strstr(rec, " path=?"));
	serial = read_expect(_metadata, "banned-rsa2048.serial");
	if (rec && how == LOAD_INIT && memory_by_setting(_metadata, name)) {
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

/*
 * busybox's insmod: two calls, two records of one pid, told apart by the
 * path (finit_module) and path=? (init_module), in this order.
 */
TEST_F(module, busybox_insmod_makes_two_calls)
{
	char *const argv[] = { "insmod", MOD_DIR "banned.ko", NULL };
	char pid[32], *first, *second, *log;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	EXPECT_NE(0, run_exec(_metadata, "/sbin/insmod", argv));
	snprintf(pid, sizeof(pid), " pid=%d ", last_exec_pid);
	first = audit_wait(mark, WAIT_MS, " op=module_load ", pid,
			   " path=\"" MOD_DIR "banned.ko\"");
	second = audit_wait(mark, WAIT_MS, " op=module_load ", pid, " path=?");
	EXPECT_NE(NULL, first);
	EXPECT_NE(NULL, second);
	EXPECT_EQ(2, module_records_after(mark)) {
		audit_dump(_metadata, mark);
	}
	log = read_whole(AUDIT_LOG, NULL);
	ASSERT_NE(NULL, log);
	if (first && second)
		EXPECT_LT(strstr(log + mark, first), strstr(log + mark, second));
	free(log);
	free(first);
	free(second);
	EXPECT_EQ(-1, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
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
	off_t mark;
	char *rec;
	int r;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	r = load_module(_metadata, "good.ko.xz", LOAD_FINIT_COMPRESSED);
	if (r == -EOPNOTSUPP) {
		/*
		 * A kernel without CONFIG_MODULE_DECOMPRESS (Debian's 6.1)
		 * refuses the flag after vendorban let the file through:
		 * no vendorban record, and the plain file reaches the
		 * loader, which rejects its compressed bytes itself.
		 */
		TH_LOG("no in-kernel decompression: checking vendorban let it through");
		EXPECT_EQ(-ENOEXEC, load_module(_metadata, "good.ko.xz",
						LOAD_FINIT));
		rec = audit_wait(mark, 300, "type=1316 ", "lsm=vendorban",
				 " op=module_load ");
		EXPECT_EQ(NULL, rec);
		free(rec);
		return;
	}
	EXPECT_EQ(0, r);
	EXPECT_EQ(0, syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK));
	EXPECT_EQ(-EINVAL, load_module(_metadata, "good.ko.zst",
				       LOAD_FINIT_COMPRESSED));
}

/*
 * The decision cache is per inode, not per operation: a compressed
 * module's bytes mapped executable (no signature in them: allowed, and
 * cached) must not let the module load through the cache afterwards.
 */
TEST_F(module, cached_allow_of_the_compressed_bytes_does_not_load_it)
{
	const char *dir = "/tmp/vbxz", *path = "/tmp/vbxz/banned.ko.xz";
	int fd;

	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, dir);
	copy_file(_metadata, MOD_DIR "banned.ko.xz", path);
	ASSERT_EQ(0, map_exec(path));
	ASSERT_EQ(0, map_exec(path));	/* a cache hit, if cached */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, syscall(SYS_finit_module, fd, "",
			      MODULE_INIT_COMPRESSED_FILE));
	EXPECT_EQ(EACCES, errno);
	close(fd);
	if (!syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK))
		TH_LOG("the banned module had loaded");
	umount2(dir, MNT_DETACH);
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

/*
 * The value of @key in vendorbanctl inspect's output @out ("  KEY   VALUE
 * [agree]"), or NULL.
 */
static char *inspect_field(const char *out, const char *key)
{
	const char *p = out, *end;
	size_t klen = strlen(key);

	while ((p = strstr(p, key))) {
		if (p >= out + 2 && p[-1] == ' ' && p[klen] == ' ')
			break;
		p += klen;
	}
	if (!p)
		return NULL;
	p += klen + strspn(p + klen, " ");
	end = p + strcspn(p, "\n");
	while (end > p && end[-1] == ' ')
		end--;
	if (end - p > 9 && !strncmp(end - 9, "  [agree]", 9))
		end -= 9;
	return strndup(p, end - p);
}

/* What vendorbanctl inspect says of @path (at most 64 KiB). */
static char *inspect(struct __test_metadata *const _metadata,
		     const char *path)
{
	char cmd[512], *out = calloc(1, 65536);
	size_t len = 0, n;
	FILE *f;

	ASSERT_NE(NULL, out);
	snprintf(cmd, sizeof(cmd), "/sbin/vendorbanctl inspect %s", path);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	while (len < 65535 && (n = fread(out + len, 1, 65535 - len, f)) > 0)
		len += n;
	EXPECT_EQ(0, pclose(f)) {
		TH_LOG("%s: %s", cmd, out);
	}
	return out;
}

/* signer_issuer is logged quoted, or hex-encoded when it has a blank. */
static bool issuer_is(const char *rec, const char *issuer)
{
	char *val = field_value(rec, "signer_issuer"), hex[1024] = "";
	size_t i;
	bool ok;

	for (i = 0; issuer[i] && i < sizeof(hex) / 2 - 1; i++)
		sprintf(hex + 2 * i, "%02X", (unsigned char)issuer[i]);
	ok = val && (!strcmp(val, issuer) || !strcasecmp(val, hex));
	free(val);
	return ok;
}

/*
 * A real Debian .ko.xz (signed by Debian's module signing key, no
 * certificate: issuer and serial): banned by that signer, as the tool
 * reads it, it is refused whatever the load path, and the record names
 * Debian's signer.
 */
TEST_F(module, real_debian_module_refused_by_its_signer)
{
	static const int hows[] = {
		LOAD_FINIT_COMPRESSED, LOAD_FINIT, LOAD_INIT,
	};
	char *out, *issuer, *serial, *rec, policy[1024];
	unsigned int i;
	off_t mark;
	int len;

	SKIPPED_IN_SETUP();
	out = inspect(_metadata, MOD_DIR "debian.ko.xz");
	EXPECT_NE(NULL, strstr(out, "compressed               xz"));
	issuer = inspect_field(out, "signer0.sid.issuer");
	serial = inspect_field(out, "signer0.sid.serial");
	ASSERT_NE(NULL, issuer) {
		TH_LOG("no signer in: %s", out);
	}
	ASSERT_NE(NULL, serial);
	TH_LOG("Debian's signer: issuer %s serial %s", issuer, serial);
	len = snprintf(policy, sizeof(policy),
		       "vendorban-policy 1\nname ban-debian\nversion 1\n"
		       "default allow\ndeny issuer-serial \"%s\" %s "
		       "label=debian-module-key\n", issuer, serial);
	for (i = 0; i < ARRAY_SIZE(hows) + 1; i++) {
		/* the larger one: its image outgrows the first buffer */
		const char *name = i < ARRAY_SIZE(hows) ? "debian.ko.xz" :
							  "debian-big.ko.xz";

		/* a new policy each time: repeats are not recorded */
		ASSERT_EQ(0, load_policy_text(policy, len));
		mark = audit_mark();
		EXPECT_EQ(-EACCES, load_module(_metadata, name,
					       i < ARRAY_SIZE(hows) ? hows[i] :
					       LOAD_FINIT_COMPRESSED));
		rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
				 " op=module_load ", "decision=deny");
		if (!rec)
			audit_dump(_metadata, mark);
		EXPECT_NE(NULL, rec);
		if (rec && i < ARRAY_SIZE(hows) && hows[i] == LOAD_INIT &&
		    memory_by_setting(_metadata, name)) {
			/* the BPF LSM form cannot decompress it there */
			EXPECT_TRUE(field_is(rec, "reason", "memory-module",
					     false));
		} else if (rec) {
			EXPECT_TRUE(field_is(rec, "label", "debian-module-key",
					     false));
			EXPECT_TRUE(field_is(rec, "signer_serial", serial,
					     true));
			EXPECT_TRUE(issuer_is(rec, issuer)) {
				TH_LOG("record: %s", rec);
			}
		}
		free(rec);
	}
	free(issuer);
	free(serial);
	free(out);
}

TEST_F(module, good_and_unsigned_modules_load)
{
	SKIPPED_IN_SETUP();
	expect_loads(_metadata, "good", LOAD_FINIT);
	expect_loads(_metadata, "unsigned", LOAD_FINIT);
	expect_loads(_metadata, "good", LOAD_INIT);
	expect_loads(_metadata, "unsigned", LOAD_INIT);
}

/*
 * "memory-modules deny" (the default) under a ban: both forms judge a
 * plain image from memory by the rules, so the good one loads and the
 * banned one stays out.  A compressed image: the BPF LSM form refuses
 * it (audited, reason=memory-module), the built-in form judges its
 * decompressed image (and the kernel then refuses the compressed bytes
 * with ENOEXEC).
 */
TEST_F(module, memory_modules_deny)
{
	char *rec;
	off_t mark;
	int r;

	SKIPPED_IN_SETUP();
	use_ban_with_memory(_metadata, "deny");
	expect_loads(_metadata, "good", LOAD_INIT);
	expect_refused(_metadata, "banned", LOAD_INIT);
	mark = audit_mark();
	r = load_module(_metadata, "good.ko.xz", LOAD_INIT);
	if (!memory_by_setting(_metadata, "good.ko.xz")) {
		EXPECT_EQ(-ENOEXEC, r);
		return;
	}
	EXPECT_EQ(-EACCES, r);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", " op=module_load ",
			 "decision=deny", "reason=memory-module");
	EXPECT_NE(NULL, rec);
	free(rec);
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
