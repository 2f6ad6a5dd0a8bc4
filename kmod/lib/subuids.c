// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - subordinate uid ranges: parse, look up, print
 *
 * One parser for the kernel's securityfs file and vendorbanctl subuids
 * (which checks the text it makes from /etc/subuid before writing it), so
 * that the tool refuses what the kernel would, with the same reason.
 */

#include "compat.h"

#ifndef __KERNEL__
#include <stdio.h>
#endif

#include "subuids.h"

/* The set being parsed and where the text is. */
struct subuids_parser {
	const char *p;
	const char *end;
	unsigned int line;
	struct vendorban_subuids *set;
	struct vendorban_subuids_error *err;
};

static int fail(struct vendorban_subuids_error *err, unsigned int line,
		const char *reason)
{
	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s", reason);
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(struct subuids_parser *ps)
{
	while (ps->p < ps->end && is_blank(*ps->p))
		ps->p++;
}

/* One decimal uid (at most VENDORBAN_SUBUIDS_NO_UID - 1) into @v. */
static int parse_uid(struct subuids_parser *ps, const char *what, u32 *v)
{
	u64 n = 0;
	const char *start;
	char reason[64];

	skip_blanks(ps);
	start = ps->p;
	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
		n = n * 10 + (u64)(*ps->p++ - '0');
		if (n >= VENDORBAN_SUBUIDS_NO_UID)
			break;
	}
	if (ps->p == start) {
		snprintf(reason, sizeof(reason), "%s: expected a decimal number", what);
		return fail(ps->err, ps->line, reason);
	}
	if (n >= VENDORBAN_SUBUIDS_NO_UID) {
		snprintf(reason, sizeof(reason), "%s: over 4294967294", what);
		return fail(ps->err, ps->line, reason);
	}
	if (ps->p < ps->end && !is_blank(*ps->p) && *ps->p != '\n') {
		snprintf(reason, sizeof(reason), "%s: expected a decimal number", what);
		return fail(ps->err, ps->line, reason);
	}
	*v = (u32)n;
	return 0;
}

/* One "OWNER START COUNT" line, the text after it at ps->p. */
static int parse_range(struct subuids_parser *ps)
{
	struct vendorban_subuid_range r = { .line = ps->line };
	int ret;

	ret = parse_uid(ps, "owner", &r.owner);
	if (!ret)
		ret = parse_uid(ps, "start", &r.start);
	if (!ret)
		ret = parse_uid(ps, "count", &r.count);
	if (ret)
		return ret;
	skip_blanks(ps);
	if (ps->p < ps->end && *ps->p != '\n')
		return fail(ps->err, ps->line,
			    "expected three numbers: owner start count");
	if (!r.count)
		return fail(ps->err, ps->line, "count: 0 uids");
	/* root in a user's range would count as that user (redteam13 RT13-5) */
	if (!r.start)
		return fail(ps->err, ps->line, "the range covers uid 0 (root)");
	if ((u64)r.start + r.count > VENDORBAN_SUBUIDS_NO_UID)
		return fail(ps->err, ps->line,
			    "the range goes past uid 4294967294");
	if (ps->set->nr == VENDORBAN_SUBUIDS_MAX)
		return fail(ps->err, ps->line, "more than 16384 ranges");
	ps->set->range[ps->set->nr++] = r;
	return 0;
}

/* Each line: blank, a comment ('#' first) or a range. */
static int parse_lines(struct subuids_parser *ps)
{
	const char *nul;
	int ret;

	nul = memchr(ps->p, '\0', ps->end - ps->p);
	if (nul)
		ps->end = nul + 1;
	for (ps->line = 1; ps->p < ps->end; ps->line++) {
		skip_blanks(ps);
		if (ps->p < ps->end && *ps->p == '\0')
			return fail(ps->err, ps->line, "a NUL byte");
		if (ps->p < ps->end && *ps->p == '#') {
			ps->p = memchr(ps->p, '\n', ps->end - ps->p);
			if (!ps->p)
				break;
		} else if (ps->p < ps->end && *ps->p != '\n') {
			ret = parse_range(ps);
			if (ret)
				return ret;
		}
		ps->p++;
		vendorban_cond_resched();
	}
	return 0;
}

/* Shell sort by start: a few thousand ranges, no recursion. */
static void sort_ranges(struct vendorban_subuids *set)
{
	static const u32 gaps[] = { 1750, 701, 301, 132, 57, 23, 10, 4, 1 };
	struct vendorban_subuid_range t;
	u32 g, i, j, gap;

	for (g = 0; g < ARRAY_SIZE(gaps); g++) {
		gap = gaps[g];
		for (i = gap; i < set->nr; i++) {
			t = set->range[i];
			for (j = i; j >= gap && set->range[j - gap].start > t.start;
			     j -= gap)
				set->range[j] = set->range[j - gap];
			set->range[j] = t;
		}
		vendorban_cond_resched();
	}
}

/* The range holding @uid, or NULL: a binary search of the sorted set. */
static const struct vendorban_subuid_range *
find(const struct vendorban_subuids *set, u32 uid)
{
	u32 lo = 0, hi = set->nr, mid;
	const struct vendorban_subuid_range *r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &set->range[mid];
		if (uid < r->start)
			hi = mid;
		else if (uid - r->start >= r->count)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/*
 * Sorted: no two ranges share a uid, and no owner is a subordinate uid
 * (one step maps a uid to its account: a chain would make an owner's
 * own uid another's, and who is whose depend on the order of lookups).
 */
static int check_set(const struct vendorban_subuids *set,
		     struct vendorban_subuids_error *err)
{
	const struct vendorban_subuid_range *a, *b;
	char reason[sizeof(err->reason)];
	u32 i;

	for (i = 1; i < set->nr; i++) {
		a = &set->range[i - 1];
		b = &set->range[i];
		if (b->start - a->start >= a->count)
			continue;
		if (a->line > b->line) {	/* the later line is refused */
			a = b;
			b = &set->range[i - 1];
		}
		snprintf(reason, sizeof(reason),
			 "uids %u-%u overlap those of line %u", b->start,
			 b->start + b->count - 1, a->line);
		return fail(err, b->line, reason);
	}
	for (i = 0; i < set->nr; i++) {
		a = &set->range[i];
		b = find(set, a->owner);
		if (b) {
			snprintf(reason, sizeof(reason),
				 "owner %u is a subordinate uid (line %u)",
				 a->owner, b->line);
			return fail(err, a->line, reason);
		}
	}
	return 0;
}

/* Ranges at most: one per line of the text, VENDORBAN_SUBUIDS_MAX + 1. */
static u32 lines_in(const char *text, size_t len)
{
	u32 n = 1;
	size_t i;

	for (i = 0; i < len && n <= VENDORBAN_SUBUIDS_MAX; i++)
		n += text[i] == '\n';
	return n;
}

/**
 * vendorban_subuids_parse() - the set of ranges a text describes
 * @text: lines "OWNER START COUNT" (decimal, blanks between), blank lines
 *        and comment lines ('#' first); not NUL-terminated
 * @len: its length, at most %VENDORBAN_SUBUIDS_TEXT_MAX
 * @out: set to the set, sorted (free it with vendorban_free()); the empty
 *       set for a text of no ranges
 * @err: on -EINVAL, the line and the reason
 *
 * Refused: a line that is not three numbers, a number over 4294967294, a
 * count of 0, a range past uid 4294967294, more than
 * %VENDORBAN_SUBUIDS_MAX ranges, two ranges sharing a uid, an owner that
 * is in a range, a NUL byte.
 *
 * Context: process context, may sleep (kernel).
 * Return: 0, -EINVAL (@err says why), -E2BIG for a longer text, -ENOMEM.
 */
int vendorban_subuids_parse(const char *text, size_t len,
			    struct vendorban_subuids **out,
			    struct vendorban_subuids_error *err)
{
	struct subuids_parser ps = { .p = text, .end = text + len, .err = err };
	u32 max;
	int ret;

	*out = NULL;
	if (len > VENDORBAN_SUBUIDS_TEXT_MAX) {
		fail(err, 0, "the text is too long");
		return -E2BIG;
	}
	max = lines_in(text, len);
	if (max > VENDORBAN_SUBUIDS_MAX)
		max = VENDORBAN_SUBUIDS_MAX;
	ps.set = vendorban_alloc(sizeof(*ps.set) + max * sizeof(ps.set->range[0]));
	if (!ps.set)
		return -ENOMEM;
	ps.set->nr = 0;
	ret = parse_lines(&ps);
	if (!ret) {
		sort_ranges(ps.set);
		ret = check_set(ps.set, err);
	}
	if (ret) {
		vendorban_free(ps.set);
		return ret;
	}
	*out = ps.set;
	return 0;
}

/**
 * vendorban_subuids_owner() - whose subordinate uid is @uid?
 * @set: the set (may be NULL: none)
 * @uid: a uid of the initial user namespace
 * @owner: set to the account @uid counts as when it is in a range: the
 *         range's owner, or for a range root owns the range's first uid
 *
 * Root's subordinate uids are its containers' (LXD and Incus take them
 * from /etc/subuid's root line): a tenant's setuid copy run on the host
 * is a process of one of them, which must not be root's own account
 * (records past no bound, suspicions never charged: redteam14 RT14-1).
 * Such a range is an account of its own, named by its first uid.
 *
 * Context: any; a binary search, no lock, no allocation.
 * Return: true if @uid is in a range of @set.
 */
bool vendorban_subuids_owner(const struct vendorban_subuids *set, u32 uid,
			     u32 *owner)
{
	const struct vendorban_subuid_range *r;

	if (!set)
		return false;
	r = find(set, uid);
	if (!r)
		return false;
	*owner = r->owner ? r->owner : r->start;
	return true;
}

/**
 * vendorban_subuids_format() - the canonical text of a set
 * @set: the set
 * @buf: where it goes, NUL-terminated (the lines that fit); NULL to
 *       measure
 * @size: @buf's size
 *
 * One "OWNER START COUNT" line per range, by START; nothing for the empty
 * set.  The parser takes it back unchanged.
 *
 * Return: its length (without the NUL), whatever @size.
 */
size_t vendorban_subuids_format(const struct vendorban_subuids *set,
				char *buf, size_t size)
{
	char line[VENDORBAN_SUBUIDS_LINE_MAX + 1];
	size_t n = 0, put = 0, l;
	u32 i;

	for (i = 0; set && i < set->nr; i++) {
		l = (size_t)snprintf(line, sizeof(line), "%u %u %u\n",
				     set->range[i].owner, set->range[i].start,
				     set->range[i].count);
		if (buf && put == n && n + l < size) {
			memcpy(buf + n, line, l);
			put += l;
		}
		n += l;
	}
	if (buf && size)
		buf[put] = '\0';
	return n;
}
