// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - ready-to-paste rules for a vendor's file
 *
 * "inspect --rules FILE" prints, for every signer of every signature the
 * file carries, one rule of each kind that names it, with a comment on
 * what each catches: fingerprint (this certificate), issuer-serial and
 * skid (this certificate, embedded or not), subject-o and subject-cn
 * (this spelling of the name), legal-entity (the company, whatever its
 * certificates spell), cert (every identity of the certificate); then the
 * file's own rules (file-sha256, ima-keyid) and, when the file is a
 * package or comes from one, the package rules (package, package-key,
 * installed-package; an RPM's signature named by the key id rpm gives).  The values come from the kernel's own parser
 * (kmod/lib), as inspect's "ours".
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "pkgfiles.h"
#include "pkgtool.h"
#include "rules.h"
#include "util.h"
#include "x509.h"

struct join {
	char buf[1024];
	size_t len;
};

static void join_one(void *ctx, const char *value)
{
	struct join *j = ctx;

	j->len += snprintf(j->buf + j->len, j->len < sizeof(j->buf) ?
			   sizeof(j->buf) - j->len : 0, "%s%s",
			   j->len ? ", " : "", value);
	if (j->len >= sizeof(j->buf))
		j->len = sizeof(j->buf) - 1;
}

/**
 * vb_legal_entities() - the registrations a subject names
 * @subject: the subject Name
 *
 * Return: "CC-NUMBER, ..." as the kernel reads them (for legal-entity
 * rules), or NULL when there is none.
 */
char *vb_legal_entities(const struct vendorban_blob *subject)
{
	char buf[VENDORBAN_NAME_MAX];
	struct join j = { .len = 0 };

	j.buf[0] = '\0';
	if (!subject->len ||
	    vendorban_name_legal_each(subject, buf, sizeof(buf), join_one, &j) ||
	    !j.len)
		return NULL;
	return strdup(j.buf);
}

/* @s as a policy string: quoted, '"' and '\' escaped. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* A label from a name: its label characters, at most 64; "" if none. */
static void make_label(const char *from, char *out)
{
	size_t n = 0;
	bool dash = false;

	for (; *from && n < VENDORBAN_LABEL_LEN; from++) {
		char c = *from;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
			if (dash && n)
				out[n++] = '-';
			dash = false;
			if (n < VENDORBAN_LABEL_LEN)
				out[n++] = c;
		} else {
			dash = true;
		}
	}
	out[n] = '\0';
}

static void rule_str(FILE *out, const char *sel, const char *value,
		     const char *label, const char *why)
{
	fprintf(out, "# %s\ndeny %s ", why, sel);
	put_quoted(out, value);
	fprintf(out, " label=%s\n", label);
}

static void rule_hex(FILE *out, const char *sel, const u8 *v, size_t len,
		     const char *label, const char *why)
{
	char *hex = vb_hex(v, len);

	fprintf(out, "# %s\ndeny %s %s label=%s\n", why, sel, hex ? hex : "?",
		label);
	free(hex);
}

static void cert_rules(FILE *out, const struct vendorban_cert *c,
		       const char *label)
{
	char buf[VENDORBAN_NAME_MAX], *reg = vb_legal_entities(&c->subject);
	u8 fpr[VENDORBAN_SHA256_LEN];
	char *p, *next;
	unsigned int i;

	vendorban_cert_fingerprint(c, fpr);
	rule_hex(out, "fingerprint", fpr, VENDORBAN_SHA256_LEN,
		 label, "this certificate, when the signature embeds it");
	for (i = 0; !vendorban_name_attr(&c->subject, VENDORBAN_ATTR_O, i, buf,
					 sizeof(buf)); i++)
		rule_str(out, "subject-o", buf, label,
			 "this spelling of the company's name (O), in any certificate");
	for (i = 0; !vendorban_name_attr(&c->subject, VENDORBAN_ATTR_CN, i, buf,
					 sizeof(buf)); i++)
		rule_str(out, "subject-cn", buf, label,
			 "this common name (CN), in any certificate");
	for (p = reg; p && *p; p = next) {
		next = strstr(p, ", ");	/* a registration has no ',' */
		if (next) {
			*next = '\0';
			next += 2;
		}
		rule_str(out, "legal-entity", p, label,
			 "the company by its registration (EV jurisdiction and serialNumber, eIDAS organizationIdentifier): every certificate it holds, however spelled");
	}
	free(reg);
	rule_hex(out, "cert", c->der.data, c->der.len, label,
		 "every identity of this certificate (fingerprint, issuer and serial, SKID)");
}

static void signer_rules(FILE *out, const struct vendorban_pkcs7 *msg,
			 unsigned int n)
{
	const struct vendorban_signer *s = &msg->signers[n];
	const struct vendorban_cert *c = vendorban_pkcs7_signer_cert(msg, n);
	struct vendorban_blob serial = c ? c->serial : s->serial;
	const struct vendorban_blob *issuer = c ? &c->issuer : &s->issuer;
	const struct vendorban_blob *skid = c && c->skid.len ? &c->skid :
					    &s->skid;
	char label[VENDORBAN_LABEL_LEN + 1], buf[VENDORBAN_NAME_MAX];
	char *hex;

	/* the label: from the subject's O, else its CN (ASCII only) */
	label[0] = '\0';
	if (c && !vendorban_name_attr(&c->subject, VENDORBAN_ATTR_O, 0, buf,
				      sizeof(buf)))
		make_label(buf, label);
	if (c && !label[0] &&
	    !vendorban_name_attr(&c->subject, VENDORBAN_ATTR_CN, 0, buf,
				 sizeof(buf)))
		make_label(buf, label);
	if (!label[0])
		strcpy(label, "vendor");
	if (c && !vendorban_name_format(&c->subject, buf, sizeof(buf)))
		fprintf(out, "## signer %u: %s\n", n, buf);
	else
		fprintf(out, "## signer %u: no certificate in the signature\n", n);
	if (issuer->len && !vendorban_name_format(issuer, buf, sizeof(buf)) &&
	    serial.len) {
		vendorban_serial_normalize(&serial);
		hex = vb_hex(serial.data, serial.len);
		fprintf(out, "# this certificate, by its issuer and serial\ndeny issuer-serial ");
		put_quoted(out, buf);
		fprintf(out, " %s label=%s\n", hex ? hex : "?", label);
		free(hex);
	}
	if (skid->len)
		rule_hex(out, "skid", skid->data, skid->len, label,
			 "this key, by its subject key identifier");
	if (c)
		cert_rules(out, c, label);
}

static int file_sha256(const struct vb_filesig *sig, const char *path,
		       u8 *sha)
{
	if (sig->image.data) {
		vendorban_sha256(sig->image.data, sig->image.len, sha);
		return 0;
	}
	return vb_pkg_copy(path, NULL, sha);
}

/* The installed package that owns @path (dpkg -S), or NULL. */
static char *owner(const char *path)
{
	const char *argv[] = { "dpkg-query", "--search", path, NULL };
	struct vb_tool t = { .argv = argv };
	char *name = NULL, *colon;

	if (!vb_tool_run(&t) && !t.exit_code && t.out &&
	    (colon = strstr(t.out, ": ")) && !strchr(t.out, ',') &&
	    strchr(t.out, '\n') == t.out + strlen(t.out) - 1)
		name = strndup(t.out, colon - t.out);
	vb_tool_release(&t);
	return name;
}

/*
 * The OpenPGP signature of an RPM as rpm describes it ("RSA/SHA512, DATE,
 * Key ID HEX"), or NULL when it carries none or rpm cannot read it.
 */
static char *rpm_signer(const char *path)
{
	const char *argv[] = { "rpm", "-qp", "--nosignature", "--nodigest",
		"--qf", "%|RSAHEADER?{%{RSAHEADER:pgpsig}}:{%|DSAHEADER?{%{DSAHEADER:pgpsig}}:{%|SIGPGP?{%{SIGPGP:pgpsig}}:{none}|}|}|\n",
		path, NULL };
	struct vb_tool t = { .argv = argv };
	char *sig = NULL;

	if (!vb_tool_run(&t) && !t.exit_code && t.out &&
	    strstr(t.out, "Key ID ") && !strchr(t.out, '"'))
		sig = strndup(t.out, strcspn(t.out, "\n"));
	vb_tool_release(&t);
	return sig;
}

/* The rules of a package file: its files, and its key (an RPM's own). */
static void package_file_rules(FILE *out, const char *path)
{
	char *sig;

	fprintf(out, "# the files of this package that the kernel checks\ndeny package ");
	put_quoted(out, path);
	fprintf(out, "\n");
	if (vb_pkg_is_deb(path)) {
		fprintf(out, "# every package of the vendor's apt repository that lists it (REPO: the\n"
			"# repository's directory, with dists/; KEYFILE: the repository's public key)\n"
			"deny package-key \"KEYFILE\" \"REPO\"\n");
		return;
	}
	sig = rpm_signer(path);
	if (!sig) {
		fprintf(out, "# it carries no OpenPGP signature: no package-key rule names it\n");
		return;
	}
	fprintf(out, "# every package signed by the vendor's OpenPGP key (KEYFILE: the public key\n"
		"# of this package's signature: %s)\ndeny package-key \"KEYFILE\" ", sig);
	put_quoted(out, path);
	fprintf(out, "\n");
	free(sig);
}

static void package_rules(FILE *out, const char *path)
{
	char *abs = realpath(path, NULL), *pkg = NULL;

	if (vb_pkg_is_rpm(path) || vb_pkg_is_deb(path)) {
		package_file_rules(out, path);
	} else if (abs && (pkg = owner(abs))) {
		fprintf(out, "# the files of the installed package %s, as they are on disk\n"
			"deny installed-package %s\n"
			"# every installed package signed by the vendor's OpenPGP key (KEYFILE: its repository key)\n"
			"deny package-key \"KEYFILE\" installed\n", pkg, pkg);
	}
	free(pkg);
	free(abs);
}

/**
 * vb_print_rules() - ready-to-paste rules that name a file's vendor
 * @path: the file
 * @sig: its signatures, from vb_filesig_read()
 * @out: where the rules go
 *
 * Return: 0, or a negative errno when the file cannot be read.
 */
int vb_print_rules(const char *path, const struct vb_filesig *sig, FILE *out)
{
	u8 sha[VENDORBAN_SHA256_LEN];
	unsigned int m, n;
	int ret;

	fprintf(out, "# rules for %s (paste the ones you want into a policy)\n",
		path);
	for (m = 0; sig->state == VENDORBAN_SIG_PRESENT && m < sig->nr_msgs;
	     m++) {
		fprintf(out, "### signature %u\n", m);
		for (n = 0; n < sig->msgs[m]->nr_signers &&
		     n < VENDORBAN_MAX_SIGNERS; n++)
			signer_rules(out, sig->msgs[m], n);
	}
	if (sig->state != VENDORBAN_SIG_PRESENT)
		fprintf(out, "### signature: %s\n", vb_sig_state_name(sig->state));
	fprintf(out, "### the file\n");
	ret = file_sha256(sig, path, sha);
	if (ret)
		return ret;
	rule_hex(out, "file-sha256", sha, sizeof(sha), "file",
		 sig->image.data ? "this module image (decompressed), whatever its signature" :
		 "this very file, whatever its signature");
	if (sig->has_ima_keyid)
		rule_hex(out, "ima-keyid", sig->ima_keyid,
			 sizeof(sig->ima_keyid), "ima",
			 "files whose security.ima signature claims this 4-byte key id (other keys may share it)");
	package_rules(out, path);
	return fflush(out) ? -EIO : 0;
}
