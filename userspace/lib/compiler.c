// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the admin policy compiler
 *
 * Reads a policy source (the kernel format plus the directives below),
 * expands the directives into kernel rules, then parses the result with
 * the kernel's own parser (kmod/lib/policy_parse.c): what compiles is
 * exactly what the kernel accepts, and the output is the canonical text
 * the kernel would read back.
 *
 *   <action> cert-file "PATH" [label=L]   one "<action> cert <DER>" per
 *                                         certificate in PATH (PEM or DER)
 *   <action> ca-file "PATH" [label=L]     one "<action> ca <DER>" per
 *                                         certificate in PATH
 *   <action> ima-cert "PATH" [label=L]    one "<action> ima-cert <DER>" per
 *                                         certificate in PATH
 *   <action> vendor NAME [label=L]        one rule per identity listed in
 *                                         NAME.vendor
 *   chain-cert-file "PATH"                one "chain-cert <DER>" per
 *                                         certificate in PATH: intermediate
 *                                         CAs for the chains of ca rules
 *   include "PATH"                        the lines of another source file
 *   <action> package "FILE"               rules from packages (package.c):
 *   <action> package-key "KEY" SOURCE...  file-sha256 rules, one per file
 *   <action> installed-package NAME...    the kernel checks
 *
 * Every output line remembers where it came from, so that an error the
 * parser finds in an expanded line is reported at the source file, line
 * and column: "FILE:LINE:COL: reason".
 *
 * With &vb_compile_opts.lint the compiler also warns, with a fix, about
 * what compiles but matches nothing or not what it says (lint.c, dn.c);
 * &vb_compile_opts.strict makes every warning an error.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "certfile.h"
#include "compiler.h"
#include "dn.h"
#include "lint.h"
#include "package.h"
#include "securityfs.h"
#include "selector.h"
#include "util.h"
#include "x509.h"

#ifndef VB_VENDORS_DIR
#define VB_VENDORS_DIR "/usr/local/share/vendorban/vendors"
#endif

#define MAX_DEPTH	8
#define MAX_TOKENS	8

/*
 * Where one output line came from.  Output columns seg_start ..
 * seg_start + seg_len were copied from seg_file:seg_line at seg_col; an
 * error elsewhere on the line is reported at file:line:col (col 0: the
 * error's own column).
 */
struct map {
	unsigned int file, line, col;
	unsigned int seg_start, seg_len;
	unsigned int seg_file, seg_line, seg_col;
};

struct token {
	const char *p;		/* as written */
	size_t len;
	unsigned int col;	/* 1-based */
	char *str;		/* value: unquoted and unescaped */
};

struct line_ctx {
	unsigned int file;	/* index into compiler.files */
	const char *dir;	/* the file's directory, for relative paths */
	unsigned int line;
	struct token tok[MAX_TOKENS];
	unsigned int nr;
	bool more;		/* tokens beyond MAX_TOKENS */
};

struct compiler {
	const struct vb_compile_opts *opts;
	char *text;
	size_t len, cap;
	struct map *maps;
	unsigned int nr_maps, cap_maps;
	char **files;
	unsigned int nr_files;
	unsigned int errors;
	unsigned int depth;
	unsigned int warnings;
	bool too_big;		/* the output reached the kernel's limit */
	struct warned {			/* source lines warned about */
		unsigned int file, line;
	} *warned;
	unsigned int nr_warned;
	void *pkg_state;	/* package.c's, for the whole compile */
	bool uses_packages;	/* a package directive was expanded */
};

static void report(struct compiler *c, unsigned int file, unsigned int line,
		   unsigned int col, bool warning, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * One warning per source line: a line that expands to many rules (a
 * vendor set, a bundle) or that several checks find fault with gets the
 * first.  Returns true if @line of @file was warned about already, else
 * remembers it.
 */
static bool warned_before(struct compiler *c, unsigned int file,
			  unsigned int line)
{
	struct warned *w;
	unsigned int i;

	for (i = c->nr_warned; i-- > 0;)
		if (c->warned[i].line == line && c->warned[i].file == file)
			return true;
	w = realloc(c->warned, (c->nr_warned + 1) * sizeof(*w));
	if (w) {
		c->warned = w;
		w[c->nr_warned].file = file;
		w[c->nr_warned++].line = line;
	}
	return false;
}

static void report(struct compiler *c, unsigned int file, unsigned int line,
		   unsigned int col, bool warning, const char *fmt, ...)
{
	FILE *f = c->opts->diag ? c->opts->diag : stderr;
	va_list ap;

	if (warning && warned_before(c, file, line))
		return;

	fprintf(f, "%s:%u:%u: %s", c->files[file], line, col,
		!warning ? "" : c->opts->strict ? "error (--strict): " :
		"warning: ");
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	c->warnings += warning;
	if (!warning || c->opts->strict)
		c->errors++;
}

#define FAIL(c, lc, col, ...) \
	(report(c, (lc)->file, (lc)->line, col, false, __VA_ARGS__), -EINVAL)

/* ---- bounded reads ---- */

/* What a source names may be read whole: each kind of file has a cap. */
struct source_kind {
	size_t max;
	const char *limit;	/* the cap's name, for the error */
};

static const struct source_kind policy_text = {
	VENDORBAN_POLICY_MAX_SIZE, "the kernel's limit for a policy" };
static const struct source_kind cert_file = {
	VB_CERT_FILE_MAX, "the limit for a certificate file" };
static const struct source_kind vendor_set = {
	VB_VENDOR_FILE_MAX, "the limit for a vendor set" };

/*
 * Reads @path, at most @kind->max bytes; an error is reported at column
 * @col of @lc, naming the file as @shown.
 */
static int read_named(struct compiler *c, const struct line_ctx *lc,
		      unsigned int col, const char *shown, const char *path,
		      const struct source_kind *kind, char **text, size_t *len)
{
	int ret = vb_read_file_max(path, kind->max, text, len);

	if (ret == -EFBIG)
		return FAIL(c, lc, col, "'%s' is larger than %zu bytes, %s",
			    shown, kind->max, kind->limit);
	if (ret)
		return FAIL(c, lc, col, "cannot read '%s': %s", shown,
			    strerror(-ret));
	return 0;
}

/* The top-level source: its errors have no line to point at. */
static int read_top(struct compiler *c, const char *path, char **text,
		    size_t *len)
{
	FILE *diag = c->opts->diag ? c->opts->diag : stderr;
	int ret = vb_read_file_max(path, policy_text.max, text, len);

	if (ret == -EFBIG)
		fprintf(diag, "%s: larger than %zu bytes, %s\n", path,
			policy_text.max, policy_text.limit);
	else if (ret)
		fprintf(diag, "%s: cannot read: %s\n", path, strerror(-ret));
	if (ret)
		c->errors++;
	return ret;
}

static int add_file(struct compiler *c, const char *path)
{
	char **files = realloc(c->files, (c->nr_files + 1) * sizeof(*files));

	if (!files)
		return -ENOMEM;
	c->files = files;
	files[c->nr_files] = strdup(path);
	if (!files[c->nr_files])
		return -ENOMEM;
	return c->nr_files++;
}

/*
 * The output is capped too: includes and vendor sets, each within its cap,
 * could otherwise add up without bound.  Reported once, where it happens.
 */
static int output_too_big(struct compiler *c, const struct map *m)
{
	if (!c->too_big)
		report(c, m->file, m->line, m->col ? m->col : 1, false,
		       "the compiled policy grows larger than the kernel accepts (%d bytes)",
		       VENDORBAN_POLICY_MAX_SIZE);
	c->too_big = true;
	return -EINVAL;
}

static int emit(struct compiler *c, const char *s, size_t n,
		const struct map *m)
{
	if (c->len + n + 1 > VENDORBAN_POLICY_MAX_SIZE)
		return output_too_big(c, m);
	if (c->len + n + 2 > c->cap) {
		size_t cap = (c->len + n + 2) * 2;
		char *text = realloc(c->text, cap);

		if (!text)
			return -ENOMEM;
		c->text = text;
		c->cap = cap;
	}
	if (c->nr_maps == c->cap_maps) {
		unsigned int cap = c->cap_maps ? 2 * c->cap_maps : 64;
		struct map *maps = realloc(c->maps, cap * sizeof(*maps));

		if (!maps)
			return -ENOMEM;
		c->maps = maps;
		c->cap_maps = cap;
	}
	memcpy(c->text + c->len, s, n);
	c->len += n;
	c->text[c->len++] = '\n';
	c->text[c->len] = '\0';
	c->maps[c->nr_maps++] = *m;
	return 0;
}

/* ---- tokens ---- */

static void free_tokens(struct line_ctx *lc)
{
	unsigned int i;

	for (i = 0; i < lc->nr; i++)
		free(lc->tok[i].str);
	lc->nr = 0;
}

/* Reads a quoted string at @p (after the quote); returns its end or NULL. */
static const char *read_string(const char *p, const char *end, char *out)
{
	for (; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
			p++;
		*out++ = *p;
	}
	*out = '\0';
	return p < end ? p + 1 : NULL;
}

/*
 * Splits a line into at most MAX_TOKENS tokens, as the kernel does:
 * blanks separate them, a string runs from quote to quote.  Returns the
 * column of an unterminated string, else 0.
 */
static unsigned int tokenize(struct line_ctx *lc, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	lc->nr = 0;
	for (;;) {
		struct token *t = &lc->tok[lc->nr];

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		lc->more = p < end && lc->nr == MAX_TOKENS;
		if (p == end || lc->more)
			break;
		t->p = p;
		t->col = p - s + 1;
		t->str = calloc(1, end - p + 1);
		if (!t->str)
			return t->col;
		lc->nr++;
		if (*p == '"') {
			p = read_string(p + 1, end, t->str);
			if (!p)
				return t->col;
		} else {
			while (p < end && *p != ' ' && *p != '\t')
				p++;
			memcpy(t->str, t->p, p - t->p);
		}
		t->len = p - t->p;
	}
	return 0;
}

static bool is_word(const char *s, size_t max)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789._-");

	return n > 0 && n <= max && s[n] == '\0';
}

static bool is_action(const char *s)
{
	return !strcmp(s, "allow") || !strcmp(s, "deny") || !strcmp(s, "audit");
}

/*
 * Checks the tokens after the directive's argument (@first on): at most
 * one "label=L".  Sets *@label to L or NULL.
 */
static int directive_tail(struct compiler *c, struct line_ctx *lc,
			  unsigned int first, const char **label)
{
	*label = NULL;
	if (lc->nr > first && !strncmp(lc->tok[first].str, "label=", 6)) {
		*label = lc->tok[first].str + 6;
		if (!is_word(*label, VENDORBAN_LABEL_LEN))
			return FAIL(c, lc, lc->tok[first].col + 6,
				    "invalid label: use 1 to 64 characters of A-Z a-z 0-9 . _ -");
		first++;
	}
	if (lc->nr > first)
		return FAIL(c, lc, lc->tok[first].col, "unexpected '%s'",
			    lc->tok[first].str);
	return 0;
}

/* ---- lint: DNs, byte order marks ---- */

/* @s quoted as a policy string: '"' and '\\' escaped. */
static char *quote(const char *s)
{
	char *out = malloc(2 * strlen(s) + 3), *o = out;

	if (!out)
		return NULL;
	*o++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

/*
 * Warns about an issuer DN (the token after the selector @sel of the line
 * @s, @n bytes) that is not written as the kernel renders DNs, and prints
 * the line with the converted DN: OpenSSL's "C = US, O = X", sbverify's
 * "/C=US/O=X" and "C=US,O=X" match nothing.
 */
static void lint_dn(struct compiler *c, struct line_ctx *lc, unsigned int sel,
		    const char *s, size_t n)
{
	const struct token *dn = &lc->tok[sel + 1];
	const struct vendorban_selector_info *info;
	const char *why;
	char *fixed, *q = NULL;
	size_t pre, post;
	int k;

	if (!c->opts->lint || lc->nr < sel + 2 || dn->p[0] != '"')
		return;
	/* the selectors whose string is a DN: issuer, issuer-serial */
	k = vendorban_selector_lookup(lc->tok[sel].str,
				      strlen(lc->tok[sel].str));
	info = k < 0 ? NULL : vendorban_selector_info(k);
	if (!info || !info->dn)
		return;
	if (vb_dn_normalize(dn->str, &fixed, &why) == -EINVAL) {
		report(c, lc->file, lc->line, dn->col, true,
		       "issuer DN '%s' cannot match: %s; copy the DN from 'vendorbanctl inspect FILE' (signerN.cert.issuer)",
		       dn->str, why);
		return;
	}
	if (fixed && strcmp(fixed, dn->str))
		q = quote(fixed);
	if (q) {
		pre = dn->p - s;
		post = pre + dn->len;
		report(c, lc->file, lc->line, dn->col, true,
		       "issuer DN is not in the form the kernel compares (RFC 4514: most specific first, ',' without spaces), so it matches nothing\n  fix: %.*s%s%.*s",
		       (int)pre, s, q, (int)(n - post), s + post);
	}
	free(q);
	free(fixed);
}

/* Length of a UTF-8 byte order mark at the start of @text (it is skipped). */
static size_t bom_len(const char *text, size_t len)
{
	return len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
}

/* ---- cert-file, ca-file ---- */

/*
 * Lint of one certificate of a cert-file (@ca false) or ca-file: a CA
 * given to cert-file bans or allows only what it signed itself; a leaf
 * given to ca-file issued nothing.
 */
static void lint_cert_kind(struct compiler *c, struct line_ctx *lc,
			   const struct vendorban_cert *parsed, int nth,
			   bool ca, const char *label)
{
	const struct token *act = &lc->tok[0], *path = &lc->tok[2];
	bool allow = !strcmp(act->str, "allow");

	/* without lint only an allow of a CA as cert: it allows too little */
	if (parsed->is_ca == ca || (!c->opts->lint && (ca || !allow)))
		return;
	if (ca)
		report(c, lc->file, lc->line, path->col, true,
		       "certificate %d of '%s' is not a CA: 'ca' matches only files it signed itself\n  fix: %s cert-file %.*s%s%s",
		       nth, path->str, act->str, (int)path->len, path->p,
		       label ? " label=" : "", label ? label : "");
	else
		report(c, lc->file, lc->line, path->col, true,
		       "certificate %d of '%s' is a CA: '%s cert' matches only files it signed itself, not what it issued\n  fix: %s ca-file %.*s%s%s",
		       nth, path->str, act->str, act->str, (int)path->len,
		       path->p, label ? " label=" : "", label ? label : "");
}

static int emit_cert(struct compiler *c, struct line_ctx *lc, X509 *x,
		     int nth, const char *label, enum vendorban_selector sel)
{
	bool ca = sel == VENDORBAN_SEL_CA;
	const struct token *act = &lc->tok[0], *path = &lc->tok[2];
	struct map m = { .file = lc->file, .line = lc->line,
			 .col = lc->tok[1].col };
	struct vendorban_cert parsed;
	unsigned char *der = NULL;
	char *hex = NULL, *out = NULL;
	int len = i2d_X509(x, &der), ret = -ENOMEM;

	if (len <= 0)
		goto out;
	if (vendorban_x509_parse(der, len, &parsed)) {
		ret = FAIL(c, lc, path->col,
			   "certificate %d of '%s' is rejected by the kernel's certificate parser",
			   nth, path->str);
		goto out;
	}
	if (sel == VENDORBAN_SEL_IMA_CERT &&
	    parsed.skid.len < VENDORBAN_IMA_KEYID_LEN) {
		ret = FAIL(c, lc, path->col,
			   "certificate %d of '%s' has no subject key identifier: an IMA signature names its key by it",
			   nth, path->str);
		goto out;
	}
	if (sel != VENDORBAN_SEL_IMA_CERT)
		lint_cert_kind(c, lc, &parsed, nth, ca, label);
	hex = vb_hex(der, len);
	if (hex && asprintf(&out, "%s %s %s%s%s", act->str,
			    vendorban_selector_name(sel), hex,
			    label ? " label=" : "", label ? label : "") >= 0)
		ret = emit(c, out, strlen(out), &m);
out:
	free(out);
	free(hex);
	OPENSSL_free(der);
	return ret;
}

/*
 * Reads every certificate of the file named by @path (a token of @lc);
 * none, or one that does not parse, is an error at @path.
 */
static int load_certs(struct compiler *c, struct line_ctx *lc,
		      const struct token *path, STACK_OF(X509) **certs)
{
	struct vb_cert_error cerr;
	char *full, *text;
	size_t len;
	int ret;

	full = vb_path_join(lc->dir, path->str);
	if (!full)
		return -ENOMEM;
	ret = read_named(c, lc, path->col, path->str, full, &cert_file, &text,
			 &len);
	if (!ret && add_file(c, full) < 0) {	/* for compile --list-files */
		free(text);
		ret = -ENOMEM;
	}
	free(full);
	if (ret)
		return ret;
	ret = vb_certs_read(text, len, certs, &cerr);
	free(text);
	if (ret == -EINVAL && cerr.line)
		return FAIL(c, lc, path->col, "certificate %d of '%s' (line %u) %s",
			    cerr.index, path->str, cerr.line, cerr.reason);
	if (ret == -EINVAL)
		return FAIL(c, lc, path->col, "certificate %d of '%s' %s",
			    cerr.index, path->str, cerr.reason);
	if (ret)
		return ret;
	if (sk_X509_num(*certs) == 0) {
		sk_X509_pop_free(*certs, X509_free);
		return FAIL(c, lc, path->col,
			    "no certificate in '%s' (PEM or DER expected)",
			    path->str);
	}
	return 0;
}

static int do_cert_file(struct compiler *c, struct line_ctx *lc,
			enum vendorban_selector sel)
{
	STACK_OF(X509) *certs;
	const char *label;
	int i, ret;

	if (lc->nr < 3)
		return FAIL(c, lc, lc->tok[1].col + lc->tok[1].len + 1,
			    "missing certificate file");
	ret = directive_tail(c, lc, 3, &label);
	if (!ret)
		ret = load_certs(c, lc, &lc->tok[2], &certs);
	if (ret)
		return ret;
	for (i = 0; !ret && i < sk_X509_num(certs); i++)
		ret = emit_cert(c, lc, sk_X509_value(certs, i), i + 1, label,
				sel);
	sk_X509_pop_free(certs, X509_free);
	return ret;
}

/* One "chain-cert <DER>" line; a certificate that is no CA is a warning. */
static int emit_chain_cert(struct compiler *c, struct line_ctx *lc, X509 *x,
			   int nth)
{
	const struct token *path = &lc->tok[1];
	struct map m = { .file = lc->file, .line = lc->line,
			 .col = lc->tok[0].col };
	struct vendorban_cert parsed;
	unsigned char *der = NULL;
	char *hex = NULL, *out = NULL;
	int len = i2d_X509(x, &der), ret = -ENOMEM;

	if (len <= 0)
		goto out;
	if (vendorban_x509_parse(der, len, &parsed)) {
		ret = FAIL(c, lc, path->col,
			   "certificate %d of '%s' is rejected by the kernel's certificate parser",
			   nth, path->str);
		goto out;
	}
	if (c->opts->lint && !parsed.is_ca)
		report(c, lc->file, lc->line, path->col, true,
		       "certificate %d of '%s' is not a CA: a chain-cert only links signers to the CAs of ca rules, as their issuer",
		       nth, path->str);
	hex = vb_hex(der, len);
	if (hex && asprintf(&out, "chain-cert %s", hex) >= 0)
		ret = emit(c, out, strlen(out), &m);
out:
	free(out);
	free(hex);
	OPENSSL_free(der);
	return ret;
}

/* chain-cert-file "PATH": the chain-cert lines of a bundle (no label). */
static int do_chain_cert_file(struct compiler *c, struct line_ctx *lc)
{
	STACK_OF(X509) *certs;
	int i, ret;

	if (lc->nr < 2)
		return FAIL(c, lc, lc->tok[0].col + lc->tok[0].len + 1,
			    "missing certificate file");
	if (lc->nr > 2 || lc->more)
		return FAIL(c, lc, lc->tok[2].col,
			    "unexpected '%s' (a chain-cert-file takes no action and no label)",
			    lc->tok[2].str);
	ret = load_certs(c, lc, &lc->tok[1], &certs);
	if (ret)
		return ret;
	for (i = 0; !ret && i < sk_X509_num(certs); i++)
		ret = emit_chain_cert(c, lc, sk_X509_value(certs, i), i + 1);
	sk_X509_pop_free(certs, X509_free);
	return ret;
}

/* ---- vendor ---- */

static char *find_vendor(struct compiler *c, const char *dir,
			 const char *name, char *tried, size_t size)
{
	const char *dirs[3] = { NULL, c->opts->vendors_dir, VB_VENDORS_DIR };
	char *local = vb_path_join(dir, "vendors"), *path;
	size_t i, pos = 0;

	dirs[0] = local;
	tried[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (!dirs[i] || asprintf(&path, "%s/%s.vendor", dirs[i], name) < 0)
			continue;
		if (access(path, R_OK) == 0) {
			free(local);
			return path;
		}
		pos += snprintf(tried + pos, pos < size ? size - pos : 0, "%s%s",
				pos ? ", " : "", dirs[i]);
		free(path);
	}
	free(local);
	return NULL;
}

/*
 * One identity line of a vendor file, as "<action> <line> label=L": the
 * label of the policy line, else that of the vendor line, else the
 * vendor's name.
 */
static int vendor_line(struct compiler *c, struct line_ctx *lc,
		       struct line_ctx *vl, size_t n,
		       const char *label)
{
	const struct token *act = &lc->tok[0], *first = &vl->tok[0];
	struct map m = { .file = lc->file, .line = lc->line,
			 .col = lc->tok[2].col, .seg_file = vl->file,
			 .seg_line = vl->line, .seg_col = first->col };
	size_t body = n - (first->col - 1);
	char *out;
	int ret;

	if (!strcmp(first->str, "unsigned") || !strcmp(first->str, "malformed") ||
	    !strcmp(first->str, "cert-file") || !strcmp(first->str, "vendor") ||
	    !strcmp(first->str, "ca-file") || is_action(first->str))
		return FAIL(c, vl, first->col,
			    "a vendor file lists identities ('<selector> <value>'), not '%s'",
			    first->str);
	if (vl->more)
		return FAIL(c, vl, first->col, "too many tokens");
	lint_dn(c, vl, 0, first->p - (first->col - 1), n);
	if (!strncmp(vl->tok[vl->nr - 1].str, "label=", 6)) {
		if (!label)
			label = vl->tok[vl->nr - 1].str + 6;
		body = vl->tok[vl->nr - 1].p - first->p;
	}
	if (!label)
		label = lc->tok[2].str;	/* the vendor's name */
	while (body && (first->p[body - 1] == ' ' || first->p[body - 1] == '\t'))
		body--;
	m.seg_start = act->len + 2;
	m.seg_len = body;
	if (asprintf(&out, "%s %.*s label=%s", act->str, (int)body, first->p,
		     label) < 0)
		return -ENOMEM;
	ret = emit(c, out, strlen(out), &m);
	free(out);
	return ret;
}

static int expand_vendor(struct compiler *c, struct line_ctx *lc,
			 const char *path, const char *label)
{
	struct line_ctx vl = { 0 };
	unsigned int count = 0, col;
	char *text, *s, *nl;
	size_t len;
	int ret = read_named(c, lc, lc->tok[2].col, path, path, &vendor_set,
			     &text, &len);

	if (ret)
		return ret;
	ret = add_file(c, path);
	if (ret < 0)
		goto out;
	vl.file = ret;
	ret = 0;
	for (s = text + bom_len(text, len); !ret && s < text + len; s = nl + 1) {
		nl = memchr(s, '\n', text + len - s);
		if (!nl)
			nl = text + len;
		vl.line++;
		col = tokenize(&vl, s, nl - s);
		if (col)
			ret = FAIL(c, &vl, col, "unterminated string");
		else if (vl.nr && vl.tok[0].p[0] != '#')
			ret = vendor_line(c, lc, &vl, nl - s, label);
		count += vl.nr && vl.tok[0].p[0] != '#';
		free_tokens(&vl);
	}
	if (!ret && !count)
		ret = FAIL(c, lc, lc->tok[2].col, "vendor '%s' lists no identity",
			   lc->tok[2].str);
out:
	free(text);
	return ret;
}

static int do_vendor(struct compiler *c, struct line_ctx *lc)
{
	const struct token *name = &lc->tok[2];
	const char *label;
	char tried[1024], *path;
	int ret;

	if (!strcmp(lc->tok[0].str, "allow"))
		return FAIL(c, lc, lc->tok[0].col,
			    "'allow vendor' is not possible: a name is only claimed; allow with 'allow cert-file'");
	if (lc->nr < 3)
		return FAIL(c, lc, lc->tok[1].col + lc->tok[1].len + 1,
			    "missing vendor name");
	if (!is_word(name->str, VENDORBAN_NAME_LEN))
		return FAIL(c, lc, name->col,
			    "invalid vendor name: use 1 to 64 characters of A-Z a-z 0-9 . _ -");
	ret = directive_tail(c, lc, 3, &label);
	if (ret)
		return ret;
	path = find_vendor(c, lc->dir, name->str, tried, sizeof(tried));
	if (!path)
		return FAIL(c, lc, name->col, "unknown vendor '%s' (no %s.vendor in %s)",
			    name->str, name->str, tried);
	ret = expand_vendor(c, lc, path, label);
	free(path);
	return ret;
}

/* ---- package, package-key, installed-package (package.c) ---- */

struct pkg_ctx {
	struct compiler *c;
	struct line_ctx *lc;
};

static int pkg_emit(void *ctx, const char *line)
{
	struct pkg_ctx *p = ctx;
	struct map m = { .file = p->lc->file, .line = p->lc->line,
			 .col = p->lc->tok[1].col };

	return emit(p->c, line, strlen(line), &m);
}

static void pkg_report(void *ctx, unsigned int col, enum vb_pkg_msg kind,
		       const char *msg)
{
	struct pkg_ctx *p = ctx;
	FILE *f = p->c->opts->diag ? p->c->opts->diag : stderr;

	if (!col)
		col = p->lc->tok[1].col;
	if (kind == VB_PKG_NOTE)
		fprintf(f, "%s:%u:%u: note: %s\n", p->c->files[p->lc->file],
			p->lc->line, col, msg);
	else
		report(p->c, p->lc->file, p->lc->line, col,
		       kind == VB_PKG_WARNING, "%s", msg);
}

static int pkg_read_file(void *ctx, const char *path)
{
	struct pkg_ctx *p = ctx;

	return add_file(p->c, path) < 0 ? -ENOMEM : 0;
}

static int do_package(struct compiler *c, struct line_ctx *lc)
{
	struct pkg_ctx p = { .c = c, .lc = lc };
	struct vb_pkg_sink sink = {
		.ctx = &p, .emit = pkg_emit, .report = pkg_report,
		.read_file = pkg_read_file,
		.root = c->opts->pkg_root ? c->opts->pkg_root : "/",
		.pending = c->opts->pending, .nr_pending = c->opts->nr_pending,
		.state = &c->pkg_state,
	};
	struct vb_pkg_directive d = {
		.action = lc->tok[0].str, .selector = lc->tok[1].str,
		.sel_col = lc->tok[1].col, .dir = lc->dir,
	};
	unsigned int i, end = lc->nr;
	int ret;

	if (lc->more)
		return FAIL(c, lc, lc->tok[MAX_TOKENS - 1].col,
			    "too many arguments (at most %d)", VB_PKG_MAX_ARGS);
	if (end > 2 && !strncmp(lc->tok[end - 1].str, "label=", 6)) {
		d.label = lc->tok[--end].str + 6;
		if (!is_word(d.label, VENDORBAN_LABEL_LEN))
			return FAIL(c, lc, lc->tok[end].col + 6,
				    "invalid label: use 1 to 64 characters of A-Z a-z 0-9 . _ -");
	}
	for (i = 2; i < end; i++) {
		if (d.nr_args == VB_PKG_MAX_ARGS)
			return FAIL(c, lc, lc->tok[i].col,
				    "too many arguments (at most %d)",
				    VB_PKG_MAX_ARGS);
		d.args[d.nr_args] = lc->tok[i].str;
		d.cols[d.nr_args] = lc->tok[i].col;
		d.quoted[d.nr_args++] = lc->tok[i].p[0] == '"';
	}
	c->uses_packages = true;
	ret = vb_pkg_expand(&d, &sink);
	return ret == -ENOMEM ? ret : 0;
}

/* ---- files and lines ---- */

static int process_file(struct compiler *c, const char *path,
			const struct line_ctx *from);

static int do_include(struct compiler *c, struct line_ctx *lc)
{
	char *path;
	int ret;

	if (lc->nr < 2)
		return FAIL(c, lc, lc->tok[0].col + lc->tok[0].len + 1,
			    "missing file to include");
	if (lc->nr > 2)
		return FAIL(c, lc, lc->tok[2].col, "unexpected '%s'",
			    lc->tok[2].str);
	if (lc->more)
		return FAIL(c, lc, lc->tok[2].col, "unexpected '%s'",
			    lc->tok[2].str);
	if (c->depth >= MAX_DEPTH)
		return FAIL(c, lc, lc->tok[1].col,
			    "includes nested more than %d deep", MAX_DEPTH);
	path = vb_path_join(lc->dir, lc->tok[1].str);
	if (!path)
		return -ENOMEM;
	c->depth++;
	ret = process_file(c, path, lc);
	c->depth--;
	free(path);
	return ret;
}

/* "ACTION ima-cert "FILE"": the certificates of a file, not a DER in hex. */
static bool ima_cert_file(const struct line_ctx *lc)
{
	return lc->nr > 2 && !strcmp(lc->tok[1].str, "ima-cert") &&
	       lc->tok[2].p[0] == '"';
}

static int process_line(struct compiler *c, struct line_ctx *lc,
			const char *s, size_t n)
{
	struct map m = { .file = lc->file, .line = lc->line, .seg_start = 1,
			 .seg_len = n, .seg_file = lc->file,
			 .seg_line = lc->line, .seg_col = 1 };
	unsigned int bad = tokenize(lc, s, n);
	bool directive = lc->nr && (!strcmp(lc->tok[0].str, "include") ||
		!strcmp(lc->tok[0].str, "chain-cert-file") ||
		(lc->nr > 1 && (!strcmp(lc->tok[1].str, "cert-file") ||
				!strcmp(lc->tok[1].str, "ca-file") ||
				!strcmp(lc->tok[1].str, "vendor") ||
				ima_cert_file(lc) ||
				vb_pkg_is_directive(lc->tok[1].str))));
	int ret = 0;

	if (bad && directive)
		ret = FAIL(c, lc, bad, "unterminated string");
	else if (bad || !lc->nr || lc->tok[0].p[0] == '#')
		ret = emit(c, s, n, &m);	/* the parser judges it */
	else if (!strcmp(lc->tok[0].str, "include"))
		ret = do_include(c, lc);
	else if (!strcmp(lc->tok[0].str, "chain-cert-file"))
		ret = do_chain_cert_file(c, lc);
	else if (lc->nr < 2 || !is_action(lc->tok[0].str))
		ret = emit(c, s, n, &m);
	else if (!strcmp(lc->tok[1].str, "cert-file"))
		ret = do_cert_file(c, lc, VENDORBAN_SEL_CERT);
	else if (!strcmp(lc->tok[1].str, "ca-file"))
		ret = do_cert_file(c, lc, VENDORBAN_SEL_CA);
	else if (ima_cert_file(lc))
		ret = do_cert_file(c, lc, VENDORBAN_SEL_IMA_CERT);
	else if (!strcmp(lc->tok[1].str, "vendor"))
		ret = do_vendor(c, lc);
	else if (vb_pkg_is_directive(lc->tok[1].str))
		ret = do_package(c, lc);
	else {
		lint_dn(c, lc, 1, s, n);
		ret = emit(c, s, n, &m);
	}
	free_tokens(lc);
	return ret;
}

static int process_file(struct compiler *c, const char *path,
			const struct line_ctx *from)
{
	struct line_ctx lc = { 0 };
	char *text, *s, *nl, *dir;
	size_t len;
	int ret = from ? read_named(c, from, from->tok[1].col, from->tok[1].str,
				    path, &policy_text, &text, &len) :
			 read_top(c, path, &text, &len);

	if (ret)
		return ret;
	ret = add_file(c, path);
	dir = vb_dirname(path);
	if (ret < 0 || !dir) {
		ret = -ENOMEM;
		goto out;
	}
	lc.file = ret;
	lc.dir = dir;
	ret = 0;
	/* Keep going after an error in a line: report them all. */
	for (s = text + bom_len(text, len); ret != -ENOMEM && s < text + len;
	     s = nl + 1) {
		nl = memchr(s, '\n', text + len - s);
		if (!nl)
			nl = text + len;
		lc.line++;
		ret = process_line(c, &lc, s, nl - s);
	}
out:
	free(dir);
	free(text);
	return ret == -ENOMEM ? ret : 0;
}

/* ---- the result ---- */

static void report_parse_error(struct compiler *c,
			       const struct vendorban_parse_error *err)
{
	const struct map *m;
	unsigned int col = err->column;

	if (err->line == 0 || err->line > c->nr_maps) {
		report(c, 0, 1, 1, false, "%s", err->reason);
		return;
	}
	m = &c->maps[err->line - 1];
	if (m->seg_len && col >= m->seg_start && col <= m->seg_start + m->seg_len)
		report(c, m->seg_file, m->seg_line, m->seg_col + col - m->seg_start,
		       false, "%s", err->reason);
	else
		report(c, m->file, m->line, m->col ? m->col : col, false, "%s",
		       err->reason);
}

/* Where the "default" line came from, for warnings about the default. */
static void find_default(const struct compiler *c, struct vb_compiled *out)
{
	const char *p = c->text ? c->text : "", *nl;
	unsigned int n;

	for (n = 0; *p && n < c->nr_maps; n++, p = nl + 1) {
		p += strspn(p, " \t");
		nl = strchr(p, '\n');
		if (!nl)
			return;
		if (!strncmp(p, "default", 7) && (p[7] == ' ' || p[7] == '\t')) {
			out->default_src.file = c->files[c->maps[n].file];
			out->default_src.line = c->maps[n].line;
			return;
		}
	}
}

static int finish(struct compiler *c, struct vb_compiled *out)
{
	struct vendorban_parse_error err = { 0 };
	struct vendorban_policy *first = NULL;
	unsigned int i;
	int ret;

	ret = vendorban_policy_parse(c->text ? c->text : "", c->len, &first, &err);
	if (ret == -E2BIG)
		report(c, 0, 1, 1, false,
		       "the compiled policy is larger than the kernel accepts (%d bytes)",
		       VENDORBAN_POLICY_MAX_SIZE);
	else if (ret == -EINVAL)
		report_parse_error(c, &err);
	if (ret)
		return ret;
	/* Parse the canonical text again: its rule lines are the kernel's. */
	ret = vendorban_policy_parse(first->text, first->text_len,
				     &out->policy, &err);
	out->rule_src = calloc(first->nr_rules + 1, sizeof(*out->rule_src));
	if (!ret && !out->rule_src)
		ret = -ENOMEM;
	for (i = 0; !ret && i < first->nr_rules; i++) {
		const struct map *m = &c->maps[first->rules[i].line - 1];

		out->rule_src[i].file = c->files[m->file];
		out->rule_src[i].line = m->line;
	}
	vendorban_policy_free(first);
	find_default(c, out);
	return ret;
}

/* The warnings about the compiled policy, on lines not warned about yet. */
static unsigned int lint(struct compiler *c, const struct vb_compiled *out)
{
	struct vb_source_loc *warned = calloc(c->nr_warned + 1, sizeof(*warned));
	unsigned int i, n;

	for (i = 0; warned && i < c->nr_warned; i++) {
		warned[i].file = c->files[c->warned[i].file];
		warned[i].line = c->warned[i].line;
	}
	n = vb_lint_policy(out, c->opts->diag ? c->opts->diag : stderr,
			   c->opts->strict, warned, warned ? c->nr_warned : 0);
	free(warned);
	return n;
}

/**
 * vb_compile() - compile a policy source into the kernel's canonical form
 * @path: the source ("-" for standard input, paths then relative to ".")
 * @opts: options; errors go to @opts->diag as "FILE:LINE:COL: reason"
 * @out: the compiled policy on success; free with vb_compiled_free()
 *
 * Return: 0; -EINVAL when the source has errors (all of them reported);
 * -E2BIG; -ENOMEM; or the negative errno of reading @path.
 */
int vb_compile(const char *path, const struct vb_compile_opts *opts,
	       struct vb_compiled *out)
{
	struct compiler c = { .opts = opts };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = process_file(&c, path, NULL);
	if (!ret && c.errors)
		ret = -EINVAL;
	if (!ret)
		ret = finish(&c, out);
	if (!ret && opts->lint && lint(&c, out))
		ret = opts->strict ? -EINVAL : 0;
	out->files = c.files;
	out->nr_files = c.nr_files;
	out->uses_packages = c.uses_packages;
	vb_pkg_state_free(c.pkg_state);
	if (ret) {
		vb_compiled_free(out);
		memset(out, 0, sizeof(*out));
	}
	free(c.text);
	free(c.maps);
	free(c.warned);
	return ret;
}

/**
 * vb_policy_from_text() - parse a kernel-format text (such as the policy in
 * force, read back from securityfs)
 * @text: the text
 * @len: its length
 * @what: its name for error messages
 * @out: the policy, without source locations
 *
 * Return: 0, or the parser's negative errno (the error is printed).
 */
int vb_policy_from_text(const char *text, size_t len, const char *what,
			struct vb_compiled *out)
{
	struct vendorban_parse_error err = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = vendorban_policy_parse(text, len, &out->policy, &err);
	if (ret)
		fprintf(stderr, "%s:%u:%u: %s\n", what, err.line, err.column,
			ret == -EINVAL ? err.reason : strerror(-ret));
	return ret;
}

void vb_compiled_free(struct vb_compiled *c)
{
	unsigned int i;

	vendorban_policy_free(c->policy);
	free(c->rule_src);
	for (i = 0; i < c->nr_files; i++)
		free(c->files[i]);
	free(c->files);
	c->policy = NULL;
	c->rule_src = NULL;
	c->files = NULL;
	c->nr_files = 0;
}

/**
 * vb_policy_get() - the policy a command works with
 * @path: a policy source to compile, or NULL for the policy in force
 * @vendors_dir: --vendors DIR, or NULL
 * @out: the policy; free with vb_compiled_free()
 *
 * Return: 0, or a negative errno (the reason is printed).
 */
int vb_policy_get(const char *path, const char *vendors_dir,
		  struct vb_compiled *out)
{
	struct vb_compile_opts opts = { .vendors_dir = vendors_dir };
	char *text;
	size_t len;
	int ret;

	if (path)
		return vb_compile(path, &opts, out);
	ret = vb_securityfs_read("policy", &text, &len);
	if (ret) {
		fprintf(stderr, "vendorbanctl: ERROR: could not read the policy in force from %s: %s\n",
			vb_securityfs_root(), vb_securityfs_error(ret));
		return ret;
	}
	if (len == 0) {
		fprintf(stderr, "vendorbanctl: ERROR: no policy is in force (use --policy FILE)\n");
		ret = -ENOENT;
	} else {
		ret = vb_policy_from_text(text, len, "policy in force", out);
	}
	free(text);
	return ret;
}
