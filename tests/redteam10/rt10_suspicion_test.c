// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam10 RT10-3 - a user with an idmapped mount makes the suspicions
 * "only root can make", fills the table with them, and loses one
 *
 * The loadable form's table never evicts a state worth
 * VENDORBAN_WORTH_SUSPICION: "a file only root may write, mapped through
 * a writer through a mount that shows it as root's ... only root makes
 * those" (kmod/cache.c, kmod/module/inode_table.c, README).  A table full
 * of them caches no new file, and the next root-only file mapped through
 * a writer that finds no room makes every file without a state suspect
 * until unload (vendorban_cache_suspect_lost(); "a user must not reach"
 * it, evicted.c, heldflood_test.c).
 *
 * But a file root owns on disk that an idmapped mount shows as nobody's
 * is nobody's to chmod there.  For each file, as nobody:
 *   1. create F through root's idmapped mount, mode 0666 (root's 0666 on
 *      disk);
 *   2. open F O_RDWR by its path in the mount's source directory (a
 *      mount that shows it as root's: 0666, anyone may);
 *   3. chmod F 0644 through the idmapped mount (he owns it there);
 *   4. mmap the descriptor of 2 MAP_SHARED|PROT_WRITE, unmap, close.
 * At 4, F is root-only and the mount the descriptor came through shows it
 * as root's: vendorban_cache_mapped() makes its state suspect with
 * mapped_by_user false, worth VENDORBAN_WORTH_SUSPICION: never evicted.
 * No page is ever held.  The table's size of those and 16 more: the
 * table is full of nobody's "root-only suspicions", and the mappings
 * past it find no room: suspect_lost.  Then every root program without a
 * state is walked at each check, and refused while any user keeps one of
 * its pages in a pipe (splice()).
 *
 * Asserts the README's promise (a user gets no system program refused):
 * root's program, installed before, never mapped through a writer, runs
 * for root while another user (uid 1000, not nobody) reads a page of it
 * into a pipe; and the kernel log never says "a suspect file's state was
 * lost".  Module form (tests/redteam10/run-module.sh).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define DISK		"/tmp/rt10s-disk"
#define MNT		"/tmp/rt10s-idmapped"
#define ROOTDIR		"/tmp/rt10s-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define EXTRA		16

struct fill_args {
	const char *source;	/* the idmapped mount's source directory */
	long n;
};

struct fill_out {
	int setup;
	char step[32];
	long files;
	long long ms;
};

/* As nobody: @n root-only files mapped through a writer by their source path. */
static void fill(const void *args, void *out)
{
	const struct fill_args *a = args;
	struct fill_out *o = out;
	long long start = now_ms();
	char path[96], src[128];
	void *p;
	int fd;
	long i;

	memset(o, 0, sizeof(*o));
	umask(0);
	if (failed(o, "become nobody", become_nobody()))
		return;
	for (i = 0; i < a->n; i++) {
		snprintf(path, sizeof(path), MNT "/f%ld", i);
		snprintf(src, sizeof(src), "%s/f%ld", a->source, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (failed(o, "create (idmapped)", fd < 0 ? -1 : 0))
			return;
		close(fd);
		fd = open(src, O_RDWR | O_CLOEXEC);
		if (failed(o, "open O_RDWR (source)", fd < 0 ? -1 : 0) ||
		    failed(o, "chmod 0644 (idmapped)", chmod(path, 0644)))
			return;
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (failed(o, "mmap", p == MAP_FAILED ? -1 : 0))
			return;
		munmap(p, 4096);
		close(fd);
	}
	o->files = i;
	o->ms = now_ms() - start;
}

/* As OTHER (as_user()): the first page of @path kept in a pipe. */
static void hold_page(const char *path, struct steps *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), p[2];

	if (fd < 0 || pipe(p)) {
		s->r[0] = -errno;
		return;
	}
	if (splice(fd, NULL, p[1], NULL, 4096, 0) != 4096)
		s->r[0] = errno ? -errno : -EIO;
}

FIXTURE(susp) {
	char dir[64];
};

FIXTURE_SETUP(susp)
{
	const char *dev = getenv("VB_EXT4_DEV");
	int ret;

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	if (!dev)
		dev = "/dev/vda";
	umount2(MNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	mkdir(DISK, 0755);
	mkdir(MNT, 0755);
	ASSERT_EQ(0, mount(dev, DISK, "ext4", 0, NULL)) {
		TH_LOG("mount %s: %s: the VM needs an ext4 disk", dev,
		       strerror(errno));
	}
	snprintf(self->dir, sizeof(self->dir), DISK "/rt10s-%d", (int)getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	ASSERT_EQ(0, chmod(self->dir, 0755));
	ret = idmapped_mount(self->dir, MNT);
	ASSERT_EQ(0, ret) {
		TH_LOG("idmapped mount of %s: %s", self->dir, strerror(-ret));
	}
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(susp)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(MNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	vb_teardown(_metadata);
}

/* Root runs @path while OTHER keeps its first page in a pipe. */
static int run_while_held(struct __test_metadata *const _metadata,
			  const char *path)
{
	struct steps hs;
	int hold = -1, r;
	pid_t h;

	h = as_user(_metadata, OTHER, hold_page, path, &hs, &hold);
	EXPECT_EQ(0, hs.r[0]);
	r = run_exec(_metadata, path, NULL);
	release_held(hold, h);
	return r;
}

TEST_F_TIMEOUT(susp, root_program_refused, 900)
{
	struct fill_args a = { .source = self->dir };
	int before, after, kmsg;
	long size = vb_table_size();
	struct fill_out o;
	bool lost;
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	a.n = size + EXTRA;
	copy_file(_metadata, PROG, ROOTDIR "/control");
	copy_file(_metadata, PROG, ROOTDIR "/prog");
	usleep(3000 * 1000);
	/* before: another user's pipe refuses nothing of root's */
	before = run_while_held(_metadata, ROOTDIR "/control");
	EXPECT_EQ(HELLO_EXIT, before);

	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, run_attacker(fill, &a, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody: %ld files (table %ld) mapped through a writer by their source path after a chmod through the idmapped mount, in %lld ms; kernel log \"a suspect file's state was lost\": %s",
	       o.files, size, o.ms, lost ? "yes" : "no");

	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog");
	TH_LOG("root's program (installed before, never mapped through a writer), uid %d holding a page: control before the fill %d, after it %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(lost) {
		TH_LOG("BROKE: nobody filled the table with suspicions only root can make and lost one (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
	/* once the hold ends it runs */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, ROOTDIR "/prog", NULL));
}

TEST_HARNESS_MAIN
