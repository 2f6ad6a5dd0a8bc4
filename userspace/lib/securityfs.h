/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the files in /sys/kernel/security/vendorban
 */

#ifndef _VENDORBANCTL_SECURITYFS_H
#define _VENDORBANCTL_SECURITYFS_H

#include <stddef.h>

#define VB_SECURITYFS_DEFAULT	"/sys/kernel/security/vendorban"

void vb_securityfs_set_root(const char *dir);
const char *vb_securityfs_root(void);
int vb_securityfs_read(const char *name, char **buf, size_t *len);
int vb_securityfs_write(const char *name, const char *buf, size_t len);
int vb_status_value(const char *status, const char *key, char *out,
		    size_t size);
const char *vb_securityfs_error(int err);
const char *vb_write_error(int err);

#endif /* _VENDORBANCTL_SECURITYFS_H */
