// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - SHA-256 for the shared library in userspace, over OpenSSL
 */

#include <openssl/sha.h>

#include "../../kmod/lib/compat.h"

void vendorban_sha256(const u8 *data, size_t len, u8 *out)
{
	SHA256(data, len, out);
}
