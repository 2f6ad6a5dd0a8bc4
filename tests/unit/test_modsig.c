// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the appended-signature trailer (modsig.c)
 */

#include "fixtures.h"
#include "modsig.h"
#include "pkcs7.h"
#include "unit.h"

#define MAX_SIGS 64
#define TRAILER VENDORBAN_MODSIG_TRAILER_LEN

static struct vendorban_pkcs7 msg;

/* Locates the signature of a whole file held in memory. */
static int locate(const u8 *file, size_t size, struct vendorban_modsig *sig)
{
	size_t n = size < TRAILER ? size : TRAILER;

	return vendorban_modsig_locate(file + size - n, n, size, sig);
}

UNIT_TEST(signed_fixtures)
{
	static struct fixture_sig sigs[MAX_SIGS];
	size_t n = fixture_sigs(sigs, MAX_SIGS), i, size, p7_len, data_len;
	u8 *data = fixture_read("data.bin", &data_len);
	struct vendorban_modsig sig;
	char rel[128];
	unsigned int seen = 0;

	for (i = 0; i < n; i++) {
		u8 *file, *p7;

		if (strstr(sigs[i].name, "-ber"))
			continue;	/* no appended form */
		seen++;
		snprintf(rel, sizeof(rel), "sigs/%s.signed", sigs[i].name);
		file = fixture_read(rel, &size);
		snprintf(rel, sizeof(rel), "sigs/%s.p7s", sigs[i].name);
		p7 = fixture_read(rel, &p7_len);
		CHECK_EQ_INT(locate(file, size, &sig), 0);
		CHECK_EQ_INT(sig.sig_len, p7_len);
		CHECK_EQ_INT(sig.sig_offset, data_len);
		CHECK_EQ_INT(sig.data_len, data_len);
		CHECK(!memcmp(file, data, data_len));
		CHECK(!memcmp(file + sig.sig_offset, p7, p7_len));
		CHECK_EQ_INT(vendorban_pkcs7_parse(file + sig.sig_offset,
						   sig.sig_len, &msg), 0);
		free(p7);
		free(file);
	}
	CHECK(seen >= 32);
	free(data);
}

UNIT_TEST(unsigned_files)
{
	size_t size, n;
	u8 *data = fixture_read("data.bin", &size);
	struct vendorban_modsig sig;

	CHECK_EQ_INT(locate(data, size, &sig), -ENODATA);
	/* Every short prefix of an unsigned file is unsigned too. */
	for (n = 0; n <= TRAILER; n++)
		CHECK_EQ_INT(locate(data, n, &sig), -ENODATA);
	free(data);
}

/* data, a @sig_len-byte blob, the 12-byte info and the magic */
static size_t make_file(u8 *buf, size_t data_len, u32 sig_len, u8 id_type)
{
	size_t n = data_len + sig_len;

	memset(buf, 0xab, n);
	memset(buf + n, 0, VENDORBAN_MODSIG_INFO_LEN);
	buf[n + 2] = id_type;
	buf[n + 8] = sig_len >> 24;
	buf[n + 9] = sig_len >> 16;
	buf[n + 10] = sig_len >> 8;
	buf[n + 11] = sig_len;
	n += VENDORBAN_MODSIG_INFO_LEN;
	memcpy(buf + n, VENDORBAN_MODSIG_MAGIC, VENDORBAN_MODSIG_MAGIC_LEN);
	return n + VENDORBAN_MODSIG_MAGIC_LEN;
}

UNIT_TEST(bogus_info)
{
	static u8 buf[4096];
	struct vendorban_modsig sig;
	size_t size, i;

	size = make_file(buf, 100, 50, 2);
	CHECK_EQ_INT(locate(buf, size, &sig), 0);
	CHECK_EQ_INT(sig.sig_offset, 100);
	CHECK_EQ_INT(sig.sig_len, 50);
	CHECK_EQ_INT(sig.data_len, 100);
	/* The signature may fill the file up to the trailer. */
	size = make_file(buf, 0, 50, 2);
	CHECK_EQ_INT(locate(buf, size, &sig), 0);
	CHECK_EQ_INT(sig.sig_offset, 0);
	/* Wrong id_type, zero or oversized sig_len. */
	size = make_file(buf, 100, 50, 1);
	CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
	size = make_file(buf, 100, 0, 2);
	CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
	size = make_file(buf, 100, 50, 2);
	buf[100 + 50 + 11] = 151;	/* 1 more than data + blob */
	CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
	buf[100 + 50 + 8] = 0xff;	/* ~4 GiB */
	CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
	/* Non-zero algo, hash, signer_len, key_id_len or padding. */
	for (i = 0; i < 8; i++) {
		if (i == 2)
			continue;
		size = make_file(buf, 100, 50, 2);
		buf[150 + i] = 1;
		CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
	}
	/* The magic alone, or with a partial info: a broken trailer. */
	for (i = 0; i < VENDORBAN_MODSIG_INFO_LEN; i++) {
		size = make_file(buf, 0, 0, 2);
		CHECK_EQ_INT(locate(buf + i, size - i, &sig), -EBADMSG);
	}
	/* A damaged magic means no signature. */
	size = make_file(buf, 100, 50, 2);
	buf[size - 1] = '\0';
	CHECK_EQ_INT(locate(buf, size, &sig), -ENODATA);
	buf[size - 1] = '\n';
	buf[size - VENDORBAN_MODSIG_MAGIC_LEN] ^= 1;
	CHECK_EQ_INT(locate(buf, size, &sig), -ENODATA);
}

UNIT_TEST(signature_size_limit)
{
	static u8 buf[VENDORBAN_MODSIG_MAX_SIG + 2 * TRAILER];
	struct vendorban_modsig sig;
	size_t size;

	size = make_file(buf, 1, VENDORBAN_MODSIG_MAX_SIG, 2);
	CHECK_EQ_INT(locate(buf, size, &sig), 0);
	size = make_file(buf, 0, VENDORBAN_MODSIG_MAX_SIG + 1, 2);
	CHECK_EQ_INT(locate(buf, size, &sig), -EBADMSG);
}

UNIT_TEST(inconsistent_arguments)
{
	static u8 buf[256];
	struct vendorban_modsig sig;
	size_t size = make_file(buf, 100, 50, 2);

	/* A trailer longer than the file, or short while the file is not. */
	CHECK_EQ_INT(vendorban_modsig_locate(buf + size - TRAILER, TRAILER, 39,
					     &sig), -EINVAL);
	CHECK_EQ_INT(vendorban_modsig_locate(buf + size - 30, 30, size, &sig),
		     -EINVAL);
	CHECK_EQ_INT(vendorban_modsig_locate(buf, TRAILER + 1, size, &sig),
		     -EINVAL);
}

UNIT_MAIN(UNIT_CASE(signed_fixtures),
	  UNIT_CASE(unsigned_files),
	  UNIT_CASE(bogus_info),
	  UNIT_CASE(signature_size_limit),
	  UNIT_CASE(inconsistent_arguments))
