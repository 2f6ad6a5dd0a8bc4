// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam11 RT11-1 - one user, many audit accounts: his subordinate uids
 *
 * kmod/audit.c writes at most 2 records per second per account and 6 in
 * all, "so the records of other users are not held back by one user's
 * flood (nor by two)"; rate_account() (the fix of RT9-2): "Neither can be
 * multiplied by an unprivileged user".  An account in the initial user
 * namespace is the real uid.  A user with subordinate uids (/etc/subuid,
 * newuidmap: rootless podman, buildah, toolbox; here root writes the map
 * as newuidmap does) is root in a namespace of his where uids 1..65536
 * are host uids 100000..165535.  There he creates a copy of a program,
 * chown()s it to namespace uid 1+i (host 100000+i) and makes it setuid.
 * Run from outside the namespace (a file system mounted without nosuid:
 * /tmp, /home, /var/tmp on stock Debian), its effective uid is
 * 100000+i, and setresuid() to it makes the real uid 100000+i: a new
 * account per subordinate uid, in the initial namespace, 65,536 of them.
 * Three take the whole global budget.
 *
 * subuid_accounts_hide_others: nobody floods denied execs from
 *   NR_ACCOUNTS such accounts; uid 1001 and a root service without
 *   CAP_AUDIT_CONTROL are refused meanwhile: the test asserts that a
 *   record names each of their denials, as README promises.
 * one_account_control: the same flood from nobody's own account
 *   (NR_ACCOUNTS processes): the victims' denials are named (the design
 *   holds for one account).
 *
 * The flooder is this binary: copied, setuid, started with RT11_FLOOD=ms
 * (a constructor runs it before the harness).
 */
#include <linux/capability.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define DIR		"/tmp/rt11a"
#define NBDIR		DIR "/nb"
#define BANNED		FIX_BIN "banned-rsa2048-nocert"
#define BAN_POLICY	"ban-by-issuer-serial"
#define FLOOD_FILES	64
#define NR_ACCOUNTS	4
#define VICTIM		1001
#define FLOOD_MS	6000

/* Denied execs of DIR/fNN from @first for @ms: how many were denied. */
static int flood(int first, long long ms)
{
	long long end = now_ms() + ms;
	char path[64];
	int i = first, denied = 0;

	while (now_ms() < end) {
		snprintf(path, sizeof(path), DIR "/f%02d", i);
		i = (i + 1) % FLOOD_FILES;
		denied += exec_here(path) == -EACCES;
	}
	return denied;
}

/*
 * The flooder: started setuid to a subordinate uid (or as nobody for the
 * control) with RT11_FLOOD=<ms>; makes its real uid the effective one
 * (allowed to anyone), floods, exits with denials / 8 (at most 250).
 */
__attribute__((constructor)) static void rt11_flooder(void)
{
	const char *ms = getenv("RT11_FLOOD");
	uid_t e = geteuid();
	int denied;

	if (!ms)
		return;
	if (subuid_become_effective())
		_exit(251);
	fprintf(stderr, "# flooder: real uid %u\n", getuid());
	denied = flood((int)((e + getpid()) % FLOOD_FILES), atoll(ms));
	_exit(denied / 8 > 250 ? 250 : denied / 8);
}

/* Drops CAP_AUDIT_CONTROL from every set of this (root) process: 0 or -1. */
static int drop_audit_control(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (prctl(PR_CAPBSET_DROP, CAP_AUDIT_CONTROL, 0, 0, 0))
		return -1;
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[0].effective &= ~(1U << CAP_AUDIT_CONTROL);
	data[0].permitted &= ~(1U << CAP_AUDIT_CONTROL);
	data[0].inheritable &= ~(1U << CAP_AUDIT_CONTROL);
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

/* Runs @path as @uid, or as root without CAP_AUDIT_CONTROL (@uid 0). */
static int victim_exec(uid_t uid, const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (uid ? become_user(uid) : drop_audit_control())
			_exit(200);
		_exit(exec_here(path) & 0xff);
	}
	waitpid(pid, &status, 0);
	if (WEXITSTATUS(status) == ((-EACCES) & 0xff))
		return -EACCES;
	return WEXITSTATUS(status);
}

/* DIR/@name: a copy of the banned program. */
static void banned_copy(struct __test_metadata *const _metadata,
			const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "/%s", name);
	copy_file(_metadata, BANNED, path);
	ASSERT_EQ(0, chmod(path, 0755));
}

/* Starts, as nobody, @path with RT11_FLOOD=FLOOD_MS: its pid. */
static pid_t start_flooder(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	char env[32];
	pid_t pid = fork();

	if (pid == 0) {
		char *const envp[] = { env, NULL };

		snprintf(env, sizeof(env), "RT11_FLOOD=%d", FLOOD_MS);
		if (become_nobody())
			_exit(252);
		execve(path, argv, envp);
		_exit(253);
	}
	return pid;
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

/* Lines after @mark containing every string of @subs, logged; their count. */
static int count_lines(struct __test_metadata *const _metadata, off_t mark,
		       const char *const *subs, bool log)
{
	size_t len;
	char *text = read_whole(AUDIT_LOG, &len), *p, *nl, *line;
	int n = 0;

	if (!text || (size_t)mark > len) {
		free(text);
		return -1;
	}
	for (p = text + mark; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		line = strndup(p, nl - p);
		if (line && has_all(line, subs)) {
			n++;
			if (log)
				TH_LOG("  %s", line);
		}
		free(line);
	}
	free(text);
	return n;
}

FIXTURE(acct) {};

FIXTURE_SETUP(acct)
{
	char name[16];
	int i;

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
	fresh_tmpfs(_metadata, DIR);
	for (i = 0; i < FLOOD_FILES; i++) {
		snprintf(name, sizeof(name), "f%02d", i);
		banned_copy(_metadata, name);
	}
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		banned_copy(_metadata, name);
	}
	banned_copy(_metadata, "svc0");
	banned_copy(_metadata, "svc1");
	banned_copy(_metadata, "flush");
	ASSERT_EQ(0, mkdir(NBDIR, 0755));
	ASSERT_EQ(0, chown(NBDIR, NOBODY, NOBODY));
}

FIXTURE_TEARDOWN(acct)
{
	SKIPPED_IN_SETUP();
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

/*
 * Floods from @paths (NR_ACCOUNTS of them) as nobody; meanwhile uid
 * VICTIM execs v0..v2 and a root service svc0, svc1.  Returns how many
 * of those five denials no record names.
 */
static int flood_and_victims(struct __test_metadata *const _metadata,
			     char paths[][64])
{
	const char *victims[] = { "v0", "v1", "v2", "svc0", "svc1" };
	long long denied;
	pid_t pid[NR_ACCOUNTS];
	int i, status, missing = 0, ret[5];
	char path[64];
	off_t mark;

	usleep(1200 * 1000);
	denied = read_status_field(_metadata, "denied");
	mark = audit_mark();
	for (i = 0; i < NR_ACCOUNTS; i++) {
		pid[i] = start_flooder(paths[i]);
		ASSERT_LT(0, pid[i]);
	}
	usleep(1500 * 1000);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), DIR "/%s", victims[i]);
		ret[i] = victim_exec(i < 3 ? VICTIM : 0, path);
		usleep(600 * 1000);
	}
	for (i = 0; i < NR_ACCOUNTS; i++) {
		waitpid(pid[i], &status, 0);
		TH_LOG("flooder %s: exit %d (denials / 8)", paths[i],
		       WEXITSTATUS(status));
		EXPECT_GT(250, WEXITSTATUS(status));
		EXPECT_LT(1, WEXITSTATUS(status));
	}
	/* any decision of root (unbounded) writes the summaries with room */
	usleep(5200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(1500 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(300 * 1000);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(-EACCES, ret[i]);
	TH_LOG("denied +%lld, decision records %d, of them the flood's %d",
	       read_status_field(_metadata, "denied") - denied,
	       count_lines(_metadata, mark, (const char *const[]){
		       "type=1316 ", "lsm=vendorban", " decision=deny",
		       NULL }, false),
	       count_lines(_metadata, mark, (const char *const[]){
		       "type=1316 ", "op=exec", " uid=1000", NULL }, false) +
	       count_lines(_metadata, mark, (const char *const[]){
		       "type=1316 ", "op=exec", " uid=65534 ", NULL }, false));
	TH_LOG("the summaries:");
	count_lines(_metadata, mark, (const char *const[]){ "op=summary", NULL },
		    true);
	for (i = 0; i < 5; i++) {
		if (!named(mark, victims[i])) {
			missing++;
			TH_LOG("BROKE: %s's denial of " DIR "/%s: no record names it",
			       i < 3 ? "uid 1001" : "the root service",
			       victims[i]);
		}
	}
	return missing;
}

TEST_F_TIMEOUT(acct, subuid_accounts_hide_others, 120)
{
	char paths[NR_ACCOUNTS][64];
	struct stat st;
	int i;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, subuid_setuid_copies(NBDIR, NR_ACCOUNTS));
	for (i = 0; i < NR_ACCOUNTS; i++) {
		snprintf(paths[i], sizeof(paths[i]), NBDIR "/acct%d", i);
		ASSERT_EQ(0, stat(paths[i], &st));
		TH_LOG("%s: owner %u, mode %o (made by nobody in his namespace)",
		       paths[i], st.st_uid, st.st_mode & 07777);
		ASSERT_EQ((uid_t)(SUBUID_BASE + i), st.st_uid);
	}
	EXPECT_EQ(0, flood_and_victims(_metadata, paths));
}

TEST_F_TIMEOUT(acct, one_account_control, 120)
{
	char paths[NR_ACCOUNTS][64];
	int i;

	SKIPPED_IN_SETUP();
	/* the test binary itself, not setuid: nobody's own account */
	for (i = 0; i < NR_ACCOUNTS; i++) {
		char link[64];
		ssize_t n = readlink("/proc/self/exe", link, sizeof(link) - 1);

		ASSERT_LT(0, n);
		link[n] = '\0';
		snprintf(paths[i], sizeof(paths[i]), "%s", link);
	}
	EXPECT_EQ(0, flood_and_victims(_metadata, paths));
}

TEST_HARNESS_MAIN
