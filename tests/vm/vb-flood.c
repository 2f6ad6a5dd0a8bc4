// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-flood - a flood of identical denied execs, for tests/vm/guest/auditd_test.sh
 *
 * Usage: vb-flood PROGRAM COUNT UID [NAMES]
 *
 * Drops to UID (group and user, no supplementary groups), then calls
 * execve(PROGRAM) COUNT times in a loop.  With NAMES (at most 4096), it
 * runs PROGRAM.0, PROGRAM.1, ... PROGRAM.<NAMES-1> in turn instead (hard
 * links the caller made: one file under many names, each a new key for
 * vendorban's repeat table).  A denied execve returns -1 with
 * EACCES in this same process, so no fork is needed and the loop is as
 * fast as the kernel lets it be.  Prints "vb-flood: N denied in S.SSS s"
 * and exits 0 if every call was refused with EACCES; exits 1 as soon as
 * one fails otherwise.  If PROGRAM runs, this process is replaced by it
 * and the caller sees PROGRAM's exit status instead.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int drop_to(const char *arg)
{
	char *end;
	long id = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, "vb-flood: bad uid '%s'\n", arg);
		return -1;
	}
	if (setgroups(0, NULL) || setgid((gid_t)id) || setuid((uid_t)id)) {
		fprintf(stderr, "vb-flood: cannot drop to %ld: %s\n", id,
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *const env[] = { NULL };
	char path[4096];
	char *args[] = { path, NULL };
	long count, names = 0, i;
	double start;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: vb-flood PROGRAM COUNT UID [NAMES]\n");
		return 2;
	}
	count = strtol(argv[2], NULL, 10);
	if (argc == 5)
		names = strtol(argv[4], NULL, 10);
	if (count <= 0 || names < 0 || names > 4096 ||
	    strlen(argv[1]) > sizeof(path) - 8 || drop_to(argv[3]))
		return 2;
	start = now();
	for (i = 0; i < count; i++) {
		if (names)
			snprintf(path, sizeof(path), "%s.%ld", argv[1],
				 i % names);
		else
			snprintf(path, sizeof(path), "%s", argv[1]);
		execve(path, args, env);
		if (errno != EACCES) {
			fprintf(stderr, "vb-flood: exec %ld: %s\n", i,
				strerror(errno));
			return 1;
		}
	}
	printf("vb-flood: %ld denied in %.3f s\n", count, now() - start);
	return 0;
}
