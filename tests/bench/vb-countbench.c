// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-countbench - what the per-rule hit counters cost on a cache hit
 *
 *   vb-countbench [-n EXECS] [-r ROUNDS] PROGRAM SHA256
 *
 * Runs as root in the test guest under QEMU's -icount (guest time counts
 * instructions), before any policy is loaded: times EXECS fork+execve of
 * PROGRAM (on tmpfs, so every exec after the first is a decision-cache
 * hit) in each configuration, ROUNDS times, the configurations alternated
 * within each round (the two big ones in turn first):
 *
 *   none          no policy in force (only before the first load: the
 *                 built-in form cannot go back to no policy, so these
 *                 rounds come first, not alternated)
 *   ban10         10 deny rules, default allow (the default row counts)
 *   big-percpu    100,000 rules, the last "allow file-sha256 SHA256" of
 *                 PROGRAM (its row counts), counters per CPU (the default
 *                 budget)
 *   big-shared    the same policy loaded with counters_percpu_kib=0: every
 *                 counter a shared atomic
 *
 * and prints per configuration the median, min and max guest seconds and
 * the median's ratio to "none", and per round the ratio big-shared /
 * big-percpu (paired, alternated); then the same per round as data lines
 * "bench-data|counters|ROW|ROUND|RATIO|AGAINST" for tests/bench/report.sh
 * (each round's time over the median of "none").  Checks that the row of the allow rule
 * counted every exec.  Exits 1 if a load or an exec failed.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VB		"/sys/kernel/security/vendorban/"
#define KIB_PARAM	"/sys/module/vendorban/parameters/counters_percpu_kib"
#define BIG_RULES	100000
#define MAX_ROUNDS	32

enum { CFG_NONE, CFG_BAN10, CFG_PERCPU, CFG_SHARED, NR_CFG };
static const char *const cfg_name[NR_CFG] = {
	"none", "ban10", "big-percpu", "big-shared",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_all(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	r = write(fd, buf, len);
	if (r < 0)
		err = -errno;
	else if ((size_t)r != len)
		err = -EIO;
	close(fd);
	return err;
}

static void load(const char *text, size_t len, const char *kib)
{
	int err = write_all(KIB_PARAM, kib, strlen(kib));

	if (!err)
		err = write_all(VB "policy", text, len);
	if (err) {
		fprintf(stderr, "vb-countbench: load (kib %s): %s\n", kib,
			strerror(-err));
		exit(1);
	}
}

/* Guest seconds for @n fork+execve of @prog (each must exit 42, as the fixture does). */
static double spawn(const char *prog, long n)
{
	char *const argv[] = { (char *)prog, NULL };
	double t0 = now();
	long i;
	int st;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execv(prog, argv);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 42) {
			fprintf(stderr, "vb-countbench: %s failed\n", prog);
			exit(1);
		}
	}
	return now() - t0;
}

static char *big_policy(const char *sha, size_t *len)
{
	static const char head[] = "vendorban-policy 1\nname big\nversion 1\n"
				   "default allow\n";
	size_t cap = sizeof(head) + (size_t)BIG_RULES * 90;
	char *text = malloc(cap), *p = text;
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	long i;

	if (!text)
		exit(1);
	p += sprintf(p, "%s", head);
	for (i = 0; i < BIG_RULES - 1; i++) {
		int k;

		p += sprintf(p, "deny fingerprint ");
		for (k = 0; k < 4; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			p += sprintf(p, "%016llx", x);
		}
		*p++ = '\n';
	}
	p += sprintf(p, "allow file-sha256 %s\n", sha);
	*len = p - text;
	return text;
}

static const char ban10[] =
	"vendorban-policy 1\nname ban10\nversion 1\ndefault allow\n"
	"deny subject-o \"vb-countbench 0\"\ndeny subject-o \"vb-countbench 1\"\n"
	"deny subject-o \"vb-countbench 2\"\ndeny subject-o \"vb-countbench 3\"\n"
	"deny subject-o \"vb-countbench 4\"\ndeny subject-o \"vb-countbench 5\"\n"
	"deny subject-o \"vb-countbench 6\"\ndeny subject-o \"vb-countbench 7\"\n"
	"deny subject-o \"vb-countbench 8\"\ndeny subject-o \"vb-countbench 9\"\n";

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n, double *min, double *max)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp);
	*min = s[0];
	*max = s[n - 1];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The allow count of the last rule's row in rule_counts. */
static long long last_rule_allows(void)
{
	char line[256], *last = NULL, prev[256] = "";
	long long deny, wd, audit, allow = -1;
	FILE *f = fopen(VB "rule_counts", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "default ", 8)) {
			last = prev;
			break;
		}
		snprintf(prev, sizeof(prev), "%s", line);
	}
	fclose(f);
	if (last && sscanf(last, "%*s %*s %lld %lld %lld %lld", &deny, &wd,
			   &audit, &allow) != 4)
		allow = -1;
	return allow;
}

/*
 * Per configuration and round, its ratio to the median of "none", and per
 * round big-shared / big-percpu, as the data lines of tests/bench/report.sh.
 */
static void report_data(double t[NR_CFG][MAX_ROUNDS], int rounds, long n,
			double none)
{
	static const char *const row[NR_CFG] = {
		"no policy (the reference)", "10-rule ban",
		"100,000 rules, counters per CPU",
		"100,000 rules, counters shared",
	};
	int c, i;

	for (c = 0; c < NR_CFG; c++)
		for (i = 0; i < rounds; i++)
			printf("bench-data|counters|%s|%d|%.6f|no policy, the median of its %d rounds before the first load (%ld execs each)\n",
			       row[c], i + 1, t[c][i] / none, rounds, n);
	for (i = 0; i < rounds; i++)
		printf("bench-data|counters|100,000 rules, counters shared against per CPU|%d|%.6f|100,000 rules, counters per CPU, the same round\n",
		       i + 1, t[CFG_SHARED][i] / t[CFG_PERCPU][i]);
}

static void report(double t[NR_CFG][MAX_ROUNDS], int rounds, long n)
{
	double med[NR_CFG], lo, hi, pair, r[MAX_ROUNDS];
	int c, i;

	printf("counters bench: %d rounds of %ld execs (cache hits), guest s\n",
	       rounds, n);
	for (c = 0; c < NR_CFG; c++) {
		med[c] = median(t[c], rounds, &lo, &hi);
		printf("%-11s median %.3f min %.3f max %.3f  ratio to none %.4f (%.4f..%.4f)\n",
		       cfg_name[c], med[c], lo, hi, med[c] / med[CFG_NONE],
		       lo / med[CFG_NONE], hi / med[CFG_NONE]);
	}
	for (i = 0; i < rounds; i++)
		r[i] = t[CFG_SHARED][i] / t[CFG_PERCPU][i];
	pair = median(r, rounds, &lo, &hi);
	printf("big-shared / big-percpu, paired by round: median %.4f min %.4f max %.4f\n",
	       pair, lo, hi);
	report_data(t, rounds, n, med[CFG_NONE]);
}

int main(int argc, char **argv)
{
	static double t[NR_CFG][MAX_ROUNDS];
	long n = 500, i;
	int rounds = 5, opt, k;
	size_t big_len;
	char *big;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			n = atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind != 2 || n < 1 || rounds < 1 || rounds > MAX_ROUNDS)
		return 2;
	big = big_policy(argv[optind + 1], &big_len);
	spawn(argv[optind], 20);
	for (i = 0; i < rounds; i++)
		t[CFG_NONE][i] = spawn(argv[optind], n);
	for (i = 0; i < rounds; i++) {
		load(ban10, sizeof(ban10) - 1, "4096");
		spawn(argv[optind], 1);
		t[CFG_BAN10][i] = spawn(argv[optind], n);
		/* per CPU first in even rounds, shared first in odd ones */
		for (k = 0; k < 2; k++) {
			int c = (i + k) % 2 ? CFG_SHARED : CFG_PERCPU;

			load(big, big_len, c == CFG_SHARED ? "0" : "4096");
			spawn(argv[optind], 1);
			t[c][i] = spawn(argv[optind], n);
			if (last_rule_allows() != n + 1) {
				fprintf(stderr, "vb-countbench: the allow rule counted %lld, not %ld\n",
					last_rule_allows(), n + 1);
				return 1;
			}
		}
	}
	load(ban10, sizeof(ban10) - 1, "4096");
	report(t, rounds, n);
	return 0;
}
