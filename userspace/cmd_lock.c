// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl lock - freeze policy and mode until reboot
 */

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
	       "\tvendorbanctl lock\n\n"
	       "Locks vendorban: from now on until reboot the policy, the mode and the\n"
	       "lock cannot change (writes fail with EPERM).  There is no unlock.\n\n"
	       "Options:\n"
	       "\t-h, --help   show this help\n");
}

static int locked(void)
{
	char *text;
	size_t len;
	int ret = vb_securityfs_read("lock", &text, &len);

	if (ret) {
		ERR("could not read %s/lock: %s\n", vb_securityfs_root(),
		    vb_securityfs_error(ret));
		return ret;
	}
	ret = text[0] == '1';
	free(text);
	return ret;
}

static int do_lock(int argc, char *argv[])
{
	int ret = vb_simple_options(argc, argv, help, NULL);

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("lock", "unexpected argument");
	ret = locked();
	if (ret < 0)
		return VB_EXIT_FAILURE;
	if (!ret) {
		ret = vb_securityfs_write("lock", "1", 1);
		if (ret) {
			ERR("could not lock: %s\n", vb_write_error(ret));
			return VB_EXIT_FAILURE;
		}
		if (locked() != 1) {
			ERR("the lock file does not read 1 after locking\n");
			return VB_EXIT_FAILURE;
		}
	}
	printf("vendorban is locked until reboot\n");
	return VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_lock = {
	.name = "lock",
	.run = do_lock,
	.help = "freeze policy and mode until reboot",
};
