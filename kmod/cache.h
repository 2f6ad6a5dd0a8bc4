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
 * @write_gen: moved on by every event that may change the file (an open
 *             for writing, attribute, size and xattr changes), so that a
 *             result computed across such an event is never stored
 * @allowed_gen: state generation at which the file was allowed without a
 *               record (0: nothing cached)
 * @allowed_row: the hit counter row of that allow (counts.c)
 * @allowed_iversion: the inode's i_version sampled before that check
 * @sha256_iversion: i_version sampled before @sha256 was computed
 * @have_sha256: @sha256 holds the digest of the file's contents
 * @sha256: the SHA-256 of the whole file (for file-sha256 rules)
 * @mapped_seq: moved on by every mmap() of the file through a descriptor
 *              open for writing: pages of it may have been taken for
 *              writing (get_user_pages()) through that mapping, and held
 *              past its end (held.c)
 * @clean_seq: the @mapped_seq at which a check found no page of the file
 *             held; the file is suspect while the two differ
 * @clean_sight: how vendorban saw mmap() calls then, less one (cache.c:
 *               a zeroed state was clean from the start)
 * @mapped_by_user: every mapping through a writer since the file was
 *                  found clean was a user's: it came through a mount that
 *                  shows the file as a user's (an idmapped mount;
 *                  vendorban_file_user_owned()), which tells the
 *                  suspicion without a state, or through a writer a user
 *                  other than root opened or maps (cache.c: who made the
 *                  writer, whatever the mount); or none since the state
 *                  was made suspect (vendorban_cache_state_init())
 * @user_writer: @mapped_by_user, and there was such a mapping since the
 *               state was made (not only a state made suspect:
 *               vendorban_cache_state_init()): a user's suspicion
 *               that, for a file that looks root-only, the form records
 *               as such when the state goes, whatever its ctime
 * @writer_seen: a mapping through a writer made the state suspect since
 *               it was made or found clean, or vendorban_cache_state_init()
 *               did with a charge its maker's account could take: its
 *               suspicion is one the form records when the state goes
 * @account: the account its suspicion is charged to (module/evicted.c;
 *           0: none)
 * @dropped: the module form's table is forgetting the state: it is marked
 *           suspect no more (vendorban_cache_state_drop())
 *
 * Lives in the inode's LSM blob in the built-in form, and in an entry of
 * the module's inode table (module/inode_table.c) in the loadable form.
 * An entry is valid only while the inode's i_version equals the sampled
 * one, which is why nothing is cached on filesystems without i_version,
 * and while nobody holds the file open for writing or writably mapped.
 * Writes, truncation, attribute and xattr changes also clear the entry
 * (through LSM hooks in the built-in form, fsnotify events in the module
 * form), and a policy load or mode change moves the state generation on.
 */
struct vendorban_inode_state {
	spinlock_t lock; /* protects the fields below */
	u32 allowed_row;
	u64 write_gen;
	u64 allowed_gen;
	u64 allowed_iversion;
	u64 sha256_iversion;
	bool have_sha256;
	u8 sha256[VENDORBAN_SHA256_LEN];
	u64 mapped_seq;
	u64 clean_seq;
	u64 clean_sight;
	bool mapped_by_user;
	bool user_writer;
	bool writer_seen;
	unsigned int account;
	bool dropped;
};

/**
 * enum vendorban_state_worth - what forgetting an inode's state would lose
 * @VENDORBAN_WORTH_NOTHING: a suspicion the inode has without a state as
 *	well (vendorban_cache_unknown_suspect(): from its owner and mode, and
 *	once forgotten, from the form's record of it), and cached results
 * @VENDORBAN_WORTH_CACHE: no suspicion: cached results, and for a file
 *	that is suspect without a state, that a check found it clean
 * @VENDORBAN_WORTH_SUSPICION: a suspicion nothing else records: a file
 *	only root may write, mapped since found clean through a writer root
 *	opened, by root, through a mount that shows it as root's (not an
 *	idmapped one showing it as a user's): root's own doing only
 * @VENDORBAN_NR_WORTHS: how many
 */
enum vendorban_state_worth {
	VENDORBAN_WORTH_NOTHING,
	VENDORBAN_WORTH_CACHE,
	VENDORBAN_WORTH_SUSPICION,
	VENDORBAN_NR_WORTHS
};

/**
 * struct vendorban_suspect_token - what a walk for held pages started from
 * @seq: &vendorban_inode_state.mapped_seq then (0: no state)
 * @sight: how vendorban saw mmap() calls then
 */
struct vendorban_suspect_token {
	u64 seq;
	u64 sight;
};

/**
 * struct vendorban_cache_token - what a result to be cached was computed on
 * @iversion: the inode's i_version before the file was read
 * @write_gen: &vendorban_inode_state.write_gen at the same moment
 */
struct vendorban_cache_token {
	u64 iversion;
	u64 write_gen;
};

u64 vendorban_cache_new_write_gen(void);
void vendorban_cache_changed(struct vendorban_inode_state *state);
bool vendorban_cache_sample(struct file *file,
			    struct vendorban_cache_token *token);
bool vendorban_cache_allowed(struct inode *inode, u64 gen, u32 *row);
void vendorban_cache_store_allowed(struct file *file, u64 gen, u32 row,
				   const struct vendorban_cache_token *token);
bool vendorban_cache_get_sha256(struct inode *inode, u8 *digest);
void vendorban_cache_store_sha256(struct file *file,
				  const struct vendorban_cache_token *token,
				  const u8 *digest);
void vendorban_cache_invalidate(struct inode *inode);
int vendorban_cache_mapped(struct file *file);
void vendorban_cache_look(struct inode *inode);
bool vendorban_cache_unknown_suspect(const struct inode *inode);
void vendorban_cache_suspect_lost(void);
void vendorban_cache_state_init(struct vendorban_inode_state *state,
				const struct inode *inode, bool user);
enum vendorban_state_worth
vendorban_cache_state_worth(struct vendorban_inode_state *state,
			    const struct inode *inode);
bool vendorban_cache_state_drop(struct vendorban_inode_state *state,
				const struct inode *inode,
				enum vendorban_state_worth most);
void vendorban_cache_state_release(struct vendorban_inode_state *state);
void vendorban_cache_sight(bool seeing);
u64 vendorban_cache_sight_now(void);
bool vendorban_cache_suspect(struct inode *inode, bool user,
			     struct vendorban_suspect_token *token);
void vendorban_cache_clean(struct inode *inode,
			   const struct vendorban_suspect_token *token);

#endif /* _SECURITY_VENDORBAN_CACHE_H */
