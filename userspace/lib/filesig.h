/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a file's appended signature, read as the kernel reads it
 */

#ifndef _VENDORBANCTL_FILESIG_H
#define _VENDORBANCTL_FILESIG_H

#include "imasig.h"
#include "modsig.h"
#include "pe.h"
#include "pkcs7.h"
#include "policy.h"

/**
 * struct vb_filesig - the signature of one file
 * @state: none, malformed or present (as the kernel decides it)
 * @why: for a malformed signature, which step failed
 * @size: the file size
 * @located: the trailer was found and @where is valid
 * @where: signature offset and length, signed data length
 * @blob: the PKCS#7 bytes (when @located), or the PE certificate table
 * @msg: the first parsed SignedData (@msgs[0]), NULL if none
 * @is_pe: the signatures come from a PE certificate table (@pe is valid)
 * @pe: where the PE certificate table is
 * @nr_msgs: number of parsed messages in @msgs
 * @msgs: the parsed messages, nested Authenticode signatures included,
 *        in the order the kernel parses them
 * @ders: the DER bytes of each message (pointing into @blob)
 * @has_ima_keyid: @ima_keyid holds the security.ima signature's key id
 * @ima_keyid: that key id
 */
struct vb_filesig {
	enum vendorban_sig_state state;
	const char *why;
	unsigned long long size;
	bool located;
	struct vendorban_modsig where;
	u8 *blob;
	struct vendorban_pkcs7 *msg;
	bool is_pe;
	struct vendorban_pe_sig pe;
	unsigned int nr_msgs;
	struct vendorban_pkcs7 *msgs[VENDORBAN_MAX_MSGS];
	struct vendorban_blob ders[VENDORBAN_MAX_MSGS];
	bool has_ima_keyid;
	u8 ima_keyid[VENDORBAN_IMA_KEYID_LEN];
};

int vb_filesig_read(const char *path, struct vb_filesig *sig);
void vb_filesig_release(struct vb_filesig *sig);
const char *vb_sig_state_name(enum vendorban_sig_state state);

#endif /* _VENDORBANCTL_FILESIG_H */
