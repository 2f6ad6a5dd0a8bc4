// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - package directives: bans and allow-lists by package
 * provenance
 *
 * A vendor's Linux software arrives in packages, signed as packages: an
 * RPM's OpenPGP header signature covers its payload digest and every
 * file's digest; a .deb is listed by SHA-256 in a Packages index whose
 * SHA-256 is in an InRelease file the repository key signs.  These
 * directives turn packages into file-sha256 rules, one per file the kernel
 * checks (pkgfiles.c), labelled LABEL.PACKAGE (LABEL: the directive's
 * label=, else the package's vendor):
 *
 *   package "PATH"               the .rpm or .deb files PATH names (a file
 *                                or a directory of them), signed or not:
 *                                the admin names them
 *   package-key "KEY" SOURCE...  every package of SOURCE whose signature
 *                                verifies with a usable key of KEY (gpg,
 *                                gpgv, rpmkeys: pgp.c): an .rpm file (it
 *                                must verify), a directory of .rpm files
 *                                (those signed by other keys, or unsigned,
 *                                are skipped), an apt repository (a
 *                                directory with dists/ or an InRelease:
 *                                every Release must verify, every index
 *                                and .deb match its digest), or the word
 *                                installed: the installed packages that an
 *                                index of apt's lists, verified with KEY,
 *                                gives at their installed version (deny
 *                                and audit: their files hashed from disk;
 *                                allow: their .deb from apt's cache,
 *                                checked against the index, never the
 *                                disk, so a changed file is not allowed)
 *   installed-package NAME...    the installed files, hashed from disk
 *                                (deny and audit only: disk proves
 *                                nothing for an allow)
 *
 * Any error fails the whole compile: nothing half-compiled is loaded.
 */

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aptrepo.h"
#include "package.h"
#include "pgp.h"
#include "pkgfiles.h"
#include "policy.h"
#include "pkgtool.h"
#include "util.h"

/* Errors reported per directive before the rest are only counted. */
#define MAX_ERRORS	20
/* Installed packages named in a warning before the rest are counted. */
#define MAX_NAMED	8

/**
 * struct pkg_state - what lasts for one compile
 * @slots: an open-addressing set of the digests already given a rule
 * @cap: its number of slots (a power of two)
 * @nr: digests in it
 * @workdir: the private directory packages are copied and unpacked in
 * @seq: to name the copies
 */
struct pkg_state {
	u8 (*slots)[VENDORBAN_SHA256_LEN];
	size_t cap, nr;
	char *workdir;
	unsigned int seq;
};

/**
 * struct run - one directive being expanded
 * @d: the directive
 * @s: the compiler
 * @st: the compile's state
 * @col: the column of the argument being expanded
 * @packages: packages that gave rules
 * @skipped: packages left out (signed by another key, unsigned)
 * @rules: rules emitted
 * @dups: digests that already had a rule
 * @errors: errors reported
 * @missing: installed packages whose .deb is not in apt's cache
 * @failed: an error made the expansion fail
 */
struct run {
	const struct vb_pkg_directive *d;
	struct vb_pkg_sink *s;
	struct pkg_state *st;
	unsigned int col;
	unsigned int packages, skipped, rules, dups, errors, missing;
	bool failed;
};

static void msg(struct run *r, enum vb_pkg_msg kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void msg(struct run *r, enum vb_pkg_msg kind, const char *fmt, ...)
{
	char text[2 * VB_WHY_LEN + 256];
	va_list ap;

	if (kind == VB_PKG_ERROR) {
		r->failed = true;
		if (r->errors++ == MAX_ERRORS)
			snprintf(text, sizeof(text),
				 "more errors in this directive are not shown");
		if (r->errors > MAX_ERRORS + 1)
			return;
		if (r->errors == MAX_ERRORS + 1) {
			r->s->report(r->s->ctx, r->col, kind, text);
			return;
		}
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r->s->report(r->s->ctx, r->col, kind, text);
}

/* ---- the digests already given a rule ---- */

static size_t slot_of(const u8 *sha, size_t cap)
{
	size_t h;

	memcpy(&h, sha, sizeof(h));	/* a digest's bytes are uniform */
	return h & (cap - 1);
}

static const u8 zero[VENDORBAN_SHA256_LEN];

/* Adds @sha: 1 if it is new, 0 if it was there, or -ENOMEM. */
static int set_add(struct pkg_state *st, const u8 *sha)
{
	size_t i;

	if (!memcmp(sha, zero, sizeof(zero)))
		return 1;	/* never stored: it marks a free slot */
	if (2 * (st->nr + 1) > st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 1024, j;
		u8 (*slots)[VENDORBAN_SHA256_LEN] = calloc(cap, sizeof(*slots));

		if (!slots)
			return -ENOMEM;
		for (j = 0; j < st->cap; j++) {
			if (!memcmp(st->slots[j], zero, sizeof(zero)))
				continue;
			for (i = slot_of(st->slots[j], cap);
			     memcmp(slots[i], zero, sizeof(zero));
			     i = (i + 1) & (cap - 1))
				;
			memcpy(slots[i], st->slots[j], sizeof(zero));
		}
		free(st->slots);
		st->slots = slots;
		st->cap = cap;
	}
	for (i = slot_of(sha, st->cap); memcmp(st->slots[i], zero, sizeof(zero));
	     i = (i + 1) & (st->cap - 1))
		if (!memcmp(st->slots[i], sha, sizeof(zero)))
			return 0;
	memcpy(st->slots[i], sha, sizeof(zero));
	st->nr++;
	return 1;
}

void vb_pkg_state_free(void *state)
{
	struct pkg_state *st = state;

	if (!st)
		return;
	vb_tmpdir_remove(st->workdir);
	free(st->workdir);
	free(st->slots);
	free(st);
}

static struct pkg_state *get_state(struct run *r)
{
	struct pkg_state *st = *r->s->state;

	if (!st) {
		st = calloc(1, sizeof(*st));
		if (!st)
			return NULL;
		st->workdir = vb_tmpdir_make();
		if (!st->workdir) {
			free(st);
			return NULL;
		}
		*r->s->state = st;
	}
	return st;
}

/* ---- rules ---- */

/* Appends @s to @out (at *@n of @max), as label characters. */
static void label_part(char *out, size_t *n, size_t max, const char *s)
{
	bool dash = false;

	for (; *s && *n < max; s++) {
		char c = *s;

		if (c == '<' || c == '(')	/* "Name <mail>", "(none)" */
			break;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-') {
			if (dash && *n && out[*n - 1] != '.')
				out[(*n)++] = '-';
			dash = false;
			if (*n < max)
				out[(*n)++] = c;
		} else {
			dash = true;
		}
	}
	while (*n && out[*n - 1] == '-')
		(*n)--;
}

/*
 * The label of a package's rules: LABEL.PACKAGE, LABEL being the
 * directive's label, else the package's vendor; at most 64 characters.
 */
static void make_label(const struct run *r, const struct vb_pkg *pkg,
		       char *out)
{
	size_t n = 0, max = VENDORBAN_LABEL_LEN;

	/* an RPM's Vendor tag names a vendor; a .deb's Maintainer does not */
	label_part(out, &n, max, r->d->label ? r->d->label :
		   !strcmp(pkg->format, "rpm") ? pkg->vendor : "");
	if (n && n < max)
		out[n++] = '.';
	label_part(out, &n, max, pkg->name);
	if (!n)
		memcpy(out, "package", (n = 7));
	out[n] = '\0';
}

static int emit_pkg(struct run *r, const struct vb_pkg *pkg)
{
	char label[VENDORBAN_LABEL_LEN + 1], line[256], *hex;
	unsigned int i;
	int ret;

	make_label(r, pkg, label);
	for (i = 0; i < pkg->nr; i++) {
		ret = set_add(r->st, pkg->files[i].sha256);
		if (ret <= 0) {
			r->dups += ret == 0;
			if (ret)
				return ret;
			continue;
		}
		hex = vb_hex(pkg->files[i].sha256, VENDORBAN_SHA256_LEN);
		if (!hex)
			return -ENOMEM;
		snprintf(line, sizeof(line), "%s file-sha256 %s label=%s",
			 r->d->action, hex, label);
		free(hex);
		ret = r->s->emit(r->s->ctx, line);
		if (ret) {
			r->failed = true;
			return ret;
		}
		r->rules++;
	}
	if (pkg->nr_bad_modules)
		msg(r, VB_PKG_WARNING,
		    "%s %s: %u compressed module%s (%s%s) do%s not decompress: the kernel refuses %s as malformed; no rule",
		    pkg->name, pkg->version, pkg->nr_bad_modules,
		    pkg->nr_bad_modules > 1 ? "s" : "", pkg->bad_module,
		    pkg->nr_bad_modules > 1 ? ", ..." : "",
		    pkg->nr_bad_modules > 1 ? "" : "es",
		    pkg->nr_bad_modules > 1 ? "them" : "it");
	r->packages++;
	return 0;
}

/* ---- one package file ---- */

/*
 * How a package file is taken:
 * @kr: its signature must verify with these keys (RPM), or NULL
 * @explicit: the policy names this very file: a signature that is missing
 *            or by another key is an error, not a skip
 * @want: the SHA-256 an index gives for it, or NULL
 * @index: the index that gives @want, for messages
 */
struct take {
	struct vb_keyring *kr;
	bool explicit;
	const u8 *want;
	const char *index;
};

/*
 * The tools name the private copy of a package: the messages name the
 * package as the policy does.
 */
static void scrub(char *why, const char *copy, const char *shown)
{
	size_t cl = strlen(copy), sl = strlen(shown);
	char *p;

	while ((p = strstr(why, copy))) {
		if (strlen(why) - cl + sl >= VB_WHY_LEN)
			break;
		memmove(p + sl, p + cl, strlen(p + cl) + 1);
		memcpy(p, shown, sl);
	}
}

static int verify_rpm(struct run *r, const char *copy, const char *shown,
		      const struct take *how)
{
	enum vb_sig_result res;
	char why[VB_WHY_LEN];
	int ret = vb_rpm_verify(how->kr, copy, &res, why);

	scrub(why, copy, shown);
	if (ret) {
		msg(r, VB_PKG_ERROR, "'%s': %s", shown, why);
		return ret;
	}
	switch (res) {
	case VB_SIG_OK:
		return 0;
	case VB_SIG_NONE:
	case VB_SIG_OTHER_KEY:
		if (!how->explicit) {
			r->skipped++;
			return 1;
		}
		msg(r, VB_PKG_ERROR, "'%s': not signed by a key of '%s': %s",
		    shown, how->kr->path, why);
		return -EKEYREJECTED;
	default:
		msg(r, VB_PKG_ERROR, "'%s': %s", shown, why);
		return -EKEYREJECTED;
	}
}

static int take_file(struct run *r, const char *path, const char *shown,
		     const struct take *how)
{
	char *copy, why[VB_WHY_LEN], *hex;
	u8 sha[VENDORBAN_SHA256_LEN];
	struct vb_pkg pkg;
	int ret;

	if (asprintf(&copy, "%s/pkg.%u", r->st->workdir, r->st->seq++) < 0)
		return -ENOMEM;
	ret = vb_pkg_copy(path, copy, sha);
	if (ret) {
		msg(r, VB_PKG_ERROR, "cannot read '%s': %s", shown,
		    strerror(-ret));
		goto out;
	}
	if (how->want && memcmp(sha, how->want, sizeof(sha))) {
		hex = vb_hex(how->want, VENDORBAN_SHA256_LEN);
		msg(r, VB_PKG_ERROR,
		    "'%s' does not match the SHA-256 its entry in '%s' gives (%s): the package or the index was changed",
		    shown, how->index, hex ? hex : "?");
		free(hex);
		ret = -EBADMSG;
		goto out;
	}
	if (how->kr && vb_pkg_is_rpm(copy)) {
		ret = verify_rpm(r, copy, shown, how);
		if (ret)
			goto out;
	}
	ret = vb_pkg_read(copy, r->st->workdir, &pkg,
			  !strcmp(r->d->action, "allow"), why);
	scrub(why, copy, shown);
	if (ret == -ENOMEM)
		goto out_pkg;
	if (ret)
		msg(r, VB_PKG_ERROR, "'%s': %s", shown, why);
	else
		ret = emit_pkg(r, &pkg);
out_pkg:
	vb_pkg_free(&pkg);
out:
	unlink(copy);
	free(copy);
	return ret == 1 ? 0 : ret;
}

/* ---- package ---- */

static bool pkg_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && !strcmp(name + n - 4, ".rpm")) ||
	       (n > 4 && !strcmp(name + n - 4, ".deb"));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The .rpm and .deb files of a directory, sorted (so the policy is the
 * same whatever order readdir() gives).  *@names is NULL-terminated.
 */
static int list_dir(const char *dir, char ***names, unsigned int *nr)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, **tmp;
	unsigned int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (!pkg_name(e->d_name))
			continue;
		tmp = realloc(v, (n + 2) * sizeof(*v));
		if (!tmp)
			break;
		v = tmp;
		v[n] = strdup(e->d_name);
		if (!v[n])
			break;
		n++;
	}
	closedir(d);
	if (e) {
		while (n)
			free(v[--n]);
		free(v);
		return -ENOMEM;
	}
	if (n)
		qsort(v, n, sizeof(*v), name_cmp);
	*names = v;
	*nr = n;
	return 0;
}

static void free_names(char **v, unsigned int n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* Each package file of @dir (with @how->kr: each .rpm; a .deb is an error). */
static int take_dir(struct run *r, const char *dir, const char *shown,
		    const struct take *how)
{
	char **names = NULL, *path, *sh;
	unsigned int n = 0, i;
	int ret = list_dir(dir, &names, &n);

	if (ret) {
		msg(r, VB_PKG_ERROR, "cannot read directory '%s': %s", shown,
		    strerror(-ret));
		return ret;
	}
	if (!n)
		msg(r, VB_PKG_ERROR, "no .rpm or .deb file in '%s'", shown);
	for (i = 0; i < n && ret != -ENOMEM; i++) {
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			ret = -ENOMEM;
		else if (asprintf(&sh, "%s/%s", shown, names[i]) < 0)
			free(path), ret = -ENOMEM;
		if (ret == -ENOMEM)
			break;
		if (how->kr && !vb_pkg_is_rpm(path) && vb_pkg_is_deb(path))
			msg(r, VB_PKG_ERROR,
			    "'%s': a .deb carries no signature of its own: name the apt repository that lists it",
			    sh);
		else
			ret = take_file(r, path, sh, how);
		free(path);
		free(sh);
	}
	free_names(names, n);
	return ret == -ENOMEM ? ret : 0;
}

static int do_package(struct run *r)
{
	const struct vb_pkg_directive *d = r->d;
	struct take how = { .explicit = true };
	struct stat st;
	unsigned int i;
	char *path;
	int ret = 0;

	if (!d->nr_args) {
		msg(r, VB_PKG_ERROR, "missing package file (.rpm or .deb)");
		return -EINVAL;
	}
	for (i = 0; i < d->nr_args && ret != -ENOMEM; i++) {
		r->col = d->cols[i];
		path = vb_path_join(d->dir, d->args[i]);
		if (!path)
			return -ENOMEM;
		r->s->read_file(r->s->ctx, path);
		if (stat(path, &st) < 0)
			msg(r, VB_PKG_ERROR, "cannot read '%s': %s", d->args[i],
			    strerror(errno));
		else if (S_ISDIR(st.st_mode))
			ret = take_dir(r, path, d->args[i], &how);
		else
			ret = take_file(r, path, d->args[i], &how);
		free(path);
	}
	return ret == -ENOMEM ? ret : 0;
}

/* ---- installed-package ---- */

/* The pending .deb files (apt is about to install them) named @name. */
static int pending_named(struct run *r, const char *name)
{
	const struct take how = { .explicit = true };
	size_t n = strcspn(name, ":");
	unsigned int i;
	int ret = 0;

	for (i = 0; i < r->s->nr_pending && !ret; i++) {
		const char *argv[] = { "dpkg-deb", "--field", r->s->pending[i],
				       "Package", NULL };
		struct vb_tool t = { .argv = argv };
		bool same = !vb_tool_run(&t) && !t.exit_code && t.out &&
			    !strncmp(t.out, name, n) && t.out[n] == '\n';

		vb_tool_release(&t);
		if (same)
			ret = take_file(r, r->s->pending[i], r->s->pending[i],
					&how);
	}
	return ret;
}

static int do_installed(struct run *r)
{
	const struct vb_pkg_directive *d = r->d;
	char why[VB_WHY_LEN];
	struct vb_pkg pkg;
	unsigned int i;
	int ret = 0;

	if (!strcmp(d->action, "allow")) {
		msg(r, VB_PKG_ERROR,
		    "'allow installed-package' is not possible: files on disk prove nothing; allow packages by their signature with 'allow package-key'");
		return -EINVAL;
	}
	if (!d->nr_args) {
		msg(r, VB_PKG_ERROR, "missing package name");
		return -EINVAL;
	}
	for (i = 0; i < d->nr_args && ret != -ENOMEM; i++) {
		r->col = d->cols[i];
		ret = vb_pkg_read_installed(r->s->root, d->args[i], &pkg, why);
		if (ret == -ENOENT && r->s->nr_pending)
			ret = 0;	/* apt is installing it now */
		else if (ret && ret != -ENOMEM)
			msg(r, VB_PKG_ERROR, "%s", why);
		else if (!ret)
			ret = emit_pkg(r, &pkg);
		vb_pkg_free(&pkg);
		if (ret != -ENOMEM)
			ret = pending_named(r, d->args[i]);
	}
	return ret == -ENOMEM ? ret : 0;
}

/* ---- package-key: an apt repository ---- */

/* Whether @dir holds a Release file (InRelease, or Release with .gpg). */
static bool has_release(const char *dir)
{
	char *p;
	bool yes = false;

	if (asprintf(&p, "%s/InRelease", dir) >= 0) {
		yes = access(p, R_OK) == 0;
		free(p);
	}
	if (!yes && asprintf(&p, "%s/Release.gpg", dir) >= 0) {
		yes = access(p, R_OK) == 0;
		free(p);
	}
	return yes;
}

/* The SHA-256 @rel gives for @name, or NULL. */
static const u8 *release_sha(const struct vb_apt_release *rel,
			     const char *name)
{
	unsigned int i;

	for (i = 0; i < rel->nr; i++)
		if (!strcmp(rel->names[i], name))
			return rel->sha256[i];
	return NULL;
}

static bool is_packages(const char *name)
{
	size_t n = strlen(name);

	return !strcmp(name, "Packages") ||
	       (n > 9 && !strcmp(name + n - 9, "/Packages"));
}

/*
 * The index @name of the verified @rel, found in @dir uncompressed or in a
 * compressed form @rel lists too; its file must match the digest @rel
 * gives.
 */
static int read_index(struct run *r, const char *dir, const char *shown,
		      const struct vb_apt_release *rel, const char *name,
		      struct vb_apt_index *idx)
{
	static const char *const ext[] = { "", ".xz", ".gz", ".zst", ".lz4",
					   ".bz2", ".lzma" };
	u8 sha[VENDORBAN_SHA256_LEN];
	const u8 *want = NULL;
	char *file = NULL, *listed = NULL, *text, why[VB_WHY_LEN];
	size_t i, len;
	int ret;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		free(file);
		free(listed);
		file = listed = NULL;
		if (asprintf(&listed, "%s%s", name, ext[i]) < 0 ||
		    asprintf(&file, "%s/%s", dir, listed) < 0)
			return -ENOMEM;
		want = release_sha(rel, listed);
		if (want && access(file, R_OK) == 0)
			break;
		want = NULL;
	}
	ret = 0;
	if (!want) {
		msg(r, VB_PKG_ERROR,
		    "'%s/%s': the index its Release lists is missing (in every compressed form listed)",
		    shown, name);
		ret = -ENOENT;
	} else if ((ret = vb_pkg_copy(file, NULL, sha)) ||
		   memcmp(sha, want, sizeof(sha))) {
		msg(r, VB_PKG_ERROR,
		    "'%s/%s' does not match the SHA-256 its signed Release gives%s%s",
		    shown, listed, ret ? ": " : "", ret ? strerror(-ret) : "");
		ret = -EBADMSG;
	} else if ((ret = vb_apt_cat(file, &text, &len, why))) {
		msg(r, VB_PKG_ERROR, "'%s/%s': %s", shown, listed, why);
	} else {
		ret = vb_apt_index_parse(idx, text, len);
		free(text);
	}
	free(file);
	free(listed);
	return ret;
}

/*
 * One Release directory of a repository named in the policy: its
 * signature must verify with a usable key (anything else is an error),
 * then every Packages index it lists is read.
 */
static int repo_release(struct run *r, struct vb_keyring *kr,
			const char *dir, const char *shown,
			struct vb_apt_index *idx)
{
	struct vb_apt_release rel;
	enum vb_sig_result res;
	char why[VB_WHY_LEN];
	unsigned int i, n = 0;
	int ret = vb_apt_release_read(kr, dir, "", r->st->workdir, &rel, &res,
				      why);

	if (ret == -ENOMEM)
		return ret;
	if (ret || res != VB_SIG_OK) {
		msg(r, VB_PKG_ERROR,
		    "'%s/%s': %s", shown, has_release(dir) ? "InRelease" :
		    "Release", ret ? why : res == VB_SIG_NONE ?
		    "it carries no signature" : why);
		vb_apt_release_free(&rel);
		return ret ? ret : -EKEYREJECTED;
	}
	idx->nr_releases++;
	for (i = 0; i < rel.nr && ret != -ENOMEM; i++) {
		if (!is_packages(rel.names[i]))
			continue;
		n++;
		ret = read_index(r, dir, shown, &rel, rel.names[i], idx);
	}
	if (!n)
		msg(r, VB_PKG_ERROR, "'%s': its Release lists no Packages index",
		    shown);
	vb_apt_release_free(&rel);
	return ret == -ENOMEM ? ret : 0;
}

/* The Release directories of a repository: itself, or each dists/X/. */
static int repo_releases(struct run *r, struct vb_keyring *kr,
			 const char *repo, const char *shown,
			 struct vb_apt_index *idx)
{
	char *dists, *dir, *sh;
	struct dirent *e;
	unsigned int n = 0;
	DIR *d;
	int ret = 0;

	if (has_release(repo))
		return repo_release(r, kr, repo, shown, idx);
	if (asprintf(&dists, "%s/dists", repo) < 0)
		return -ENOMEM;
	d = opendir(dists);
	while (d && ret != -ENOMEM && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&dir, "%s/%s", dists, e->d_name) < 0)
			ret = -ENOMEM;
		else if (!has_release(dir))
			free(dir);
		else if (asprintf(&sh, "%s/dists/%s", shown, e->d_name) < 0)
			free(dir), ret = -ENOMEM;
		else {
			n++;
			ret = repo_release(r, kr, dir, sh, idx);
			free(dir);
			free(sh);
		}
	}
	if (d)
		closedir(d);
	free(dists);
	if (!n && ret != -ENOMEM)
		msg(r, VB_PKG_ERROR,
		    "'%s' is no apt repository: no InRelease or Release.gpg in it or in its dists/*/",
		    shown);
	return ret == -ENOMEM ? ret : 0;
}

static int take_repo(struct run *r, struct vb_keyring *kr, const char *repo,
		     const char *shown)
{
	struct vb_apt_index idx = { 0 };
	char *deb, *sh;
	unsigned int i;
	int ret = repo_releases(r, kr, repo, shown, &idx);

	for (i = 0; !ret && !r->failed && i < idx.nr; i++) {
		const struct vb_apt_entry *e = &idx.entries[i];
		struct take how = { .want = e->sha256, .index = "Packages" };

		if (asprintf(&deb, "%s/%s", repo, e->filename) < 0)
			ret = -ENOMEM;
		else if (asprintf(&sh, "%s/%s", shown, e->filename) < 0)
			free(deb), ret = -ENOMEM;
		if (ret)
			break;
		ret = take_file(r, deb, sh, &how);
		if (ret != -ENOMEM)
			ret = 0;
		free(deb);
		free(sh);
	}
	if (!ret && !r->failed && !idx.nr)
		msg(r, VB_PKG_WARNING, "the indexes of '%s' list no package",
		    shown);
	vb_apt_index_free(&idx);
	return ret;
}

/* ---- package-key installed: apt's lists ---- */

struct lists {
	char *dir;
	struct vb_apt_release trusted;	/* Packages digests of verified Releases */
	struct vb_apt_index idx;
};

/* Adds the Packages digests of one verified Release to @l->trusted. */
static int trust_release(struct lists *l, const struct vb_apt_release *rel)
{
	struct vb_apt_release *t = &l->trusted;
	unsigned int i;

	for (i = 0; i < rel->nr; i++) {
		if (!is_packages(rel->names[i]))
			continue;
		if (t->nr == t->cap) {
			unsigned int cap = t->cap ? 2 * t->cap : 32;
			char **n = realloc(t->names, cap * sizeof(*n));
			u8 (*s)[VENDORBAN_SHA256_LEN];

			if (!n)
				return -ENOMEM;
			t->names = n;
			s = realloc(t->sha256, cap * sizeof(*s));
			if (!s)
				return -ENOMEM;
			t->sha256 = s;
			t->cap = cap;
		}
		t->names[t->nr] = strdup(rel->names[i]);
		if (!t->names[t->nr])
			return -ENOMEM;
		memcpy(t->sha256[t->nr++], rel->sha256[i], VENDORBAN_SHA256_LEN);
	}
	return 0;
}

/*
 * One Release file of apt's lists (@prefix: its name without
 * "InRelease"/"Release"): one signed by another key is another
 * repository; one that claims a key of the file and fails is an error.
 */
static int lists_release(struct run *r, struct vb_keyring *kr,
			 struct lists *l, const char *prefix)
{
	struct vb_apt_release rel;
	enum vb_sig_result res;
	char why[VB_WHY_LEN];
	int ret = vb_apt_release_read(kr, l->dir, prefix, r->st->workdir, &rel,
				      &res, why);

	if (ret == -ENOENT)
		return 0;
	if (ret) {
		msg(r, VB_PKG_ERROR, "'%s/%s...': %s", l->dir, prefix, why);
		return ret;
	}
	if (res == VB_SIG_BAD || res == VB_SIG_UNUSABLE)
		msg(r, VB_PKG_ERROR, "'%s/%sInRelease': %s", l->dir, prefix,
		    why);
	else if (res == VB_SIG_OK)
		ret = trust_release(l, &rel);
	l->idx.nr_releases += res == VB_SIG_OK;
	vb_apt_release_free(&rel);
	return ret;
}

/* An index file of the lists: read if its text's digest is trusted. */
static int lists_index(struct run *r, struct lists *l, const char *name)
{
	u8 sha[VENDORBAN_SHA256_LEN];
	char *file, *text, why[VB_WHY_LEN];
	unsigned int i;
	size_t len;
	int ret;

	if (asprintf(&file, "%s/%s", l->dir, name) < 0)
		return -ENOMEM;
	ret = vb_apt_cat(file, &text, &len, why);
	if (ret) {
		msg(r, VB_PKG_ERROR, "'%s': %s", file, why);
		free(file);
		return ret;
	}
	vendorban_sha256((const u8 *)text, len, sha);
	for (i = 0; i < l->trusted.nr; i++)
		if (!memcmp(l->trusted.sha256[i], sha, sizeof(sha)))
			break;
	if (i < l->trusted.nr)
		ret = vb_apt_index_parse(&l->idx, text, len);
	free(text);
	free(file);
	return ret;
}

/*
 * The Release file a name of apt's lists is, as its prefix (the name
 * without "InRelease" or "Release.gpg"), or NULL: an InRelease, or a
 * Release.gpg that has no InRelease beside it.
 */
static char *release_prefix(const char *dir, const char *name)
{
	size_t n = strlen(name);
	char *prefix, *in;
	bool both;

	if (n >= 9 && !strcmp(name + n - 9, "InRelease"))
		return strndup(name, n - 9);
	if (n < 11 || strcmp(name + n - 11, "Release.gpg"))
		return NULL;
	prefix = strndup(name, n - 11);
	if (!prefix || asprintf(&in, "%s/%sInRelease", dir, prefix) < 0) {
		free(prefix);
		return NULL;
	}
	both = access(in, F_OK) == 0;
	free(in);
	if (both) {
		free(prefix);
		return NULL;
	}
	return prefix;
}

/* Every Release of apt's lists verified, then every index they vouch for. */
static int lists_read(struct run *r, struct vb_keyring *kr, struct lists *l)
{
	struct dirent *e;
	char *prefix;
	int pass, ret = 0;
	DIR *d;

	for (pass = 0; pass < 2 && !ret; pass++) {
		d = opendir(l->dir);
		if (!d) {
			msg(r, VB_PKG_ERROR, "cannot read apt's lists '%s': %s",
			    l->dir, strerror(errno));
			return -errno;
		}
		while (!ret && (e = readdir(d))) {
			if (pass == 1) {
				if (strstr(e->d_name, "_Packages"))
					ret = lists_index(r, l, e->d_name);
				continue;
			}
			prefix = release_prefix(l->dir, e->d_name);
			if (prefix)
				ret = lists_release(r, kr, l, prefix);
			free(prefix);
		}
		closedir(d);
	}
	vb_apt_index_sort(&l->idx);
	return ret;
}

/* The .deb of @e in apt's cache: by its pool name, or apt's own naming. */
static char *cached_deb(const char *root, const struct vb_apt_entry *e)
{
	const char *base = strrchr(e->filename, '/');
	char *path, *ver, *p;
	size_t i;

	base = base ? base + 1 : e->filename;
	if (asprintf(&path, "%s/var/cache/apt/archives/%s", vb_pkg_prefix(root),
		     base) < 0)
		return NULL;
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	ver = malloc(3 * strlen(e->version) + 1);	/* ':' is "%3a" */
	if (!ver)
		return NULL;
	for (i = 0, p = ver; e->version[i]; i++)
		p += e->version[i] == ':' ? sprintf(p, "%%3a") :
		     sprintf(p, "%c", e->version[i]);
	if (asprintf(&path, "%s/var/cache/apt/archives/%s_%s_%s.deb",
		     vb_pkg_prefix(root),
		     e->package, ver, e->arch) < 0)
		path = NULL;
	free(ver);
	if (path && access(path, R_OK) != 0) {
		free(path);
		path = NULL;
	}
	return path;
}

/* Packages listed per dpkg-query call. */
#define LIST_BATCH	256

/*
 * Installed packages that a verified index lists, for deny and audit:
 * their installed files, hashed from disk (what runs), listed by one
 * dpkg-query call per %LIST_BATCH packages.
 */
static int installed_disk(struct run *r, const struct vb_apt_entry **v,
			  unsigned int n)
{
	char *names[LIST_BATCH], *cursor, why[VB_WHY_LEN];
	unsigned int i, k, m;
	struct vb_tool t;
	struct vb_pkg pkg;
	int ret = 0;

	for (i = 0; !ret && i < n; i += m) {
		m = n - i < LIST_BATCH ? n - i : LIST_BATCH;
		for (k = 0; k < m; k++)
			if (asprintf(&names[k], "%s:%s", v[i + k]->package,
				     v[i + k]->arch) < 0)
				break;
		if (k == m)
			ret = vb_pkg_dpkg_lists(r->s->root,
						(const char *const *)names, m,
						&t, why);
		else
			ret = -ENOMEM;
		while (k)
			free(names[--k]);
		if (ret) {
			if (ret != -ENOMEM)
				msg(r, VB_PKG_ERROR, "%s", why);
			break;
		}
		cursor = t.out;
		for (k = 0; !ret && k < m; k++) {
			memset(&pkg, 0, sizeof(pkg));
			pkg.format = "installed";
			pkg.name = v[i + k]->package;
			pkg.version = v[i + k]->version;
			pkg.vendor = "";
			ret = vb_pkg_take_paths(r->s->root, &cursor, &pkg, why);
			if (ret && ret != -ENOMEM)
				msg(r, VB_PKG_ERROR, "%s", why);
			else if (!ret)
				ret = emit_pkg(r, &pkg);
			pkg.name = pkg.version = pkg.vendor = NULL;
			vb_pkg_free(&pkg);
		}
		vb_tool_release(&t);
	}
	return ret == -ENOMEM ? ret : 0;
}

/*
 * An installed package that a verified index lists, for allow: its .deb
 * from apt's cache, which must match the index.
 */
static int installed_deb(struct run *r, const struct vb_apt_entry *e)
{
	struct take how = { .want = e->sha256, .index = "Packages" };
	char *deb = cached_deb(r->s->root, e);
	int ret;

	if (!deb) {
		r->missing++;
		msg(r, VB_PKG_ERROR,
		    "%s %s (%s): its .deb is not in apt's cache, and files on disk prove nothing; fetch it: apt-get install --reinstall --download-only %s",
		    e->package, e->version, e->arch, e->package);
		return 0;
	}
	/* after an error nothing is emitted: only the missing are named */
	ret = r->failed ? 0 : take_file(r, deb, deb, &how);
	free(deb);
	return ret;
}

/* The installed packages, "NAME\tVERSION\tARCH\tSTATUS" lines. */
static int installed_list(struct run *r, struct vb_tool *t)
{
	static const char *argv[] = { "dpkg-query", "--root", NULL, "--show",
				      "--showformat",
				      "${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n",
				      NULL };
	int ret;

	argv[2] = r->s->root;
	*t = (struct vb_tool){ .argv = argv };
	ret = vb_tool_run(t);
	if (ret || t->exit_code) {
		msg(r, VB_PKG_ERROR, "dpkg-query cannot list the installed packages: %s",
		    ret ? strerror(-ret) : t->err);
		vb_tool_release(t);
		return ret ? ret : -EINVAL;
	}
	return 0;
}

/* Installed packages that no verified index lists, named in a warning. */
static void not_listed(struct run *r, unsigned int n, const char *names)
{
	if (!n || strcmp(r->d->action, "allow"))
		return;
	msg(r, VB_PKG_WARNING,
	    "%u installed package%s %s not at %s installed version in an index '%s' verifies (%s%s): %s files get no allow rule",
	    n, n > 1 ? "s" : "", n > 1 ? "are" : "is", n > 1 ? "their" : "its",
	    r->d->args[0], names, n > MAX_NAMED ? ", ..." : "",
	    n > 1 ? "their" : "its");
}

/*
 * Whether dpkg's status (db:Status-Abbrev) says the package's files are on
 * disk: installed, and also unpacked, half-configured, awaiting or
 * pending triggers, or half-installed: the state of a package in the
 * middle of a dpkg run, which a refresh from the path unit may see.
 */
static bool on_disk(const char *status)
{
	return status[0] && status[1] && strchr("iUFWtH", status[1]);
}

static int take_installed(struct run *r, struct lists *l)
{
	char *line, *nl, *f[4], names[MAX_NAMED * 40] = "";
	const struct vb_apt_entry *e, **v = NULL, **tmp;
	bool allow = !strcmp(r->d->action, "allow");
	unsigned int n = 0, i, nr = 0;
	struct vb_tool t;
	int ret = installed_list(r, &t);

	for (line = t.out; !ret && line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		for (i = 0, f[0] = line; i < 3 && f[i]; i++) {
			f[i + 1] = strchr(f[i], '\t');
			if (f[i + 1])
				*f[i + 1]++ = '\0';
		}
		if (i < 3 || !f[3] || !on_disk(f[3]))
			continue;
		e = vb_apt_index_find(&l->idx, f[0], f[1], f[2]);
		if (!e) {
			if (n++ < MAX_NAMED)
				snprintf(names + strlen(names),
					 sizeof(names) - strlen(names), "%s%s",
					 n > 1 ? ", " : "", f[0]);
		} else if (allow) {
			ret = installed_deb(r, e);
		} else {
			tmp = realloc(v, (nr + 1) * sizeof(*v));
			if (!tmp)
				ret = -ENOMEM;
			else
				(v = tmp)[nr++] = e;
		}
	}
	vb_tool_release(&t);
	if (r->missing > 1) {
		r->errors = 0;	/* the summary is always shown */
		msg(r, VB_PKG_ERROR,
		    "%u installed packages have no .deb in apt's cache; fetch them all: apt-get install --reinstall --download-only $(dpkg-query -W -f '${Package} ')",
		    r->missing);
	}
	if (!ret && nr)
		ret = installed_disk(r, v, nr);
	free(v);
	not_listed(r, n, names);
	return ret;
}

/* apt's pending .deb files that a verified index lists. */
static int take_pending(struct run *r, struct lists *l)
{
	u8 sha[VENDORBAN_SHA256_LEN];
	const struct vb_apt_entry *e;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < r->s->nr_pending && ret != -ENOMEM; i++) {
		if (vb_pkg_copy(r->s->pending[i], NULL, sha))
			continue;
		e = vb_apt_index_by_sha(&l->idx, sha);
		if (e) {
			struct take how = { .want = e->sha256,
					    .index = "Packages" };

			ret = take_file(r, r->s->pending[i], r->s->pending[i],
					&how);
		}
	}
	return ret == -ENOMEM ? ret : 0;
}

static int from_installed(struct run *r, struct vb_keyring *kr)
{
	const char *db = vb_pkg_db(r->s->root);
	struct lists l = { 0 };
	int ret;

	if (!db || strcmp(db, "dpkg")) {
		msg(r, VB_PKG_ERROR,
		    "'installed' needs dpkg and apt's lists%s: on an RPM system name the .rpm files (dnf download)",
		    db ? "" : " (no dpkg database found)");
		return -EINVAL;
	}
	if (asprintf(&l.dir, "%s/var/lib/apt/lists",
		     vb_pkg_prefix(r->s->root)) < 0)
		return -ENOMEM;
	ret = lists_read(r, kr, &l);
	if (!ret && !r->failed && !l.idx.nr_releases)
		msg(r, VB_PKG_WARNING,
		    "no Release file in '%s' verifies with '%s': no installed package comes from its repositories",
		    l.dir, kr->path);
	if (!ret && !r->failed)
		ret = take_installed(r, &l);
	if (!ret && !r->failed)
		ret = take_pending(r, &l);
	vb_apt_index_free(&l.idx);
	vb_apt_release_free(&l.trusted);
	free(l.dir);
	return ret;
}

/* ---- package-key ---- */

static int key_source(struct run *r, struct vb_keyring *kr, unsigned int i)
{
	const struct vb_pkg_directive *d = r->d;
	struct take how = { .kr = kr };
	struct stat st;
	char *path;
	int ret = 0;

	r->col = d->cols[i];
	if (!d->quoted[i] && !strcmp(d->args[i], "installed"))
		return from_installed(r, kr);
	path = vb_path_join(d->dir, d->args[i]);
	if (!path)
		return -ENOMEM;
	r->s->read_file(r->s->ctx, path);
	if (stat(path, &st) < 0) {
		msg(r, VB_PKG_ERROR, "cannot read '%s': %s", d->args[i],
		    strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		char *dists;

		if (asprintf(&dists, "%s/dists", path) < 0) {
			free(path);
			return -ENOMEM;
		}
		if (has_release(path) || access(dists, F_OK) == 0)
			ret = take_repo(r, kr, path, d->args[i]);
		else
			ret = take_dir(r, path, d->args[i], &how);
		free(dists);
	} else if (vb_pkg_is_deb(path)) {
		msg(r, VB_PKG_ERROR,
		    "'%s': a .deb carries no signature of its own: name the apt repository that lists it",
		    d->args[i]);
	} else {
		how.explicit = true;
		ret = take_file(r, path, d->args[i], &how);
	}
	free(path);
	return ret == -ENOMEM ? ret : 0;
}

static int do_package_key(struct run *r)
{
	const struct vb_pkg_directive *d = r->d;
	struct vb_keyring kr;
	char why[VB_WHY_LEN], *path;
	unsigned int i;
	int ret;

	if (d->nr_args < 2) {
		msg(r, VB_PKG_ERROR, d->nr_args ?
		    "missing package source: an .rpm file, a directory, an apt repository or installed" :
		    "missing OpenPGP key file");
		return -EINVAL;
	}
	r->col = d->cols[0];
	path = vb_path_join(d->dir, d->args[0]);
	if (!path)
		return -ENOMEM;
	r->s->read_file(r->s->ctx, path);
	ret = vb_keyring_load(path, r->st->workdir, &kr, why);
	free(path);
	if (ret == -ENOMEM)
		goto out;
	if (ret) {
		msg(r, VB_PKG_ERROR, "'%s': %s", d->args[0], why);
		goto out;
	}
	free(kr.path);
	kr.path = strdup(d->args[0]);
	for (i = 1; i < d->nr_args && kr.path && ret != -ENOMEM; i++)
		ret = key_source(r, &kr, i);
	if (!kr.path)
		ret = -ENOMEM;
out:
	vb_keyring_free(&kr);
	return ret == -ENOMEM ? ret : 0;
}

/* ---- the entry point ---- */

/* What a directive gave, for the admin. */
static void note(struct run *r)
{
	char extra[160] = "";

	if (r->skipped)
		snprintf(extra, sizeof(extra),
			 "; %u package%s signed by another key or not at all skipped",
			 r->skipped, r->skipped == 1 ? "" : "s");
	if (r->dups)
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
			 "; %u file%s already had a rule", r->dups,
			 r->dups == 1 ? "" : "s");
	msg(r, VB_PKG_NOTE, "%s: %u package%s, %u rule%s%s", r->d->selector,
	    r->packages, r->packages == 1 ? "" : "s", r->rules,
	    r->rules == 1 ? "" : "s", extra);
}

bool vb_pkg_is_directive(const char *selector)
{
	return !strcmp(selector, "package") ||
	       !strcmp(selector, "package-key") ||
	       !strcmp(selector, "installed-package");
}

/**
 * vb_pkg_expand() - expand a package directive into file-sha256 rules
 * @d: the directive
 * @s: the compiler: where rules and messages go
 *
 * Every error is reported through @s->report; any error means the
 * directive (and so the compile) failed.  A summary of what was found goes
 * out as a note.
 *
 * Return: 0 when no error was reported; -EINVAL after one; -ENOMEM.
 */
int vb_pkg_expand(const struct vb_pkg_directive *d, struct vb_pkg_sink *s)
{
	struct run r = { .d = d, .s = s, .col = d->sel_col };
	int ret;

	r.st = get_state(&r);
	if (!r.st) {
		msg(&r, VB_PKG_ERROR, "cannot make a working directory: %s",
		    strerror(errno));
		return -ENOMEM;
	}
	if (!strcmp(d->selector, "package"))
		ret = do_package(&r);
	else if (!strcmp(d->selector, "package-key"))
		ret = do_package_key(&r);
	else
		ret = do_installed(&r);
	if (ret == -ENOMEM)
		return ret;
	r.col = d->sel_col;
	if (!r.failed)
		note(&r);
	if (!r.failed && !r.packages)
		msg(&r, VB_PKG_WARNING, "%s gives no package: this line makes no rule",
		    d->selector);
	return r.failed ? -EINVAL : 0;
}
