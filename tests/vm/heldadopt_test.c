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
#include <sys/mount.h>

#include "held.h"

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

/*
 * The attack, the pipes through which the attacker asks root to adopt T
 * (held_run_with_root()), T's path and whether root adopts it.
 */
struct attack {
	struct held_attack h;
	struct held_root_pipes p;
	char path[160];
	bool adopt;
};

/* The attacker, as nobody. */
static void attacker(const void *arg, struct held_outcome *o)
{
	const struct attack *at = arg;
	const struct held_attack *a = &at->h;
	char path[128], mnt[128], c;
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
	/* CROWD of nobody's files: with cache_entries=2, T's entry goes */
	held_crowd(a->dir, a, CROWD);
	/* root adopts T (run_attack()): chown root:root, chmod 0755 */
	if (failed(o, "ask root", write(at->p.to_root, "a", 1) != 1) ||
	    failed(o, "root adopted T", read(at->p.from_root, &c, 1) != 1))
		return;
	/* the denial's record is checked: the account's window fresh */
	await_audit_window();
	held_use_and_rewrite(o, a, path, go, held);
	fuse_stop(&fs, mnt);
	o->control = held_control(a);
}

FIXTURE_SETUP(adopt)
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

/*
 * Root's part: once nobody holds T's pages and crowded the table, adopts
 * T (chown root:root, chmod 0755) unless the variant is the control, and
 * tells him.  A failed step is in @r->first.
 */
static void root_adopts(const void *arg, int asked, int tell,
			struct held_outcome *r)
{
	const struct attack *at = arg;
	char c;

	r->first = 0;
	if (read(asked, &c, 1) != 1) {
		r->first = -EPIPE;
		return;
	}
	if (at->adopt && (chown(at->path, 0, 0) || chmod(at->path, 0755)))
		r->first = -errno;
	if (write(tell, "r", 1) != 1)
		r->first = -EPIPE;
}

/* Runs the attack in a child as nobody, under the variant's policy. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(adopt) *self,
		       const FIXTURE_VARIANT(adopt) *variant,
		       struct held_outcome *o)
{
	size_t glen = variant->signed_good ? self->glen :
		      unsigned_len(self->good, self->glen);
	char dir[96], *t = calloc(1, glen > self->blen ? glen : self->blen);
	struct attack a = { .h = {
		.dir = dir, .t_bytes = t, .banned = self->banned,
		.tlen = glen > self->blen ? glen : self->blen,
		.blen = self->blen, .library = variant->library,
	}, .adopt = variant->adopt };
	struct held_outcome r;

	ASSERT_NE(NULL, t);
	memcpy(t, self->good, glen);
	snprintf(dir, sizeof(dir), "%s/vb-adopt", self->mnt);
	snprintf(a.path, sizeof(a.path), "%s/prog", dir);
	held_outcomes_init(o, &r);
	use_policy(_metadata, variant->policy);
	ASSERT_EQ(0, held_run_with_root(attacker, root_adopts, &a, &a.p, o, &r));
	free(t);
	EXPECT_EQ(0, r.first) {
		TH_LOG("root could not adopt T: %s", strerror(-r.first));
	}
	snprintf(dir, sizeof(dir), "%s %s %s", variant->fs,
		 variant->library ? "library" : "exec", variant->policy);
	held_log_outcome(_metadata, dir, o);
}

TEST_F_TIMEOUT(adopt, refused, 300)
{
	const char *op = variant->library ? " op=mmap " : " op=exec ";
	struct held_outcome o;
	off_t mark;
	char *rec;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
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

TEST_HARNESS_MAIN
