// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - proving that a signer really signed a file
 *
 * An allow rule may only count when the signature verifies with the
 * certificate the policy names.  The caller hashes the signed data as a
 * stream (vendorban_subject_digest()), once per file and digest algorithm;
 * the signature is then checked by the kernel's asymmetric key code, as for
 * module signatures.
 */

#include "common.h"

#include <crypto/hash.h>
#include <crypto/public_key.h>
#include <keys/asymmetric-type.h>
#include <linux/slab.h>

#include "subject.h"
#include "verify.h"

/*
 * With signed attributes the signature covers their DER, tagged as a SET
 * (not as the [0] they are stored under), and the messageDigest attribute
 * must equal the digest of the data.
 */
static int digest_signed_attrs(const struct vendorban_signer *signer,
			       const char *hash_name, const u8 *data_digest,
			       size_t size, u8 *digest)
{
	const struct vendorban_blob *attrs = &signer->signed_attrs;
	u8 *copy;
	int ret;

	if (signer->message_digest.len != size ||
	    memcmp(signer->message_digest.data, data_digest, size))
		return -EKEYREJECTED;
	copy = kmemdup(attrs->data, attrs->len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	copy[0] = 0x31;
	ret = vendorban_buffer_digest(hash_name, copy, attrs->len, digest);
	kfree(copy);
	return ret;
}

static int check_signature(struct key *key,
			   const struct vendorban_signer *signer,
			   const char *hash_name, u8 *digest, size_t size)
{
	struct public_key_signature pks = {
		.s = (u8 *)signer->signature.data,
		.s_size = signer->signature.len,
		.digest = digest,
		.digest_size = size,
		.hash_algo = hash_name,
	};

	switch (signer->pkey_algo) {
	case VENDORBAN_PKEY_RSA:
		pks.pkey_algo = "rsa";
		pks.encoding = "pkcs1";
		break;
	case VENDORBAN_PKEY_ECDSA:
		pks.pkey_algo = "ecdsa";
		pks.encoding = "x962";
		break;
	default:
		return -ENOPKG;
	}
	return verify_signature(key, &pks);
}

/**
 * vendorban_verify_signer() - check one SignerInfo against a public key
 * @signer: the SignerInfo to check
 * @key: an asymmetric key holding the certificate's public key
 * @data_digest: the digest of the signed data with @signer's digest
 *               algorithm (vendorban_subject_digest()), computed once per
 *               file and algorithm by the caller
 *
 * Context: process context, may sleep.
 * Return: 0 if the signature verifies; -EKEYREJECTED (or another negative
 * errno from the crypto layer) if it does not; -ENOPKG for algorithms the
 * kernel cannot check; -ENOMEM.
 */
int vendorban_verify_signer(const struct vendorban_signer *signer,
			    struct key *key, const u8 *data_digest)
{
	const char *hash_name = vendorban_hash_algo_name(signer->digest_algo);
	size_t size = vendorban_hash_algo_size(signer->digest_algo);
	u8 attrs_digest[HASH_MAX_DIGESTSIZE];
	int ret;

	if (!key || !data_digest || !hash_name || !size ||
	    size > HASH_MAX_DIGESTSIZE)
		return -ENOPKG;
	if (!signer->signed_attrs.len)
		return check_signature(key, signer, hash_name,
				       (u8 *)data_digest, size);
	ret = digest_signed_attrs(signer, hash_name, data_digest, size,
				  attrs_digest);
	if (ret)
		return ret;
	return check_signature(key, signer, hash_name, attrs_digest, size);
}

/* The encoding of a signature by the key's algorithm, as IMA chooses it. */
static const char *ima_encoding(const char *pkey_algo)
{
	if (!strcmp(pkey_algo, "rsa"))
		return "pkcs1";
	if (!strncmp(pkey_algo, "ecdsa-", 6))
		return "x962";
	return NULL;
}

/**
 * vendorban_verify_ima() - check a security.ima signature against a key
 * @sig: the parsed signature (version 2: it signs the file's digest)
 * @key: an asymmetric key holding the certificate's public key
 * @digest: the file's digest with @sig's algorithm
 *          (vendorban_subject_digest())
 *
 * As IMA appraisal checks it (security/integrity/digsig_asymmetric.c):
 * the key's own algorithm chooses the encoding, the digest is the file's.
 *
 * Context: process context, may sleep.
 * Return: 0 if the signature verifies; -EKEYREJECTED (or another negative
 * errno from the crypto layer) if it does not; -ENOPKG for algorithms the
 * kernel cannot check.
 */
int vendorban_verify_ima(const struct vendorban_imasig *sig, struct key *key,
			 const u8 *digest)
{
	const char *hash_name = vendorban_hash_algo_name(sig->digest_algo);
	const struct public_key *pk;
	struct public_key_signature pks = {
		.s = (u8 *)sig->signature.data,
		.s_size = sig->signature.len,
		.digest = (u8 *)digest,
		.digest_size = vendorban_hash_algo_size(sig->digest_algo),
		.hash_algo = hash_name,
	};

	if (!key || !digest || !hash_name || !pks.digest_size)
		return -ENOPKG;
	pk = asymmetric_key_public_key(key);
	if (!pk)
		return -ENOKEY;
	pks.pkey_algo = pk->pkey_algo;
	pks.encoding = ima_encoding(pk->pkey_algo);
	if (!pks.encoding)
		return -ENOPKG;
	return verify_signature(key, &pks);
}
