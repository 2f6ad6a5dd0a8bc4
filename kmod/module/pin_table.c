// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the loadable form's table of pins
 *
 * A loadable module gets no inode security blob, so the module form keeps
 * its pins (pin.c) here: one entry per inode it has pinned, found through
 * a hash of the inode's address under RCU (a write request may come in
 * the RCU path walk, mprotect() under the mmap lock).
 *
 * An entry must never outlive its inode: another inode could get the
 * address, and a write request to it would release a deny it never had.
 * vendorban's BPF LSM program on inode_free_security drops the entry of
 * every inode freed (vendorban_pin_table_forget()) before the inode's
 * memory goes, so the table is open only while that program runs: while
 * the module holds the links of its programs and the BPF LSM runs them
 * (bpf_links.c; a link held keeps its program attached).  Closing the
 * table (the links released, the module unloaded) first releases every
 * pin.  While it is closed no file can be pinned, and a file that needs a
 * pin is decided as writable (pin.c): the exec gate alone cannot protect
 * the real file under an overlayfs program.
 *
 * The entries do not hold their inodes: a pinned inode nothing uses is
 * evicted as any other, and its entry goes with it, so the table never
 * holds more entries than there are inodes in memory.
 */

#include "../common.h"

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "../pin.h"
#include "pin_table.h"

#define PIN_TABLE_BITS 10

/**
 * struct pin_entry - one inode's pin
 * @hash: in its bucket [vendorban_pin_lock; RCU for readers]
 * @inode: the inode; alive while the entry is in the table
 * @pin: the pin state [vendorban_pin_lock]
 * @rcu: frees the entry after the readers that may have found it
 */
struct pin_entry {
	struct hlist_node hash;
	struct inode *inode;
	struct vendorban_pin pin;
	struct rcu_head rcu;
};

static struct hlist_head pin_table[1 << PIN_TABLE_BITS];
/* Entries may be added: the inode_free_security program runs. */
static bool pin_table_open;	/* [vendorban_pin_lock] */

static struct hlist_head *bucket(const struct inode *inode)
{
	return &pin_table[hash_ptr(inode, PIN_TABLE_BITS)];
}

static struct pin_entry *find_entry(const struct inode *inode)
{
	struct pin_entry *e;

	hlist_for_each_entry_rcu(e, bucket(inode), hash,
				 lockdep_is_held(&vendorban_pin_lock)) {
		if (e->inode == inode)
			return e;
	}
	return NULL;
}

/**
 * vendorban_pin_table_find() - the pin state of an inode in the table
 * @inode: the inode
 *
 * Context: rcu_read_lock() (or vendorban_pin_lock) held; the state stays
 * valid until it is dropped.  Any context.
 * Return: the state, or NULL if the inode has no entry.
 */
struct vendorban_pin *vendorban_pin_table_find(const struct inode *inode)
{
	struct pin_entry *e = find_entry(inode);

	return e ? &e->pin : NULL;
}

/**
 * vendorban_pin_table_of() - the pin state of an inode, added from a spare
 * @inode: the inode, alive (the caller holds a file open on it)
 * @spare: from vendorban_pin_table_spare(); used (and set to NULL) if @inode
 *         has no entry yet
 *
 * Context: vendorban_pin_lock held.
 * Return: the state; ERR_PTR(-EBUSY) while the table is closed;
 * ERR_PTR(-ENOMEM) if an entry is needed and *@spare is NULL.
 */
struct vendorban_pin *vendorban_pin_table_of(struct inode *inode,
					     struct vendorban_pin **spare)
{
	struct pin_entry *e = find_entry(inode);

	lockdep_assert_held(&vendorban_pin_lock);
	if (e)
		return &e->pin;
	if (!pin_table_open)
		return ERR_PTR(-EBUSY);
	if (!*spare)
		return ERR_PTR(-ENOMEM);
	e = container_of(*spare, struct pin_entry, pin);
	*spare = NULL;
	e->inode = inode;
	hlist_add_head_rcu(&e->hash, bucket(inode));
	return &e->pin;
}

/**
 * vendorban_pin_table_spare() - a new entry for vendorban_pin_table_of()
 * @gfp: how to allocate it
 *
 * Context: as @gfp allows.
 * Return: its pin state, or NULL (no memory, or the table is closed).
 */
struct vendorban_pin *vendorban_pin_table_spare(gfp_t gfp)
{
	struct pin_entry *e;

	if (!READ_ONCE(pin_table_open))
		return NULL;
	e = kzalloc(sizeof(*e), gfp);
	return e ? &e->pin : NULL;
}

/**
 * vendorban_pin_table_spare_free() - free an unused spare entry
 * @spare: from vendorban_pin_table_spare(), or NULL
 */
void vendorban_pin_table_spare_free(struct vendorban_pin *spare)
{
	if (spare)
		kfree(container_of(spare, struct pin_entry, pin));
}

/**
 * vendorban_pin_table_forget() - an inode is being freed: drop its entry
 * @inode: the inode (inode_free_security)
 *
 * Its deny of i_writecount goes with it.  An entry cannot be added for an
 * inode being freed (adding one needs a file open on it), so one not
 * found under RCU is not there.
 *
 * Context: any (takes a spinlock only).
 */
void vendorban_pin_table_forget(struct inode *inode)
{
	struct pin_entry *e;

	rcu_read_lock();
	e = find_entry(inode);
	rcu_read_unlock();
	if (!e)
		return;
	spin_lock(&vendorban_pin_lock);
	e = find_entry(inode);
	if (e)
		hlist_del_rcu(&e->hash);
	spin_unlock(&vendorban_pin_lock);
	if (e)
		kfree_rcu(e, rcu);
}

/**
 * vendorban_pin_table_open() - pins may be taken: entries are dropped
 * when their inodes are freed from now on
 *
 * Context: any (takes a spinlock only).
 */
void vendorban_pin_table_open(void)
{
	spin_lock(&vendorban_pin_lock);
	pin_table_open = true;
	spin_unlock(&vendorban_pin_lock);
}

/**
 * vendorban_pin_table_close() - release every pin, empty and close the table
 *
 * Called before the inode_free_security program may stop running: every
 * inode with an entry is still alive here (its free would drop the entry
 * under the same lock first).
 *
 * Context: any (takes a spinlock only).
 */
void vendorban_pin_table_close(void)
{
	struct hlist_node *next;
	struct pin_entry *e;
	unsigned int i;

	spin_lock(&vendorban_pin_lock);
	pin_table_open = false;
	for (i = 0; i < ARRAY_SIZE(pin_table); i++) {
		hlist_for_each_entry_safe(e, next, &pin_table[i], hash) {
			if (e->pin.pinned) {
				WRITE_ONCE(e->pin.pinned, false);
				atomic_inc(&e->inode->i_writecount);
			}
			hlist_del_rcu(&e->hash);
			kfree_rcu(e, rcu);
		}
	}
	spin_unlock(&vendorban_pin_lock);
}
