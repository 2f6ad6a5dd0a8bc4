// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red team round 14 (outside): RT14-1, a range of subordinate uids whose
 * OWNER is root makes its uids root's account.
 *
 * The RT13-5 fix refuses a range that covers uid 0, not one that root
 * owns.  LXD (and Incus) run their containers on root's subordinate uids
 * (LXD's idmap documentation: it checks /etc/subuid "for allocations for
 * the root user"; "root:1000000:1000000000" is the usual line; podman's
 * rootful --userns=auto uses the "containers" user's range).  vendorbanctl subuids hands that line to the kernel as
 * "0 1000000 1000000000", and rate_account() (kmod/audit.c) then maps a
 * process of real uid 1000001 in the initial namespace to account uid 0:
 * root's own.
 *
 * Who runs as such a uid in the initial namespace: a container tenant
 * (root inside a namespace root made: uid 1 there is host 1000001) makes
 * a setuid copy of a program owned by his uid 1 in a directory the host
 * shares with the container (a disk device, a bind mount, without
 * nosuid), and runs it on the host as any local user; setresuid() to the
 * effective uid makes host uid 1000001 the real one (subuid.h).
 *
 * root_range_flood_hides_root: with "0 1000000 1000000000" and nobody's
 *   own "65534 100000 65536" in force, nobody floods denied execs from
 *   two of the tenant's setuid copies (real uids 1000001, 1000002); a
 *   root service without CAP_AUDIT_CONTROL and uid 1001 are refused
 *   meanwhile.  Promised (README, audit.c): one user's flood does not
 *   hide another account's denials, and a user cannot make his flood
 *   count against another account.  Checked: each victim denial named in
 *   a record; no summary of uid=0 carries denials of the flood.
 * root_range_suspicions_unbounded (module form): the module bounds each
 *   account's suspicions (suspicions_per_account) except root's own
 *   (charged_account(): "uid 0 outside any user namespace" are not
 *   counted); a control fill from nobody's own subordinate uid is refused
 *   at the bound, then the tenant's copy fills past it: refused at the
 *   bound (promised), else the records past EVICTED_FULL and root's
 *   programs while another user holds a page of each.
 *
 * range_over_user_hides_him (RT14-2, an admin's typo): "1000 1001 16"
 *   (alice's range written over bob's uid, 1001); uid 1000 floods denied
 *   execs as herself while uid 1001 is refused twice.  Checked: each of
 *   his denials named in a record.
 *
 * The setuid copies are this binary: started with VB_RR_FLOOD=ms or
 * VB_RR_FILL=n (a constructor runs them before the harness).
 */
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define VB_SUBUIDS	VB_DIR "/subuids"
#define DIR		"/tmp/vbrr"
#define NBDIR		DIR "/nb"
#define SHARED		DIR "/shared"
#define FILL_DIR	DIR "/fill"
#define BANNED		FIX_BIN "banned-rsa2048-nocert"
#define BAN_POLICY	"ban-by-issuer-serial"
#define PROG		FIX_BIN "unsigned"
#define FLOOD_FILES	64
#define NR_FLOODERS	2
#define VICTIM		1001
#define HOLDER		1000
#define FLOOD_MS	6000
/* Incus's (and LXD's) line, root:1000000:1000000000, as the tool writes it */
#define ROOT_BASE	1000000
#define RANGES		"65534 100000 65536\n0 1000000 1000000000\n"
#define RANGES_READ	"65534 100000 65536\n0 1000000 1000000000\n"
/* the container: its uids 0..65535 are host ROOT_BASE.. (root made it) */
#define TENANT_MAP	"0 1000000 65536\n"
/* past EVICTED_FULL (49,152) once the table (4,096) has evicted */
#define FILL_MAX	56000
#define FILL_KEEP	6000
#define FILL_SECONDS	600
#define TARGETS		8

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
 * As the copy's uid: fresh files in FILL_DIR, each mapped MAP_SHARED
 * through an O_RDWR descriptor and kept mapped until FILL_KEEP later
 * (evicted from the table while writable: recorded), up to @max or the
 * first refused mapping.  Writes "files refused ms" to fd 3.
 */
static void fill(int max)
{
	static void *maps[FILL_KEEP];
	long long start = now_ms();
	char path[96], line[96];
	int fd, i, refused = 0, n;
	void *p;

	for (i = 0; i < max && now_ms() - start < FILL_SECONDS * 1000LL; i++) {
		snprintf(path, sizeof(path), FILL_DIR "/%u-%d", getuid(), i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			refused = -errno;
			break;
		}
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			refused = errno;
			close(fd);
			break;
		}
		close(fd);
		maps[i % FILL_KEEP] = p;
		if (i + 1 >= FILL_KEEP) {
			munmap(maps[(i + 1) % FILL_KEEP], 4096);
			maps[(i + 1) % FILL_KEEP] = NULL;
		}
	}
	n = snprintf(line, sizeof(line), "%d %d %lld\n", i, refused,
		     now_ms() - start);
	if (write(3, line, n) != n)
		_exit(249);
}

/*
 * The setuid copies: started with VB_RR_FLOOD=<ms> or VB_RR_FILL=<n>;
 * make the real uid the effective one (allowed to anyone), then flood
 * (exit status: denials / 8, at most 250) or fill (result on fd 3).
 */
__attribute__((constructor)) static void rootrange_copy(void)
{
	const char *ms = getenv("VB_RR_FLOOD"), *n = getenv("VB_RR_FILL");
	int denied;

	if (!ms && !n)
		return;
	if (subuid_become_effective())
		_exit(251);
	if (n) {
		fill(atoi(n));
		_exit(0);
	}
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

static void banned_copy(struct __test_metadata *const _metadata,
			const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), DIR "/%s", name);
	copy_file(_metadata, BANNED, path);
	ASSERT_EQ(0, chmod(path, 0755));
}

/*
 * The container tenant: root makes a user namespace (as Incus does, its
 * uids 0..65535 host ROOT_BASE..), and its root makes @dir/acct<i> for
 * i < @n, a copy of this program owned by its uid 1+i (host
 * ROOT_BASE+1+i), setuid and setgid.  @dir is shared with the host and
 * writable by host ROOT_BASE.  0, or the step that failed.
 */
static int tenant_setuid_copies(const char *dir, int n)
{
	int ready[2], go[2], status, i, fd;
	char path[128], c;
	pid_t pid;

	if (pipe(ready) || pipe(go))
		return 1;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare(CLONE_NEWUSER))
			_exit(10);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(11);
		if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
			_exit(12);
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/acct%d", dir, i);
			fd = subuid_copy_self(path);
			if (fd < 0)
				_exit(13);
			if (fchown(fd, 1 + i, 1 + i))
				_exit(14);
			if (fchmod(fd, 06755))
				_exit(15);
			close(fd);
		}
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c, 1) != 1)
		return 3;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (write_text(path, TENANT_MAP))
		return 4;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (write_text(path, TENANT_MAP))
		return 5;
	if (write(go[1], "g", 1) != 1)
		return 6;
	waitpid(pid, &status, 0);
	return WEXITSTATUS(status);
}

/*
 * Starts, as nobody, the setuid copy @path with @env; fd 3 of it is
 * @out3 if >= 0.  Its pid.
 */
static pid_t start_copy(const char *path, const char *env, int out3)
{
	char *const argv[] = { (char *)path, NULL };
	pid_t pid = fork();

	if (pid == 0) {
		char *const envp[] = { (char *)env, NULL };

		if (out3 >= 0 && dup2(out3, 3) != 3)
			_exit(254);
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

static int write_subuids(const char *text)
{
	return write_once(VB_SUBUIDS, text, strlen(text), 0);
}

/* The tenant's copies, made and checked: their paths in @paths. */
static void tenant_copies(struct __test_metadata *const _metadata,
			  char paths[][64], int n)
{
	struct stat st;
	int i;

	ASSERT_EQ(0, tenant_setuid_copies(SHARED, n));
	for (i = 0; i < n; i++) {
		snprintf(paths[i], 64, SHARED "/acct%d", i);
		ASSERT_EQ(0, stat(paths[i], &st));
		ASSERT_EQ((uid_t)(ROOT_BASE + 1 + i), st.st_uid);
		ASSERT_EQ(06755U, st.st_mode & 07777);
	}
}

FIXTURE(rr) {};

FIXTURE_SETUP(rr)
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
	banned_copy(_metadata, "v0");
	banned_copy(_metadata, "svc0");
	banned_copy(_metadata, "svc1");
	banned_copy(_metadata, "flush");
	ASSERT_EQ(0, mkdir(NBDIR, 0755));
	ASSERT_EQ(0, chown(NBDIR, NOBODY, NOBODY));
	ASSERT_EQ(0, mkdir(SHARED, 0755));
	ASSERT_EQ(0, chown(SHARED, ROOT_BASE, ROOT_BASE));
	ASSERT_EQ(0, mkdir(FILL_DIR, 0777));
	ASSERT_EQ(0, chmod(FILL_DIR, 0777));
	ASSERT_EQ(0, write_subuids(RANGES));
}

FIXTURE_TEARDOWN(rr)
{
	SKIPPED_IN_SETUP();
	write_subuids("\n");
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(rr, root_range_flood_hides_root, 120)
{
	const char *victims[] = { "v0", "svc0", "svc1" };
	char paths[NR_FLOODERS][64], *set, env[32], path[64];
	int i, status, missing_root = 0, missing_user = 0, ret[3];
	pid_t pid[NR_FLOODERS];
	off_t mark;

	SKIPPED_IN_SETUP();
	set = read_whole(VB_SUBUIDS, &(size_t){ 0 });
	EXPECT_STREQ(RANGES_READ, set ? set : "(no file)");
	free(set);
	tenant_copies(_metadata, paths, NR_FLOODERS);
	usleep(1200 * 1000);
	mark = audit_mark();
	snprintf(env, sizeof(env), "VB_RR_FLOOD=%d", FLOOD_MS);
	for (i = 0; i < NR_FLOODERS; i++) {
		pid[i] = start_copy(paths[i], env, -1);
		ASSERT_LT(0, pid[i]);
	}
	usleep(1500 * 1000);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), DIR "/%s", victims[i]);
		ret[i] = victim_exec(i ? 0 : VICTIM, path);
		usleep(600 * 1000);
	}
	for (i = 0; i < NR_FLOODERS; i++) {
		waitpid(pid[i], &status, 0);
		TH_LOG("flooder %s (nobody, setuid to %u): exit %d (denials / 8)",
		       paths[i], ROOT_BASE + 1 + i, WEXITSTATUS(status));
		EXPECT_GT(250, WEXITSTATUS(status));
		EXPECT_LT(1, WEXITSTATUS(status));	/* the flood ran */
	}
	/* a new policy moves the repeats to summaries; root's exec writes them */
	use_policy(_metadata, BAN_POLICY);
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(300 * 1000);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(-EACCES, ret[i]);
		if (named(mark, victims[i]))
			continue;
		TH_LOG("%s's denial of " DIR "/%s: no record names it",
		       i ? "the root service (uid 0, no CAP_AUDIT_CONTROL)" :
		       "uid 1001", victims[i]);
		if (i)
			missing_root++;
		else
			missing_user++;
	}
	TH_LOG("the flood's records (real uid 100000x) and the summaries:");
	audit_count_lines(_metadata, mark, (const char *const[]){
		"type=1316 ", "op=exec", " uid=100000", NULL }, true);
	audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", NULL }, true);
	EXPECT_EQ(0, missing_user);
	EXPECT_EQ(0, missing_root) {
		TH_LOG("BROKE: a user's flood from uids of root's range took root's account; root's service's denials went unnamed");
	}
	/* the flood is nobody's doing: no summary may put it on root */
	EXPECT_EQ(0, audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", " uid=0 ", NULL }, false)) {
		TH_LOG("BROKE: the flood from uids of root's range is summarised as root's (uid=0)");
	}
}

/* Runs the setuid copy @path as nobody filling up to @max: its result. */
static void run_fill(struct __test_metadata *const _metadata,
		     const char *path, int max, int *files, int *refused,
		     long long *ms)
{
	char env[32], buf[96] = "";
	int p[2], status;
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	snprintf(env, sizeof(env), "VB_RR_FILL=%d", max);
	pid = start_copy(path, env, p[1]);
	ASSERT_LT(0, pid);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	waitpid(pid, &status, 0);
	ASSERT_LT(0, n) {
		TH_LOG("the fill of %s said nothing (exit %d)", path,
		       WEXITSTATUS(status));
	}
	buf[n] = '\0';
	ASSERT_EQ(3, sscanf(buf, "%d %d %lld", files, refused, ms));
}

/* Root runs each of TARGETS programs while uid HOLDER holds its page. */
static int refused_while_held(struct __test_metadata *const _metadata)
{
	char path[96];
	int i, r, refused = 0;

	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), DIR "/prog%d", i);
		r = run_while_held(_metadata, path, HOLDER);
		if (r != HELLO_EXIT) {
			TH_LOG("root runs %s while uid %d holds a page: %d (42: ran)",
			       path, HOLDER, r);
			refused++;
		}
	}
	return refused;
}

TEST_F_TIMEOUT(rr, root_range_suspicions_unbounded, 1800)
{
	long bound = vb_module_param("suspicions_per_account");
	char tenant[1][64], path[96];
	int files, refused, i, kmsg, n;
	bool lost;
	long long ms;

	SKIPPED_IN_SETUP();
	if (bound < 0)
		SKIP(return, "the built-in form has no bound on suspicions");
	/* root's programs, installed before; never mapped */
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), DIR "/prog%d", i);
		copy_file(_metadata, PROG, path);
		ASSERT_EQ(0, chmod(path, 0755));
	}
	ASSERT_EQ(0, subuid_setuid_copies(NBDIR, 1));
	tenant_copies(_metadata, tenant, 1);

	/* control: nobody's own subordinate uid is his account, bounded */
	run_fill(_metadata, NBDIR "/acct0", (int)bound + 512, &files,
		 &refused, &ms);
	TH_LOG("control: setuid copy to %d (nobody's range): %d files mapped through a writer in %lld ms, then %s (bound %ld)",
	       SUBUID_BASE, files, ms, refused ? strerror(refused) : "no refusal",
	       bound);
	EXPECT_EQ(EACCES, refused);
	EXPECT_GE(bound + 1, files);

	kmsg = kmsg_mark();
	run_fill(_metadata, tenant[0], FILL_MAX, &files, &refused, &ms);
	TH_LOG("tenant's setuid copy to %d (root's range), run by nobody: %d files mapped through a writer in %lld ms, then %s (bound %ld)",
	       ROOT_BASE + 1, files, ms,
	       refused ? strerror(refused > 0 ? refused : -refused) :
	       "no refusal", bound);
	lost = kmsg >= 0 && kmsg_wait(kmsg, 3000, "vendorban",
				      "a suspect file's state was lost");
	if (kmsg >= 0)
		close(kmsg);
	TH_LOG("kernel log \"a suspect file's state was lost\": %s",
	       lost ? "yes" : "no");
	n = refused_while_held(_metadata);
	TH_LOG("root's %d programs installed before the fill, uid %d holding a page of each: %d refused",
	       TARGETS, HOLDER, n);
	EXPECT_EQ(EACCES, refused) {
		TH_LOG("BROKE: a user's process in root's range is not bounded (root's own suspicions are not counted)");
	}
	EXPECT_GE(bound + 1, files);
	EXPECT_FALSE(lost);
	EXPECT_EQ(0, n);
}

TEST_F_TIMEOUT(rr, range_over_user_hides_him, 120)
{
	const char *victims[] = { "v0", "svc0" };
	int i, status, missing = 0, ret[2];
	char path[64];
	off_t mark;
	pid_t pid;

	SKIPPED_IN_SETUP();
	/* alice (1000) owns 1001..1016: bob's uid 1001 among them */
	ASSERT_EQ(0, write_subuids("1000 1001 16\n"));
	usleep(1200 * 1000);
	mark = audit_mark();
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int denied;

		if (become_user(1000))
			_exit(251);
		denied = flood(0, FLOOD_MS);
		_exit(denied / 8 > 250 ? 250 : denied / 8);
	}
	usleep(1500 * 1000);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), DIR "/%s", victims[i]);
		ret[i] = victim_exec(VICTIM, path);
		usleep(600 * 1000);
	}
	waitpid(pid, &status, 0);
	TH_LOG("uid 1000's flood: exit %d (denials / 8)", WEXITSTATUS(status));
	EXPECT_LT(1, WEXITSTATUS(status));
	use_policy(_metadata, BAN_POLICY);
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(1200 * 1000);
	EXPECT_EQ(-EACCES, run_exec(_metadata, DIR "/flush", NULL));
	usleep(300 * 1000);
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(-EACCES, ret[i]);
		if (!named(mark, victims[i])) {
			missing++;
			TH_LOG("uid 1001's denial of " DIR "/%s: no record names it",
			       victims[i]);
		}
	}
	TH_LOG("the summaries:");
	audit_count_lines(_metadata, mark, (const char *const[]){
		"op=summary", NULL }, true);
	EXPECT_EQ(0, missing) {
		TH_LOG("BROKE: a range over another user's uid (taken by the tool in silence) makes him the owner's account: her flood hides his denials");
	}
}

TEST_HARNESS_MAIN
