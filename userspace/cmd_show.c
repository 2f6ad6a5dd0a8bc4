// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl show - the policy in force, as the kernel holds it
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "lib/escape.h"
#include "lib/policyfile.h"
#include "lib/rulecounts.h"
#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

/* A load between the two reads of --counts: how often to read again. */
#define SHOW_TRIES	3

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl show [--counts]\n"
	       "\tvendorbanctl show [--cert=CERT] [--vendors=DIR] POLICY\n\n"
	       "Prints the canonical text of the policy in force (nothing if none\n"
	       "is loaded), or of the policy file POLICY: a source compiled, or a\n"
	       "signed policy's content (its version and signer on standard error).\n"
	       "The output can be loaded again as it is.\n\n"
	       "Options:\n"
	       "\t-c, --counts       a comment above each rule: how often it decided\n"
	       "\t                   since the policy was loaded (root only)\n"
	       "\t    --cert=CERT    a signed POLICY must verify with CERT\n"
	       "\t-v, --vendors=DIR  look for NAME.vendor files in DIR too\n"
	       "\t-h, --help         show this help\n");
}

struct show_args {
	bool counts;
	const char *vendors;
	const char *cert;
};

static int parse_options(int argc, char *argv[], struct show_args *a)
{
	static const struct option opts[] = {
		{ "counts", no_argument, NULL, 'c' },
		{ "cert", required_argument, NULL, 'C' },
		{ "vendors", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "cv:h", opts, NULL)) != -1) {
		if (c == 'c') {
			a->counts = true;
		} else if (c == 'C') {
			a->cert = optarg;
		} else if (c == 'v') {
			a->vendors = optarg;
		} else if (c == 'h') {
			help();
			return VB_EXIT_OK;
		} else {
			return VB_EXIT_USAGE;
		}
	}
	if (optind + 1 < argc)
		return vb_usage_error("show", "expected at most one POLICY file");
	if (optind < argc && a->counts)
		return vb_usage_error("show", "--counts is for the policy in force, not a file");
	if (optind == argc && (a->cert || a->vendors))
		return vb_usage_error("show", "--cert and --vendors need a POLICY file");
	return -1;
}

static void print_hits(const struct vb_rule_count *r)
{
	printf(" deny=%llu would_deny=%llu audit=%llu allow=%llu\n",
	       r->hits[VB_HIT_DENY], r->hits[VB_HIT_WOULD_DENY],
	       r->hits[VB_HIT_AUDIT], r->hits[VB_HIT_ALLOW]);
}

/* Whether @rc counts the policy @text (by its digest). */
static bool same_policy(const char *text, size_t len,
			const struct vb_rule_counts *rc)
{
	u8 digest[32];
	char hex[65];
	int i;

	if (!len || !rc->nr)
		return !len && !rc->nr;
	vendorban_sha256((const u8 *)text, len, digest);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	return !strcmp(rc->digest + strlen("sha256:"), hex);
}

/* @text with "# hits:" above each counted rule line, then the rest. */
static void print_counted(const char *text, size_t len,
			  const struct vb_rule_counts *rc)
{
	const char *p = text, *end = text + len, *nl;
	unsigned int line = 1;
	size_t i, next = 0;

	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (next < rc->nr && rc->rows[next].line == line) {
			printf("# hits:");
			print_hits(&rc->rows[next++]);
		}
		vb_escape(stdout, p, nl - p, 0);
		putchar('\n');
	}
	for (i = next; i < rc->nr; i++) {
		if (rc->rows[i].line)
			printf("# hits of the rule on line %u:",
			       rc->rows[i].line);
		else if (!strcmp(rc->rows[i].rule, "default"))
			printf("# hits of the default (%s):",
			       rc->rows[i].action);
		else
			printf("# hits without a rule (settings, malformed files):");
		print_hits(&rc->rows[i]);
	}
}

/* Reads the policy and its counters, the same policy's; -errno. */
static int read_both(char **text, size_t *len, struct vb_rule_counts *rc)
{
	int tries, ret;

	for (tries = 0; tries < SHOW_TRIES; tries++) {
		ret = vb_securityfs_read("policy", text, len);
		if (ret)
			return ret;
		ret = vb_rule_counts_read(rc);
		if (ret) {
			ERR("could not read %s/rule_counts: %s\n",
			    vb_securityfs_root(), strerror(-ret));
			free(*text);
			return ret;
		}
		if (same_policy(*text, *len, rc))
			return 0;
		vb_rule_counts_free(rc);
		free(*text);
	}
	ERR("the policy changed while its counters were read (%d tries)\n",
	    SHOW_TRIES);
	return -EAGAIN;
}

/* show POLICY: the text the file holds or compiles to. */
static int show_file(const char *path, const struct show_args *a)
{
	struct vb_compiled pol;

	if (vb_policy_get_file(path, a->vendors, a->cert, &pol))
		return VB_EXIT_FAILURE;
	vb_escape_lines(stdout, pol.policy->text, pol.policy->text_len);
	vb_compiled_free(&pol);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

static int do_show(int argc, char *argv[])
{
	struct vb_rule_counts rc = { 0 };
	struct show_args a = { 0 };
	int ret = parse_options(argc, argv, &a);
	bool counts;
	char *text;
	size_t len;

	if (ret >= 0)
		return ret;
	if (optind < argc)
		return show_file(argv[optind], &a);
	counts = a.counts;
	ret = counts ? read_both(&text, &len, &rc) :
		       vb_securityfs_read("policy", &text, &len);
	if (ret) {
		if (!counts)
			ERR("could not read %s/policy: %s\n",
			    vb_securityfs_root(), vb_securityfs_error(ret));
		return VB_EXIT_FAILURE;
	}
	if (len == 0)
		WRN("no policy is in force\n");
	if (counts)
		print_counted(text, len, &rc);
	else
		vb_escape_lines(stdout, text, len);
	vb_rule_counts_free(&rc);
	free(text);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_show = {
	.name = "show",
	.run = do_show,
	.help = "print the policy in force, or the one a file holds",
};
