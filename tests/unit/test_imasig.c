// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the security.ima signature parser
 *
 * The signatures are what `evmctl ima_sign --sigfile` writes
 * (make-pe-fixtures.sh); the expected key id is the end of the signing
 * certificate's SKID as OpenSSL prints it.
 */

#include "fixtures.h"
#include "imasig.h"
#include "unit.h"

UNIT_TEST(evmctl_signatures)
{
	char path[FIXTURE_PATH_MAX], name[64], cert[64], hash[16];
	char skid[FIXTURE_LINE_MAX], got[16], rel[128];
	struct vendorban_imasig sig;
	unsigned int n = 0;
	size_t len;
	FILE *f;
	u8 *x;

	snprintf(path, sizeof(path), "%s/ima/ima.list", fixture_dir());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(2);
	}
	while (fscanf(f, "%63s %63s %15s", name, cert, hash) == 3) {
		fprintf(stderr, "  ima %s\n", name);
		snprintf(rel, sizeof(rel), "ima/%s.sig", name);
		x = fixture_read(rel, &len);
		memset(&sig, 0, sizeof(sig));
		CHECK_EQ_INT(vendorban_imasig_parse(x, len, &sig), 0);
		fixture_expect(cert, "skid", skid, sizeof(skid));
		CHECK(strlen(skid) >= 8);
		CHECK_EQ_STR(fixture_hex(sig.keyid, 4, got),
			     skid + strlen(skid) - 8);
		CHECK_EQ_STR(vendorban_hash_algo_name(sig.digest_algo), hash);
		CHECK(sig.signature.data == x + 9);
		CHECK_EQ_INT(sig.signature.len, len - 9);
		/* one byte more or less breaks the length */
		CHECK_EQ_INT(vendorban_imasig_parse(x, len - 1, &sig), -EBADMSG);
		free(x);
		n++;
	}
	fclose(f);
	CHECK_EQ_INT(n, 3);
}

UNIT_TEST(malformed_and_other_types)
{
	u8 x[16] = { 0x03, 0x02, 0x04, 1, 2, 3, 4, 0x00, 0x07, 9, 9, 9, 9, 9,
		     9, 9 };
	struct vendorban_imasig sig;
	u8 y[16];

	CHECK_EQ_INT(vendorban_imasig_parse(x, 16, &sig), 0);
	CHECK_EQ_INT(sig.ima_algo, 4);
	CHECK_EQ_INT(sig.digest_algo, VENDORBAN_HASH_SHA256);
	CHECK(!memcmp(sig.keyid, "\x01\x02\x03\x04", 4));
	/* trailing byte, truncated header, empty value */
	memcpy(y, x, 16);
	y[8] = 6;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), -EBADMSG);
	CHECK_EQ_INT(vendorban_imasig_parse(x, 8, &sig), -EBADMSG);
	CHECK_EQ_INT(vendorban_imasig_parse(x, 0, &sig), -ENODATA);
	/* empty signature */
	y[8] = 0;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 9, &sig), -EBADMSG);
	/* version 1 digsig */
	memcpy(y, x, 16);
	y[1] = 1;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), -EBADMSG);
	/* IMA_XATTR_DIGEST_NG, IMA_XATTR_DIGEST, modsig: not a signature */
	y[0] = 0x04;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), -ENODATA);
	y[0] = 0x01;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), -ENODATA);
	y[0] = 0x05;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), -ENODATA);
	/* unknown hash: parsed, named unknown */
	memcpy(y, x, 16);
	y[2] = 17;
	CHECK_EQ_INT(vendorban_imasig_parse(y, 16, &sig), 0);
	CHECK_EQ_INT(sig.digest_algo, VENDORBAN_HASH_UNKNOWN);
}

UNIT_MAIN(UNIT_CASE(evmctl_signatures), UNIT_CASE(malformed_and_other_types))
