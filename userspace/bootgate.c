// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the boot check as a gate before a policy is put in force
 *
 * `load` and `refresh` both write a policy to the kernel; both refuse one
 * that would refuse a file the system needs to boot or to run
 * vendorbanctl, with the same message, unless forced.
 */

#include <stdio.h>
#include <stdlib.h>

#include "bootgate.h"
#include "lib/securityfs.h"
#include "log.h"

/* The name of the policy in force, for messages ("none"). */
static void in_force_name(char *name, size_t size)
{
	char *status;
	size_t len;

	snprintf(name, size, "none");
	if (vb_securityfs_read("status", &status, &len) == 0) {
		vb_status_value(status, "policy", name, size);
		free(status);
	}
}

/**
 * vb_bootcheck_gate - the boot check before a policy is put in force
 * @o: the system to check
 * @path: the policy's file, for messages
 * @pol: the compiled policy
 * @force: go on anyway (the refused files are still named, as warnings)
 *
 * Return: 0 to go on (nothing refused, or @force); 1 when the policy would
 * refuse a file of the boot set, with the files, the rules and the policy
 * that stays in force printed on standard error.
 */
int vb_bootcheck_gate(const struct vb_bootcheck_opts *o, const char *path,
		      const struct vb_compiled *pol, bool force)
{
	struct vb_bootcheck bc;
	char name[256];
	int ret = 0;

	if (vb_bootcheck_run(o, pol->policy, &bc)) {
		ERR("out of memory\n");
		ret = 1;
	} else if (bc.nr_refused) {
		vb_log(force ? VB_LOG_WRN : VB_LOG_ERR,
		       "%s would refuse %zu file%s this system needs to boot or to run vendorbanctl:\n",
		       path, bc.nr_refused, bc.nr_refused == 1 ? "" : "s");
		vb_bootcheck_print_refused(stderr, &bc, pol, 20);
		vb_bootcheck_print_notes(stderr, &bc, "  not checked: ");
		in_force_name(name, sizeof(name));
		if (force) {
			WRN("loading it anyway (--force)\n");
		} else {
			ERR("nothing was loaded: the policy in force stays (%s); fix the rules named above, or load it anyway with --force\n",
			    name);
			ret = 1;
		}
	}
	vb_bootcheck_free(&bc);
	return ret;
}
