/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a file's appended signature, read as the kernel reads it
 */

#ifndef _VENDORBANCTL_FILESIG_H
#define _VENDORBANCTL_FILESIG_H

#include "modsig.h"
#include "pkcs7.h"
#include "policy.h"

/**
 * struct vb_filesig - the signature of one file
 * @state: none, malformed or present (as the kernel decides it)
 * @why: for a malformed signature, which step failed
 * @size: the file size
 * @located: the trailer was found and @where is valid
 * @where: signature offset and length, signed data length
 * @blob: the PKCS#7 bytes (when @located)
 * @msg: the parsed SignedData (when @state is present)
 */
struct vb_filesig {
	enum vendorban_sig_state state;
	const char *why;
	unsigned long long size;
	bool located;
	struct vendorban_modsig where;
	u8 *blob;
	struct vendorban_pkcs7 *msg;
};

int vb_filesig_read(const char *path, struct vb_filesig *sig);
void vb_filesig_release(struct vb_filesig *sig);
const char *vb_sig_state_name(enum vendorban_sig_state state);

#endif /* _VENDORBANCTL_FILESIG_H */
