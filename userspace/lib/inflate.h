/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - decompressing module images with liblzma and libzstd
 */

#ifndef _VENDORBANCTL_INFLATE_H
#define _VENDORBANCTL_INFLATE_H

#include "modimage.h"

int vb_inflate(void *ctx, enum vendorban_comp comp, const u8 *in,
	       size_t in_len, u8 *out, size_t out_cap, size_t *out_len);

#endif /* _VENDORBANCTL_INFLATE_H */
