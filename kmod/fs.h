/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - securityfs interface
 */

#ifndef _SECURITY_VENDORBAN_FS_H
#define _SECURITY_VENDORBAN_FS_H

/* The form this build runs as, shown in status: "builtin" or "module". */
extern const char *const vendorban_form;

int vendorban_fs_init(void);
void vendorban_fs_exit(void);

#endif /* _SECURITY_VENDORBAN_FS_H */
