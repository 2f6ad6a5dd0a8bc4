// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer harness: a whole file as a module image ->
 * vendorban_modimage_from_buf() (format by magic, xz and zstd decompressed
 * by liblzma and libzstd, bounded by VENDORBAN_MODIMAGE_MAX), then
 * vendorban_sigset_gather() on the image, as the kernel does for a module
 * load.  Checks that an image exists exactly when the input is compressed
 * and not malformed, and stays within the bound.
 */

#include "inflate.h"
#include "modimage.h"
#include "sigset.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static int img_read(void *ctx, void *dst, size_t len, u64 pos)
{
	const struct vendorban_modimage *img = ctx;

	if (pos > img->len || len > img->len - pos)
		return -EIO;
	memcpy(dst, img->data + pos, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct vendorban_modimage img;
	struct vendorban_sigset set;
	int ret;

	ret = vendorban_modimage_from_buf(&img, data, size, vb_inflate, NULL);
	if (ret == -ENOMEM)
		return 0;
	if (ret)
		__builtin_trap();
	if (img.comp == VENDORBAN_COMP_NONE &&
	    (img.data || img.malformed))
		__builtin_trap();
	if (img.comp != VENDORBAN_COMP_NONE && !img.data == !img.malformed)
		__builtin_trap();
	if (img.len > VENDORBAN_MODIMAGE_MAX || (img.limit && !img.malformed))
		__builtin_trap();
	if (img.data &&
	    !vendorban_sigset_gather(&set, img.len, img_read, &img))
		vendorban_sigset_release(&set);
	vendorban_modimage_release(&img);
	return 0;
}
