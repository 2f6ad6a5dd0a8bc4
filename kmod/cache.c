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
 *     writing, writably mapped, an unsealed memfd, pages pinned for DMA),
 *     whose filesystem can lie or was mounted in a user namespace
 *     (trust.c), nor where the filesystem keeps no i_version;
 *   - a check measures the file (trust.c) before it looks here, so unless
 *     the policy says "writable allow", a file that is writable now,
 *     pinned pages included, is never answered from the cache by an exec
 *     or a mapping;
 *   - the sample taken before reading records i_version and the inode's
 *     write generation; the store happens under the inode's lock only if
 *     neither moved and the file still cannot change unseen, so an open
 *     for writing that raced with a long decision (a hash, a signature
 *     proof) discards the result instead of being outlived by it;
 *   - a lookup hits only while nobody holds the file open for writing or
 *     writably mapped (the module form is told of the close that ends a
 *     writer, not of the open that starts one);
 *   - every mmap() of a file open for writing clears its entry first
 *     (vendorban_cache_mapped()): on tmpfs a write through a shared
 *     mapping may move no i_version, and its writer's end may go unheard
 *     (an overlayfs real file on 6.1 sends no fsnotify events).
 *
 * Where the state lives is the form's business (struct vendorban_form):
 * the inode's blob, or the module's inode table.  Either is looked up under RCU, so
 * every function here but the sample works in atomic context.
 */

#include "common.h"

#include <linux/atomic.h>
#include <linux/iversion.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "cache.h"
#include "form.h"
#include "trust.h"

/* The inode's state where the form keeps it.  Context: rcu_read_lock(). */
static struct vendorban_inode_state *inode_state(const struct inode *inode)
{
	return vendorban_form()->inode_state(inode);
}

/* Source of write generations: unique across inodes and forms' entries. */
static atomic64_t vendorban_write_seq = ATOMIC64_INIT(0);

/**
 * vendorban_cache_new_write_gen() - a write generation never handed out before
 *
 * Context: any.
 * Return: the next value of a boot-wide sequence (never 0).
 */
u64 vendorban_cache_new_write_gen(void)
{
	return atomic64_inc_return(&vendorban_write_seq);
}

/**
 * vendorban_cache_sample() - sample the inode before reading the file
 * @file: the file about to be checked
 * @token: set to what a result computed now must be stored with
 *
 * Makes sure the inode has a state (the module form creates its entry
 * here, and from then on sees the events that change the file).
 *
 * Context: process context, may sleep.
 * Return: true if a result computed now may be cached: the filesystem
 * keeps an i_version and can be trusted, and the file cannot change
 * without vendorban seeing it.
 */
bool vendorban_cache_sample(struct file *file,
			    struct vendorban_cache_token *token)
{
	struct inode *inode = file_inode(file);
	struct vendorban_inode_state *state;
	bool ok = false;

	if (!IS_I_VERSION(inode) || vendorban_file_writable(file) ||
	    vendorban_file_dma_pinned(file) ||
	    vendorban_file_unverifiable(file) ||
	    vendorban_file_userns_mount(file) ||
	    vendorban_form()->inode_state_attach(file))
		return false;
	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		spin_lock(&state->lock);
		token->write_gen = state->write_gen;
		spin_unlock(&state->lock);
		ok = true;
	}
	rcu_read_unlock();
	/* after write_gen: a write that moves i_version later is seen */
	token->iversion = inode_query_iversion(inode);
	return ok;
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

/*
 * Whether the file still holds the bytes sampled at @iversion.  A file
 * open for writing or writably mapped now does not: the module form sees
 * no open, only the close that ends a writer (see module/inode_table.c).
 */
static bool unchanged(struct inode *inode, u64 iversion)
{
	return IS_I_VERSION(inode) && inode_eq_iversion(inode, iversion) &&
	       !vendorban_inode_writable(inode);
}

/**
 * vendorban_cache_allowed() - whether the file was allowed silently before
 * @inode: the inode
 * @gen: the current state generation
 * @row: set on a hit to the hit counter row the allow was counted in
 *
 * Context: any, including atomic context and under the mmap lock (takes
 * the RCU read lock and a spinlock only).
 * Return: true if an allow computed at @gen is cached and the file has not
 * changed since.
 */
bool vendorban_cache_allowed(struct inode *inode, u64 gen, u32 *row)
{
	struct vendorban_inode_state *state;
	bool hit = false;

	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		spin_lock(&state->lock);
		hit = state->allowed_gen == gen &&
		      unchanged(inode, state->allowed_iversion);
		*row = state->allowed_row;
		spin_unlock(&state->lock);
	}
	rcu_read_unlock();
	return hit;
}

/**
 * vendorban_cache_store_allowed() - remember a silent allow
 * @file: the file that was checked
 * @gen: the state generation the decision was made under
 * @row: the hit counter row it was counted in (counts.c)
 * @token: from vendorban_cache_sample() before the file was read
 *
 * Stores nothing if the file may have changed since @token was taken.
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 */
void vendorban_cache_store_allowed(struct file *file, u64 gen, u32 row,
				   const struct vendorban_cache_token *token)
{
	struct vendorban_inode_state *state;

	rcu_read_lock();
	state = inode_state(file_inode(file));
	if (state) {
		spin_lock(&state->lock);
		if (still_valid(file, state, token)) {
			state->allowed_gen = gen;
			state->allowed_row = row;
			state->allowed_iversion = token->iversion;
		}
		spin_unlock(&state->lock);
	}
	rcu_read_unlock();
}

/**
 * vendorban_cache_get_sha256() - the cached digest of the file, if valid
 * @inode: the inode
 * @digest: receives %VENDORBAN_SHA256_LEN bytes on success
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 * Return: true if a digest of the current contents was cached.
 */
bool vendorban_cache_get_sha256(struct inode *inode, u8 *digest)
{
	struct vendorban_inode_state *state;
	bool hit = false;

	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		spin_lock(&state->lock);
		hit = state->have_sha256 &&
		      unchanged(inode, state->sha256_iversion);
		if (hit)
			memcpy(digest, state->sha256, VENDORBAN_SHA256_LEN);
		spin_unlock(&state->lock);
	}
	rcu_read_unlock();
	return hit;
}

/**
 * vendorban_cache_store_sha256() - remember the digest of the file
 * @file: the file that was hashed
 * @token: from vendorban_cache_sample() before the file was hashed
 * @digest: the digest
 *
 * Stores nothing if the file may have changed since @token was taken.
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 */
void vendorban_cache_store_sha256(struct file *file,
				  const struct vendorban_cache_token *token,
				  const u8 *digest)
{
	struct vendorban_inode_state *state;

	rcu_read_lock();
	state = inode_state(file_inode(file));
	if (state) {
		spin_lock(&state->lock);
		if (still_valid(file, state, token)) {
			memcpy(state->sha256, digest, VENDORBAN_SHA256_LEN);
			state->sha256_iversion = token->iversion;
			state->have_sha256 = true;
		}
		spin_unlock(&state->lock);
	}
	rcu_read_unlock();
}

/**
 * vendorban_cache_changed() - forget what a state remembers
 * @state: the state of a file that is being, or may be, changed
 *
 * Also discards any result still being computed for it (its store will
 * find the write generation moved).
 *
 * Context: any; takes the state's lock.
 */
void vendorban_cache_changed(struct vendorban_inode_state *state)
{
	spin_lock(&state->lock);
	state->write_gen = vendorban_cache_new_write_gen();
	state->allowed_gen = 0;
	state->have_sha256 = false;
	spin_unlock(&state->lock);
}

/**
 * vendorban_cache_invalidate() - forget everything about the inode
 * @inode: an inode that is being, or may be, changed
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 */
void vendorban_cache_invalidate(struct inode *inode)
{
	struct vendorban_inode_state *state;

	rcu_read_lock();
	state = inode_state(inode);
	if (state)
		vendorban_cache_changed(state);
	rcu_read_unlock();
}

/**
 * vendorban_cache_mapped() - a file is about to be mapped
 * @file: the file (for an overlayfs file, its real file counts too)
 *
 * A mapping of a file open for writing may be shared and writable, and
 * on shmem (tmpfs), which has no page_mkwrite and so no write-notify,
 * even a read fault maps its pages writable: the writes through them
 * then take no fault, move no i_version and reach no hook.  Nor may the
 * end of the writer be heard: overlayfs opens its real file
 * FMODE_NONOTIFY on 6.1, so the module form gets no close event.  So
 * whatever was cached about the file is forgotten before the mapping
 * exists, and from then on, for as long as it lives, the file counts as
 * open for writing and writably mapped: nothing is cached or hit
 * (vendorban_cache_sample(), unchanged()).  Every writable mapping
 * starts with an mmap() (fork() and mremap() only copy one that exists).
 *
 * Context: process context (the mmap_file hook); takes the RCU read lock
 * and a spinlock only.
 */
void vendorban_cache_mapped(struct file *file)
{
	struct inode *real = file_inode(vendorban_real_file(file));

	if (!(file->f_mode & FMODE_WRITE))
		return;
	vendorban_cache_invalidate(file_inode(file));
	if (real != file_inode(file))
		vendorban_cache_invalidate(real);
}
