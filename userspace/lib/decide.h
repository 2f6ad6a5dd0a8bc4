/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the kernel's decision walk, in userspace
 */

#ifndef _VENDORBANCTL_DECIDE_H
#define _VENDORBANCTL_DECIDE_H

#include "filesig.h"
#include "policy.h"

/**
 * struct vb_decision - what the policy decides for a file
 * @rule: index into &vendorban_policy.rules of the deciding rule, or -1
 *        when the default decides
 * @action: the action taken
 * @signer: the SignerInfo that matched, or -1
 * @reason: "malformed" or "limit" when the file is refused because its
 *          signatures cannot all be read and no rule decided; else NULL
 */
struct vb_decision {
	int rule;
	enum vendorban_action action;
	int signer;
	const char *reason;
};

int vb_decide(const struct vendorban_policy *policy, const char *path,
	      const struct vb_filesig *sig, struct vb_decision *d);
const char *vb_rule_text(const struct vendorban_policy *policy, int rule,
			 size_t *len);
int vb_verify_signer(const char *path, const struct vb_filesig *sig,
		     int signer, const u8 *cert_der, size_t cert_len);

#endif /* _VENDORBANCTL_DECIDE_H */
