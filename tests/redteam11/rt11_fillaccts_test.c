// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam11 RT11-5 - trust2-fill's bound per account, with a user's
 * subordinate uids as accounts
 *
 * Branch trust2-fill (f01bddd, fix of RT9-4 and RT10-1): the records of
 * evicted suspicions are one exact table (65,536 records); each account
 * (the audit bound's: a real uid in the initial namespace, or a container
 * root made) may hold suspicions_per_account (8192) of them; once half
 * the table is used, no more than an equal share between the accounts
 * holding some; a record past three quarters finds no room and makes
 * every file without a state suspect (vendorban_cache_suspect_lost()),
 * "a pressure the shares did not stop".  Only what may still be written
 * unseen is recorded: the state of a file still open for writing, or
 * writably mapped, or with a page held.
 *
 * A user with subordinate uids has as many accounts as he wants
 * (subuid.h; redteam11 RT11-1).  Each of NR_ACCOUNTS setuid copies (real
 * uid SUBUID_BASE+i) creates files in a world-writable directory, opens
 * each O_RDWR and keeps it open, maps it MAP_SHARED|PROT_WRITE and unmaps
 * it (no page touched), until its mapping is refused (-EACCES: its
 * account is at its bound or its share) or it made PER_ACCOUNT.  The
 * table evicts his states (his own files: the cheapest), each recorded
 * and charged to his account since a writer is still open.  Shares
 * shrink as accounts join (32,768 / holders), but what the first ones
 * hold stays: the sum passes 49,152 with the seventh.
 *
 * Asserts what trust2-fill promises ("whoever fills his share is the one
 * refused"; a user must not reach suspect_lost): the kernel log never
 * says "a suspect file's state was lost", and root's program, installed
 * before, runs for root while uid 1000 keeps a page of it in a pipe.
 * Module form (FINDINGS.md: How to run), on a merge of trust2-fill.
 *
 * other_users_map (RT11-6): at most 256 accounts hold suspicions at once
 * and one that finds no room is refused every mapping through a writer.
 * 256 subordinate uids holding one each (one copy of this program,
 * chowned to each in turn) take them all: does uid 1000 still map a
 * memfd (a Wayland buffer) and a file of his own shared and writable?
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define TOPDIR		"/tmp/rt11f"
#define NBDIR		TOPDIR "/nb"
#define FILLDIR		TOPDIR "/fill"
#define ROOTDIR		"/tmp/rt11f-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define NR_ACCOUNTS	8
#define PER_ACCOUNT	8192
#define NR_SLOTS	256
/* namespace uid of slot 0: host 101001, none of the fillers' */
#define SLOT_BASE	1001
/* Debian's default hard limit of open files (systemd DefaultLimitNOFILE) */
#define NOFILE_HARD	524288

/*
 * The filler: a setuid copy started with RT11_FILL=<i>; as its subordinate
 * uid, files made, kept open for writing, mapped through the writer,
 * until refused.  Exits with how many were mapped / 64 (at most 128, plus
 * 128 if the last mapping was refused with EACCES).
 */
__attribute__((constructor)) static void rt11_filler(void)
{
	const char *who = getenv("RT11_FILL");
	struct rlimit rl = { NOFILE_HARD, NOFILE_HARD };
	char path[96];
	int i, fd, refused = 0;
	void *p;

	if (!who)
		return;
	if (subuid_become_effective() || setrlimit(RLIMIT_NOFILE, &rl))
		_exit(255);
	for (i = 0; i < PER_ACCOUNT; i++) {
		snprintf(path, sizeof(path), FILLDIR "/a%s-%d", who, i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			_exit(254);
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			refused = errno == EACCES;
			break;
		}
		munmap(p, 4096);
		/* fd kept: "a writer" at eviction, so the state is recorded */
	}
	fprintf(stderr, "# filler %s (uid %u): %d files mapped through a writer, %s\n",
		who, getuid(), i, refused ? "then refused (EACCES)" :
		i < PER_ACCOUNT ? "then failed" : "none refused");
	/* keep the writers until told: the records keep their charge anyway */
	pause();
	_exit(0);
}

/*
 * A slot holder: a setuid copy started with RT11_SLOT=<i> and a pipe as
 * its standard output; as its subordinate uid, one file made, kept open
 * for writing and mapped through the writer: a suspicion charged to its
 * account for as long as it lasts.  Writes 'k' (or 'e': refused) and
 * waits.
 */
__attribute__((constructor)) static void rt11_slot(void)
{
	const char *who = getenv("RT11_SLOT");
	char path[96];
	void *p;
	int fd;

	if (!who)
		return;
	if (subuid_become_effective())
		_exit(255);
	snprintf(path, sizeof(path), FILLDIR "/s%s", who);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	p = fd < 0 ? MAP_FAILED :
	    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (write(1, p == MAP_FAILED ? "e" : "k", 1) != 1)
		_exit(254);
	pause();
	_exit(0);
}

/* Starts, as nobody, @path with RT11_FILL=@i: its pid. */
static pid_t start_filler(const char *path, int i)
{
	char *const argv[] = { (char *)path, NULL };
	char env[32];
	pid_t pid = fork();

	if (pid == 0) {
		char *const envp[] = { env, NULL };

		snprintf(env, sizeof(env), "RT11_FILL=%d", i);
		if (become_nobody())
			_exit(252);
		execve(path, argv, envp);
		_exit(253);
	}
	return pid;
}

/* Files in FILLDIR whose name starts with "a@i-". */
static long files_of(int i)
{
	char prefix[16];
	struct dirent *de;
	long n = 0;
	size_t len;
	DIR *d;

	len = snprintf(prefix, sizeof(prefix), "a%d-", i);
	d = opendir(FILLDIR);
	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += !strncmp(de->d_name, prefix, len);
	closedir(d);
	return n;
}

FIXTURE(fill) {};

FIXTURE_SETUP(fill)
{
	struct rlimit rl = { NOFILE_HARD, NOFILE_HARD };

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	/* what a login session on Debian has as its hard limit */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	fresh_tmpfs(_metadata, TOPDIR);
	ASSERT_EQ(0, mkdir(NBDIR, 0755));
	ASSERT_EQ(0, chown(NBDIR, NOBODY, NOBODY));
	ASSERT_EQ(0, mkdir(FILLDIR, 01777));
	ASSERT_EQ(0, chmod(FILLDIR, 01777));
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(fill)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(TOPDIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(fill, root_program_refused, 1200)
{
	pid_t pid[NR_ACCOUNTS];
	char path[64];
	long long start, ms;
	long total = 0, n, last;
	int i, before, after, kmsg, stable;
	bool lost;
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, subuid_setuid_copies(NBDIR, NR_ACCOUNTS));
	/* before: another user's pipe refuses nothing of root's */
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);

	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	start = now_ms();
	/* one account after the other, each until it stops making files */
	for (i = 0; i < NR_ACCOUNTS; i++) {
		snprintf(path, sizeof(path), NBDIR "/acct%d", i);
		pid[i] = start_filler(path, i);
		ASSERT_LT(0, pid[i]);
		last = -2;
		stable = 0;
		while (stable < 3 && now_ms() - start < 900 * 1000) {
			usleep(1000 * 1000);
			n = files_of(i);
			stable = n == last ? stable + 1 : 0;
			last = n;
		}
		TH_LOG("account %d (uid %d): %ld files", i, SUBUID_BASE + i,
		       last);
		total += last;
	}
	ms = now_ms() - start;
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody, %d subordinate uids: %ld files kept open for writing and mapped through their writers, in %lld ms; kernel log \"a suspect file's state was lost\": %s",
	       NR_ACCOUNTS, total, ms, lost ? "yes" : "no");

	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("root's program (installed before, never mapped through a writer), uid %d holding a page: control before %d, after %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: one user's subordinate uids filled the records past their shares (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
	for (i = 0; i < NR_ACCOUNTS; i++) {
		kill(pid[i], SIGKILL);
		waitpid(pid[i], NULL, 0);
	}
}

/*
 * As OTHER (as_user()): a memfd mapped shared and writable (a Wayland
 * client's buffer, PipeWire's, a browser's shared memory) in r[0], and a
 * file of his own in r[1]: 0 or -errno.
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

/*
 * The namespace helper of slots_test: nobody, root in his namespace with
 * his subordinate uids, gives the one copy NBDIR/slot to namespace uid
 * SLOT_BASE+i (chown, then setuid again) for each i it reads; answers
 * 'k'.
 */
static pid_t slot_helper(int *req, int *ack)
{
	const char *map = "0 65534 1\n1 100000 65536\n";
	int ready[2], go[2], rq[2], ak[2], i, fd;
	char path[64], c;
	pid_t pid;

	/* close-on-exec: the slots must not keep the helper's pipes open */
	if (pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC) ||
	    pipe2(rq, O_CLOEXEC) || pipe2(ak, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		close(rq[1]);
		close(ak[0]);
		if (become_nobody() || unshare(CLONE_NEWUSER))
			_exit(10);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(11);
		if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
			_exit(12);
		fd = subuid_copy_self(NBDIR "/slot");
		if (fd < 0)
			_exit(13);
		close(fd);
		while (read(rq[0], &i, sizeof(i)) == sizeof(i)) {
			c = !chown(NBDIR "/slot", SLOT_BASE + i,
				   SLOT_BASE + i) &&
			    !chmod(NBDIR "/slot", 06755) ? 'k' : 'e';
			if (write(ak[1], &c, 1) != 1)
				break;
		}
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	close(rq[0]);
	close(ak[1]);
	if (read(ready[0], &c, 1) != 1)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (write_text(path, map))
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (write_text(path, map))
		return -1;
	if (write(go[1], "g", 1) != 1)
		return -1;
	*req = rq[1];
	*ack = ak[0];
	return pid;
}

/* Starts, as nobody, NBDIR/slot with RT11_SLOT=@i: its answer. */
static char start_slot(int i, pid_t *pid)
{
	char *const argv[] = { NBDIR "/slot", NULL };
	char env[32], c = '?';
	int out[2];

	if (pipe2(out, O_CLOEXEC))
		return '?';
	*pid = fork();
	if (*pid == 0) {
		char *const envp[] = { env, NULL };

		snprintf(env, sizeof(env), "RT11_SLOT=%d", i);
		close(out[0]);
		dup2(out[1], 1);
		if (become_nobody())
			_exit(252);
		execve(argv[0], argv, envp);
		_exit(253);
	}
	close(out[1]);
	if (read(out[0], &c, 1) != 1)
		c = '?';
	close(out[0]);
	return c;
}

/*
 * RT11-6: the accounts that may hold suspicions (EVICTED_ACCOUNTS, 256)
 * taken by one user's subordinate uids, one suspicion each: does another
 * user still map a memfd and a file of his shared and writable?
 */
TEST_F_TIMEOUT(fill, other_users_map, 600)
{
	static pid_t pids[NR_SLOTS];
	struct steps s;
	int req, ack, i, made = 0;
	pid_t helper;
	char c;

	SKIPPED_IN_SETUP();
	as_user(_metadata, OTHER, map_like_a_desktop, FILLDIR "/u-before", &s,
		NULL);
	TH_LOG("uid %d before: memfd mapping %d, own file mapping %d", OTHER,
	       s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(0, s.r[1]);
	helper = slot_helper(&req, &ack);
	ASSERT_LT(0, helper);
	for (i = 0; i < NR_SLOTS; i++) {
		if (write(req, &i, sizeof(i)) != sizeof(i) ||
		    read(ack, &c, 1) != 1 || c != 'k')
			break;
		if (start_slot(i, &pids[i]) != 'k')
			break;
		made++;
	}
	close(req);
	close(ack);
	waitpid(helper, NULL, 0);
	TH_LOG("nobody's subordinate uids holding one suspicion each: %d", made);
	EXPECT_EQ(NR_SLOTS, made);
	as_user(_metadata, OTHER, map_like_a_desktop, FILLDIR "/u-after", &s,
		NULL);
	TH_LOG("uid %d after: memfd mapping %d, own file mapping %d (0: mapped)",
	       OTHER, s.r[0], s.r[1]);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("BROKE: another user's shared memory (memfd) refused");
	}
	EXPECT_EQ(0, s.r[1]) {
		TH_LOG("BROKE: another user's mapping of his own file through a writer refused");
	}
	for (i = 0; i < made; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

TEST_HARNESS_MAIN
