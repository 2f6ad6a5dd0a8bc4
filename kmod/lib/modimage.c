// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the image of a compressed kernel module
 *
 * The kernel's module loader decompresses a module file it is given with
 * MODULE_INIT_COMPRESSED_FILE (kernel/module/decompress.c: the first xz
 * stream, or the first zstd frame), and kmod decompresses .ko.xz and
 * .ko.zst files before init_module().  The appended signature of such a
 * module is inside the compressed data, so a module is judged on its
 * decompressed image: its signatures, its SHA-256 and the data its last
 * signature signs are those of the image.
 *
 * One rule for the kernel and the tool: the formats (by their magic, as
 * the loader checks them), the integrity checks the kernel's xz decoder
 * accepts (none and CRC32), and the bounds: at most
 * %VENDORBAN_MODIMAGE_MAX bytes in and out, the output buffer doubling
 * from %VENDORBAN_MODIMAGE_FIRST (so decompressing costs at most twice the
 * final image).  A compressed image that cannot be decompressed, in a
 * format vendorban does not decompress (gzip) or larger than the bound is
 * malformed, never unsigned: the policy decides what that means
 * (docs/policy-format.md).  The decompressor itself is the caller's.
 */

#include "modimage.h"

static const u8 xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
static const u8 zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const u8 gzip_magic[] = { 0x1f, 0x8b, 0x08 };

/* xz stream flags: the byte after the magic is 0, then the check id. */
#define XZ_CHECK_CRC32	1

static bool starts_with(const u8 *head, size_t len, const u8 *magic,
			size_t magic_len)
{
	return len >= magic_len && !memcmp(head, magic, magic_len);
}

/**
 * vendorban_comp_detect() - is this the start of a compressed module?
 * @head: the first bytes of the file or buffer
 * @len: how many (%VENDORBAN_MODIMAGE_HEAD_LEN are enough)
 *
 * Return: the format, by its magic; %VENDORBAN_COMP_NONE if none matches.
 */
enum vendorban_comp vendorban_comp_detect(const u8 *head, size_t len)
{
	if (starts_with(head, len, xz_magic, sizeof(xz_magic)))
		return VENDORBAN_COMP_XZ;
	if (starts_with(head, len, zstd_magic, sizeof(zstd_magic)))
		return VENDORBAN_COMP_ZSTD;
	if (starts_with(head, len, gzip_magic, sizeof(gzip_magic)))
		return VENDORBAN_COMP_GZIP;
	return VENDORBAN_COMP_NONE;
}

/**
 * vendorban_comp_name() - the name of a format, as audit and the tool say it
 * @comp: the format
 *
 * Return: "xz", "zstd", "gzip" or "none".
 */
const char *vendorban_comp_name(enum vendorban_comp comp)
{
	switch (comp) {
	case VENDORBAN_COMP_XZ:
		return "xz";
	case VENDORBAN_COMP_ZSTD:
		return "zstd";
	case VENDORBAN_COMP_GZIP:
		return "gzip";
	case VENDORBAN_COMP_NONE:
		break;
	}
	return "none";
}

static void malformed(struct vendorban_modimage *img, const char *why,
		      bool limit)
{
	img->malformed = true;
	img->limit = limit;
	img->why = why;
}

/* What the kernel's xz decoder refuses before decompressing anything. */
static bool xz_check_supported(const u8 *in, size_t in_len)
{
	return in_len >= sizeof(xz_magic) + 2 &&
	       in[sizeof(xz_magic)] == 0 &&
	       in[sizeof(xz_magic) + 1] <= XZ_CHECK_CRC32;
}

/* Tries output buffers of growing size: 0, -ENOMEM, or malformed. */
static int inflate_grow(struct vendorban_modimage *img, const u8 *in,
			size_t in_len, vendorban_inflate_fn inflate, void *ctx)
{
	size_t cap = VENDORBAN_MODIMAGE_FIRST, len = 0;
	int ret;
	u8 *out;

	while (cap / 4 < in_len && cap < VENDORBAN_MODIMAGE_MAX)
		cap *= 2;
	for (;;) {
		out = vendorban_alloc(cap);
		if (!out)
			return -ENOMEM;
		ret = inflate(ctx, img->comp, in, in_len, out, cap, &len);
		if (!ret && len <= cap) {
			img->data = out;
			img->len = len;
			return 0;
		}
		vendorban_free(out);
		if (ret == -ENOMEM)
			return ret;
		if (ret != -EFBIG) {
			malformed(img, "compressed module does not decompress",
				  false);
			return 0;
		}
		if (cap >= VENDORBAN_MODIMAGE_MAX) {
			malformed(img, "decompressed module exceeds the limit",
				  true);
			return 0;
		}
		cap *= 2;
		vendorban_cond_resched();
	}
}

/**
 * vendorban_modimage_from_buf() - decompress a module image held in memory
 * @img: filled in; release with vendorban_modimage_release()
 * @in: the module as given (compressed or not)
 * @in_len: its length
 * @inflate: the decompressor
 * @ctx: passed to @inflate
 *
 * See the top of this file.  An image that is not compressed leaves
 * @img->comp at %VENDORBAN_COMP_NONE: judge @in itself.
 *
 * Context: process context (allocates up to %VENDORBAN_MODIMAGE_MAX).
 * Return: 0 (@img->data set, or @img->malformed), or -ENOMEM.
 */
int vendorban_modimage_from_buf(struct vendorban_modimage *img, const u8 *in,
				size_t in_len, vendorban_inflate_fn inflate,
				void *ctx)
{
	memset(img, 0, sizeof(*img));
	img->comp = vendorban_comp_detect(in, in_len);
	switch (img->comp) {
	case VENDORBAN_COMP_NONE:
		return 0;
	case VENDORBAN_COMP_GZIP:
		malformed(img, "gzip-compressed module (not decompressed)",
			  false);
		return 0;
	case VENDORBAN_COMP_XZ:
		if (!xz_check_supported(in, in_len)) {
			malformed(img, "xz integrity check not supported",
				  false);
			return 0;
		}
		break;
	case VENDORBAN_COMP_ZSTD:
		break;
	}
	if (in_len > VENDORBAN_MODIMAGE_MAX) {
		malformed(img, "compressed module exceeds the limit", true);
		return 0;
	}
	return inflate_grow(img, in, in_len, inflate, ctx);
}

/**
 * vendorban_modimage_from_file() - decompress a module image from a file
 * @img: filled in; release with vendorban_modimage_release()
 * @size: the file size
 * @read: reads the file
 * @rctx: passed to @read
 * @inflate: the decompressor
 * @ctx: passed to @inflate
 *
 * As vendorban_modimage_from_buf(); only a compressed file is read whole
 * (at most %VENDORBAN_MODIMAGE_MAX bytes).  A file that cannot be read
 * is malformed.
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int vendorban_modimage_from_file(struct vendorban_modimage *img, u64 size,
				 vendorban_read_fn read, void *rctx,
				 vendorban_inflate_fn inflate, void *ctx)
{
	u8 head[VENDORBAN_MODIMAGE_HEAD_LEN];
	size_t len = size < sizeof(head) ? size : sizeof(head);
	enum vendorban_comp comp;
	u8 *in;
	int ret;

	memset(img, 0, sizeof(*img));
	ret = read(rctx, head, len, 0);
	if (ret == -ENOMEM)
		return ret;
	comp = vendorban_comp_detect(head, len);
	/* Not compressed, or unreadable: the signature walk sees that. */
	if (ret || comp == VENDORBAN_COMP_NONE)
		return 0;
	if (size > VENDORBAN_MODIMAGE_MAX) {
		img->comp = comp;
		malformed(img, "compressed module exceeds the limit", true);
		return 0;
	}
	in = vendorban_alloc(size);
	if (!in)
		return -ENOMEM;
	ret = read(rctx, in, size, 0);
	if (!ret) {
		ret = vendorban_modimage_from_buf(img, in, size, inflate, ctx);
	} else if (ret != -ENOMEM) {
		img->comp = comp;
		malformed(img, "compressed module cannot be read", false);
		ret = 0;
	}
	vendorban_free(in);
	return ret;
}

/**
 * vendorban_modimage_taint() - a compressed module without an image
 * @img: the image, from vendorban_modimage_from_file() or
 *       vendorban_modimage_from_buf()
 * @set: the signatures gathered from the file as it is (there is no image
 *       to gather them from)
 *
 * A compressed module whose image cannot be made is malformed, whatever
 * its bytes show.  A limit met by either the image or the signatures stays
 * a limit: the decision's reason is "limit" if one was met, else "corrupt"
 * (vendorban_policy_pick()).  The kernel (kmod/facts.c) and the tool
 * (userspace/lib/filesig.c) both fold the image in here, before
 * vendorban_sigset_facts().  Nothing changes when the image was made or
 * the file is not compressed.
 */
void vendorban_modimage_taint(const struct vendorban_modimage *img,
			      struct vendorban_sigset *set)
{
	if (!img->malformed)
		return;
	set->state = VENDORBAN_SIG_MALFORMED;
	set->limit |= img->limit;
	set->corrupt = !img->limit;
	set->why = img->why;
}

/**
 * vendorban_modimage_release() - free the image
 * @img: the image (may be released twice)
 */
void vendorban_modimage_release(struct vendorban_modimage *img)
{
	vendorban_free(img->data);
	img->data = NULL;
	img->len = 0;
}
