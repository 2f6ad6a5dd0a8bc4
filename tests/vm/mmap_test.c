// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - executable mappings: shared libraries (linked and
 * dlopen()ed), "ld.so /path/bin", mmap(PROT_EXEC) and mprotect(PROT_EXEC).
 *
 * The dynamic programs use the guest's copy of the host glibc, which is
 * unsigned: the policy bans the banned vendor's leaves and allows the rest.
 */

#include <sys/mman.h>

#include "common.h"

#define BAN_POLICY	"ban-by-cert"
#define LDSO		"/lib64/ld-linux-x86-64.so.2"
#define LIB_DIR		"/fixtures/lib/"
#define TMPDIR		"/tmp/vb-mmap"
/* ld.so's exit code when it cannot load a program or its libraries */
#define LDSO_FAIL	127

FIXTURE(mmap) {};

FIXTURE_SETUP(mmap)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
}

FIXTURE_TEARDOWN(mmap)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

/* A program linked against a banned libvbtest.so cannot start. */
TEST_F(mmap, linked_banned_library_fails)
{
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	EXPECT_EQ(LDSO_FAIL, run_fixture(_metadata, "dyn-linked-banned"));
	free(expect_denial(_metadata, mark, "mmap",
			   LIB_DIR "banned/libvbtest.so"));
}

TEST_F(mmap, linked_good_and_unsigned_libraries_run)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "dyn-linked-good"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "dyn-linked-unsigned"));
}

/* dyn-dlopen LIB exits 42 when dlopen() worked, 1 when it failed. */
static int run_dlopen(struct __test_metadata *const _metadata, const char *lib)
{
	char *const argv[] = { FIX_BIN "dyn-dlopen", (char *)lib, NULL };

	return run_exec(_metadata, argv[0], argv);
}

TEST_F(mmap, dlopen_banned_library_fails)
{
	const char *lib = LIB_DIR "banned/libvbtest.so";
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	EXPECT_EQ(1, run_dlopen(_metadata, lib));
	free(expect_denial(_metadata, mark, "mmap", lib));
	EXPECT_EQ(HELLO_EXIT, run_dlopen(_metadata, LIB_DIR "good/libvbtest.so"));
	EXPECT_EQ(HELLO_EXIT,
		  run_dlopen(_metadata, LIB_DIR "unsigned/libvbtest.so"));
}

/* "ld.so /path/bin": the exec hooks see only ld.so; the mmap hook sees bin. */
TEST_F(mmap, ldso_banned_program_fails)
{
	char *const banned[] = { LDSO, FIX_BIN "dyn-hello-banned", NULL };
	char *const good[] = { LDSO, FIX_BIN "dyn-hello-good", NULL };
	off_t mark;

	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "dyn-hello-banned"));
	mark = audit_mark();
	EXPECT_EQ(LDSO_FAIL, run_exec(_metadata, LDSO, banned));
	free(expect_denial(_metadata, mark, "mmap", banned[1]));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, LDSO, good));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "dyn-hello-good"));
}

/* Maps the first page of @path with @prot; MAP_FAILED with errno set. */
static void *map_file(const char *path, int prot)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *p;

	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, 4096, prot, MAP_PRIVATE, fd, 0);
	close(fd);
	return p;
}

TEST_F(mmap, mmap_exec_of_banned_file_fails)
{
	const char *path = FIX_BIN "banned-rsa2048-cert";
	off_t mark;
	void *p;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	p = map_file(path, PROT_READ | PROT_EXEC);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(EACCES, errno);
	free(expect_denial(_metadata, mark, "mmap", path));
	/* not executable: not checked */
	p = map_file(path, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 4096);
	p = map_file(FIX_BIN "good-rsa2048-cert", PROT_READ | PROT_EXEC);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 4096);
}

TEST_F(mmap, mprotect_exec_of_banned_file_fails)
{
	const char *path = TMPDIR "/banned";
	off_t mark;
	void *p;

	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, FIX_BIN "banned-rsa2048-cert", path);
	p = map_file(path, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	mark = audit_mark();
	EXPECT_EQ(-1, mprotect(p, 4096, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	free(expect_denial(_metadata, mark, "mprotect", path));
	munmap(p, 4096);
}

/*
 * mprotect() cannot read the file (mmap lock held): it needs a cached
 * allow.  An allowed file becomes cached when mmap(PROT_EXEC) checks it.
 */
TEST_F(mmap, mprotect_exec_needs_cached_allow)
{
	const char *path = TMPDIR "/good";
	void *p, *q;
	off_t mark;

	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, FIX_BIN "good-rsa2048-cert", path);
	p = map_file(path, PROT_READ);
	ASSERT_NE(MAP_FAILED, p);
	mark = audit_mark();
	EXPECT_EQ(-1, mprotect(p, 4096, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	free(expect_denial(_metadata, mark, "mprotect", path));

	q = map_file(path, PROT_READ | PROT_EXEC);
	ASSERT_NE(MAP_FAILED, q);
	EXPECT_EQ(0, mprotect(p, 4096, PROT_READ | PROT_EXEC)) {
		TH_LOG("mprotect after a cached allow: %s", strerror(errno));
	}
	munmap(q, 4096);
	munmap(p, 4096);
}

/* Maps @path readable, asks for PROT_EXEC, unmaps; 0 or -errno. */
static int mprotect_exec(const char *path)
{
	void *p = map_file(path, PROT_READ);
	int ret;

	if (p == MAP_FAILED)
		return -errno;
	ret = mprotect(p, 4096, PROT_READ | PROT_EXEC) ? -errno : 0;
	munmap(p, 4096);
	return ret;
}

/*
 * mprotect(PROT_EXEC) succeeds exactly when the file has a cached allow
 * for the policy in force, which makes the cache visible: an exec caches
 * the allow, a write to the file (even of the same byte) and a new policy
 * drop it.
 */
TEST_F(mmap, cache_seen_through_mprotect)
{
	const char *path = TMPDIR "/good";
	char byte = 0;

	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, FIX_BIN "good-rsa2048-cert", path);
	EXPECT_EQ(-EACCES, mprotect_exec(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	EXPECT_EQ(0, mprotect_exec(path));
	EXPECT_EQ(0, mprotect_exec(path));

	/* e_ident padding: the byte is 0 already, the content is unchanged */
	ASSERT_EQ(0, write_once(path, &byte, 1, 9));
	EXPECT_EQ(-EACCES, mprotect_exec(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	EXPECT_EQ(0, mprotect_exec(path));

	use_policy(_metadata, "default-allow");
	EXPECT_EQ(-EACCES, mprotect_exec(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	EXPECT_EQ(0, mprotect_exec(path));
}

/* Lines of the audit log after @mark that contain @a and @b. */
static int audit_count(off_t mark, const char *a, const char *b)
{
	char *text = read_whole(AUDIT_LOG, NULL), *p;
	int n = 0;

	if (!text)
		return -1;
	for (p = text + mark; (p = strstr(p, a)); p++) {
		char *bol = p, *eol = strchrnul(p, '\n');

		while (bol > text && bol[-1] != '\n')
			bol--;
		if (memmem(bol, eol - bol, b, strlen(b)))
			n++;
		p = eol;
		if (!*p)
			break;
	}
	free(text);
	return n;
}

/*
 * Anonymous memory is not judged (docs/policy-format.md): shared anonymous
 * memory neither, though the kernel backs it with a shmem file of its own
 * (created after the mmap hook, so mprotect() sees it as vma->vm_file).
 * mmap(PROT_EXEC) and mprotect(PROT_EXEC) of it give the same answer,
 * and neither leaves a record.
 */
TEST_F(mmap, shared_anonymous_memory_is_not_judged)
{
	static const struct {
		const char *name;
		int flags;
		bool dev_zero;
	} kinds[] = {
		{ "MAP_SHARED|MAP_ANONYMOUS", MAP_SHARED | MAP_ANONYMOUS, false },
		{ "/dev/zero MAP_SHARED", MAP_SHARED, true },
		{ "MAP_PRIVATE|MAP_ANONYMOUS", MAP_PRIVATE | MAP_ANONYMOUS, false },
	};
	off_t mark;
	size_t i;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		int fd = kinds[i].dev_zero ? open("/dev/zero", O_RDWR) : -1;
		void *p, *q;

		ASSERT_TRUE(!kinds[i].dev_zero || fd >= 0);
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, kinds[i].flags,
			 fd, 0);
		q = mmap(NULL, 4096, PROT_READ | PROT_EXEC, kinds[i].flags,
			 fd, 0);
		ASSERT_NE(MAP_FAILED, p);
		EXPECT_NE(MAP_FAILED, q) {
			TH_LOG("%s: mmap(PROT_EXEC): %s", kinds[i].name,
			       strerror(errno));
		}
		EXPECT_EQ(0, mprotect(p, 4096, PROT_READ | PROT_EXEC)) {
			TH_LOG("%s: mprotect(PROT_EXEC): %s", kinds[i].name,
			       strerror(errno));
		}
		munmap(p, 4096);
		if (q != MAP_FAILED)
			munmap(q, 4096);
		if (fd >= 0)
			close(fd);
	}
	EXPECT_EQ(0, audit_count(mark, "op=mprotect", "decision=")) {
		TH_LOG("a record of anonymous memory (path /dev/zero (deleted))");
	}
	EXPECT_EQ(0, audit_count(mark, "op=mmap", "decision="));
}

/*
 * The exec stage decided on the program; the mapping of its own segments
 * during that exec is not decided again, so permissive mode logs one
 * record per attempt (static and dynamic programs alike).
 */
TEST_F(mmap, permissive_exec_logs_once)
{
	const char *const progs[] = { "banned-rsa2048-cert", "dyn-hello-banned" };
	char pid[32], *rec;
	unsigned int i;
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, set_mode(_metadata, "permissive"));
	for (i = 0; i < 2; i++) {
		mark = audit_mark();
		EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, progs[i]));
		snprintf(pid, sizeof(pid), " pid=%d ", last_exec_pid);
		rec = audit_wait(mark, WAIT_MS, "type=1316 ", "op=exec ",
				 "decision=would-deny", pid);
		EXPECT_NE(NULL, rec);
		free(rec);
		usleep(300 * 1000);
		EXPECT_EQ(1, audit_count(mark, "type=1316 ", pid)) {
			TH_LOG("%s", progs[i]);
			audit_dump(_metadata, mark);
		}
	}
}

/*
 * The decision cache: a repeated exec of an unchanged allowed file is
 * answered from the cache (which cannot be seen from here) and still
 * counted as allowed; a new policy is decided afresh.
 */
TEST_F(mmap, cached_allow_counts_and_follows_policy)
{
	const char *path = TMPDIR "/hello";
	long long before;
	int i;

	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, FIX_BIN "banned-rsa2048-cert", path);
	use_policy(_metadata, "default-allow");
	for (i = 0; i < 3; i++) {
		before = read_status_field(_metadata, "allowed");
		EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
		EXPECT_LT(before, read_status_field(_metadata, "allowed"));
	}
	use_policy(_metadata, BAN_POLICY);
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
}

TEST_HARNESS_MAIN
