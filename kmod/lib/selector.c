// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the selector table
 *
 * One entry per selector (docs/policy-format.md, "Rules").  "allow" is
 * accepted where there is nothing to prove or the proof is a signature:
 * unsigned, malformed and file-sha256 name no signer (the kernel computes
 * the file hash itself), cert is proven by verifying the signature with
 * its certificate, ca by verifying each link of the chain to the CA and
 * the signature with the signer's certificate.  The selectors that name a
 * signer without a certificate to verify against are refused, ima-keyid
 * included (a key id proves nothing).  ima-cert is
 * verified for every action: its key id only selects the rule, the IMA
 * signature must verify with its certificate for it to decide.
 */

#include "selector.h"

#define NO_ALLOW	"allow needs a certificate to verify against: use 'allow cert'"

/* Every entry is filled: the unit tests check that each has a name. */
static const struct vendorban_selector_info selectors[__VENDORBAN_SEL_MAX] = {
	[VENDORBAN_SEL_FINGERPRINT] = {
		.name = "fingerprint", .arg = VENDORBAN_ARG_HEX,
		.hex_what = "fingerprint",
		.min_len = VENDORBAN_SHA256_LEN, .max_len = VENDORBAN_SHA256_LEN,
		.allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_FINGERPRINT,
		.source = VENDORBAN_SOURCE_SIGNER_CERT,
	},
	[VENDORBAN_SEL_ISSUER_SERIAL] = {
		.name = "issuer-serial", .arg = VENDORBAN_ARG_ISSUER_SERIAL,
		.str_what = "issuer dn string", .hex_what = "serial",
		.min_len = 1, .max_len = VENDORBAN_HEX_MAX, .dn = true,
		.allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_ISSUER_SERIAL,
		.key = VENDORBAN_KEY_ISSUER_SERIAL,
		.source = VENDORBAN_SOURCE_SIGNER,
	},
	[VENDORBAN_SEL_SKID] = {
		.name = "skid", .arg = VENDORBAN_ARG_HEX, .hex_what = "skid",
		.min_len = 1, .max_len = VENDORBAN_HEX_MAX,
		.allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_SKID,
		.source = VENDORBAN_SOURCE_SIGNER,
	},
	[VENDORBAN_SEL_SUBJECT_O] = {
		.name = "subject-o", .arg = VENDORBAN_ARG_STRING,
		.str_what = "quoted string", .allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_SUBJECT_O,
		.source = VENDORBAN_SOURCE_SIGNER_CERT,
	},
	[VENDORBAN_SEL_SUBJECT_CN] = {
		.name = "subject-cn", .arg = VENDORBAN_ARG_STRING,
		.str_what = "quoted string", .allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_SUBJECT_CN,
		.source = VENDORBAN_SOURCE_SIGNER_CERT,
	},
	[VENDORBAN_SEL_ISSUER] = {
		.name = "issuer", .arg = VENDORBAN_ARG_STRING,
		.str_what = "quoted string", .dn = true,
		.allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_ISSUER,
		.source = VENDORBAN_SOURCE_SIGNER,
	},
	[VENDORBAN_SEL_CERT] = {
		.name = "cert", .arg = VENDORBAN_ARG_CERT,
		.hex_what = "certificate",
		.min_len = 1, .max_len = VENDORBAN_POLICY_MAX_CERT,
		.allow = VENDORBAN_ALLOW_PROVEN,
		.index = VENDORBAN_INDEX_CERT,
		.source = VENDORBAN_SOURCE_SIGNER,
	},
	[VENDORBAN_SEL_UNSIGNED] = {
		.name = "unsigned", .arg = VENDORBAN_ARG_NONE,
		.allow = VENDORBAN_ALLOW_PLAIN,
		.index = VENDORBAN_INDEX_STATE, .state = VENDORBAN_SIG_NONE,
		.source = VENDORBAN_SOURCE_STATE,
	},
	[VENDORBAN_SEL_MALFORMED] = {
		.name = "malformed", .arg = VENDORBAN_ARG_NONE,
		.allow = VENDORBAN_ALLOW_PLAIN,
		.index = VENDORBAN_INDEX_STATE, .state = VENDORBAN_SIG_MALFORMED,
		.source = VENDORBAN_SOURCE_STATE,
	},
	[VENDORBAN_SEL_CA] = {
		.name = "ca", .arg = VENDORBAN_ARG_CERT,
		.hex_what = "certificate",
		.min_len = 1, .max_len = VENDORBAN_POLICY_MAX_CERT,
		.allow = VENDORBAN_ALLOW_PROVEN,
		.index = VENDORBAN_INDEX_CA,
		.source = VENDORBAN_SOURCE_SIGNER,
	},
	[VENDORBAN_SEL_FILE_SHA256] = {
		.name = "file-sha256", .arg = VENDORBAN_ARG_HEX,
		.hex_what = "file sha-256",
		.min_len = VENDORBAN_SHA256_LEN, .max_len = VENDORBAN_SHA256_LEN,
		.allow = VENDORBAN_ALLOW_PLAIN,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_FILE_SHA256,
		.source = VENDORBAN_SOURCE_FILE,
	},
	[VENDORBAN_SEL_IMA_KEYID] = {
		.name = "ima-keyid", .arg = VENDORBAN_ARG_HEX,
		.hex_what = "ima key id",
		.min_len = VENDORBAN_IMA_KEYID_LEN,
		.max_len = VENDORBAN_IMA_KEYID_LEN,
		.allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE, .key = VENDORBAN_KEY_IMA_KEYID,
		.source = VENDORBAN_SOURCE_FILE,
	},
	[VENDORBAN_SEL_LEGAL_ENTITY] = {
		.name = "legal-entity", .arg = VENDORBAN_ARG_STRING,
		.str_what = "registration (\"CC-NUMBER\")",
		.registration = true, .allow_refusal = NO_ALLOW,
		.index = VENDORBAN_INDEX_VALUE,
		.key = VENDORBAN_KEY_LEGAL_ENTITY,
		.source = VENDORBAN_SOURCE_SIGNER_CERT,
	},
	[VENDORBAN_SEL_IMA_CERT] = {
		.name = "ima-cert", .arg = VENDORBAN_ARG_CERT,
		.hex_what = "certificate",
		.min_len = 1, .max_len = VENDORBAN_POLICY_MAX_CERT,
		.verified = true, .allow = VENDORBAN_ALLOW_PROVEN,
		.index = VENDORBAN_INDEX_IMA, .key = VENDORBAN_KEY_IMA_KEYID,
		.source = VENDORBAN_SOURCE_FILE,
	},
};

/**
 * vendorban_selector_info() - what a selector is
 * @selector: the selector
 *
 * Return: its entry of the selector table, or NULL for an invalid value.
 */
const struct vendorban_selector_info *
vendorban_selector_info(enum vendorban_selector selector)
{
	if ((unsigned int)selector >= ARRAY_SIZE(selectors))
		return NULL;
	return &selectors[selector];
}

/**
 * vendorban_selector_name() - the policy keyword of a selector
 * @selector: the selector
 *
 * Return: the keyword, e.g. "issuer-serial"; "?" for an invalid value.
 */
const char *vendorban_selector_name(enum vendorban_selector selector)
{
	const struct vendorban_selector_info *info;

	info = vendorban_selector_info(selector);
	return info ? info->name : "?";
}

/**
 * vendorban_selector_lookup() - the selector of a keyword
 * @name: the keyword; need not be NUL-terminated
 * @len: its length
 *
 * Return: the selector (an enum vendorban_selector value), or -1 if @name
 * is not a selector keyword.
 */
int vendorban_selector_lookup(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(selectors); i++) {
		if (strlen(selectors[i].name) == len &&
		    !memcmp(selectors[i].name, name, len))
			return i;
	}
	return -1;
}

/**
 * vendorban_rule_needs_proof() - whether a rule decides only when proven
 * @rule: the rule
 *
 * An "allow" rule whose selector is %VENDORBAN_ALLOW_PROVEN ("allow cert",
 * "allow ima-cert") decides only if the signature it matched verifies with
 * its certificate, and so does a rule of a selector that is always
 * verified (ima-cert); every other rule decides whenever it matches.
 *
 * Return: true for such a rule.
 */
bool vendorban_rule_needs_proof(const struct vendorban_rule *rule)
{
	const struct vendorban_selector_info *info;

	info = vendorban_selector_info(rule->selector);
	if (!info)
		return false;
	return info->verified || (rule->action == VENDORBAN_ACTION_ALLOW &&
				  info->allow == VENDORBAN_ALLOW_PROVEN);
}
