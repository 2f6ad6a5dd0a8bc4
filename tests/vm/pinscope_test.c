// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - who a pin is taken for, and when it is not
 *
 * A file mapped executable is pinned (its writers get ETXTBSY) when a
 * user other than root may write it.  Outside red team (redteam4):
 *
 *   - idmapped_owner_cannot_rewrite (finding 2): through an idmapped
 *     mount (rootless containers, systemd-homed) a file root owns on disk
 *     is alice's; she maps it executable and writes it through the same
 *     mount: the write must fail with ETXTBSY (before the fix the pin
 *     looked at the on-disk owner only, root, and her write changed the
 *     bytes under her executable mapping);
 *   - refused_mapping_leaves_no_pin (finding 4b): nobody maps alice's
 *     0755 program executable on a noexec mount, which the kernel refuses
 *     (EPERM, after the LSM hook), and keeps the file open for reading:
 *     alice's write must work (before the fix the refused mapping left a
 *     pin that nobody's descriptor kept: ETXTBSY);
 *   - many_mappings_are_no_dma_pin (finding 3): nobody maps one page of
 *     root's tmpfs program 1,100 times: root's runs of it must still work
 *     (before the fix the page looked pinned for DMA: reason=writable).
 */

#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/vb-pinscope"
#define EXT4_DEV	"/dev/vda"
#define EXT4_DIR	BASE "-ext4"
#define IDM_DIR		EXT4_DIR "/vb-pinscope"
#define IDM_MNT		BASE "-idmnt"
#define NOEXEC_DIR	BASE "-noexec"
#define PROGRAM		FIX_BIN "wait-good"
#define ALICE		1000

FIXTURE(pinscope) {};

FIXTURE_SETUP(pinscope)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
}

FIXTURE_TEARDOWN(pinscope)
{
	vb_teardown(_metadata);
	umount2(IDM_MNT, MNT_DETACH);
	umount2(NOEXEC_DIR, MNT_DETACH);
	umount2(EXT4_DIR, MNT_DETACH);
}

/* Opens @path for writing and writes its first byte back: 0 or -errno. */
static int rewrite_first(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	char c;
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (pread(fd, &c, 1, 0) != 1 || pwrite(fd, &c, 1, 0) != 1)
		ret = errno ? -errno : -EIO;
	close(fd);
	return ret;
}

/*
 * Alice: maps @path executable (r[0]), writes it while mapped (r[1]: the
 * pin must refuse), unmaps and writes again (r[2]: released).
 */
static void map_then_write(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *p;

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		s->r[0] = -errno;
		return;
	}
	s->r[1] = rewrite_first(path);
	munmap(p, 4096);
	s->r[2] = rewrite_first(path);
}

/* A user namespace mapping its root to ALICE, held by a child: its fd. */
static int alice_userns(struct __test_metadata *const _metadata,
			pid_t *child)
{
	char p[64];
	int sync[2], fd;
	char c;

	ASSERT_EQ(0, pipe(sync));
	*child = fork();
	if (*child == 0) {
		close(sync[0]);
		if (unshare(CLONE_NEWUSER) || write(sync[1], "u", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(sync[1]);
	ASSERT_EQ(1, read(sync[0], &c, 1));
	close(sync[0]);
	snprintf(p, sizeof(p), "/proc/%d/uid_map", *child);
	ASSERT_EQ(0, write_text(p, "0 1000 1\n"));
	snprintf(p, sizeof(p), "/proc/%d/setgroups", *child);
	ASSERT_EQ(0, write_text(p, "deny"));
	snprintf(p, sizeof(p), "/proc/%d/gid_map", *child);
	ASSERT_EQ(0, write_text(p, "0 1000 1\n"));
	snprintf(p, sizeof(p), "/proc/%d/ns/user", *child);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	return fd;
}

/* IDM_DIR (on the ext4 disk) mounted at IDM_MNT, on-disk 0 shown as ALICE. */
static void idmap_mount(struct __test_metadata *const _metadata)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	pid_t child;
	int tree;

	attr.userns_fd = alice_userns(_metadata, &child);
	tree = syscall(SYS_open_tree, AT_FDCWD, IDM_DIR,
		       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	EXPECT_LE(0, tree);
	EXPECT_EQ(0, syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH,
			     &attr, sizeof(attr))) {
		TH_LOG("mount_setattr(MOUNT_ATTR_IDMAP): %s", strerror(errno));
	}
	mkdir(IDM_MNT, 0755);
	EXPECT_EQ(0, syscall(SYS_move_mount, tree, "", AT_FDCWD, IDM_MNT,
			     MOVE_MOUNT_F_EMPTY_PATH));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(attr.userns_fd);
	close(tree);
}

TEST_F(pinscope, idmapped_owner_cannot_rewrite)
{
	const char *disk = IDM_DIR "/prog", *via = IDM_MNT "/prog";
	struct stat st;
	struct steps s;

	SKIPPED_IN_SETUP();
	umount2(EXT4_DIR, MNT_DETACH);
	mkdir(EXT4_DIR, 0755);
	/* writable: QEMU's snapshot keeps the image */
	ASSERT_EQ(0, mount(EXT4_DEV, EXT4_DIR, "ext4", 0, NULL)) {
		TH_LOG("mount %s: %s: the VM needs its ext4 disk", EXT4_DEV,
		       strerror(errno));
	}
	ASSERT_TRUE(!mkdir(IDM_DIR, 0755) || errno == EEXIST);
	unlink(disk);
	copy_file(_metadata, PROGRAM, disk);
	ASSERT_EQ(0, chown(disk, 0, 0));
	ASSERT_EQ(0, chmod(disk, 0755));
	idmap_mount(_metadata);
	ASSERT_EQ(0, stat(via, &st));
	ASSERT_EQ((uid_t)ALICE, st.st_uid) {
		TH_LOG("%s is not alice's through the idmapped mount", via);
	}
	as_user(_metadata, ALICE, map_then_write, via, &s, NULL);
	TH_LOG("alice: map %d, write while mapped %d, after %d",
	       s.r[0], s.r[1], s.r[2]);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(-ETXTBSY, s.r[1]) {
		TH_LOG("alice changed the bytes under her executable mapping");
	}
	EXPECT_EQ(0, s.r[2]);
	umount2(IDM_MNT, MNT_DETACH);
	unlink(disk);
}

/*
 * Nobody: opens @path for reading, maps it executable (r[0]: refused by
 * the kernel on a noexec mount), keeps the descriptor open.
 */
static void refused_map_keep_fd(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY);
	void *p;

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	s->r[0] = p == MAP_FAILED ? -errno : 0;
}

/* Alice writes @path: r[0]. */
static void owner_write(const char *path, struct steps *s)
{
	s->r[0] = rewrite_first(path);
}

TEST_F(pinscope, refused_mapping_leaves_no_pin)
{
	const char *path = NOEXEC_DIR "/prog";
	struct steps s, w;
	pid_t pid;
	int hold;

	SKIPPED_IN_SETUP();
	umount2(NOEXEC_DIR, MNT_DETACH);
	mkdir(NOEXEC_DIR, 0755);
	ASSERT_EQ(0, mount("tmpfs", NOEXEC_DIR, "tmpfs", MS_NOEXEC,
			   "mode=1777"));
	copy_file(_metadata, PROGRAM, path);
	ASSERT_EQ(0, chown(path, ALICE, ALICE));
	ASSERT_EQ(0, chmod(path, 0755));
	as_user(_metadata, ALICE, owner_write, path, &w, NULL);
	EXPECT_EQ(0, w.r[0]);
	pid = as_user(_metadata, NOBODY, refused_map_keep_fd, path, &s, &hold);
	ASSERT_LT(0, pid);
	EXPECT_EQ(-EPERM, s.r[0]) {
		TH_LOG("nobody's PROT_EXEC mapping on a noexec mount: %d",
		       s.r[0]);
	}
	as_user(_metadata, ALICE, owner_write, path, &w, NULL);
	TH_LOG("nobody's mapping %d; alice's write while nobody reads %d",
	       s.r[0], w.r[0]);
	EXPECT_EQ(0, w.r[0]) {
		TH_LOG("a mapping the kernel refused left a pin");
	}
	release_held(hold, pid);
	as_user(_metadata, ALICE, owner_write, path, &w, NULL);
	EXPECT_EQ(0, w.r[0]);
}

/*
 * Nobody: maps the first page of @path read-only MAPPINGS times, touching
 * each (every page table entry holds a reference on the page), and keeps
 * them: r[0] is 0 or the first -errno.
 */
#define MAPPINGS	1100

static void map_many(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), i;
	volatile char *p;

	if (fd < 0) {
		s->r[0] = -errno;
		return;
	}
	for (i = 0; i < MAPPINGS; i++) {
		p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			s->r[0] = -errno;
			break;
		}
		(void)p[0];
	}
	close(fd);
}

/*
 * Finding 3: a small page-cache folio with 1024 references looks pinned
 * for DMA (folio_maybe_dma_pinned()), and a shmem file with such a page
 * was refused as writable, for everyone: nobody, who may only read root's
 * program on a tmpfs, mapped one page of it 1,100 times and root's runs
 * of it failed.  References of the mappings are no pin.
 */
TEST_F(pinscope, many_mappings_are_no_dma_pin)
{
	const char *path = BASE "-tmpfs/prog";
	struct steps s;
	pid_t pid;
	int hold;

	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, BASE "-tmpfs");
	copy_file(_metadata, FIX_BIN "hello", path);
	ASSERT_EQ(0, chmod(path, 0755));
	ASSERT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	pid = as_user(_metadata, NOBODY, map_many, path, &s, &hold);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, s.r[0]);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL)) {
		TH_LOG("nobody's %d read-only mappings made root's program refused",
		       MAPPINGS);
	}
	release_held(hold, pid);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	umount2(BASE "-tmpfs", MNT_DETACH);
}

TEST_HARNESS_MAIN
