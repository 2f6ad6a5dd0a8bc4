// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the suspicions the loadable form's table let go
 *
 * The table (inode_table.c) evicts first the suspect states that a
 * missing state tells as well: vendorban_cache_unknown_suspect() calls a
 * file a user other than root may write suspect without one.  But it
 * tells that from the file's owner and mode *now*.  Found by the outside
 * red team (redteam7, RT7-4): a user holds the pages of a file of his own
 * through a writer (a FUSE read in flight into a shared mapping), has his
 * own files checked until its state is evicted, and an honest root then
 * adopts the file (chown root, chmod 0755): it has no state, looks
 * root-only, is not walked for held pages, is allowed, and the held read
 * writes a banned program's bytes under it.
 *
 * So a suspicion let go is recorded here first (cache.c, when a suspect
 * state is dropped, and when a file without a state is mapped through a
 * writer), in a fixed array of slots: each inode (its superblock, number
 * and generation, hashed with a key drawn at load, so that nobody can aim
 * at another's file) names %EVICTED_HASHES slots, and each slot keeps the
 * earliest time any inode naming it was recorded (set once, never
 * cleared).  An inode without a state whose owner and mode make it
 * root-only is still suspect if all its slots are set and it was changed
 * (its ctime) at or after the latest of them, less %EVICTED_SLACK
 * seconds: a change of owner, mode or link count moves the ctime, and a
 * file recorded and adopted since has a ctime past the time of its
 * record, which no slot of it exceeds.
 *
 * A file root owns on disk that an idmapped mount shows as a user's is
 * that user's through that mount (vendorban_file_user_owned()): he may
 * create it, write it, map it through a writer there, and without a state
 * it is suspect when found through that mount again.  But found through
 * a mount that shows it as root's (root running a container's program by
 * its path on the host; anyone who reaches the idmapped mount's source
 * directory) it looks root-only, and it need not have changed since: it
 * was the user's all along.  Found by the outside red team (redteam8,
 * RT8-1): the user holds its pages through a writer through the idmapped
 * mount, has his own files checked until its state is evicted, and it is
 * run by its path on the host: no state, root-only, no change since the
 * record, not walked, allowed, and the held read writes a banned
 * program's bytes under it.  So such a suspicion (a mapping through a
 * writer through such a mount, or through a writer a user other than
 * root opened or maps through any mount, of a file that looks root-only:
 * cache.c; redteam10, RT10-3) is recorded apart, in a second fixed
 * array of %EVICTED_USER_SIZE bits: each inode names %EVICTED_HASHES
 * bits of it (the same keyed hash), set
 * once, never cleared, and an inode without a state all of whose bits
 * are set is suspect whatever its owner, mode and ctime.
 *
 * A wrong "suspect" (another inode set the same slots or bits) costs a
 * walk of the file's page cache, and a refusal only while someone holds a
 * page of it (held.c: a hold for reading, a pipe after splice(), cannot
 * be told from one for writing).  A user may fill every slot (a mapping
 * through a writer and an eviction each): then every root-only file
 * without a state that was changed after the user's records is walked,
 * never one older, as root's installed programs are: the fallback a full
 * array degrades to is narrower than "every file without a state is
 * suspect" (vendorban_cache_suspect_lost()), which a user must not reach
 * (tests/vm/heldflood_test.c).
 *
 * The bits have no such bound (redteam10, RT10-1; open).  Who fills
 * them: a user to whom an idmapped mount shows files root owns on disk
 * as his, who may create or write such files through it (or open them
 * for writing by the mount's source directory and make them root-only
 * through the mount).  Each record costs him one such file, a mapping
 * of it through a writer, and the loss of its state (an eviction: one
 * more entry in a full table, which a check or a writable mapping of any
 * other file of his makes); it sets at most %EVICTED_HASHES bits.  n
 * records set a share of about 1 - e^(-3n/262144) of the bits, and a
 * given file's three are all set with that share cubed: 1 in 1,000 after
 * about 9,000 records, 1 in 8 after 60,000, 3 in 4 after 210,000, 97 in
 * 100 after 400,000.  Measured in the module form under TCG (2 vCPUs, a
 * loaded host): 132,107 records in 240 s on stock 6.1, 224,930 on 6.12,
 * and 8 of root's 32 programs installed before were then suspect (a
 * record of a file whose bits are set goes to the slots, which slows
 * the fill).  Who then causes refusals: anyone.  A root-only file
 * without a state whose bits are set is suspect, however old (root's
 * installed programs too): walked at each check while it has no state
 * (one step per page of its page cache; a clean walk leaves a clean
 * state, which serves until it is evicted, and any user evicts clean
 * states by having files of his own checked), and refused, to root
 * too, while *any* reader holds one of its pages (a pipe after splice()
 * will do), not only the user who filled the bits, as often and as long
 * as he likes.  For how long: until the module is unloaded, which clears
 * the bits; after lock, or once signed policies are required, it cannot
 * be, so until reboot (and a reload of an unlocked module forgets real
 * suspicions as well: README).  What the admin can do: give idmapped
 * mounts that show root's files as a user's only to users trusted not
 * to deny service, and keep those mounts and their source directories
 * out of untrusted users' reach.  Not designed yet: bits bounded per
 * writer or decaying (per mount or per idmap, cleared when the mount
 * goes; a quota per user namespace of the idmap, then such files
 * suspect through every mount; counts a clean walk lowers).
 *
 * What it does not see: the real-time clock set back by more than
 * %EVICTED_SLACK seconds between a record and the adoption (root's
 * doing); a file whose filesystem keeps no true ctime is, if its owners
 * are its server's word, suspect without a state anyway
 * (vendorban_inode_owner_untrusted()).  An inode that can never be linked
 * again (deleted; a memfd) needs no record: nobody can adopt it, nor
 * find it through another mount.
 *
 * Memory: %EVICTED_SLOTS 64-bit slots (128 KiB) and %EVICTED_USER_SIZE
 * bits (32 KiB), static; time: one SipHash of three words and
 * %EVICTED_HASHES atomic bit operations, and as many atomic reads or
 * compare-and-swaps, per call, no lock: any context, atomic included.
 * Everything is lost on unload, as the table is.
 */

#include "../common.h"

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/siphash.h>

#include "../kcompat.h"
#include "evicted.h"

#define EVICTED_BITS	14
#define EVICTED_SLOTS	BIT(EVICTED_BITS)
#define EVICTED_HASHES	3
#define EVICTED_SLACK	2
#define EVICTED_USER_BITS	18
#define EVICTED_USER_SIZE	BIT(EVICTED_USER_BITS)

/* the earliest record time (seconds, coarse real time) of each slot; 0: none */
static atomic64_t evicted_slots[EVICTED_SLOTS];
/* the bits of suspicions a mount showing the file as a user's told */
static unsigned long evicted_user[BITS_TO_LONGS(EVICTED_USER_SIZE)];
static siphash_key_t evicted_key __read_mostly;

/**
 * vendorban_evicted_init() - draw the key of the slots' and bits' hash (at load)
 *
 * Context: process context, before any hook runs.
 */
void vendorban_evicted_init(void)
{
	/* each hash takes its own bits of one SipHash */
	BUILD_BUG_ON(EVICTED_HASHES * EVICTED_BITS > 64);
	BUILD_BUG_ON(EVICTED_HASHES * EVICTED_USER_BITS > 64);
	get_random_bytes(&evicted_key, sizeof(evicted_key));
}

static u64 inode_hash(const struct inode *inode)
{
	return siphash_3u64((u64)(uintptr_t)inode->i_sb, inode->i_ino,
			    inode->i_generation, &evicted_key);
}

/* The clock current_time() stamps ctime from, in seconds. */
static time64_t now_seconds(void)
{
	struct timespec64 ts;

	ktime_get_coarse_real_ts64(&ts);
	return ts.tv_sec;
}

/* The slot the @i-th hash of @h names. */
static atomic64_t *slot(u64 h, int i)
{
	return &evicted_slots[(h >> (i * EVICTED_BITS)) & (EVICTED_SLOTS - 1)];
}

/* The bit of evicted_user the @i-th hash of @h names. */
static unsigned long user_bit(u64 h, int i)
{
	return (h >> (i * EVICTED_USER_BITS)) & (EVICTED_USER_SIZE - 1);
}

/**
 * vendorban_evicted_record() - a suspicion is about to have no state
 * @inode: an inode that may have pages held, whose state is being dropped
 *	   (or that has none)
 * @user: the suspicion is one only a mount that shows the file as a
 *	  user's tells (a mapping through a writer through such a mount, of
 *	  a file that looks root-only): recorded in the bits, which make it
 *	  suspect whatever its ctime; else in the slots
 *
 * Called before its state leaves the table, so that a lookup that misses
 * the state finds the record.
 *
 * Context: any; takes no lock.
 */
void vendorban_evicted_record(const struct inode *inode, bool user)
{
	s64 t = max_t(s64, now_seconds(), 1);
	u64 h;
	int i;

	if (!inode->i_nlink && !(READ_ONCE(inode->i_state) & I_LINKABLE))
		return;
	h = inode_hash(inode);
	for (i = 0; i < EVICTED_HASHES; i++) {
		if (user)
			set_bit(user_bit(h, i), evicted_user);
		else
			atomic64_cmpxchg(slot(h, i), 0, t);
	}
	/* pairs with vendorban_evicted_suspect(): before the state goes */
	smp_mb();
}

/* Whether all the bits of @h are set: recorded with @user (maybe). */
static bool user_recorded(u64 h)
{
	int i;

	for (i = 0; i < EVICTED_HASHES; i++)
		if (!test_bit(user_bit(h, i), evicted_user))
			return false;
	return true;
}

/* Whether @inode, of hash @h, may have been recorded and changed since. */
static bool adopted(const struct inode *inode, u64 h)
{
	s64 latest = 0, t;
	int i;

	for (i = 0; i < EVICTED_HASHES; i++) {
		t = atomic64_read(slot(h, i));
		if (!t)
			return false;
		latest = max(latest, t);
	}
	return vendorban_inode_ctime(inode).tv_sec + EVICTED_SLACK >= latest;
}

/**
 * vendorban_evicted_suspect() - may an inode without a state be suspect?
 * @inode: an inode the table holds no state for, that looks root-only
 *
 * Context: any; takes no lock.
 * Return: true if it may have been recorded (vendorban_evicted_record())
 * as a suspicion only a mount that shows it as a user's tells, or
 * recorded otherwise and changed since (file comment).
 */
bool vendorban_evicted_suspect(const struct inode *inode)
{
	u64 h = inode_hash(inode);

	/* pairs with vendorban_evicted_record(): after the missed state */
	smp_rmb();
	return user_recorded(h) || adopted(inode, h);
}
