/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the allow rules that matched a file but did not count
 */

#ifndef _VENDORBANCTL_UNPROVEN_H
#define _VENDORBANCTL_UNPROVEN_H

#include "decide.h"

#define VB_MAX_UNPROVEN		8

/**
 * struct vb_unproven - an "allow cert" rule that matched a signer of the
 *                      file but did not decide, because it was not proven
 * @rule: index into &vendorban_policy.rules
 * @signer: the SignerInfo that matched it
 * @why: a word for scripts ("authenticode", "verify", "unreadable")
 * @text: the reason, for people
 */
struct vb_unproven {
	int rule;
	int signer;
	const char *why;
	const char *text;
};

unsigned int vb_unproven_allows(const struct vendorban_policy *policy,
				const struct vb_filesig *sig,
				const struct vb_decision *d, int decide_err,
				struct vb_unproven *out);

#endif /* _VENDORBANCTL_UNPROVEN_H */
