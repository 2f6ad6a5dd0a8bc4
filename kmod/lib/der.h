/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - bounded DER/BER reader
 *
 * A cursor over untrusted bytes.  Every read checks the remaining length
 * first; nothing here allocates or recurses without a depth bound.
 */

#ifndef _SECURITY_VENDORBAN_DER_H
#define _SECURITY_VENDORBAN_DER_H

#include "compat.h"

/* Universal tags, with the constructed bit where DER requires it. */
#define VENDORBAN_DER_BOOLEAN		0x01
#define VENDORBAN_DER_INTEGER		0x02
#define VENDORBAN_DER_BIT_STRING	0x03
#define VENDORBAN_DER_OCTET_STRING	0x04
#define VENDORBAN_DER_NULL		0x05
#define VENDORBAN_DER_OID		0x06
#define VENDORBAN_DER_UTF8_STRING	0x0c
#define VENDORBAN_DER_PRINTABLE_STRING	0x13
#define VENDORBAN_DER_T61_STRING	0x14
#define VENDORBAN_DER_IA5_STRING	0x16
#define VENDORBAN_DER_UTC_TIME		0x17
#define VENDORBAN_DER_GENERALIZED_TIME	0x18
#define VENDORBAN_DER_UNIVERSAL_STRING	0x1c
#define VENDORBAN_DER_BMP_STRING	0x1e
#define VENDORBAN_DER_SEQUENCE		0x30
#define VENDORBAN_DER_SET		0x31
/* Context-specific tags: [n] constructed and [n] primitive. */
#define VENDORBAN_DER_CTX_CONS(n)	(0xa0 | (n))
#define VENDORBAN_DER_CTX_PRIM(n)	(0x80 | (n))

/* Nesting bound for indefinite-length (BER) contents. */
#define VENDORBAN_DER_MAX_DEPTH		16

/**
 * struct vendorban_der - read cursor
 * @p: next unread byte
 * @end: one past the last byte the cursor may read
 * @budget: elements left to read, shared by every cursor entered from
 *          this one (vendorban_der_init_budget()); NULL for no bound
 */
struct vendorban_der {
	const u8 *p;
	const u8 *end;
	unsigned long *budget;
};

/**
 * struct vendorban_tlv - one element read by the cursor
 * @tag: identifier octet (single-byte tags only)
 * @val: first content octet
 * @len: content length (for indefinite-length elements, the length of the
 *       contents without the end-of-contents octets)
 * @raw: first identifier octet, so that @raw/@raw_len cover the whole element
 * @raw_len: length of the whole element, header and end-of-contents included
 * @budget: the budget of the cursor that read it, for vendorban_der_enter()
 */
struct vendorban_tlv {
	u8 tag;
	const u8 *val;
	size_t len;
	const u8 *raw;
	size_t raw_len;
	unsigned long *budget;
};

void vendorban_der_init(struct vendorban_der *cur, const u8 *data, size_t len);
void vendorban_der_init_budget(struct vendorban_der *cur, const u8 *data,
			       size_t len, unsigned long *budget);
bool vendorban_der_empty(const struct vendorban_der *cur);
int vendorban_der_next(struct vendorban_der *cur, struct vendorban_tlv *tlv);
int vendorban_der_expect(struct vendorban_der *cur, u8 tag,
			 struct vendorban_tlv *tlv);
int vendorban_der_optional(struct vendorban_der *cur, u8 tag,
			   struct vendorban_tlv *tlv);
void vendorban_der_enter(const struct vendorban_tlv *tlv,
			 struct vendorban_der *inner);
bool vendorban_der_int_minimal(const struct vendorban_tlv *tlv);
bool vendorban_der_oid_equal(const struct vendorban_tlv *tlv,
			     const u8 *oid, size_t oid_len);

#endif /* _SECURITY_VENDORBAN_DER_H */
