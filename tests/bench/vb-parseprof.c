// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-parseprof - the kernel's policy load path in userspace, to profile
 *
 *   vb-parseprof [-l] KIND COUNT
 *
 * Builds the text vb-policyscale writes (the same generator: the same
 * KIND, COUNT and -l give the same bytes), then does what the kernel does
 * with it on a load and a read-back (kmod/state.c, kmod/fs.c): parses it
 * with VENDORBAN_PARSE_NO_TEXT, renders the canonical text record by record
 * and compares it with the text written, and frees the policy.  Linked
 * with kmod/lib/ as the unit tests are, it runs the very parser and index
 * the kernel runs, so `valgrind --tool=callgrind` or `perf record` of it
 * shows where a load's instructions go (tests/bench/parseprof.sh).  Not a
 * benchmark of its own: the VM's figures are tests/bench/scale.sh's.
 */

#define VB_POLICYSCALE_NO_MAIN
#include "vb-policyscale.c"

#include "policy.h"

int main(int argc, char **argv)
{
	struct vendorban_policy_cursor cur = {};
	struct vendorban_parse_error err = {};
	struct vendorban_policy *policy;
	int kind, labels = 0, argi = 1;
	size_t len, got = 0, n;
	char *text, *out;
	long count;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		labels = 1;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: vb-parseprof [-l] KIND COUNT\n");
		return 2;
	}
	for (kind = 0; kind < 3; kind++)
		if (!strcmp(argv[argi], kinds[kind]))
			break;
	count = atol(argv[argi + 1]);
	if (kind == 3 || count <= 0)
		return 2;
	text = make_policy(kind, count, labels, &len);
	out = malloc(64 * 1024);
	if (!text || !out)
		return 1;
	if (vendorban_policy_parse_flags(text, len, VENDORBAN_PARSE_NO_TEXT,
					 &policy, &err)) {
		fprintf(stderr, "vb-parseprof: line %u column %u: %s\n",
			err.line, err.column, err.reason);
		return 1;
	}
	do {
		n = vendorban_policy_put_record(policy, &cur, out);
		if (got + n > len || memcmp(out, text + got, n)) {
			fprintf(stderr, "vb-parseprof: read-back differs at %zu\n", got);
			return 1;
		}
		got += n;
	} while (vendorban_policy_next_record(policy, &cur));
	if (got != len) {
		fprintf(stderr, "vb-parseprof: read-back is %zu bytes, not %zu\n", got, len);
		return 1;
	}
	printf("parseprof %s %ld rules=%u text_bytes=%zu\n", kinds[kind], count,
	       policy->nr_rules, len);
	vendorban_policy_free(policy);
	return 0;
}
