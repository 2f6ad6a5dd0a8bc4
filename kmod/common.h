/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - definitions shared by every kernel-only file
 */

#ifndef _SECURITY_VENDORBAN_COMMON_H
#define _SECURITY_VENDORBAN_COMMON_H

#define VENDORBAN_NAME "vendorban"

#ifdef pr_fmt
#undef pr_fmt
#endif
#define pr_fmt(fmt) VENDORBAN_NAME ": " fmt

/**
 * enum vendorban_op - what a process tries to do with a file
 * @VENDORBAN_OP_EXEC: execute it (a binary, a script or an interpreter)
 * @VENDORBAN_OP_MMAP: map it executable (a shared library, a binary mapped
 *                     by ld.so)
 * @VENDORBAN_OP_MPROTECT: make an existing mapping of it executable
 * @VENDORBAN_OP_MODULE: load it as a kernel module
 */
enum vendorban_op {
	VENDORBAN_OP_EXEC,
	VENDORBAN_OP_MMAP,
	VENDORBAN_OP_MPROTECT,
	VENDORBAN_OP_MODULE,
};

#endif /* _SECURITY_VENDORBAN_COMMON_H */
