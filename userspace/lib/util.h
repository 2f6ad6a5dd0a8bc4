/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - small helpers: whole-file reads, hex
 */

#ifndef _VENDORBANCTL_UTIL_H
#define _VENDORBANCTL_UTIL_H

#include <stddef.h>
#include <stdint.h>

int vb_read_file(const char *path, char **buf, size_t *len);
int vb_read_fd(int fd, char **buf, size_t *len);
char *vb_hex(const uint8_t *data, size_t len);
char *vb_dirname(const char *path);
char *vb_path_join(const char *dir, const char *name);

#endif /* _VENDORBANCTL_UTIL_H */
