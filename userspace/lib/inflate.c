// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - decompressing module images with liblzma and libzstd
 *
 * The decompressor kmod/lib/modimage.c calls in userspace (the kernel's
 * is kmod/inflate.c, over its xz_dec and zstd).  Both decode what the
 * kernel's module loader decodes: the first xz stream (no
 * LZMA_CONCATENATED), the first zstd frame (ZSTD_findFrameCompressedSize),
 * and ignore what follows.  A dictionary larger than
 * VENDORBAN_MODIMAGE_MAX is refused as too large, as the kernel's xz_dec
 * refuses it (its dict_max); liblzma's memory limit is that plus its own
 * small overhead.
 */

#include <errno.h>
#include <stdint.h>

#include <lzma.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "inflate.h"

static int inflate_xz(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	uint64_t memlimit = VENDORBAN_MODIMAGE_MAX + (1 << 20);
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;

	*out_len = 0;
	ret = lzma_stream_decoder(&s, memlimit, 0);
	if (ret != LZMA_OK)
		return ret == LZMA_MEM_ERROR ? -ENOMEM : -EBADMSG;
	s.next_in = in;
	s.avail_in = in_len;
	s.next_out = out;
	s.avail_out = out_cap;
	ret = lzma_code(&s, LZMA_FINISH);
	*out_len = s.total_out;
	lzma_end(&s);
	switch (ret) {
	case LZMA_STREAM_END:
		return 0;
	case LZMA_MEM_ERROR:
		return -ENOMEM;
	case LZMA_MEMLIMIT_ERROR:
		return -EFBIG;
	case LZMA_OK:
	case LZMA_BUF_ERROR:
		/* Out of room, or out of input: a truncated stream. */
		return s.avail_out == 0 ? -EFBIG : -EBADMSG;
	default:
		return -EBADMSG;
	}
}

static int inflate_zstd(const u8 *in, size_t in_len, u8 *out,
			size_t out_cap, size_t *out_len)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, in_len), ret;

	*out_len = 0;
	if (ZSTD_isError(frame))
		return -EBADMSG;
	ret = ZSTD_decompress(out, out_cap, in, frame);
	if (!ZSTD_isError(ret)) {
		*out_len = ret;
		return 0;
	}
	switch (ZSTD_getErrorCode(ret)) {
	case ZSTD_error_dstSize_tooSmall:
		return -EFBIG;
	case ZSTD_error_memory_allocation:
		return -ENOMEM;
	default:
		return -EBADMSG;
	}
}

/**
 * vb_inflate() - vendorban_inflate_fn over liblzma and libzstd
 * @ctx: unused
 * @comp: the format
 * @in: the compressed bytes
 * @in_len: their length
 * @out: the output buffer
 * @out_cap: its size
 * @out_len: receives the decompressed length
 *
 * Return: as vendorban_inflate_fn.
 */
int vb_inflate(void *ctx, enum vendorban_comp comp, const u8 *in,
	       size_t in_len, u8 *out, size_t out_cap, size_t *out_len)
{
	(void)ctx;
	switch (comp) {
	case VENDORBAN_COMP_XZ:
		return inflate_xz(in, in_len, out, out_cap, out_len);
	case VENDORBAN_COMP_ZSTD:
		return inflate_zstd(in, in_len, out, out_cap, out_len);
	default:
		return -EOPNOTSUPP;
	}
}
