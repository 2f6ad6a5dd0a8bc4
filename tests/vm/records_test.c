// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the loadable form's records of suspicions, filled
 * by many accounts
 *
 * The loadable form records a suspicion its inode table lets go and
 * charges it to an account (kmod/module/evicted.c).  Found by the red
 * teams, each on the module form (the built-in form keeps its suspicions
 * in the inode: no records, no charges; so the built-in form's suites,
 * tests/vm/guest/suite.sh, leave this test out):
 *
 *   - redteam12, RT12-1: a file opened O_TMPFILE|O_RDWR, mapped shared
 *     and writable, unmapped and closed left a record charged to its
 *     mapper until unload, for an inode gone; six accounts (a user's
 *     subordinate uids) so filled the records to EVICTED_CLOSED, past
 *     which *every* account was refused every shared writable mapping,
 *     memfds included (others_map_after_a_fill; tmpfiles_leave_nothing
 *     with one account);
 *   - redteam11, RT11-6: 256 accounts holding one suspicion each took
 *     every account entry; any other account was refused every mapping
 *     through a writer (others_map_after_many_accounts);
 *   - redteam12, RT12-2: a user's writers mapped by a root process (a
 *     root X server mapping a client's descriptor) were charged to no
 *     account (root_maps_a_users_writers).
 *
 * The accounts here are uids a root test switches to: what a user with
 * subordinate uids reaches (setuid copies owned by them, redteam11
 * RT11-1), or as many tenants.  Where the module has the bound
 * (suspicions_per_account), it is asserted as well: the user whose
 * writers root mapped is refused at it.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/vb-records"
#define DIR_U		BASE "/u"
/* more than the default bound, 8,192 */
#define TMPFILES	10000
#define TMP_UID		40011
/* more than the 256 account entries */
#define MANY		300
#define MANY_UID	50000
#define FILLERS		6
#define FILL_UID	50400
#define FILL_MAX	8192
/* a user holding a few suspicions before the fill (files kept) */
#define FEW		8
#define FEW_UID		40023
#define OPENER		40031
/* descriptors in one SCM_RIGHTS message */
#define BATCH		200
/* root's records kept at once: below the records' 49,152 */
#define ROOT_FILL	40000
#define FDS		20000

/* The module's bound on one account's suspicions, -1 without one. */
static long bound(void)
{
	return vb_module_param("suspicions_per_account");
}

/* A fresh O_TMPFILE in @dir, open for writing: an fd or -errno. */
static int tmpfile_writer(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	return fd < 0 ? -errno : fd;
}

/* One page of @fd mapped shared and writable, then unmapped: 0 or -errno. */
static int map_shared(int fd)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

/* A memfd mapped shared and writable (a Wayland buffer): 0 or -errno. */
static void map_memfd(const char *unused, struct steps *s)
{
	int fd = memfd_create("vb-records", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, 4096)) {
		s->r[0] = -errno;
		return;
	}
	s->r[0] = map_shared(fd);
	close(fd);
}

/* A file of his own at @path mapped through a writer: 0 or -errno. */
static void map_own(const char *path, struct steps *s)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	s->r[0] = map_shared(fd);
	close(fd);
}

/*
 * As the filler: O_TMPFILE writers mapped and unmapped, each kept open,
 * until refused or FILL_MAX.  s->r[0]: how many, s->r[1]: the errno
 * that stopped it (0: none).
 */
static void fill_kept(const char *dir, struct steps *s)
{
	int fd, r;

	for (s->r[0] = 0; s->r[0] < FILL_MAX; s->r[0]++) {
		fd = tmpfile_writer(dir);
		if (fd < 0) {
			s->r[1] = -fd;
			return;
		}
		r = map_shared(fd);
		if (r) {
			s->r[1] = -r;
			return;
		}
	}
}

/* Sends @n descriptors over @sock (SCM_RIGHTS): 0 or -1. */
static int send_fds(int sock, const int *fds, int n)
{
	char ctl[CMSG_SPACE(sizeof(int) * BATCH)] = { 0 };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = CMSG_SPACE(sizeof(int) * n),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Receives descriptors into @fds (room for BATCH): how many, 0 at EOF. */
static int recv_fds(int sock, int *fds)
{
	char ctl[CMSG_SPACE(sizeof(int) * BATCH)], b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *c;
	int n;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return 0;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return 0;
	n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
	return n;
}

/*
 * In a child as @uid: @n O_TMPFILE writers in @dir, each mapped first
 * if @map, sent to the parent over @sock in batches; exits 0, or the
 * errno of the first failure.
 */
static void __attribute__((noreturn))
send_writers(int sock, uid_t uid, const char *dir, int n, bool map)
{
	int fds[BATCH], i, k = 0, r;

	if (become_user(uid))
		_exit(100);
	for (i = 0; i < n; i++) {
		fds[k] = tmpfile_writer(dir);
		if (fds[k] < 0)
			_exit(-fds[k]);
		r = map ? map_shared(fds[k]) : 0;
		if (r)
			_exit(-r);
		if (++k == BATCH || i + 1 == n) {
			if (send_fds(sock, fds, k))
				_exit(101);
			while (k)
				close(fds[--k]);
		}
	}
	_exit(0);
}

/*
 * Runs send_writers() in a child and receives what it sends into
 * @fds + *@nfds (room for FDS in all).  Returns the child's exit status.
 */
static int take_writers(uid_t uid, int n, bool map, int *fds, int *nfds)
{
	int sv[2], got, status = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		send_writers(sv[1], uid, DIR_U, n, map);
	}
	close(sv[1]);
	while (*nfds + BATCH <= FDS && (got = recv_fds(sv[0], fds + *nfds)))
		*nfds += got;
	close(sv[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void close_all(int *fds, int *nfds)
{
	while (*nfds)
		close(fds[--*nfds]);
}

/*
 * @uid maps a memfd and a file of his own through writers: both must
 * map, whatever other accounts hold.
 */
static void others_map(struct __test_metadata *const _metadata, uid_t uid,
		       const char *after)
{
	char path[96];
	struct steps m, o;

	snprintf(path, sizeof(path), DIR_U "/own-%d", (int)uid);
	as_user(_metadata, uid, map_memfd, NULL, &m, NULL);
	as_user(_metadata, uid, map_own, path, &o, NULL);
	TH_LOG("uid %d after %s: memfd mapping %d, own file mapping %d (0: mapped)",
	       (int)uid, after, m.r[0], o.r[0]);
	EXPECT_EQ(0, m.r[0]) {
		TH_LOG("uid %d's shared memory (memfd) refused after %s",
		       (int)uid, after);
	}
	EXPECT_EQ(0, o.r[0]) {
		TH_LOG("uid %d's mapping of his own file through a writer refused after %s",
		       (int)uid, after);
	}
}

/* No kernel log line since @kmsg says a suspicion was lost. */
static void nothing_lost(struct __test_metadata *const _metadata, int kmsg)
{
	bool lost = kmsg >= 0 &&
		    kmsg_wait(kmsg, 200, "vendorban", "state was lost");

	EXPECT_FALSE(lost) {
		TH_LOG("the records found no room: a suspicion was lost (suspect_lost)");
	}
}

FIXTURE(records) {
	int fds[FDS];
	int nfds;
};

FIXTURE_SETUP(records)
{
	struct rlimit fds = { FDS + 1024, FDS + 1024 };

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	/* the fillers keep their writers open (as root may allow) */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &fds));
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(DIR_U, 0777));
	ASSERT_EQ(0, chmod(DIR_U, 01777));
	self->nfds = 0;
}

FIXTURE_TEARDOWN(records)
{
	SKIPPED_IN_SETUP();
	close_all(self->fds, &self->nfds);
	umount2(BASE, MNT_DETACH);
	vb_teardown(_metadata);
}

/*
 * In this order, each test's attack on main leaves nothing that decides
 * the next one's result, but for the last two (main's charges last until
 * unload: RT12-1's fill refuses everyone after).
 */
/* RT12-2: root maps a user's writers: the user's suspicions. */
TEST_F_TIMEOUT(records, root_maps_a_users_writers, 900)
{
	int i, refused = 0, first = -1, r, n, kmsg = kmsg_mark();
	int lost = kmsg_mark();
	long b = bound();
	char path[96], uid[32];
	struct steps s;

	SKIPPED_IN_SETUP();
	n = b > 0 && b < FDS - BATCH ? (int)b : 1000;
	ASSERT_EQ(0, take_writers(OPENER, n, false, self->fds, &self->nfds));
	ASSERT_EQ(n, self->nfds);
	for (i = 0; i < self->nfds; i++) {
		r = map_shared(self->fds[i]);
		if (r) {
			refused++;
			if (first < 0)
				first = i;
		}
	}
	TH_LOG("root mapped %d of uid %d's O_TMPFILE writers through them, %d refused (first at %d)",
	       self->nfds, OPENER, refused, first);
	EXPECT_EQ(0, refused);
	snprintf(path, sizeof(path), DIR_U "/own-%d", OPENER);
	as_user(_metadata, OPENER, map_own, path, &s, NULL);
	TH_LOG("uid %d's own mapping through a writer after root's: %d (bound %ld)",
	       OPENER, s.r[0], b);
	if (b > 0) {
		/* root's mappings of his writers are his: at the bound */
		EXPECT_EQ(-EACCES, s.r[0]) {
			TH_LOG("root's mappings of uid %d's writers were charged to no one",
			       OPENER);
		}
		snprintf(uid, sizeof(uid), "uid=%d ", OPENER);
		EXPECT_TRUE(kmsg >= 0 &&
			    kmsg_wait(kmsg, 5000, "vendorban", uid,
				      "its mappings through a writer are refused"));
	}
	nothing_lost(_metadata, lost);
	if (lost >= 0)
		close(lost);
	/* his writers gone, so are their charges */
	close_all(self->fds, &self->nfds);
	as_user(_metadata, OPENER, map_own, path, &s, NULL);
	TH_LOG("uid %d's own mapping once root closed his writers: %d",
	       OPENER, s.r[0]);
	EXPECT_EQ(0, s.r[0]);
	if (kmsg >= 0)
		close(kmsg);
}

/* RT12-1: six accounts fill the records; the others still map. */
TEST_F_TIMEOUT(records, others_map_after_a_fill, 900)
{
	int hold[FILLERS], i, total = 0, kmsg = kmsg_mark();
	long long t0 = now_ms();
	pid_t pid[FILLERS];
	struct steps s;
	char path[96];

	SKIPPED_IN_SETUP();
	/* a user who holds a few suspicions before the fill */
	for (i = 0; i < FEW; i++) {
		snprintf(path, sizeof(path), DIR_U "/few-%d", i);
		as_user(_metadata, FEW_UID, map_own, path, &s, NULL);
		ASSERT_EQ(0, s.r[0]);
	}
	for (i = 0; i < FILLERS; i++) {
		pid[i] = as_user(_metadata, FILL_UID + i, fill_kept, DIR_U, &s,
				 &hold[i]);
		total += s.r[0];
		TH_LOG("filler %d (uid %d): %d O_TMPFILE writers kept and mapped, then %s",
		       i, FILL_UID + i, s.r[0],
		       s.r[1] ? strerror(s.r[1]) : "its fill's end");
	}
	TH_LOG("%d accounts: %d suspicions in %lld ms", FILLERS, total,
	       now_ms() - t0);
	others_map(_metadata, FEW_UID, "others' fill");
	others_map(_metadata, 40022, "others' fill");
	nothing_lost(_metadata, kmsg);
	for (i = 0; i < FILLERS; i++)
		release_held(hold[i], pid[i]);
	if (kmsg >= 0)
		close(kmsg);
}

/* What a tmpfile (O_TMPFILE, never linked) leaves once gone: nothing. */
static void tmpfiles(const char *dir, struct steps *s)
{
	int fd, r;

	for (s->r[0] = 0; s->r[0] < TMPFILES; s->r[0]++) {
		fd = tmpfile_writer(dir);
		if (fd < 0) {
			s->r[1] = -fd;
			return;
		}
		r = map_shared(fd);
		close(fd);
		if (r) {
			s->r[1] = -r;
			return;
		}
	}
}

/* RT12-1's cheapest record: a tmpfile mapped, unmapped and closed. */
TEST_F_TIMEOUT(records, tmpfiles_leave_nothing, 600)
{
	long long t0 = now_ms();
	struct steps s;

	SKIPPED_IN_SETUP();
	as_user(_metadata, TMP_UID, tmpfiles, DIR_U, &s, NULL);
	TH_LOG("uid %d: %d of %d O_TMPFILE writers mapped, unmapped and closed in %lld ms, then %s (bound %ld)",
	       TMP_UID, s.r[0], TMPFILES, now_ms() - t0,
	       s.r[1] ? strerror(s.r[1]) : "no refusal", bound());
	EXPECT_EQ(TMPFILES, s.r[0]) {
		TH_LOG("tmpfiles gone left charges: uid %d refused after %d",
		       TMP_UID, s.r[0]);
	}
	others_map(_metadata, TMP_UID, "his own tmpfiles");
}

/* RT11-6: accounts beyond the account entries. */
TEST_F_TIMEOUT(records, others_map_after_many_accounts, 600)
{
	int i, bad = 0, kmsg = kmsg_mark();

	SKIPPED_IN_SETUP();
	for (i = 0; i < MANY; i++) {
		if (take_writers(MANY_UID + i, 1, true, self->fds,
				 &self->nfds))
			bad++;
	}
	TH_LOG("%d accounts (uid %d..%d) each hold one O_TMPFILE writer mapped through it (%d failed to)",
	       MANY, MANY_UID, MANY_UID + MANY - 1, bad);
	others_map(_metadata, 40021, "many accounts' suspicions");
	others_map(_metadata, 1000, "many accounts' suspicions");
	nothing_lost(_metadata, kmsg);
	if (kmsg >= 0)
		close(kmsg);
}

/*
 * RT12-9: records below the table's capacity always find room.  Root's
 * own (charged to no one, so no account's bound stops them) kept open:
 * 40,000 records at once, each a tmpfile mapped through its writer.
 * The linear probing this replaced failed to claim at or below 40,960
 * records in 8.5 % of loads (the red team's simulation); the table now
 * cannot (tests/unit/test_records.c over 200 fills).
 */
TEST_F_TIMEOUT(records, root_fill_finds_room, 900)
{
	struct rlimit lim = { ROOT_FILL + 1024, ROOT_FILL + 1024 };
	int *fds = calloc(ROOT_FILL, sizeof(*fds)), n, r = 0;
	int kmsg = kmsg_mark();
	long long t0 = now_ms();

	SKIPPED_IN_SETUP();
	ASSERT_NE(NULL, fds);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &lim));
	for (n = 0; n < ROOT_FILL; n++) {
		fds[n] = tmpfile_writer(DIR_U);
		if (fds[n] < 0) {
			r = fds[n];
			break;
		}
		r = map_shared(fds[n]);
		if (r) {
			n++;
			break;
		}
	}
	TH_LOG("root: %d tmpfiles kept open, mapped through their writers, in %lld ms (%s)",
	       n, now_ms() - t0, r ? strerror(-r) : "no failure");
	EXPECT_EQ(0, r);
	EXPECT_EQ(ROOT_FILL, n);
	nothing_lost(_metadata, kmsg);
	while (n)
		close(fds[--n]);
	free(fds);
	if (kmsg >= 0)
		close(kmsg);
}

TEST_HARNESS_MAIN
