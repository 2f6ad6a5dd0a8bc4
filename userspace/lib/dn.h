/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - distinguished names as admins copy them (OpenSSL's
 * default form, sbverify's /C=../CN=.. form) in the kernel's RFC 4514 form
 */

#ifndef _VENDORBANCTL_DN_H
#define _VENDORBANCTL_DN_H

int vb_dn_normalize(const char *s, char **out, const char **why);

#endif /* _VENDORBANCTL_DN_H */
