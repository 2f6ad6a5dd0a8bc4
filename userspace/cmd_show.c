// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl show - the policy in force, as the kernel holds it
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	       "\tvendorbanctl show [options] [POLICY]\n\n"
	       "Prints the canonical text of the policy in force (nothing if none\n"
	       "is loaded), or of the policy file POLICY: a source compiled, or a\n"
	       "signed policy's content (its version and signer on standard error).\n"
	       "The output can be loaded again as it is.\n\n"
	       "Options:\n"
	       "\t-c, --cert=CERT     a signed POLICY must verify with CERT\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-h, --help          show this help\n");
}

/* show POLICY: the text the file holds or compiles to. */
static int show_file(const char *path, const char *vendors, const char *cert)
{
	struct vb_compiled pol;

	if (vb_policy_get_file(path, vendors, cert, &pol))
		return VB_EXIT_FAILURE;
	fwrite(pol.policy->text, 1, pol.policy->text_len, stdout);
	vb_compiled_free(&pol);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

static int parse_args(int argc, char *argv[], const char **vendors,
		      const char **cert)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'v':
			*vendors = optarg;
			break;
		case 'c':
			*cert = optarg;
			break;
		case 'h':
			help();
			return VB_EXIT_OK;
		case '?':
			return VB_EXIT_USAGE;
		default:
			ERR("unexpected getopt_long() value '%c'\n", c);
			return VB_EXIT_FAILURE;
		}
	}
	if (optind + 1 < argc)
		return vb_usage_error("show", "expected at most one POLICY file");
	return -1;
}

static int do_show(int argc, char *argv[])
{
	const char *vendors = NULL, *cert = NULL;
	int ret = parse_args(argc, argv, &vendors, &cert);
	char *text;
	size_t len;

	if (ret >= 0)
		return ret;
	if (optind < argc)
		return show_file(argv[optind], vendors, cert);
	ret = vb_securityfs_read("policy", &text, &len);
	if (ret) {
		ERR("could not read %s/policy: %s\n", vb_securityfs_root(),
		    strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	if (len == 0)
		WRN("no policy is in force\n");
	fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_show = {
	.name = "show",
	.run = do_show,
	.help = "print the policy in force, or the one a file holds",
};
