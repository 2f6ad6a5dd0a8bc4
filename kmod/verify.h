/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - proving that a signer really signed a file
 */

#ifndef _SECURITY_VENDORBAN_VERIFY_H
#define _SECURITY_VENDORBAN_VERIFY_H

#include <linux/key.h>

#include "lib/pkcs7.h"
#include "subject.h"

int vendorban_verify_signer(const struct vendorban_subject *subj,
			    u64 data_len,
			    const struct vendorban_signer *signer,
			    struct key *key);

#endif /* _SECURITY_VENDORBAN_VERIFY_H */
