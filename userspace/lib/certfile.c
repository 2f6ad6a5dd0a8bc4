// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the certificates of a cert-file / ca-file
 *
 * A file is one DER certificate or PEM text with any number of
 * CERTIFICATE (also X509 CERTIFICATE, TRUSTED CERTIFICATE) blocks; other
 * PEM blocks are skipped.  Every certificate block must parse: a bundle
 * whose last certificate is corrupt is an error naming that certificate,
 * never a policy with one rule fewer.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "certfile.h"

static void set_error(struct vb_cert_error *err, int index, unsigned int line,
		      const char *what)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	err->index = index;
	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s%s%s", what,
		 r ? ": " : "", r ? r : "");
	ERR_clear_error();
}

static int read_der(const char *text, size_t len, STACK_OF(X509) *certs,
		    struct vb_cert_error *err)
{
	const unsigned char *p = (const unsigned char *)text;
	X509 *x;

	if (!len || p[0] != 0x30)
		return 0;	/* not DER: "no certificate" */
	x = d2i_X509(NULL, &p, len);
	if (!x || p != (const unsigned char *)text + len) {
		X509_free(x);
		set_error(err, 1, 0, x ? "cannot be parsed: bytes after the certificate" :
			  "cannot be parsed (DER)");
		return -EINVAL;
	}
	if (!sk_X509_push(certs, x)) {
		X509_free(x);
		return -ENOMEM;
	}
	return 0;
}

static bool is_cert_label(const char *label, size_t n)
{
	static const char *const labels[] = {
		"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE",
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i]) == n && !memcmp(labels[i], label, n))
			return true;
	return false;
}

/* One PEM certificate block from @begin to the end of its END line. */
static X509 *read_block(const char *begin, const char *end, bool trusted)
{
	BIO *bio = BIO_new_mem_buf(begin, end - begin);
	X509 *x = NULL;

	if (bio)
		x = trusted ? PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL) :
			      PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	return x;
}

/* The end of the "-----END <label>-----" line after @p, or NULL. */
static const char *find_end(const char *p, const char *end, const char *label,
			    size_t n)
{
	char want[64];
	const char *e;

	snprintf(want, sizeof(want), "-----END %.*s-----", (int)n, label);
	e = memmem(p, end - p, want, strlen(want));
	if (!e)
		return NULL;
	e = memchr(e, '\n', end - e);
	return e ? e + 1 : end;
}

static int read_pem(const char *text, size_t len, STACK_OF(X509) *certs,
		    struct vb_cert_error *err)
{
	const char *p = text, *end = text + len, *label, *dashes, *block_end, *nl;
	unsigned int line = 1;
	int index = 0;
	size_t n;
	X509 *x;

	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (nl - p < 16 || memcmp(p, "-----BEGIN ", 11))
			continue;
		label = p + 11;
		dashes = memmem(label, nl - label, "-----", 5);
		n = dashes ? (size_t)(dashes - label) : 0;
		if (!dashes || !is_cert_label(label, n))
			continue;
		index++;
		block_end = find_end(nl, end, label, n);
		x = block_end ? read_block(p, block_end, n == 19) : NULL;
		if (!x) {
			set_error(err, index, line, block_end ?
				  "cannot be parsed" : "cannot be parsed: no END line");
			return -EINVAL;
		}
		if (!sk_X509_push(certs, x)) {
			X509_free(x);
			return -ENOMEM;
		}
		/* Go on after the END line. */
		for (; p < block_end; p++)
			line += *p == '\n';
		nl = p - 1;
		line--;
	}
	return 0;
}

/**
 * vb_certs_read() - the certificates of a file's text
 * @text: the file's bytes
 * @len: their number
 * @certs: set to the certificates in file order (none if the text holds
 *         neither a certificate block nor DER); free with
 *         sk_X509_pop_free(certs, X509_free)
 * @err: set when a certificate cannot be parsed
 *
 * Return: 0; -EINVAL with @err set (and *@certs NULL); -ENOMEM.
 */
int vb_certs_read(const char *text, size_t len, STACK_OF(X509) **certs,
		  struct vb_cert_error *err)
{
	int ret;

	*certs = sk_X509_new_null();
	if (!*certs)
		return -ENOMEM;
	ERR_clear_error();
	if (memmem(text, len, "-----BEGIN", 10))
		ret = read_pem(text, len, *certs, err);
	else
		ret = read_der(text, len, *certs, err);
	if (ret) {
		sk_X509_pop_free(*certs, X509_free);
		*certs = NULL;
	}
	return ret;
}
