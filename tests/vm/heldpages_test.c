// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - page-cache pages held for writing across exec
 *
 * A read() of a FUSE file opened FOPEN_DIRECT_IO goes straight into the
 * reader's memory: the kernel takes the pages of the buffer (GUP with
 * FOLL_WRITE; 6.1 with a plain reference, 6.12 with FOLL_PIN) before it
 * sends the request, and fills them when the server answers, which may be
 * never or much later.  Any user may mount FUSE in a user namespace.  So,
 * as nobody (found by the outside red team, tests/redteam3):
 *
 *   1. T = an allowed program, mode 0755, in a directory nobody may write
 *      on a filesystem root mounted (ext4: the guest's disk; tmpfs);
 *   2. open T O_RDWR, mmap it MAP_SHARED|PROT_WRITE, and read() a file of
 *      nobody's own FUSE mount into that mapping (in another thread): the
 *      kernel holds T's page-cache pages and waits for the server;
 *   3. munmap, close: nothing has T open for writing or mapped writable;
 *   4. exec T (it waits for a byte), or map it PROT_EXEC (a library);
 *   5. the server answers with the banned program's bytes: the kernel
 *      copies them into T's page cache, under the running program;
 *   6. let T go on: exit 66 is the banned vendor's code.
 *
 * Between 3 and 4 nobody has three other files checked: with a table of
 * two (the loadable form, cache_entries=2, tests/module-form/guest.sh)
 * vendorban's entry for T is evicted by then, and must not take T's
 * suspicion with it.
 *
 * Variants: ext4 and tmpfs, exec and library, under the EU ban (T = the
 * unsigned code of wait-good) and the lockdown allow-list (T = the signed
 * wait-good; only the good vendor's proven signatures run).  The banned
 * code must never run and vendorban must say why: a denial record,
 * reason=writable (pages held by someone else may change unseen).  A copy
 * of T whose pages nobody holds still runs.  Before the fix the banned
 * code ran in every variant on 6.1, and on ext4 on 6.12.
 *
 * What must keep working (held.c makes a file mapped through a writer
 * suspect, and walks its page cache at its next check):
 *   - linker: a program written through a shared mapping (as lld and gold
 *     write their output), unmapped, closed and run at once, runs;
 *   - root_file_reader: nobody holding pages of a root-owned program for
 *     reading (spliced into a pipe it keeps full, and one page 1100 times
 *     more, past the 1024 references a pin counts as: redteam6) cannot
 *     have it refused;
 *     nor can nobody take them for writing (no open for writing, no
 *     writable shared mapping of a read-only descriptor).
 */

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "held.h"

#define BASE		"/tmp/vb-held"
#define EXT4_DEV	"/dev/vda"

FIXTURE(held) {
	char *good, *banned;
	size_t glen, blen;
	char mnt[64];
};

FIXTURE_VARIANT(held) {
	const char *fs;		/* "ext4" or "tmpfs" */
	const char *policy;
	bool library;		/* map T PROT_EXEC instead of running it */
	bool signed_good;	/* keep wait-good's signature (lockdown) */
};

FIXTURE_VARIANT_ADD(held, ext4_exec_ban) { "ext4", "ban-by-subject-o", false, false };
FIXTURE_VARIANT_ADD(held, ext4_library_ban) { "ext4", "ban-by-subject-o", true, false };
FIXTURE_VARIANT_ADD(held, ext4_exec_lockdown) { "ext4", "lockdown", false, true };
FIXTURE_VARIANT_ADD(held, ext4_library_lockdown) { "ext4", "lockdown", true, true };
FIXTURE_VARIANT_ADD(held, tmpfs_exec_ban) { "tmpfs", "ban-by-subject-o", false, false };
FIXTURE_VARIANT_ADD(held, tmpfs_library_ban) { "tmpfs", "ban-by-subject-o", true, false };
FIXTURE_VARIANT_ADD(held, tmpfs_exec_lockdown) { "tmpfs", "lockdown", false, true };
FIXTURE_VARIANT_ADD(held, tmpfs_library_lockdown) { "tmpfs", "lockdown", true, true };

/*
 * Has three other files of nobody's checked (mapped executable), so that
 * the loadable form's table, when it holds two entries (cache_entries=2,
 * tests/module-form/guest.sh), has evicted T's own by the time T is used.
 */
#define CROWD		3

/* The attacker, as nobody. */
static void attacker(const struct held_attack *a, struct held_outcome *o)
{
	char path[128], mnt[128];
	struct fuse_fs fs;
	pid_t held;
	int go;

	snprintf(path, sizeof(path), "%s/prog", a->dir);
	snprintf(mnt, sizeof(mnt), "%s/fuse", a->dir);
	alarm(60);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "write T", write_file(path, a->t_bytes, a->tlen)))
		return;
	held = held_start(o, a, path, mnt, &fs, &go);
	if (held < 0)
		return;
	held_crowd(a->dir, a, CROWD);
	held_use_and_rewrite(o, a, path, go, held);
	fuse_stop(&fs, mnt);
	o->control = held_control(a);
}

FIXTURE_SETUP(held)
{
	char dir[96];

	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->good = read_fixture(_metadata, HELD_GOOD, &self->glen);
	self->banned = read_fixture(_metadata, HELD_BANNED, &self->blen);
	/* as Debian's udev leaves it (50-udev-default.rules); devtmpfs: 0600 */
	ASSERT_EQ(0, chmod("/dev/fuse", 0666));
	snprintf(self->mnt, sizeof(self->mnt), BASE "-%s", variant->fs);
	umount2(self->mnt, MNT_DETACH);
	mkdir(self->mnt, 0755);
	if (!strcmp(variant->fs, "ext4")) {
		ASSERT_EQ(0, mount(EXT4_DEV, self->mnt, "ext4", 0, NULL)) {
			TH_LOG("mount %s: %s: the VM needs its ext4 disk",
			       EXT4_DEV, strerror(errno));
		}
	} else {
		ASSERT_EQ(0, mount("tmpfs", self->mnt, "tmpfs", 0,
				   "mode=0755"));
	}
	snprintf(dir, sizeof(dir), "%s/vb-held", self->mnt);
	mkdir(dir, 0777);
	ASSERT_EQ(0, chmod(dir, 0777));
}

FIXTURE_TEARDOWN(held)
{
	vb_teardown(_metadata);
	umount2(self->mnt, MNT_DETACH);
	free(self->good);
	free(self->banned);
}

/* Runs the attack in a child as nobody, under the variant's policy. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(held) *self,
		       const FIXTURE_VARIANT(held) *variant,
		       struct held_outcome *o)
{
	size_t glen = variant->signed_good ? self->glen :
		      unsigned_len(self->good, self->glen);
	char dir[96], *t = calloc(1, glen > self->blen ? glen : self->blen);
	struct held_attack a = {
		.dir = dir, .t_bytes = t, .banned = self->banned,
		.tlen = glen > self->blen ? glen : self->blen,
		.blen = self->blen, .library = variant->library,
	};
	int pfd[2], status;
	pid_t pid;

	ASSERT_NE(NULL, t);
	memcpy(t, self->good, glen);
	snprintf(dir, sizeof(dir), "%s/vb-held", self->mnt);
	memset(o, 0, sizeof(*o));
	o->first = o->last = o->control = -1000;
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	use_policy(_metadata, variant->policy);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		attacker(&a, o);
		_exit(write(pfd[1], o, sizeof(*o)) == sizeof(*o) ? 0 : 1);
	}
	close(pfd[1]);
	ASSERT_EQ((ssize_t)sizeof(*o), read(pfd[0], o, sizeof(*o)));
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	free(t);
	TH_LOG("%s %s %s: setup %d%s%s, first %d, held read %d, last %d, control %d",
	       variant->fs, variant->library ? "library" : "exec",
	       variant->policy, o->setup, o->setup ? " at " : "", o->step,
	       o->first, o->rewrite, o->last, o->control);
	ASSERT_EQ(0, o->setup) {
		TH_LOG("setup failed at %s: %s", o->step, strerror(-o->setup));
	}
}

TEST_F_TIMEOUT(held, refused, 300)
{
	const char *op = variant->library ? " op=mmap " : " op=exec ";
	struct held_outcome o;
	off_t mark;
	char *rec;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	await_audit_window();
	run_attack(_metadata, self, variant, &o);
	EXPECT_NE(HELD_BANNED_EXIT, o.last) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-EACCES, o.first);
	EXPECT_EQ((int)self->blen, o.rewrite);
	EXPECT_EQ(HELD_GOOD_EXIT, o.control);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", op,
			 "decision=deny", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no%sdenial record, reason=writable", op);
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* Runs (or maps executable) @path: T's exit status, or -errno if refused. */
static int use(const char *path, const char *bytes, size_t len, bool library)
{
	int fd, in, err, ret;
	char *p;
	pid_t pid;

	if (library) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		p = mmap(NULL, len, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
		ret = p == MAP_FAILED ? -errno :
		      !memcmp(p, bytes, len) ? HELD_GOOD_EXIT : -EIO;
		if (p != MAP_FAILED)
			munmap(p, len);
		close(fd);
		return ret;
	}
	if (start_waiting(path, -1, "held-use", &in, &pid, &err))
		return -errno;
	return err ? -err : finish_waiting(in, pid);
}

/*
 * MANY_REFS more references to the first page of @fd, each a splice()
 * into one of MANY_PIPES pipes of 256 buffers (1 MiB, an unprivileged
 * user's pipe-max-size): more than GUP_PIN_COUNTING_BIAS (1024), which a
 * check that takes references for pins would see as one (redteam6 #3).
 * The pipes stay open.  0 or -1.
 */
#define MANY_PIPES	5
#define MANY_REFS	1100
static int many_references(int fd)
{
	int i, n = 0, p[2];
	loff_t off;

	for (i = 0; i < MANY_PIPES && n < MANY_REFS; i++) {
		if (pipe2(p, O_CLOEXEC) ||
		    fcntl(p[1], F_SETPIPE_SZ, 1 << 20) < 0)
			return -1;
		for (; n < MANY_REFS && n < (i + 1) * 256; n++) {
			off = 0;
			if (splice(fd, &off, p[1], NULL, 4096, SPLICE_F_NONBLOCK) != 4096)
				break;
		}
	}
	return n == MANY_REFS ? 0 : (errno = ENOSPC, -1);
}

/*
 * Nobody holds pages of root's @path for reading (spliced into a pipe, and
 * the first page MANY_REFS times more: many_references()),
 * and tries to take them for writing; then uses it.  @r[1] and @r[2]: the
 * errno of the open for writing and of a writable shared mapping through
 * a read-only descriptor.
 */
static int hold_for_reading(const char *path, const char *bytes, size_t len,
			    bool library, int *r)
{
	int fd, p[2], wfd;
	char *m;
	ssize_t n;

	if (become_nobody())
		return -errno;
	wfd = open(path, O_RDWR | O_CLOEXEC);
	r[1] = wfd < 0 ? errno : 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pipe2(p, O_CLOEXEC))
		return -errno;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	r[2] = m == MAP_FAILED ? errno : 0;
	n = splice(fd, NULL, p[1], NULL, len, 0);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	if (many_references(fd))
		return -errno;
	return use(path, bytes, len, library);
}

/*
 * Runs @call in a child (it may change its credentials): @r, an int[3],
 * is what the child left in it, @call's result in @r[0].
 */
#define IN_CHILD(r, call)						\
	do {								\
		int _p[2];						\
		pid_t _pid;						\
		r[0] = r[1] = r[2] = -1000;				\
		ASSERT_EQ(0, pipe2(_p, O_CLOEXEC));			\
		_pid = fork();						\
		ASSERT_LE(0, _pid);					\
		if (_pid == 0) {					\
			alarm(60);					\
			r[0] = call;					\
			_exit(write(_p[1], r, 3 * sizeof(int)) ==	\
			      3 * sizeof(int) ? 0 : 1);			\
		}							\
		close(_p[1]);						\
		ASSERT_EQ((ssize_t)(3 * sizeof(int)),			\
			  read(_p[0], r, 3 * sizeof(int)));		\
		close(_p[0]);						\
		ASSERT_EQ(_pid, waitpid(_pid, NULL, 0));		\
	} while (0)

/* The variant's T bytes (unsigned under the ban): caller frees. */
static char *t_bytes(FIXTURE_DATA(held) *self,
		     const FIXTURE_VARIANT(held) *variant, size_t *len)
{
	char *t;

	*len = variant->signed_good ? self->glen :
	       unsigned_len(self->good, self->glen);
	t = malloc(*len);
	if (t)
		memcpy(t, self->good, *len);
	return t;
}

static int link_and_use(const char *path, const char *t, size_t len,
			bool library)
{
	int ret;

	if (become_nobody())
		return -errno;
	ret = write_as_linker(path, t, len);
	return ret ? ret : use(path, t, len, library);
}

/* A linker's output, written through a shared mapping, runs at once. */
TEST_F_TIMEOUT(held, linker, 120)
{
	char path[128];
	int r[3];
	size_t len;
	char *t;

	SKIPPED_IN_SETUP();
	t = t_bytes(self, variant, &len);
	ASSERT_NE(NULL, t);
	snprintf(path, sizeof(path), "%s/vb-held/linked", self->mnt);
	use_policy(_metadata, variant->policy);
	IN_CHILD(r, link_and_use(path, t, len, variant->library));
	TH_LOG("%s %s %s: linked output %d", variant->fs,
	       variant->library ? "library" : "exec", variant->policy, r[0]);
	EXPECT_EQ(HELD_GOOD_EXIT, r[0]);
	/* and again, from the cache or not */
	IN_CHILD(r, use(path, t, len, variant->library));
	EXPECT_EQ(HELD_GOOD_EXIT, r[0]);
	free(t);
}

/*
 * A reader holding pages of root's program cannot have it refused, and
 * cannot take them for writing.
 */
TEST_F_TIMEOUT(held, root_file_reader, 120)
{
	char path[128];
	int r[3];
	size_t len;
	char *t;

	SKIPPED_IN_SETUP();
	t = t_bytes(self, variant, &len);
	ASSERT_NE(NULL, t);
	snprintf(path, sizeof(path), "%s/vb-held/rootprog", self->mnt);
	ASSERT_EQ(0, write_file(path, t, len));
	ASSERT_EQ(0, chmod(path, 0755));
	use_policy(_metadata, variant->policy);
	IN_CHILD(r, hold_for_reading(path, t, len, variant->library, r));
	TH_LOG("%s %s %s: root's program used while held: %d; open for writing: %s, writable shared mapping: %s",
	       variant->fs, variant->library ? "library" : "exec",
	       variant->policy, r[0], strerror(r[1]), strerror(r[2]));
	EXPECT_EQ(HELD_GOOD_EXIT, r[0]);
	EXPECT_EQ(EACCES, r[1]);
	EXPECT_EQ(EACCES, r[2]);
	free(t);
}

TEST_HARNESS_MAIN
