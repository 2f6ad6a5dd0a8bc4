/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - what a file says about its signer
 */

#ifndef _SECURITY_VENDORBAN_FACTS_H
#define _SECURITY_VENDORBAN_FACTS_H

#include "lib/imasig.h"
#include "lib/modimage.h"
#include "lib/policy.h"
#include "lib/sigset.h"
#include "subject.h"

/**
 * struct vendorban_evidence - the facts about one file and the memory
 *                             holding them
 * @facts: what the matcher looks at; its pointers point into this structure
 * @sigs: every signature of the file (trailers, PE certificate table,
 *        nested signatures), see kmod/lib/sigset.c
 * @sha256: the file's SHA-256, when @facts.file_sha256 points here
 * @ima_keyid: the security.ima key id, when @facts.ima_keyid points here
 * @ima_xattr: the security.ima value (kmalloc()ed), or NULL
 * @ima: its signature, parsed (points into @ima_xattr)
 * @ima_digest_state: 0 the file's digest for @ima not computed yet, 1 in
 *                    @ima_digest, 2 it could not be computed
 * @ima_digest: the digest of the file's bytes with @ima's algorithm
 * @pe_digest_state: per digest algorithm, 0 the Authenticode image digest
 *                   not computed yet, 1 in @pe_digest, 2 it could not be
 * @pe_digest: the image digest per algorithm
 * @policy: the policy the facts are gathered for (allow ca proofs build
 *          chains from its certificates)
 * @file_subj: the subject checked (what security.ima signs: a compressed
 *             module as it is stored, not its image)
 * @subj: what the facts were read from: the subject checked, or
 *        @image_subj (the proof of an allow reads it too)
 * @image: a compressed module's decompressed image (kmod/lib/modimage.c)
 * @image_subj: the subject over @image.data, when there is one
 */
struct vendorban_evidence {
	struct vendorban_file_facts facts;
	struct vendorban_sigset sigs;
	u8 sha256[VENDORBAN_SHA256_LEN];
	u8 ima_keyid[VENDORBAN_IMA_KEYID_LEN];
	u8 *ima_xattr;
	struct vendorban_imasig ima;
	u8 ima_digest_state;
	u8 ima_digest[VENDORBAN_MAX_DIGEST];
	u8 pe_digest_state[VENDORBAN_NR_HASH_ALGOS];
	u8 pe_digest[VENDORBAN_NR_HASH_ALGOS][VENDORBAN_MAX_DIGEST];
	const struct vendorban_policy *policy;
	const struct vendorban_subject *file_subj;
	const struct vendorban_subject *subj;
	struct vendorban_modimage image;
	struct vendorban_subject image_subj;
};

int vendorban_gather_evidence(const struct vendorban_subject *subj,
			      const struct vendorban_policy *policy,
			      enum vendorban_op op,
			      struct vendorban_evidence *ev);
void vendorban_release_evidence(struct vendorban_evidence *ev);

#endif /* _SECURITY_VENDORBAN_FACTS_H */
