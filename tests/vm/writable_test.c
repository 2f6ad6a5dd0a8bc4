// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - files that can still change after the check: a
 * file someone holds open for writing, and an unsealed memfd.  The policy
 * line "writable deny|audit|allow" says what happens to them.
 *
 * exec() of a file open for writing fails with ETXTBSY before any LSM hook
 * runs, so that case is tested through mmap(PROT_EXEC); a memfd is not
 * counted as open for writing, so its exec reaches the hook.
 */

#include <sys/mman.h>

#include "common.h"

#define TMPDIR		"/tmp/vb-writable"
#define PROG		TMPDIR "/unsigned"
#define POL_HEAD	"vendorban-policy 1\nname writable\nversion 1\n" \
			"default allow\n"

FIXTURE(writable) {};

FIXTURE_SETUP(writable)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, FIX_BIN "unsigned", PROG);
}

FIXTURE_TEARDOWN(writable)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

/* Loads "default allow" with the given writable line (may be empty). */
static void use_writable(struct __test_metadata *const _metadata,
			 const char *line)
{
	char text[256];
	int len = snprintf(text, sizeof(text), POL_HEAD "%s", line);

	ASSERT_EQ(0, load_policy_text(text, len)) {
		TH_LOG("policy rejected: %s", line);
	}
}

/* Waits for a record of @op with @decision and reason=writable. */
static bool writable_record(off_t mark, const char *op, const char *decision)
{
	char qop[40], qdec[40], *rec;
	bool found;

	snprintf(qop, sizeof(qop), " op=%s ", op);
	snprintf(qdec, sizeof(qdec), " decision=%s ", decision);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", qop,
			 qdec, " rule_line=none ", " reason=writable ");
	found = rec != NULL;
	free(rec);
	return found;
}

TEST_F(writable, open_for_write_mapping_denied)
{
	off_t mark;
	int wfd;

	SKIPPED_IN_SETUP();
	use_writable(_metadata, "writable deny\n");
	EXPECT_EQ(0, map_exec(PROG));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, PROG, NULL));

	wfd = open(PROG, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, wfd);
	/* the kernel itself refuses to exec a file open for writing */
	EXPECT_EQ(-ETXTBSY, run_exec(_metadata, PROG, NULL));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, map_exec(PROG));
	EXPECT_TRUE(writable_record(mark, "mmap", "deny")) {
		audit_dump(_metadata, mark);
	}
	close(wfd);

	EXPECT_EQ(0, map_exec(PROG));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, PROG, NULL));
}

TEST_F(writable, open_for_write_mapping_audit_and_allow)
{
	off_t mark;
	int wfd;

	SKIPPED_IN_SETUP();
	wfd = open(PROG, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, wfd);
	use_writable(_metadata, "writable audit\n");
	mark = audit_mark();
	EXPECT_EQ(0, map_exec(PROG));
	EXPECT_TRUE(writable_record(mark, "mmap", "would-deny")) {
		audit_dump(_metadata, mark);
	}
	use_writable(_metadata, "writable allow\n");
	EXPECT_EQ(0, map_exec(PROG));
	/* without the line, "writable deny" applies */
	mark = audit_mark();
	use_writable(_metadata, "");
	EXPECT_EQ(-EACCES, map_exec(PROG));
	EXPECT_TRUE(writable_record(mark, "mmap", "deny")) {
		audit_dump(_metadata, mark);
	}
	close(wfd);
}

/*
 * Copies the program into a new memfd (sealed against writes when @seal)
 * and runs it with fexecve(); returns what run_exec_how() returns.
 */
static int run_memfd(struct __test_metadata *const _metadata, bool seal)
{
	char *const argv[] = { "memfd-prog", NULL };
	static char *const envp[] = { NULL };
	int fd, pfd[2], err = 0, status;
	char *buf;
	size_t len;
	ssize_t r;
	pid_t pid;

	buf = read_fixture(_metadata, PROG, &len);
	fd = memfd_create("vb-writable", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, buf, len));
	free(buf);
	if (seal)
		ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK |
				   F_SEAL_GROW));
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		fexecve(fd, argv, envp);
		err = errno;
		if (write(pfd[1], &err, sizeof(err)) != sizeof(err))
			_exit(125);
		_exit(126);
	}
	close(pfd[1]);
	close(fd);
	do {
		r = read(pfd[0], &err, sizeof(err));
	} while (r < 0 && errno == EINTR);
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (r == sizeof(err))
		return -err;
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

TEST_F(writable, unsealed_memfd_exec_denied)
{
	off_t mark;

	SKIPPED_IN_SETUP();
	use_writable(_metadata, "writable deny\n");
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_memfd(_metadata, false));
	EXPECT_TRUE(writable_record(mark, "exec", "deny")) {
		audit_dump(_metadata, mark);
	}
	EXPECT_EQ(HELLO_EXIT, run_memfd(_metadata, true));
}

TEST_F(writable, unsealed_memfd_exec_audit_and_allow)
{
	off_t mark;

	SKIPPED_IN_SETUP();
	use_writable(_metadata, "writable audit\n");
	mark = audit_mark();
	EXPECT_EQ(HELLO_EXIT, run_memfd(_metadata, false));
	EXPECT_TRUE(writable_record(mark, "exec", "would-deny")) {
		audit_dump(_metadata, mark);
	}
	use_writable(_metadata, "writable allow\n");
	EXPECT_EQ(HELLO_EXIT, run_memfd(_metadata, false));
	EXPECT_EQ(HELLO_EXIT, run_memfd(_metadata, true));
}

/* A tmpfs file named like a memfd is not one: it is not "writable". */
TEST_F(writable, tmpfs_file_named_memfd_is_not_a_memfd)
{
	const char *path = TMPDIR "/memfd:prog";

	SKIPPED_IN_SETUP();
	copy_file(_metadata, PROG, path);
	use_writable(_metadata, "writable deny\n");
	EXPECT_EQ(0, map_exec(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
}

/* The setting is decided first: it does not let a banned file through. */
TEST_F(writable, allow_still_checks_the_signature)
{
	static const char text[] = POL_HEAD "writable allow\ndeny unsigned\n";

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, load_policy_text(text, sizeof(text) - 1));
	EXPECT_EQ(-EACCES, run_memfd(_metadata, false));
	EXPECT_EQ(-EACCES, run_memfd(_metadata, true));
	EXPECT_EQ(-EACCES, map_exec(PROG));
}

TEST_HARNESS_MAIN
