// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red team round 15: RT13-2's fix (trust2-rt13): does a reservation or a
 * charge leak, so that an account is refused below its bound after all
 * its files are gone?
 *
 * Each round two new accounts (uids A and B) race, THREADS threads each,
 * on the same FILES shared files (mode 0666 in a 01777 tmpfs): mappings
 * through writers that succeed, mappings that fail after the mmap_file
 * hook (MAP_FIXED_NOREPLACE over a page already mapped: -EEXIST after the
 * admission), unlinks and re-creates of the files meanwhile, O_TMPFILE
 * writers mapped and then linked (linkat), and the whole lot SIGKILLed
 * mid-flight.  Then every file is deleted and every writer closed: both
 * accounts hold nothing.  Each must then map exactly BOUND new files
 * through their writers and be refused at the next one (the fixers'
 * accountrace_test's check).  Fewer: a reservation or charge leaked.
 *
 * The loadable form only.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "attacker.h"
#include "common.h"

#define BASE		"/tmp/vb-rt15leak"
#define DIR_U		BASE "/u"
#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		"/sys/kernel/security/vendorban/bpf_links"
#define BOUND		12
#define FILES		8
#define THREADS		4
#define RACE_MS		300
#define ROUNDS		150
#define SECONDS		300
#define UID0		62000

static int reload(const char *params)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") %s || exit 1; "
		 "echo release >" LINKS " || exit 1; "
		 "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		 "grep -q '^vendorban ' /proc/modules && exit 2; "
		 "insmod " MODULE_KO " \"$@\" || exit 3; "
		 "vendorbanctl attach >/dev/null || exit 4",
		 params);
	return system(cmd);
}

static void *busy_page;
/* what the racers did, counted across processes: see struct counts */
struct counts {
	long mapped, eexist, eacces, other, linked;
};
static struct counts *cnt;

static void count_map(void *p)
{
	if (p != MAP_FAILED)
		__atomic_add_fetch(&cnt->mapped, 1, __ATOMIC_RELAXED);
	else if (errno == EEXIST)
		__atomic_add_fetch(&cnt->eexist, 1, __ATOMIC_RELAXED);
	else if (errno == EACCES)
		__atomic_add_fetch(&cnt->eacces, 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(&cnt->other, 1, __ATOMIC_RELAXED);
}

/* One racing thread: random operations on the shared files until killed. */
static void *racer(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg * 7919 + getpid();
	char path[96], tmp[64];
	void *p;
	int fd;

	for (;;) {
		int i = rand_r(&seed) % FILES, op = rand_r(&seed) % 5;

		snprintf(path, sizeof(path), DIR_U "/s%d", i);
		if (op == 0) {
			unlink(path);
			continue;
		}
		if (op == 4) {
			fd = open(DIR_U, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
			if (fd < 0)
				continue;
			p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, 0);
			count_map(p);
			if (p != MAP_FAILED)
				munmap(p, 4096);
			snprintf(tmp, sizeof(tmp), "/proc/self/fd/%d", fd);
			if (!linkat(AT_FDCWD, tmp, AT_FDCWD, path,
				    AT_SYMLINK_FOLLOW))
				__atomic_add_fetch(&cnt->linked, 1,
						   __ATOMIC_RELAXED);
			close(fd);
			continue;
		}
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			continue;
		fchmod(fd, 0666);
		if (op == 1) {
			/* refused after the hook: the page is taken */
			p = mmap(busy_page, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
			count_map(p);
			if (p != MAP_FAILED && p != busy_page)
				munmap(p, 4096);
		} else {
			p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, 0);
			count_map(p);
			if (p != MAP_FAILED && op == 2)
				munmap(p, 4096);
			/* op 3: kept mapped, until the kill */
		}
		if (op != 3)
			close(fd);
	}
	return NULL;
}

static pid_t start_racers(uid_t uid)
{
	pthread_t t;
	pid_t pid = fork();
	long i;

	if (pid)
		return pid;
	if (become_user(uid))
		_exit(100);
	busy_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (busy_page == MAP_FAILED)
		_exit(101);
	for (i = 1; i < THREADS; i++)
		pthread_create(&t, NULL, racer, (void *)i);
	racer((void *)0);
	_exit(0);
}

/* As @uid: how many new files mapped through writers before refused. */
static int capacity(uid_t uid, int *err)
{
	int p[2], status, r[2] = { -1, -1 };
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		char path[96];
		int n, fd;
		void *m;

		close(p[0]);
		if (become_user(uid))
			_exit(100);
		r[1] = 0;
		for (n = 0; n <= BOUND; n++) {
			snprintf(path, sizeof(path), DIR_U "/c%d-%d",
				 (int)uid, n);
			fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
				  0600);
			if (fd < 0) {
				r[1] = errno + 1000;
				break;
			}
			m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, 0);
			if (m == MAP_FAILED) {
				r[1] = errno;
				break;
			}
			munmap(m, 4096);
		}
		r[0] = n;
		while (n >= 0) {
			snprintf(path, sizeof(path), DIR_U "/c%d-%d",
				 (int)uid, n--);
			unlink(path);
		}
		if (write(p[1], r, sizeof(r)) != sizeof(r))
			_exit(101);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], r, sizeof(r)) != sizeof(r))
		r[0] = -1;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	*err = r[1];
	return r[0];
}

static void clear_dir(void)
{
	char path[96];
	int i;

	for (i = 0; i < FILES; i++) {
		snprintf(path, sizeof(path), DIR_U "/s%d", i);
		unlink(path);
	}
}

FIXTURE(leak) {
	bool reloaded;
};

FIXTURE_SETUP(leak)
{
	char param[64];

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	if (!vb_loadable_form())
		SKIP(return, "the built-in form has no account entries");
	self->reloaded = true;
	snprintf(param, sizeof(param), "suspicions_per_account=%d", BOUND);
	ASSERT_EQ(0, reload(param));
	ASSERT_EQ(BOUND, vb_module_param("suspicions_per_account"));
	use_policy(_metadata, "ban-by-cert");
	fresh_tmpfs(_metadata, BASE);
	ASSERT_EQ(0, mkdir(DIR_U, 0777));
	ASSERT_EQ(0, chmod(DIR_U, 01777));
}

FIXTURE_TEARDOWN(leak)
{
	SKIPPED_IN_SETUP();
	umount2(BASE, MNT_DETACH);
	if (self->reloaded)
		EXPECT_EQ(0, reload(""));
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(leak, nothing_held_after_all_gone, 600)
{
	long long end = now_ms() + SECONDS * 1000LL, t0 = now_ms();
	int rounds, k, n, err, short_ = 0, bad = 0, first_n = -1, first_err = 0;
	int starved = 0, starved_n = -1, starved_err = 0;
	uid_t first_uid = 0;
	pid_t pid[2];

	SKIPPED_IN_SETUP();
	cnt = mmap(NULL, sizeof(*cnt), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, cnt);
	for (rounds = 0; rounds < ROUNDS && now_ms() < end; rounds++) {
		uid_t a = UID0 + 2 * rounds, b = a + 1;

		pid[0] = start_racers(a);
		pid[1] = start_racers(b);
		ASSERT_LT(0, pid[0]);
		ASSERT_LT(0, pid[1]);
		usleep(RACE_MS * 500);
		/* a third account meanwhile: its bound whatever they hold */
		n = capacity(a + 100000, &err);
		if (n != BOUND || err != EACCES) {
			if (!starved++) {
				starved_n = n;
				starved_err = err;
			}
		}
		usleep(RACE_MS * 500);
		for (k = 0; k < 2; k++) {
			kill(pid[k], SIGKILL);
			waitpid(pid[k], NULL, 0);
		}
		clear_dir();
		usleep(50 * 1000);
		for (k = 0; k < 2; k++) {
			n = capacity(a + k, &err);
			if (n < 0) {
				bad++;
				continue;
			}
			if (n == BOUND && err == EACCES)
				continue;
			if (!short_++) {
				first_uid = a + k;
				first_n = n;
				first_err = err;
			}
		}
	}
	TH_LOG("%d rounds in %lld ms (bound %d, %d threads x 2 accounts, %d ms each): %d accounts wrong after all their files were gone, %d failed otherwise",
	       rounds, now_ms() - t0, BOUND, THREADS, RACE_MS, short_, bad);
	if (short_)
		TH_LOG("first: uid %d mapped %d new files, then %s (expected %d then EACCES)",
		       (int)first_uid, first_n,
		       first_err ? strerror(first_err % 1000) : "no refusal",
		       BOUND);
	TH_LOG("the racers' mmaps: %ld made, %ld -EEXIST after the hook, %ld -EACCES (refused), %ld other errors; %ld O_TMPFILEs linked",
	       cnt->mapped, cnt->eexist, cnt->eacces, cnt->other, cnt->linked);
	TH_LOG("a third account during the race: %d of %d rounds not exactly %d then EACCES (first: %d, err %d)",
	       starved, rounds, BOUND, starved_n, starved_err);
	EXPECT_LT(0, cnt->eexist);
	EXPECT_LT(0, cnt->mapped);
	EXPECT_EQ(0, starved) {
		TH_LOG("BROKE: racing accounts refused a third one below its bound");
	}
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, short_) {
		TH_LOG("BROKE: an account holds reservations or charges with none of its files left");
	}
}

TEST_HARNESS_MAIN
