/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - paths of a system installed under a directory (a chroot,
 * a mounted image), resolved as that system resolves them
 */

#ifndef _VENDORBANCTL_SYSROOT_H
#define _VENDORBANCTL_SYSROOT_H

#include <stddef.h>

int vb_root_resolve(const char *root, const char *path, char **host,
		    char **inside);

#endif /* _VENDORBANCTL_SYSROOT_H */
