/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the hooks of the built-in form
 */

#ifndef _SECURITY_VENDORBAN_HOOKS_H
#define _SECURITY_VENDORBAN_HOOKS_H

#include <linux/lsm_hooks.h>

extern struct lsm_blob_sizes vendorban_blob_sizes;

void __init vendorban_add_hooks(void);

#endif /* _SECURITY_VENDORBAN_HOOKS_H */
