// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - audit records counted as attempts, and summed up per
 * vendor, rule, file, user and node
 *
 * Answers "which banned vendors were attempted, by whom, where, how
 * often", in attempts, not records:
 *
 * - a decision record stands for itself and for the repeats the kernel
 *   counted instead of recording (suppressed=N, docs/kernel-interface.md,
 *   "Repeated denials"): 1 + N attempts;
 * - one attempt logged twice counts once (vb_audit_join_check()).
 *
 * Tamper events (a rejected policy load, the lock, signed policies
 * switched on, a refused rmmod -f or other refused change) have their own
 * counter, and the first ones are kept whole for the summary.  Keys live in
 * hash tables, so a log gathered from thousands of nodes is summed in one
 * pass in memory proportional to the keys.
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

/* ---- one attempt, one count ---- */

/* FNV-1a 64 over some fields of @rec, NULL ("?") included as such. */
static uint64_t hash_fields(const struct vb_audit_rec *rec,
			    const char *const *names, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	const char *v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = vb_audit_get(rec, names[i]);
		for (; v && *v; v++)
			h = (h ^ (unsigned char)*v) * 1099511628211ull;
		h = (h ^ (v ? 0x100 : 0x200)) * 1099511628211ull;
	}
	return h;
}

static void seen_of(const struct vb_audit_rec *rec, struct vb_audit_seen *s)
{
	static const char *const rule[] = { "policy", "rule_line", "label" };
	static const char *const signer[] = {
		"signature", "signer_subject", "signer_issuer", "signer_serial",
		"signer_fpr",
	};
	static const char *const file[] = { "dev", "ino" };
	const char *op = vb_audit_get(rec, "op");
	const char *decision = vb_audit_get(rec, "decision");
	const char *pid = vb_audit_get(rec, "pid");
	uint64_t node = 14695981039346656037ull;
	const char *p;

	memset(s, 0, sizeof(*s));
	for (p = rec->node ? rec->node : ""; *p; p++)
		node = (node ^ (unsigned char)*p) * 1099511628211ull;
	s->node = node;
	s->serial = rec->serial;
	s->ms = rec->ms;
	s->pid = pid ? strtoul(pid, NULL, 10) : 0;
	snprintf(s->op, sizeof(s->op), "%s", op ? op : "?");
	snprintf(s->decision, sizeof(s->decision), "%s",
		 decision ? decision : "?");
	s->rule = hash_fields(rec, rule, 3);
	s->signer = hash_fields(rec, signer, 5);
	s->file = hash_fields(rec, file, 2);
	s->has_file = vb_audit_get(rec, "ino") != NULL;
}

static bool same_decision(const struct vb_audit_seen *a,
			  const struct vb_audit_seen *b)
{
	return a->node == b->node && !strcmp(a->op, b->op) &&
	       !strcmp(a->decision, b->decision) && a->rule == b->rule &&
	       a->signer == b->signer;
}

/*
 * Rule 1: one event (node, time, serial: one system call) with two
 * decisions of the same operation on the same file, or one of them on no
 * file, is one attempt.
 */
static unsigned long same_event(struct vb_audit_join *j,
				const struct vb_audit_seen *s)
{
	unsigned int i;

	if (j->nr_event && (j->event[0].node != s->node ||
			    j->event[0].serial != s->serial ||
			    j->event[0].ms != s->ms))
		j->nr_event = 0;
	for (i = 0; i < j->nr_event; i++) {
		const struct vb_audit_seen *e = &j->event[i];

		if (!strcmp(e->op, s->op) &&
		    (e->file == s->file || !e->has_file || !s->has_file))
			return e->serial;
	}
	if (j->nr_event < sizeof(j->event) / sizeof(j->event[0]))
		j->event[j->nr_event++] = *s;
	return 0;
}

/*
 * Rule 2: busybox's insmod (and any loader that falls back the same way)
 * tries finit_module(), then, refused, init_module() with the same image:
 * two system calls, two serials, two records, one attempt.  A module load
 * decided on memory (no file: path=?) by the same process on the same
 * node, less than 2 s after a module load of the same process decided on
 * a file, with the same outcome, rule and signer, is that fallback; each
 * file decision absorbs at most one.
 */
static unsigned long module_fallback(struct vb_audit_join *j,
				     const struct vb_audit_seen *s)
{
	const unsigned int max = sizeof(j->modules) / sizeof(j->modules[0]);
	struct vb_audit_seen *m;
	unsigned int i;

	if (strcmp(s->op, "module_load"))
		return 0;
	if (s->has_file) {
		if (j->nr_modules == max)
			memmove(j->modules, j->modules + 1,
				--j->nr_modules * sizeof(*m));
		j->modules[j->nr_modules++] = *s;
		return 0;
	}
	for (i = j->nr_modules; i-- > 0;) {
		m = &j->modules[i];
		if (!m->joined && m->pid == s->pid && same_decision(m, s) &&
		    s->ms >= m->ms && s->ms - m->ms < 2000) {
			m->joined = true;
			return m->serial;
		}
	}
	return 0;
}

/**
 * vb_audit_join_check() - whether a decision record is of an attempt
 *	already counted
 * @j: the recent records (zeroed before the first call)
 * @rec: the record; records must come in log order
 *
 * Return: 0 when @rec is a new attempt; else the serial of the record of
 * the same attempt (see the rules above).  Records other than decisions
 * are always new.
 */
unsigned long vb_audit_join_check(struct vb_audit_join *j,
				  const struct vb_audit_rec *rec)
{
	struct vb_audit_seen s;
	unsigned long same;

	if (rec->type != VB_AUDIT_DECISION || vb_audit_is_summary(rec))
		return 0;
	seen_of(rec, &s);
	same = same_event(j, &s);
	return same ? same : module_fallback(j, &s);
}

/**
 * vb_audit_attempts() - the attempts a record stands for
 * @rec: the record
 * @same_as: what vb_audit_join_check() said of it
 *
 * Return: for a decision, 1 + its suppressed=N, or 0 when it repeats an
 * attempt counted already (@same_as); for a summary (op=summary: one
 * user's denials the kernel counted past its bound on the record rate,
 * named in no record) its suppressed=N; 1 for any other record.
 */
unsigned long vb_audit_attempts(const struct vb_audit_rec *rec,
				unsigned long same_as)
{
	const char *v = vb_audit_get(rec, "suppressed");
	unsigned long n = 0;
	char *end;

	if (rec->type != VB_AUDIT_DECISION)
		return 1;
	if (same_as)
		return 0;
	if (v && *v >= '0' && *v <= '9') {
		n = strtoul(v, &end, 10);
		if (*end || n > 1ul << 40)
			n = 0;	/* not a count the kernel writes */
	}
	return vb_audit_is_summary(rec) ? n : 1 + n;
}

/**
 * vb_audit_is_summary() - whether a record is a summary of uncounted denials
 * @rec: the record
 *
 * Return: true for the kernel's op=summary decision records.
 */
bool vb_audit_is_summary(const struct vb_audit_rec *rec)
{
	const char *op = vb_audit_get(rec, "op");

	return rec->type == VB_AUDIT_DECISION && op && !strcmp(op, "summary");
}

/* ---- counting ---- */

unsigned long vb_audit_count_attempts(const struct vb_audit_count *c)
{
	return c->deny + c->would_deny;
}

/* Decisions (as attempts) and every other event. */
unsigned long vb_audit_count_events(const struct vb_audit_count *c)
{
	return c->deny + c->would_deny + c->loads + c->modes + c->tamper;
}

static void count_status(struct vb_audit_count *c,
			 const struct vb_audit_rec *rec)
{
	const char *op = vb_audit_get(rec, "op");
	const char *res = vb_audit_get(rec, "res");
	bool ok = res && !strcmp(res, "1");

	if (vb_audit_class(rec) == VB_CLASS_MECHANISM)
		return;
	if (vb_audit_class(rec) == VB_CLASS_MODE)
		c->modes++;
	else if (ok && op && !strcmp(op, "lock"))
		c->locks++;
	else if (ok && op && !strcmp(op, "require_signed"))
		c->require_signed++;
	else if (op && !strcmp(op, "forced_unload"))
		c->forced_unloads++;
	else
		c->refused++;
}

static void count_add(struct vb_audit_count *c, const struct vb_audit_rec *rec,
		      const char *vendor_from, unsigned long same_as)
{
	unsigned long n = vb_audit_attempts(rec, same_as);
	const char *v;

	if (!c->records && !vb_audit_count_events(c))
		c->first_ms = c->last_ms = rec->ms;
	if (rec->ms < c->first_ms)
		c->first_ms = rec->ms;
	if (rec->ms > c->last_ms)
		c->last_ms = rec->ms;
	if (rec->type == VB_AUDIT_DECISION) {
		c->records++;
		c->duplicates += !n && !vb_audit_is_summary(rec);
		if (vb_audit_is_summary(rec))
			c->suppressed += n;
		else if (n)
			c->suppressed += n - 1;
		v = vb_audit_get(rec, "decision");
		if (v && !strcmp(v, "deny"))
			c->deny += n;
		else
			c->would_deny += n;
		if (vendor_from && !strcmp(vendor_from, "issuer"))
			c->from_issuer += n;
		return;
	}
	if (vb_audit_class(rec) == VB_CLASS_TAMPER)
		c->tamper++;
	if (rec->type == VB_AUDIT_POLICY_LOAD) {
		if (vb_audit_class(rec) == VB_CLASS_POLICY)
			c->loads++;
		else
			c->rejects++;
		return;
	}
	count_status(c, rec);
}

static int count_node(struct vb_audit_group *g, const char *node,
		      unsigned long n)
{
	struct vb_strmap_entry *e = strmap_get(&g->nodes, node);

	if (!e)
		return -ENOMEM;
	if (!e->val) {
		e->val = calloc(1, sizeof(unsigned long));
		if (!e->val)
			return -ENOMEM;
	}
	*(unsigned long *)e->val += n;
	return 0;
}

/* Copies the values of @names of @rec into @g->attr. */
static int set_attrs(struct vb_audit_group *g, const struct vb_audit_rec *rec,
		     const char *const *names, size_t n)
{
	const char *v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = vb_audit_get(rec, names[i]);
		g->attr[i] = v ? strdup(v) : NULL;
		if (v && !g->attr[i])
			return -ENOMEM;
	}
	return 0;
}

static int set_group(struct vb_audit_group *g, const struct vb_audit_rec *rec,
		     enum vb_audit_group_kind kind)
{
	static const char *const rule[] = { "policy", "rule_line", "label" };
	static const char *const user[] = {
		"uid", "uid_name", "auid", "auid_name", "userns", "userns_root",
	};

	if (kind == VB_GROUP_RULE)
		return set_attrs(g, rec, rule, 3);
	if (kind == VB_GROUP_USER)
		return set_attrs(g, rec, user, 6);
	return 0;
}

/* Counts @rec in the group @key of @map (created if new). */
static int group_add(struct vb_strmap *map, const char *key,
		     const struct vb_audit_rec *rec,
		     enum vb_audit_group_kind kind, const char *vendor_from,
		     unsigned long same_as)
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
		if (set_group(g, rec, kind))
			return -ENOMEM;
	}
	g = e->val;
	count_add(&g->count, rec, vendor_from, same_as);
	if (kind == VB_GROUP_NODE)
		return 0;
	return count_node(g, rec->node ? rec->node : "",
			  vb_audit_attempts(rec, same_as));
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

/*
 * "UID AUID": who ran it, and who logged in (unset, or unknown: "?");
 * "userns:INUM AUID" for the summary of a container root made (its
 * uid=? is neither root nor the accounts the kernel kept no entry for).
 */
static char *user_key(const struct vb_audit_rec *rec)
{
	const char *uid = vb_audit_get(rec, "uid");
	const char *auid = vb_audit_get(rec, "auid");
	const char *userns = vb_audit_get(rec, "userns");
	char *key;
	int n;

	if (userns)
		n = asprintf(&key, "userns:%s %s", userns, auid ? auid : "?");
	else
		n = asprintf(&key, "%s %s", uid ? uid : "?", auid ? auid : "?");
	return n < 0 ? NULL : key;
}

static int keep_tamper(struct vb_audit_sum *sum,
		       const struct vb_audit_rec *rec)
{
	struct vb_audit_rec *t;

	if (sum->nr_tamper == VB_AUDIT_TAMPER_KEPT)
		return 0;
	t = realloc(sum->tamper, (sum->nr_tamper + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	sum->tamper = t;
	if (vb_audit_rec_copy(&t[sum->nr_tamper], rec))
		return -ENOMEM;
	sum->nr_tamper++;
	return 0;
}

/* The decision's groups: vendor, rule, file, user. */
static int add_decision(struct vb_audit_sum *sum,
			const struct vb_audit_rec *rec, const char *vendor,
			const char *vendor_from)
{
	const char *path = vb_audit_is_summary(rec) ? "(not named in a record)" :
			   vb_audit_get(rec, "path");
	char *rule = rule_key(rec), *user = user_key(rec);
	int ret = -ENOMEM;

	if (rule && user)
		ret = group_add(&sum->groups[VB_GROUP_VENDOR], vendor, rec,
				VB_GROUP_VENDOR, vendor_from, 0);
	if (!ret)
		ret = group_add(&sum->groups[VB_GROUP_RULE], rule, rec,
				VB_GROUP_RULE, vendor_from, 0);
	if (!ret)
		ret = group_add(&sum->groups[VB_GROUP_FILE], path ? path : "",
				rec, VB_GROUP_FILE, vendor_from, 0);
	if (!ret)
		ret = group_add(&sum->groups[VB_GROUP_USER], user, rec,
				VB_GROUP_USER, vendor_from, 0);
	free(rule);
	free(user);
	return ret;
}

/**
 * vb_audit_sum_add() - count a record
 * @sum: the summary (zeroed before the first call)
 * @rec: the record
 * @vendor: its vendor (vb_audit_vendor()), for decisions
 * @vendor_from: where the vendor's name comes from, or NULL
 * @same_as: what vb_audit_join_check() said of @rec
 *
 * A decision counts 1 + suppressed=N attempts, or none when it repeats an
 * attempt counted already (then only in the total's records and
 * duplicates, in no group).
 *
 * Return: 0, or -ENOMEM.
 */
int vb_audit_sum_add(struct vb_audit_sum *sum, const struct vb_audit_rec *rec,
		     const char *vendor, const char *vendor_from,
		     unsigned long same_as)
{
	int ret;

	count_add(&sum->total, rec, vendor_from, same_as);
	if (same_as)
		return 0;
	ret = group_add(&sum->groups[VB_GROUP_NODE], rec->node ? rec->node : "",
			rec, VB_GROUP_NODE, vendor_from, 0);
	if (ret)
		return ret;
	if (vb_audit_class(rec) == VB_CLASS_TAMPER)
		return keep_tamper(sum, rec);
	if (rec->type != VB_AUDIT_DECISION)
		return 0;
	return add_decision(sum, rec, vendor, vendor_from);
}

/* Most attempts (events, for nodes) first, then by key. */
static int cmp_groups(const void *a, const void *b)
{
	const struct vb_audit_group *x = *(const struct vb_audit_group *const *)a;
	const struct vb_audit_group *y = *(const struct vb_audit_group *const *)b;
	unsigned long nx = vb_audit_count_events(&x->count);
	unsigned long ny = vb_audit_count_events(&y->count);

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
 * vb_audit_sum_list() - the groups of a summary map, most attempts first
 * @map: one of @sum->groups
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
	size_t i;

	if (!g)
		return;
	strmap_free(&g->nodes, free);
	for (i = 0; i < sizeof(g->attr) / sizeof(g->attr[0]); i++)
		free(g->attr[i]);
	free(g);
}

/* Frees every group of @sum, and the tamper records kept. */
void vb_audit_sum_free(struct vb_audit_sum *sum)
{
	size_t i;

	for (i = 0; i < VB_NR_GROUPS; i++)
		strmap_free(&sum->groups[i], group_free);
	for (i = 0; i < sum->nr_tamper; i++)
		vb_audit_rec_release(&sum->tamper[i]);
	free(sum->tamper);
	sum->tamper = NULL;
	sum->nr_tamper = 0;
}
