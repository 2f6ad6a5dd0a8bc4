/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a file's appended signature, read as the kernel reads it
 */

#ifndef _VENDORBANCTL_FILESIG_H
#define _VENDORBANCTL_FILESIG_H

#include "imasig.h"
#include "modimage.h"
#include "modsig.h"
#include "pe.h"
#include "pkcs7.h"
#include "policy.h"
#include "sigset.h"

/**
 * struct vb_filesig - the signatures of one file
 * @state: none, malformed or present (as the kernel decides it)
 * @why: for a malformed signature, which step failed
 * @limit: malformed because a limit was exceeded
 * @size: the file size
 * @image: a compressed module's decompressed image (kmod/lib/modimage.c):
 *         when &vendorban_modimage.data is set, the signatures, SHA-256
 *         and signed data are those of the image, as for the kernel
 * @located: a trailer was found and @where is valid (the last one)
 * @where: signature offset and length, signed data length, of the last
 *         trailer
 * @nr_trailers: number of appended trailers (each signing the ones before)
 * @blob: the PKCS#7 bytes of the last trailer (when @located), else the PE
 *        certificate table
 * @msg: the first parsed SignedData (@msgs[0]), NULL if none
 * @is_pe: the file has a PE certificate table (@pe is valid)
 * @pe: where the PE certificate table is
 * @nr_msgs: number of parsed messages in @msgs
 * @msgs: the parsed messages, trailers (last first) then the PE table,
 *        nested Authenticode signatures included, in the order the kernel
 *        parses them
 * @ders: the DER bytes of each message
 * @nr_provable: the first @nr_provable messages may prove an allow
 * @has_ima_keyid: @ima_keyid holds the security.ima signature's key id
 * @ima_keyid: that key id
 * @ima: the security.ima signature, parsed (points into @ima_xattr), when
 *       @has_ima_keyid
 * @set: what kmod/lib/sigset.c gathered (owns the memory)
 */
struct vb_filesig {
	enum vendorban_sig_state state;
	const char *why;
	bool limit;
	unsigned long long size;
	struct vendorban_modimage image;
	bool located;
	struct vendorban_modsig where;
	unsigned int nr_trailers;
	u8 *blob;
	struct vendorban_pkcs7 *msg;
	bool is_pe;
	struct vendorban_pe_sig pe;
	unsigned int nr_msgs;
	struct vendorban_pkcs7 **msgs;
	struct vendorban_blob *ders;
	unsigned int nr_provable;
	bool has_ima_keyid;
	u8 ima_keyid[VENDORBAN_IMA_KEYID_LEN];
	struct vendorban_imasig ima;
	u8 ima_xattr[VENDORBAN_IMA_HDR_LEN + VENDORBAN_IMA_MAX_SIG];
	struct vendorban_sigset set;
};

int vb_filesig_read(const char *path, struct vb_filesig *sig);
int vb_filesig_read_fd(int fd, struct vb_filesig *sig);
void vb_filesig_release(struct vb_filesig *sig);
const char *vb_sig_state_name(enum vendorban_sig_state state);

#endif /* _VENDORBANCTL_FILESIG_H */
