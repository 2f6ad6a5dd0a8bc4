// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - bounded DER/BER reader
 *
 * Reads one element at a time from untrusted bytes.  Definite lengths of up
 * to four octets and, for constructed elements, the indefinite length of BER
 * are accepted; long-form (multi-octet) tags are not.  Indefinite-length
 * contents are measured by an iterative scan whose nesting is bounded by
 * VENDORBAN_DER_MAX_DEPTH.
 */

#include "der.h"

#define DER_TAG_CONSTRUCTED	0x20
#define DER_TAG_NUMBER_MASK	0x1f
#define DER_LEN_LONG		0x80
#define DER_LEN_INDEFINITE	0x80

/**
 * struct der_header - the identifier and length octets of one element
 * @tag: identifier octet
 * @indefinite: the length octets are the BER indefinite form
 * @hdr_len: number of identifier and length octets
 * @len: content length (definite form only)
 */
struct der_header {
	u8 tag;
	bool indefinite;
	size_t hdr_len;
	size_t len;
};

/*
 * Reads the header at @p.  Definite contents must fit before @end; a tag
 * byte of zero (end-of-contents) is reported as such and checked by the
 * caller.
 */
static int read_header(const u8 *p, const u8 *end, struct der_header *h)
{
	size_t avail = end - p;
	unsigned int i, n;
	u8 b;

	if (avail < 2)
		return -EBADMSG;
	h->tag = p[0];
	h->indefinite = false;
	h->len = 0;
	if ((h->tag & DER_TAG_NUMBER_MASK) == DER_TAG_NUMBER_MASK)
		return -EBADMSG;
	b = p[1];
	h->hdr_len = 2;
	if (b == DER_LEN_INDEFINITE) {
		if (!(h->tag & DER_TAG_CONSTRUCTED))
			return -EBADMSG;
		h->indefinite = true;
		return 0;
	}
	if (!(b & DER_LEN_LONG)) {
		h->len = b;
	} else {
		n = b & ~DER_LEN_LONG;
		if (n > 4 || avail - 2 < n)
			return -EBADMSG;
		for (i = 0; i < n; i++)
			h->len = (h->len << 8) | p[2 + i];
		h->hdr_len += n;
	}
	if (h->len > avail - h->hdr_len)
		return -EBADMSG;
	return 0;
}

/*
 * Measures indefinite-length contents starting at @p: sets @len to the
 * length of the contents and @total to the contents plus the closing
 * end-of-contents octets.  Nested indefinite elements are tracked with a
 * counter, not by recursion.
 */
/* Takes one element from @budget (if any): -E2BIG when none is left. */
static int charge(unsigned long *budget)
{
	if (!budget)
		return 0;
	if (!*budget)
		return -E2BIG;
	(*budget)--;
	return 0;
}

static int indefinite_len(const u8 *p, const u8 *end, size_t *len,
			  size_t *total, unsigned long *budget)
{
	const u8 *q = p;
	unsigned int depth = 1;
	struct der_header h;
	int ret;

	for (;;) {
		ret = charge(budget);
		if (!ret)
			ret = read_header(q, end, &h);
		if (ret)
			return ret;
		if (h.tag == 0) {
			/* End-of-contents: 00 00, nothing else. */
			if (q[1] != 0)
				return -EBADMSG;
			q += 2;
			if (--depth == 0)
				break;
			continue;
		}
		q += h.hdr_len;
		if (h.indefinite) {
			if (++depth > VENDORBAN_DER_MAX_DEPTH)
				return -EBADMSG;
			continue;
		}
		q += h.len;
	}
	*total = q - p;
	*len = *total - 2;
	return 0;
}

/**
 * vendorban_der_init() - start reading a buffer
 * @cur: the cursor to set up
 * @data: first byte (may be NULL when @len is 0)
 * @len: number of bytes the cursor may read
 */
void vendorban_der_init(struct vendorban_der *cur, const u8 *data, size_t len)
{
	vendorban_der_init_budget(cur, data, len, NULL);
}

/**
 * vendorban_der_init_budget() - start reading a buffer, element-bounded
 * @cur: the cursor to set up
 * @data: first byte (may be NULL when @len is 0)
 * @len: number of bytes the cursor may read
 * @budget: how many more elements (headers) may be read through @cur and
 *          every cursor entered from it, decremented as they are; NULL for
 *          no bound.  When it runs out, reads fail with -E2BIG.
 *
 * The budget bounds the work spent on one untrusted input as a whole (the
 * headers scanned to measure indefinite lengths count too), however it is
 * nested or repeated.
 */
void vendorban_der_init_budget(struct vendorban_der *cur, const u8 *data,
			       size_t len, unsigned long *budget)
{
	cur->p = data;
	cur->end = data ? data + len : data;
	cur->budget = budget;
}

/**
 * vendorban_der_next_slow() - vendorban_der_next() of what its inline fast
 *                             path does not read
 * @cur: the cursor
 * @tlv: filled with the element on success
 *
 * Any element, the short ones too: vendorban_der_next() calls it for
 * everything but a short definite length and a low tag, with an element
 * left in the budget.
 *
 * Return: as vendorban_der_next().
 */
int vendorban_der_next_slow(struct vendorban_der *cur,
			    struct vendorban_tlv *tlv)
{
	const u8 *p = cur->p;
	struct der_header h;
	size_t total;
	int ret;

	if (p >= cur->end)
		return -ENODATA;
	ret = charge(cur->budget);
	if (ret)
		return ret;
	ret = read_header(p, cur->end, &h);
	if (ret)
		return ret;
	if (h.tag == 0)
		return -EBADMSG;
	tlv->tag = h.tag;
	tlv->raw = p;
	tlv->val = p + h.hdr_len;
	tlv->budget = cur->budget;
	if (h.indefinite) {
		ret = indefinite_len(tlv->val, cur->end, &tlv->len, &total,
				     cur->budget);
		if (ret)
			return ret;
	} else {
		tlv->len = h.len;
		total = h.len;
	}
	tlv->raw_len = h.hdr_len + total;
	cur->p += tlv->raw_len;
	return 0;
}

/**
 * vendorban_der_optional() - read the next element only if it has @tag
 * @cur: the cursor
 * @tag: the identifier octet of the optional element
 * @tlv: filled with the element when it is present
 *
 * The cursor does not move when the next element has another tag or when
 * the cursor is empty.
 *
 * Return: 1 when the element was present and read; 0 when it is absent;
 * -EBADMSG when it is present but malformed.
 */
int vendorban_der_optional(struct vendorban_der *cur, u8 tag,
			   struct vendorban_tlv *tlv)
{
	int ret;

	if (vendorban_der_empty(cur) || cur->p[0] != tag)
		return 0;
	ret = vendorban_der_next(cur, tlv);
	return ret ? ret : 1;
}

/**
 * vendorban_der_int_minimal() - whether an INTEGER's contents are DER
 * @tlv: the element
 *
 * DER encodes an INTEGER in the fewest octets (X.690 8.3.2): at least one,
 * and the first nine bits neither all zero nor all one.  OpenSSL refuses
 * any other encoding, so the kernel's parser does too.
 *
 * Return: true when the contents are a minimal two's complement integer.
 */
bool vendorban_der_int_minimal(const struct vendorban_tlv *tlv)
{
	if (!tlv->len)
		return false;
	if (tlv->len == 1)
		return true;
	return !(tlv->val[0] == 0x00 && !(tlv->val[1] & 0x80)) &&
	       !(tlv->val[0] == 0xff && (tlv->val[1] & 0x80));
}

/**
 * vendorban_der_oid_equal() - whether an element is a given OBJECT IDENTIFIER
 * @tlv: the element
 * @oid: the expected content octets
 * @oid_len: their number
 *
 * Return: true when @tlv is an OID whose contents are @oid.
 */
bool vendorban_der_oid_equal(const struct vendorban_tlv *tlv,
			     const u8 *oid, size_t oid_len)
{
	return tlv->tag == VENDORBAN_DER_OID && tlv->len == oid_len &&
	       !memcmp(tlv->val, oid, oid_len);
}
