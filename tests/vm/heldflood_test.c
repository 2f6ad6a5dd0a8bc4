// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a flood of the inode table against held pages
 *
 * held.c refuses a suspect file (mapped through a writer since a check
 * last found it clean) whose page cache holds a reference nothing
 * explains, and a hold taken for reading (a pipe after splice()) cannot be
 * told from one taken for writing.  Files only root may write are never
 * suspect unless root maps them so: a reader holding a page of root's
 * program cannot have it refused.
 *
 * The loadable form keeps that state in a bounded table (cache_entries,
 * module/inode_table.c).  Found by the outside red team
 * (tests/redteam5, finding 1): once root has mapped a root-only file
 * through a writer (a daemon's database; journald's journals), nobody
 * maps enough files of his own O_RDWR and MAP_SHARED to evict that
 * suspect entry; losing it made every file without a state suspect, root's
 * programs included, and nobody then kept a page of root's program in a
 * pipe: the program was refused for everyone, root included
 * (reason=writable), for as long as nobody liked.
 *
 * Here, as root and nobody on a tmpfs:
 *   1. T, root's 0755 program, written with write(): runs (control);
 *   2. D, root's 0755 program written through a shared mapping (as
 *      root's linker, lld or gold, writes its output; a daemon maps its
 *      data so): suspect;
 *   3. nobody maps files of his own, each opened O_RDWR and mapped
 *      MAP_SHARED|PROT_WRITE, then mapped executable (checked, found
 *      clean, as his programs would be): the table's size and 16 more in the
 *      loadable form (tests/module-form/guest.sh runs this with
 *      cache_entries=2: a full table of any size evicts alike), 16 in
 *      the built-in form (no table: the flood must change nothing there
 *      either);
 *   4. nobody keeps the first page of T and of D in a pipe (splice());
 *   5. T must run, for root and for nobody; D must be refused (its
 *      suspicion outlived the flood: its pages may be held for writing),
 *      with a denial record, reason=writable;
 *   6. nobody lets go: D runs, and T again.
 *
 * Before the fix, on the loadable form (stock 6.1), T was refused at 5.
 */

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/vb-heldflood"
#define PROG		FIX_BIN "unsigned"
#define EXTRA		16

FIXTURE(flood) {
	char *prog;
	size_t len;
};

FIXTURE_SETUP(flood)
{
	self->prog = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->prog = read_fixture(_metadata, PROG, &self->len);
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(BASE "/nobody", 0777));
	ASSERT_EQ(0, chmod(BASE "/nobody", 0777));
}

FIXTURE_TEARDOWN(flood)
{
	vb_teardown(_metadata);
	umount2(BASE, MNT_DETACH);
	free(self->prog);
}

/* Runs @path as root or nobody: its exit status, 126 if refused (EACCES). */
static int run_as(const char *path, bool nobody)
{
	static char *const envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (nobody && become_nobody())
			_exit(125);
		execve(path, (char *const[]){ (char *)path, NULL }, envp);
		_exit(errno == EACCES ? 126 : 127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	       1000 + WTERMSIG(status);
}

/*
 * One of nobody's files: mapped through a writer (a suspect entry), then
 * mapped executable (a check: found clean, the entry is a clean one, as a
 * program of his that ran would leave it).  0, or 1 if a step failed.
 */
static int flood_one(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	void *p;

	if (fd < 0 || ftruncate(fd, 4096))
		return 1;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 1;
	munmap(p, 4096);
	return map_exec(path) ? 1 : 0;
}

/* In a child as nobody: @n files of his own (flood_one()). */
static int flood(long n)
{
	char path[96];
	long i, bad = 0;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (become_nobody())
			_exit(125);
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), BASE "/nobody/f%ld", i);
			bad += flood_one(path);
		}
		_exit(bad ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

TEST_F_TIMEOUT(flood, root_programs_outlive_it, 600)
{
	const char *t = BASE "/root-prog", *d = BASE "/root-linked";
	int s[2], fl, lost_fd, t_root, t_nobody, d_held, d_after, t_after;
	long size = vb_table_size(), n;
	off_t mark;
	char c = 0, *rec;
	pid_t h;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	n = size + EXTRA;
	ASSERT_EQ(0, write_file(t, self->prog, self->len));
	ASSERT_EQ(0, chmod(t, 0755));
	ASSERT_EQ(HELLO_EXIT, run_as(t, false));
	ASSERT_EQ(0, write_as_linker(d, self->prog, self->len));
	lost_fd = kmsg_mark();
	fl = flood(n);
	ASSERT_EQ(0, fl) {
		TH_LOG("nobody's flood of %ld mappings failed (%d)", n, fl);
	}
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s));
	h = nobody_holds_pages(t, d, s[1], 120);
	ASSERT_LE(0, h);
	ASSERT_EQ(1, read(s[0], &c, 1));
	ASSERT_EQ('k', c);
	mark = audit_mark();
	t_root = run_as(t, false);
	t_nobody = run_as(t, true);
	d_held = run_as(d, false);
	kill(h, SIGKILL);
	waitpid(h, NULL, 0);
	d_after = run_as(d, false);
	t_after = run_as(t, false);
	TH_LOG("table %ld, flood of %ld mappings; while nobody holds a page: root's program runs %d for root, %d for nobody; root's mapped program %d; after: %d, %d",
	       size, n, t_root, t_nobody, d_held, d_after, t_after);
	EXPECT_EQ(HELLO_EXIT, t_root) {
		TH_LOG("root's program refused for root: a flood made it suspect");
	}
	EXPECT_EQ(HELLO_EXIT, t_nobody);
	EXPECT_EQ(126, d_held) {
		TH_LOG("the flood took the suspicion of root's mapped program");
	}
	EXPECT_EQ(HELLO_EXIT, d_after);
	EXPECT_EQ(HELLO_EXIT, t_after);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 " op=exec ", "decision=deny", "root-linked",
			 " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no denial record of root's mapped program, reason=writable");
		audit_dump(_metadata, mark);
	}
	free(rec);
	if (lost_fd >= 0) {
		EXPECT_FALSE(kmsg_wait(lost_fd, 0, "a suspect file's state was lost"));
		close(lost_fd);
	}
	close(s[0]);
	close(s[1]);
}

TEST_HARNESS_MAIN
