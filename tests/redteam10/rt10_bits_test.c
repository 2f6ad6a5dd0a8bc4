// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam10 RT10-1 - filling the idmapped-suspicion bits (fix of RT8-1)
 *
 * The fix of RT8-1 (3f7923a) records a suspicion made through an
 * idmapped mount (a file root owns on disk that the mount shows as a
 * user's, mapped through a writer through that mount) in a second array
 * of kmod/module/evicted.c: 262,144 bits, three per inode, set once,
 * never cleared until unload, with no ctime condition.  A root-only file
 * without a table entry whose three bits are set is suspect, however
 * old: walked at each check, refused while anyone holds one of its pages.
 * evicted.c and README call this "denial of service, by such a user
 * only".
 *
 * This measures what filling the bits costs the user an idmapped mount
 * gives files to (nobody here, as a container's user), and shows what it
 * buys: root's programs installed long before the fill (ctime older than
 * every record, never mapped through a writer, no table entry) are
 * refused to root while a *different* unprivileged user (uid 1000, no
 * idmapped mount of his own, not nobody) keeps one page of each in a
 * pipe (splice(); anyone may read /usr/bin).
 *
 * The fill: nobody creates empty files through root's idmapped mount of
 * a directory of the guest's ext4 disk (root's 0600 on disk) and maps
 * each MAP_SHARED through an O_RDWR descriptor, never touching a page:
 * each mapping makes a table entry (vendorban_cache_mapped(), user_writer
 * set), the full table evicts nobody's oldest (worth nothing: the mount
 * tells it), and the eviction sets its three bits.  Files well past the
 * table's size are unlinked (recorded already; ext4 gives a new inode a
 * new generation, so a new hash), so the disk holds a few thousand inodes
 * at a time.
 *
 * Asserts the property a host needs (root's installed program runs,
 * whatever another user reads): fails where the fill works.  Module form
 * with its BPF LSM programs (FINDINGS.md, "How to run"); the built-in
 * form has no such array.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>

#include "attacker.h"
#include "common.h"

#define DISK		"/tmp/rt10b-disk"
#define MNT		"/tmp/rt10b-idmapped"
#define ROOTDIR		"/tmp/rt10b-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define TARGETS		32
#define FILL_MAX	400000
#define FILL_SECONDS	240
#define KEEP		6000

FIXTURE(bits) {
	char dir[64];
};

FIXTURE_SETUP(bits)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	idmapped_disk(_metadata, DISK, MNT, self->dir, sizeof(self->dir),
		      "rt10b");
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(bits)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(MNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	vb_teardown(_metadata);
}

/* Root runs each target while OTHER holds a page of it; the number refused. */
static int refused_while_held(struct __test_metadata *const _metadata,
			      int *ran)
{
	struct steps hs;
	char path[64];
	int hold = -1, r, i, refused = 0;
	pid_t h;

	*ran = 0;
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), ROOTDIR "/prog%d", i);
		h = as_user(_metadata, OTHER, hold_first_page, path, &hs, &hold);
		EXPECT_EQ(0, hs.r[0]);
		r = run_exec(_metadata, path, NULL);
		release_held(hold, h);
		if (r == HELLO_EXIT)
			(*ran)++;
		else
			refused++;
	}
	return refused;
}

TEST_F_TIMEOUT(bits, root_programs_refused, 900)
{
	int refused_before, refused_after, ran_before, ran_after, i;
	char path[64];
	struct writer_fill a = {
		.dir = MNT, .max = FILL_MAX, .seconds = FILL_SECONDS,
		.keep = KEEP,
	};
	struct writer_fill_out o;
	long long t0;
	off_t mark;

	SKIPPED_IN_SETUP();
	/* root's installed programs: long before any record */
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), ROOTDIR "/prog%d", i);
		copy_file(_metadata, PROG, path);
	}
	usleep(3000 * 1000);
	/* control: before the fill, another user's pipe refuses nothing */
	refused_before = refused_while_held(_metadata, &ran_before);
	EXPECT_EQ(0, refused_before);
	/* fresh copies: no entry, never checked */
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), ROOTDIR "/prog%d", i);
		unlink(path);
		copy_file(_metadata, PROG, path);
	}
	usleep(3000 * 1000);

	t0 = now_ms();
	ASSERT_EQ(0, run_attacker(writer_fill, &a, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	TH_LOG("nobody: %d files made through the idmapped mount and mapped through a writer in %lld ms (%lld ms with setup)",
	       o.files, o.ms, now_ms() - t0);

	mark = audit_mark();
	refused_after = refused_while_held(_metadata, &ran_after);
	TH_LOG("root's %d programs (installed before the fill), uid %d holding a page of each: before the fill %d refused, after it %d refused (%d ran)",
	       TARGETS, OTHER, refused_before, refused_after, ran_after);
	EXPECT_EQ(0, refused_after) {
		TH_LOG("BROKE: root's old programs refused to root while an unrelated user reads them, after nobody's fill through the idmapped mount");
		audit_dump(_metadata, mark);
	}
	/* once the holds end they run */
	for (i = 0; i < TARGETS; i++) {
		snprintf(path, sizeof(path), ROOTDIR "/prog%d", i);
		EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	}
}

TEST_HARNESS_MAIN
