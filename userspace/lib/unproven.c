// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the allow rules that matched a file but did not count
 *
 * An "allow cert" rule decides only when the signature verifies with its
 * certificate (docs/policy-format.md, "The security rule for allow"); when
 * it does not, the next matching rule or the default decides, and `test`
 * would show only that rule.  This looks at the same candidates the
 * decision walk saw (the shared vendorban_policy_match()) and names each
 * allow rule ranked before the deciding rule, with why it did not count.
 * It explains a decision already made and never changes it.
 */

#include <stdlib.h>

#include "unproven.h"

static void explain(struct vb_unproven *u, const struct vb_filesig *sig,
		    const struct vendorban_candidate *c, int decide_err)
{
	u->rule = c->rule;
	u->signer = c->signer;
	if (sig->is_pe) {
		u->why = "authenticode";
		u->text = "an allow cannot be proven for an Authenticode (PE) signature yet (the PE image digest is not computed)";
	} else if (decide_err) {
		u->why = "unreadable";
		u->text = "the file could not be read again to verify the signature";
	} else {
		u->why = "verify";
		u->text = "the signature does not verify with the rule's certificate (forged, or the file was changed after signing)";
	}
}

/**
 * vb_unproven_allows() - why the allow rules before the deciding rule did
 *                        not decide
 * @policy: the policy the decision was made with
 * @sig: the file's signature, as vb_decide() was given it
 * @d: vb_decide()'s decision
 * @decide_err: vb_decide()'s return value
 * @out: room for %VB_MAX_UNPROVEN entries
 *
 * Return: the number of entries in @out, in policy order.
 */
unsigned int vb_unproven_allows(const struct vendorban_policy *policy,
				const struct vb_filesig *sig,
				const struct vb_decision *d, int decide_err,
				struct vb_unproven *out)
{
	struct vendorban_match *match = calloc(1, sizeof(*match));
	struct vendorban_file_facts facts = {
		.state = sig->state,
		.msgs = (const struct vendorban_pkcs7 *const *)sig->msgs,
		.nr_msgs = sig->nr_msgs,
		.ima_keyid = sig->has_ima_keyid ? sig->ima_keyid : NULL,
	};
	unsigned int i, n = 0;

	if (!match)
		return 0;
	/* Allow rules name a signer: the file's SHA-256 is not needed. */
	vendorban_policy_match(policy, &facts, match);
	for (i = 0; i < match->nr && n < VB_MAX_UNPROVEN; i++) {
		const struct vendorban_candidate *c = &match->c[i];
		const struct vendorban_rule *r = &policy->rules[c->rule];

		if (d->rule >= 0 && c->rule >= d->rule)
			break;
		if (r->action == VENDORBAN_ACTION_ALLOW &&
		    r->selector == VENDORBAN_SEL_CERT && c->signer >= 0)
			explain(&out[n++], sig, c, decide_err);
	}
	free(match);
	return n;
}
