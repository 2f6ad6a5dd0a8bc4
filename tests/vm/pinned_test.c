// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - pages pinned for DMA change under every check
 *
 * io_uring's fixed buffers (IORING_REGISTER_BUFFERS) pin the pages of
 * the memory they cover for as long as the ring holds them
 * (FOLL_LONGTERM), and io_uring accepts memory backed by shmem: a shared
 * writable mapping of a tmpfs file or a memfd.  Once the mapping and the
 * descriptor are gone, nobody has the file open for writing or mapped
 * writable, yet IORING_OP_READ_FIXED writes into its page cache with no
 * write(), no page fault, no i_version change, no fsnotify event and no
 * LSM hook.  Each attack here is run by an unprivileged user (nobody) on
 * a root-mounted tmpfs (as /tmp and /dev/shm are), under the EU ban:
 *
 *   - cached_allow: the pinned file holds an allowed program (the
 *     unsigned code of wait-good), runs twice (a cached allow before the
 *     fix), is rewritten into wait-banned through the pin, runs again;
 *   - running: the pinned file is started (it waits for a byte), then
 *     rewritten while it waits, then let go;
 *   - memfd: the same with a memfd sealed against future writes after the
 *     pin, run with execveat(AT_EMPTY_PATH);
 *   - library: the pinned file mapped executable, rewritten while mapped.
 *
 * The banned code (exit 66, or its bytes mapped executable) must never
 * run, and vendorban must say why: a denial record, reason=writable (a
 * file whose pages may be pinned can change unseen).  A file nobody pins
 * still runs.  Before the fix every attack ran the banned code.
 *
 * Without io_uring (a kernel built without it, or kernel.io_uring_disabled)
 * the attacks cannot be made: the tests SKIP, saying so.
 */

#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/uio.h>
#include <sys/vfs.h>

#include "attacker.h"
#include "common.h"

#define WAIT_GOOD	FIX_BIN "wait-good"
#define WAIT_BANNED	FIX_BIN "wait-banned"
#define GOOD_EXIT	HELLO_EXIT
#define BANNED_EXIT	66
#define DIR		"/tmp/vb-pinned"
#define TMPFS_MAGIC_	0x01021994

/* How the attacked file is used. */
enum use {
	USE_CACHED,	/* exec twice, rewrite, exec */
	USE_RUNNING,	/* exec, rewrite while it runs */
	USE_MEMFD,	/* a sealed memfd: execveat, rewrite while it runs */
	USE_LIBRARY,	/* mmap(PROT_EXEC), rewrite while mapped */
};

static const char *const use_names[] = {
	"cached-allow", "running", "memfd", "library",
};

/**
 * struct outcome - what the attacker saw
 * @setup: 0, or -errno of the step named in @step
 * @step: the step that failed
 * @first: exit status of the first use (-errno if refused; a mapping: 0;
 *         a program left running: 0)
 * @second: the same of the second use (USE_CACHED)
 * @rewrite: result of the READ_FIXED (bytes written, or -errno)
 * @last: exit status of the use after the rewrite, or of the program
 *        that ran across it, or for USE_LIBRARY BANNED_EXIT if the
 *        executable mapping holds the banned bytes (-errno if refused)
 * @control: exit status of an unpinned copy of the allowed program
 */
struct outcome {
	int setup;
	char step[48];
	int first;
	int second;
	int rewrite;
	int last;
	int control;
};

/* A ring with one fixed buffer, made with raw system calls. */
struct ring {
	int fd;
	struct io_uring_params p;
	char *sq, *cq;
	struct io_uring_sqe *sqes;
};

FIXTURE(pinned) {
	char *good, *banned;
	size_t glen, blen;
};

FIXTURE_SETUP(pinned)
{
	struct statfs st;

	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->good = read_fixture(_metadata, WAIT_GOOD, &self->glen);
	self->banned = read_fixture(_metadata, WAIT_BANNED, &self->blen);
	mkdir(DIR, 0777);
	ASSERT_EQ(0, statfs(DIR, &st));
	/* one tmpfs for all tests: no inode number is used twice */
	if (st.f_type != TMPFS_MAGIC_)
		ASSERT_EQ(0, mount("tmpfs", DIR, "tmpfs", 0, "mode=0777"));
	ASSERT_EQ(0, chmod(DIR, 0777));
	use_policy(_metadata, "ban-by-subject-o");
}

FIXTURE_TEARDOWN(pinned)
{
	vb_teardown(_metadata);
	free(self->good);
	free(self->banned);
}

static void *ring_map(int fd, size_t len, off_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_POPULATE, fd, off);
}

static int ring_setup(struct ring *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = syscall(__NR_io_uring_setup, 4, &r->p);
	if (r->fd < 0)
		return -1;
	r->sq = ring_map(r->fd, r->p.sq_off.array + r->p.sq_entries * 4,
			 IORING_OFF_SQ_RING);
	r->cq = ring_map(r->fd, r->p.cq_off.cqes + r->p.cq_entries *
			 sizeof(struct io_uring_cqe), IORING_OFF_CQ_RING);
	r->sqes = ring_map(r->fd, r->p.sq_entries * sizeof(*r->sqes),
			   IORING_OFF_SQES);
	if (r->sq == MAP_FAILED || r->cq == MAP_FAILED ||
	    r->sqes == MAP_FAILED)
		return -1;
	return 0;
}

/* One READ_FIXED of @len bytes of @src into fixed buffer 0 at @addr. */
static int ring_read_fixed(struct ring *r, int src, void *addr, size_t len)
{
	unsigned int *tail = (unsigned int *)(r->sq + r->p.sq_off.tail);
	unsigned int mask = *(unsigned int *)(r->sq + r->p.sq_off.ring_mask);
	unsigned int *array = (unsigned int *)(r->sq + r->p.sq_off.array);
	unsigned int *head = (unsigned int *)(r->cq + r->p.cq_off.head);
	unsigned int cmask = *(unsigned int *)(r->cq + r->p.cq_off.ring_mask);
	struct io_uring_cqe *cqes = (void *)(r->cq + r->p.cq_off.cqes);
	unsigned int t = *tail, idx = t & mask;
	struct io_uring_sqe *sqe = &r->sqes[idx];
	int ret;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_READ_FIXED;
	sqe->fd = src;
	sqe->addr = (unsigned long)addr;
	sqe->len = len;
	array[idx] = idx;
	__atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		return -errno;
	ret = cqes[*head & cmask].res;
	__atomic_store_n(head, *head + 1, __ATOMIC_RELEASE);
	return ret;
}

/*
 * Pins the pages of @fd (@len bytes, open O_RDWR) as fixed buffer 0 of
 * @r through a shared writable mapping, then unmaps it; *@buf is the
 * buffer's address for READ_FIXED.
 */
static int pin_pages(struct outcome *o, struct ring *r, int fd, size_t len,
		     char **buf)
{
	size_t maplen = (len + 4095) & ~4095UL;
	struct iovec iov;
	char *map;

	map = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (failed(o, "mmap shared", map == MAP_FAILED))
		return -1;
	iov.iov_base = map;
	iov.iov_len = maplen;
	if (failed(o, "IORING_REGISTER_BUFFERS",
		   syscall(__NR_io_uring_register, r->fd,
			   IORING_REGISTER_BUFFERS, &iov, 1) != 0))
		return -1;
	munmap(map, maplen);
	*buf = map;
	return 0;
}

/*
 * Starts @path (or @fd with execveat() when @fd >= 0), waiting on its
 * standard input: 0 and the child in *@pid, or -errno.
 */
static int start(const char *path, int fd, int *in, pid_t *pid)
{
	int err;

	if (start_waiting(path, fd, "pinned-prog", in, pid, &err))
		return -errno;
	return -err;
}

/* Runs @path (or @fd) to its end: its exit status or -errno. */
static int run(const char *path, int fd)
{
	int in, ret;
	pid_t pid;

	ret = start(path, fd, &in, &pid);
	return ret ? ret : finish_waiting(in, pid);
}

/* Which program's bytes @p holds. */
static int look(const char *p, const char *good, const char *banned,
		size_t len)
{
	return !memcmp(p, banned, len) ? BANNED_EXIT :
	       !memcmp(p, good, len) ? GOOD_EXIT : -1;
}

struct attack_args {
	enum use use;
	const char *good, *banned;
	size_t glen, blen;
};

/* The attacked file: the allowed program padded to the banned one's size. */
static int make_file(struct outcome *o, const struct attack_args *a,
		     const char *path)
{
	char *buf = calloc(1, a->blen);
	int fd;

	if (failed(o, "calloc", !buf))
		return -1;
	memcpy(buf, a->good, a->glen);
	if (a->use == USE_MEMFD) {
		fd = memfd_create("vb-pinned", MFD_ALLOW_SEALING);
		if (failed(o, "memfd_create", fd < 0) ||
		    failed(o, "write memfd",
			   write(fd, buf, a->blen) != (ssize_t)a->blen))
			fd = -1;
	} else if (!failed(o, "write file", write_file(path, buf, a->blen))) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		failed(o, "open O_RDWR", fd < 0);
	} else {
		fd = -1;
	}
	free(buf);
	return fd;
}

/*
 * A mapping of @fd made executable (a library), the pinned pages
 * rewritten while it is mapped: which bytes it holds then.
 */
static void library(struct outcome *o, const struct attack_args *a,
		    struct ring *r, char *buf, int fd, int src)
{
	char *p = mmap(NULL, a->glen, PROT_READ | PROT_EXEC, MAP_PRIVATE,
		       fd, 0);

	o->first = p == MAP_FAILED ? -errno : 0;
	o->rewrite = ring_read_fixed(r, src, buf, a->blen);
	if (p == MAP_FAILED) {
		o->last = o->first;
		return;
	}
	o->last = look(p, a->good, a->banned, a->glen);
	munmap(p, a->glen);
}

/* After the pin, the uses and the rewrite the scenario makes. */
static void use_and_rewrite(struct outcome *o, const struct attack_args *a,
			    struct ring *r, char *buf, const char *path,
			    int xfd, int src)
{
	int in = -1;
	pid_t pid;

	if (a->use == USE_LIBRARY) {
		library(o, a, r, buf, xfd, src);
		return;
	}
	if (a->use == USE_CACHED) {
		o->first = run(path, -1);
		o->second = run(path, -1);
		o->rewrite = ring_read_fixed(r, src, buf, a->blen);
		o->last = run(path, -1);
		return;
	}
	/* running: a program on disk, or a memfd through execveat() */
	o->first = start(path, xfd, &in, &pid);
	o->rewrite = ring_read_fixed(r, src, buf, a->blen);
	o->last = o->first ? o->first : finish_waiting(in, pid);
}

/* The attacker, as nobody. */
static void attacker(const void *args, void *out)
{
	const struct attack_args *a = args;
	struct outcome *o = out;
	char path[128], src_path[128], ctl[128];
	int fd, xfd = -1, src;
	struct ring r;
	char *buf;

	snprintf(path, sizeof(path), DIR "/%s", use_names[a->use]);
	snprintf(src_path, sizeof(src_path), DIR "/%s.src", use_names[a->use]);
	snprintf(ctl, sizeof(ctl), DIR "/%s.control", use_names[a->use]);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "io_uring_setup", ring_setup(&r)) ||
	    failed(o, "write source", write_file(src_path, a->banned, a->blen)))
		return;
	src = open(src_path, O_RDONLY | O_CLOEXEC);
	fd = make_file(o, a, path);
	if (failed(o, "open source", src < 0) || fd < 0 ||
	    pin_pages(o, &r, fd, a->blen, &buf))
		return;
	if (a->use == USE_MEMFD) {
		/* no writer can be added; the pin stays */
		if (failed(o, "F_SEAL_FUTURE_WRITE",
			   fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE |
				 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)))
			return;
		xfd = fd;
	} else {
		close(fd);
		/* nothing has the file open for writing or mapped now */
		if (a->use == USE_LIBRARY)
			xfd = open(path, O_RDONLY | O_CLOEXEC);
	}
	use_and_rewrite(o, a, &r, buf, path, xfd, src);
	if (!failed(o, "write control", write_file(ctl, a->good, a->glen)))
		o->control = run(ctl, -1);
}

/* Runs one attack in a child; skips the test without io_uring. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(pinned) *self, enum use use,
		       struct outcome *o)
{
	struct attack_args a = {
		.use = use, .good = self->good, .banned = self->banned,
		.glen = unsigned_len(self->good, self->glen),
		.blen = self->blen,
	};

	ASSERT_LT(a.glen, a.blen);
	memset(o, 0, sizeof(*o));
	o->first = o->second = o->last = o->control = -1000;
	ASSERT_EQ(0, run_attacker(attacker, &a, o, sizeof(*o)));
	TH_LOG("%s: setup %d%s%s, first %d, second %d, READ_FIXED %d, last %d, unpinned control %d",
	       use_names[use], o->setup, o->setup ? " at " : "", o->step,
	       o->first, o->second, o->rewrite, o->last, o->control);
	if (o->setup == -ENOSYS || (o->setup == -EPERM &&
				    !strcmp(o->step, "io_uring_setup")))
		SKIP(return, "NO io_uring in this kernel (%s: %s): the pinned-page attacks were NOT run",
		     o->step, strerror(-o->setup));
	ASSERT_EQ(0, o->setup) {
		TH_LOG("setup failed at %s: %s", o->step, strerror(-o->setup));
	}
}

/*
 * The banned code never ran, the pinned file was refused with a record
 * saying why, and an unpinned copy of the allowed program still runs.
 */
static void expect_refused(struct __test_metadata *const _metadata,
			   const struct outcome *o, off_t mark,
			   const char *op)
{
	char qop[32], *rec;

	EXPECT_NE(BANNED_EXIT, o->first);
	EXPECT_NE(BANNED_EXIT, o->second);
	EXPECT_NE(BANNED_EXIT, o->last) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-EACCES, o->last);
	EXPECT_EQ(GOOD_EXIT, o->control);
	snprintf(qop, sizeof(qop), " op=%s ", op);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", qop,
			 "decision=deny", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no op=%s denial record, reason=writable", op);
		audit_dump(_metadata, mark);
	}
	free(rec);
}

TEST_F(pinned, cached_allow)
{
	struct outcome o;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	await_audit_window();
	run_attack(_metadata, self, USE_CACHED, &o);
	if (_metadata->skip)
		return;
	EXPECT_EQ((int)self->blen, o.rewrite);
	expect_refused(_metadata, &o, mark, "exec");
}

TEST_F(pinned, running)
{
	struct outcome o;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	await_audit_window();
	run_attack(_metadata, self, USE_RUNNING, &o);
	if (_metadata->skip)
		return;
	expect_refused(_metadata, &o, mark, "exec");
}

TEST_F(pinned, memfd)
{
	struct outcome o;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	await_audit_window();
	run_attack(_metadata, self, USE_MEMFD, &o);
	if (_metadata->skip)
		return;
	EXPECT_EQ((int)self->blen, o.rewrite);
	expect_refused(_metadata, &o, mark, "exec");
}

TEST_F(pinned, library)
{
	struct outcome o;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	await_audit_window();
	run_attack(_metadata, self, USE_LIBRARY, &o);
	if (_metadata->skip)
		return;
	EXPECT_EQ((int)self->blen, o.rewrite);
	expect_refused(_metadata, &o, mark, "mmap");
}

TEST_HARNESS_MAIN
