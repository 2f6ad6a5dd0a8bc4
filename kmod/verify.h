/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - proving that a signer really signed a file
 */

#ifndef _SECURITY_VENDORBAN_VERIFY_H
#define _SECURITY_VENDORBAN_VERIFY_H

#include <linux/key.h>

#include "lib/imasig.h"
#include "lib/pkcs7.h"

int vendorban_verify_signer(const struct vendorban_signer *signer,
			    struct key *key, const u8 *data_digest);
int vendorban_verify_ima(const struct vendorban_imasig *sig, struct key *key,
			 const u8 *digest);

#endif /* _SECURITY_VENDORBAN_VERIFY_H */
