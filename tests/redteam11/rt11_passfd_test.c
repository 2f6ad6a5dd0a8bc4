// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam11 RT11-3 - RT10-3 laundered through a root server: nobody's
 * writer, mapped by root
 *
 * The fix of RT10-3 (kmod/cache.c users_writer()) judges whose a writer
 * is by who opened it (the file's f_cred) and who maps it (the current
 * fsuid), "whatever the mount".  The lever of RT10-3 (a file made
 * writable through root's idmapped mount, opened O_RDWR by its source
 * path, made root-only again through the idmapped mount, then mapped
 * through a writer: a suspicion "only root can make", never evicted)
 * is tried here with root doing the mapping: nobody passes each
 * descriptor over SCM_RIGHTS to a root process that maps it
 * MAP_SHARED|PROT_WRITE, as a display server maps a client's buffer
 * (Xorg's MIT-SHM fd passing, a Wayland compositor's wl_shm pool).  The
 * mapping is root's (current fsuid 0), through a mount that shows the
 * file as root's, of a file only root may write; only the opener is
 * nobody.
 *
 * Asserts what README and cache.c promise: no "a suspect file's state was
 * lost", and root's program, installed before, runs for root while uid
 * 1000 keeps a page of it in a pipe.  Module form.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define DISK		"/tmp/rt11p-disk"
#define MNT		"/tmp/rt11p-idmapped"
#define ROOTDIR		"/tmp/rt11p-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define EXTRA		16

/* One descriptor over @sock (SCM_RIGHTS): 0 or -1. */
static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b = 'f';
	struct iovec iov = { &b, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* A descriptor from @sock, -1 at the end. */
static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { &b, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * The root server: maps each descriptor it is given shared and writable
 * (a client's buffer), unmaps it, closes it, answers one byte.
 */
static void root_server(int sock)
{
	void *p;
	int fd;

	while ((fd = recv_fd(sock)) >= 0) {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
		close(fd);
		if (write(sock, p == MAP_FAILED ? "e" : "k", 1) != 1)
			break;
	}
	_exit(0);
}

/*
 * For idmapped_fill(), the file made root-only first: the descriptor
 * passed to the root server, which maps it.
 */
static bool pass_to_root(const struct idmapped_fill *a, int fd,
			 struct idmapped_fill_out *o)
{
	char ack;

	return failed(o, "send the descriptor", send_fd(a->sock, fd)) ||
	       failed(o, "root's mapping",
		      read(a->sock, &ack, 1) == 1 && ack == 'k' ? 0 : -1);
}

FIXTURE(passfd) {
	char dir[64];
};

FIXTURE_SETUP(passfd)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	idmapped_disk(_metadata, DISK, MNT, self->dir, sizeof(self->dir),
		      "rt11p");
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(passfd)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(MNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(passfd, root_maps_users_writer, 900)
{
	struct idmapped_fill a = {
		.mnt = MNT, .source = self->dir, .chmod_first = true,
		.use = pass_to_root,
	};
	int before, after, kmsg, sv[2];
	pid_t server;
	long size = vb_table_size();
	struct idmapped_fill_out o;
	bool lost;
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	a.n = size + EXTRA;
	/* before: another user's pipe refuses nothing of root's */
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	server = fork();
	ASSERT_LE(0, server);
	if (server == 0) {
		close(sv[1]);
		root_server(sv[0]);
	}
	close(sv[0]);
	a.sock = sv[1];
	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, run_attacker(idmapped_fill, &a, &o, sizeof(o)));
	close(sv[1]);
	waitpid(server, NULL, 0);
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody: %ld files (table %ld) opened O_RDWR by their source path, made root-only through the idmapped mount, mapped by root (SCM_RIGHTS), in %lld ms; kernel log \"a suspect file's state was lost\": %s",
	       o.files, size, o.ms, lost ? "yes" : "no");

	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("root's program (installed before, never mapped through a writer), uid %d holding a page: control before the fill %d, after it %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: nobody had root map his writers, filled the table with suspicions only root can make and lost one (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
	/* once the hold ends it runs */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, ROOTDIR "/prog", NULL));
}

TEST_HARNESS_MAIN
