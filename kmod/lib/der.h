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
int vendorban_der_next_slow(struct vendorban_der *cur,
			    struct vendorban_tlv *tlv);
int vendorban_der_optional(struct vendorban_der *cur, u8 tag,
			   struct vendorban_tlv *tlv);
bool vendorban_der_int_minimal(const struct vendorban_tlv *tlv);
bool vendorban_der_oid_equal(const struct vendorban_tlv *tlv,
			     const u8 *oid, size_t oid_len);

/*
 * The cursor's common steps are inline: every element of a file is read
 * through them (up to VENDORBAN_MAX_DER_ELEMENTS of them, kmod/lib/sigset.h),
 * and a call per element and per cursor was most of the work of the worst
 * files (names of empty RDNs, `BENCH_WORST=1 make bench-exec`).
 */

/**
 * vendorban_der_empty() - whether the cursor has consumed all its bytes
 * @cur: the cursor
 *
 * Return: true when no byte is left to read.
 */
static inline bool vendorban_der_empty(const struct vendorban_der *cur)
{
	return cur->p >= cur->end;
}

/**
 * vendorban_der_next() - read the next element and advance past it
 * @cur: the cursor
 * @tlv: filled with the element on success
 *
 * The common element (a short definite length, a low tag other than 00,
 * an element left in the budget) is read here, anything else by
 * vendorban_der_next_slow(): the same result and the same budget spent.
 *
 * Return: 0 on success; -ENODATA when the cursor is empty; -EBADMSG for a
 * truncated element, a long-form tag, an end-of-contents marker in place of
 * an element, a primitive element with an indefinite length, a length of
 * more than four octets or nesting deeper than %VENDORBAN_DER_MAX_DEPTH;
 * -E2BIG when the cursor's element budget is spent.
 */
static inline int vendorban_der_next(struct vendorban_der *cur,
				     struct vendorban_tlv *tlv)
{
	const u8 *p = cur->p;
	unsigned long *budget = cur->budget;

	if (cur->end - p >= 2 && p[0] && !(p[1] & 0x80) &&
	    (p[0] & 0x1f) != 0x1f && p[1] <= (size_t)(cur->end - p) - 2 &&
	    (!budget || *budget)) {
		if (budget)
			(*budget)--;
		tlv->tag = p[0];
		tlv->raw = p;
		tlv->val = p + 2;
		tlv->len = p[1];
		tlv->raw_len = 2 + (size_t)p[1];
		tlv->budget = budget;
		cur->p = p + tlv->raw_len;
		return 0;
	}
	return vendorban_der_next_slow(cur, tlv);
}

/**
 * vendorban_der_expect() - read the next element, which must have @tag
 * @cur: the cursor
 * @tag: the identifier octet required
 * @tlv: filled with the element on success
 *
 * Return: 0 on success; -EBADMSG when the element is missing, malformed or
 * has another tag; -E2BIG when the element budget is spent.
 */
static inline int vendorban_der_expect(struct vendorban_der *cur, u8 tag,
				       struct vendorban_tlv *tlv)
{
	int ret = vendorban_der_next(cur, tlv);

	if (ret == -ENODATA)
		return -EBADMSG;
	if (ret)
		return ret;
	return tlv->tag == tag ? 0 : -EBADMSG;
}

/**
 * vendorban_der_skip_empty() - read the next element if it is @tag with
 *                              no contents
 * @cur: the cursor
 * @tag: the identifier octet
 *
 * What vendorban_der_next() does for the two octets @tag 00 (@tag not 00,
 * not a long-form tag), without filling an element: the cursor moves past
 * them and one element is taken from the budget.  Nothing moves when the
 * next element is another one or the budget is spent
 * (vendorban_der_next() then reads it, or fails, as for any element).
 *
 * Return: true when the element was read.
 */
static inline bool vendorban_der_skip_empty(struct vendorban_der *cur, u8 tag)
{
	const u8 *p = cur->p;

	if (cur->end - p < 2 || p[0] != tag || p[1] ||
	    (cur->budget && !*cur->budget))
		return false;
	if (cur->budget)
		(*cur->budget)--;
	cur->p = p + 2;
	return true;
}

/**
 * vendorban_der_enter() - start reading the contents of an element
 * @tlv: a constructed element read by the cursor
 * @inner: the cursor to set up over its contents; it shares the element
 *         budget of the cursor that read @tlv
 */
static inline void vendorban_der_enter(const struct vendorban_tlv *tlv,
				       struct vendorban_der *inner)
{
	inner->p = tlv->val;
	inner->end = tlv->val ? tlv->val + tlv->len : tlv->val;
	inner->budget = tlv->budget;
}

#endif /* _SECURITY_VENDORBAN_DER_H */
