// SPDX-License-Identifier: GPL-2.0-only
/*
 * vbtest_mod - the module the vendorban selftests load and unload
 *
 * Does nothing: module_test.c only checks whether the kernel lets it load.
 * It calls no kernel function, so it links without Module.symvers.
 */

#include <linux/init.h>
#include <linux/module.h>

static int __init vbtest_init(void)
{
	return 0;
}

static void __exit vbtest_exit(void)
{
}

module_init(vbtest_init);
module_exit(vbtest_exit);
MODULE_DESCRIPTION("vendorban selftest module (does nothing)");
MODULE_LICENSE("GPL");
