// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - held pages of a file an idmapped mount made a user's
 *
 * Found by the outside red team (redteam8, RT8-1).  An idmapped mount
 * (made by root: LXD and Incus, systemd-nspawn
 * --private-users-ownership=map, Kubernetes user namespaces) shows the
 * files root owns on disk as a user's, who may create and write them
 * through it.  Such a file, mapped by that user through a writer through
 * that mount, is suspect when found through it again without an entry
 * (idmap_test.c): so the loadable form's table evicts that entry as it
 * evicts the user's own.  But found through a mount that shows it as
 * root's (root running a container's program by its path on the host, or
 * anyone reaching the idmapped mount's source directory), the file looks
 * root-only.  As nobody (held.h), on the guest's ext4 disk, root's
 * idmapped mount of a directory whose uid and gid 0 it shows as nobody's:
 *
 *   1. nobody writes T (an allowed program) through the idmapped mount,
 *      mode 0755: root's 0755 on disk;
 *   2. nobody holds T's pages: a read() of his own FUSE file (user
 *      namespace, direct I/O) into T mapped MAP_SHARED|PROT_WRITE, opened
 *      O_RDWR through the idmapped mount, then unmapped and closed;
 *   3. nobody has files of his own checked (mapped executable): the
 *      table's size and 16 more in the loadable form (T's entry is
 *      evicted: tests/module-form/guest.sh runs this with
 *      cache_entries=2, a full table of any size evicts alike), 16 in
 *      the built-in form;
 *   4. T is run, or mapped executable, by its path in the idmapped
 *      mount's source directory: by nobody, or by root (a container's
 *      program run by its path on the host);
 *   5. the FUSE server answers with the banned program's bytes: the
 *      kernel copies them into T's page cache, under the running program;
 *      exit 66 is the banned vendor's code.
 *
 * T must be refused at 4, with a denial record, reason=writable; a copy
 * of T nobody holds, written through the idmapped mount and run by its
 * path in the source directory, runs.  T last changed (its ctime: the
 * held read's write fault moves it on ext4) more than 2 s before its
 * entry goes, as a container's program would have: the record of an
 * evicted suspicion with a change since (evicted.c, RT7-4) does not
 * apply.  The control variant runs T through the idmapped mount instead
 * (refused before the fix too).  The built-in form keeps T's state in its
 * inode and refuses it in every variant.  Before the fix, on the loadable
 * form (stock 6.1 and 6.12, default table and cache_entries=2), the four
 * source-path variants ran the banned code (first 0, last 66).
 */

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "held.h"

#define DISK		"/tmp/vb-idmapheld-disk"
#define MNT		"/tmp/vb-idmapheld"
#define CROWD_DIR	"/tmp/vb-idmapheld-crowd"
#define EXTRA		16
/* more than evicted.c's slack: T's ctime older than its record */
#define CTIME_AGE	3

FIXTURE(idheld) {
	struct held_fixture f;
};

/* Who uses T, through which path. */
enum user {
	NOBODY_SOURCE,	/* nobody, by its path in the source directory */
	ROOT_SOURCE,	/* root, by its path on the host (the source's) */
	NOBODY_IDMAPPED,	/* nobody, through the idmapped mount (control) */
};

FIXTURE_VARIANT(idheld) {
	const char *policy;
	bool library;		/* map T PROT_EXEC instead of running it */
	bool signed_good;	/* keep wait-good's signature (lockdown) */
	enum user user;
};

FIXTURE_VARIANT_ADD(idheld, nobody_exec_ban) { "ban-by-subject-o", false, false, NOBODY_SOURCE };
FIXTURE_VARIANT_ADD(idheld, nobody_library_lockdown) { "lockdown", true, true, NOBODY_SOURCE };
FIXTURE_VARIANT_ADD(idheld, root_exec_lockdown) { "lockdown", false, true, ROOT_SOURCE };
FIXTURE_VARIANT_ADD(idheld, root_library_ban) { "ban-by-subject-o", true, false, ROOT_SOURCE };
/* control: through the idmapped mount (refused before the fix too) */
FIXTURE_VARIANT_ADD(idheld, idmapped_exec_ban) { "ban-by-subject-o", false, false, NOBODY_IDMAPPED };

/*
 * The attack, with the pipes through which the attacker hands T's use to
 * root (ROOT_SOURCE) and is told it happened.
 */
struct attack {
	struct held_attack h;
	const char *source;	/* the idmapped mount's source directory */
	long crowd;		/* files of nobody's to have checked */
	enum user user;
	struct held_root_pipes p;
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
	if (start_waiting(path, -1, "idheld-control", &in, &pid, &err))
		return -errno;
	return err ? -err : finish_waiting(in, pid);
}

/* The attacker, as nobody; root uses T at step 4 if at->user says so. */
static void attacker(const void *args, struct held_outcome *o)
{
	const struct attack *at = args;
	const struct held_attack *a = &at->h;
	char path[128], mnt[128];
	struct fuse_fs fs;
	pid_t held;
	int go;

	snprintf(mnt, sizeof(mnt), "%s/fuse", a->dir);
	alarm(at->crowd > 1000 ? 600 : 120);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "write T", write_file(MNT "/prog", a->t_bytes, a->tlen)) ||
	    failed(o, "chmod T", chmod(MNT "/prog", 0755)))
		return;
	held = held_start(o, a, MNT "/prog", mnt, &fs, &go);
	if (held < 0)
		return;
	/* the held write fault moved T's ctime (ext4's page_mkwrite) */
	sleep(CTIME_AGE);
	held_crowd(a->dir, a, at->crowd);
	if (at->user == ROOT_SOURCE) {
		/* root uses T (root_uses()), then the server answers */
		if (held_root_turn(o, a, go, held, &at->p))
			return;
	} else {
		if (at->user == NOBODY_IDMAPPED)
			snprintf(path, sizeof(path), MNT "/prog");
		else
			snprintf(path, sizeof(path), "%s/prog", at->source);
		/* the denial's record is checked: the account's window fresh */
		await_audit_window();
		held_use_and_rewrite(o, a, path, go, held);
	}
	fuse_stop(&fs, mnt);
	o->control = control(at);
}

FIXTURE_SETUP(idheld)
{
	/* nobody's own files (checked), and his FUSE mount point */
	held_fixture_setup(_metadata, &self->f, DISK, MNT, "idmapheld", CROWD_DIR);
}

FIXTURE_TEARDOWN(idheld)
{
	held_fixture_teardown(_metadata, &self->f, DISK, MNT, CROWD_DIR);
}

/* Root's part of ROOT_SOURCE: uses T by its path on the host when asked. */
static void root_uses(const void *args, int asked, int tell,
		      struct held_outcome *r)
{
	const struct attack *at = args;
	char path[128], c;

	if (at->user != ROOT_SOURCE || read(asked, &c, 1) != 1)
		return;
	snprintf(path, sizeof(path), "%s/prog", at->source);
	/* the attacker lets the server answer meanwhile */
	held_root_use(r, &at->h, path, asked, tell);
}

/* Runs the attack in a child as nobody, under the variant's policy. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(idheld) *self,
		       const FIXTURE_VARIANT(idheld) *variant,
		       struct held_outcome *o)
{
	size_t glen = variant->signed_good ? self->f.glen :
		      unsigned_len(self->f.good, self->f.glen);
	size_t tlen = glen > self->f.blen ? glen : self->f.blen;
	char *t = calloc(1, tlen), what[160];
	long size = vb_table_size();
	struct attack a = {
		.h = {
			.dir = CROWD_DIR, .t_bytes = t, .banned = self->f.banned,
			.tlen = tlen, .blen = self->f.blen,
			.library = variant->library,
		},
		.source = self->f.dir, .user = variant->user,
	};
	struct held_outcome r;

	ASSERT_NE(NULL, t);
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	a.crowd = size + EXTRA;
	memcpy(t, self->f.good, glen);
	held_outcomes_init(o, &r);
	use_policy(_metadata, variant->policy);
	ASSERT_EQ(0, held_run_with_root(attacker, root_uses, &a, &a.p, o, &r));
	free(t);
	if (variant->user == ROOT_SOURCE) {
		o->first = r.first;
		o->last = r.last;
	}
	snprintf(what, sizeof(what), "table %ld, %ld of nobody's files checked; %s %s by %s",
		 size, a.crowd, variant->library ? "library" : "exec",
		 variant->policy,
		 variant->user == ROOT_SOURCE ? "root, host path" :
		 variant->user == NOBODY_SOURCE ? "nobody, source path" :
		 "nobody, idmapped mount");
	held_log_outcome(_metadata, what, o);
}

TEST_F_TIMEOUT(idheld, refused, 900)
{
	struct held_outcome o;
	char path[128];
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	run_attack(_metadata, self, variant, &o);
	/* the mount did what it is for: nobody's T is root's on disk */
	snprintf(path, sizeof(path), "%s/prog", self->f.dir);
	held_expect_refused(_metadata, &o, path, self->f.blen, variant->library,
			    mark);
}

TEST_HARNESS_MAIN
