// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - registration of the built-in LSM
 */

#include "../common.h"

#include <linux/init.h>
#include <linux/lsm_hooks.h>

#include "../boot_policy.h"
#include "../form.h"
#include "../fs.h"
#include "../state.h"
#include "hooks.h"

static int format_mechanism(char *buf, size_t size)
{
	return scnprintf(buf, size, "lsm");
}

/* Nothing to pin: the built-in form cannot unload. */
static void pin(void)
{
}

/* Its own hooks: always complete, so lock is never refused. */
static const struct vendorban_form vendorban_builtin_form = {
	.name = "builtin",
	.format_mechanism = format_mechanism,
	.pin = pin,
	.inode_state = vendorban_lsm_inode_state,
	.inode_state_attach = vendorban_lsm_inode_state_attach,
	.pin_find = vendorban_lsm_pin_find,
	.pin_of = vendorban_lsm_pin_of,
	.pin_spare = vendorban_lsm_pin_spare,
	.pin_spare_free = vendorban_lsm_pin_spare_free,
};

static bool vendorban_lsm_enabled __ro_after_init;

static int __init vendorban_init(void)
{
	vendorban_form_register(&vendorban_builtin_form);
	vendorban_add_hooks();
	vendorban_lsm_enabled = true;
	pr_info("initialized (%s)\n", vendorban_builtin_form.name);
	return 0;
}

DEFINE_LSM(vendorban) = {
	.name = VENDORBAN_NAME,
	.init = vendorban_init,
	.blobs = &vendorban_blob_sizes,
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
