// SPDX-License-Identifier: GPL-2.0-only
/*
 * scanrace - (redteam13 RT13-1) root's "vendorbanctl scan" of a user's directory
 * follows the links the user swaps in
 *
 * vendorbanctl(8), scan: "A PATH given as a symbolic link is followed
 * (/bin on Debian 12 is a link to usr/bin); links inside the tree are
 * not."  The walk (cmd_scan.c) is fts(3) with FTS_PHYSICAL |
 * FTS_NOCHDIR: it lstat()s each entry, classify() opens a regular one
 * with O_NOFOLLOW to tell its kind, closes it, and then
 * vb_filesig_read() (lib/filesig.c) opens the same path again *without*
 * O_NOFOLLOW to read its signatures (and vb_decide(), lib/decide.c, a
 * third time for an allow rule's proof).  A user who swaps one of his
 * files for a symbolic link (renameat2(RENAME_EXCHANGE): atomic) between
 * the two opens, or a directory of his for a link (the walk goes on by
 * the names it read), gets root to open, read and judge any file the link
 * names: a file in a directory only root may enter, a device (O_NONBLOCK,
 * so a FIFO does not hang it), a file of a pseudo file system the walk
 * promises never to enter; and the report then prints root's verdict on
 * that file under the user's name, so the user learns it (a banned
 * vendor's program root keeps in a root-only directory, here).
 *
 * following_swapped_links: root keeps a banned program in /root/rt13s
 * (0700) and watches it with inotify (IN_OPEN).  nobody makes a
 * directory of his own with NR_DECOYS executable copies of an unsigned
 * program and one more named "kept", and a link to root's directory
 * beside it; when root's walk opens the first file of his directory, he
 * exchanges directory and link (renameat2(RENAME_EXCHANGE)), and back a
 * few seconds later (swapper()).  The walk goes on by the names it read,
 * through the link: O_NOFOLLOW guards only the last component.  Root
 * scans the tree under a ban of the test vendor, up to NR_SCANS times.
 * Asserts what the manual promises: no scan opens root's file (the links
 * inside the tree are not followed), and no scan reports a denial
 * (nobody's tree holds no banned file).
 *
 * Runs as root in the test VM (vendorbanctl at /sbin/vendorbanctl, the
 * fixtures at /fixtures); RT13_VBCTL and RT13_FIX override both, so it
 * runs on a host as well.  No kernel part: both forms, any kernel.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define TOPDIR		"/tmp/rt13s"
#define TREE		TOPDIR "/tree"
#define SECRETDIR	"/root/rt13s"
#define SECRET		SECRETDIR "/kept"
/* nobody's files in his directory; "kept" is made half-way */
#define NR_DECOYS	2000
#define NR_SCANS	10
/* how long the directory stays swapped */
#define SWAP_BACK_MS	3000

static const char *fixtures(void)
{
	const char *f = getenv("RT13_FIX");

	return f ? f : "/fixtures";
}

static const char *vbctl(void)
{
	const char *v = getenv("RT13_VBCTL");

	return v ? v : "/sbin/vendorbanctl";
}

/* Copies @src to @dst with @mode: 0 or -errno. */
static int rt13_copy(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		ret = -errno;
		close(in);
		return ret;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			ret = -EIO;
			break;
		}
	if (n < 0)
		ret = -errno;
	close(in);
	if (fchmod(out, mode) || close(out))
		ret = ret ? ret : -errno;
	return ret;
}

/* Exchanges the names @a and @b (renameat2(RENAME_EXCHANGE)). */
static void exchange(const char *a, const char *b)
{
	syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
}

/*
 * nobody: makes his directory TREE/d with NR_DECOYS executable copies of
 * an unsigned program and one more named "kept", and a link TREE/l to
 * root's directory; writes 0 (or -errno) to @out; then watches d with
 * inotify.  When root's scan opens the first file in it (classify(): the
 * walk has read the directory), he exchanges d and l; the walk goes on
 * by the names it read, through the link: "kept" is now root's file,
 * which root opens (classify() and vb_filesig_read(): O_NOFOLLOW guards
 * only the last component), reads and judges under nobody's name; the
 * other names are not there ("gone since the directory was read": no
 * line).  He exchanges them back SWAP_BACK_MS later, for the next scan.
 */
static void __attribute__((noreturn)) swapper(const char *prog, int out)
{
	char ev[4096] __attribute__((aligned(8)));
	char name[32];
	int i, made = 0, ino = -1;

	/* after become_nobody(): a change of credentials clears it */
	if (become_nobody() || prctl(PR_SET_PDEATHSIG, SIGKILL) ||
	    mkdir(TREE, 0755) || chdir(TREE) || mkdir("d", 0755) ||
	    symlink(SECRETDIR, "l")) {
		made = -errno;
		goto report;
	}
	for (i = 0; i < NR_DECOYS; i++) {
		snprintf(name, sizeof(name), "d/a%03d", i);
		if (rt13_copy(prog, name, 0755) ||
		    (i == NR_DECOYS / 2 && rt13_copy(prog, "d/kept", 0755))) {
			made = -errno;
			goto report;
		}
	}
	ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (ino < 0 || inotify_add_watch(ino, "d", IN_OPEN) < 0)
		made = -errno;
report:
	if (write(out, &made, sizeof(made)) != sizeof(made) || made < 0)
		_exit(1);
	close(out);
	for (;;) {
		struct pollfd p = { .fd = ino, .events = POLLIN };

		if (poll(&p, 1, -1) < 0 || read(ino, ev, sizeof(ev)) <= 0)
			continue;
		exchange("d", "l");
		usleep(SWAP_BACK_MS * 1000);
		exchange("d", "l");
		/* forget the opens of the meantime */
		while (read(ino, ev, sizeof(ev)) > 0)
			;
	}
}

/* Runs root's scan; counts its "deny" lines into *@denied. */
static int scan_once(const char *policy, int *denied)
{
	char cmd[PATH_MAX * 2], line[4096];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s scan --policy %s " TREE " 2>/dev/null",
		 vbctl(), policy);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		if (!strncmp(line, "deny ", 5)) {
			if (!*denied)
				fprintf(stderr, "# root's scan reported: %s",
					line);
			(*denied)++;
		}
	return pclose(p);
}

FIXTURE(scanrace) {};
FIXTURE_SETUP(scanrace) {}
FIXTURE_TEARDOWN(scanrace) {}

TEST_F_TIMEOUT(scanrace, following_swapped_links, 600)
{
	char banned[PATH_MAX], prog[PATH_MAX], policy[PATH_MAX];
	char evbuf[4096] __attribute__((aligned(8)));
	int ino, wd, out[2], made = 0, opened = 0, denied = 0, scans;
	pid_t pid;
	ssize_t n;

	snprintf(banned, sizeof(banned), "%s/bin/banned-rsa2048-cert",
		 fixtures());
	snprintf(prog, sizeof(prog), "%s/bin/unsigned", fixtures());
	snprintf(policy, sizeof(policy), "%s/policies/ban-by-cert.pol",
		 fixtures());
	ASSERT_EQ(0, access(policy, R_OK));
	if (system("rm -rf " TOPDIR " " SECRETDIR)) {
		/* nothing to remove */
	}
	ASSERT_EQ(0, mkdir(TOPDIR, 0777));
	ASSERT_EQ(0, chmod(TOPDIR, 0777));
	ASSERT_EQ(0, mkdir(SECRETDIR, 0700));
	ASSERT_EQ(0, rt13_copy(banned, SECRET, 0700));
	ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	ASSERT_LE(0, ino);
	wd = inotify_add_watch(ino, SECRET, IN_OPEN);
	ASSERT_LE(0, wd);

	ASSERT_EQ(0, pipe(out));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(out[0]);
		swapper(prog, out[1]);
	}
	close(out[1]);
	ASSERT_EQ((ssize_t)sizeof(made), read(out[0], &made, sizeof(made)));
	close(out[0]);
	ASSERT_EQ(0, made);

	for (scans = 0; scans < NR_SCANS && !opened && !denied; scans++) {
		scan_once(policy, &denied);
		/* the next scan after nobody put his directory back */
		usleep((SWAP_BACK_MS + 1000) * 1000);
		while ((n = read(ino, evbuf, sizeof(evbuf))) > 0)
			opened += n / (ssize_t)sizeof(struct inotify_event);
	}
	kill(pid, SIGKILL);	/* its children die with it (PDEATHSIG) */
	waitpid(pid, NULL, 0);
	close(ino);

	TH_LOG("%d scans of nobody's tree (his directory swapped for a link "
	       "to " SECRETDIR "): root's file there opened %d times, %d "
	       "denials reported", scans, opened, denied);
	if (opened || denied)
		TH_LOG("BROKE: root's scan followed a link nobody swapped into "
		       "his tree and judged root's file under his name");
	EXPECT_EQ(0, opened);
	EXPECT_EQ(0, denied);
	if (system("rm -rf " TOPDIR " " SECRETDIR)) {
		/* best effort */
	}
}

TEST_HARNESS_MAIN
