/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - why a locked-down kernel may refuse vendorban.ko
 */

#ifndef _VENDORBANCTL_MODTRUST_H
#define _VENDORBANCTL_MODTRUST_H

void vb_explain_module_trust(const char *securityfs, const char *moddir);

#endif /* _VENDORBANCTL_MODTRUST_H */
