// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - one user's fill of the loadable form's records
 *
 * The loadable form remembers the suspicions its inode table lets go
 * (kmod/module/evicted.c).  Found by the outside red team: those records
 * were shared arrays of bits (three per inode), and a user who filled
 * them made files he never touched suspect; a suspect file without a
 * table entry is walked for held pages, and refused while anyone holds
 * one of its pages in a pipe (a hold for reading cannot be told from one
 * for writing), until the module is unloaded:
 *
 *   - redteam9, RT9-4: a user maps empty files of his own on a tmpfs
 *     through a writer (40,000 in 15 s under TCG); every program root
 *     installs afterwards is refused to root while the user keeps a page
 *     of it in a pipe (tmpfs fixture);
 *   - redteam10, RT10-1: a user to whom root's idmapped mount shows files
 *     root owns on disk as his creates and maps them through a writer
 *     there; then root's programs installed before the fill are refused
 *     to root while *another* user keeps a page of each in a pipe
 *     (idmap fixture: 8 of 32 after 132,107 records in 240 s).
 *
 * Each fill runs as an account of its own (uid 40001; uid 40002 for the
 * idmapped mount, which shows root's files as his), up to FILL_MAX files
 * or until a mapping is refused.  Asserted: root's programs run whatever
 * another user holds (what a server needs), and, where the module has
 * the bound (suspicions_per_account), that the filler's mappings through
 * a writer were refused once his account held that many suspicions
 * (-EACCES), that the kernel log says so, and that another user's
 * mapping through a writer still works: the bound refuses the one who
 * reached it.  The built-in form keeps suspicions in the inode (no
 * records): a short fill, the same assertions on root's programs.
 *
 * Measured before the fix on stock 6.1 (module form, both tables): see
 * the commit that added this test.
 */
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/vb-evictfill"
#define FILL_DIR	BASE "/u"
#define DISK		"/tmp/vb-evictfill-disk"
#define IDMNT		"/tmp/vb-evictfill-idmapped"
#define PROG		FIX_BIN "unsigned"
#define FILLER		40001
#define ID_FILLER	40002
#define OTHER		1000
#define TARGETS		32
/* new files: every one is suspect after the old slots' fill */
#define NEW_TARGETS	8
/* enough to make nearly every new file suspect through the old slots */
#define FILL_MAX	40000
/* the old bits: 1 in 8 of root's files suspect, 1 - (7/8)^32 of runs */
#define ID_FILL_MAX	60000
#define FILL_BUILTIN	500
#define FILL_SECONDS	300
#define KEEP		6000

struct fill_args {
	uid_t uid;
	const char *dir;
	int max;
	bool unlink;	/* delete each file once its mapping goes */
};

struct fill_out {
	int setup;
	char step[32];
	int files;
	int refused;		/* errno of the refused mmap, 0 if none was */
	long long ms;
};

/*
 * As @args->uid: fresh files in @args->dir, each mapped MAP_SHARED
 * through an O_RDWR descriptor, never touched, the mapping kept (a
 * writable mapping when its entry is evicted: the suspicion is recorded;
 * the red team's fill unmapped at once, which no longer leaves a record
 * at all); KEEP files behind, the mapping goes, and with @args->unlink
 * the file is deleted (recorded by then: the disk has room for a few
 * thousand inodes; a deleted file's record goes with its inode, and so
 * does its charge).  Stops at the first refused mapping.
 */
static void fill(const void *args, void *out)
{
	static void *maps[KEEP];
	const struct fill_args *a = args;
	struct fill_out *o = out;
	long long start = now_ms();
	char path[96];
	void *p;
	int fd, i;

	memset(o, 0, sizeof(*o));
	if (failed(o, "become the filler", become_user(a->uid)))
		return;
	for (i = 0; i < a->max && now_ms() - start < FILL_SECONDS * 1000LL;
	     i++) {
		snprintf(path, sizeof(path), "%s/%d", a->dir, i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (failed(o, "create", fd < 0 ? -1 : 0))
			return;
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			o->refused = errno;
			close(fd);
			break;
		}
		/* the mapping stays: its suspicion must outlive the entry */
		close(fd);
		maps[i % KEEP] = p;
		if (i >= KEEP && a->unlink) {
			snprintf(path, sizeof(path), "%s/%d", a->dir, i - KEEP);
			unlink(path);
		}
		if (i + 1 >= KEEP) {
			/* evicted and recorded by now: free its inode */
			munmap(maps[(i + 1) % KEEP], 4096);
			maps[(i + 1) % KEEP] = NULL;
		}
	}
	o->files = i;
	o->ms = now_ms() - start;
}

/* As another user: a file of his own mapped through a writer. */
static void map_writer(const char *path, struct steps *s)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	void *p;

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	s->r[0] = p == MAP_FAILED ? -errno : 0;
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
}

/* The module's bound on one account's suspicions, -1 without one. */
static long bound(void)
{
	return vb_module_param("suspicions_per_account");
}

/*
 * Root runs each of @n programs @fmt names while @holder keeps its first
 * page in a pipe; the number refused.
 */
static int refused_while_held(struct __test_metadata *const _metadata,
			      const char *fmt, int n, uid_t holder)
{
	int r, i, refused = 0;
	char path[96];

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), fmt, i);
		r = run_while_held(_metadata, path, holder);
		if (r != HELLO_EXIT) {
			TH_LOG("root runs %s while uid %d holds a page: %d (42: ran)",
			       path, (int)holder, r);
			refused++;
		}
	}
	return refused;
}

/*
 * The filler's fill, and what the bound says of it: refused (-EACCES)
 * once his account held suspicions_per_account, the kernel log naming
 * him, if he kept his files; if he deleted them, never (a deleted
 * file's record and its charge go with its inode); another user still
 * maps through a writer.
 */
static void fill_and_check(struct __test_metadata *const _metadata,
			   const struct fill_args *a, const char *other_dir)
{
	long b = bound(), table = vb_table_size();
	struct fill_out o;
	struct steps s;
	char path[96], uid[32];
	int kmsg = kmsg_mark();

	ASSERT_EQ(0, run_attacker(fill, a, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	TH_LOG("uid %d: %d files mapped through a writer in %lld ms, then %s (bound %ld, table %ld)",
	       (int)a->uid, o.files, o.ms,
	       o.refused ? strerror(o.refused) : "no refusal", b, table);
	if (b < 0)
		return;	/* no bound: only root's programs say anything */
	if (a->unlink) {
		/* what he deleted holds no charge: past the bound */
		EXPECT_EQ(0, o.refused);
		EXPECT_EQ(a->max, o.files);
		goto other;
	}
	/* refused at the bound: every unwalked mapping is charged */
	EXPECT_EQ(EACCES, o.refused);
	EXPECT_LE(o.files, b + 1);
	EXPECT_GE(o.files, b);
	snprintf(uid, sizeof(uid), "uid=%d ", (int)a->uid);
	EXPECT_TRUE(kmsg >= 0 &&
		    kmsg_wait(kmsg, 5000, "vendorban", uid,
			      "its mappings through a writer are refused")) {
		TH_LOG("no kernel log line names the refused account %s", uid);
	}
other:
	if (kmsg >= 0)
		close(kmsg);
	/* the bound is his: another user still maps through a writer */
	snprintf(path, sizeof(path), "%s/other", other_dir);
	as_user(_metadata, OTHER, map_writer, path, &s, NULL);
	EXPECT_EQ(0, s.r[0]) {
		TH_LOG("uid %d's mapping through a writer refused after uid %d's fill: %s",
		       OTHER, (int)a->uid, strerror(-s.r[0]));
	}
}

FIXTURE(tmpfs) {};

FIXTURE_SETUP(tmpfs)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(FILL_DIR, 0777));
	ASSERT_EQ(0, chmod(FILL_DIR, 0777));
}

FIXTURE_TEARDOWN(tmpfs)
{
	SKIPPED_IN_SETUP();
	umount2(BASE, MNT_DETACH);
	vb_teardown(_metadata);
}

/* RT9-4: programs root installs after a user's fill run. */
TEST_F_TIMEOUT(tmpfs, root_new_programs_run, 900)
{
	struct fill_args a = {
		FILLER, FILL_DIR,
		vb_loadable_form() ? FILL_MAX : FILL_BUILTIN, false
	};
	char path[96];
	off_t mark;
	int i, refused;

	SKIPPED_IN_SETUP();
	fill_and_check(_metadata, &a, FILL_DIR);
	/* root installs (upgrades) programs after the fill */
	usleep(3000 * 1000);
	for (i = 0; i < NEW_TARGETS; i++) {
		snprintf(path, sizeof(path), BASE "/new%d", i);
		copy_file(_metadata, PROG, path);
	}
	mark = audit_mark();
	refused = refused_while_held(_metadata, BASE "/new%d", NEW_TARGETS,
				     NOBODY);
	TH_LOG("root's %d programs installed after the fill, nobody holding a page of each: %d refused",
	       NEW_TARGETS, refused);
	EXPECT_EQ(0, refused) {
		TH_LOG("root's programs refused after another user's fill (RT9-4)");
		audit_dump(_metadata, mark);
	}
}

FIXTURE(idmap) {
	char dir[64];
};

FIXTURE_SETUP(idmap)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	uid_idmapped_disk(_metadata, DISK, IDMNT, self->dir, sizeof(self->dir),
			  "evictfill", ID_FILLER);
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(FILL_DIR, 0777));
	ASSERT_EQ(0, chmod(FILL_DIR, 0777));
}

FIXTURE_TEARDOWN(idmap)
{
	SKIPPED_IN_SETUP();
	umount2(BASE, MNT_DETACH);
	umount2(IDMNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	vb_teardown(_metadata);
}

/* RT10-1: root's installed programs run after a fill through an idmapped mount. */
TEST_F_TIMEOUT(idmap, root_programs_run, 900)
{
	long b = bound();
	struct fill_args a = {
		ID_FILLER, IDMNT,
		!vb_loadable_form() ? FILL_BUILTIN :
		b > 0 ? (int)b + KEEP / 3 : ID_FILL_MAX, true
	};
	char path[96];
	off_t mark;
	int i, refused;

	SKIPPED_IN_SETUP();
	/* root's installed programs: long before any record, never mapped */
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), BASE "/prog%d", i);
		copy_file(_metadata, PROG, path);
	}
	usleep(3000 * 1000);
	fill_and_check(_metadata, &a, FILL_DIR);
	mark = audit_mark();
	refused = refused_while_held(_metadata, BASE "/prog%d", TARGETS,
				     OTHER);
	TH_LOG("root's %d programs installed before the fill, uid %d holding a page of each: %d refused",
	       TARGETS, OTHER, refused);
	EXPECT_EQ(0, refused) {
		TH_LOG("root's programs refused after a fill through an idmapped mount (RT10-1)");
		audit_dump(_metadata, mark);
	}
	/* the disk holds a few thousand of the filler's files: gone */
	snprintf(path, sizeof(path), "rm -rf %s", self->dir);
	EXPECT_EQ(0, system(path));
}

TEST_HARNESS_MAIN
