// SPDX-License-Identifier: GPL-2.0-only
/*
 * countersign - add a legacy Authenticode timestamp countersignature
 *
 *   countersign IN.p7 TSA.pem TSA.key CHAIN.pem OUT.p7
 *
 * Reads a DER PKCS#7 SignedData, countersigns its first SignerInfo the way
 * a legacy Authenticode timestamp server does (an unsigned attribute
 * 1.2.840.113549.1.9.6 holding a SignerInfo over the digest of the
 * signature, signed by TSA.pem) and adds TSA.pem and the certificates of
 * CHAIN.pem to the outer certificate set.  Writes the DER result.  Used to
 * check that a timestamp signer is never taken for the file's signer.
 */

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

static int fail(const char *what)
{
	fprintf(stderr, "countersign: %s\n", what);
	ERR_print_errors_fp(stderr);
	return 1;
}

/* The countersignature SignerInfo, DER-encoded into @out. */
static int make_counter(PKCS7_SIGNER_INFO *outer, X509 *tsa, EVP_PKEY *key,
			ASN1_STRING **out)
{
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	PKCS7_SIGNER_INFO *si = PKCS7_SIGNER_INFO_new();
	unsigned int md_len;
	int len;

	if (!si || !PKCS7_SIGNER_INFO_set(si, tsa, key, EVP_sha256()))
		return 0;
	if (!EVP_Digest(outer->enc_digest->data, outer->enc_digest->length,
			md, &md_len, EVP_sha256(), NULL))
		return 0;
	if (!PKCS7_add_signed_attribute(si, NID_pkcs9_contentType,
					V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data)) ||
	    !PKCS7_add0_attrib_signing_time(si, NULL) ||
	    !PKCS7_add1_attrib_digest(si, md, md_len) ||
	    PKCS7_SIGNER_INFO_sign(si) <= 0)
		return 0;
	len = i2d_PKCS7_SIGNER_INFO(si, &der);
	PKCS7_SIGNER_INFO_free(si);
	if (len <= 0)
		return 0;
	*out = ASN1_STRING_new();
	if (!*out || !ASN1_STRING_set(*out, der, len))
		return 0;
	OPENSSL_free(der);
	return 1;
}

int main(int argc, char **argv)
{
	STACK_OF(X509_INFO) *chain;
	PKCS7_SIGNER_INFO *outer;
	ASN1_STRING *counter;
	EVP_PKEY *key;
	PKCS7 *p7;
	X509 *tsa;
	FILE *f;
	int i;

	if (argc != 6) {
		fprintf(stderr, "usage: countersign IN.p7 TSA.pem TSA.key CHAIN.pem OUT.p7\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	p7 = f ? d2i_PKCS7_fp(f, NULL) : NULL;
	if (!p7 || !PKCS7_type_is_signed(p7))
		return fail("cannot read the PKCS#7 input");
	fclose(f);
	f = fopen(argv[2], "r");
	tsa = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (!tsa)
		return fail("cannot read the TSA certificate");
	fclose(f);
	f = fopen(argv[3], "r");
	key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (!key)
		return fail("cannot read the TSA key");
	fclose(f);
	f = fopen(argv[4], "r");
	chain = f ? PEM_X509_INFO_read(f, NULL, NULL, NULL) : NULL;
	if (!chain)
		return fail("cannot read the chain");
	fclose(f);

	outer = sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(p7), 0);
	if (!outer || !make_counter(outer, tsa, key, &counter))
		return fail("cannot make the countersignature");
	if (!PKCS7_add_attribute(outer, NID_pkcs9_countersignature,
				 V_ASN1_SEQUENCE, counter))
		return fail("cannot add the countersignature");
	if (!PKCS7_add_certificate(p7, tsa))
		return fail("cannot add the TSA certificate");
	for (i = 0; i < sk_X509_INFO_num(chain); i++) {
		X509_INFO *xi = sk_X509_INFO_value(chain, i);

		if (xi->x509 && !PKCS7_add_certificate(p7, xi->x509))
			return fail("cannot add a chain certificate");
	}
	f = fopen(argv[5], "wb");
	if (!f || !i2d_PKCS7_fp(f, p7) || fclose(f))
		return fail("cannot write the output");
	return 0;
}
