// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - which audit records an auditor asked for
 *
 * Times are read in the process's time zone: the command sets UTC, as it
 * prints times, unless --local-time (then TZ, as ausearch reads them).
 * An ISO 8601 time with its offset ("2026-03-01T12:30:05.123+01:00", or
 * "Z"), as the output prints them, means that moment wherever it is read.
 * A time without an offset names a period at its own precision: "2026-03-01" is that day,
 * "2026-03-01 12:30" that minute, "this-week" the week from Monday.  A
 * --since bound is the period's first millisecond, an --until bound its
 * last, so "--since yesterday --until yesterday" is all of yesterday.
 */

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auditfilter.h"

enum unit { U_MS, U_SEC, U_MIN, U_DAY, U_WEEK, U_MONTH, U_YEAR };

/* Local-time formats, most precise first. */
static const struct {
	const char *fmt;
	enum unit unit;
} time_formats[] = {
	{ "%Y-%m-%d %H:%M:%S", U_SEC }, { "%Y-%m-%dT%H:%M:%S", U_SEC },
	{ "%Y-%m-%d %H:%M", U_MIN }, { "%Y-%m-%dT%H:%M", U_MIN },
	{ "%Y-%m-%d", U_DAY },
};

/* Adds one @unit to @tm (normalised by mktime). */
static void tm_add(struct tm *tm, enum unit unit)
{
	switch (unit) {
	case U_SEC:
		tm->tm_sec++;
		break;
	case U_MIN:
		tm->tm_min++;
		break;
	case U_DAY:
		tm->tm_mday++;
		break;
	case U_WEEK:
		tm->tm_mday += 7;
		break;
	case U_MONTH:
		tm->tm_mon++;
		break;
	case U_YEAR:
		tm->tm_year++;
		break;
	case U_MS:
		break;
	}
}

/* The first (or with @end the last) millisecond of the period at @tm. */
static int period(struct tm *tm, enum unit unit, bool end, int64_t *ms)
{
	time_t t;

	tm->tm_isdst = -1;
	if (end)
		tm_add(tm, unit);
	t = mktime(tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*ms = (int64_t)t * 1000 - (end ? 1 : 0);
	return 0;
}

/* today, yesterday, week-ago, this-week, this-month, this-year */
static int keyword_period(const char *text, time_t now, bool end,
			  int64_t *ms)
{
	struct tm tm;
	enum unit unit = U_DAY;

	if (!localtime_r(&now, &tm))
		return -EINVAL;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (!strcmp(text, "yesterday")) {
		tm.tm_mday--;
	} else if (!strcmp(text, "week-ago")) {
		tm.tm_mday -= 7;
	} else if (!strcmp(text, "this-week")) {
		tm.tm_mday -= (tm.tm_wday + 6) % 7;	/* back to Monday */
		unit = U_WEEK;
	} else if (!strcmp(text, "this-month")) {
		tm.tm_mday = 1;
		unit = U_MONTH;
	} else if (!strcmp(text, "this-year")) {
		tm.tm_mday = 1;
		tm.tm_mon = 0;
		unit = U_YEAR;
	} else if (strcmp(text, "today")) {
		return -EINVAL;
	}
	return period(&tm, unit, end, ms);
}

/* -N followed by s, m, h, d or w: that long before @now. */
static int relative(const char *text, time_t now, int64_t *ms)
{
	static const char units[] = "smhdw";
	static const long secs[] = { 1, 60, 3600, 86400, 604800 };
	const char *u;
	char *rest;
	long n;

	errno = 0;
	n = strtol(text + 1, &rest, 10);
	if (errno || rest == text + 1 || n < 0 || !*rest || rest[1])
		return -EINVAL;
	u = strchr(units, *rest);
	if (!u || n > 100L * 366 * 86400 / secs[u - units])
		return -EINVAL;
	*ms = ((int64_t)now - n * secs[u - units]) * 1000;
	return 0;
}

/* @SECONDS[.mmm] since the epoch */
static int epoch(const char *text, bool end, int64_t *ms)
{
	long long sec;
	char *rest;
	int64_t frac = 0, scale = 100;

	errno = 0;
	sec = strtoll(text + 1, &rest, 10);
	if (errno || rest == text + 1 || sec < 0 || sec > 1LL << 40)
		return -EINVAL;
	if (*rest == '.') {
		for (rest++; *rest >= '0' && *rest <= '9' && scale; rest++) {
			frac += (*rest - '0') * scale;
			scale /= 10;
		}
	} else if (end) {
		frac = 999;
	}
	if (*rest)
		return -EINVAL;
	*ms = sec * 1000 + frac;
	return 0;
}

/*
 * The offset at the end of @text ("Z", "+HH:MM", "-HHMM"): its length,
 * with *@secs set to seconds east of UTC; 0 if there is none.
 */
static size_t utc_offset(const char *text, long *secs)
{
	size_t len = strlen(text), n;
	const char *p;
	int hh, mm;

	if (len && text[len - 1] == 'Z') {
		*secs = 0;
		return 1;
	}
	for (n = 5; n <= 6; n++) {
		if (len <= n)
			continue;
		p = text + len - n;
		if ((*p != '+' && *p != '-') ||
		    (n == 6 ? sscanf(p + 1, "%2d:%2d", &hh, &mm) :
			      sscanf(p + 1, "%2d%2d", &hh, &mm)) != 2 ||
		    strspn(p + 1, "0123456789:") != n - 1 || hh > 23 || mm > 59)
			continue;
		*secs = (hh * 3600L + mm * 60) * (*p == '-' ? -1 : 1);
		return n;
	}
	return 0;
}

/* YYYY-MM-DDTHH:MM[:SS[.mmm]] with an offset: that very moment. */
static int with_offset(const char *text, bool end, int64_t *ms)
{
	char buf[64];
	const char *rest;
	int64_t frac = 0, scale = 100;
	size_t n;
	long off;
	struct tm tm;
	time_t t;

	n = utc_offset(text, &off);
	if (!n || strlen(text) - n >= sizeof(buf))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%.*s", (int)(strlen(text) - n), text);
	memset(&tm, 0, sizeof(tm));
	rest = strptime(buf, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest) {
		memset(&tm, 0, sizeof(tm));
		rest = strptime(buf, "%Y-%m-%dT%H:%M", &tm);
		if (rest && end)
			frac = 59999;	/* the minute's last millisecond */
	} else if (*rest == '.') {
		for (rest++; *rest >= '0' && *rest <= '9' && scale; rest++) {
			frac += (*rest - '0') * scale;
			scale /= 10;
		}
	} else if (end) {
		frac = 999;
	}
	if (!rest || *rest)
		return -EINVAL;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -EINVAL;
	*ms = ((int64_t)t - off) * 1000 + frac;
	return 0;
}

/* HH:MM[:SS] today, or a date with an optional time */
static int absolute(const char *text, time_t now, bool end, int64_t *ms)
{
	struct tm tm;
	const char *rest;
	size_t i;

	if (!with_offset(text, end, ms))
		return 0;
	for (i = 0; i < sizeof(time_formats) / sizeof(time_formats[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		rest = strptime(text, time_formats[i].fmt, &tm);
		if (rest && !*rest)
			return period(&tm, time_formats[i].unit, end, ms);
	}
	if (!localtime_r(&now, &tm))
		return -EINVAL;
	tm.tm_sec = 0;
	rest = strptime(text, "%H:%M:%S", &tm);
	if (rest && !*rest)
		return period(&tm, U_SEC, end, ms);
	rest = strptime(text, "%H:%M", &tm);
	if (rest && !*rest)
		return period(&tm, U_MIN, end, ms);
	return -EINVAL;
}

/**
 * vb_audit_time() - read a --since or --until time
 * @text: now, recent (10 minutes ago), today, yesterday, week-ago (the
 *	day a week ago), this-week,
 *	this-month, this-year, -N{s,m,h,d,w} (that long ago), @EPOCH[.mmm],
 *	YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (or with a T), HH:MM[:SS] (today),
 *	or YYYY-MM-DDTHH:MM[:SS[.mmm]] followed by Z or +HH:MM (a moment)
 * @end: an --until bound (the period's last millisecond)
 * @now: the current time
 * @ms: set to milliseconds since the epoch
 *
 * Return: 0, or -EINVAL when @text is none of these.
 */
int vb_audit_time(const char *text, bool end, time_t now, int64_t *ms)
{
	if (!strcmp(text, "now")) {
		*ms = (int64_t)now * 1000 + (end ? 999 : 0);
		return 0;
	}
	if (!strcmp(text, "recent")) {
		*ms = ((int64_t)now - 600) * 1000;
		return 0;
	}
	if (text[0] == '-')
		return relative(text, now, ms);
	if (text[0] == '@')
		return epoch(text, end, ms);
	if (text[0] >= '0' && text[0] <= '9')
		return absolute(text, now, end, ms);
	return keyword_period(text, now, end, ms);
}

/* Adds @value (not copied) to @list; 0 or -ENOMEM. */
int vb_audit_list_add(struct vb_audit_list *list, const char *value)
{
	const char **v = realloc(list->v, (list->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[list->n++] = value;
	list->v = v;
	return 0;
}

/* Frees the lists of @f (not the values, which belong to argv). */
void vb_audit_filter_free(struct vb_audit_filter *f)
{
	free(f->signers.v);
	free(f->rules.v);
	free(f->paths.v);
	free(f->nodes.v);
}

static bool any_signer(const struct vb_audit_list *l,
		       const struct vb_audit_rec *rec, const char *vendor)
{
	const char *subject = vb_audit_get(rec, "signer_subject");
	const char *issuer = vb_audit_get(rec, "signer_issuer");
	const char *fpr = vb_audit_get(rec, "signer_fpr");
	size_t i;

	for (i = 0; i < l->n; i++) {
		if ((subject && strcasestr(subject, l->v[i])) ||
		    (issuer && strcasestr(issuer, l->v[i])) ||
		    (fpr && strcasestr(fpr, l->v[i])) ||
		    strcasestr(vendor, l->v[i]))
			return true;
	}
	return false;
}

/* LABEL, LINE, POLICY:LINE or "default" (also POLICY:default) */
static bool rule_is(const char *want, const struct vb_audit_rec *rec)
{
	const char *label = vb_audit_get(rec, "label");
	const char *line = vb_audit_get(rec, "rule_line");
	const char *policy = vb_audit_get(rec, "policy");
	const char *colon = strrchr(want, ':');

	if (label && !strcmp(want, label))
		return true;
	if (!line)
		return false;
	if (!colon)
		return !strcmp(want, line);
	return policy && strlen(policy) == (size_t)(colon - want) &&
	       !strncmp(want, policy, colon - want) && !strcmp(colon + 1, line);
}

/* A glob pattern, else the path itself or anything below it. */
static bool path_is(const char *want, const char *path)
{
	size_t len = strlen(want);

	if (strpbrk(want, "*?["))
		return !fnmatch(want, path, 0);
	while (len > 1 && want[len - 1] == '/')
		len--;
	return !strncmp(want, path, len) &&
	       (!path[len] || path[len] == '/' || want[len - 1] == '/');
}

static bool any_rule(const struct vb_audit_list *l,
		     const struct vb_audit_rec *rec)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (rule_is(l->v[i], rec))
			return true;
	return false;
}

static bool any_path(const struct vb_audit_list *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->n && path; i++)
		if (path_is(l->v[i], path))
			return true;
	return false;
}

static bool any_node(const struct vb_audit_list *l, const char *node)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], node ? node : ""))
			return true;
	return false;
}

/**
 * vb_audit_filter_match() - whether a record is wanted
 * @f: the filter
 * @rec: the record
 * @vendor: the record's vendor (vb_audit_vendor())
 *
 * Return: true to keep @rec.
 */
bool vb_audit_filter_match(const struct vb_audit_filter *f,
			   const struct vb_audit_rec *rec, const char *vendor)
{
	bool decision = rec->type == VB_AUDIT_DECISION;

	if ((f->has_since && rec->ms < f->since_ms) ||
	    (f->has_until && rec->ms > f->until_ms))
		return false;
	if (f->nodes.n && !any_node(&f->nodes, rec->node))
		return false;
	if ((f->signers.n || f->rules.n || f->paths.n) && !decision)
		return false;
	if (f->signers.n && !any_signer(&f->signers, rec, vendor))
		return false;
	if (f->rules.n && !any_rule(&f->rules, rec))
		return false;
	return !f->paths.n || any_path(&f->paths, vb_audit_get(rec, "path"));
}
