// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl load - compile a policy, put it in force and confirm it
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootgate.h"
#include "lib/compiler.h"
#include "lib/failsafe.h"
#include "lib/policydiff.h"
#include "lib/policyfile.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "v:nfc:h";
static const struct option cmdopts[] = {
	{ "vendors", required_argument, NULL, 'v' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "force", no_argument, NULL, 'f' },
	{ "cert", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	VB_BOOTCHECK_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl load [options] POLICY\n\n"
	       "Compiles POLICY, writes it to %s/policy,\n"
	       "reads it back and checks that the kernel holds exactly the compiled\n"
	       "text.  A signed policy (made by 'vendorbanctl sign') is written as it\n"
	       "is and checked against the text it holds.  If the kernel rejects it,\n"
	       "prints the kernel's reason.\n"
	       "First, unless the same policy is in force already, the boot check\n"
	       "('vendorbanctl bootcheck'): a policy that would refuse a file this\n"
	       "system needs to boot or to run vendorbanctl (init, the dynamic\n"
	       "loader, libc, systemd and its helpers, the initramfs's modules) is\n"
	       "not loaded: the files and rules are named, the policy in force stays.\n"
	       "When the kernel holds this very policy and is locked, there is\n"
	       "nothing to load: says so and succeeds.\n"
	       "The mode (enforce or permissive) does not change.\n\n"
	       "Options:\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-n, --dry-run       load nothing: print what would change, as\n"
	       "\t                    'vendorbanctl diff' does, and the boot check;\n"
	       "\t                    exit 0, or 1 if the boot check refuses it\n"
	       "\t-f, --force         load even a policy the boot check refuses\n"
	       "\t                    (the refused files are still named)\n"
	       "\t-c, --cert=CERT     a signed POLICY must verify with CERT first\n"
	       VB_BOOTCHECK_HELP
	       "\t-h, --help          show this help\n", vb_securityfs_root());
}

static void print_rejection(void)
{
	char reason[512] = "";
	char *status;
	size_t len;

	if (vb_securityfs_read("status", &status, &len) == 0) {
		vb_status_value(status, "last_error", reason, sizeof(reason));
		free(status);
	}
	ERR("the kernel rejected the policy: %s\n",
	    reason[0] ? reason : "no reason given (see the kernel log)");
}

static int confirm(const struct vendorban_policy *p, bool is_signed)
{
	char *back, *digest;
	size_t len;
	int ret = vb_securityfs_read("policy", &back, &len);

	if (ret) {
		ERR("could not read the policy back: %s\n",
		    vb_securityfs_error(ret));
		return VB_EXIT_FAILURE;
	}
	ret = len == p->text_len && memcmp(back, p->text, len) == 0;
	free(back);
	if (!ret) {
		ERR("the policy read back differs from the policy written\n");
		return VB_EXIT_FAILURE;
	}
	digest = vb_hex(p->digest, sizeof(p->digest));
	printf("loaded %spolicy %s version %u: %u rules, digest sha256:%s\n",
	       is_signed ? "signed " : "", p->name, p->version, p->nr_rules,
	       digest ? digest : "?");
	free(digest);
	return VB_EXIT_OK;
}

/* load --dry-run: what would change; nothing is written. */
static int dry_run(const struct vb_compiled *out)
{
	struct vb_diff_counts n;

	if (vb_diff_in_force(out, stdout, &n))
		return VB_EXIT_FAILURE;
	printf("dry run: policy %s version %u (%u rules) not loaded\n",
	       out->policy->name, out->policy->version, out->policy->nr_rules);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

struct load_args {
	struct vb_compile_opts opts;
	struct vb_bootcheck_opts boot;
	const char *cert;
	bool dry, force;
};

static int parse_args(int argc, char *argv[], struct load_args *a)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		if (vb_bootcheck_option(c, optarg, &a->boot))
			continue;
		switch (c) {
		case 'v':
			a->opts.vendors_dir = optarg;
			break;
		case 'n':
			a->dry = true;
			break;
		case 'f':
			a->force = true;
			break;
		case 'c':
			a->cert = optarg;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind + 1 != argc)
		return vb_usage_error("load", "expected one POLICY file");
	return -1;
}

/* Whether the kernel holds exactly @p's text now. */
static bool in_force(const struct vendorban_policy *p)
{
	char *text;
	size_t len;
	bool same;

	if (vb_securityfs_read("policy", &text, &len))
		return false;
	same = len == p->text_len && memcmp(text, p->text, len) == 0;
	free(text);
	return same;
}

static bool locked(void)
{
	char *text;
	size_t len;
	bool yes;

	if (vb_securityfs_read("lock", &text, &len))
		return false;
	yes = len && text[0] == '1';
	free(text);
	return yes;
}

/*
 * The boot check before a load.  Returns 0 to go on (nothing refused, or
 * --force), else 1 with the refused files, the rules and what stays in
 * force printed.
 */
static int boot_check(const struct load_args *a, const char *path,
		      const struct vb_compiled *pol)
{
	return vb_bootcheck_gate(&a->boot, path, pol, a->force);
}

static int write_policy(const struct vb_compiled *pol,
			const struct vb_policy_src *src)
{
	const char *data = src->is_signed ? src->data : pol->policy->text;
	size_t len = src->is_signed ? src->len : pol->policy->text_len;
	int ret = vb_securityfs_write("policy", data, len);

	if (ret == -EINVAL || ret == -EKEYREJECTED) {
		print_rejection();
		return VB_EXIT_FAILURE;
	}
	if (ret) {
		ERR("could not load the policy: %s\n", vb_write_error(ret));
		return VB_EXIT_FAILURE;
	}
	return confirm(pol->policy, src->is_signed);
}

static int do_load(int argc, char *argv[])
{
	struct load_args a = { .opts = { .lint = true } };
	struct vb_policy_src src;
	struct vb_compiled pol;
	const char *path;
	bool same;
	int ret = parse_args(argc, argv, &a);

	if (ret >= 0)
		return ret;
	path = argv[optind];
	if (vb_policy_read(path, &a.opts, a.cert, &pol, &src))
		return VB_EXIT_FAILURE;	/* the reason is printed */
	vb_policy_src_report(path, &pol, &src, a.cert);
	/* The policy in force refuses nothing new: no check for it. */
	same = in_force(pol.policy);
	if (a.dry) {
		ret = dry_run(&pol);
		if (!same && boot_check(&a, path, &pol))
			ret = VB_EXIT_FAILURE;
	} else if (!same && boot_check(&a, path, &pol)) {
		ret = VB_EXIT_FAILURE;
	} else if (same && locked()) {
		printf("policy %s version %u is in force already (locked): nothing to load\n",
		       pol.policy->name, pol.policy->version);
		ret = fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
	} else {
		ret = write_policy(&pol, &src);
	}
	vb_policy_src_free(&src);
	vb_compiled_free(&pol);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_load = {
	.name = "load",
	.run = do_load,
	.help = "compile a policy and put it in force",
};
