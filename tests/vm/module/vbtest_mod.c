// SPDX-License-Identifier: GPL-2.0-only
/*
 * vbtest_mod - the module the vendorban selftests load and unload
 *
 * Does nothing: module_test.c only checks whether the kernel lets it load,
 * overlay_test.c which of two builds (its "variant" parameter) it loaded.
 * It calls no kernel function, so it links without Module.symvers.
 */

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

/* Which build this is (tests/vm/module/build.sh): 0, or 1 and 2 for the race test. */
#ifndef VBTEST_VARIANT
#define VBTEST_VARIANT 0
#endif
static int variant = VBTEST_VARIANT;
module_param(variant, int, 0444);
MODULE_PARM_DESC(variant, "which build of the module this is");

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
