// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-8 - RT11-2 against trust2-accts: the user reads the
 * journal files root's daemon made for him, and keeps a page of each
 *
 * trust2-accts (37fabed, fix of RT11-2; module/inode_table.c
 * reclaim_one()): when the table holds only suspicions root alone can
 * make, the oldest (at most 4 per new entry) is walked as a check walks
 * it (vendorban_inode_held()): one no longer open for writing nor mapped,
 * none of its pages held, is clean and evicted.  But a hold for reading
 * counts as held (held.c: a pipe after splice() cannot be told from a
 * writer's hold), and journald's user-UID.journal carries a read ACL
 * for UID (journald's fix_perms(): the user may read his own journal):
 * the user, as each of his subordinate uids, may read the file made for
 * that uid and keep its first page in a pipe (16 files a pipe).  Then no
 * walk finds any of them clean, a new entry finds no room, and root's
 * next root-only mapping through a writer loses its suspicion
 * (suspect_lost), as before the fix.
 *
 * The stand-in is heldflood_test.c's root_daemon_files (trust2-accts,
 * 9443e91): a root process on a datagram socket (SO_PASSCRED) making,
 * for each uid >= 1000 that sends a message, DIR/user-UID.journal and
 * mapping it shared and writable, the last quarter of the table kept
 * open.  Its files are made 0644 here, standing in for the ACL (the uid
 * may read it: the attacker is every such uid).  nobody, in his
 * namespace with his subordinate uids, sends one message as each uid;
 * after each batch the files made are read by him and a page of each
 * kept in pipes.
 *
 * Asserts what the fix promises: no suspect_lost; root's program runs
 * while uid 1000 keeps a page of it in a pipe.  Module form (FINDINGS.md:
 * How to run); on main it fails as RT11-2 did.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/rt12j"
#define JOURNALS	BASE "/journal"
#define SOCK		BASE "/socket"
#define ROOTDIR		"/tmp/rt12j-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define JOURNAL_SIZE	8192
#define EXTRA		16
#define BATCH		256
#define RT12_MAP	"0 65534 1\n1 100000 65536\n"

static int journal_open(uid_t uid, void **map)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), JOURNALS "/user-%u.journal", uid);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || fchmod(fd, 0644) || ftruncate(fd, JOURNAL_SIZE))
		return -1;
	*map = mmap(NULL, JOURNAL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fd, 0);
	if (*map == MAP_FAILED)
		return -1;
	memcpy(*map, "LPKSHHRH", 8);
	return fd;
}

/* The journald stand-in (root); answers 'k' on @ack per file made. */
static void __attribute__((noreturn)) journald(int sock, long keep, int ack)
{
	struct rlimit rl = { keep + 64, keep + 64 };
	char buf[64], cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	int *fds = calloc(keep, sizeof(*fds));
	void **maps = calloc(keep, sizeof(*maps));
	struct cmsghdr *c;
	struct ucred uc;
	long n = 0, slot;

	if (!fds || !maps || setrlimit(RLIMIT_NOFILE, &rl))
		_exit(251);
	for (;;) {
		msg.msg_controllen = sizeof(cbuf);
		if (recvmsg(sock, &msg, 0) < 0)
			_exit(251);
		c = CMSG_FIRSTHDR(&msg);
		if (!c || c->cmsg_type != SCM_CREDENTIALS)
			continue;
		memcpy(&uc, CMSG_DATA(c), sizeof(uc));
		if (uc.uid == 0)
			_exit(0);
		if (uc.uid < 1000)
			continue;
		slot = n % keep;
		if (n >= keep) {
			munmap(maps[slot], JOURNAL_SIZE);
			close(fds[slot]);
		}
		fds[slot] = journal_open(uc.uid, &maps[slot]);
		if (fds[slot] < 0)
			_exit(251);
		n++;
		if (write(ack, "k", 1) != 1)
			_exit(251);
	}
}

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

/*
 * nobody's namespace (root writes the map as newuidmap does): for each
 * batch of uids, a message as each, wait for the files (@ack), then a
 * page of each file kept in a pipe (16 a pipe).  Exits 0, or a step.
 */
static void __attribute__((noreturn)) attacker(long n, int ack, int ready,
					       int go)
{
	struct rlimit rl = { 65536, 65536 };
	int p[2] = { -1, -1 }, in, held = 0;
	char path[64], c;
	long i, j;

	if (setrlimit(RLIMIT_NOFILE, &rl) || become_nobody() ||
	    unshare(CLONE_NEWUSER))
		_exit(10);
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		_exit(11);
	if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
		_exit(12);
	for (i = 1; i <= n; i += BATCH) {
		for (j = i; j < i + BATCH && j <= n; j++)
			if (log_as(j))
				_exit(20);
		for (j = i; j < i + BATCH && j <= n; j++)
			if (read(ack, &c, 1) != 1)
				_exit(21);
		/* what each uid may read (the ACL): its own journal */
		for (j = i; j < i + BATCH && j <= n; j++) {
			if (held % 16 == 0 && pipe(p))
				_exit(22);
			snprintf(path, sizeof(path),
				 JOURNALS "/user-%ld.journal", 100000 + j - 1);
			in = open(path, O_RDONLY | O_CLOEXEC);
			if (in < 0 || splice(in, NULL, p[1], NULL, 4096, 0) <= 0)
				_exit(23);
			close(in);
			held++;
		}
	}
	fprintf(stderr, "# nobody: %d journal files' first pages kept in pipes\n",
		held);
	if (write(ready, "d", 1) != 1)
		_exit(24);
	for (;;)
		pause();
}

FIXTURE(jhold) {};

FIXTURE_SETUP(jhold)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, BASE);
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(jhold)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(BASE, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(jhold, root_daemon_files_held, 900)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = SOCK };
	int sock, one = 1, kmsg, status, before, after, acks[2], rd[2], gp[2];
	long size = vb_table_size(), n, keep;
	char path[64], c = '?';
	long long start;
	pid_t d, u;
	bool lost;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size);
	n = size + EXTRA;
	keep = size / 4 > 1 ? (size / 4 < 1024 ? size / 4 : 1024) : 1;
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);
	ASSERT_EQ(0, mkdir(JOURNALS, 0755));
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, sock);
	ASSERT_EQ(0, setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &one,
				sizeof(one)));
	ASSERT_EQ(0, bind(sock, (struct sockaddr *)&sa, sizeof(sa)));
	ASSERT_EQ(0, chmod(SOCK, 0666));
	ASSERT_EQ(0, pipe(acks));
	ASSERT_EQ(0, pipe(rd));
	ASSERT_EQ(0, pipe(gp));
	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	start = now_ms();
	d = fork();
	ASSERT_LE(0, d);
	if (d == 0) {
		close(acks[0]);
		journald(sock, keep, acks[1]);
	}
	close(sock);
	close(acks[1]);
	u = fork();
	ASSERT_LE(0, u);
	if (u == 0)
		attacker(n, acks[0], rd[1], gp[0]);
	ASSERT_EQ(1, read(rd[0], &c, 1));
	snprintf(path, sizeof(path), "/proc/%d/uid_map", u);
	ASSERT_EQ(0, write_text(path, RT12_MAP));
	snprintf(path, sizeof(path), "/proc/%d/gid_map", u);
	ASSERT_EQ(0, write_text(path, RT12_MAP));
	ASSERT_EQ(1, write(gp[1], "g", 1));
	c = '?';
	EXPECT_EQ(1, read(rd[0], &c, 1));
	EXPECT_EQ('d', c);
	EXPECT_EQ(0, log_as(0));
	ASSERT_EQ(d, waitpid(d, &status, 0));
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("table %ld: root's journald stand-in made %ld root-only files (%ld kept open) for nobody's subordinate uids, nobody keeping a page of each in pipes, in %lld ms; lost: %s; root's program, uid %d holding a page: before %d, after %d (42: ran)",
	       size, n, keep, now_ms() - start, lost ? "yes" : "no", OTHER,
	       before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: a root daemon's files at a user's demand, held for reading, made a suspicion lost (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused while another user reads it");
	}
	kill(u, SIGKILL);
	waitpid(u, NULL, 0);
}

TEST_HARNESS_MAIN
