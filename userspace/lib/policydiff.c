// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - what changes between two policies, rule by rule
 *
 * Both policies are compared in their canonical text (what the kernel
 * reads back), so spacing, comments and hex case never show as changes.
 * First match wins, so order matters: a rule line is
 *
 *   +  added     only in the new policy (with the source line it came from)
 *   -  removed   only in the old one (with its line in `vendorbanctl show`)
 *   >  moved     in both, but its order relative to the other common
 *                lines changed: the fewest such lines are reported (those
 *                outside a longest increasing run of old positions)
 *   ~  a setting changed: name, version, default, writable, unverifiable,
 *      userns-mounts, memory-modules
 *
 * A line that appears several times is paired occurrence by occurrence.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "policydiff.h"
#include "securityfs.h"

#define SHOW_MAX	120	/* longest rule text shown (certificates are long) */

struct entry {
	const char *s;
	size_t len;
	unsigned int line;	/* in the canonical text */
	unsigned int pos;	/* among the rule lines, from 0 */
	int other;		/* pos of the paired line in the other policy */
};

struct side {
	struct entry *e;
	unsigned int n;
};

static bool is_setting(const char *s, size_t len)
{
	static const char *const words[] = {
		"vendorban-policy ", "name ", "version ", "default ",
		"writable ", "unverifiable ", "userns-mounts ",
		"memory-modules ",
	};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (len >= n && !memcmp(s, words[i], n))
			return true;
	}
	return false;
}

/* The rule and chain-cert lines of a canonical text. */
static int split(const struct vendorban_policy *p, struct side *side)
{
	const char *s = p ? p->text : "", *nl;
	unsigned int line = 0, max = p ? p->nr_rules + p->nr_chain_certs : 0;

	side->n = 0;
	side->e = calloc(max + 1, sizeof(*side->e));
	if (!side->e)
		return -ENOMEM;
	for (; *s; s = *nl ? nl + 1 : nl) {
		nl = strchrnul(s, '\n');
		line++;
		if (nl == s || is_setting(s, nl - s))
			continue;
		if (side->n == max)
			return -EINVAL;	/* not a canonical text */
		side->e[side->n] = (struct entry){ .s = s, .len = nl - s,
			.line = line, .pos = side->n, .other = -1 };
		side->n++;
	}
	return 0;
}

static int cmp_text(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->s, y->s, n);

	if (!d && x->len != y->len)
		d = x->len < y->len ? -1 : 1;
	if (!d)
		d = x->pos < y->pos ? -1 : 1;
	return d;
}

static int same_text(const struct entry *x, const struct entry *y)
{
	return x->len == y->len && !memcmp(x->s, y->s, x->len);
}

static struct entry **sorted(struct side *side)
{
	struct entry **v = calloc(side->n + 1, sizeof(*v));
	unsigned int i;

	if (!v)
		return NULL;
	for (i = 0; i < side->n; i++)
		v[i] = &side->e[i];
	qsort(v, side->n, sizeof(*v), cmp_text);
	return v;
}

/* Pairs equal lines, the k-th occurrence in one with the k-th in the other. */
static int pair(struct side *old, struct side *new)
{
	struct entry **a = sorted(old), **b = sorted(new);
	unsigned int i = 0, j = 0;
	int d;

	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	while (i < old->n && j < new->n) {
		d = same_text(a[i], b[j]) ? 0 : cmp_text(&a[i], &b[j]);
		if (d == 0) {
			a[i]->other = b[j]->pos;
			b[j]->other = a[i]->pos;
			i++;
			j++;
		} else if (d < 0) {
			i++;
		} else {
			j++;
		}
	}
	free(a);
	free(b);
	return 0;
}

/*
 * Marks as moved the paired lines of @new outside a longest increasing
 * run of their old positions (patience sorting, O(n log n)).
 */
static int find_moved(const struct side *new, bool *moved)
{
	unsigned int *tail = calloc(new->n + 1, sizeof(*tail));
	int *prev = calloc(new->n + 1, sizeof(*prev));
	unsigned int len = 0, i, lo, hi, mid;
	int k;

	if (!tail || !prev) {
		free(tail);
		free(prev);
		return -ENOMEM;
	}
	for (i = 0; i < new->n; i++) {
		moved[i] = new->e[i].other >= 0;
		if (new->e[i].other < 0)
			continue;
		for (lo = 0, hi = len; lo < hi;) {
			mid = (lo + hi) / 2;
			if (new->e[tail[mid]].other < new->e[i].other)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? (int)tail[lo - 1] : -1;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (k = len ? (int)tail[len - 1] : -1; k >= 0; k = prev[k])
		moved[k] = false;
	free(tail);
	free(prev);
	return 0;
}

static void show(FILE *out, char sign, const struct entry *e)
{
	fprintf(out, "%c ", sign);
	vb_escape(out, e->s, e->len > SHOW_MAX ? SHOW_MAX : e->len, 0);
	fprintf(out, "%s  ", e->len > SHOW_MAX ? "..." : "");
}

/* The source line a line of the new policy's canonical text came from. */
static const struct vb_source_loc *source_of(const struct vb_compiled *pol,
					     unsigned int line)
{
	unsigned int i;

	for (i = 0; pol->rule_src && i < pol->policy->nr_rules; i++)
		if (pol->policy->rules[i].line == line)
			return &pol->rule_src[i];
	return NULL;
}

static const char *action(enum vendorban_action a)
{
	return vendorban_action_name(a);
}

static unsigned int diff_settings(const struct vendorban_policy *o,
				  const struct vendorban_policy *n, FILE *out)
{
	static const char *const what[] = {
		"writable", "unverifiable", "userns-mounts", "memory-modules",
	};
	enum vendorban_action oa[] = {
		o->writable_action, o->unverifiable_action,
		o->userns_mount_action, o->memory_module_action,
	};
	enum vendorban_action na[] = {
		n->writable_action, n->unverifiable_action,
		n->userns_mount_action, n->memory_module_action,
	};
	unsigned int changed = 0, i;

	if (strcmp(o->name, n->name) && ++changed) {
		fputs("~ name ", out);
		vb_put_name(out, o->name);
		fputs(" -> ", out);
		vb_put_name(out, n->name);
		fputc('\n', out);
	}
	if (o->version != n->version && ++changed)
		fprintf(out, "~ version %u -> %u\n", o->version, n->version);
	if (o->default_action != n->default_action && ++changed)
		fprintf(out, "~ default %s -> %s\n", action(o->default_action),
			action(n->default_action));
	for (i = 0; i < sizeof(oa) / sizeof(oa[0]); i++)
		if (oa[i] != na[i] && ++changed)
			fprintf(out, "~ %s %s -> %s\n", what[i], action(oa[i]),
				action(na[i]));
	return changed;
}

static void print_changes(const struct side *old, const struct side *new,
			  const bool *moved, const struct vb_compiled *pol,
			  FILE *out, struct vb_diff_counts *cnt)
{
	const struct vb_source_loc *src;
	unsigned int i;

	for (i = 0; i < old->n; i++) {
		if (old->e[i].other >= 0)
			continue;
		show(out, '-', &old->e[i]);
		fprintf(out, "(was line %u)\n", old->e[i].line);
		cnt->removed++;
	}
	for (i = 0; i < new->n; i++) {
		if (new->e[i].other >= 0 && !moved[i])
			continue;
		if (new->e[i].other >= 0) {
			show(out, '>', &new->e[i]);
			fprintf(out, "(position %d -> %u)\n", new->e[i].other + 1, i + 1);
			cnt->moved++;
			continue;
		}
		src = source_of(pol, new->e[i].line);
		show(out, '+', &new->e[i]);
		if (src) {
			fputc('(', out);
			vb_put_name(out, src->file);
			fprintf(out, ":%u)\n", src->line);
		} else
			fprintf(out, "(line %u)\n", new->e[i].line);
		cnt->added++;
	}
}

/**
 * vb_policy_diff() - print what changes from @old to @new
 * @old: the policy in force, or NULL if there is none
 * @new: the compiled new policy
 * @out: where the changes go, one a line (see the top of this file)
 * @counts: set to the numbers of changes
 *
 * Return: 0, or -ENOMEM.
 */
int vb_policy_diff(const struct vendorban_policy *old,
		   const struct vb_compiled *new, FILE *out,
		   struct vb_diff_counts *counts)
{
	struct side o = { 0 }, n = { 0 };
	bool *moved = NULL;
	int ret;

	memset(counts, 0, sizeof(*counts));
	ret = split(old, &o);
	if (!ret)
		ret = split(new->policy, &n);
	if (!ret)
		ret = pair(&o, &n);
	moved = ret ? NULL : calloc(n.n + 1, sizeof(*moved));
	if (!ret && !moved)
		ret = -ENOMEM;
	if (!ret)
		ret = find_moved(&n, moved);
	if (!ret) {
		if (old)
			counts->settings = diff_settings(old, new->policy, out);
		print_changes(&o, &n, moved, new, out, counts);
	}
	free(moved);
	free(o.e);
	free(n.e);
	return ret;
}

/**
 * vb_diff_in_force() - print what loading @new would change
 * @new: the compiled new policy
 * @out: where the changes and the summary go
 * @counts: set to the numbers of changes
 *
 * Reads the policy in force back from securityfs (vb_securityfs_root()).
 *
 * Return: 0; a negative errno when the policy in force cannot be read or
 * parsed (the reason is printed on standard error).
 */
int vb_diff_in_force(const struct vb_compiled *new, FILE *out,
		     struct vb_diff_counts *counts)
{
	struct vb_compiled old = { 0 };
	char *text;
	size_t len;
	int ret = vb_securityfs_read("policy", &text, &len);

	if (ret) {
		fprintf(stderr, "vendorbanctl: ERROR: could not read the policy in force from %s: %s\n",
			vb_securityfs_root(), vb_securityfs_error(ret));
		return ret;
	}
	if (len)
		ret = vb_policy_from_text(text, len, "policy in force", &old);
	free(text);
	if (ret)
		return ret;
	if (old.policy) {
		fputs("in force: ", out);
		vb_put_name(out, old.policy->name);
		fprintf(out, " version %u, %u rules\n", old.policy->version,
			old.policy->nr_rules);
	} else {
		fprintf(out, "in force: no policy\n");
	}
	fputs("new:      ", out);
	vb_put_name(out, new->policy->name);
	fprintf(out, " version %u, %u rules\n", new->policy->version,
		new->policy->nr_rules);
	ret = vb_policy_diff(old.policy, new, out, counts);
	if (!ret && !counts->added && !counts->removed && !counts->moved &&
	    !counts->settings)
		fprintf(out, "summary: no change\n");
	else if (!ret)
		fprintf(out, "summary: %u added, %u removed, %u moved, %u settings changed%s\n",
			counts->added, counts->removed, counts->moved,
			counts->settings, old.policy ? "" : " (no policy in force)");
	vb_compiled_free(&old);
	return ret;
}
