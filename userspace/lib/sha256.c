// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - SHA-256 for the shared library in userspace, over OpenSSL
 */

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "../../kmod/lib/compat.h"

void vendorban_sha256(const u8 *data, size_t len, u8 *out)
{
	SHA256(data, len, out);
}

int vendorban_sha256_init(struct vendorban_sha256_ctx *ctx)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		ctx->md = NULL;
		return -ENOMEM;
	}
	ctx->md = md;
	return 0;
}

void vendorban_sha256_update(struct vendorban_sha256_ctx *ctx,
			     const u8 *data, size_t len)
{
	EVP_DigestUpdate(ctx->md, data, len);
}

/* Writes the digest to @out and releases @ctx. */
void vendorban_sha256_final(struct vendorban_sha256_ctx *ctx, u8 *out)
{
	unsigned int n = SHA256_DIGEST_LENGTH;

	EVP_DigestFinal_ex(ctx->md, out, &n);
	EVP_MD_CTX_free(ctx->md);
	ctx->md = NULL;
}
