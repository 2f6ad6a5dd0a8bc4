// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the Authenticode image digest (pe.c's ranges,
 * pkcs7.c's DigestInfo)
 *
 * For every signed PE fixture (osslsigncode, sbsign; SHA-256, SHA-384,
 * SHA-512; PE32 and PE32+; nested signatures): the digest OpenSSL
 * computes over the ranges vendorban_pe_digest_ranges() gives equals the
 * digest the signature signs (vendorban_pkcs7_spc_digest()), which the
 * signing tools computed on their own; one changed byte in a range
 * changes it, one outside (in the certificate table) does not.  Section
 * tables out of reach are refused.
 */

#include <openssl/evp.h>

#include "fixtures.h"
#include "pe.h"
#include "pkcs7.h"
#include "unit.h"

static const char *const signed_pe[] = {
	"pe/good-sha256.pe", "pe/banned-sha384.pe", "pe/banned-p256-sha512.pe",
	"pe/nested.pe", "pe/ts-rfc3161.pe", "pe/ts-legacy.pe",
	"pe/banned-sbsign.pe",
};

static int image_digest(const u8 *f, size_t len, enum vendorban_hash_algo algo,
			u8 *out)
{
	struct vendorban_pe_range r[VENDORBAN_PE_MAX_RANGES];
	struct vendorban_pe_sig w;
	size_t head = len < VENDORBAN_PE_HEAD_LEN ? len : VENDORBAN_PE_HEAD_LEN;
	unsigned int nr, i;
	EVP_MD_CTX *ctx;
	int ret;

	ret = vendorban_pe_locate(f, head, len, &w);
	if (!ret)
		ret = vendorban_pe_digest_ranges(f, head, len, &w, r, &nr);
	if (ret)
		return ret;
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_get_digestbyname(vendorban_hash_algo_name(algo)),
			  NULL);
	for (i = 0; i < nr; i++)
		EVP_DigestUpdate(ctx, f + r[i].offset, r[i].len);
	EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return 0;
}

/* The digest the first signature of @f signs; its table's offset. */
static int signed_digest(const u8 *f, size_t len, struct vendorban_pkcs7 *msg,
			 enum vendorban_hash_algo *algo,
			 struct vendorban_blob *digest, u64 *table)
{
	struct vendorban_blob blob, content;
	struct vendorban_pe_sig w;
	size_t pos = 0;
	int ret;

	ret = vendorban_pe_locate(f, len < VENDORBAN_PE_HEAD_LEN ? len :
				  VENDORBAN_PE_HEAD_LEN, len, &w);
	if (!ret)
		ret = vendorban_pe_next_cert(f + w.table_offset, w.table_len,
					     &pos, &blob);
	if (!ret)
		ret = vendorban_pkcs7_parse(blob.data, blob.len, msg);
	if (!ret)
		ret = vendorban_pkcs7_spc_digest(msg, algo, digest, &content);
	*table = w.table_offset;
	return ret;
}

UNIT_TEST(image_digest_is_the_signed_one)
{
	struct vendorban_pkcs7 *msg = calloc(1, sizeof(*msg));
	struct vendorban_blob digest;
	enum vendorban_hash_algo algo;
	u8 got[EVP_MAX_MD_SIZE];
	unsigned int i;
	size_t len;
	u64 table;
	u8 *f;

	for (i = 0; msg && i < ARRAY_SIZE(signed_pe); i++) {
		f = fixture_read(signed_pe[i], &len);
		CHECK_EQ_INT(signed_digest(f, len, msg, &algo, &digest, &table), 0);
		CHECK_EQ_INT(image_digest(f, len, algo, got), 0);
		CHECK(digest.len && !memcmp(got, digest.data, digest.len));
		/* the certificate table is not in the digest ... */
		f[table + 20] ^= 1;
		CHECK_EQ_INT(image_digest(f, len, algo, got), 0);
		CHECK(!memcmp(got, digest.data, digest.len));
		/* ... the code is */
		f[0x210] ^= 1;
		CHECK_EQ_INT(image_digest(f, len, algo, got), 0);
		CHECK(memcmp(got, digest.data, digest.len));
		free(f);
	}
	free(msg);
}

UNIT_TEST(section_tables_out_of_reach)
{
	struct vendorban_pe_range r[VENDORBAN_PE_MAX_RANGES];
	struct vendorban_pe_sig w;
	unsigned int nr;
	size_t len;
	u8 *f;

	f = fixture_read("pe/good-sha256.pe", &len);
	CHECK_EQ_INT(vendorban_pe_locate(f, VENDORBAN_PE_HEAD_LEN < len ?
					 VENDORBAN_PE_HEAD_LEN : len, len, &w), 0);
	w.nr_sections = VENDORBAN_PE_MAX_SECTIONS + 1;
	CHECK_EQ_INT(vendorban_pe_digest_ranges(f, len, len, &w, r, &nr), -E2BIG);
	w.nr_sections = 1;
	CHECK_EQ_INT(vendorban_pe_digest_ranges(f, w.sections_offset + 39, len,
						&w, r, &nr), -E2BIG);
	/* a section whose data lies past the end of the file */
	CHECK_EQ_INT(vendorban_pe_digest_ranges(f, len, len, &w, r, &nr), 0);
	f[w.sections_offset + 20] = 0xff;
	f[w.sections_offset + 21] = 0xff;
	CHECK_EQ_INT(vendorban_pe_digest_ranges(f, len, len, &w, r, &nr),
		     -EBADMSG);
	free(f);
}

UNIT_MAIN(UNIT_CASE(image_digest_is_the_signed_one),
	  UNIT_CASE(section_tables_out_of_reach))
