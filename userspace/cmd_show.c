// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl show - the policy in force, as the kernel holds it
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl show\n\n"
	       "Prints the canonical text of the policy in force (nothing if none\n"
	       "is loaded).  The output can be loaded again as it is.\n\n"
	       "Options:\n"
	       "\t-h, --help   show this help\n");
}

/*
 * The policy text, each line escaped as every name the tool prints (the
 * kernel refuses control characters in a policy, so a policy it holds
 * prints unchanged unless it has invalid UTF-8).
 */
static void print_policy(const char *text, size_t len)
{
	const char *p = text, *nl;

	while (p < text + len) {
		nl = memchr(p, '\n', text + len - p);
		if (!nl)
			nl = text + len;
		vb_escape(stdout, p, nl - p, 0);
		putchar('\n');
		p = nl + 1;
	}
}

static int do_show(int argc, char *argv[])
{
	int ret = vb_simple_options(argc, argv, help, NULL);
	char *text;
	size_t len;

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("show", "unexpected argument");
	ret = vb_securityfs_read("policy", &text, &len);
	if (ret) {
		ERR("could not read %s/policy: %s\n", vb_securityfs_root(),
		    vb_securityfs_error(ret));
		return VB_EXIT_FAILURE;
	}
	if (len == 0)
		WRN("no policy is in force\n");
	print_policy(text, len);
	free(text);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_show = {
	.name = "show",
	.run = do_show,
	.help = "print the policy in force",
};
