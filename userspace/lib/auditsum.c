// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - audit records summed up per vendor, rule and node
 *
 * Answers "which banned vendors were attempted, where, how often": every
 * decision counts for its vendor, its rule and its node, with the nodes
 * seen per vendor and per rule; policy loads and mode changes count for
 * their node.  Keys live in hash tables, so a log gathered from thousands
 * of nodes is summed in one pass in memory proportional to the keys.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditsum.h"

static size_t hash(const char *s)
{
	size_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct vb_strmap_entry *slot(struct vb_strmap_entry *e, size_t cap,
				    const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (e[i].key && strcmp(e[i].key, key))
		i = (i + 1) & (cap - 1);
	return &e[i];
}

static int grow(struct vb_strmap *map)
{
	size_t cap = map->cap ? map->cap * 2 : 16, i;
	struct vb_strmap_entry *e = calloc(cap, sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (i = 0; i < map->cap; i++)
		if (map->e[i].key)
			*slot(e, cap, map->e[i].key) = map->e[i];
	free(map->e);
	map->e = e;
	map->cap = cap;
	return 0;
}

/* The entry of @key, added (with a NULL value) if new; NULL on ENOMEM. */
static struct vb_strmap_entry *strmap_get(struct vb_strmap *map,
					  const char *key)
{
	struct vb_strmap_entry *e;

	if ((map->len + 1) * 2 > map->cap && grow(map))
		return NULL;
	e = slot(map->e, map->cap, key);
	if (e->key)
		return e;
	e->key = strdup(key);
	if (!e->key)
		return NULL;
	map->len++;
	return e;
}

static unsigned long count_total(const struct vb_audit_count *c)
{
	return c->deny + c->would_deny + c->loads + c->rejects + c->modes +
	       c->locks;
}

static void count_add(struct vb_audit_count *c, const struct vb_audit_rec *rec)
{
	const char *v;

	if (!count_total(c) || rec->ms < c->first_ms)
		c->first_ms = rec->ms;
	if (!count_total(c) || rec->ms > c->last_ms)
		c->last_ms = rec->ms;
	if (rec->type == VB_AUDIT_DECISION) {
		v = vb_audit_get(rec, "decision");
		if (v && !strcmp(v, "deny"))
			c->deny++;
		else
			c->would_deny++;
	} else if (rec->type == VB_AUDIT_POLICY_LOAD) {
		v = vb_audit_get(rec, "res");
		if (v && !strcmp(v, "1"))
			c->loads++;
		else
			c->rejects++;
	} else {
		/* A refused lock (res=0) locks nothing; a forced unload, the
		 * require_signed switch and BPF attaches are neither.
		 */
		v = vb_audit_get(rec, "op");
		if (v && !strcmp(v, "lock")) {
			v = vb_audit_get(rec, "res");
			c->locks += v && !strcmp(v, "1");
		} else if (v && !strcmp(v, "set_mode")) {
			c->modes++;
		}
	}
}

static int count_node(struct vb_audit_group *g, const char *node)
{
	struct vb_strmap_entry *e = strmap_get(&g->nodes, node);

	if (!e)
		return -ENOMEM;
	if (!e->val) {
		e->val = calloc(1, sizeof(unsigned long));
		if (!e->val)
			return -ENOMEM;
	}
	++*(unsigned long *)e->val;
	return 0;
}

static int set_rule(struct vb_audit_group *g, const struct vb_audit_rec *rec)
{
	const char *policy = vb_audit_get(rec, "policy");
	const char *line = vb_audit_get(rec, "rule_line");
	const char *label = vb_audit_get(rec, "label");

	g->policy = strdup(policy ? policy : "?");
	g->line = strdup(line ? line : "?");
	g->label = label ? strdup(label) : NULL;
	return g->policy && g->line && (g->label || !label) ? 0 : -ENOMEM;
}

enum group_kind { GROUP_NODE, GROUP_VENDOR, GROUP_RULE };

/* Counts @rec in the group @key of @map (created if new). */
static int group_add(struct vb_strmap *map, const char *key,
		     const struct vb_audit_rec *rec, enum group_kind kind)
{
	struct vb_strmap_entry *e = strmap_get(map, key);
	struct vb_audit_group *g;

	if (!e)
		return -ENOMEM;
	if (!e->val) {
		g = calloc(1, sizeof(*g));
		if (!g)
			return -ENOMEM;
		g->key = e->key;
		e->val = g;
		if (kind == GROUP_RULE && set_rule(g, rec))
			return -ENOMEM;
	}
	g = e->val;
	count_add(&g->count, rec);
	if (kind == GROUP_NODE)
		return 0;
	return count_node(g, rec->node ? rec->node : "");
}

/* "POLICY:LINE LABEL", or without " LABEL" when the rule has none. */
static char *rule_key(const struct vb_audit_rec *rec)
{
	const char *policy = vb_audit_get(rec, "policy");
	const char *line = vb_audit_get(rec, "rule_line");
	const char *label = vb_audit_get(rec, "label");
	char *key;

	if (asprintf(&key, "%s:%s%s%s", policy ? policy : "?",
		     line ? line : "?", label ? " " : "", label ? label : "") < 0)
		return NULL;
	return key;
}

/**
 * vb_audit_sum_add() - count a record
 * @sum: the summary (zeroed before the first call)
 * @rec: the record
 * @vendor: its vendor (vb_audit_vendor()), for decisions
 *
 * Return: 0, or -ENOMEM.
 */
int vb_audit_sum_add(struct vb_audit_sum *sum, const struct vb_audit_rec *rec,
		     const char *vendor)
{
	char *key;
	int ret;

	count_add(&sum->total, rec);
	ret = group_add(&sum->nodes, rec->node ? rec->node : "", rec, GROUP_NODE);
	if (ret || rec->type != VB_AUDIT_DECISION)
		return ret;
	ret = group_add(&sum->vendors, vendor, rec, GROUP_VENDOR);
	if (ret)
		return ret;
	key = rule_key(rec);
	if (!key)
		return -ENOMEM;
	ret = group_add(&sum->rules, key, rec, GROUP_RULE);
	free(key);
	return ret;
}

/* Most records first, then by key. */
static int cmp_groups(const void *a, const void *b)
{
	const struct vb_audit_group *x = *(const struct vb_audit_group *const *)a;
	const struct vb_audit_group *y = *(const struct vb_audit_group *const *)b;
	unsigned long nx = count_total(&x->count), ny = count_total(&y->count);

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int cmp_entries(const void *a, const void *b)
{
	const struct vb_strmap_entry *x = *(const struct vb_strmap_entry *const *)a;
	const struct vb_strmap_entry *y = *(const struct vb_strmap_entry *const *)b;

	return strcmp(x->key, y->key);
}

/**
 * vb_strmap_sorted() - the entries of a map by key
 * @map: the map
 *
 * Return: a malloc()ed array of map->len entries, or NULL (ENOMEM, or an
 * empty map).
 */
struct vb_strmap_entry **vb_strmap_sorted(const struct vb_strmap *map)
{
	struct vb_strmap_entry **out = calloc(map->len + 1, sizeof(*out));
	size_t i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < map->cap; i++)
		if (map->e[i].key)
			out[n++] = &map->e[i];
	qsort(out, n, sizeof(*out), cmp_entries);
	return out;
}

/**
 * vb_audit_sum_list() - the groups of a summary map, most records first
 * @map: @sum->vendors, @sum->rules or @sum->nodes
 *
 * Return: a malloc()ed array of map->len groups, or NULL on ENOMEM.
 */
struct vb_audit_group **vb_audit_sum_list(const struct vb_strmap *map)
{
	struct vb_audit_group **out = calloc(map->len + 1, sizeof(*out));
	size_t i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < map->cap; i++)
		if (map->e[i].key)
			out[n++] = map->e[i].val;
	qsort(out, n, sizeof(*out), cmp_groups);
	return out;
}

static void strmap_free(struct vb_strmap *map, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < map->cap; i++) {
		if (!map->e[i].key)
			continue;
		free_val(map->e[i].val);
		free(map->e[i].key);
	}
	free(map->e);
	memset(map, 0, sizeof(*map));
}

static void group_free(void *p)
{
	struct vb_audit_group *g = p;

	if (!g)
		return;
	strmap_free(&g->nodes, free);
	free(g->policy);
	free(g->line);
	free(g->label);
	free(g);
}

/* Frees every group of @sum. */
void vb_audit_sum_free(struct vb_audit_sum *sum)
{
	strmap_free(&sum->vendors, group_free);
	strmap_free(&sum->rules, group_free);
	strmap_free(&sum->nodes, group_free);
}
