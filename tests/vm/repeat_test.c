// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - repeated denials, counted instead of recorded,
 * must still name every file.
 *
 * A repeat of one denial (same user, file, operation, policy, rule and
 * outcome) less than 5 s after its record is only counted (status
 * audit_suppressed, and suppressed=N in the next record).  The attack: ext4
 * gives a new file the number of an inode deleted a moment before, so a
 * file told apart by device and inode number alone makes a different
 * banned file's denial look like a repeat, and it is never named in the
 * log.  Here each of TRIES rounds runs a banned file, deletes it, creates
 * a different banned file (which on ext4 gets the same inode number) and
 * runs that within the window: each must have its own record.  On ext4,
 * overlayfs whose upper layer is on ext4 (the overlay's inode has the
 * real one's number and no generation of its own), and tmpfs (numbers
 * only grow there, so no reuse; the records must still be there).  The
 * same for the same inode rewritten in place with another banned build,
 * and for a second hard link to it.  And a true repeat (the same file
 * again) is still counted, not recorded.
 */

#include <sys/mount.h>
#include <sys/stat.h>

#include "common.h"

#define BASE		"/tmp/vb-repeat"
#define EXT4_DEV	"/dev/vda"
#define EXT4_DIR	BASE "-ext4"
#define MNT		BASE "-mnt"
#define BANNED_A	FIX_BIN "banned-rsa2048-cert"
#define BANNED_B	FIX_BIN "banned-p256-cert"
#define TRIES		6

FIXTURE(repeat) {
	char dir[64];
};

FIXTURE_VARIANT(repeat) {
	const char *name;
	bool reuses;	/* the filesystem gives a new file a deleted one's number */
};

FIXTURE_VARIANT_ADD(repeat, ext4) { .name = "ext4", .reuses = true };
FIXTURE_VARIANT_ADD(repeat, overlay) { .name = "overlay", .reuses = true };
FIXTURE_VARIANT_ADD(repeat, tmpfs) { .name = "tmpfs", .reuses = false };

/* The test VM's disk, writable (QEMU's snapshot keeps the image). */
static void mount_ext4(struct __test_metadata *const _metadata)
{
	umount2(EXT4_DIR, MNT_DETACH);
	mkdir(EXT4_DIR, 0755);
	ASSERT_EQ(0, mount(EXT4_DEV, EXT4_DIR, "ext4", 0, NULL)) {
		TH_LOG("mount %s: %s: the VM needs its ext4 disk", EXT4_DEV,
		       strerror(errno));
	}
}

/* An overlay whose layers are on ext4, mounted on MNT. */
static void mount_overlay(struct __test_metadata *const _metadata)
{
	static const char *const dirs[] = {
		EXT4_DIR "/vb-repeat-ovl", EXT4_DIR "/vb-repeat-ovl/lower",
		EXT4_DIR "/vb-repeat-ovl/upper", EXT4_DIR "/vb-repeat-ovl/work",
	};
	unsigned int i;

	mount_ext4(_metadata);
	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		ASSERT_TRUE(!mkdir(dirs[i], 0755) || errno == EEXIST);
	umount2(MNT, MNT_DETACH);
	mkdir(MNT, 0755);
	ASSERT_EQ(0, mount("overlay", MNT, "overlay", 0,
			   "lowerdir=" EXT4_DIR "/vb-repeat-ovl/lower,upperdir="
			   EXT4_DIR "/vb-repeat-ovl/upper,workdir="
			   EXT4_DIR "/vb-repeat-ovl/work")) {
		TH_LOG("mount overlay: %s", strerror(errno));
	}
}

FIXTURE_SETUP(repeat)
{
	static const char ban[] =
		"vendorban-policy 1\nname repeat-ban\nversion 1\ndefault allow\n"
		"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n";

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	if (!strcmp(variant->name, "ext4")) {
		mount_ext4(_metadata);
		snprintf(self->dir, sizeof(self->dir), EXT4_DIR "/vb-repeat");
		ASSERT_TRUE(!mkdir(self->dir, 0755) || errno == EEXIST);
	} else if (!strcmp(variant->name, "overlay")) {
		mount_overlay(_metadata);
		snprintf(self->dir, sizeof(self->dir), MNT);
	} else {
		fresh_tmpfs(_metadata, MNT);
		snprintf(self->dir, sizeof(self->dir), MNT);
	}
	/* A new policy: no denial of an earlier test counts as recorded. */
	ASSERT_EQ(0, load_policy_text(ban, sizeof(ban) - 1));
}

FIXTURE_TEARDOWN(repeat)
{
	vb_teardown(_metadata);
	umount2(MNT, MNT_DETACH);
	umount2(EXT4_DIR, MNT_DETACH);
}

/* Copies @from to @path, runs it (refused) and returns its inode number. */
static ino_t run_banned(struct __test_metadata *const _metadata,
			const char *from, const char *path)
{
	struct stat st;
	char *rec;
	off_t mark;

	copy_file(_metadata, from, path);
	EXPECT_EQ(0, stat(path, &st));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	free(rec);
	return st.st_ino;
}

TEST_F(repeat, reused_inode_number_gets_its_own_record)
{
	char a[128], b[128];
	int i, reused = 0;
	ino_t ino_a, ino_b;

	SKIPPED_IN_SETUP();
	for (i = 0; i < TRIES; i++) {
		snprintf(a, sizeof(a), "%s/a%d", self->dir, i);
		snprintf(b, sizeof(b), "%s/b%d", self->dir, i);
		ino_a = run_banned(_metadata, BANNED_A, a);
		ASSERT_EQ(0, unlink(a));
		ino_b = run_banned(_metadata, BANNED_B, b);
		reused += ino_a == ino_b;
		ASSERT_EQ(0, unlink(b));
	}
	TH_LOG("%s: the second file had the first one's inode number in %d of %d rounds",
	       variant->name, reused, TRIES);
	/* Without a reuse this test would prove nothing about it. */
	if (variant->reuses)
		EXPECT_LT(0, reused);
}

/*
 * The attack (outside red team, known gap B4): the same inode, rewritten
 * in place with another banned build, run within the window: a different
 * attempt, which must have its own record.
 */
TEST_F(repeat, rewrite_in_place_gets_its_own_record)
{
	char a[128];
	ino_t ino_a, ino_b;

	SKIPPED_IN_SETUP();
	snprintf(a, sizeof(a), "%s/inplace", self->dir);
	unlink(a);
	ino_a = run_banned(_metadata, BANNED_A, a);
	/* copy_file() truncates and writes the same inode */
	ino_b = run_banned(_metadata, BANNED_B, a);
	EXPECT_EQ(ino_a, ino_b);
	unlink(a);
}

/*
 * The same (attack B4): a second hard link to a banned file, run within
 * the window, is another path and must be named in its own record.
 */
TEST_F(repeat, second_hard_link_gets_its_own_record)
{
	char a[128], b[128];
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	snprintf(a, sizeof(a), "%s/link1", self->dir);
	snprintf(b, sizeof(b), "%s/link2", self->dir);
	unlink(a);
	unlink(b);
	run_banned(_metadata, BANNED_A, a);
	ASSERT_EQ(0, link(a, b));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, b, NULL));
	rec = expect_denial(_metadata, mark, "exec", b);
	free(rec);
	unlink(a);
	unlink(b);
}

/* The same file again within the window: counted, not recorded. */
TEST_F(repeat, same_file_again_is_counted)
{
	long long before;
	char a[128];

	SKIPPED_IN_SETUP();
	snprintf(a, sizeof(a), "%s/again", self->dir);
	unlink(a);
	run_banned(_metadata, BANNED_A, a);
	before = read_status_field(_metadata, "audit_suppressed");
	EXPECT_EQ(-EACCES, run_exec(_metadata, a, NULL));
	EXPECT_EQ(before + 1, read_status_field(_metadata, "audit_suppressed"));
	unlink(a);
}

TEST_HARNESS_MAIN
