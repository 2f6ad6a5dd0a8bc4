// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the appended signature trailer of the module format
 *
 * Checks the last bytes of a file for the kernel's module-signature magic
 * and the struct module_signature before it, with the same rules as the
 * kernel's mod_check_sig() for PKCS#7 signatures.
 */

#include "modsig.h"

/* Offsets in struct module_signature. */
#define MODSIG_ID_TYPE		2
#define MODSIG_SIG_LEN		8

/**
 * vendorban_modsig_locate() - find the signature appended to a file
 * @trailer: the last min(%VENDORBAN_MODSIG_TRAILER_LEN, @file_size) bytes
 *           of the file
 * @trailer_len: their number
 * @file_size: size of the whole file
 * @sig: filled on success with where the signature and the data are
 *
 * The 12-byte struct module_signature must name PKCS#7 (id_type 2), have
 * its other fields (algo, hash, signer_len, key_id_len, padding) zero, and
 * give a non-zero signature length that fits in the file before it and is
 * at most %VENDORBAN_MODSIG_MAX_SIG.
 *
 * Return: 0 on success; -ENODATA when the file does not end in the magic
 * (it is unsigned); -EBADMSG when it does but the structure before it is
 * invalid; -EINVAL when @trailer_len does not fit @file_size.
 */
int vendorban_modsig_locate(const u8 *trailer, size_t trailer_len,
			    u64 file_size, struct vendorban_modsig *sig)
{
	const u8 *magic, *info;
	u32 sig_len;
	int i;

	if (trailer_len > VENDORBAN_MODSIG_TRAILER_LEN ||
	    trailer_len > file_size ||
	    (trailer_len < VENDORBAN_MODSIG_TRAILER_LEN &&
	     trailer_len != file_size))
		return -EINVAL;
	if (trailer_len < VENDORBAN_MODSIG_MAGIC_LEN)
		return -ENODATA;
	magic = trailer + trailer_len - VENDORBAN_MODSIG_MAGIC_LEN;
	if (memcmp(magic, VENDORBAN_MODSIG_MAGIC, VENDORBAN_MODSIG_MAGIC_LEN))
		return -ENODATA;
	if (trailer_len < VENDORBAN_MODSIG_TRAILER_LEN)
		return -EBADMSG;

	info = trailer;
	if (info[MODSIG_ID_TYPE] != VENDORBAN_MODSIG_ID_PKCS7)
		return -EBADMSG;
	for (i = 0; i < MODSIG_SIG_LEN; i++)
		if (i != MODSIG_ID_TYPE && info[i])
			return -EBADMSG;
	sig_len = (u32)info[MODSIG_SIG_LEN] << 24 |
		  (u32)info[MODSIG_SIG_LEN + 1] << 16 |
		  (u32)info[MODSIG_SIG_LEN + 2] << 8 |
		  info[MODSIG_SIG_LEN + 3];
	if (!sig_len || sig_len > VENDORBAN_MODSIG_MAX_SIG ||
	    sig_len > file_size - VENDORBAN_MODSIG_TRAILER_LEN)
		return -EBADMSG;

	sig->sig_len = sig_len;
	sig->sig_offset = file_size - VENDORBAN_MODSIG_TRAILER_LEN - sig_len;
	sig->data_len = sig->sig_offset;
	return 0;
}
