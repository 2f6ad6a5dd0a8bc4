/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - signed policies: PKCS#7/CMS messages holding a policy text
 */

#ifndef _VENDORBANCTL_POLICYSIG_H
#define _VENDORBANCTL_POLICYSIG_H

#include <stdbool.h>
#include <stddef.h>

bool vb_policy_is_signed(const char *data, size_t len);
int vb_policy_signed_content(const char *data, size_t len, char **text,
			     size_t *text_len);
int vb_policy_sign(const char *text, size_t len, const char *key_path,
		   const char *cert_path, unsigned char **out, size_t *out_len);

#endif /* _VENDORBANCTL_POLICYSIG_H */
