// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the same decisions on every filesystem a server
 * runs programs from: tmpfs, ext4 (the guest's virtio disk), overlayfs
 * over ext4 (containers) and FUSE (tests/vm's own server).
 *
 * On each: a banned program is refused (exec and mmap) with its record, a
 * good vendor's and an unsigned program run, and the decision cache is
 * used exactly where it can be trusted: tmpfs and ext4 keep an i_version;
 * overlayfs does not (nothing cached, every exec decided); FUSE is
 * unverifiable (the policy must say "unverifiable allow" for the rules to
 * judge it, and nothing is ever cached).
 */

#include <sys/mman.h>

#include "common.h"
#include "fuse_server.h"

#define BASE		"/tmp/vb-fs"
#define EXT4_DEV	"/dev/vda"
#define EXT4_DIR	BASE "-ext4"
#define UPPER_DIR	BASE "-upper"
#define MNT		BASE "-mnt"

FIXTURE(fs) {
	struct fuse_fs fuse;
	char *files[3];
	char dir[64];
};

FIXTURE_VARIANT(fs) {
	const char *name;
	bool cached;
};

FIXTURE_VARIANT_ADD(fs, tmpfs) { .name = "tmpfs", .cached = true };
FIXTURE_VARIANT_ADD(fs, ext4) { .name = "ext4", .cached = true };
FIXTURE_VARIANT_ADD(fs, overlay) { .name = "overlay", .cached = false };
FIXTURE_VARIANT_ADD(fs, fuse) { .name = "fuse", .cached = false };

static const char *const progs[] = {
	"banned-rsa2048-cert", "good-rsa2048-cert", "unsigned",
};

static void mount_ext4(struct __test_metadata *const _metadata)
{
	mkdir(EXT4_DIR, 0755);
	ASSERT_EQ(0, mount(EXT4_DEV, EXT4_DIR, "ext4", MS_RDONLY, NULL)) {
		TH_LOG("mount %s: %s: the VM needs its ext4 disk", EXT4_DEV,
		       strerror(errno));
	}
}

static void setup_tmpfs(struct __test_metadata *const _metadata)
{
	char from[256], to[256];
	unsigned int i;

	fresh_tmpfs(_metadata, MNT);
	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		snprintf(from, sizeof(from), FIX_BIN "%s", progs[i]);
		snprintf(to, sizeof(to), MNT "/%s", progs[i]);
		copy_file(_metadata, from, to);
	}
}

static void setup_overlay(struct __test_metadata *const _metadata)
{
	mount_ext4(_metadata);
	fresh_tmpfs(_metadata, UPPER_DIR);
	ASSERT_EQ(0, mkdir(UPPER_DIR "/upper", 0755));
	ASSERT_EQ(0, mkdir(UPPER_DIR "/work", 0755));
	mkdir(MNT, 0755);
	ASSERT_EQ(0, mount("overlay", MNT, "overlay", 0,
			   "lowerdir=" EXT4_DIR "/bin,upperdir=" UPPER_DIR
			   "/upper,workdir=" UPPER_DIR "/work")) {
		TH_LOG("mount overlay: %s", strerror(errno));
	}
}

static void setup_fuse(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(fs) *self)
{
	char from[256];
	unsigned int i;
	size_t len;
	int ret;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		snprintf(from, sizeof(from), FIX_BIN "%s", progs[i]);
		self->files[i] = read_fixture(_metadata, from, &len);
		ASSERT_EQ(0, fuse_add(&self->fuse, progs[i], self->files[i],
				      NULL, len));
	}
	ret = fuse_start(&self->fuse, MNT);
	ASSERT_EQ(0, ret) {
		TH_LOG("FUSE mount: %s", strerror(-ret));
	}
}

FIXTURE_SETUP(fs)
{
	memset(self, 0, sizeof(*self));
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	snprintf(self->dir, sizeof(self->dir), "%s",
		 !strcmp(variant->name, "ext4") ? EXT4_DIR "/bin" : MNT);
	if (!strcmp(variant->name, "tmpfs"))
		setup_tmpfs(_metadata);
	else if (!strcmp(variant->name, "ext4"))
		mount_ext4(_metadata);
	else if (!strcmp(variant->name, "overlay"))
		setup_overlay(_metadata);
	else
		setup_fuse(_metadata, self);
}

FIXTURE_TEARDOWN(fs)
{
	unsigned int i;

	vb_teardown(_metadata);
	fuse_stop(&self->fuse, MNT);
	umount2(MNT, MNT_DETACH);
	umount2(UPPER_DIR, MNT_DETACH);
	umount2(EXT4_DIR, MNT_DETACH);
	for (i = 0; i < ARRAY_SIZE(self->files); i++)
		free(self->files[i]);
}

/* The ban, with FUSE judged by the rules. */
static void use_ban(struct __test_metadata *const _metadata)
{
	static const char text[] =
		"vendorban-policy 1\nname fs-ban\nversion 1\ndefault allow\n"
		"unverifiable allow\n"
		"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n";

	ASSERT_EQ(0, load_policy_text(text, sizeof(text) - 1));
}

static void path_of(FIXTURE_DATA(fs) *self, const char *prog, char *buf,
		    size_t size)
{
	snprintf(buf, size, "%s/%s", self->dir, prog);
}

TEST_F(fs, exec)
{
	char path[256];
	off_t mark;

	SKIPPED_IN_SETUP();
	use_ban(_metadata);
	path_of(self, "banned-rsa2048-cert", path, sizeof(path));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	free(expect_denial(_metadata, mark, "exec", path));
	path_of(self, "good-rsa2048-cert", path, sizeof(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	path_of(self, "unsigned", path, sizeof(path));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
}

TEST_F(fs, mmap)
{
	char path[256];
	off_t mark;

	SKIPPED_IN_SETUP();
	use_ban(_metadata);
	path_of(self, "banned-rsa2048-cert", path, sizeof(path));
	mark = audit_mark();
	EXPECT_EQ(-EACCES, map_exec(path));
	free(expect_denial(_metadata, mark, "mmap", path));
	path_of(self, "good-rsa2048-cert", path, sizeof(path));
	EXPECT_EQ(0, map_exec(path));
}

/* Three execs of the good program: cache hits exactly where trusted. */
TEST_F(fs, cache)
{
	long long before, hits;
	char path[256];
	int i;

	SKIPPED_IN_SETUP();
	SKIP_IF_MODULE_WITHOUT_CACHE();
	use_ban(_metadata);
	path_of(self, "good-rsa2048-cert", path, sizeof(path));
	before = read_status_field(_metadata, "cache_hits");
	ASSERT_LE(0, before);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, path, NULL));
	hits = read_status_field(_metadata, "cache_hits") - before;
	TH_LOG("%s: %lld of 3 execs answered from the cache", variant->name,
	       hits);
	EXPECT_EQ(variant->cached ? 2 : 0, hits);
	/* a banned program is decided (and recorded) every time */
	path_of(self, "banned-rsa2048-cert", path, sizeof(path));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
}

TEST_HARNESS_MAIN
