// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - administer the vendorban LSM: compile and load policies,
 * inspect signatures, test files and scan trees against a policy
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

#ifndef VENDORBAN_VERSION
#error "VENDORBAN_VERSION comes from the VERSION file (userspace/Makefile)"
#endif

static const struct vendorban_cmd *const cmds[] = {
	&vendorban_cmd_compile,
	&vendorban_cmd_load,
	&vendorban_cmd_attach,
	&vendorban_cmd_sign,
	&vendorban_cmd_diff,
	&vendorban_cmd_bootcheck,
	&vendorban_cmd_show,
	&vendorban_cmd_status,
	&vendorban_cmd_mode,
	&vendorban_cmd_lock,
	&vendorban_cmd_inspect,
	&vendorban_cmd_test,
	&vendorban_cmd_scan,
	&vendorban_cmd_audit,
	&vendorban_cmd_refresh,
	&vendorban_cmd_subuids,
};

static const char options_s[] = "+hVr:";
static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "root", required_argument, NULL, 'r' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	size_t i;

	printf("Usage:\n"
	       "\tvendorbanctl [options] command [command_options]\n\n"
	       "Options:\n"
	       "\t-r, --root=DIR  securityfs directory (default %s,\n"
	       "\t                or $VENDORBAN_SECURITYFS)\n"
	       "\t-V, --version   show version\n"
	       "\t-h, --help      show this help\n\n"
	       "Commands:\n", VB_SECURITYFS_DEFAULT);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		printf("  %-8s %s\n", cmds[i]->name, cmds[i]->help);
	printf("\n'vendorbanctl COMMAND --help' describes each command.\n"
	       "Exit codes: 0 success, 1 failure, 2 usage error,\n"
	       "3 (test, scan) something would be denied, (diff) something would change;\n"
	       "status: 4 vendorban is not active, 5 no policy is loaded,\n"
	       "6 permission denied; status --check: 7 permissive mode, 8 exec-only\n"
	       "mechanism, 9 not locked; audit --checkpoint: 10 invalid checkpoint,\n"
	       "12 the checkpointed event is no longer in its log.\n");
}

int vb_usage_error(const char *cmd, const char *msg)
{
	ERR("%s: %s\n", cmd, msg);
	fprintf(stderr, "Try 'vendorbanctl %s --help'.\n", cmd);
	return VB_EXIT_USAGE;
}

int vb_option_end(int c, void (*help)(void))
{
	switch (c) {
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

int vb_simple_options(int argc, char *argv[], void (*help)(void), bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	for (;;) {
		c = getopt_long(argc, argv, json ? "jh" : "h",
				json ? opts : opts + 1, NULL);
		if (c == -1)
			return -1;
		switch (c) {
		case 'j':
			*json = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
}

int main(int argc, char *argv[])
{
	size_t i;
	int c;

	for (;;) {
		c = getopt_long(argc, argv, options_s, options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'V':
			printf("vendorbanctl version %s\n", VENDORBAN_VERSION);
			return VB_EXIT_OK;
		case 'r':
			vb_securityfs_set_root(optarg);
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind >= argc) {
		ERR("missing command\n");
		help();
		return VB_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmds[i]->name, argv[optind]) == 0) {
			argc -= optind;
			argv += optind;
			optind = 0;	/* reinitialise getopt for the command */
			return cmds[i]->run(argc, argv);
		}
	}
	ERR("invalid command '%s'\n", argv[optind]);
	help();
	return VB_EXIT_USAGE;
}
