// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam9 RT9-4 - filling the module form's array of evicted suspicions
 *
 * kmod/module/evicted.c records each suspicion the inode table lets go in
 * 16,384 slots (three per inode, set once, never cleared until unload),
 * and a root-only file without a table entry is suspect when its three
 * slots are set and its ctime is not older than the latest of them less
 * 2 s.  README calls filling it a denial of service of "tens of
 * thousands" of mappings and evictions, limited to root-only files
 * changed after the records, refused while a reader holds one of their
 * pages.  This measures what it costs an unprivileged user, and shows what
 * it buys: after nobody's fill, a program root installs (a new file: an
 * upgrade's) is refused for root as long as nobody keeps one of its pages
 * in a pipe (any user may read /usr/bin), while one installed before the
 * fill runs.
 *
 * The fill: nobody creates empty files on a tmpfs and maps each
 * MAP_SHARED through an O_RDWR descriptor, never touching a page: each
 * mapping makes a table entry (vendorban_cache_mapped()), the full table
 * evicts nobody's oldest suspect entry, and the eviction records it.
 * Files well past the table's size are unlinked (already recorded), so
 * the tmpfs holds a few thousand inodes at a time.
 *
 * Asserts the property a server needs (root's new program runs whatever
 * a reader holds): fails where the fill works.  Module form with its BPF
 * LSM programs (tests/redteam9/run-module.sh); the built-in form keeps the
 * suspicion in the inode and has no such array (the test passes there).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/rt9e"
#define FILL_DIR	BASE "/u"
#define PROG		FIX_BIN "unsigned"
#define FILL_MAX	40000
#define FILL_SECONDS	240
#define KEEP		6000

struct fill_out {
	int setup;
	char step[32];
	int files;
	long long ms;
};

/* As nobody: FILL_MAX (or FILL_SECONDS' worth of) fresh files mapped through a writer. */
static void fill(const void *args, void *out)
{
	struct fill_out *o = out;
	long long start = now_ms();
	char path[64];
	void *p;
	int fd, i;

	memset(o, 0, sizeof(*o));
	if (failed(o, "become nobody", become_nobody()))
		return;
	for (i = 0; i < FILL_MAX && now_ms() - start < FILL_SECONDS * 1000LL; i++) {
		snprintf(path, sizeof(path), FILL_DIR "/%d", i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (failed(o, "create", fd < 0 ? -1 : 0))
			return;
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (failed(o, "mmap", p == MAP_FAILED ? -1 : 0))
			return;
		munmap(p, 4096);
		close(fd);
		if (i >= KEEP) {
			snprintf(path, sizeof(path), FILL_DIR "/%d", i - KEEP);
			unlink(path);
		}
	}
	o->files = i;
	o->ms = now_ms() - start;
}

/* As nobody (as_user()): the first page of @path kept in a pipe. */
static void hold_page(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), p[2];

	if (fd < 0 || pipe(p)) {
		s->r[0] = -errno;
		return;
	}
	if (splice(fd, NULL, p[1], NULL, 4096, 0) != 4096)
		s->r[0] = -errno ? -errno : -EIO;
}

FIXTURE(fill) {};

FIXTURE_SETUP(fill)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(FILL_DIR, 0777));
	ASSERT_EQ(0, chmod(FILL_DIR, 0777));
}

FIXTURE_TEARDOWN(fill)
{
	SKIPPED_IN_SETUP();
	umount2(BASE, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(fill, root_upgrade_refused, 600)
{
	struct steps hs_old, hs_new;
	struct fill_out o;
	int hold_old, hold_new, r_old, r_new;
	pid_t h_old, h_new;
	off_t mark;

	SKIPPED_IN_SETUP();
	/* installed before the fill: its ctime is older than every record */
	copy_file(_metadata, PROG, BASE "/old");
	usleep(3000 * 1000);

	ASSERT_EQ(0, run_attacker(fill, NULL, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	TH_LOG("nobody: %d files mapped through a writer in %lld ms", o.files, o.ms);

	/* root installs (upgrades) a program after the fill */
	usleep(3000 * 1000);
	copy_file(_metadata, PROG, BASE "/new");

	/* nobody keeps a page of each in a pipe (he may read them) */
	h_old = as_user(_metadata, NOBODY, hold_page, BASE "/old", &hs_old, &hold_old);
	h_new = as_user(_metadata, NOBODY, hold_page, BASE "/new", &hs_new, &hold_new);
	ASSERT_EQ(0, hs_old.r[0]);
	ASSERT_EQ(0, hs_new.r[0]);

	mark = audit_mark();
	r_old = run_exec(_metadata, BASE "/old", NULL);
	r_new = run_exec(_metadata, BASE "/new", NULL);
	release_held(hold_old, h_old);
	release_held(hold_new, h_new);
	TH_LOG("root runs %s: %d, %s: %d (42: ran)", BASE "/old", r_old,
	       BASE "/new", r_new);
	EXPECT_EQ(HELLO_EXIT, r_old);
	EXPECT_EQ(HELLO_EXIT, r_new) {
		TH_LOG("BROKE: root's program installed after nobody's fill is refused while nobody holds a page of it");
		audit_dump(_metadata, mark);
	}
	/* once the hold ends it runs again */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, BASE "/new", NULL));
}

TEST_HARNESS_MAIN
