// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the selector table (kmod/lib/selector.c)
 *
 * Walks the table and holds the parser to it: every selector, with every
 * action, either parses (and its canonical text parses again into the same
 * text) or, for "allow", is refused exactly when the table says so, with
 * the table's reason; hex arguments take exactly the lengths the table
 * gives; the index and the decision walk find a rule the way the table
 * says.  A certificate for cert and ca is made here with OpenSSL.
 */

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy.h"
#include "selector.h"
#include "unit.h"

#define HDR_DENY "vendorban-policy 1\nname p\nversion 1\ndefault deny\n"

static char *cert_hex;

/* A self-signed EC certificate, as hex DER (lower case, no colons). */
static char *make_cert_hex(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_EXTENSION *ext = NULL;
	X509V3_CTX ctx;
	X509_NAME *name;
	unsigned char *der = NULL;
	char *hex = NULL;
	int len, i;

	if (!key || !x)
		goto out;
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)"table", -1, -1, 0);
	X509_set_issuer_name(x, name);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	/* a subject key identifier: ima-cert rules are filed by it */
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_key_identifier, "hash");
	if (!ext || !X509_add_ext(x, ext, -1))
		goto out;
	if (!X509_sign(x, key, EVP_sha256()))
		goto out;
	len = i2d_X509(x, &der);
	if (len <= 0)
		goto out;
	hex = malloc(2 * len + 1);
	for (i = 0; hex && i < len; i++)
		sprintf(hex + 2 * i, "%02x", der[i]);
out:
	X509_EXTENSION_free(ext);
	OPENSSL_free(der);
	X509_free(x);
	EVP_PKEY_free(key);
	return hex;
}

/* @n bytes of hex ("5a5a..."), in a static buffer. */
static const char *hex_bytes(size_t n)
{
	static char buf[2 * 128 + 1];
	size_t i;

	for (i = 0; i < n && i < 128; i++)
		memcpy(buf + 2 * i, "5a", 2);
	buf[2 * i] = '\0';
	return buf;
}

/* The canonical argument of selector @info (with its leading blank). */
static void arg_text(const struct vendorban_selector_info *info, char *out,
		     size_t size)
{
	switch (info->arg) {
	case VENDORBAN_ARG_NONE:
		out[0] = '\0';
		break;
	case VENDORBAN_ARG_HEX:
		snprintf(out, size, " %s", hex_bytes(info->min_len));
		break;
	case VENDORBAN_ARG_STRING:
		if (info->registration)
			snprintf(out, size, " \"RU-1027739867473\"");
		else
			snprintf(out, size, " \"a \\\"b\\\\\"");
		break;
	case VENDORBAN_ARG_ISSUER_SERIAL:
		snprintf(out, size, " \"CN=x\" 0102");
		break;
	case VENDORBAN_ARG_CERT:
		snprintf(out, size, " %s", cert_hex);
		break;
	}
}

static char *rule_text(const char *action, const char *sel, const char *arg)
{
	size_t len = strlen(HDR_DENY) + strlen(action) + strlen(sel) +
		     strlen(arg) + 32;
	char *text = malloc(len);

	if (text)
		snprintf(text, len, HDR_DENY "%s %s%s label=l\n", action, sel,
			 arg);
	return text;
}

/* Parses @text: its canonical text is itself, and parses again into it. */
static void check_round_trip(const char *text, enum vendorban_selector s,
			     enum vendorban_action action)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL, *again = NULL;

	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err), 0);
	if (!pol) {
		fprintf(stderr, "  %s: %u:%u %s\n", text, err.line, err.column,
			err.reason);
		return;
	}
	CHECK_EQ_STR(pol->text, text);
	CHECK_EQ_INT(pol->nr_rules, 1);
	CHECK_EQ_INT(pol->rules[0].selector, s);
	CHECK_EQ_INT(pol->rules[0].action, action);
	CHECK_EQ_INT(vendorban_policy_parse(pol->text, pol->text_len, &again,
					    &err), 0);
	if (again)
		CHECK_EQ_STR(again->text, pol->text);
	vendorban_policy_free(again);
	vendorban_policy_free(pol);
}

static void check_refused(const char *text, const char *reason,
			  unsigned int column)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;

	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err),
		     -EINVAL);
	CHECK(pol == NULL);
	CHECK_EQ_INT(err.line, 5);
	CHECK_EQ_INT(err.column, column);
	CHECK_EQ_STR(err.reason, reason);
	vendorban_policy_free(pol);
}

UNIT_TEST(every_entry_is_named)
{
	const struct vendorban_selector_info *info;
	unsigned int s;

	for (s = 0; s < __VENDORBAN_SEL_MAX; s++) {
		info = vendorban_selector_info(s);
		CHECK(info && info->name && info->name[0]);
		if (!info || !info->name)
			continue;
		CHECK_EQ_STR(vendorban_selector_name(s), info->name);
		CHECK_EQ_INT(vendorban_selector_lookup(info->name,
						       strlen(info->name)), s);
		CHECK(info->allow != VENDORBAN_ALLOW_REFUSED ||
		      info->allow_refusal);
		CHECK(info->arg != VENDORBAN_ARG_HEX || info->hex_what);
		CHECK(info->min_len <= info->max_len);
	}
	CHECK(vendorban_selector_info(__VENDORBAN_SEL_MAX) == NULL);
	CHECK_EQ_STR(vendorban_selector_name(__VENDORBAN_SEL_MAX), "?");
	CHECK_EQ_INT(vendorban_selector_lookup("cert-file", 9), -1);
	CHECK_EQ_INT(vendorban_selector_lookup("cer", 3), -1);
}

/* Every selector, with every action: parsed and round-tripped, or refused. */
UNIT_TEST(round_trip_and_allow)
{
	static const enum vendorban_action actions[] = {
		VENDORBAN_ACTION_ALLOW, VENDORBAN_ACTION_DENY,
		VENDORBAN_ACTION_AUDIT,
	};
	const struct vendorban_selector_info *info;
	char *arg = malloc(strlen(cert_hex) + 64), *text;
	const char *act;
	unsigned int s, a;

	for (s = 0; arg && s < __VENDORBAN_SEL_MAX; s++) {
		info = vendorban_selector_info(s);
		arg_text(info, arg, strlen(cert_hex) + 64);
		for (a = 0; a < ARRAY_SIZE(actions); a++) {
			act = vendorban_action_name(actions[a]);
			text = rule_text(act, info->name, arg);
			if (!text)
				continue;
			if (actions[a] == VENDORBAN_ACTION_ALLOW &&
			    info->allow == VENDORBAN_ALLOW_REFUSED)
				check_refused(text, info->allow_refusal,
					      strlen(act) + 2);
			else
				check_round_trip(text, s, actions[a]);
			free(text);
		}
	}
	free(arg);
}

/* A hex argument of one byte too few or too many is refused. */
UNIT_TEST(hex_lengths)
{
	const struct vendorban_selector_info *info;
	char arg[300], want[128], *text;
	unsigned int s;

	for (s = 0; s < __VENDORBAN_SEL_MAX; s++) {
		info = vendorban_selector_info(s);
		if (info->arg != VENDORBAN_ARG_HEX)
			continue;
		if (info->min_len == info->max_len)
			snprintf(want, sizeof(want), "%s needs %zu hex digits, got %zu",
				 info->hex_what, 2 * info->min_len,
				 2 * info->max_len + 2);
		else
			snprintf(want, sizeof(want), "%s needs %zu to %zu hex digits, got %zu",
				 info->hex_what, 2 * info->min_len,
				 2 * info->max_len, 2 * info->max_len + 2);
		snprintf(arg, sizeof(arg), " %s", hex_bytes(info->max_len + 1));
		text = rule_text("deny", info->name, arg);
		check_refused(text, want, strlen("deny ") + strlen(info->name) + 2);
		free(text);
		snprintf(arg, sizeof(arg), " %s", hex_bytes(info->max_len));
		text = rule_text("deny", info->name, arg);
		check_round_trip(text, s, VENDORBAN_ACTION_DENY);
		free(text);
	}
}

/* The facts that make the rule of selector @s, as arg_text() wrote it, match. */
static void facts_for(const struct vendorban_selector_info *info,
		      struct vendorban_file_facts *facts, const u8 *value)
{
	memset(facts, 0, sizeof(*facts));
	facts->state = VENDORBAN_SIG_PRESENT;
	if (info->index == VENDORBAN_INDEX_STATE)
		facts->state = info->state;
	else if (info->key == VENDORBAN_KEY_FILE_SHA256)
		facts->file_sha256 = value;
	else if (info->key == VENDORBAN_KEY_IMA_KEYID)
		facts->ima_keyid = value;
}

/*
 * Rules the table says are found without a signature (by the signature
 * state or by the file itself) are found so by the matcher, with "deny"
 * deciding and "allow" deciding alone when the table says it needs no proof.
 */
UNIT_TEST(found_as_the_table_says)
{
	const struct vendorban_selector_info *info;
	struct vendorban_match *match = calloc(1, sizeof(*match));
	const struct vendorban_prover prover = { 0 };
	struct vendorban_file_facts facts;
	struct vendorban_policy *pol;
	struct vendorban_verdict v;
	char arg[300], *text;
	unsigned int s;

	for (s = 0; match && s < __VENDORBAN_SEL_MAX; s++) {
		info = vendorban_selector_info(s);
		/* ima-cert needs its IMA signature to verify: below */
		if ((info->source != VENDORBAN_SOURCE_STATE &&
		     info->source != VENDORBAN_SOURCE_FILE) || info->verified)
			continue;
		CHECK(info->allow != VENDORBAN_ALLOW_PROVEN);
		arg_text(info, arg, sizeof(arg));
		text = rule_text(info->allow == VENDORBAN_ALLOW_PLAIN ?
				 "allow" : "audit", info->name, arg);
		pol = NULL;
		CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol,
						    NULL), 0);
		free(text);
		if (!pol)
			continue;
		CHECK_EQ_INT(pol->has_file_hash_rules,
			     info->key == VENDORBAN_KEY_FILE_SHA256 &&
			     info->index == VENDORBAN_INDEX_VALUE);
		CHECK(!vendorban_rule_needs_proof(&pol->rules[0]));
		facts_for(info, &facts, pol->rules[0].value);
		vendorban_policy_match(pol, &facts, match);
		vendorban_policy_pick(pol, &facts, match, &prover, &v);
		CHECK_EQ_INT(v.cand, 0);
		CHECK_EQ_INT(v.action, pol->rules[0].action);
		vendorban_policy_free(pol);
	}
	free(match);
}

/*
 * "allow cert", "allow ca" and "allow ima-cert" need a proof; ima-cert
 * needs one for every action (its key id only selects it).
 */
UNIT_TEST(needs_proof)
{
	struct vendorban_rule rule = { 0 };
	unsigned int s;

	for (s = 0; s < __VENDORBAN_SEL_MAX; s++) {
		rule.selector = s;
		rule.action = VENDORBAN_ACTION_ALLOW;
		CHECK_EQ_INT(vendorban_rule_needs_proof(&rule),
			     s == VENDORBAN_SEL_CERT || s == VENDORBAN_SEL_CA ||
			     s == VENDORBAN_SEL_IMA_CERT);
		rule.action = VENDORBAN_ACTION_DENY;
		CHECK_EQ_INT(vendorban_rule_needs_proof(&rule),
			     s == VENDORBAN_SEL_IMA_CERT);
	}
}

static int ima_says(void *ctx, const struct vendorban_rule *rule)
{
	return *(int *)ctx;
}

/*
 * An ima-cert rule is found by the IMA key id (the last 4 bytes of its
 * certificate's SKID) and decides, deny or allow, only when the IMA
 * signature verifies; else the walk goes on to the default.
 */
static void ima_cert_walk(void)
{
	static const enum vendorban_action actions[] = {
		VENDORBAN_ACTION_ALLOW, VENDORBAN_ACTION_DENY,
	};
	struct vendorban_match *match = calloc(1, sizeof(*match));
	const struct vendorban_prover prover = { 0 };
	struct vendorban_file_facts facts;
	struct vendorban_policy *pol = NULL;
	struct vendorban_verdict v;
	const struct vendorban_cert *c;
	char *text, *arg;
	unsigned int a;
	int verdict;

	for (a = 0; match && a < ARRAY_SIZE(actions); a++) {
		arg = malloc(strlen(cert_hex) + 2);
		if (!arg)
			break;
		sprintf(arg, " %s", cert_hex);
		text = rule_text(vendorban_action_name(actions[a]), "ima-cert",
				 arg);
		free(arg);
		CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol,
						    NULL), 0);
		free(text);
		if (!pol)
			continue;
		c = pol->rules[0].cert;
		memset(&facts, 0, sizeof(facts));
		facts.state = VENDORBAN_SIG_NONE;
		facts.ima_keyid = c->skid.data + c->skid.len - 4;
		facts.ima_verify = ima_says;
		facts.ima_ctx = &verdict;
		verdict = 0;
		vendorban_policy_match(pol, &facts, match);
		vendorban_policy_pick(pol, &facts, match, &prover, &v);
		CHECK_EQ_INT(v.cand, 0);
		CHECK_EQ_INT(v.action, actions[a]);
		verdict = -EKEYREJECTED;
		vendorban_policy_match(pol, &facts, match);
		vendorban_policy_pick(pol, &facts, match, &prover, &v);
		CHECK_EQ_INT(v.cand, -1);
		CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);	/* default */
		facts.ima_verify = NULL;
		vendorban_policy_match(pol, &facts, match);
		vendorban_policy_pick(pol, &facts, match, &prover, &v);
		CHECK_EQ_INT(v.cand, -1);
		vendorban_policy_free(pol);
		pol = NULL;
	}
	free(match);
}

static void run_with_cert(void (*fn)(void))
{
	if (!cert_hex)
		cert_hex = make_cert_hex();
	CHECK(cert_hex != NULL);
	if (cert_hex)
		fn();
}

static void round_trip_and_allow_cert(void)
{
	run_with_cert(round_trip_and_allow);
}

UNIT_TEST(ima_cert)
{
	run_with_cert(ima_cert_walk);
}

UNIT_MAIN(UNIT_CASE(every_entry_is_named),
	  UNIT_CASE(round_trip_and_allow_cert), UNIT_CASE(hex_lengths),
	  UNIT_CASE(found_as_the_table_says), UNIT_CASE(needs_proof),
	  UNIT_CASE(ima_cert))
