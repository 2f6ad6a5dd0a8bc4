/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban selftests - a user's subordinate uids as users of their own
 * (redteam11 RT11-1, moved here from tests/redteam11 for the suite's
 * subuids_test; the red teams' programs find it with -I tests/vm)
 *
 * A user with subordinate uids (/etc/subuid, /etc/subgid; newuidmap and
 * newgidmap map them into a user namespace of his: rootless podman) is
 * root in a namespace where uids 1..65536 are host uids
 * SUBUID_BASE..SUBUID_BASE+65535.  There he may chown a file of his to
 * any of them and make it setuid; run outside the namespace, it runs as
 * that host uid, and setresuid() to the effective uid makes it the real
 * one: a process of another user, for everything that keys by the real
 * uid in the initial namespace.
 */
#ifndef _VENDORBAN_SELFTEST_SUBUID_H
#define _VENDORBAN_SELFTEST_SUBUID_H

#include "attacker.h"

#define SUBUID_BASE	100000

/* Copies /proc/self/exe to @path: the descriptor, or -1. */
static inline int subuid_copy_self(const char *path)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	return n ? -1 : out;
}

/*
 * nobody's namespace with his subordinate uids (root writes the map, as
 * newuidmap and newgidmap do from /etc/subuid and /etc/subgid: his own
 * uid as 0, 1..65536 as SUBUID_BASE..): a child becomes nobody, makes
 * the namespace and, once mapped, returns @child(@arg) as its exit
 * status.  Returns that status (10, 11: the namespace failed), or 1..6
 * for the step here that failed.
 */
static inline int subuid_in_namespace(int (*child)(void *), void *arg)
{
	const char *map = "0 65534 1\n1 100000 65536\n";
	int ready[2], go[2], status;
	char path[64], c;
	pid_t pid;

	if (pipe(ready) || pipe(go))
		return 1;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (become_nobody() || unshare(CLONE_NEWUSER))
			_exit(10);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(11);
		_exit(child(arg));
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c, 1) != 1)
		return 3;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (write_text(path, map))
		return 4;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (write_text(path, map))
		return 5;
	if (write(go[1], "g", 1) != 1)
		return 6;
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status);
}

/* subuid_setuid_copies()'s child: @arg its dir and n. */
struct subuid_copies {
	const char *dir;
	int n;
};

static inline int subuid_copies_child(void *arg)
{
	const struct subuid_copies *c = arg;
	char path[128];
	int i, fd;

	if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
		return 12;
	for (i = 0; i < c->n; i++) {
		snprintf(path, sizeof(path), "%s/acct%d", c->dir, i);
		fd = subuid_copy_self(path);
		if (fd < 0)
			return 13;
		if (fchown(fd, 1 + i, 1 + i))
			return 14;
		if (fchmod(fd, 06755))
			return 15;
		close(fd);
	}
	return 0;
}

/*
 * As root of nobody's namespace (subuid_in_namespace()) he makes
 * @dir/acct<i> for i < @n, a copy of this program owned by namespace
 * uid 1+i (host SUBUID_BASE+i), setuid and setgid.  @dir must be
 * nobody's.  Returns 0, or the step that failed.
 */
static inline int subuid_setuid_copies(const char *dir, int n)
{
	struct subuid_copies c = { .dir = dir, .n = n };

	return subuid_in_namespace(subuid_copies_child, &c);
}

/*
 * In a setuid copy: the real (and saved) uid and gid made the effective
 * ones, as anyone may.  0 or -1.
 */
static inline int subuid_become_effective(void)
{
	uid_t e = geteuid();
	gid_t g = getegid();

	return setresgid(g, g, g) || setresuid(e, e, e) ? -1 : 0;
}

#endif /* _VENDORBAN_SELFTEST_SUBUID_H */
