/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the policy compiled into the kernel
 */

#ifndef _SECURITY_VENDORBAN_BOOT_POLICY_H
#define _SECURITY_VENDORBAN_BOOT_POLICY_H

int vendorban_load_boot_policy(void);

#endif /* _SECURITY_VENDORBAN_BOOT_POLICY_H */
