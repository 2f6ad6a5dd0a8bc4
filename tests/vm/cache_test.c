// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the decision cache, in both forms
 *
 * Runs on the built-in form (check-vm) and on vendorban.ko on Debian's
 * stock kernel (tests/module-form/guest.sh), whose cache lives in a table
 * of its own instead of the inode's blob: repeated execs of an unchanged
 * file are answered from the cache, a rewritten file is decided again,
 * and two attacks on a cache keyed by inode find nothing stale:
 *   - deleting a cached file and creating a banned one, which on ext4
 *     commonly gets the old inode's number and its memory, or renaming a
 *     banned one over it;
 *   - turning a cached file into a banned one through a shared writable
 *     mapping (no write(2)), closed before the exec: the module form sees
 *     no open for writing, only the close and i_version.
 * On a tmpfs and on ext4: the device in $VB_EXT4_DEV (default the test
 * VM's disk, /dev/vda), mounted writable (QEMU's snapshot keeps the image).
 */

#include <grp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "common.h"

#define DIR_TMPFS	"/tmp/vb-cache-tmpfs"
#define DIR_EXT4	"/tmp/vb-cache-ext4"
#define BANNED		FIX_BIN "banned-rsa2048-cert"
#define UNSIGNED	FIX_BIN "unsigned"
#define TRIES		16

FIXTURE(cache) {
	char dir[64];
};

FIXTURE_VARIANT(cache) {
	const char *name;
};

FIXTURE_VARIANT_ADD(cache, tmpfs) { .name = "tmpfs" };
FIXTURE_VARIANT_ADD(cache, ext4) { .name = "ext4" };

static void mount_ext4(struct __test_metadata *const _metadata)
{
	const char *dev = getenv("VB_EXT4_DEV");

	if (!dev)
		dev = "/dev/vda";
	umount2(DIR_EXT4, MNT_DETACH);
	mkdir(DIR_EXT4, 0755);
	ASSERT_EQ(0, mount(dev, DIR_EXT4, "ext4", 0, NULL)) {
		TH_LOG("mount %s: %s: the VM needs an ext4 disk", dev,
		       strerror(errno));
	}
}

FIXTURE_SETUP(cache)
{
	static const char ban[] =
		"vendorban-policy 1\nname cache-ban\nversion 1\ndefault allow\n"
		"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n";
	bool ext4 = !strcmp(variant->name, "ext4");

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	if (ext4) {
		mount_ext4(_metadata);
		snprintf(self->dir, sizeof(self->dir), DIR_EXT4 "/vb-cache");
	} else {
		fresh_tmpfs(_metadata, DIR_TMPFS);
		snprintf(self->dir, sizeof(self->dir), DIR_TMPFS);
	}
	mkdir(self->dir, 0755);
	ASSERT_EQ(0, load_policy_text(ban, sizeof(ban) - 1));
}

FIXTURE_TEARDOWN(cache)
{
	vb_teardown(_metadata);
	umount2(DIR_TMPFS, MNT_DETACH);
	umount2(DIR_EXT4, MNT_DETACH);
}

static long long hits(struct __test_metadata *const _metadata)
{
	long long n = read_status_field(_metadata, "cache_hits");

	EXPECT_LE(0, n);
	return n;
}

/* Runs @path @times times, each exiting HELLO_EXIT; the cache hits. */
static long long run_times(struct __test_metadata *const _metadata,
			   const char *path, int times)
{
	long long before = hits(_metadata);
	int i;

	for (i = 0; i < times; i++)
		EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	return hits(_metadata) - before;
}

/* Three execs of an unchanged unsigned program: the last two from the cache. */
TEST_F(cache, repeated_exec_hits)
{
	char path[128];

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	unlink(path);
	copy_file(_metadata, UNSIGNED, path);
	EXPECT_EQ(2, run_times(_metadata, path, 3));
	/* a banned program is decided (and recorded) every time */
	snprintf(path, sizeof(path), "%s/banned", self->dir);
	unlink(path);
	copy_file(_metadata, BANNED, path);
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
}

/* A rewrite (same bytes even) and a policy load each forget the allow. */
TEST_F(cache, rewrite_and_policy_load_miss)
{
	static const char open_pol[] =
		"vendorban-policy 1\nname cache-open\nversion 1\ndefault allow\n";
	char path[128];

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	unlink(path);
	copy_file(_metadata, UNSIGNED, path);
	EXPECT_EQ(1, run_times(_metadata, path, 2));
	copy_file(_metadata, UNSIGNED, path);
	EXPECT_EQ(0, run_times(_metadata, path, 1));
	EXPECT_EQ(1, run_times(_metadata, path, 1));
	ASSERT_EQ(0, load_policy_text(open_pol, sizeof(open_pol) - 1));
	EXPECT_EQ(0, run_times(_metadata, path, 1));
	EXPECT_EQ(1, run_times(_metadata, path, 1));
}

/*
 * The attack: cache an allowed program, delete it, create a banned one in
 * its place.  On ext4 the new file commonly gets the old inode number (and
 * the old inode's memory); whatever it gets, it is refused every time.
 */
TEST_F(cache, deleted_file_then_banned_is_refused)
{
	char path[128];
	struct stat st;
	ino_t old_ino;
	int i, same_ino = 0;
	long long h;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	for (i = 0; i < TRIES; i++) {
		unlink(path);
		copy_file(_metadata, UNSIGNED, path);
		ASSERT_EQ(0, stat(path, &st));
		old_ino = st.st_ino;
		/* a new file: only the second exec is a hit */
		h = run_times(_metadata, path, 2);
		EXPECT_EQ(1, h) {
			TH_LOG("try %d: %lld of 2 execs of a new file were hits: a deleted file's entry served it",
			       i, h);
		}
		ASSERT_EQ(0, unlink(path));
		copy_file(_metadata, BANNED, path);
		ASSERT_EQ(0, stat(path, &st));
		same_ino += st.st_ino == old_ino;
		EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
			TH_LOG("try %d: banned file in a deleted cached file's place ran (same inode number: %s)",
			       i, st.st_ino == old_ino ? "yes" : "no");
		}
	}
	TH_LOG("%s: the banned file had the deleted file's inode number in %d of %d tries",
	       variant->name, same_ino, TRIES);
}

/*
 * The same through rename(2), as a package upgrade replaces a program:
 * a banned file renamed over a cached allowed one is refused every time.
 */
TEST_F(cache, banned_renamed_over_cached_file_is_refused)
{
	char path[128], tmp[140];
	int i;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	for (i = 0; i < TRIES; i++) {
		unlink(path);
		copy_file(_metadata, UNSIGNED, path);
		EXPECT_EQ(1, run_times(_metadata, path, 2));
		copy_file(_metadata, BANNED, tmp);
		ASSERT_EQ(0, rename(tmp, path));
		EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
			TH_LOG("try %d: banned file renamed over a cached one ran",
			       i);
		}
	}
}

/*
 * Writes @len bytes at @off of @path through a shared writable mapping,
 * then unmaps and closes it: 0 or -errno.
 */
static int write_through_mapping(const char *path, off_t off,
				 const char *buf, size_t len)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	long page = sysconf(_SC_PAGESIZE);
	off_t base = off & ~(off_t)(page - 1);
	size_t span = off - base + len;
	char *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_SHARED, fd, base);
	if (p == MAP_FAILED) {
		close(fd);
		return -errno;
	}
	memcpy(p + (off - base), buf, len);
	munmap(p, span);
	close(fd);
	return 0;
}

/*
 * The attack on a cache that sees no open for writing: the banned program
 * with the last byte of its signature trailer's magic changed is unsigned
 * (allowed, cached); the byte put back through a shared writable mapping
 * (no write(2)) makes it the banned program again, which must be refused.
 */
TEST_F(cache, mapped_write_after_cached_allow_is_refused)
{
	char path[128], *buf;
	size_t len;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	buf = read_fixture(_metadata, BANNED, &len);
	ASSERT_EQ('\n', buf[len - 1]);
	buf[len - 1] = 'X';
	unlink(path);
	ASSERT_EQ(0, write_file(path, buf, len));
	free(buf);
	EXPECT_EQ(1, run_times(_metadata, path, 2));
	ASSERT_EQ(0, write_through_mapping(path, len - 1, "\n", 1));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
		TH_LOG("%s: a banned program made through a mapping ran from the cache",
		       variant->name);
	}
}

/*
 * The same byte written after a read fault: on tmpfs (no page_mkwrite,
 * so no write-notify) a read fault of a shared writable mapping already
 * maps the page writable, and the write that follows takes no fault: no
 * file_update_time(), no i_version.  What remains is the open for
 * writing (the built-in form's file_open hook) and its close (the module
 * form's fsnotify event).
 */
static int write_after_read_fault(const char *path, off_t off, char byte)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	long page = sysconf(_SC_PAGESIZE);
	off_t base = off & ~(off_t)(page - 1);
	size_t span = off - base + 1;
	volatile char *p;
	char seen;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_SHARED, fd, base);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	seen = p[off - base];
	p[off - base] = byte;
	munmap((void *)p, span);
	return seen == byte ? -EEXIST : 0;
}

/* The banned program, its trailer's last byte changed: unsigned. */
static size_t unsigned_banned(struct __test_metadata *const _metadata,
			      const char *path)
{
	char *buf;
	size_t len;

	buf = read_fixture(_metadata, BANNED, &len);
	EXPECT_EQ('\n', buf[len - 1]);
	buf[len - 1] = 'X';
	unlink(path);
	EXPECT_EQ(0, write_file(path, buf, len));
	free(buf);
	return len;
}

TEST_F(cache, read_faulted_mapped_write_is_refused)
{
	char path[128];
	size_t len;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	len = unsigned_banned(_metadata, path);
	EXPECT_EQ(1, run_times(_metadata, path, 2));
	ASSERT_EQ(0, write_after_read_fault(path, len - 1, '\n'));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
		TH_LOG("%s: a banned program made through a read-faulted mapping ran from the cache",
		       variant->name);
	}
}

#define NOBODY	65534

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/*
 * As nobody in a user and mount namespace of its own (nobody as root):
 * mounts an overlay whose upper layer is @dir/upper (on root's mount),
 * then writes @byte at @off of the file merged/prog through a shared
 * mapping read-faulted first.  Exit status: 0, or the step that failed.
 */
static int overlay_write(const char *dir, off_t off, char byte)
{
	char opts[512], merged[160], prog[192];
	int status;
	pid_t pid;

	pid = fork();
	if (pid)
		return pid < 0 || waitpid(pid, &status, 0) != pid ||
		       !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY) ||
	    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		_exit(10);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) ||
	    write_text("/proc/self/setgroups", "deny") ||
	    write_text("/proc/self/uid_map", "0 65534 1") ||
	    write_text("/proc/self/gid_map", "0 65534 1") ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		_exit(11);
	snprintf(opts, sizeof(opts),
		 "lowerdir=%s/lower,upperdir=%s/upper,workdir=%s/work",
		 dir, dir, dir);
	snprintf(merged, sizeof(merged), "%s/merged", dir);
	if (mount("overlay", merged, "overlay", 0, opts))
		_exit(12);
	snprintf(prog, sizeof(prog), "%s/prog", merged);
	_exit(write_after_read_fault(prog, off, byte) ? 13 : 0);
}

/*
 * The attack (module form, tmpfs): an unprivileged user's program on
 * root's tmpfs is allowed and cached; through an overlay of their own
 * whose upper layer is the program's directory, they open it for
 * writing and write through a read-faulted shared mapping.  On 6.1
 * overlayfs opens the real file FMODE_NONOTIFY, so its close sends no
 * event, and no fault moved i_version: the next exec of the real path
 * must still be decided again (the banned program refused).
 */
TEST_F(cache, overlay_mapped_write_is_refused)
{
	static const char *const dirs[] = { "ovl", "ovl/lower", "ovl/upper",
					    "ovl/work", "ovl/merged" };
	char dir[96], path[160];
	unsigned int i;
	size_t len;

	SKIPPED_IN_SETUP();
	snprintf(dir, sizeof(dir), "%s/ovl", self->dir);
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", self->dir, dirs[i]);
		mkdir(path, 0755);
		ASSERT_EQ(0, chown(path, NOBODY, NOBODY));
	}
	snprintf(path, sizeof(path), "%s/upper/prog", dir);
	len = unsigned_banned(_metadata, path);
	ASSERT_EQ(0, chown(path, NOBODY, NOBODY));
	EXPECT_EQ(1, run_times(_metadata, path, 2));
	ASSERT_EQ(0, overlay_write(dir, len - 1, '\n'));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
		TH_LOG("%s: a banned program made through a user's overlay ran from the cache",
		       variant->name);
	}
}

/*
 * A shared writable mapping kept across the exec: the kernel refuses the
 * exec (ETXTBSY: the mapping holds a file open for writing), and
 * mprotect(PROT_EXEC) of another mapping of it is refused (no cached
 * allow holds while the file is writably mapped).
 */
TEST_F(cache, mapping_kept_across_exec_is_refused)
{
	char path[128], *shared, *priv;
	size_t len;
	int fd;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), "%s/prog", self->dir);
	len = unsigned_banned(_metadata, path);
	EXPECT_EQ(1, run_times(_metadata, path, 2));
	fd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	priv = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	ASSERT_NE(MAP_FAILED, shared);
	ASSERT_NE(MAP_FAILED, priv);
	EXPECT_EQ('X', ((volatile char *)shared)[len - 1]);
	EXPECT_EQ(-ETXTBSY, run_exec(_metadata, path, NULL));
	shared[len - 1] = '\n';
	EXPECT_EQ(-ETXTBSY, run_exec(_metadata, path, NULL));
	EXPECT_EQ(-1, mprotect(priv, len, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	munmap(priv, len);
	munmap(shared, len);
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL)) {
		TH_LOG("%s: a banned program made through a kept mapping ran",
		       variant->name);
	}
}

TEST_HARNESS_MAIN
