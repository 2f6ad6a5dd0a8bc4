// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - attacks on the time between the check and the use
 *
 * Each test is a way an unprivileged user could run a banned program by
 * changing a file's bytes after vendorban judged them, without anything
 * vendorban sees (a write through a shared mapping moves no i_version):
 *
 *   - memfd_*: exec an unsealed memfd holding a harmless program, then copy
 *     the banned program in through the same shared mapping and exec again
 *     (under a lockdown policy: change the good vendor's signed program);
 *   - future_write_mapping: the same with a memfd sealed F_SEAL_FUTURE_WRITE
 *     while another process keeps the writable mapping made before it;
 *   - sample_store_race: a second process opens a file O_RDWR while
 *     vendorban is still deciding about an executable mapping of it (a long
 *     decision: the policy hashes the file), then rewrites it through a
 *     mapping; the next mapping must be judged on the new bytes.
 *
 * Before the fix each of them ran the banned bytes (a cached allow, or an
 * allow stored after the writer appeared); "writable allow" now only lets
 * the rules judge such files, never caches them, and the default
 * "writable deny" refuses them outright.
 */

#include <sys/mman.h>

#include "common.h"

#define TMPDIR		"/tmp/vb-toctou"
#define RACE_FILE	TMPDIR "/lib.so"
#define RACE_SIZE	(2 << 20)
#define RACE_ROUNDS	20
#define MAGIC_LEN	28	/* "~Module signature appended~\n" */

FIXTURE(toctou) {};

FIXTURE_SETUP(toctou)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
}

FIXTURE_TEARDOWN(toctou)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

/* execveat(fd, "", AT_EMPTY_PATH) in a child: exit status or -errno. */
static int exec_fd(struct __test_metadata *const _metadata, int fd)
{
	char path[64];

	/* run_exec_how() opens the path: /proc/self/fd/N is the same file */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", getpid(), fd);
	return run_exec_how(_metadata, EXEC_AT_EMPTY, path, NULL);
}

/*
 * A memfd of exactly the banned program's size holding @harmless (padded
 * with zeros), mapped shared and writable at *@map.
 */
static int harmless_memfd(struct __test_metadata *const _metadata,
			  unsigned int flags, const char *harmless,
			  size_t size, char **map)
{
	size_t hlen;
	char *h = read_fixture(_metadata, harmless, &hlen);
	int fd = memfd_create("vb-toctou", MFD_CLOEXEC | flags);

	EXPECT_LE(0, fd);
	EXPECT_LE(hlen, size);
	if (fd < 0 || hlen > size || ftruncate(fd, size)) {
		free(h);
		return -1;
	}
	*map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_NE(MAP_FAILED, *map);
	if (*map == MAP_FAILED) {
		close(fd);
		free(h);
		return -1;
	}
	memcpy(*map, h, hlen);
	free(h);
	return fd;
}

/*
 * The memfd attack: exec the harmless program, copy @banned in through
 * the mapping (no write(): i_version does not move), exec again.  Returns
 * the two results in @first and @second.
 */
static void memfd_attack(struct __test_metadata *const _metadata,
			 const char *harmless, const char *banned,
			 int *first, int *second)
{
	size_t blen;
	char *b = read_fixture(_metadata, banned, &blen), *map;
	int fd = harmless_memfd(_metadata, 0, harmless, blen, &map);

	ASSERT_LE(0, fd);
	*first = exec_fd(_metadata, fd);
	memcpy(map, b, blen);
	*second = exec_fd(_metadata, fd);
	munmap(map, blen);
	close(fd);
	free(b);
}

/* Ban policy, rules judge memfds: the rewritten memfd is judged again. */
TEST_F(toctou, memfd_rewrite_ban_writable_allow)
{
	int first, second;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, "ban-by-subject-o", "writable allow\n");
	memfd_attack(_metadata, FIX_BIN "unsigned",
		     FIX_BIN "banned-rsa2048-cert", &first, &second);
	EXPECT_EQ(HELLO_EXIT, first);
	EXPECT_EQ(-EACCES, second) {
		TH_LOG("the banned program ran from a rewritten memfd");
	}
}

/* Ban policy as shipped (no writable line): an unsealed memfd is refused. */
TEST_F(toctou, memfd_rewrite_ban_default)
{
	off_t mark = audit_mark();
	int first, second;
	char *rec;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-subject-o");
	memfd_attack(_metadata, FIX_BIN "unsigned",
		     FIX_BIN "banned-rsa2048-cert", &first, &second);
	EXPECT_EQ(-EACCES, first);
	EXPECT_EQ(-EACCES, second);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "op=exec",
			 "decision=deny", " reason=writable ");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/*
 * Lockdown policy (only proven good signatures run): exec the good
 * vendor's program, then overwrite its code through the mapping while its
 * signature stays at the end.  The rewritten file must not run.
 */
TEST_F(toctou, memfd_rewrite_lockdown)
{
	size_t glen;
	char *g = read_fixture(_metadata, FIX_BIN "good-rsa2048-cert", &glen);
	char *map;
	int fd, first, second;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, "lockdown", "writable allow\n");
	fd = harmless_memfd(_metadata, 0, FIX_BIN "good-rsa2048-cert", glen,
			    &map);
	ASSERT_LE(0, fd);
	first = exec_fd(_metadata, fd);
	/* unused ELF identification bytes: the program still runs */
	memcpy(map + 9, "PWNED!", 6);
	second = exec_fd(_metadata, fd);
	EXPECT_EQ(HELLO_EXIT, first);
	EXPECT_EQ(-EACCES, second) {
		TH_LOG("changed bytes ran on the good vendor's cached allow");
	}
	munmap(map, glen);
	close(fd);
	free(g);
}

/*
 * A memfd sealed F_SEAL_FUTURE_WRITE is not writable through new
 * mappings, but a writable mapping made before the seal still is: another
 * process keeps one and rewrites the memfd after an exec was allowed.
 */
TEST_F(toctou, future_write_mapping)
{
	size_t blen;
	char *b = read_fixture(_metadata, FIX_BIN "banned-rsa2048-cert", &blen);
	char *map, go;
	int fd, pfd[2], qfd[2], first, second, status;
	pid_t writer;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, "ban-by-subject-o", "writable allow\n");
	fd = harmless_memfd(_metadata, MFD_ALLOW_SEALING, FIX_BIN "unsigned",
			    blen, &map);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pipe(pfd));
	ASSERT_EQ(0, pipe(qfd));
	writer = fork();
	ASSERT_LE(0, writer);
	if (writer == 0) {
		/*
		 * The child keeps the mapping (fork copies it) and faults
		 * its pages in writable now, before the check: later writes
		 * through them take no fault, so nothing moves i_version.
		 */
		for (size_t i = 0; i < blen; i += 4096)
			((volatile char *)map)[i] = map[i];
		if (write(qfd[1], "r", 1) != 1 || read(pfd[0], &go, 1) != 1)
			_exit(1);
		memcpy(map, b, blen);
		_exit(write(qfd[1], "d", 1) == 1 ? 0 : 2);
	}
	ASSERT_EQ(1, read(qfd[0], &go, 1));
	munmap(map, blen);
	ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	first = exec_fd(_metadata, fd);
	ASSERT_EQ(1, write(pfd[1], "g", 1));
	ASSERT_EQ(1, read(qfd[0], &go, 1));
	second = exec_fd(_metadata, fd);
	ASSERT_EQ(writer, waitpid(writer, &status, 0));
	EXPECT_EQ(HELLO_EXIT, first);
	EXPECT_EQ(-EACCES, second) {
		TH_LOG("the banned program ran: rewritten through an old mapping");
	}
	close(fd);
	free(b);
}

/*
 * Through overlayfs: the real (upper) file is opened for writing and
 * mapped shared directly, not through the overlay, so the overlay's own
 * inode shows no writer; a mapping through the overlay must still count
 * as writable ("writable deny", the default).
 */
TEST_F(toctou, overlay_real_file_writable)
{
	const char *upper = TMPDIR "/upper/prog", *merged = TMPDIR "/mnt/prog";
	int wfd;
	void *w;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, mkdir(TMPDIR "/lower", 0755));
	ASSERT_EQ(0, mkdir(TMPDIR "/upper", 0755));
	ASSERT_EQ(0, mkdir(TMPDIR "/work", 0755));
	ASSERT_EQ(0, mkdir(TMPDIR "/mnt", 0755));
	copy_file(_metadata, FIX_BIN "unsigned", upper);
	ASSERT_EQ(0, mount("overlay", TMPDIR "/mnt", "overlay", 0,
			   "lowerdir=" TMPDIR "/lower,upperdir=" TMPDIR
			   "/upper,workdir=" TMPDIR "/work"));
	use_policy(_metadata, "ban-by-subject-o");
	EXPECT_EQ(0, map_exec(merged));
	wfd = open(upper, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, wfd);
	w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, wfd, 0);
	ASSERT_NE(MAP_FAILED, w);
	close(wfd);
	EXPECT_EQ(-EACCES, map_exec(merged)) {
		TH_LOG("the real file is writable, the overlay said it was not");
	}
	munmap(w, 4096);
	EXPECT_EQ(0, map_exec(merged));
	umount2(TMPDIR "/mnt", MNT_DETACH);
}

/*
 * The race file: RACE_SIZE bytes ending in the banned program (so in its
 * signature).  With @harmless, the trailer's magic is zeroed: unsigned.
 */
static void write_race_file(struct __test_metadata *const _metadata,
			    const char *banned, size_t blen, bool harmless)
{
	char *buf = calloc(1, RACE_SIZE);

	ASSERT_NE(NULL, buf);
	memcpy(buf + RACE_SIZE - blen, banned, blen);
	if (harmless)
		memset(buf + RACE_SIZE - MAGIC_LEN, 0, MAGIC_LEN);
	ASSERT_EQ(0, write_file(RACE_FILE, buf, RACE_SIZE));
	free(buf);
}

/* Child: one mmap(PROT_EXEC) of the race file; exits 0 or the errno. */
static pid_t spawn_mapper(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(-map_exec(RACE_FILE));
	return pid;
}

/*
 * One round: a mapper decides about the harmless file while, after
 * @delay_us, this process opens it O_RDWR and maps it; once the mapper is
 * done the banned trailer is written through the mapping.  Returns the
 * result of a fresh mmap(PROT_EXEC) afterwards (must be -EACCES).
 */
static int race_round(struct __test_metadata *const _metadata,
		      const char *banned, size_t blen, long delay_us)
{
	char *w;
	int fd, status;
	pid_t mapper;

	write_race_file(_metadata, banned, blen, true);
	mapper = spawn_mapper();
	if (mapper < 0)
		return -ECHILD;
	usleep(delay_us);
	fd = open(RACE_FILE, O_RDWR | O_CLOEXEC);
	EXPECT_LE(0, fd);
	w = mmap(NULL, RACE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_NE(MAP_FAILED, w);
	waitpid(mapper, &status, 0);
	if (w != MAP_FAILED) {
		memcpy(w + RACE_SIZE - MAGIC_LEN,
		       banned + blen - MAGIC_LEN, MAGIC_LEN);
		munmap(w, RACE_SIZE);
	}
	close(fd);
	return map_exec(RACE_FILE);
}

/* How long one mmap decision about the harmless race file takes. */
static long decision_us(struct __test_metadata *const _metadata,
			const char *banned, size_t blen)
{
	long long t0;
	int status;

	write_race_file(_metadata, banned, blen, true);
	t0 = now_ms();
	waitpid(spawn_mapper(), &status, 0);
	return (now_ms() - t0) * 1000 + 1000;
}

/*
 * The sample/store race, under a ban with a hash rule (every decision
 * hashes the 2 MiB file) and "writable allow" (the rules judge files
 * open for writing; with the default "deny" the round's writer would only
 * make the fresh decision stricter).  On 6.1 and 6.12 the writer's first
 * write fault moves i_version (file_update_time() on a shared fault), so
 * a result stored across it never matched again and this did not
 * reproduce before the fix either; the write generation now discards such
 * a result outright, and this test keeps both properties checked.
 */
TEST_F_TIMEOUT(toctou, sample_store_race, 600)
{
	size_t blen;
	char *b = read_fixture(_metadata, FIX_BIN "banned-rsa2048-cert", &blen);
	int round, won = 0, r;
	long span;

	SKIPPED_IN_SETUP();
	use_policy_plus(_metadata, "ban-by-subject-o",
			"writable allow\ndeny file-sha256 "
			"0000000000000000000000000000000000000000000000000000000000000001\n");
	span = decision_us(_metadata, b, blen);
	TH_LOG("one decision: about %ld us", span);
	for (round = 0; round < RACE_ROUNDS; round++) {
		r = race_round(_metadata, b, blen,
			       span * (round % 20) / 20);
		if (r != -EACCES) {
			won++;
			TH_LOG("round %d: the banned bytes mapped (%d)", round,
			       r);
		}
	}
	EXPECT_EQ(0, won);
	free(b);
}

TEST_HARNESS_MAIN
