// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the loadable form's table of inode states
 *
 * A loadable module gets no inode security blob, so the decision cache
 * (cache.c) keeps the module form's per-inode states here: one entry per
 * inode, found through a hash of the inode's address under RCU, so that a
 * lookup works in atomic context (mprotect under the mmap lock, a BPF
 * program that may not sleep).
 *
 * Each entry is an fsnotify mark on its inode, vendorban's own group:
 *   - the mark holds a reference to the inode (as an inotify watch does),
 *     so while an entry is in the table its inode cannot be freed and its
 *     address cannot be reused by another inode: the address alone is a
 *     safe key, without trusting i_ino, i_generation or timestamps that
 *     a user deleting a file and creating another may bring back;
 *   - deleting the file (its last link), unmounting its filesystem and
 *     evicting the entry destroy the mark, and the entry leaves the table
 *     (freeing_mark()) before the inode reference is dropped;
 *   - the events that may change the file's bytes or its signature (a
 *     write, truncation, fallocate, attribute and xattr changes, the close
 *     of a file that was open for writing) clear the entry and move its
 *     write generation on, as the built-in form's hooks do.
 *
 * Correctness does not rest on those events: a cached allow holds only
 * while i_version equals the sampled one and nobody holds the file open
 * for writing or writably mapped (cache.c checks both at store and at
 * lookup), every mmap() of a file open for writing clears the entry
 * before the mapping exists (vendorban_cache_mapped()), and on tmpfs and
 * ext4 every other change to a file's bytes or signature moves i_version:
 * write(2) through file_update_time(), truncation and xattr changes
 * through setattr and the xattr handlers.  (A write through a shared
 * mapping need not: on tmpfs a read fault maps the page writable, and the
 * writes after it take no fault; and overlayfs opens its real file
 * FMODE_NONOTIFY on 6.1, so neither its writes nor its close send
 * events.)  The events are a second line, for filesystems that keep
 * i_version more loosely; the mark's hold on the inode is what keeps a
 * deleted file's entry from ever serving another file.  A file opened for
 * a fanotify listener (FMODE_NONOTIFY, CAP_SYS_ADMIN) sends no events
 * either; its mappings clear the entry as any other's do.
 *
 * Memory is bounded: at most cache_entries entries (a module parameter,
 * default %VENDORBAN_INODE_TABLE_MAX; plus one per check in progress);
 * everything is freed on unload.  A policy load or mode change needs no
 * walk: entries store the policy generation they were decided under.
 *
 * A full table evicts the oldest of the entries worth least (enum
 * vendorban_state_worth; one list per worth, each oldest first, so that
 * an eviction takes the head of the first list that has one): first
 * suspicions an inode without a state has as well (a file another user
 * may write, mapped through a writer: a user mapping his own files
 * evicts those of his own first, recorded first, evicted.c, since the
 * owner and mode that tell them may change; a file root owns on disk
 * that an idmapped mount shows as a user's, mapped through that mount:
 * found through such a mount again, it is suspect without a state), then
 * clean states (cached results; a check found the file clean).  It never
 * evicts a suspicion only root can make (a file only root may write,
 * mapped through a writer root opened, by root, through a mount that shows
 * it as root's: a daemon's data, root's linker's output; a writer a user
 * opened or maps is his, whatever the mount: redteam10, RT10-3, cache.c's
 * users_writer()): losing one would make every file without
 * a state suspect (vendorban_cache_suspect_lost()), and any user fills
 * the table at will.  But a root daemon may make such suspicions at
 * users' demand (systemd-journald maps a file of its own per uid that
 * logs, and a user with subordinate uids has 65,536: redteam11, RT11-2),
 * and no exec of a data file ever finds one clean.  So when every entry
 * is such a suspicion, the oldest few (%RECLAIM_LOOKS, each then moved
 * last) are asked whether theirs is gone, as a check of the file would
 * find it (vendorban_inode_found_clean(): no writer left, not writably
 * mapped, no page held); one found clean is no suspicion any more, and
 * is evicted.  Those root keeps open or mapped stay, and so do those
 * whose pages someone holds (a reader's hold is taken for a writer's).
 * When none of those asked is gone (root's own doing, or a reader holding
 * a page of each: raise cache_entries), a new entry is refused (-ENOSPC):
 * its file goes uncached, and a file only root may write mapped through a
 * writer then loses its suspicion, the fallback cache.c logs.  An entry
 * moves between the lists when the cache tells it what it is worth has
 * changed (vendorban_module_inode_state_refile(): a mapping through a
 * writer, a check that found the file clean) and at attribute changes
 * (owner, mode); an eviction checks its choice again under the entry's
 * lock (vendorban_cache_state_drop()), so a move not yet made is never a
 * suspicion lost.
 */

#include "../common.h"

#include <linux/fsnotify_backend.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../cache.h"
#include "../held.h"
#include "../kcompat.h"
#include "../trust.h"
#include "evicted.h"
#include "inode_table.h"

#define TABLE_BITS 10
/* root's suspicions asked whether they are gone, per entry refused room */
#define RECLAIM_LOOKS 4

/* What changes a file, or may: see the file comment. */
#define CHANGE_EVENTS (FS_MODIFY | FS_ATTRIB | FS_CLOSE_WRITE)

/**
 * struct inode_entry - one inode's state in the table
 * @mark: vendorban's fsnotify mark on the inode; holds the inode
 * @hash: in the table's bucket [table_lock; RCU for readers]
 * @fifo: in the eviction order, once the mark is attached: on
 *	  table_fifo[@worth] [table_lock]
 * @worth: what the state was worth when last filed [table_lock]
 * @inode: the inode (pinned by @mark while in the table, and while a
 *	   reference to @mark is held: reclaim_suspicions())
 * @attached: the mark is attached: events reach @state [set once]
 * @state: what the cache remembers [@state.lock]
 * @rcu: frees the entry after the readers that may have found it
 */
struct inode_entry {
	struct fsnotify_mark mark;
	struct hlist_node hash;
	struct list_head fifo;
	enum vendorban_state_worth worth;
	struct inode *inode;
	bool attached;
	struct vendorban_inode_state state;
	struct rcu_head rcu;
};

static DEFINE_SPINLOCK(table_lock);
static struct hlist_head table[1 << TABLE_BITS];
/* what an eviction may take, by worth, each oldest first */
static struct list_head table_fifo[VENDORBAN_NR_WORTHS];
static unsigned int table_count;	/* entries on table_fifo[] */
static bool table_closed;		/* unloading: no new entries */
static struct fsnotify_group *table_group;

static unsigned int cache_entries = VENDORBAN_INODE_TABLE_MAX;
module_param(cache_entries, uint, 0400);
MODULE_PARM_DESC(cache_entries,
		 "Inodes the decision cache remembers at most (default 4096; 0: no cache)");

static struct hlist_head *bucket(const struct inode *inode)
{
	return &table[hash_ptr(inode, TABLE_BITS)];
}

static struct inode_entry *to_entry(struct fsnotify_mark *mark)
{
	return container_of(mark, struct inode_entry, mark);
}

/**
 * vendorban_module_inode_state() - the state of an inode in the table
 * @inode: the inode
 *
 * Context: rcu_read_lock() held; the state stays valid until
 * rcu_read_unlock().  Any context, atomic included.
 * Return: the state, or NULL if the inode has none (or its mark is not
 * attached yet).
 */
struct vendorban_inode_state *
vendorban_module_inode_state(const struct inode *inode)
{
	struct inode_entry *e;

	hlist_for_each_entry_rcu(e, bucket(inode), hash) {
		/* pairs with publish_entry(): the mark is attached */
		if (e->inode == inode && smp_load_acquire(&e->attached))
			return &e->state;
	}
	return NULL;
}

/* Takes an entry out of the table (idempotent). */
static void unlink_entry(struct inode_entry *e)
{
	spin_lock(&table_lock);
	if (!hlist_unhashed(&e->hash))
		hlist_del_init_rcu(&e->hash);
	if (!list_empty(&e->fifo)) {
		list_del_init(&e->fifo);
		table_count--;
	}
	spin_unlock(&table_lock);
}

/* Files @e at the tail of its worth's list.  Context: table_lock. */
static void file_entry(struct inode_entry *e)
{
	enum vendorban_state_worth worth =
		vendorban_cache_state_worth(&e->state, e->inode);

	if (list_empty(&e->fifo)) {
		list_add_tail(&e->fifo, &table_fifo[worth]);
		table_count++;
	} else if (worth != e->worth) {
		list_move_tail(&e->fifo, &table_fifo[worth]);
	}
	e->worth = worth;
}

/**
 * vendorban_module_inode_state_refile() - a state's worth may have changed
 * @state: a state of the table (vendorban_module_inode_state())
 *
 * Moves its entry to the list of what it is worth now, unless it is
 * leaving the table.
 *
 * Context: any, @state kept alive (rcu_read_lock() held, or its mark);
 * takes the table's lock and the state's.
 */
void vendorban_module_inode_state_refile(struct vendorban_inode_state *state)
{
	struct inode_entry *e = container_of(state, struct inode_entry, state);

	spin_lock(&table_lock);
	if (!list_empty(&e->fifo))
		file_entry(e);
	spin_unlock(&table_lock);
}

/*
 * The entry to evict, dropped (cache.c) and taken off its list: the
 * oldest of those worth least, never a suspicion only root can make
 * (file comment); while unloading, any.  One filed wrongly (its worth
 * changed, and the move is yet to come) is filed again first.  NULL if
 * there is none.  Each step takes an entry or moves one whose worth
 * changed, or goes on to the next list.
 * Context: table_lock.
 */
static struct inode_entry *pick_entry(void)
{
	int worth = VENDORBAN_WORTH_NOTHING;
	struct inode_entry *e;

	while (worth < VENDORBAN_NR_WORTHS) {
		e = list_first_entry_or_null(&table_fifo[worth],
					     struct inode_entry, fifo);
		if (!e) {
			worth++;
			continue;
		}
		if (table_closed ||
		    (worth != VENDORBAN_WORTH_SUSPICION &&
		     vendorban_cache_state_drop(&e->state, e->inode, worth)))
			goto found;
		file_entry(e);
		if (e->worth == worth)
			worth++;	/* the oldest here stays: none goes */
		else if (e->worth < worth)
			worth = e->worth;
	}
	return NULL;

found:
	list_del_init(&e->fifo);
	table_count--;
	return e;
}

/*
 * Destroys the mark of the entry pick_entry() chose (which unlinks it,
 * freeing_mark()).  Returns false when there is none.
 */
static bool evict_one(void)
{
	struct inode_entry *e;

	spin_lock(&table_lock);
	e = pick_entry();
	/* alive: the table's reference is dropped only after this */
	if (e)
		refcount_inc(&e->mark.refcnt);
	spin_unlock(&table_lock);
	if (!e)
		return false;
	fsnotify_destroy_mark(&e->mark, table_group);
	fsnotify_put_mark(&e->mark);
	return true;
}

/*
 * Whether @inode's filesystem is being unmounted (generic_shutdown_super()
 * clears SB_ACTIVE before it destroys the marks): its page cache goes with
 * its inodes, and whatever a holder writes into a page it kept reaches no
 * file (a new mount reads the disk again), so no suspicion is lost.
 */
static bool unmounting(const struct inode *inode)
{
	return !(READ_ONCE(inode->i_sb->s_flags) & SB_ACTIVE);
}

static bool table_full(void)
{
	bool full;

	spin_lock(&table_lock);
	full = table_count >= cache_entries;
	spin_unlock(&table_lock);
	return full;
}

/*
 * Up to RECLAIM_LOOKS of the oldest suspicions only root can make into
 * @looks, each moved last (the next look takes those after it), its mark
 * referenced (which keeps its inode: fsnotify drops the inode when the
 * last mark reference goes).  One filed wrongly is filed again instead.
 * Context: table_lock.
 */
static unsigned int pick_suspicions(struct inode_entry **looks)
{
	struct list_head *list = &table_fifo[VENDORBAN_WORTH_SUSPICION];
	unsigned int n = 0, steps;
	struct inode_entry *e;

	for (steps = 0; steps < 2 * RECLAIM_LOOKS && n < RECLAIM_LOOKS;
	     steps++) {
		e = list_first_entry_or_null(list, struct inode_entry, fifo);
		if (!e || (n && e == looks[0]))
			break;
		file_entry(e);
		if (e->worth != VENDORBAN_WORTH_SUSPICION)
			continue;
		list_move_tail(&e->fifo, list);
		refcount_inc(&e->mark.refcnt);
		looks[n++] = e;
	}
	return n;
}

/*
 * Room, when no entry may be evicted as it is: asks the oldest suspicions
 * only root can make whether theirs is gone (file comment), and files
 * those found clean for eviction.  Bounded: RECLAIM_LOOKS walks of a page
 * cache and one drain of the CPUs' batches.  Returns whether one was.
 * Context: process context, may sleep.
 */
static bool reclaim_suspicions(void)
{
	struct inode_entry *looks[RECLAIM_LOOKS];
	bool found = false, drained = false;
	unsigned int n, i;

	spin_lock(&table_lock);
	n = table_closed ? 0 : pick_suspicions(looks);
	spin_unlock(&table_lock);
	for (i = 0; i < n; i++) {
		struct inode *inode = looks[i]->inode;

		/* one being unmounted goes with its pages anyway */
		if (!vendorban_inode_writable(inode) && !unmounting(inode)) {
			/* a folio only a CPU's batch holds is not held */
			if (!drained)
				vendorban_held_drain();
			drained = true;
			if (vendorban_inode_found_clean(inode))
				found = true;
		}
		fsnotify_put_mark(&looks[i]->mark);
	}
	return found;
}

/*
 * Makes room for one entry: evicts the oldest of those worth least, and
 * when none may go, finds root's oldest suspicions clean if they are
 * (once per call).  Returns false if the table stays full.
 * Context: process context, may sleep.
 */
static bool make_room(void)
{
	bool looked = false;

	while (table_full()) {
		if (evict_one())
			continue;
		if (looked || !reclaim_suspicions())
			return false;
		looked = true;
	}
	return true;
}

/* A new entry for @file's inode, suspect if a missing one would be. */
static struct inode_entry *new_entry(struct file *file)
{
	struct inode_entry *e = kzalloc(sizeof(*e), GFP_KERNEL);
	struct inode *inode = file_inode(file);

	if (!e)
		return NULL;
	fsnotify_init_mark(&e->mark, table_group);
	e->mark.mask = CHANGE_EVENTS;
	INIT_HLIST_NODE(&e->hash);
	INIT_LIST_HEAD(&e->fifo);
	e->inode = inode;
	spin_lock_init(&e->state.lock);
	vendorban_cache_state_init(&e->state, inode,
				   vendorban_file_user_owned(file));
	return e;
}

/* Hashes @e: false if the table is closing. */
static bool hash_entry(struct inode_entry *e)
{
	bool ok;

	spin_lock(&table_lock);
	ok = !table_closed;
	if (ok)
		hlist_add_head_rcu(&e->hash, bucket(e->inode));
	spin_unlock(&table_lock);
	return ok;
}

/* The mark is attached: the entry becomes visible and evictable. */
static void publish_entry(struct inode_entry *e)
{
	spin_lock(&table_lock);
	if (!hlist_unhashed(&e->hash)) {
		file_entry(e);
		/* pairs with vendorban_module_inode_state(): after the attach */
		smp_store_release(&e->attached, true);
	}
	spin_unlock(&table_lock);
}

static bool has_state(const struct inode *inode)
{
	bool found;

	rcu_read_lock();
	found = !!vendorban_module_inode_state(inode);
	rcu_read_unlock();
	return found;
}

/*
 * Files the table never holds: one whose bytes come from another inode
 * (overlayfs: writes to the real file would reach another mark), and one
 * already deleted (its mark would hold the inode after its last close).
 */
static bool unfit(struct file *file)
{
	struct inode *inode = file_inode(file);

	return d_real_inode(file->f_path.dentry) != inode || !inode->i_nlink;
}

/**
 * vendorban_module_inode_state_attach() - make sure the file's inode has a state
 * @file: the file about to be checked
 *
 * Creates the inode's entry, evicting one if the table is full (the
 * oldest of those worth least: file comment), and attaches its mark, so
 * that the events that change the file reach it from now on.  The entry
 * is hashed before the mark is attached (so a mark destroyed at once
 * finds it to unlink) and is visible to lookups only once attached.  Two
 * checks racing for one inode: the second mark is refused (-EEXIST) and
 * the first one's entry serves.
 *
 * Context: process context, may sleep.
 * Return: 0; -EPERM for a file the table never holds; -ENOSPC when the
 * cache is off (cache_entries=0) or every entry is a suspicion only root
 * can make and none of those asked is gone (make_room()); -ENOMEM;
 * -ESHUTDOWN while unloading.
 */
int vendorban_module_inode_state_attach(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct inode_entry *e;
	int ret;

	if (unfit(file))
		return -EPERM;
	if (!cache_entries)
		return -ENOSPC;
	if (has_state(inode))
		return 0;
	if (!make_room()) {
		pr_notice_once("inode table full of suspect files only root may write (cache_entries=%u): files go uncached\n",
			       cache_entries);
		return -ENOSPC;
	}
	e = new_entry(file);
	if (!e)
		return -ENOMEM;
	/* ours, besides the table's: the mark may be destroyed at once */
	refcount_inc(&e->mark.refcnt);
	ret = -ESHUTDOWN;
	if (!hash_entry(e))
		goto out_put_table;
	ret = fsnotify_add_inode_mark(&e->mark, inode, 0);
	if (ret)
		goto out_unlink;
	publish_entry(e);
	fsnotify_put_mark(&e->mark);
	return 0;

out_unlink:
	unlink_entry(e);
	if (ret == -EEXIST)
		ret = 0;
out_put_table:
	/* never attached: freeing_mark() will not refund its charge */
	vendorban_cache_state_release(&e->state);
	fsnotify_put_mark(&e->mark);
	fsnotify_put_mark(&e->mark);
	return ret;
}

/*
 * A change to the file: forget what was decided about it; a new owner or
 * mode may change what its state is worth.
 */
static int handle_inode_event(struct fsnotify_mark *mark, u32 mask,
			      struct inode *inode, struct inode *dir,
			      const struct qstr *name, u32 cookie)
{
	struct inode_entry *e = to_entry(mark);

	vendorban_cache_changed(&e->state);
	if (mask & FS_ATTRIB)
		vendorban_module_inode_state_refile(&e->state);
	return 0;
}

/*
 * The mark is being destroyed (file deleted, filesystem unmounted, entry
 * evicted, module unloaded): the entry leaves the table before fsnotify
 * drops the inode, and the table's reference goes.  A state dropped
 * while the module stays and the filesystem is mounted is a suspicion
 * lost if it was one only root can make (vendorban_cache_state_drop();
 * an eviction never drops one, and a deleted file's is no loss).
 */
static void freeing_mark(struct fsnotify_mark *mark,
			 struct fsnotify_group *group)
{
	struct inode_entry *e = to_entry(mark);
	bool closed;

	spin_lock(&table_lock);
	closed = table_closed;
	spin_unlock(&table_lock);
	if (!closed && !unmounting(e->inode) &&
	    /* pairs with publish_entry(): a state lookups may have seen */
	    smp_load_acquire(&e->attached))
		vendorban_cache_state_drop(&e->state, e->inode,
					   VENDORBAN_WORTH_SUSPICION);
	vendorban_cache_state_release(&e->state);
	unlink_entry(e);
	fsnotify_put_mark(mark);
}

/* The last reference: after fsnotify's SRCU readers, wait for RCU's. */
static void free_mark(struct fsnotify_mark *mark)
{
	kfree_rcu(to_entry(mark), rcu);
}

static const struct fsnotify_ops table_ops = {
	.handle_inode_event = handle_inode_event,
	.freeing_mark = freeing_mark,
	.free_mark = free_mark,
};

/**
 * vendorban_inode_table_init() - set up the table (at module load)
 *
 * Context: process context.
 * Return: 0, or a negative errno from fsnotify.
 */
int vendorban_inode_table_init(void)
{
	int worth;

	for (worth = 0; worth < VENDORBAN_NR_WORTHS; worth++)
		INIT_LIST_HEAD(&table_fifo[worth]);
	vendorban_evicted_init();
	table_group = fsnotify_alloc_group(&table_ops,
					   VENDORBAN_FSNOTIFY_GROUP_FLAGS);
	return PTR_ERR_OR_ZERO(table_group);
}

/**
 * vendorban_inode_table_exit() - free every entry (at module unload)
 *
 * Destroys every mark, then waits until fsnotify has freed them (its
 * callbacks are this module's code) and for the RCU readers.
 *
 * Context: process context; no check in progress.
 */
void vendorban_inode_table_exit(void)
{
	spin_lock(&table_lock);
	table_closed = true;
	spin_unlock(&table_lock);
	while (evict_one())
		;
	fsnotify_put_group(table_group);
	fsnotify_wait_marks_destroyed();
	rcu_barrier();
}
