// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl subuids - hand the kernel the owners of subordinate uids
 *
 * Reads /etc/subuid (NAME:START:COUNT lines, as newuidmap does: NAME a
 * user name, or a uid), resolves each name with getpwnam() and writes
 * the ranges as "OWNER START COUNT" lines to securityfs subuids: the
 * kernel then counts a process whose uid is in a range as the range's
 * owner (its audit record bound, the module form's suspicions).  The text
 * is checked first with the kernel's own parser (kmod/lib/subuids.c); a
 * bad line is reported (file, line, reason) and left out, the rest is
 * written, and the exit status is 1.  One more line is bad here than in
 * the kernel: a range over the uid of a user getpwent() lists.  The text keeps the file's line
 * numbers (a left-out, blank or comment line is a blank one), so that the
 * parser's line numbers are the file's.
 */

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "subuids.h"
#include "vendorbanctl.h"

#define SUBUID_DEFAULT	"/etc/subuid"
/* What the kernel takes as text, and so what a file may hold. */
#define SUBUID_FILE_MAX	VENDORBAN_SUBUIDS_TEXT_MAX
/* VENDORBAN_SUBUIDS_MAX as the kernel's parser writes it in a reason */
#define VB_SUBUIDS_MAX_TEXT	"16384"
_Static_assert(VENDORBAN_SUBUIDS_MAX == 16384, "VB_SUBUIDS_MAX_TEXT");

static const struct option cmdopts[] = {
	{ "check", no_argument, NULL, 'c' },
	{ "print", no_argument, NULL, 'p' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl subuids [--check|--print] [FILE]\n\n"
	       "Hands the kernel the subordinate uid ranges of FILE (default\n"
	       SUBUID_DEFAULT ", NAME:START:COUNT lines; NAME a user name or a uid):\n"
	       "vendorban then counts a process whose uid is in a range as the\n"
	       "range's owner, so that a user's subordinate uids (setuid copies\n"
	       "made in his user namespace) are not accounts of their own.  Each\n"
	       "bad line (an unknown user, a bad number, a range overlapping\n"
	       "another, holding an owner or the uid of a user of the passwd\n"
	       "database) is reported with its line and left\n"
	       "out; the others are written, and the exit status is 1.  Without\n"
	       SUBUID_DEFAULT " the set is emptied.  vendorban.service does this\n"
	       "at boot, and vendorban-subuids.path when the file changes.\n\n"
	       "Options:\n"
	       "\t-c, --check  check FILE only, write nothing\n"
	       "\t-p, --print  print the ranges as the kernel takes them instead\n"
	       "\t             of writing them\n"
	       "\t-h, --help   show this help\n");
}

/* The text being made: one line per line of the file. */
struct subuid_text {
	const char *file;
	char **lines;
	unsigned int nr;
	unsigned int bad;
};

static void bad_line(struct subuid_text *t, unsigned int line,
		     const char *reason)
{
	char *name = vb_name_text(t->file);

	ERR("%s:%u: %s\n", name ? name : "?", line, reason);
	free(name);
	t->bad++;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The uid of @name (a user, or a uid as digits), or -1 with @why set. */
static long long owner_uid(const char *name, char *why, size_t size)
{
	struct passwd *pw;
	char *shown;

	if (all_digits(name))
		return strlen(name) > 10 ? VENDORBAN_SUBUIDS_NO_UID :
		       strtoll(name, NULL, 10);
	errno = 0;
	pw = getpwnam(name);
	if (pw)
		return pw->pw_uid;
	shown = vb_name_text(name);
	snprintf(why, size, "unknown user %s%s%s", shown ? shown : "?",
		 errno ? ": " : "", errno ? strerror(errno) : "");
	free(shown);
	return -1;
}

/* Line @n of the file (NUL-terminated, no newline) as a line of text. */
static char *convert(struct subuid_text *t, unsigned int n, char *line)
{
	char *start, *count, *end, why[160], *out;
	long long owner;

	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return strdup("");
	start = strchr(line, ':');
	count = start ? strchr(start + 1, ':') : NULL;
	if (!count || strchr(count + 1, ':')) {
		bad_line(t, n, "expected NAME:START:COUNT");
		return strdup("");
	}
	*start++ = '\0';
	*count++ = '\0';
	end = count + strlen(count);
	while (end > count && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	if (!all_digits(start) || !all_digits(count)) {
		bad_line(t, n, "START and COUNT: expected decimal numbers");
		return strdup("");
	}
	owner = owner_uid(line, why, sizeof(why));
	if (owner < 0) {
		bad_line(t, n, why);
		return strdup("");
	}
	if (asprintf(&out, "%lld %s %s", owner, start, count) < 0)
		return NULL;
	return out;
}

/* Splits @buf (@len bytes) into t->lines, each converted. */
static int convert_file(struct subuid_text *t, char *buf, size_t len)
{
	char *p = buf, *nl;

	if (memchr(buf, '\0', len)) {
		bad_line(t, 1, "the file holds a NUL byte");
		return -EINVAL;
	}
	t->lines = calloc(len + 1, sizeof(*t->lines));
	if (!t->lines)
		return -ENOMEM;
	while (p < buf + len) {
		nl = memchr(p, '\n', buf + len - p);
		if (nl)
			*nl = '\0';
		t->lines[t->nr] = convert(t, t->nr + 1, p);
		if (!t->lines[t->nr++])
			return -ENOMEM;
		p = nl ? nl + 1 : buf + len;
	}
	return 0;
}

/* t->lines as one text, each ended by a newline: malloc()ed, or NULL. */
static char *join(const struct subuid_text *t, size_t *len)
{
	size_t n = 0, l;
	unsigned int i;
	char *text;

	for (i = 0; i < t->nr; i++)
		n += strlen(t->lines[i]) + 1;
	text = malloc(n + 1);
	if (!text)
		return NULL;
	for (n = 0, i = 0; i < t->nr; i++) {
		l = strlen(t->lines[i]);
		memcpy(text + n, t->lines[i], l);
		text[n + l] = '\n';
		n += l + 1;
	}
	text[n] = '\0';
	*len = n;
	return text;
}

/* A user of the passwd database. */
struct subuid_user {
	u32 uid;
	char *name;
};

/* The users getpwent() lists, by uid. */
struct subuid_users {
	struct subuid_user *v;
	size_t nr;
};

static int by_uid(const void *a, const void *b)
{
	const struct subuid_user *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

static void free_users(struct subuid_users *u)
{
	while (u->nr)
		free(u->v[--u->nr].name);
	free(u->v);
	u->v = NULL;
}

/* Every user getpwent() lists (uid, name), sorted by uid. */
static int read_users(struct subuid_users *u)
{
	struct subuid_user *v;
	struct passwd *pw;
	size_t cap = 0;

	u->v = NULL;
	u->nr = 0;
	setpwent();
	while ((pw = getpwent())) {
		if (pw->pw_uid >= VENDORBAN_SUBUIDS_NO_UID)
			continue;
		if (u->nr == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(u->v, cap * sizeof(*v));
			if (!v)
				goto nomem;
			u->v = v;
		}
		u->v[u->nr].uid = pw->pw_uid;
		u->v[u->nr].name = vb_name_text(pw->pw_name);
		if (!u->v[u->nr++].name)
			goto nomem;
	}
	endpwent();
	qsort(u->v, u->nr, sizeof(*u->v), by_uid);
	return 0;
nomem:
	endpwent();
	free_users(u);
	return -ENOMEM;
}

/* The first user of @u whose uid is in [@start, @start + @count), or NULL. */
static const struct subuid_user *user_in(const struct subuid_users *u,
					 u32 start, u32 count)
{
	size_t lo = 0, hi = u->nr, mid;

	while (lo < hi) {		/* the first uid >= start */
		mid = lo + (hi - lo) / 2;
		if (u->v[mid].uid < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < u->nr && u->v[lo].uid - start < count)
		return &u->v[lo];
	return NULL;
}

/* A range of the file, as the kernel's parser took its line alone. */
struct subuid_range {
	u32 start, count, owner;
	unsigned int line;
	bool refused;
};

static void refuse(struct subuid_text *t, struct subuid_range *r,
		   const char *reason)
{
	bad_line(t, r->line, reason);
	t->lines[r->line - 1][0] = '\0';
	r->refused = true;
}

/*
 * Each line of t->lines parsed alone by the kernel's parser (what it
 * refuses in a line, with its reason), then counted: past
 * VENDORBAN_SUBUIDS_MAX ranges a line is refused as the kernel would.
 * A range that covers a user of @users (his uid: he would count as the
 * range's owner; redteam14, RT14-2) is refused before it is counted.
 * The ranges taken go to @v (t->nr of room), *@nr of them.
 */
static int parse_each(struct subuid_text *t, const struct subuid_users *users,
		      struct subuid_range *v, unsigned int *nr)
{
	char reason[sizeof(((struct vendorban_subuids_error *)0)->reason)];
	const struct subuid_user *user;
	struct vendorban_subuids_error err;
	struct vendorban_subuids *one;
	struct subuid_range *r;
	unsigned int i;
	int ret;

	*nr = 0;
	for (i = 0; i < t->nr; i++) {
		if (!t->lines[i][0])
			continue;
		ret = vendorban_subuids_parse(t->lines[i], strlen(t->lines[i]),
					      &one, &err);
		if (ret == -EINVAL) {
			bad_line(t, i + 1, err.reason);
			t->lines[i][0] = '\0';
			continue;
		}
		if (ret)
			return ret;
		r = &v[*nr];
		*r = (struct subuid_range){ .start = one->range[0].start,
					    .count = one->range[0].count,
					    .owner = one->range[0].owner,
					    .line = i + 1 };
		vendorban_free(one);
		user = user_in(users, r->start, r->count);
		if (user) {
			snprintf(reason, sizeof(reason),
				 "the range covers uid %u (user %.40s)", user->uid,
				 user->name);
			refuse(t, r, reason);
		} else if (*nr == VENDORBAN_SUBUIDS_MAX)
			refuse(t, r, "more than " VB_SUBUIDS_MAX_TEXT " ranges");
		else
			(*nr)++;
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct subuid_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Two ranges sharing a uid: the later line is refused, as the kernel's
 * check does pair by pair, here in one sweep of @v sorted by start (a
 * range kept ends before the next one kept starts).
 */
static void refuse_overlaps(struct subuid_text *t, struct subuid_range *v,
			    unsigned int nr)
{
	struct subuid_range *a = NULL, *b, *later, *other;
	char reason[sizeof(((struct vendorban_subuids_error *)0)->reason)];
	unsigned int i;

	for (i = 0; i < nr; i++) {
		b = &v[i];
		if (b->refused)
			continue;
		if (!a || b->start - a->start >= a->count) {
			a = b;
			continue;
		}
		later = a->line > b->line ? a : b;
		other = later == a ? b : a;
		snprintf(reason, sizeof(reason),
			 "uids %u-%u overlap those of line %u", later->start,
			 later->start + later->count - 1, other->line);
		refuse(t, later, reason);
		a = other;
	}
}

/* The range of @v (sorted, no two sharing a uid) holding @uid, or NULL. */
static struct subuid_range *find_range(struct subuid_range *v,
				       unsigned int nr, u32 uid)
{
	unsigned int lo = 0, hi = nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (uid < v[mid].start)
			hi = mid;
		else if (uid - v[mid].start >= v[mid].count)
			lo = mid + 1;
		else
			return &v[mid];
	}
	return NULL;
}

/*
 * An owner that is a subordinate uid: refused, in the order of starts as
 * the kernel checks (a range refused no longer makes its uids
 * subordinate ones, so an owner in it is kept).
 */
static void refuse_owners(struct subuid_text *t, struct subuid_range *v,
			  unsigned int nr)
{
	char reason[sizeof(((struct vendorban_subuids_error *)0)->reason)];
	struct subuid_range *in;
	unsigned int i, n = 0;

	/* the ranges kept, still sorted: no two share a uid now */
	for (i = 0; i < nr; i++)
		if (!v[i].refused)
			v[n++] = v[i];
	for (i = 0; i < n; i++) {
		in = find_range(v, n, v[i].owner);
		if (!in || in->refused)
			continue;
		snprintf(reason, sizeof(reason),
			 "owner %u is a subordinate uid (line %u)", v[i].owner,
			 in->line);
		refuse(t, &v[i], reason);
	}
}

/*
 * Every line the kernel would refuse, refused in one pass (a line alone,
 * then the ranges sorted once): a file of 40,000 lines was parsed again
 * whole for each line refused, 50 s at boot (redteam14, RT14-6).
 */
static int refuse_lines(struct subuid_text *t)
{
	struct subuid_range *v = calloc(t->nr + 1, sizeof(*v));
	struct subuid_users users;
	unsigned int nr;
	int ret;

	if (!v || read_users(&users)) {
		free(v);
		return -ENOMEM;
	}
	ret = parse_each(t, &users, v, &nr);
	free_users(&users);
	if (!ret) {
		qsort(v, nr, sizeof(*v), by_start);
		refuse_overlaps(t, v, nr);
		refuse_owners(t, v, nr);
	}
	free(v);
	return ret;
}

/*
 * The set of t->lines as the kernel parses it, each line it would refuse
 * reported and left out first.  The text left is parsed whole, by the
 * kernel's parser: should it still refuse a line, that line is reported
 * and left out, and the rest parsed again.
 */
static int parse_lines(struct subuid_text *t, struct vendorban_subuids **set)
{
	struct vendorban_subuids_error err;
	size_t len;
	char *text;
	int ret;

	ret = refuse_lines(t);
	if (ret)
		return ret;
	for (;;) {
		text = join(t, &len);
		if (!text)
			return -ENOMEM;
		ret = vendorban_subuids_parse(text, len, set, &err);
		free(text);
		if (ret != -EINVAL || !err.line || err.line > t->nr)
			return ret;
		bad_line(t, err.line, err.reason);
		t->lines[err.line - 1][0] = '\0';
	}
}

/* Writes @set's canonical text and reads it back. */
static int write_set(const struct vendorban_subuids *set)
{
	size_t len = vendorban_subuids_format(set, NULL, 0), got;
	char *text = malloc(len + 2), *back = NULL;
	int ret;

	if (!text)
		return -ENOMEM;
	vendorban_subuids_format(set, text, len + 1);
	/* the empty set: a blank line (a write of 0 bytes may not reach it) */
	if (!len)
		strcpy(text, "\n");
	ret = vb_securityfs_write("subuids", text, strlen(text));
	if (ret) {
		ERR("could not write %s/subuids: %s\n", vb_securityfs_root(),
		    ret == -EINVAL ? "the kernel refused the ranges (its audit record says why)" :
		    ret == -EPERM ? "permission denied (needs CAP_MAC_ADMIN)" :
		    vb_securityfs_error(ret));
	} else if ((ret = vb_securityfs_read("subuids", &back, &got))) {
		ERR("could not read %s/subuids back: %s\n", vb_securityfs_root(),
		    vb_securityfs_error(ret));
	} else if (strcmp(back, text) && (len || got)) {
		/* the empty set reads back empty, or (a plain file) as written */
		ERR("the ranges read back from %s/subuids are not those written\n",
		    vb_securityfs_root());
		ret = -EIO;
	}
	free(back);
	free(text);
	return ret;
}

/* Reads @file into @t; a missing default file is an empty one. */
static int read_source(struct subuid_text *t, bool named)
{
	char *buf, *shown;
	size_t len;
	int ret;

	ret = vb_read_file_max(t->file, SUBUID_FILE_MAX, &buf, &len);
	if (ret == -ENOENT && !named)
		return 0;
	if (ret) {
		shown = vb_name_text(t->file);
		ERR("could not read %s: %s\n", shown ? shown : "?",
		    ret == -EFBIG ? "over the kernel's limit on the text" :
		    strerror(-ret));
		free(shown);
		return ret;
	}
	ret = convert_file(t, buf, len);
	free(buf);
	return ret;
}

static void free_text(struct subuid_text *t)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		free(t->lines[i]);
	free(t->lines);
}

/* Reads, checks and (unless @check) writes or (@print) prints. */
static int subuids(struct subuid_text *t, bool named, bool check, bool print)
{
	struct vendorban_subuids *set = NULL;
	int ret;

	ret = read_source(t, named);
	if (!ret)
		ret = parse_lines(t, &set);
	if (ret == -E2BIG)
		ERR("%s: too long for the kernel once converted\n", t->file);
	if (ret)
		return VB_EXIT_FAILURE;
	if (print) {
		size_t len = vendorban_subuids_format(set, NULL, 0);
		char *text = malloc(len + 1);

		if (text) {
			vendorban_subuids_format(set, text, len + 1);
			fputs(text, stdout);
		}
		free(text);
	} else if (!check) {
		if (write_set(set)) {
			vendorban_free(set);
			return VB_EXIT_FAILURE;
		}
		printf("subuids: %u range%s in force%s\n", set->nr,
		       set->nr == 1 ? "" : "s",
		       t->bad ? " (bad lines left out)" : "");
	}
	vendorban_free(set);
	return t->bad ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

static int do_subuids(int argc, char *argv[])
{
	struct subuid_text t = { .file = SUBUID_DEFAULT };
	bool check = false, print = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "cph", cmdopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			check = true;
			break;
		case 'p':
			print = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (check && print)
		return vb_usage_error("subuids", "--check and --print exclude each other");
	if (optind + 1 < argc)
		return vb_usage_error("subuids", "expected at most one FILE");
	if (optind < argc)
		t.file = argv[optind];
	ret = subuids(&t, optind < argc, check, print);
	free_text(&t);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_subuids = {
	.name = "subuids",
	.run = do_subuids,
	.help = "hand the kernel the owners of subordinate uids (/etc/subuid)",
};
