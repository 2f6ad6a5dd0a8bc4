// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - files whose bytes vendorban reads are not
 * necessarily the bytes that run, and reads the caller can make fail
 *
 *   - fuse_liar_*: a FUSE server hands vendorban's reads a harmless file
 *     and the loader the banned vendor's signed program;
 *   - odirect_*: mmap(PROT_EXEC) of a file opened O_DIRECT on ext4, whose
 *     small unaligned reads fail: the file must not turn "malformed" and
 *     slip past "deny unsigned" or a file-sha256 ban;
 *   - dev_zero_exec: mmap(PROT_EXEC) of /dev/zero is anonymous memory, not
 *     a file vendorban judges, and must not make the kernel warn.
 *
 * The ext4 filesystem is the guest's virtio disk /dev/vda (made by
 * scripts/make-disk.sh with the fixtures in it); FUSE is tests/vm's own
 * server (fuse_server.h).
 */

#include <sys/mman.h>

#include "common.h"
#include "fuse_server.h"

#define FUSE_DIR	"/tmp/vb-fuse"
#define EXT4_DEV	"/dev/vda"
#define EXT4_DIR	"/tmp/vb-ext4"
#define MAGIC_LEN	28

FIXTURE(untrusted) {
	struct fuse_fs fs;
	char *before, *after;
};

FIXTURE_SETUP(untrusted)
{
	memset(&self->fs, 0, sizeof(self->fs));
	self->before = NULL;
	self->after = NULL;
	vb_setup(_metadata);
}

FIXTURE_TEARDOWN(untrusted)
{
	fuse_stop(&self->fs, FUSE_DIR);
	umount2(EXT4_DIR, MNT_DETACH);
	free(self->before);
	free(self->after);
	vb_teardown(_metadata);
}

/*
 * Serves FUSE_DIR/prog: the banned program, except that until vendorban
 * has read its end the server answers with the trailer's magic zeroed
 * (an unsigned file); from then on, the real signed bytes.
 */
static void start_liar(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(untrusted) *self)
{
	size_t len;
	int ret;

	self->after = read_fixture(_metadata, FIX_BIN "banned-rsa2048-cert",
				   &len);
	self->before = malloc(len);
	ASSERT_NE(NULL, self->before);
	memcpy(self->before, self->after, len);
	memset(self->before + len - MAGIC_LEN, 0, MAGIC_LEN);
	ASSERT_EQ(0, fuse_add(&self->fs, "prog", self->before, self->after,
			      len));
	ret = fuse_start(&self->fs, FUSE_DIR);
	ASSERT_EQ(0, ret) {
		TH_LOG("FUSE mount: %s", strerror(-ret));
	}
}

/* The server lies; the default "unverifiable deny" refuses the file. */
TEST_F(untrusted, fuse_liar_default)
{
	off_t mark = audit_mark();
	char *rec;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	start_liar(_metadata, self);
	EXPECT_EQ(-EACCES, run_exec(_metadata, FUSE_DIR "/prog", NULL)) {
		TH_LOG("the banned program ran from a lying FUSE server");
	}
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "op=exec",
			 "decision=deny", " reason=unverifiable ");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* Allowing unverifiable files lets the rules judge the bytes read. */
TEST_F(untrusted, fuse_unverifiable_allow_uses_rules)
{
	char text[512];
	size_t blen;
	int len;

	SKIPPED_IN_SETUP();
	len = snprintf(text, sizeof(text),
		       "vendorban-policy 1\nname fuse\nversion 1\n"
		       "default allow\nunverifiable allow\n"
		       "deny subject-o \"AO Kaspersky Lab\"\n");
	ASSERT_EQ(0, load_policy_text(text, len));
	self->before = read_fixture(_metadata, FIX_BIN "banned-rsa2048-cert",
				    &blen);
	ASSERT_EQ(0, fuse_add(&self->fs, "banned", self->before, NULL, blen));
	ASSERT_EQ(0, fuse_start(&self->fs, FUSE_DIR));
	EXPECT_EQ(-EACCES, run_exec(_metadata, FUSE_DIR "/banned", NULL));
}

/* Mounts the guest's ext4 disk on EXT4_DIR. */
static void mount_ext4(struct __test_metadata *const _metadata)
{
	mkdir(EXT4_DIR, 0755);
	ASSERT_EQ(0, mount(EXT4_DEV, EXT4_DIR, "ext4", 0, NULL)) {
		TH_LOG("mount %s (ext4): %s: the VM needs its disk",
		       EXT4_DEV, strerror(errno));
	}
}

TEST_F(untrusted, odirect_deny_unsigned)
{
	char text[256];
	int len;

	SKIPPED_IN_SETUP();
	mount_ext4(_metadata);
	len = snprintf(text, sizeof(text),
		       "vendorban-policy 1\nname odirect\nversion 1\n"
		       "default allow\ndeny unsigned\n");
	ASSERT_EQ(0, load_policy_text(text, len));
	ASSERT_EQ(0, map_exec_flags(EXT4_DIR "/bin/good-rsa2048-cert",
				    O_DIRECT));
	EXPECT_EQ(-EACCES, map_exec_flags(EXT4_DIR "/bin/unsigned", 0));
	EXPECT_EQ(-EACCES, map_exec_flags(EXT4_DIR "/bin/unsigned", O_DIRECT)) {
		TH_LOG("O_DIRECT made an unsigned file escape 'deny unsigned'");
	}
}

TEST_F(untrusted, odirect_hash_ban)
{
	SKIPPED_IN_SETUP();
	mount_ext4(_metadata);
	use_policy(_metadata, "ban-hash");
	EXPECT_EQ(-EACCES, map_exec_flags(EXT4_DIR "/bin/unsigned", O_DIRECT)) {
		TH_LOG("O_DIRECT made a hash-banned file escape its ban");
	}
}

/* /dev/zero mapped executable is anonymous memory: no check, no warning. */
TEST_F(untrusted, dev_zero_exec)
{
	void *p;
	int fd, kfd;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "lockdown");
	kfd = kmsg_mark();
	ASSERT_LE(0, kfd);
	fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	EXPECT_NE(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
	EXPECT_FALSE(kmsg_wait(kfd, 500, "kernel read not supported"));
	EXPECT_FALSE(kmsg_wait(kfd, 10, "vendorban"));
	close(kfd);
}

TEST_HARNESS_MAIN
