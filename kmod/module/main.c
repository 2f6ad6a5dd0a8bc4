// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the loadable module form (vendorban.ko)
 *
 * Loadable modules cannot register LSM hooks, so this form vetoes exec
 * through the one exported mechanism that sees every exec stage: a binary
 * format handler inserted at the head of the list.  Its load_binary runs
 * the shared decision for the file about to be executed (the program, a
 * script's "#!" interpreter, a binfmt_misc interpreter) and returns
 * -EACCES to deny or -ENOEXEC to let the real handlers go on.
 *
 * What it does not cover, and the built-in form does: executable mappings
 * (shared libraries, dlopen(), "ld.so /path/bin", mprotect), kernel module
 * loads, and the per-inode decision cache.  A binfmt_misc handler
 * registered after this module is loaded goes before it in the list; its
 * interpreter is still checked (it is executed through the list again).
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/module.h>

#include "../decide.h"
#include "../fs.h"
#include "../state.h"

const char *const vendorban_form = "module";

static int vendorban_load_binary(struct linux_binprm *bprm)
{
	int ret = vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);

	return ret ? ret : -ENOEXEC;
}

static struct linux_binfmt vendorban_format = {
	.module = THIS_MODULE,
	.load_binary = vendorban_load_binary,
};

/**
 * vendorban_pin_form() - keep the module loaded until reboot
 *
 * Called once policy and mode are locked: a locked ban must not end with
 * an rmmod.  Takes a module reference that is never dropped.
 */
void vendorban_pin_form(void)
{
	__module_get(THIS_MODULE);
}

static int __init vendorban_module_init(void)
{
	int ret = vendorban_fs_init();

	if (ret)
		return ret;
	insert_binfmt(&vendorban_format);
	pr_info("initialized (%s): exec checks only, see README\n",
		vendorban_form);
	return 0;
}

static void __exit vendorban_module_exit(void)
{
	unregister_binfmt(&vendorban_format);
	vendorban_fs_exit();
	vendorban_drop_policy();
}

module_init(vendorban_module_init);
module_exit(vendorban_module_exit);
MODULE_DESCRIPTION("vendorban: refuse to run binaries signed by banned vendors");
MODULE_LICENSE("GPL");
