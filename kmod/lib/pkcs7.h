/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - PKCS#7/CMS SignedData: who signed, with what
 */

#ifndef _SECURITY_VENDORBAN_PKCS7_H
#define _SECURITY_VENDORBAN_PKCS7_H

#include "compat.h"
#include "x509.h"

/*
 * Limits of one SignedData.  A message beyond them is not parsed (-E2BIG),
 * and its nested signatures beyond %VENDORBAN_MAX_NESTED mark it
 * &vendorban_pkcs7.incomplete: the caller treats either as malformed, never
 * as a signature that is not there.
 */
#define VENDORBAN_MAX_SIGNERS	8
#define VENDORBAN_MAX_CERTS	32
/* Authenticode nested signatures recorded per SignedData. */
#define VENDORBAN_MAX_NESTED	16

/* How a SignerInfo names its certificate. */
enum vendorban_sid_type {
	VENDORBAN_SID_ISSUER_SERIAL,
	VENDORBAN_SID_SKID,
};

enum vendorban_hash_algo {
	VENDORBAN_HASH_UNKNOWN,
	VENDORBAN_HASH_SHA1,
	VENDORBAN_HASH_SHA224,
	VENDORBAN_HASH_SHA256,
	VENDORBAN_HASH_SHA384,
	VENDORBAN_HASH_SHA512,
};

enum vendorban_pkey_algo {
	VENDORBAN_PKEY_UNKNOWN,
	VENDORBAN_PKEY_RSA,
	VENDORBAN_PKEY_ECDSA,
};

/**
 * struct vendorban_signer - one SignerInfo
 * @sid_type: whether @issuer/@serial or @skid name the signer
 * @issuer: issuer Name element (for %VENDORBAN_SID_ISSUER_SERIAL)
 * @serial: serial INTEGER contents as encoded (same)
 * @skid: subject key identifier octets (for %VENDORBAN_SID_SKID)
 * @digest_algo: SignerInfo digestAlgorithm
 * @pkey_algo: key type implied by signatureAlgorithm
 * @signed_attrs: the [0] signedAttrs element, tag included; empty if absent.
 *                Its digest is taken with the tag byte replaced by SET (0x31).
 * @message_digest: the messageDigest attribute value; empty if absent
 * @signature: the signature OCTET STRING contents
 * @cert: index into &vendorban_pkcs7.certs of the signer certificate, or -1
 *        when the signature does not embed it
 */
struct vendorban_signer {
	enum vendorban_sid_type sid_type;
	struct vendorban_blob issuer;
	struct vendorban_blob serial;
	struct vendorban_blob skid;
	enum vendorban_hash_algo digest_algo;
	enum vendorban_pkey_algo pkey_algo;
	struct vendorban_blob signed_attrs;
	struct vendorban_blob message_digest;
	struct vendorban_blob signature;
	int cert;
};

/**
 * struct vendorban_pkcs7 - a parsed SignedData
 * @nr_signers: number of valid entries in @signers (at least 1)
 * @signers: the SignerInfos, in order
 * @nr_certs: number of valid entries in @certs
 * @certs: the embedded certificates, in order
 * @detached: encapContentInfo carries no content
 * @content: the encapsulated content, the element inside eContent [0] (tag
 *           and length included; for Authenticode the SpcIndirectDataContent
 *           SEQUENCE); empty when @detached
 * @nr_nested: number of valid entries in @nested
 * @nested: Authenticode nested signatures (the values of the unsigned
 *          attribute 1.3.6.1.4.1.311.2.4.1 of any SignerInfo, as made by
 *          `osslsigncode -nest`): each a whole ContentInfo for
 *          vendorban_pkcs7_parse().  Timestamp countersignatures are not
 *          recorded: their signers never identify the file's signer.
 * @incomplete: not every nested signature could be recorded (more than
 *              %VENDORBAN_MAX_NESTED, or unsigned attributes that do not
 *              parse): a signature may be missing from @nested
 * @hint: while it is parsed, the message parsed before it
 *        (vendorban_pkcs7_parse_after()); NULL after
 *
 * Blobs point into the parsed buffer.  Large: allocate, do not put it on a
 * kernel stack.
 */
struct vendorban_pkcs7 {
	unsigned int nr_signers;
	struct vendorban_signer signers[VENDORBAN_MAX_SIGNERS];
	unsigned int nr_certs;
	struct vendorban_cert certs[VENDORBAN_MAX_CERTS];
	bool detached;
	struct vendorban_blob content;
	unsigned int nr_nested;
	struct vendorban_blob nested[VENDORBAN_MAX_NESTED];
	bool incomplete;
	const struct vendorban_pkcs7 *hint;
};

int vendorban_pkcs7_parse(const u8 *data, size_t len,
			  struct vendorban_pkcs7 *msg);
int vendorban_pkcs7_parse_budget(const u8 *data, size_t len,
				 struct vendorban_pkcs7 *msg,
				 unsigned long *budget);
int vendorban_pkcs7_parse_after(const u8 *data, size_t len,
				struct vendorban_pkcs7 *msg,
				unsigned long *budget,
				const struct vendorban_pkcs7 *hint);
const struct vendorban_cert *
vendorban_pkcs7_signer_cert(const struct vendorban_pkcs7 *msg,
			    unsigned int signer);
int vendorban_pkcs7_spc_digest(const struct vendorban_pkcs7 *msg,
			       enum vendorban_hash_algo *algo,
			       struct vendorban_blob *digest,
			       struct vendorban_blob *signed_content);
const char *vendorban_hash_algo_name(enum vendorban_hash_algo algo);
size_t vendorban_hash_algo_size(enum vendorban_hash_algo algo);

#endif /* _SECURITY_VENDORBAN_PKCS7_H */
