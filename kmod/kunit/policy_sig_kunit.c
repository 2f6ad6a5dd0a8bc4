// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - KUnit tests of the signed-policy recogniser
 *
 * Verification itself needs a trusted key and is tested end to end in the
 * VM (tests/signed/guest.sh); these cases pin down which written
 * bytes are taken for a PKCS#7 message and what happens to the rest.
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "../policy_sig.h"

struct looks_case {
	const u8 *data;
	size_t len;
	bool is_signed;
	const char *desc;
};

/* Each signed case ends in the id-signedData OID: 06 09 2a..07 02. */
static const u8 short_form[] = { 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48,
				 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const u8 long_form2[] = { 0x30, 0x82, 0x05, 0xcd, 0x06, 0x09, 0x2a,
				 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
				 0x02 };
static const u8 indefinite[] = { 0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48,
				 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const u8 long_form4[] = { 0x30, 0x84, 0, 0, 0x05, 0xcd, 0x06, 0x09,
				 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
				 0x07, 0x02 };
static const u8 long_form5[] = { 0x30, 0x85, 0, 0, 0, 0x05, 0xcd, 0x06,
				 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
				 0x01, 0x07, 0x02 };
static const u8 truncated[] = { 0x30, 0x82, 0x05, 0xcd, 0x06, 0x09, 0x2a };
static const u8 enveloped[] = { 0x30, 0x82, 0x05, 0xcd, 0x06, 0x09, 0x2a,
				0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
				0x03 };
static const u8 text[] = "vendorban-policy 1\nname p\nversion 1\n";
static const u8 zero_text[] = "0\x82 vendorban-policy 1\n";

static const struct looks_case looks_cases[] = {
	{ short_form, sizeof(short_form), true, "short length" },
	{ long_form2, sizeof(long_form2), true, "two length bytes" },
	{ indefinite, sizeof(indefinite), true, "indefinite length" },
	{ long_form4, sizeof(long_form4), true, "four length bytes" },
	{ long_form5, sizeof(long_form5), false, "five length bytes" },
	{ truncated, sizeof(truncated), false, "truncated OID" },
	{ enveloped, sizeof(enveloped), false, "envelopedData, not signed" },
	{ text, sizeof(text) - 1, false, "policy text" },
	{ zero_text, sizeof(zero_text) - 1, false, "text starting 0x30" },
	{ short_form, 1, false, "one byte" },
	{ short_form, 0, false, "empty" },
};

static void looks_case_desc(const struct looks_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(looks, looks_cases, looks_case_desc);

static void looks_signed_test(struct kunit *test)
{
	const struct looks_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vendorban_policy_looks_signed(c->data, c->len),
			c->is_signed);
}

/* A policy text comes back as it is, unsigned, whatever is required. */
static void unwrap_text_test(struct kunit *test)
{
	struct vendorban_parse_error err = {};
	struct vendorban_policy_blob blob;

	KUNIT_ASSERT_EQ(test, vendorban_policy_unwrap(text, sizeof(text) - 1,
						      &blob, &err), 0);
	KUNIT_EXPECT_PTR_EQ(test, blob.text, (const char *)text);
	KUNIT_EXPECT_EQ(test, blob.len, sizeof(text) - 1);
	KUNIT_EXPECT_FALSE(test, blob.is_signed);
}

/* Something that claims to be signed and is not a message is refused. */
static void unwrap_garbage_test(struct kunit *test)
{
	struct vendorban_parse_error err = {};
	struct vendorban_policy_blob blob;

	KUNIT_EXPECT_EQ(test, vendorban_policy_unwrap(long_form2,
						      sizeof(long_form2),
						      &blob, &err),
			-EKEYREJECTED);
	KUNIT_EXPECT_PTR_EQ(test, blob.text, NULL);
	KUNIT_EXPECT_FALSE(test, blob.is_signed);
	KUNIT_EXPECT_EQ(test, err.line, 0U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(err.reason, "policy signature"));
}

static struct kunit_case policy_sig_test_cases[] = {
	KUNIT_CASE_PARAM(looks_signed_test, looks_gen_params),
	KUNIT_CASE(unwrap_text_test),
	KUNIT_CASE(unwrap_garbage_test),
	{}
};

static struct kunit_suite policy_sig_test_suite = {
	.name = "vendorban_policy_sig",
	.test_cases = policy_sig_test_cases,
};

kunit_test_suite(policy_sig_test_suite);
