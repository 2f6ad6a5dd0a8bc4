// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-6 - accounts keyed by the login uid (trust2-accts, the
 * planned fix of RT11-1 and RT11-6): a process whose login uid is unset
 * sets its own
 *
 * The plan (README, Open; trust2-accts): key the account of a process in
 * the initial namespace by its login uid, "set by pam_loginuid at login
 * and kept across setuid, which a user cannot change once set", so that a
 * user's subordinate uids count as him.  But the kernel lets a process
 * whose login uid is *unset* set it to any value, without privilege
 * (audit_set_loginuid_perm(): "if we are unset, we don't need privs"),
 * once, for itself; each child of such a process may set its own.  The
 * processes of a user that no PAM login started have it unset: every
 * system service's (systemd starts them with none: www-data's PHP, a CI
 * runner's jobs, a database, the processes of containers a root service
 * starts).
 *
 * accounts_from_loginuids: nobody, not logged in (a service account, no
 * subordinate uids), forks NR_ACCOUNTS children; each sets its login uid
 * to a value of its own and maps fresh O_TMPFILE files through their
 * writers until refused (rt12_closed_test.c's fill).  Then uid 1000 and
 * uid 1001 (logged in) map a memfd and a file of their own shared and
 * writable.
 *
 * loginuid_zero: nobody, not logged in, sets his login uid to 0 and
 * makes NR_RECORDS such records: root's account is not bounded (nor
 * charged).  Then root's program, installed before, is run by root while
 * uid 1000 keeps a page of it in a pipe.
 *
 * Assert what vendorban promises: one user is one account (his fill
 * refuses him, not others: both users still map), and a user cannot
 * reach suspect_lost (root's program runs; the kernel log never says "a
 * suspect file's state was lost").  On main (accounts by real uid) both
 * hold: nobody is one account whatever his login uid.  Module form
 * (FINDINGS.md: How to run).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define TOPDIR		"/tmp/rt12l"
#define FILLDIR		TOPDIR "/fill"
#define ROOTDIR		"/tmp/rt12l-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define NR_ACCOUNTS	8
#define PER_ACCOUNT	8192
#define LOGIN_BASE	200000
/* past EVICTED_FULL (49,152) */
#define NR_RECORDS	53248

/* Sets this process's login uid to @uid (allowed while unset): 0 or -1. */
static int claim_loginuid(uid_t uid)
{
	char text[16];

	snprintf(text, sizeof(text), "%u", (unsigned int)uid);
	return write_text("/proc/self/loginuid", text);
}

/*
 * In a child: nobody, login uid set to @login (or left unset if -1), maps
 * up to @n fresh O_TMPFILE files through their writers until refused;
 * writes { mapped, errno } to @out.
 */
static void __attribute__((noreturn)) fill(long login, int n, int out)
{
	int i, fd, res[2] = { 0, 0 };
	void *p;

	if (become_nobody())
		_exit(252);
	if (login >= 0 && claim_loginuid(login)) {
		res[1] = errno;
		goto out;
	}
	for (i = 0; i < n; i++) {
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
out:
	if (write(out, res, sizeof(res)) != sizeof(res))
		_exit(254);
	_exit(0);
}

/* Runs fill(@login, @n) in a child: its { mapped, errno }, or -1. */
static int run_fill(long login, int n, int res[2])
{
	int out[2];
	pid_t pid;
	ssize_t r;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(out[0]);
		fill(login, n, out[1]);
	}
	close(out[1]);
	r = read(out[0], res, 2 * sizeof(int));
	close(out[0]);
	waitpid(pid, NULL, 0);
	return r == 2 * sizeof(int) ? 0 : -1;
}

/*
 * As a logged-in user (as_user() after his login uid is set): a memfd
 * mapped shared and writable in r[0], a file of his own in r[1].
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

/* @uid logs in (his login uid) and maps like a desktop: as_user()'s steps. */
static void user_maps(struct __test_metadata *const _metadata, uid_t uid,
		      const char *path, struct steps *s)
{
	int out[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(out));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(out[0]);
		memset(s, 0, sizeof(*s));
		if (claim_loginuid(uid) || become_user(uid))
			s->r[7] = -errno;
		else
			map_like_a_desktop(path, s);
		if (write(out[1], s, sizeof(*s)) != sizeof(*s))
			_exit(1);
		_exit(0);
	}
	close(out[1]);
	EXPECT_EQ((ssize_t)sizeof(*s), read(out[0], s, sizeof(*s)));
	close(out[0]);
	waitpid(pid, NULL, 0);
	EXPECT_EQ(0, s->r[7]);
}

FIXTURE(loginuid) {};

FIXTURE_SETUP(loginuid)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, TOPDIR);
	ASSERT_EQ(0, mkdir(FILLDIR, 01777));
	ASSERT_EQ(0, chmod(FILLDIR, 01777));
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(loginuid)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(TOPDIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(loginuid, accounts_from_loginuids, 900)
{
	int i, res[2], total = 0;
	long long start;
	struct steps s;

	SKIPPED_IN_SETUP();
	start = now_ms();
	for (i = 0; i < NR_ACCOUNTS; i++) {
		ASSERT_EQ(0, run_fill(LOGIN_BASE + i, PER_ACCOUNT, res));
		TH_LOG("nobody (not logged in), login uid set to %d: %d O_TMPFILE files mapped through a writer, then %s",
		       LOGIN_BASE + i, res[0],
		       res[1] ? strerror(res[1]) : "stopped (its bound)");
		total += res[0];
	}
	TH_LOG("nobody, %d login uids of his choosing: %d records in %lld ms",
	       NR_ACCOUNTS, total, now_ms() - start);
	user_maps(_metadata, 1000, FILLDIR "/u1000", &s);
	TH_LOG("uid 1000 (logged in) after: memfd mapping %d, own file mapping %d (0: mapped)",
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("BROKE: uid 1000's shared memory (memfd) refused after nobody's fill");
	}
	EXPECT_EQ(0, s.r[1]) {
		TH_LOG("BROKE: uid 1000's mapping of his own file through a writer refused");
	}
	user_maps(_metadata, 1001, FILLDIR "/u1001", &s);
	TH_LOG("uid 1001 (logged in) after: memfd mapping %d, own file mapping %d (0: mapped)",
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("BROKE: uid 1001's shared memory (memfd) refused after nobody's fill");
	}
	EXPECT_EQ(0, s.r[1]) {
		TH_LOG("BROKE: uid 1001's mapping of his own file through a writer refused");
	}
}

TEST_F_TIMEOUT(loginuid, loginuid_zero, 900)
{
	int res[2] = { -1, -1 }, before, after, kmsg;
	long long start;
	bool lost;
	off_t mark;

	SKIPPED_IN_SETUP();
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);
	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	start = now_ms();
	ASSERT_EQ(0, run_fill(0, NR_RECORDS, res));
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody (not logged in), login uid set to 0: %d O_TMPFILE files mapped through a writer, then %s, in %lld ms; kernel log \"a suspect file's state was lost\": %s",
	       res[0], res[1] ? strerror(res[1]) : "stopped", now_ms() - start,
	       lost ? "yes" : "no");
	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("root's program (installed before, never run), uid %d holding a page: control before %d, after %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: nobody with login uid 0 filled the records (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
}

TEST_HARNESS_MAIN
