// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - policy parser and canonical form
 *
 * Reads the text format of docs/policy-format.md into a struct
 * vendorban_policy, renders its canonical text and builds its index.  The
 * input is untrusted and not NUL-terminated; every read is bounded by the
 * length of the current line.
 *
 * Where the format leaves room, the strict reading is taken:
 * - columns count bytes, from 1;
 * - the whole text must be valid UTF-8 (comments included), without NUL
 *   bytes or carriage returns;
 * - blank lines may hold spaces and tabs, and lines may start and end with
 *   blanks;
 * - strings may not be empty;
 * - hex either has a ':' between every byte pair or none at all;
 * - a serial is 1 to 64 bytes as written (before leading zero bytes are
 *   dropped); a serial of only zero bytes is written "00";
 * - a cert, ca or chain-cert argument must be exactly one certificate, no
 *   trailing bytes;
 * - which selectors "allow" may use, and each selector's argument, are
 *   the selector table's (kmod/lib/selector.c);
 * - a chain-cert line takes no label;
 * - errors that concern the whole text (a missing line) have line 0,
 *   column 0.
 */

#include "policy.h"
#include "policy_index.h"
#include "selector.h"

#define TOKEN_SHOWN	32
/* Memory for values, labels and certificates comes in chunks this big. */
#define ARENA_CHUNK	(64 * 1024)
/* Labels and issuer DNs seen lately, to share one copy (a power of 2). */
#define INTERN_SLOTS	1024
/* Yield the CPU every this many lines. */
#define RESCHED_LINES	4096

/**
 * struct vendorban_arena - one chunk of a policy's memory
 * @next: the chunk before this one
 * @used: bytes of @data handed out
 * @size: bytes in @data
 * @data: the memory
 */
struct vendorban_arena {
	struct vendorban_arena *next;
	size_t used;
	size_t size;
	u8 data[];
};

/**
 * struct parser - state of one parse
 * @text: the whole text
 * @len: its length
 * @next: offset in @text of the line after the current one
 * @line: first byte of the current line
 * @line_len: its length, without the newline
 * @pos: cursor in the current line
 * @lineno: 1-based number of the current line
 * @err: where errors go
 * @policy: the policy being built
 * @cap: number of rules @policy->rules has room for
 * @chain_cap: number of entries @policy->chain_certs has room for
 * @have_default: a default line was seen
 * @have_writable: a writable line was seen
 * @have_unverifiable: an unverifiable line was seen
 * @have_userns_mounts: a userns-mounts line was seen
 * @have_memory_modules: a memory-modules line was seen
 * @interned: labels and issuer DNs seen lately, by hash
 */
struct parser {
	const char *text;
	size_t len;
	size_t next;
	const char *line;
	size_t line_len;
	size_t pos;
	unsigned int lineno;
	struct vendorban_parse_error *err;
	struct vendorban_policy *policy;
	unsigned int cap;
	unsigned int chain_cap;
	bool have_default;
	bool have_writable;
	bool have_unverifiable;
	bool have_userns_mounts;
	bool have_memory_modules;
	const char **interned;
};

/* One blank-separated word of the current line. */
struct token {
	const char *p;
	size_t len;
	unsigned int col;
};

static const char *const action_names[] = {
	[VENDORBAN_ACTION_ALLOW] = "allow",
	[VENDORBAN_ACTION_DENY] = "deny",
	[VENDORBAN_ACTION_AUDIT] = "audit",
};

/**
 * vendorban_action_name() - the policy keyword of an action
 * @action: the action
 *
 * Return: "allow", "deny" or "audit"; "?" for an invalid value.
 */
const char *vendorban_action_name(enum vendorban_action action)
{
	if ((unsigned int)action >= ARRAY_SIZE(action_names))
		return "?";
	return action_names[action];
}

/* ---- memory ---- */

/*
 * @n bytes (rounded up to 8) that live as long as @pol.  Large requests
 * get a chunk of their own, behind the one being filled.
 */
static void *arena_alloc(struct vendorban_policy *pol, size_t n)
{
	struct vendorban_arena *a = pol->arena, *big;

	n = (n + 7) & ~(size_t)7;
	if (n > ARENA_CHUNK / 4) {
		big = vendorban_alloc(sizeof(*big) + n);
		if (!big)
			return NULL;
		big->size = n;
		big->used = n;
		big->next = a ? a->next : NULL;
		if (a)
			a->next = big;
		else
			pol->arena = big;
		return big->data;
	}
	if (!a || a->size - a->used < n) {
		a = vendorban_alloc(ARENA_CHUNK);
		if (!a)
			return NULL;
		a->size = ARENA_CHUNK - sizeof(*a);
		a->used = 0;
		a->next = pol->arena;
		pol->arena = a;
	}
	a->used += n;
	return a->data + a->used - n;
}

/* Gives back @ptr, the last small allocation from @pol's arena. */
static void arena_trim(struct vendorban_policy *pol, void *ptr)
{
	struct vendorban_arena *a = pol->arena;

	if (a && (u8 *)ptr >= a->data && (u8 *)ptr <= a->data + a->used)
		a->used = (u8 *)ptr - a->data;
}

static void arena_free(struct vendorban_arena *a)
{
	struct vendorban_arena *next;

	for (; a; a = next) {
		next = a->next;
		vendorban_free(a);
	}
}

/* The slot in @p->interned for the string @s of @len bytes. */
static const char **intern_slot(struct parser *p, const char *s, size_t len)
{
	u32 hash = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (u8)s[i]) * 16777619u;
	return &p->interned[hash & (INTERN_SLOTS - 1)];
}

static bool slot_holds(const char *const *slot, const char *s, size_t len)
{
	return *slot && strlen(*slot) == len && !memcmp(*slot, s, len);
}

/* A shared copy of the @len bytes at @s (no NUL among them), or NULL. */
static const char *intern(struct parser *p, const char *s, size_t len)
{
	const char **slot = intern_slot(p, s, len);
	char *copy;

	if (slot_holds(slot, s, len))
		return *slot;
	copy = arena_alloc(p->policy, len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	*slot = copy;
	return copy;
}

/*
 * @s, just allocated from the arena, or the copy of it seen lately (then
 * @s is given back).
 */
static char *intern_new(struct parser *p, char *s, size_t len)
{
	const char **slot = intern_slot(p, s, len);

	if (slot_holds(slot, s, len)) {
		arena_trim(p->policy, s);
		return (char *)*slot;
	}
	*slot = s;
	return s;
}

/* ---- error reasons, built without printf: always bounded ---- */

static void reason_add(struct vendorban_parse_error *err, const char *s,
		       size_t n)
{
	size_t have = strlen(err->reason);
	size_t room = sizeof(err->reason) - 1 - have;

	if (n > room)
		n = room;
	memcpy(err->reason + have, s, n);
	err->reason[have + n] = '\0';
}

static void reason_str(struct vendorban_parse_error *err, const char *s)
{
	reason_add(err, s, strlen(s));
}

/* Appends untrusted bytes: shortened, non-printable bytes shown as '?'. */
static void reason_tok(struct vendorban_parse_error *err, const char *p,
		       size_t len)
{
	size_t i;
	char c;

	for (i = 0; i < len && i < TOKEN_SHOWN; i++) {
		c = p[i];
		if (c < 0x20 || c > 0x7e)
			c = '?';
		reason_add(err, &c, 1);
	}
	if (len > TOKEN_SHOWN)
		reason_str(err, "...");
}

static void reason_uint(struct vendorban_parse_error *err, unsigned long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	reason_add(err, buf + i, sizeof(buf) - i);
}

/* Starts an error at @col of the current line; the caller may append. */
static int fail(struct parser *p, size_t col, const char *reason)
{
	p->err->line = p->lineno;
	p->err->column = col;
	p->err->reason[0] = '\0';
	reason_str(p->err, reason);
	return -EINVAL;
}

/* "<pre>'<token>'<post>" */
static int fail_tok(struct parser *p, const struct token *t, const char *pre,
		    const char *post)
{
	fail(p, t->col, pre);
	reason_str(p->err, "'");
	reason_tok(p->err, t->p, t->len);
	reason_str(p->err, "'");
	reason_str(p->err, post);
	return -EINVAL;
}

static int fail_whole(struct parser *p, const char *reason)
{
	fail(p, 0, reason);
	p->err->line = 0;
	return -EINVAL;
}

/* ---- lines and tokens ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static size_t utf8_seq(const u8 *s, size_t n)
{
	size_t len, i;
	u32 c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)))
		return 0;
	if (len == 4 && (c < 0x10000 || c > 0x10ffff))
		return 0;
	return len;
}

/* Rejects NUL, CR and invalid UTF-8 anywhere in the current line. */
static int check_line(struct parser *p)
{
	const u8 *s = (const u8 *)p->line;
	size_t i = 0, n;

	while (i < p->line_len) {
		if (s[i] == '\0')
			return fail(p, i + 1, "nul byte");
		if (s[i] == '\r')
			return fail(p, i + 1,
				    "carriage return: lines must end in a bare newline");
		n = utf8_seq(s + i, p->line_len - i);
		if (!n)
			return fail(p, i + 1, "invalid utf-8");
		i += n;
	}
	return 0;
}

static void skip_blanks(struct parser *p)
{
	while (p->pos < p->line_len && is_blank(p->line[p->pos]))
		p->pos++;
}

/*
 * Lines are scanned 8 bytes at a time (a load is one word where the
 * kernel's memchr() is a loop over bytes): a word with none of the bytes
 * looked for is passed over whole.
 */
#define WORD_ONES	0x0101010101010101ull
#define WORD_HIGHS	0x8080808080808080ull

static u64 load_word(const u8 *s)
{
	u64 w;

	memcpy(&w, s, sizeof(w));
	return w;
}

/* Nonzero if a byte of @w is 0 (as a test only: which bytes is not exact). */
static u64 word_has_zero(u64 w)
{
	return (w - WORD_ONES) & ~w & WORD_HIGHS;
}

/* The high bit of each byte of @w that is 0, exactly. */
static u64 word_zero_bytes(u64 w)
{
	return ~(((w & ~WORD_HIGHS) + ~WORD_HIGHS) | w) & WORD_HIGHS;
}

/*
 * line_end() - the length of the line at @s
 * @s: its first byte
 * @n: the bytes left in the text
 * @plain: set to whether the line is ASCII without NUL or CR (then
 *         check_line() has nothing to refuse)
 *
 * Return: the offset of its newline, or @n if it has none.
 */
static size_t line_end(const u8 *s, size_t n, bool *plain)
{
	size_t i = 0;
	u64 w;

	*plain = true;
	for (; i + sizeof(w) <= n; i += sizeof(w)) {
		w = load_word(s + i);
		if ((w & WORD_HIGHS) || word_has_zero(w) ||
		    word_has_zero(w ^ (WORD_ONES * '\n')) ||
		    word_has_zero(w ^ (WORD_ONES * '\r')))
			break;
	}
	for (; i < n; i++) {
		if (s[i] == '\n')
			return i;
		if (!s[i] || s[i] == '\r' || s[i] >= 0x80)
			*plain = false;
	}
	return n;
}

/**
 * next_line() - load the next line that is neither blank nor a comment
 * @p: parser
 *
 * Return: 1 when a line is loaded, 0 at the end of the text, or -EINVAL.
 */
static int next_line(struct parser *p)
{
	size_t left;
	bool plain;
	int ret;

	while (p->next < p->len) {
		p->line = p->text + p->next;
		left = p->len - p->next;
		p->line_len = line_end((const u8 *)p->line, left, &plain);
		p->next += p->line_len + (p->line_len < left ? 1 : 0);
		p->pos = 0;
		if (!(++p->lineno % RESCHED_LINES))
			vendorban_cond_resched();
		if (!plain) {
			ret = check_line(p);
			if (ret)
				return ret;
		}
		skip_blanks(p);
		if (p->pos < p->line_len && p->line[p->pos] != '#')
			return 1;
	}
	return 0;
}

/* Reads the next blank-separated word; false at the end of the line. */
static bool next_word(struct parser *p, struct token *t)
{
	skip_blanks(p);
	t->p = p->line + p->pos;
	t->col = p->pos + 1;
	while (p->pos < p->line_len && !is_blank(p->line[p->pos]))
		p->pos++;
	t->len = p->line + p->pos - t->p;
	return t->len != 0;
}

/* Column just past the last byte of the line, for "missing ..." errors. */
static size_t eol_col(const struct parser *p)
{
	return p->line_len + 1;
}

static bool tok_is(const struct token *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->p, s, t->len);
}

/* The line must hold nothing more. */
static int expect_end(struct parser *p)
{
	struct token t;

	if (next_word(p, &t))
		return fail_tok(p, &t, "unexpected ", "");
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A policy name or label: 1 to 64 characters of A-Z a-z 0-9 . _ - */
static bool valid_name(const char *s, size_t len)
{
	size_t i;

	if (!len || len > VENDORBAN_NAME_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if (!name_char(s[i]))
			return false;
	}
	return true;
}

/* Decimal 0..4294967295, no sign, no leading zero. */
static bool parse_u32(const struct token *t, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (!t->len || t->len > 10 || (t->len > 1 && t->p[0] == '0'))
		return false;
	for (i = 0; i < t->len; i++) {
		if (t->p[i] < '0' || t->p[i] > '9')
			return false;
		v = v * 10 + (t->p[i] - '0');
	}
	if (v > 0xffffffffu)
		return false;
	*out = v;
	return true;
}

/* ---- arguments ---- */

/* Each hex digit's value plus one; 0 for every other byte. */
static const u8 hex_plus_one[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['A'] = 11, 12, 13, 14, 15, 16,
	['a'] = 11, 12, 13, 14, 15, 16,
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Checks the hex syntax of @t; returns the digit count or -EINVAL. */
static long hex_digits(struct parser *p, const struct token *t)
{
	int colons = -1;
	size_t i = 0;
	long n = 0;
	bool c;

	while (i < t->len) {
		if (hex_value(t->p[i]) < 0) {
			if (t->p[i] == ':')
				return fail(p, t->col + i, "misplaced ':' in hex");
			fail(p, t->col + i, "invalid hex digit '");
			reason_tok(p->err, t->p + i, 1);
			reason_str(p->err, "'");
			return -EINVAL;
		}
		i++;
		n++;
		if (n % 2 || i == t->len)
			continue;
		c = t->p[i] == ':';
		if (colons >= 0 && colons != c)
			return fail(p, t->col + i,
				    "hex must have ':' between all byte pairs or none");
		colons = c;
		if (c && ++i == t->len)
			return fail(p, t->col + i - 1, "misplaced ':' in hex");
	}
	if (n % 2)
		return fail(p, t->col, "odd number of hex digits");
	return n;
}

/* Bytes hex_plain() decodes in one pass (a digest, a serial, a key id). */
#define HEX_PLAIN_ONE_PASS	64

/*
 * The common case of parse_hex(), at the cursor: digits without ':', an
 * even number of them within the limits, then a blank or the end of the
 * line.  Decodes them into a new buffer @out (NULL if memory ran out) and
 * returns true; false, having read nothing, for anything else (which
 * parse_hex() then reads or reports).  An argument of at most
 * %HEX_PLAIN_ONE_PASS bytes is checked and decoded in one pass.
 */
static bool hex_plain(struct parser *p, size_t min, size_t max, u8 **out,
		      size_t *out_len)
{
	const u8 *s = (const u8 *)p->line + p->pos;
	size_t left = p->line_len - p->pos, n = 0, k;
	u8 buf[HEX_PLAIN_ONE_PASS], hi, lo;

	if (max <= sizeof(buf)) {
		for (; n + 1 < left && n / 2 < max; n += 2) {
			hi = hex_plus_one[s[n]];
			lo = hex_plus_one[s[n + 1]];
			if (!hi || !lo)
				break;
			buf[n / 2] = (hi - 1) << 4 | (lo - 1);
		}
	} else {
		while (n < left && hex_plus_one[s[n]])
			n++;
	}
	if ((n < left && !is_blank(s[n])) || n % 2 || n / 2 < min ||
	    n / 2 > max || !n)
		return false;
	*out = arena_alloc(p->policy, n / 2);
	if (!*out)
		return true;
	if (max <= sizeof(buf))
		memcpy(*out, buf, n / 2);
	for (k = 0; max > sizeof(buf) && k < n / 2; k++)
		(*out)[k] = (hex_plus_one[s[2 * k]] - 1) << 4 |
			    (hex_plus_one[s[2 * k + 1]] - 1);
	*out_len = n / 2;
	p->pos += n;
	return true;
}

/**
 * parse_hex() - read a hex argument into a new buffer
 * @p: parser
 * @what: the argument's name in errors ("fingerprint", "skid", ...)
 * @min: fewest bytes allowed
 * @max: most bytes allowed
 * @out: set to the new buffer (allocated even for the checks to be simple)
 * @out_len: set to the number of bytes
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
static int parse_hex(struct parser *p, const char *what, size_t min,
		     size_t max, u8 **out, size_t *out_len)
{
	struct token t;
	size_t i, k;
	long n;

	skip_blanks(p);
	if (hex_plain(p, min, max, out, out_len))
		return *out ? 0 : -ENOMEM;
	if (!next_word(p, &t)) {
		fail(p, eol_col(p), "missing ");
		reason_str(p->err, what);
		return -EINVAL;
	}
	n = hex_digits(p, &t);
	if (n < 0)
		return n;
	if ((size_t)n / 2 < min || (size_t)n / 2 > max) {
		fail(p, t.col, what);
		reason_str(p->err, " needs ");
		reason_uint(p->err, 2 * min);
		if (max != min) {
			reason_str(p->err, " to ");
			reason_uint(p->err, 2 * max);
		}
		reason_str(p->err, " hex digits, got ");
		reason_uint(p->err, n);
		return -EINVAL;
	}
	*out = arena_alloc(p->policy, n / 2);
	if (!*out)
		return -ENOMEM;
	for (i = 0, k = 0; k < (size_t)n / 2; k++) {
		if (t.p[i] == ':')
			i++;
		(*out)[k] = hex_value(t.p[i]) << 4 | hex_value(t.p[i + 1]);
		i += 2;
	}
	*out_len = n / 2;
	return 0;
}

/* Checks a quoted string at the cursor; returns its decoded length. */
static long string_length(struct parser *p, size_t start)
{
	size_t i = start + 1;
	long n = 0;
	u8 c;

	for (;;) {
		if (i == p->line_len)
			return fail(p, start + 1, "unterminated string");
		c = p->line[i];
		if (c == '"')
			break;
		if (c == '\\') {
			if (i + 1 == p->line_len)
				return fail(p, start + 1, "unterminated string");
			if (p->line[i + 1] != '"' && p->line[i + 1] != '\\') {
				fail(p, i + 1, "invalid escape '\\");
				reason_tok(p->err, p->line + i + 1, 1);
				reason_str(p->err,
					   "' in string: only \\\" and \\\\ exist");
				return -EINVAL;
			}
			i++;
		} else if (c < 0x20 || c == 0x7f || (c == 0xc2 &&
			   (u8)p->line[i + 1] >= 0x80 &&
			   (u8)p->line[i + 1] <= 0x9f)) {
			/* C0, DEL and C1 (U+0080..U+009F, UTF-8 c2 80..9f) */
			return fail(p, i + 1, "control character in string");
		}
		i++;
		n++;
	}
	if (i + 1 < p->line_len && !is_blank(p->line[i + 1]))
		return fail(p, i + 2, "expected a blank after the string");
	if (!n)
		return fail(p, start + 1, "empty string");
	if (n > VENDORBAN_STRING_MAX) {
		fail(p, start + 1, "string longer than ");
		reason_uint(p->err, VENDORBAN_STRING_MAX);
		reason_str(p->err, " bytes");
		return -EINVAL;
	}
	return n;
}

/**
 * parse_string() - read a quoted string argument into a new buffer
 * @p: parser
 * @what: the argument's name for a "missing" error
 * @out: set to the new NUL-terminated buffer
 * @out_len: set to the string length, NUL excluded
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
static int parse_string(struct parser *p, const char *what, char **out,
			size_t *out_len)
{
	size_t start, i, k;
	long n;

	skip_blanks(p);
	start = p->pos;
	if (start == p->line_len) {
		fail(p, eol_col(p), "missing ");
		reason_str(p->err, what);
		return -EINVAL;
	}
	if (p->line[start] != '"')
		return fail(p, start + 1, "expected a quoted string");
	n = string_length(p, start);
	if (n < 0)
		return n;
	*out = arena_alloc(p->policy, n + 1);
	if (!*out)
		return -ENOMEM;
	for (i = start + 1, k = 0; k < (size_t)n; k++) {
		if (p->line[i] == '\\')
			i++;
		(*out)[k] = p->line[i++];
	}
	(*out)[n] = '\0';
	*out_len = n;
	p->pos = i + 1;
	return 0;
}

/* ---- header and default ---- */

static int parse_format_line(struct parser *p)
{
	struct token t;
	u32 format;

	if (!next_word(p, &t) || !tok_is(&t, "vendorban-policy"))
		return fail(p, t.col, "expected 'vendorban-policy 1' header");
	if (!next_word(p, &t) || !parse_u32(&t, &format))
		return fail(p, t.col, "expected 'vendorban-policy 1' header");
	if (format != VENDORBAN_POLICY_FORMAT) {
		fail(p, t.col, "unsupported policy format ");
		reason_uint(p->err, format);
		return -EINVAL;
	}
	return expect_end(p);
}

static int parse_name_line(struct parser *p)
{
	struct token t;

	if (!next_word(p, &t) || !tok_is(&t, "name"))
		return fail(p, t.col, "expected 'name' line");
	if (!next_word(p, &t))
		return fail(p, eol_col(p), "missing policy name");
	if (!valid_name(t.p, t.len))
		return fail(p, t.col,
			    "policy name must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
	memcpy(p->policy->name, t.p, t.len);
	p->policy->name[t.len] = '\0';
	return expect_end(p);
}

static int parse_version_line(struct parser *p)
{
	struct token t;

	if (!next_word(p, &t) || !tok_is(&t, "version"))
		return fail(p, t.col, "expected 'version' line");
	if (!next_word(p, &t))
		return fail(p, eol_col(p), "missing policy version");
	if (!parse_u32(&t, &p->policy->version))
		return fail_tok(p, &t, "invalid version ",
				": use 0 to 4294967295, no sign or leading zero");
	return expect_end(p);
}

/**
 * parse_header() - read the three header lines
 * @p: parser, before the first line
 *
 * Return: 0 or -EINVAL.
 */
static int parse_header(struct parser *p)
{
	static const char *const missing[] = {
		"expected 'vendorban-policy 1' header",
		"missing 'name' line",
		"missing 'version' line",
	};
	int (*const step[])(struct parser *p) = {
		parse_format_line, parse_name_line, parse_version_line,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(step); i++) {
		ret = next_line(p);
		if (ret < 0)
			return ret;
		if (!ret)
			return fail_whole(p, missing[i]);
		ret = step[i](p);
		if (ret)
			return ret;
	}
	return 0;
}

/* The rest of a "default" line, @t being the keyword. */
static int parse_default(struct parser *p, const struct token *kw)
{
	struct token t;

	if (p->have_default)
		return fail(p, kw->col, "duplicate 'default' line");
	p->have_default = true;
	if (!next_word(p, &t))
		return fail(p, eol_col(p), "missing default action: use 'allow' or 'deny'");
	if (tok_is(&t, "allow"))
		p->policy->default_action = VENDORBAN_ACTION_ALLOW;
	else if (tok_is(&t, "deny"))
		p->policy->default_action = VENDORBAN_ACTION_DENY;
	else
		return fail_tok(p, &t, "default must be 'allow' or 'deny', got ",
				"");
	return expect_end(p);
}

/* ---- rules ---- */

/* Index of @t in @names, or -1. */
static int keyword(const struct token *t, const char *const *names,
		   unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (tok_is(t, names[i]))
			return i;
	}
	return -1;
}

/*
 * The rest of a setting line ("writable", "unverifiable", "userns-mounts"
 * or "memory-modules", @kw being the keyword): one action into *@action,
 * at most once (*@seen).
 */
static int parse_setting(struct parser *p, const struct token *kw,
			 const char *name, bool *seen,
			 enum vendorban_action *action)
{
	struct token t;
	int i;

	if (*seen) {
		fail(p, kw->col, "duplicate '");
		reason_str(p->err, name);
		reason_str(p->err, "' line");
		return -EINVAL;
	}
	*seen = true;
	if (!next_word(p, &t)) {
		fail(p, eol_col(p), "missing ");
		reason_str(p->err, name);
		reason_str(p->err, " action: use 'allow', 'deny' or 'audit'");
		return -EINVAL;
	}
	i = keyword(&t, action_names, ARRAY_SIZE(action_names));
	if (i < 0) {
		fail(p, t.col, name);
		reason_str(p->err, " must be 'allow', 'deny' or 'audit', got '");
		reason_tok(p->err, t.p, t.len);
		reason_str(p->err, "'");
		return -EINVAL;
	}
	*action = i;
	return expect_end(p);
}

/*
 * The lines from the current one to the end: the rules array is sized
 * once, the first time, and grows only if that was not enough.
 */
static unsigned int lines_left(const struct parser *p)
{
	const u8 *s = (const u8 *)p->line, *end = (const u8 *)p->text + p->len;
	size_t n = 0;

	for (; end - s >= 8 && n < VENDORBAN_POLICY_MAX_RULES; s += 8)
		n += (word_zero_bytes(load_word(s) ^ (WORD_ONES * '\n')) >> 7) *
		     WORD_ONES >> 56;
	for (; s < end && n < VENDORBAN_POLICY_MAX_RULES; s++)
		n += *s == '\n';
	/* the last line may have no newline */
	if (p->line < p->text + p->len && p->text[p->len - 1] != '\n')
		n++;
	return n < VENDORBAN_POLICY_MAX_RULES ? n : VENDORBAN_POLICY_MAX_RULES;
}

/* Appends a rule to the policy: zeroed, without a label. */
static struct vendorban_rule *new_rule(struct parser *p)
{
	struct vendorban_policy *pol = p->policy;
	struct vendorban_rule *rules;
	unsigned int cap;

	if (pol->nr_rules == p->cap) {
		cap = p->cap ? 2 * p->cap : lines_left(p) + 1;
		if (cap > VENDORBAN_POLICY_MAX_RULES)
			cap = VENDORBAN_POLICY_MAX_RULES;
		rules = vendorban_alloc(cap * sizeof(*rules));
		if (!rules)
			return NULL;
		if (pol->nr_rules)
			memcpy(rules, pol->rules, pol->nr_rules * sizeof(*rules));
		vendorban_free(pol->rules);
		pol->rules = rules;
		p->cap = cap;
	}
	memset(&pol->rules[pol->nr_rules], 0, sizeof(*pol->rules));
	pol->rules[pol->nr_rules].label = "";
	return &pol->rules[pol->nr_rules++];
}

/*
 * A hex DER certificate into a new buffer @der, parsed into @cert; @info
 * gives its name and length limits.
 */
static int parse_cert_arg(struct parser *p,
			  const struct vendorban_selector_info *info,
			  u8 **der, size_t *len, struct vendorban_cert *cert)
{
	size_t col;
	int ret;

	skip_blanks(p);
	col = p->pos + 1;
	ret = parse_hex(p, info->hex_what, info->min_len, info->max_len, der,
			len);
	if (ret)
		return ret;
	ret = vendorban_x509_parse(*der, *len, cert);
	if (ret) {
		fail(p, col, "cannot parse certificate (error ");
		reason_uint(p->err, -ret);
		reason_str(p->err, ")");
		return -EINVAL;
	}
	if (cert->der.data != *der || cert->der.len != *len)
		return fail(p, col, "trailing bytes after the certificate");
	return 0;
}

static int parse_issuer_serial(struct parser *p,
			       const struct vendorban_selector_info *info,
			       struct vendorban_rule *rule, size_t *value_len)
{
	struct vendorban_blob serial;
	size_t len, i;
	int ret;

	ret = parse_string(p, info->str_what, &rule->issuer, &len);
	if (ret)
		return ret;
	rule->issuer = intern_new(p, rule->issuer, len);
	ret = parse_hex(p, info->hex_what, info->min_len, info->max_len,
			&rule->value, value_len);
	if (ret)
		return ret;
	serial.data = rule->value;
	serial.len = *value_len;
	vendorban_serial_normalize(&serial);
	/* normalizing only drops leading bytes: move the rest to the front */
	for (i = 0; i < serial.len; i++)
		rule->value[i] = serial.data[i];
	*value_len = serial.len;
	return 0;
}

/* What a rule adds to the policy's summary fields. */
static void note_rule(struct vendorban_policy *pol,
		      const struct vendorban_selector_info *info, int idx)
{
	int *first;

	if (info->index == VENDORBAN_INDEX_VALUE &&
	    info->key == VENDORBAN_KEY_FILE_SHA256)
		pol->has_file_hash_rules = true;
	if (info->index != VENDORBAN_INDEX_STATE)
		return;
	first = info->state == VENDORBAN_SIG_NONE ? &pol->first_unsigned :
						    &pol->first_malformed;
	if (*first < 0)
		*first = idx;
}

/*
 * Reads the selector's arguments into @rule, as its table entry says,
 * but for the length of &vendorban_rule.value: into *@value_len.
 */
static int parse_value(struct parser *p, struct vendorban_rule *rule,
		       size_t *value_len)
{
	const struct vendorban_selector_info *info;
	unsigned int col;
	char *str;
	int ret;

	info = vendorban_selector_info(rule->selector);
	if (!info)
		return -EINVAL;
	note_rule(p->policy, info, p->policy->nr_rules - 1);
	switch (info->arg) {
	case VENDORBAN_ARG_NONE:
		return 0;
	case VENDORBAN_ARG_HEX:
		return parse_hex(p, info->hex_what, info->min_len,
				 info->max_len, &rule->value, value_len);
	case VENDORBAN_ARG_STRING:
		skip_blanks(p);
		col = p->pos + 1;
		ret = parse_string(p, info->str_what, &str, value_len);
		if (!ret)
			rule->value = (u8 *)str;
		if (!ret && info->registration &&
		    !vendorban_registration_valid(str, *value_len))
			return fail(p, col,
				    "registration must be \"CC-NUMBER\": 2 capital letters, '-', 1 to 64 of A-Z a-z 0-9 . / - space");
		return ret;
	case VENDORBAN_ARG_ISSUER_SERIAL:
		return parse_issuer_serial(p, info, rule, value_len);
	case VENDORBAN_ARG_CERT:
		rule->cert = arena_alloc(p->policy, sizeof(*rule->cert));
		if (!rule->cert)
			return -ENOMEM;
		skip_blanks(p);
		col = p->pos + 1;
		ret = parse_cert_arg(p, info, &rule->value, value_len,
				     rule->cert);
		if (!ret && info->index == VENDORBAN_INDEX_IMA &&
		    rule->cert->skid.len < VENDORBAN_IMA_KEYID_LEN)
			return fail(p, col,
				    "an IMA certificate needs a subject key identifier (its key id)");
		return ret;
	default:
		return -EINVAL;
	}
}

/* Reads the selector's arguments into @rule. */
static int parse_args(struct parser *p, struct vendorban_rule *rule)
{
	size_t len = 0;
	int ret = parse_value(p, rule, &len);

	rule->value_len = len;
	return ret;
}

/* The optional label=<label> and the end of the line. */
static int parse_label(struct parser *p, struct vendorban_rule *rule)
{
	static const char prefix[] = "label=";
	const size_t plen = sizeof(prefix) - 1;
	struct token t;

	if (!next_word(p, &t))
		return 0;
	if (t.len < plen || memcmp(t.p, prefix, plen))
		return fail_tok(p, &t, "unexpected ", "");
	if (!valid_name(t.p + plen, t.len - plen))
		return fail(p, t.col,
			    "label must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
	rule->label = intern(p, t.p + plen, t.len - plen);
	if (!rule->label)
		return -ENOMEM;
	return expect_end(p);
}

/* A rule line, @t being its first word. */
static int parse_rule(struct parser *p, const struct token *t)
{
	const struct vendorban_selector_info *info;
	struct vendorban_rule *rule;
	struct token sel;
	int action, selector, ret;

	action = keyword(t, action_names, ARRAY_SIZE(action_names));
	if (action < 0)
		return fail_tok(p, t, "unknown action ", "");
	if (!next_word(p, &sel))
		return fail(p, eol_col(p), "missing selector");
	selector = vendorban_selector_lookup(sel.p, sel.len);
	if (selector < 0)
		return fail_tok(p, &sel, "unknown selector ", "");
	info = vendorban_selector_info(selector);
	if (action == VENDORBAN_ACTION_ALLOW &&
	    info->allow == VENDORBAN_ALLOW_REFUSED)
		return fail(p, sel.col, info->allow_refusal);
	if (p->policy->nr_rules == VENDORBAN_POLICY_MAX_RULES) {
		fail(p, t->col, "too many rules (limit ");
		reason_uint(p->err, VENDORBAN_POLICY_MAX_RULES);
		reason_str(p->err, ")");
		return -EINVAL;
	}
	rule = new_rule(p);
	if (!rule)
		return -ENOMEM;
	rule->line = p->lineno;
	rule->action = action;
	rule->selector = selector;
	ret = parse_args(p, rule);
	if (ret)
		return ret;
	return parse_label(p, rule);
}

/* Appends a zeroed chain certificate to the policy. */
static struct vendorban_chain_cert *new_chain_cert(struct parser *p)
{
	struct vendorban_policy *pol = p->policy;
	struct vendorban_chain_cert *certs;
	unsigned int cap;

	if (pol->nr_chain_certs == p->chain_cap) {
		cap = p->chain_cap ? 2 * p->chain_cap : 8;
		if (cap > VENDORBAN_POLICY_MAX_CHAIN_CERTS)
			cap = VENDORBAN_POLICY_MAX_CHAIN_CERTS;
		certs = vendorban_alloc(cap * sizeof(*certs));
		if (!certs)
			return NULL;
		if (pol->nr_chain_certs)
			memcpy(certs, pol->chain_certs,
			       pol->nr_chain_certs * sizeof(*certs));
		vendorban_free(pol->chain_certs);
		pol->chain_certs = certs;
		p->chain_cap = cap;
	}
	memset(&pol->chain_certs[pol->nr_chain_certs], 0, sizeof(*certs));
	return &pol->chain_certs[pol->nr_chain_certs++];
}

/* A "chain-cert <hex DER>" line, @t being the keyword. */
static int parse_chain_cert(struct parser *p, const struct token *t)
{
	struct vendorban_chain_cert *cc;
	int ret;

	if (p->policy->nr_chain_certs == VENDORBAN_POLICY_MAX_CHAIN_CERTS) {
		fail(p, t->col, "too many chain-cert lines (limit ");
		reason_uint(p->err, VENDORBAN_POLICY_MAX_CHAIN_CERTS);
		reason_str(p->err, ")");
		return -EINVAL;
	}
	cc = new_chain_cert(p);
	if (!cc)
		return -ENOMEM;
	cc->line = p->lineno;
	ret = parse_cert_arg(p, vendorban_selector_info(VENDORBAN_SEL_CERT),
			     &cc->der, &cc->der_len, &cc->cert);
	if (ret)
		return ret;
	return expect_end(p);
}

static int parse_body(struct parser *p)
{
	struct token t;
	int ret;

	while ((ret = next_line(p)) > 0) {
		next_word(p, &t);
		if (tok_is(&t, "default"))
			ret = parse_default(p, &t);
		else if (tok_is(&t, "writable"))
			ret = parse_setting(p, &t, "writable",
					    &p->have_writable,
					    &p->policy->writable_action);
		else if (tok_is(&t, "unverifiable"))
			ret = parse_setting(p, &t, "unverifiable",
					    &p->have_unverifiable,
					    &p->policy->unverifiable_action);
		else if (tok_is(&t, "userns-mounts"))
			ret = parse_setting(p, &t, "userns-mounts",
					    &p->have_userns_mounts,
					    &p->policy->userns_mount_action);
		else if (tok_is(&t, "memory-modules"))
			ret = parse_setting(p, &t, "memory-modules",
					    &p->have_memory_modules,
					    &p->policy->memory_module_action);
		else if (tok_is(&t, "chain-cert"))
			ret = parse_chain_cert(p, &t);
		else
			ret = parse_rule(p, &t);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!p->have_default)
		return fail_whole(p, "missing 'default' line");
	return 0;
}

/* ---- canonical text ---- */

/* Each put_*() appends at @pos in @out (or only counts if @out is NULL). */
static size_t put(char *out, size_t pos, const void *s, size_t n)
{
	if (out)
		memcpy(out + pos, s, n);
	return pos + n;
}

static size_t put_str(char *out, size_t pos, const char *s)
{
	return put(out, pos, s, strlen(s));
}

static size_t put_hex(char *out, size_t pos, const u8 *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (!out)
		return pos + 2 * len;
	for (i = 0; i < len; i++) {
		out[pos++] = digits[data[i] >> 4];
		out[pos++] = digits[data[i] & 0xf];
	}
	return pos;
}

static size_t put_u32(char *out, size_t pos, u32 v)
{
	char buf[10];
	size_t i = sizeof(buf);

	do {
		buf[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	return put(out, pos, buf + i, sizeof(buf) - i);
}

static size_t put_quoted(char *out, size_t pos, const u8 *s, size_t len)
{
	size_t i;

	pos = put(out, pos, "\"", 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			pos = put(out, pos, "\\", 1);
		pos = put(out, pos, &s[i], 1);
	}
	return put(out, pos, "\"", 1);
}

static size_t put_rule(char *out, size_t pos, const struct vendorban_rule *r)
{
	const struct vendorban_selector_info *info;

	info = vendorban_selector_info(r->selector);
	pos = put_str(out, pos, vendorban_action_name(r->action));
	pos = put(out, pos, " ", 1);
	pos = put_str(out, pos, vendorban_selector_name(r->selector));
	switch (info ? info->arg : VENDORBAN_ARG_NONE) {
	case VENDORBAN_ARG_ISSUER_SERIAL:
		pos = put(out, pos, " ", 1);
		pos = put_quoted(out, pos, (const u8 *)r->issuer,
				 strlen(r->issuer));
		pos = put(out, pos, " ", 1);
		/* a serial of only zero bytes normalizes to nothing */
		if (!r->value_len)
			pos = put(out, pos, "00", 2);
		pos = put_hex(out, pos, r->value, r->value_len);
		break;
	case VENDORBAN_ARG_STRING:
		pos = put(out, pos, " ", 1);
		pos = put_quoted(out, pos, r->value, r->value_len);
		break;
	case VENDORBAN_ARG_HEX:
	case VENDORBAN_ARG_CERT:
		pos = put(out, pos, " ", 1);
		pos = put_hex(out, pos, r->value, r->value_len);
		break;
	default:
		break;
	}
	if (r->label[0]) {
		pos = put_str(out, pos, " label=");
		pos = put_str(out, pos, r->label);
	}
	return put(out, pos, "\n", 1);
}

static size_t put_chain_cert(char *out, size_t pos,
			     const struct vendorban_chain_cert *cc)
{
	pos = put_str(out, pos, "chain-cert ");
	pos = put_hex(out, pos, cc->der, cc->der_len);
	return put(out, pos, "\n", 1);
}

/* The lines before the first rule or chain-cert line. */
static size_t put_header(char *out, const struct vendorban_policy *pol)
{
	size_t pos = 0;

	pos = put_str(out, pos, "vendorban-policy ");
	pos = put_u32(out, pos, VENDORBAN_POLICY_FORMAT);
	pos = put_str(out, pos, "\nname ");
	pos = put_str(out, pos, pol->name);
	pos = put_str(out, pos, "\nversion ");
	pos = put_u32(out, pos, pol->version);
	pos = put_str(out, pos, "\ndefault ");
	pos = put_str(out, pos, vendorban_action_name(pol->default_action));
	if (pol->writable_action != VENDORBAN_ACTION_DENY) {
		pos = put_str(out, pos, "\nwritable ");
		pos = put_str(out, pos,
			      vendorban_action_name(pol->writable_action));
	}
	if (pol->unverifiable_action != VENDORBAN_ACTION_DENY) {
		pos = put_str(out, pos, "\nunverifiable ");
		pos = put_str(out, pos,
			      vendorban_action_name(pol->unverifiable_action));
	}
	if (pol->userns_mount_action != VENDORBAN_ACTION_DENY) {
		pos = put_str(out, pos, "\nuserns-mounts ");
		pos = put_str(out, pos,
			      vendorban_action_name(pol->userns_mount_action));
	}
	if (pol->memory_module_action != VENDORBAN_ACTION_DENY) {
		pos = put_str(out, pos, "\nmemory-modules ");
		pos = put_str(out, pos,
			      vendorban_action_name(pol->memory_module_action));
	}
	return put(out, pos, "\n", 1);
}

/*
 * Rules and chain-cert lines keep their relative file order: the next
 * line is chain-cert @cur->chain if it came before rule @cur->rule.
 */
static bool chain_first(const struct vendorban_policy *pol,
			const struct vendorban_policy_cursor *cur)
{
	if (cur->chain >= pol->nr_chain_certs)
		return false;
	return cur->rule >= pol->nr_rules ||
	       pol->chain_certs[cur->chain].line < pol->rules[cur->rule].line;
}

/**
 * vendorban_policy_put_record() - render one record of the canonical text
 * @policy: the policy
 * @cur: which record
 * @out: where to write it, or NULL to only count
 *
 * Context: any; bounded by the record's length (a certificate line may be
 * 4 MiB).
 * Return: the record's length in bytes, 0 past the last record.
 */
size_t vendorban_policy_put_record(const struct vendorban_policy *policy,
				   const struct vendorban_policy_cursor *cur,
				   char *out)
{
	if (!cur->started)
		return put_header(out, policy);
	if (chain_first(policy, cur))
		return put_chain_cert(out, 0, &policy->chain_certs[cur->chain]);
	if (cur->rule < policy->nr_rules)
		return put_rule(out, 0, &policy->rules[cur->rule]);
	return 0;
}

/**
 * vendorban_policy_next_record() - move a cursor to the next record
 * @policy: the policy
 * @cur: the cursor, at a record
 *
 * Return: true if @cur is at a record, false if it is past the last.
 */
bool vendorban_policy_next_record(const struct vendorban_policy *policy,
				  struct vendorban_policy_cursor *cur)
{
	if (!cur->started)
		cur->started = true;
	else if (chain_first(policy, cur))
		cur->chain++;
	else if (cur->rule < policy->nr_rules)
		cur->rule++;
	return cur->rule < policy->nr_rules ||
	       cur->chain < policy->nr_chain_certs;
}

/**
 * vendorban_policy_cursor_at() - put a cursor at a record by its number
 * @policy: the policy
 * @index: 0 for the header, 1 + n for the n-th rule or chain-cert line
 * @cur: set to the record
 *
 * Context: any; O(log) in the number of chain-cert lines.
 * Return: true if the record exists.
 */
bool vendorban_policy_cursor_at(const struct vendorban_policy *policy,
				u64 index, struct vendorban_policy_cursor *cur)
{
	u32 nr = policy->nr_rules, t, lo, hi, k;

	memset(cur, 0, sizeof(*cur));
	if (!index)
		return true;
	if (index - 1 >= (u64)nr + policy->nr_chain_certs)
		return false;
	t = index - 1;
	cur->started = true;
	/* the number of chain-cert lines among the first t lines */
	lo = t > nr ? t - nr : 0;
	hi = t < policy->nr_chain_certs ? t : policy->nr_chain_certs;
	while (lo < hi) {
		k = lo + (hi - lo) / 2;
		if (policy->chain_certs[k].line < policy->rules[t - k - 1].line)
			lo = k + 1;
		else
			hi = k;
	}
	cur->chain = lo;
	cur->rule = t - lo;
	return true;
}

/* Writes the canonical text to @out (if not NULL); returns its length. */
static size_t put_policy(char *out, const struct vendorban_policy *pol)
{
	struct vendorban_policy_cursor cur = {};
	size_t pos = 0;

	do {
		pos += vendorban_policy_put_record(pol, &cur,
						   out ? out + pos : NULL);
	} while (vendorban_policy_next_record(pol, &cur));
	return pos;
}

static int make_text(struct vendorban_policy *pol)
{
	size_t len = put_policy(NULL, pol);

	pol->text = vendorban_alloc(len + 1);
	if (!pol->text)
		return -ENOMEM;
	put_policy(pol->text, pol);
	pol->text[len] = '\0';
	pol->text_len = len;
	vendorban_sha256((const u8 *)pol->text, len, pol->digest);
	return 0;
}

/* Records are hashed in batches of at least this many bytes. */
#define DIGEST_BATCH	(16 * 1024)

/*
 * The length and digest of the canonical text, rendered a batch of records
 * at a time (a record longer than a batch gets a buffer of its size).
 */
static int digest_records(struct vendorban_policy *pol)
{
	struct vendorban_policy_cursor cur = {};
	struct vendorban_sha256_ctx ctx;
	size_t n, used = 0, cap = DIGEST_BATCH;
	char *buf, *big;
	int ret;

	buf = vendorban_alloc(cap);
	if (!buf)
		return -ENOMEM;
	ret = vendorban_sha256_init(&ctx);
	if (ret) {
		vendorban_free(buf);
		return ret;
	}
	pol->text_len = 0;
	do {
		n = vendorban_policy_put_record(pol, &cur, NULL);
		if (used + n > cap) {
			vendorban_sha256_update(&ctx, (const u8 *)buf, used);
			used = 0;
		}
		if (n > cap) {
			big = vendorban_alloc(n);
			if (!big) {
				ret = -ENOMEM;
				break;
			}
			vendorban_free(buf);
			buf = big;
			cap = n;
		}
		used += vendorban_policy_put_record(pol, &cur, buf + used);
		pol->text_len += n;
		if (!(cur.rule % RESCHED_LINES))
			vendorban_cond_resched();
	} while (vendorban_policy_next_record(pol, &cur));
	vendorban_sha256_update(&ctx, (const u8 *)buf, used);
	vendorban_sha256_final(&ctx, pol->digest);
	vendorban_free(buf);
	return ret;
}

/* ---- entry points ---- */

/**
 * vendorban_policy_free() - release a policy
 * @policy: the policy, or NULL
 *
 * Rule keys (&vendorban_rule.key) are the kernel's: release them first.
 */
void vendorban_policy_free(struct vendorban_policy *policy)
{
	if (!policy)
		return;
	vendorban_free(policy->rules);
	vendorban_free(policy->chain_certs);
	vendorban_index_free(policy->index);
	arena_free(policy->arena);
	vendorban_free(policy->text);
	vendorban_free(policy);
}

static struct vendorban_policy *new_policy(void)
{
	struct vendorban_policy *pol = vendorban_zalloc(sizeof(*pol));

	if (!pol)
		return NULL;
	pol->first_unsigned = -1;
	pol->first_malformed = -1;
	pol->writable_action = VENDORBAN_ACTION_DENY;
	pol->unverifiable_action = VENDORBAN_ACTION_DENY;
	pol->userns_mount_action = VENDORBAN_ACTION_DENY;
	pol->memory_module_action = VENDORBAN_ACTION_DENY;
	return pol;
}

/* Parses the text of @p into @p->policy, then renders and indexes it. */
static int parse_all(struct parser *p, unsigned int flags)
{
	int ret;

	p->interned = vendorban_zalloc(INTERN_SLOTS * sizeof(*p->interned));
	if (!p->interned)
		return -ENOMEM;
	ret = parse_header(p);
	if (!ret)
		ret = parse_body(p);
	vendorban_free(p->interned);
	if (ret)
		return ret;
	if (flags & VENDORBAN_PARSE_NO_TEXT)
		ret = digest_records(p->policy);
	else
		ret = make_text(p->policy);
	if (!ret)
		ret = vendorban_index_build(p->policy);
	return ret;
}

/**
 * vendorban_policy_parse_flags() - parse a policy text
 * @text: the text; need not be NUL-terminated
 * @len: its length in bytes
 * @flags: %VENDORBAN_PARSE_NO_TEXT or 0
 * @policy: set to the new policy on success (untouched on error)
 * @err: filled with the line, column and reason on -EINVAL; on -E2BIG the
 *       reason says so too (line and column 0).  May be NULL.
 *
 * With %VENDORBAN_PARSE_NO_TEXT the canonical text is not kept (it takes
 * about as much memory as the rest of a policy of digests): its length and
 * digest are set, and vendorban_policy_put_record() renders it.
 *
 * Context: may sleep (allocates, and yields in long loops).
 * Return: 0; -EINVAL for a text that does not follow the format; -E2BIG if
 * @len exceeds %VENDORBAN_POLICY_MAX_SIZE; -ENOMEM.
 */
int vendorban_policy_parse_flags(const char *text, size_t len,
				 unsigned int flags,
				 struct vendorban_policy **policy,
				 struct vendorban_parse_error *err)
{
	struct vendorban_parse_error dummy;
	struct parser p;
	int ret;

	memset(&p, 0, sizeof(p));
	p.err = err ? err : &dummy;
	memset(p.err, 0, sizeof(*p.err));
	if (len > VENDORBAN_POLICY_MAX_SIZE) {
		fail_whole(&p, "policy larger than ");
		reason_uint(p.err, VENDORBAN_POLICY_MAX_SIZE);
		reason_str(p.err, " bytes");
		return -E2BIG;
	}
	p.policy = new_policy();
	if (!p.policy)
		return -ENOMEM;
	p.text = text;
	p.len = len;
	ret = parse_all(&p, flags);
	if (ret) {
		vendorban_policy_free(p.policy);
		return ret;
	}
	*policy = p.policy;
	return 0;
}

/**
 * vendorban_policy_parse() - parse a policy text, keeping its canonical text
 * @text: the text; need not be NUL-terminated
 * @len: its length in bytes
 * @policy: set to the new policy on success (untouched on error)
 * @err: as for vendorban_policy_parse_flags()
 *
 * Context: may sleep.
 * Return: as vendorban_policy_parse_flags().
 */
int vendorban_policy_parse(const char *text, size_t len,
			   struct vendorban_policy **policy,
			   struct vendorban_parse_error *err)
{
	return vendorban_policy_parse_flags(text, len, 0, policy, err);
}
