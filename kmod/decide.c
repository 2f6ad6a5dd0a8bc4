// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the decision: may this file run?
 *
 * The one decision path shared by every hook and by both forms of the
 * module: read the signature from the file's tail, look its identities up
 * in the policy's index, walk the matching rules in policy order (verifying
 * the signature for allow rules), then count, audit and answer.
 */

#include "common.h"

#include "audit.h"
#include "decide.h"
#include "signature.h"
#include "state.h"
#include "verify.h"

/*
 * Walks the matching rules in policy order.  A deny or audit rule decides
 * on a claimed identity; an allow-cert rule decides only if the signature
 * verifies with the rule's certificate, otherwise the walk goes on.
 */
static void pick_rule(struct file *file, const struct vendorban_file_sig *sig,
		      const struct vendorban_match *match,
		      struct vendorban_decision *d)
{
	const struct vendorban_policy *policy = d->policy;
	unsigned int i;

	for (i = 0; i < match->nr; i++) {
		const struct vendorban_candidate *c = &match->c[i];
		const struct vendorban_rule *rule = &policy->rules[c->rule];

		if (rule->action == VENDORBAN_ACTION_ALLOW &&
		    rule->selector == VENDORBAN_SEL_CERT) {
			if (c->signer < 0 || !sig->msg ||
			    vendorban_verify_signer(file, sig->where.data_len,
						    &sig->msg->signers[c->signer],
						    rule->key))
				continue;
		}
		d->rule = rule;
		d->action = rule->action;
		d->signer = c->signer;
		return;
	}
	d->rule = NULL;
	d->action = policy->default_action;
	d->signer = -1;
}

static int conclude(struct file *file, struct vendorban_decision *d)
{
	switch (d->action) {
	case VENDORBAN_ACTION_ALLOW:
		vendorban_count(VENDORBAN_CNT_ALLOWED);
		return 0;
	case VENDORBAN_ACTION_DENY:
		d->denied = d->enforcing;
		break;
	case VENDORBAN_ACTION_AUDIT:
		d->denied = false;
		break;
	}
	vendorban_count(d->denied ? VENDORBAN_CNT_DENIED :
			VENDORBAN_CNT_WOULD_DENY);
	vendorban_audit_decision(file, d);
	return d->denied ? -EACCES : 0;
}

/**
 * vendorban_check_file() - decide whether a file may be used for @op
 * @file: the file, open for reading
 * @op: what the process is trying to do with it
 *
 * Context: process context, may sleep (reads the file).
 * Return: 0 to let it go ahead; -EACCES if the policy denies it in enforce
 * mode; -ENOMEM if memory ran out before a decision could be made.
 */
int vendorban_check_file(struct file *file, enum vendorban_op op)
{
	struct vendorban_decision d = { .op = op, .signer = -1 };
	struct vendorban_active *active;
	struct vendorban_match *match;
	struct vendorban_file_sig sig;
	int ret;

	active = vendorban_get_active();
	if (!active)
		return 0;
	d.policy = active->policy;
	d.enforcing = vendorban_enforcing();

	match = kzalloc(sizeof(*match), GFP_KERNEL);
	ret = match ? vendorban_read_signature(file, &sig) : -ENOMEM;
	if (ret)
		goto out;

	d.sig_state = sig.state;
	d.msg = sig.state == VENDORBAN_SIG_PRESENT ? sig.msg : NULL;
	vendorban_policy_match(d.policy, sig.state, d.msg, match);
	pick_rule(file, &sig, match, &d);
	ret = conclude(file, &d);
	vendorban_release_signature(&sig);
out:
	kfree(match);
	vendorban_put_active(active);
	return ret;
}
