// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red team round 14 (outside), phase 2: RT14-5, trust2-rt11's RT12-3
 * answer (b1fc0bd: the look names in the kernel log each held file only
 * root may write, "at most 8 a look (then a count)", rate limited) against
 * a reader who holds decoys as well.
 *
 * The fix's own test (tests/vm/reloadld_test.c at b1fc0bd) with one
 * change: before root's reload, nobody also keeps the first page of up to
 * DECOYS other root-only files he may read (the fixtures, the test
 * programs, /sbin, the libraries) in a pipe of their own.  The look walks
 * the superblock's inodes newest first and names the first 8 it finds
 * held; the decoys take those lines, and the loader and libc, what is
 * refused, are only counted.  Asserted, as the fix's test: the kernel log
 * names the loader and libc.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		VB_DIR "/bpf_links"
#define LDSO		"/lib64/ld-linux-x86-64.so.2"
#define LIBC		"/lib/x86_64-linux-gnu/libc.so.6"
#define DYN		FIX_BIN "dyn-linked-unsigned"
#define POLICY		"ban-by-cert"
#define ATTACH_OUT	"/tmp/reloadld.attach"

/* For as_user(): runs @path as that user, exit status (or -errno) in r[0]. */
static void run_as(const char *path, struct steps *s)
{
	s->r[0] = exec_here(path);
}

/*
 * Root reloads vendorban.ko with the same table, attach's output in
 * ATTACH_OUT: 0 or the step that failed.
 */
static int reload_module(void)
{
	return system("set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") || exit 1; "
		      "echo release >" LINKS " || exit 1; "
		      "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		      "grep -q '^vendorban ' /proc/modules && exit 2; "
		      "insmod " MODULE_KO " \"$@\" || exit 3; "
		      "vendorbanctl attach >" ATTACH_OUT " || exit 4; "
		      "vendorbanctl load " FIX_POL POLICY ".pol >/dev/null || exit 5");
}

#define DECOYS		200

/*
 * As nobody, in a child: the first page of each of up to DECOYS regular
 * files, root's and not writable by others, in the directories below
 * (not @a, @b), spliced into one pipe; says how many on @tell (one int),
 * then waits to be killed.  Its pid.
 */
static pid_t nobody_holds_decoys(const char *a, const char *b, int tell)
{
	static const char *const dirs[] = {
		"/fixtures/bin", "/tests/bin", "/sbin", "/usr/sbin", "/bin",
		"/usr/bin", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
		"/lib/modules", "/etc", "/fixtures/policies", "/fixtures",
	};
	char path[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int p[2], fd, n = 0;
	size_t i;
	loff_t off;
	pid_t pid = fork();
	DIR *d;

	if (pid)
		return pid;
	if (become_nobody() || pipe(p) ||
	    fcntl(p[1], F_SETPIPE_SZ, 256 * 4096) < 0)
		_exit(1);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && n < DECOYS; i++) {
		d = opendir(dirs[i]);
		while (d && (de = readdir(d)) && n < DECOYS) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
			if (lstat(path, &st) || !S_ISREG(st.st_mode) ||
			    st.st_uid || (st.st_mode & 0022) || st.st_size < 4096 ||
			    !realpath(path, real) || !strcmp(real, a) ||
			    !strcmp(real, b))
				continue;
			fd = open(path, O_RDONLY | O_CLOEXEC);
			off = 0;
			if (fd >= 0 && splice(fd, &off, p[1], NULL, 4096, 0) == 4096)
				n++;
			if (fd >= 0)
				close(fd);
		}
		if (d)
			closedir(d);
	}
	if (write(tell, &n, sizeof(n)) != sizeof(n))
		_exit(2);
	sleep(500);
	_exit(0);
}

/* Whether the kernel log after @fd names @path held, only root's. */
static bool named(int fd, const char *path)
{
	char want[PATH_MAX + 16];

	snprintf(want, sizeof(want), "a page of %s ", path);
	return kmsg_wait(fd, 3000, "vendorban", want,
			 "which only root may write, is held",
			 "kill its holder");
}

FIXTURE(reloadld) {};

FIXTURE_SETUP(reloadld)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, POLICY);
}

FIXTURE_TEARDOWN(reloadld)
{
	SKIPPED_IN_SETUP();
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(reloadld, reader_of_the_loader_named, 600)
{
	int tell[2], before, reload, after, later, kmsg_ld, kmsg_libc;
	char ldso[PATH_MAX], libc[PATH_MAX], out[4096];
	bool ld_named, libc_named;
	struct steps s;
	pid_t holder, decoys;
	int nd = 0, kmsg_all;
	char c = '?';
	ssize_t n;
	int fd;

	SKIPPED_IN_SETUP();
	if (!vb_loadable_form())
		SKIP(return, "the built-in form cannot be reloaded");
	/* the log names the file, not the link to it */
	ASSERT_NE(NULL, realpath(LDSO, ldso));
	ASSERT_NE(NULL, realpath(LIBC, libc));
	ASSERT_EQ(0, pipe(tell));
	holder = nobody_holds_pages(LDSO, LIBC, tell[1], 500);
	ASSERT_LT(0, holder);
	ASSERT_EQ(1, read(tell[0], &c, 1));
	ASSERT_EQ('k', c);
	decoys = nobody_holds_decoys(ldso, libc, tell[1]);
	ASSERT_LT(0, decoys);
	ASSERT_EQ((ssize_t)sizeof(nd), read(tell[0], &nd, sizeof(nd)));
	TH_LOG("nobody also holds the first page of %d other root-only files (decoys)",
	       nd);
	before = run_exec(_metadata, DYN, NULL);
	TH_LOG("nobody keeps the first page of %s and %s in pipes; root's run of %s before the reload: %d (42: ran)",
	       ldso, libc, DYN, before);
	EXPECT_EQ(HELLO_EXIT, before);

	kmsg_all = kmsg_mark();
	kmsg_ld = kmsg_mark();
	kmsg_libc = kmsg_mark();
	ASSERT_LE(0, kmsg_ld);
	ASSERT_LE(0, kmsg_libc);
	reload = reload_module();
	TH_LOG("root reloads vendorban.ko (release, rmmod, insmod, attach, load): status %d",
	       reload);
	ASSERT_EQ(0, reload);
	after = run_exec(_metadata, DYN, NULL);
	as_user(_metadata, 1000, run_as, DYN, &s, NULL);
	TH_LOG("after the reload, nobody still reading: root's run %d, uid 1000's run %d (42: ran; refused while the hold lasts: README)",
	       after, s.r[0]);
	ld_named = named(kmsg_ld, ldso);
	libc_named = named(kmsg_libc, libc);
	close(kmsg_ld);
	close(kmsg_libc);
	TH_LOG("kernel log names %s held: %s; %s: %s", ldso,
	       ld_named ? "yes" : "no", libc, libc_named ? "yes" : "no");
	if (kmsg_all >= 0) {
		char line[1024];
		ssize_t r;
		int shown = 0;

		fcntl(kmsg_all, F_SETFL, O_NONBLOCK);
		while ((r = read(kmsg_all, line, sizeof(line) - 1)) > 0 &&
		       shown < 24) {
			line[r] = '\0';
			if (strstr(line, "vendorban")) {
				TH_LOG("kmsg: %s", strchr(line, ';') ?
				       strchr(line, ';') + 1 : line);
				shown++;
			}
		}
		close(kmsg_all);
	}
	EXPECT_TRUE(ld_named) {
		TH_LOG("BROKE: the loader's hold, which refuses every dynamically linked program, is not named; decoys took the lines");
	}
	EXPECT_TRUE(libc_named);

	fd = open(ATTACH_OUT, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	n = read(fd, out, sizeof(out) - 1);
	close(fd);
	ASSERT_LE(0, n);
	out[n] = '\0';
	TH_LOG("vendorbanctl attach said: %s", out);
	EXPECT_NE(NULL, strstr(out, "taken for a writer's"));
	EXPECT_NE(NULL, strstr(out, "kill"));

	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	kill(decoys, SIGKILL);
	waitpid(decoys, NULL, 0);
	later = run_exec(_metadata, DYN, NULL);
	TH_LOG("after nobody's reader is killed: root's run %d", later);
	EXPECT_EQ(HELLO_EXIT, later);
}

TEST_HARNESS_MAIN
