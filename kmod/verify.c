// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - proving that a signer really signed a file
 *
 * An allow rule may only count when the signature verifies with the
 * certificate the policy names.  The file is hashed in chunks, never read
 * into memory whole; the signature is then checked by the kernel's
 * asymmetric key code, as for module signatures.
 */

#include "common.h"

#include <crypto/hash.h>
#include <crypto/public_key.h>
#include <keys/asymmetric-type.h>
#include <linux/fs.h>
#include <linux/slab.h>

#include "verify.h"

#define VENDORBAN_HASH_CHUNK	(64 * 1024)

static struct shash_desc *new_desc(const char *hash_name)
{
	struct crypto_shash *tfm;
	struct shash_desc *desc;

	tfm = crypto_alloc_shash(hash_name, 0, 0);
	if (IS_ERR(tfm))
		return ERR_CAST(tfm);
	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	if (!desc) {
		crypto_free_shash(tfm);
		return ERR_PTR(-ENOMEM);
	}
	desc->tfm = tfm;
	return desc;
}

static void free_desc(struct shash_desc *desc)
{
	if (IS_ERR_OR_NULL(desc))
		return;
	crypto_free_shash(desc->tfm);
	kfree_sensitive(desc);
}

static int hash_file(struct shash_desc *desc, struct file *file, u64 len,
		     u8 *digest)
{
	loff_t pos = 0;
	u8 *buf;
	int ret;

	buf = kmalloc(VENDORBAN_HASH_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = crypto_shash_init(desc);
	while (!ret && pos < len) {
		size_t want = min_t(u64, len - pos, VENDORBAN_HASH_CHUNK);
		ssize_t got = kernel_read(file, buf, want, &pos);

		if (got < 0)
			ret = got;
		else if (got == 0)
			ret = -EIO;
		else
			ret = crypto_shash_update(desc, buf, got);
		cond_resched();
	}
	if (!ret)
		ret = crypto_shash_final(desc, digest);
	kfree(buf);
	return ret;
}

/*
 * With signed attributes, the signature covers the DER of the attributes
 * (tagged as a SET, not as the [0] they are stored under) and the
 * messageDigest attribute must equal the file's digest.
 */
static int hash_signed_attrs(struct shash_desc *desc,
			     const struct vendorban_signer *signer,
			     const u8 *file_digest, size_t size, u8 *digest)
{
	static const u8 set_tag = 0x31;
	const struct vendorban_blob *attrs = &signer->signed_attrs;

	if (signer->message_digest.len != size ||
	    memcmp(signer->message_digest.data, file_digest, size))
		return -EKEYREJECTED;
	return crypto_shash_init(desc) ?:
	       crypto_shash_update(desc, &set_tag, 1) ?:
	       crypto_shash_update(desc, attrs->data + 1, attrs->len - 1) ?:
	       crypto_shash_final(desc, digest);
}

static int check_signature(struct key *key,
			   const struct vendorban_signer *signer,
			   u8 *digest, size_t size)
{
	struct public_key_signature pks = {
		.s = (u8 *)signer->signature.data,
		.s_size = signer->signature.len,
		.digest = digest,
		.digest_size = size,
		.hash_algo = vendorban_hash_algo_name(signer->digest_algo),
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
 * @file: the signed file, open for reading
 * @data_len: length of the signed data (the file without its signature)
 * @signer: the SignerInfo to check
 * @key: an asymmetric key holding the certificate's public key
 *
 * Context: process context, may sleep; reads the whole signed data.
 * Return: 0 if the signature verifies; -EKEYREJECTED (or another negative
 * errno from the crypto layer) if it does not; -ENOPKG for algorithms the
 * kernel cannot check; -ENOMEM.
 */
int vendorban_verify_signer(struct file *file, u64 data_len,
			    const struct vendorban_signer *signer,
			    struct key *key)
{
	const char *hash_name = vendorban_hash_algo_name(signer->digest_algo);
	size_t size = vendorban_hash_algo_size(signer->digest_algo);
	u8 file_digest[HASH_MAX_DIGESTSIZE];
	u8 attrs_digest[HASH_MAX_DIGESTSIZE];
	struct shash_desc *desc;
	int ret;

	if (!key || !hash_name || !size || size > HASH_MAX_DIGESTSIZE)
		return -ENOPKG;
	desc = new_desc(hash_name);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	ret = hash_file(desc, file, data_len, file_digest);
	if (ret)
		goto out;
	if (signer->signed_attrs.len) {
		ret = hash_signed_attrs(desc, signer, file_digest, size,
					attrs_digest);
		if (!ret)
			ret = check_signature(key, signer, attrs_digest, size);
	} else {
		ret = check_signature(key, signer, file_digest, size);
	}
out:
	free_desc(desc);
	return ret;
}
