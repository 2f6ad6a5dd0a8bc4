/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - X.509 certificate fields that identify a signer
 */

#ifndef _SECURITY_VENDORBAN_X509_H
#define _SECURITY_VENDORBAN_X509_H

#include "compat.h"

struct vendorban_tlv;

/* Longest distinguished name or attribute text we render, NUL included. */
#define VENDORBAN_NAME_MAX	512
/*
 * Most attributes of a Name searched for a CN or O value: a Name with more
 * is reported (-E2BIG), so that the caller can count it as malformed.
 */
#define VENDORBAN_NAME_MAX_ENTRIES	256
/*
 * Most attributes of a certificate's or signer id's Name: one with more
 * does not parse (-E2BIG, a limit), before any of it is rendered.  Real
 * names have a few (the roots of Debian's ca-certificates at most 6, an EV
 * code-signing subject about 12); a crafted one of hundreds costs every
 * chain step that renders it.
 */
#define VENDORBAN_NAME_MAX_ATTRS	32

/**
 * struct vendorban_cert - identity fields of one certificate
 * @der: the whole Certificate element
 * @tbs: the tbsCertificate element (tag and length included)
 * @serial: serialNumber INTEGER contents, exactly as encoded
 * @issuer: issuer Name element (tag and length included)
 * @subject: subject Name element (tag and length included)
 * @spki: subjectPublicKeyInfo element (tag and length included)
 * @skid: subjectKeyIdentifier key octets; empty if the extension is absent
 * @akid: authorityKeyIdentifier keyIdentifier octets; empty if absent
 * @issuer_elems: DER elements vendorban_name_check() read in @issuer
 * @subject_elems: the same for @subject
 * @is_ca: basicConstraints cA is TRUE
 * @hashed: @fingerprint was computed
 * @fingerprint: SHA-256 of @der, computed by vendorban_x509_parse() (a
 *               SignedData's certificates are never hashed when parsed:
 *               zero; see vendorban_cert_fingerprint())
 *
 * All blobs point into the buffer that was parsed; the structure owns no
 * memory and lives no longer than that buffer.
 */
struct vendorban_cert {
	struct vendorban_blob der;
	struct vendorban_blob tbs;
	struct vendorban_blob serial;
	struct vendorban_blob issuer;
	struct vendorban_blob subject;
	struct vendorban_blob spki;
	struct vendorban_blob skid;
	struct vendorban_blob akid;
	unsigned int issuer_elems;
	unsigned int subject_elems;
	bool is_ca;
	bool hashed;
	u8 fingerprint[VENDORBAN_SHA256_LEN];
};

/**
 * struct vendorban_name_seen - a Name that passed vendorban_name_check()
 * @name: the Name element, tag and length included; empty for none
 * @elems: the DER elements that check read
 */
struct vendorban_name_seen {
	struct vendorban_blob name;
	unsigned int elems;
};

/* Name attributes that rules may select on. */
enum vendorban_name_attr {
	VENDORBAN_ATTR_CN,	/* 2.5.4.3 */
	VENDORBAN_ATTR_O,	/* 2.5.4.10 */
};

int vendorban_x509_parse(const u8 *der, size_t len,
			 struct vendorban_cert *cert);
int vendorban_x509_parse_budget(const u8 *der, size_t len,
				struct vendorban_cert *cert,
				unsigned long *budget);
int vendorban_x509_parse_after(const u8 *der, size_t len,
			       struct vendorban_cert *cert,
			       unsigned long *budget,
			       const struct vendorban_cert *prev,
			       const struct vendorban_cert *hint);
void vendorban_x509_fingerprint(struct vendorban_cert *cert);
void vendorban_cert_fingerprint(const struct vendorban_cert *cert, u8 *out);
int vendorban_name_check(const struct vendorban_tlv *name);
int vendorban_name_check_known(const struct vendorban_tlv *name,
			       const struct vendorban_name_seen *known,
			       unsigned int nr_known, unsigned int *elems);
int vendorban_name_format(const struct vendorban_blob *name, char *buf,
			  size_t size);
int vendorban_name_attr(const struct vendorban_blob *name,
			enum vendorban_name_attr attr, unsigned int index,
			char *buf, size_t size);
int vendorban_name_attr_each(const struct vendorban_blob *name,
			     enum vendorban_name_attr attr, char *buf,
			     size_t size,
			     void (*fn)(void *ctx, const char *value),
			     void *ctx);
void vendorban_serial_normalize(struct vendorban_blob *serial);

/* Longest registration number of a legal entity (its "NUMBER" part). */
#define VENDORBAN_REGISTRATION_MAX	64

bool vendorban_registration_valid(const char *s, size_t len);
int vendorban_name_legal_each(const struct vendorban_blob *name, char *buf,
			      size_t size,
			      void (*fn)(void *ctx, const char *value),
			      void *ctx);

#endif /* _SECURITY_VENDORBAN_X509_H */
