// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the SignedData parser (kmod/lib/pkcs7.c) on
 * every signing variant of the fixtures, with the extracted signature
 * checked by OpenSSL, and on malformed input.
 */

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "der.h"
#include "fixtures.h"
#include "pkcs7.h"
#include "unit.h"

#define MAX_SIGS 64

static struct vendorban_pkcs7 msg;

static u8 *load_sig(const char *name, size_t *len)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sigs/%s.p7s", name);
	return fixture_read(rel, len);
}

/* Verifies @s over @data (or its signed attributes) with OpenSSL. */
static int openssl_verify(const struct vendorban_signer *s,
			  const char *cert_name, const u8 *data, size_t len)
{
	char rel[128];
	size_t der_len;
	u8 *der, *attrs = NULL;
	const u8 *p;
	X509 *x;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	snprintf(rel, sizeof(rel), "certs/%s.der", cert_name);
	der = fixture_read(rel, &der_len);
	p = der;
	x = d2i_X509(NULL, &p, der_len);
	if (s->signed_attrs.len) {
		/* The digest covers the attributes with a SET tag. */
		attrs = malloc(s->signed_attrs.len);
		memcpy(attrs, s->signed_attrs.data, s->signed_attrs.len);
		attrs[0] = 0x31;
		data = attrs;
		len = s->signed_attrs.len;
	}
	ok = x && ctx &&
	     EVP_DigestVerifyInit(ctx, NULL,
				  EVP_get_digestbyname(vendorban_hash_algo_name(s->digest_algo)),
				  NULL, X509_get0_pubkey(x)) == 1 &&
	     EVP_DigestVerify(ctx, s->signature.data, s->signature.len, data,
			      len) == 1;
	EVP_MD_CTX_free(ctx);
	X509_free(x);
	free(attrs);
	free(der);
	return ok;
}

static void check_signer_identity(const struct fixture_sig *f,
				  const struct vendorban_signer *s)
{
	char want[FIXTURE_LINE_MAX], got[FIXTURE_LINE_MAX];
	struct vendorban_blob serial;

	if (!strcmp(f->mode, "skid")) {
		CHECK_EQ_INT(s->sid_type, VENDORBAN_SID_SKID);
		CHECK_EQ_STR(fixture_hex(s->skid.data, s->skid.len, got),
			     fixture_expect(f->cert, "skid", want, sizeof(want)));
		CHECK(!s->issuer.len && !s->serial.len);
		return;
	}
	CHECK_EQ_INT(s->sid_type, VENDORBAN_SID_ISSUER_SERIAL);
	CHECK(!s->skid.len);
	CHECK_EQ_INT(vendorban_name_format(&s->issuer, got, sizeof(got)), 0);
	CHECK_EQ_STR(got, fixture_expect(f->cert, "issuer", want, sizeof(want)));
	serial = s->serial;
	vendorban_serial_normalize(&serial);
	CHECK_EQ_STR(fixture_hex(serial.data, serial.len, got),
		     fixture_expect(f->cert, "serial", want, sizeof(want)));
}

static bool is_zero(const u8 *p, size_t len)
{
	while (len--) {
		if (*p++)
			return false;
	}
	return true;
}

static void check_embedded(const struct fixture_sig *f)
{
	char want[FIXTURE_LINE_MAX], got[FIXTURE_LINE_MAX];
	const struct vendorban_cert *cert = vendorban_pkcs7_signer_cert(&msg, 0);
	u8 fpr[VENDORBAN_SHA256_LEN];
	unsigned int certs = 0, i;

	if (!strcmp(f->mode, "cert"))
		certs = 1;
	else if (!strcmp(f->mode, "chain"))
		certs = 3;
	CHECK_EQ_INT(msg.nr_certs, certs);
	if (!certs) {
		CHECK_EQ_INT(msg.signers[0].cert, -1);
		CHECK(!cert);
		return;
	}
	CHECK(msg.signers[0].cert >= 0);
	CHECK(cert);
	if (!cert)
		return;
	vendorban_cert_fingerprint(cert, fpr);
	CHECK_EQ_STR(fixture_hex(fpr, 32, got),
		     fixture_expect(f->cert, "fingerprint", want, sizeof(want)));
	CHECK(!cert->is_ca);
	/*
	 * No certificate is hashed by the parse, the signer's neither: the
	 * matcher hashes it when the policy may find its fingerprint.
	 */
	for (i = 0; i < msg.nr_certs; i++) {
		CHECK(!msg.certs[i].hashed);
		CHECK(is_zero(msg.certs[i].fingerprint, 32));
	}
}

static void check_sig(const struct fixture_sig *f, const u8 *data,
		      size_t data_len)
{
	const struct vendorban_signer *s = &msg.signers[0];
	enum vendorban_hash_algo hash;
	u8 md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	size_t len;
	u8 *p7 = load_sig(f->name, &len);

	fprintf(stderr, "  signature %s\n", f->name);
	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
	CHECK_EQ_INT(msg.nr_signers, 1);
	/* openssl cms -stream embeds the content (indefinite-length BER). */
	CHECK_EQ_INT(msg.detached, !strstr(f->name, "-ber"));
	hash = !strcmp(f->hash, "sha256") ? VENDORBAN_HASH_SHA256 :
	       !strcmp(f->hash, "sha384") ? VENDORBAN_HASH_SHA384 :
	       VENDORBAN_HASH_SHA512;
	CHECK_EQ_INT(s->digest_algo, hash);
	CHECK_EQ_STR(vendorban_hash_algo_name(s->digest_algo), f->hash);
	CHECK_EQ_INT(s->pkey_algo, !strcmp(f->pkey, "rsa") ?
		     VENDORBAN_PKEY_RSA : VENDORBAN_PKEY_ECDSA);
	check_signer_identity(f, s);
	check_embedded(f);
	CHECK_EQ_INT(!!s->signed_attrs.len, f->attrs);
	if (f->attrs && s->signed_attrs.len) {
		CHECK_EQ_INT(s->signed_attrs.data[0], 0xa0);
		EVP_Digest(data, data_len, md, &md_len,
			   EVP_get_digestbyname(f->hash), NULL);
		CHECK_EQ_INT(s->message_digest.len, md_len);
		CHECK(s->message_digest.len == md_len &&
		      !memcmp(s->message_digest.data, md, md_len));
		CHECK_EQ_INT(vendorban_hash_algo_size(hash), md_len);
	} else {
		CHECK(!s->message_digest.len);
	}
	CHECK(openssl_verify(s, f->cert, data, data_len));
	free(p7);
}

UNIT_TEST(every_signing_variant)
{
	static struct fixture_sig sigs[MAX_SIGS];
	size_t n = fixture_sigs(sigs, MAX_SIGS), i, data_len;
	u8 *data = fixture_read("data.bin", &data_len);
	unsigned int modes = 0;

	/* 2 vendors x 4 keys x 4 modes, plus attrs, legacy and BER */
	CHECK(n >= 32 + 5);
	for (i = 0; i < n; i++) {
		check_sig(&sigs[i], data, data_len);
		modes |= !strcmp(sigs[i].mode, "nocert") << 0 |
			 !strcmp(sigs[i].mode, "skid") << 1 |
			 !strcmp(sigs[i].mode, "cert") << 2 |
			 !strcmp(sigs[i].mode, "chain") << 3;
	}
	CHECK_EQ_INT(modes, 0xf);
	free(data);
}

UNIT_TEST(forged_signature_does_not_verify)
{
	static struct fixture_sig f = {
		"good-rsa2048-cert", "good-leaf-rsa2048", "cert", "sha256",
		"rsa", 0
	};
	size_t len, data_len;
	u8 *p7 = load_sig(f.name, &len);
	u8 *data = fixture_read("data.bin", &data_len);

	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
	CHECK(openssl_verify(&msg.signers[0], f.cert, data, data_len));
	/* Another key, or other data, fails: the check above can fail. */
	CHECK(!openssl_verify(&msg.signers[0], "other", data, data_len));
	data[0] ^= 1;
	CHECK(!openssl_verify(&msg.signers[0], f.cert, data, data_len));
	free(data);
	free(p7);
}

UNIT_TEST(algorithm_names)
{
	CHECK_EQ_STR(vendorban_hash_algo_name(VENDORBAN_HASH_SHA1), "sha1");
	CHECK_EQ_STR(vendorban_hash_algo_name(VENDORBAN_HASH_SHA224), "sha224");
	CHECK_EQ_STR(vendorban_hash_algo_name(VENDORBAN_HASH_SHA256), "sha256");
	CHECK_EQ_STR(vendorban_hash_algo_name(VENDORBAN_HASH_SHA384), "sha384");
	CHECK_EQ_STR(vendorban_hash_algo_name(VENDORBAN_HASH_SHA512), "sha512");
	CHECK(!vendorban_hash_algo_name(VENDORBAN_HASH_UNKNOWN));
	CHECK(!vendorban_hash_algo_name(99));
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_SHA1), 20);
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_SHA224), 28);
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_SHA256), 32);
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_SHA384), 48);
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_SHA512), 64);
	CHECK_EQ_INT(vendorban_hash_algo_size(VENDORBAN_HASH_UNKNOWN), 0);
}

static void truncations(const char *name)
{
	size_t len, n;
	u8 *p7 = load_sig(name, &len);
	u8 *copy = malloc(len + 1);

	for (n = 0; n < len; n++) {
		memcpy(copy, p7, n);
		if (vendorban_pkcs7_parse(copy, n, &msg) != -EBADMSG) {
			fprintf(stderr, "  %s truncated to %zu accepted\n",
				name, n);
			CHECK(0);
		}
	}
	memcpy(copy, p7, len);
	copy[len] = 0;
	CHECK_EQ_INT(vendorban_pkcs7_parse(copy, len + 1, &msg), -EBADMSG);
	free(copy);
	free(p7);
}

UNIT_TEST(every_truncation_fails)
{
	truncations("banned-p384-chain");
	truncations("banned-rsa2048-ber");
	truncations("good-rsa2048-attrs");
	truncations("banned-p256-skid");
}

UNIT_TEST(flipped_bytes_never_crash)
{
	static const char *const names[] = {
		"good-p256-chain", "banned-rsa2048-ber", "good-p256-attrs",
	};
	char buf[VENDORBAN_NAME_MAX];
	size_t i, n, len, ok = 0;
	unsigned int j;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		u8 *p7 = load_sig(names[i], &len);

		for (n = 0; n < len; n++) {
			p7[n] ^= 0x5a;
			if (!vendorban_pkcs7_parse(p7, len, &msg)) {
				ok++;
				for (j = 0; j < msg.nr_signers; j++)
					vendorban_name_format(&msg.signers[j].issuer,
							      buf, sizeof(buf));
			}
			p7[n] ^= 0x5a;
		}
		CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
		free(p7);
	}
	/* Flipping signature or key bytes leaves the structure intact. */
	CHECK(ok > 0);
}

/* ContentInfo { signedData, [0] { SEQUENCE { @body } } } */
static size_t wrap_signed_data(u8 *out, const u8 *body, size_t len)
{
	static const u8 oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
				  0x0d, 0x01, 0x07, 0x02 };
	static u8 a[1 << 16], b[1 << 16];
	size_t n;

	n = der_put(a, 0x30, body, len);
	n = der_put(b + sizeof(oid), 0xa0, a, n);
	memcpy(b, oid, sizeof(oid));
	return der_put(out, 0x30, b, n + sizeof(oid));
}

/* Reads the next element and enters it. */
static void enter_next(struct vendorban_der *cur, struct vendorban_tlv *tlv)
{
	CHECK_EQ_INT(vendorban_der_next(cur, tlv), 0);
	vendorban_der_enter(tlv, cur);
}

/* The first SignerInfo element of a ContentInfo, found with der.c. */
static struct vendorban_tlv first_signer_info(const u8 *p7, size_t len)
{
	struct vendorban_tlv tlv;
	struct vendorban_der cur;

	vendorban_der_init(&cur, p7, len);
	enter_next(&cur, &tlv);			/* ContentInfo */
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);	/* OID */
	enter_next(&cur, &tlv);			/* [0] */
	enter_next(&cur, &tlv);			/* SignedData */
	/* version, digestAlgorithms (a SET), encapContentInfo, [0] ... */
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	do {
		CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	} while (tlv.tag != VENDORBAN_DER_SET);
	vendorban_der_enter(&tlv, &cur);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	return tlv;
}

/*
 * SignedData with @nr_certs copies of a certificate and @nr_signers
 * copies of a SignerInfo taken from a real signature.
 */
static size_t build(u8 *out, unsigned int nr_certs, unsigned int nr_signers)
{
	static const u8 head[] = {
		0x02, 0x01, 0x01, 0x31, 0x00,
		0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
		0x01, 0x07, 0x01,
	};
	static u8 body[1 << 16], certs[1 << 16], signers[1 << 15];
	size_t len, cert_len, n = sizeof(head), c = 0, s = 0;
	u8 *p7 = load_sig("good-rsa2048-cert", &len);
	struct vendorban_tlv si;
	unsigned int i;

	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
	cert_len = msg.certs[0].der.len;
	si = first_signer_info(p7, len);
	CHECK(si.tag == 0x30 &&
	      si.raw + si.raw_len == msg.signers[0].signature.data +
				     msg.signers[0].signature.len);
	memcpy(body, head, n);
	for (i = 0; i < nr_certs; i++) {
		memcpy(certs + c, msg.certs[0].der.data, cert_len);
		c += cert_len;
	}
	if (nr_certs)
		n += der_put(body + n, 0xa0, certs, c);
	for (i = 0; i < nr_signers; i++) {
		memcpy(signers + s, si.raw, si.raw_len);
		s += si.raw_len;
	}
	n += der_put(body + n, 0x31, signers, s);
	free(p7);
	return wrap_signed_data(out, body, n);
}

UNIT_TEST(limits)
{
	static u8 out[1 << 17];
	size_t n;

	n = build(out, 1, 1);
	CHECK_EQ_INT(vendorban_pkcs7_parse(out, n, &msg), 0);
	CHECK_EQ_INT(msg.signers[0].cert, 0);
	n = build(out, VENDORBAN_MAX_CERTS, VENDORBAN_MAX_SIGNERS);
	CHECK_EQ_INT(vendorban_pkcs7_parse(out, n, &msg), 0);
	CHECK_EQ_INT(msg.nr_certs, VENDORBAN_MAX_CERTS);
	CHECK_EQ_INT(msg.nr_signers, VENDORBAN_MAX_SIGNERS);
	CHECK_EQ_INT(msg.signers[3].cert, 0);
	n = build(out, VENDORBAN_MAX_CERTS + 1, 1);
	CHECK_EQ_INT(vendorban_pkcs7_parse(out, n, &msg), -E2BIG);
	n = build(out, 1, VENDORBAN_MAX_SIGNERS + 1);
	CHECK_EQ_INT(vendorban_pkcs7_parse(out, n, &msg), -E2BIG);
	n = build(out, 0, 0);
	CHECK_EQ_INT(vendorban_pkcs7_parse(out, n, &msg), -EBADMSG);
}

UNIT_TEST(not_signed_data)
{
	static u8 deep[2 * 40 + 2 * 40 + 2];
	size_t len;
	u8 *p7 = load_sig("good-p256-nocert", &len);
	unsigned int i;
	size_t n = 0;

	static const u8 oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
				  0x07, 0x02 };
	u8 *type = memmem(p7, 16, oid, sizeof(oid));

	/* The content type 1.2.840.113549.1.7.2 turned into .1, data. */
	CHECK(type);
	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
	type[8] = 0x01;
	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), -EBADMSG);
	CHECK_EQ_INT(vendorban_pkcs7_parse(NULL, 0, &msg), -EBADMSG);
	/* 40 nested indefinite-length SEQUENCEs */
	for (i = 0; i < 40; i++) {
		deep[n++] = 0x30;
		deep[n++] = 0x80;
	}
	deep[n++] = 0x05;
	deep[n++] = 0x00;
	for (i = 0; i < 40; i++) {
		deep[n++] = 0x00;
		deep[n++] = 0x00;
	}
	CHECK_EQ_INT(vendorban_pkcs7_parse(deep, n, &msg), -EBADMSG);
	free(p7);
}

/* OpenSSL's CMS decoder on @der: whether it takes the message. */
static bool openssl_takes(const u8 *der, size_t len)
{
	const u8 *p = der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, len);
	bool ok = cms != NULL;

	CMS_ContentInfo_free(cms);
	return ok;
}

/*
 * A signer id OpenSSL rejects (a serial that is not a minimal INTEGER,
 * an issuer that is not a Name): the kernel's parser calls the message
 * malformed too, so both sides agree (inspect, test, the kernel).
 */
UNIT_TEST(signer_id_openssl_rejects)
{
	static const char *const kinds[] = {
		"serial-pad", "serial-ff", "issuer-int", "issuer-noval",
	};
	char name[64];
	size_t len, i;
	u8 *p7 = load_sig("banned-rsa2048-nocert", &len);

	CHECK(openssl_takes(p7, len));
	CHECK_EQ_INT(vendorban_pkcs7_parse(p7, len, &msg), 0);
	free(p7);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		snprintf(name, sizeof(name), "bad-sid-%s", kinds[i]);
		p7 = load_sig(name, &len);
		if (openssl_takes(p7, len)) {
			fprintf(stderr, "  %s: OpenSSL takes it\n", name);
			CHECK(0);
		}
		if (vendorban_pkcs7_parse(p7, len, &msg) != -EBADMSG) {
			fprintf(stderr, "  %s: the kernel's parser takes it\n",
				name);
			CHECK(0);
		}
		free(p7);
	}
}

UNIT_MAIN(UNIT_CASE(every_signing_variant),
	  UNIT_CASE(forged_signature_does_not_verify),
	  UNIT_CASE(algorithm_names),
	  UNIT_CASE(every_truncation_fails),
	  UNIT_CASE(flipped_bytes_never_crash),
	  UNIT_CASE(limits),
	  UNIT_CASE(not_signed_data),
	  UNIT_CASE(signer_id_openssl_rejects))
