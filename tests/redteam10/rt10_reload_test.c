// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam10 RT10-4 - RT8-1 across a reload of vendorban.ko
 *
 * A copy of tests/vm/idmapheld_test.c (RT8-1), root's variants: nobody
 * writes T through root's idmapped mount (root's 0755 on disk) and holds
 * its pages (a FUSE read in flight into T mapped MAP_SHARED|PROT_WRITE
 * through the idmapped mount).  The module form records that suspicion in
 * its table, and since the fix of RT8-1 in the idmapped-suspicion bits of
 * evicted.c: both are lost when the module is unloaded ("Everything is
 * lost on unload"), the hold is not.  Here root reloads vendorban.ko
 * (release, rmmod, insmod, attach, the same policy: what a package
 * upgrade of the module does) while nobody holds T's pages, then runs T
 * (or maps it executable) by its path on the host, the idmapped mount's
 * source directory.  T has no state, looks root-only, no record: is it
 * walked?  docs/policy-format.md says only "a root-only file root mapped
 * through a writer before the module was loaded ... is not suspect":
 * this one was mapped by nobody.  No crowd is needed: the reload empties
 * the table.
 *
 * Asserts what idmapheld_test.c asserts: T refused at use, with a
 * reason=writable denial record; the banned code (66) never runs.  Module
 * form only (FINDINGS.md, "How to run"): it reloads /lib/modules/
 * vendorban.ko.
 */

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "held.h"

#define DISK		"/tmp/rt10r-disk"
#define MNT		"/tmp/rt10r"
#define CROWD_DIR	"/tmp/rt10r-crowd"
/* more than evicted.c's slack: T's ctime older than its record */
#define CTIME_AGE	3

FIXTURE(relheld) {
	char *good, *banned;
	size_t glen, blen;
	char dir[64];	/* on the disk, the idmapped mount's source */
};

FIXTURE_VARIANT(relheld) {
	const char *policy;
	bool library;		/* map T PROT_EXEC instead of running it */
};

/* not lockdown: its policy refuses the busybox shell that reloads the module */
FIXTURE_VARIANT_ADD(relheld, root_exec_ban) { "ban-by-subject-o", false };
FIXTURE_VARIANT_ADD(relheld, root_library_ban) { "ban-by-subject-o", true };

/*
 * The attack, with the pipes through which the attacker hands T's use to
 * root and is told it happened.
 */
struct attack {
	struct held_attack h;
	const char *source;	/* the idmapped mount's source directory */
	const char *policy;	/* loaded again after the reload */
	int to_root, from_root;
};

/*
 * A copy of T, written through the idmapped mount (root's on disk, never
 * mapped through a writer), run by nobody by its path in the source
 * directory: must run.
 */
static int control(const struct attack *at)
{
	const struct held_attack *a = &at->h;
	char path[128];
	int in, err;
	pid_t pid;

	if (write_file(MNT "/control", a->t_bytes, a->tlen))
		return -EIO;
	snprintf(path, sizeof(path), "%s/control", at->source);
	if (start_waiting(path, -1, "relheld-control", &in, &pid, &err))
		return -errno;
	return err ? -err : finish_waiting(in, pid);
}

/* The attacker, as nobody; root uses T while he holds its pages. */
static void attacker(const struct attack *at, struct held_outcome *o)
{
	const struct held_attack *a = &at->h;
	char mnt[128], c;
	struct fuse_fs fs;
	pid_t held;
	int go;

	snprintf(mnt, sizeof(mnt), "%s/fuse", a->dir);
	alarm(120);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "write T", write_file(MNT "/prog", a->t_bytes, a->tlen)) ||
	    failed(o, "chmod T", chmod(MNT "/prog", 0755)))
		return;
	held = held_start(o, a, MNT "/prog", mnt, &fs, &go);
	if (held < 0)
		return;
	/* the held write fault moved T's ctime (ext4's page_mkwrite) */
	sleep(CTIME_AGE);
	/* root reloads the module and uses T (run_attack()), then the server answers */
	if (failed(o, "ask root", write(at->to_root, "u", 1) != 1) ||
	    failed(o, "root used T", read(at->from_root, &c, 1) != 1))
		return;
	held_rewrite(o, a, go, held);
	if (failed(o, "tell root", write(at->to_root, "w", 1) != 1))
		return;
	fuse_stop(&fs, mnt);
	o->control = control(at);
}

FIXTURE_SETUP(relheld)
{
	self->good = NULL;
	self->banned = NULL;
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	self->good = read_fixture(_metadata, HELD_GOOD, &self->glen);
	self->banned = read_fixture(_metadata, HELD_BANNED, &self->blen);
	/* as Debian's udev leaves it (50-udev-default.rules); devtmpfs: 0600 */
	ASSERT_EQ(0, chmod("/dev/fuse", 0666));
	idmapped_disk(_metadata, DISK, MNT, self->dir, sizeof(self->dir),
		      "rt10r");
	/* nobody's FUSE mount point */
	fresh_tmpfs(_metadata, CROWD_DIR);
	ASSERT_EQ(0, chmod(CROWD_DIR, 0777));
}

FIXTURE_TEARDOWN(relheld)
{
	char path[128];

	vb_teardown(_metadata);
	umount2(CROWD_DIR, MNT_DETACH);
	umount2(MNT, MNT_DETACH);
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/control", self->dir);
	unlink(path);
	rmdir(self->dir);
	umount2(DISK, MNT_DETACH);
	free(self->good);
	free(self->banned);
}

/*
 * Root reloads vendorban.ko as a package upgrade of the module does, with
 * @policy in force again: 0, or the shell's status.
 */
static int reload_module(const char *policy)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "echo release >/sys/kernel/security/vendorban/bpf_links || exit 1; "
		 "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		 "grep -q '^vendorban ' /proc/modules && exit 2; "
		 "insmod /lib/modules/vendorban.ko || exit 3; "
		 "vendorbanctl attach >/dev/null || exit 4; "
		 "vendorbanctl load " FIX_POL "%s.pol >/dev/null || exit 5; "
		 "grep -q 'mechanism: *bpf-lsm' /sys/kernel/security/vendorban/status || exit 6",
		 policy);
	return system(cmd);
}

/* Root's part: reloads the module and uses T by its path on the host when asked. */
static void root_uses(const struct attack *at, int asked, int tell,
		      struct held_outcome *r)
{
	char path[128], c;
	struct held_use u;

	if (read(asked, &c, 1) != 1)
		return;
	snprintf(path, sizeof(path), "%s/prog", at->source);
	/* the hold is on: root upgrades (reloads) the module */
	r->setup = reload_module(at->policy);
	if (r->setup)
		snprintf(r->step, sizeof(r->step), "reload vendorban.ko");
	await_audit_window();
	held_use(r, &at->h, path, &u);
	/* the attacker lets the server answer, then says so */
	if (write(tell, "r", 1) != 1 || read(asked, &c, 1) != 1)
		r->first = r->first ? r->first : -EPIPE;
	held_finish(r, &at->h, &u);
}

/* Runs the attack in a child as nobody, under the variant's policy. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(relheld) *self,
		       const FIXTURE_VARIANT(relheld) *variant,
		       struct held_outcome *o)
{
	size_t glen = unsigned_len(self->good, self->glen);
	size_t tlen = glen > self->blen ? glen : self->blen;
	char *t = calloc(1, tlen);
	long size = vb_table_size();
	struct attack a = {
		.h = {
			.dir = CROWD_DIR, .t_bytes = t, .banned = self->banned,
			.tlen = tlen, .blen = self->blen,
			.library = variant->library,
		},
		.source = self->dir, .policy = variant->policy,
	};
	struct held_outcome r;
	int pfd[2], status, tr[2], fr[2];
	pid_t pid;

	ASSERT_NE(NULL, t);
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	memcpy(t, self->good, glen);
	memset(o, 0, sizeof(*o));
	o->first = o->last = o->control = -1000;
	memset(&r, 0, sizeof(r));
	r.first = r.last = -1000;
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
	root_uses(&a, tr[0], fr[1], &r);
	close(tr[0]);
	close(fr[1]);
	ASSERT_EQ((ssize_t)sizeof(*o), read(pfd[0], o, sizeof(*o)));
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	free(t);
	o->first = r.first;
	o->last = r.last;
	if (r.setup && !o->setup) {
		o->setup = r.setup;
		memcpy(o->step, r.step, sizeof(o->step));
	}
	TH_LOG("table %ld, 0 of nobody's files checked; %s %s by root, host path: setup %d%s%s, first %d, held read %d, last %d, control %d",
	       size, variant->library ? "library" : "exec", variant->policy,
	       o->setup, o->setup ? " at " : "", o->step, o->first,
	       o->rewrite, o->last, o->control);
	ASSERT_EQ(0, o->setup) {
		TH_LOG("setup failed at %s: %s", o->step, strerror(-o->setup));
	}
}

/* Whether @path, seen without the idmapped mount, is root's with @mode. */
static bool roots_on_disk(const char *path, mode_t mode)
{
	struct stat st;

	return !stat(path, &st) && st.st_uid == 0 && st.st_gid == 0 &&
	       (st.st_mode & 07777) == mode;
}

TEST_F_TIMEOUT(relheld, refused, 900)
{
	const char *op = variant->library ? " op=mmap " : " op=exec ";
	struct held_outcome o;
	char path[128], *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	run_attack(_metadata, self, variant, &o);
	/* the mount did what it is for: nobody's T is root's on disk */
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	EXPECT_TRUE(roots_on_disk(path, 0755));
	EXPECT_NE(HELD_BANNED_EXIT, o.last) {
		TH_LOG("the banned vendor's code ran (or was mapped executable)");
	}
	EXPECT_EQ(-EACCES, o.first);
	EXPECT_EQ((int)self->blen, o.rewrite);
	EXPECT_EQ(HELD_GOOD_EXIT, o.control);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", op,
			 "decision=deny", "/prog", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		TH_LOG("no%sdenial record of T, reason=writable", op);
		audit_dump(_metadata, mark);
	}
	free(rec);
}

TEST_HARNESS_MAIN
