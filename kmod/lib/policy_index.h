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
 * and skid kinds, so one lookup finds both it and the selector rules.
 */
enum vendorban_key_kind {
	VENDORBAN_KEY_FINGERPRINT,	/* 32 bytes */
	VENDORBAN_KEY_ISSUER_SERIAL,	/* issuer DN + NUL + normalized serial */
	VENDORBAN_KEY_SKID,
	VENDORBAN_KEY_SUBJECT_O,
	VENDORBAN_KEY_SUBJECT_CN,
	VENDORBAN_KEY_ISSUER,		/* issuer DN */
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
unsigned int vendorban_index_lookup(const struct vendorban_index *index,
				    const struct vendorban_key *key,
				    const u32 **rules);

#endif /* _SECURITY_VENDORBAN_POLICY_INDEX_H */
