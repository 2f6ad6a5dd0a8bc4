// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - root's own writer at a user's demand: a table of
 * suspicions only root can make (redteam11, RT11-2; moved here from
 * tests/redteam11/rt11_daemon_test.c)
 *
 * A mapping through a writer root opened and maps, of a file only root
 * may write, makes a suspicion that a missing state does not tell
 * (kmod/cache.c users_writer(), VENDORBAN_WORTH_SUSPICION): the module
 * form's table does not evict it as it evicts others, and losing one
 * makes every file without a state suspect until unload
 * (vendorban_cache_suspect_lost(), "which a user must not reach").
 *
 * But a root daemon may make such files at users' demand.
 * systemd-journald with persistent storage (/var/log/journal; the
 * default SplitMode=uid) creates one journal file per uid that logs
 * (user-UID.journal, root's, 0640 plus a read ACL: root-only to
 * vendorban), opens it O_RDWR and maps it MAP_SHARED, PROT_READ|PROT_WRITE
 * (its mmap cache), as root; it keeps at most 1024 open (USER_JOURNALS_MAX)
 * and closes the oldest, the files stay.  Nobody ever executes a journal
 * file, so no check finds them clean.  One uid is one file; but a user
 * with subordinate uids (/etc/subuid, newuidmap: rootless podman) is root
 * in a namespace of his where 65,536 uids are host uids, and any process
 * of his there can setresuid() to one and log; its root may even claim
 * each of them in SCM_CREDENTIALS (the kernel accepts a uid mapped in the
 * sender's namespace if it has CAP_SETUID there), which is what this test
 * does, for speed.
 *
 * The daemon here stands in for journald (the test image has no
 * systemd): a root process on a datagram socket (SO_PASSCRED) that, for
 * each uid >= 1000 it has no file for, creates DIR/user-UID.journal 0640,
 * maps it shared and writable, writes a header, and keeps the last 1024
 * open (a quarter of the table, if less: a table of two is smaller than
 * what root's daemon keeps open).  nobody, in his namespace with his subordinate uids (mapped as
 * newuidmap maps them), sends one message as each of table size + 16
 * uids.
 *
 * Asserts what README promises (a user gets no system program refused):
 * the kernel log never says "a suspect file's state was lost", and root's
 * program, installed before, never mapped through a writer, runs for root
 * while another user (uid 1000) keeps a page of it in a pipe.  The table
 * makes room by finding the daemon's closed files clean
 * (kmod/module/inode_table.c).  The module form only (guest/suite.sh):
 * the built-in form keeps its states in the inodes' blobs, no table.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "attacker.h"
#include "common.h"
#include "subuid.h"

#define DIR		"/tmp/rt11j"
#define SOCK		DIR "/socket"
#define ROOTDIR		"/tmp/rt11j-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define EXTRA		16
#define OPEN_MAX_FILES	1024
#define NR_SUBUIDS	65536

/* What the daemon and the attacker report, shared across fork(). */
struct shared {
	volatile long files;	/* journal files the daemon made */
	volatile int daemon_err;
	volatile int sent;
	volatile int send_err;
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

/* The stand-in's new journal file for @uid: created, mapped, fd kept. */
static int journal_open(uid_t uid, void **map)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), DIR "/user-%u.journal", uid);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0 || fchmod(fd, 0640) || ftruncate(fd, 8192))
		return -1;
	*map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*map == MAP_FAILED)
		return -1;
	memcpy(*map, "LPKSHHRH", 8);
	return fd;
}

/*
 * The journald stand-in (root): a file per uid >= 1000, the last @keep
 * (at most OPEN_MAX_FILES) kept open and mapped; a message from root ends
 * it.
 */
static void daemon_loop(int sock, struct shared *s, long keep)
{
	static unsigned char seen[SUBUID_BASE + NR_SUBUIDS];
	static int fds[OPEN_MAX_FILES];
	static void *maps[OPEN_MAX_FILES];
	char buf[256], cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	struct ucred uc;
	long n = 0;
	int slot;

	for (;;) {
		msg.msg_controllen = sizeof(cbuf);
		if (recvmsg(sock, &msg, 0) < 0) {
			s->daemon_err = errno;
			return;
		}
		c = CMSG_FIRSTHDR(&msg);
		if (!c || c->cmsg_type != SCM_CREDENTIALS)
			continue;
		memcpy(&uc, CMSG_DATA(c), sizeof(uc));
		if (uc.uid == 0)
			return;
		if (uc.uid < 1000 || uc.uid >= sizeof(seen) || seen[uc.uid])
			continue;
		seen[uc.uid] = 1;
		slot = keep ? n % keep : 0;
		if (keep && n >= keep) {	/* journald closes the oldest */
			munmap(maps[slot], 8192);
			close(fds[slot]);
		}
		fds[slot] = journal_open(uc.uid, &maps[slot]);
		if (fds[slot] < 0) {
			s->daemon_err = errno;
			return;
		}
		if (!keep) {
			munmap(maps[slot], 8192);
			close(fds[slot]);
		}
		s->files = ++n;
	}
}

/* The daemon, as root, in a child: its pid. */
static pid_t start_daemon(struct __test_metadata *const _metadata,
			  struct shared *s, long keep)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = SOCK };
	int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1;
	pid_t pid;

	ASSERT_LE(0, sock);
	ASSERT_EQ(0, setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &one,
				sizeof(one)));
	ASSERT_EQ(0, bind(sock, (struct sockaddr *)&sa, sizeof(sa)));
	ASSERT_EQ(0, chmod(SOCK, 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* journald raises its own limit too: 1024 journals and more */
		struct rlimit rl = { 8192, 8192 };

		if (setrlimit(RLIMIT_NOFILE, &rl))
			s->daemon_err = errno;
		daemon_loop(sock, s, keep);
		_exit(0);
	}
	close(sock);
	return pid;
}

/*
 * One message to the daemon as @uid of the current user namespace (its
 * root may claim any uid mapped there: SCM_CREDENTIALS, which the
 * kernel checks, CAP_SETUID in that namespace): 0 or -errno.
 */
static int log_as(uid_t uid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = SOCK };
	int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;
	char m[] = "MESSAGE=hello", cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct ucred uc = { .pid = getpid(), .uid = uid, .gid = uid };
	struct iovec iov = { m, sizeof(m) - 1 };
	struct msghdr msg = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	if (sock < 0)
		return -errno;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(uc));
	memcpy(CMSG_DATA(c), &uc, sizeof(uc));
	if (sendmsg(sock, &msg, 0) < 0)
		r = -errno;
	close(sock);
	return r;
}

/* log_as_subuids()'s child: the shared state and how many uids. */
struct log_as_arg {
	struct shared *s;
	long n;
};

static int log_as_child(void *arg)
{
	struct log_as_arg *a = arg;
	long i;

	for (i = 1; i <= a->n; i++) {
		a->s->send_err = log_as(i);
		if (a->s->send_err)
			return 12;
		a->s->sent = i;
	}
	return 0;
}

/*
 * nobody, root in his namespace with his subordinate uids: one message
 * as each of uids 1..@n there (host SUBUID_BASE..).
 * Returns 0, or the step that failed.
 */
static int log_as_subuids(struct shared *s, long n)
{
	struct log_as_arg a = { .s = s, .n = n };

	return subuid_in_namespace(log_as_child, &a);
}

FIXTURE(daemon) {
	struct shared *s;
	pid_t daemon;
};

FIXTURE_SETUP(daemon)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, DIR);
	fresh_tmpfs(_metadata, ROOTDIR);
	self->s = shared_new();
	ASSERT_NE(NULL, self->s);
	self->daemon = -1;
}

FIXTURE_TEARDOWN(daemon)
{
	SKIPPED_IN_SETUP();
	if (self->daemon > 0) {
		kill(self->daemon, SIGKILL);
		waitpid(self->daemon, NULL, 0);
	}
	umount2(ROOTDIR, MNT_DETACH);
	umount2(DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(daemon, root_program_refused, 1200)
{
	long size = vb_table_size(), want, keep;
	long long start, ms;
	int before, after, kmsg, step;
	bool lost;
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	want = size + EXTRA;
	/*
	 * Writers root keeps open and mapped stay suspect whatever a walk
	 * finds: journald's 1,024 are a quarter of the default table; more
	 * than the table holds (a table of two) would be root's own doing.
	 */
	keep = size / 4 < OPEN_MAX_FILES ? size / 4 : OPEN_MAX_FILES;
	/* before: another user's pipe refuses nothing of root's */
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);

	self->daemon = start_daemon(_metadata, self->s, keep);
	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	start = now_ms();
	step = log_as_subuids(self->s, want);
	EXPECT_EQ(0, step) {
		TH_LOG("nobody's messages failed at step %d (sent %d, error %d)",
		       step, self->s->sent, self->s->send_err);
	}
	while (self->s->files < want && !self->s->daemon_err &&
	       now_ms() - start < 900 * 1000)
		usleep(100 * 1000);
	ms = now_ms() - start;
	EXPECT_EQ(0, self->s->daemon_err);
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody: %d messages as as many subordinate uids (SCM_CREDENTIALS); the daemon (root) made and mapped %ld root-only files (table %ld, the last %ld kept open) in %lld ms; kernel log \"a suspect file's state was lost\": %s",
	       self->s->sent, self->s->files, size, keep, ms,
	       lost ? "yes" : "no");
	EXPECT_EQ(want, self->s->files);

	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("root's program (installed before, never mapped through a writer), uid %d holding a page: control before %d, after %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: a user had root's daemon fill the table with suspicions only root can make, and one was lost (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
	/* once the hold ends it runs */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, ROOTDIR "/prog", NULL));
}

TEST_HARNESS_MAIN
