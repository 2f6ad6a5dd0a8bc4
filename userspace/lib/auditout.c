// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - audit records and summaries as text, JSON Lines or CSV
 *
 * Paths, comm, rule labels and certificate names in the log are chosen by
 * whoever wrote the file or made the certificate.  Printed, they must not
 * forge a line, a field or a terminal sequence, nor run as a spreadsheet
 * formula: every value goes through escape.c, as every name the tool
 * prints (control bytes, C1 controls and invalid UTF-8 as \xNN, a
 * backslash as \\), so one record is always one line; a text value with a
 * blank or a quote is quoted, with \" inside; a CSV cell starting with
 * = + - @ gets a leading ' (OWASP's advice for CSV injection).
 *
 * Times are ISO 8601 with the offset, in the time zone of the process:
 * the command sets UTC unless asked for local time, so what an auditor
 * signs does not depend on the TZ of whoever ran it.
 *
 * JSON output is JSON Lines: one object per line, "kind" telling them
 * apart (record, read, tamper, total, vendor, rule, file, user, node);
 * the kernel's numbers are JSON numbers, yes/no are booleans.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auditout.h"
#include "escape.h"
#include "json.h"

/* Columns of the CSV record table: every field the kernel writes in any
 * vendorban record, then what the SYSCALL record adds; any other field
 * (a newer kernel's) goes to the last column, "other", as NAME=VALUE. */
static const char *const csv_columns[] = {
	"op", "decision", "enforcement", "rule_action", "policy", "rule_line",
	"label", "pid", "uid", "comm", "path", "dev", "ino", "reason",
	"signature", "signer_subject", "signer_issuer", "signer_serial",
	"signer_fpr", "suppressed", "userns", "userns_root", "old_name", "old_version", "old_digest",
	"new_name", "new_version", "new_digest", "rules", "old_mode",
	"new_mode", "locked", "old_require_signed", "new_require_signed",
	"auid", "ses", "res", "uid_name", "auid_name", "exe", "syscall",
	"success", "exit", "ppid", "tty",
};
#define NR_CSV	(sizeof(csv_columns) / sizeof(csv_columns[0]))

/* Fields whose value is a number in JSON (when it is one). */
static const char *const numeric_fields[] = {
	"pid", "uid", "auid", "ses", "ino", "suppressed", "userns",
	"userns_root", "rules",
	"old_version", "new_version", "res", "locked", "old_require_signed",
	"new_require_signed", "ppid", "exit", "rule_line",
};

/* Keys of the JSON record that are not fields. */
static const char *const meta_keys[] = {
	"kind", "time", "epoch", "serial", "node", "type", "class",
	"attempts", "same_attempt_as", "vendor", "vendor_from",
};

static bool listed(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

#define LISTED(name, list) listed(name, list, sizeof(list) / sizeof(list[0]))

/* A decimal integer as the kernel writes one (a sign only for exit). */
static bool is_number(const char *s)
{
	const char *p = s + (*s == '-');

	return *p && strlen(p) <= 19 && strspn(p, "0123456789") == strlen(p);
}

/* ---- values ---- */

/* A text value: bare when plain, else quoted; "?" (unknown) bare. */
static void text_value(FILE *f, const char *s)
{
	if (!s) {
		putc('?', f);
		return;
	}
	if (vb_name_is_plain(s) && strcmp(s, "?")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	vb_escape(f, s, strlen(s), VB_ESC_NAME | VB_ESC_QUOTE);
	putc('"', f);
}

static void json_key(FILE *f, const char *key, bool comma)
{
	if (comma)
		fputs(", ", f);
	vb_json_str(f, key);
	fputs(": ", f);
}

static void json_num(FILE *f, const char *key, unsigned long n)
{
	json_key(f, key, true);
	fprintf(f, "%lu", n);
}

/* A field's value, typed: number, boolean, string or null. */
static void json_value(FILE *f, const char *name, const char *v)
{
	if (v && LISTED(name, numeric_fields) && is_number(v))
		fputs(v, f);
	else if (v && !strcmp(name, "success") &&
		 (!strcmp(v, "yes") || !strcmp(v, "no")))
		fputs(!strcmp(v, "yes") ? "true" : "false", f);
	else
		vb_json_str(f, v);
}

/*
 * A CSV cell (RFC 4180), escaped as text and safe from formulas (a
 * number, such as exit=-13, is no formula).
 */
static void csv_cell(FILE *f, const char *s, bool comma)
{
	if (comma)
		putc(',', f);
	if (!s)
		return;
	putc('"', f);
	if (s[0] && strchr("=+-@", s[0]) && !is_number(s))
		putc('\'', f);
	vb_escape(f, s, strlen(s), VB_ESC_NAME | VB_ESC_CSV);
	putc('"', f);
}

/**
 * vb_audit_fmt_time() - an ISO 8601 time with milliseconds and offset
 * @ms: milliseconds since the epoch
 * @buf: output, "2026-03-01T12:30:05.123+00:00"
 * @size: its size (64 is plenty)
 *
 * In the process's time zone (UTC unless audit --local-time).
 */
void vb_audit_fmt_time(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	char zone[8];
	struct tm tm;
	size_t n;

	if (!localtime_r(&t, &tm) ||
	    !(n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm)) ||
	    strftime(zone, sizeof(zone), "%z", &tm) != 5) {
		snprintf(buf, size, "@%lld.%03d", (long long)(ms / 1000),
			 (int)(ms % 1000));
		return;
	}
	snprintf(buf + n, size - n, ".%03d%.3s:%s", (int)(ms % 1000), zone,
		 zone + 3);
}

static const char *when(int64_t ms, char *buf, size_t size)
{
	vb_audit_fmt_time(ms, buf, size);
	return buf;
}

/* ---- records ---- */

static void text_fields(FILE *f, const struct vb_audit_rec *rec)
{
	unsigned int i;

	for (i = 0; i < rec->nfields; i++) {
		if (!strcmp(rec->fields[i].name, "lsm"))
			continue;
		putc(' ', f);
		vb_put_name(f, rec->fields[i].name);
		putc('=', f);
		text_value(f, rec->fields[i].value);
	}
}

static void text_rec(FILE *f, const struct vb_audit_rec *rec,
		     const struct vb_audit_meta *m, const char *indent)
{
	unsigned long n = vb_audit_attempts(rec, m->same_as);
	char buf[64];

	fprintf(f, "%s%s", indent, when(rec->ms, buf, sizeof(buf)));
	if (rec->node) {
		fputs(" node=", f);
		text_value(f, rec->node);
	}
	fprintf(f, " serial=%lu type=%s class=%s", rec->serial,
		vb_audit_type_name(rec->type),
		vb_audit_class_name(vb_audit_class(rec)));
	text_fields(f, rec);
	if (m->vendor) {
		fputs(" vendor=", f);
		text_value(f, m->vendor);
		fprintf(f, " vendor_from=%s", m->vendor_from ? m->vendor_from : "?");
	}
	if (rec->type == VB_AUDIT_DECISION)
		fprintf(f, " attempts=%lu", n);
	if (m->same_as)
		fprintf(f, " same_attempt_as=%lu", m->same_as);
	putc('\n', f);
}

static void json_rec(FILE *f, const struct vb_audit_rec *rec,
		     const struct vb_audit_meta *m, const char *kind)
{
	char buf[64];
	unsigned int i;

	putc('{', f);
	json_key(f, "kind", false);
	vb_json_str(f, kind);
	json_key(f, "time", true);
	vb_json_str(f, when(rec->ms, buf, sizeof(buf)));
	json_key(f, "epoch", true);
	fprintf(f, "%lld.%03d", (long long)(rec->ms / 1000), (int)(rec->ms % 1000));
	json_num(f, "serial", rec->serial);
	json_key(f, "node", true);
	vb_json_str(f, rec->node);
	json_key(f, "type", true);
	vb_json_str(f, vb_audit_type_name(rec->type));
	json_key(f, "class", true);
	vb_json_str(f, vb_audit_class_name(vb_audit_class(rec)));
	for (i = 0; i < rec->nfields; i++) {
		if (LISTED(rec->fields[i].name, meta_keys))
			continue;
		json_key(f, rec->fields[i].name, true);
		json_value(f, rec->fields[i].name, rec->fields[i].value);
	}
	if (rec->type == VB_AUDIT_DECISION) {
		json_key(f, "vendor", true);
		vb_json_str(f, m->vendor);
		json_key(f, "vendor_from", true);
		vb_json_str(f, m->vendor_from);
		json_num(f, "attempts", vb_audit_attempts(rec, m->same_as));
		if (m->same_as)
			json_num(f, "same_attempt_as", m->same_as);
	}
	fputs("}\n", f);
}

/*
 * Fields that have no column (a newer kernel's), as "NAME=VALUE ..." in
 * the text form, or NULL when there are none.
 */
static char *csv_other(const struct vb_audit_rec *rec)
{
	char *out = NULL;
	size_t size = 0;
	bool first = true;
	unsigned int i;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	for (i = 0; i < rec->nfields; i++) {
		if (!strcmp(rec->fields[i].name, "lsm") ||
		    LISTED(rec->fields[i].name, csv_columns))
			continue;
		if (!first)
			putc(' ', f);
		first = false;
		vb_put_name(f, rec->fields[i].name);
		putc('=', f);
		text_value(f, rec->fields[i].value);
	}
	if (fclose(f) || first) {
		free(out);
		return NULL;
	}
	return out;
}

/* A CSV cell of text already escaped: only '"' is doubled. */
static void csv_text_cell(FILE *f, const char *s)
{
	putc(',', f);
	if (!s)
		return;
	putc('"', f);
	if (s[0] && strchr("=+-@", s[0]))
		putc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void csv_rec(FILE *f, const struct vb_audit_rec *rec,
		    const struct vb_audit_meta *m)
{
	char buf[64], num[32];
	char *other = csv_other(rec);
	size_t i;

	csv_cell(f, when(rec->ms, buf, sizeof(buf)), false);
	snprintf(num, sizeof(num), "%lld.%03d", (long long)(rec->ms / 1000),
		 (int)(rec->ms % 1000));
	csv_cell(f, num, true);
	csv_cell(f, rec->node, true);
	snprintf(num, sizeof(num), "%lu", rec->serial);
	csv_cell(f, num, true);
	csv_cell(f, vb_audit_type_name(rec->type), true);
	csv_cell(f, vb_audit_class_name(vb_audit_class(rec)), true);
	snprintf(num, sizeof(num), "%lu", vb_audit_attempts(rec, m->same_as));
	csv_cell(f, rec->type == VB_AUDIT_DECISION ? num : NULL, true);
	snprintf(num, sizeof(num), "%lu", m->same_as);
	csv_cell(f, m->same_as ? num : NULL, true);
	csv_cell(f, m->vendor, true);
	csv_cell(f, m->vendor_from, true);
	for (i = 0; i < NR_CSV; i++)
		csv_cell(f, vb_audit_get(rec, csv_columns[i]), true);
	csv_text_cell(f, other);
	free(other);
	fputs("\r\n", f);
}

/* Starts the output: the CSV header of the records. */
void vb_audit_out_begin(struct vb_audit_out *o)
{
	size_t i;

	if (o->fmt != VB_AUDIT_CSV || !o->events)
		return;
	fputs("time,epoch,node,serial,type,class,attempts,same_attempt_as,vendor,vendor_from",
	      o->f);
	for (i = 0; i < NR_CSV; i++)
		fprintf(o->f, ",%s", csv_columns[i]);
	fputs(",other\r\n", o->f);
}

/**
 * vb_audit_out_rec() - print a record (when records are printed)
 * @o: the output
 * @rec: the record
 * @meta: its vendor and whether it repeats an attempt
 */
void vb_audit_out_rec(struct vb_audit_out *o, const struct vb_audit_rec *rec,
		      const struct vb_audit_meta *meta)
{
	if (!o->events)
		return;
	if (o->fmt == VB_AUDIT_TEXT)
		text_rec(o->f, rec, meta, "");
	else if (o->fmt == VB_AUDIT_CSV)
		csv_rec(o->f, rec, meta);
	else
		json_rec(o->f, rec, meta, "record");
	o->printed++;
}

/* ---- summaries ---- */

/* The nodes of a group, most attempts first. */
static int cmp_node_counts(const void *a, const void *b)
{
	const struct vb_strmap_entry *x = *(const struct vb_strmap_entry *const *)a;
	const struct vb_strmap_entry *y = *(const struct vb_strmap_entry *const *)b;
	unsigned long nx = *(unsigned long *)x->val;
	unsigned long ny = *(unsigned long *)y->val;

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Text: at most this many nodes named on a summary line. */
#define TEXT_NODES	3

/* "vm-a 4, vm-b 2" (+N more) / {"vm-a": 4, "vm-b": 2} / "vm-a=4;vm-b=2" */
static void put_nodes(struct vb_audit_out *o, const struct vb_audit_group *g)
{
	struct vb_strmap_entry **e = vb_strmap_sorted(&g->nodes);
	size_t i;

	if (e && o->fmt == VB_AUDIT_TEXT)
		qsort(e, g->nodes.len, sizeof(*e), cmp_node_counts);
	if (o->fmt == VB_AUDIT_JSON)
		putc('{', o->f);
	for (i = 0; e && e[i]; i++) {
		if (o->fmt == VB_AUDIT_TEXT && i == TEXT_NODES) {
			fprintf(o->f, ", +%zu more", g->nodes.len - i);
			break;
		}
		if (o->fmt == VB_AUDIT_JSON) {
			json_key(o->f, e[i]->key, i);
		} else {
			fputs(i ? (o->fmt == VB_AUDIT_CSV ? ";" : ", ") : "", o->f);
			if (o->fmt == VB_AUDIT_CSV)
				vb_escape(o->f, e[i]->key, strlen(e[i]->key),
					  VB_ESC_NAME | VB_ESC_CSV);
			else
				text_value(o->f, *e[i]->key ? e[i]->key : "(none)");
			putc(o->fmt == VB_AUDIT_CSV ? '=' : ' ', o->f);
		}
		fprintf(o->f, "%lu", *(unsigned long *)e[i]->val);
	}
	if (o->fmt == VB_AUDIT_JSON)
		putc('}', o->f);
	free(e);
}

static void text_time_span(FILE *f, int64_t first, int64_t last)
{
	char a[64], b[64];

	fprintf(f, "first %s, last %s", when(first, a, sizeof(a)),
		when(last, b, sizeof(b)));
}

/* "1 node", "2 nodes" */
static void plural(FILE *f, unsigned long n, const char *one,
		   const char *more)
{
	fprintf(f, "%lu %s", n, n == 1 ? one : more);
}

/* Whether the group's records all come from a log without node names. */
static bool unnamed_only(const struct vb_audit_group *g)
{
	struct vb_strmap_entry **e;
	bool ret;

	if (g->nodes.len != 1)
		return false;
	e = vb_strmap_sorted(&g->nodes);
	ret = e && !*e[0]->key;
	free(e);
	return ret;
}

static void text_decisions(FILE *f, const struct vb_audit_count *c)
{
	fprintf(f, "%lu deny, %lu would-deny", c->deny, c->would_deny);
}

/* The other events of a node or the total. */
static void text_others(FILE *f, const struct vb_audit_count *c)
{
	fputs(", ", f);
	plural(f, c->loads, "policy load", "policy loads");
	fputs(", ", f);
	plural(f, c->modes, "mode change", "mode changes");
	fputs(", ", f);
	plural(f, c->tamper, "tamper event", "tamper events");
}

/*
 * user root (uid 0), login alice (auid 1000); for a container's summary
 * user (container: userns 4026532456, its root host uid 100000), login ?
 */
static void text_user(FILE *f, const struct vb_audit_group *g)
{
	const char *uid = g->attr[0], *uid_name = g->attr[1];
	const char *auid = g->attr[2], *auid_name = g->attr[3];
	const char *userns = g->attr[4], *userns_root = g->attr[5];

	if (userns) {
		fputs("(container: userns ", f);
		text_value(f, userns);
		fputs(", its root host uid ", f);
		text_value(f, userns_root ? userns_root : "?");
	} else {
		text_value(f, uid_name ? uid_name : uid);
		fputs(" (uid ", f);
		text_value(f, uid);
	}
	fputs("), login ", f);
	text_value(f, auid_name ? auid_name : auid);
	if (auid) {
		fputs(" (auid ", f);
		text_value(f, auid);
		putc(')', f);
	}
}

static const char *const group_names[VB_NR_GROUPS] = {
	[VB_GROUP_VENDOR] = "vendor", [VB_GROUP_RULE] = "rule",
	[VB_GROUP_FILE] = "file", [VB_GROUP_USER] = "user",
	[VB_GROUP_NODE] = "node",
};

static void text_group(struct vb_audit_out *o, enum vb_audit_group_kind kind,
		       const struct vb_audit_group *g)
{
	const struct vb_audit_count *c = &g->count;

	fprintf(o->f, "%s ", group_names[kind]);
	if (kind == VB_GROUP_USER)
		text_user(o->f, g);
	else if (kind == VB_GROUP_FILE && !*g->key)
		fputs("(none: a module image from memory)", o->f);
	else
		text_value(o->f, *g->key || kind != VB_GROUP_NODE ? g->key : "(none)");
	fputs(": ", o->f);
	text_decisions(o->f, c);
	if (kind == VB_GROUP_NODE)
		text_others(o->f, c);
	if (kind == VB_GROUP_VENDOR && c->from_issuer)
		fprintf(o->f, " (%lu named by the issuer: no signer certificate)",
			c->from_issuer);
	if (kind != VB_GROUP_NODE && !unnamed_only(g)) {
		fputs(" on ", o->f);
		plural(o->f, g->nodes.len, "node", "nodes");
		fputs(" (", o->f);
		put_nodes(o, g);
		fputs(")", o->f);
	}
	fputs(", ", o->f);
	text_time_span(o->f, c->first_ms, c->last_ms);
	putc('\n', o->f);
}

static void text_scope(FILE *f, const struct vb_audit_scope *sc)
{
	size_t i;

	fprintf(f, "read: %lu audit events%s", sc->events,
		sc->since_checkpoint ? " after the checkpoint" : "");
	if (sc->events) {
		fputs(", ", f);
		text_time_span(f, sc->first_ms, sc->last_ms);
	}
	fputs(", from ", f);
	if (sc->source)
		fprintf(f, "%s%s", sc->source, sc->nfiles ? ": " : "");
	for (i = 0; i < sc->nfiles; i++) {
		fputs(i ? ", " : "", f);
		text_value(f, sc->files[i]);
	}
	putc('\n', f);
}

static void text_tamper(struct vb_audit_out *o, const struct vb_audit_sum *sum)
{
	const struct vb_audit_count *t = &sum->total;
	const struct vb_audit_meta none = { 0 };
	size_t i;

	if (!t->tamper) {
		fputs("tamper: none\n", o->f);
		return;
	}
	fputs("tamper: ", o->f);
	plural(o->f, t->tamper, "event", "events");
	fputs(" (", o->f);
	plural(o->f, t->rejects, "rejected policy load", "rejected policy loads");
	fputs(", ", o->f);
	plural(o->f, t->locks, "lock", "locks");
	fputs(", ", o->f);
	plural(o->f, t->forced_unloads, "refused rmmod -f", "refused rmmod -f");
	fprintf(o->f, ", %lu require_signed, ", t->require_signed);
	plural(o->f, t->refused, "other refused change", "other refused changes");
	fputs(")\n", o->f);
	for (i = 0; i < sum->nr_tamper; i++)
		text_rec(o->f, &sum->tamper[i], &none, "  ");
	if (t->tamper > sum->nr_tamper)
		fprintf(o->f, "  ... %lu more (--events lists them all)\n",
			t->tamper - sum->nr_tamper);
}

static void text_total(struct vb_audit_out *o, const struct vb_audit_sum *sum)
{
	const struct vb_audit_count *t = &sum->total;

	fputs("total: ", o->f);
	plural(o->f, vb_audit_count_attempts(t), "attempt", "attempts");
	fputs(" (", o->f);
	text_decisions(o->f, t);
	fputs(") in ", o->f);
	plural(o->f, t->records, "decision record", "decision records");
	fprintf(o->f, " (%lu repeats counted by the kernel, ", t->suppressed);
	plural(o->f, t->duplicates, "duplicate record", "duplicate records");
	putc(')', o->f);
	text_others(o->f, t);
	fputs(", on ", o->f);
	plural(o->f, sum->groups[VB_GROUP_NODE].len, "node", "nodes");
	putc('\n', o->f);
}

typedef void (*group_fn)(struct vb_audit_out *o, enum vb_audit_group_kind kind,
			 const struct vb_audit_group *g);

/* Calls @fn on each group of each kind, most attempts first. */
static int each_group(struct vb_audit_out *o, const struct vb_audit_sum *sum,
		      group_fn fn)
{
	struct vb_audit_group **g;
	size_t i;
	int k;

	for (k = 0; k < VB_NR_GROUPS; k++) {
		g = vb_audit_sum_list(&sum->groups[k]);
		if (!g)
			return -ENOMEM;
		for (i = 0; g[i]; i++)
			fn(o, k, g[i]);
		free(g);
	}
	return 0;
}

static int text_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum,
			const struct vb_audit_scope *sc)
{
	if (o->printed)
		putc('\n', o->f);
	text_scope(o->f, sc);
	text_tamper(o, sum);
	text_total(o, sum);
	return each_group(o, sum, text_group);
}

static void json_time(FILE *f, const char *key, int64_t ms, bool some)
{
	char buf[64];

	json_key(f, key, true);
	vb_json_str(f, some ? when(ms, buf, sizeof(buf)) : NULL);
}

static void json_count(FILE *f, const struct vb_audit_count *c)
{
	json_num(f, "attempts", vb_audit_count_attempts(c));
	json_num(f, "deny", c->deny);
	json_num(f, "would_deny", c->would_deny);
	json_num(f, "records", c->records);
	json_num(f, "suppressed", c->suppressed);
	json_num(f, "duplicates", c->duplicates);
	json_num(f, "named_by_issuer", c->from_issuer);
	json_num(f, "policy_loads", c->loads);
	json_num(f, "mode_changes", c->modes);
	json_num(f, "tamper", c->tamper);
	json_num(f, "policy_rejects", c->rejects);
	json_num(f, "locks", c->locks);
	json_num(f, "forced_unloads", c->forced_unloads);
	json_num(f, "require_signed", c->require_signed);
	json_num(f, "refused_changes", c->refused);
	json_time(f, "first", c->first_ms, c->records || vb_audit_count_events(c));
	json_time(f, "last", c->last_ms, c->records || vb_audit_count_events(c));
}

static void json_attrs(FILE *f, enum vb_audit_group_kind kind,
		       const struct vb_audit_group *g)
{
	static const char *const rule[] = { "policy", "rule_line", "label" };
	static const char *const user[] = {
		"uid", "uid_name", "auid", "auid_name", "userns", "userns_root",
	};
	const char *const *names = kind == VB_GROUP_RULE ? rule : user;
	size_t i, n = kind == VB_GROUP_RULE ? 3 : kind == VB_GROUP_USER ? 6 : 0;

	for (i = 0; i < n; i++) {
		json_key(f, names[i], true);
		json_value(f, names[i], g->attr[i]);
	}
}

static void json_group(struct vb_audit_out *o, enum vb_audit_group_kind kind,
		       const struct vb_audit_group *g)
{
	const char *name = group_names[kind];

	putc('{', o->f);
	json_key(o->f, "kind", false);
	vb_json_str(o->f, name);
	json_key(o->f, name, true);
	vb_json_str(o->f, !*g->key && (kind == VB_GROUP_NODE ||
				       kind == VB_GROUP_FILE) ? NULL : g->key);
	json_attrs(o->f, kind, g);
	json_count(o->f, &g->count);
	if (kind != VB_GROUP_NODE) {
		json_key(o->f, "nodes", true);
		put_nodes(o, g);
	}
	fputs("}\n", o->f);
}

static int json_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum,
			const struct vb_audit_scope *sc)
{
	const struct vb_audit_meta none = { 0 };
	size_t i;

	fputs("{\"kind\": \"read\"", o->f);
	json_num(o->f, "events", sc->events);
	json_time(o->f, "first", sc->first_ms, sc->events);
	json_time(o->f, "last", sc->last_ms, sc->events);
	json_key(o->f, "since_checkpoint", true);
	fputs(sc->since_checkpoint ? "true" : "false", o->f);
	json_key(o->f, "source", true);
	vb_json_str(o->f, sc->source);
	json_key(o->f, "files", true);
	putc('[', o->f);
	for (i = 0; i < sc->nfiles; i++) {
		fputs(i ? ", " : "", o->f);
		vb_json_str(o->f, sc->files[i]);
	}
	fputs("]}\n", o->f);
	for (i = 0; i < sum->nr_tamper; i++)
		json_rec(o->f, &sum->tamper[i], &none, "tamper");
	fputs("{\"kind\": \"total\"", o->f);
	json_count(o->f, &sum->total);
	json_num(o->f, "nodes", sum->groups[VB_GROUP_NODE].len);
	fputs("}\n", o->f);
	return each_group(o, sum, json_group);
}

static const char *const csv_summary_columns =
	"group,name,policy,rule_line,label,uid,uid_name,auid,auid_name,"
	"attempts,deny,would_deny,records,suppressed,duplicates,named_by_issuer,"
	"policy_loads,mode_changes,tamper,policy_rejects,locks,forced_unloads,"
	"require_signed,refused_changes,first,last,nodes";

static void csv_num(FILE *f, unsigned long n)
{
	fprintf(f, ",%lu", n);
}

static void csv_row(struct vb_audit_out *o, const char *kind,
		    const struct vb_audit_group *g, const char *const *rule,
		    const char *const *user)
{
	const struct vb_audit_count *c = &g->count;
	char a[64], b[64];
	size_t i;

	csv_cell(o->f, kind, false);
	csv_cell(o->f, g->key, true);
	for (i = 0; i < 3; i++)
		csv_cell(o->f, rule ? rule[i] : NULL, true);
	for (i = 0; i < 4; i++)
		csv_cell(o->f, user ? user[i] : NULL, true);
	csv_num(o->f, vb_audit_count_attempts(c));
	csv_num(o->f, c->deny);
	csv_num(o->f, c->would_deny);
	csv_num(o->f, c->records);
	csv_num(o->f, c->suppressed);
	csv_num(o->f, c->duplicates);
	csv_num(o->f, c->from_issuer);
	csv_num(o->f, c->loads);
	csv_num(o->f, c->modes);
	csv_num(o->f, c->tamper);
	csv_num(o->f, c->rejects);
	csv_num(o->f, c->locks);
	csv_num(o->f, c->forced_unloads);
	csv_num(o->f, c->require_signed);
	csv_num(o->f, c->refused);
	csv_cell(o->f, when(c->first_ms, a, sizeof(a)), true);
	csv_cell(o->f, when(c->last_ms, b, sizeof(b)), true);
	fputs(",\"", o->f);
	put_nodes(o, g);
	fputs("\"\r\n", o->f);
}

static void csv_group(struct vb_audit_out *o, enum vb_audit_group_kind kind,
		      const struct vb_audit_group *g)
{
	csv_row(o, group_names[kind], g,
		kind == VB_GROUP_RULE ? (const char *const *)g->attr : NULL,
		kind == VB_GROUP_USER ? (const char *const *)g->attr : NULL);
}

static int csv_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum)
{
	struct vb_audit_group total = { .key = "", .count = sum->total };

	fprintf(o->f, "%s\r\n", csv_summary_columns);
	if (sum->total.records || vb_audit_count_events(&sum->total))
		csv_row(o, "total", &total, NULL, NULL);
	return each_group(o, sum, csv_group);
}

/**
 * vb_audit_out_end() - finish: the summary (when asked for) and flush
 * @o: the output
 * @sum: the summary of the records kept
 * @scope: what was read
 *
 * Return: 0, or a negative errno (ENOMEM, or the write error).
 */
int vb_audit_out_end(struct vb_audit_out *o, const struct vb_audit_sum *sum,
		     const struct vb_audit_scope *scope)
{
	int ret = 0;

	if (o->summary) {
		if (o->fmt == VB_AUDIT_JSON)
			ret = json_summary(o, sum, scope);
		else if (o->fmt == VB_AUDIT_TEXT)
			ret = text_summary(o, sum, scope);
		else
			ret = csv_summary(o, sum);
	}
	if (fflush(o->f) || ferror(o->f))
		return errno ? -errno : -EIO;
	return ret;
}
