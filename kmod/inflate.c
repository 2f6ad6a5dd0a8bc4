// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - decompressing module images with the kernel's xz and zstd
 *
 * The decompressor that kmod/lib/modimage.c calls in the kernel (the tool
 * has its own over liblzma and libzstd).  It decodes what the module
 * loader decodes (kernel/module/decompress.c): the first xz stream, the
 * first zstd frame.  xz decodes 1 MiB at a time (yielding the CPU in
 * between) with a dictionary of at most VENDORBAN_MODIMAGE_MAX; zstd
 * decompresses the first frame in one call, with a workspace of
 * zstd_dctx_workspace_bound().  A
 * kernel built without one of them leaves such modules malformed.
 */

#include "common.h"

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/xz.h>
#include <linux/zstd.h>

#include "inflate.h"

#if IS_REACHABLE(CONFIG_XZ_DEC)
/* Output decoded between two chances to reschedule. */
#define VENDORBAN_INFLATE_CHUNK	(1024 * 1024)

static int inflate_xz(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	struct xz_buf b = { .in = in, .in_size = in_len, .out = out };
	struct xz_dec *dec;
	enum xz_ret ret;

	dec = xz_dec_init(XZ_DYNALLOC, VENDORBAN_MODIMAGE_MAX);
	if (!dec)
		return -ENOMEM;
	do {
		b.out_size = min_t(size_t, out_cap,
				   b.out_pos + VENDORBAN_INFLATE_CHUNK);
		ret = xz_dec_run(dec, &b);
		cond_resched();
	} while (ret == XZ_OK && b.out_pos == b.out_size &&
		 b.out_size < out_cap);
	xz_dec_end(dec);
	*out_len = b.out_pos;
	switch (ret) {
	case XZ_STREAM_END:
		return 0;
	case XZ_MEM_ERROR:
		return -ENOMEM;
	case XZ_MEMLIMIT_ERROR:
		return -EFBIG;
	case XZ_OK:
		/* Out of room, or out of input: a truncated stream. */
		return b.out_pos == out_cap ? -EFBIG : -EBADMSG;
	default:
		return -EBADMSG;
	}
}
#else
static int inflate_xz(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	return -EOPNOTSUPP;
}
#endif

#if IS_REACHABLE(CONFIG_ZSTD_DECOMPRESS)
static int zstd_errno(size_t ret)
{
	switch (zstd_get_error_code(ret)) {
	case ZSTD_error_dstSize_tooSmall:
		return -EFBIG;
	case ZSTD_error_memory_allocation:
		return -ENOMEM;
	default:
		return -EBADMSG;
	}
}

static int inflate_zstd(const u8 *in, size_t in_len, u8 *out,
			size_t out_cap, size_t *out_len)
{
	size_t frame = zstd_find_frame_compressed_size(in, in_len);
	size_t size = zstd_dctx_workspace_bound(), ret;
	zstd_dctx *dctx;
	void *wksp;

	*out_len = 0;
	if (zstd_is_error(frame))
		return -EBADMSG;
	wksp = kvmalloc(size, GFP_KERNEL);
	if (!wksp)
		return -ENOMEM;
	dctx = zstd_init_dctx(wksp, size);
	ret = dctx ? zstd_decompress_dctx(dctx, out, out_cap, in, frame) : 0;
	kvfree(wksp);
	if (!dctx)
		return -ENOMEM;
	if (zstd_is_error(ret))
		return zstd_errno(ret);
	*out_len = ret;
	return 0;
}
#else
static int inflate_zstd(const u8 *in, size_t in_len, u8 *out,
			size_t out_cap, size_t *out_len)
{
	return -EOPNOTSUPP;
}
#endif

/**
 * vendorban_inflate() - vendorban_inflate_fn over the kernel's xz and zstd
 * @ctx: unused
 * @comp: the format
 * @in: the compressed bytes
 * @in_len: their length
 * @out: the output buffer
 * @out_cap: its size
 * @out_len: receives the decompressed length
 *
 * Context: process context, may sleep.
 * Return: 0; -EFBIG if the image does not fit; -ENOMEM; another negative
 * errno if the data cannot be decompressed (or the kernel has no
 * decompressor for @comp).
 */
int vendorban_inflate(void *ctx, enum vendorban_comp comp, const u8 *in,
		      size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	*out_len = 0;
	switch (comp) {
	case VENDORBAN_COMP_XZ:
		return inflate_xz(in, in_len, out, out_cap, out_len);
	case VENDORBAN_COMP_ZSTD:
		return inflate_zstd(in, in_len, out, out_cap, out_len);
	default:
		return -EOPNOTSUPP;
	}
}
