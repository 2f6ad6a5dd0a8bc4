/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the appended signature trailer of the module format
 *
 * Layout at the end of a signed file: data, PKCS#7 SignedData (DER),
 * struct module_signature (12 bytes, sig_len big-endian), then the magic
 * string "~Module signature appended~\n" (28 bytes).
 */

#ifndef _SECURITY_VENDORBAN_MODSIG_H
#define _SECURITY_VENDORBAN_MODSIG_H

#include "compat.h"

#define VENDORBAN_MODSIG_MAGIC		"~Module signature appended~\n"
#define VENDORBAN_MODSIG_MAGIC_LEN	28
#define VENDORBAN_MODSIG_INFO_LEN	12
#define VENDORBAN_MODSIG_TRAILER_LEN	\
	(VENDORBAN_MODSIG_INFO_LEN + VENDORBAN_MODSIG_MAGIC_LEN)
/* struct module_signature id_type for PKCS#7 */
#define VENDORBAN_MODSIG_ID_PKCS7	2
/* Largest signature blob we read: enough for a long embedded chain. */
#define VENDORBAN_MODSIG_MAX_SIG	(256 * 1024)

/**
 * struct vendorban_modsig - where the signature sits in the file
 * @sig_offset: file offset of the PKCS#7 blob
 * @sig_len: its length
 * @data_len: length of the signed data (the file bytes before the blob)
 */
struct vendorban_modsig {
	u64 sig_offset;
	u32 sig_len;
	u64 data_len;
};

int vendorban_modsig_locate(const u8 *trailer, size_t trailer_len,
			    u64 file_size, struct vendorban_modsig *sig);

#endif /* _SECURITY_VENDORBAN_MODSIG_H */
