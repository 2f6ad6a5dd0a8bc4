/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - policy identity index (internal to the policy engine)
 *
 * A hash table from one signer identity (a key kind and its bytes) to the
 * ascending list of rules naming it.  It is built once when a policy is
 * parsed and never changes afterwards, so lookups need no lock.
 */

#ifndef _SECURITY_VENDORBAN_POLICY_INDEX_H
#define _SECURITY_VENDORBAN_POLICY_INDEX_H

#include "policy.h"

/*
 * Identity kinds.  A cert rule is filed under the fingerprint, issuer-serial
 * and skid kinds, so one lookup finds both it and the selector rules; a ca
 * rule is filed under those too (a signature made by the CA itself) and
 * under its subject DN as %VENDORBAN_KEY_CA_SUBJECT.
 *
 * The lists of all kinds hold rule indexes, except %VENDORBAN_KEY_POOL_SUBJECT
 * whose lists hold indexes into the certificate pool: the certificates of
 * the ca rules (in rule order) then those of the chain-cert lines, which the
 * matcher may use to build a chain (vendorban_index_pool_cert()).
 */
enum vendorban_key_kind {
	VENDORBAN_KEY_FINGERPRINT,	/* 32 bytes */
	VENDORBAN_KEY_ISSUER_SERIAL,	/* issuer DN + NUL + normalized serial */
	VENDORBAN_KEY_SKID,
	VENDORBAN_KEY_SUBJECT_O,
	VENDORBAN_KEY_SUBJECT_CN,
	VENDORBAN_KEY_ISSUER,		/* issuer DN */
	VENDORBAN_KEY_CA_SUBJECT,	/* subject DN of a ca rule's cert */
	VENDORBAN_KEY_FILE_SHA256,	/* 32 bytes */
	VENDORBAN_KEY_IMA_KEYID,	/* 4 bytes */
	VENDORBAN_KEY_POOL_SUBJECT,	/* subject DN of a pool certificate */
	VENDORBAN_KEY_LEGAL_ENTITY,	/* registration "CC-NUMBER" */
};

/**
 * struct vendorban_key - one identity to file or look up
 * @kind: what the bytes are
 * @a: key bytes (for issuer-serial: the issuer DN, without its NUL)
 * @a_len: length of @a
 * @b: second part, the normalized serial, for issuer-serial only
 * @b_len: length of @b (0 for other kinds)
 *
 * Issuer-serial keys are the bytes of @a, a NUL, then @b; keeping the two
 * parts apart saves building that string for each lookup.
 */
struct vendorban_key {
	enum vendorban_key_kind kind;
	const u8 *a;
	size_t a_len;
	const u8 *b;
	size_t b_len;
};

int vendorban_index_build(struct vendorban_policy *policy);
void vendorban_index_free(struct vendorban_index *index);
bool vendorban_index_has_kind(const struct vendorban_index *index,
			      enum vendorban_key_kind kind);
unsigned int vendorban_index_lookup(const struct vendorban_index *index,
				    const struct vendorban_key *key,
				    const u32 **rules);
const struct vendorban_cert *
vendorban_index_pool_cert(const struct vendorban_index *index, u32 n);

#endif /* _SECURITY_VENDORBAN_POLICY_INDEX_H */
