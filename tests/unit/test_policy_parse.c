// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the policy parser and its canonical form
 *
 * Certificates ("cert" rules) are tested in test_policy_match.c, which has
 * the openssl-made fixtures.
 */

#include <openssl/sha.h>
#include <stdlib.h>

#include "policy.h"
#include "unit.h"

#define HDR "vendorban-policy 1\nname p\nversion 1\n"
#define HDR_DENY HDR "default deny\n"
#define FPR_HEX "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define FPR_COLON "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:" \
		  "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff"

struct good_case {
	const char *in;
	const char *canon;
};

static const struct good_case good[] = {
	{ HDR_DENY, HDR_DENY },
	{ "# a comment\n \t\n  vendorban-policy\t 1  \n\tname  pol-1_x.Y \n"
	  "version 4294967295\n"
	  "deny fingerprint " FPR_COLON " label=fp\n"
	  "  # indented comment\n"
	  "audit skid 0A0b\n"
	  "deny issuer-serial \"CN=Evil CA,O=Evil \\\"Corp\\\"\" 00:00:8a:1b\n"
	  "deny subject-o \"AO Kaspersky Lab\" label=kasp\n"
	  "deny subject-cn \"back\\\\slash\"\n"
	  "audit issuer \"CN=\xc3\x9cn\xc3\xaf" "code CA \xf0\x9f\x94\x92\"\n"
	  "allow unsigned\n"
	  "audit malformed label=M\n"
	  "default allow",
	  "vendorban-policy 1\nname pol-1_x.Y\nversion 4294967295\n"
	  "default allow\n"
	  "deny fingerprint " FPR_HEX " label=fp\n"
	  "audit skid 0a0b\n"
	  "deny issuer-serial \"CN=Evil CA,O=Evil \\\"Corp\\\"\" 8a1b\n"
	  "deny subject-o \"AO Kaspersky Lab\" label=kasp\n"
	  "deny subject-cn \"back\\\\slash\"\n"
	  "audit issuer \"CN=\xc3\x9cn\xc3\xaf" "code CA \xf0\x9f\x94\x92\"\n"
	  "allow unsigned\n"
	  "audit malformed label=M\n" },
	/* a zero serial stays one zero byte; every action */
	{ HDR "default allow\ndeny issuer-serial \"CN=x\" 00:00\n"
	  "audit unsigned\nallow malformed\n",
	  HDR "default allow\ndeny issuer-serial \"CN=x\" 00\n"
	  "audit unsigned\nallow malformed\n" },
	{ HDR "\n\ndefault deny\n\n", HDR "default deny\n" },
	/* U+00A0 is not a control character */
	{ HDR_DENY "deny subject-o \"a\xc2\xa0" "b\"\n",
	  HDR_DENY "deny subject-o \"a\xc2\xa0" "b\"\n" },
	{ "vendorban-policy 1\nname 0\nversion 0\ndefault deny\n",
	  "vendorban-policy 1\nname 0\nversion 0\ndefault deny\n" },
	/* settings: printed after default unless deny (the default) */
	{ HDR "writable\tallow \ndefault allow\ndeny unsigned\n",
	  HDR "default allow\nwritable allow\ndeny unsigned\n" },
	{ HDR_DENY "audit unsigned\nwritable audit\n",
	  HDR_DENY "writable audit\naudit unsigned\n" },
	{ HDR_DENY "writable deny\n", HDR_DENY },
	{ HDR_DENY "unverifiable allow\nwritable audit\n",
	  HDR_DENY "writable audit\nunverifiable allow\n" },
	{ HDR_DENY "unverifiable deny\n", HDR_DENY },
	{ HDR_DENY "memory-modules allow\nunverifiable audit\n",
	  HDR_DENY "unverifiable audit\nmemory-modules allow\n" },
	{ HDR_DENY "memory-modules deny\n", HDR_DENY },
	/* userns-mounts: after unverifiable, before memory-modules */
	{ HDR_DENY "memory-modules allow\nuserns-mounts allow\n"
	  "unverifiable audit\n",
	  HDR_DENY "unverifiable audit\nuserns-mounts allow\n"
	  "memory-modules allow\n" },
	{ HDR_DENY "userns-mounts audit\n", HDR_DENY "userns-mounts audit\n" },
	{ HDR_DENY "userns-mounts deny\n", HDR_DENY },
};

struct bad_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	unsigned int line;
	unsigned int column;
	const char *reason;
};

static const struct bad_case bad[] = {
	{ "", 0, 0, 0, "expected 'vendorban-policy 1' header" },
	{ "# only a comment\n\n", 0, 0, 0,
	  "expected 'vendorban-policy 1' header" },
	{ "vendorban-policy 2\n", 0, 1, 18, "unsupported policy format 2" },
	{ "vendorban-policy 01\n", 0, 1, 18,
	  "expected 'vendorban-policy 1' header" },
	{ "vendorban-policy\n", 0, 1, 17,
	  "expected 'vendorban-policy 1' header" },
	{ "  vendorban-polcy 1\n", 0, 1, 3,
	  "expected 'vendorban-policy 1' header" },
	{ "vendorban-policy 1 x\n", 0, 1, 20, "unexpected 'x'" },
	{ "vendorban-policy 1\n", 0, 0, 0, "missing 'name' line" },
	{ "vendorban-policy 1\nversion 1\n", 0, 2, 1, "expected 'name' line" },
	{ "vendorban-policy 1\nname\n", 0, 2, 5, "missing policy name" },
	{ "vendorban-policy 1\nname a/b\n", 0, 2, 6,
	  "policy name must be 1 to 64 characters of A-Z a-z 0-9 . _ -" },
	{ "vendorban-policy 1\nname "
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	  0, 2, 6,
	  "policy name must be 1 to 64 characters of A-Z a-z 0-9 . _ -" },
	{ "vendorban-policy 1\nname p\n", 0, 0, 0, "missing 'version' line" },
	{ "vendorban-policy 1\nname p\ndefault deny\n", 0, 3, 1,
	  "expected 'version' line" },
	{ "vendorban-policy 1\nname p\nversion -1\n", 0, 3, 9,
	  "invalid version '-1': use 0 to 4294967295, no sign or leading zero" },
	{ "vendorban-policy 1\nname p\nversion 4294967296\n", 0, 3, 9,
	  "invalid version '4294967296': use 0 to 4294967295, no sign or leading zero" },
	{ "vendorban-policy 1\nname p\nversion 01\n", 0, 3, 9,
	  "invalid version '01': use 0 to 4294967295, no sign or leading zero" },
	{ HDR, 0, 0, 0, "missing 'default' line" },
	{ HDR "deny unsigned\n", 0, 0, 0, "missing 'default' line" },
	{ HDR_DENY "deny unsigned\n default allow\n", 0, 6, 2,
	  "duplicate 'default' line" },
	{ HDR "default audit\n", 0, 4, 9,
	  "default must be 'allow' or 'deny', got 'audit'" },
	{ HDR "default\n", 0, 4, 8,
	  "missing default action: use 'allow' or 'deny'" },
	{ HDR "default deny deny\n", 0, 4, 14, "unexpected 'deny'" },
	{ HDR_DENY "denny unsigned\n", 0, 5, 1, "unknown action 'denny'" },
	{ HDR_DENY "Deny unsigned\n", 0, 5, 1, "unknown action 'Deny'" },
	{ HDR_DENY "deny\n", 0, 5, 5, "missing selector" },
	{ HDR_DENY "deny fingerprnt aa\n", 0, 5, 6,
	  "unknown selector 'fingerprnt'" },
	{ HDR_DENY "deny fingerprint\n", 0, 5, 17, "missing fingerprint" },
	{ HDR_DENY "deny fingerprint "
	  "00112233445566778899aabbccddeeff00112233445566778899aabbccddee\n",
	  0, 5, 18, "fingerprint needs 64 hex digits, got 62" },
	{ HDR_DENY "deny fingerprint " FPR_HEX "00\n",
	  0, 5, 18, "fingerprint needs 64 hex digits, got 66" },
	{ HDR_DENY "deny fingerprint 0z\n", 0, 5, 19, "invalid hex digit 'z'" },
	{ HDR_DENY "deny skid abc\n", 0, 5, 11, "odd number of hex digits" },
	{ HDR_DENY "deny skid aa:bbcc\n", 0, 5, 16,
	  "hex must have ':' between all byte pairs or none" },
	{ HDR_DENY "deny skid aabb:cc\n", 0, 5, 15,
	  "hex must have ':' between all byte pairs or none" },
	{ HDR_DENY "deny skid aa:\n", 0, 5, 13, "misplaced ':' in hex" },
	{ HDR_DENY "deny skid :aa\n", 0, 5, 11, "misplaced ':' in hex" },
	{ HDR_DENY "deny skid aa::bb\n", 0, 5, 14, "misplaced ':' in hex" },
	{ HDR_DENY "deny skid a:ab\n", 0, 5, 12, "misplaced ':' in hex" },
	{ HDR_DENY "deny skid " FPR_HEX FPR_HEX "00\n", 0, 5, 11,
	  "skid needs 2 to 128 hex digits, got 130" },
	{ HDR_DENY "allow fingerprint " FPR_HEX "\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "allow issuer-serial \"CN=x\" 01\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "allow skid 01\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "allow subject-o \"x\"\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "allow subject-cn \"x\"\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "allow issuer \"x\"\n", 0, 5, 7,
	  "allow needs a certificate to verify against: use 'allow cert'" },
	{ HDR_DENY "deny issuer-serial\n", 0, 5, 19,
	  "missing issuer dn string" },
	{ HDR_DENY "deny issuer-serial \"CN=x\"\n", 0, 5, 26, "missing serial" },
	{ HDR_DENY "deny issuer-serial \"CN=x\" " FPR_HEX FPR_HEX "00\n",
	  0, 5, 27, "serial needs 2 to 128 hex digits, got 130" },
	{ HDR_DENY "deny subject-o \"abc\n", 0, 5, 16, "unterminated string" },
	{ HDR_DENY "deny subject-o \"abc\\\"\n", 0, 5, 16,
	  "unterminated string" },
	{ HDR_DENY "deny subject-o \"abc\\\n", 0, 5, 16,
	  "unterminated string" },
	{ HDR_DENY "deny subject-o abc\n", 0, 5, 16, "expected a quoted string" },
	{ HDR_DENY "deny subject-o\n", 0, 5, 15, "missing quoted string" },
	{ HDR_DENY "deny subject-o \"a\\nb\"\n", 0, 5, 18,
	  "invalid escape '\\n' in string: only \\\" and \\\\ exist" },
	{ HDR_DENY "deny subject-cn \"\"\n", 0, 5, 17, "empty string" },
	{ HDR_DENY "deny issuer \"a\"b\n", 0, 5, 16,
	  "expected a blank after the string" },
	{ HDR_DENY "deny issuer \"a\tb\"\n", 0, 5, 15,
	  "control character in string" },
	{ HDR_DENY "deny issuer \"a\x7f\"\n", 0, 5, 15,
	  "control character in string" },
	{ HDR_DENY "deny issuer \"a\xc2\x85\"\n", 0, 5, 15,
	  "control character in string" },
	{ HDR_DENY "deny unsigned foo\n", 0, 5, 15, "unexpected 'foo'" },
	{ HDR_DENY "deny unsigned \"a b\"\n", 0, 5, 15, "unexpected '\"a'" },
	{ HDR_DENY "deny unsigned label=\n", 0, 5, 15,
	  "label must be 1 to 64 characters of A-Z a-z 0-9 . _ -" },
	{ HDR_DENY "deny unsigned label=a+b\n", 0, 5, 15,
	  "label must be 1 to 64 characters of A-Z a-z 0-9 . _ -" },
	{ HDR_DENY "deny unsigned label=ok extra\n", 0, 5, 24,
	  "unexpected 'extra'" },
	{ HDR_DENY "deny unsigned label=a label=b\n", 0, 5, 23,
	  "unexpected 'label=b'" },
	{ HDR_DENY "deny unsigned "
	  "0123456789012345678901234567890123456789\n", 0, 5, 15,
	  "unexpected '01234567890123456789012345678901...'" },
	{ HDR_DENY "deny cert 3000\n", 0, 5, 11,
	  "cannot parse certificate (error 74)" },
	{ HDR_DENY "deny cert\n", 0, 5, 10, "missing certificate" },
	{ "vendorban-policy 1\r\nname p\n", 0, 1, 19,
	  "carriage return: lines must end in a bare newline" },
	{ HDR_DENY "# comment\r\n", 0, 5, 10,
	  "carriage return: lines must end in a bare newline" },
	{ "vendorban-policy 1\nname p\0\n", 27, 2, 7, "nul byte" },
	{ HDR_DENY "deny subject-o \"a\0\"\n", 69, 5, 18, "nul byte" },
	{ HDR_DENY "# \xff\n", 0, 5, 3, "invalid utf-8" },
	{ HDR_DENY "# \xc3\n", 0, 5, 3, "invalid utf-8" },
	{ HDR_DENY "# \xc0\xaf overlong\n", 0, 5, 3, "invalid utf-8" },
	{ HDR_DENY "# \xed\xa0\x80 surrogate\n", 0, 5, 3, "invalid utf-8" },
	{ HDR_DENY "deny subject-o \"\xf4\x90\x80\x80\"\n", 0, 5, 17,
	  "invalid utf-8" },
	{ HDR_DENY "default deny\n", 0, 5, 1, "duplicate 'default' line" },
	{ HDR_DENY "name p\n", 0, 5, 1, "unknown action 'name'" },
	{ HDR_DENY "writable deny\n  writable deny\n", 0, 6, 3,
	  "duplicate 'writable' line" },
	{ HDR_DENY "writable\n", 0, 5, 9,
	  "missing writable action: use 'allow', 'deny' or 'audit'" },
	{ HDR_DENY "writable Deny\n", 0, 5, 10,
	  "writable must be 'allow', 'deny' or 'audit', got 'Deny'" },
	{ HDR_DENY "writable deny now\n", 0, 5, 15, "unexpected 'now'" },
	{ HDR_DENY "unverifiable audit\nunverifiable deny\n", 0, 6, 1,
	  "duplicate 'unverifiable' line" },
	{ HDR_DENY "unverifiable\n", 0, 5, 13,
	  "missing unverifiable action: use 'allow', 'deny' or 'audit'" },
	{ HDR_DENY "unverifiable no\n", 0, 5, 14,
	  "unverifiable must be 'allow', 'deny' or 'audit', got 'no'" },
	{ HDR_DENY "memory-modules audit\nmemory-modules allow\n", 0, 6, 1,
	  "duplicate 'memory-modules' line" },
	{ HDR_DENY "memory-modules yes\n", 0, 5, 16,
	  "memory-modules must be 'allow', 'deny' or 'audit', got 'yes'" },
	{ HDR_DENY "userns-mounts allow\nuserns-mounts allow\n", 0, 6, 1,
	  "duplicate 'userns-mounts' line" },
	{ HDR_DENY "userns-mounts\n", 0, 5, 14,
	  "missing userns-mounts action: use 'allow', 'deny' or 'audit'" },
	{ HDR_DENY "userns-mounts trust\n", 0, 5, 15,
	  "userns-mounts must be 'allow', 'deny' or 'audit', got 'trust'" },
	{ HDR_DENY "userns-mount allow\n", 0, 5, 1,
	  "unknown action 'userns-mount'" },
	{ HDR_DENY "userns-mounts allow label=x\n", 0, 5, 21,
	  "unexpected 'label=x'" },
	{ "vendorban-policy 1\nname p\nwritable deny\n", 0, 3, 1,
	  "expected 'version' line" },
};

static size_t case_len(const struct bad_case *c)
{
	return c->len ? c->len : strlen(c->in);
}

/* Parses @text, checks its canonical text, and that it parses to itself. */
static void check_good(const char *text, const char *canon)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL, *again = NULL;
	u8 digest[SHA256_DIGEST_LENGTH];
	int ret;

	ret = vendorban_policy_parse(text, strlen(text), &pol, &err);
	CHECK_EQ_INT(ret, 0);
	if (ret) {
		fprintf(stderr, "  line %u column %u: %s\n", err.line,
			err.column, err.reason);
		return;
	}
	CHECK_EQ_STR(pol->text, canon);
	CHECK_EQ_INT(pol->text_len, strlen(canon));
	SHA256((const u8 *)canon, strlen(canon), digest);
	CHECK(!memcmp(pol->digest, digest, sizeof(digest)));

	ret = vendorban_policy_parse(pol->text, pol->text_len, &again, &err);
	CHECK_EQ_INT(ret, 0);
	if (!ret) {
		CHECK_EQ_STR(again->text, pol->text);
		vendorban_policy_free(again);
	}
	vendorban_policy_free(pol);
}

UNIT_TEST(good_policies)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		check_good(good[i].in, good[i].canon);
}

UNIT_TEST(bad_policies)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pol = NULL;
		memset(&err, 0x55, sizeof(err));
		ret = vendorban_policy_parse(bad[i].in, case_len(&bad[i]),
					     &pol, &err);
		CHECK_EQ_INT(ret, -EINVAL);
		CHECK(pol == NULL);
		CHECK_EQ_INT(err.line, bad[i].line);
		CHECK_EQ_INT(err.column, bad[i].column);
		CHECK(memchr(err.reason, '\0', sizeof(err.reason)));
		CHECK_EQ_STR(err.reason, bad[i].reason);
		if (err.line != bad[i].line || strcmp(err.reason, bad[i].reason))
			fprintf(stderr, "  in bad case %u\n", i);
		if (!ret)
			vendorban_policy_free(pol);
	}
}

UNIT_TEST(fields)
{
	static const char text[] =
		HDR "deny subject-o \"A\" label=first\n"
		"default allow\n"
		"audit unsigned\n"
		"# gap\n"
		"deny unsigned\n"
		"deny malformed\n"
		"allow malformed\n";
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;

	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err),
		     0);
	if (!pol)
		return;
	CHECK_EQ_STR(pol->name, "p");
	CHECK_EQ_INT(pol->version, 1);
	CHECK_EQ_INT(pol->default_action, VENDORBAN_ACTION_ALLOW);
	CHECK_EQ_INT(pol->writable_action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(pol->unverifiable_action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(pol->userns_mount_action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(pol->memory_module_action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(pol->nr_rules, 5);
	CHECK_EQ_INT(pol->first_unsigned, 1);
	CHECK_EQ_INT(pol->first_malformed, 3);
	CHECK_EQ_INT(pol->rules[0].line, 4);
	CHECK_EQ_INT(pol->rules[0].action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(pol->rules[0].selector, VENDORBAN_SEL_SUBJECT_O);
	CHECK_EQ_STR(pol->rules[0].label, "first");
	CHECK_EQ_INT(pol->rules[0].value_len, 1);
	CHECK(pol->rules[0].value[0] == 'A');
	CHECK(pol->rules[0].issuer == NULL);
	CHECK(pol->rules[0].key == NULL);
	CHECK_EQ_INT(pol->rules[1].line, 6);
	CHECK_EQ_INT(pol->rules[1].action, VENDORBAN_ACTION_AUDIT);
	CHECK_EQ_STR(pol->rules[1].label, "");
	CHECK_EQ_INT(pol->rules[2].line, 8);
	CHECK_EQ_INT(pol->rules[4].action, VENDORBAN_ACTION_ALLOW);
	CHECK_EQ_INT(pol->rules[4].selector, VENDORBAN_SEL_MALFORMED);
	vendorban_policy_free(pol);
}

UNIT_TEST(writable_field)
{
	static const char *const text[] = {
		HDR_DENY "writable allow\n",
		HDR_DENY "writable deny\n",
		HDR_DENY "writable audit\n",
	};
	static const enum vendorban_action want[] = {
		VENDORBAN_ACTION_ALLOW,
		VENDORBAN_ACTION_DENY,
		VENDORBAN_ACTION_AUDIT,
	};
	struct vendorban_policy *pol;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		pol = NULL;
		CHECK_EQ_INT(vendorban_policy_parse(text[i], strlen(text[i]),
						    &pol, NULL), 0);
		if (!pol)
			continue;
		CHECK_EQ_INT(pol->writable_action, want[i]);
		CHECK_EQ_INT(pol->default_action, VENDORBAN_ACTION_DENY);
		CHECK_EQ_INT(pol->nr_rules, 0);
		vendorban_policy_free(pol);
	}
}

UNIT_TEST(issuer_serial_value)
{
	static const char text[] =
		HDR_DENY "deny issuer-serial \"CN=a\\\\b\" 00:00:80:01\n";
	struct vendorban_policy *pol = NULL;

	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, NULL),
		     0);
	if (!pol)
		return;
	CHECK_EQ_STR(pol->rules[0].issuer, "CN=a\\b");
	CHECK_EQ_INT(pol->rules[0].value_len, 2);
	CHECK(pol->rules[0].value[0] == 0x80 && pol->rules[0].value[1] == 1);
	vendorban_policy_free(pol);
}

/* The text is bounded by len, not by a NUL. */
UNIT_TEST(not_nul_terminated)
{
	static const char text[] = HDR_DENY "denny garbage after the end";
	struct vendorban_policy *pol = NULL;

	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(HDR_DENY), &pol,
					    NULL), 0);
	if (pol)
		CHECK_EQ_STR(pol->text, HDR_DENY);
	vendorban_policy_free(pol);
	/* cut inside the header: the version line has no number */
	pol = NULL;
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(HDR) - 3, &pol, NULL),
		     -EINVAL);
	CHECK(pol == NULL);
}

UNIT_TEST(longest_string)
{
	char text[1024], canon[1024];
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	char s[513];

	memset(s, 'x', 511);
	s[511] = '\0';
	snprintf(text, sizeof(text), HDR_DENY "deny subject-cn \"%s\"\n", s);
	memcpy(canon, text, sizeof(canon));
	check_good(text, canon);

	s[511] = 'x';
	s[512] = '\0';
	snprintf(text, sizeof(text), HDR_DENY "deny subject-cn \"%s\"\n", s);
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err),
		     -EINVAL);
	CHECK_EQ_STR(err.reason, "string longer than 511 bytes");
	CHECK_EQ_INT(err.column, 17);
}

UNIT_TEST(size_limit)
{
	size_t len = VENDORBAN_POLICY_MAX_SIZE + 1;
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	char *text = malloc(len);
	size_t hdr = strlen(HDR_DENY);

	CHECK(text != NULL);
	if (!text)
		return;
	memcpy(text, HDR_DENY, hdr);
	memset(text + hdr, '#', len - hdr);
	text[len - 1] = '\n';
	CHECK_EQ_INT(vendorban_policy_parse(text, len, &pol, &err), -E2BIG);
	CHECK(pol == NULL);
	CHECK_EQ_STR(err.reason, "policy larger than 134217728 bytes");
	/* exactly the limit is fine (one long comment line) */
	CHECK_EQ_INT(vendorban_policy_parse(text, len - 1, &pol, &err), 0);
	if (pol)
		CHECK_EQ_STR(pol->text, HDR_DENY);
	vendorban_policy_free(pol);
	free(text);
}

/* Builds HDR_DENY followed by @n "deny unsigned" lines. */
static char *many_rules(unsigned int n, size_t *len)
{
	static const char rule[] = "deny unsigned\n";
	size_t hdr = strlen(HDR_DENY), rl = strlen(rule);
	char *text = malloc(hdr + (size_t)n * rl);
	unsigned int i;

	if (!text)
		return NULL;
	memcpy(text, HDR_DENY, hdr);
	for (i = 0; i < n; i++)
		memcpy(text + hdr + (size_t)i * rl, rule, rl);
	*len = hdr + (size_t)n * rl;
	return text;
}

UNIT_TEST(rule_limit)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	size_t len;
	char *text;

	text = many_rules(VENDORBAN_POLICY_MAX_RULES, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_EQ_INT(vendorban_policy_parse(text, len, &pol, &err), 0);
	if (pol) {
		CHECK_EQ_INT(pol->nr_rules, VENDORBAN_POLICY_MAX_RULES);
		CHECK_EQ_INT(pol->rules[VENDORBAN_POLICY_MAX_RULES - 1].line,
			     VENDORBAN_POLICY_MAX_RULES + 4);
		CHECK_EQ_INT(pol->text_len, len);
	}
	vendorban_policy_free(pol);
	free(text);

	pol = NULL;
	text = many_rules(VENDORBAN_POLICY_MAX_RULES + 1, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_EQ_INT(vendorban_policy_parse(text, len, &pol, &err), -EINVAL);
	CHECK(pol == NULL);
	CHECK_EQ_INT(err.line, VENDORBAN_POLICY_MAX_RULES + 5);
	CHECK_EQ_INT(err.column, 1);
	CHECK_EQ_STR(err.reason, "too many rules (limit 1048576)");
	free(text);
}

UNIT_TEST(names)
{
	CHECK_EQ_STR(vendorban_action_name(VENDORBAN_ACTION_ALLOW), "allow");
	CHECK_EQ_STR(vendorban_action_name(VENDORBAN_ACTION_DENY), "deny");
	CHECK_EQ_STR(vendorban_action_name(VENDORBAN_ACTION_AUDIT), "audit");
	CHECK_EQ_STR(vendorban_action_name((enum vendorban_action)7), "?");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_FINGERPRINT),
		     "fingerprint");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_ISSUER_SERIAL),
		     "issuer-serial");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_SKID), "skid");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_SUBJECT_O),
		     "subject-o");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_SUBJECT_CN),
		     "subject-cn");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_ISSUER), "issuer");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_CERT), "cert");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_UNSIGNED),
		     "unsigned");
	CHECK_EQ_STR(vendorban_selector_name(VENDORBAN_SEL_MALFORMED),
		     "malformed");
	CHECK_EQ_STR(vendorban_selector_name(__VENDORBAN_SEL_MAX), "?");
	vendorban_policy_free(NULL);
}

UNIT_MAIN(UNIT_CASE(good_policies), UNIT_CASE(bad_policies),
	  UNIT_CASE(fields), UNIT_CASE(writable_field),
	  UNIT_CASE(issuer_serial_value),
	  UNIT_CASE(not_nul_terminated), UNIT_CASE(longest_string),
	  UNIT_CASE(size_limit), UNIT_CASE(rule_limit), UNIT_CASE(names))
