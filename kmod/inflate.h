/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - decompressing module images with the kernel's xz and zstd
 */

#ifndef _SECURITY_VENDORBAN_INFLATE_H
#define _SECURITY_VENDORBAN_INFLATE_H

#include "lib/modimage.h"

int vendorban_inflate(void *ctx, enum vendorban_comp comp, const u8 *in,
		      size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len);

#endif /* _SECURITY_VENDORBAN_INFLATE_H */
