/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the selector table
 *
 * What each selector of the policy language is, in one place: its keyword,
 * its argument, whether "allow" may use it, how it is indexed and where its
 * identity comes from.  The parser, the canonical printer, the index, the
 * decision walk and vendorbanctl's lint read this table; none of them
 * lists selectors of its own.
 */

#ifndef _SECURITY_VENDORBAN_SELECTOR_H
#define _SECURITY_VENDORBAN_SELECTOR_H

#include "policy_index.h"

/* Longest quoted string argument (bytes, after unescaping). */
#define VENDORBAN_STRING_MAX		511
/* Longest hex argument of variable length (skid, serial), in bytes. */
#define VENDORBAN_HEX_MAX		64

/*
 * The argument of a selector, in the text and in &vendorban_rule.value.
 */
enum vendorban_arg_kind {
	VENDORBAN_ARG_NONE,		/* no argument */
	VENDORBAN_ARG_HEX,		/* hex bytes, min_len..max_len */
	VENDORBAN_ARG_STRING,		/* a quoted string */
	VENDORBAN_ARG_ISSUER_SERIAL,	/* a quoted DN, then a hex serial */
	VENDORBAN_ARG_CERT,		/* hex of one DER certificate */
};

/* Whether and how "allow" may use a selector. */
enum vendorban_allow_kind {
	VENDORBAN_ALLOW_REFUSED,	/* the parser rejects it */
	VENDORBAN_ALLOW_PLAIN,		/* it names no signer: decides alone */
	VENDORBAN_ALLOW_PROVEN,		/* decides only if the signature verifies */
};

/* How the rules of a selector are found for a file. */
enum vendorban_index_kind {
	VENDORBAN_INDEX_STATE,		/* not indexed: by the signature state */
	VENDORBAN_INDEX_VALUE,		/* &vendorban_rule.value under one key */
	VENDORBAN_INDEX_ISSUER_SERIAL,	/* issuer DN and normalized serial */
	VENDORBAN_INDEX_CERT,		/* the certificate's identities */
	VENDORBAN_INDEX_CA,		/* those and the CA's subject DN */
	VENDORBAN_INDEX_IMA,		/* the IMA key id of the certificate */
};

/* Where the identity a selector names is found. */
enum vendorban_source {
	VENDORBAN_SOURCE_STATE,		/* the state of the file's signatures */
	VENDORBAN_SOURCE_FILE,		/* the file itself (hash, security.ima) */
	VENDORBAN_SOURCE_SIGNER,	/* a SignerInfo or the signer's cert */
	VENDORBAN_SOURCE_SIGNER_CERT,	/* only the embedded signer cert */
};

/**
 * struct vendorban_selector_info - what one selector is
 * @name: its keyword in the policy text
 * @arg: its argument
 * @str_what: the name of its string argument in parse errors, or NULL
 * @hex_what: the name of its hex argument in parse errors, or NULL
 * @min_len: fewest bytes of the hex argument
 * @max_len: most bytes of the hex argument
 * @dn: its string argument is a DN, as the kernel renders DNs
 * @registration: its string argument is a legal entity's registration,
 *                "CC-NUMBER" (vendorban_registration_valid())
 * @verified: a rule of it decides, whatever its action, only when the
 *            file's signature verifies with the rule's certificate
 * @allow: whether and how "allow" may use it
 * @allow_refusal: the parse error for "allow" with it, if refused
 * @index: how its rules are filed in the identity index
 * @key: the key kind of %VENDORBAN_INDEX_VALUE
 * @state: the signature state of %VENDORBAN_INDEX_STATE (unsigned or
 *         malformed; the first such rule is a candidate in that state)
 * @source: where the identity it names is found
 *
 * The canonical text of a rule is "<action> <name>", then the argument
 * (hex in lower case without colons, a string quoted with '"' and '\'
 * escaped, a serial of only zero bytes as "00"), then " label=<label>".
 */
struct vendorban_selector_info {
	const char *name;
	enum vendorban_arg_kind arg;
	const char *str_what;
	const char *hex_what;
	size_t min_len;
	size_t max_len;
	bool dn;
	bool registration;
	bool verified;
	enum vendorban_allow_kind allow;
	const char *allow_refusal;
	enum vendorban_index_kind index;
	enum vendorban_key_kind key;
	enum vendorban_sig_state state;
	enum vendorban_source source;
};

const struct vendorban_selector_info *
vendorban_selector_info(enum vendorban_selector selector);
int vendorban_selector_lookup(const char *name, size_t len);
bool vendorban_rule_needs_proof(const struct vendorban_rule *rule);

#endif /* _SECURITY_VENDORBAN_SELECTOR_H */
