// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-firstexec - the guest's timer and xattr tool of tests/bench/ima.sh
 *
 *   vb-firstexec time [-c] COUNT PROGRAM
 *       prints the guest seconds (CLOCK_MONOTONIC: under QEMU's -icount,
 *       instructions) of COUNT fork+execve of PROGRAM, each waited for;
 *       PROGRAM must exit with 42 (build/fixtures' hello and its padded
 *       copies), so a refused exec fails the run instead of being timed.
 *       Without -c, before each exec byte 0 of PROGRAM is written again
 *       with its own value (pread, pwrite, close): the bytes stay the same
 *       (the signatures still hold), but the write moves the file's
 *       i_version, which empties vendorban's decision cache for it and
 *       IMA's appraisal result (ima_check_last_writer()), so each exec is
 *       a first exec after a change.  With -c nothing is written: after
 *       the first exec, each one is a cache hit.
 *   vb-firstexec setima FILE SIGFILE
 *       sets FILE's security.ima to the bytes of SIGFILE (what
 *       `evmctl ima_sign --sigfile` wrote); busybox has no setfattr
 *   vb-firstexec rmima FILE
 *       removes FILE's security.ima
 *
 * Exits 1 on any failure, saying what failed.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define IMA_XATTR	"security.ima"
#define SIG_MAX		4096
#define HELLO_EXIT	42

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what, const char *file)
{
	fprintf(stderr, "vb-firstexec: %s %s: %s\n", what, file,
		strerror(errno));
	return 1;
}

/* write byte 0 of FILE again with its own value */
static int touch(const char *file)
{
	int fd = open(file, O_RDWR | O_CLOEXEC);
	char c;

	if (fd < 0)
		return fail("open for writing", file);
	if (pread(fd, &c, 1, 0) != 1 || pwrite(fd, &c, 1, 0) != 1) {
		close(fd);
		return fail("rewrite byte 0 of", file);
	}
	if (close(fd))
		return fail("close", file);
	return 0;
}

static int run(const char *prog)
{
	char *const argv[] = { (char *)prog, NULL };
	char *const envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork for", prog);
	if (pid == 0) {
		execve(prog, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return fail("wait for", prog);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != HELLO_EXIT) {
		fprintf(stderr, "vb-firstexec: %s did not run (status %#x)\n",
			prog, status);
		return 1;
	}
	return 0;
}

static int time_execs(int argc, char **argv)
{
	int cached = argc > 0 && !strcmp(argv[0], "-c");
	long count, i;
	double t0;
	char *end;

	argc -= cached;
	argv += cached;
	if (argc != 2)
		return 2;
	count = strtol(argv[0], &end, 10);
	if (*end || count < 1)
		return 2;
	t0 = now();
	for (i = 0; i < count; i++)
		if ((!cached && touch(argv[1])) || run(argv[1]))
			return 1;
	printf("%.9f\n", now() - t0);
	return 0;
}

static int set_ima(const char *file, const char *sigfile)
{
	char sig[SIG_MAX];
	int fd = open(sigfile, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return fail("open", sigfile);
	len = read(fd, sig, sizeof(sig));
	close(fd);
	if (len <= 0 || len == sizeof(sig))
		return fail("read (empty or too long)", sigfile);
	if (setxattr(file, IMA_XATTR, sig, len, 0))
		return fail("setxattr " IMA_XATTR " on", file);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	if (argc >= 2 && !strcmp(argv[1], "time"))
		rc = time_execs(argc - 2, argv + 2);
	else if (argc == 4 && !strcmp(argv[1], "setima"))
		rc = set_ima(argv[2], argv[3]);
	else if (argc == 3 && !strcmp(argv[1], "rmima"))
		rc = removexattr(argv[2], IMA_XATTR) ?
			fail("removexattr " IMA_XATTR " from", argv[2]) : 0;
	if (rc == 2)
		fprintf(stderr, "usage: vb-firstexec time [-c] COUNT PROGRAM | setima FILE SIGFILE | rmima FILE\n");
	return rc;
}
