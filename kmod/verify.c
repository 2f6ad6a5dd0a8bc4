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
#include <linux/err.h>
#include <linux/key.h>
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

/**
 * vendorban_cert_key() - a key of a certificate, made by the kernel's X.509
 * parser (as for every key vendorban verifies with)
 * @keyring: where it goes (a keyring of the caller's, freed with it)
 * @der: the certificate
 *
 * Context: process context, may sleep.
 * Return: the key (key_put() it), or an ERR_PTR().
 */
struct key *vendorban_cert_key(struct key *keyring,
			       const struct vendorban_blob *der)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(keyring, true), "asymmetric",
				   NULL, der->data, der->len,
				   (KEY_POS_ALL & ~KEY_POS_SETATTR) |
				   KEY_USR_VIEW | KEY_USR_READ,
				   KEY_ALLOC_NOT_IN_QUOTA);
	return IS_ERR(ref) ? ERR_CAST(ref) : key_ref_to_ptr(ref);
}

/* The signature a certificate carries over its TBS, as its key keeps it. */
static const struct public_key_signature *cert_sig(const struct key *key)
{
	return key->payload.data[asym_auth];
}

static bool is_rule_cert(const struct vendorban_cert *cert,
			 const struct vendorban_rule *rule)
{
	return cert->der.len == rule->value_len &&
	       !memcmp(cert->der.data, rule->value, rule->value_len);
}

/*
 * One link: @child's signature checked with @parent's key (the rule's own
 * when @parent is the rule's CA).  *@parent_key gets the parent's key when
 * the walk goes on.
 */
static int verify_link(struct key *keyring, struct key *child_key,
		       const struct vendorban_cert *parent,
		       const struct vendorban_rule *ca, struct key **parent_key)
{
	const struct public_key_signature *sig = cert_sig(child_key);

	*parent_key = NULL;
	if (!sig)
		return -ENOPKG;	/* its signature algorithm is not checked */
	if (is_rule_cert(parent, ca))
		return verify_signature(ca->key, sig);
	*parent_key = vendorban_cert_key(keyring, &parent->der);
	if (IS_ERR(*parent_key)) {
		int ret = PTR_ERR(*parent_key);

		*parent_key = NULL;
		return ret;
	}
	return verify_signature(*parent_key, sig);
}

/**
 * vendorban_verify_chain() - check each link from a certificate up to the
 * CA of an allow ca rule
 * @keyring: a keyring for the keys of the certificates on the way
 * @policy: the policy (its ca and chain-cert certificates)
 * @msg: the signature (its embedded certificates)
 * @leaf: the signer's certificate
 * @leaf_key: its key
 * @ca: the rule, whose key the kernel made when the policy was loaded
 *
 * Each certificate's issuer is found as the matcher finds it
 * (vendorban_chain_issuer()), and the certificate's signature is checked
 * with the issuer's key, up to the rule's certificate, at most
 * %VENDORBAN_MAX_CHAIN_DEPTH links.  Validity periods, revocation, name
 * constraints and path lengths are not looked at.
 *
 * Context: process context, may sleep.
 * Return: 0 when every link verifies; -ENOKEY when an issuer is missing;
 * -ELOOP for a chain too long; -ENOMEM; else the failed check's errno.
 */
int vendorban_verify_chain(struct key *keyring,
			   const struct vendorban_policy *policy,
			   const struct vendorban_pkcs7 *msg,
			   const struct vendorban_cert *leaf,
			   struct key *leaf_key,
			   const struct vendorban_rule *ca)
{
	const struct vendorban_cert *child = leaf, *parent;
	struct key *child_key = key_get(leaf_key), *parent_key;
	char *buf = kmalloc(2 * VENDORBAN_NAME_MAX, GFP_KERNEL);
	unsigned int depth;
	int ret = buf ? -ELOOP : -ENOMEM;

	for (depth = 0; buf && depth <= VENDORBAN_MAX_CHAIN_DEPTH; depth++) {
		if (is_rule_cert(child, ca)) {
			ret = 0;
			break;
		}
		parent = vendorban_chain_issuer(policy, msg, child, buf,
						buf + VENDORBAN_NAME_MAX);
		if (!parent) {
			ret = -ENOKEY;
			break;
		}
		ret = verify_link(keyring, child_key, parent, ca, &parent_key);
		if (ret || !parent_key) {
			key_put(parent_key);
			break;
		}
		key_put(child_key);
		child_key = parent_key;
		child = parent;
		ret = -ELOOP;
		cond_resched();
	}
	key_put(child_key);
	kfree(buf);
	return ret;
}
