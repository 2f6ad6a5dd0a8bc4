// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the signature in a file's security.ima extended attribute
 *
 * Only the header is parsed: the key id names the signing key.  Nothing is
 * verified here.
 */

#include "imasig.h"

/* The kernel's enum hash_algo (include/uapi/linux/hash_info.h). */
#define IMA_HASH_SHA1		2
#define IMA_HASH_SHA256		4
#define IMA_HASH_SHA384		5
#define IMA_HASH_SHA512		6
#define IMA_HASH_SHA224		7

static enum vendorban_hash_algo ima_hash(u8 algo)
{
	switch (algo) {
	case IMA_HASH_SHA1:
		return VENDORBAN_HASH_SHA1;
	case IMA_HASH_SHA256:
		return VENDORBAN_HASH_SHA256;
	case IMA_HASH_SHA384:
		return VENDORBAN_HASH_SHA384;
	case IMA_HASH_SHA512:
		return VENDORBAN_HASH_SHA512;
	case IMA_HASH_SHA224:
		return VENDORBAN_HASH_SHA224;
	default:
		return VENDORBAN_HASH_UNKNOWN;
	}
}

/**
 * vendorban_imasig_parse() - parse a security.ima signature
 * @xattr: the extended attribute's value
 * @len: its length
 * @sig: filled on success; its signature points into @xattr
 *
 * Accepts EVM_IMA_XATTR_DIGSIG (type 3) version 2:
 * 03 02 <hash_algo> <keyid, 4 bytes> <sig_size, be16> <sig_size bytes>,
 * with nothing after the signature.
 *
 * Context: any; does not allocate.
 * Return: 0; -ENODATA for another xattr type (a digest, IMA_XATTR_DIGEST_NG,
 * an EVM or modsig entry...) or an empty value; -EBADMSG for a digsig with
 * another version, a truncated header, an empty or oversized signature, or
 * a length that does not match.
 */
int vendorban_imasig_parse(const u8 *xattr, size_t len,
			   struct vendorban_imasig *sig)
{
	size_t sig_len;

	if (!len || xattr[0] != VENDORBAN_IMA_XATTR_DIGSIG)
		return -ENODATA;
	if (len < VENDORBAN_IMA_HDR_LEN || xattr[1] != VENDORBAN_IMA_DIGSIG_V2)
		return -EBADMSG;
	sig_len = (size_t)xattr[7] << 8 | xattr[8];
	if (!sig_len || sig_len > VENDORBAN_IMA_MAX_SIG ||
	    sig_len != len - VENDORBAN_IMA_HDR_LEN)
		return -EBADMSG;
	sig->ima_algo = xattr[2];
	sig->digest_algo = ima_hash(xattr[2]);
	memcpy(sig->keyid, xattr + 3, VENDORBAN_IMA_KEYID_LEN);
	sig->signature.data = xattr + VENDORBAN_IMA_HDR_LEN;
	sig->signature.len = sig_len;
	return 0;
}
