/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the image of a compressed kernel module
 */

#ifndef _SECURITY_VENDORBAN_MODIMAGE_H
#define _SECURITY_VENDORBAN_MODIMAGE_H

#include "compat.h"
#include "sigset.h"

/*
 * Largest decompressed module image, and largest compressed input read:
 * twice the largest module Debian 12 ships (amdgpu.ko, 29.3 MB
 * decompressed from a 4.1 MB .ko.xz, Linux 6.12), so every real module
 * fits, and the work and memory of one decision stay bounded.
 */
#define VENDORBAN_MODIMAGE_MAX		(64 * 1024 * 1024)
/* The first output buffer tried, before it doubles up to the maximum. */
#define VENDORBAN_MODIMAGE_FIRST	(1024 * 1024)
/* Bytes needed to recognize a compressed image (the xz stream header). */
#define VENDORBAN_MODIMAGE_HEAD_LEN	12

/**
 * enum vendorban_comp - how a module image is compressed
 * @VENDORBAN_COMP_NONE: not compressed (an ELF file, or anything else)
 * @VENDORBAN_COMP_XZ: an xz stream (fd 37 7a 58 5a 00)
 * @VENDORBAN_COMP_ZSTD: a zstd frame (28 b5 2f fd)
 * @VENDORBAN_COMP_GZIP: gzip (1f 8b 08): recognized, never decompressed
 */
enum vendorban_comp {
	VENDORBAN_COMP_NONE,
	VENDORBAN_COMP_XZ,
	VENDORBAN_COMP_ZSTD,
	VENDORBAN_COMP_GZIP,
};

/**
 * typedef vendorban_inflate_fn - decompress into a buffer of fixed size
 * @ctx: the caller's context
 * @comp: %VENDORBAN_COMP_XZ or %VENDORBAN_COMP_ZSTD
 * @in: the compressed bytes
 * @in_len: their length
 * @out: the output buffer
 * @out_cap: its size
 * @out_len: receives the decompressed length
 *
 * As kernel/module/decompress.c does: the first xz stream, or the first
 * zstd frame, and nothing after it.  The kernel implements this with its
 * xz_dec and zstd (kmod/inflate.c), the tool with liblzma and libzstd
 * (userspace/lib/inflate.c).
 *
 * Return: 0; -EFBIG if the image does not fit in @out_cap; -ENOMEM; any
 * other negative errno: the data cannot be decompressed.
 */
typedef int (*vendorban_inflate_fn)(void *ctx, enum vendorban_comp comp,
				    const u8 *in, size_t in_len, u8 *out,
				    size_t out_cap, size_t *out_len);

/**
 * struct vendorban_modimage - a module image, decompressed
 * @comp: how the input was compressed (%VENDORBAN_COMP_NONE: not at all,
 *        and nothing else here is set)
 * @data: the decompressed image, or NULL if it could not be made
 * @len: its length
 * @malformed: compressed, but there is no image: the module is malformed
 * @limit: malformed because it exceeds %VENDORBAN_MODIMAGE_MAX
 * @why: what made it malformed, or NULL
 */
struct vendorban_modimage {
	enum vendorban_comp comp;
	u8 *data;
	size_t len;
	bool malformed;
	bool limit;
	const char *why;
};

enum vendorban_comp vendorban_comp_detect(const u8 *head, size_t len);
const char *vendorban_comp_name(enum vendorban_comp comp);
int vendorban_modimage_from_buf(struct vendorban_modimage *img, const u8 *in,
				size_t in_len, vendorban_inflate_fn inflate,
				void *ctx);
int vendorban_modimage_from_file(struct vendorban_modimage *img, u64 size,
				 vendorban_read_fn read, void *rctx,
				 vendorban_inflate_fn inflate, void *ctx);
void vendorban_modimage_taint(const struct vendorban_modimage *img,
			      struct vendorban_sigset *set);
void vendorban_modimage_release(struct vendorban_modimage *img);

#endif /* _SECURITY_VENDORBAN_MODIMAGE_H */
