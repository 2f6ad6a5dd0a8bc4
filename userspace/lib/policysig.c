// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - signed policies: PKCS#7/CMS messages holding a policy text
 *
 * The kernel accepts a policy wrapped in an attached CMS SignedData
 * message (DER, content type id-data, no signed attributes: the form the
 * kernel's PKCS#7 parser takes for VERIFYING_UNSPECIFIED_SIGNATURE) whose
 * content is the kernel-format policy text; see kmod/policy_sig.c.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "policysig.h"

/* Binary content (no MIME canonicalisation), no signed attributes. */
#define SIGN_FLAGS (CMS_BINARY | CMS_NOATTR)

/* Parses @data as a DER CMS SignedData message; NULL if it is not one. */
static CMS_ContentInfo *parse_signed(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	CMS_ContentInfo *cms;

	/* Cheap test first: every DER message starts with a SEQUENCE. */
	if (len < 2 || p[0] != 0x30)
		return NULL;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ERR_clear_error();
	if (cms && OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		cms = NULL;
	}
	return cms;
}

/**
 * vb_policy_is_signed() - whether a file's bytes are a signed policy
 * @data: the bytes
 * @len: their number
 *
 * Return: true for a DER CMS/PKCS#7 SignedData message.  The signature is
 * not checked: that is the kernel's job.
 */
bool vb_policy_is_signed(const char *data, size_t len)
{
	CMS_ContentInfo *cms = parse_signed(data, len);

	CMS_ContentInfo_free(cms);
	return cms != NULL;
}

/**
 * vb_policy_signed_content() - the policy text inside a signed policy
 * @data: the signed policy (DER)
 * @len: its length
 * @text: set to a malloc()ed, NUL-terminated copy of the content
 * @text_len: set to its length
 *
 * Return: 0; -EINVAL if @data is not a SignedData message or holds no
 * content (a detached signature); -ENOMEM.
 */
int vb_policy_signed_content(const char *data, size_t len, char **text,
			     size_t *text_len)
{
	CMS_ContentInfo *cms = parse_signed(data, len);
	ASN1_OCTET_STRING **content;
	int ret = -EINVAL;

	if (!cms)
		return -EINVAL;
	content = CMS_get0_content(cms);
	if (content && *content &&
	    OBJ_obj2nid(CMS_get0_eContentType(cms)) == NID_pkcs7_data) {
		*text_len = (size_t)ASN1_STRING_length(*content);
		*text = malloc(*text_len + 1);
		ret = *text ? 0 : -ENOMEM;
		if (*text) {
			memcpy(*text, ASN1_STRING_get0_data(*content), *text_len);
			(*text)[*text_len] = '\0';
		}
	}
	CMS_ContentInfo_free(cms);
	return ret;
}

static EVP_PKEY *read_key(const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	EVP_PKEY *key = NULL;

	if (bio)
		key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	if (!key)
		fprintf(stderr, "vendorbanctl: ERROR: could not read a private key (PEM) from %s\n",
			path);
	BIO_free(bio);
	return key;
}

/* A certificate in PEM, else in DER. */
static X509 *read_cert(const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *cert = NULL;

	if (bio) {
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (!cert && BIO_reset(bio) == 0)
			cert = d2i_X509_bio(bio, NULL);
	}
	if (!cert)
		fprintf(stderr, "vendorbanctl: ERROR: could not read a certificate (PEM or DER) from %s\n",
			path);
	BIO_free(bio);
	return cert;
}

static int encode(CMS_ContentInfo *cms, unsigned char **out, size_t *out_len)
{
	unsigned char *der = NULL;
	int n = i2d_CMS_ContentInfo(cms, &der);

	if (n <= 0)
		return -EINVAL;
	*out = malloc((size_t)n);
	if (*out)
		memcpy(*out, der, (size_t)n);
	*out_len = (size_t)n;
	OPENSSL_free(der);
	return *out ? 0 : -ENOMEM;
}

/**
 * vb_policy_sign() - wrap a policy text in a signed CMS message
 * @text: the kernel-format policy text
 * @len: its length
 * @key_path: the signer's private key (PEM)
 * @cert_path: the signer's certificate (PEM or DER); it must match the key
 * @out: set to a malloc()ed DER message
 * @out_len: set to its length
 *
 * Makes an attached SignedData (content type id-data, SHA-256, no signed
 * attributes, the signer certificate embedded), as the kernel verifies it.
 *
 * Return: 0, or a negative errno (the reason is printed).
 */
int vb_policy_sign(const char *text, size_t len, const char *key_path,
		   const char *cert_path, unsigned char **out, size_t *out_len)
{
	EVP_PKEY *key = read_key(key_path);
	X509 *cert = key ? read_cert(cert_path) : NULL;
	BIO *in = NULL;
	CMS_ContentInfo *cms = NULL;
	int ret = -EINVAL;

	if (!cert)
		goto out;
	if (!X509_check_private_key(cert, key)) {
		fprintf(stderr, "vendorbanctl: ERROR: the key in %s does not belong to the certificate in %s\n",
			key_path, cert_path);
		goto out;
	}
	in = BIO_new_mem_buf(text, (int)len);
	cms = in ? CMS_sign(NULL, NULL, NULL, NULL, SIGN_FLAGS | CMS_PARTIAL) :
		   NULL;
	if (!cms || !CMS_add1_signer(cms, cert, key, EVP_sha256(), SIGN_FLAGS) ||
	    !CMS_final(cms, in, NULL, SIGN_FLAGS)) {
		fprintf(stderr, "vendorbanctl: ERROR: could not sign: ");
		ERR_print_errors_fp(stderr);
		goto out;
	}
	ret = encode(cms, out, out_len);
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	X509_free(cert);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return ret;
}
