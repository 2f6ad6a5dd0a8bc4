// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - KUnit tests of the shared library inside the kernel
 *
 * The same files are unit-tested and fuzzed in userspace; these tests prove
 * that the kernel build of them (kernel allocator, kernel SHA-256) behaves
 * the same.
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "../lib/der.h"
#include "../lib/modsig.h"
#include "../lib/pkcs7.h"
#include "../lib/policy.h"
#include "../lib/x509.h"

struct policy_case {
	const char *text;
	int err;
	unsigned int line;
	const char *desc;
};

static const struct policy_case policy_cases[] = {
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n", 0, 0,
	  "minimal" },
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n"
	  "deny subject-o \"AO Kaspersky Lab\" label=eu-ban\n"
	  "audit issuer \"CN=Root,O=X\"\ndeny unsigned\ndeny malformed\n",
	  0, 0, "selectors" },
	{ "vendorban-policy 1\nname p\nversion 1\n", -EINVAL, 0,
	  "missing default" },
	{ "vendorban-policy 2\nname p\nversion 1\ndefault allow\n", -EINVAL,
	  1, "future format" },
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n"
	  "denny unsigned\n", -EINVAL, 5, "unknown action" },
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n"
	  "deny fingerprint 00ff\n", -EINVAL, 5, "short fingerprint" },
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n"
	  "allow subject-o \"Good\"\n", -EINVAL, 5, "unverifiable allow" },
	{ "vendorban-policy 1\nname p\nversion 1\ndefault allow\n"
	  "deny subject-cn \"open\n", -EINVAL, 5, "unterminated string" },
};

static void policy_case_desc(const struct policy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(policy, policy_cases, policy_case_desc);

static void test_policy_parse(struct kunit *test)
{
	const struct policy_case *c = test->param_value;
	struct vendorban_parse_error err = {};
	struct vendorban_policy *policy = NULL;
	int ret;

	ret = vendorban_policy_parse(c->text, strlen(c->text), &policy, &err);
	KUNIT_EXPECT_EQ_MSG(test, ret, c->err, "reason: %s", err.reason);
	if (c->err) {
		KUNIT_EXPECT_PTR_EQ(test, policy, NULL);
		if (c->line)
			KUNIT_EXPECT_EQ(test, err.line, c->line);
		KUNIT_EXPECT_NE(test, err.reason[0], '\0');
	} else {
		KUNIT_ASSERT_NOT_NULL(test, policy);
		KUNIT_EXPECT_STREQ(test, policy->name, "p");
	}
	vendorban_policy_free(policy);
}

/* The canonical text must parse back to itself, digest included. */
static void test_policy_round_trip(struct kunit *test)
{
	static const char text[] =
		"# comment\nvendorban-policy 1\nname  rt\nversion 7\n\n"
		"deny skid 0A:0b:0C label=k\ndefault deny\nallow unsigned\n";
	struct vendorban_policy *a = NULL, *b = NULL;
	struct vendorban_parse_error err = {};

	KUNIT_ASSERT_EQ(test, vendorban_policy_parse(text, strlen(text), &a,
						     &err), 0);
	KUNIT_ASSERT_EQ(test, vendorban_policy_parse(a->text, a->text_len, &b,
						     &err), 0);
	KUNIT_EXPECT_STREQ(test, a->text, b->text);
	KUNIT_EXPECT_EQ(test, memcmp(a->digest, b->digest, sizeof(a->digest)),
			0);
	KUNIT_EXPECT_EQ(test, a->default_action, VENDORBAN_ACTION_DENY);
	KUNIT_EXPECT_EQ(test, a->nr_rules, 2u);
	vendorban_policy_free(a);
	vendorban_policy_free(b);
}

static void test_match_unsigned_and_malformed(struct kunit *test)
{
	static const char text[] =
		"vendorban-policy 1\nname m\nversion 1\ndefault allow\n"
		"audit malformed\ndeny unsigned\ndeny malformed\n";
	struct vendorban_file_facts facts = { .state = VENDORBAN_SIG_NONE };
	struct vendorban_parse_error err = {};
	struct vendorban_policy *p = NULL;
	struct vendorban_match *m;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_EQ(test, vendorban_policy_parse(text, strlen(text), &p,
						     &err), 0);

	vendorban_policy_match(p, &facts, m);
	KUNIT_ASSERT_EQ(test, m->nr, 1u);
	KUNIT_EXPECT_EQ(test, p->rules[m->c[0].rule].line, 6u);

	facts.state = VENDORBAN_SIG_MALFORMED;
	vendorban_policy_match(p, &facts, m);
	KUNIT_ASSERT_GE(test, m->nr, 1u);
	KUNIT_EXPECT_EQ(test, p->rules[m->c[0].rule].line, 5u);
	vendorban_policy_free(p);
}

static void put_trailer(u8 *t, u32 sig_len, u8 id_type)
{
	memset(t, 0, VENDORBAN_MODSIG_INFO_LEN);
	t[2] = id_type;
	t[8] = sig_len >> 24;
	t[9] = sig_len >> 16;
	t[10] = sig_len >> 8;
	t[11] = sig_len;
	memcpy(t + VENDORBAN_MODSIG_INFO_LEN, VENDORBAN_MODSIG_MAGIC,
	       VENDORBAN_MODSIG_MAGIC_LEN);
}

static void test_modsig_locate(struct kunit *test)
{
	u8 t[VENDORBAN_MODSIG_TRAILER_LEN];
	struct vendorban_modsig sig;

	put_trailer(t, 100, VENDORBAN_MODSIG_ID_PKCS7);
	KUNIT_ASSERT_EQ(test, vendorban_modsig_locate(t, sizeof(t), 1000,
						      &sig), 0);
	KUNIT_EXPECT_EQ(test, sig.sig_len, 100u);
	KUNIT_EXPECT_EQ(test, sig.data_len, 1000ull - 40 - 100);
	KUNIT_EXPECT_EQ(test, sig.sig_offset, sig.data_len);

	/* Longer than the file: malformed, not a read past the start. */
	KUNIT_EXPECT_EQ(test, vendorban_modsig_locate(t, sizeof(t), 120, &sig),
			-EBADMSG);
	put_trailer(t, 100, 1);
	KUNIT_EXPECT_EQ(test, vendorban_modsig_locate(t, sizeof(t), 1000,
						      &sig), -EBADMSG);
	t[sizeof(t) - 1] = 'x';
	KUNIT_EXPECT_EQ(test, vendorban_modsig_locate(t, sizeof(t), 1000,
						      &sig), -ENODATA);
}

/* Name: C=RU, O=AO Kaspersky Lab, CN=a+b */
static const u8 test_name[] = {
	0x30, 0x3a,
	0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06,
		    0x13, 0x02, 'R', 'U',
	0x31, 0x19, 0x30, 0x17, 0x06, 0x03, 0x55, 0x04, 0x0a,
		    0x0c, 0x10, 'A', 'O', ' ', 'K', 'a', 's', 'p', 'e', 'r',
		    's', 'k', 'y', ' ', 'L', 'a', 'b',
	0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03,
		    0x0c, 0x07, 'a', ',', 'b', ' ', 'l', 't', 'd',
};

static void test_name_format(struct kunit *test)
{
	struct vendorban_blob name = { test_name, sizeof(test_name) };
	char buf[VENDORBAN_NAME_MAX];

	KUNIT_ASSERT_GE(test, vendorban_name_format(&name, buf, sizeof(buf)),
			0);
	KUNIT_EXPECT_STREQ(test, buf, "CN=a\\,b ltd,O=AO Kaspersky Lab,C=RU");
	KUNIT_ASSERT_GE(test, vendorban_name_attr(&name, VENDORBAN_ATTR_O, 0,
						  buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "AO Kaspersky Lab");
	KUNIT_EXPECT_EQ(test, vendorban_name_attr(&name, VENDORBAN_ATTR_O, 1,
						  buf, sizeof(buf)), -ENOENT);
	/* Truncated input is an error, never a read past the end. */
	name.len--;
	KUNIT_EXPECT_LT(test, vendorban_name_format(&name, buf, sizeof(buf)),
			0);
}

/*
 * A signer certificate of @len bytes of @der, with subject @subject, as
 * signer @i of @msg (names only by the pointers: nothing is parsed).
 */
static void add_signer(struct vendorban_pkcs7 *msg, const u8 *der,
		       size_t len, const u8 *subject, size_t subject_len)
{
	static const u8 serial[] = { 0x01 };
	unsigned int i = msg->nr_signers++;

	msg->certs[i].der.data = der;
	msg->certs[i].der.len = len;
	msg->certs[i].subject.data = subject;
	msg->certs[i].subject.len = subject_len;
	msg->certs[i].serial.data = serial;
	msg->certs[i].serial.len = sizeof(serial);
	msg->nr_certs = msg->nr_signers;
	msg->signers[i].sid_type = VENDORBAN_SID_SKID;
	msg->signers[i].cert = i;
}

/*
 * The kernel's SHA-256 of a signer certificate finds a fingerprint rule,
 * computed only when the policy has one, at most VENDORBAN_MAX_FPR_BYTES
 * per file: past that the file is over a limit, and the signer behind is
 * still looked up by its O.
 */
static void test_match_fingerprint_bound(struct kunit *test)
{
	static const char text[] =
		"vendorban-policy 1\nname f\nversion 1\ndefault allow\n"
		"deny fingerprint cd00e292c5970d3c5e2f0ffa5171e555bc46bfc4faddfb4a418b6840b86e79a3\n"
		"deny subject-o \"AO Kaspersky Lab\"\n";
	static const char by_o[] =
		"vendorban-policy 1\nname o\nversion 1\ndefault allow\n"
		"deny subject-o \"AO Kaspersky Lab\"\n";
	static const u8 empty_name[] = { 0x30, 0x00 };
	const size_t half = VENDORBAN_MAX_FPR_BYTES / 2;
	const struct vendorban_pkcs7 *msgs[1];
	struct vendorban_file_facts facts = {
		.state = VENDORBAN_SIG_PRESENT, .msgs = msgs, .nr_msgs = 1,
	};
	struct vendorban_parse_error err = {};
	struct vendorban_policy *p = NULL, *o = NULL;
	struct vendorban_pkcs7 *msg;
	struct vendorban_match *m;
	u8 *der;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	msg = kunit_kzalloc(test, sizeof(*msg), GFP_KERNEL);
	der = kunit_kzalloc(test, half + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_NOT_NULL(test, der);
	msgs[0] = msg;
	KUNIT_ASSERT_EQ(test, vendorban_policy_parse(text, strlen(text), &p,
						     &err), 0);
	KUNIT_ASSERT_EQ(test, vendorban_policy_parse(by_o, strlen(by_o), &o,
						     &err), 0);

	/* 100 zero bytes: the fingerprint rule and the O rule */
	add_signer(msg, der, 100, test_name, sizeof(test_name));
	vendorban_policy_match(p, &facts, m);
	KUNIT_ASSERT_EQ(test, m->nr, 2u);
	KUNIT_EXPECT_EQ(test, m->c[0].rule, 0);
	KUNIT_EXPECT_EQ(test, m->c[1].rule, 1);
	KUNIT_EXPECT_FALSE(test, m->limit);
	KUNIT_EXPECT_EQ(test, m->fpr_bytes, (size_t)100);
	vendorban_policy_match(o, &facts, m);
	KUNIT_EXPECT_EQ(test, m->nr, 1u);
	KUNIT_EXPECT_EQ(test, m->fpr_bytes, (size_t)0);

	/* behind two certificates that use up the bound */
	memset(msg, 0, sizeof(*msg));
	add_signer(msg, der, half, empty_name, sizeof(empty_name));
	add_signer(msg, der + 1, half, empty_name, sizeof(empty_name));
	add_signer(msg, der, 100, test_name, sizeof(test_name));
	vendorban_policy_match(p, &facts, m);
	KUNIT_EXPECT_TRUE(test, m->limit);
	KUNIT_EXPECT_EQ(test, m->fpr_bytes, (size_t)VENDORBAN_MAX_FPR_BYTES);
	KUNIT_ASSERT_GE(test, m->nr, 1u);
	KUNIT_EXPECT_EQ(test, m->c[0].rule, 1);
	KUNIT_EXPECT_EQ(test, m->c[0].signer, 2);
	vendorban_policy_match(o, &facts, m);
	KUNIT_EXPECT_FALSE(test, m->limit);
	KUNIT_EXPECT_EQ(test, m->fpr_bytes, (size_t)0);
	vendorban_policy_free(p);
	vendorban_policy_free(o);
}

static struct kunit_case vendorban_test_cases[] = {
	KUNIT_CASE_PARAM(test_policy_parse, policy_gen_params),
	KUNIT_CASE(test_policy_round_trip),
	KUNIT_CASE(test_match_unsigned_and_malformed),
	KUNIT_CASE(test_modsig_locate),
	KUNIT_CASE(test_name_format),
	KUNIT_CASE(test_match_fingerprint_bound),
	{}
};

static struct kunit_suite vendorban_test_suite = {
	.name = "vendorban",
	.test_cases = vendorban_test_cases,
};

kunit_test_suite(vendorban_test_suite);
