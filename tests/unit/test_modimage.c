// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of kmod/lib/modimage.c: a compressed module is
 * judged on its decompressed image; one that does not decompress, or is
 * larger than the bound, is malformed (corrupt or limit)
 *
 * Compressed data is made here with liblzma and libzstd from a signed
 * file in memory (data.bin and a banned vendor's trailer from the unit
 * fixtures); the decompressor is the tool's (userspace/lib/inflate.c).
 */

#include <stdio.h>
#include <stdlib.h>

#include <lzma.h>
#include <zstd.h>

#include "fixtures.h"
#include "inflate.h"
#include "modimage.h"
#include "sigset.h"
#include "unit.h"

struct mfile {
	u8 *data;
	size_t len;
	size_t cap;	/* bytes allocated, when append() allocated them */
};

static int mread(void *ctx, void *dst, size_t len, u64 pos)
{
	struct mfile *f = ctx;

	if (pos > f->len || len > f->len - pos)
		return -EIO;
	memcpy(dst, f->data + pos, len);
	return 0;
}

/*
 * Grows the buffer geometrically: image_larger_than_first_buffer appends
 * 3 MiB one short line at a time, and a realloc() per line copied the
 * whole buffer each time under ASan (minutes instead of milliseconds).
 */
static void append(struct mfile *f, const void *data, size_t len)
{
	size_t need = f->len + len + 1;

	if (need > f->cap) {
		size_t cap = f->cap * 2 > need ? f->cap * 2 : need;

		f->data = realloc(f->data, cap);
		if (!f->data)
			abort();
		f->cap = cap;
	}
	memcpy(f->data + f->len, data, len);
	f->len += len;
}

/* data.bin with the banned vendor's signature appended, as sign-file does. */
static struct mfile signed_module(void)
{
	u8 info[VENDORBAN_MODSIG_INFO_LEN] = { 0 };
	struct mfile f = { 0 };
	size_t len;
	u8 *p;

	p = fixture_read("data.bin", &len);
	append(&f, p, len);
	free(p);
	p = fixture_read("sigs/banned-rsa2048-nocert.p7s", &len);
	append(&f, p, len);
	free(p);
	info[2] = VENDORBAN_MODSIG_ID_PKCS7;
	info[8] = len >> 24;
	info[9] = len >> 16;
	info[10] = len >> 8;
	info[11] = len;
	append(&f, info, sizeof(info));
	append(&f, VENDORBAN_MODSIG_MAGIC, VENDORBAN_MODSIG_MAGIC_LEN);
	return f;
}

static struct mfile xz(const struct mfile *in, lzma_check check)
{
	struct mfile out = { .data = malloc(in->len + 4096) };
	size_t pos = 0;

	if (!out.data || lzma_easy_buffer_encode(6, check, NULL, in->data,
						 in->len, out.data, &pos,
						 in->len + 4096) != LZMA_OK)
		abort();
	out.len = pos;
	return out;
}

static struct mfile zst(const struct mfile *in)
{
	size_t cap = ZSTD_compressBound(in->len);
	struct mfile out = { .data = malloc(cap) };

	if (!out.data)
		abort();
	out.len = ZSTD_compress(out.data, cap, in->data, in->len, 3);
	if (ZSTD_isError(out.len))
		abort();
	return out;
}

/* The image of @c is @plain, and its signature is found in it. */
static void check_image(const struct mfile *c, const struct mfile *plain,
			enum vendorban_comp comp)
{
	struct vendorban_modimage img;
	struct vendorban_sigset set;
	struct mfile image;

	CHECK_EQ_INT(vendorban_modimage_from_buf(&img, c->data, c->len,
						 vb_inflate, NULL), 0);
	CHECK_EQ_INT(img.comp, comp);
	CHECK(!img.malformed);
	CHECK_EQ_INT(img.len, plain->len);
	CHECK(img.data && !memcmp(img.data, plain->data, plain->len));
	image.data = img.data;
	image.len = img.len;
	if (img.data) {
		CHECK_EQ_INT(vendorban_sigset_gather(&set, image.len, mread,
						     &image), 0);
		CHECK_EQ_INT(set.state, VENDORBAN_SIG_PRESENT);
		CHECK_EQ_INT(set.nr_trailers, 1);
		vendorban_sigset_release(&set);
	}
	vendorban_modimage_release(&img);
	/* the same through a reader, as for a file */
	CHECK_EQ_INT(vendorban_modimage_from_file(&img, c->len, mread,
						  (void *)c, vb_inflate, NULL),
		     0);
	CHECK(img.data && img.len == plain->len &&
	      !memcmp(img.data, plain->data, plain->len));
	vendorban_modimage_release(&img);
}

static void check_malformed(const struct mfile *c, bool limit)
{
	struct vendorban_modimage img;

	CHECK_EQ_INT(vendorban_modimage_from_buf(&img, c->data, c->len,
						 vb_inflate, NULL), 0);
	CHECK(img.malformed);
	CHECK_EQ_INT(img.limit, limit);
	CHECK(!img.data);
	CHECK(img.why != NULL);
	vendorban_modimage_release(&img);
}

UNIT_TEST(detect_by_magic)
{
	static const u8 elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	static const u8 xzm[] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 1 };
	static const u8 zsm[] = { 0x28, 0xb5, 0x2f, 0xfd, 0 };
	static const u8 gzm[] = { 0x1f, 0x8b, 0x08, 0 };

	CHECK_EQ_INT(vendorban_comp_detect(elf, sizeof(elf)),
		     VENDORBAN_COMP_NONE);
	CHECK_EQ_INT(vendorban_comp_detect(xzm, sizeof(xzm)),
		     VENDORBAN_COMP_XZ);
	CHECK_EQ_INT(vendorban_comp_detect(xzm, 5), VENDORBAN_COMP_NONE);
	CHECK_EQ_INT(vendorban_comp_detect(zsm, sizeof(zsm)),
		     VENDORBAN_COMP_ZSTD);
	CHECK_EQ_INT(vendorban_comp_detect(gzm, sizeof(gzm)),
		     VENDORBAN_COMP_GZIP);
	CHECK_EQ_INT(vendorban_comp_detect(elf, 0), VENDORBAN_COMP_NONE);
}

/* An uncompressed module is left alone: the caller judges its bytes. */
UNIT_TEST(plain_module_untouched)
{
	struct mfile m = signed_module();
	struct vendorban_modimage img;

	CHECK_EQ_INT(vendorban_modimage_from_buf(&img, m.data, m.len,
						 vb_inflate, NULL), 0);
	CHECK_EQ_INT(img.comp, VENDORBAN_COMP_NONE);
	CHECK(!img.data && !img.malformed);
	CHECK_EQ_INT(vendorban_modimage_from_file(&img, m.len, mread, &m,
						  vb_inflate, NULL), 0);
	CHECK_EQ_INT(img.comp, VENDORBAN_COMP_NONE);
	free(m.data);
}

/* .ko.xz (CRC32, as Kbuild) and .ko.zst: the signature is in the image. */
UNIT_TEST(xz_and_zstd_images)
{
	struct mfile m = signed_module();
	struct mfile x = xz(&m, LZMA_CHECK_CRC32), n = xz(&m, LZMA_CHECK_NONE);
	struct mfile z = zst(&m);

	check_image(&x, &m, VENDORBAN_COMP_XZ);
	check_image(&n, &m, VENDORBAN_COMP_XZ);
	check_image(&z, &m, VENDORBAN_COMP_ZSTD);
	free(x.data);
	free(n.data);
	free(z.data);
	free(m.data);
}

/* As the module loader: the first stream or frame, nothing after it. */
UNIT_TEST(first_stream_or_frame_only)
{
	struct mfile m = signed_module(), other = { 0 };
	struct mfile x = xz(&m, LZMA_CHECK_CRC32), z = zst(&m);
	struct mfile x2, z2;

	append(&other, "something else", 14);
	x2 = xz(&other, LZMA_CHECK_CRC32);
	z2 = zst(&other);
	append(&x, x2.data, x2.len);
	append(&z, z2.data, z2.len);
	check_image(&x, &m, VENDORBAN_COMP_XZ);
	check_image(&z, &m, VENDORBAN_COMP_ZSTD);
	free(x.data);
	free(z.data);
	free(x2.data);
	free(z2.data);
	free(other.data);
	free(m.data);
}

/* Cut short, bit-flipped, CRC64 (the kernel's xz_dec has none), gzip. */
UNIT_TEST(corrupt_is_malformed)
{
	struct mfile m = signed_module();
	struct mfile x = xz(&m, LZMA_CHECK_CRC32), z = zst(&m);
	struct mfile c64 = xz(&m, LZMA_CHECK_CRC64);
	static const u8 gz[] = { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3 };
	struct mfile g = { .data = (u8 *)gz, .len = sizeof(gz) };
	struct mfile half;

	half = x;
	half.len = x.len / 2;
	check_malformed(&half, false);
	half = z;
	half.len = z.len / 2;
	check_malformed(&half, false);
	x.data[x.len / 2] ^= 0x55;
	check_malformed(&x, false);
	check_malformed(&c64, false);
	check_malformed(&g, false);
	free(x.data);
	free(z.data);
	free(c64.data);
	free(m.data);
}

/*
 * An image larger than the first output buffer (1 MiB, or 4 times the
 * input): decompressed again into a larger one, not called corrupt.  (57
 * of Debian 6.12's modules, bluetooth.ko.xz among them, are such.)
 */
UNIT_TEST(image_larger_than_first_buffer)
{
	struct mfile m = signed_module(), big = { 0 };
	struct mfile x, z;
	unsigned int i;
	char line[64];

	for (i = 0; big.len < 3 * VENDORBAN_MODIMAGE_FIRST; i++) {
		int n = snprintf(line, sizeof(line), "line %u of a module\n",
				 i * 2654435761u);

		append(&big, line, n);
	}
	append(&big, m.data, m.len);
	x = xz(&big, LZMA_CHECK_CRC32);
	z = zst(&big);
	CHECK(x.len * 4 < big.len && z.len * 4 < big.len);
	check_image(&x, &big, VENDORBAN_COMP_XZ);
	check_image(&z, &big, VENDORBAN_COMP_ZSTD);
	free(x.data);
	free(z.data);
	free(big.data);
	free(m.data);
}

/* An image over VENDORBAN_MODIMAGE_MAX is malformed with limit set. */
UNIT_TEST(too_large_is_limit)
{
	struct mfile big = { .len = VENDORBAN_MODIMAGE_MAX + 1 };
	struct mfile z, fits;

	big.data = calloc(1, big.len);
	if (!big.data)
		abort();
	z = zst(&big);
	check_malformed(&z, true);
	free(z.data);
	fits = big;
	fits.len = VENDORBAN_MODIMAGE_MAX;
	z = zst(&fits);
	{
		struct vendorban_modimage img;

		CHECK_EQ_INT(vendorban_modimage_from_buf(&img, z.data, z.len,
							 vb_inflate, NULL), 0);
		CHECK(img.data && img.len == VENDORBAN_MODIMAGE_MAX);
		vendorban_modimage_release(&img);
	}
	free(z.data);
	free(big.data);
}

/* A decompressor that always wants more room: bounded tries, then limit. */
static unsigned int calls;

static int never_fits(void *ctx, enum vendorban_comp comp, const u8 *in,
		      size_t in_len, u8 *out, size_t out_cap, size_t *out_len)
{
	calls++;
	CHECK(out_cap <= VENDORBAN_MODIMAGE_MAX);
	return -EFBIG;
}

static int no_memory(void *ctx, enum vendorban_comp comp, const u8 *in,
		     size_t in_len, u8 *out, size_t out_cap, size_t *out_len)
{
	return -ENOMEM;
}

UNIT_TEST(bounded_work_and_enomem)
{
	static const u8 zs[] = { 0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0 };
	struct vendorban_modimage img;

	calls = 0;
	CHECK_EQ_INT(vendorban_modimage_from_buf(&img, zs, sizeof(zs),
						 never_fits, NULL), 0);
	CHECK(img.malformed && img.limit);
	/* 1 MiB doubling to 64 MiB: 7 tries */
	CHECK_EQ_INT(calls, 7);
	CHECK_EQ_INT(vendorban_modimage_from_buf(&img, zs, sizeof(zs),
						 no_memory, NULL), -ENOMEM);
	CHECK(!img.data);
}

UNIT_MAIN(UNIT_CASE(detect_by_magic), UNIT_CASE(plain_module_untouched),
	  UNIT_CASE(xz_and_zstd_images), UNIT_CASE(first_stream_or_frame_only),
	  UNIT_CASE(corrupt_is_malformed),
	  UNIT_CASE(image_larger_than_first_buffer),
	  UNIT_CASE(too_large_is_limit),
	  UNIT_CASE(bounded_work_and_enomem))
