// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-5 - the admission and the charge of a suspicion are
 * apart (fix of RT11-5, e5e380c)
 *
 * kmod/cache.c vendorban_cache_mapped(): the mapper's account is
 * admitted first (vendorban_evicted_account(): held < bound, under
 * evicted_lock), then the state is made (inode_state_attach(): an
 * allocation, an eviction, the fsnotify group's mark mutex: it may
 * sleep), and only then charged (make_suspect()).  Mappings of one
 * account in flight between the two all pass the admission before any
 * of them is charged, so the account may end up holding more than
 * suspicions_per_account, and the accounts together more than
 * EVICTED_CLOSED.
 *
 * nobody alone (one account, no subordinate uids), NR_THREADS threads,
 * each making fresh files in a world-writable directory, keeping each
 * open for writing (so that an evicted state is recorded and keeps its
 * charge) and mapping it MAP_SHARED|PROT_WRITE, until refused.
 *
 * Asserts what vendorban promises ("an account that holds
 * suspicions_per_account ... is refused its next mapping through a
 * writer"): the mappings that succeed number at most 8,192.  Module form
 * (FINDINGS.md: How to run).
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define TOPDIR		"/tmp/rt12i"
#define FILLDIR		TOPDIR "/fill"
#define NR_THREADS	512
#define BOUND		8192
#define NOFILE_HARD	524288

static int mapped[NR_THREADS];
static pthread_barrier_t start;

static void *filler(void *arg)
{
	long t = (long)arg;
	char path[64];
	void *p;
	int fd, i;

	pthread_barrier_wait(&start);
	for (i = 0; i < 2 * BOUND; i++) {
		snprintf(path, sizeof(path), FILLDIR "/t%ld-%d", t, i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			break;
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			break;
		munmap(p, 4096);
		mapped[t]++;
		/* fd kept: a writer when its state is evicted */
	}
	return NULL;
}

/* As nobody: NR_THREADS fillers; writes the total mapped to @out. */
static void __attribute__((noreturn)) attacker(int out)
{
	struct rlimit rl = { NOFILE_HARD, NOFILE_HARD };
	pthread_t th[NR_THREADS];
	pthread_attr_t attr;
	int total = 0;
	long t;

	if (setrlimit(RLIMIT_NOFILE, &rl) || become_nobody())
		_exit(2);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_barrier_init(&start, NULL, NR_THREADS);
	for (t = 0; t < NR_THREADS; t++)
		if (pthread_create(&th[t], &attr, filler, (void *)t))
			_exit(3);
	for (t = 0; t < NR_THREADS; t++) {
		pthread_join(th[t], NULL);
		total += mapped[t];
	}
	if (write(out, &total, sizeof(total)) != sizeof(total))
		_exit(1);
	_exit(0);
}

FIXTURE(inflight) {};

FIXTURE_SETUP(inflight)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, TOPDIR);
	ASSERT_EQ(0, mkdir(FILLDIR, 01777));
	ASSERT_EQ(0, chmod(FILLDIR, 01777));
}

FIXTURE_TEARDOWN(inflight)
{
	SKIPPED_IN_SETUP();
	umount2(TOPDIR, MNT_DETACH);
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(inflight, bound_holds, 900)
{
	int res[2], total = -1;
	long long start_ms;
	pid_t pid;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, pipe2(res, O_CLOEXEC));
	start_ms = now_ms();
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(res[0]);
		attacker(res[1]);
	}
	close(res[1]);
	EXPECT_EQ((ssize_t)sizeof(total), read(res[0], &total, sizeof(total)));
	waitpid(pid, NULL, 0);
	TH_LOG("nobody, one account, %d threads: %d files mapped through kept writers before refused, in %lld ms (bound %d)",
	       NR_THREADS, total, now_ms() - start_ms, BOUND);
	EXPECT_LE(total, BOUND) {
		TH_LOG("BROKE: one account holds %d suspicions past its bound %d (mappings in flight when it was reached)",
		       total - BOUND, BOUND);
	}
}

TEST_HARNESS_MAIN
