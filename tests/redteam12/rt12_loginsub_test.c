// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-7 - RT12-1 against trust2-accts: the subordinate uids
 * of a process that set its own login uid
 *
 * trust2-accts (fix of RT11-1, RT11-6; kmod/audit.c host_account()): a
 * process running as a subordinate uid (at or above 65,536) other than
 * its login uid counts as its login uid's "subordinate account", so all
 * the subordinate uids of one login are one account.  But a process
 * whose login uid is unset may set it, once, to any value, without
 * privilege (audit_set_loginuid_perm()), and each child of it may set
 * another: the processes of a user that no PAM login started have it
 * unset (a ~/.forward pipe postfix or exim runs as him, a CGI or
 * PHP-FPM pool of his, a CI runner's job, anything a system service
 * starts as him).  The branch's comment says so ("a service's children
 * each setting another login uid are each an account only if they also
 * run as subordinate uids, which needs /etc/subuid ranges of its own"):
 * a regular user has one (useradd gives it where /etc/subuid exists),
 * and it is his whether his process was started by a login or not.
 *
 * Here each filler is started by nobody without a login uid, sets its
 * own (LOGIN_BASE+i) and then runs its setuid copy as its subordinate
 * uid: as in RT12-1, but with a login uid of its own each.  The rest is
 * RT12-1 (below).
 *
 * RT12-1 was: the fix of RT11-5 (e5e380c) closes the records to every
 * account, and one user closes them for good
 *
 * kmod/module/evicted.c after e5e380c: pressure is what the accounts hold
 * (evicted_charged); past EVICTED_CLOSED (40,960) "every account is"
 * refused its mappings through a writer; a record's charge lasts until
 * unload.  A user with subordinate uids has as many accounts as he makes
 * setuid copies (redteam11 RT11-1, open; tests/vm/subuid.h).
 *
 * The cheapest record: an O_TMPFILE file (never linked, but linkable,
 * I_LINKABLE) opened O_RDWR and mapped MAP_SHARED.  It gets no state in
 * the table (unfit(): no link), so vendorban_cache_mapped() records the
 * suspicion at once (make_suspect() without a state: charge, then
 * vendorban_evicted_record(), which skips only inodes that can never be
 * linked).  The record and its charge stay until unload, after the file
 * is closed and gone.  No writer kept, no descriptor, no eviction.
 *
 * Each of NR_ACCOUNTS setuid copies (real uid SUBUID_BASE+i) maps fresh
 * O_TMPFILE files through their writers (open, mmap, munmap, close)
 * until refused, then exits: 4 x 8,192 reach EVICTED_PRESSURE, the 5th
 * its share (32,768 / 5), the 6th EVICTED_CLOSED.  Then, with none of
 * the attacker's processes or files left, uid 1000 (who mapped before)
 * and uid 1001 (a user who logs in later) map a memfd shared and
 * writable (a Wayland buffer, PipeWire, a browser's shared memory) and a
 * file of their own.
 *
 * Asserts what vendorban promises (README: "whoever fills his share is
 * the one refused"; an honest user's work is not refused): both still
 * map.  Module form (FINDINGS.md: How to run).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define TOPDIR		"/tmp/rt12s"
#define LOGIN_BASE	300000
#define NBDIR		TOPDIR "/nb"
#define FILLDIR		TOPDIR "/fill"
#define NR_ACCOUNTS	8
#define PER_ACCOUNT	8192

/*
 * The filler: a setuid copy started with RT12_FILL set; as its
 * subordinate uid, O_TMPFILE files mapped through their writers until
 * refused.  Writes how many it mapped, and the errno that stopped it, to
 * its standard output.
 */
__attribute__((constructor)) static void rt12_filler(void)
{
	int i, fd, res[2] = { 0, 0 };
	void *p;

	if (!getenv("RT12_FILL"))
		return;
	if (subuid_become_effective())
		_exit(255);
	for (i = 0; i < PER_ACCOUNT; i++) {
		fd = open(FILLDIR, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (fd < 0) {
			res[1] = errno;
			break;
		}
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			res[1] = errno;
			close(fd);
			break;
		}
		munmap(p, 4096);
		close(fd);
	}
	res[0] = i;
	if (write(1, res, sizeof(res)) != sizeof(res))
		_exit(254);
	_exit(0);
}

/* Sets this process's login uid to @uid (allowed while unset): 0 or -1. */
static int claim_loginuid(uid_t uid)
{
	char text[16];

	snprintf(text, sizeof(text), "%u", (unsigned int)uid);
	return write_text("/proc/self/loginuid", text);
}

/*
 * Runs, as nobody (no login uid: a service started him), @path with
 * RT12_FILL set, after setting his login uid to @login: what it wrote.
 */
static int run_filler(const char *path, uid_t login, int res[2])
{
	char *const argv[] = { (char *)path, NULL };
	char *const envp[] = { "RT12_FILL=1", NULL };
	int out[2];
	pid_t pid;
	ssize_t n;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(out[0]);
		dup2(out[1], 1);
		if (become_nobody() || claim_loginuid(login))
			_exit(252);
		execve(path, argv, envp);
		_exit(253);
	}
	close(out[1]);
	n = read(out[0], res, 2 * sizeof(int));
	close(out[0]);
	waitpid(pid, NULL, 0);
	return n == 2 * sizeof(int) ? 0 : -1;
}

/*
 * As another user (as_user()): a memfd mapped shared and writable in
 * r[0], a file of his own in r[1]: 0 or -errno.
 */
static void map_like_a_desktop(const char *path, struct steps *s)
{
	int fd = memfd_create("wl_shm", MFD_CLOEXEC);
	void *p;

	if (fd < 0 || ftruncate(fd, 4096)) {
		s->r[0] = -errno;
	} else {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		s->r[0] = p == MAP_FAILED ? -errno : 0;
		close(fd);
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, 4096)) {
		s->r[1] = -errno;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	s->r[1] = p == MAP_FAILED ? -errno : 0;
	close(fd);
}

FIXTURE(loginsub) {};

FIXTURE_SETUP(loginsub)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, TOPDIR);
	ASSERT_EQ(0, mkdir(NBDIR, 0755));
	ASSERT_EQ(0, chown(NBDIR, NOBODY, NOBODY));
	ASSERT_EQ(0, mkdir(FILLDIR, 01777));
	ASSERT_EQ(0, chmod(FILLDIR, 01777));
}

FIXTURE_TEARDOWN(loginsub)
{
	SKIPPED_IN_SETUP();
	umount2(TOPDIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(loginsub, other_users_map, 900)
{
	int i, res[2], kmsg, total = 0;
	long long start, ms;
	char path[64];
	struct steps s;
	bool lost;

	SKIPPED_IN_SETUP();
	as_user(_metadata, 1000, map_like_a_desktop, FILLDIR "/u1000-before",
		&s, NULL);
	TH_LOG("uid 1000 before: memfd mapping %d, own file mapping %d",
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(0, s.r[1]);
	ASSERT_EQ(0, subuid_setuid_copies(NBDIR, NR_ACCOUNTS));

	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	start = now_ms();
	for (i = 0; i < NR_ACCOUNTS; i++) {
		snprintf(path, sizeof(path), NBDIR "/acct%d", i);
		ASSERT_EQ(0, run_filler(path, LOGIN_BASE + i, res));
		TH_LOG("filler %d (uid %d, login uid %d set by nobody): %d O_TMPFILE files mapped through a writer, then %s",
		       i, SUBUID_BASE + i, LOGIN_BASE + i, res[0],
		       res[1] ? strerror(res[1]) : "stopped (its bound)");
		total += res[0];
	}
	ms = now_ms() - start;
	lost = kmsg_wait(kmsg, 1000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody, %d subordinate uids: %d records in %lld ms, none of his processes or files left; kernel log \"state was lost\": %s",
	       NR_ACCOUNTS, total, ms, lost ? "yes" : "no");

	as_user(_metadata, 1000, map_like_a_desktop, FILLDIR "/u1000-after",
		&s, NULL);
	TH_LOG("uid 1000 after: memfd mapping %d, own file mapping %d (0: mapped)",
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("BROKE: uid 1000's shared memory (memfd) refused after another user's fill");
	}
	EXPECT_EQ(0, s.r[1]) {
		TH_LOG("BROKE: uid 1000's mapping of his own file through a writer refused");
	}
	as_user(_metadata, 1001, map_like_a_desktop, FILLDIR "/u1001-after",
		&s, NULL);
	TH_LOG("uid 1001 (new) after: memfd mapping %d, own file mapping %d (0: mapped)",
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("BROKE: uid 1001's shared memory (memfd) refused after another user's fill");
	}
	EXPECT_EQ(0, s.r[1]) {
		TH_LOG("BROKE: uid 1001's mapping of his own file through a writer refused");
	}
	EXPECT_FALSE(lost);
}

TEST_HARNESS_MAIN
