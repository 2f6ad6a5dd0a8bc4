/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - kernel/userspace compatibility for the shared library
 *
 * The files in kmod/lib/ are plain C that the kernel, the vendorbanctl tool,
 * the unit tests and the fuzzers compile unchanged.  They use only what this
 * header provides: fixed-width types, memory and string helpers, errno values,
 * an allocator, SHA-256 (in one call, or in steps: struct
 * vendorban_sha256_ctx) and vendorban_cond_resched().
 */

#ifndef _SECURITY_VENDORBAN_COMPAT_H
#define _SECURITY_VENDORBAN_COMPAT_H

#ifdef __KERNEL__

#include <crypto/sha2.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/types.h>

/*
 * Whether kmalloc() would waste more than an eighth of @size: past the
 * slab caches it hands out a power of two of pages, so an array of
 * 560,000 bytes (10,000 rules) took 1 MiB.  vmalloc() rounds to a page.
 */
static inline bool vendorban_alloc_rounds_up(size_t size)
{
	return size > KMALLOC_MAX_CACHE_SIZE &&
	       (PAGE_SIZE << get_order(size)) - size > size / 8;
}

/* Allocations may sleep: the shared code never runs in atomic context. */
static inline void *vendorban_alloc(size_t size)
{
	if (vendorban_alloc_rounds_up(size))
		return vmalloc(size);
	return kvmalloc(size, GFP_KERNEL);
}

static inline void *vendorban_zalloc(size_t size)
{
	if (vendorban_alloc_rounds_up(size))
		return vzalloc(size);
	return kvzalloc(size, GFP_KERNEL);
}

static inline void vendorban_free(const void *ptr)
{
	kvfree(ptr);
}

static inline void vendorban_sha256(const u8 *data, size_t len, u8 *out)
{
	sha256(data, len, out);
}

struct vendorban_sha256_ctx {
	struct sha256_state state;
};

/* Returns 0 (or, in userspace, -ENOMEM); then _final() must be called. */
static inline int vendorban_sha256_init(struct vendorban_sha256_ctx *ctx)
{
	sha256_init(&ctx->state);
	return 0;
}

static inline void vendorban_sha256_update(struct vendorban_sha256_ctx *ctx,
					   const u8 *data, size_t len)
{
	sha256_update(&ctx->state, data, len);
}

static inline void vendorban_sha256_final(struct vendorban_sha256_ctx *ctx,
					  u8 *out)
{
	sha256_final(&ctx->state, out);
}

/* Long loops over untrusted input yield the CPU (process context only). */
static inline void vendorban_cond_resched(void)
{
	cond_resched();
}

#else /* !__KERNEL__ */

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef ENOPKG
#define ENOPKG 65
#endif

static inline void *vendorban_alloc(size_t size)
{
	return malloc(size ? size : 1);
}

static inline void *vendorban_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

static inline void vendorban_free(const void *ptr)
{
	free((void *)ptr);
}

/* Implemented over OpenSSL in userspace/lib (and in the tests). */
void vendorban_sha256(const u8 *data, size_t len, u8 *out);

struct vendorban_sha256_ctx {
	void *md;
};

int vendorban_sha256_init(struct vendorban_sha256_ctx *ctx);
void vendorban_sha256_update(struct vendorban_sha256_ctx *ctx,
			     const u8 *data, size_t len);
void vendorban_sha256_final(struct vendorban_sha256_ctx *ctx, u8 *out);

static inline void vendorban_cond_resched(void)
{
}

#endif /* __KERNEL__ */

/**
 * struct vendorban_blob - a byte range inside a buffer owned by someone else
 * @data: first byte, or NULL when absent
 * @len: number of bytes; 0 when absent
 */
struct vendorban_blob {
	const u8 *data;
	size_t len;
};

#define VENDORBAN_SHA256_LEN 32

#endif /* _SECURITY_VENDORBAN_COMPAT_H */
