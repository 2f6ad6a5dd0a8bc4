// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the signed chain of an apt repository
 *
 * apt trusts a package because of a chain, and so does the compiler:
 *
 *   key --gpgv--> InRelease (or Release with Release.gpg)
 *       --SHA256 section--> Packages index
 *       --SHA256 field--> .deb --dpkg-deb--> each file's SHA-256
 *
 * gpgv verifies the Release file and writes out the text it signs: only
 * that text is read, never the file itself (text around or after a
 * signed part proves nothing).  An index is trusted when its SHA-256 is
 * one the verified text gives for a file named ".../Packages"; apt's
 * own apt-helper decompresses it (lists are kept compressed with lz4,
 * zstd, gzip or xz).  The index's paragraphs (Package, Version,
 * Architecture, Filename, SHA256) are read here: deb822 is plain
 * "Field: value" text.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aptrepo.h"
#include "pkgtool.h"
#include "util.h"

static void set_why(char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_why(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, VB_WHY_LEN, fmt, ap);
	va_end(ap);
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 64 hex digits into a SHA-256; never reads past @len. */
static int unhex32(const char *s, size_t len, u8 *out)
{
	unsigned int i;
	int hi, lo;

	if (len != 2 * VENDORBAN_SHA256_LEN)
		return -EINVAL;
	for (i = 0; i < VENDORBAN_SHA256_LEN; i++) {
		hi = nibble(s[2 * i]);
		lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = hi << 4 | lo;
	}
	return 0;
}

/* ---- Release ---- */

static int release_add(struct vb_apt_release *rel, const char *name,
		       size_t len, const u8 *sha)
{
	if (rel->nr == rel->cap) {
		unsigned int cap = rel->cap ? 2 * rel->cap : 64;
		char **names = realloc(rel->names, cap * sizeof(*names));
		u8 (*shas)[VENDORBAN_SHA256_LEN];

		if (!names)
			return -ENOMEM;
		rel->names = names;
		shas = realloc(rel->sha256, cap * sizeof(*shas));
		if (!shas)
			return -ENOMEM;
		rel->sha256 = shas;
		rel->cap = cap;
	}
	rel->names[rel->nr] = strndup(name, len);
	if (!rel->names[rel->nr])
		return -ENOMEM;
	memcpy(rel->sha256[rel->nr++], sha, VENDORBAN_SHA256_LEN);
	return 0;
}

/* The "SHA256:" section: " <hex> <size> <name>" lines. */
static int release_parse(const char *text, struct vb_apt_release *rel)
{
	const char *line, *p;
	bool in = false;
	u8 sha[VENDORBAN_SHA256_LEN];
	size_t hl, nl;
	int ret = 0;

	for (line = text; !ret && line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		if (*line != ' ' && *line != '\t') {
			in = !strncasecmp(line, "SHA256:", 7);
			continue;
		}
		if (!in)
			continue;
		p = line + strspn(line, " \t");
		hl = strcspn(p, " \t\n");
		if (unhex32(p, hl, sha))
			continue;
		p += hl;
		p += strspn(p, " \t");
		p += strcspn(p, " \t\n");	/* the size */
		p += strspn(p, " \t");
		nl = strcspn(p, " \t\n");
		if (nl)
			ret = release_add(rel, p, nl, sha);
	}
	return ret;
}

static char *join(const char *dir, const char *prefix, const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s%s", dir, prefix, name) < 0 ? NULL : p;
}

/**
 * vb_apt_release_read() - verify a Release file and read its SHA256 list
 * @kr: the keys it must verify with
 * @dir: the directory of the Release file
 * @prefix: the start of its name ("" in a repository,
 *          "deb.debian.org_debian_dists_bookworm_" in apt's lists)
 * @workdir: a private directory for the signed text
 * @rel: filled in when @res is %VB_SIG_OK; free with vb_apt_release_free()
 * @res: what its signature is
 * @why: the reason, for messages (%VB_WHY_LEN bytes)
 *
 * PREFIX"InRelease" is verified when it exists, else PREFIX"Release" with
 * its detached PREFIX"Release.gpg".
 *
 * Return: 0 with @res set; -ENOENT when there is no Release file; or
 * another negative errno (gpgv missing or failing to run).
 */
int vb_apt_release_read(struct vb_keyring *kr, const char *dir,
			const char *prefix, const char *workdir,
			struct vb_apt_release *rel, enum vb_sig_result *res,
			char *why)
{
	static unsigned int seq;
	char *in = join(dir, prefix, "InRelease");
	char *plain = join(dir, prefix, "Release");
	char *sig = join(dir, prefix, "Release.gpg"), *out = NULL, *text;
	size_t len;
	int ret = -ENOMEM;

	memset(rel, 0, sizeof(*rel));
	if (!in || !plain || !sig ||
	    asprintf(&out, "%s/release.%u", workdir, seq++) < 0)
		goto done;
	if (access(in, R_OK) == 0)
		ret = vb_gpgv_verify(kr, in, NULL, out, res, why);
	else if (access(plain, R_OK) == 0 && access(sig, R_OK) == 0)
		ret = vb_gpgv_verify(kr, plain, sig, NULL, res, why);
	else
		ret = -ENOENT;
	if (ret || *res != VB_SIG_OK)
		goto done;
	ret = vb_read_file_max(access(in, R_OK) == 0 ? out : plain,
			       VB_READ_MAX, &text, &len);
	if (ret) {
		set_why(why, "cannot read the signed text: %s", strerror(-ret));
		goto done;
	}
	ret = release_parse(text, rel);
	free(text);
done:
	if (out)
		unlink(out);
	free(in);
	free(plain);
	free(sig);
	free(out);
	return ret;
}

void vb_apt_release_free(struct vb_apt_release *rel)
{
	unsigned int i;

	for (i = 0; i < rel->nr; i++)
		free(rel->names[i]);
	free(rel->names);
	free(rel->sha256);
	memset(rel, 0, sizeof(*rel));
}

/* ---- Packages ---- */

/**
 * vb_apt_cat() - an index file's text, decompressed by apt-helper
 * @file: the file (uncompressed, or .xz, .gz, .lz4, .zst, .bz2...)
 * @text: set to the text (free it)
 * @len: its length
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0 or a negative errno.
 */
int vb_apt_cat(const char *file, char **text, size_t *len, char *why)
{
	const char *argv[] = { "/usr/lib/apt/apt-helper", "cat-file", file,
			       NULL };
	struct vb_tool t = { .argv = argv };
	int ret;

	if (access(argv[0], X_OK) != 0) {
		/* an uncompressed index needs no helper */
		ret = vb_read_file_max(file, VB_TOOL_OUT_MAX, text, len);
		if (ret)
			set_why(why, "cannot read it: %s", strerror(-ret));
		return ret;
	}
	ret = vb_tool_run(&t);
	if (ret || t.exit_code) {
		set_why(why, "apt-helper cannot decompress it: %s",
			ret ? strerror(-ret) : t.err);
		vb_tool_release(&t);
		return ret ? ret : -EINVAL;
	}
	*text = t.out;
	*len = t.out_len;
	return 0;
}

static int index_add(struct vb_apt_index *idx, const struct vb_apt_entry *e)
{
	if (idx->nr == idx->cap) {
		unsigned int cap = idx->cap ? 2 * idx->cap : 256;
		struct vb_apt_entry *v = realloc(idx->entries,
						 cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		idx->entries = v;
		idx->cap = cap;
	}
	idx->entries[idx->nr++] = *e;
	return 0;
}

/* The value of field @name if @line is that field; its length in *@len. */
static const char *field_value(const char *line, size_t llen,
			       const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *v;

	if (llen <= n || strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	v = line + n + 1;
	v += strspn(v, " \t");
	*len = llen - (v - line);
	while (*len && (v[*len - 1] == ' ' || v[*len - 1] == '\t' ||
			v[*len - 1] == '\r'))
		(*len)--;
	return v;
}

struct para {
	const char *f[5];
	size_t l[5];
};

static const char *const para_fields[5] = {
	"Package", "Version", "Architecture", "Filename", "SHA256",
};

static int para_end(struct vb_apt_index *idx, struct para *p)
{
	struct vb_apt_entry e;
	int i, ret;

	for (i = 0; i < 5; i++)
		if (!p->f[i])
			break;
	if (i < 5 || unhex32(p->f[4], p->l[4], e.sha256)) {
		memset(p, 0, sizeof(*p));
		return 0;	/* not a binary package entry: skipped */
	}
	e.package = strndup(p->f[0], p->l[0]);
	e.version = strndup(p->f[1], p->l[1]);
	e.arch = strndup(p->f[2], p->l[2]);
	e.filename = strndup(p->f[3], p->l[3]);
	memset(p, 0, sizeof(*p));
	ret = e.package && e.version && e.arch && e.filename ?
	      index_add(idx, &e) : -ENOMEM;
	if (ret) {
		free(e.package);
		free(e.version);
		free(e.arch);
		free(e.filename);
	}
	return ret;
}

/**
 * vb_apt_index_parse() - add the entries of a verified Packages text
 * @idx: the index
 * @text: the text (its SHA-256 checked by the caller)
 * @len: its length
 *
 * Return: 0 or -ENOMEM.
 */
int vb_apt_index_parse(struct vb_apt_index *idx, const char *text, size_t len)
{
	const char *line = text, *end = text + len, *nl, *v;
	struct para p;
	size_t llen, vl;
	int i, ret = 0;

	memset(&p, 0, sizeof(p));

	for (; !ret && line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		llen = nl - line;
		if (llen == 0 || (llen == 1 && line[0] == '\r')) {
			ret = para_end(idx, &p);
			continue;
		}
		for (i = 0; i < 5; i++) {
			v = field_value(line, llen, para_fields[i], &vl);
			if (v) {
				p.f[i] = v;
				p.l[i] = vl;
			}
		}
	}
	if (!ret)
		ret = para_end(idx, &p);
	idx->nr_indexes++;
	return ret;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct vb_apt_entry *x = a, *y = b;
	int r = strcmp(x->package, y->package);

	return r ? r : strcmp(x->version, y->version);
}

void vb_apt_index_sort(struct vb_apt_index *idx)
{
	if (idx->nr)
		qsort(idx->entries, idx->nr, sizeof(*idx->entries), entry_cmp);
}

/**
 * vb_apt_index_find() - the entry of a package version
 * @idx: the index, sorted
 * @package: the name
 * @version: the version
 * @arch: the architecture (an "all" entry matches an installed "all")
 *
 * Return: the entry, or NULL.
 */
const struct vb_apt_entry *vb_apt_index_find(const struct vb_apt_index *idx,
					     const char *package,
					     const char *version,
					     const char *arch)
{
	struct vb_apt_entry key = { .package = (char *)package,
				    .version = (char *)version };
	const struct vb_apt_entry *e;
	size_t lo = 0, hi = idx->nr, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (entry_cmp(&idx->entries[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = idx->entries + lo; e < idx->entries + idx->nr &&
	     !entry_cmp(e, &key); e++)
		if (!strcmp(e->arch, arch))
			return e;
	return NULL;
}

/**
 * vb_apt_index_by_sha() - the entry of a .deb by its SHA-256
 * @idx: the index
 * @sha256: the .deb's SHA-256
 *
 * Return: the entry, or NULL.
 */
const struct vb_apt_entry *vb_apt_index_by_sha(const struct vb_apt_index *idx,
					       const u8 *sha256)
{
	unsigned int i;

	for (i = 0; i < idx->nr; i++)
		if (!memcmp(idx->entries[i].sha256, sha256,
			    VENDORBAN_SHA256_LEN))
			return &idx->entries[i];
	return NULL;
}

void vb_apt_index_free(struct vb_apt_index *idx)
{
	unsigned int i;

	for (i = 0; i < idx->nr; i++) {
		free(idx->entries[i].package);
		free(idx->entries[i].version);
		free(idx->entries[i].arch);
		free(idx->entries[i].filename);
	}
	free(idx->entries);
	memset(idx, 0, sizeof(*idx));
}
