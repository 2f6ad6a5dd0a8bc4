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
 * LSM programs (FINDINGS.md, "How to run"); the built-in form keeps the
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
	struct writer_fill a = {
		.dir = FILL_DIR, .max = FILL_MAX, .seconds = FILL_SECONDS,
		.keep = KEEP,
	};
	struct writer_fill_out o;
	int hold_old, hold_new, r_old, r_new;
	pid_t h_old, h_new;
	off_t mark;

	SKIPPED_IN_SETUP();
	/* installed before the fill: its ctime is older than every record */
	copy_file(_metadata, PROG, BASE "/old");
	usleep(3000 * 1000);

	ASSERT_EQ(0, run_attacker(writer_fill, &a, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	TH_LOG("nobody: %d files mapped through a writer in %lld ms", o.files, o.ms);

	/* root installs (upgrades) a program after the fill */
	usleep(3000 * 1000);
	copy_file(_metadata, PROG, BASE "/new");

	/* nobody keeps a page of each in a pipe (he may read them) */
	h_old = as_user(_metadata, NOBODY, hold_first_page, BASE "/old", &hs_old, &hold_old);
	h_new = as_user(_metadata, NOBODY, hold_first_page, BASE "/new", &hs_new, &hold_new);
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
