// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-hookbench - the guest's timer of the hooks other than exec, for
 * tests/bench/stock.sh (vb-firstexec times the execs)
 *
 *   vb-hookbench mmap COUNT FILE
 *       COUNT times: open FILE, map it whole PROT_READ|PROT_EXEC
 *       (MAP_PRIVATE, as ld.so maps a library's text), unmap, close
 *   vb-hookbench mprotect COUNT FILE
 *       COUNT times: open FILE, map it PROT_READ, mprotect the mapping to
 *       PROT_READ|PROT_EXEC, unmap, close
 *   vb-hookbench finit COUNT MODULE NAME
 *       COUNT times: open MODULE, finit_module() it (parameters
 *       "numdummies=0": the stock dummy.ko then makes no device), close;
 *       then, off the clock, delete_module(NAME)
 *   vb-hookbench init COUNT MODULE NAME
 *       the same with init_module() of MODULE's bytes, read once before
 *       the clock starts (what kmod does with a compressed module)
 *
 * Each prints the guest seconds (CLOCK_MONOTONIC: under QEMU's -icount,
 * instructions) the COUNT iterations took.  A module's unload is not
 * timed: it waits for RCU grace periods, whole timer ticks of guest time
 * under -icount that would bury what the load's checks cost.  Any failing call (a refused
 * mapping, a refused load) fails the run: exit 1, saying what failed.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MOD_PARAMS	"numdummies=0"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what, const char *file)
{
	fprintf(stderr, "vb-hookbench: %s %s: %s\n", what, file,
		strerror(errno));
	return 1;
}

/* one mapping of @file: executable at once (@mprot false) or by mprotect */
static int map_once(const char *file, int mprot)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	int prot = PROT_READ | (mprot ? 0 : PROT_EXEC);
	struct stat st;
	void *p;

	if (fd < 0)
		return fail("open", file);
	if (fstat(fd, &st)) {
		close(fd);
		return fail("fstat", file);
	}
	p = mmap(NULL, st.st_size, prot, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return fail("mmap", file);
	if (mprot && mprotect(p, st.st_size, PROT_READ | PROT_EXEC)) {
		munmap(p, st.st_size);
		return fail("mprotect PROT_EXEC", file);
	}
	munmap(p, st.st_size);
	return 0;
}

static int unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK))
		return fail("delete_module", name);
	return 0;
}

/* one load of @file, its guest seconds added to *@secs, then unloaded */
static int load_once(const char *file, void *image, size_t len,
		     const char *name, double *secs)
{
	double t0 = now();
	int fd = -1;
	long rc;

	if (image) {
		rc = syscall(SYS_init_module, image, len, MOD_PARAMS);
	} else {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return fail("open", file);
		rc = syscall(SYS_finit_module, fd, MOD_PARAMS, 0);
		close(fd);
	}
	*secs += now() - t0;
	if (rc)
		return fail(image ? "init_module" : "finit_module", file);
	return unload(name);
}

/* @file's bytes in a buffer of *@len */
static void *slurp(const char *file, size_t *len)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *buf = NULL;

	if (fd < 0 || fstat(fd, &st))
		goto out;
	buf = malloc(st.st_size);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	*len = st.st_size;
out:
	if (fd >= 0)
		close(fd);
	return buf;
}

static int time_loop(const char *op, long count, char **args)
{
	size_t len = 0;
	void *image = NULL;
	double t0, secs = 0;
	long i;
	int rc = 0;

	if (!strcmp(op, "init")) {
		image = slurp(args[0], &len);
		if (!image)
			return fail("read", args[0]);
	}
	t0 = now();
	for (i = 0; i < count && !rc; i++) {
		if (!strcmp(op, "mmap"))
			rc = map_once(args[0], 0);
		else if (!strcmp(op, "mprotect"))
			rc = map_once(args[0], 1);
		else
			rc = load_once(args[0], image, len, args[1], &secs);
	}
	if (!strcmp(op, "mmap") || !strcmp(op, "mprotect"))
		secs = now() - t0;
	if (!rc)
		printf("%.9f\n", secs);
	free(image);
	return rc;
}

int main(int argc, char **argv)
{
	long count;
	char *end;
	int nargs;

	if (argc < 4)
		goto usage;
	if (!strcmp(argv[1], "mmap") || !strcmp(argv[1], "mprotect"))
		nargs = 1;
	else if (!strcmp(argv[1], "finit") || !strcmp(argv[1], "init"))
		nargs = 2;
	else
		goto usage;
	count = strtol(argv[2], &end, 10);
	if (*end || count < 1 || argc != 3 + nargs)
		goto usage;
	return time_loop(argv[1], count, argv + 3);
usage:
	fprintf(stderr, "usage: vb-hookbench mmap|mprotect COUNT FILE | finit|init COUNT MODULE NAME\n");
	return 2;
}
