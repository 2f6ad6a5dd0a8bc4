/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - securityfs interface
 */

#ifndef _SECURITY_VENDORBAN_FS_H
#define _SECURITY_VENDORBAN_FS_H

#include <linux/types.h>

struct dentry;

/* The form this build runs as, shown in status: "builtin" or "module". */
extern const char *const vendorban_form;

/**
 * vendorban_format_mechanism() - the "mechanism" status line's value
 * @buf: where to write it (no newline)
 * @size: size of @buf
 *
 * Each form implements it: "lsm" for the built-in form; "bpf-lsm" or
 * "binfmt (why)" for the module form (docs/kernel-interface.md).
 *
 * Return: the number of characters written.
 */
int vendorban_format_mechanism(char *buf, size_t size);

struct dentry *vendorban_fs_dir(void);
int vendorban_fs_init(void);
void vendorban_fs_exit(void);

#endif /* _SECURITY_VENDORBAN_FS_H */
