// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - OpenPGP keys and signatures of packages
 *
 * Nothing of OpenPGP is parsed or verified here.  gpg imports the key file
 * into a private GNUPGHOME and lists its keys with their validity (expired,
 * revoked); the usable primary keys (and their subkeys) are exported into
 * a keyring for gpgv, which verifies signed indexes (InRelease, Release
 * with Release.gpg) and reports each signature on its status fd, and into
 * a private rpm database, where rpmkeys verifies RPM header signatures
 * (which cover the payload digest and every file digest).  Keys that are
 * expired or revoked are left out of both, so a signature made with one
 * never counts; the key id a signature claims then says which key it was,
 * for the message.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "pgp.h"
#include "pkgtool.h"

#define GPG_OPTS	"--batch", "--no-tty", "--no-autostart", "--quiet"

static void set_why(char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_why(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, VB_WHY_LEN, fmt, ap);
	va_end(ap);
}

/* A tool that could not run: why, naming the package to install. */
static int tool_failed(const char *name, int ret, char *why)
{
	if (ret == -ENOENT)
		set_why(why, "%s is not installed (install the %s package)",
			name, vb_tool_package(name));
	else
		set_why(why, "%s could not run: %s", name, strerror(-ret));
	return ret == -ENOENT ? -ENOENT : ret;
}

/* Field @n (0-based) of a colon-separated gpg line, copied into @out. */
static void field(const char *line, int n, char *out, size_t size)
{
	size_t len;

	while (n-- > 0 && line) {
		line = strchr(line, ':');
		if (line)
			line++;
	}
	len = line ? strcspn(line, ":\n") : 0;
	if (len >= size)
		len = size - 1;
	memcpy(out, line ? line : "", len);
	out[len] = '\0';
}

/* Reads gpg --with-colons --list-keys output into @kr->keys. */
static int parse_list(struct vb_keyring *kr, const char *text)
{
	struct vb_pgp_key *cur = NULL, *prim = NULL;
	const char *line;
	char kind[8], val[8];

	for (line = text; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		field(line, 0, kind, sizeof(kind));
		if (!strcmp(kind, "pub") || !strcmp(kind, "sub")) {
			if (kr->nr == VB_PGP_MAX_KEYS)
				return -E2BIG;
			cur = &kr->keys[kr->nr++];
			memset(cur, 0, sizeof(*cur));
			field(line, 1, val, sizeof(val));
			cur->validity = val[0];
			if (!strcmp(kind, "pub"))
				prim = cur;
			else if (prim)
				cur->validity = prim->validity == 'r' ||
						prim->validity == 'e' ?
						prim->validity : cur->validity;
		} else if (!strcmp(kind, "fpr") && cur && !cur->fpr[0]) {
			field(line, 9, cur->fpr, sizeof(cur->fpr));
			if (prim)
				strcpy(cur->primary, prim->fpr[0] ? prim->fpr :
				       cur->fpr);
		} else if (!strcmp(kind, "uid") && prim && !prim->uid[0]) {
			field(line, 9, prim->uid, sizeof(prim->uid));
		}
	}
	return 0;
}

static bool usable(char validity)
{
	return validity != 'e' && validity != 'r' && validity != 'i' &&
	       validity != 'd';
}

/**
 * vb_pgp_validity_name() - a validity letter in words
 * @validity: gpg's letter
 *
 * Return: "expired", "revoked", "invalid", "disabled" or "usable".
 */
const char *vb_pgp_validity_name(char validity)
{
	switch (validity) {
	case 'e':
		return "expired";
	case 'r':
		return "revoked";
	case 'i':
		return "invalid";
	case 'd':
		return "disabled";
	}
	return "usable";
}

static int gpg_import(struct vb_keyring *kr, char *why)
{
	const char *argv[] = { "gpg", GPG_OPTS, "--homedir", kr->home,
			       "--import", kr->path, NULL };
	struct vb_tool t = { .argv = argv, .home = kr->home };
	int ret = vb_tool_run(&t);

	if (ret)
		return tool_failed("gpg", ret, why);
	vb_tool_release(&t);
	if (t.exit_code != 0) {
		set_why(why, "not an OpenPGP key%s%s%s", t.err[0] ? " (" : "",
			t.err, t.err[0] ? ")" : "");
		return -EINVAL;
	}
	return 0;
}

static int gpg_list(struct vb_keyring *kr, char *why)
{
	const char *argv[] = { "gpg", GPG_OPTS, "--homedir", kr->home,
			       "--with-colons", "--fixed-list-mode",
			       "--with-subkey-fingerprint", "--list-keys", NULL };
	struct vb_tool t = { .argv = argv, .home = kr->home };
	unsigned int i;
	int ret = vb_tool_run(&t);

	if (ret)
		return tool_failed("gpg", ret, why);
	ret = t.exit_code ? -EINVAL : parse_list(kr, t.out);
	vb_tool_release(&t);
	if (ret == -E2BIG)
		set_why(why, "holds more than %d keys", VB_PGP_MAX_KEYS);
	else if (ret)
		set_why(why, "gpg cannot list its keys: %s", t.err);
	for (i = 0; !ret && i < kr->nr; i++)
		kr->nr_usable += !strcmp(kr->keys[i].fpr, kr->keys[i].primary) &&
				 usable(kr->keys[i].validity);
	if (!ret && !kr->nr) {
		set_why(why, "not an OpenPGP key (no public key in it)");
		ret = -EINVAL;
	}
	return ret;
}

/* Exports the usable primary keys (binary, with subkeys) for gpgv. */
static int gpg_export_usable(struct vb_keyring *kr, char *why)
{
	const char *argv[VB_PGP_MAX_KEYS + 8] = { "gpg", GPG_OPTS,
		"--homedir", kr->home, "--export" };
	struct vb_tool t = { .argv = argv, .home = kr->home };
	unsigned int i, n = 8;
	int ret;

	for (i = 0; i < kr->nr; i++)
		if (!strcmp(kr->keys[i].fpr, kr->keys[i].primary) &&
		    usable(kr->keys[i].validity))
			argv[n++] = kr->keys[i].fpr;
	argv[n] = NULL;
	if (asprintf(&kr->gpgv_ring, "%s/usable.gpg", kr->home) < 0) {
		kr->gpgv_ring = NULL;
		return -ENOMEM;
	}
	t.out_file = kr->gpgv_ring;
	ret = vb_tool_run(&t);
	if (ret)
		return tool_failed("gpg", ret, why);
	if (t.exit_code) {
		set_why(why, "gpg cannot export its keys: %s", t.err);
		return -EINVAL;
	}
	return 0;
}

/* The reason no key of @kr is usable, naming each. */
static void none_usable(const struct vb_keyring *kr, char *why)
{
	size_t len;
	unsigned int i;

	set_why(why, "no usable key: ");
	for (i = 0; i < kr->nr; i++) {
		if (strcmp(kr->keys[i].fpr, kr->keys[i].primary))
			continue;
		len = strlen(why);
		snprintf(why + len, VB_WHY_LEN - len, "%s%s \"%s\" is %s",
			 len > 15 ? "; " : "", kr->keys[i].fpr, kr->keys[i].uid,
			 vb_pgp_validity_name(kr->keys[i].validity));
	}
}

/**
 * vb_keyring_load() - read an OpenPGP key file with gpg
 * @path: the file (armored or binary; one key or several)
 * @workdir: a private directory to work in
 * @kr: filled in; free with vb_keyring_free() whatever this returns
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0; -EINVAL when the file is not an OpenPGP key or has no key that
 * is neither expired nor revoked; -ENOENT when gpg is not installed; or
 * another negative errno.
 */
int vb_keyring_load(const char *path, const char *workdir,
		    struct vb_keyring *kr, char *why)
{
	static unsigned int seq;
	int ret;

	memset(kr, 0, sizeof(*kr));
	kr->path = strdup(path);
	kr->keys = calloc(VB_PGP_MAX_KEYS, sizeof(*kr->keys));
	if (!kr->path || !kr->keys ||
	    asprintf(&kr->home, "%s/gnupg.%u", workdir, seq++) < 0) {
		kr->home = NULL;
		return -ENOMEM;
	}
	if (mkdir(kr->home, 0700) < 0) {
		set_why(why, "cannot make %s: %s", kr->home, strerror(errno));
		return -errno;
	}
	ret = gpg_import(kr, why);
	if (!ret)
		ret = gpg_list(kr, why);
	if (!ret && !kr->nr_usable) {
		none_usable(kr, why);
		ret = -EINVAL;
	}
	if (!ret)
		ret = gpg_export_usable(kr, why);
	return ret;
}

void vb_keyring_free(struct vb_keyring *kr)
{
	free(kr->path);
	free(kr->home);
	free(kr->gpgv_ring);
	free(kr->rpmdb);
	free(kr->keys);
	memset(kr, 0, sizeof(*kr));
}

/**
 * vb_keyring_find() - the key of a file that a key id names
 * @kr: the keys
 * @keyid: a key id (16 hex digits), a short one (8) or a fingerprint, any
 *         case
 *
 * Return: the key or subkey whose fingerprint ends in @keyid, or NULL.
 */
const struct vb_pgp_key *vb_keyring_find(const struct vb_keyring *kr,
					 const char *keyid)
{
	size_t n = strlen(keyid), f;
	unsigned int i;

	if (n < 8)
		return NULL;
	for (i = 0; i < kr->nr; i++) {
		f = strlen(kr->keys[i].fpr);
		if (f >= n && !strcasecmp(kr->keys[i].fpr + f - n, keyid))
			return &kr->keys[i];
	}
	return NULL;
}

/*
 * The result for a signature by key @keyid that no usable key verified:
 * an unusable key of the file, or another key.
 */
static enum vb_sig_result by_other(const struct vb_keyring *kr,
				   const char *keyid, char *why)
{
	const struct vb_pgp_key *k = keyid[0] ? vb_keyring_find(kr, keyid) :
				     NULL;
	const struct vb_pgp_key *p;
	char up[72];
	unsigned int i;

	if (!k) {
		for (i = 0; keyid[i] && i + 1 < sizeof(up); i++)
			up[i] = keyid[i] >= 'a' && keyid[i] <= 'f' ?
				keyid[i] - 'a' + 'A' : keyid[i];
		up[i] = '\0';
		set_why(why, "signed by key %s, which is not in '%s'",
			up[0] ? up : "?", kr->path);
		return VB_SIG_OTHER_KEY;
	}
	for (p = k, i = 0; i < kr->nr; i++)
		if (!strcmp(kr->keys[i].fpr, k->primary))
			p = &kr->keys[i];
	set_why(why, "signed by key %s \"%s\" of '%s', which is %s", k->fpr,
		p->uid, kr->path, vb_pgp_validity_name(k->validity));
	return usable(k->validity) ? VB_SIG_OTHER_KEY : VB_SIG_UNUSABLE;
}

/*
 * The word after "[GNUPG:] @key " on a line of @status, into @out (may be
 * empty); false if no line has @key.
 */
static bool status_arg(const char *status, const char *key, char *out,
		       size_t size)
{
	size_t klen = strlen(key), len;
	const char *p;

	out[0] = '\0';
	for (p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, "[GNUPG:] ", 9) || strncmp(p + 9, key, klen) ||
		    (p[9 + klen] != ' ' && p[9 + klen] != '\n' &&
		     p[9 + klen] != '\0'))
			continue;
		p += 9 + klen;
		p += *p == ' ';
		len = strcspn(p, " \n");
		if (len >= size)
			len = size - 1;
		memcpy(out, p, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

/*
 * Judges gpgv's status lines as apt does: one good, valid signature by a
 * key of the keyring, and no bad one.
 */
static enum vb_sig_result judge_gpgv(const struct vb_keyring *kr,
				     const char *status, char *why)
{
	char keyid[72];

	if (status_arg(status, "BADSIG", keyid, sizeof(keyid))) {
		set_why(why, "the signature by key %s does not verify", keyid);
		return VB_SIG_BAD;
	}
	if (status_arg(status, "EXPSIG", keyid, sizeof(keyid))) {
		set_why(why, "the signature by key %s has expired", keyid);
		return VB_SIG_BAD;
	}
	if (status_arg(status, "GOODSIG", keyid, sizeof(keyid)) &&
	    status_arg(status, "VALIDSIG", keyid, sizeof(keyid))) {
		set_why(why, "signed by key %s", keyid);
		return VB_SIG_OK;
	}
	if (status_arg(status, "ERRSIG", keyid, sizeof(keyid)) ||
	    status_arg(status, "NO_PUBKEY", keyid, sizeof(keyid)))
		return by_other(kr, keyid, why);
	set_why(why, "it carries no OpenPGP signature");
	return VB_SIG_NONE;
}

/**
 * vb_gpgv_verify() - verify a signed index with gpgv
 * @kr: the keys
 * @file: an inline-signed file (InRelease), or the signed data of @sig
 * @sig: a detached signature (Release.gpg), or NULL
 * @out: for an inline-signed @file, where gpgv writes the signed text
 *       (only that text may be trusted, never @file itself); else NULL
 * @res: the result
 * @why: the reason, for messages (%VB_WHY_LEN bytes)
 *
 * Return: 0 with @res set; a negative errno when gpgv could not run.
 */
int vb_gpgv_verify(struct vb_keyring *kr, const char *file, const char *sig,
		   const char *out, enum vb_sig_result *res, char *why)
{
	const char *argv[16] = { "gpgv", "--quiet", "--keyring", kr->gpgv_ring,
				 "--status-fd", "3" };
	struct vb_tool t = { .argv = argv, .status_fd = true, .home = kr->home };
	int n = 6, ret;

	if (out) {
		argv[n++] = "--output";
		argv[n++] = out;
	}
	if (sig)
		argv[n++] = sig;
	argv[n++] = file;
	argv[n] = NULL;
	ret = vb_tool_run(&t);
	if (ret)
		return tool_failed("gpgv", ret, why);
	*res = judge_gpgv(kr, t.status ? t.status : "", why);
	if (*res == VB_SIG_OK && t.exit_code != 0) {
		set_why(why, "gpgv failed: %s", t.err);
		*res = VB_SIG_BAD;
	}
	vb_tool_release(&t);
	return 0;
}

/* An rpm database holding the usable keys, made once per key file. */
static int make_rpmdb(struct vb_keyring *kr, char *why)
{
	char *def = NULL, *asc = NULL;
	unsigned int i;
	int ret = 0;

	if (kr->rpmdb)
		return 0;
	if (asprintf(&kr->rpmdb, "%s/rpmdb", kr->home) < 0 ||
	    asprintf(&def, "_dbpath %s", kr->rpmdb) < 0 ||
	    asprintf(&asc, "%s/key.asc", kr->home) < 0) {
		ret = -ENOMEM;
		goto out;
	}
	mkdir(kr->rpmdb, 0700);
	for (i = 0; !ret && i < kr->nr; i++) {
		const char *exp[] = { "gpg", GPG_OPTS, "--homedir", kr->home,
				      "--armor", "--export", kr->keys[i].fpr,
				      NULL };
		const char *imp[] = { "rpmkeys", "--define", def, "--import",
				      asc, NULL };
		struct vb_tool te = { .argv = exp, .out_file = asc,
				      .home = kr->home };
		struct vb_tool ti = { .argv = imp, .home = kr->home };

		if (strcmp(kr->keys[i].fpr, kr->keys[i].primary) ||
		    !usable(kr->keys[i].validity))
			continue;
		ret = vb_tool_run(&te);
		if (ret) {
			ret = tool_failed("gpg", ret, why);
			break;
		}
		ret = vb_tool_run(&ti);
		if (ret) {
			ret = tool_failed("rpmkeys", ret, why);
			break;
		}
		vb_tool_release(&ti);
		if (te.exit_code || ti.exit_code) {
			set_why(why, "rpmkeys cannot import key %s: %s",
				kr->keys[i].fpr, ti.err);
			ret = -EINVAL;
		}
	}
out:
	free(def);
	free(asc);
	if (ret) {
		free(kr->rpmdb);
		kr->rpmdb = NULL;
	}
	return ret;
}

/* The 16-hex key id the RPM header signature claims, or "". */
static void rpm_sig_keyid(struct vb_keyring *kr, const char *rpm, char *out,
			  size_t size)
{
	const char *argv[] = { "rpm", "-qp", "--nosignature", "--nodigest",
			       "--qf", "%{RSAHEADER:pgpsig}|%{DSAHEADER:pgpsig}|%{SIGPGP:pgpsig}",
			       rpm, NULL };
	struct vb_tool t = { .argv = argv, .home = kr->home };
	const char *p;
	size_t len;

	out[0] = '\0';
	if (vb_tool_run(&t))
		return;
	p = t.out ? strstr(t.out, "Key ID ") : NULL;
	if (p) {
		p += 7;
		len = strspn(p, "0123456789abcdefABCDEF");
		if (len < size) {
			memcpy(out, p, len);
			out[len] = '\0';
		}
	}
	vb_tool_release(&t);
}

/*
 * What rpmkeys -Kv says of each signature ("Header V4 RSA/SHA256
 * Signature, key ID x: OK") and each digest ("Payload SHA256 digest: OK").
 */
struct rpmkeys_says {
	unsigned int sig_ok, sig_other, sig_bad, digest_bad;
	bool payload_ok;
};

static void read_rpmkeys(const char *out, struct rpmkeys_says *s)
{
	const char *line, *res;
	size_t len;

	memset(s, 0, sizeof(*s));
	for (line = out; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		len = strcspn(line, "\n");
		res = memmem(line, len, ": ", 2);
		if (!res)
			continue;
		while (memmem(res + 2, len - (res + 2 - line), ": ", 2))
			res = memmem(res + 2, len - (res + 2 - line), ": ", 2);
		res += 2;
		if (memmem(line, len, "Signature, key ID ", 18)) {
			if (!strncmp(res, "OK", 2))
				s->sig_ok++;
			else if (!strncmp(res, "BAD", 3))
				s->sig_bad++;
			else
				s->sig_other++;	/* NOKEY, NOTTRUSTED... */
		} else if (memmem(line, len, " digest: ", 9)) {
			if (!strncmp(res, "BAD", 3))
				s->digest_bad++;
			else if (!strncmp(line + strspn(line, " "),
					  "Payload SHA256 digest: OK", 25))
				s->payload_ok = true;
		}
	}
}

static enum vb_sig_result judge_rpmkeys(struct vb_keyring *kr,
					const char *rpm, const struct vb_tool *t,
					char *why)
{
	struct rpmkeys_says s;
	char keyid[72];

	read_rpmkeys(t->out ? t->out : "", &s);
	if (s.digest_bad) {
		set_why(why, "a digest does not match: the package is corrupt");
		return VB_SIG_BAD;
	}
	if (s.sig_bad) {
		set_why(why, "its signature does not verify");
		return VB_SIG_BAD;
	}
	if (s.sig_ok && !s.sig_other && t->exit_code == 0) {
		if (!s.payload_ok) {
			set_why(why, "it has no payload digest, so its signature does not cover its files");
			return VB_SIG_BAD;
		}
		rpm_sig_keyid(kr, rpm, keyid, sizeof(keyid));
		set_why(why, "signed by key %s", keyid[0] ? keyid : "?");
		return VB_SIG_OK;
	}
	if (s.sig_ok || s.sig_other) {
		rpm_sig_keyid(kr, rpm, keyid, sizeof(keyid));
		return by_other(kr, keyid, why);
	}
	set_why(why, "it carries no signature");
	return VB_SIG_NONE;
}

/**
 * vb_rpm_verify() - verify an RPM's header signature with rpmkeys
 * @kr: the keys
 * @rpm: the package (a private copy: it is read more than once)
 * @res: the result
 * @why: the reason, for messages (%VB_WHY_LEN bytes)
 *
 * The header signature covers the header, which holds the payload digest
 * (checked by rpmkeys too) and every file's digest.
 *
 * Return: 0 with @res set; -EINVAL when @rpm is not an RPM rpmkeys can
 * read; or another negative errno (a tool missing).
 */
int vb_rpm_verify(struct vb_keyring *kr, const char *rpm,
		  enum vb_sig_result *res, char *why)
{
	char *def = NULL;
	const char *argv[] = { "rpmkeys", "--define", NULL, "-Kv", rpm, NULL };
	struct vb_tool t = { .argv = argv, .home = kr->home };
	int ret = make_rpmdb(kr, why);

	if (ret)
		return ret;
	if (asprintf(&def, "_dbpath %s", kr->rpmdb) < 0)
		return -ENOMEM;
	argv[2] = def;
	ret = vb_tool_run(&t);
	free(def);
	if (ret)
		return tool_failed("rpmkeys", ret, why);
	if (t.exit_code && !strstr(t.out ? t.out : "", " digest: ")) {
		set_why(why, "not an RPM package rpmkeys can read (rpmkeys: %s)",
			t.err[0] ? t.err : "failed");
		vb_tool_release(&t);
		return -EINVAL;
	}
	*res = judge_rpmkeys(kr, rpm, &t, why);
	vb_tool_release(&t);
	return 0;
}
