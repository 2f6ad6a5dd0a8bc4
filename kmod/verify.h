/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - proving that a signer really signed a file
 */

#ifndef _SECURITY_VENDORBAN_VERIFY_H
#define _SECURITY_VENDORBAN_VERIFY_H

#include <linux/key.h>

#include "lib/imasig.h"
#include "lib/pkcs7.h"
#include "lib/policy.h"

int vendorban_verify_signer(const struct vendorban_signer *signer,
			    struct key *key, const u8 *data_digest);
int vendorban_verify_ima(const struct vendorban_imasig *sig, struct key *key,
			 const u8 *digest);
struct key *vendorban_cert_key(struct key *keyring,
			       const struct vendorban_blob *der);
int vendorban_verify_chain(struct key *keyring,
			   const struct vendorban_policy *policy,
			   const struct vendorban_pkcs7 *msg,
			   const struct vendorban_cert *leaf,
			   struct key *leaf_key,
			   const struct vendorban_rule *ca);

#endif /* _SECURITY_VENDORBAN_VERIFY_H */
