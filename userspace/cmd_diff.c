// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl diff - what loading a policy would change, rule by rule
 */

#include <getopt.h>
#include <stdio.h>

#include "lib/compiler.h"
#include "lib/policydiff.h"
#include "lib/policyfile.h"
#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "v:c:h";
static const struct option cmdopts[] = {
	{ "vendors", required_argument, NULL, 'v' },
	{ "cert", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl diff [options] POLICY\n\n"
	       "Compiles POLICY and compares it with the policy in force (read back\n"
	       "from %s/policy), in the kernel's canonical text:\n"
	       "\t~ a setting changes (name, version, default, writable,\n"
	       "\t  unverifiable, userns-mounts, memory-modules)\n"
	       "\t+ a rule is added (with the source line it comes from)\n"
	       "\t- a rule is removed (with its line in 'vendorbanctl show')\n"
	       "\t> a rule moves (first match wins: order matters)\n"
	       "A signed POLICY (made by 'vendorbanctl sign') is compared by its\n"
	       "content; its version and signer are shown.\n"
	       "Exits 0 if nothing would change, 3 if something would, 1 on errors.\n\n"
	       "Options:\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-c, --cert=CERT     a signed POLICY must verify with CERT\n"
	       "\t-h, --help          show this help\n", vb_securityfs_root());
}

static int do_diff(int argc, char *argv[])
{
	struct vb_compile_opts opts = { .lint = true };
	struct vb_policy_src src;
	struct vb_diff_counts n;
	struct vb_compiled pol;
	const char *cert = NULL;
	int c, ret;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'v':
			opts.vendors_dir = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind + 1 != argc)
		return vb_usage_error("diff", "expected one POLICY file");
	if (vb_policy_read(argv[optind], &opts, cert, &pol, &src))
		return VB_EXIT_FAILURE;
	vb_policy_src_report(argv[optind], &pol, &src, cert);
	ret = vb_diff_in_force(&pol, stdout, &n);
	vb_policy_src_free(&src);
	vb_compiled_free(&pol);
	if (ret || fflush(stdout))
		return VB_EXIT_FAILURE;
	return n.added || n.removed || n.moved || n.settings ?
	       VB_EXIT_CHANGES : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_diff = {
	.name = "diff",
	.run = do_diff,
	.help = "what loading a policy would change, rule by rule",
};
