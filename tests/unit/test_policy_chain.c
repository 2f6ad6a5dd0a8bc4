// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the rules added to close the ways around a ban:
 * "ca" rules and chain-cert lines (the chain walk), "file-sha256" and
 * "ima-keyid", and the matcher's file facts
 *
 * Signatures are the real ones of make-unit-fixtures.sh: the banned leaf
 * signed with its chain embedded, with only itself embedded, by
 * issuer+serial alone and by SKID alone.
 */

#include <openssl/sha.h>

#include "fixtures.h"
#include "policy.h"
#include "unit.h"

#define HDR "vendorban-policy 1\nname chain\nversion 1\ndefault allow\n"

static char *cert_hex(const char *cert)
{
	char rel[128];
	size_t len;
	char *hex;
	u8 *der;

	snprintf(rel, sizeof(rel), "certs/%s.der", cert);
	der = fixture_read(rel, &len);
	hex = malloc(2 * len + 1);
	if (!hex)
		abort();
	fixture_hex(der, len, hex);
	free(der);
	return hex;
}

/* Parses HDR + @fmt where each %s is the hex DER of a named cert. */
static struct vendorban_policy *policy(const char *fmt, const char *c1,
				       const char *c2)
{
	char *h1 = c1 ? cert_hex(c1) : NULL, *h2 = c2 ? cert_hex(c2) : NULL;
	size_t size = strlen(HDR) + strlen(fmt) + 1 +
		      (h1 ? strlen(h1) : 0) + (h2 ? strlen(h2) : 0);
	struct vendorban_policy *pol = NULL;
	struct vendorban_parse_error err;
	char *text = malloc(size), *body = malloc(size);

	if (!text || !body)
		abort();
	snprintf(body, size, fmt, h1, h2);
	snprintf(text, size, "%s%s", HDR, body);
	if (vendorban_policy_parse(text, strlen(text), &pol, &err)) {
		fprintf(stderr, "  line %u col %u: %s\n", err.line, err.column,
			err.reason);
		unit_failed_checks++;
	}
	free(text);
	free(body);
	free(h1);
	free(h2);
	return pol;
}

struct sig {
	u8 *der;
	struct vendorban_pkcs7 msg;
};

static struct sig *load_sig(const char *name)
{
	struct sig *s = calloc(1, sizeof(*s));
	char rel[128];
	size_t len;

	if (!s)
		abort();
	snprintf(rel, sizeof(rel), "sigs/%s.p7s", name);
	s->der = fixture_read(rel, &len);
	if (vendorban_pkcs7_parse(s->der, len, &s->msg)) {
		fprintf(stderr, "  cannot parse %s\n", name);
		exit(2);
	}
	return s;
}

static void free_sig(struct sig *s)
{
	free(s->der);
	free(s);
}

/* The candidates of @pol for the signature @name, as "rule:msg:signer ". */
static const char *match_sig(const struct vendorban_policy *pol,
			     const char *name)
{
	static char out[256];
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct sig *s = load_sig(name);
	const struct vendorban_pkcs7 *msgs[1] = { &s->msg };
	struct vendorban_file_facts facts = {
		.state = VENDORBAN_SIG_PRESENT, .msgs = msgs, .nr_msgs = 1,
	};
	size_t pos = 0;
	unsigned int i;

	if (!m)
		abort();
	out[0] = '\0';
	if (pol)
		vendorban_policy_match(pol, &facts, m);
	for (i = 0; pol && i < m->nr; i++)
		pos += snprintf(out + pos, sizeof(out) - pos, "%d:%d:%d ",
				m->c[i].rule, m->c[i].msg, m->c[i].signer);
	free(m);
	free_sig(s);
	return out;
}

UNIT_TEST(ca_intermediate)
{
	struct vendorban_policy *pol;

	pol = policy("deny ca %s\n", "banned-inter", NULL);
	/* chain embedded, leaf only (issuer DN + AKID), issuer+serial only */
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-chain"), "0:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-cert"), "0:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-p384-nocert"), "0:0:0 ");
	/* SKID alone, no certificate: the issuer is unknown */
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-skid"), "");
	/* a good signer, even with its chain, is not matched */
	CHECK_EQ_STR(match_sig(pol, "good-rsa2048-chain"), "");
	CHECK_EQ_STR(match_sig(pol, "good-p256-nocert"), "");
	vendorban_policy_free(pol);
}

UNIT_TEST(ca_root)
{
	struct vendorban_policy *pol;

	pol = policy("deny ca %s\n", "banned-root", NULL);
	/* the intermediate comes from the signature */
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-chain"), "0:0:0 ");
	/* without it the walk stops at the intermediate's DN */
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-cert"), "");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-nocert"), "");
	CHECK_EQ_STR(match_sig(pol, "good-rsa2048-chain"), "");
	vendorban_policy_free(pol);

	/* ... which a chain-cert line supplies */
	pol = policy("deny subject-o \"nobody\"\nchain-cert %s\ndeny ca %s\n",
		     "banned-inter", "banned-root");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-cert"), "1:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-nocert"), "1:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-chain"), "1:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "good-rsa2048-chain"), "");
	CHECK_EQ_STR(match_sig(pol, "good-rsa2048-cert"), "");
	vendorban_policy_free(pol);

	/* or a ca rule on the intermediate, which matches first */
	pol = policy("audit ca %s\ndeny ca %s\n", "banned-inter", "banned-root");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-cert"), "0:0:0 1:0:0 ");
	vendorban_policy_free(pol);
}

/* A ca rule also matches a signature made by the CA's own certificate. */
UNIT_TEST(ca_as_signer)
{
	struct vendorban_policy *pol;

	pol = policy("deny ca %s\n", "banned-leaf-rsa2048", NULL);
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-skid"), "0:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-rsa2048-nocert"), "0:0:0 ");
	CHECK_EQ_STR(match_sig(pol, "banned-p256-chain"), "");
	vendorban_policy_free(pol);
}

/* Name "CN=<c>" with one character, for hand-made certificates. */
static void make_name(u8 *out, char c)
{
	static const u8 tmpl[] = {
		0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04,
		0x03, 0x0c, 0x01, 'X',
	};

	memcpy(out, tmpl, sizeof(tmpl));
	out[13] = c;
}

/* Two certificates that name each other as issuer: the walk ends. */
UNIT_TEST(chain_loop_terminates)
{
	static u8 na[14], nb[14];
	struct vendorban_pkcs7 *msg = calloc(1, sizeof(*msg));
	struct vendorban_match *m = calloc(1, sizeof(*m));
	const struct vendorban_pkcs7 *msgs[1] = { msg };
	struct vendorban_file_facts facts = {
		.state = VENDORBAN_SIG_PRESENT, .msgs = msgs, .nr_msgs = 1,
	};
	struct vendorban_policy *pol;
	struct vendorban_cert *c;

	if (!msg || !m)
		abort();
	make_name(na, 'A');
	make_name(nb, 'B');
	/* signer cert: subject B, issuer A; embedded: A by B, B by A */
	msg->nr_certs = 3;
	c = &msg->certs[0];
	c->subject = (struct vendorban_blob){ nb, sizeof(nb) };
	c->issuer = (struct vendorban_blob){ na, sizeof(na) };
	c = &msg->certs[1];
	c->subject = (struct vendorban_blob){ na, sizeof(na) };
	c->issuer = (struct vendorban_blob){ nb, sizeof(nb) };
	msg->certs[2] = msg->certs[0];
	msg->nr_signers = 1;
	msg->signers[0].sid_type = VENDORBAN_SID_ISSUER_SERIAL;
	msg->signers[0].issuer = msg->certs[0].issuer;
	msg->signers[0].cert = 0;
	pol = policy("deny ca %s\n", "banned-root", NULL);
	if (pol)
		vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 0);
	vendorban_policy_free(pol);
	free(msg);
	free(m);
}

static void sha256_file(const char *rel, u8 *out)
{
	size_t len;
	u8 *data = fixture_read(rel, &len);

	SHA256(data, len, out);
	free(data);
}

UNIT_TEST(file_sha256_and_ima_keyid)
{
	static const enum vendorban_sig_state states[] = {
		VENDORBAN_SIG_NONE, VENDORBAN_SIG_MALFORMED,
		VENDORBAN_SIG_PRESENT,
	};
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_file_facts facts = { 0 };
	u8 digest[32], other[32];
	char hex[65], text[512];
	struct vendorban_policy *pol = NULL, *plain;
	unsigned int i;

	if (!m)
		abort();
	sha256_file("data.bin", digest);
	memcpy(other, digest, 32);
	other[31] ^= 1;
	snprintf(text, sizeof(text),
		 HDR "deny ima-keyid 0a0B0c0d label=k\ndeny file-sha256 %s\n"
		 "deny unsigned\n", fixture_hex(digest, 32, hex));
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, NULL), 0);
	plain = policy("deny unsigned\n", NULL, NULL);
	if (!pol || !plain)
		goto out;
	CHECK(pol->has_file_hash_rules);
	CHECK(!plain->has_file_hash_rules);
	/* the hash matches whatever the signature state */
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		facts.state = states[i];
		facts.file_sha256 = digest;
		vendorban_policy_match(pol, &facts, m);
		CHECK(m->nr >= 1);
		CHECK_EQ_INT(m->c[0].rule, 1);
		CHECK_EQ_INT(m->c[0].msg, -1);
		CHECK_EQ_INT(m->c[0].signer, -1);
		facts.file_sha256 = other;
		vendorban_policy_match(pol, &facts, m);
		CHECK_EQ_INT(m->nr, states[i] == VENDORBAN_SIG_NONE);
	}
	facts.state = VENDORBAN_SIG_NONE;
	facts.file_sha256 = NULL;
	facts.ima_keyid = (const u8 *)"\x0a\x0b\x0c\x0d";
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 2);
	CHECK_EQ_INT(m->c[0].rule, 0);
	CHECK_EQ_INT(m->c[1].rule, 2);
	facts.ima_keyid = (const u8 *)"\x0a\x0b\x0c\x0e";
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 1);
	CHECK_EQ_INT(m->c[0].rule, 2);
out:
	vendorban_policy_free(pol);
	vendorban_policy_free(plain);
	free(m);
}

static void check_reject(const char *body, unsigned int line, const char *why)
{
	struct vendorban_policy *pol = NULL;
	struct vendorban_parse_error err;
	char text[4096];

	snprintf(text, sizeof(text), HDR "%s", body);
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err),
		     -EINVAL);
	CHECK_EQ_INT(err.line, line);
	if (!strstr(err.reason, why)) {
		fprintf(stderr, "  reason \"%s\" lacks \"%s\"\n", err.reason,
			why);
		unit_failed_checks++;
	}
	vendorban_policy_free(pol);
}

/* Concatenates the records from @pol's cursor at each index in turn. */
static char *records_by_index(const struct vendorban_policy *pol,
			      unsigned int *nr)
{
	struct vendorban_policy_cursor cur;
	char *out = malloc(pol->text_len + 1);
	size_t pos = 0, n;
	u64 i;

	if (!out)
		abort();
	for (i = 0; vendorban_policy_cursor_at(pol, i, &cur); i++) {
		n = vendorban_policy_put_record(pol, &cur, NULL);
		if (pos + n > pol->text_len)
			break;
		pos += vendorban_policy_put_record(pol, &cur, out + pos);
	}
	out[pos] = '\0';
	*nr = i;
	return out;
}

/*
 * The canonical text rendered a record at a time, from a cursor moved
 * along or put at each record by number, is the text kept; a policy
 * parsed without its text has the same length and digest.  Labels and
 * issuer DNs are stored once.
 */
UNIT_TEST(records_render_the_text)
{
	struct vendorban_policy *pol, *bare = NULL;
	struct vendorban_policy_cursor cur = {};
	char *text, *seq;
	unsigned int nr = 0;
	size_t pos = 0;

	char *root = cert_hex("banned-root"), *inter = cert_hex("banned-inter");
	size_t size = strlen(HDR) + 4 * strlen(root) + 2 * strlen(inter) + 512;
	char *in = malloc(size);

	if (!in)
		abort();
	snprintf(in, size, "%schain-cert %s\ndeny ca %s label=x\n"
		 "deny issuer-serial \"CN=A\" 01 label=x\nchain-cert %s\n"
		 "deny issuer-serial \"CN=A\" 02 label=y\n"
		 "deny fingerprint 00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff label=y\n"
		 "chain-cert %s\nchain-cert %s\n", HDR, root, inter, inter,
		 root, inter);
	pol = NULL;
	CHECK_EQ_INT(vendorban_policy_parse(in, strlen(in), &pol, NULL), 0);
	free(in);
	free(root);
	free(inter);
	if (!pol)
		return;
	seq = malloc(pol->text_len + 1);
	if (!seq)
		abort();
	do {
		pos += vendorban_policy_put_record(pol, &cur, seq + pos);
	} while (vendorban_policy_next_record(pol, &cur));
	seq[pos] = '\0';
	CHECK_EQ_STR(seq, pol->text);
	text = records_by_index(pol, &nr);
	CHECK_EQ_STR(text, pol->text);
	CHECK_EQ_INT(nr, 1 + pol->nr_rules + pol->nr_chain_certs);
	CHECK(!vendorban_policy_cursor_at(pol, nr, &cur));
	CHECK(pol->rules[0].label == pol->rules[1].label);
	CHECK(pol->rules[2].label == pol->rules[3].label);
	CHECK(pol->rules[1].issuer == pol->rules[2].issuer);
	CHECK(pol->rules[3].cert == NULL && pol->rules[0].cert != NULL);
	CHECK_EQ_INT(vendorban_policy_parse_flags(pol->text, pol->text_len,
						  VENDORBAN_PARSE_NO_TEXT,
						  &bare, NULL), 0);
	if (bare) {
		CHECK(bare->text == NULL);
		CHECK_EQ_INT(bare->text_len, pol->text_len);
		CHECK(!memcmp(bare->digest, pol->digest, sizeof(pol->digest)));
	}
	vendorban_policy_free(bare);
	vendorban_policy_free(pol);
	free(text);
	free(seq);
}

UNIT_TEST(parse_new_selectors)
{
	struct vendorban_policy *pol, *again = NULL;
	char *inter = cert_hex("banned-inter");

	check_reject("allow ca 3000\n", 5, "cannot parse certificate");
	check_reject("allow ima-keyid 01020304\n", 5, "use 'allow cert'");
	check_reject("deny ima-keyid 010203\n", 5, "ima key id needs 8");
	check_reject("deny file-sha256 00\n", 5, "needs 64 hex digits");
	check_reject("chain-cert 3000\n", 5, "cannot parse certificate");
	check_reject("chain-cert\n", 5, "missing certificate");
	check_reject("deny ca\n", 5, "missing certificate");

	/* chain-cert lines keep their place among the rules */
	pol = policy("chain-cert %s\ndeny ca %s label=x\nallow file-sha256 "
		     "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\n"
		     "deny ima-keyid 0a:0b:0c:0d\n", "banned-root", "banned-inter");
	if (!pol)
		goto out;
	CHECK_EQ_INT(pol->nr_rules, 3);
	CHECK_EQ_INT(pol->nr_chain_certs, 1);
	CHECK_EQ_INT(pol->chain_certs[0].line, 5);
	CHECK_EQ_INT(pol->rules[0].selector, VENDORBAN_SEL_CA);
	CHECK(pol->rules[0].cert->is_ca);
	CHECK_EQ_INT(pol->rules[1].action, VENDORBAN_ACTION_ALLOW);
	CHECK(strstr(pol->text, "\nchain-cert ") != NULL);
	CHECK(strstr(pol->text, "default allow\nchain-cert ") != NULL);
	CHECK(strstr(pol->text, inter) != NULL);
	CHECK(strstr(pol->text, " label=x\nallow file-sha256 "
			       "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
			       "deny ima-keyid 0a0b0c0d\n") != NULL);
	/* canonical text parses to itself */
	CHECK_EQ_INT(vendorban_policy_parse(pol->text, pol->text_len, &again,
					    NULL), 0);
	if (again)
		CHECK_EQ_STR(again->text, pol->text);
	vendorban_policy_free(again);
	vendorban_policy_free(pol);
out:
	free(inter);
}

UNIT_MAIN(UNIT_CASE(ca_intermediate), UNIT_CASE(ca_root),
	  UNIT_CASE(ca_as_signer), UNIT_CASE(chain_loop_terminates),
	  UNIT_CASE(file_sha256_and_ima_keyid), UNIT_CASE(parse_new_selectors),
	  UNIT_CASE(records_render_the_text))
