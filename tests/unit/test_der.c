// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the bounded DER/BER reader (kmod/lib/der.c)
 */

#include "der.h"
#include "unit.h"

static int read_one(const u8 *data, size_t len, struct vendorban_tlv *tlv)
{
	struct vendorban_der cur;

	vendorban_der_init(&cur, data, len);
	return vendorban_der_next(&cur, tlv);
}

UNIT_TEST(short_and_long_lengths)
{
	static const u8 s[] = { 0x02, 0x01, 0x05 };
	u8 l[3 + 200] = { 0x04, 0x81, 200 };
	u8 l2[4 + 300] = { 0x04, 0x82, 0x01, 0x2c };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(s, sizeof(s), &tlv), 0);
	CHECK_EQ_INT(tlv.tag, VENDORBAN_DER_INTEGER);
	CHECK_EQ_INT(tlv.len, 1);
	CHECK(tlv.val == s + 2 && tlv.raw == s);
	CHECK_EQ_INT(tlv.raw_len, 3);

	CHECK_EQ_INT(read_one(l, sizeof(l), &tlv), 0);
	CHECK_EQ_INT(tlv.len, 200);
	CHECK(tlv.val == l + 3);
	CHECK_EQ_INT(tlv.raw_len, sizeof(l));

	CHECK_EQ_INT(read_one(l2, sizeof(l2), &tlv), 0);
	CHECK_EQ_INT(tlv.len, 300);
	CHECK_EQ_INT(tlv.raw_len, sizeof(l2));
}

UNIT_TEST(bogus_lengths)
{
	/* Content longer than the buffer, in short and long form. */
	static const u8 over[] = { 0x04, 0x05, 1, 2, 3, 4 };
	static const u8 over_long[] = { 0x04, 0x82, 0x01, 0x00, 1, 2 };
	/* Five length octets, length octets missing, huge lengths. */
	static const u8 five[] = { 0x04, 0x85, 0, 0, 0, 0, 1, 0 };
	static const u8 missing[] = { 0x04, 0x82, 0x01 };
	static const u8 huge[] = { 0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0 };
	static const u8 lone_tag[] = { 0x30 };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(over, sizeof(over), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(over_long, sizeof(over_long), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(five, sizeof(five), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(missing, sizeof(missing), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(huge, sizeof(huge), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(lone_tag, sizeof(lone_tag), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(NULL, 0, &tlv), -ENODATA);
}

UNIT_TEST(long_form_tags_rejected)
{
	static const u8 t1[] = { 0x1f, 0x81, 0x00, 0x00 };
	static const u8 t2[] = { 0xbf, 0x20, 0x00 };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(t1, sizeof(t1), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(t2, sizeof(t2), &tlv), -EBADMSG);
}

UNIT_TEST(end_of_contents_is_not_an_element)
{
	static const u8 eoc[] = { 0x00, 0x00 };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(eoc, sizeof(eoc), &tlv), -EBADMSG);
}

UNIT_TEST(indefinite_length)
{
	/* SEQUENCE { INTEGER 5, SEQUENCE(indef) { NULL } } then a trailer */
	static const u8 ber[] = {
		0x30, 0x80, 0x02, 0x01, 0x05,
		0x30, 0x80, 0x05, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x04, 0x00
	};
	struct vendorban_tlv tlv, inner_tlv;
	struct vendorban_der cur, inner;

	vendorban_der_init(&cur, ber, sizeof(ber));
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), 0);
	CHECK_EQ_INT(tlv.tag, VENDORBAN_DER_SEQUENCE);
	CHECK_EQ_INT(tlv.len, 9);
	CHECK_EQ_INT(tlv.raw_len, 13);
	CHECK(tlv.val == ber + 2);
	vendorban_der_enter(&tlv, &inner);
	CHECK_EQ_INT(vendorban_der_expect(&inner, VENDORBAN_DER_INTEGER,
					  &inner_tlv), 0);
	CHECK_EQ_INT(vendorban_der_expect(&inner, VENDORBAN_DER_SEQUENCE,
					  &inner_tlv), 0);
	CHECK_EQ_INT(inner_tlv.len, 2);
	CHECK_EQ_INT(inner_tlv.raw_len, 6);
	CHECK(vendorban_der_empty(&inner));
	/* The cursor moved past the end-of-contents octets. */
	CHECK_EQ_INT(vendorban_der_expect(&cur, VENDORBAN_DER_OCTET_STRING,
					  &tlv), 0);
	CHECK(vendorban_der_empty(&cur));
}

UNIT_TEST(indefinite_length_errors)
{
	static const u8 prim[] = { 0x04, 0x80, 0x00, 0x00 };
	static const u8 no_eoc[] = { 0x30, 0x80, 0x05, 0x00 };
	static const u8 half_eoc[] = { 0x30, 0x80, 0x05, 0x00, 0x00 };
	static const u8 bad_eoc[] = { 0x30, 0x80, 0x00, 0x01, 0x00 };
	static const u8 inner_over[] = { 0x30, 0x80, 0x04, 0x05, 0x00, 0x00 };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(prim, sizeof(prim), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(no_eoc, sizeof(no_eoc), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(half_eoc, sizeof(half_eoc), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(bad_eoc, sizeof(bad_eoc), &tlv), -EBADMSG);
	CHECK_EQ_INT(read_one(inner_over, sizeof(inner_over), &tlv), -EBADMSG);
}

/* @depth nested indefinite SEQUENCEs around a NULL. */
static size_t nest(u8 *buf, unsigned int depth)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < depth; i++) {
		buf[n++] = 0x30;
		buf[n++] = 0x80;
	}
	buf[n++] = 0x05;
	buf[n++] = 0x00;
	for (i = 0; i < depth; i++) {
		buf[n++] = 0x00;
		buf[n++] = 0x00;
	}
	return n;
}

UNIT_TEST(deep_nesting_bounded)
{
	static u8 buf[4 * 10000 + 2];
	struct vendorban_tlv tlv;
	size_t n;

	n = nest(buf, VENDORBAN_DER_MAX_DEPTH);
	CHECK_EQ_INT(read_one(buf, n, &tlv), 0);
	CHECK_EQ_INT(tlv.raw_len, n);
	n = nest(buf, VENDORBAN_DER_MAX_DEPTH + 1);
	CHECK_EQ_INT(read_one(buf, n, &tlv), -EBADMSG);
	n = nest(buf, 10000);
	CHECK_EQ_INT(read_one(buf, n, &tlv), -EBADMSG);
}

UNIT_TEST(definite_nesting_is_not_scanned)
{
	/* Deep definite nesting is one element to the reader. */
	static u8 buf[2 * 60 + 2];
	struct vendorban_tlv tlv;
	unsigned int i;

	for (i = 0; i < 60; i++) {
		buf[2 * i] = 0x30;
		buf[2 * i + 1] = 2 * (60 - i);
	}
	buf[120] = 0x05;
	buf[121] = 0x00;
	CHECK_EQ_INT(read_one(buf, sizeof(buf), &tlv), 0);
	CHECK_EQ_INT(tlv.raw_len, sizeof(buf));
}

UNIT_TEST(expect_and_optional)
{
	static const u8 seq[] = { 0x02, 0x01, 0x01, 0xa0, 0x00, 0x04, 0x00 };
	struct vendorban_der cur;
	struct vendorban_tlv tlv;

	vendorban_der_init(&cur, seq, sizeof(seq));
	CHECK_EQ_INT(vendorban_der_optional(&cur, VENDORBAN_DER_BOOLEAN, &tlv),
		     0);
	CHECK(cur.p == seq);
	CHECK_EQ_INT(vendorban_der_expect(&cur, VENDORBAN_DER_INTEGER, &tlv),
		     0);
	CHECK_EQ_INT(vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(0),
					    &tlv), 1);
	CHECK_EQ_INT(tlv.len, 0);
	CHECK_EQ_INT(vendorban_der_expect(&cur, VENDORBAN_DER_SEQUENCE, &tlv),
		     -EBADMSG);
	CHECK_EQ_INT(vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(1),
					    &tlv), 0);
	vendorban_der_init(&cur, seq + 5, 2);
	CHECK_EQ_INT(vendorban_der_expect(&cur, VENDORBAN_DER_OCTET_STRING,
					  &tlv), 0);
	CHECK(vendorban_der_empty(&cur));
	CHECK_EQ_INT(vendorban_der_optional(&cur, VENDORBAN_DER_NULL, &tlv), 0);
	CHECK_EQ_INT(vendorban_der_expect(&cur, VENDORBAN_DER_NULL, &tlv),
		     -EBADMSG);
	CHECK_EQ_INT(vendorban_der_next(&cur, &tlv), -ENODATA);
}

UNIT_TEST(optional_present_but_malformed)
{
	static const u8 bad[] = { 0xa0, 0x05, 0x00 };
	struct vendorban_der cur;
	struct vendorban_tlv tlv;

	vendorban_der_init(&cur, bad, sizeof(bad));
	CHECK_EQ_INT(vendorban_der_optional(&cur, VENDORBAN_DER_CTX_CONS(0),
					    &tlv), -EBADMSG);
}

UNIT_TEST(oid_equal)
{
	static const u8 oid[] = { 0x06, 0x03, 0x55, 0x04, 0x03 };
	static const u8 cn[] = { 0x55, 0x04, 0x03 };
	static const u8 o[] = { 0x55, 0x04, 0x0a };
	static const u8 oct[] = { 0x04, 0x03, 0x55, 0x04, 0x03 };
	struct vendorban_tlv tlv;

	CHECK_EQ_INT(read_one(oid, sizeof(oid), &tlv), 0);
	CHECK(vendorban_der_oid_equal(&tlv, cn, sizeof(cn)));
	CHECK(!vendorban_der_oid_equal(&tlv, o, sizeof(o)));
	CHECK(!vendorban_der_oid_equal(&tlv, cn, 2));
	CHECK_EQ_INT(read_one(oct, sizeof(oct), &tlv), 0);
	CHECK(!vendorban_der_oid_equal(&tlv, cn, sizeof(cn)));
}

UNIT_TEST(every_truncation_fails)
{
	static const u8 ber[] = {
		0x30, 0x80, 0x02, 0x01, 0x05,
		0x30, 0x0b, 0x04, 0x81, 0x02, 0xaa, 0xbb,
			    0x31, 0x80, 0x05, 0x00, 0x00, 0x00,
		0x00, 0x00
	};
	struct vendorban_tlv tlv;
	size_t n;

	CHECK_EQ_INT(read_one(ber, sizeof(ber), &tlv), 0);
	for (n = 0; n < sizeof(ber); n++) {
		u8 *copy = malloc(n ? n : 1);

		memcpy(copy, ber, n);
		if (read_one(copy, n, &tlv) >= 0) {
			fprintf(stderr, "  truncation to %zu accepted\n", n);
			CHECK(0);
		}
		free(copy);
	}
}

UNIT_MAIN(UNIT_CASE(short_and_long_lengths),
	  UNIT_CASE(bogus_lengths),
	  UNIT_CASE(long_form_tags_rejected),
	  UNIT_CASE(end_of_contents_is_not_an_element),
	  UNIT_CASE(indefinite_length),
	  UNIT_CASE(indefinite_length_errors),
	  UNIT_CASE(deep_nesting_bounded),
	  UNIT_CASE(definite_nesting_is_not_scanned),
	  UNIT_CASE(expect_and_optional),
	  UNIT_CASE(optional_present_but_malformed),
	  UNIT_CASE(oid_equal),
	  UNIT_CASE(every_truncation_fails))
