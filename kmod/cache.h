/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - per-inode decision cache
 */

#ifndef _SECURITY_VENDORBAN_CACHE_H
#define _SECURITY_VENDORBAN_CACHE_H

#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "lib/compat.h"

/**
 * struct vendorban_inode_state - what vendorban remembers about an inode
 * @lock: protects the fields below
 * @allowed_gen: state generation at which the file was allowed without a
 *               record (0: nothing cached)
 * @allowed_iversion: the inode's i_version sampled before that check
 * @sha256_iversion: i_version sampled before @sha256 was computed
 * @have_sha256: @sha256 holds the digest of the file's contents
 * @sha256: the SHA-256 of the whole file (for file-sha256 rules)
 *
 * Lives in the inode's LSM blob (built-in form only).  An entry is valid
 * only while the inode's i_version equals the sampled one, which is why
 * nothing is cached on filesystems without i_version.  Writes, truncation,
 * attribute and xattr changes also clear the entry through hooks, and a
 * policy load or mode change moves the state generation on.
 */
struct vendorban_inode_state {
	spinlock_t lock; /* protects the fields below */
	u64 allowed_gen;
	u64 allowed_iversion;
	u64 sha256_iversion;
	bool have_sha256;
	u8 sha256[VENDORBAN_SHA256_LEN];
};

struct vendorban_inode_state *vendorban_inode_state(const struct inode *inode);
void vendorban_inode_state_init(struct inode *inode);

bool vendorban_cache_sample(struct inode *inode, u64 *iversion);
bool vendorban_cache_allowed(struct inode *inode, u64 gen);
void vendorban_cache_store_allowed(struct inode *inode, u64 gen,
				   u64 iversion);
bool vendorban_cache_get_sha256(struct inode *inode, u8 *digest);
void vendorban_cache_store_sha256(struct inode *inode, u64 iversion,
				  const u8 *digest);
void vendorban_cache_invalidate(struct inode *inode);

#endif /* _SECURITY_VENDORBAN_CACHE_H */
