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
 * again) is still counted, not recorded.  And the same inode rewritten
 * into another banned build (another signer) without any write the
 * filesystem sees: through page-cache pages a FUSE direct-I/O read holds
 * since before the first run (outside red team, redteam3): neither ctime
 * nor i_version moves, so only what the decision looked at (the signer)
 * tells the two attempts apart.
 */

#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "common.h"
#include "fuse_server.h"

#define BASE		"/tmp/vb-repeat"
#define EXT4_DEV	"/dev/vda"
#define EXT4_DIR	BASE "-ext4"
#define MNT		BASE "-mnt"
#define BANNED_A	FIX_BIN "banned-rsa2048-cert"
#define BANNED_B	FIX_BIN "banned-p256-cert"
#define BANNED_C	FIX_BIN "banned-p384-cert"
#define FUSE_DIR	BASE "-fuse"
#define SIG_MAGIC	"~Module signature appended~\n"
#define TRIES		6

FIXTURE(repeat) {
	char dir[64];
	struct fuse_fs fuse;
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
	fuse_stop(&self->fuse, FUSE_DIR);
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

/*
 * @buf (@len bytes, with an appended signature) padded to @size: its
 * signed part, zeros, then its signature trailer at the end.  The
 * signature no longer verifies, but a deny rule matches the identity it
 * claims.  Returns a malloc()ed buffer.
 */
static char *pad_signed(struct __test_metadata *const _metadata,
			const char *buf, size_t len, size_t size)
{
	size_t mlen = strlen(SIG_MAGIC), sig, body;
	const unsigned char *p;
	char *out;

	ASSERT_LE(mlen + 12, len);
	ASSERT_EQ(0, memcmp(buf + len - mlen, SIG_MAGIC, mlen));
	p = (const unsigned char *)buf + len - mlen - 4;
	sig = (size_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	ASSERT_LE(sig + mlen + 12, len);
	body = len - mlen - 12 - sig;
	out = calloc(1, size);
	ASSERT_NE(NULL, out);
	memcpy(out, buf, body);
	memcpy(out + size - (len - body), buf + body, len - body);
	return out;
}

struct held_read {
	int fd;
	char *map;
	size_t len;
	ssize_t ret;
};

static void *read_held(void *p)
{
	struct held_read *r = p;

	r->ret = read(r->fd, r->map, r->len);
	return NULL;
}

/*
 * Forks the holder: it maps @path shared and writable and, in a thread,
 * reads the held FUSE file @src into the mapping (the kernel takes
 * @path's page-cache pages for writing, then waits for the server);
 * once the server has the request (@ready) it unmaps and closes @path,
 * says so on @told, and exits 0 when the read has filled the pages with
 * @len bytes.
 */
static pid_t hold_pages(const char *path, const char *src, size_t len,
			int ready, int told)
{
	struct held_read r = { .len = len };
	pthread_t th;
	pid_t pid = fork();
	int fd;
	char c;

	if (pid)
		return pid;
	fd = open(path, O_RDWR | O_CLOEXEC);
	r.fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || r.fd < 0)
		_exit(2);
	r.map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r.map == MAP_FAILED || pthread_create(&th, NULL, read_held, &r) ||
	    read(ready, &c, 1) != 1)
		_exit(2);
	munmap(r.map, len);
	close(fd);
	if (write(told, "h", 1) != 1)
		_exit(2);
	pthread_join(th, NULL);
	_exit(r.ret == (ssize_t)len ? 0 : 3);
}

/*
 * Runs @path (refused); returns its denial record's signer_fpr, or NULL
 * (the test failed) if there is no record.
 */
static char *denied_signer(struct __test_metadata *const _metadata,
			   const char *path)
{
	char *rec, *fpr;
	off_t mark = audit_mark();

	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (!rec)
		return NULL;
	fpr = field_value(rec, "signer_fpr");
	EXPECT_NE(NULL, fpr) {
		TH_LOG("no signer_fpr in %s", rec);
	}
	free(rec);
	return fpr;
}

/*
 * The attack (redteam3): banned-p256-cert is run (denied, recorded), then
 * the same inode becomes banned-p384-cert (another certificate, the same
 * rule) through pages held since before the first run, and is run again
 * within the window: another program, whose denial must have its own
 * record naming its signer.  Both are padded to one size.
 */
TEST_F(repeat, rewritten_unseen_to_another_signer)
{
	int ready[2], go[2], told[2], status;
	char f[128], *a, *b, *pa, *pb, *now, *fpr1, *fpr2, c;
	struct stat before, after;
	size_t la, lb, size, nlen;
	long long suppressed;
	pid_t holder;

	SKIPPED_IN_SETUP();
	a = read_fixture(_metadata, BANNED_B, &la);
	b = read_fixture(_metadata, BANNED_C, &lb);
	size = la > lb ? la : lb;
	pa = pad_signed(_metadata, a, la, size);
	pb = pad_signed(_metadata, b, lb, size);
	snprintf(f, sizeof(f), "%s/held", self->dir);
	unlink(f);
	ASSERT_EQ(0, write_file(f, pa, size));
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(told, O_CLOEXEC));
	ASSERT_EQ(0, fuse_add_held(&self->fuse, "src", pb, size, ready[1],
				   go[0]));
	ASSERT_EQ(0, fuse_start(&self->fuse, FUSE_DIR));
	holder = hold_pages(f, FUSE_DIR "/src", size, ready[0], told[1]);
	ASSERT_LT(0, holder);
	close(told[1]);
	ASSERT_EQ(1, read(told[0], &c, 1)) {
		TH_LOG("the holder could not hold %s's pages", f);
	}
	ASSERT_EQ(0, stat(f, &before));
	fpr1 = denied_signer(_metadata, f);
	ASSERT_NE(NULL, fpr1) {
		TH_LOG("the first run of %s has no record", f);
	}

	/* the server answers: the other build goes into the held pages */
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(holder, waitpid(holder, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) {
		TH_LOG("the held read failed: status %#x", status);
	}
	now = read_whole(f, &nlen);
	ASSERT_TRUE(now && nlen == size && !memcmp(now, pb, size)) {
		TH_LOG("%s does not hold %s's bytes", f, BANNED_C);
	}
	/* no write the filesystem saw: the attack is what it claims */
	ASSERT_EQ(0, stat(f, &after));
	EXPECT_EQ(before.st_ctim.tv_sec, after.st_ctim.tv_sec);
	EXPECT_EQ(before.st_ctim.tv_nsec, after.st_ctim.tv_nsec);
	EXPECT_EQ(before.st_ino, after.st_ino);

	suppressed = read_status_field(_metadata, "audit_suppressed");
	fpr2 = denied_signer(_metadata, f);
	EXPECT_EQ(suppressed, read_status_field(_metadata, "audit_suppressed")) {
		TH_LOG("%s's denial was counted as a repeat of %s's",
		       BANNED_C, BANNED_B);
	}
	TH_LOG("%s: signer_fpr %s, then %s", variant->name, fpr1,
	       fpr2 ? fpr2 : "(no record)");
	if (fpr2)
		EXPECT_STRNE(fpr1, fpr2);
	fuse_stop(&self->fuse, FUSE_DIR);
	unlink(f);
	free(a), free(b), free(pa), free(pb), free(now), free(fpr1), free(fpr2);
}

/*
 * Puts @buf (@size bytes, the file's size) into @path through a shared
 * mapping whose pages were read-faulted first: on tmpfs (no
 * page_mkwrite) the writes then take no fault, and neither ctime nor
 * i_version moves.  0 or -errno.
 */
static int put_mapped(const char *path, const char *buf, size_t size)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	size_t i;
	char *m;

	if (fd < 0)
		return -errno;
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -errno;
	for (i = 0; i < size; i += 4096)
		(void)*(volatile char *)(m + i);
	memcpy(m, buf, size);
	return munmap(m, size) ? -errno : 0;
}

/* @buf, zeros up to @size, then its signature trailer if it has one. */
static char *pad_any(struct __test_metadata *const _metadata, const char *buf,
		     size_t len, size_t size)
{
	size_t mlen = strlen(SIG_MAGIC);
	char *out;

	if (len > mlen + 12 && !memcmp(buf + len - mlen, SIG_MAGIC, mlen))
		return pad_signed(_metadata, buf, len, size);
	out = calloc(1, size);
	ASSERT_NE(NULL, out);
	memcpy(out, buf, len);
	return out;
}

/*
 * The attack (redteam4, finding 5): two different denied programs, @a
 * then @b, put in turn into one file through a read-faulted shared
 * mapping (on tmpfs no ctime or i_version change) and run within the
 * window: the second is another program, whose denial must have its own
 * record.  Under @policy_text.
 */
static void two_programs_unseen(struct __test_metadata *const _metadata,
				const char *dir, const char *policy_text,
				const char *from_a, const char *from_b)
{
	char f[128], *a, *b, *pa, *pb, *rec;
	struct stat before, after;
	long long suppressed;
	size_t la, lb, size;
	off_t mark;

	a = read_fixture(_metadata, from_a, &la);
	b = read_fixture(_metadata, from_b, &lb);
	size = (la > lb ? la : lb) + 64;
	pa = pad_any(_metadata, a, la, size);
	pb = pad_any(_metadata, b, lb, size);
	snprintf(f, sizeof(f), "%s/unseen", dir);
	unlink(f);
	ASSERT_EQ(0, write_file(f, pa, size));
	ASSERT_EQ(0, chmod(f, 0755));
	ASSERT_EQ(0, load_policy_text(policy_text, strlen(policy_text)));
	ASSERT_EQ(0, put_mapped(f, pa, size));
	ASSERT_EQ(0, stat(f, &before));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, f, NULL));
	rec = expect_denial(_metadata, mark, "exec", f);
	free(rec);
	ASSERT_EQ(0, put_mapped(f, pb, size));
	ASSERT_EQ(0, stat(f, &after));
	TH_LOG("ctime %s after the mapped write",
	       before.st_ctim.tv_sec == after.st_ctim.tv_sec &&
	       before.st_ctim.tv_nsec == after.st_ctim.tv_nsec ?
	       "unchanged" : "changed");
	suppressed = read_status_field(_metadata, "audit_suppressed");
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, f, NULL));
	EXPECT_EQ(suppressed, read_status_field(_metadata, "audit_suppressed")) {
		TH_LOG("%s's denial was counted as a repeat of %s's", from_b,
		       from_a);
	}
	rec = expect_denial(_metadata, mark, "exec", f);
	free(rec);
	unlink(f);
	free(a), free(b), free(pa), free(pb);
}

/* Two programs of one banned certificate. */
TEST_F(repeat, rewritten_unseen_same_signer)
{
	static const char ban[] =
		"vendorban-policy 1\nname repeat-ban-2\nversion 1\n"
		"default allow\n"
		"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n";

	SKIPPED_IN_SETUP();
	two_programs_unseen(_metadata, self->dir, ban, BANNED_A,
			    FIX_BIN "wait-banned");
}

/* Two unsigned programs under default deny. */
TEST_F(repeat, rewritten_unseen_unsigned)
{
	static const char deny[] =
		"vendorban-policy 1\nname repeat-deny\nversion 1\n"
		"default deny\n";

	SKIPPED_IN_SETUP();
	two_programs_unseen(_metadata, self->dir, deny, FIX_BIN "hello",
			    FIX_BIN "dyn-linked-unsigned");
}

TEST_HARNESS_MAIN
