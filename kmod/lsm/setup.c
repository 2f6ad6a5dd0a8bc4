// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - registration of the built-in LSM
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/init.h>
#include <linux/lsm_hooks.h>

#include "../boot_policy.h"
#include "../decide.h"
#include "../fs.h"

const char *const vendorban_form = "builtin";

static bool vendorban_lsm_enabled __ro_after_init;

/*
 * Called once per stage of an exec: for the file named in execve() (also
 * through execveat(AT_EMPTY_PATH) and fexecve()), then for the "#!"
 * interpreter of a script and for a binfmt_misc interpreter, each before the
 * point of no return, so a denial is a clean EACCES.
 */
static int hook_bprm_check_security(struct linux_binprm *bprm)
{
	return vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);
}

static struct security_hook_list vendorban_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(bprm_check_security, hook_bprm_check_security),
};

static int __init vendorban_init(void)
{
	security_add_hooks(vendorban_hooks, ARRAY_SIZE(vendorban_hooks),
			   VENDORBAN_NAME);
	vendorban_lsm_enabled = true;
	pr_info("initialized (%s)\n", vendorban_form);
	return 0;
}

DEFINE_LSM(vendorban) = {
	.name = VENDORBAN_NAME,
	.init = vendorban_init,
};

static int __init vendorban_fs_initcall(void)
{
	int ret;

	if (!vendorban_lsm_enabled)
		return 0;
	ret = vendorban_fs_init();
	if (ret)
		pr_err("cannot create securityfs files: %d\n", ret);
	return ret;
}

fs_initcall(vendorban_fs_initcall);

/*
 * The compiled-in policy needs the X.509 key parser (a device initcall),
 * so it is loaded at late_initcall, still before init runs.
 */
static int __init vendorban_boot_policy_initcall(void)
{
	if (!vendorban_lsm_enabled)
		return 0;
	return vendorban_load_boot_policy();
}

late_initcall(vendorban_boot_policy_initcall);
