// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - audit records and summaries as text, JSON or CSV
 *
 * Paths, comm, rule labels and certificate names in the log are chosen by
 * whoever wrote the file or made the certificate.  Printed, they must not
 * forge a line, a field or a terminal sequence, nor run as a spreadsheet
 * formula: text and CSV escape control bytes, C1 controls and invalid
 * UTF-8 as \xNN (so one record is always one line); JSON escapes control
 * characters and replaces invalid UTF-8 with U+FFFD; a CSV cell starting
 * with = + - @ gets a leading ' (OWASP's advice for CSV injection).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auditout.h"

/* Columns of the CSV record table: every field of every record type. */
static const char *const csv_columns[] = {
	"op", "decision", "enforcement", "rule_action", "policy", "rule_line",
	"label", "pid", "comm", "path", "dev", "ino", "reason", "signature",
	"signer_subject", "signer_issuer", "signer_serial", "signer_fpr",
	"old_name", "old_version", "old_digest", "new_name", "new_version",
	"new_digest", "rules", "old_mode", "new_mode", "locked", "auid", "ses",
	"res",
};

/*
 * The length of the printable UTF-8 character at @p (valid, shortest form,
 * not a surrogate or C1 control, at most U+10FFFF), or 0.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned int cp, n, i;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

enum esc { ESC_BARE, ESC_QUOTED, ESC_CSV };

/*
 * @s with unsafe bytes as \xNN.  ESC_QUOTED writes '"' and '\\' with a
 * backslash before them; ESC_CSV doubles '"' and writes '\\' as \x5c (so
 * that \xNN stays unambiguous); ESC_BARE writes '\\' as \x5c.
 */
static void put_escaped(FILE *f, const char *s, enum esc esc)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		n = utf8_len(p);
		if (!n || *p == '\\') {
			if (*p == '\\' && esc == ESC_QUOTED)
				fputs("\\\\", f);
			else
				fprintf(f, "\\x%02x", *p);
			p++;
			continue;
		}
		if (*p == '"' && esc != ESC_BARE)
			putc(esc == ESC_CSV ? '"' : '\\', f);
		fwrite(p, 1, n, f);
		p += n;
	}
}

/* A text value: bare when it is plain ASCII without spaces, else quoted. */
static void text_value(FILE *f, const char *s)
{
	const char *p;

	if (!s) {
		putc('?', f);
		return;
	}
	for (p = s; *p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	if (*s && !*p && strcmp(s, "?")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	put_escaped(f, s, ESC_QUOTED);
	putc('"', f);
}

/*
 * A JSON string (RFC 8259): control characters (C0 and C1) escaped,
 * invalid UTF-8 replaced by U+FFFD.  NULL is null.
 */
static void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	while (*p) {
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p++);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fprintf(f, "\\u%04x", p[1]);
			p += 2;
		} else if ((n = utf8_len(p))) {
			fwrite(p, 1, n, f);
			p += n;
		} else {
			fputs("\\ufffd", f);
			p++;
		}
	}
	putc('"', f);
}

static void json_key(FILE *f, const char *key, bool comma)
{
	if (comma)
		fputs(", ", f);
	json_str(f, key);
	fputs(": ", f);
}

/* A CSV cell (RFC 4180), escaped as text and safe from formulas. */
static void csv_cell(FILE *f, const char *s, bool comma)
{
	if (comma)
		putc(',', f);
	if (!s)
		return;
	putc('"', f);
	if (s[0] && strchr("=+-@", s[0]))
		putc('\'', f);
	put_escaped(f, s, ESC_CSV);
	putc('"', f);
}

/* Local time: "2026-03-01 12:30:05.123", or RFC 3339 with @iso. */
static const char *fmt_time(int64_t ms, bool iso, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	char zone[8];
	struct tm tm;
	size_t n;

	if (!localtime_r(&t, &tm) ||
	    !(n = strftime(buf, size, iso ? "%Y-%m-%dT%H:%M:%S" :
			   "%Y-%m-%d %H:%M:%S", &tm))) {
		snprintf(buf, size, "@%lld", (long long)(ms / 1000));
		return buf;
	}
	snprintf(buf + n, size - n, ".%03d", (int)(ms % 1000));
	if (iso && strftime(zone, sizeof(zone), "%z", &tm) == 5) {
		n = strlen(buf);
		snprintf(buf + n, size - n, "%.3s:%s", zone, zone + 3);
	}
	return buf;
}

static void text_rec(FILE *f, const struct vb_audit_rec *rec,
		     const char *vendor)
{
	char when[64];
	unsigned int i;

	fprintf(f, "%s", fmt_time(rec->ms, false, when, sizeof(when)));
	if (rec->node) {
		fputs(" node=", f);
		text_value(f, rec->node);
	}
	fprintf(f, " serial=%lu type=%s", rec->serial,
		vb_audit_type_name(rec->type));
	for (i = 0; i < rec->nfields; i++) {
		if (!strcmp(rec->fields[i].name, "lsm"))
			continue;
		putc(' ', f);
		put_escaped(f, rec->fields[i].name, ESC_BARE);
		putc('=', f);
		text_value(f, rec->fields[i].value);
	}
	if (vendor) {
		fputs(" vendor=", f);
		text_value(f, vendor);
	}
	putc('\n', f);
}

static void json_rec(FILE *f, const struct vb_audit_rec *rec,
		     const char *vendor)
{
	char when[64];
	unsigned int i;

	putc('{', f);
	json_key(f, "time", false);
	json_str(f, fmt_time(rec->ms, true, when, sizeof(when)));
	json_key(f, "epoch", true);
	fprintf(f, "%lld.%03d", (long long)(rec->ms / 1000), (int)(rec->ms % 1000));
	json_key(f, "serial", true);
	fprintf(f, "%lu", rec->serial);
	json_key(f, "node", true);
	json_str(f, rec->node);
	json_key(f, "type", true);
	json_str(f, vb_audit_type_name(rec->type));
	for (i = 0; i < rec->nfields; i++) {
		json_key(f, rec->fields[i].name, true);
		json_str(f, rec->fields[i].value);
	}
	if (vendor) {
		json_key(f, "vendor", true);
		json_str(f, vendor);
	}
	putc('}', f);
}

static void csv_rec(FILE *f, const struct vb_audit_rec *rec,
		    const char *vendor)
{
	char when[64], num[32];
	size_t i;

	csv_cell(f, fmt_time(rec->ms, true, when, sizeof(when)), false);
	snprintf(num, sizeof(num), "%lld.%03d", (long long)(rec->ms / 1000),
		 (int)(rec->ms % 1000));
	csv_cell(f, num, true);
	csv_cell(f, rec->node, true);
	snprintf(num, sizeof(num), "%lu", rec->serial);
	csv_cell(f, num, true);
	csv_cell(f, vb_audit_type_name(rec->type), true);
	csv_cell(f, vendor, true);
	for (i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
		csv_cell(f, vb_audit_get(rec, csv_columns[i]), true);
	fputs("\r\n", f);
}

/* Starts the output: the JSON object, or the CSV header of the records. */
void vb_audit_out_begin(struct vb_audit_out *o)
{
	size_t i;

	if (o->fmt == VB_AUDIT_JSON) {
		fputs("{", o->f);
		if (o->events)
			fputs("\"events\": [", o->f);
	} else if (o->fmt == VB_AUDIT_CSV && o->events) {
		fputs("time,epoch,node,serial,type,vendor", o->f);
		for (i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
			fprintf(o->f, ",%s", csv_columns[i]);
		fputs("\r\n", o->f);
	}
}

/**
 * vb_audit_out_rec() - print a record (when records are printed)
 * @o: the output
 * @rec: the record
 * @vendor: its vendor, or NULL when it is not a decision
 */
void vb_audit_out_rec(struct vb_audit_out *o, const struct vb_audit_rec *rec,
		      const char *vendor)
{
	if (!o->events)
		return;
	if (o->fmt == VB_AUDIT_TEXT) {
		text_rec(o->f, rec, vendor);
	} else if (o->fmt == VB_AUDIT_CSV) {
		csv_rec(o->f, rec, vendor);
	} else {
		fputs(o->printed ? ",\n  " : "\n  ", o->f);
		json_rec(o->f, rec, vendor);
	}
	o->printed++;
}

/* "vm-a 4, vm-b 2" / {"vm-a": 4, "vm-b": 2} / "vm-a=4;vm-b=2" */
static void put_nodes(struct vb_audit_out *o, const struct vb_audit_group *g)
{
	struct vb_strmap_entry **e = vb_strmap_sorted(&g->nodes);
	size_t i;

	if (o->fmt == VB_AUDIT_JSON)
		putc('{', o->f);
	for (i = 0; e && e[i]; i++) {
		if (o->fmt == VB_AUDIT_JSON) {
			json_key(o->f, *e[i]->key ? e[i]->key : "", i);
		} else {
			fputs(i ? (o->fmt == VB_AUDIT_CSV ? ";" : ", ") : "", o->f);
			if (o->fmt == VB_AUDIT_CSV)
				put_escaped(o->f, e[i]->key, ESC_BARE);
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

	fprintf(f, "first %s, last %s", fmt_time(first, false, a, sizeof(a)),
		fmt_time(last, false, b, sizeof(b)));
}

/* "1 node", "2 nodes" */
static void plural(FILE *f, unsigned long n, const char *word)
{
	fprintf(f, "%lu %s%s", n, word, n == 1 ? "" : "s");
}

/* The counts other than decisions. */
static void text_others(FILE *f, const struct vb_audit_count *c)
{
	plural(f, c->loads, "policy load");
	fputs(", ", f);
	plural(f, c->rejects, "rejected load");
	fputs(", ", f);
	plural(f, c->modes, "mode change");
	fputs(", ", f);
	plural(f, c->locks, "lock");
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

static void text_group(struct vb_audit_out *o, const char *kind,
		       const struct vb_audit_group *g)
{
	const struct vb_audit_count *c = &g->count;

	fprintf(o->f, "%s ", kind);
	text_value(o->f, *g->key || strcmp(kind, "node") ? g->key : "(none)");
	fprintf(o->f, ": %lu deny, %lu would-deny", c->deny, c->would_deny);
	if (strcmp(kind, "node")) {
		if (!unnamed_only(g)) {
			fputs(" on ", o->f);
			plural(o->f, g->nodes.len, "node");
			fputs(" (", o->f);
			put_nodes(o, g);
			fputs(")", o->f);
		}
	} else {
		fputs(", ", o->f);
		text_others(o->f, c);
	}
	fputs(", ", o->f);
	text_time_span(o->f, c->first_ms, c->last_ms);
	putc('\n', o->f);
}

static void text_scope(FILE *f, const struct vb_audit_scope *sc)
{
	size_t i;

	fprintf(f, "read: %lu audit events", sc->events);
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

typedef void (*group_fn)(struct vb_audit_out *o, const char *kind,
			 const struct vb_audit_group *g, bool first);

/* Calls @fn on each group of @map, most records first. */
static int each_group(struct vb_audit_out *o, const char *kind,
		      const struct vb_strmap *map, group_fn fn)
{
	struct vb_audit_group **g = vb_audit_sum_list(map);
	size_t i;

	if (!g)
		return -ENOMEM;
	for (i = 0; g[i]; i++)
		fn(o, kind, g[i], !i);
	free(g);
	return 0;
}

static void text_group_fn(struct vb_audit_out *o, const char *kind,
			  const struct vb_audit_group *g, bool first)
{
	(void)first;
	text_group(o, kind, g);
}

static int text_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum,
			const struct vb_audit_scope *sc)
{
	const struct vb_audit_count *t = &sum->total;

	if (o->printed)
		putc('\n', o->f);
	text_scope(o->f, sc);
	fputs("total: ", o->f);
	plural(o->f, t->deny + t->would_deny, "decision");
	fprintf(o->f, " (%lu deny, %lu would-deny), ", t->deny, t->would_deny);
	text_others(o->f, t);
	fputs(", on ", o->f);
	plural(o->f, sum->nodes.len, "node");
	putc('\n', o->f);
	if (each_group(o, "vendor", &sum->vendors, text_group_fn) ||
	    each_group(o, "rule", &sum->rules, text_group_fn) ||
	    each_group(o, "node", &sum->nodes, text_group_fn))
		return -ENOMEM;
	return 0;
}

static void json_num(FILE *f, const char *key, unsigned long n)
{
	json_key(f, key, true);
	fprintf(f, "%lu", n);
}

static void json_time(FILE *f, const char *key, int64_t ms, bool some)
{
	char buf[64];

	json_key(f, key, true);
	json_str(f, some ? fmt_time(ms, true, buf, sizeof(buf)) : NULL);
}

static void json_count(FILE *f, const struct vb_audit_count *c, bool all)
{
	bool some = c->deny + c->would_deny + c->loads + c->rejects +
		    c->modes + c->locks;

	json_num(f, "deny", c->deny);
	json_num(f, "would_deny", c->would_deny);
	if (all) {
		json_num(f, "policy_loads", c->loads);
		json_num(f, "policy_rejects", c->rejects);
		json_num(f, "mode_changes", c->modes);
		json_num(f, "locks", c->locks);
	}
	json_time(f, "first", c->first_ms, some);
	json_time(f, "last", c->last_ms, some);
}

static void json_group_fn(struct vb_audit_out *o, const char *kind,
			  const struct vb_audit_group *g, bool first)
{
	bool is_node = !strcmp(kind, "node");

	fputs(first ? "\n    {" : ",\n    {", o->f);
	json_key(o->f, kind, false);
	json_str(o->f, is_node && !*g->key ? NULL : g->key);
	if (g->policy) {
		json_key(o->f, "policy", true);
		json_str(o->f, g->policy);
		json_key(o->f, "rule_line", true);
		json_str(o->f, g->line);
		json_key(o->f, "label", true);
		json_str(o->f, g->label);
	}
	json_count(o->f, &g->count, is_node);
	if (!is_node) {
		json_key(o->f, "nodes", true);
		put_nodes(o, g);
	}
	putc('}', o->f);
}

static int json_list(struct vb_audit_out *o, const char *name,
		     const char *kind, const struct vb_strmap *map)
{
	int ret;

	fputs(",\n  ", o->f);
	json_key(o->f, name, false);
	putc('[', o->f);
	ret = each_group(o, kind, map, json_group_fn);
	fputs(map->len ? "\n  ]" : "]", o->f);
	return ret;
}

static int json_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum,
			const struct vb_audit_scope *sc)
{
	size_t i;

	if (o->events)
		fputs(o->printed ? "\n], " : "], ", o->f);
	json_key(o->f, "summary", false);
	fputs("{\n  \"read\": {\"events\": ", o->f);
	fprintf(o->f, "%lu", sc->events);
	json_time(o->f, "first", sc->first_ms, sc->events);
	json_time(o->f, "last", sc->last_ms, sc->events);
	json_key(o->f, "source", true);
	json_str(o->f, sc->source);
	json_key(o->f, "files", true);
	putc('[', o->f);
	for (i = 0; i < sc->nfiles; i++) {
		fputs(i ? ", " : "", o->f);
		json_str(o->f, sc->files[i]);
	}
	fputs("]},\n  \"total\": {\"decisions\": ", o->f);
	fprintf(o->f, "%lu", sum->total.deny + sum->total.would_deny);
	json_count(o->f, &sum->total, true);
	json_num(o->f, "nodes", sum->nodes.len);
	putc('}', o->f);
	if (json_list(o, "by_vendor", "vendor", &sum->vendors) ||
	    json_list(o, "by_rule", "rule", &sum->rules) ||
	    json_list(o, "by_node", "node", &sum->nodes))
		return -ENOMEM;
	fputs("\n}", o->f);
	return 0;
}

static const char *const csv_summary_columns =
	"group,name,policy,rule_line,label,deny,would_deny,policy_loads,policy_rejects,mode_changes,locks,first,last,nodes";

static void csv_num(FILE *f, unsigned long n)
{
	fprintf(f, ",%lu", n);
}

static void csv_group_fn(struct vb_audit_out *o, const char *kind,
			 const struct vb_audit_group *g, bool first)
{
	const struct vb_audit_count *c = &g->count;
	char a[64], b[64];

	(void)first;
	csv_cell(o->f, kind, false);
	csv_cell(o->f, g->key, true);
	csv_cell(o->f, g->policy, true);
	csv_cell(o->f, g->line, true);
	csv_cell(o->f, g->label, true);
	csv_num(o->f, c->deny);
	csv_num(o->f, c->would_deny);
	csv_num(o->f, c->loads);
	csv_num(o->f, c->rejects);
	csv_num(o->f, c->modes);
	csv_num(o->f, c->locks);
	csv_cell(o->f, fmt_time(c->first_ms, true, a, sizeof(a)), true);
	csv_cell(o->f, fmt_time(c->last_ms, true, b, sizeof(b)), true);
	fputs(",\"", o->f);
	put_nodes(o, g);
	fputs("\"\r\n", o->f);
}

static int csv_summary(struct vb_audit_out *o, const struct vb_audit_sum *sum)
{
	struct vb_audit_group total = { .key = "", .count = sum->total };

	fprintf(o->f, "%s\r\n", csv_summary_columns);
	if (total.count.deny + total.count.would_deny + total.count.loads +
	    total.count.rejects + total.count.modes + total.count.locks)
		csv_group_fn(o, "total", &total, true);
	if (each_group(o, "vendor", &sum->vendors, csv_group_fn) ||
	    each_group(o, "rule", &sum->rules, csv_group_fn) ||
	    each_group(o, "node", &sum->nodes, csv_group_fn))
		return -ENOMEM;
	return 0;
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

	if (o->fmt == VB_AUDIT_JSON) {
		if (o->summary)
			ret = json_summary(o, sum, scope);
		else
			fputs(o->printed ? "\n]" : "]", o->f);
		fputs("}\n", o->f);
	} else if (o->fmt == VB_AUDIT_TEXT && o->summary) {
		ret = text_summary(o, sum, scope);
	} else if (o->fmt == VB_AUDIT_CSV && o->summary) {
		ret = csv_summary(o, sum);
	}
	if (fflush(o->f) || ferror(o->f))
		return errno ? -errno : -EIO;
	return ret;
}
