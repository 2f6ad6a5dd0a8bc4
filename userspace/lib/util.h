/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - small helpers: bounded whole-file reads, hex, paths
 */

#ifndef _VENDORBANCTL_UTIL_H
#define _VENDORBANCTL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The caps on what the tool reads whole (bounded memory whatever a path
 * names, /dev/zero included): policy text is capped at the kernel's own
 * limit, VENDORBAN_POLICY_MAX_SIZE, by the compiler; the rest below.
 */
#define VB_READ_MAX		(16u << 20)	/* anything else */
#define VB_CERT_FILE_MAX	(1u << 20)	/* a cert-file (PEM bundle or DER) */
#define VB_VENDOR_FILE_MAX	(1u << 20)	/* a NAME.vendor set */

int vb_read_file_max(const char *path, size_t max, char **buf, size_t *len);
int vb_read_fd_max(int fd, size_t max, char **buf, size_t *len);
int vb_read_file(const char *path, char **buf, size_t *len);
int vb_read_fd(int fd, char **buf, size_t *len);
char *vb_hex(const uint8_t *data, size_t len);
char *vb_dirname(const char *path);
char *vb_path_join(const char *dir, const char *name);
const char *vb_not_a_file(const char *path);

#endif /* _VENDORBANCTL_UTIL_H */
