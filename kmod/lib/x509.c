// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - X.509 certificate fields that identify a signer
 *
 * Extracts the identity of a certificate (serial, issuer, subject, key
 * identifiers, fingerprint) and renders distinguished names as RFC 4514
 * text.  No signature is checked here and nothing is allocated.
 */

#include "der.h"
#include "x509.h"

static const u8 oid_skid[] = { 0x55, 0x1d, 0x0e };		/* 2.5.29.14 */
static const u8 oid_akid[] = { 0x55, 0x1d, 0x23 };		/* 2.5.29.35 */
static const u8 oid_basic[] = { 0x55, 0x1d, 0x13 };		/* 2.5.29.19 */
static const u8 oid_cn[] = { 0x55, 0x04, 0x03 };		/* 2.5.4.3 */
static const u8 oid_serial_number[] = { 0x55, 0x04, 0x05 };	/* 2.5.4.5 */
static const u8 oid_c[] = { 0x55, 0x04, 0x06 };			/* 2.5.4.6 */
static const u8 oid_l[] = { 0x55, 0x04, 0x07 };			/* 2.5.4.7 */
static const u8 oid_st[] = { 0x55, 0x04, 0x08 };		/* 2.5.4.8 */
static const u8 oid_street[] = { 0x55, 0x04, 0x09 };		/* 2.5.4.9 */
static const u8 oid_o[] = { 0x55, 0x04, 0x0a };			/* 2.5.4.10 */
static const u8 oid_ou[] = { 0x55, 0x04, 0x0b };		/* 2.5.4.11 */
/* 2.5.4.97 organizationIdentifier (eIDAS, ETSI EN 319 412-1) */
static const u8 oid_org_id[] = { 0x55, 0x04, 0x61 };
/* 1.3.6.1.4.1.311.60.2.1.3 jurisdictionCountryName (CA/B Forum EV) */
static const u8 oid_jur_c[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03
};

/* 0.9.2342.19200300.100.1.25 */
static const u8 oid_dc[] = {
	0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19
};

/* 0.9.2342.19200300.100.1.1 */
static const u8 oid_uid[] = {
	0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01
};

/* 1.2.840.113549.1.9.1 */
static const u8 oid_email[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01
};

struct attr_name {
	const u8 *oid;
	size_t oid_len;
	const char *name;
};

#define ATTR_NAME(o, n) { o, sizeof(o), n }

static const struct attr_name attr_names[] = {
	ATTR_NAME(oid_cn, "CN"),
	ATTR_NAME(oid_l, "L"),
	ATTR_NAME(oid_st, "ST"),
	ATTR_NAME(oid_o, "O"),
	ATTR_NAME(oid_ou, "OU"),
	ATTR_NAME(oid_c, "C"),
	ATTR_NAME(oid_street, "STREET"),
	ATTR_NAME(oid_dc, "DC"),
	ATTR_NAME(oid_uid, "UID"),
	ATTR_NAME(oid_email, "emailAddress"),
	ATTR_NAME(oid_serial_number, "serialNumber"),
};

/* Extensions seen so far, to reject duplicates. */
#define EXT_SEEN_SKID	0x1
#define EXT_SEEN_AKID	0x2
#define EXT_SEEN_BASIC	0x4

/* String types whose octets are rendered as they are. */
#define DER_NUMERIC_STRING	0x12
#define DER_VISIBLE_STRING	0x1a

static void set_blob(struct vendorban_blob *blob, const u8 *data, size_t len)
{
	blob->data = len ? data : NULL;
	blob->len = len;
}

/* Reads the single element of @outer's contents, which must have @tag. */
static int read_only_child(const struct vendorban_blob *outer, u8 tag,
			   struct vendorban_tlv *tlv)
{
	struct vendorban_der cur;
	int ret;

	vendorban_der_init(&cur, outer->data, outer->len);
	ret = vendorban_der_expect(&cur, tag, tlv);
	if (ret)
		return ret;
	return vendorban_der_empty(&cur) ? 0 : -EBADMSG;
}

static int parse_skid(const struct vendorban_blob *val,
		      struct vendorban_cert *cert)
{
	struct vendorban_tlv kid;
	int ret;

	ret = read_only_child(val, VENDORBAN_DER_OCTET_STRING, &kid);
	if (ret)
		return ret;
	set_blob(&cert->skid, kid.val, kid.len);
	return 0;
}

static int parse_akid(const struct vendorban_blob *val,
		      struct vendorban_cert *cert)
{
	struct vendorban_tlv seq, kid;
	struct vendorban_der cur;
	int ret;

	ret = read_only_child(val, VENDORBAN_DER_SEQUENCE, &seq);
	if (ret)
		return ret;
	vendorban_der_enter(&seq, &cur);
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_PRIM(0), &kid);
	if (ret < 0)
		return ret;
	if (ret)
		set_blob(&cert->akid, kid.val, kid.len);
	return 0;
}

static int parse_basic_constraints(const struct vendorban_blob *val,
				   struct vendorban_cert *cert)
{
	struct vendorban_tlv seq, ca;
	struct vendorban_der cur;
	int ret;

	ret = read_only_child(val, VENDORBAN_DER_SEQUENCE, &seq);
	if (ret)
		return ret;
	vendorban_der_enter(&seq, &cur);
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_BOOLEAN, &ca);
	if (ret < 0)
		return ret;
	if (ret) {
		if (ca.len != 1)
			return -EBADMSG;
		cert->is_ca = ca.val[0] != 0;
	}
	return 0;
}

/* Parses one Extension; @seen collects the ones already found. */
static int parse_extension(const struct vendorban_tlv *ext,
			   struct vendorban_cert *cert, unsigned int *seen)
{
	struct vendorban_tlv id, crit, val;
	struct vendorban_blob blob;
	struct vendorban_der cur;
	unsigned int bit;
	int ret;

	vendorban_der_enter(ext, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_OID, &id);
	if (ret)
		return ret;
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_BOOLEAN, &crit);
	if (ret < 0)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_OCTET_STRING, &val);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;

	blob.data = val.val;
	blob.len = val.len;
	if (vendorban_der_oid_equal(&id, oid_skid, sizeof(oid_skid))) {
		bit = EXT_SEEN_SKID;
		ret = parse_skid(&blob, cert);
	} else if (vendorban_der_oid_equal(&id, oid_akid, sizeof(oid_akid))) {
		bit = EXT_SEEN_AKID;
		ret = parse_akid(&blob, cert);
	} else if (vendorban_der_oid_equal(&id, oid_basic, sizeof(oid_basic))) {
		bit = EXT_SEEN_BASIC;
		ret = parse_basic_constraints(&blob, cert);
	} else {
		return 0;
	}
	/* RFC 5280 4.2: an extension appears at most once. */
	if (*seen & bit)
		return -EBADMSG;
	*seen |= bit;
	return ret;
}

static int parse_extensions(const struct vendorban_tlv *exts,
			    struct vendorban_cert *cert)
{
	struct vendorban_tlv list, ext;
	struct vendorban_der cur;
	unsigned int seen = 0;
	int ret;

	vendorban_der_enter(exts, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &list);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	vendorban_der_enter(&list, &cur);
	while (!vendorban_der_empty(&cur)) {
		ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &ext);
		if (ret)
			return ret;
		ret = parse_extension(&ext, cert, &seen);
		if (ret)
			return ret;
	}
	return 0;
}

/* What vendorban_name_check_known() knows of @cert's subject or issuer. */
static void name_seen(struct vendorban_name_seen *seen,
		      const struct vendorban_cert *cert, bool subject)
{
	if (!cert) {
		memset(seen, 0, sizeof(*seen));
		return;
	}
	seen->name = subject ? cert->subject : cert->issuer;
	seen->elems = subject ? cert->subject_elems : cert->issuer_elems;
}

/*
 * Reads the issuer or the @subject Name of @cert from @cur and checks it,
 * unless it is the same one of @prev or @hint byte for byte (a Name that
 * passed the check; its elements are charged all the same).
 */
static int read_name(struct vendorban_der *cur, struct vendorban_cert *cert,
		     const struct vendorban_cert *prev,
		     const struct vendorban_cert *hint, bool subject)
{
	struct vendorban_name_seen known[2];
	struct vendorban_tlv tlv;
	unsigned int elems;
	int ret;

	ret = vendorban_der_expect(cur, VENDORBAN_DER_SEQUENCE, &tlv);
	if (ret)
		return ret;
	name_seen(&known[0], prev, subject);
	name_seen(&known[1], hint, subject);
	ret = vendorban_name_check_known(&tlv, known, ARRAY_SIZE(known),
					 &elems);
	if (ret)
		return ret;
	if (subject) {
		set_blob(&cert->subject, tlv.raw, tlv.raw_len);
		cert->subject_elems = elems;
	} else {
		set_blob(&cert->issuer, tlv.raw, tlv.raw_len);
		cert->issuer_elems = elems;
	}
	return 0;
}

/*
 * @prev: the certificate parsed before this one in the same set, or NULL,
 * and @hint, the one at the same place in the message parsed before, or
 * NULL: a name equal to their issuer or subject is not walked again.
 */
static int parse_tbs(const struct vendorban_tlv *tbs,
		     struct vendorban_cert *cert,
		     const struct vendorban_cert *prev,
		     const struct vendorban_cert *hint)
{
	struct vendorban_tlv tlv;
	struct vendorban_der cur;
	int ret;

	vendorban_der_enter(tbs, &cur);
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(0), &tlv);
	if (ret < 0)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_INTEGER, &tlv);
	if (ret)
		return ret;
	if (!vendorban_der_int_minimal(&tlv))
		return -EBADMSG;
	set_blob(&cert->serial, tlv.val, tlv.len);
	/* signature AlgorithmIdentifier */
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tlv);
	if (ret)
		return ret;
	ret = read_name(&cur, cert, prev, hint, false);
	if (ret)
		return ret;
	/* validity */
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tlv);
	if (ret)
		return ret;
	ret = read_name(&cur, cert, prev, hint, true);
	if (ret)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tlv);
	if (ret)
		return ret;
	set_blob(&cert->spki, tlv.raw, tlv.raw_len);
	/* issuerUniqueID [1], subjectUniqueID [2] */
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_PRIM(1), &tlv);
	if (ret < 0)
		return ret;
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_PRIM(2), &tlv);
	if (ret < 0)
		return ret;
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(3), &tlv);
	if (ret < 0)
		return ret;
	if (ret) {
		ret = parse_extensions(&tlv, cert);
		if (ret)
			return ret;
	}
	return vendorban_der_empty(&cur) ? 0 : -EBADMSG;
}

/**
 * vendorban_x509_parse() - extract the identity fields of a certificate
 * @der: the Certificate, DER (BER lengths are tolerated)
 * @len: its length; the certificate must fill it exactly
 * @cert: filled on success; its blobs point into @der
 *
 * Reads the serial number, issuer, subject, subjectPublicKeyInfo and the
 * subjectKeyIdentifier, authorityKeyIdentifier keyIdentifier and
 * basicConstraints cA extensions, and computes the SHA-256 fingerprint of
 * the whole certificate.  The certificate's signature is not checked.
 *
 * Return: 0 on success; -EBADMSG when @der is not a well-formed certificate,
 * has trailing bytes, or repeats one of the extensions above; -E2BIG when
 * its issuer or subject has more than %VENDORBAN_NAME_MAX_ATTRS attributes.
 */
int vendorban_x509_parse(const u8 *der, size_t len,
			 struct vendorban_cert *cert)
{
	int ret = vendorban_x509_parse_budget(der, len, cert, NULL);

	if (!ret)
		vendorban_x509_fingerprint(cert);
	return ret;
}

/**
 * vendorban_x509_fingerprint() - compute the fingerprint of a certificate
 * @cert: parsed by vendorban_x509_parse_budget(); its @fingerprint is set
 *
 * The SHA-256 of the whole certificate: a hash of every byte, so a
 * SignedData's certificates are not hashed when parsed: the matcher hashes
 * a signer's when the policy may find its fingerprint, within a bound
 * (vendorban_policy_match()).
 */
void vendorban_x509_fingerprint(struct vendorban_cert *cert)
{
	vendorban_sha256(cert->der.data, cert->der.len, cert->fingerprint);
	cert->hashed = true;
}

/**
 * vendorban_cert_fingerprint() - the fingerprint of a certificate, to show
 * @cert: a parsed certificate
 * @out: receives its SHA-256 (%VENDORBAN_SHA256_LEN bytes)
 *
 * Copied when it was computed (vendorban_x509_parse()), else computed
 * without changing @cert: a SignedData's certificate hashed for a report
 * (an audit record, inspect) is not taken for one a decision hashed.
 */
void vendorban_cert_fingerprint(const struct vendorban_cert *cert, u8 *out)
{
	if (cert->hashed)
		memcpy(out, cert->fingerprint, VENDORBAN_SHA256_LEN);
	else
		vendorban_sha256(cert->der.data, cert->der.len, out);
}

/**
 * vendorban_x509_parse_budget() - vendorban_x509_parse() with a bound,
 *                                 without the fingerprint
 * @der: the Certificate
 * @len: its length
 * @cert: filled on success; its @fingerprint is zero (see
 *        vendorban_x509_fingerprint())
 * @budget: DER elements that may still be read (decremented), or NULL
 *
 * Return: as vendorban_x509_parse(); also -E2BIG when @budget runs out.
 */
int vendorban_x509_parse_budget(const u8 *der, size_t len,
				struct vendorban_cert *cert,
				unsigned long *budget)
{
	return vendorban_x509_parse_after(der, len, cert, budget, NULL, NULL);
}

/**
 * vendorban_x509_parse_after() - vendorban_x509_parse_budget() of the next
 *                                certificate of a set
 * @der: the Certificate
 * @len: its length
 * @cert: filled on success, without the fingerprint
 * @budget: DER elements that may still be read (decremented), or NULL
 * @prev: the certificate of the set parsed before, or NULL
 * @hint: the certificate at the same place in the set of the message
 *        parsed before (a nested signature often repeats the certificates
 *        of the one before it), or NULL
 *
 * The same result as vendorban_x509_parse_budget(), and the same budget
 * spent; an issuer (subject) byte for byte equal to @prev's or @hint's
 * issuer (subject), which passed vendorban_name_check(), is not walked
 * again: the certificates of a set often share an issuer.  Two comparisons
 * per name: the work stays linear.
 *
 * Return: as vendorban_x509_parse_budget().
 */
int vendorban_x509_parse_after(const u8 *der, size_t len,
			       struct vendorban_cert *cert,
			       unsigned long *budget,
			       const struct vendorban_cert *prev,
			       const struct vendorban_cert *hint)
{
	struct vendorban_tlv c, tbs, tlv;
	struct vendorban_der cur;
	int ret;

	memset(cert, 0, sizeof(*cert));
	vendorban_der_init_budget(&cur, der, len, budget);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &c);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	vendorban_der_enter(&c, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tbs);
	if (ret)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tlv);
	if (ret)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_BIT_STRING, &tlv);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	ret = parse_tbs(&tbs, cert, prev, hint);
	if (ret)
		return ret;
	set_blob(&cert->der, c.raw, c.raw_len);
	set_blob(&cert->tbs, tbs.raw, tbs.raw_len);
	return 0;
}

/**
 * vendorban_serial_normalize() - drop the leading zero octets of a serial
 * @serial: INTEGER contents; shortened in place
 *
 * At least one octet is kept, so a serial of zero stays "00".
 */
void vendorban_serial_normalize(struct vendorban_blob *serial)
{
	while (serial->len > 1 && serial->data[0] == 0) {
		serial->data++;
		serial->len--;
	}
}

/*
 * Text output into a caller's buffer, always leaving room for the NUL; with
 * no buffer, only counted (to measure what would be written).
 */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static int put(struct out *o, char c)
{
	if (o->pos + 1 >= o->size)
		return -ENOSPC;
	if (o->buf)
		o->buf[o->pos] = c;
	o->pos++;
	return 0;
}

static int put_str(struct out *o, const char *s)
{
	int ret = 0;

	while (*s && !ret)
		ret = put(o, *s++);
	return ret;
}

static int put_hex_byte(struct out *o, u8 b)
{
	static const char hex[] = "0123456789ABCDEF";
	int ret;

	ret = put(o, hex[b >> 4]);
	return ret ? ret : put(o, hex[b & 0xf]);
}

static int put_u64(struct out *o, u64 v)
{
	char digits[20];
	unsigned int n = 0;
	int ret = 0;

	do {
		digits[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n && !ret)
		ret = put(o, digits[--n]);
	return ret;
}

/* Renders an OBJECT IDENTIFIER in dotted-decimal form. */
static int put_oid(struct out *o, const struct vendorban_tlv *oid)
{
	bool first = true, start = true;
	u64 arc = 0;
	size_t i;
	int ret;

	if (!oid->len || (oid->val[oid->len - 1] & 0x80))
		return -EBADMSG;
	for (i = 0; i < oid->len; i++) {
		u8 b = oid->val[i];

		/* Non-minimal sub-identifiers and arcs over 2^56 are refused. */
		if ((start && b == 0x80) || (arc >> 56))
			return -EBADMSG;
		start = false;
		arc = (arc << 7) | (b & 0x7f);
		if (b & 0x80)
			continue;
		if (first) {
			u64 top = arc < 80 ? arc / 40 : 2;

			ret = put_u64(o, top);
			if (ret)
				return ret;
			arc -= top * 40;
			first = false;
		}
		ret = put(o, '.');
		if (!ret)
			ret = put_u64(o, arc);
		if (ret)
			return ret;
		arc = 0;
		start = true;
	}
	return 0;
}

/* Writes one character of an attribute value, escaped per RFC 4514. */
static int put_escaped(struct out *o, u8 c, bool first, bool last)
{
	bool esc;
	int ret;

	if (c < 0x20 || c == 0x7f) {
		ret = put(o, '\\');
		return ret ? ret : put_hex_byte(o, c);
	}
	switch (c) {
	case ',': case '+': case '"': case '\\': case '<': case '>': case ';':
		esc = true;
		break;
	case '#':
		esc = first;
		break;
	case ' ':
		esc = first || last;
		break;
	default:
		esc = false;
	}
	if (esc) {
		ret = put(o, '\\');
		if (ret)
			return ret;
	}
	return put(o, c);
}

/*
 * Writes one character: escaped when @escape, otherwise as it is (a NUL
 * cannot be represented in a C string and is refused).
 */
static int put_value_char(struct out *o, u8 c, bool escape, bool first,
			  bool last)
{
	if (escape)
		return put_escaped(o, c, first, last);
	return c ? put(o, c) : -EBADMSG;
}

/* Writes a code point from a BMPString or UniversalString as UTF-8. */
static int put_code_point(struct out *o, u32 cp, bool escape, bool first,
			  bool last)
{
	int ret;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -EBADMSG;
	if (cp < 0x80)
		return put_value_char(o, cp, escape, first, last);
	if (cp < 0x800) {
		ret = put(o, 0xc0 | (cp >> 6));
	} else {
		if (cp < 0x10000) {
			ret = put(o, 0xe0 | (cp >> 12));
		} else {
			ret = put(o, 0xf0 | (cp >> 18));
			if (!ret)
				ret = put(o, 0x80 | ((cp >> 12) & 0x3f));
		}
		if (!ret)
			ret = put(o, 0x80 | ((cp >> 6) & 0x3f));
	}
	return ret ? ret : put(o, 0x80 | (cp & 0x3f));
}

/* Renders a BMPString (@width 2) or UniversalString (@width 4). */
static int put_wide_string(struct out *o, const struct vendorban_tlv *v,
			   unsigned int width, bool escape)
{
	size_t i, n = v->len / width;
	unsigned int j;
	u32 cp;
	int ret;

	if (v->len % width)
		return -EBADMSG;
	for (i = 0; i < n; i++) {
		cp = 0;
		for (j = 0; j < width; j++)
			cp = (cp << 8) | v->val[i * width + j];
		ret = put_code_point(o, cp, escape, i == 0, i == n - 1);
		if (ret)
			return ret;
	}
	return 0;
}

static int put_hex_value(struct out *o, const struct vendorban_tlv *v)
{
	size_t i;
	int ret;

	ret = put(o, '#');
	for (i = 0; i < v->raw_len && !ret; i++)
		ret = put_hex_byte(o, v->raw[i]);
	return ret;
}

/*
 * Renders an attribute value.  Escaped (@escape) values of a type that is
 * not a character string are written as '#' and the hex of their DER, as
 * RFC 4514 section 2.4 says; unescaped ones are refused.
 */
static int put_value(struct out *o, const struct vendorban_tlv *v,
		     bool escape)
{
	size_t i;
	int ret;

	switch (v->tag) {
	case VENDORBAN_DER_UTF8_STRING:
	case DER_NUMERIC_STRING:
	case VENDORBAN_DER_PRINTABLE_STRING:
	case VENDORBAN_DER_T61_STRING:
	case VENDORBAN_DER_IA5_STRING:
	case DER_VISIBLE_STRING:
		for (i = 0; i < v->len; i++) {
			ret = put_value_char(o, v->val[i], escape, i == 0,
					     i == v->len - 1);
			if (ret)
				return ret;
		}
		return 0;
	case VENDORBAN_DER_BMP_STRING:
		return put_wide_string(o, v, 2, escape);
	case VENDORBAN_DER_UNIVERSAL_STRING:
		return put_wide_string(o, v, 4, escape);
	}
	return escape ? put_hex_value(o, v) : -EOPNOTSUPP;
}

/**
 * struct name_entry - one AttributeTypeAndValue of a Name
 * @type: the attribute type OID
 * @value: the attribute value
 * @rdn: index of the RelativeDistinguishedName holding it
 */
struct name_entry {
	struct vendorban_tlv type;
	struct vendorban_tlv value;
	unsigned int rdn;
};

static int read_atv(const struct vendorban_tlv *atv, struct name_entry *e)
{
	struct vendorban_der cur;
	int ret;

	vendorban_der_enter(atv, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_OID, &e->type);
	if (ret)
		return ret;
	ret = vendorban_der_next(&cur, &e->value);
	if (ret)
		return ret == -ENODATA ? -EBADMSG : ret;
	return vendorban_der_empty(&cur) ? 0 : -EBADMSG;
}

/* vendorban_name_check() of @name, its elements charged to @name's budget. */
static int name_walk_charged(const struct vendorban_tlv *name)
{
	struct vendorban_der rdns, atvs;
	struct vendorban_tlv rdn, atv;
	unsigned int attrs = 0;
	struct name_entry e;
	int ret;

	if (name->tag != VENDORBAN_DER_SEQUENCE)
		return -EBADMSG;
	vendorban_der_enter(name, &rdns);
	while (!vendorban_der_empty(&rdns)) {
		/*
		 * An empty RDN: one element, nothing to enter (a name of
		 * empty RDNs is the longest walk the budget allows).
		 */
		if (vendorban_der_skip_empty(&rdns, VENDORBAN_DER_SET))
			continue;
		ret = vendorban_der_expect(&rdns, VENDORBAN_DER_SET, &rdn);
		if (ret)
			return ret;
		vendorban_der_enter(&rdn, &atvs);
		while (!vendorban_der_empty(&atvs)) {
			if (++attrs > VENDORBAN_NAME_MAX_ATTRS)
				return -E2BIG;
			ret = vendorban_der_expect(&atvs, VENDORBAN_DER_SEQUENCE,
						   &atv);
			if (!ret)
				ret = read_atv(&atv, &e);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * vendorban_name_check(), setting @elems to the DER elements it read (an
 * indefinite length's scan included): those charged to @name's budget, or
 * to one of its own when @name has none.
 */
static int name_walk(const struct vendorban_tlv *name, unsigned int *elems)
{
	unsigned long own = ~0UL, before;
	struct vendorban_tlv n = *name;
	int ret;

	if (!n.budget)
		n.budget = &own;
	before = *n.budget;
	ret = name_walk_charged(&n);
	*elems = before - *n.budget;
	return ret;
}

/**
 * vendorban_name_check() - whether an element is a well-formed Name
 * @name: the element
 *
 * A Name is a SEQUENCE OF RelativeDistinguishedName, each a SET OF
 * AttributeTypeAndValue, a SEQUENCE of an OID and one value (RFC 5280
 * 4.1.2.4).  OpenSSL refuses anything else, so the kernel's parser does
 * too; as OpenSSL, it takes an empty RDN.  The walk stops after
 * %VENDORBAN_NAME_MAX_ATTRS attributes, and every element it reads (an
 * empty RDN too) is charged to the element budget of the cursor that read
 * @name (vendorban_der_init_budget()), if it has one: its work is bounded
 * whatever the name's length, and counts against the one bound of the
 * file it is in.
 *
 * Return: 0; -EBADMSG when @name is not a Name (as far as it was read);
 * -E2BIG when it has more than %VENDORBAN_NAME_MAX_ATTRS attributes or the
 * budget runs out.
 */
int vendorban_name_check(const struct vendorban_tlv *name)
{
	unsigned int elems;

	return name_walk(name, &elems);
}

/**
 * vendorban_name_check_known() - vendorban_name_check(), unless already done
 * @name: the element
 * @known: Names that passed vendorban_name_check() (empty ones are none),
 *         each with the number of elements that check read
 * @nr_known: number of entries in @known
 * @elems: set to the number of elements of @name charged (on success)
 *
 * A Name byte for byte equal to one of @known is not walked again, but its
 * elements are charged to @name's budget all the same, with the result the
 * walk would have: the budget spent is the same whether or not a Name was
 * known.
 *
 * Return: as vendorban_name_check().
 */
int vendorban_name_check_known(const struct vendorban_tlv *name,
			       const struct vendorban_name_seen *known,
			       unsigned int nr_known, unsigned int *elems)
{
	unsigned long *budget = name->budget;
	unsigned int i;

	for (i = 0; i < nr_known; i++) {
		if (!known[i].name.len || known[i].name.len != name->raw_len ||
		    memcmp(known[i].name.data, name->raw, name->raw_len))
			continue;
		*elems = known[i].elems;
		if (budget && *budget < *elems) {
			*budget = 0;
			return -E2BIG;
		}
		if (budget)
			*budget -= *elems;
		return 0;
	}
	return name_walk(name, elems);
}

/**
 * struct name_iter - walks the AttributeTypeAndValues of a Name in order
 * @rdns: cursor over the RDNs
 * @atvs: cursor over the attributes of the current RDN
 * @rdn: number of RDNs entered so far
 */
struct name_iter {
	struct vendorban_der rdns;
	struct vendorban_der atvs;
	unsigned int rdn;
};

static int name_iter_init(struct name_iter *it,
			  const struct vendorban_blob *name)
{
	struct vendorban_der cur;
	struct vendorban_tlv seq;
	int ret;

	vendorban_der_init(&cur, name->data, name->len);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &seq);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	vendorban_der_enter(&seq, &it->rdns);
	vendorban_der_init(&it->atvs, NULL, 0);
	it->rdn = 0;
	return 0;
}

/* Return: 1 and @e filled, 0 at the end of the Name, or -EBADMSG. */
static int name_iter_next(struct name_iter *it, struct name_entry *e)
{
	struct vendorban_tlv rdn, atv;
	int ret;

	if (vendorban_der_empty(&it->atvs)) {
		if (vendorban_der_empty(&it->rdns))
			return 0;
		ret = vendorban_der_expect(&it->rdns, VENDORBAN_DER_SET, &rdn);
		if (ret)
			return ret;
		vendorban_der_enter(&rdn, &it->atvs);
		/* An RDN holds at least one attribute. */
		if (vendorban_der_empty(&it->atvs))
			return -EBADMSG;
		it->rdn++;
	}
	ret = vendorban_der_expect(&it->atvs, VENDORBAN_DER_SEQUENCE, &atv);
	if (!ret)
		ret = read_atv(&atv, e);
	if (ret)
		return ret;
	e->rdn = it->rdn;
	return 1;
}

/*
 * The short names of the X.520 attributes 2.5.4.N by N: the common types
 * are found without a walk over the table (a name is rendered attribute by
 * attribute, at every chain step).
 */
static const char *const x520_names[] = {
	[3] = "CN", [5] = "serialNumber", [6] = "C", [7] = "L", [8] = "ST",
	[9] = "STREET", [10] = "O", [11] = "OU",
};

static const char *attr_short_name(const struct vendorban_tlv *type)
{
	size_t i;

	if (type->tag == VENDORBAN_DER_OID && type->len == 3 &&
	    type->val[0] == 0x55 && type->val[1] == 0x04 &&
	    type->val[2] < ARRAY_SIZE(x520_names) && x520_names[type->val[2]])
		return x520_names[type->val[2]];
	for (i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (vendorban_der_oid_equal(type, attr_names[i].oid,
					    attr_names[i].oid_len))
			return attr_names[i].name;
	return NULL;
}

/*
 * Writes "type=value".  An attribute without a short name is written as
 * its dotted OID and '#' with the hex of the value's DER (RFC 4514 2.4).
 */
static int put_entry(struct out *o, const struct name_entry *e)
{
	const char *sn = attr_short_name(&e->type);
	int ret;

	ret = sn ? put_str(o, sn) : put_oid(o, &e->type);
	if (!ret)
		ret = put(o, '=');
	if (ret)
		return ret;
	return sn ? put_value(o, &e->value, true) : put_hex_value(o, &e->value);
}

/* The length of "type=value" for @e, if it fits in @size with the NUL. */
static int entry_len(const struct name_entry *e, size_t size, size_t *len)
{
	struct out m = { .buf = NULL, .size = size, .pos = 0 };
	int ret = put_entry(&m, e);

	*len = m.pos;
	return ret;
}

/* Reverses the @n characters at @p in place. */
static void reverse(char *p, size_t n)
{
	char *q = p + n, c;

	while (p < --q) {
		c = *p;
		*p++ = *q;
		*q = c;
	}
}

/*
 * Writes separator @sep (if not 0) and entry @e at the end of @o, the
 * entry's text reversed (name_format() reverses the whole text at the
 * end).  The error is the one measuring @e alone finds first: a value that
 * cannot be rendered counts before the room it would need.
 */
static int put_entry_reversed(struct out *o, const struct name_entry *e,
			      char sep)
{
	size_t start, len;
	int ret = 0;

	if (sep)
		ret = put(o, sep);
	start = o->pos;
	if (!ret)
		ret = put_entry(o, e);
	if (ret == -ENOSPC) {
		ret = entry_len(e, o->size, &len);
		return ret ? ret : -ENOSPC;
	}
	if (!ret)
		reverse(o->buf + start, o->pos - start);
	return ret;
}

/*
 * Most specific first: the entries go out in reverse encoded order.  One
 * walk writes each entry forward, its text reversed, then the whole text
 * is reversed, so that the entries come out last first, each as written;
 * the walk is linear in the Name and writes each character once.  After
 * the first error the walk goes on without writing: the whole structure is
 * checked before a value's error counts (-EBADMSG for a malformed Name
 * comes first), and more attributes than fit in @o (each needs at least
 * "X=" and a separator) are -ENOSPC at once.
 */
static int name_format(const struct vendorban_blob *name, struct out *o)
{
	unsigned int prev_rdn = 0;
	size_t count = 0;
	struct name_iter it;
	struct name_entry e;
	int ret, err = 0;

	ret = name_iter_init(&it, name);
	while (!ret && (ret = name_iter_next(&it, &e)) == 1) {
		ret = 0;
		if (++count > o->size / 3)
			return -ENOSPC;
		if (!err)
			err = put_entry_reversed(o, &e, count == 1 ? 0 :
						 e.rdn == prev_rdn ? '+' : ',');
		prev_rdn = e.rdn;
	}
	if (ret < 0 || err)
		return ret < 0 ? ret : err;
	reverse(o->buf, o->pos);
	return 0;
}

/**
 * vendorban_name_format() - render a Name as RFC 4514 text
 * @name: the Name element, tag and length included
 * @buf: output, NUL-terminated on success and "" on failure
 * @size: size of @buf
 *
 * Most specific RDN first, attributes CN L ST O OU C STREET DC UID
 * emailAddress serialNumber by name and others as dotted OIDs, ',' between
 * RDNs and '+' inside a multi-valued RDN (whose attributes also come in
 * reverse encoded order, as OpenSSL prints them).  The characters
 * , + " \ < > ; a leading '#' or space and a trailing space are escaped with
 * a backslash, control characters as \XX.  UTF8String, PrintableString,
 * IA5String, T61String, NumericString and VisibleString octets are copied as
 * they are; BMPString and UniversalString are converted to UTF-8; values of
 * other types, and the values of attributes written as dotted OIDs, as '#'
 * and the hex of their DER (RFC 4514 section 2.4).  For ASCII names this
 * equals `openssl x509 -nameopt RFC2253`; non-ASCII octets are not escaped.
 *
 * Return: 0 on success; -EBADMSG for a malformed Name or string; -ENOSPC
 * when @buf is too small.
 */
int vendorban_name_format(const struct vendorban_blob *name, char *buf,
			  size_t size)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	int ret;

	if (!size)
		return -ENOSPC;
	ret = name_format(name, &o);
	buf[ret ? 0 : o.pos] = '\0';
	return ret;
}

/* The OID of @attr (CN and O have the same length), or NULL. */
static const u8 *attr_oid(enum vendorban_name_attr attr)
{
	if (attr == VENDORBAN_ATTR_CN)
		return oid_cn;
	if (attr == VENDORBAN_ATTR_O)
		return oid_o;
	return NULL;
}

/**
 * vendorban_name_attr() - one CN or O value of a Name
 * @name: the Name element, tag and length included
 * @attr: the attribute type
 * @index: which value of that type, 0 for the first in encoded order
 * @buf: output, NUL-terminated on success and "" on failure
 * @size: size of @buf
 *
 * The value is copied without escaping; BMPString and UniversalString are
 * converted to UTF-8.
 *
 * Return: 0 on success; -ENOENT when the Name has no such value; -EINVAL
 * for an unknown @attr; -EBADMSG for a malformed Name or a value holding a
 * NUL character; -EOPNOTSUPP when the value is not a character string;
 * -ENOSPC when @buf is too small; -E2BIG when the value is not among the
 * first %VENDORBAN_NAME_MAX_ENTRIES attributes of a Name that has more.
 */
int vendorban_name_attr(const struct vendorban_blob *name,
			enum vendorban_name_attr attr, unsigned int index,
			char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	const u8 *oid = attr_oid(attr);
	struct name_iter it;
	struct name_entry e;
	unsigned int seen = 0;
	int ret;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (!oid)
		return -EINVAL;
	ret = name_iter_init(&it, name);
	if (ret)
		return ret;
	while ((ret = name_iter_next(&it, &e)) == 1) {
		if (++seen > VENDORBAN_NAME_MAX_ENTRIES)
			return -E2BIG;
		if (!vendorban_der_oid_equal(&e.type, oid, sizeof(oid_cn)) ||
		    index--)
			continue;
		ret = put_value(&o, &e.value, false);
		buf[ret ? 0 : o.pos] = '\0';
		return ret;
	}
	return ret ? ret : -ENOENT;
}

/**
 * vendorban_name_attr_each() - every CN or O value of a Name, in one pass
 * @name: the Name element, tag and length included
 * @attr: the attribute type
 * @buf: scratch for one value
 * @size: size of @buf
 * @fn: called with each value of type @attr, in encoded order, rendered as
 *      vendorban_name_attr() renders it (in @buf); values that cannot be
 *      rendered are skipped
 * @ctx: passed to @fn
 *
 * Return: 0 when every attribute was looked at; -EINVAL for an unknown
 * @attr; -EBADMSG for a malformed Name (@fn may have been called for the
 * values before the error); -E2BIG when the Name has more than
 * %VENDORBAN_NAME_MAX_ENTRIES attributes (the first ones were passed).
 */
int vendorban_name_attr_each(const struct vendorban_blob *name,
			     enum vendorban_name_attr attr, char *buf,
			     size_t size,
			     void (*fn)(void *ctx, const char *value),
			     void *ctx)
{
	const u8 *oid = attr_oid(attr);
	struct name_iter it;
	struct name_entry e;
	unsigned int seen = 0;
	struct out o;
	int ret;

	if (!oid || !size)
		return -EINVAL;
	ret = name_iter_init(&it, name);
	while (!ret && (ret = name_iter_next(&it, &e)) == 1) {
		ret = 0;
		if (++seen > VENDORBAN_NAME_MAX_ENTRIES)
			return -E2BIG;
		if (!vendorban_der_oid_equal(&e.type, oid, sizeof(oid_cn)))
			continue;
		o.buf = buf;
		o.size = size;
		o.pos = 0;
		if (put_value(&o, &e.value, false))
			continue;
		buf[o.pos] = '\0';
		fn(ctx, buf);
	}
	return ret;
}

static bool reg_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-' ||
	       c == ' ';
}

/**
 * vendorban_registration_valid() - whether a text is a registration
 * @s: the text, "CC-NUMBER"
 * @len: its length
 *
 * CC is a country code of two upper-case letters, NUMBER the company's
 * number in that country's trade register: 1 to
 * %VENDORBAN_REGISTRATION_MAX characters of A-Z a-z 0-9 and . / - and
 * space, neither first nor last a space.
 *
 * Return: true if @s has that form.
 */
bool vendorban_registration_valid(const char *s, size_t len)
{
	size_t i;

	if (len < 4 || len > 3 + VENDORBAN_REGISTRATION_MAX ||
	    s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
	    s[2] != '-' || s[3] == ' ' || s[len - 1] == ' ')
		return false;
	for (i = 3; i < len; i++)
		if (!reg_char(s[i]))
			return false;
	return true;
}

/**
 * struct legal_ctx - the registrations of one Name being gathered
 * @buf: scratch for one value
 * @size: its size
 * @fn: called with each registration
 * @ctx: passed to @fn
 * @jur: the first jurisdictionCountryName value (in @jur_tlv), or NULL
 * @jur_tlv: where @jur points
 */
struct legal_ctx {
	char *buf;
	size_t size;
	void (*fn)(void *ctx, const char *value);
	void *ctx;
	const struct vendorban_tlv *jur;
	struct vendorban_tlv jur_tlv;
};

/*
 * Renders @country (two letters, upper-cased) "-" @number into @l->buf
 * and passes it on if it is a registration.
 */
static void pass_registration(struct legal_ctx *l,
			      const struct vendorban_tlv *country,
			      const struct vendorban_tlv *number,
			      size_t skip)
{
	struct out o = { .buf = l->buf, .size = l->size, .pos = 0 };
	struct vendorban_tlv num = *number;
	size_t i;

	if (country->len != 2 || num.len <= skip)
		return;
	num.val += skip;
	num.len -= skip;
	for (i = 0; i < 2; i++)
		if (put(&o, country->val[i] >= 'a' && country->val[i] <= 'z' ?
			country->val[i] - 'a' + 'A' : country->val[i]))
			return;
	if (put(&o, '-') || put_value(&o, &num, false))
		return;
	l->buf[o.pos] = '\0';
	if (vendorban_registration_valid(l->buf, o.pos))
		l->fn(l->ctx, l->buf);
}

/*
 * An organizationIdentifier "NTRCC-NUMBER" (the national trade register
 * of country CC) is the registration "CC-NUMBER"; other kinds of
 * identifier (VAT, PSD...) are other registers.
 */
static void org_id(struct legal_ctx *l, const struct vendorban_tlv *v)
{
	struct vendorban_tlv cc;

	if (v->len < 7 || (v->tag != VENDORBAN_DER_UTF8_STRING &&
			   v->tag != VENDORBAN_DER_PRINTABLE_STRING) ||
	    memcmp(v->val, "NTR", 3) || v->val[5] != '-')
		return;
	cc = *v;
	cc.val += 3;
	cc.len = 2;
	pass_registration(l, &cc, v, 6);
}

/* One pass over a Name: @serials false for pass 1, true for pass 2. */
static int legal_pass(const struct vendorban_blob *name, struct legal_ctx *l,
		      bool serials)
{
	struct name_iter it;
	struct name_entry e;
	unsigned int seen = 0;
	int ret;

	ret = name_iter_init(&it, name);
	while (!ret && (ret = name_iter_next(&it, &e)) == 1) {
		ret = 0;
		if (++seen > VENDORBAN_NAME_MAX_ENTRIES)
			return -E2BIG;
		if (serials) {
			if (vendorban_der_oid_equal(&e.type, oid_serial_number,
						    sizeof(oid_serial_number)))
				pass_registration(l, l->jur, &e.value, 0);
		} else if (vendorban_der_oid_equal(&e.type, oid_org_id,
						   sizeof(oid_org_id))) {
			org_id(l, &e.value);
		} else if (!l->jur &&
			   vendorban_der_oid_equal(&e.type, oid_jur_c,
						   sizeof(oid_jur_c))) {
			l->jur_tlv = e.value;
			l->jur = &l->jur_tlv;
		}
	}
	return ret;
}

/**
 * vendorban_name_legal_each() - the registrations of a subject Name
 * @name: the Name element, tag and length included
 * @buf: scratch for one registration
 * @size: size of @buf
 * @fn: called with each registration, "CC-NUMBER"
 *      (vendorban_registration_valid()), in @buf
 * @ctx: passed to @fn
 *
 * The legal entity a certificate names, however its O and CN spell the
 * company: an EV certificate's jurisdictionCountryName with each
 * serialNumber (its registration number), and each eIDAS
 * organizationIdentifier of the national trade register ("NTRCC-NUMBER").
 * Values that do not give a registration are skipped.  At most two passes
 * over the Name.
 *
 * Return: 0 when every attribute was looked at; -EBADMSG for a malformed
 * Name (@fn may have been called before the error); -E2BIG when the Name
 * has more than %VENDORBAN_NAME_MAX_ENTRIES attributes.
 */
int vendorban_name_legal_each(const struct vendorban_blob *name, char *buf,
			      size_t size,
			      void (*fn)(void *ctx, const char *value),
			      void *ctx)
{
	struct legal_ctx l = { .buf = buf, .size = size, .fn = fn, .ctx = ctx };
	int ret;

	if (!size)
		return -EINVAL;
	ret = legal_pass(name, &l, false);
	if (!ret && l.jur)
		ret = legal_pass(name, &l, true);
	return ret;
}
