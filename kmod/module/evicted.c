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
 * state that a mapping through a writer marked is dropped, and when a
 * file without a state is mapped through a writer): each inode (its
 * superblock, number and generation, hashed with a key drawn at load) is
 * one record of a fixed table, which keeps the earliest time it was
 * recorded.  An inode without a state whose owner and mode make it
 * root-only is still suspect if it was recorded and changed (its ctime)
 * at or after that time, less %EVICTED_SLACK seconds: a change of owner,
 * mode or link count moves the ctime, and a file recorded and adopted
 * since has a ctime past the time of its record.
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
 * cache.c; redteam10, RT10-3) is recorded with a mark of its own, and an
 * inode without a state whose record has it is suspect whatever its
 * owner, mode and ctime.
 *
 * Records are exact: the whole 64-bit keyed hash is kept, and a lookup
 * finds only its own inode's record (two inodes share a hash with odds
 * of about one in 2^64 per pair).  The arrays of bits this replaces
 * (three bits or slots per inode, shared with every other inode) let a
 * user who filled them make files that were never recorded suspect:
 * every program root installed after his fill (redteam9, RT9-4: 40,000
 * mappings of empty files in 15 s under TCG), and, through an idmapped
 * mount, a share of root's installed programs (redteam10, RT10-1: 8 of
 * 32 after 132,107 records), refused to root while anyone held one of
 * their pages in a pipe, until unload.  Now a user's records make only
 * the files he mapped through a writer suspect.
 *
 * Only what may still be written unseen is recorded: a state dropped
 * while nothing can write its file's pages any more (no writer, no
 * writable mapping, no page held: vendorban_inode_maybe_written()) leaves
 * no record, since a new writer's mapping is seen and recorded then.  So
 * a fill like the red team's (map, unmap, close) records nothing; to
 * leave records a user must keep writers, writable mappings or held
 * pages as the table evicts them.
 *
 * The table is bounded, so the records are too, per account (the
 * account the audit rate bound counts: a user; a container root made,
 * whatever uids it uses; vendorban_audit_account()).  Each suspicion a
 * user's mapping through a writer makes is charged to the mapper's
 * account from the mapping until the state forgets it (a check found no
 * page held; the file was deleted; the state was dropped without a
 * record) or, if it is recorded, for as long as the record lasts (until
 * unload); root's own (uid 0 outside any user namespace) are not.  An
 * account that holds suspicions_per_account (a module parameter, default
 * %EVICTED_PER_ACCOUNT) may map no file through a writer: the mapping is
 * refused (-EACCES), and the first refusal is logged (kernel log, and an
 * audit record op=suspicions naming the account, res=0).  Once the
 * accounts together hold %EVICTED_PRESSURE suspicions, an account that
 * holds an equal share of them between the accounts that hold some is
 * refused the same way, so that many accounts filling it together refuse
 * themselves, not one that holds a few; past %EVICTED_CLOSED (many
 * accounts each under its share), every account is, so that users'
 * records never reach %EVICTED_FULL; and at most %EVICTED_ACCOUNTS
 * accounts hold some at once (one that finds no room is refused, logged
 * once a minute).  So
 * whoever fills his share is the one refused.  A record that finds no
 * room (past %EVICTED_FULL: root's own, which are not bounded, or a
 * pressure the shares did not stop) makes every file without a state
 * suspect (vendorban_cache_suspect_lost()).
 *
 * A wrong "suspect" now needs the inode's own record: a walk of the
 * file's page cache, and a refusal only while someone holds a page of it
 * (held.c: a hold for reading, a pipe after splice(), cannot be told
 * from one for writing).  A root-only file that a user mapped through a
 * writer (his writer of root's file, an idmapped mount's file) and that
 * root adopted (chown, chmod) after its state was evicted is walked at
 * each check while it has no state, as before.
 *
 * What it does not see: the real-time clock set back by more than
 * %EVICTED_SLACK seconds between a record and the adoption (root's
 * doing); a file whose filesystem keeps no true ctime is, if its owners
 * are its server's word, suspect without a state anyway
 * (vendorban_inode_owner_untrusted()).  An inode that can never be linked
 * again (deleted; a memfd) needs no record: nobody can adopt it, nor
 * find it through another mount.
 *
 * Memory: %EVICTED_RECORDS records of 16 bytes (1 MiB) and
 * %EVICTED_ACCOUNTS accounts, static; time: one SipHash of three words
 * and at most %EVICTED_PROBES probes of the table, each an atomic read
 * or compare-and-swap, per call, no lock but the accounts' own spinlock
 * when an account is first met: any context, atomic included.
 * Everything is lost on unload, as the table is.
 */

#include "../common.h"

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/ratelimit.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>

#include "../audit.h"
#include "../cache.h"
#include "../kcompat.h"
#include "evicted.h"

#define EVICTED_RECORD_BITS	16
#define EVICTED_RECORDS		BIT(EVICTED_RECORD_BITS)
/* past this many records, the accounts that hold most are refused */
#define EVICTED_PRESSURE	(EVICTED_RECORDS / 2)
/* past this many, none is claimed (probes stay short) */
#define EVICTED_FULL		(EVICTED_RECORDS / 4 * 3)
/* past this many, every account is refused: room for states in flight */
#define EVICTED_CLOSED		(EVICTED_FULL - 8192)
#define EVICTED_PROBES		64
#define EVICTED_ACCOUNTS	256
#define EVICTED_PER_ACCOUNT	8192
#define EVICTED_SLACK		2
/* in a record's value: the suspicion is a user's (file comment) */
#define EVICTED_USER		1

/**
 * struct evicted_record - one inode's record
 * @key: its keyed hash, never 0 (0: a free record) [set once]
 * @val: the earliest time it was recorded (seconds), shifted left by one,
 *	 or'ed with %EVICTED_USER if a user's suspicion was recorded; 0
 *	 while the record is being made
 */
struct evicted_record {
	atomic64_t key;
	atomic64_t val;
};

/**
 * struct evicted_account - an account that holds suspicions
 * @acct: who (vendorban_audit_account()) [set once, under evicted_lock]
 * @held: the suspicions charged to it
 * @refused: a refusal of it was logged [evicted_lock]
 */
struct evicted_account {
	struct vendorban_account acct;
	atomic_t held;
	bool refused;
};

static struct evicted_record evicted_records[EVICTED_RECORDS];
static atomic_t evicted_used = ATOMIC_INIT(0);
/* the suspicions charged to all accounts (the sum of their @held) */
static atomic_t evicted_charged = ATOMIC_INIT(0);
static struct evicted_account evicted_accounts[EVICTED_ACCOUNTS];
static DEFINE_SPINLOCK(evicted_lock);
static siphash_key_t evicted_key __read_mostly;
/* refusals of accounts that found no room are logged at this rate */
static DEFINE_RATELIMIT_STATE(evicted_unadmitted, 60 * HZ, 1);

static unsigned int suspicions_per_account = EVICTED_PER_ACCOUNT;
module_param(suspicions_per_account, uint, 0400);
MODULE_PARM_DESC(suspicions_per_account,
		 "Suspicions one account's mappings through a writer may hold (default 8192); beyond, they are refused");

/**
 * vendorban_evicted_init() - draw the key of the records' hash (at load)
 *
 * Context: process context, before any hook runs.
 */
void vendorban_evicted_init(void)
{
	get_random_bytes(&evicted_key, sizeof(evicted_key));
}

/* The inode's key: never 0, which marks a free record. */
static u64 inode_key(const struct inode *inode)
{
	return siphash_3u64((u64)(uintptr_t)inode->i_sb, inode->i_ino,
			    inode->i_generation, &evicted_key) | 1;
}

/* The clock current_time() stamps ctime from, in seconds. */
static time64_t now_seconds(void)
{
	struct timespec64 ts;

	ktime_get_coarse_real_ts64(&ts);
	return ts.tv_sec;
}

/* The @i-th record @key probes. */
static struct evicted_record *probe(u64 key, unsigned int i)
{
	return &evicted_records[(key + i) & (EVICTED_RECORDS - 1)];
}

/*
 * The record of @key, or NULL if it has none.  Records are never freed,
 * so the first free one ends the search.
 */
static struct evicted_record *find(u64 key)
{
	struct evicted_record *r;
	unsigned int i;
	s64 k;

	for (i = 0; i < EVICTED_PROBES; i++) {
		r = probe(key, i);
		k = atomic64_read(&r->key);
		if (!k)
			return NULL;
		if ((u64)k == key)
			return r;
	}
	return NULL;
}

/*
 * The record of @key, claimed from a free one if it has none (*@fresh
 * set); NULL if none is free within reach, or the table is full.
 */
static struct evicted_record *claim(u64 key, bool *fresh)
{
	struct evicted_record *r;
	unsigned int i;
	s64 k;

	*fresh = false;
	for (i = 0; i < EVICTED_PROBES; i++) {
		r = probe(key, i);
		k = atomic64_read(&r->key);
		if (!k) {
			if (atomic_inc_return(&evicted_used) > EVICTED_FULL) {
				atomic_dec(&evicted_used);
				return NULL;
			}
			k = atomic64_cmpxchg(&r->key, 0, key);
			if (!k) {
				*fresh = true;
				return r;
			}
			atomic_dec(&evicted_used);
		}
		if ((u64)k == key)
			return r;
	}
	return NULL;
}

/* The account of index @account (1-based), or NULL for none. */
static struct evicted_account *account_of(unsigned int account)
{
	if (!account || WARN_ON_ONCE(account > EVICTED_ACCOUNTS))
		return NULL;
	return &evicted_accounts[account - 1];
}

/*
 * @acct's entry, or a free one made its (an entry that holds nothing is
 * free), or NULL if none is.  Context: evicted_lock.
 */
static struct evicted_account *
account_entry(const struct vendorban_account *acct)
{
	struct evicted_account *a, *spare = NULL;

	for (a = evicted_accounts; a < evicted_accounts + EVICTED_ACCOUNTS;
	     a++) {
		if (uid_eq(a->acct.uid, acct->uid) &&
		    a->acct.userns == acct->userns)
			return a;
		if (!spare && !atomic_read(&a->held))
			spare = a;
	}
	if (spare) {
		spare->acct = *acct;
		spare->refused = false;
	}
	return spare;
}

/*
 * Whether the table is under pressure and an account that holds @held
 * holds at least its share: an equal split between those that hold some
 * (nothing, past %EVICTED_CLOSED).  Pressure is what the accounts hold,
 * not the records made so far: a charge is a record to come (each state
 * a user's mapping made suspect may be recorded when it goes, and keeps
 * its charge then), so the accounts together never hold more than
 * %EVICTED_CLOSED, and their records never reach %EVICTED_FULL, however
 * many join late with shares the first ones are already past (counted
 * by records, eight accounts of one user took 57,658: redteam11 RT11-5).
 * Context: evicted_lock.
 */
static bool over_share(unsigned int held)
{
	int charged = atomic_read(&evicted_charged);
	const struct evicted_account *b;
	unsigned int holders = 0;

	if (charged < EVICTED_PRESSURE)
		return false;
	if (charged >= EVICTED_CLOSED)
		return true;
	for (b = evicted_accounts; b < evicted_accounts + EVICTED_ACCOUNTS;
	     b++)
		holders += atomic_read(&b->held) > 0;
	return held >= EVICTED_PRESSURE / max(holders, 1U);
}

/**
 * vendorban_evicted_account() - may the current process make a suspicion?
 * @quiet: log nothing (a state made suspect: its maker is refused nothing)
 *
 * Asked before a mapping through a writer, which makes one (cache.c),
 * and when a state is made suspect by what a missing one tells.
 * Root's own (uid 0 outside any user namespace) are not counted.  Any
 * other account may hold suspicions_per_account; once the table holds
 * %EVICTED_PRESSURE records, no more than an equal share of them between
 * the accounts that hold some (so the account that filled it is
 * refused, not one that holds a few); and %EVICTED_ACCOUNTS accounts may
 * hold some at once.  The first refusal of each account is logged and
 * audited; those of accounts that found no room, at most once a minute.
 *
 * Context: process context, may sleep (the audit record).
 * Return: the account to charge the suspicion to (0: root's, none), or
 * -EDQUOT if it may make no more.
 */
int vendorban_evicted_account(bool quiet)
{
	unsigned int bound = READ_ONCE(suspicions_per_account), held = 0;
	struct vendorban_account acct;
	struct evicted_account *a;
	bool log = false;
	int ret;

	vendorban_audit_account(&acct);
	if (!acct.userns && uid_eq(acct.uid, GLOBAL_ROOT_UID))
		return 0;
	spin_lock(&evicted_lock);
	a = account_entry(&acct);
	if (a) {
		held = atomic_read(&a->held);
		ret = held < bound && !over_share(held) ?
		      a - evicted_accounts + 1 : -EDQUOT;
		if (ret > 0)
			a->refused = false;
		else if (!a->refused && !quiet)
			log = true;
		if (log)
			a->refused = true;
	} else {
		ret = -EDQUOT;
		log = !quiet && __ratelimit(&evicted_unadmitted);
	}
	spin_unlock(&evicted_lock);
	if (log && !quiet) {
		pr_notice("account uid=%d userns=%u holds %u suspicions (bound %u%s): its mappings through a writer are refused\n",
			  uid_valid(acct.uid) ?
			  (int)from_kuid(&init_user_ns, acct.uid) : -1,
			  acct.userns, held, bound,
			  a ? "" : ", no room for more accounts");
		vendorban_audit_suspicions(&acct, held, bound);
	}
	return ret;
}

/**
 * vendorban_evicted_charge() - charge or refund a suspicion to an account
 * @account: from vendorban_evicted_account() (0: none)
 * @charge: true to charge one, false to refund one
 *
 * Context: any; takes no lock.
 */
void vendorban_evicted_charge(unsigned int account, bool charge)
{
	struct evicted_account *a = account_of(account);

	if (!a)
		return;
	if (charge) {
		atomic_inc(&a->held);
		atomic_inc(&evicted_charged);
	} else {
		atomic_dec(&a->held);
		atomic_dec(&evicted_charged);
	}
}

/**
 * vendorban_evicted_record() - a suspicion is about to have no state
 * @inode: an inode that may have pages held, whose state is being dropped
 *	   (or that has none)
 * @user: the suspicion is a user's that a missing state of a file that
 *	  looks root-only does not tell (a mapping through a writer through
 *	  a mount that shows the file as a user's, or through a user's
 *	  writer): recorded so that the file is suspect whatever its ctime
 * @account: the account the suspicion is charged to (0: none), whose
 *	     charge the record keeps if it is new, else refunds
 *
 * Called before its state leaves the table, so that a lookup that misses
 * the state finds the record.  With no room for the record, every file
 * without a state becomes suspect (vendorban_cache_suspect_lost()).
 *
 * Context: any; takes no lock.
 */
void vendorban_evicted_record(const struct inode *inode, bool user,
			      unsigned int account)
{
	s64 t = max_t(s64, now_seconds(), 1), v, nv, old;
	struct evicted_record *r;
	bool fresh;

	if (!inode->i_nlink && !(READ_ONCE(inode->i_state) & I_LINKABLE)) {
		vendorban_evicted_charge(account, false);
		return;
	}
	r = claim(inode_key(inode), &fresh);
	if (!fresh)
		vendorban_evicted_charge(account, false);
	if (!r) {
		vendorban_cache_suspect_lost();
		return;
	}
	v = atomic64_read(&r->val);
	do {
		old = v >> 1;
		nv = (old && old < t ? old : t) << 1 |
		     (v & EVICTED_USER) | (user ? EVICTED_USER : 0);
	} while (!atomic64_try_cmpxchg(&r->val, &v, nv));
	/* pairs with vendorban_evicted_suspect(): before the state goes */
	smp_mb();
}

/**
 * vendorban_evicted_suspect() - may an inode without a state be suspect?
 * @inode: an inode the table holds no state for, that looks root-only
 *
 * Context: any; takes no lock.
 * Return: true if it was recorded (vendorban_evicted_record()) as a
 * user's suspicion, or recorded and changed since (file comment).
 */
bool vendorban_evicted_suspect(const struct inode *inode)
{
	const struct evicted_record *r;
	s64 v;

	/* pairs with vendorban_evicted_record(): after the missed state */
	smp_rmb();
	r = find(inode_key(inode));
	if (!r)
		return false;
	v = atomic64_read(&r->val);
	/* a record being made: as the most suspect one */
	if (!v || (v & EVICTED_USER))
		return true;
	return vendorban_inode_ctime(inode).tv_sec + EVICTED_SLACK >= v >> 1;
}
