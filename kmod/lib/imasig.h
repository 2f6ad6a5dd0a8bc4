/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the signature in a file's security.ima extended attribute
 *
 * An IMA signature (EVM_IMA_XATTR_DIGSIG, version 2) is
 *   03 02 <hash_algo u8> <keyid be32> <sig_size be16> <sig bytes>
 * The key id is the last 4 bytes of the signing certificate's subject key
 * identifier: it names a key, not a certificate, and two keys may share it.
 */

#ifndef _SECURITY_VENDORBAN_IMASIG_H
#define _SECURITY_VENDORBAN_IMASIG_H

#include "compat.h"
#include "pkcs7.h"

#define VENDORBAN_IMA_XATTR_DIGSIG	0x03
#define VENDORBAN_IMA_DIGSIG_V2		0x02
#define VENDORBAN_IMA_KEYID_LEN		4
/* type, version, hash_algo, keyid, sig_size */
#define VENDORBAN_IMA_HDR_LEN		9
/* Largest signature accepted (RSA-8192 is 1024 bytes). */
#define VENDORBAN_IMA_MAX_SIG		2048

/**
 * struct vendorban_imasig - a parsed IMA signature header
 * @ima_algo: hash algorithm as the kernel's enum hash_algo numbers it
 * @digest_algo: the same as a vendorban hash, %VENDORBAN_HASH_UNKNOWN for
 *               algorithms vendorban does not name (MD5, SM3, ...)
 * @keyid: the key id, in the order it is stored (big-endian)
 * @signature: the signature bytes; points into the parsed buffer
 */
struct vendorban_imasig {
	u8 ima_algo;
	enum vendorban_hash_algo digest_algo;
	u8 keyid[VENDORBAN_IMA_KEYID_LEN];
	struct vendorban_blob signature;
};

int vendorban_imasig_parse(const u8 *xattr, size_t len,
			   struct vendorban_imasig *sig);

#endif /* _SECURITY_VENDORBAN_IMASIG_H */
