/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - what a file says about its signer
 */

#ifndef _SECURITY_VENDORBAN_FACTS_H
#define _SECURITY_VENDORBAN_FACTS_H

#include "lib/imasig.h"
#include "lib/modsig.h"
#include "lib/policy.h"
#include "subject.h"

/**
 * struct vendorban_evidence - the facts about one file and the memory
 *                             holding them
 * @facts: what the matcher looks at; its pointers point into this structure
 * @is_pe: the signatures come from an Authenticode certificate table
 * @modsig: where the appended signature is (when !@is_pe and signed)
 * @blob: the appended PKCS#7 blob, or the PE certificate table
 * @msgs: the parsed signatures (@facts.nr_msgs of them)
 * @sha256: the file's SHA-256, when @facts.file_sha256 points here
 * @ima_keyid: the security.ima key id, when @facts.ima_keyid points here
 */
struct vendorban_evidence {
	struct vendorban_file_facts facts;
	bool is_pe;
	struct vendorban_modsig modsig;
	u8 *blob;
	struct vendorban_pkcs7 *msgs[VENDORBAN_MAX_MSGS];
	u8 sha256[VENDORBAN_SHA256_LEN];
	u8 ima_keyid[VENDORBAN_IMA_KEYID_LEN];
};

int vendorban_gather_evidence(const struct vendorban_subject *subj,
			      const struct vendorban_policy *policy,
			      struct vendorban_evidence *ev);
void vendorban_release_evidence(struct vendorban_evidence *ev);

#endif /* _SECURITY_VENDORBAN_FACTS_H */
