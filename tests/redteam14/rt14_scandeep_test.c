// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red team round 14 (outside): RT14-3, a deep directory of a user's ends
 * root's "vendorbanctl scan" in silence.
 *
 * vendorbanctl(8), scan: "What it cannot read it names, and then it
 * fails: a scan that did not look at everything never says 'nothing to
 * block'" (cmd_scan.c); exit 1 "if a file or directory could not be
 * read (the scan is incomplete ...)".
 *
 * The walk (854a907, RT13-1's fix) calls fts_children() on each
 * directory for its progress estimate (nr_children()).  glibc's fts
 * keeps the path in one buffer it may not grow to USHRT_MAX: in a
 * directory whose path would pass that, fts_build() fails with
 * ENAMETOOLONG and sets FTS_STOP; fts_children() returns NULL (counted
 * as an empty directory), and the next fts_read() returns NULL without
 * setting errno, which walk() takes for the end of the tree.  Nothing is
 * named unreadable, every file the walk had not reached yet is never
 * checked, and the exit status is 0 (or 3 for what came before).
 *
 * nobody makes, in a tree root scans, NR_DIRS directories holding a copy
 * of a banned program each, and one directory 160 levels deep of
 * 250-byte names (40 KB of path; mkdir() alone, a second).  Asserted:
 * root's scan reports every banned copy, or names something unreadable
 * and exits 1.
 *
 * Runs as root in the test VM (vendorbanctl at /sbin/vendorbanctl, the
 * fixtures at /fixtures); RT14_VBCTL and RT14_FIX override both (a host).
 */
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "attacker.h"
#include "common.h"

#define TREE		"/tmp/rt14sd"
#define NR_DIRS		20
#define DEPTH		160
#define NAME_LEN	250

static const char *fixtures(void)
{
	const char *f = getenv("RT14_FIX");

	return f ? f : "/fixtures";
}

static const char *vbctl(void)
{
	const char *v = getenv("RT14_VBCTL");

	return v ? v : "/sbin/vendorbanctl";
}

/* As nobody: TREE/sNN/kept for NN < @n, then TREE/a, DEPTH deep. */
static int nobody_tree(const char *banned)
{
	char path[128], name[NAME_LEN + 1];
	int i, fd, nfd, status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (become_nobody())
			_exit(1);
		for (i = 0; i < NR_DIRS / 2; i++) {
			snprintf(path, sizeof(path), TREE "/s%02d", i);
			if (mkdir(path, 0755))
				_exit(2);
			snprintf(path, sizeof(path), TREE "/s%02d/kept", i);
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0755);
			if (fd < 0)
				_exit(3);
			close(fd);
		}
		memset(name, 'x', NAME_LEN);
		name[NAME_LEN] = '\0';
		if (mkdir(TREE "/a", 0755))
			_exit(4);
		fd = open(TREE "/a", O_RDONLY | O_DIRECTORY);
		for (i = 0; fd >= 0 && i < DEPTH; i++) {
			if (mkdirat(fd, name, 0755))
				_exit(5);
			nfd = openat(fd, name, O_RDONLY | O_DIRECTORY);
			close(fd);
			fd = nfd;
		}
		if (fd < 0)
			_exit(6);
		for (i = NR_DIRS / 2; i < NR_DIRS; i++) {
			snprintf(path, sizeof(path), TREE "/s%02d", i);
			if (mkdir(path, 0755))
				_exit(2);
			snprintf(path, sizeof(path), TREE "/s%02d/kept", i);
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0755);
			if (fd < 0)
				_exit(3);
			close(fd);
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WEXITSTATUS(status))
		return WEXITSTATUS(status);
	(void)banned;
	return 0;
}

/* Root's scan of TREE: its exit status; deny and unreadable lines counted. */
static bool reported[NR_DIRS];

static int scan(const char *policy, int *denied, int *unreadable,
		char *summary, size_t size)
{
	char cmd[PATH_MAX * 2], line[8192];
	FILE *p;
	int st, n;

	*denied = *unreadable = 0;
	snprintf(cmd, sizeof(cmd), "%s scan --policy %s " TREE " 2>&1",
		 vbctl(), policy);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		if (!strncmp(line, "deny ", 5)) {
			(*denied)++;
			if (sscanf(line, "deny " TREE "/s%d/", &n) == 1 &&
			    n >= 0 && n < NR_DIRS)
				reported[n] = true;
		}
		else if (!strncmp(line, "unreadable ", 11))
			(*unreadable)++;
		else if (!strncmp(line, "summary: ", 9))
			snprintf(summary, size, "%.200s", line);
	}
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Removes TREE/a, DEPTH deep, by descriptors (no path is that long). */
static int remove_deep(void)
{
	static int fds[DEPTH + 1];
	char name[NAME_LEN + 1];
	int i;

	memset(name, 'x', NAME_LEN);
	name[NAME_LEN] = '\0';
	fds[0] = open(TREE "/a", O_RDONLY | O_DIRECTORY);
	for (i = 0; i < DEPTH - 1 && fds[i] >= 0; i++)
		fds[i + 1] = openat(fds[i], name, O_RDONLY | O_DIRECTORY);
	if (fds[i] < 0)
		return -1;
	for (; i >= 0; i--) {
		if (unlinkat(fds[i], name, AT_REMOVEDIR))
			return -1;
		close(fds[i]);
	}
	return rmdir(TREE "/a");
}

static int n_reported(void)
{
	int i, n = 0;

	for (i = 0; i < NR_DIRS; i++)
		n += reported[i];
	return n;
}

FIXTURE(scandeep) {};

FIXTURE_SETUP(scandeep)
{
	umount2(TREE, MNT_DETACH);
	mkdir(TREE, 0755);
	ASSERT_EQ(0, mount("tmpfs", TREE, "tmpfs", 0, "mode=0777"));
}

FIXTURE_TEARDOWN(scandeep)
{
	umount2(TREE, MNT_DETACH);
}

TEST_F_TIMEOUT(scandeep, deep_dir_ends_scan, 300)
{
	char banned[PATH_MAX], policy[PATH_MAX], path[128], summary[512] = "";
	int i, rc, denied, unreadable;

	snprintf(banned, sizeof(banned), "%s/bin/banned-rsa2048-cert",
		 fixtures());
	snprintf(policy, sizeof(policy), "%s/policies/ban-by-cert.pol",
		 fixtures());
	ASSERT_EQ(0, nobody_tree(banned));
	/* the banned copies, nobody's (root copies, nobody owns: his files) */
	for (i = 0; i < NR_DIRS; i++) {
		snprintf(path, sizeof(path), TREE "/s%02d/kept", i);
		copy_file(_metadata, banned, path);
		ASSERT_EQ(0, chmod(path, 0755));
		ASSERT_EQ(0, chown(path, NOBODY, NOBODY));
	}
	rc = scan(policy, &denied, &unreadable, summary, sizeof(summary));
	TH_LOG("root's scan of nobody's tree (%d banned copies, one directory %d deep of %d-byte names): exit %d, %d deny, %d unreadable; %s",
	       NR_DIRS, DEPTH, NAME_LEN, rc, denied, unreadable, summary);
	if (denied < NR_DIRS && !unreadable && rc != 1)
		TH_LOG("BROKE: the scan stopped at the deep directory, left %d banned copies unchecked and unnamed, and exited %d",
		       NR_DIRS - denied, rc);
	EXPECT_TRUE(denied == NR_DIRS || (unreadable > 0 && rc == 1));

	/* the copies it did report deleted: the rest, and "nothing to block"? */
	for (i = 0; i < NR_DIRS; i++) {
		snprintf(path, sizeof(path), TREE "/s%02d/kept", i);
		if (reported[i])
			ASSERT_EQ(0, unlink(path));
	}
	rc = scan(policy, &denied, &unreadable, summary, sizeof(summary));
	TH_LOG("the copies it reported deleted, %d banned copies left: exit %d, %d deny, %d unreadable; %s",
	       NR_DIRS - n_reported(), rc, denied, unreadable, summary);
	if (NR_DIRS - n_reported() > 0 && !denied && rc == 0)
		TH_LOG("BROKE: exit 0 (nothing to block) with %d banned copies in the tree",
		       NR_DIRS - n_reported());
	EXPECT_NE(0, rc);

	/* control: the same tree without the deep directory */
	for (i = 0; i < NR_DIRS; i++) {
		snprintf(path, sizeof(path), TREE "/s%02d/kept", i);
		if (reported[i])
			copy_file(_metadata, banned, path);
		ASSERT_EQ(0, chmod(path, 0755));
	}
	ASSERT_EQ(0, remove_deep());
	rc = scan(policy, &denied, &unreadable, summary, sizeof(summary));
	TH_LOG("control, the deep directory removed: exit %d, %d deny, %d unreadable; %s",
	       rc, denied, unreadable, summary);
	EXPECT_EQ(NR_DIRS, denied);
	EXPECT_EQ(3, rc);
}

TEST_HARNESS_MAIN
