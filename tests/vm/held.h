/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban selftests - a program's pages held for writing across its use
 *
 * The attack of tests/vm/heldpages_test.c (found by the outside red team,
 * tests/redteam3), shared with the tests built on it (heldadopt_test.c,
 * idmapheld_test.c).  A read() of a FUSE file opened FOPEN_DIRECT_IO goes
 * straight into the reader's memory: the kernel takes the pages of the
 * buffer (GUP with FOLL_WRITE; 6.1 with a plain reference, 6.12 with
 * FOLL_PIN) before it sends the request, and fills them when the server
 * answers.  Any user may mount FUSE in a user namespace.  So:
 *
 *   1. held_start(): the attacker's FUSE mount serves the banned bytes;
 *      in a holder process he opens T (an allowed program) O_RDWR, maps
 *      it MAP_SHARED|PROT_WRITE, read()s the held FUSE file into the
 *      mapping in a thread (the kernel holds T's pages and waits for the
 *      server), unmaps T and closes it: nothing has T open for writing;
 *   2. held_crowd(): other files are checked, so that the loadable form's
 *      table evicts T's entry (tests/module-form/guest.sh runs the tests
 *      with cache_entries=2 too);
 *   3. held_use(): T is run, or mapped executable (a library);
 *   4. held_rewrite(): the server answers with the banned program's
 *      bytes: the kernel copies them into T's page cache, under T;
 *   5. held_finish(): exit 66 is the banned vendor's code.
 *
 * T must be refused at 3.  A copy of T whose pages nobody holds still
 * runs (held_control()).
 */

#ifndef _VENDORBAN_SELFTEST_HELD_H
#define _VENDORBAN_SELFTEST_HELD_H

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "attacker.h"
#include "common.h"
#include "fuse_server.h"

#define HELD_GOOD	FIX_BIN "wait-good"
#define HELD_BANNED	FIX_BIN "wait-banned"
#define HELD_GOOD_EXIT	HELLO_EXIT
#define HELD_BANNED_EXIT	66

/**
 * struct held_outcome - what the attacker saw
 * @setup: 0, or -errno of the step named in @step
 * @step: the step that failed
 * @first: 0 if T was started (or mapped), else -errno
 * @rewrite: the held read's result (bytes, or -errno)
 * @last: T's exit status after the rewrite; for a library
 *        HELD_BANNED_EXIT if the executable mapping holds the banned
 *        bytes, HELD_GOOD_EXIT if the allowed ones; -errno if refused
 * @control: exit status of a copy of T whose pages nobody holds
 */
struct held_outcome {
	int setup;
	char step[48];
	int first;
	int rewrite;
	int last;
	int control;
};

/**
 * struct held_attack - what the attack works with
 * @dir: a directory the attacker may write (held_control())
 * @t_bytes: T's bytes, @tlen of them (zero-padded to the banned ones' size)
 * @banned: the banned program's bytes, @blen of them
 * @tlen: T's length
 * @blen: the banned program's length
 * @library: T is mapped executable instead of run
 */
struct held_attack {
	const char *dir;
	const char *t_bytes, *banned;
	size_t tlen, blen;
	bool library;
};

/* T in use between held_use() and held_finish(). */
struct held_use {
	char *lib;	/* the executable mapping, or MAP_FAILED */
	int in;		/* the waiting program's standard input, or -1 */
	pid_t pid;	/* the waiting program, or -1 */
};

/* The held read, in its own thread. */
struct held_reader {
	int fd;
	char *map;
	size_t len;
	ssize_t ret;
};

static inline void *held_read(void *p)
{
	struct held_reader *r = p;

	r->ret = read(r->fd, r->map, r->len);
	if (r->ret < 0)
		r->ret = -errno;
	return NULL;
}

/* The attacker's FUSE mount in his own user namespace, serving the banned bytes. */
static inline int held_mount_fuse(struct held_outcome *o,
				  const struct held_attack *a,
				  struct fuse_fs *fs, const char *mnt,
				  int ready[2], int go[2])
{
	int ret;

	memset(fs, 0, sizeof(*fs));
	if (failed(o, "user namespace", enter_userns()) ||
	    failed(o, "pipes", pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC)) ||
	    failed(o, "fuse_add", fuse_add_held(fs, "src", a->banned, a->blen,
						ready[1], go[0])))
		return -1;
	ret = fuse_start(fs, mnt);
	if (ret) {
		errno = -ret;
		failed(o, "mount fuse", 1);
		return -1;
	}
	return 0;
}

/*
 * Holds T's pages: maps @fd shared and writable, reads the held FUSE
 * file into the mapping in a thread, waits until the server has the
 * request, then unmaps T and closes @fd.
 */
static inline int held_hold_pages(struct held_outcome *o,
				  const struct held_attack *a, int fd,
				  const char *src, int ready,
				  struct held_reader *r, pthread_t *th)
{
	char c;

	r->len = a->blen;
	r->fd = open(src, O_RDONLY | O_CLOEXEC);
	if (failed(o, "open fuse file", r->fd < 0))
		return -1;
	r->map = mmap(NULL, a->tlen, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		      0);
	if (failed(o, "mmap shared", r->map == MAP_FAILED))
		return -1;
	errno = pthread_create(th, NULL, held_read, r);
	if (failed(o, "pthread_create", errno != 0))
		return -1;
	if (failed(o, "held read", read(ready, &c, 1) != 1))
		return -1;
	/* the kernel holds T's pages now; nothing else does */
	munmap(r->map, a->tlen);
	close(fd);
	return 0;
}

/* Which program's bytes @p holds. */
static inline int held_look(const char *p, const struct held_attack *a)
{
	return !memcmp(p, a->banned, a->blen) ? HELD_BANNED_EXIT :
	       !memcmp(p, a->t_bytes, a->blen) ? HELD_GOOD_EXIT : -1;
}

/*
 * The holder process (the main one stays single-threaded for its fork):
 * holds T's pages, says so on @told, and exits with 0 once the held read
 * has filled them, 3 if it failed.
 */
static inline pid_t held_holder(struct held_outcome *o,
				const struct held_attack *a, int fd,
				const char *src, int ready, int told)
{
	struct held_reader r;
	pthread_t th;
	pid_t pid = fork();

	if (failed(o, "fork holder", pid < 0) || pid > 0)
		return pid;
	if (held_hold_pages(o, a, fd, src, ready, &r, &th) ||
	    write(told, "h", 1) != 1)
		_exit(2);
	pthread_join(th, NULL);
	_exit(r.ret == (ssize_t)a->blen ? 0 : 3);
}

/**
 * held_start() - the attacker holds T's pages (step 1 of the file comment)
 * @o: the outcome, whose first failed step is recorded
 * @a: the attack
 * @path: T, written already, which the attacker may open for writing
 * @mnt: where to mount his FUSE filesystem (created if need be)
 * @fs: his FUSE filesystem, for fuse_stop()
 * @go: set to the pipe end that lets its server answer (held_rewrite())
 *
 * Enters a user namespace of the caller's (enter_userns()).
 *
 * Return: the holder process, once it holds T's pages, or -1.
 */
static inline pid_t held_start(struct held_outcome *o,
			       const struct held_attack *a, const char *path,
			       const char *mnt, struct fuse_fs *fs, int *go)
{
	int fd, ready[2], gop[2], told[2];
	char src[160], c;
	pid_t held;

	snprintf(src, sizeof(src), "%s/src", mnt);
	if (failed(o, "mkdir fuse", mkdir(mnt, 0755) && errno != EEXIST) ||
	    held_mount_fuse(o, a, fs, mnt, ready, gop) ||
	    failed(o, "pipe", pipe2(told, O_CLOEXEC)))
		return -1;
	*go = gop[1];
	/* after the server's fork: only the holder has T open for writing */
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (failed(o, "open T O_RDWR", fd < 0))
		return -1;
	held = held_holder(o, a, fd, src, ready[0], told[1]);
	if (held < 0)
		return -1;
	close(fd);
	close(told[1]);
	if (failed(o, "held read", read(told[0], &c, 1) != 1))
		return -1;
	close(told[0]);
	return held;
}

/*
 * Has @n files in @dir checked (T's bytes, mapped executable), so that
 * the loadable form's table, when it is small (cache_entries=2,
 * tests/module-form/guest.sh), or @n is its size and more, has evicted
 * T's entry by the time T is used: new entries of the caller's own files.
 */
static inline void held_crowd(const char *dir, const struct held_attack *a,
			      long n)
{
	char path[160];
	long i;
	void *p;
	int fd;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/crowd%ld", dir, i);
		if (write_file(path, a->t_bytes, a->tlen))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		p = mmap(NULL, a->tlen, PROT_READ | PROT_EXEC, MAP_PRIVATE,
			 fd, 0);
		if (p != MAP_FAILED)
			munmap(p, a->tlen);
		close(fd);
	}
}

/* Uses T at @path (step 3): runs it, or maps it executable. */
static inline void held_use(struct held_outcome *o,
			    const struct held_attack *a, const char *path,
			    struct held_use *u)
{
	int err = 0, lfd;

	u->lib = MAP_FAILED;
	u->in = -1;
	u->pid = -1;
	if (a->library) {
		lfd = open(path, O_RDONLY | O_CLOEXEC);
		u->lib = lfd < 0 ? MAP_FAILED :
			 mmap(NULL, a->tlen, PROT_READ | PROT_EXEC,
			      MAP_PRIVATE, lfd, 0);
		o->first = u->lib == MAP_FAILED ? -errno : 0;
		if (lfd >= 0)
			close(lfd);
	} else if (start_waiting(path, -1, "held-prog", &u->in, &u->pid,
				 &err)) {
		o->first = -errno;
	} else {
		o->first = -err;
	}
}

/* The server answers (step 4): the banned bytes go into the held pages. */
static inline void held_rewrite(struct held_outcome *o,
				const struct held_attack *a, int go,
				pid_t held)
{
	int status;

	o->rewrite = -EPIPE;
	if (write(go, "g", 1) == 1 && waitpid(held, &status, 0) == held)
		o->rewrite = WIFEXITED(status) && !WEXITSTATUS(status) ?
			     (int)a->blen : -EIO;
}

/* What T turned out to be (step 5), once held_use() is done with. */
static inline void held_finish(struct held_outcome *o,
			       const struct held_attack *a,
			       struct held_use *u)
{
	if (o->first)
		o->last = o->first;
	else if (a->library)
		o->last = held_look(u->lib, a);
	else
		o->last = finish_waiting(u->in, u->pid);
	if (u->lib != MAP_FAILED)
		munmap(u->lib, a->tlen);
}

/* Uses T at @path, lets the server answer, sees what ran (steps 3-5). */
static inline void held_use_and_rewrite(struct held_outcome *o,
					const struct held_attack *a,
					const char *path, int go, pid_t held)
{
	struct held_use u;

	held_use(o, a, path, &u);
	held_rewrite(o, a, go, held);
	held_finish(o, a, &u);
}

/*
 * The ends of the pipes through which the attacker hands T's use to root
 * (held_run_with_root()).
 */
struct held_root_pipes {
	int to_root, from_root;
};

/*
 * In the attacker, T's pages held: asks root to use T, waits until it
 * did, lets the server answer (held_rewrite()), tells root.  Whether a
 * step failed (recorded in @o).
 */
static inline bool held_root_turn(struct held_outcome *o,
				  const struct held_attack *a, int go,
				  pid_t held, const struct held_root_pipes *p)
{
	char c;

	if (failed(o, "ask root", write(p->to_root, "u", 1) != 1) ||
	    failed(o, "root used T", read(p->from_root, &c, 1) != 1))
		return true;
	held_rewrite(o, a, go, held);
	return failed(o, "tell root", write(p->to_root, "w", 1) != 1);
}

/*
 * Root's use of T at @path, once asked on @asked (held_root_turn()) and
 * ready: held_use(), then the attacker is told on @tell to let the server
 * answer and says on @asked it did, then held_finish().
 */
static inline void held_root_use(struct held_outcome *r,
				 const struct held_attack *a,
				 const char *path, int asked, int tell)
{
	struct held_use u;
	char c;

	await_audit_window();
	held_use(r, a, path, &u);
	if (write(tell, "r", 1) != 1 || read(asked, &c, 1) != 1)
		r->first = r->first ? r->first : -EPIPE;
	held_finish(r, a, &u);
}

/* The attacker's @o and root's @r before the attack: nothing seen yet. */
static inline void held_outcomes_init(struct held_outcome *o,
				      struct held_outcome *r)
{
	memset(o, 0, sizeof(*o));
	o->first = -1000;
	o->last = -1000;
	o->control = -1000;
	memset(r, 0, sizeof(*r));
	r->first = -1000;
	r->last = -1000;
}

/**
 * held_run_with_root() - the attacker in a child, root's part here
 * @attacker: in the child (which becomes nobody): fills @o from @at
 * @root: root's part, with its ends of the pipes: reads the attacker's
 *        asking on @asked, answers on @tell (held_root_turn()), fills @r
 * @at: what both are given
 * @p: in @at: set to the attacker's ends of the pipes before the fork
 * @o: the attacker's outcome, back from the child through a pipe
 * @r: root's outcome
 *
 * Return: 0 once the child wrote its whole outcome and was reaped, or -1.
 */
static inline int
held_run_with_root(void (*attacker)(const void *at, struct held_outcome *o),
		   void (*root)(const void *at, int asked, int tell,
				struct held_outcome *r),
		   const void *at, struct held_root_pipes *p,
		   struct held_outcome *o, struct held_outcome *r)
{
	int pfd[2], tr[2], fr[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) || pipe2(tr, O_CLOEXEC) ||
	    pipe2(fr, O_CLOEXEC))
		return -1;
	p->to_root = tr[1];
	p->from_root = fr[0];
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		attacker(at, o);
		_exit(write(pfd[1], o, sizeof(*o)) == sizeof(*o) ? 0 : 1);
	}
	close(pfd[1]);
	close(tr[1]);
	close(fr[0]);
	root(at, tr[0], fr[1], r);
	close(tr[0]);
	close(fr[1]);
	n = read(pfd[0], o, sizeof(*o));
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return n == (ssize_t)sizeof(*o) ? 0 : -1;
}

/*
 * Logs @what the attack was and what @o saw; asserts that its setup went
 * through.
 */
static inline void held_log_outcome(struct __test_metadata *const _metadata,
				    const char *what,
				    const struct held_outcome *o)
{
	TH_LOG("%s: setup %d%s%s, first %d, held read %d, last %d, control %d",
	       what, o->setup, o->setup ? " at " : "", o->step, o->first,
	       o->rewrite, o->last, o->control);
	ASSERT_EQ(0, o->setup) {
		TH_LOG("setup failed at %s: %s", o->step, strerror(-o->setup));
	}
}

/**
 * struct held_fixture - a held test's data on root's idmapped mount
 * @good: the allowed program's bytes (HELD_GOOD), @glen of them
 * @banned: the banned program's bytes (HELD_BANNED), @blen of them
 * @glen: @good's length
 * @blen: @banned's length
 * @dir: on the disk, the idmapped mount's source (idmapped_disk())
 */
struct held_fixture {
	char *good, *banned;
	size_t glen, blen;
	char dir[64];
};

/**
 * held_fixture_setup() - a held test's setup on root's idmapped mount
 * @_metadata: harness state
 * @f: filled: the programs' bytes, the idmapped mount's source
 * @disk: where the ext4 disk is mounted (idmapped_disk())
 * @mnt: where @f->dir is mounted idmapped, shown as nobody's
 * @name: @f->dir's name before the pid
 * @user_dir: a fresh tmpfs anyone may write (nobody's FUSE mount point)
 */
static inline void held_fixture_setup(struct __test_metadata *const _metadata,
				      struct held_fixture *f, const char *disk,
				      const char *mnt, const char *name,
				      const char *user_dir)
{
	f->good = NULL;
	f->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	f->good = read_fixture(_metadata, HELD_GOOD, &f->glen);
	f->banned = read_fixture(_metadata, HELD_BANNED, &f->blen);
	/* as Debian's udev leaves it (50-udev-default.rules); devtmpfs: 0600 */
	ASSERT_EQ(0, chmod("/dev/fuse", 0666));
	idmapped_disk(_metadata, disk, mnt, f->dir, sizeof(f->dir), name);
	fresh_tmpfs(_metadata, user_dir);
	ASSERT_EQ(0, chmod(user_dir, 0777));
}

/* Undoes held_fixture_setup(): T and its control gone from @f->dir. */
static inline void held_fixture_teardown(struct __test_metadata *const _metadata,
					 struct held_fixture *f,
					 const char *disk, const char *mnt,
					 const char *user_dir)
{
	char path[128];

	vb_teardown(_metadata);
	umount2(user_dir, MNT_DETACH);
	umount2(mnt, MNT_DETACH);
	snprintf(path, sizeof(path), "%s/prog", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/control", f->dir);
	unlink(path);
	rmdir(f->dir);
	umount2(disk, MNT_DETACH);
	free(f->good);
	free(f->banned);
}

/*
 * What a held test expects of @o once root's idmapped mount made T root's
 * at @path (0755): the banned code never ran, T refused at its use
 * (@library: mapped executable, else run), with a denial record after
 * @mark, reason=writable; the held read went through (@blen bytes) and
 * the control ran.
 */
static inline void held_expect_refused(struct __test_metadata *const _metadata,
				       const struct held_outcome *o,
				       const char *path, size_t blen,
				       bool library, off_t mark)
{
	const char *op = library ? " op=mmap " : " op=exec ";
	char *rec;

	EXPECT_TRUE(roots_on_disk(path, 0755));
	EXPECT_NE(HELD_BANNED_EXIT, o->last) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-EACCES, o->first);
	EXPECT_EQ((int)blen, o->rewrite);
	EXPECT_EQ(HELD_GOOD_EXIT, o->control);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", op,
			 "decision=deny", "/prog", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no%sdenial record of T, reason=writable", op);
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* A copy of T nobody holds, in @a->dir: must still run. */
static inline int held_control(const struct held_attack *a)
{
	char path[128];
	int in, err;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/control", a->dir);
	if (write_file(path, a->t_bytes, a->tlen))
		return -EIO;
	if (start_waiting(path, -1, "held-control", &in, &pid, &err))
		return -errno;
	return err ? -err : finish_waiting(in, pid);
}

#endif /* _VENDORBAN_SELFTEST_HELD_H */
