// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl lock - freeze policy and mode until reboot
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static const struct option cmdopts[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl lock [--force]\n\n"
	       "Locks vendorban: from now on until reboot the policy, the mode and the\n"
	       "lock cannot change (writes fail with EPERM).  There is no unlock.\n\n"
	       "The module form refuses to lock while its BPF LSM programs are not in\n"
	       "force (status: \"mechanism: binfmt (bpf: ...)\"): only exec would be\n"
	       "checked.  Run vendorbanctl attach first, or lock with --force to lock\n"
	       "with the exec gate alone (the programs can still be attached later).\n\n"
	       "Options:\n"
	       "\t-f, --force  lock even if the module form's mechanism is incomplete\n"
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

/* Why a lock was refused: the kernel says -EBUSY, status says why. */
static void refused(void)
{
	char mech[256] = "unknown";
	char *status;
	size_t len;

	if (!vb_securityfs_read("status", &status, &len)) {
		vb_status_value(status, "mechanism", mech, sizeof(mech));
		free(status);
	}
	ERR("lock refused: the mechanism is incomplete (mechanism: %s): only exec is checked; run vendorbanctl attach, or lock --force to lock anyway\n",
	    mech);
}

static int lock(bool force)
{
	const char *value = force ? "force" : "1";
	int ret = vb_securityfs_write("lock", value, strlen(value));

	if (ret == -EBUSY) {
		refused();
		return VB_EXIT_FAILURE;
	}
	if (ret) {
		ERR("could not lock: %s\n", vb_write_error(ret));
		return VB_EXIT_FAILURE;
	}
	if (locked() != 1) {
		ERR("the lock file does not read 1 after locking\n");
		return VB_EXIT_FAILURE;
	}
	return VB_EXIT_OK;
}

static int do_lock(int argc, char *argv[])
{
	bool force = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "fh", cmdopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			help();
			return VB_EXIT_OK;
		default:
			return VB_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return vb_usage_error("lock", "unexpected argument");
	ret = locked();
	if (ret < 0)
		return VB_EXIT_FAILURE;
	if (!ret) {
		ret = lock(force);
		if (ret)
			return ret;
	}
	printf("vendorban is locked until reboot\n");
	return VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_lock = {
	.name = "lock",
	.run = do_lock,
	.help = "freeze policy and mode until reboot",
};
