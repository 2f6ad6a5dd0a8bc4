/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the certificates of a cert-file / ca-file (PEM bundle or
 * one DER certificate), each with where it starts
 */

#ifndef _VENDORBANCTL_CERTFILE_H
#define _VENDORBANCTL_CERTFILE_H

#include <stddef.h>

#include <openssl/x509.h>

/**
 * struct vb_cert_error - the certificate of a file that cannot be parsed
 * @index: 1-based position among the file's certificates
 * @line: the line of its BEGIN line, 0 for a DER file
 * @reason: why, for the admin
 */
struct vb_cert_error {
	int index;
	unsigned int line;
	char reason[160];
};

int vb_certs_read(const char *text, size_t len, STACK_OF(X509) **certs,
		  struct vb_cert_error *err);

#endif /* _VENDORBANCTL_CERTFILE_H */
