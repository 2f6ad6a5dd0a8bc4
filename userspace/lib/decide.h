/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a decision for a file, by the kernel's decision walk
 */

#ifndef _VENDORBANCTL_DECIDE_H
#define _VENDORBANCTL_DECIDE_H

#include "filesig.h"
#include "policy.h"
#include "trustfacts.h"

/*
 * &vb_decision.unknown: beyond vendorban_policy_unknown()'s facts, whether
 * the kernel can verify an EC signature an allow needed (see
 * kernel_verifies() in decide.c).
 */
#define VB_UNKNOWN_KERNEL_CRYPTO	0x100

/* "allow cert" candidates that did not count, kept per decision. */
#define VB_MAX_TRIED		8

/**
 * struct vb_tried_allow - an "allow cert" candidate the decision walk tried
 *                         and that did not count
 * @rule: index into &vendorban_policy.rules
 * @signer: the SignerInfo that matched it
 * @why: why, from vendorban_policy_pick()
 * @err: the verification's errno for %VENDORBAN_UNPROVEN_VERIFY
 *       (-EKEYREJECTED: it does not verify; another: the file could not be
 *       read), else 0
 */
struct vb_tried_allow {
	int rule;
	int signer;
	enum vendorban_unproven why;
	int err;
};

/**
 * struct vb_decision - what the policy decides for a file
 * @rule: index into &vendorban_policy.rules of the deciding rule, or -1
 *        when the default decides
 * @action: the action taken
 * @signer: the SignerInfo that matched, or -1
 * @reason: why no rule decided: "malformed", "limit" or "corrupt" (the
 *          file's signatures cannot all be read), or the setting that
 *          decided before the rules ("writable", "unverifiable",
 *          "userns-mount": vendorban_policy_settle()); else NULL
 * @unknown: the facts the tool could not measure that the verdict depends
 *           on (vendorban_policy_unknown(), %VB_UNKNOWN_KERNEL_CRYPTO);
 *           0 if none
 * @nr_tried: number of entries in @tried
 * @tried: the first %VB_MAX_TRIED "allow cert" candidates the walk tried
 *         before it decided and that did not count, in walk order
 */
struct vb_decision {
	int rule;
	enum vendorban_action action;
	int signer;
	const char *reason;
	unsigned int unknown;
	unsigned int nr_tried;
	struct vb_tried_allow tried[VB_MAX_TRIED];
};

int vb_decide(const struct vendorban_policy *policy, const char *path,
	      const struct vb_filesig *sig, struct vb_decision *d);
const char *vb_rule_text(const struct vendorban_policy *policy, int rule,
			 size_t *len);
int vb_verify_signer(const char *path, const struct vb_filesig *sig,
		     int signer, const u8 *cert_der, size_t cert_len);
int vb_ima_verify(const char *path, const struct vb_filesig *sig,
		  const u8 *der, size_t len);

#endif /* _VENDORBANCTL_DECIDE_H */
