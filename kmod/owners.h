/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the owners of subordinate uids (securityfs subuids)
 */

#ifndef _SECURITY_VENDORBAN_OWNERS_H
#define _SECURITY_VENDORBAN_OWNERS_H

#include <linux/fs.h>
#include <linux/uidgid.h>

kuid_t vendorban_subuid_owner(kuid_t uid);
void vendorban_owners_exit(void);

extern const struct file_operations vendorban_subuids_fops;

#endif /* _SECURITY_VENDORBAN_OWNERS_H */
