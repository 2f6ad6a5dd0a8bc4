// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the policy compiled into the kernel
 *
 * CONFIG_SECURITY_VENDORBAN_BOOT_POLICY names a policy file that Kbuild
 * turns into boot_policy.gen.h.  It is put in force before the first
 * process runs, so even the children of /init are checked.
 */

#include "common.h"

#include <linux/init.h>
#include <linux/string.h>

#include "boot_policy.h"
#include "boot_policy.gen.h"
#include "state.h"

/**
 * vendorban_load_boot_policy() - put the compiled-in policy in force
 *
 * A compiled-in policy that the parser rejects is reported (kernel log and
 * audit) and leaves the system with no policy: the build is wrong, and
 * refusing every exec would make the machine unbootable.
 *
 * Context: process context, from an initcall after the asymmetric key type
 * is registered and before init runs.
 * Return: 0, or the error from vendorban_load_policy().
 */
int __init vendorban_load_boot_policy(void)
{
	size_t len = sizeof(vendorban_boot_policy) - 1;
	int ret;

	if (!len)
		return 0;
	ret = vendorban_load_policy(vendorban_boot_policy, len, true);
	if (ret)
		pr_err("the compiled-in boot policy was rejected (%d)\n", ret);
	return ret;
}
