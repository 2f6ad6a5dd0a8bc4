/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - securityfs interface
 */

#ifndef _SECURITY_VENDORBAN_FS_H
#define _SECURITY_VENDORBAN_FS_H

#include <linux/types.h>

int vendorban_fs_init(void);
void vendorban_fs_exit(void);

#endif /* _SECURITY_VENDORBAN_FS_H */
