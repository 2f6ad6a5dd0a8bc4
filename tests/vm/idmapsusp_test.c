// SPDX-License-Identifier: GPL-2.0-only
/*
 * idmapsusp - a user with an idmapped mount makes no suspicion "only root
 * can make" by making a file root-only through it, before or after he
 * maps it through a writer (redteam10 RT10-3, both orders)
 *
 * The loadable form's table never evicts a state worth
 * VENDORBAN_WORTH_SUSPICION (a file only root may write, mapped through
 * root's own writer): a table full of them caches no new file, and the
 * next root-only file mapped through a writer that finds no room makes
 * every file without a state suspect until unload (suspect_lost).  For
 * each of cache_entries + 16 files, as nobody, in two orders (the
 * variants):
 *   1. create F through the idmapped mount, mode 0666 (root's 0666 on
 *      disk);
 *   2. open F O_RDWR by its path in the source directory (a mount that
 *      shows F as root's);
 *   then root_only_then_mapped (the red team's order, RT10-3):
 *   3. chmod F 0644 through the idmapped mount (he owns F there);
 *   4. mmap the descriptor of 2 MAP_SHARED|PROT_WRITE, unmap, close:
 *      F is root-only and the descriptor's mount shows it as root's;
 *   or mapped_then_root_only (the other order):
 *   3. mmap it (the state is made here, suspect because others may
 *      write F), unmap, close;
 *   4. chmod F 0644 through the idmapped mount: root-only now.
 * Before the fixes, each such state became worth VENDORBAN_WORTH_SUSPICION
 * (root_only_then_mapped: the writer was judged by its mount, now by who
 * opened it, cache.c users_writer(); mapped_then_root_only:
 * vendorban_cache_state_init() marked a state made suspect root's), and
 * on stock 6.1 nobody's 4,112 files (10 s under TCG) lost one: root's
 * program was refused while uid 1000 read a page of it (redteam10).
 *
 * Asserts: the kernel log says neither "inode table full of suspect
 * files only root may write" after the fill nor "a suspect file's state
 * was lost" after root then maps a root-only file of his own through a
 * writer (as a daemon does its journal), and root's program, installed
 * before, never mapped through a writer, runs for root while another
 * user (uid 1000) keeps a page of it in a pipe.  Both forms (the
 * built-in one has no table: 16 files).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define DISK		"/tmp/idsusp-disk"
#define MNT		"/tmp/idsusp-idmapped"
#define ROOTDIR		"/tmp/idsusp-root"
#define PROG		FIX_BIN "unsigned"
#define OTHER		1000
#define EXTRA		16

/* For idmapped_fill(): the descriptor mapped MAP_SHARED|PROT_WRITE, unmapped. */
static bool map_writer(const struct idmapped_fill *a, int fd,
		       struct idmapped_fill_out *o)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (failed(o, "mmap", p == MAP_FAILED ? -1 : 0))
		return true;
	munmap(p, 4096);
	return false;
}

/* Root: @path created 0644 (root-only), mapped through a writer. */
static int root_maps_writer(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	void *p;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, 4096)) {
		close(fd);
		return -EIO;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -EIO;
	munmap(p, 4096);
	return 0;
}

FIXTURE(idsusp) {
	char dir[64];
};

FIXTURE_VARIANT(idsusp) {
	bool chmod_first;
};

FIXTURE_VARIANT_ADD(idsusp, mapped_then_root_only) { false };
FIXTURE_VARIANT_ADD(idsusp, root_only_then_mapped) { true };

FIXTURE_SETUP(idsusp)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	idmapped_disk(_metadata, DISK, MNT, self->dir, sizeof(self->dir),
		      "idsusp");
	fresh_tmpfs(_metadata, ROOTDIR);
}

FIXTURE_TEARDOWN(idsusp)
{
	SKIPPED_IN_SETUP();
	umount2(ROOTDIR, MNT_DETACH);
	umount2(MNT, MNT_DETACH);
	umount2(DISK, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(idsusp, root_program_runs, 900)
{
	struct idmapped_fill a = {
		.mnt = MNT, .source = self->dir,
		.chmod_first = variant->chmod_first, .use = map_writer,
	};
	int before, after, kmsg;
	long size = vb_table_size();
	struct idmapped_fill_out o;
	bool lost, full;
	char path[128];
	off_t mark;

	SKIPPED_IN_SETUP();
	ASSERT_LE(0, size) {
		TH_LOG("cannot read %s", VB_CACHE_ENTRIES);
	}
	a.n = size + EXTRA;
	/* before: another user's pipe refuses nothing of root's */
	before = root_programs(_metadata, PROG, ROOTDIR, OTHER);
	EXPECT_EQ(HELLO_EXIT, before);

	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, run_attacker(idmapped_fill, &a, &o, sizeof(o)));
	ASSERT_EQ(0, o.setup) {
		TH_LOG("fill failed at %s: %s", o.step, strerror(-o.setup));
	}
	full = kmsg_wait(kmsg, 500, "vendorban",
			 "inode table full of suspect files only root may write");
	close(kmsg);
	/* root's own writer of a root-only file, as a daemon's journal */
	kmsg = kmsg_mark();
	ASSERT_LE(0, kmsg);
	snprintf(path, sizeof(path), "%s/root-data", self->dir);
	ASSERT_EQ(0, root_maps_writer(path));
	lost = kmsg_wait(kmsg, 2000, "vendorban", "suspect file's state was lost");
	close(kmsg);
	TH_LOG("nobody: %ld files (table %ld) mapped through a writer by their source path %s chmod 0644 through the idmapped mount, in %lld ms; kernel log \"inode table full of suspect files only root may write\": %s; then root mapped a root-only file of his through a writer: \"a suspect file's state was lost\": %s",
	       o.files, size, a.chmod_first ? "after a" : "before a", o.ms,
	       full ? "yes" : "no", lost ? "yes" : "no");

	mark = audit_mark();
	after = run_while_held(_metadata, ROOTDIR "/prog", OTHER);
	TH_LOG("root's program (installed before, never mapped through a writer), uid %d holding a page: control before the fill %d, after it %d (42: ran)",
	       OTHER, before, after);
	EXPECT_FALSE(full) {
		TH_LOG("nobody filled the table with suspicions only root can make: new files go uncached");
	}
	EXPECT_FALSE(lost) {
		TH_LOG("root's own suspicion found no room and was lost (suspect_lost)");
	}
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("root's program refused to root while an unrelated user reads it");
		audit_dump(_metadata, mark);
	}
	/* once the hold ends it runs */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, ROOTDIR "/prog", NULL));
}

TEST_HARNESS_MAIN
