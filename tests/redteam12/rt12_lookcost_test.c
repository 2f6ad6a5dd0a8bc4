// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-4 - the look's cost, paid by root for another user's
 * filesystem (fix of RT10-4, 2188333)
 *
 * kmod/module/unseen.c: after each load and attach, the first decision
 * on a file of a filesystem walks that filesystem's inodes in memory and
 * their page cache, "in the first decision on one of its files that needs
 * it (that decision waits)", under one mutex for all filesystems
 * (unseen_look_mutex).  A user who may fill a root-made tmpfs (/dev/shm,
 * /tmp, /run/user on many systems) decides when its walk happens and how
 * long it is: right after a reload, his own executable mapping of a file
 * there starts it, and root's first decision on any other filesystem
 * not yet looked at waits for it.
 *
 * nobody fills FILLDIR (a root-made tmpfs, world-writable) with NR_FILES
 * files of one page and one file of BIG_PAGES pages; root reloads the
 * module; nobody maps one of his files executable (the walk of FILLDIR's
 * filesystem) and, 200 ms later, root runs its program from another
 * tmpfs of its own, made before the reload (not looked at yet).  Root's run is timed, and so is a
 * control: the same run after a reload without nobody's walk.
 *
 * Asserts (README: the look costs "one walk per filesystem ... in the
 * decision that needs it"): root's run does not wait more than a second
 * longer than its control for another user's filesystem.  Module form.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define FILLDIR		"/tmp/rt12k"
#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		VB_DIR "/bpf_links"
#define POLICY		"ban-by-cert"
#define ROOTDIR		"/tmp/rt12k-root"
#define ROOT_PROG	ROOTDIR "/prog"
#define NR_FILES	30000
#define BIG_PAGES	40000

static int reload_module(void)
{
	return system("set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") || exit 1; "
		      "echo release >" LINKS " || exit 1; "
		      "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		      "grep -q '^vendorban ' /proc/modules && exit 2; "
		      "insmod " MODULE_KO " \"$@\" || exit 3; "
		      "vendorbanctl attach >/dev/null || exit 4; "
		      "vendorbanctl load " FIX_POL POLICY ".pol >/dev/null || exit 5");
}

/* As nobody (as_user()): the files; r[0] 0 or -errno, r[1] files made. */
static void fill(const char *dir, struct steps *s)
{
	char path[64], page[4096];
	int fd, i;
	off_t off;

	memset(page, 'x', sizeof(page));
	for (i = 0; i < NR_FILES; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, page, 1) != 1) {
			s->r[0] = -errno;
			return;
		}
		close(fd);
		s->r[1] = i + 1;
	}
	snprintf(path, sizeof(path), "%s/big", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	for (off = 0; fd >= 0 && off < (off_t)BIG_PAGES * 4096; off += 4096)
		if (pwrite(fd, page, sizeof(page), off) != sizeof(page)) {
			s->r[0] = -errno;
			return;
		}
	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	close(fd);
	/* his program, mapped executable after the reload: a whole decision */
	{
		char buf[65536];
		int in = open(FIX_BIN "unsigned", O_RDONLY | O_CLOEXEC), out;
		ssize_t n;

		snprintf(path, sizeof(path), "%s/own", dir);
		out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
		if (in < 0 || out < 0) {
			s->r[0] = -errno;
			return;
		}
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, n) != n)
				s->r[0] = -EIO;
		close(in);
		close(out);
	}
}

/* As nobody: maps @path executable (the look of its filesystem); ms in r[1]. */
static void map_own(const char *path, struct steps *s)
{
	long long t = now_ms();

	s->r[0] = map_exec(path);
	s->r[1] = (int)(now_ms() - t);
}

/* Root's run of ROOT_PROG, timed: ms, or -1 if it did not run. */
static long long timed_run(struct __test_metadata *const _metadata)
{
	long long t = now_ms();
	int r = run_exec(_metadata, ROOT_PROG, NULL);

	return r == HELLO_EXIT ? now_ms() - t : -1;
}

FIXTURE(lookcost) {};

FIXTURE_SETUP(lookcost)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, POLICY);
	umount2(FILLDIR, MNT_DETACH);
	mkdir(FILLDIR, 0755);
	ASSERT_EQ(0, mount("tmpfs", FILLDIR, "tmpfs", 0,
			   "mode=1777,size=600m,nr_inodes=100000"));
	fresh_tmpfs(_metadata, ROOTDIR);
	copy_file(_metadata, FIX_BIN "unsigned", ROOT_PROG);
}

FIXTURE_TEARDOWN(lookcost)
{
	SKIPPED_IN_SETUP();
	umount2(FILLDIR, MNT_DETACH);
	umount2(ROOTDIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(lookcost, root_waits_not, 900)
{
	long long control, attacked;
	struct steps s, m;
	int hold = -1;
	pid_t pid;

	SKIPPED_IN_SETUP();
	if (!vb_loadable_form())
		SKIP(return, "the built-in form cannot be reloaded");
	/* control: root's first run after a reload, nobody's tmpfs empty */
	ASSERT_EQ(0, reload_module());
	control = timed_run(_metadata);
	TH_LOG("control: root's first run of %s after a reload: %lld ms",
	       ROOT_PROG, control);

	as_user(_metadata, NOBODY, fill, FILLDIR, &s, NULL);
	TH_LOG("nobody: %d files of one page and one of %d pages in %s: %d",
	       s.r[1], BIG_PAGES, FILLDIR, s.r[0]);
	ASSERT_EQ(0, s.r[0]);
	ASSERT_EQ(0, reload_module());
	/* nobody's walk first; root's first decision on the disk meanwhile */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		as_user(_metadata, NOBODY, map_own, FILLDIR "/own", &m, &hold);
		TH_LOG("nobody's executable mapping of his file (the walk): %d, %d ms",
		       m.r[0], m.r[1]);
		release_held(hold, 0);
		_exit(0);
	}
	usleep(200 * 1000);
	attacked = timed_run(_metadata);
	waitpid(pid, NULL, 0);
	TH_LOG("root's first run of %s after the reload, during nobody's walk: %lld ms (control %lld ms)",
	       ROOT_PROG, attacked, control);
	EXPECT_LT(attacked, control + 1000) {
		TH_LOG("BROKE: root's decision waited %lld ms for another user's filesystem's walk",
		       attacked - control);
	}
}

TEST_HARNESS_MAIN
