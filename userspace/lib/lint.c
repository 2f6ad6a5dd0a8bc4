// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - warnings about a compiled policy
 *
 * Run by `compile`, `load` and `diff` after the kernel's parser accepted
 * the policy, on its rules and their source lines:
 *
 * - a rule that names the same identity as an earlier rule never decides
 *   (first match wins): it repeats the earlier one (same action) or is
 *   shadowed by it.  An earlier "allow cert" shadows nothing: it counts
 *   only when the signature verifies, else the next rule decides.
 * - subject-o, subject-cn and fingerprint rules need the signer's
 *   certificate in the signature; sign-file (kernel modules) and
 *   `openssl cms -nocerts` embed none.  A policy with no rule that names a
 *   signer without its certificate (issuer-serial, skid, issuer, cert, ca)
 *   gets a warning at each such rule.
 */

#include <stdlib.h>
#include <string.h>

#include "lint.h"

struct lint {
	const struct vb_compiled *pol;
	FILE *diag;
	bool strict;
	unsigned int warnings;
	const struct vb_source_loc *last;	/* last warning's location */
};

static void warn_at(struct lint *l, const struct vb_source_loc *at,
		    const char *msg, const struct vb_source_loc *other,
		    const char *tail)
{
	if (l->last && l->last->file == at->file && l->last->line == at->line &&
	    !other)
		return;	/* one warning per source line (vendor, cert-file) */
	l->last = at;
	fprintf(l->diag, "%s:%u:1: %s%s", at->file, at->line,
		l->strict ? "error (--strict): " : "warning: ", msg);
	if (other)
		fprintf(l->diag, "%s:%u%s", other->file, other->line, tail);
	fputc('\n', l->diag);
	l->warnings++;
}

static const struct vendorban_policy *sort_policy;

/* Compares two rules by the identity they name (selector, value, issuer). */
static int cmp_value(const struct vendorban_rule *x, const struct vendorban_rule *y)
{
	int d;

	if (x->selector != y->selector)
		return x->selector < y->selector ? -1 : 1;
	if (x->value_len != y->value_len)
		return x->value_len < y->value_len ? -1 : 1;
	d = x->value_len ? memcmp(x->value, y->value, x->value_len) : 0;
	if (!d && (x->issuer || y->issuer))
		d = strcmp(x->issuer ? x->issuer : "", y->issuer ? y->issuer : "");
	return d;
}

/* Orders rule indices by identity, then by position. */
static int cmp_identity(const void *a, const void *b)
{
	unsigned int i = *(const unsigned int *)a, j = *(const unsigned int *)b;
	int d = cmp_value(&sort_policy->rules[i], &sort_policy->rules[j]);

	return d ? d : i < j ? -1 : 1;
}

/* An earlier rule of the same identity that decides whenever it matches. */
static bool always_decides(const struct vendorban_rule *r)
{
	return !(r->action == VENDORBAN_ACTION_ALLOW &&
		 r->selector == VENDORBAN_SEL_CERT);
}

/* Rules @idx[0..n) name one identity, in policy order. */
static void lint_group(struct lint *l, const unsigned int *idx, unsigned int n)
{
	const struct vendorban_rule *rules = l->pol->policy->rules;
	const struct vb_source_loc *src = l->pol->rule_src;
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		const struct vendorban_rule *r = &rules[idx[i]];
		int by = -1;

		for (j = 0; j < i && by < 0; j++)
			if (always_decides(&rules[idx[j]]) ||
			    rules[idx[j]].action == r->action)
				by = idx[j];
		if (by < 0)
			continue;
		if (rules[by].action == r->action)
			warn_at(l, &src[idx[i]], "this rule repeats the rule at ",
				&src[by], "");
		else
			warn_at(l, &src[idx[i]], "this rule never decides: the rule at ",
				&src[by], " matches the same files first");
	}
}

static int lint_repeats(struct lint *l)
{
	const struct vendorban_policy *p = l->pol->policy;
	unsigned int *idx = calloc(p->nr_rules + 1, sizeof(*idx));
	unsigned int i, start;

	if (!idx)
		return -1;
	for (i = 0; i < p->nr_rules; i++)
		idx[i] = i;
	sort_policy = p;
	qsort(idx, p->nr_rules, sizeof(*idx), cmp_identity);
	/* Each run of one identity is in policy order: qsort() sorted it. */
	for (start = 0; start < p->nr_rules; start = i) {
		for (i = start + 1; i < p->nr_rules &&
		     !cmp_value(&p->rules[idx[start]], &p->rules[idx[i]]); i++)
			;
		if (i - start > 1)
			lint_group(l, idx + start, i - start);
	}
	free(idx);
	return 0;
}

static bool needs_embedded_cert(enum vendorban_selector s)
{
	return s == VENDORBAN_SEL_SUBJECT_O || s == VENDORBAN_SEL_SUBJECT_CN ||
	       s == VENDORBAN_SEL_FINGERPRINT;
}

static bool names_signer_without_cert(enum vendorban_selector s)
{
	return s == VENDORBAN_SEL_ISSUER_SERIAL || s == VENDORBAN_SEL_SKID ||
	       s == VENDORBAN_SEL_ISSUER || s == VENDORBAN_SEL_CERT ||
	       s == VENDORBAN_SEL_CA;
}

static const char *selector_word(enum vendorban_selector s)
{
	return s == VENDORBAN_SEL_SUBJECT_O ? "subject-o" :
	       s == VENDORBAN_SEL_SUBJECT_CN ? "subject-cn" : "fingerprint";
}

static void lint_subjects(struct lint *l)
{
	const struct vendorban_policy *p = l->pol->policy;
	char msg[768];
	unsigned int i;

	for (i = 0; i < p->nr_rules; i++)
		if (p->rules[i].action != VENDORBAN_ACTION_ALLOW &&
		    names_signer_without_cert(p->rules[i].selector))
			return;
	l->last = NULL;
	for (i = 0; i < p->nr_rules; i++) {
		if (!needs_embedded_cert(p->rules[i].selector))
			continue;
		snprintf(msg, sizeof(msg),
			 "%s matches only signatures that embed the signer's certificate, and no rule of this policy names a signer without one: kernel module signatures made by sign-file carry no certificate (what modinfo shows as 'signer' is the issuer's CN)\n"
			 "  fix: also ban by 'deny issuer-serial \"ISSUER DN\" SERIAL' (modinfo's sig_key is the serial; 'vendorbanctl inspect FILE' prints both), 'deny skid HEX' or 'deny cert-file \"vendor.pem\"'",
			 selector_word(p->rules[i].selector));
		warn_at(l, &l->pol->rule_src[i], msg, NULL, NULL);
	}
}

/**
 * vb_lint_policy() - warn about rules that cannot do what they say
 * @pol: a policy compiled from a source (with &vb_compiled.rule_src)
 * @diag: where the warnings go, as "FILE:LINE:1: warning: ..."
 * @strict: print them as errors
 *
 * Return: the number of warnings.
 */
unsigned int vb_lint_policy(const struct vb_compiled *pol, FILE *diag,
			    bool strict)
{
	struct lint l = { .pol = pol, .diag = diag, .strict = strict };

	if (!pol->policy || !pol->rule_src)
		return 0;
	lint_repeats(&l);
	lint_subjects(&l);
	return l.warnings;
}
