// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a user's writers through an idmapped mount
 *
 * held.c refuses a suspect file (mapped through a writer since a check
 * last found it clean) whose page cache holds a reference nothing
 * explains, and a hold taken for reading (a pipe after splice()) cannot
 * be told from one taken for writing.  A file only root may write is
 * suspect only if someone mapped it so, and the loadable form's table
 * (module/inode_table.c) never evicted such a suspicion: only root could
 * make one, so a missing entry did not tell it.
 *
 * An idmapped mount (made by root: LXD/Incus, systemd-nspawn
 * --private-users-ownership=map, Kubernetes user namespaces) shows root's
 * files as a user's and lets that user create and write files that are
 * root's 0644 on disk.  Found by the outside red team (trust2): nobody
 * mapped a table's worth of such files through a writer, each a
 * suspicion "only root can make"; the table filled with them and refused
 * new entries (files went uncached, for everyone), the next such mapping
 * lost its suspicion, after which every file without an entry was
 * walked, and a page of root's program nobody kept in a pipe got root's
 * program refused (reason=writable).
 *
 * Here, on the guest's ext4 disk, root's idmapped mount of a directory
 * whose on-disk uid and gid 0 it shows as nobody's:
 *   1. T, root's 0755 program on the same filesystem, outside that
 *      directory: runs (control);
 *   2. nobody writes P, a program of his, through the idmapped mount as
 *      a linker does (through a shared writable mapping): root's 0755 on
 *      disk, suspect;
 *   3. nobody maps files of his own through the idmapped mount, each
 *      opened O_RDWR and mapped MAP_SHARED|PROT_WRITE (root's 0644 on
 *      disk, never checked): the table's size and 16 more in the loadable
 *      form (tests/module-form/guest.sh runs this with cache_entries=2:
 *      a full table of any size evicts alike), 16 in the built-in form
 *      (no table);
 *   4. nobody keeps the first page of T and of P in pipes (splice());
 *   5. T must run, for root and nobody; P, run by nobody through the
 *      idmapped mount, must be refused (its suspicion outlived the
 *      flood: an entry evicted, the mount tells it), with a denial
 *      record, reason=writable, and so must P run by its path in the
 *      mount's source directory, where it is root's (the suspicion
 *      evicted was recorded as one the idmapped mount told: RT8-1,
 *      idmapheld_test.c);
 *   6. nobody lets go: P runs, and T again; the kernel log says neither
 *      that the table was full of root's suspicions nor that one was lost.
 *
 * Before the fix, on the loadable form (stock 6.1, cache_entries=2), T
 * was refused for root at 5, and both messages were logged.
 */

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define DISK		"/tmp/vb-idmap-disk"
#define MNT		"/tmp/vb-idmap"
#define PROG		FIX_BIN "unsigned"
#define EXTRA		16

FIXTURE(idmap) {
	char *prog;
	size_t len;
	char dir[64];	/* on the disk, the idmapped mount's source */
	char t[80];	/* root's program, outside it */
	long files;	/* nobody's files to remove */
};

FIXTURE_SETUP(idmap)
{
	self->prog = NULL;
	self->files = 0;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->prog = read_fixture(_metadata, PROG, &self->len);
	idmapped_disk(_metadata, DISK, MNT, self->dir, sizeof(self->dir),
		      "idmap");
	snprintf(self->t, sizeof(self->t), "%s-prog", self->dir);
}

FIXTURE_TEARDOWN(idmap)
{
	char path[128];
	long i;

	vb_teardown(_metadata);
	umount2(MNT, MNT_DETACH);
	for (i = 0; i < self->files; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", self->dir, i);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	unlink(path);
	rmdir(self->dir);
	unlink(self->t);
	umount2(DISK, MNT_DETACH);
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

/* One of nobody's files mapped through a writer: 0, or 1 if a step failed. */
static int map_writer(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	void *p;

	if (fd < 0)
		return 1;
	/* an empty file: the mmap() is the suspicion, no page is needed */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 1;
	munmap(p, 4096);
	return 0;
}

/*
 * In a child as nobody, through the idmapped mount: P (@prog, @len)
 * written as a linker writes, then @n files mapped through a writer.
 * 0, 2 if P failed, 1 if a file failed.
 */
static int attack(const char *prog, size_t len, long n)
{
	char path[64];
	long i, bad = 0;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (become_nobody() ||
		    write_as_linker(MNT "/prog", prog, len) ||
		    chmod(MNT "/prog", 0755))
			_exit(2);
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), MNT "/f%ld", i);
			bad += map_writer(path);
		}
		_exit(bad ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

TEST_F_TIMEOUT(idmap, root_programs_outlive_a_users_writers, 900)
{
	const char *p = MNT "/prog";
	int s[2], lost, full, ret, t_root, t_nobody, p_held, p_raw, p_after,
	    t_after;
	long size = vb_table_size(), n;
	char c = 0, *rec, path[128];
	off_t mark;
	pid_t h;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	n = size + EXTRA;
	ASSERT_EQ(0, write_file(self->t, self->prog, self->len));
	ASSERT_EQ(0, chmod(self->t, 0755));
	ASSERT_EQ(HELLO_EXIT, run_as(self->t, false));
	lost = kmsg_mark();
	full = kmsg_mark();
	self->files = n;
	ret = attack(self->prog, self->len, n);
	ASSERT_EQ(0, ret) {
		TH_LOG("nobody's program or flood of %ld mappings failed (%d)",
		       n, ret);
	}
	/* the mount did what it is for: nobody's files are root's on disk */
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	ASSERT_TRUE(roots_on_disk(path, 0755));
	snprintf(path, sizeof(path), "%s/f%ld", self->dir, n - 1);
	ASSERT_TRUE(roots_on_disk(path, 0644));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s));
	h = nobody_holds_pages(self->t, p, s[1], 300);
	ASSERT_LE(0, h);
	ASSERT_EQ(1, read(s[0], &c, 1));
	ASSERT_EQ('k', c);
	mark = audit_mark();
	t_root = run_as(self->t, false);
	t_nobody = run_as(self->t, true);
	/* the denial's record is checked: nobody's window fresh */
	await_audit_window();
	p_held = run_as(p, true);
	/* where P is root's: still suspect (RT8-1, idmapheld_test.c) */
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	p_raw = run_as(path, true);
	kill(h, SIGKILL);
	waitpid(h, NULL, 0);
	p_after = run_as(p, true);
	t_after = run_as(self->t, false);
	TH_LOG("table %ld, nobody's %ld mappings through the idmapped mount; while he holds a page: root's program runs %d for root, %d for nobody; his program %d (by its path without the idmapped mount: %d); after: %d, root's %d",
	       size, n, t_root, t_nobody, p_held, p_raw, p_after, t_after);
	EXPECT_EQ(HELLO_EXIT, t_root) {
		TH_LOG("root's program refused for root: nobody's writers through the idmapped mount made it suspect");
	}
	EXPECT_EQ(HELLO_EXIT, t_nobody);
	EXPECT_EQ(126, p_held) {
		TH_LOG("nobody's program lost its suspicion: its pages may be held for writing");
	}
	EXPECT_EQ(126, p_raw) {
		TH_LOG("nobody's program, by its path where it is root's, lost its suspicion");
	}
	EXPECT_EQ(HELLO_EXIT, p_after);
	EXPECT_EQ(HELLO_EXIT, t_after);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 " op=exec ", "decision=deny", "/prog",
			 " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no denial record of nobody's program, reason=writable");
		audit_dump(_metadata, mark);
	}
	free(rec);
	if (lost >= 0) {
		EXPECT_FALSE(kmsg_wait(lost, 0, "a suspect file's state was lost"));
		close(lost);
	}
	if (full >= 0) {
		EXPECT_FALSE(kmsg_wait(full, 0, "inode table full of suspect files"));
		close(full);
	}
	close(s[0]);
	close(s[1]);
}

TEST_HARNESS_MAIN
