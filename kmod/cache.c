// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - per-inode decision cache
 *
 * A repeated exec (or library mapping) of an unchanged file costs a lookup
 * here instead of a read of its signature.  Only silent allows are cached:
 * a denial or a would-deny is decided again each time, so that each attempt
 * leaves its own audit record.
 *
 * A result may be stored only if the bytes it was computed on are still the
 * file's bytes when it is stored, and stay so until an event clears it:
 *   - nothing is cached for a file that can change unseen (open for
 *     writing, writably mapped, an unsealed memfd) or whose filesystem can
 *     lie (trust.c), nor where the filesystem keeps no i_version;
 *   - the sample taken before reading records i_version and the inode's
 *     write generation; the store happens under the inode's lock only if
 *     neither moved and the file still cannot change unseen, so an open
 *     for writing that raced with a long decision (a hash, a signature
 *     proof) discards the result instead of being outlived by it.
 */

#include "common.h"

#include <linux/iversion.h>
#include <linux/lsm_hooks.h>
#include <linux/string.h>

#include "cache.h"
#include "lsm/hooks.h"
#include "trust.h"

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
 * vendorban_cache_sample() - sample the inode before reading the file
 * @file: the file about to be checked
 * @token: set to what a result computed now must be stored with
 *
 * Return: true if a result computed now may be cached: the filesystem
 * keeps an i_version and can be trusted, and the file cannot change
 * without vendorban seeing it.
 */
bool vendorban_cache_sample(struct file *file,
			    struct vendorban_cache_token *token)
{
	struct inode *inode = file_inode(file);
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (!state || !IS_I_VERSION(inode) || vendorban_file_writable(file) ||
	    vendorban_file_unverifiable(file))
		return false;
	spin_lock(&state->lock);
	token->write_gen = state->write_gen;
	spin_unlock(&state->lock);
	/* after write_gen: a write that moves i_version later is seen */
	token->iversion = inode_query_iversion(inode);
	return true;
}

/*
 * Whether a result computed on @token still describes the file: called
 * with the state's lock held, just before storing.
 */
static bool still_valid(struct file *file,
			const struct vendorban_inode_state *state,
			const struct vendorban_cache_token *token)
{
	return state->write_gen == token->write_gen &&
	       !vendorban_file_writable(file);
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
 * @file: the file that was checked
 * @gen: the state generation the decision was made under
 * @token: from vendorban_cache_sample() before the file was read
 *
 * Stores nothing if the file may have changed since @token was taken.
 */
void vendorban_cache_store_allowed(struct file *file, u64 gen,
				   const struct vendorban_cache_token *token)
{
	struct vendorban_inode_state *state =
		vendorban_inode_state(file_inode(file));

	if (!state)
		return;
	spin_lock(&state->lock);
	if (still_valid(file, state, token)) {
		state->allowed_gen = gen;
		state->allowed_iversion = token->iversion;
	}
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
 * @file: the file that was hashed
 * @token: from vendorban_cache_sample() before the file was hashed
 * @digest: the digest
 *
 * Stores nothing if the file may have changed since @token was taken.
 */
void vendorban_cache_store_sha256(struct file *file,
				  const struct vendorban_cache_token *token,
				  const u8 *digest)
{
	struct vendorban_inode_state *state =
		vendorban_inode_state(file_inode(file));

	if (!state)
		return;
	spin_lock(&state->lock);
	if (still_valid(file, state, token)) {
		memcpy(state->sha256, digest, VENDORBAN_SHA256_LEN);
		state->sha256_iversion = token->iversion;
		state->have_sha256 = true;
	}
	spin_unlock(&state->lock);
}

/**
 * vendorban_cache_invalidate() - forget everything about the inode
 * @inode: an inode that is being, or may be, changed
 *
 * Also discards any result still being computed for it (its store will
 * find the write generation moved).
 */
void vendorban_cache_invalidate(struct inode *inode)
{
	struct vendorban_inode_state *state = vendorban_inode_state(inode);

	if (!state)
		return;
	spin_lock(&state->lock);
	state->write_gen++;
	state->allowed_gen = 0;
	state->have_sha256 = false;
	spin_unlock(&state->lock);
}
