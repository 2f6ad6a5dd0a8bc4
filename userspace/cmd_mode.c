// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl mode - print or set enforce/permissive
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl mode [enforce|permissive]\n\n"
	       "Without an argument prints the mode.  With one, sets it and reads it\n"
	       "back.  In permissive mode deny rules only audit; run\n"
	       "'vendorbanctl scan' before switching to enforce.\n\n"
	       "Options:\n"
	       "\t-h, --help   show this help\n");
}

static int read_mode(char *buf, size_t size)
{
	char *text;
	size_t len;
	int ret = vb_securityfs_read("mode", &text, &len);

	if (ret) {
		ERR("could not read %s/mode: %s\n", vb_securityfs_root(),
		    vb_securityfs_error(ret));
		return ret;
	}
	snprintf(buf, size, "%.*s", (int)strcspn(text, "\n"), text);
	free(text);
	return 0;
}

/*
 * Why a write of @want was refused: while signed policies are required the
 * kernel refuses permissive mode (EPERM), which vb_write_error() would
 * take for a missing capability.
 */
static const char *mode_write_error(int err, const char *want)
{
	char status[8192] = "", required[16] = "", locked[16] = "";
	char *text;
	size_t len;

	if (err != -EPERM || strcmp(want, "permissive"))
		return vb_write_error(err);
	if (vb_securityfs_read("status", &text, &len) == 0) {
		snprintf(status, sizeof(status), "%s", text);
		free(text);
	}
	if (vb_status_value(status, "locked", locked, sizeof(locked)) ||
	    strcmp(locked, "yes")) {
		if (vb_status_value(status, "require_signed", required,
				    sizeof(required)) == 0 &&
		    !strcmp(required, "yes"))
			return "signed policies are required: permissive mode is refused until reboot";
	}
	return vb_write_error(err);
}

static int do_mode(int argc, char *argv[])
{
	int ret = vb_simple_options(argc, argv, help, NULL);
	const char *want;
	char mode[32];

	if (ret >= 0)
		return ret;
	if (optind + 1 < argc)
		return vb_usage_error("mode", "expected at most one argument");
	want = optind < argc ? argv[optind] : NULL;
	if (want && strcmp(want, "enforce") && strcmp(want, "permissive"))
		return vb_usage_error("mode", "the mode is 'enforce' or 'permissive'");
	if (want) {
		ret = vb_securityfs_write("mode", want, strlen(want));
		if (ret) {
			ERR("could not set the mode: %s\n", mode_write_error(ret, want));
			return VB_EXIT_FAILURE;
		}
	}
	if (read_mode(mode, sizeof(mode)))
		return VB_EXIT_FAILURE;
	if (want && strcmp(mode, want)) {
		ERR("the mode read back is '%s', not '%s'\n", mode, want);
		return VB_EXIT_FAILURE;
	}
	printf("%s\n", mode);
	return VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_mode = {
	.name = "mode",
	.run = do_mode,
	.help = "print or set the mode (enforce or permissive)",
};
