/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - signed policies
 */

#ifndef _SECURITY_VENDORBAN_POLICY_SIG_H
#define _SECURITY_VENDORBAN_POLICY_SIG_H

#include <linux/types.h>

#include "lib/policy.h"

/*
 * Room for the PKCS#7 wrapping (signer info, an embedded certificate or a
 * few) around a policy text of up to %VENDORBAN_POLICY_MAX_SIZE bytes.
 */
#define VENDORBAN_POLICY_SIG_SLACK	(64 * 1024)
/* Largest write to the policy file: a maximal policy text, signed. */
#define VENDORBAN_POLICY_BLOB_MAX	\
	(VENDORBAN_POLICY_MAX_SIZE + VENDORBAN_POLICY_SIG_SLACK)

/**
 * struct vendorban_policy_blob - what was written to the policy file
 * @text: the kernel-format policy text: the written bytes themselves, or
 *        the content of the signed message (pointing into the written
 *        bytes, so valid as long as they are)
 * @len: length of @text
 * @is_signed: the bytes were a PKCS#7 message whose signature verified
 *             with a key of the kernel's trusted keyrings
 */
struct vendorban_policy_blob {
	const char *text;
	size_t len;
	bool is_signed;
};

bool vendorban_policy_sig_required(void);
void vendorban_policy_sig_require(void);
bool vendorban_policy_looks_signed(const void *data, size_t len);
int vendorban_policy_unwrap(const void *data, size_t len,
			    struct vendorban_policy_blob *blob,
			    struct vendorban_parse_error *err);

#endif /* _SECURITY_VENDORBAN_POLICY_SIG_H */
