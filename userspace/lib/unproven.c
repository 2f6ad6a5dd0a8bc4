// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the allow rules that matched a file but did not count
 *
 * An "allow cert" rule decides only when the signature verifies with its
 * certificate (docs/policy-format.md, "The security rule for allow"), an
 * ima-cert rule only when the security.ima signature does; when
 * it does not, the next matching rule or the default decides, and `test`
 * would show only that rule.  The decision walk itself
 * (vendorban_policy_pick(), through vb_decide()) tells which allow
 * candidates it tried and why they did not count; this only puts that in
 * words.  It explains a decision already made and never changes it.
 */

#include <errno.h>

#include "unproven.h"

static void explain(struct vb_unproven *u, const struct vb_filesig *sig,
		    const struct vb_tried_allow *t)
{
	u->rule = t->rule;
	u->signer = t->signer;
	if (t->signer < 0 && t->err != -EKEYREJECTED) {	/* ima-cert */
		u->why = "ima-unreadable";
		u->text = "the file could not be hashed to verify its security.ima signature (or its algorithm is not one vendorban checks)";
	} else if (t->signer < 0) {
		u->why = "ima-verify";
		u->text = "its security.ima signature does not verify with the rule's certificate (forged, made by another key with the same key id, or the file was changed after signing)";
	} else if (sig->is_pe && (t->why == VENDORBAN_UNPROVEN_UNCOVERED ||
				  (t->why == VENDORBAN_UNPROVEN_VERIFY &&
				   t->err != -EKEYREJECTED))) {
		u->why = "authenticode";
		u->text = "the PE image digest cannot be computed (a section table beyond the first 4 KiB, more than 96 sections, or a section outside the file), so the Authenticode signature cannot prove an allow";
	} else if (t->why == VENDORBAN_UNPROVEN_VERIFY && t->err == -ENOKEY) {
		u->why = "no-chain";
		u->text = "the signature carries no signer certificate, or a certificate of the chain to the rule's CA is neither in it nor in the policy (add it as chain-cert)";
	} else if (t->why == VENDORBAN_UNPROVEN_VERIFY &&
		   t->err != -EKEYREJECTED) {
		u->why = "unreadable";
		u->text = "the file could not be read again to verify the signature";
	} else {
		/* a forged signature, or a trailer that more bytes follow */
		u->why = "verify";
		u->text = "the signature does not verify with the rule's certificate, or (ca) a link of the chain to it does not (forged, or the file was changed after signing)";
	}
}

/**
 * vb_unproven_allows() - why the allow rules before the deciding rule did
 *                        not decide
 * @sig: the file's signature, as vb_decide() was given it
 * @d: vb_decide()'s decision
 * @out: room for %VB_MAX_UNPROVEN entries
 *
 * A candidate of the deciding rule itself (another signer of the file,
 * say) is left out: that rule did count.
 *
 * Return: the number of entries in @out, in policy order.
 */
unsigned int vb_unproven_allows(const struct vb_filesig *sig,
				const struct vb_decision *d,
				struct vb_unproven *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->nr_tried && n < VB_MAX_UNPROVEN; i++)
		if (d->tried[i].rule != d->rule)
			explain(&out[n++], sig, &d->tried[i]);
	return n;
}
