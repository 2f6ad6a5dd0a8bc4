// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - page-cache pages held for writing past their mapping
 *
 * get_user_pages() for writing (FOLL_WRITE) of a file's page cache needs
 * a shared mapping that may be written (VM_SHARED | VM_MAYWRITE: the file
 * open for writing, MAP_SHARED); a private mapping copies on write.  The
 * pages it takes stay the holder's after the mapping and the descriptor
 * are gone, for as long as the holder likes: a direct I/O read into the
 * mapping (a FUSE file opened FOPEN_DIRECT_IO, which any user may mount
 * in a user namespace, fills it whenever its server answers; 6.1 takes
 * the pages with a plain reference, 6.12 pins them, FOLL_PIN), an
 * io_uring fixed buffer.  Their writes move no i_version and reach no
 * hook: a program checked and run in between would have its bytes
 * changed under it.
 *
 * The kernel asks the same question before it seals a memfd against
 * writes (memfd_wait_for_pins(): a folio with more references than the
 * page cache and its mappings account for is pinned; drain the LRU
 * batches, wait, and fail with EBUSY if it still is).  vendorban asks it
 * only of a file that may have been mapped so (vendorban_cache_suspect():
 * every mmap() through a descriptor open for writing makes the file
 * suspect), when it is checked and nothing holds it writably mapped or
 * open for writing (else it is writable anyway); a file that passes is no
 * longer suspect.  Files only root may write, system programs, are never
 * suspect unless root maps them so: a reader holding their pages (a pipe
 * after splice()) cannot have them refused.  (The module form's table
 * evicts such a suspicion, only root can make one, to make room only once
 * it is found clean: vendorban_inode_found_clean(); when the table holds
 * nothing else and root maps one more root-only file through a writer,
 * every file without a state is suspect: cache.c, module/inode_table.c.
 * A user's writer through an idmapped mount that shows root's files as
 * his makes a suspicion that the mount tells
 * without a state: vendorban_file_user_owned(); a writer a user opened
 * or maps, through any mount, one the form records apart: cache.c.)
 *
 * A folio's expected references: one per page from the page cache, one
 * per page-table entry mapping it, one for private data (PG_private) and
 * one for PG_private_2 (fscache), one for our own look, and one while it
 * is off the LRU (a per-CPU LRU batch, or an isolation, holds it then).
 * Per-CPU batches also hold folios that are on the LRU (6.1's activate,
 * rotate and mlock batches): the batches of every CPU are drained before
 * a folio counts as held (the built-in form calls lru_add_drain_all(),
 * which is not exported; the module form drains each CPU from a work item
 * bound to it, as lru_add_drain_all() does).  References taken for a
 * moment (a read or fault of the file elsewhere, a lookup) are waited
 * out, as memfd_wait_for_pins() does, 1 + 2 + 4 ms; a file still held is
 * writable.  A hold taken for reading of a suspect file (a pipe after
 * splice()) counts as one for writing: it cannot be told apart.
 *
 * This is also the only look for pages pinned for DMA (FOLL_PIN, as
 * io_uring's fixed buffers pin a tmpfs file or a memfd for as long as the
 * ring lives): a pin for writing needs FOLL_WRITE, which GUP grants on a
 * shared mapping only if it may be written (FOLL_FORCE does not change
 * that), so every such pin was taken through a mapping that made the file
 * suspect, and a new one needs a new such mapping, which makes it suspect
 * again first.  A file that is not suspect is not looked at: a reader's
 * references, however many (1,024 splice()s of one page look like a pin
 * to folio_maybe_dma_pinned() on a small folio), cannot get it refused.
 */

#include "common.h"

#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/swap.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "cache.h"
#include "form.h"
#include "held.h"
#include "kcompat.h"
#include "trust.h"

/* Walks after the first, with the batches drained, 1 << n ms apart. */
#define HELD_RETRIES	3
/* vendorban_inode_maybe_written() looks at no more folios than this */
#define HELD_ATOMIC_FOLIOS	128

#ifdef MODULE
static DEFINE_MUTEX(drain_mutex);
static DEFINE_PER_CPU(struct work_struct, drain_work);

static void drain_local(struct work_struct *work)
{
	vendorban_lru_drain_local();
}

/* lru_add_drain_all() for a module: each online CPU drains itself. */
static void drain_all(void)
{
	int cpu;

	mutex_lock(&drain_mutex);
	for_each_online_cpu(cpu) {
		struct work_struct *work = per_cpu_ptr(&drain_work, cpu);

		INIT_WORK(work, drain_local);
		queue_work_on(cpu, system_wq, work);
	}
	for_each_online_cpu(cpu)
		flush_work(per_cpu_ptr(&drain_work, cpu));
	mutex_unlock(&drain_mutex);
}
#else
static void drain_all(void)
{
	lru_add_drain_all();
}
#endif

/*
 * Whether someone holds @folio (found at @xas) beyond what the file
 * comment's expected references account for, or pins it.  A folio freed
 * or gone from the mapping meanwhile is not held.
 */
static bool folio_held(struct xa_state *xas, struct folio *folio)
{
	long expected;
	bool held;

	if (!folio_try_get(folio))
		return false;
	if (unlikely(folio != xas_reload(xas))) {
		folio_put(folio);
		return false;
	}
	expected = folio_nr_pages(folio) + vendorban_folio_mapcount(folio) +
		   folio_test_private(folio) + folio_test_private_2(folio) +
		   !folio_test_lru(folio) + 1;
	held = folio_maybe_dma_pinned(folio) ||
	       folio_ref_count(folio) > expected;
	folio_put(folio);
	return held;
}

/*
 * Whether a folio of @mapping is held (vendorban_mapping_any(): under
 * RCU; a value entry, a page swapped out, is not held).
 */
static bool mapping_held(struct address_space *mapping)
{
	return vendorban_mapping_any(mapping, folio_held);
}

/* Whether @mapping stays held with the batches drained (file comment). */
static bool mapping_stays_held(struct address_space *mapping)
{
	int i;

	if (!mapping_held(mapping))
		return false;
	for (i = 0; i < HELD_RETRIES; i++) {
		drain_all();
		if (!mapping_held(mapping))
			return false;
		usleep_range(1000 << i, 2000 << i);
	}
	return true;
}

/**
 * vendorban_held_drain() - empty every CPU's LRU batches
 *
 * So that a folio only such a batch holds does not look held.
 *
 * Context: process context, may sleep.
 */
void vendorban_held_drain(void)
{
	drain_all();
}

/**
 * vendorban_inode_maybe_held() - may pages of the inode be held, or taken?
 * @inode: a regular file's inode, referenced
 *
 * Without draining the batches or waiting (a file that only looks held
 * is walked again when it is checked): mapped shared and writable now
 * (get_user_pages() may take its pages through that mapping at any
 * time), or a folio held beyond what the file comment's references
 * account for.  The mappings are looked at first: a hold taken through a
 * mapping that is gone by then shows in the folios.
 *
 * Context: process context, may sleep (between folios).
 * Return: true if it may be.
 */
bool vendorban_inode_maybe_held(struct inode *inode)
{
	if (mapping_writably_mapped(inode->i_mapping))
		return true;
	/* pairs with the unmap that follows a hold: its folio references */
	smp_rmb();
	return mapping_held(inode->i_mapping);
}

/*
 * Whether @real's inode is suspect (@token for vendorban_cache_clean());
 * @user: the file checked is a user's through its mount (an idmapped
 * one).  One suspect for want of a state gets one first, if the form can
 * make it, so that a clean walk can say so (and the cache serve it).
 */
static bool real_suspect(struct file *real, bool user,
			 struct vendorban_suspect_token *token)
{
	struct inode *inode = file_inode(real);

	if (!vendorban_cache_suspect(inode, user, token))
		return false;
	/*
	 * a state's mapped_seq is never 0 when suspect (see cache.c); the
	 * new state's token, for the walk: suspect without a state, the file
	 * stays so until the walk, even if its new state, made through
	 * another mount than @user's (overlayfs), says otherwise
	 */
	if (!token->seq && !vendorban_form()->inode_state_attach(real))
		vendorban_cache_suspect(inode, user, token);
	return true;
}

/**
 * vendorban_file_held() - may pages of the file be held for writing?
 * @file: the file being checked
 *
 * Looks only at a suspect file (vendorban_cache_suspect(): its real file
 * through overlayfs, or the overlayfs inode itself, was mapped through a
 * writer since a check last found it clean); a file writably mapped now
 * is writable and stays suspect.  Otherwise the page cache of the real
 * file is walked (one step per folio; the batches are drained and the
 * walk repeated only when a folio looks held), and a file found clean is
 * no longer suspect.  A hold cannot start after the check without a new
 * writable shared mapping, which makes the file suspect again first.
 *
 * Context: process context, may sleep.
 * Return: true if a page of the file may be held by someone else.
 */
bool vendorban_file_held(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct file *real = vendorban_real_file(file);
	struct inode *rinode = file_inode(real);
	struct vendorban_suspect_token token, rtoken;
	bool user = vendorban_file_user_owned(file), suspect;

	might_sleep();
	/* what the form could not see before it saw every mmap() */
	vendorban_cache_look(rinode);
	if (rinode != inode)
		vendorban_cache_look(inode);
	suspect = real_suspect(real, user, &rtoken);
	if (rinode != inode)
		suspect |= vendorban_cache_suspect(inode, user, &token);
	if (!suspect)
		return false;
	if (vendorban_inode_writable(rinode) || vendorban_inode_writable(inode))
		return true;
	if (mapping_stays_held(real->f_mapping))
		return true;
	vendorban_cache_clean(rinode, &rtoken);
	if (rinode != inode)
		vendorban_cache_clean(inode, &token);
	return false;
}

/**
 * vendorban_inode_found_clean() - is a suspect inode's suspicion gone now?
 * @inode: a regular file's inode, referenced, whose state is a suspicion
 *	   only root can make (module/inode_table.c, to make room)
 *
 * What vendorban_file_held() finds of a file when it is checked, asked
 * without a check: a file that is neither open for writing nor writably
 * mapped, none of whose folios is held, is found clean
 * (vendorban_cache_clean()), as an exec of it would find it; a file whose
 * pages are held stays suspect, whoever holds them (a reader's hold is
 * taken for a writer's).  One walk, without waiting: the caller drains
 * the batches first (vendorban_held_drain()), and a folio held for a
 * moment keeps the file suspect until it is asked again.  A mapping
 * through a writer since the walk began keeps it suspect
 * (vendorban_cache_clean()'s token).  Its filesystem's look
 * (vendorban_cache_look()) is not needed: it tells what a file without a
 * state clean in this sight may hold, and the walk tells it of this one.
 *
 * Context: process context, may sleep.
 * Return: true if it is not suspect (any more).
 */
bool vendorban_inode_found_clean(struct inode *inode)
{
	struct vendorban_suspect_token token;

	might_sleep();
	if (!vendorban_cache_suspect(inode, false, &token))
		return true;
	/* no state (it went meanwhile): the table cannot clean it */
	if (!token.seq || vendorban_inode_writable(inode))
		return false;
	/* pairs with the unmap that follows a hold: its folio references */
	smp_rmb();
	if (mapping_held(inode->i_mapping))
		return false;
	vendorban_cache_clean(inode, &token);
	return true;
}

/**
 * vendorban_inode_maybe_written() - may the inode's pages be written unseen?
 * @inode: an inode whose suspect state is about to go (module/inode_table.c)
 *
 * Whether a suspicion must outlive the state that holds it: the file is
 * open for writing or writably mapped (a mapping through a writer may be
 * under way: it opened the writer first), or a folio of its page cache
 * looks held (folio_held(), one walk, no draining; a folio in a CPU's
 * batch counts as such) or there are more than %HELD_ATOMIC_FOLIOS of
 * them (not looked at).  Otherwise nothing can write its pages without a
 * new mapping through a writer, which vendorban sees (the state dropped,
 * cache.c records it then).
 *
 * Context: any, atomic included (under the table's and the state's
 * locks); takes the RCU read lock, does not sleep.
 * Return: true unless its pages cannot be written unseen.
 */
bool vendorban_inode_maybe_written(const struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;

	if (inode_is_open_for_write(inode) || mapping_writably_mapped(mapping))
		return true;
	return vendorban_mapping_any_atomic(mapping, folio_held,
					    HELD_ATOMIC_FOLIOS);
}
