// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the accounts of the bound on the record rate
 *
 * kmod/audit.c rate_account(): an account is a real uid; for a process in
 * a user namespace, the uid that created the outermost one; when that is
 * root (a container: LXD, Incus, systemd-nspawn -U), the outermost
 * namespace itself, summarised as uid=? userns=<inum> userns_root=<uid>
 * (redteam9 RT9-2: before, every such container was account 0, root's).
 * At most 2 records per account in any second.  These tests hold the
 * choice to what cannot be multiplied:
 *
 * container_summary_names_it: a flood in a container root made is
 *   summarised under its namespace and its root's host uid, not uid=0.
 * container_uids_one_account: root in a container switches among the
 *   uids root mapped for it (here 4): still 2 records in any second, one
 *   account (keying by host uid would give it 4 accounts, the whole
 *   global budget).
 * own_userns_one_account: an unprivileged user's own user namespace is
 *   his account: his flood inside it and outside share his 2 records and
 *   are summarised as his uid.
 *
 * A decision record's time is the audit stamp, msg=audit(SEC.MS:SERIAL):
 * the kernel counts in jiffies over HZ + 1, so the third record of one
 * account is decided more than a second after its first.  The stamp is
 * taken when the record starts, after that decision: on a loaded TCG
 * host the two were seen 92 ms apart, so three stamps of one account came
 * 908 ms apart.  The windows are 500 ms: one account puts at most 2
 * records in one unless a stamp lags its decision by half a second, and
 * a second account puts 3 or more in one, its flood starting with the
 * first (4 accounts: 8 records in a second).
 */
#include <sched.h>

#include "attacker.h"
#include "common.h"

#define DIR		"/tmp/vbacct"
#define BANNED		FIX_BIN "banned-rsa2048-nocert"
#define BAN_POLICY	"ban-by-issuer-serial"
#define FLOOD_FILES	32
#define FLOOD_MS	3000
#define HOST_BASE	300000
#define NR_UIDS		4
#define WINDOW_MS	500

struct shared {
	volatile int stop;
	volatile int execs;
	volatile int denied;
};

static struct shared *shared_new(void)
{
	struct shared *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (s == MAP_FAILED)
		return NULL;
	memset(s, 0, sizeof(*s));
	return s;
}

/* Denied execs of DIR/f<first + n * step> in turn until stopped. */
static void flood(struct shared *s, int first, int step)
{
	char path[64];
	int i = first;

	while (!s->stop) {
		snprintf(path, sizeof(path), DIR "/f%02d", i);
		i = (i + step) % FLOOD_FILES;
		if (exec_here(path) == -EACCES)
			__atomic_add_fetch(&s->denied, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&s->execs, 1, __ATOMIC_RELAXED);
	}
}

/*
 * Root's container: a child in a user namespace root creates (owner uid
 * 0), NR_UIDS uids from HOST_BASE mapped; it runs NR_UIDS (@spread) or 1
 * flooders, as uids 0..NR_UIDS-1 of the namespace.  Returns its pid
 * (its /proc/PID/ns/user is the namespace), or -1.
 */
static pid_t root_container(struct shared *s, bool spread)
{
	int ready[2], go[2], i, n = spread ? NR_UIDS : 1;
	char path[64], map[64], c;
	pid_t pid;

	if (pipe(ready) || pipe(go))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare(CLONE_NEWUSER))
			_exit(210);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(211);
		for (i = 0; i < n; i++) {
			if (fork() == 0) {
				if (setgroups(0, NULL) || setresgid(i, i, i) ||
				    setresuid(i, i, i))
					_exit(212);
				flood(s, i, n);
				_exit(0);
			}
		}
		while (wait(NULL) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c, 1) != 1)
		return -1;
	snprintf(map, sizeof(map), "0 %u %u", HOST_BASE, NR_UIDS);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (write_text(path, map))
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (write_text(path, map))
		return -1;
	if (write(go[1], "g", 1) != 1)
		return -1;
	close(ready[0]);
	close(go[1]);
	return pid;
}

/* The inode number of @pid's user namespace, 0 if unknown. */
static unsigned long userns_of(pid_t pid)
{
	char path[64], link[64];
	unsigned long inum = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	if (sscanf(link, "user:[%lu]", &inum) != 1)
		return 0;
	return inum;
}

/*
 * Any decision of root (not bounded) writes the summaries that have room
 * (kmod/audit.c: "with the next decision of any user"), so that no count
 * of this test is left for the next one.  A repeat count stays in its
 * slot, for that denial's next record, until the repeats' 5 s window is
 * over (VENDORBAN_AUDIT_REPEAT_WINDOW) or a new policy is loaded
 * (forget_repeats(): every count goes into its account's summary at
 * once, the same move_to_summary() as at the window's end): the policy
 * is loaded again, not waited 5 s for.  Then the accounts' windows need
 * room for the summaries (2 records per account, 6 in all, in any
 * HZ + 1 jiffies: 1.2 s after the flood's last record).
 */
static void flush_summaries(struct __test_metadata *const _metadata)
{
	use_policy(_metadata, BAN_POLICY);
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(300 * 1000);
}

/* The records after @mark with every string of @subs: their audit times (ms). */
static int record_times(off_t mark, const char *const *subs,
			long long *ms, int max)
{
	size_t len;
	char *text = read_whole(AUDIT_LOG, &len), *p, *nl, *line, *a;
	unsigned long long sec;
	unsigned int milli;
	int n = 0;

	if (!text || (size_t)mark > len) {
		free(text);
		return -1;
	}
	for (p = text + mark; *p && n < max; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		line = strndup(p, nl - p);
		if (line && has_all(line, subs)) {
			a = strstr(line, "audit(");
			if (a && sscanf(a, "audit(%llu.%u:", &sec, &milli) == 2)
				ms[n++] = sec * 1000 + milli;
		}
		free(line);
	}
	free(text);
	return n;
}

/* The most of @ms (ascending) within any WINDOW_MS. */
static int most_in_window(const long long *ms, int n)
{
	int i, j, most = 0;

	for (i = 0; i < n; i++) {
		for (j = i; j < n && ms[j] - ms[i] < WINDOW_MS; j++)
			;
		if (j - i > most)
			most = j - i;
	}
	return most;
}

FIXTURE(acct) {
	struct shared *s;
};

FIXTURE_SETUP(acct)
{
	char path[64];
	int i;

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
	fresh_tmpfs(_metadata, DIR);
	ASSERT_EQ(0, chmod(DIR, 0755));
	for (i = 0; i <= FLOOD_FILES; i++) {
		if (i < FLOOD_FILES)
			snprintf(path, sizeof(path), DIR "/f%02d", i);
		else
			snprintf(path, sizeof(path), DIR "/flush");
		copy_file(_metadata, BANNED, path);
		ASSERT_EQ(0, chmod(path, 0755));
	}
	self->s = shared_new();
	ASSERT_NE(NULL, self->s);
}

FIXTURE_TEARDOWN(acct)
{
	SKIPPED_IN_SETUP();
	munmap(self->s, sizeof(*self->s));
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

/* Runs a container of root's flooding for FLOOD_MS: its namespace's inode. */
static unsigned long container_flood(struct __test_metadata *const _metadata,
				     struct shared *s, bool spread)
{
	unsigned long inum;
	pid_t pid;

	pid = root_container(s, spread);
	ASSERT_LT(0, pid);
	inum = userns_of(pid);
	usleep(FLOOD_MS * 1000);
	s->stop = 1;
	waitpid(pid, NULL, 0);
	TH_LOG("container (userns %lu): %d execs, %d denied", inum, s->execs,
	       s->denied);
	EXPECT_EQ(s->execs, s->denied);
	EXPECT_LT(10, s->denied);
	return inum;
}

TEST_F_TIMEOUT(acct, container_summary_names_it, 60)
{
	char want[96];
	unsigned long inum;
	off_t mark;

	SKIPPED_IN_SETUP();
	usleep(1200 * 1000);
	mark = audit_mark();
	inum = container_flood(_metadata, self->s, false);
	ASSERT_NE(0UL, inum);
	flush_summaries(_metadata);
	snprintf(want, sizeof(want), " uid=? userns=%lu userns_root=%u ", inum,
		 HOST_BASE);
	EXPECT_LE(1, audit_count_lines(_metadata, mark, (const char *const[]){
		"type=1316 ", "op=summary decision=deny", want, NULL }, false)) {
		TH_LOG("no summary with \"%s\"; the summaries:", want);
		audit_count_lines(_metadata, mark, (const char *const[]){
			"op=summary", NULL }, true);
	}
	/* the container's denials are not root's */
	EXPECT_EQ(0, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=0 ", NULL }, true));
}

TEST_F_TIMEOUT(acct, container_uids_one_account, 60)
{
	long long ms[256];
	char uid[NR_UIDS][24];
	int i, n, most, users = 0;
	off_t mark;

	SKIPPED_IN_SETUP();
	usleep(1200 * 1000);
	mark = audit_mark();
	container_flood(_metadata, self->s, true);
	flush_summaries(_metadata);
	for (i = 0; i < NR_UIDS; i++) {
		snprintf(uid[i], sizeof(uid[i]), " uid=%u ", HOST_BASE + i);
		users += audit_count_lines(_metadata, mark, (const char *const[]){
			"type=1316 ", "op=exec", uid[i], NULL }, false) > 0;
	}
	n = record_times(mark, (const char *const[]){
		"type=1316 ", "lsm=vendorban", " uid=30000", NULL }, ms, 256);
	/* and the container's summaries (decision and summary records count) */
	n += record_times(mark, (const char *const[]){
		"type=1316 ", "op=summary", " userns=", NULL }, ms + n, 256 - n);
	for (i = 1; i < n; i++) {	/* insertion sort: a few dozen */
		long long t = ms[i];
		int j = i;

		for (; j > 0 && ms[j - 1] > t; j--)
			ms[j] = ms[j - 1];
		ms[j] = t;
	}
	most = most_in_window(ms, n);
	TH_LOG("%d records of the container (%d of its %d uids named), at most %d in %d ms",
	       n, users, NR_UIDS, most, WINDOW_MS);
	EXPECT_LE(2, users);	/* the flood did run as several uids */
	EXPECT_GE(2, most) {
		TH_LOG("the container's uids are more than one account:");
		audit_count_lines(_metadata, mark, (const char *const[]){
			"type=1316 ", " uid=30000", NULL }, true);
	}
}

TEST_F_TIMEOUT(acct, own_userns_one_account, 60)
{
	struct shared *s = self->s;
	long long ms[256];
	int i, n, most;
	pid_t pid[2];
	off_t mark;

	SKIPPED_IN_SETUP();
	usleep(1200 * 1000);
	mark = audit_mark();
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			if (become_nobody())
				_exit(1);
			/* the second one in his own namespace, as its root */
			if (i == 1 && (unshare(CLONE_NEWUSER) ||
				       write_text("/proc/self/uid_map", "0 65534 1")))
				_exit(2);
			flood(s, i, 2);
			_exit(0);
		}
	}
	usleep(FLOOD_MS * 1000);
	s->stop = 1;
	for (i = 0; i < 2; i++) {
		int status;

		waitpid(pid[i], &status, 0);
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	TH_LOG("nobody, outside and in his namespace: %d execs, %d denied",
	       s->execs, s->denied);
	EXPECT_EQ(s->execs, s->denied);
	flush_summaries(_metadata);
	n = record_times(mark, (const char *const[]){
		"type=1316 ", "lsm=vendorban", " uid=65534 ", NULL }, ms, 256);
	most = most_in_window(ms, n);
	TH_LOG("%d records of uid 65534, at most %d in %d ms", n, most, WINDOW_MS);
	EXPECT_LE(1, n);
	EXPECT_GE(2, most) {
		audit_count_lines(_metadata, mark, (const char *const[]){
			"type=1316 ", " uid=65534 ", NULL }, true);
	}
	EXPECT_LE(1, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=65534 ", NULL }, false));
	/* his namespace is no account of its own (its root is 65534) */
	EXPECT_EQ(0, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " userns_root=65534 ", NULL }, true));
}

TEST_HARNESS_MAIN
