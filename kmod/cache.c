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
 *     (an overlayfs real file on 6.1 sends no fsnotify events);
 *   - such an mmap() also makes the file suspect: pages taken for writing
 *     through the mapping may be held past its end and written later,
 *     moving nothing; nothing is stored or hit for a suspect file until a
 *     check found none of its pages held (held.c).  A file root owns on
 *     disk that an idmapped mount shows as a user's is the user's there:
 *     his mapping of it through that mount is a suspicion found through
 *     that mount again without a state, as IMA judges a file's owner
 *     through the mount it was found through.  (So the module form's
 *     table may evict it, recorded first: found without a state through
 *     a mount that shows it as root's, root running a container's
 *     program by its path on the host, it is still suspect, and walked;
 *     module/evicted.c.  A clean walk leaves a clean state, which then
 *     serves the idmapped mount too until the user's next writable
 *     mapping.  Mapped through a mount that shows it as root's, such a
 *     file is not pinned: pin.c.)  Nor does the mount alone tell whose
 *     the writer is: he may open the file for writing through a mount
 *     that shows it as root's after making it writable through his
 *     (redteam10, RT10-3), so a writer opened or mapped by a user other
 *     than root is his, whatever the mount (users_writer()).
 *
 * Where the state lives is the form's business (struct vendorban_form):
 * the inode's blob, or the module's inode table.  Either is looked up under RCU, so
 * every function here but the sample works in atomic context.
 */

#include "common.h"

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/iversion.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "cache.h"
#include "form.h"
#include "held.h"
#include "pin.h"
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
 * Whether vendorban sees every mmap() (odd) and since when: moved on at
 * each change (vendorban_cache_sight()).  The built-in form sees them
 * from boot; the loadable form only while its BPF LSM programs are in
 * force, and a state found clean before it last started seeing them
 * tells nothing of the mappings made meanwhile.
 */
#ifdef MODULE
static atomic64_t sight = ATOMIC64_INIT(0);
#else
static atomic64_t sight = ATOMIC64_INIT(1);
#endif

/**
 * vendorban_cache_sight() - whether every mmap() is seen from now on
 * @seeing: true when the mmap hook runs for every mapping from now on
 *
 * Context: any; callers serialise (the module's links lock).
 */
void vendorban_cache_sight(bool seeing)
{
	if (seeing != (atomic64_read(&sight) & 1))
		atomic64_inc(&sight);
}

/**
 * vendorban_cache_sight_now() - how vendorban sees mmap() calls now
 *
 * Context: any.
 * Return: the sight: odd while every mmap() is seen, moved on at each
 * change (vendorban_cache_sight()).
 */
u64 vendorban_cache_sight_now(void)
{
	return atomic64_read(&sight);
}

/**
 * vendorban_cache_look() - before a decision on a file of @inode's filesystem
 * @inode: the inode
 *
 * The loadable form looks at what it could not see before it started to
 * see every mmap() (module/unseen.c: pages held through a writer since
 * before it was loaded, or while its BPF LSM programs were not in force),
 * once per filesystem and sight; until then, a file of it that has no
 * state clean in this sight is suspect.
 *
 * Context: process context, may sleep.
 */
void vendorban_cache_look(struct inode *inode)
{
	void (*look)(struct inode *inode, u64 now) =
		vendorban_form()->unseen_look;

	if (look)
		look(inode, atomic64_read(&sight));
}

/*
 * Whether @inode may have pages held from before vendorban started to see
 * every mmap() in sight @now (vendorban_cache_look()).
 */
static bool unseen_suspect(const struct inode *inode, u64 now)
{
	bool (*unseen)(const struct inode *inode, u64 now) =
		vendorban_form()->unseen_suspect;

	return unseen && unseen(inode, now);
}

/*
 * Whether an inode without a state is suspect: @user, it was found
 * through a mount that shows it as a user's (vendorban_file_user_owned()).
 */
static bool unknown_suspect(const struct inode *inode, bool user)
{
	return user || vendorban_cache_unknown_suspect(inode);
}

/*
 * Whether @state's file may have pages held: mapped through a writer
 * since found clean, or found clean (or made) at a @now other than this
 * sight of every mmap() and unknown_suspect() or unseen_suspect() says
 * so, or being dropped (no longer marked: a mapping since is recorded as
 * for a file without a state) and either says so.
 * Context: @state's lock.
 */
static bool state_suspect(const struct vendorban_inode_state *state,
			  const struct inode *inode, bool user, u64 now)
{
	if (state->mapped_seq != state->clean_seq)
		return true;
	/* stored less one: a zeroed state was clean in the first sight */
	if (!state->dropped && (now & 1) && state->clean_sight == now - 1)
		return false;
	return unknown_suspect(inode, user) || unseen_suspect(inode, now);
}

/* state_suspect() now.  Context: @state's lock. */
static bool suspect_now(const struct vendorban_inode_state *state,
			const struct inode *inode, bool user)
{
	return state_suspect(state, inode, user, atomic64_read(&sight));
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
	       !suspect_now(state, file_inode(file),
			    vendorban_file_user_owned(file)) &&
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
		      !suspect_now(state, inode, false) &&
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
		      !suspect_now(state, inode, false) &&
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

/*
 * Tells the form that @inode's suspicion is about to have no state; @user:
 * it comes of a mapping through a writer through a mount that shows the
 * file as a user's, which, if its owner and mode do not tell it, the form
 * keeps whatever happens to the file (module/evicted.c: found through a
 * mount that shows it as root's, it must still be suspect).
 */
static void record_suspect(const struct inode *inode, bool user,
			   unsigned int account)
{
	void (*record)(const struct inode *inode, bool user,
		       unsigned int account) = vendorban_form()->suspect_record;

	if (record)
		record(inode, user && !vendorban_cache_unknown_suspect(inode),
		       account);
}

/*
 * Charges (@charge) or refunds one suspicion to @account (the form's
 * bound on what one account's mappings may make it remember:
 * module/evicted.c).
 */
static void charge(unsigned int account, bool charge)
{
	void (*suspect_charge)(unsigned int account, bool charge) =
		vendorban_form()->suspect_charge;

	if (account && suspect_charge)
		suspect_charge(account, charge);
}

/*
 * Charges one suspicion to @account: the reservation its admission made
 * (vendorban_cache_mapped()) while *@reserved says it is unused, else
 * one more.  The entry holds the reservation until then, so no other
 * account can have taken it (module/evicted.c; redteam13, RT13-2).
 */
static void charge_reserved(unsigned int account, bool *reserved)
{
	if (*reserved)
		*reserved = false;
	else
		charge(account, true);
}

/* Refunds what @state's suspicion was charged.  Context: @state's lock. */
static void refund(struct vendorban_inode_state *state)
{
	charge(state->account, false);
	state->account = 0;
}

/*
 * Whether the form recorded @inode suspect and it was changed since, or
 * recorded it as a suspicion a mount showing it as a user's told.
 */
static bool recorded_suspect(const struct inode *inode)
{
	bool (*recorded)(const struct inode *inode) =
		vendorban_form()->suspect_recorded;

	return recorded && recorded(inode);
}

/*
 * Set once a suspect state of a file that only root may write, made
 * through a mount that shows it as root's, was lost (the module form's
 * table had no room for it): from then on, an inode without a state is
 * suspect whoever may write it.
 */
static bool suspect_lost;

/**
 * vendorban_cache_unknown_suspect() - is an inode without a state suspect?
 * @inode: an inode that has no state (the module form's table holds none
 *         for it, or evicted it)
 *
 * Whoever may write it may have mapped it writable unseen, or while its
 * state existed: a file a user other than root may write, one on a
 * filesystem whose owners and modes are its server's or its mounter's
 * word (FUSE, network filesystems, a mount in a user namespace: see
 * vendorban_inode_owner_untrusted()), one deleted (the table never holds
 * those), and any file once a root-only one's suspect state was lost
 * (vendorban_cache_suspect_lost()).  A file only root may write on disk
 * that a mount shows as a user's (an idmapped mount) is suspect without a
 * state when it is found through such a mount: the callers that have the
 * file say so (vendorban_cache_suspect(), vendorban_cache_state_init()).
 * So only root can make a suspicion that a missing state does not tell
 * (VENDORBAN_WORTH_SUSPICION): a mapping through a writer of a file only
 * root may write, through a mount that shows it as root's, of a writer
 * root opened and maps (users_writer(): a user's writer is recorded apart
 * when its state goes, whatever the mount it came through).
 *
 * Those are the owner and mode of the file now, and an honest root may
 * adopt a user's file (chown root, chmod 0755) whose pages the user
 * holds (redteam7, RT7-4): so a suspicion that has no state to hold it
 * (a suspect state forgotten: vendorban_cache_state_drop(); a file
 * without one mapped through a writer) is recorded by the form
 * (&vendorban_form.suspect_record, module/evicted.c), and a file it may
 * have recorded and that was changed since is suspect too.  And a file
 * that looks root-only, mapped through a writer through a mount that
 * shows it as a user's, is that user's there, not root's, though found
 * through a mount that shows it as root's (redteam8, RT8-1): its
 * suspicion is recorded apart, and a file it may have recorded is
 * suspect whether changed since or not.  So is a file that looks
 * root-only mapped through a writer a user opened or maps, through any
 * mount (redteam10, RT10-3: made writable through the idmapped mount,
 * opened for writing by its source path, made root-only again).
 *
 * Context: any.
 * Return: true if it must be treated as mapped through a writer.
 */
bool vendorban_cache_unknown_suspect(const struct inode *inode)
{
	return vendorban_others_may_write(inode) ||
	       vendorban_inode_owner_untrusted(inode) || !inode->i_nlink ||
	       READ_ONCE(suspect_lost) || recorded_suspect(inode);
}

/**
 * vendorban_cache_suspect_lost() - a state that was suspect is gone
 *
 * Called when a suspect state of a file is dropped while the file lives
 * on, or could not be made: unless vendorban_cache_unknown_suspect() says
 * so already, every inode without a state is suspect until reboot (the
 * module unloaded, it is again).
 *
 * Context: any.
 */
void vendorban_cache_suspect_lost(void)
{
	if (!READ_ONCE(suspect_lost))
		pr_notice("a suspect file's state was lost: files without one are walked from now on\n");
	WRITE_ONCE(suspect_lost, true);
}

/**
 * vendorban_cache_state_init() - a new state for an inode that had none
 * @state: the state, zeroed, its lock initialised
 * @inode: its inode
 * @user: it was found through a mount that shows it as a user's
 *        (vendorban_file_user_owned())
 *
 * The module form's table makes states as it meets files and evicts
 * them: a file without one starts suspect if vendorban_cache_unknown_suspect()
 * or @user says so, so that eviction is no way around a suspicion.  That
 * suspicion is not root's own (no writer of root's was seen: it stands
 * for users who may write the file, a mount that shows it as a user's, or
 * a record the form keeps anyway), so it stays evictable if the file is
 * made root-only afterwards: else a user who may make it so (through an
 * idmapped mount that shows it as his) would fill the table with states
 * it never evicts by having files checked or mapped while they are
 * writable to him, then chmod 0644 (redteam10, RT10-3's other order).
 * Its pages may be held from a mapping vendorban did not see (before its
 * BPF LSM programs were in force): so the form records it when the state
 * goes while they may still be written (vendorban_cache_state_drop()),
 * charged to the account of whoever made the state, if that account may
 * hold one more (module/evicted.c; if not, it goes unrecorded, and its
 * maker is refused nothing).  The admission reserved it on the account's
 * entry: that reservation is the state's charge.
 *
 * Context: process context (the module form's table makes its states
 * there).
 */
void vendorban_cache_state_init(struct vendorban_inode_state *state,
				const struct inode *inode, bool user)
{
	int (*suspect_account)(const struct cred *opener, bool quiet) =
		vendorban_form()->suspect_account;
	u64 now = atomic64_read(&sight);
	int account;

	/* never a value a token of an evicted entry may hold */
	state->write_gen = vendorban_cache_new_write_gen();
	/*
	 * clean in this sight, if it sees every mmap(), unless suspect below
	 * (made in another, it says nothing of the mappings made meanwhile)
	 */
	state->clean_sight = now - 1;
	if (unknown_suspect(inode, user) || unseen_suspect(inode, now)) {
		state->mapped_seq = vendorban_cache_new_write_gen();
		state->mapped_by_user = true;
		/* a mapping vendorban did not see may hold its pages */
		account = suspect_account ? suspect_account(NULL, true) :
					    -EDQUOT;
		if (account >= 0) {
			/* the admission's reservation is its charge */
			state->account = account;
			state->writer_seen = true;
		}
	}
}

/* What forgetting @state would lose.  Context: @state's lock. */
static enum vendorban_state_worth
state_worth(const struct vendorban_inode_state *state,
	    const struct inode *inode)
{
	if (state->mapped_seq == state->clean_seq)
		return VENDORBAN_WORTH_CACHE;
	return unknown_suspect(inode, state->mapped_by_user) ?
	       VENDORBAN_WORTH_NOTHING : VENDORBAN_WORTH_SUSPICION;
}

/**
 * vendorban_cache_state_worth() - what forgetting a state would lose
 * @state: the state
 * @inode: its inode
 *
 * The module form's table forgets the states worth least first.  A state
 * worth %VENDORBAN_WORTH_SUSPICION can only be made by root: a file only
 * root may write, on a filesystem that tells its owners truly, mapped
 * through a writer root opened, by root, through a mount that shows it as
 * root's (vendorban_cache_unknown_suspect(); one mapped through a mount
 * that shows it as a user's, an idmapped one, is told by that mount, and
 * one a user opened or maps is recorded apart when its state goes:
 * users_writer()).
 *
 * Context: any; takes @state's lock.
 * Return: what it would lose; it may change as soon as the lock is gone
 * (the form is told: &vendorban_form.inode_state_refile).
 */
enum vendorban_state_worth
vendorban_cache_state_worth(struct vendorban_inode_state *state,
			    const struct inode *inode)
{
	enum vendorban_state_worth worth;

	spin_lock(&state->lock);
	worth = state_worth(state, inode);
	spin_unlock(&state->lock);
	return worth;
}

/**
 * vendorban_cache_state_drop() - forget a state, unless it is worth more
 * @state: the state
 * @inode: its inode, which lives on
 * @most: the most it may be worth
 *
 * A state dropped is marked suspect no more (a mapping through a writer
 * then counts as one of an inode without a state: make_suspect()), so
 * that what is decided here stays true until the state is gone.  If it
 * was a suspicion nothing else records, the suspicion is lost
 * (vendorban_cache_suspect_lost()); any other suspicion a mapping
 * through a writer made is recorded by the form before the state goes,
 * so that a change of owner or mode afterwards cannot hide it
 * (vendorban_cache_unknown_suspect()), unless nothing can write the
 * file's pages unseen any more (vendorban_inode_maybe_written(): no writer,
 * no writable mapping, no page held), and its charge goes with the
 * record (else it is refunded).
 * (A deleted file's suspicion is told by vendorban_cache_unknown_suspect();
 * an unmounted file's pages leave it: module/inode_table.c does not drop
 * those states here.)
 *
 * Context: any; takes @state's lock.
 * Return: true if it is dropped (now, or before), false if it is worth
 * more than @most and stays.
 */
bool vendorban_cache_state_drop(struct vendorban_inode_state *state,
				const struct inode *inode,
				enum vendorban_state_worth most)
{
	enum vendorban_state_worth worth;
	bool before;

	spin_lock(&state->lock);
	before = state->dropped;
	worth = state_worth(state, inode);
	if (!before && worth <= most) {
		/* before a lookup may take it as dropped (state_suspect()) */
		if (worth != VENDORBAN_WORTH_SUSPICION && state->writer_seen &&
		    suspect_now(state, inode, state->mapped_by_user) &&
		    vendorban_inode_maybe_written(inode)) {
			record_suspect(inode, state->user_writer,
				       state->account);
			state->account = 0;
		}
		refund(state);
		state->dropped = true;
	}
	spin_unlock(&state->lock);
	if (before)
		return true;
	if (worth > most)
		return false;
	if (worth == VENDORBAN_WORTH_SUSPICION)
		vendorban_cache_suspect_lost();
	return true;
}

/**
 * vendorban_cache_state_release() - a state goes: refund its charge
 * @state: the state, leaving the form's table (dropped or not: its file
 *	   deleted, its filesystem unmounted, the module unloaded)
 *
 * Context: any; takes @state's lock.
 */
void vendorban_cache_state_release(struct vendorban_inode_state *state)
{
	spin_lock(&state->lock);
	refund(state);
	spin_unlock(&state->lock);
}

/* Tells the form that what @state is worth may have changed. */
static void refile(struct vendorban_inode_state *state)
{
	void (*refile)(struct vendorban_inode_state *state) =
		vendorban_form()->inode_state_refile;

	if (refile)
		refile(state);
}

/*
 * Makes @inode suspect and forgets what it cached; @user: mapped through
 * a mount that shows it as a user's (vendorban_file_user_owned()), which
 * tells the suspicion without a state, or through a writer a user opened
 * or maps (users_writer()), which the form records apart if it looks
 * root-only when its state goes.  Without a state (or with one
 * being dropped), the suspicion of @real (the inode whose pages are
 * mapped) is recorded by the form if a missing state tells it now (with
 * @user: also found through a mount that shows it as root's), else lost.
 * The charge to @account is the admission's reservation while
 * *@reserved (charge_reserved()).
 */
static void make_suspect(struct inode *inode, bool real, bool user,
			 unsigned int account, bool *reserved)
{
	struct vendorban_inode_state *state;
	bool marked = false;

	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		vendorban_cache_changed(state);
		spin_lock(&state->lock);
		marked = !state->dropped;
		if (marked) {
			/* by users only: every mapping since found clean was */
			state->mapped_by_user = user &&
				(state->mapped_by_user ||
				 state->mapped_seq == state->clean_seq);
			state->user_writer = state->mapped_by_user;
			state->mapped_seq = vendorban_cache_new_write_gen();
			state->writer_seen = true;
			/* the last mapper's, as the record will be */
			if (state->account != account) {
				refund(state);
				charge_reserved(account, reserved);
				state->account = account;
			}
		}
		spin_unlock(&state->lock);
		if (marked)
			refile(state);
	}
	if (!marked && real) {
		if (unknown_suspect(inode, user)) {
			charge_reserved(account, reserved);
			record_suspect(inode, user, account);
		} else {
			vendorban_cache_suspect_lost();
		}
	}
	rcu_read_unlock();
}

/**
 * vendorban_cache_suspect() - may pages of the inode be held for writing?
 * @inode: the inode whose pages run (for overlayfs, the real one)
 * @user: the file checked is a user's through the mount it was found
 *        through (vendorban_file_user_owned())
 * @token: set to what vendorban_cache_clean() needs
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 * Return: true if it was mapped through a descriptor open for writing
 * since a check last found none of its pages held (@token->seq is then
 * not 0: write generations start at 1), or if it has no state
 * (@token->seq is 0) and vendorban_cache_unknown_suspect() or @user says
 * so, or if it was found clean before vendorban last started to see every
 * mmap() (vendorban_cache_sight()) and either says so.
 */
bool vendorban_cache_suspect(struct inode *inode, bool user,
			     struct vendorban_suspect_token *token)
{
	struct vendorban_inode_state *state;
	bool suspect;

	token->sight = atomic64_read(&sight);
	token->seq = 0;
	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		spin_lock(&state->lock);
		suspect = state_suspect(state, inode, user, token->sight);
		token->seq = state->mapped_seq;
		spin_unlock(&state->lock);
	} else {
		suspect = unknown_suspect(inode, user) ||
			  unseen_suspect(inode, token->sight);
	}
	rcu_read_unlock();
	return suspect;
}

/**
 * vendorban_cache_clean() - a check found no page of the inode held
 * @inode: the inode
 * @token: from vendorban_cache_suspect() before the pages were looked at
 *
 * Clears the suspicion unless the file was mapped through a writer again
 * since @token was taken; it holds while vendorban keeps seeing every
 * mmap() as it did then.
 *
 * Context: any (takes the RCU read lock and a spinlock only).
 */
void vendorban_cache_clean(struct inode *inode,
			   const struct vendorban_suspect_token *token)
{
	void (*unseen_clean)(const struct inode *inode, u64 now) =
		vendorban_form()->unseen_clean;
	struct vendorban_inode_state *state;
	bool clean = false;

	rcu_read_lock();
	state = inode_state(inode);
	if (state) {
		spin_lock(&state->lock);
		if (state->mapped_seq == token->seq) {
			state->clean_seq = token->seq;
			state->clean_sight = token->sight - 1;
			clean = true;
			/* nothing to record of the mappings before */
			state->writer_seen = false;
			refund(state);
		}
		spin_unlock(&state->lock);
		refile(state);
	}
	rcu_read_unlock();
	/* not mapped through a writer since: what the look found is gone */
	if (clean && unseen_clean)
		unseen_clean(inode, token->sight);
}

/*
 * Whether @inode has no link and can never have one (a memfd, a file
 * deleted; not an O_TMPFILE, which may be linked): no record is ever
 * made of it (nobody can adopt it), nor charged.
 */
static bool never_linked(const struct inode *inode)
{
	return !inode->i_nlink && !(READ_ONCE(inode->i_state) & I_LINKABLE);
}

/*
 * Whether a user other than root may have made the writer @file, about to
 * be mapped (@realf: its real file through overlayfs): it was opened for
 * writing by one (its f_cred: whom the open was checked as, its fsuid),
 * or one is mapping it (the current fsuid).  The mount it came through
 * does not tell: a file root owns on disk that an idmapped mount shows as
 * a user's may be made writable by him there (chmod 0666), opened for
 * writing through a mount that shows it as root's (the mount's source
 * directory), made root-only again and mapped (redteam10, RT10-3).
 *
 * The opener is what cannot be laundered: a user who passes his
 * descriptor to a root process that maps it (SCM_RIGHTS; a display
 * server mapping a client's buffer) still made it.  The mapper counts as
 * well: a writer root opened and handed to a user (SCM_RIGHTS the other
 * way, an inherited descriptor across a change of user) is mapped, and
 * its pages may be held, by the user.  So only root's own writer in
 * root's own hands (root opened it and maps it) makes a suspicion that a
 * missing state does not tell; any other is recorded apart when its state
 * goes (module/evicted.c), as an idmapped mount's user's is.  A setuid
 * program, or a user namespace's root (not GLOBAL_ROOT_UID), is judged by
 * that fsuid.
 */
static bool users_writer(const struct file *file, const struct file *realf)
{
	return !uid_eq(file->f_cred->fsuid, GLOBAL_ROOT_UID) ||
	       !uid_eq(realf->f_cred->fsuid, GLOBAL_ROOT_UID) ||
	       !uid_eq(current_fsuid(), GLOBAL_ROOT_UID);
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
 * The file also becomes suspect (vendorban_cache_suspect()), and stays so
 * after the mapping is gone, until a check finds none of its pages held:
 * get_user_pages() for writing through the mapping (a direct I/O read
 * into it) may hold its pages and write them later.  The module form
 * makes the real file's state here so that the mark has a place.
 *
 * The module form charges the suspicion to the mapper's account (root's
 * own mapping of a writer a user opened, to the opener's, whose
 * suspicion it is: users_writer(); redteam12, RT12-2), and refuses the
 * mapping of an account that holds as many as it may (module/evicted.c):
 * without that bound, a user's suspicions would crowd out the records of
 * everyone else's.  The admission reserves the charge on the account's
 * entry (so that no other account takes the entry while the state is
 * made: redteam13, RT13-2); it becomes the last charge made here, or is
 * refunded if none is.  A file that can never be linked (a memfd, a file
 * deleted) is suspect without a state and never recorded: its mapping
 * is charged to no one, and never refused.
 *
 * Context: process context (the mmap_file hook), may sleep (the module
 * form's state is allocated).
 * Return: 0, or -EACCES: the mapper's account may make no more
 * suspicions (logged by the form).
 */
int vendorban_cache_mapped(struct file *file)
{
	int (*suspect_account)(const struct cred *opener, bool quiet) =
		vendorban_form()->suspect_account;
	struct file *realf = vendorban_real_file(file);
	struct inode *real = file_inode(realf);
	bool user, reserved = false, unreserved = false;
	int account = 0;

	if (!(file->f_mode & FMODE_WRITE))
		return 0;
	if (!S_ISREG(real->i_mode)) {
		/* a device's memory is no program's page cache */
		vendorban_cache_invalidate(file_inode(file));
		return 0;
	}
	if (suspect_account && !never_linked(real)) {
		account = suspect_account(file->f_cred, false);
		if (account < 0)
			return -EACCES;
		reserved = account > 0;
	}
	vendorban_form()->inode_state_attach(realf);
	user = vendorban_file_user_owned(file) || users_writer(file, realf);
	/* the overlay's inode first: charged while the reservation holds */
	if (real != file_inode(file))
		make_suspect(file_inode(file), false, user, account,
			     &unreserved);
	make_suspect(real, true, user, account, &reserved);
	if (reserved)
		charge(account, false);
	return 0;
}
