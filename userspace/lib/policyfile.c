// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a policy file, source or signed, for every command that
 * reads one
 *
 * /etc/vendorban/policy may be a source or a signed policy (vendorbanctl
 * sign: a DER CMS SignedData message around the canonical text).  compile,
 * diff, test, scan, show, load and bootcheck all read it through
 * vb_policy_read(): a signed one by its content, its signature checked
 * with a certificate the admin names (--cert: the kernel does the same
 * check with its keyrings at load time), its version and signer shown; a
 * DER file that is not a complete SignedData message is an error that
 * says so ("truncated or corrupt"), not a source with invalid UTF-8.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "policyfile.h"
#include "policysig.h"
#include "securityfs.h"
#include "util.h"

/* The signed policy the kernel takes: at most its text and a signature. */
#define SIGNED_MAX	(VENDORBAN_POLICY_MAX_SIZE + (1u << 20))

/*
 * Bytes that can only be DER: a SEQUENCE with a long-form length (a
 * policy source is text, and no UTF-8 text has 0x30 then 0x80..0x84).
 */
static bool looks_der(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;

	return len >= 2 && p[0] == 0x30 && p[1] >= 0x80 && p[1] <= 0x84;
}

/* The length the outer DER header of @data announces, header included. */
static size_t der_total(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t n = p[1] & 0x7f, i, total = 0;

	if (len < 2 + n)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		total = total << 8 | p[2 + i];
	return 2 + n + total;
}

/* Why @data (DER, @len bytes) is not a signed policy; printed for @path. */
static void not_signed(const char *path, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t total = der_total(data, len);
	CMS_ContentInfo *cms;

	if (total > len) {
		fprintf(stderr, "vendorbanctl: ERROR: %s: a truncated signed policy (DER of %zu bytes cut at %zu): nothing of it is used\n",
			path, total == (size_t)-1 ? len + 1 : total, len);
		return;
	}
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ERR_clear_error();
	fprintf(stderr, "vendorbanctl: ERROR: %s: %s\n", path, cms ?
		"DER data, but not a signed policy (a CMS message, not SignedData)" :
		"DER data, but not a signed policy (not a CMS message: corrupt, or another kind of file)");
	CMS_ContentInfo_free(cms);
}

static X509 *read_cert(const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *cert = NULL;

	if (bio) {
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (!cert && BIO_reset(bio) == 0)
			cert = d2i_X509_bio(bio, NULL);
	}
	BIO_free(bio);
	ERR_clear_error();
	return cert;
}

static char *name_text(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *text = NULL, *mem;
	long n;

	if (bio && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0) {
		n = BIO_get_mem_data(bio, &mem);
		text = n >= 0 ? strndup(mem, (size_t)n) : NULL;
	}
	BIO_free(bio);
	return text;
}

/* The subject of the embedded certificate of the first signer, or NULL. */
static char *signer_subject(CMS_ContentInfo *cms)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	STACK_OF(X509) *certs = CMS_get1_certs(cms);
	CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) > 0 ?
			     sk_CMS_SignerInfo_value(sis, 0) : NULL;
	char *subject = NULL;
	int i;

	for (i = 0; si && i < sk_X509_num(certs) && !subject; i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			subject = name_text(X509_get_subject_name(sk_X509_value(certs, i)));
	sk_X509_pop_free(certs, X509_free);
	return subject;
}

/*
 * The signature of @data checked with @cert_path's key alone (no chain:
 * the kernel's keyrings decide trust at load time).  0, or -EKEYREJECTED
 * / -ENOENT with the reason printed.
 */
static int verify(const char *path, const char *data, size_t len,
		  const char *cert_path)
{
	const unsigned char *p = (const unsigned char *)data;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	STACK_OF(X509) *certs = sk_X509_new_null();
	X509 *cert = read_cert(cert_path);
	int ret = -EKEYREJECTED;

	if (!cert) {
		fprintf(stderr, "vendorbanctl: ERROR: %s: no certificate (PEM or DER) in it\n",
			cert_path);
		ret = -ENOENT;
	} else if (cms && certs && sk_X509_push(certs, cert)) {
		cert = NULL;	/* owned by certs */
		if (CMS_verify(cms, certs, NULL, NULL, NULL,
			       CMS_BINARY | CMS_NOINTERN |
			       CMS_NO_SIGNER_CERT_VERIFY) == 1)
			ret = 0;
	}
	if (ret == -EKEYREJECTED)
		fprintf(stderr, "vendorbanctl: ERROR: %s: the signature does not verify with the certificate in %s\n",
			path, cert_path);
	ERR_clear_error();
	X509_free(cert);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	return ret;
}

static int read_signed(const char *path, char *data, size_t len,
		       const char *cert, struct vb_compiled *out,
		       struct vb_policy_src *src)
{
	const unsigned char *p = (const unsigned char *)data;
	CMS_ContentInfo *cms;
	char *text;
	size_t text_len;
	int ret;

	ret = vb_policy_signed_content(data, len, &text, &text_len);
	if (ret) {
		fprintf(stderr, "vendorbanctl: ERROR: %s: signed, but holds no policy text\n",
			path);
		return ret;
	}
	ret = cert ? verify(path, data, len, cert) : 0;
	if (!ret)
		ret = vb_policy_from_text(text, text_len, path, out);
	free(text);
	if (ret)
		return ret;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	src->signer = cms ? signer_subject(cms) : NULL;
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	src->is_signed = true;
	src->verified = cert != NULL;
	src->data = data;
	src->len = len;
	return 0;
}

/**
 * vb_policy_read() - a policy file, compiled or unwrapped
 * @path: a policy source ("-": standard input, always a source), or a
 *        signed policy (recognised by its content, whatever its name)
 * @opts: compiler options, for a source
 * @cert: for a signed policy, the certificate its signature must verify
 *        with (PEM or DER), or NULL to leave it unchecked
 * @out: the policy; free with vb_compiled_free()
 * @src: what the file was; free with vb_policy_src_free()
 *
 * Return: 0, or a negative errno (the reason is printed, naming @path).
 */
int vb_policy_read(const char *path, const struct vb_compile_opts *opts,
		   const char *cert, struct vb_compiled *out,
		   struct vb_policy_src *src)
{
	struct stat st;
	char *data;
	size_t len;
	int ret;

	memset(src, 0, sizeof(*src));
	memset(out, 0, sizeof(*out));
	/*
	 * Standard input, a pipe or a device can be read once: a source.
	 * What cannot be read whole here, the compiler reports.
	 */
	if (!strcmp(path, "-") || stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    vb_read_file_max(path, SIGNED_MAX, &data, &len))
		return vb_compile(path, opts, out);
	if (vb_policy_is_signed(data, len)) {
		ret = read_signed(path, data, len, cert, out, src);
		if (ret)
			free(data);
		return ret;
	}
	ret = looks_der(data, len) ? -EINVAL : 0;
	if (ret)
		not_signed(path, data, len);
	free(data);
	return ret ? ret : vb_compile(path, opts, out);
}

void vb_policy_src_free(struct vb_policy_src *src)
{
	free(src->signer);
	free(src->data);
	memset(src, 0, sizeof(*src));
}

/**
 * vb_policy_src_report() - one line on standard error about a signed policy
 * @path: the file
 * @c: its policy
 * @src: what it was (nothing is printed for a source)
 * @cert: the certificate it was checked with, or NULL
 */
void vb_policy_src_report(const char *path, const struct vb_compiled *c,
			  const struct vb_policy_src *src, const char *cert)
{
	if (!src->is_signed)
		return;
	fprintf(stderr, "vendorbanctl: %s: signed policy %s version %u, signer %s; ",
		path, c->policy->name, c->policy->version,
		src->signer ? src->signer : "(no certificate in the message)");
	if (src->verified)
		fprintf(stderr, "signature verified with %s\n", cert);
	else
		fprintf(stderr, "signature not checked (--cert CERT checks it)\n");
}

/**
 * vb_policy_version_of() - the version and name of a policy file, quietly
 * @path: a source, a signed policy, or NULL for the policy in force
 * @version: set to its version
 * @name: set to a malloc()ed copy of its name
 *
 * Return: 0; -ENOENT when @path is NULL and no policy is in force (or
 * vendorban is not there); another negative errno (printed for a file).
 */
int vb_policy_version_of(const char *path, unsigned int *version,
			 char **name)
{
	struct vb_compile_opts opts = { 0 };
	struct vb_policy_src src;
	struct vb_compiled c;
	char *text;
	size_t len;
	int ret;

	if (path) {
		ret = vb_policy_read(path, &opts, NULL, &c, &src);
		vb_policy_src_free(&src);
	} else {
		if (vb_securityfs_read("policy", &text, &len) || !len)
			return -ENOENT;
		ret = vb_policy_from_text(text, len, "policy in force", &c);
		free(text);
	}
	if (ret)
		return ret;
	*version = c.policy->version;
	*name = strdup(c.policy->name);
	vb_compiled_free(&c);
	return *name ? 0 : -ENOMEM;
}

/**
 * vb_policy_get_file() - vb_policy_get(), a signed policy file accepted
 * @path: a policy source or a signed policy, or NULL for the policy in force
 * @vendors_dir: --vendors DIR, or NULL
 * @cert: the certificate a signed @path must verify with, or NULL
 * @out: the policy; free with vb_compiled_free()
 *
 * A signed policy's version and signer are reported on standard error.
 *
 * Return: 0, or a negative errno (the reason is printed).
 */
int vb_policy_get_file(const char *path, const char *vendors_dir,
		       const char *cert, struct vb_compiled *out)
{
	struct vb_compile_opts opts = { .vendors_dir = vendors_dir };
	struct vb_policy_src src;
	int ret;

	if (!path)
		return vb_policy_get(NULL, vendors_dir, out);
	ret = vb_policy_read(path, &opts, cert, out, &src);
	if (!ret)
		vb_policy_src_report(path, out, &src, cert);
	vb_policy_src_free(&src);
	return ret;
}
