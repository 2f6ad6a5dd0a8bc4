/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - reading a file's appended signature
 */

#ifndef _SECURITY_VENDORBAN_SIGNATURE_H
#define _SECURITY_VENDORBAN_SIGNATURE_H

#include <linux/fs.h>

#include "lib/modsig.h"
#include "lib/pkcs7.h"
#include "lib/policy.h"

/**
 * struct vendorban_file_sig - the signature found at the end of a file
 * @state: none, malformed or present
 * @where: position and length of the signature (when not %VENDORBAN_SIG_NONE)
 * @blob: the PKCS#7 bytes read from the file, or NULL
 * @msg: @blob parsed, when @state is %VENDORBAN_SIG_PRESENT; points into @blob
 */
struct vendorban_file_sig {
	enum vendorban_sig_state state;
	struct vendorban_modsig where;
	u8 *blob;
	struct vendorban_pkcs7 *msg;
};

int vendorban_read_signature(struct file *file, struct vendorban_file_sig *sig);
void vendorban_release_signature(struct vendorban_file_sig *sig);

#endif /* _SECURITY_VENDORBAN_SIGNATURE_H */
