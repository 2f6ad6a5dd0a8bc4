// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - what the loadable form could not see before it looked
 *
 * The decision cache learns of every mapping through a writer from the
 * mmap hook (cache.c: vendorban_cache_mapped()), and a file so mapped is
 * suspect until a check finds none of its pages held (held.c).  But the
 * loadable form sees mmap() only while its BPF LSM programs are in force:
 * not before it was loaded, not between insmod and attach, not while its
 * programs are released.  And what it learnt lives in the module: an
 * unload loses its inode table and the arrays of evicted.c.  A hold
 * outlives all of that: a user holds the pages of a file through a
 * writer (a FUSE read in flight into a shared writable mapping,
 * tests/vm/held.h), waits for root to reload the module (an upgrade of
 * the module package by hand), and root then runs the file; it has no
 * state, looks root-only, is not walked, and the held read writes a
 * banned program's bytes under it.  Found by the outside red team
 * (redteam10, RT10-4): through an idmapped mount (RT8-1's), or the
 * user's own file root adopts after the reload (RT7-4's).
 *
 * The kernel meets the same question where a guarantee starts: before it
 * seals a memfd against writes it looks at every page of it for holds
 * (memfd_wait_for_pins()), since a hold taken before the seal outlives
 * it, and from then on a new one needs a writable mapping the seal
 * refuses.  So does this: each time vendorban starts to see every mmap()
 * (a "sight", cache.c: vendorban_cache_sight(); the module's load is the
 * first), nothing it knew of holds counts until it has looked, and it
 * looks at a filesystem's page cache before it decides on a file of it
 * for the first time in that sight (vendorban_unseen_look(), from
 * held.c): every regular file in memory on that superblock (its
 * s_inodes, as drop_caches walks them) that is mapped shared and
 * writable now, or one of whose pages is held (the references held.c
 * counts), is recorded.  Until that look, a file of that superblock
 * without a state that says otherwise is suspect (walked: refused only if
 * a page is held, held.c); after it, a recorded file is suspect until a
 * check that started after the look finds it clean, and the others are
 * not: a hold that exists now was seen, one that starts later needs a
 * new mapping through a writer, which the mmap hook sees (while the
 * programs are in force; in a sight without them, the exec gate alone,
 * nothing is seen, as before: see README).  The mappings are looked at
 * before the pages: a hold taken through a mapping that goes meanwhile is
 * in the pages by then.
 *
 * Superblocks cannot be listed from a module (iterate_supers() is not
 * exported), which is why the look is made at the first decision that
 * needs one: a superblock no file is decided on needs none.  Nor does one
 * whose owners and modes are its server's or its mounter's word (FUSE,
 * network filesystems, a mount in a user namespace: the only ones an
 * unprivileged user can make): a file of it without a state is suspect
 * anyway (vendorban_inode_owner_untrusted()).  Nor does one made while
 * the programs see every mmap() (a BPF LSM program on sb_alloc_security
 * records it: vendorban_unseen_sb_made()): none of its pages can have
 * been taken for writing unseen, and a look would take a reader's hold
 * of one of its files for a writer's.  Keyed by its
 * address: a superblock freed since its look and another at the same
 * address was made after the look, so all of its inodes are newer than
 * the sight, and the look holds for it too.  Inodes are keyed by
 * address likewise: one freed drops its page cache, and a held page then
 * reaches no file; a new inode at that address is only walked once for
 * nothing.
 *
 * A hold taken for reading (a pipe after splice()) cannot be told from
 * one for writing: a file whose page a reader holds when its filesystem
 * is looked at is suspect until found clean, and refused while the hold
 * lasts (a denial of service root's reload lets any reader arm, not a
 * way around the ban; once the hold ends, the next check finds the file
 * clean).  Any user may read the dynamic loader and libc: one who holds a
 * page of either at a reload stops every dynamically linked program,
 * root's included, until the hold ends (redteam12, RT12-3).  So the look
 * names each file it found held that only root may write (a system file:
 * no user may have written it, and only a reader's hold or root's own
 * writer explains it), with its path on its filesystem, in the kernel
 * log, so that root knows what is refused and why (the cure: end the
 * hold, kill its holder); at most %UNSEEN_WARN_MAX a look, and rate
 * limited.
 *
 * Cost: one look per superblock per sight, in the first decision on one
 * of its files that needs it (that decision waits: a walk of the
 * superblock's inodes in memory and of the page cache of those that have
 * pages, one step per folio, as drop_caches makes; measured in
 * tests/vm/reloadheld_test.c's log); then a hash lookup and a binary
 * search under RCU where a file without a state is judged.  Memory: one
 * record per superblock looked at or made in the sight (at most
 * %UNSEEN_MAX_SBS: past that, those made are forgotten first, then all,
 * and looked at again when needed), with the address
 * of each file found held or writably mapped; records of an earlier sight
 * are dropped at the next look.  Everything is freed on unload.
 */

#include "../common.h"

#include <linux/bitmap.h>
#include <linux/bsearch.h>
#include <linux/dcache.h>
#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pagemap.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/user_namespace.h>

#include "../held.h"
#include "../pin.h"
#include "../trust.h"
#include "unseen.h"

#define UNSEEN_BITS	6
#define UNSEEN_MAX_SBS	1024
/* held files only root may write named at a look, at most */
#define UNSEEN_WARN_MAX	8

/**
 * struct unseen_sb - a superblock looked at
 * @node: in unseen_sbs[] [unseen_lock; RCU for readers]
 * @sb: the superblock, only compared
 * @sight: the sight it was looked at in
 * @fresh: made in that sight, never looked at: it needs no look
 * @nr: files found held or writably mapped
 * @cleared: @nr bits, set once a check found that file clean
 * @rcu: frees the record after the readers that may have found it
 * @held: their inodes' addresses, sorted
 */
struct unseen_sb {
	struct hlist_node node;
	const struct super_block *sb;
	u64 sight;
	bool fresh;
	size_t nr;
	unsigned long *cleared;
	struct rcu_head rcu;
	const struct inode *held[];
};

static DEFINE_SPINLOCK(unseen_lock);
static DEFINE_MUTEX(unseen_look_mutex);
static struct hlist_head unseen_sbs[1 << UNSEEN_BITS];
static unsigned int unseen_count;	/* records in unseen_sbs[] */

static struct hlist_head *bucket(const struct super_block *sb)
{
	return &unseen_sbs[hash_ptr(sb, UNSEEN_BITS)];
}

/* The record of @sb for @sight, or NULL.  Context: RCU or unseen_lock. */
static struct unseen_sb *find(const struct super_block *sb, u64 sight)
{
	struct unseen_sb *r;

	hlist_for_each_entry_rcu(r, bucket(sb), node,
				 lockdep_is_held(&unseen_lock))
		if (r->sb == sb)
			return r->sight == sight ? r : NULL;
	return NULL;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const struct inode * const *)a;
	uintptr_t y = (uintptr_t)*(const struct inode * const *)b;

	return x < y ? -1 : x > y;
}

/* The index of @inode in @r->held, or -1. */
static long index_of(const struct unseen_sb *r, const struct inode *inode)
{
	const struct inode * const *p;

	p = bsearch(&inode, r->held, r->nr, sizeof(r->held[0]), cmp_ptr);
	return p ? p - r->held : -1;
}

/**
 * vendorban_unseen_suspect() - may the inode have pages held from before?
 * @inode: an inode without a state that says it is clean in this sight
 * @sight: the sight now (cache.c)
 *
 * Context: any; takes the RCU read lock only.
 * Return: true if its superblock was not looked at in @sight yet, or the
 * look found the inode held or writably mapped and no check since found
 * it clean.
 */
bool vendorban_unseen_suspect(const struct inode *inode, u64 sight)
{
	const struct unseen_sb *r;
	bool suspect = true;
	long i;

	rcu_read_lock();
	r = find(inode->i_sb, sight);
	if (r) {
		i = index_of(r, inode);
		suspect = i >= 0 && !test_bit(i, r->cleared);
	}
	rcu_read_unlock();
	return suspect;
}

/**
 * vendorban_unseen_clean() - a check found no page of the inode held
 * @inode: the inode
 * @sight: the sight the check started in, after the look it needed
 *	   (held.c: vendorban_unseen_look() first)
 *
 * Context: any; takes the RCU read lock only.
 */
void vendorban_unseen_clean(const struct inode *inode, u64 sight)
{
	struct unseen_sb *r;
	long i;

	rcu_read_lock();
	r = find(inode->i_sb, sight);
	if (r) {
		i = index_of(r, inode);
		if (i >= 0)
			set_bit(i, r->cleared);
	}
	rcu_read_unlock();
}

/* Collects what the look finds: a growing array of inode addresses. */
struct found {
	const struct inode **held;
	size_t nr, size;
	unsigned long looked;	/* files with pages or writable mappings */
	unsigned long named;	/* held files only root may write */
	char *path;		/* PATH_MAX bytes for their paths, or NULL */
};

static int add(struct found *f, const struct inode *inode)
{
	const struct inode **more;
	size_t size;

	if (f->nr == f->size) {
		size = f->size ? f->size * 2 : 16;
		more = kvmalloc_array(size, sizeof(*more), GFP_KERNEL);
		if (!more)
			return -ENOMEM;
		if (f->nr)
			memcpy(more, f->held, f->nr * sizeof(*more));
		kvfree(f->held);
		f->held = more;
		f->size = size;
	}
	f->held[f->nr++] = inode;
	return 0;
}

/*
 * Names @inode, found held, in the kernel log if only root may write it
 * and it is not writably mapped (a page held: maybe a reader's; file
 * comment).  Its path is the one on its filesystem (from its root) of a
 * dentry of it, if it has one.  Context: process context, may sleep.
 */
static void name_held(struct found *f, struct inode *inode)
{
	const char *path = NULL;
	struct dentry *dentry;

	if (vendorban_others_may_write(inode) ||
	    mapping_writably_mapped(inode->i_mapping) ||
	    f->named++ >= UNSEEN_WARN_MAX)
		return;
	dentry = d_find_alias(inode);
	if (dentry && f->path) {
		path = dentry_path_raw(dentry, f->path, PATH_MAX);
		if (IS_ERR(path))
			path = NULL;
	}
	pr_warn_ratelimited("a page of %s (%s, ino %lu), which only root may write, is held: refused until the hold ends (a reader's is taken for a writer's: end it, kill its holder)\n",
			    path ?: "a file", inode->i_sb->s_id, inode->i_ino);
	dput(dentry);
}

/*
 * Every regular file in memory on @sb that is mapped shared and writable
 * or has a page held, into @f (the walk of drop_caches: an inode being
 * freed or made is skipped, and a reference keeps the inode the walk is
 * at in the list while the list's lock is dropped to reschedule).
 */
static int look(struct super_block *sb, struct found *f)
{
	struct inode *inode, *toput = NULL;
	bool skip;
	int err = 0;

	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		spin_lock(&inode->i_lock);
		skip = !S_ISREG(inode->i_mode) ||
		       (mapping_empty(inode->i_mapping) &&
			!mapping_writably_mapped(inode->i_mapping));
		if ((inode->i_state & (I_FREEING | I_WILL_FREE | I_NEW)) ||
		    (skip && !need_resched())) {
			spin_unlock(&inode->i_lock);
			continue;
		}
		__iget(inode);
		spin_unlock(&inode->i_lock);
		spin_unlock(&sb->s_inode_list_lock);

		f->looked += !skip;
		if (!skip && vendorban_inode_maybe_held(inode)) {
			err = add(f, inode);
			name_held(f, inode);
		}
		iput(toput);
		toput = inode;
		cond_resched();
		spin_lock(&sb->s_inode_list_lock);
		if (err)
			break;
	}
	spin_unlock(&sb->s_inode_list_lock);
	iput(toput);
	return err;
}

/* Forgets @r.  Context: unseen_lock. */
static void drop(struct unseen_sb *r)
{
	hlist_del_rcu(&r->node);
	unseen_count--;
	kvfree_rcu(r, rcu);
}

/*
 * Forgets the records @r replaces (of its superblock, of other sights)
 * and, if it has no room, @fresh ones, or all.  Context: unseen_lock.
 */
static void make_room(const struct unseen_sb *r, bool fresh, bool all)
{
	struct hlist_node *tmp;
	struct unseen_sb *old;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unseen_sbs); i++)
		hlist_for_each_entry_safe(old, tmp, &unseen_sbs[i], node)
			if (old->sb == r->sb || old->sight != r->sight ||
			    all || (fresh && old->fresh))
				drop(old);
}

/*
 * Puts @r in the place of what is known of its superblock.  Past
 * UNSEEN_MAX_SBS records, those of superblocks made in this sight go
 * first (forgetting one costs a look at a young filesystem), then all
 * (each is looked at again when next needed).
 */
static void publish(struct unseen_sb *r)
{
	spin_lock(&unseen_lock);
	make_room(r, false, false);
	if (unseen_count >= UNSEEN_MAX_SBS)
		make_room(r, true, false);
	if (unseen_count >= UNSEEN_MAX_SBS)
		make_room(r, false, true);
	hlist_add_head_rcu(&r->node, bucket(r->sb));
	unseen_count++;
	spin_unlock(&unseen_lock);
}

/**
 * vendorban_unseen_sb_made() - a superblock is being made
 * @sb: the superblock (sb_alloc_security)
 * @sight: the sight now (cache.c)
 *
 * One made while every mmap() is seen (@sight odd) needs no look: none of
 * its pages can have been taken for writing unseen, and a look would
 * take a reader's hold (a pipe after splice()) of a file of it for one
 * from before.  One mounted in a user namespace is never looked at
 * anyway (vendorban_unseen_look()).
 *
 * Context: process context, may sleep.
 */
void vendorban_unseen_sb_made(const struct super_block *sb, u64 sight)
{
	struct unseen_sb *r;

	if (!(sight & 1) || sb->s_user_ns != &init_user_ns)
		return;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return;
	r->sb = sb;
	r->sight = sight;
	r->fresh = true;
	r->cleared = (unsigned long *)r->held;
	publish(r);
}

/**
 * vendorban_unseen_look() - look at the inode's filesystem, if not yet
 * @inode: the inode of a file about to be decided on
 * @sight: the sight now (cache.c)
 *
 * If its superblock was not looked at in @sight, records every file of
 * it that is mapped shared and writable or has a page held (file
 * comment).  If memory runs out, nothing is recorded, and its files stay
 * suspect until a later look.
 *
 * Context: process context, may sleep (the look walks the superblock's
 * inodes and their page cache); the caller has a file of @inode open (the
 * superblock is active).
 */
void vendorban_unseen_look(struct inode *inode, u64 sight)
{
	struct super_block *sb = inode->i_sb;
	struct found f = { };
	struct unseen_sb *r;
	size_t bytes;
	u64 start, ms;

	might_sleep();
	/* without a state, every file of it is suspect anyway (cache.c) */
	if (vendorban_inode_owner_untrusted(inode))
		return;
	rcu_read_lock();
	r = find(sb, sight);
	rcu_read_unlock();
	if (r)
		return;
	mutex_lock(&unseen_look_mutex);
	rcu_read_lock();
	r = find(sb, sight);
	rcu_read_unlock();
	if (r)
		goto out;
	start = ktime_get_ns();
	f.path = kmalloc(PATH_MAX, GFP_KERNEL);
	/* a page that only a per-CPU batch holds is not held */
	vendorban_held_drain();
	if (look(sb, &f))
		goto out;
	sort(f.held, f.nr, sizeof(f.held[0]), cmp_ptr, NULL);
	bytes = struct_size(r, held, f.nr);
	r = kvzalloc(bytes + BITS_TO_LONGS(f.nr) * sizeof(long), GFP_KERNEL);
	if (!r)
		goto out;
	r->sb = sb;
	r->sight = sight;
	r->nr = f.nr;
	r->cleared = (unsigned long *)((char *)r + bytes);
	if (f.nr)
		memcpy(r->held, f.held, f.nr * sizeof(f.held[0]));
	publish(r);
	ms = div_u64(ktime_get_ns() - start, NSEC_PER_MSEC);
	if (f.nr || ms >= 100)
		pr_info("looked at %lu files of %s (%s) in %llu ms: %zu held or writably mapped, walked until found clean\n",
			f.looked, sb->s_id, sb->s_type->name, ms, f.nr);
	if (f.named > UNSEEN_WARN_MAX)
		pr_warn_ratelimited("%lu more files of %s held that only root may write: refused until their holds end\n",
				    f.named - UNSEEN_WARN_MAX, sb->s_id);
out:
	mutex_unlock(&unseen_look_mutex);
	kfree(f.path);
	kvfree(f.held);
}

/**
 * vendorban_unseen_exit() - forget everything (unload)
 *
 * Context: process context, no check running.
 */
void vendorban_unseen_exit(void)
{
	struct hlist_node *tmp;
	struct unseen_sb *r;
	unsigned int i;

	spin_lock(&unseen_lock);
	for (i = 0; i < ARRAY_SIZE(unseen_sbs); i++)
		hlist_for_each_entry_safe(r, tmp, &unseen_sbs[i], node)
			drop(r);
	spin_unlock(&unseen_lock);
}
