// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the X.509 identity parser and the DN renderer
 * (kmod/lib/x509.c), compared with what OpenSSL reports for the test PKI.
 */

#include <openssl/x509.h>

#include "der.h"
#include "fixtures.h"
#include "unit.h"
#include "x509.h"

static const char *const certs[] = {
	"banned-root", "banned-inter", "banned-leaf-rsa2048",
	"banned-leaf-rsa4096", "banned-leaf-p256", "banned-leaf-p384",
	"good-root", "good-inter", "good-leaf-rsa2048", "good-leaf-rsa4096",
	"good-leaf-p256", "good-leaf-p384", "other", "weird-ascii",
	"weird-bmp",
};

static u8 *load_cert(const char *name, size_t *len)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "certs/%s.der", name);
	return fixture_read(rel, len);
}

static void check_cert(const char *name)
{
	char want[FIXTURE_LINE_MAX], got[FIXTURE_LINE_MAX];
	char buf[VENDORBAN_NAME_MAX];
	struct vendorban_cert cert;
	struct vendorban_blob serial;
	size_t len;
	u8 *der = load_cert(name, &len);

	fprintf(stderr, "  certificate %s\n", name);
	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
	CHECK(cert.der.data == der && cert.der.len == len);
	CHECK_EQ_STR(fixture_hex(cert.fingerprint, 32, got),
		     fixture_expect(name, "fingerprint", want, sizeof(want)));
	serial = cert.serial;
	vendorban_serial_normalize(&serial);
	CHECK_EQ_STR(fixture_hex(serial.data, serial.len, got),
		     fixture_expect(name, "serial", want, sizeof(want)));
	CHECK_EQ_STR(fixture_hex(cert.skid.data, cert.skid.len, got),
		     fixture_expect(name, "skid", want, sizeof(want)));
	CHECK_EQ_STR(fixture_hex(cert.akid.data, cert.akid.len, got),
		     fixture_expect(name, "akid", want, sizeof(want)));
	CHECK_EQ_INT(cert.is_ca,
		     atoi(fixture_expect(name, "ca", want, sizeof(want))));
	CHECK_EQ_INT(vendorban_name_format(&cert.subject, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, fixture_expect(name, "subject", want, sizeof(want)));
	CHECK_EQ_INT(vendorban_name_format(&cert.issuer, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, fixture_expect(name, "issuer", want, sizeof(want)));
	/* The TBS and SPKI lie inside the certificate. */
	CHECK(cert.tbs.data > der && cert.tbs.data + cert.tbs.len < der + len);
	CHECK(cert.spki.data > cert.tbs.data && cert.spki.data[0] == 0x30);
	free(der);
}

UNIT_TEST(pki_certificates_match_openssl)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(certs); i++)
		check_cert(certs[i]);
}

UNIT_TEST(subject_cn_and_o)
{
	char want[FIXTURE_LINE_MAX], buf[VENDORBAN_NAME_MAX];
	struct vendorban_cert cert;
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(certs); i++) {
		u8 *der = load_cert(certs[i], &len);

		CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
		CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_O,
						 0, buf, sizeof(buf)), 0);
		CHECK_EQ_STR(buf, fixture_expect(certs[i], "o", want,
						 sizeof(want)));
		CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_O,
						 1, buf, sizeof(buf)), -ENOENT);
		if (strcmp(certs[i], "weird-ascii")) {
			CHECK_EQ_INT(vendorban_name_attr(&cert.subject,
							 VENDORBAN_ATTR_CN, 0,
							 buf, sizeof(buf)), 0);
			CHECK_EQ_STR(buf, fixture_expect(certs[i], "cn", want,
							 sizeof(want)));
		}
		free(der);
	}
}

UNIT_TEST(several_cn_values)
{
	struct vendorban_cert cert;
	char buf[VENDORBAN_NAME_MAX];
	size_t len;
	u8 *der = load_cert("weird-ascii", &len);

	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 0,
					 buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "Multi Valued");
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 1,
					 buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "#hash and trailing ");
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 2,
					 buf, sizeof(buf)), -ENOENT);
	CHECK_EQ_STR(buf, "");
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, 7, 0, buf,
					 sizeof(buf)), -EINVAL);
	free(der);
}

UNIT_TEST(small_buffers)
{
	struct vendorban_cert cert;
	char buf[VENDORBAN_NAME_MAX], full[VENDORBAN_NAME_MAX];
	size_t len, need, size;
	u8 *der = load_cert("weird-ascii", &len);

	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
	CHECK_EQ_INT(vendorban_name_format(&cert.subject, full, sizeof(full)),
		     0);
	need = strlen(full) + 1;
	for (size = 0; size < need; size++) {
		memset(buf, 'x', sizeof(buf));
		CHECK_EQ_INT(vendorban_name_format(&cert.subject, buf, size),
			     -ENOSPC);
		/* Nothing is written past @size; what is there is a string. */
		CHECK(buf[size] == 'x');
		CHECK(!size || buf[0] == '\0');
	}
	CHECK_EQ_INT(vendorban_name_format(&cert.subject, buf, need), 0);
	CHECK_EQ_STR(buf, full);
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 0,
					 buf, 12), -ENOSPC);
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 0,
					 buf, 13), 0);
	CHECK_EQ_INT(vendorban_name_attr(&cert.subject, VENDORBAN_ATTR_CN, 0,
					 buf, 0), -ENOSPC);
	free(der);
}

UNIT_TEST(serial_normalize)
{
	static const u8 s1[] = { 0x00, 0x80, 0x01 };
	static const u8 s2[] = { 0x00 };
	static const u8 s3[] = { 0x00, 0x00, 0x00 };
	static const u8 s4[] = { 0x7f, 0x00 };
	struct vendorban_blob b;

	b = (struct vendorban_blob){ s1, sizeof(s1) };
	vendorban_serial_normalize(&b);
	CHECK(b.data == s1 + 1 && b.len == 2);
	b = (struct vendorban_blob){ s2, sizeof(s2) };
	vendorban_serial_normalize(&b);
	CHECK(b.data == s2 && b.len == 1);
	b = (struct vendorban_blob){ s3, sizeof(s3) };
	vendorban_serial_normalize(&b);
	CHECK(b.data == s3 + 2 && b.len == 1);
	b = (struct vendorban_blob){ s4, sizeof(s4) };
	vendorban_serial_normalize(&b);
	CHECK(b.data == s4 && b.len == 2);
}

/* Builds a Name of single-valued RDNs from (OID, value element) pairs. */
static size_t make_name(u8 *out, const u8 *const *atvs, const size_t *lens,
			size_t n)
{
	u8 rdns[1024], atv[256], set[300];
	size_t i, rlen = 0, alen, slen;

	for (i = 0; i < n; i++) {
		alen = der_put(atv, 0x30, atvs[i], lens[i]);
		slen = der_put(set, 0x31, atv, alen);
		memcpy(rdns + rlen, set, slen);
		rlen += slen;
	}
	return der_put(out, 0x30, rdns, rlen);
}

static int format(const u8 *name, size_t len, char *buf)
{
	struct vendorban_blob b = { name, len };

	return vendorban_name_format(&b, buf, VENDORBAN_NAME_MAX);
}

UNIT_TEST(escapes_and_string_types)
{
	/* CN (UTF8String): backslash, control characters, DEL, ' #' */
	static const u8 a1[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x07,
				 ' ', 'a', '\\', 0x0a, 0x7f, '#', ' ' };
	/* 1.2.3.4 = "x": a dotted OID, value in hex */
	static const u8 a2[] = { 0x06, 0x03, 0x2a, 0x03, 0x04, 0x0c, 0x01,
				 'x' };
	/* O (BMPString) "Ü=" */
	static const u8 a3[] = { 0x06, 0x03, 0x55, 0x04, 0x0a, 0x1e, 0x04,
				 0x00, 0xdc, 0x00, '=' };
	/* OU (UniversalString) U+1F600 */
	static const u8 a4[] = { 0x06, 0x03, 0x55, 0x04, 0x0b, 0x1c, 0x04,
				 0x00, 0x01, 0xf6, 0x00 };
	/* L as an INTEGER: not a string */
	static const u8 a5[] = { 0x06, 0x03, 0x55, 0x04, 0x07, 0x02, 0x01,
				 0x2a };
	/* 2.999.1 (first arc 2, sub-identifier 1079) = PrintableString */
	static const u8 a6[] = { 0x06, 0x03, 0x88, 0x37, 0x01, 0x13, 0x00 };
	const u8 *const atvs[] = { a1, a2, a3, a4, a5, a6 };
	const size_t lens[] = { sizeof(a1), sizeof(a2), sizeof(a3),
				sizeof(a4), sizeof(a5), sizeof(a6) };
	char buf[VENDORBAN_NAME_MAX];
	u8 name[1024];
	size_t len = make_name(name, atvs, lens, 6);
	struct vendorban_blob b = { name, len };

	CHECK_EQ_INT(format(name, len, buf), 0);
	CHECK_EQ_STR(buf, "2.999.1=#1300,L=#02012A,OU=\xf0\x9f\x98\x80,"
		     "O=\xc3\x9c=,1.2.3.4=#0C0178,CN=\\ a\\\\\\0A\\7F#\\ ");
	CHECK_EQ_INT(vendorban_name_attr(&b, VENDORBAN_ATTR_CN, 0, buf,
					 sizeof(buf)), 0);
	CHECK_EQ_STR(buf, " a\\\x0a\x7f# ");
	CHECK_EQ_INT(vendorban_name_attr(&b, VENDORBAN_ATTR_O, 0, buf,
					 sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "\xc3\x9c=");
}

UNIT_TEST(bad_names)
{
	/* NUL inside a CN: rendered escaped, refused as an attribute */
	static const u8 nul[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x03,
				  'a', 0x00, 'b' };
	/* odd-length BMPString, surrogate, code point over U+10FFFF */
	static const u8 odd[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x03,
				  0x00, 'a', 0x00 };
	static const u8 sur[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x02,
				  0xd8, 0x00 };
	static const u8 big[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x1c, 0x04,
				  0x00, 0x11, 0x00, 0x00 };
	/* CN as an OCTET STRING */
	static const u8 oct[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x04, 0x01,
				  'a' };
	/* bad OIDs: non-minimal, unterminated; and an extra element */
	static const u8 oid1[] = { 0x06, 0x02, 0x80, 0x01, 0x0c, 0x00 };
	static const u8 oid2[] = { 0x06, 0x01, 0x81, 0x0c, 0x00 };
	static const u8 extra[] = { 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00,
				    0x05, 0x00 };
	static const u8 empty_rdn[] = { 0x30, 0x02, 0x31, 0x00 };
	static const u8 trailing[] = { 0x30, 0x00, 0x00 };
	static const u8 empty[] = { 0x30, 0x00 };
	const u8 *const one[1] = { nul };
	char buf[VENDORBAN_NAME_MAX];
	size_t lens[1] = { sizeof(nul) };
	struct vendorban_blob b;
	u8 name[256];
	size_t len;

	len = make_name(name, one, lens, 1);
	b = (struct vendorban_blob){ name, len };
	CHECK_EQ_INT(format(name, len, buf), 0);
	CHECK_EQ_STR(buf, "CN=a\\00b");
	CHECK_EQ_INT(vendorban_name_attr(&b, VENDORBAN_ATTR_CN, 0, buf,
					 sizeof(buf)), -EBADMSG);

#define BAD(v, err) do {						\
		const u8 *const a[1] = { v };				\
		size_t l[1] = { sizeof(v) };				\
		len = make_name(name, a, l, 1);				\
		CHECK_EQ_INT(format(name, len, buf), err);		\
		CHECK_EQ_STR(buf, "");					\
	} while (0)
	BAD(odd, -EBADMSG);
	BAD(sur, -EBADMSG);
	BAD(big, -EBADMSG);
	BAD(oid1, -EBADMSG);
	BAD(oid2, -EBADMSG);
	BAD(extra, -EBADMSG);
#undef BAD
	{
		const u8 *const a[1] = { oct };
		size_t l[1] = { sizeof(oct) };

		len = make_name(name, a, l, 1);
		b = (struct vendorban_blob){ name, len };
		CHECK_EQ_INT(format(name, len, buf), 0);
		CHECK_EQ_STR(buf, "CN=#040161");
		CHECK_EQ_INT(vendorban_name_attr(&b, VENDORBAN_ATTR_CN, 0, buf,
						 sizeof(buf)), -EOPNOTSUPP);
	}
	CHECK_EQ_INT(format(empty_rdn, sizeof(empty_rdn), buf), -EBADMSG);
	CHECK_EQ_INT(format(trailing, sizeof(trailing), buf), -EBADMSG);
	CHECK_EQ_INT(format(empty, sizeof(empty), buf), 0);
	CHECK_EQ_STR(buf, "");
	CHECK_EQ_INT(format(empty, 1, buf), -EBADMSG);
}

static void count_value(void *ctx, const char *value)
{
	(void)value;
	(*(size_t *)ctx)++;
}

UNIT_TEST(huge_name_is_bounded)
{
	/* 20000 RDNs "C=" cannot fit: refused before any quadratic work. */
	static const u8 rdn[] = { 0x31, 0x07, 0x30, 0x05, 0x06, 0x03, 0x55,
				  0x04, 0x06 };
	size_t n = 20000, i, len;
	u8 *name = malloc(n * 11 + 8);
	char buf[VENDORBAN_NAME_MAX];
	struct vendorban_blob b;

	/* C with no value: the element after the OID is missing. */
	name[0] = 0x30;
	name[1] = 0x83;
	len = 5;
	for (i = 0; i < n; i++) {
		memcpy(name + len, rdn, sizeof(rdn));
		name[len + 1] = 0x09;
		name[len + 3] = 0x07;
		name[len + 9] = 0x13;
		name[len + 10] = 0x00;
		len += 11;
	}
	name[2] = (len - 5) >> 16;
	name[3] = (len - 5) >> 8;
	name[4] = len - 5;
	b = (struct vendorban_blob){ name, len };
	CHECK_EQ_INT(vendorban_name_format(&b, buf, sizeof(buf)), -ENOSPC);
	/* too many attributes to search: reported, not "no O" */
	CHECK_EQ_INT(vendorban_name_attr(&b, VENDORBAN_ATTR_O, 0, buf,
					 sizeof(buf)), -E2BIG);
	CHECK_EQ_INT(vendorban_name_attr_each(&b, VENDORBAN_ATTR_O, buf,
					      sizeof(buf), count_value, &i),
		     -E2BIG);
	free(name);
}

/* A Name of @n RDNs "C=" (an empty PrintableString), in @name. */
static size_t c_name(u8 *name, size_t n)
{
	static const u8 rdn[] = { 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55,
				  0x04, 0x06, 0x13, 0x00 };
	size_t i, len = 4;

	for (i = 0; i < n; i++, len += sizeof(rdn))
		memcpy(name + len, rdn, sizeof(rdn));
	name[0] = 0x30;
	name[1] = 0x82;
	name[2] = (len - 4) >> 8;
	name[3] = len - 4;
	return len;
}

/*
 * A Name of VENDORBAN_NAME_MAX_ATTRS attributes is checked; one more is a
 * limit (-E2BIG), and so is a longer one, however it ends.
 */
UNIT_TEST(name_attribute_cap)
{
	static const size_t n[] = { 1, VENDORBAN_NAME_MAX_ATTRS,
				    VENDORBAN_NAME_MAX_ATTRS + 1, 200 };
	u8 name[4 + 11 * 200];
	struct vendorban_der cur;
	struct vendorban_tlv tlv;
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(n); i++) {
		len = c_name(name, n[i]);
		vendorban_der_init(&cur, name, len);
		CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
		CHECK_EQ_INT(vendorban_name_check(&tlv),
			     n[i] > VENDORBAN_NAME_MAX_ATTRS ? -E2BIG : 0);
	}
	/* malformed after the cap (no OID): the limit is found first */
	len = c_name(name, VENDORBAN_NAME_MAX_ATTRS + 2);
	name[len - 7] = 0x02;
	vendorban_der_init(&cur, name, len);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	CHECK_EQ_INT(vendorban_name_check(&tlv), -E2BIG);
	/* and before it, malformed */
	len = c_name(name, 3);
	name[len - 7] = 0x02;
	vendorban_der_init(&cur, name, len);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	CHECK_EQ_INT(vendorban_name_check(&tlv), -EBADMSG);
}

/*
 * A Name equal byte for byte to one already checked is not walked again
 * (the certificates of a set often share an issuer); any other is.
 */
UNIT_TEST(name_checked_once)
{
	u8 name[4 + 11 * 40], other[4 + 11 * 40];
	struct vendorban_blob known;
	struct vendorban_der cur;
	struct vendorban_tlv tlv;
	size_t len;

	len = c_name(name, VENDORBAN_NAME_MAX_ATTRS + 1);
	known = (struct vendorban_blob){ name, len };
	vendorban_der_init(&cur, name, len);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	/* over the cap: only a check that did not happen returns 0 */
	CHECK_EQ_INT(vendorban_name_check_known(&tlv, &known), 0);
	c_name(other, VENDORBAN_NAME_MAX_ATTRS + 1);
	other[len - 1] = 0x01;	/* same length, not the same bytes */
	other[len - 2] = 0x13;
	known = (struct vendorban_blob){ other, len };
	CHECK_EQ_INT(vendorban_name_check_known(&tlv, &known), -E2BIG);
	known = (struct vendorban_blob){ NULL, 0 };
	CHECK_EQ_INT(vendorban_name_check_known(&tlv, &known), -E2BIG);
}

/*
 * The longest names that fit render exactly (in linear time: every
 * attribute is placed from the end, not found again from the start).
 */
UNIT_TEST(long_name_renders_reversed)
{
	static const u8 rdn[] = { 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55,
				  0x04, 0x06, 0x13, 0x00 };
	static const u8 first[] = { 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55,
				    0x04, 0x06, 0x13, 0x01, 'x' };
	char buf[VENDORBAN_NAME_MAX], want[VENDORBAN_NAME_MAX];
	u8 name[4 + sizeof(first) + 171 * sizeof(rdn)];
	struct vendorban_blob b;
	size_t n, i, len;

	for (n = 170; n <= 171; n++) {
		/* the first encoded RDN is C=x, the others C= */
		len = 4;
		memcpy(name + len, first, sizeof(first));
		len += sizeof(first);
		for (i = 1; i < n; i++, len += sizeof(rdn))
			memcpy(name + len, rdn, sizeof(rdn));
		name[0] = 0x30;
		name[1] = 0x82;
		name[2] = (len - 4) >> 8;
		name[3] = (len - 4) & 0xff;
		b = (struct vendorban_blob){ name, len };
		want[0] = '\0';
		for (i = 1; i < n && n == 170; i++)
			strcat(want, "C=,");
		strcat(want, "C=x");
		if (n == 170) {
			CHECK_EQ_INT(vendorban_name_format(&b, buf, sizeof(buf)),
				     0);
			CHECK_EQ_STR(buf, want);
		} else {
			/* 513 characters do not fit in 512 with the NUL */
			CHECK_EQ_INT(vendorban_name_format(&b, buf, sizeof(buf)),
				     -ENOSPC);
		}
	}
}

/* A minimal certificate with the given extensions (raw list contents). */
static size_t make_cert(u8 *out, const u8 *exts, size_t exts_len)
{
	static const u8 head[] = {
		0xa0, 0x03, 0x02, 0x01, 0x02,	/* version 3 */
		0x02, 0x02, 0x00, 0x81,		/* serial 00 81 */
		0x30, 0x03, 0x06, 0x01, 0x2a,	/* signature */
		0x30, 0x00,			/* issuer */
		0x30, 0x00,			/* validity */
		0x30, 0x00,			/* subject */
		0x30, 0x03, 0x06, 0x01, 0x2a,	/* spki */
	};
	static const u8 tail[] = {
		0x30, 0x03, 0x06, 0x01, 0x2a, 0x03, 0x01, 0x00
	};
	u8 tbs[1024], body[1200], seq[1100];
	size_t n = sizeof(head), m;

	memcpy(tbs, head, n);
	if (exts) {
		m = der_put(seq, 0x30, exts, exts_len);
		n += der_put(tbs + n, 0xa3, seq, m);
	}
	m = der_put(body, 0x30, tbs, n);
	memcpy(body + m, tail, sizeof(tail));
	return der_put(out, 0x30, body, m + sizeof(tail));
}

UNIT_TEST(extensions)
{
	/* basicConstraints cA TRUE, SKID 01 02, AKID [0] 03 */
	static const u8 exts[] = {
		0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff,
		0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff,
		0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x0e,
		0x04, 0x04, 0x04, 0x02, 0x01, 0x02,
		0x30, 0x0c, 0x06, 0x03, 0x55, 0x1d, 0x23,
		0x04, 0x05, 0x30, 0x03, 0x80, 0x01, 0x03,
	};
	static const u8 dup[] = {
		0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x0e,
		0x04, 0x04, 0x04, 0x02, 0x01, 0x02,
		0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x0e,
		0x04, 0x04, 0x04, 0x02, 0x01, 0x03,
	};
	static const u8 bad_skid[] = {
		0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x0e,
		0x04, 0x04, 0x02, 0x02, 0x01, 0x02,
	};
	struct vendorban_cert cert;
	u8 der[1300];
	size_t len;

	len = make_cert(der, NULL, 0);
	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
	CHECK(!cert.is_ca && !cert.skid.len && !cert.akid.len);
	CHECK(cert.serial.len == 2 && cert.serial.data[1] == 0x81);
	len = make_cert(der, exts, sizeof(exts));
	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), 0);
	CHECK(cert.is_ca);
	CHECK(cert.skid.len == 2 && cert.skid.data[1] == 0x02);
	CHECK(cert.akid.len == 1 && cert.akid.data[0] == 0x03);
	len = make_cert(der, dup, sizeof(dup));
	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), -EBADMSG);
	len = make_cert(der, bad_skid, sizeof(bad_skid));
	CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), -EBADMSG);
}

UNIT_TEST(malformed_certificates)
{
	size_t len, n;
	u8 *der = load_cert("good-leaf-p384", &len);
	u8 *copy = malloc(len + 1);
	struct vendorban_cert cert;

	/* Every truncation fails. */
	for (n = 0; n < len; n++) {
		memcpy(copy, der, n);
		if (vendorban_x509_parse(copy, n, &cert) != -EBADMSG) {
			fprintf(stderr, "  truncation to %zu accepted\n", n);
			CHECK(0);
		}
	}
	/* Trailing data is refused. */
	memcpy(copy, der, len);
	copy[len] = 0;
	CHECK_EQ_INT(vendorban_x509_parse(copy, len + 1, &cert), -EBADMSG);
	/* Flipped bytes never crash; names stay renderable or fail cleanly. */
	for (n = 0; n < len; n++) {
		char buf[VENDORBAN_NAME_MAX];

		memcpy(copy, der, len);
		copy[n] ^= 0xff;
		if (!vendorban_x509_parse(copy, len, &cert)) {
			vendorban_name_format(&cert.subject, buf, sizeof(buf));
			vendorban_name_format(&cert.issuer, buf, sizeof(buf));
		}
	}
	free(copy);
	free(der);
}

/*
 * A certificate whose serial is not a minimal INTEGER, or whose issuer is
 * not a Name: OpenSSL refuses it, so does the kernel's parser.
 */
UNIT_TEST(certificates_openssl_rejects)
{
	static const char *const names[] = {
		"bad-cert-serial-pad", "bad-cert-issuer-int",
	};
	struct vendorban_cert cert;
	const u8 *p;
	size_t len, i;
	X509 *x;
	u8 *der;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		der = load_cert(names[i], &len);
		p = der;
		x = d2i_X509(NULL, &p, len);
		CHECK(!x);
		X509_free(x);
		CHECK_EQ_INT(vendorban_x509_parse(der, len, &cert), -EBADMSG);
		free(der);
	}
}

UNIT_MAIN(UNIT_CASE(pki_certificates_match_openssl),
	  UNIT_CASE(subject_cn_and_o),
	  UNIT_CASE(several_cn_values),
	  UNIT_CASE(small_buffers),
	  UNIT_CASE(serial_normalize),
	  UNIT_CASE(escapes_and_string_types),
	  UNIT_CASE(bad_names),
	  UNIT_CASE(huge_name_is_bounded),
	  UNIT_CASE(name_attribute_cap),
	  UNIT_CASE(name_checked_once),
	  UNIT_CASE(long_name_renders_reversed),
	  UNIT_CASE(extensions),
	  UNIT_CASE(malformed_certificates),
	  UNIT_CASE(certificates_openssl_rejects))
