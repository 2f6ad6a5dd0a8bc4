// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a program's bytes must not change under it
 *
 * The kernel refuses writes to a running program's file (ETXTBSY), but
 * only to the inode it executes: through overlayfs the pages come from
 * the real (lower or upper) file, which anybody allowed to write it may
 * change while the program runs; and a library mapped executable is not
 * protected at all.  Each attack here is run by an unprivileged user
 * (nobody), with the good vendor's program "wait-good" (waits for a byte
 * on standard input, then exits 42), under the EU ban and under the
 * lockdown allow-list: once it runs (or is mapped), the user writes the
 * banned vendor's "wait-banned" (the same code, exiting 66) into the file
 * the pages come from.  The banned code must never run:
 *
 *   - userns_*: the user mounts a tmpfs and an overlay on it in a user
 *     namespace of their own, and rewrites the lower (or upper) file, for
 *     an exec and for a mapping; refused by default ("userns-mounts
 *     deny"), and with "userns-mounts allow" (rootless containers) the
 *     rewrite fails with ETXTBSY;
 *   - root_overlay_*: an overlay root mounted on layers the user can
 *     write: the rewrite fails with ETXTBSY; a file copied up after it was
 *     opened (its mapping would come from the old lower file while reads
 *     go to the upper one) is refused as writable;
 *   - plain_library: the user's own library on tmpfs, mapped executable;
 *   - every rewrite works again once nothing runs or maps the file;
 *   - pin_*: what is not pinned (root's own files), what is refused as
 *     writable rather than pinned (another user's data file, so that
 *     mapping it can neither make its owner's writes fail nor let the
 *     owner rewrite it under the mapping) and what is pinned (another
 *     user's program, a cache hit, mprotect);
 *   - modrace: a module file on overlayfs changed between the check
 *     and the kernel's read, in the lower file or in an upper file a
 *     copy-up made (fanotify holds each read until told to go on).
 *
 * Before the fix every attack ran the banned code.
 */

#include <poll.h>
#include <sys/fanotify.h>
#include <sys/mman.h>
#include <sys/mount.h>

#include "attacker.h"
#include "common.h"

#define WAIT_GOOD	FIX_BIN "wait-good"
#define WAIT_BANNED	FIX_BIN "wait-banned"
#define GOOD_EXIT	HELLO_EXIT
#define BANNED_EXIT	66
/* root's tmpfs: root-made overlays and plain files */
#define ROOT_DIR	"/tmp/vb-ovl"
/* where the user mounts their own tmpfs, in their mount namespace */
#define NS_DIR		"/tmp/vb-ovl-ns"
#define MOD_DIR		"/tests/modules/"
#define MOD_NAME	"vbtest_mod"

/* Where the program's real file is. */
enum layer {
	LOWER,
	UPPER,
	PLAIN,		/* a plain tmpfs file: no overlay */
};

/* What the user does with it. */
enum use {
	USE_EXEC,
	USE_MAP,		/* mmap(PROT_EXEC): a library */
	USE_MAP_COPIED_UP,	/* the same through an fd opened before copy-up */
};

/**
 * struct scenario - one attack
 * @userns: the user mounts the tmpfs and the overlay in a user namespace
 * @layer: where the program is
 * @use: exec or mapping
 */
struct scenario {
	bool userns;
	enum layer layer;
	enum use use;
};

/**
 * struct outcome - what happened, as the user saw it
 * @setup: 0, or -errno of the setup step named in @step
 * @step: the setup step that failed
 * @use: 0 or -errno of the exec or mmap
 * @rewrite: 0 or -errno of writing the banned bytes into the real file
 *           while the program ran (or was mapped)
 * @ran: exit status of the program (GOOD_EXIT, BANNED_EXIT); for a
 *       mapping, BANNED_EXIT if it holds the banned bytes, GOOD_EXIT if
 *       the good ones; -1 if not run
 * @rewrite_after: 0 or -errno of the same write once the program exited
 *                 (or was unmapped and closed)
 */
struct outcome {
	int setup;
	char step[48];
	int use;
	int rewrite;
	int ran;
	int rewrite_after;
};

FIXTURE(ovl) {
	char *good, *banned;
	size_t glen, blen;
};

FIXTURE_VARIANT(ovl) {
	const char *policy;
};

FIXTURE_VARIANT_ADD(ovl, eu_ban) { .policy = "ban-by-subject-o" };
FIXTURE_VARIANT_ADD(ovl, lockdown) { .policy = "lockdown" };

FIXTURE_SETUP(ovl)
{
	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->good = read_fixture(_metadata, WAIT_GOOD, &self->glen);
	self->banned = read_fixture(_metadata, WAIT_BANNED, &self->blen);
	umount2(ROOT_DIR, MNT_DETACH);
	mkdir(NS_DIR, 0777);
	ASSERT_EQ(0, chmod(NS_DIR, 0777));
}

FIXTURE_TEARDOWN(ovl)
{
	vb_teardown(_metadata);
	umount2(ROOT_DIR "/merged", MNT_DETACH);
	umount2(ROOT_DIR, MNT_DETACH);
	free(self->good);
	free(self->banned);
}

static const char *const layer_names[] = { "lower", "upper", "plain" };
static const char *const use_names[] = { "exec", "mmap", "mmap-copied-up" };

static int mkdirs(const char *base)
{
	static const char *const dirs[] = { "lower", "upper", "work", "merged" };
	char path[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", base, dirs[i]);
		if (mkdir(path, 0755))
			return -1;
	}
	return 0;
}

static int mount_overlay(const char *base)
{
	char opts[256], target[128];

	snprintf(opts, sizeof(opts),
		 "lowerdir=%s/lower,upperdir=%s/upper,workdir=%s/work",
		 base, base, base);
	snprintf(target, sizeof(target), "%s/merged", base);
	return mount("overlay", target, "overlay", 0, opts);
}

/* Writes @len bytes at offset 0 of @path, in place: 0 or -errno. */
static int rewrite(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	r = pwrite(fd, buf, len, 0);
	if (r < 0)
		err = -errno;
	else if ((size_t)r != len)
		err = -EIO;
	close(fd);
	return err;
}

/*
 * The same once the program is gone: its files may be released a moment
 * after its parent saw it exit (a delayed fput), so ETXTBSY is retried
 * for a second.  A pin that is never released still fails.
 */
static int rewrite_later(const char *path, const char *buf, size_t len)
{
	int i, ret = 0;

	for (i = 0; i < 50; i++) {
		ret = rewrite(path, buf, len);
		if (ret != -ETXTBSY)
			break;
		usleep(20 * 1000);
	}
	return ret;
}

/*
 * Execs @path with a pipe as standard input; once the exec has happened,
 * writes the banned bytes into @real, then lets the program go on.
 */
static void attack_exec(struct outcome *o, const char *path, const char *real,
			const char *banned, size_t blen)
{
	int in, err;
	pid_t pid;

	if (failed(o, "start", start_waiting(path, -1, path, &in, &pid, &err)))
		return;
	if (err) {
		o->use = -err;
		return;
	}
	/* the program runs (or is about to): it waits for our byte */
	o->rewrite = rewrite(real, banned, blen);
	o->ran = finish_waiting(in, pid);
	if (o->ran == -EPIPE)
		o->setup = -EPIPE;
	o->rewrite_after = rewrite_later(real, banned, blen);
}

/* Which program's bytes @p holds. */
static int mapped_bytes(const char *p, const char *good, const char *banned,
			size_t len)
{
	if (!memcmp(p, banned, len))
		return BANNED_EXIT;
	return memcmp(p, good, len) ? -1 : GOOD_EXIT;
}

/*
 * Maps @path executable (through @fd, opened before the file was copied
 * up, for USE_MAP_COPIED_UP), writes the banned bytes into @real, and
 * looks at what the mapping holds.
 */
static void attack_map(struct outcome *o, int fd, const char *real,
		       const char *good, size_t glen, const char *banned,
		       size_t blen)
{
	size_t len = glen < blen ? glen : blen;
	char *p;

	p = mmap(NULL, glen, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		o->use = -errno;
		return;
	}
	o->rewrite = rewrite(real, banned, blen);
	o->ran = mapped_bytes(p, good, banned, len);
	munmap(p, glen);
	o->rewrite_after = rewrite_later(real, banned, blen);
}

/* Opens @path for the mapping; for USE_MAP_COPIED_UP, copies it up after. */
static int open_for_map(struct outcome *o, const char *path, enum use use)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), wfd;

	if (failed(o, "open", fd < 0))
		return -1;
	if (use != USE_MAP_COPIED_UP)
		return fd;
	/* opening the overlay file for writing copies it up */
	wfd = open(path, O_WRONLY | O_CLOEXEC);
	if (failed(o, "copy-up", wfd < 0)) {
		close(fd);
		return -1;
	}
	close(wfd);
	return fd;
}

struct attack_args {
	const struct scenario *sc;
	const char *good, *banned;
	size_t glen, blen;
};

/* The attacker, as nobody: set up (userns), then exec or map and rewrite. */
static void attacker(const void *args, void *out)
{
	const struct attack_args *a = args;
	struct outcome *o = out;
	const struct scenario *sc = a->sc;
	const char *base = sc->userns ? NS_DIR : ROOT_DIR;
	char prog[128], real[128];
	int fd;

	snprintf(real, sizeof(real), "%s/%s/prog", base,
		 sc->layer == UPPER ? "upper" : "lower");
	snprintf(prog, sizeof(prog), "%s/%s/prog", base,
		 sc->layer == PLAIN ? "lower" : "merged");
	if (failed(o, "become nobody", become_nobody()))
		return;
	if (sc->userns &&
	    (failed(o, "user namespace", enter_userns()) ||
	     failed(o, "mount tmpfs", mount("tmpfs", NS_DIR, "tmpfs", 0,
					     "mode=0755")) ||
	     failed(o, "mkdir", mkdirs(NS_DIR)) ||
	     failed(o, "copy", write_file(real, a->good, a->glen)) ||
	     failed(o, "mount overlay", mount_overlay(NS_DIR))))
		return;
	if (sc->use == USE_EXEC) {
		attack_exec(o, prog, real, a->banned, a->blen);
		return;
	}
	fd = open_for_map(o, prog, sc->use);
	if (fd < 0)
		return;
	if (sc->use == USE_MAP_COPIED_UP)
		snprintf(real, sizeof(real), "%s/lower/prog", base);
	attack_map(o, fd, real, a->good, a->glen, a->banned, a->blen);
}

/* Root's part of a root-made scenario: layers nobody can write. */
static void root_layers(struct __test_metadata *const _metadata,
			FIXTURE_DATA(ovl) *self, const struct scenario *sc)
{
	char real[128];

	umount2(ROOT_DIR "/merged", MNT_DETACH);
	fresh_tmpfs(_metadata, ROOT_DIR);
	ASSERT_EQ(0, mkdirs(ROOT_DIR));
	ASSERT_EQ(0, chown(ROOT_DIR "/lower", NOBODY, NOBODY));
	ASSERT_EQ(0, chown(ROOT_DIR "/upper", NOBODY, NOBODY));
	snprintf(real, sizeof(real), ROOT_DIR "/%s/prog",
		 sc->layer == UPPER ? "upper" : "lower");
	ASSERT_EQ(0, write_file(real, self->good, self->glen));
	ASSERT_EQ(0, chown(real, NOBODY, NOBODY));
	if (sc->layer != PLAIN)
		ASSERT_EQ(0, mount_overlay(ROOT_DIR)) {
			TH_LOG("mount overlay: %s", strerror(errno));
		}
}

/* Runs one scenario: the attacker in a child, its outcome in @o. */
static void run_scenario(struct __test_metadata *const _metadata,
			 FIXTURE_DATA(ovl) *self, const struct scenario *sc,
			 struct outcome *o)
{
	struct attack_args a = {
		.sc = sc, .good = self->good, .banned = self->banned,
		.glen = self->glen, .blen = self->blen,
	};

	memset(o, 0, sizeof(*o));
	o->ran = -1;
	o->rewrite = o->rewrite_after = 1;
	if (!sc->userns)
		root_layers(_metadata, self, sc);
	ASSERT_EQ(0, run_attacker(attacker, &a, o, sizeof(*o)));
	TH_LOG("%s %s %s: setup %d%s%s, %s %d, rewrite %d, ran %d, rewrite after %d",
	       sc->userns ? "userns" : "root-made", layer_names[sc->layer],
	       use_names[sc->use], o->setup, o->setup ? " at " : "", o->step,
	       use_names[sc->use], o->use, o->rewrite, o->ran,
	       o->rewrite_after);
	ASSERT_EQ(0, o->setup) {
		TH_LOG("setup failed at %s: %s", o->step, strerror(-o->setup));
	}
}

/*
 * The file ran (or was mapped) as the good vendor's, could not be
 * rewritten while it did, and can be once it is gone.
 */
static void expect_pinned(struct __test_metadata *const _metadata,
			  const struct outcome *o)
{
	EXPECT_EQ(0, o->use);
	EXPECT_NE(BANNED_EXIT, o->ran) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-ETXTBSY, o->rewrite);
	EXPECT_EQ(GOOD_EXIT, o->ran);
	EXPECT_EQ(0, o->rewrite_after) {
		TH_LOG("the file stayed unwritable after its use ended");
	}
}

static const struct scenario each_use[] = {
	{ .layer = LOWER, .use = USE_EXEC },
	{ .layer = UPPER, .use = USE_EXEC },
	{ .layer = LOWER, .use = USE_MAP },
	{ .layer = UPPER, .use = USE_MAP },
};

/*
 * The attack of the report: in a user namespace of their own, the user
 * mounts tmpfs and an overlay on it.  Refused by default, with a record.
 */
TEST_F(ovl, userns_mounts_refused_by_default)
{
	struct scenario sc;
	struct outcome o;
	unsigned int i;
	off_t mark;
	char *rec;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, variant->policy);
	for (i = 0; i < ARRAY_SIZE(each_use); i++) {
		sc = each_use[i];
		sc.userns = true;
		mark = audit_mark();
		if (sc.layer == LOWER)
			await_audit_window();
		run_scenario(_metadata, self, &sc, &o);
		EXPECT_NE(BANNED_EXIT, o.ran) {
			TH_LOG("the banned vendor's code ran from a user-namespace overlay");
		}
		EXPECT_EQ(-EACCES, o.use);
		/*
		 * The upper file's denial repeats the lower one's within
		 * 5 s (a new tmpfs and overlay get the same device and
		 * inode numbers): counted, not logged.
		 */
		if (sc.layer != LOWER)
			continue;
		rec = audit_wait(mark, WAIT_MS, "type=1316 ", "decision=deny",
				 " rule_line=none ", " reason=userns-mount ");
		EXPECT_NE(NULL, rec) {
			audit_dump(_metadata, mark);
		}
		free(rec);
	}
}

/* Rootless containers: "userns-mounts allow", and the real file is pinned. */
TEST_F(ovl, userns_mounts_allowed_are_pinned)
{
	struct scenario sc;
	struct outcome o;
	unsigned int i;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, variant->policy, "userns-mounts allow\n");
	for (i = 0; i < ARRAY_SIZE(each_use); i++) {
		sc = each_use[i];
		sc.userns = true;
		run_scenario(_metadata, self, &sc, &o);
		expect_pinned(_metadata, &o);
	}
}

/* "userns-mounts audit": runs, with a would-deny record. */
TEST_F(ovl, userns_mounts_audit)
{
	struct scenario sc = { .userns = true, .layer = LOWER, .use = USE_EXEC };
	struct outcome o;
	off_t mark = audit_mark();
	char *rec;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, variant->policy, "userns-mounts audit\n");
	await_audit_window();
	run_scenario(_metadata, self, &sc, &o);
	expect_pinned(_metadata, &o);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "op=exec",
			 "decision=would-deny", " reason=userns-mount ");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* An overlay root mounted on layers the user can write. */
TEST_F(ovl, root_overlay_user_layers_pinned)
{
	struct outcome o;
	unsigned int i;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, variant->policy);
	for (i = 0; i < ARRAY_SIZE(each_use); i++) {
		run_scenario(_metadata, self, &each_use[i], &o);
		expect_pinned(_metadata, &o);
	}
}

/*
 * A file opened through the overlay, then copied up (the user opens it for
 * writing), then its lower file rewritten: reads of the open file go to
 * the upper copy, its mapping to the lower file.  Refused as writable.
 */
TEST_F(ovl, root_overlay_copied_up_after_open)
{
	struct scenario sc = { .layer = LOWER, .use = USE_MAP_COPIED_UP };
	struct outcome o;
	off_t mark = audit_mark();
	char *rec;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, variant->policy);
	run_scenario(_metadata, self, &sc, &o);
	EXPECT_NE(BANNED_EXIT, o.ran) {
		TH_LOG("the banned vendor's lower file was mapped executable");
	}
	EXPECT_EQ(-EACCES, o.use);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "op=mmap",
			 "decision=deny", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* The user's own library on a plain tmpfs, mapped executable. */
TEST_F(ovl, plain_library_pinned)
{
	struct scenario sc = { .layer = PLAIN, .use = USE_MAP };
	struct outcome o;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, variant->policy);
	run_scenario(_metadata, self, &sc, &o);
	expect_pinned(_metadata, &o);
}

/* ---- what is pinned and what is not ----------------------------------- */

#define PIN_DIR		"/tmp/vb-pin"
#define PIN_LIB		PIN_DIR "/lib"

FIXTURE(pin) {};

FIXTURE_SETUP(pin)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, PIN_DIR);
	copy_file(_metadata, WAIT_GOOD, PIN_LIB);
}

FIXTURE_TEARDOWN(pin)
{
	vb_teardown(_metadata);
	umount2(PIN_DIR, MNT_DETACH);
}

/* Maps @path executable and keeps the mapping (the fd is closed). */
static void map_and_keep(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	if (mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) ==
	    MAP_FAILED)
		s->r[0] = -errno;
	close(fd);
}

/* Opens @path for writing and closes it: 0 or -errno. */
static int open_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Root's files are not pinned by a user's mapping (root's writes to them
 * do not fail), unless others may write them (then they are).
 */
TEST_F(pin, root_files_not_pinned)
{
	static const char *const files[] = { PIN_DIR "/root644",
					     PIN_DIR "/root666" };
	struct steps s;
	unsigned int i;
	pid_t pid;
	int hold;

	SKIPPED_IN_SETUP();
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		copy_file(_metadata, WAIT_GOOD, files[i]);
		ASSERT_EQ(0, chmod(files[i], i ? 0666 : 0644));
		pid = as_user(_metadata, NOBODY, map_and_keep, files[i], &s, &hold);
		ASSERT_LT(0, pid);
		EXPECT_EQ(0, s.r[0]);
		EXPECT_EQ(i ? -ETXTBSY : 0, open_write(files[i])) {
			TH_LOG("%s mapped executable by nobody", files[i]);
		}
		release_held(hold, pid);
		EXPECT_EQ(0, open_write(files[i]));
	}
}

/*
 * Another user's files mapped executable by nobody: a program is pinned,
 * as exec would pin it; a data file (not executable, nobody may not write
 * it) cannot be, without letting nobody make its owner's writes fail, so
 * the mapping is refused as writable (the default "writable deny") and
 * the owner's writes still work.
 */
TEST_F(pin, others_data_files_refused_programs_pinned)
{
	static const char *const files[] = { PIN_DIR "/data644",
					     PIN_DIR "/prog755" };
	struct steps s;
	unsigned int i;
	off_t mark;
	pid_t pid;
	int hold;

	SKIPPED_IN_SETUP();
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		copy_file(_metadata, WAIT_GOOD, files[i]);
		ASSERT_EQ(0, chown(files[i], 1000, 1000));
		ASSERT_EQ(0, chmod(files[i], i ? 0755 : 0644));
		mark = audit_mark();
		if (!i)
			await_audit_window();
		pid = as_user(_metadata, NOBODY, map_and_keep, files[i], &s, &hold);
		ASSERT_LT(0, pid);
		EXPECT_EQ(i ? 0 : -EACCES, s.r[0]) {
			TH_LOG("%s (uid 1000) mapped executable by nobody",
			       files[i]);
		}
		if (!i)
			EXPECT_NE(NULL, audit_wait(mark, WAIT_MS, "op=mmap",
						   "reason=writable",
						   "data644"));
		EXPECT_EQ(i ? -ETXTBSY : 0, open_write(files[i])) {
			TH_LOG("%s (uid 1000) mapped executable by nobody",
			       files[i]);
		}
		release_held(hold, pid);
		EXPECT_EQ(0, open_write(files[i]));
	}
}

/*
 * As nobody, maps @path executable, whole (with @mprot, readable first,
 * then executable by mprotect()), keeps a copy of what it mapped, then
 * (when the parent lets it go on) exits 3 if the mapping's bytes changed
 * under it, 0 if not, 4 if there was no mapping.
 */
static pid_t map_and_watch(const char *path, bool mprot, int *go_w,
			   int *mapped)
{
	int go[2], out[2], r = 0;
	struct stat st;
	char *p, *copy;
	pid_t pid;
	char c;

	if (pipe(go) || pipe(out))
		return -1;
	pid = fork();
	if (pid)
		goto parent;
	close(go[1]);
	close(out[0]);
	if (become_nobody())
		_exit(5);
	r = open(path, O_RDONLY | O_CLOEXEC);
	if (r < 0 || fstat(r, &st))
		_exit(6);
	p = mmap(NULL, st.st_size, PROT_READ | (mprot ? 0 : PROT_EXEC),
		 MAP_PRIVATE, r, 0);
	close(r);
	r = p == MAP_FAILED ? -errno : 0;
	if (!r && mprot && mprotect(p, st.st_size, PROT_READ | PROT_EXEC))
		r = -errno;
	copy = malloc(st.st_size);
	if (!copy)
		_exit(7);
	if (!r)
		memcpy(copy, p, st.st_size);
	if (write(out[1], &r, sizeof(r)) != sizeof(r) ||
	    read(go[0], &c, 1) != 1)
		_exit(8);
	if (r)
		_exit(4);
	_exit(memcmp(copy, p, st.st_size) ? 3 : 0);
parent:
	close(go[0]);
	close(out[1]);
	if (read(out[0], mapped, sizeof(*mapped)) != sizeof(*mapped))
		*mapped = 1;
	close(out[0]);
	*go_w = go[1];
	return pid;
}

/*
 * As uid 1000 in a child, writes @buf over @path from offset 0 (with
 * @len 0, only asks for write access: access(W_OK)).
 */
static int owner_rewrite(const char *path, const char *buf, size_t len)
{
	int status, fd;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(100);
		if (!len)
			_exit(access(path, W_OK) ? errno : 0);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(errno);
		_exit(pwrite(fd, buf, len, 0) == (ssize_t)len ? 0 : 101);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return -WEXITSTATUS(status);
}

/*
 * Puts an allowed program at @path, owned by uid 1000 with @mode; with
 * @mprot, root maps it executable first (a cached allow), and the owner's
 * access(W_OK) releases root's pin.
 */
static void owned_copy(struct __test_metadata *const _metadata,
		       const char *path, mode_t mode, bool mprot)
{
	copy_file(_metadata, WAIT_GOOD, path);
	ASSERT_EQ(0, chown(path, 1000, 1000));
	ASSERT_EQ(0, chmod(path, mode));
	if (mprot) {
		ASSERT_EQ(0, map_exec(path));
		ASSERT_EQ(0, owner_rewrite(path, NULL, 0));
	}
}

/*
 * The attack (outside red team, known gap B3): uid 1000 owns a data file
 * (0644) holding an allowed build; nobody maps it executable (a dlopen of
 * a library-like file), or readable and then executable by mprotect()
 * (allowed from the cache: root mapped it before, and the owner's
 * access(W_OK) released root's pin); the owner writes the banned build
 * over it; the bytes under nobody's executable mapping become ones
 * vendorban never judged.  It must fail: the mapping refused, or the
 * rewrite.
 */
static void rewrite_under_mapping(struct __test_metadata *const _metadata,
				  bool mprot)
{
	const char *path = PIN_DIR "/data";
	int go, mapped, rewrite, status = -1;
	char *banned;
	size_t blen;
	pid_t pid;

	banned = read_fixture(_metadata, WAIT_BANNED, &blen);
	owned_copy(_metadata, path, 0644, mprot);
	pid = map_and_watch(path, mprot, &go, &mapped);
	ASSERT_LT(0, pid);
	rewrite = owner_rewrite(path, banned, blen);
	if (write(go, "x", 1) != 1)
		status = -2;
	close(go);
	waitpid(pid, &status, 0);
	TH_LOG("%s by nobody: %d, owner's rewrite: %d, child exit: %d",
	       mprot ? "mprotect" : "mmap", mapped, rewrite,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	EXPECT_FALSE(!mapped && !rewrite) {
		TH_LOG("the owner rewrote the bytes under nobody's executable mapping");
	}
	EXPECT_NE(3, WIFEXITED(status) ? WEXITSTATUS(status) : -1) {
		TH_LOG("the mapping now holds bytes vendorban never judged");
	}
	free(banned);
}

TEST_F(pin, others_data_file_rewritten_under_mmap)
{
	SKIPPED_IN_SETUP();
	rewrite_under_mapping(_metadata, false);
}

TEST_F(pin, others_data_file_rewritten_under_mprotect)
{
	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	rewrite_under_mapping(_metadata, true);
}

/*
 * Maps @path readable, then executable by mprotect(), and keeps the
 * mapping (the fd is closed): r[0] is the mprotect() result.
 */
static void mprotect_and_keep(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *p;

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		s->r[0] = -errno;
	else if (mprotect(p, 4096, PROT_READ | PROT_EXEC))
		s->r[0] = -errno;
}

/*
 * The attack (issue 15, finding D): uid 1000 owns a program nobody may
 * read but not run (0744); nobody maps it executable (mmap, or mprotect
 * on a cache hit: root mapped it before, the owner's access(W_OK)
 * released root's pin) and keeps the mapping.  A pin would let nobody
 * make the owner's writes fail with ETXTBSY for as long as it likes,
 * though nobody could not run the file (before the fix it did: any
 * execute bit let the mapper pin).  So the file is another user's data
 * file to nobody: the mapping is refused as writable, and the owner's
 * write works.
 */
static void not_runnable(struct __test_metadata *const _metadata, bool mprot)
{
	const char *path = PIN_DIR "/prog744";
	struct steps s;
	char *good;
	size_t glen;
	off_t mark;
	pid_t pid;
	int hold;

	good = read_fixture(_metadata, WAIT_GOOD, &glen);
	owned_copy(_metadata, path, 0744, mprot);
	mark = audit_mark();
	await_audit_window();
	pid = as_user(_metadata, NOBODY,
		      mprot ? mprotect_and_keep : map_and_keep,
		      path, &s, &hold);
	ASSERT_LT(0, pid);
	TH_LOG("%s by nobody: %d", mprot ? "mprotect" : "mmap", s.r[0]);
	EXPECT_EQ(-EACCES, s.r[0]) {
		TH_LOG("nobody mapped executable a file it may not run");
	}
	EXPECT_NE(NULL, audit_wait(mark, WAIT_MS,
				   mprot ? "op=mprotect" : "op=mmap",
				   "reason=writable", "prog744"));
	EXPECT_EQ(0, owner_rewrite(path, good, glen)) {
		TH_LOG("nobody's mapping made the owner's write fail");
	}
	release_held(hold, pid);
	EXPECT_EQ(0, owner_rewrite(path, good, glen));
	free(good);
}

TEST_F(pin, others_program_not_runnable_mmap)
{
	SKIPPED_IN_SETUP();
	not_runnable(_metadata, false);
}

TEST_F(pin, others_program_not_runnable_mprotect)
{
	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	not_runnable(_metadata, true);
}

/*
 * The file is allowed and cached; a write request (access(W_OK)) while
 * nothing maps it releases the pin; the next mapping is a cache hit and
 * must pin again.
 */
static void cache_hit_steps(const char *path, struct steps *s)
{
	int fd;
	void *p;

	s->r[0] = map_exec(path);
	s->r[1] = access(path, W_OK) ? -errno : 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	s->r[2] = p == MAP_FAILED ? -errno : 0;
	close(fd);
	s->r[3] = open_write(path);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	s->r[4] = open_write(path);
}

TEST_F(pin, cache_hit_pins)
{
	long long before;
	struct steps s;

	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	ASSERT_EQ(0, chown(PIN_LIB, NOBODY, NOBODY));
	before = read_status_field(_metadata, "cache_hits");
	as_user(_metadata, NOBODY, cache_hit_steps, PIN_LIB, &s, NULL);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(0, s.r[1]);
	EXPECT_EQ(0, s.r[2]);
	EXPECT_EQ(-ETXTBSY, s.r[3]) {
		TH_LOG("a mapping allowed from the cache left the file writable");
	}
	EXPECT_EQ(0, s.r[4]);
	EXPECT_LE(before + 1, read_status_field(_metadata, "cache_hits"));
}

/* The same, the mapping turned executable by mprotect() (a cache hit). */
static void mprotect_steps(const char *path, struct steps *s)
{
	int fd;
	void *p;

	s->r[0] = map_exec(path);
	s->r[1] = access(path, W_OK) ? -errno : 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		s->r[2] = -errno;
		return;
	}
	s->r[2] = mprotect(p, 4096, PROT_READ | PROT_EXEC) ? -errno : 0;
	s->r[3] = open_write(path);
	munmap(p, 4096);
	s->r[4] = open_write(path);
}

TEST_F(pin, mprotect_pins)
{
	struct steps s;

	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	ASSERT_EQ(0, chown(PIN_LIB, NOBODY, NOBODY));
	as_user(_metadata, NOBODY, mprotect_steps, PIN_LIB, &s, NULL);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(0, s.r[1]);
	EXPECT_EQ(0, s.r[2]);
	EXPECT_EQ(-ETXTBSY, s.r[3]) {
		TH_LOG("mprotect(PROT_EXEC) left the file writable");
	}
	EXPECT_EQ(0, s.r[4]);
}

/* ---- a module file rewritten between the check and the load ----------- */

#define MOD_BASE	"/tmp/vb-ovl-mod"
#define MOD_LOWER	MOD_BASE "/lower/m.ko"
#define MOD_UPPER	MOD_BASE "/upper/m.ko"
#define MOD_MERGED	MOD_BASE "/merged/m.ko"

/* How root changes the module the kernel is about to read. */
enum race_attack {
	REWRITE_LOWER,	/* writes the banned module into the lower file */
	COPY_UP,	/* chmod copies the file up; then into the new upper file */
};

FIXTURE(modrace) {
	char *good, *banned;
	size_t glen, blen;
};

FIXTURE_VARIANT(modrace) {
	enum race_attack how;
};

FIXTURE_VARIANT_ADD(modrace, rewrite_lower) { .how = REWRITE_LOWER };
FIXTURE_VARIANT_ADD(modrace, copy_up) { .how = COPY_UP };

FIXTURE_SETUP(modrace)
{
	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
	use_policy(_metadata, "ban-by-cert");
	self->good = read_fixture(_metadata, MOD_DIR "race-good.ko",
				  &self->glen);
	self->banned = read_fixture(_metadata, MOD_DIR "race-banned.ko",
				    &self->blen);
	ASSERT_EQ(self->glen, self->blen);
}

FIXTURE_TEARDOWN(modrace)
{
	vb_teardown(_metadata);
	syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
	umount2(MOD_BASE "/merged", MNT_DETACH);
	umount2(MOD_BASE, MNT_DETACH);
	free(self->good);
	free(self->banned);
}

/* A fresh overlay whose lower file is the good module (root's). */
static void module_overlay(struct __test_metadata *const _metadata,
			   FIXTURE_DATA(modrace) *self)
{
	umount2(MOD_BASE "/merged", MNT_DETACH);
	fresh_tmpfs(_metadata, MOD_BASE);
	ASSERT_EQ(0, mkdirs(MOD_BASE));
	ASSERT_EQ(0, write_file(MOD_LOWER, self->good, self->glen));
	ASSERT_EQ(0, mount_overlay(MOD_BASE)) {
		TH_LOG("mount overlay: %s", strerror(errno));
	}
}

/**
 * struct listener - a fanotify listener holding every read of the module
 * @pid: its process
 * @stop: write end of the pipe that tells it to report and exit
 * @out: read end of the pipe it reports on: the number of reads it saw,
 *       then the result of its change (1 if none was made)
 */
struct listener {
	pid_t pid;
	int stop;
	int out;
};

/* Changes the module as @how says: 0 or -errno. */
static int change_module(enum race_attack how, const char *banned,
			 size_t blen)
{
	if (how == REWRITE_LOWER)
		return rewrite(MOD_LOWER, banned, blen);
	/* a copy-up makes a new upper file, which nothing pinned */
	if (chmod(MOD_MERGED, 0600))
		return -errno;
	return rewrite(MOD_UPPER, banned, blen);
}

/* Answers one permission event; changes the module first at read @k. */
static int answer(int fan, const struct fanotify_event_metadata *ev, int n,
		  int k, enum race_attack how, const char *banned, size_t blen)
{
	struct fanotify_response resp = { .fd = ev->fd, .response = FAN_ALLOW };
	int ret = 1;

	if (n == k)
		ret = change_module(how, banned, blen);
	if (write(fan, &resp, sizeof(resp)) != sizeof(resp))
		ret = -EIO;
	close(ev->fd);
	return ret;
}

/* The listener's loop: until told to stop, count reads, change at @k. */
static void listen_reads(int fan, int stop, int out, int k,
			 enum race_attack how, const char *banned,
			 size_t blen)
{
	char buf[4096] __attribute__((aligned(8)));
	struct fanotify_event_metadata *ev;
	struct pollfd pfd[2] = { { .fd = fan, .events = POLLIN },
				 { .fd = stop, .events = POLLIN } };
	int n = 0, ret, res[2] = { 0, 1 };
	ssize_t len;

	while (poll(pfd, 2, -1) > 0 && !(pfd[1].revents & POLLIN)) {
		len = read(fan, buf, sizeof(buf));
		for (ev = (void *)buf; len > 0 && FAN_EVENT_OK(ev, len);
		     ev = FAN_EVENT_NEXT(ev, len)) {
			if (ev->fd < 0)
				continue;
			n++;
			ret = answer(fan, ev, n, k, how, banned, blen);
			if (n == k)
				res[1] = ret;
		}
	}
	res[0] = n;
	if (write(out, res, sizeof(res)) != sizeof(res))
		_exit(1);
	_exit(0);
}

/*
 * Starts a listener for FAN_ACCESS_PERM on the overlay file: every read
 * of it (the kernel's, and vendorban's where they reach the overlay file)
 * waits until the listener answers; before answering read @k (from 1; 0:
 * never) it changes the module as the variant says.
 */
static void start_listener(struct __test_metadata *const _metadata,
			   FIXTURE_DATA(modrace) *self,
			   const FIXTURE_VARIANT(modrace) *variant, int k,
			   struct listener *l)
{
	int stop[2], out[2], fan;

	fan = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC,
			    O_RDONLY | O_LARGEFILE);
	ASSERT_LE(0, fan) {
		TH_LOG("fanotify_init: %s (the kernel needs CONFIG_FANOTIFY_ACCESS_PERMISSIONS)",
		       strerror(errno));
	}
	ASSERT_EQ(0, fanotify_mark(fan, FAN_MARK_ADD, FAN_ACCESS_PERM,
				   AT_FDCWD, MOD_MERGED));
	ASSERT_EQ(0, pipe2(stop, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	l->pid = fork();
	ASSERT_LE(0, l->pid);
	if (l->pid == 0) {
		close(stop[1]);
		close(out[0]);
		listen_reads(fan, stop[0], out[1], k, variant->how,
			     self->banned, self->blen);
	}
	close(fan);
	close(stop[0]);
	close(out[1]);
	l->stop = stop[1];
	l->out = out[0];
}

/* Stops the listener; *@reads and *@changed are what it reports. */
static void stop_listener(struct __test_metadata *const _metadata,
			  struct listener *l, int *reads, int *changed)
{
	int res[2] = { -1, 1 };

	EXPECT_EQ(1, write(l->stop, "x", 1));
	EXPECT_EQ((ssize_t)sizeof(res), read(l->out, res, sizeof(res)));
	close(l->stop);
	close(l->out);
	waitpid(l->pid, NULL, 0);
	*reads = res[0];
	*changed = res[1];
}

#define GOOD_VARIANT	1	/* race-good.ko */
#define BANNED_VARIANT	2	/* race-banned.ko */

/*
 * finit_module() of the overlay file: -errno, or which build the kernel
 * loaded (its "variant" parameter: GOOD_VARIANT, BANNED_VARIANT; 0 if it
 * cannot be read); unloads it.
 */
static int load_merged(void)
{
	int fd = open(MOD_MERGED, O_RDONLY | O_CLOEXEC);
	char *v;
	long r;

	if (fd < 0)
		return -errno;
	r = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	if (r)
		return r;
	v = read_whole("/sys/module/" MOD_NAME "/parameters/variant", NULL);
	r = v ? atoi(v) : 0;
	free(v);
	syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
	return r;
}

/*
 * Counts the reads of a clean load, then, for each of them in turn, loads
 * again from a fresh overlay with the module changed to the banned one
 * just before that read (the lower file rewritten, or the file copied up
 * and the new upper file written).  Whatever read the change lands before,
 * the banned module must not load: the change fails (the real file is
 * pinned from the check until it is closed), or the load is refused (the
 * built-in form judges the bytes the kernel read; the loadable form
 * refuses a file copied up since its check), or the kernel had read the
 * good module already.
 */
TEST_F(modrace, module_changed_between_check_and_read)
{
	int k, reads, total, changed, ret;
	struct listener l;

	SKIPPED_IN_SETUP();
	module_overlay(_metadata, self);
	start_listener(_metadata, self, variant, 0, &l);
	ret = load_merged();
	stop_listener(_metadata, &l, &total, &changed);
	ASSERT_EQ(GOOD_VARIANT, ret) {
		TH_LOG("the good module does not load through the overlay");
	}
	TH_LOG("a clean load reads the overlay file %d times", total);
	ASSERT_LE(1, total);
	for (k = 1; k <= total; k++) {
		module_overlay(_metadata, self);
		start_listener(_metadata, self, variant, k, &l);
		ret = load_merged();
		stop_listener(_metadata, &l, &reads, &changed);
		TH_LOG("changed before read %d of %d: change %d, load %d (%s)",
		       k, reads, changed, ret,
		       ret == BANNED_VARIANT ? "the banned module" :
		       ret == GOOD_VARIANT ? "the good module" : "refused");
		EXPECT_NE(BANNED_VARIANT, ret) {
			TH_LOG("the banned module loaded: changed before read %d",
			       k);
		}
		EXPECT_TRUE(ret == GOOD_VARIANT || ret == -EACCES);
	}
}

TEST_HARNESS_MAIN
