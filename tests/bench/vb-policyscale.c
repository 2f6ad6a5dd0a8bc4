// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-policyscale - load time and kernel memory of a large policy
 *
 *   vb-policyscale [-w BYTES] [-l] [-r] KIND COUNT...
 *
 * Runs as root in the test guest (tests/bench/scale-guest.sh; the `make
 * bench` harness may call it as it is).  For each COUNT it builds, in its
 * own memory and before measuring anything, the canonical text of a policy
 * of COUNT rules of KIND:
 *
 *   fingerprint     deny fingerprint <64 hex>
 *   issuer-serial   deny issuer-serial "<one of 16 CA DNs>" <16-byte serial>
 *   file-sha256     allow file-sha256 <64 hex>, default deny (an allow-list)
 *
 * (-l: a label on every rule, one per 32 rules, as a package-derived
 * allow-list has), then loads a one-rule policy, drops the page cache,
 * reads /proc/meminfo, writes the policy (in writes of at most -w BYTES,
 * default the whole text in one), reads /proc/meminfo again, checks that
 * the kernel holds COUNT rules and (-r) that reading it back gives the
 * text written, timing the read, and loads the one-rule policy again.  It
 * prints one line per COUNT:
 *
 *   scale KIND COUNT load_s=S read_s=S text_bytes=N memfree_kib=N
 *   slab_kib=N vmalloc_kib=N percpu_kib=N bytes_per_rule=N
 *
 * load_s is guest time (CLOCK_MONOTONIC: under QEMU's -icount it counts
 * instructions), from the first write to the return of close(); the
 * memory figures are the differences of /proc/meminfo before and after the
 * load (MemFree counts everything: slab, vmalloc and pages the page
 * allocator gave directly), and bytes_per_rule is the MemFree difference
 * over COUNT.  Exits 1 if a load failed or the kernel does not hold the
 * policy written.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define VB		"/sys/kernel/security/vendorban/"
/* In force between measurements: it must let the guest's unsigned tools run. */
#define SMALL_POLICY	"vendorban-policy 1\nname small\nversion 1\ndefault allow\n" \
			"deny subject-o \"vb-policyscale\" label=small\n"

struct meminfo {
	long memfree, slab, vmalloc, percpu;
};

static uint64_t rnd_state;

/* xorshift64: the same text for the same KIND and COUNT, every run. */
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static char *put_hex(char *p, size_t bytes, int first_nonzero)
{
	static const char digits[] = "0123456789abcdef";
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < bytes; i++) {
		unsigned int b;

		if (i % 8 == 0)
			v = rnd();
		b = v & 0xff;
		v >>= 8;
		/* a serial's first byte: 01..7f, so that it is canonical */
		if (i == 0 && first_nonzero)
			b = 1 + b % 0x7f;
		*p++ = digits[b >> 4];
		*p++ = digits[b & 15];
	}
	return p;
}

static const char *const kinds[] = {
	"fingerprint", "issuer-serial", "file-sha256",
};

/* Longest rule line this program writes, label included. */
#define LINE_MAX_LEN	200

static char *make_policy(int kind, long count, int labels, size_t *len)
{
	size_t cap = 128 + (size_t)count * LINE_MAX_LEN;
	char *text = mmap(NULL, cap, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	char *p;
	long i;

	if (text == MAP_FAILED)
		return NULL;
	rnd_state = 0x9e3779b97f4a7c15ull + kind;
	p = text + sprintf(text, "vendorban-policy 1\nname scale-%s\nversion 1\ndefault %s\n",
			   kinds[kind], kind == 2 ? "deny" : "allow");
	for (i = 0; i < count; i++) {
		switch (kind) {
		case 0:
			p = stpcpy(p, "deny fingerprint ");
			p = put_hex(p, 32, 0);
			break;
		case 1:
			p += sprintf(p, "deny issuer-serial \"CN=Scale Test Code Signing CA %ld,O=Scale Test Certificates Ltd,C=XX\" ",
				     i % 16);
			p = put_hex(p, 16, 1);
			break;
		default:
			p = stpcpy(p, "allow file-sha256 ");
			p = put_hex(p, 32, 0);
			break;
		}
		if (labels)
			p += sprintf(p, " label=package-%ld", i / 32);
		*p++ = '\n';
	}
	*len = p - text;
	return text;
}

/* vb-parseprof.c includes the generator above and nothing below. */
#ifndef VB_POLICYSCALE_NO_MAIN
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_all(const char *path, const char *buf, size_t len,
		     size_t chunk)
{
	size_t done = 0, n;
	ssize_t r;
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	while (done < len) {
		n = len - done < chunk ? len - done : chunk;
		r = write(fd, buf + done, n);
		if (r < 0) {
			err = -errno;
			break;
		}
		done += r;
	}
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

static void write_str(const char *path, const char *s)
{
	int err = write_all(path, s, strlen(s), strlen(s));

	if (err)
		fprintf(stderr, "vb-policyscale: %s: %s\n", path, strerror(-err));
}

static void read_meminfo(struct meminfo *m)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	long v;

	memset(m, 0, sizeof(*m));
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemFree: %ld", &v) == 1)
			m->memfree = v;
		else if (sscanf(line, "Slab: %ld", &v) == 1)
			m->slab = v;
		else if (sscanf(line, "VmallocUsed: %ld", &v) == 1)
			m->vmalloc = v;
		else if (sscanf(line, "Percpu: %ld", &v) == 1)
			m->percpu = v;
	}
	if (f)
		fclose(f);
}

static void settle(struct meminfo *m)
{
	sync();
	write_str("/proc/sys/vm/drop_caches", "3\n");
	read_meminfo(m);
}

/* The value of "rules:" in status, or -1. */
static long status_rules(void)
{
	FILE *f = fopen(VB "status", "re");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "rules: %ld", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/* Reads the policy back and compares it with @text; returns the seconds. */
static double read_back(const char *text, size_t len, int *same)
{
	int fd = open(VB "policy", O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	char buf[65536];
	double t0 = now();
	ssize_t n;

	*same = fd >= 0;
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
		if (got + n > len || memcmp(buf, text + got, n))
			*same = 0;
		got += n;
	}
	if (fd >= 0)
		close(fd);
	if (got != len)
		*same = 0;
	return now() - t0;
}

static int run(int kind, long count, int labels, size_t chunk, int check)
{
	struct meminfo a, b;
	double t0, t1, rs = 0;
	size_t len, cap;
	int err, same = 1;
	char *text = make_policy(kind, count, labels, &len);

	if (!text) {
		fprintf(stderr, "vb-policyscale: no memory for %ld rules\n", count);
		return 1;
	}
	cap = 128 + (size_t)count * LINE_MAX_LEN;
	write_str(VB "policy", SMALL_POLICY);
	settle(&a);
	t0 = now();
	err = write_all(VB "policy", text, len, chunk ? chunk : len);
	t1 = now();
	read_meminfo(&b);
	if (!err && check)
		rs = read_back(text, len, &same);
	printf("scale %s %ld load_s=%.3f read_s=%.3f text_bytes=%zu memfree_kib=%ld slab_kib=%ld vmalloc_kib=%ld percpu_kib=%ld bytes_per_rule=%.0f%s%s\n",
	       kinds[kind], count, t1 - t0, rs, len, a.memfree - b.memfree,
	       b.slab - a.slab, b.vmalloc - a.vmalloc, b.percpu - a.percpu,
	       (a.memfree - b.memfree) * 1024.0 / count,
	       err ? " error=" : "", err ? strerror(-err) : "");
	fflush(stdout);
	if (!err && status_rules() != count) {
		printf("scale %s %ld: status does not say %ld rules\n",
		       kinds[kind], count, count);
		err = -EINVAL;
	}
	if (!same) {
		printf("scale %s %ld: the policy read back differs\n",
		       kinds[kind], count);
		err = -EINVAL;
	}
	write_str(VB "policy", SMALL_POLICY);
	munmap(text, cap);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	int c, kind, labels = 0, check = 0, ret = 0;
	size_t chunk = 0;

	while ((c = getopt(argc, argv, "w:lr")) != -1) {
		switch (c) {
		case 'w':
			chunk = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			labels = 1;
			break;
		case 'r':
			check = 1;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: vb-policyscale [-w BYTES] [-l] [-r] fingerprint|issuer-serial|file-sha256 COUNT...\n");
		return 2;
	}
	for (kind = 0; kind < 3; kind++)
		if (!strcmp(argv[optind], kinds[kind]))
			break;
	if (kind == 3) {
		fprintf(stderr, "vb-policyscale: unknown kind %s\n", argv[optind]);
		return 2;
	}
	for (c = optind + 1; c < argc; c++)
		ret |= run(kind, atol(argv[c]), labels, chunk, check);
	return ret;
}
#endif
