// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a user's subordinate uids are his account
 *
 * kmod/audit.c bounds its records per account (2 a second, 6 in all) so
 * that one user's flood does not hide another's denials.  An account in
 * the initial user namespace is a real uid, and a user with subordinate
 * uids (/etc/subuid; newuidmap maps them into his namespace) makes setuid
 * copies of a program owned by each of them there and runs them outside
 * it: a real uid, so an account, per subordinate uid; 4 take the whole
 * global budget (redteam11 RT11-1).  Root hands the kernel /etc/subuid's
 * ranges (securityfs subuids, vendorbanctl subuids) and each uid of a
 * range counts as its owner (kmod/owners.c).
 *
 * subuid_flood_is_the_owners: nobody, owner of 100000..165535, floods
 *   denied execs from 4 setuid copies (real uids 100000..100003); uid 1001
 *   and a root service without CAP_AUDIT_CONTROL are refused meanwhile: a
 *   record names each of their denials, and the flood's summaries are
 *   nobody's (uid=65534), none of a subordinate uid.
 * root_range_is_not_root: the same with the range root's (LXD's and
 *   Incus' containers' uids): the victims named, the flood summarised as
 *   the range's account (uid=100000), none as root's (redteam14 RT14-1).
 * subuids_file: the file reads back canonical (sorted, one form), a bad
 *   text is refused with EINVAL, its line and reason audited, and the old
 *   set kept; too long a text E2BIG; root without CAP_MAC_ADMIN EPERM.
 *
 * The flooder is this binary: copied, setuid, started with VB_FLOOD=ms
 * (a constructor runs it before the harness).
 */
#include <linux/capability.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define VB_SUBUIDS	VB_DIR "/subuids"
#define DIR		"/tmp/vbsub"
#define NBDIR		DIR "/nb"
#define BANNED		FIX_BIN "banned-rsa2048-nocert"
#define BAN_POLICY	"ban-by-issuer-serial"
#define FLOOD_FILES	64
#define NR_ACCOUNTS	4
#define VICTIM		1001
#define FLOOD_MS	6000
/* nobody's subordinate uids, as the copies' map gives them (subuid.h) */
#define NOBODY_RANGE	"65534 100000 65536\n"
/* the same uids as root's (a container host's: LXD, Incus) */
#define ROOT_RANGE	"0 100000 65536\n"

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
 * The flooder: started setuid to a subordinate uid with VB_FLOOD=<ms>;
 * makes its real uid the effective one (allowed to anyone), floods,
 * exits with denials / 8 (at most 250).
 */
__attribute__((constructor)) static void subuid_flooder(void)
{
	const char *ms = getenv("VB_FLOOD");
	int denied;

	if (!ms)
		return;
	if (subuid_become_effective())
		_exit(251);
	denied = flood((int)((geteuid() + getpid()) % FLOOD_FILES), atoll(ms));
	_exit(denied / 8 > 250 ? 250 : denied / 8);
}

/* Drops @cap from every set of this (root) process: 0 or -1. */
static int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int i = cap / 32;
	__u32 bit = 1U << (cap % 32);

	if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
		return -1;
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

/* Runs @path as @uid, or as root without CAP_AUDIT_CONTROL (@uid 0). */
static int victim_exec(uid_t uid, const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (uid ? become_user(uid) : drop_cap(CAP_AUDIT_CONTROL))
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

/* Starts, as nobody, @path with VB_FLOOD=FLOOD_MS: its pid. */
static pid_t start_flooder(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	char env[32];
	pid_t pid = fork();

	if (pid == 0) {
		char *const envp[] = { env, NULL };

		snprintf(env, sizeof(env), "VB_FLOOD=%d", FLOOD_MS);
		if (become_nobody())
			_exit(252);
		execve(path, argv, envp);
		_exit(253);
	}
	return pid;
}

/* Whether a decision record after @mark names DIR/@name. */
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
 * " reason=" and @text in upper-case hex, as the audit subsystem logs an
 * untrusted string with a space in it, into @buf.
 */
static void hex_field(char *buf, size_t size, const char *text)
{
	size_t n = snprintf(buf, size, " reason=");

	for (; *text && n + 3 <= size; text++)
		n += snprintf(buf + n, size - n, "%02X", (unsigned char)*text);
}

/* The set in force, read back (malloc()ed), or NULL. */
static char *read_subuids(void)
{
	size_t len;

	return read_whole(VB_SUBUIDS, &len);
}

static int write_subuids(const char *text)
{
	return write_once(VB_SUBUIDS, text, strlen(text), 0);
}

FIXTURE(sub) {};

FIXTURE_SETUP(sub)
{
	char name[16];
	int i;

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
	fresh_tmpfs(_metadata, DIR);
	ASSERT_EQ(0, chmod(DIR, 0755));
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
	banned_copy(_metadata, "flush2");
	ASSERT_EQ(0, mkdir(NBDIR, 0755));
	ASSERT_EQ(0, chown(NBDIR, NOBODY, NOBODY));
}

FIXTURE_TEARDOWN(sub)
{
	SKIPPED_IN_SETUP();
	write_subuids("\n");
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

/*
 * Floods from the NR_ACCOUNTS setuid copies as nobody; meanwhile uid
 * VICTIM execs v0..v2 and a root service svc0, svc1.  Returns how many
 * of those five denials no record names.
 */
static int flood_and_victims(struct __test_metadata *const _metadata,
			     char paths[][64], off_t mark)
{
	const char *victims[] = { "v0", "v1", "v2", "svc0", "svc1" };
	pid_t pid[NR_ACCOUNTS];
	int i, status, missing = 0, ret[5];
	char path[64];

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
	/* 250: 2,000 denials or more (a fast host); 251..253: it failed */
	for (i = 0; i < NR_ACCOUNTS; i++) {
		waitpid(pid[i], &status, 0);
		TH_LOG("flooder %d: exit %d (denials / 8)", i,
		       WEXITSTATUS(status));
		EXPECT_GE(250, WEXITSTATUS(status));
		EXPECT_LT(1, WEXITSTATUS(status));	/* the flood ran */
	}
	/*
	 * a new policy moves the repeats to summaries; root's execs write
	 * them (two files: a repeat of root's own would be a summary of uid 0)
	 */
	use_policy(_metadata, BAN_POLICY);
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush2", NULL));
	usleep(300 * 1000);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(-EACCES, ret[i]);
		if (!named(mark, victims[i])) {
			missing++;
			TH_LOG("%s's denial of " DIR "/%s: no record names it",
			       i < 3 ? "uid 1001" : "the root service",
			       victims[i]);
		}
	}
	return missing;
}

/* nobody's setuid copies NBDIR/acct<i>, owned by SUBUID_BASE + i. */
static void setuid_copies(struct __test_metadata *const _metadata,
			  char paths[][64])
{
	struct stat st;
	int i;

	ASSERT_EQ(0, subuid_setuid_copies(NBDIR, NR_ACCOUNTS));
	for (i = 0; i < NR_ACCOUNTS; i++) {
		snprintf(paths[i], 64, NBDIR "/acct%d", i);
		ASSERT_EQ(0, stat(paths[i], &st));
		ASSERT_EQ((uid_t)(SUBUID_BASE + i), st.st_uid);
		ASSERT_EQ(06755U, st.st_mode & 07777);
	}
}

/* Puts @range in force and checks it reads back. */
static void set_range(struct __test_metadata *const _metadata,
		      const char *range)
{
	char *set;

	EXPECT_EQ(0, write_subuids(range));
	set = read_subuids();
	EXPECT_STREQ(range, set ? set : "(no file)");
	free(set);
}

/* The flood and the victims (flood_and_victims()), all five named. */
static off_t flood_all_named(struct __test_metadata *const _metadata,
			     char paths[][64])
{
	off_t mark;

	usleep(1200 * 1000);
	mark = audit_mark();
	EXPECT_EQ(0, flood_and_victims(_metadata, paths, mark)) {
		TH_LOG("the summaries:");
		audit_count_lines(_metadata, mark, (const char *const[]){
			"op=summary", NULL }, true);
	}
	/* the flood ran as the subordinate uids */
	EXPECT_LE(1, audit_count_lines(_metadata, mark, (const char *const[]){
		"type=1316 ", "op=exec", " uid=10000", NULL }, false));
	return mark;
}

TEST_F_TIMEOUT(sub, subuid_flood_is_the_owners, 120)
{
	char paths[NR_ACCOUNTS][64];
	off_t mark;

	SKIPPED_IN_SETUP();
	set_range(_metadata, NOBODY_RANGE);
	setuid_copies(_metadata, paths);
	mark = flood_all_named(_metadata, paths);
	/* nobody's account, none of a subordinate uid */
	EXPECT_LE(1, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=65534 ", NULL }, false));
	EXPECT_EQ(0, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=10000", NULL }, true));
}

/*
 * A range root owns (LXD's and Incus' containers take theirs from
 * /etc/subuid's root line) is an account of its own, named by its first
 * uid, not root's: a tenant's setuid copies run on the host do not take
 * root services' records (redteam14 RT14-1: they did, summarised as
 * uid=0).
 */
TEST_F_TIMEOUT(sub, root_range_is_not_root, 120)
{
	char paths[NR_ACCOUNTS][64];
	off_t mark;

	SKIPPED_IN_SETUP();
	set_range(_metadata, ROOT_RANGE);
	setuid_copies(_metadata, paths);
	mark = flood_all_named(_metadata, paths);
	EXPECT_LE(1, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=100000 ", NULL }, false));
	EXPECT_EQ(0, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=0 ", NULL }, true));
}

TEST_F(sub, subuids_file)
{
	const char *canon = "1000 100000 65536\n1001 165536 65536\n";
	size_t too_long = 2 * 16384 * 33 + 1;	/* VENDORBAN_SUBUIDS_TEXT_MAX + 1 */
	char *big, *set, *rec, want[256];
	off_t mark;
	pid_t pid;
	int status;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, write_subuids("# two users\n1001  165536\t65536\n\n"
				   "1000 100000 65536"));
	set = read_subuids();
	ASSERT_NE(NULL, set);
	EXPECT_STREQ(canon, set);
	free(set);

	/* refused with its line and reason; the set in force stays */
	mark = audit_mark();
	EXPECT_EQ(-EINVAL, write_subuids("1000 100000 65536\n1001 165535 2\n"));
	hex_field(want, sizeof(want),
		  "line 2: uids 165535-165536 overlap those of line 1");
	rec = audit_wait(mark, WAIT_MS, "op=subuids", " res=0");
	ASSERT_NE(NULL, rec);
	EXPECT_NE(NULL, strstr(rec, want))
		TH_LOG("%s", rec);
	free(rec);
	EXPECT_EQ(-EINVAL, write_subuids("1000 100000 10\n100005 5 1\n"));
	EXPECT_EQ(-EINVAL, write_subuids("1000 4294967295 1\n"));
	EXPECT_EQ(-EINVAL, write_once(VB_SUBUIDS, "1000 1 1\n", 9, 1));
	big = malloc(too_long);
	ASSERT_NE(NULL, big);
	memset(big, '\n', too_long);
	EXPECT_EQ(-E2BIG, write_once(VB_SUBUIDS, big, too_long, 0));
	free(big);
	set = read_subuids();
	EXPECT_STREQ(canon, set ? set : "(no file)");
	free(set);

	/* root without CAP_MAC_ADMIN may not change it */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (drop_cap(CAP_MAC_ADMIN))
			_exit(1);
		_exit(write_subuids("\n") == -EPERM ? 0 : 2);
	}
	waitpid(pid, &status, 0);
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* a blank text: no ranges */
	mark = audit_mark();
	EXPECT_EQ(0, write_subuids("\n"));
	set = read_subuids();
	EXPECT_STREQ("", set ? set : "(no file)");
	free(set);
	rec = audit_wait(mark, WAIT_MS, "op=subuids", " ranges=0 ", " res=1");
	EXPECT_NE(NULL, rec);
	free(rec);
}

TEST_HARNESS_MAIN
