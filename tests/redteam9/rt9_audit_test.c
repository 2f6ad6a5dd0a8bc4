// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam9 - vendorban's bound on its own audit records, from outside
 *
 * kmod/audit.c writes at most 2 records per second per account (a real
 * uid, or for a process in a user namespace the uid that created its
 * outermost one) and 6 in all; the rest are counted and summarised
 * (op=summary uid=<account> suppressed=<n>).  README: "So one user's
 * flood never hides another user's denial"; docs/policy-format.md:
 * "audit: audit-only: the exec runs and a would-deny record is audited,
 * in every mode".  Each test asserts what the documentation promises and
 * fails where the attack works (tests/redteam9/FINDINGS.md):
 *
 * RT9-1 own_audit_only_exec_named, own_permissive_exec_named: nobody
 *   spends his 2 records on two decoys, then runs the file an audit-only
 *   rule (or permissive mode) lets run "with a record": it runs, and no
 *   record names it (a summary says only "uid=65534 suppressed=1").
 *
 * RT9-3 crash_flood_loses_others_records: under the rate limit the
 *   documentation tests and recommends (auditctl -r 100, here with -f 1),
 *   nobody crashes processes in a loop: each crash is an ANOM_ABEND record
 *   (audit_core_dumps(): no rule needed, RLIMIT_CORE 0 does not stop it)
 *   that vendorban's bound does not govern, and the kernel's rate limit
 *   drops vendorban's records of root's and uid 1001's denials as "lost":
 *   no record, no summary, not in audit_suppressed.  (Under -f 2 the same
 *   flood panics the kernel.)
 */
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "attacker.h"
#include "common.h"

#define DIR		"/tmp/rt9"
#define BANNED		FIX_BIN "banned-rsa2048-nocert"
#define BAN_POLICY	"ban-by-issuer-serial"
#define AUDIT_POLICY	"audit-by-issuer-serial"
#define VICTIM		1001

/* What the attackers' processes report, in memory shared across fork(). */
struct shared {
	volatile int stop;
	volatile int crashes;
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

/* DIR/@name: a copy of the banned program (a file, and a kind, of its own). */
static void banned_copy(struct __test_metadata *const _metadata,
			const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "/%s", name);
	copy_file(_metadata, BANNED, path);
	ASSERT_EQ(0, chmod(path, 0755));
}

/* Runs @path as @uid (become_user()) in a child: exit status or -errno. */
static int exec_as(uid_t uid, const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (become_user(uid))
			_exit(200);
		_exit(exec_here(path) & 0xff);
	}
	waitpid(pid, &status, 0);
	/* EACCES comes back as (-13 & 0xff) */
	if (WEXITSTATUS(status) == ((-EACCES) & 0xff))
		return -EACCES;
	return WEXITSTATUS(status);
}

/* Whether a decision record names DIR/@name (after @mark). */
static bool named(off_t mark, const char *name)
{
	char qpath[96], *rec;

	snprintf(qpath, sizeof(qpath), " path=\"" DIR "/%s\"", name);
	rec = audit_find_after(mark, (const char *const[]){
		"type=1316 ", "lsm=vendorban", qpath, NULL });
	free(rec);
	return rec != NULL;
}

/*
 * Any decision by root (not bounded) writes the summaries that have room
 * (kmod/audit.c: "with the next decision of any user").
 */
static void flush_summaries(struct __test_metadata *const _metadata,
			    const char *name)
{
	char path[64];

	usleep(1200 * 1000);
	banned_copy(_metadata, name);
	snprintf(path, sizeof(path), DIR "/%s", name);
	/* refused, or run under an audit-only rule or permissive mode */
	run_exec(_metadata, path, NULL);
	usleep(500 * 1000);
}

/* ---- the audit subsystem's own settings, through its netlink socket ---- */

/*
 * AUDIT_SET with @set (its mask says what), or AUDIT_GET into @get: 0 or
 * -errno.
 */
static int audit_netlink(const struct audit_status *set, struct audit_status *get)
{
	struct {
		struct nlmsghdr nlh;
		struct audit_status s;
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;
	int fd, ret = -ETIMEDOUT;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(req.s));
	req.nlh.nlmsg_type = set ? AUDIT_SET : AUDIT_GET;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | (set ? NLM_F_ACK : 0);
	req.nlh.nlmsg_seq = 9;
	if (set)
		req.s = *set;
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				if (set || ret)
					goto out;
			} else if (nlh->nlmsg_type == AUDIT_GET && get) {
				memset(get, 0, sizeof(*get));
				memcpy(get, NLMSG_DATA(nlh),
				       nlh->nlmsg_len - NLMSG_HDRLEN < sizeof(*get) ?
				       nlh->nlmsg_len - NLMSG_HDRLEN : sizeof(*get));
				ret = 0;
				goto out;
			}
		}
	}
out:
	close(fd);
	return ret;
}

static int audit_set_rate(unsigned int rate, unsigned int failure)
{
	struct audit_status s = {
		.mask = AUDIT_STATUS_RATE_LIMIT | AUDIT_STATUS_FAILURE,
		.rate_limit = rate,
		.failure = failure,
	};

	return audit_netlink(&s, NULL);
}

static long long audit_lost(void)
{
	struct audit_status s;

	return audit_netlink(NULL, &s) ? -1 : (long long)s.lost;
}

/* ---- the fixture ---- */

FIXTURE(rt9) {};

FIXTURE_SETUP(rt9)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
	fresh_tmpfs(_metadata, DIR);
}

FIXTURE_TEARDOWN(rt9)
{
	SKIPPED_IN_SETUP();
	audit_set_rate(0, 1);
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

/*
 * RT9-1: nobody's two decoys, then the audited program: it runs, and the
 * record the policy's "audit" promises is not written.
 */
static void own_exec_named(struct __test_metadata *const _metadata)
{
	long long would = read_status_field(_metadata, "would_deny");
	off_t mark;

	banned_copy(_metadata, "decoy0");
	banned_copy(_metadata, "decoy1");
	banned_copy(_metadata, "payload");
	await_audit_window();
	mark = audit_mark();
	EXPECT_EQ(HELLO_EXIT, exec_as(NOBODY, DIR "/decoy0"));
	EXPECT_EQ(HELLO_EXIT, exec_as(NOBODY, DIR "/decoy1"));
	/* the program nobody wants unseen: it runs */
	EXPECT_EQ(HELLO_EXIT, exec_as(NOBODY, DIR "/payload"));
	EXPECT_EQ(would + 3, read_status_field(_metadata, "would_deny"));
	flush_summaries(_metadata, "flush");
	EXPECT_TRUE(named(mark, "decoy0"));
	EXPECT_TRUE(named(mark, "payload")) {
		TH_LOG("BROKE: nobody ran " DIR "/payload (exit 42) and no record names it; what the log has of uid 65534:");
		audit_count_lines(_metadata, mark,
				  (const char *const[]){ "uid=65534", NULL },
				  true);
	}
}

TEST_F_TIMEOUT(rt9, own_audit_only_exec_named, 60)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, AUDIT_POLICY);
	own_exec_named(_metadata);
}

TEST_F_TIMEOUT(rt9, own_permissive_exec_named, 60)
{
	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, set_mode(_metadata, "permissive"));
	own_exec_named(_metadata);
	EXPECT_EQ(0, set_mode(_metadata, "enforce"));
}

static void crash_loop(struct shared *s)
{
	struct rlimit no_core = { 0, 0 };
	int status;
	pid_t pid;

	setrlimit(RLIMIT_CORE, &no_core);
	while (!s->stop) {
		pid = fork();
		if (pid == 0) {
			signal(SIGSEGV, SIG_DFL);
			raise(SIGSEGV);
			_exit(0);
		}
		if (pid > 0) {
			waitpid(pid, &status, 0);
			s->crashes++;
		}
	}
}

#define CRASHERS	3

TEST_F_TIMEOUT(rt9, crash_flood_loses_others_records, 120)
{
	struct shared *s = shared_new();
	long long denied, suppressed, lost;
	pid_t crasher[CRASHERS];
	char name[8], path[64];
	off_t mark;
	int i, r, missing = 0, abend;

	SKIPPED_IN_SETUP();
	ASSERT_NE(NULL, s);
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		banned_copy(_metadata, name);
	}
	usleep(1200 * 1000);
	denied = read_status_field(_metadata, "denied");
	suppressed = read_status_field(_metadata, "audit_suppressed");
	lost = audit_lost();
	mark = audit_mark();
	/* what the documentation tests (auditctl -r 100), with -f 1 */
	ASSERT_EQ(0, audit_set_rate(100, 1));

	for (i = 0; i < CRASHERS; i++) {
		crasher[i] = fork();
		ASSERT_LE(0, crasher[i]);
		if (crasher[i] == 0) {
			if (become_nobody())
				_exit(1);
			crash_loop(s);
			_exit(0);
		}
	}
	usleep(1000 * 1000);
	/* root (not bounded by vendorban) and uid 1001, each within its own bound */
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), DIR "/v%d", i);
		r = i % 2 ? exec_as(VICTIM, path) : run_exec(_metadata, path, NULL);
		EXPECT_EQ(-EACCES, r);
		usleep(600 * 1000);
	}
	s->stop = 1;
	for (i = 0; i < CRASHERS; i++)
		waitpid(crasher[i], NULL, 0);
	EXPECT_EQ(0, audit_set_rate(0, 1));
	flush_summaries(_metadata, "flush");

	abend = audit_count_lines(_metadata, mark,
				  (const char *const[]){ "type=1701 ", NULL },
				  false);
	TH_LOG("nobody: %d crashes, %d ANOM_ABEND records reached the log; audit lost +%lld",
	       s->crashes, abend, audit_lost() - lost);
	TH_LOG("denied +%lld, audit_suppressed +%lld",
	       read_status_field(_metadata, "denied") - denied,
	       read_status_field(_metadata, "audit_suppressed") - suppressed);
	audit_count_lines(_metadata, mark, (const char *const[]){
		"type=1316 ", "lsm=vendorban", NULL }, true);
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		if (!named(mark, name)) {
			missing++;
			TH_LOG("BROKE: %s's denial of " DIR "/%s: no record names it",
			       i % 2 ? "uid 1001" : "root", name);
		}
	}
	EXPECT_EQ(0, missing);
	munmap(s, sizeof(*s));
}

TEST_HARNESS_MAIN
