// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - PKCS#7/CMS SignedData: who signed, with what
 *
 * Parses the ContentInfo of a detached or attached SignedData (CMS, RFC
 * 5652, or the older PKCS#7 v1.5 that `openssl smime` writes): the embedded
 * certificates and, for each SignerInfo, the identity it claims, its
 * algorithms, signed attributes and signature.  Nothing is verified here.
 */

#include "der.h"
#include "pkcs7.h"

/* 1.2.840.113549.1.7.2 */
static const u8 oid_signed_data[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02
};

/* 1.2.840.113549.1.9.4 */
static const u8 oid_message_digest[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04
};

/* 1.3.6.1.4.1.311.2.4.1, Authenticode SPC_NESTED_SIGNATURE */
static const u8 oid_nested_signature[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x04, 0x01
};

/**
 * struct algo_oid - an AlgorithmIdentifier OID and what it implies
 * @oid: content octets of the OID
 * @len: their number
 * @hash: the digest it names or implies
 * @pkey: the key type it implies
 */
struct algo_oid {
	u8 oid[9];
	u8 len;
	enum vendorban_hash_algo hash;
	enum vendorban_pkey_algo pkey;
};

#define RSA_OID(last)	{ 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, last }
#define NIST_HASH(last)	{ 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last }
#define ECDSA_SHA2(last) { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, last }

static const struct algo_oid algos[] = {
	/* Digests: 1.3.14.3.2.26, 2.16.840.1.101.3.4.2.{1,2,3,4} */
	{ { 0x2b, 0x0e, 0x03, 0x02, 0x1a }, 5, VENDORBAN_HASH_SHA1,
	  VENDORBAN_PKEY_UNKNOWN },
	{ NIST_HASH(1), 9, VENDORBAN_HASH_SHA256, VENDORBAN_PKEY_UNKNOWN },
	{ NIST_HASH(2), 9, VENDORBAN_HASH_SHA384, VENDORBAN_PKEY_UNKNOWN },
	{ NIST_HASH(3), 9, VENDORBAN_HASH_SHA512, VENDORBAN_PKEY_UNKNOWN },
	{ NIST_HASH(4), 9, VENDORBAN_HASH_SHA224, VENDORBAN_PKEY_UNKNOWN },
	/* rsaEncryption and sha*WithRSAEncryption: 1.2.840.113549.1.1.n */
	{ RSA_OID(1), 9, VENDORBAN_HASH_UNKNOWN, VENDORBAN_PKEY_RSA },
	{ RSA_OID(5), 9, VENDORBAN_HASH_SHA1, VENDORBAN_PKEY_RSA },
	{ RSA_OID(11), 9, VENDORBAN_HASH_SHA256, VENDORBAN_PKEY_RSA },
	{ RSA_OID(12), 9, VENDORBAN_HASH_SHA384, VENDORBAN_PKEY_RSA },
	{ RSA_OID(13), 9, VENDORBAN_HASH_SHA512, VENDORBAN_PKEY_RSA },
	{ RSA_OID(14), 9, VENDORBAN_HASH_SHA224, VENDORBAN_PKEY_RSA },
	/* id-ecPublicKey 1.2.840.10045.2.1, ecdsa-with-SHA1 ...4.1 */
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 }, 7,
	  VENDORBAN_HASH_UNKNOWN, VENDORBAN_PKEY_ECDSA },
	{ { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 }, 7,
	  VENDORBAN_HASH_SHA1, VENDORBAN_PKEY_ECDSA },
	/* ecdsa-with-SHA{224,256,384,512}: 1.2.840.10045.4.3.{1,2,3,4} */
	{ ECDSA_SHA2(1), 8, VENDORBAN_HASH_SHA224, VENDORBAN_PKEY_ECDSA },
	{ ECDSA_SHA2(2), 8, VENDORBAN_HASH_SHA256, VENDORBAN_PKEY_ECDSA },
	{ ECDSA_SHA2(3), 8, VENDORBAN_HASH_SHA384, VENDORBAN_PKEY_ECDSA },
	{ ECDSA_SHA2(4), 8, VENDORBAN_HASH_SHA512, VENDORBAN_PKEY_ECDSA },
};

/*
 * Reads an AlgorithmIdentifier and looks its OID up.  An unknown algorithm
 * is not an error here: @algo is NULL and the verifier reports -ENOPKG.
 */
static int read_algo(struct vendorban_der *cur, const struct algo_oid **algo)
{
	struct vendorban_tlv seq, oid;
	struct vendorban_der inner;
	size_t i;
	int ret;

	*algo = NULL;
	ret = vendorban_der_expect(cur, VENDORBAN_DER_SEQUENCE, &seq);
	if (ret)
		return ret;
	vendorban_der_enter(&seq, &inner);
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_OID, &oid);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		if (vendorban_der_oid_equal(&oid, algos[i].oid, algos[i].len)) {
			*algo = &algos[i];
			break;
		}
	}
	return 0;
}

static void set_blob(struct vendorban_blob *blob, const u8 *data, size_t len)
{
	blob->data = len ? data : NULL;
	blob->len = len;
}

static bool blob_equal(const struct vendorban_blob *a,
		       const struct vendorban_blob *b)
{
	return a->len && a->len == b->len && !memcmp(a->data, b->data, a->len);
}

/*
 * Reads the sid: IssuerAndSerialNumber (a Name and a DER INTEGER, as
 * OpenSSL requires) or [0] SubjectKeyIdentifier.  An issuer equal to
 * @known's (the last certificate's, checked) is not walked again.
 */
static int parse_sid(struct vendorban_der *cur, struct vendorban_signer *s,
		     const struct vendorban_cert *known)
{
	struct vendorban_name_seen seen = { 0 };
	struct vendorban_tlv sid, issuer, serial;
	struct vendorban_der inner;
	unsigned int elems;
	int ret;

	ret = vendorban_der_next(cur, &sid);
	if (ret)
		return ret == -ENODATA ? -EBADMSG : ret;
	if (sid.tag == VENDORBAN_DER_CTX_PRIM(0)) {
		if (!sid.len)
			return -EBADMSG;
		s->sid_type = VENDORBAN_SID_SKID;
		set_blob(&s->skid, sid.val, sid.len);
		return 0;
	}
	if (sid.tag != VENDORBAN_DER_SEQUENCE)
		return -EBADMSG;
	vendorban_der_enter(&sid, &inner);
	if (known) {
		seen.name = known->issuer;
		seen.elems = known->issuer_elems;
	}
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_SEQUENCE, &issuer);
	if (!ret)
		ret = vendorban_name_check_known(&issuer, &seen, 1, &elems);
	if (ret)
		return ret;
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_INTEGER, &serial);
	if (ret)
		return ret;
	/* OpenSSL refuses a signer id that is not DER: malformed for both */
	if (!vendorban_der_int_minimal(&serial) || !vendorban_der_empty(&inner))
		return -EBADMSG;
	s->sid_type = VENDORBAN_SID_ISSUER_SERIAL;
	set_blob(&s->issuer, issuer.raw, issuer.raw_len);
	set_blob(&s->serial, serial.val, serial.len);
	return 0;
}

/* Finds the messageDigest attribute among the signed attributes. */
static int parse_signed_attrs(const struct vendorban_tlv *attrs,
			      struct vendorban_signer *s)
{
	struct vendorban_tlv attr, type, values, digest;
	struct vendorban_der cur, inner, vals;
	int ret;

	vendorban_der_enter(attrs, &cur);
	while (!vendorban_der_empty(&cur)) {
		ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &attr);
		if (ret)
			return ret;
		vendorban_der_enter(&attr, &inner);
		ret = vendorban_der_expect(&inner, VENDORBAN_DER_OID, &type);
		if (!ret)
			ret = vendorban_der_expect(&inner, VENDORBAN_DER_SET,
						   &values);
		if (ret)
			return ret;
		if (!vendorban_der_empty(&inner))
			return -EBADMSG;
		if (!vendorban_der_oid_equal(&type, oid_message_digest,
					     sizeof(oid_message_digest)))
			continue;
		/* RFC 5652 11.2: exactly one value, in one attribute. */
		if (s->message_digest.data)
			return -EBADMSG;
		vendorban_der_enter(&values, &vals);
		ret = vendorban_der_expect(&vals, VENDORBAN_DER_OCTET_STRING,
					   &digest);
		if (ret)
			return ret;
		if (!digest.len || !vendorban_der_empty(&vals))
			return -EBADMSG;
		set_blob(&s->message_digest, digest.val, digest.len);
	}
	return 0;
}

/* Records the values of one nested-signature attribute. */
static void record_nested_values(const struct vendorban_tlv *values,
				 struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv ci;
	struct vendorban_der cur;

	vendorban_der_enter(values, &cur);
	while (!vendorban_der_empty(&cur)) {
		if (msg->nr_nested == VENDORBAN_MAX_NESTED ||
		    vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &ci)) {
			msg->incomplete = true;
			return;
		}
		set_blob(&msg->nested[msg->nr_nested++], ci.raw, ci.raw_len);
	}
}

/*
 * Records the Authenticode nested signatures among the unsigned attributes
 * @attrs.  Unsigned attributes are not needed otherwise, so a malformed one
 * ends the search rather than the parse, but marks the message incomplete:
 * a nested signature may hide behind it.
 */
static void record_nested(const struct vendorban_tlv *attrs,
			  struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv attr, type, values;
	struct vendorban_der cur, inner;

	vendorban_der_enter(attrs, &cur);
	while (!vendorban_der_empty(&cur)) {
		if (vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &attr))
			goto incomplete;
		vendorban_der_enter(&attr, &inner);
		if (vendorban_der_expect(&inner, VENDORBAN_DER_OID, &type) ||
		    vendorban_der_expect(&inner, VENDORBAN_DER_SET, &values))
			goto incomplete;
		if (vendorban_der_oid_equal(&type, oid_nested_signature,
					    sizeof(oid_nested_signature)))
			record_nested_values(&values, msg);
	}
	return;
incomplete:
	msg->incomplete = true;
}

static int parse_signer(const struct vendorban_tlv *si,
			struct vendorban_signer *s,
			struct vendorban_pkcs7 *msg)
{
	const struct algo_oid *algo;
	struct vendorban_tlv tlv;
	struct vendorban_der cur;
	int ret;

	s->cert = -1;
	vendorban_der_enter(si, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_INTEGER, &tlv);
	if (ret)
		return ret;
	ret = parse_sid(&cur, s, msg->nr_certs ?
			&msg->certs[msg->nr_certs - 1] : NULL);
	if (ret)
		return ret;
	ret = read_algo(&cur, &algo);
	if (ret)
		return ret;
	s->digest_algo = algo && algo->pkey == VENDORBAN_PKEY_UNKNOWN ?
			 algo->hash : VENDORBAN_HASH_UNKNOWN;
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(0), &tlv);
	if (ret < 0)
		return ret;
	if (ret) {
		set_blob(&s->signed_attrs, tlv.raw, tlv.raw_len);
		ret = parse_signed_attrs(&tlv, s);
		if (ret)
			return ret;
	}
	ret = read_algo(&cur, &algo);
	if (ret)
		return ret;
	s->pkey_algo = algo ? algo->pkey : VENDORBAN_PKEY_UNKNOWN;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_OCTET_STRING, &tlv);
	if (ret)
		return ret;
	if (!tlv.len)
		return -EBADMSG;
	set_blob(&s->signature, tlv.val, tlv.len);
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(1), &tlv);
	if (ret < 0)
		return ret;
	if (ret)
		record_nested(&tlv, msg);
	return vendorban_der_empty(&cur) ? 0 : -EBADMSG;
}

/* The certificate of @msg->hint at the place of the next one of @msg. */
static const struct vendorban_cert *hint_cert(const struct vendorban_pkcs7 *msg)
{
	const struct vendorban_pkcs7 *hint = msg->hint;

	return hint && msg->nr_certs < hint->nr_certs ?
	       &hint->certs[msg->nr_certs] : NULL;
}

static int parse_certs(const struct vendorban_tlv *set,
		       struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv tlv;
	struct vendorban_der cur;
	int ret;

	vendorban_der_enter(set, &cur);
	while (!vendorban_der_empty(&cur)) {
		ret = vendorban_der_next(&cur, &tlv);
		if (ret)
			return ret;
		/* Other CertificateChoices (attribute certificates...) */
		if (tlv.tag != VENDORBAN_DER_SEQUENCE)
			continue;
		if (msg->nr_certs == VENDORBAN_MAX_CERTS)
			return -E2BIG;
		ret = vendorban_x509_parse_after(tlv.raw, tlv.raw_len,
						 &msg->certs[msg->nr_certs],
						 tlv.budget, msg->nr_certs ?
						 &msg->certs[msg->nr_certs - 1] :
						 NULL, hint_cert(msg));
		if (ret)
			return ret;
		msg->nr_certs++;
	}
	return 0;
}

static int parse_signers(const struct vendorban_tlv *set,
			 struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv si;
	struct vendorban_der cur;
	int ret;

	vendorban_der_enter(set, &cur);
	while (!vendorban_der_empty(&cur)) {
		ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &si);
		if (ret)
			return ret;
		if (msg->nr_signers == VENDORBAN_MAX_SIGNERS)
			return -E2BIG;
		ret = parse_signer(&si, &msg->signers[msg->nr_signers], msg);
		if (ret)
			return ret;
		msg->nr_signers++;
	}
	return msg->nr_signers ? 0 : -EBADMSG;
}

/* Whether @cert is the certificate that @s names. */
static bool signer_matches(const struct vendorban_signer *s,
			   const struct vendorban_cert *cert)
{
	struct vendorban_blob a, b;

	if (s->sid_type == VENDORBAN_SID_SKID)
		return blob_equal(&s->skid, &cert->skid);
	if (!blob_equal(&s->issuer, &cert->issuer))
		return false;
	a = s->serial;
	b = cert->serial;
	vendorban_serial_normalize(&a);
	vendorban_serial_normalize(&b);
	return blob_equal(&a, &b);
}

/*
 * Links each signer to the certificate it names.  No certificate is hashed
 * here: the matcher computes a signer's fingerprint only when the policy
 * has one to find, within a bound (vendorban_policy_match()).
 */
static void link_signers(struct vendorban_pkcs7 *msg)
{
	unsigned int i, j;

	for (i = 0; i < msg->nr_signers; i++) {
		for (j = 0; j < msg->nr_certs; j++) {
			if (signer_matches(&msg->signers[i], &msg->certs[j])) {
				msg->signers[i].cert = j;
				break;
			}
		}
	}
}

/* The element inside eContent [0], if it holds one. */
static void set_content(const struct vendorban_tlv *explicit,
			struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv tlv;
	struct vendorban_der cur;

	vendorban_der_enter(explicit, &cur);
	if (!vendorban_der_next(&cur, &tlv))
		set_blob(&msg->content, tlv.raw, tlv.raw_len);
}

static int parse_signed_data(const struct vendorban_tlv *sd,
			     struct vendorban_pkcs7 *msg)
{
	struct vendorban_tlv tlv, eci;
	struct vendorban_der cur, inner;
	int ret;

	vendorban_der_enter(sd, &cur);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_INTEGER, &tlv);
	if (ret)
		return ret;
	/* digestAlgorithms: the SignerInfos repeat what matters. */
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SET, &tlv);
	if (ret)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &eci);
	if (ret)
		return ret;
	vendorban_der_enter(&eci, &inner);
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_OID, &tlv);
	if (ret)
		return ret;
	ret = vendorban_der_optional(&inner, VENDORBAN_DER_CTX_CONS(0), &tlv);
	if (ret < 0)
		return ret;
	msg->detached = !ret;
	if (ret)
		set_content(&tlv, msg);
	if (!vendorban_der_empty(&inner))
		return -EBADMSG;
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(0), &tlv);
	if (ret < 0)
		return ret;
	if (ret) {
		ret = parse_certs(&tlv, msg);
		if (ret)
			return ret;
	}
	/* crls [1] are not used. */
	ret = vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(1), &tlv);
	if (ret < 0)
		return ret;
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SET, &tlv);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	return parse_signers(&tlv, msg);
}

/**
 * vendorban_pkcs7_parse() - parse a ContentInfo holding a SignedData
 * @data: the DER (or BER) ContentInfo
 * @len: its length; the ContentInfo must fill it exactly
 * @msg: filled on success (its content is undefined on failure); its blobs
 *       point into @data
 *
 * Every embedded certificate is parsed; certificate choices other than a
 * plain Certificate are skipped, and so are CRLs and unsigned attributes
 * other than Authenticode nested signatures, which are recorded (not
 * parsed) in @msg->nested.  Attached content (an Authenticode
 * SpcIndirectDataContent, say) is accepted and recorded in @msg->content.
 * Each signer is linked to the embedded certificate it names (same issuer
 * and serial, or same subject key identifier), if any.  No certificate's
 * fingerprint is computed (see vendorban_cert_fingerprint()).  Unknown
 * digest or signature algorithms are recorded as %VENDORBAN_HASH_UNKNOWN
 * and %VENDORBAN_PKEY_UNKNOWN, not refused: the identity of the signer is
 * still known.
 *
 * The work is bounded by @len (at most %VENDORBAN_MAX_CERTS certificates
 * are parsed, none hashed); the caller yields between messages
 * (kmod/lib/sigset.c).
 *
 * Context: any: does not sleep, yield or allocate.
 * Return: 0 on success; -EBADMSG for malformed input, a content type other
 * than signedData, no SignerInfo or a malformed embedded certificate;
 * -E2BIG for more than %VENDORBAN_MAX_SIGNERS signers or
 * %VENDORBAN_MAX_CERTS certificates, or a Name (a certificate's issuer or
 * subject, a signer id's issuer) of more than %VENDORBAN_NAME_MAX_ATTRS
 * attributes.
 */
int vendorban_pkcs7_parse(const u8 *data, size_t len,
			  struct vendorban_pkcs7 *msg)
{
	return vendorban_pkcs7_parse_budget(data, len, msg, NULL);
}

static int parse_message(const u8 *data, size_t len,
			 struct vendorban_pkcs7 *msg, unsigned long *budget);

/**
 * vendorban_pkcs7_parse_budget() - vendorban_pkcs7_parse() with a bound
 * @data: the DER (or BER) ContentInfo
 * @len: its length
 * @msg: filled on success
 * @budget: DER elements that may still be read (decremented; embedded
 *          certificates and their names included), or NULL for no bound
 *
 * Context: any: does not sleep, yield or allocate.
 * Return: as vendorban_pkcs7_parse(); also -E2BIG when @budget runs out.
 */
int vendorban_pkcs7_parse_budget(const u8 *data, size_t len,
				 struct vendorban_pkcs7 *msg,
				 unsigned long *budget)
{
	return vendorban_pkcs7_parse_after(data, len, msg, budget, NULL);
}

/**
 * vendorban_pkcs7_parse_after() - vendorban_pkcs7_parse_budget() of the
 *                                 next message of a file
 * @data: the DER (or BER) ContentInfo
 * @len: its length
 * @msg: filled on success
 * @budget: as for vendorban_pkcs7_parse_budget()
 * @hint: the message of the same file parsed before, or NULL: a nested
 *        signature often repeats its certificates, and a name equal byte
 *        for byte to the one at the same place in @hint is not checked
 *        again (vendorban_x509_parse_after())
 *
 * The same result as vendorban_pkcs7_parse_budget(), and the same budget
 * spent, whatever @hint is.
 *
 * Context: any: does not sleep, yield or allocate.
 * Return: as vendorban_pkcs7_parse_budget().
 */
int vendorban_pkcs7_parse_after(const u8 *data, size_t len,
				struct vendorban_pkcs7 *msg,
				unsigned long *budget,
				const struct vendorban_pkcs7 *hint)
{
	int ret;

	memset(msg, 0, sizeof(*msg));
	msg->hint = hint;
	ret = parse_message(data, len, msg, budget);
	msg->hint = NULL;
	return ret;
}

static int parse_message(const u8 *data, size_t len,
			 struct vendorban_pkcs7 *msg, unsigned long *budget)
{
	struct vendorban_tlv ci, type, explicit, sd;
	struct vendorban_der cur, inner;
	int ret;

	vendorban_der_init_budget(&cur, data, len, budget);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &ci);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&cur))
		return -EBADMSG;
	vendorban_der_enter(&ci, &inner);
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_OID, &type);
	if (ret)
		return ret;
	if (!vendorban_der_oid_equal(&type, oid_signed_data,
				     sizeof(oid_signed_data)))
		return -EBADMSG;
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_CTX_CONS(0),
				   &explicit);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&inner))
		return -EBADMSG;
	vendorban_der_enter(&explicit, &inner);
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_SEQUENCE, &sd);
	if (ret)
		return ret;
	if (!vendorban_der_empty(&inner))
		return -EBADMSG;
	ret = parse_signed_data(&sd, msg);
	if (ret)
		return ret;
	link_signers(msg);
	return 0;
}

/**
 * vendorban_pkcs7_signer_cert() - the embedded certificate of a signer
 * @msg: a parsed SignedData
 * @signer: index of the signer
 *
 * Return: the certificate, or NULL when @signer is out of range or the
 * signature does not embed that signer's certificate.
 */
const struct vendorban_cert *
vendorban_pkcs7_signer_cert(const struct vendorban_pkcs7 *msg,
			    unsigned int signer)
{
	int cert;

	if (signer >= msg->nr_signers)
		return NULL;
	cert = msg->signers[signer].cert;
	if (cert < 0 || (unsigned int)cert >= msg->nr_certs)
		return NULL;
	return &msg->certs[cert];
}

/**
 * vendorban_hash_algo_name() - the kernel crypto API name of a digest
 * @algo: the digest
 *
 * Return: "sha1", "sha224", "sha256", "sha384" or "sha512"; NULL for
 * %VENDORBAN_HASH_UNKNOWN or an out-of-range value.
 */
const char *vendorban_hash_algo_name(enum vendorban_hash_algo algo)
{
	switch (algo) {
	case VENDORBAN_HASH_SHA1:
		return "sha1";
	case VENDORBAN_HASH_SHA224:
		return "sha224";
	case VENDORBAN_HASH_SHA256:
		return "sha256";
	case VENDORBAN_HASH_SHA384:
		return "sha384";
	case VENDORBAN_HASH_SHA512:
		return "sha512";
	default:
		return NULL;
	}
}

/**
 * vendorban_hash_algo_size() - the output size of a digest
 * @algo: the digest
 *
 * Return: the size in bytes, or 0 for an unknown digest.
 */
size_t vendorban_hash_algo_size(enum vendorban_hash_algo algo)
{
	switch (algo) {
	case VENDORBAN_HASH_SHA1:
		return 20;
	case VENDORBAN_HASH_SHA224:
		return 28;
	case VENDORBAN_HASH_SHA256:
		return 32;
	case VENDORBAN_HASH_SHA384:
		return 48;
	case VENDORBAN_HASH_SHA512:
		return 64;
	default:
		return 0;
	}
}

/**
 * vendorban_pkcs7_spc_digest() - the image digest an Authenticode
 * signature signs
 * @msg: a parsed Authenticode SignedData
 * @algo: set to the digest algorithm of its DigestInfo
 * @digest: set to the digest (points into the message)
 * @signed_content: set to what the signers' messageDigest covers: the
 *                  content octets of the SpcIndirectDataContent SEQUENCE,
 *                  without its tag and length
 *
 * SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptional-
 * Value, messageDigest DigestInfo }; DigestInfo ::= SEQUENCE {
 * digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }.
 *
 * Return: 0; -ENODATA when @msg has no content; -ENOPKG for a digest
 * algorithm vendorban does not name; -EBADMSG when the content is not an
 * SpcIndirectDataContent.
 */
int vendorban_pkcs7_spc_digest(const struct vendorban_pkcs7 *msg,
			       enum vendorban_hash_algo *algo,
			       struct vendorban_blob *digest,
			       struct vendorban_blob *signed_content)
{
	struct vendorban_tlv spc, tlv, dinfo;
	struct vendorban_der cur, inner;
	const struct algo_oid *a;
	int ret;

	if (msg->detached || !msg->content.len)
		return -ENODATA;
	vendorban_der_init(&cur, msg->content.data, msg->content.len);
	ret = vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &spc);
	if (ret)
		return ret;
	vendorban_der_enter(&spc, &inner);
	ret = vendorban_der_expect(&inner, VENDORBAN_DER_SEQUENCE, &tlv);
	if (!ret)
		ret = vendorban_der_expect(&inner, VENDORBAN_DER_SEQUENCE,
					   &dinfo);
	if (ret)
		return ret;
	vendorban_der_enter(&dinfo, &cur);
	ret = read_algo(&cur, &a);
	if (!ret)
		ret = vendorban_der_expect(&cur, VENDORBAN_DER_OCTET_STRING,
					   &tlv);
	if (ret)
		return ret;
	if (!a || a->pkey != VENDORBAN_PKEY_UNKNOWN ||
	    tlv.len != vendorban_hash_algo_size(a->hash))
		return a ? -EBADMSG : -ENOPKG;
	*algo = a->hash;
	set_blob(digest, tlv.val, tlv.len);
	set_blob(signed_content, spc.val, spc.len);
	return 0;
}
