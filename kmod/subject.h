/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the bytes being checked: an open file or a buffer
 */

#ifndef _SECURITY_VENDORBAN_SUBJECT_H
#define _SECURITY_VENDORBAN_SUBJECT_H

#include <linux/fs.h>
#include <linux/types.h>

/**
 * struct vendorban_subject - what a check reads
 * @file: the file (exec, mmap, module read from a file), or NULL
 * @real: the file whose bytes are read: @file, or the real file under an
 *        overlayfs @file (vendorban_real_file()), or a fresh read-only
 *        open of either (O_DIRECT); NULL means @file
 * @buf: the contents, when the kernel already holds them in memory (a
 *       module passed to init_module()), or NULL
 * @size: the length of the file or of @buf
 * @decompressed: @buf is the decompressed image of a compressed module
 *                (@file, if set, holds it compressed)
 */
struct vendorban_subject {
	struct file *file;
	struct file *real;
	const u8 *buf;
	loff_t size;
	bool decompressed;
};

int vendorban_subject_read(const struct vendorban_subject *subj, void *dst,
			   size_t len, loff_t pos);
int vendorban_subject_digest(const struct vendorban_subject *subj,
			     const char *hash_name, u64 len, u8 *digest);
int vendorban_buffer_digest(const char *hash_name, const u8 *data, size_t len,
			    u8 *digest);

#endif /* _SECURITY_VENDORBAN_SUBJECT_H */
