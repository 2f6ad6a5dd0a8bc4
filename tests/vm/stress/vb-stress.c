// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-stress - vendorban under load on the debug kernel (make check-debug)
 *
 * Runs as root in the test VM booted on the debug kernel (KASAN, lockdep,
 * kmemleak, failslab; scripts/kernel/variant-debug.fragment), in the VM
 * suite's boot before its last phase (tests/debug/guest-stress.sh).  It
 * forks one loop per kind of attempt, all at once:
 *
 *   banned    exec of banned-signed programs (five signatures)
 *   allowed   exec of good-signed programs, alternately the fixture and a
 *             fresh copy on tmpfs (a new inode: never a cache hit)
 *   unsigned  exec of the unsigned program, the same way
 *   script    exec of a #! script run by an unsigned shell (allowed) and
 *             of one whose interpreter is banned-signed
 *   mmap      mmap(PROT_EXEC) of a good and of a banned file, and
 *             mprotect(PROT_EXEC) of a banned file's mapping
 *
 * while one loop replaces the policy (two policies that ban and allow the
 * same test files, alternately) and another flips the mode between
 * enforce and permissive.
 *
 * Allocation failures are injected with failslab and /proc/PID/fail-nth,
 * which makes the Nth slab allocation of that one task fail.  Each loop
 * goes round its targets: one round counting (fail-nth set out of reach:
 * what is left tells how many allocations a refused attempt made), one
 * with N cycling through 1..range, so that each allocation of the exec or
 * mmap path (the kernel's and vendorban's) fails in turn, and one failing
 * the last TAIL allocations of a refused attempt in turn: vendorban's
 * decision is the last step of a refused exec or mmap, so these are its
 * allocations and its audit record's.  Every fourth policy load has a
 * failure injected too.  Whether the armed failure happened is read back
 * from fail-nth (0 once consumed): by the child itself when its exec
 * failed, from the zombie (waitid WNOWAIT) otherwise.
 *
 * Verdicts.  The mode flipper publishes a sequence number (odd while a
 * change is under way, its half's parity the mode); an attempt that saw
 * the same even number before and after ran in a known mode.  Then:
 *  - an allowed file, and a banned one in permissive mode, must run; it may
 *    fail only if its injected failure happened;
 *  - a banned file in enforce mode must never run, injected failure or
 *    not; it fails with EACCES, or otherwise only if its injected failure
 *    happened;
 *  - a banned file in a mode that changed during the attempt must not run
 *    or fail unexplained, but may run (counted as "unjudged").
 * A policy load must succeed unless its injected failure happened.  Any
 * other result is a wrong verdict; the run passes only with none.
 *
 * At the end the failslab counter must equal the failures seen, and a
 * kmemleak scan (baseline cleared before the run) must report nothing.
 * Prints counts and TAP results; exit status 0 only if all passed.
 *
 * Options: --swaps N (policy replacements, default 1000), --seconds S
 * (give up after S seconds, default 600), --hold-ms and --flip-ms (how long
 * the mode stays: every third time --hold-ms, default 1500, else
 * --flip-ms, default 20); --swap-with FILE (the second policy, to see that
 * a policy which does not ban the banned files makes wrong verdicts).
 * "vb-stress --kmemleak" does only a kmemleak scan, with no baseline:
 * make check-debug runs it before the stress run (what the suite's
 * programs left) and after the suite (what is new since).
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIX		"/fixtures/bin/"
#define POL		"/fixtures/policies/"
#define VB		"/sys/kernel/security/vendorban/"
#define DEBUGFS		"/sys/kernel/debug"
#define FAILSLAB	DEBUGFS "/failslab/"
#define KMEMLEAK	DEBUGFS "/kmemleak"
#define COPY_DIR	"/tmp/vb-stress"
#define HELLO_EXIT	42
/* failslab's "times": decremented once per injected failure */
#define FS_TIMES	100000000L
/* fail-nth cycles through 1..range until an attempt has been counted */
#define EXEC_RANGE	250
#define MMAP_RANGE	60
#define LOAD_RANGE	100
/* A fail-nth never reached: it counts the slab allocations of an attempt. */
#define COUNT_NTH	1000000L
/*
 * How many of the last allocations of a refused attempt the "tail" rounds
 * fail: vendorban's decision is the last step of a refused exec or mmap
 * before the audit records of the syscall's exit (a score of allocations),
 * so these are those records', vendorban's and a few of the kernel's.
 */
#define TAIL		64
#define MAX_WRONG_SHOWN	20

enum kind { K_BANNED, K_ALLOWED, K_UNSIGNED, K_SCRIPT, K_MMAP, NR_KINDS };

static const char *const kind_name[NR_KINDS] = {
	"banned", "allowed", "unsigned", "script", "mmap",
};

/* errno values kept apart in the counts of explained failures */
#define NR_ERRNO	134

struct tally {
	unsigned long attempts;
	unsigned long ran;		/* ran (or mapped executable) */
	unsigned long refused;		/* EACCES where a refusal was due */
	unsigned long enforce_judged;	/* banned, known enforce mode */
	unsigned long permissive_judged; /* banned, known permissive mode */
	unsigned long unjudged;		/* banned, the mode changed meanwhile */
	unsigned long armed;		/* attempts with a failure injected */
	unsigned long hit;		/* ... that happened */
	unsigned long tail_armed;	/* ... among the last TAIL allocations */
	unsigned long tail_hit;		/* ... that happened */
	unsigned long tail_enomem;	/* ... and made it fail with ENOMEM */
	unsigned long inj_errno[NR_ERRNO]; /* failed with errno, explained */
	unsigned long inj_killed;	/* exec'd but died, explained */
	unsigned long wrong;
};

struct shared {
	int stop;
	unsigned long mode_seq;
	unsigned long flips, flip_errors;
	unsigned long swaps, swap_armed, swap_hit, swap_refused, swap_wrong;
	unsigned long load_allocs;	/* of a load of the second policy */
	unsigned long wrong_shown;
	struct tally t[NR_KINDS];
};

/* A file to try, and whether the policies ban it. */
struct target {
	const char *path;
	bool banned;
	bool fresh;	/* exec a fresh copy on tmpfs */
	bool mprotect;	/* mmap: PROT_READ, then mprotect(PROT_EXEC) */
};

/* What one attempt did. */
struct outcome {
	bool execd;	/* the exec (mmap, mprotect) succeeded */
	bool ran;	/* ... and the program exited with HELLO_EXIT */
	int err;	/* errno of the failed exec/mmap/mprotect, or 0 */
	int status;	/* wait status of the child (exec kinds) */
	long left;	/* fail-nth afterwards (-1: not armed or unknown) */
	bool armed, hit, tail;
};

static struct shared *sh;
static long long deadline_ms;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static unsigned long seq_load(void)
{
	return __atomic_load_n(&sh->mode_seq, __ATOMIC_SEQ_CST);
}

/* Writes @text to @path in one write(); 0 or -errno. */
static int write_str(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

/* Reads a whole (pseudo) file into a NUL-terminated buffer, or NULL. */
static char *read_all(const char *path, size_t *lenp)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap), *tmp;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0 || !buf)
		goto fail;
	for (;;) {
		if (len + 1 >= cap) {
			tmp = realloc(buf, cap * 2);
			if (!tmp)
				goto fail;
			buf = tmp;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static long read_long(const char *path)
{
	char *text = read_all(path, NULL);
	long val = text ? strtol(text, NULL, 10) : -1;

	free(text);
	return val;
}

/* --- fail-nth --------------------------------------------------------------- */

/* Sets the calling task's fail-nth through the open @fd; no allocation. */
static bool nth_arm(int fd, long nth)
{
	char num[24];
	int len = snprintf(num, sizeof(num), "%ld", nth);

	return pwrite(fd, num, len, 0) == len;
}

/* The fail-nth value left through @fd: 0 once the failure happened. */
static long nth_left(int fd)
{
	char num[16];
	ssize_t r = pread(fd, num, sizeof(num) - 1, 0);

	if (r <= 0)
		return -1;
	num[r] = '\0';
	return strtol(num, NULL, 10);
}

static long nth_left_of(pid_t pid)
{
	char path[64];
	long left;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/fail-nth", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	left = nth_left(fd);
	close(fd);
	return left;
}

/* --- verdicts -------------------------------------------------------------- */

static void wrong(enum kind k, const struct target *tg, int mode,
		  const struct outcome *o, const char *why)
{
	sh->t[k].wrong++;
	if (__atomic_fetch_add(&sh->wrong_shown, 1, __ATOMIC_SEQ_CST) >=
	    MAX_WRONG_SHOWN)
		return;
	printf("# WRONG %s %s%s (mode %s): %s; execd=%d ran=%d err=%d (%s) status=0x%x armed=%d hit=%d\n",
	       kind_name[k], tg->path, tg->fresh ? " (fresh copy)" : "",
	       mode < 0 ? "changing" : mode ? "permissive" : "enforce", why,
	       o->execd, o->ran, o->err, o->err ? strerror(o->err) : "-", o->status,
	       o->armed, o->hit);
	fflush(stdout);
}

/* Counts an explained failure (the injected one happened). */
static void injected_failure(struct tally *t, const struct outcome *o)
{
	if (o->execd)
		t->inj_killed++;
	else
		t->inj_errno[o->err > 0 && o->err < NR_ERRNO ? o->err : 0]++;
}

/*
 * Judges one attempt; @mode is 0 (enforce), 1 (permissive) or -1 (changed
 * during the attempt).  A banned file counts as run as soon as its exec
 * succeeded (script-banned-interp's interpreter, a busybox called
 * "banned-sh", then exits 127); an allowed one must also exit 42.
 */
static void judge(enum kind k, const struct target *tg, int mode,
		  const struct outcome *o)
{
	struct tally *t = &sh->t[k];
	bool must_deny = tg->banned && mode == 0;

	t->attempts++;
	t->armed += o->armed;
	t->hit += o->hit;
	t->tail_armed += o->tail;
	t->tail_hit += o->tail && o->hit;
	t->tail_enomem += o->tail && o->hit && o->err == ENOMEM;
	if (tg->banned && mode == 0)
		t->enforce_judged++;
	else if (tg->banned && mode == 1)
		t->permissive_judged++;
	else if (tg->banned)
		t->unjudged++;

	if (must_deny && o->execd) {
		wrong(k, tg, mode, o, "a banned file ran in enforce mode");
		return;
	}
	if (o->ran || (tg->banned && o->execd)) {
		t->ran++;
		return;
	}
	if (tg->banned && o->err == EACCES && mode != 1) {
		t->refused++;
		return;
	}
	if (o->hit) {
		injected_failure(t, o);
		return;
	}
	wrong(k, tg, mode, o, must_deny ? "refused without EACCES or an injected failure" :
	      "failed without an injected failure to explain it");
}

/* --- the attempts ---------------------------------------------------------- */

struct child_msg {
	int err;
	long left;
};

/*
 * Runs @path in a child with fail-nth @nth (0: none).  The child reports a
 * failed exec's errno and its fail-nth through a close-on-exec pipe.
 */
static void try_exec(const char *path, long nth, struct outcome *o)
{
	static char *const envp[] = { "PATH=/bin:/sbin", NULL };
	char *const argv[] = { (char *)path, NULL };
	struct child_msg msg = { 0, -1 };
	siginfo_t si;
	int pfd[2], nfd = -1;
	ssize_t r;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	o->armed = nth && nth != COUNT_NTH;
	o->left = -1;
	if (pipe2(pfd, O_CLOEXEC)) {
		o->err = errno;
		return;
	}
	pid = fork();
	if (pid < 0) {
		o->err = errno;
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		close(pfd[0]);
		if (nth) {
			nfd = open("/proc/self/fail-nth", O_RDWR | O_CLOEXEC);
			if (nfd < 0 || !nth_arm(nfd, nth))
				_exit(124);
		}
		execve(path, argv, envp);
		msg.err = errno;
		if (nth) {
			/* read, then disarm: what follows is not the exec */
			msg.left = nth_left(nfd);
			nth_arm(nfd, 0);
		}
		if (write(pfd[1], &msg, sizeof(msg)) != sizeof(msg))
			_exit(125);
		_exit(126);
	}
	close(pfd[1]);
	do {
		r = read(pfd[0], &msg, sizeof(msg));
	} while (r < 0 && errno == EINTR);
	close(pfd[0]);
	/* Not reaped yet: its fail-nth can still be read. */
	while (waitid(P_PID, pid, &si, WEXITED | WNOWAIT) && errno == EINTR)
		;
	if (r != sizeof(msg) && nth)
		msg.left = nth_left_of(pid);
	while (waitpid(pid, &o->status, 0) < 0 && errno == EINTR)
		;
	if (r == sizeof(msg)) {
		o->err = msg.err;
	} else {
		o->execd = true;
		o->ran = WIFEXITED(o->status) &&
			 WEXITSTATUS(o->status) == HELLO_EXIT;
	}
	o->left = msg.left;
	o->hit = o->armed && msg.left == 0;
}

/* mmap(PROT_EXEC), or mmap then mprotect(PROT_EXEC), of @tg in this task. */
static void try_mmap(const struct target *tg, int nfd, long nth,
		     struct outcome *o)
{
	int fd = open(tg->path, O_RDONLY | O_CLOEXEC), prot;
	void *p = MAP_FAILED;

	memset(o, 0, sizeof(*o));
	o->left = -1;
	if (fd < 0) {
		o->err = errno;
		return;
	}
	o->armed = nth && nth != COUNT_NTH;
	if (nth && !nth_arm(nfd, nth)) {
		o->err = errno;
		o->armed = false;
		close(fd);
		return;
	}
	prot = tg->mprotect ? PROT_READ : PROT_READ | PROT_EXEC;
	p = mmap(NULL, 4096, prot, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		o->err = errno;
	else if (tg->mprotect && mprotect(p, 4096, PROT_READ | PROT_EXEC))
		o->err = errno;
	else
		o->execd = o->ran = true;
	if (nth) {
		o->left = nth_left(nfd);
		o->hit = o->armed && o->left == 0;
		nth_arm(nfd, 0);
	}
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
}

/* Writes a fresh copy of @data to @copy (a new inode each time). */
static int fresh_copy(const char *copy, const char *data, size_t len)
{
	int fd, err = 0;

	unlink(copy);
	fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* The mode for the attempt between seq readings @s1 and @s2. */
static int mode_of(unsigned long s1, unsigned long s2)
{
	if (s1 != s2 || (s1 & 1))
		return -1;
	return (s1 >> 1) & 1;
}

#define BANNED(f)	{ .path = FIX f, .banned = true }
#define ALLOWED(f)	{ .path = FIX f }
#define FRESH(f)	{ .path = FIX f, .fresh = true }

/* Both policies of the swap loop ban all of these ... */
static const struct target banned_targets[] = {
	BANNED("banned-rsa2048-nocert"),
	BANNED("banned-rsa2048-cert"),
	BANNED("banned-rsa2048-chain"),
	BANNED("banned-p256-nocert"),
	BANNED("banned-rsa4096-nocert"),
};

/* ... and allow all of these. */
static const struct target allowed_targets[] = {
	ALLOWED("good-rsa2048-cert"),
	FRESH("good-rsa2048-cert"),
	ALLOWED("good-p256-nocert"),
	FRESH("good-rsa2048-nocert"),
};

static const struct target unsigned_targets[] = {
	ALLOWED("unsigned"),
	FRESH("unsigned"),
};

/* script-banned-interp: #!/fixtures/bin/banned-sh (banned-signed) */
static const struct target script_targets[] = {
	ALLOWED("script-good"),
	BANNED("script-banned-interp"),
};

static const struct target mmap_targets[] = {
	ALLOWED("good-rsa2048-cert"),
	BANNED("banned-rsa2048-cert"),
	{ .path = FIX "banned-rsa2048-nocert", .banned = true, .mprotect = true },
};

struct loop_def {
	const struct target *targets;
	unsigned int n;
};

static const struct loop_def loops[NR_KINDS] = {
	[K_BANNED] = { banned_targets, 5 },
	[K_ALLOWED] = { allowed_targets, 4 },
	[K_UNSIGNED] = { unsigned_targets, 2 },
	[K_SCRIPT] = { script_targets, 2 },
	[K_MMAP] = { mmap_targets, 3 },
};

/* Per loop: what to inject next. */
struct injector {
	unsigned int range;		/* until counted: 1..range */
	unsigned long armed, tail;	/* the counters that cycle */
	unsigned long total[8];		/* allocations of an attempt */
	unsigned long refused[8];	/* ... of a refused attempt */
};

/*
 * The fail-nth for attempt @i (target @t, of @n) and whether it is a tail
 * injection.  Rounds over the targets go: counting (nothing fails; the
 * attempt tells how many allocations it made, until the child exited),
 * every allocation in turn, the last TAIL allocations of a refused attempt
 * in turn (vendorban's) when known, else every allocation in turn again.
 * The targets of a loop make about as many allocations as each other, so
 * the counters are shared: each N comes round for every kind of target.
 */
static long pick_nth(struct injector *inj, unsigned long i, unsigned int t,
		     unsigned int n, bool banned, bool *tail)
{
	unsigned long round = i / n, refused = inj->refused[t];
	unsigned long range = inj->total[t] ? inj->total[t] : inj->range;

	*tail = false;
	if (round % 3 == 0)
		return COUNT_NTH;
	if (round % 3 == 2 && banned && refused) {
		*tail = true;
		return refused - inj->tail++ % (refused < TAIL ? refused : TAIL);
	}
	return 1 + inj->armed++ % range;
}

/* Learns the number of allocations from a counting attempt. */
static void learn(struct injector *inj, unsigned int t, long nth,
		  const struct outcome *o)
{
	if (nth != COUNT_NTH || o->left <= 0)
		return;
	inj->total[t] = COUNT_NTH - o->left;
	if (o->err == EACCES)
		inj->refused[t] = inj->total[t];
}

/* The loop of one kind: runs until told to stop. */
static void exec_loop(enum kind k)
{
	const struct loop_def *def = &loops[k];
	struct injector inj = { .range = k == K_MMAP ? MMAP_RANGE : EXEC_RANGE };
	char copy[64];
	char *data[8] = { NULL };
	size_t len[8] = { 0 };
	unsigned long i;
	long nth;
	int nfd = -1;

	snprintf(copy, sizeof(copy), COPY_DIR "/%s", kind_name[k]);
	for (i = 0; i < def->n; i++) {
		if (!def->targets[i].fresh)
			continue;
		data[i] = read_all(def->targets[i].path, &len[i]);
		if (!data[i]) {
			printf("# %s: cannot read %s: %m\n", kind_name[k],
			       def->targets[i].path);
			_exit(2);
		}
	}
	if (k == K_MMAP) {
		nfd = open("/proc/self/fail-nth", O_RDWR | O_CLOEXEC);
		if (nfd < 0) {
			printf("# mmap: /proc/self/fail-nth: %m\n");
			_exit(2);
		}
	}
	for (i = 0; !__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST); i++) {
		unsigned int t = i % def->n;
		struct target tg = def->targets[t];
		struct outcome o;
		unsigned long s1, s2;
		bool tail;

		nth = pick_nth(&inj, i, t, def->n, tg.banned, &tail);
		if (tg.fresh) {
			if (fresh_copy(copy, data[i % def->n], len[i % def->n])) {
				printf("# %s: cannot write %s: %m\n",
				       kind_name[k], copy);
				_exit(2);
			}
			tg.path = copy;
		}
		s1 = seq_load();
		if (k == K_MMAP)
			try_mmap(&tg, nfd, nth, &o);
		else
			try_exec(tg.path, nth, &o);
		s2 = seq_load();
		o.tail = tail && o.armed;
		learn(&inj, t, nth, &o);
		judge(k, &tg, mode_of(s1, s2), &o);
	}
	for (i = 0; i < def->n; i++) {
		if (inj.total[i])
			printf("# %s: %s%s: %lu slab allocations (last count), %lu when refused\n",
			       kind_name[k], def->targets[i].path,
			       def->targets[i].fresh ? " (fresh copy)" : "",
			       inj.total[i], inj.refused[i]);
	}
	_exit(0);
}

/* The two policies of the swap loop (the second one: --swap-with). */
static const char *policy_names[2] = {
	POL "ban-by-issuer-serial.pol", POL "ban-by-cert.pol",
};

/*
 * Replaces the policy @swaps times, alternating two equivalent ones.  Of
 * every four loads, the second counts its allocations and the fourth has
 * one of them fail, each in turn (both load the second policy).
 */
static void swap_loop(unsigned long swaps)
{
	const char *const *names = policy_names;
	unsigned long i, armed = 0, range = LOAD_RANGE;
	char *text[2];
	size_t len[2];
	int nfd;

	for (i = 0; i < 2; i++) {
		text[i] = read_all(names[i], &len[i]);
		if (!text[i]) {
			printf("# swap: cannot read %s: %m\n", names[i]);
			_exit(2);
		}
	}
	nfd = open("/proc/self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nfd < 0) {
		printf("# swap: /proc/self/fail-nth: %m\n");
		_exit(2);
	}
	for (i = 0; sh->swaps < swaps && now_ms() < deadline_ms; i++) {
		long nth = i % 4 == 3 ? 1 + (long)(armed++ % range) :
			   i % 4 == 1 ? COUNT_NTH : 0;
		int fd = open(VB "policy", O_WRONLY | O_CLOEXEC), err = 0;
		ssize_t r;
		long left;
		bool hit = false;

		if (fd < 0) {
			printf("# swap: open policy: %m\n");
			sh->swap_wrong++;
			break;
		}
		if (nth && !nth_arm(nfd, nth))
			_exit(2);
		r = write(fd, text[i & 1], len[i & 1]);
		err = errno;
		left = nth ? nth_left(nfd) : -1;
		if (nth)
			nth_arm(nfd, 0);
		if (nth == COUNT_NTH && left > 0) {
			range = COUNT_NTH - left;
			sh->load_allocs = range;
		} else if (nth) {
			hit = left == 0;
			sh->swap_armed++;
			sh->swap_hit += hit;
		}
		close(fd);
		if (r == (ssize_t)len[i & 1]) {
			sh->swaps++;
		} else if (hit) {
			sh->swap_refused++;
		} else {
			sh->swap_wrong++;
			printf("# WRONG swap %lu: load failed (%s) without an injected failure\n",
			       i, r < 0 ? strerror(err) : "short write");
		}
	}
	_exit(0);
}

/*
 * Flips the mode until told to stop, ending in enforce.  Every third mode
 * is held @hold_ms, long enough for execs to run entirely in it (judged
 * verdicts, in both modes as the period is 6), the others @flip_ms, short
 * enough for execs to straddle a change.
 */
static void flip_loop(unsigned int flip_ms, unsigned int hold_ms)
{
	static const char *const mode[2] = { "enforce", "permissive" };
	int fd = open(VB "mode", O_WRONLY | O_CLOEXEC);
	const char *next;
	unsigned long seq, i;

	if (fd < 0) {
		printf("# flip: open mode: %m\n");
		_exit(2);
	}
	for (i = 0;; i++) {
		usleep((i % 3 ? flip_ms : hold_ms) * 1000);
		seq = seq_load();
		if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST) &&
		    !((seq >> 1) & 1))
			break;
		next = mode[((seq >> 1) + 1) & 1];
		__atomic_add_fetch(&sh->mode_seq, 1, __ATOMIC_SEQ_CST);
		if (pwrite(fd, next, strlen(next), 0) < 0) {
			printf("# flip: write mode: %m\n");
			sh->flip_errors++;
		}
		__atomic_add_fetch(&sh->mode_seq, 1, __ATOMIC_SEQ_CST);
		sh->flips++;
	}
	_exit(0);
}

/* --- setup, kmemleak, report ----------------------------------------------- */

static int tap_n, tap_failed;

static void tap(bool ok, const char *name, const char *detail)
{
	tap_n++;
	tap_failed += !ok;
	printf("%sok %d stress.%s%s%s\n", ok ? "" : "not ", tap_n, name,
	       detail ? " # " : "", detail ? detail : "");
	fflush(stdout);
}

static bool setup_failslab(void)
{
	static const char *const settings[][2] = {
		/* no message and no stack dump per injected failure */
		{ FAILSLAB "verbose", "0" },
		/* GFP_KERNEL allocations too (the default spares them) */
		{ FAILSLAB "ignore-gfp-wait", "N" },
		{ FAILSLAB "cache-filter", "N" },
		/* only fail-nth injects: no random failures elsewhere */
		{ FAILSLAB "probability", "0" },
		{ FAILSLAB "interval", "1" },
		{ FAILSLAB "space", "0" },
	};
	char times[32];
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		if (write_str(settings[i][0], settings[i][1])) {
			printf("# cannot set %s: %m\n", settings[i][0]);
			return false;
		}
	}
	snprintf(times, sizeof(times), "%ld", FS_TIMES);
	return !write_str(FAILSLAB "times", times);
}

static bool mount_debugfs(void)
{
	if (access(DEBUGFS "/failslab", F_OK) &&
	    mount("debugfs", DEBUGFS, "debugfs", 0, NULL) && errno != EBUSY) {
		printf("# mount debugfs: %m\n");
		return false;
	}
	return true;
}

static bool setup(void)
{
	if (!mount_debugfs())
		return false;
	if (access(KMEMLEAK, R_OK) || access(FAILSLAB "times", W_OK) ||
	    access("/proc/self/fail-nth", W_OK)) {
		printf("# not a debug kernel: %s or %s or fail-nth missing\n",
		       KMEMLEAK, FAILSLAB);
		return false;
	}
	if (!setup_failslab())
		return false;
	mkdir(COPY_DIR, 0755);
	if (mount("tmpfs", COPY_DIR, "tmpfs", 0, "mode=0755")) {
		printf("# mount tmpfs on %s: %m\n", COPY_DIR);
		return false;
	}
	if (write_str(VB "mode", "enforce")) {
		printf("# cannot set enforce mode: %m\n");
		return false;
	}
	/* A baseline: what the boot left behind is not this run's. */
	if (write_str(KMEMLEAK, "scan") || write_str(KMEMLEAK, "clear")) {
		printf("# kmemleak scan/clear: %m\n");
		return false;
	}
	return true;
}

static bool load_file(const char *path)
{
	size_t len;
	char *text = read_all(path, &len);
	int fd = open(VB "policy", O_WRONLY | O_CLOEXEC);
	bool ok = text && fd >= 0 && write(fd, text, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	free(text);
	return ok;
}

/*
 * Scans for leaks after the run (twice, as Documentation/dev-tools/
 * kmemleak.rst advises; objects younger than 5 s are not reported, hence
 * the wait) and prints each report.  Returns the number of reports.
 */
static long kmemleak_reports(void)
{
	char *text, *p;
	long n = 0;

	sleep(6);
	if (write_str(KMEMLEAK, "scan"))
		return -1;
	sleep(1);
	if (write_str(KMEMLEAK, "scan"))
		return -1;
	text = read_all(KMEMLEAK, NULL);
	if (!text)
		return -1;
	for (p = text; (p = strstr(p, "unreferenced object")); p++)
		n++;
	if (n) {
		printf("# kmemleak reports:\n");
		for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
			printf("#   %s\n", p);
	}
	free(text);
	return n;
}

/* "ENOMEM 12, EFAULT 3, killed 2": the explained failures of @t. */
static void print_failures(const struct tally *t)
{
	const char *sep = "";
	int e;

	printf("#          explained failures:");
	for (e = 0; e < NR_ERRNO; e++) {
		if (!t->inj_errno[e])
			continue;
		printf("%s %s %lu", sep, e ? strerrorname_np(e) : "errno?",
		       t->inj_errno[e]);
		sep = ",";
	}
	if (t->inj_killed)
		printf("%s exec'd then died %lu", sep, t->inj_killed);
	printf("%s\n", *sep || t->inj_killed ? "" : " none");
}

static void print_counts(void)
{
	int k;

	for (k = 0; k < NR_KINDS; k++) {
		const struct tally *t = &sh->t[k];

		printf("# %-8s %6lu attempts: %lu ran, %lu refused (EACCES); banned in enforce %lu, in permissive %lu, mode changing %lu; injected %lu, happened %lu (of which in the last %d allocations: %lu of %lu, %lu failing with ENOMEM); wrong %lu\n",
		       kind_name[k], t->attempts, t->ran, t->refused,
		       t->enforce_judged, t->permissive_judged, t->unjudged,
		       t->armed, t->hit, TAIL, t->tail_hit, t->tail_armed,
		       t->tail_enomem, t->wrong);
		print_failures(t);
	}
	printf("# policy   %lu swaps; injected %lu (a load makes %lu slab allocations), happened %lu, loads refused by them %lu; wrong %lu\n",
	       sh->swaps, sh->swap_armed, sh->load_allocs, sh->swap_hit,
	       sh->swap_refused, sh->swap_wrong);
	printf("# mode     %lu flips, %lu failed\n", sh->flips, sh->flip_errors);
}

static void print_status(void)
{
	char *status = read_all(VB "status", NULL), *p;

	if (!status)
		return;
	for (p = strtok(status, "\n"); p; p = strtok(NULL, "\n"))
		printf("# status: %s\n", p);
	free(status);
}

static pid_t spawn(void (*fn)(unsigned long), unsigned long arg)
{
	pid_t pid = fork();

	if (pid == 0)
		fn(arg);
	return pid;
}

static void run_kind(unsigned long k)
{
	exec_loop((enum kind)k);
}

static void run_swaps(unsigned long n)
{
	swap_loop(n);
}

static unsigned int flip_ms = 20, hold_ms = 1500;

static void run_flips(unsigned long unused)
{
	flip_loop(flip_ms, hold_ms);
}

/* Whether a check has yet failed with ENOMEM from an injected failure. */
static bool some_tail_enomem(void)
{
	int k;

	for (k = 0; k < NR_KINDS; k++)
		if (__atomic_load_n(&sh->t[k].tail_enomem, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * Starts every loop, waits for the swapper, then (still within the time
 * given) for an injected failure to have made some check fail with
 * ENOMEM, which report() asserts and chance decides on a short run; then
 * stops the others.
 */
static bool run(unsigned long swaps)
{
	pid_t pids[NR_KINDS + 2], swapper;
	bool ok = true;
	int k, status;

	swapper = spawn(run_swaps, swaps);
	pids[0] = swapper;
	pids[1] = spawn(run_flips, 0);
	for (k = 0; k < NR_KINDS; k++)
		pids[k + 2] = spawn(run_kind, k);
	for (k = 0; k < NR_KINDS + 2; k++) {
		if (pids[k] < 0) {
			printf("# fork: %m\n");
			ok = false;
		}
	}
	if (swapper > 0)
		waitpid(swapper, &status, 0);
	while (!some_tail_enomem() && now_ms() < deadline_ms)
		usleep(100 * 1000);
	__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
	for (k = 1; k < NR_KINDS + 2; k++) {
		if (pids[k] <= 0)
			continue;
		if (waitpid(pids[k], &status, 0) != pids[k] ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# loop %d ended abnormally (status 0x%x)\n", k,
			       status);
			ok = false;
		}
	}
	return ok;
}

static void report(long long start, bool loops_ok, long leaks, long injected,
		   unsigned long swaps)
{
	unsigned long wrong = sh->swap_wrong, hits = sh->swap_hit;
	unsigned long enf = 0, perm = 0, tail = 0;
	bool every = true;
	char detail[160], name[64];
	int k;

	for (k = 0; k < NR_KINDS; k++) {
		wrong += sh->t[k].wrong;
		hits += sh->t[k].hit;
		enf += sh->t[k].enforce_judged;
		perm += sh->t[k].permissive_judged;
		every = every && sh->t[k].attempts >= 20 && sh->t[k].hit > 0;
		tail += sh->t[k].tail_enomem;
		if (k == K_BANNED || k == K_SCRIPT || k == K_MMAP)
			every = every && sh->t[k].tail_hit > 0;
	}
	printf("# %lld s; failslab injected %ld failures, the loops saw %lu\n",
	       (now_ms() - start) / 1000, injected, hits);
	snprintf(detail, sizeof(detail), "%lu wrong", wrong);
	tap(loops_ok && wrong == 0, "no_wrong_verdicts", detail);
	snprintf(detail, sizeof(detail), "%lu swaps", sh->swaps);
	snprintf(name, sizeof(name), "policy_replaced_%lu_times", swaps);
	tap(sh->swaps >= swaps, name, detail);
	snprintf(detail, sizeof(detail), "%lu flips, banned judged %lu enforce %lu permissive",
		 sh->flips, enf, perm);
	tap(sh->flips >= 20 && !sh->flip_errors && enf && perm,
	    "mode_flipped", detail);
	snprintf(detail, sizeof(detail), "%lu refused with ENOMEM by a failure in the last %d allocations",
		 tail, TAIL);
	tap(every && tail > 0, "every_kind_ran_with_injected_failures", detail);
	snprintf(detail, sizeof(detail), "%ld injected, %lu seen", injected, hits);
	tap(injected > 0 && (unsigned long)injected == hits,
	    "injected_failures_accounted", detail);
	snprintf(detail, sizeof(detail), "%ld reports", leaks);
	tap(leaks == 0, "kmemleak_clean", detail);
}

int main(int argc, char **argv)
{
	unsigned long swaps = 1000, seconds = 600;
	long long start = now_ms();
	long leaks, injected;
	char detail[64];
	bool loops_ok;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "--kmemleak")) {
		printf("TAP version 13\n1..1\n");
		leaks = mount_debugfs() ? kmemleak_reports() : -1;
		snprintf(detail, sizeof(detail), "%ld reports", leaks);
		tap(leaks == 0, "kmemleak_clean_after_the_suite", detail);
		return tap_failed ? 1 : 0;
	}
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--swaps"))
			swaps = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--flip-ms"))
			flip_ms = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--hold-ms"))
			hold_ms = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--swap-with"))
			policy_names[1] = argv[i + 1];
	}
	deadline_ms = start + seconds * 1000LL;
	printf("TAP version 13\n1..7\n");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || !setup() ||
	    !load_file(POL "ban-by-issuer-serial.pol")) {
		tap(false, "setup", "see the lines above");
		return 1;
	}
	tap(true, "setup", NULL);
	printf("# %lu swaps; modes held %u, %u, %u ms, ...; at most %lu s\n",
	       swaps, hold_ms, flip_ms, flip_ms, seconds);
	loops_ok = run(swaps);
	if (write_str(VB "mode", "enforce") ||
	    !load_file(POL "default-allow.pol"))
		loops_ok = false;
	injected = FS_TIMES - read_long(FAILSLAB "times");
	print_counts();
	print_status();
	leaks = kmemleak_reports();
	report(start, loops_ok, leaks, injected, swaps);
	return tap_failed ? 1 : 0;
}
