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
 *   gets a warning at each such rule, unless its default is deny: then
 *   the default refuses what those rules miss.  Which selectors are which
 *   is the selector table's (&vendorban_selector_info.source).
 * - a policy whose default is not deny and that has no deny rule denies
 *   nothing by signer.
 * - a ca rule for a root CA matches a signature only through the chain:
 *   the certificates the signature embeds, and the policy's ca and
 *   chain-cert certificates.  If no certificate of the policy was issued
 *   by that root, a signature that embeds only its signer's certificate
 *   (issued by an intermediate) is not matched.
 *
 * One warning per source line: a vendor line expanded to five rules, or a
 * bundle of certificates, gets the first warning only (and none if the
 * compiler warned about that line already).
 */

#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "selector.h"

struct lint {
	const struct vb_compiled *pol;
	FILE *diag;
	bool strict;
	unsigned int warnings;
	struct vb_source_loc *warned;	/* the lines warned about */
	unsigned int nr_warned;
};

/* Whether @at's line was warned about; else it is remembered. */
static bool warned_before(struct lint *l, const struct vb_source_loc *at)
{
	struct vb_source_loc *w;
	unsigned int i;

	for (i = l->nr_warned; i-- > 0;)
		if (l->warned[i].line == at->line &&
		    (l->warned[i].file == at->file ||
		     !strcmp(l->warned[i].file, at->file)))
			return true;
	w = realloc(l->warned, (l->nr_warned + 1) * sizeof(*w));
	if (w) {
		l->warned = w;
		w[l->nr_warned++] = *at;
	}
	return false;
}

static void warn_at(struct lint *l, const struct vb_source_loc *at,
		    const char *msg, const struct vb_source_loc *other,
		    const char *tail)
{
	if (warned_before(l, at))
		return;
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
	return !vendorban_rule_needs_proof(r);
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

/* Where the selector table says the identity @s names is found. */
static bool source_is(enum vendorban_selector s, enum vendorban_source src)
{
	const struct vendorban_selector_info *info = vendorban_selector_info(s);

	return info && info->source == src;
}

static bool needs_embedded_cert(enum vendorban_selector s)
{
	return source_is(s, VENDORBAN_SOURCE_SIGNER_CERT);
}

static bool names_signer_without_cert(enum vendorban_selector s)
{
	return source_is(s, VENDORBAN_SOURCE_SIGNER);
}

static void lint_subjects(struct lint *l)
{
	const struct vendorban_policy *p = l->pol->policy;
	char msg[768];
	unsigned int i;

	/* default deny refuses what the subject rules miss */
	if (p->default_action == VENDORBAN_ACTION_DENY)
		return;
	for (i = 0; i < p->nr_rules; i++)
		if (p->rules[i].action != VENDORBAN_ACTION_ALLOW &&
		    names_signer_without_cert(p->rules[i].selector))
			return;
	for (i = 0; i < p->nr_rules; i++) {
		if (!needs_embedded_cert(p->rules[i].selector))
			continue;
		snprintf(msg, sizeof(msg),
			 "%s matches only signatures that embed the signer's certificate, and no rule of this policy names a signer without one: kernel module signatures made by sign-file carry no certificate (what modinfo shows as 'signer' is the issuer's CN)\n"
			 "  fix: also ban by 'deny issuer-serial \"ISSUER DN\" SERIAL' (modinfo's sig_key is the serial; 'vendorbanctl inspect FILE' prints both), 'deny skid HEX' or 'deny cert-file \"vendor.pem\"'",
			 vendorban_selector_name(p->rules[i].selector));
		warn_at(l, &l->pol->rule_src[i], msg, NULL, NULL);
	}
}

/* A policy that cannot deny a file for its signer. */
static void lint_denies_nothing(struct lint *l)
{
	const struct vendorban_policy *p = l->pol->policy;
	struct vb_source_loc at = l->pol->default_src;
	unsigned int i;

	if (p->default_action == VENDORBAN_ACTION_DENY)
		return;
	for (i = 0; i < p->nr_rules; i++)
		if (p->rules[i].action == VENDORBAN_ACTION_DENY)
			return;
	if (!at.file) {
		at.file = l->pol->nr_files ? l->pol->files[0] : "policy";
		at.line = 1;
	}
	warn_at(l, &at,
		"this policy denies nothing: its default is not deny and it has no deny rule, so only what vendorban cannot judge is refused (malformed signatures, and by default files that can still change, unverifiable file systems, modules from memory)\n"
		"  fix: add the deny rules (deny vendor NAME, deny cert-file \"PATH\", ...), or 'default deny' for an allow list; 'audit' rules only record",
		NULL, NULL);
}

static bool blob_eq(const struct vendorban_blob *a,
		    const struct vendorban_blob *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->data, b->data, a->len));
}

/* Whether a certificate of the policy other than @ca was issued by @ca. */
static bool issued_in_policy(const struct vendorban_policy *p,
			     const struct vendorban_cert *ca)
{
	const struct vendorban_cert *c;
	unsigned int i;

	for (i = 0; i < p->nr_rules + p->nr_chain_certs; i++) {
		if (i < p->nr_rules && p->rules[i].selector != VENDORBAN_SEL_CA)
			continue;
		c = i < p->nr_rules ? p->rules[i].cert :
				      &p->chain_certs[i - p->nr_rules].cert;
		if (c != ca && !blob_eq(&c->subject, &c->issuer) &&
		    blob_eq(&c->issuer, &ca->subject))
			return true;
	}
	return false;
}

/*
 * A ca rule for a root CA (self-issued) reaches a signer only through
 * intermediates: in the signature, or in this policy.
 */
static void lint_ca_chains(struct lint *l)
{
	const struct vendorban_policy *p = l->pol->policy;
	const struct vendorban_cert *ca;
	char msg[1024 + VENDORBAN_NAME_MAX], dn[VENDORBAN_NAME_MAX];
	unsigned int i;

	for (i = 0; i < p->nr_rules; i++) {
		ca = p->rules[i].cert;
		if (p->rules[i].selector != VENDORBAN_SEL_CA ||
		    !blob_eq(&ca->subject, &ca->issuer) ||
		    issued_in_policy(p, ca))
			continue;
		if (vendorban_name_format(&ca->subject, dn, sizeof(dn)) < 0)
			snprintf(dn, sizeof(dn), "?");
		snprintf(msg, sizeof(msg),
			 "'ca' rule for the root CA \"%s\": a signature is matched only if it embeds the intermediate CAs between its signer and this root, or this policy holds them, and no certificate of this policy was issued by it: a signature that embeds only its signer's certificate (as sign-file and most signing tools make) is not matched\n"
			 "  fix: chain-cert-file \"intermediates.pem\" (the vendor's intermediate CA certificates), or ban the intermediates with ca-file",
			 dn);
		warn_at(l, &l->pol->rule_src[i], msg, NULL, NULL);
	}
}

/**
 * vb_lint_policy() - warn about rules that cannot do what they say
 * @pol: a policy compiled from a source (with &vb_compiled.rule_src)
 * @diag: where the warnings go, as "FILE:LINE:1: warning: ..."
 * @strict: print them as errors
 * @warned: source lines warned about already (by the compiler)
 * @nr_warned: their number
 *
 * Return: the number of warnings.
 */
unsigned int vb_lint_policy(const struct vb_compiled *pol, FILE *diag,
			    bool strict, const struct vb_source_loc *warned,
			    unsigned int nr_warned)
{
	struct lint l = { .pol = pol, .diag = diag, .strict = strict };

	if (!pol->policy || !pol->rule_src)
		return 0;
	l.warned = calloc(nr_warned + 1, sizeof(*l.warned));
	if (l.warned) {
		memcpy(l.warned, warned, nr_warned * sizeof(*warned));
		l.nr_warned = nr_warned;
	}
	lint_denies_nothing(&l);
	lint_repeats(&l);
	lint_subjects(&l);
	lint_ca_chains(&l);
	free(l.warned);
	return l.warnings;
}
