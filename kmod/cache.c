// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - per-inode decision cache
 *
 * A repeated exec (or library mapping) of an unchanged file costs a lookup
 * here instead of a read of its signature.  Only silent allows are cached:
 * a denial or a would-deny is decided again each time, so that each attempt
 * leaves its own audit record.
 */

#include "common.h"

#include <linux/iversion.h>
#include <linux/lsm_hooks.h>
#include <linux/string.h>

#include "cache.h"
#include "lsm/hooks.h"

/**
 * vendorban_inode_state() - vendorban's part of an inode's security blob
 * @inode: the inode
 *
 * Return: the state, or NULL when there is no blob (the loadable form
 * has none: it caches nothing).
 */
struct vendorban_inode_state *vendorban_inode_state(const struct inode *inode)
{
#if IS_BUILTIN(CONFIG_SECURITY_VENDORBAN)
	if (inode->i_security)
		return inode->i_security + vendorban_blob_sizes.lbs_inode;
#endif
	return NULL;
}

/**
 * vendorban_inode_state_init() - initialise a new inode's state
 * @inode: the inode, with its blob just allocated (zeroed)
 */
void vendorban_inode_state_init(struct inode *inode)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (state)
		spin_lock_init(&state->lock);
}

/**
 * vendorban_cache_sample() - sample the inode's version before reading it
 * @inode: the inode about to be checked
 * @iversion: set to the sampled version
 *
 * Return: true if a result computed now may be cached: the filesystem
 * keeps an i_version and nobody has the file open for writing.
 */
bool vendorban_cache_sample(struct inode *inode, u64 *iversion)
{
	if (!vendorban_inode_state(inode) || !IS_I_VERSION(inode) ||
	    inode_is_open_for_write(inode))
		return false;
	*iversion = inode_query_iversion(inode);
	return true;
}

static bool unchanged(struct inode *inode, u64 iversion)
{
	return IS_I_VERSION(inode) && inode_eq_iversion(inode, iversion);
}

/**
 * vendorban_cache_allowed() - whether the file was allowed silently before
 * @inode: the inode
 * @gen: the current state generation
 *
 * Context: any, including under the mmap lock (takes a spinlock only).
 * Return: true if an allow computed at @gen is cached and the file has not
 * changed since.
 */
bool vendorban_cache_allowed(struct inode *inode, u64 gen)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);
	bool hit;

	if (!state)
		return false;
	spin_lock(&state->lock);
	hit = state->allowed_gen == gen &&
	      unchanged(inode, state->allowed_iversion);
	spin_unlock(&state->lock);
	return hit;
}

/**
 * vendorban_cache_store_allowed() - remember a silent allow
 * @inode: the inode
 * @gen: the state generation the decision was made under
 * @iversion: the version sampled by vendorban_cache_sample() before reading
 */
void vendorban_cache_store_allowed(struct inode *inode, u64 gen, u64 iversion)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (!state)
		return;
	spin_lock(&state->lock);
	state->allowed_gen = gen;
	state->allowed_iversion = iversion;
	spin_unlock(&state->lock);
}

/**
 * vendorban_cache_get_sha256() - the cached digest of the file, if valid
 * @inode: the inode
 * @digest: receives %VENDORBAN_SHA256_LEN bytes on success
 *
 * Return: true if a digest of the current contents was cached.
 */
bool vendorban_cache_get_sha256(struct inode *inode, u8 *digest)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);
	bool hit;

	if (!state)
		return false;
	spin_lock(&state->lock);
	hit = state->have_sha256 && unchanged(inode, state->sha256_iversion);
	if (hit)
		memcpy(digest, state->sha256, VENDORBAN_SHA256_LEN);
	spin_unlock(&state->lock);
	return hit;
}

/**
 * vendorban_cache_store_sha256() - remember the digest of the file
 * @inode: the inode
 * @iversion: the version sampled before the file was hashed
 * @digest: the digest
 */
void vendorban_cache_store_sha256(struct inode *inode, u64 iversion,
				  const u8 *digest)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (!state)
		return;
	spin_lock(&state->lock);
	memcpy(state->sha256, digest, VENDORBAN_SHA256_LEN);
	state->sha256_iversion = iversion;
	state->have_sha256 = true;
	spin_unlock(&state->lock);
}

/**
 * vendorban_cache_invalidate() - forget everything about the inode
 * @inode: an inode that is being, or may be, changed
 */
void vendorban_cache_invalidate(struct inode *inode)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (!state)
		return;
	spin_lock(&state->lock);
	state->allowed_gen = 0;
	state->have_sha256 = false;
	spin_unlock(&state->lock);
}
