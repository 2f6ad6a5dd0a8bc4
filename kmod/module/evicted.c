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
 * Nor is a record kept of what can never be found again: it goes when
 * its inode is freed with no link left (deleted; an O_TMPFILE never
 * linked) or as its filesystem is unmounted (vendorban_evicted_forget(),
 * from the inode_free_security program), and its charge with it.  A
 * tmpfile mapped through its writer, unmapped and closed left a record,
 * and its charge, until unload: six accounts so closed the records to
 * everyone (redteam12, RT12-1).  (An inode freed while that program is
 * not in force, after a release of the programs, keeps its record and
 * the charge until unload: it was made while they were.)
 *
 * The records are the nodes of a fixed table (kmod/lib/records.c):
 * %EVICTED_FULL of them, chained from %EVICTED_BUCKET_BITS bits of the
 * key, so a record finds room whatever the keys until exactly
 * %EVICTED_FULL are in use; the linear probing this replaces failed in
 * 8.5 % of random fills at or below 40,960 (redteam12, RT12-9).  The
 * keys choose only the chains' lengths: the longest of 200 fills of
 * 49,152 random keys was 12 (tests/unit/test_records.c).
 *
 * The records are bounded per account (the account the audit rate bound
 * counts: a user; a container root made, whatever uids it uses;
 * vendorban_audit_account()).  Each suspicion a mapping through a writer
 * makes is charged to the mapper's account, or, when root maps a writer
 * a user opened (a root X server mapping a client's descriptor), to the
 * opener's (redteam12, RT12-2), from the mapping until the state forgets
 * it (a check found no page held; the file was deleted; the state was
 * dropped without a record) or, if it is recorded, for as long as the
 * record lasts; root's own (uid 0 outside any user namespace) are not
 * charged, nor is a mapping of a file that can never be linked (a memfd:
 * no record is ever made of it), which is never refused.  Each of
 * %EVICTED_ACCOUNTS accounts has an entry of its own while it holds
 * some; the accounts beyond share one more (redteam11, RT11-6: 256
 * accounts holding one each refused any other every mapping through a
 * writer).  What an entry may hold (admitted()):
 *
 *   - its floor, whatever the others hold: %EVICTED_FLOOR (64) for an
 *     account's entry, %EVICTED_SHARED_FLOOR (2,048) for the shared one;
 *     257 floors reserve 18,432;
 *   - above its floor, from a pool of %EVICTED_POOL (22,528: 40,960 less
 *     the floors) while it has room, and, once half of it is taken, no
 *     more than an equal share of that half between the entries above
 *     their floors, so that many accounts filling it together refuse
 *     themselves, not one that holds a few;
 *   - an account's own entry, never more than suspicions_per_account (a
 *     module parameter, default %EVICTED_PER_ACCOUNT).
 *
 * So the accounts together hold at most %EVICTED_USERS (40,960: floors
 * plus pool), their records stay below %EVICTED_FULL (49,152: 8,192 for
 * root's), and an account that holds less than its floor is never
 * refused for what others hold.  A mapping refused gets -EACCES, and the
 * first refusal is logged (kernel log, and an audit record op=suspicions
 * naming the account, res=0; for the shared entry, once a minute).  What
 * the floors cannot give: an account beyond the 256 entries shares the
 * shared one's floor with every other such account, so more than 256
 * accounts that each hold their floor and fill the shared one (a user
 * with subordinate uids where they are accounts of their own,
 * redteam11 RT11-1) leave a new account only what the pool has.  A
 * record that finds no room (past %EVICTED_FULL: root's own, which are
 * not bounded) makes every file without a state suspect
 * (vendorban_cache_suspect_lost()).
 *
 * An admission reserves what it admits, under the accounts' lock: the
 * entry holds it from then on, and the reservation becomes the charge of
 * the state or record the mapping makes, or is refunded if it makes none
 * (cache.c).  Admission and charge were apart (found by the red team by
 * reading, redteam13 RT13-2): between them, during the state's
 * allocation, a new account's entry still held nothing, so another new
 * account took it as its spare and relabelled it, and the first
 * account's charge landed on the other's entry (which was then refused
 * for it) while the first took a new entry and could hold more than its
 * bound.  An entry in use is now never free, and admitted() counts the
 * mappings in flight too.
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
 * Memory: %EVICTED_FULL records of 24 bytes and 32,768 chains (1.3 MiB)
 * and 257 account entries, static; time: one SipHash of three words and
 * a walk of one chain (12 records at most in the fills measured) under
 * the records' spinlock, per call, and the accounts' spinlock when one
 * is admitted: any context, atomic included.  Everything is lost on
 * unload, as the table is.
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
#include "../lib/records.h"
#include "evicted.h"

/* records, all told: past this many, none is made (suspect_lost) */
#define EVICTED_FULL		49152
#define EVICTED_BUCKET_BITS	15
/* what the accounts may hold together: below FULL, room for root's */
#define EVICTED_USERS		40960
#define EVICTED_ACCOUNTS	256
/* what each account entry may hold whatever the others hold */
#define EVICTED_FLOOR		64
/* the same, for the entry shared by the accounts beyond the entries */
#define EVICTED_SHARED_FLOOR	2048
/* what the entries may hold above their floors, together */
#define EVICTED_POOL		(EVICTED_USERS - EVICTED_SHARED_FLOOR - \
				 EVICTED_ACCOUNTS * EVICTED_FLOOR)
/* past this much of the pool, each takes no more than an equal share */
#define EVICTED_PRESSURE	(EVICTED_POOL / 2)
#define EVICTED_PER_ACCOUNT	8192
#define EVICTED_SLACK		2
/* in a record's value: the suspicion is a user's (file comment) */
#define EVICTED_USER		1
/* in a record's value, above it: the account its charge is kept by */
#define EVICTED_ACCOUNT_BITS	9
#define EVICTED_TIME_SHIFT	(1 + EVICTED_ACCOUNT_BITS)

static_assert(EVICTED_ACCOUNTS + 1 < BIT(EVICTED_ACCOUNT_BITS));
static_assert(EVICTED_PER_ACCOUNT * 2 < EVICTED_POOL);
static_assert(EVICTED_USERS + 8192 <= EVICTED_FULL);

/**
 * struct evicted_account - an account that holds suspicions
 * @acct: who (vendorban_audit_account()) [set once, under evicted_lock];
 *	  for the shared entry, the last account charged to it
 * @held: the suspicions charged to it, and those admitted and not yet
 *	  charged (reserved: vendorban_evicted_account())
 * @refused: a refusal of it was logged [evicted_lock]
 */
struct evicted_account {
	struct vendorban_account acct;
	atomic_t held;
	bool refused;
};

static struct vendorban_record evicted_nodes[EVICTED_FULL];
static u32 evicted_heads[BIT(EVICTED_BUCKET_BITS)];
/* every call, lookups included [evicted_records_lock] */
static struct vendorban_records evicted_records;
static DEFINE_SPINLOCK(evicted_records_lock);
/* how many records are in use (evicted_records.used, read unlocked) */
static atomic_t evicted_used = ATOMIC_INIT(0);
/* the entries, the last one shared by the accounts beyond the others */
static struct evicted_account evicted_accounts[EVICTED_ACCOUNTS + 1];
#define EVICTED_SHARED	(&evicted_accounts[EVICTED_ACCOUNTS])
/* what the entries hold above their floors, together */
static atomic_t evicted_above = ATOMIC_INIT(0);
static DEFINE_SPINLOCK(evicted_lock);
static siphash_key_t evicted_key __read_mostly;
/* refusals of accounts charged to the shared entry are logged this often */
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
	vendorban_records_init(&evicted_records, evicted_nodes, EVICTED_FULL,
			       evicted_heads, EVICTED_BUCKET_BITS);
}

/* The inode's key: never 0, which the records' table does not take. */
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

/* The account of index @account (1-based), or NULL for none. */
static struct evicted_account *account_of(unsigned int account)
{
	if (!account || WARN_ON_ONCE(account > EVICTED_ACCOUNTS + 1))
		return NULL;
	return &evicted_accounts[account - 1];
}

/* What @a may hold whatever the others hold. */
static unsigned int floor_of(const struct evicted_account *a)
{
	return a == EVICTED_SHARED ? EVICTED_SHARED_FLOOR : EVICTED_FLOOR;
}

/*
 * @acct's entry, or a free one made its (an entry that holds nothing,
 * charged or reserved, is free), or else the shared one.
 * Context: evicted_lock.
 */
static struct evicted_account *
account_entry(const struct vendorban_account *acct)
{
	struct evicted_account *a, *spare = NULL;

	for (a = evicted_accounts; a < EVICTED_SHARED; a++) {
		if (uid_eq(a->acct.uid, acct->uid) &&
		    a->acct.userns == acct->userns)
			return a;
		if (!spare && !atomic_read(&a->held))
			spare = a;
	}
	if (spare) {
		spare->acct = *acct;
		spare->refused = false;
		return spare;
	}
	EVICTED_SHARED->acct = *acct;
	return EVICTED_SHARED;
}

/* The entries that hold more than their floors.  Context: evicted_lock. */
static unsigned int holders_above(void)
{
	const struct evicted_account *b;
	unsigned int holders = 0;

	for (b = evicted_accounts; b <= EVICTED_SHARED; b++)
		holders += atomic_read(&b->held) > floor_of(b);
	return holders;
}

/* Charges (@charge) or refunds one suspicion to @a.  Context: any. */
static void held_add(struct evicted_account *a, bool charge)
{
	unsigned int floor = floor_of(a);

	if (charge) {
		if (atomic_inc_return(&a->held) > floor)
			atomic_inc(&evicted_above);
	} else {
		if (atomic_dec_return(&a->held) >= floor)
			atomic_dec(&evicted_above);
	}
}

/*
 * Whether @a may be charged one more suspicion.  Each entry holds up to
 * its floor whatever the others hold (the floors are reserved:
 * %EVICTED_ACCOUNTS x %EVICTED_FLOOR + %EVICTED_SHARED_FLOOR); above
 * its floor, an entry takes from the pool (%EVICTED_POOL) while it has
 * room, and once %EVICTED_PRESSURE of it is taken, no more than an equal
 * share of that between the entries above their floors (so that many
 * accounts filling it together refuse themselves, not one that holds a
 * few); an account's own entry, never more than @bound.  So what the
 * accounts hold together stays below %EVICTED_USERS, and their records
 * below %EVICTED_FULL, however many fill it, and an account that holds
 * less than its floor is never refused for what others hold.
 * Context: evicted_lock.
 */
static bool admitted(const struct evicted_account *a, unsigned int bound)
{
	unsigned int held = atomic_read(&a->held), floor = floor_of(a);
	int above = atomic_read(&evicted_above);

	if (a != EVICTED_SHARED && held >= bound)
		return false;
	if (held < floor)
		return true;
	if (above >= EVICTED_POOL)
		return false;
	if (above < EVICTED_PRESSURE)
		return true;
	return held - floor < EVICTED_PRESSURE / max(holders_above(), 1U);
}

/*
 * The account of the current process (vendorban_audit_account()); for
 * root's own (uid 0 outside any user namespace) mapping of a writer
 * @opener opened (its f_cred), @opener's: a user's writer mapped by a
 * root server is the user's suspicion (cache.c users_writer()), and was
 * charged to no one (redteam12, RT12-2).  False for root's own.
 */
static bool charged_account(const struct cred *opener,
			    struct vendorban_account *acct)
{
	const struct cred *old;

	vendorban_audit_account(acct);
	if (acct->userns || !uid_eq(acct->uid, GLOBAL_ROOT_UID))
		return true;
	if (!opener)
		return false;
	/* the same accounting, of the opener's credentials */
	old = override_creds(opener);
	vendorban_audit_account(acct);
	revert_creds(old);
	return acct->userns || !uid_eq(acct->uid, GLOBAL_ROOT_UID);
}

/**
 * vendorban_evicted_account() - may a mapping through a writer make a suspicion?
 * @opener: the credentials the writer was opened with (NULL: the current
 *	    process made the suspicion alone)
 * @quiet: log nothing (a state made suspect: its maker is refused nothing)
 *
 * Asked before a mapping through a writer, which makes one (cache.c),
 * and when a state is made suspect by what a missing one tells.  The
 * suspicion is the mapper's, or, when root maps a writer a user opened,
 * the opener's; root's own (uid 0 outside any user namespace) are not
 * counted.  Each of %EVICTED_ACCOUNTS accounts has an entry while it
 * holds some; the accounts beyond share one.  What an entry may hold:
 * admitted().  The first refusal of each account is logged and audited;
 * those of accounts charged to the shared entry, at most once a minute.
 *
 * What is admitted is reserved at once, under the lock that chose the
 * entry: the entry holds it, and is not free for another account, until
 * the caller makes it a state's or a record's charge or refunds it with
 * vendorban_evicted_charge(@account, false) (redteam13, RT13-2).
 *
 * Context: process context, may sleep (the audit record).
 * Return: the account the suspicion is reserved on (0: root's, none,
 * nothing reserved), or -EDQUOT if it may make no more.
 */
int vendorban_evicted_account(const struct cred *opener, bool quiet)
{
	unsigned int bound = READ_ONCE(suspicions_per_account), held;
	struct vendorban_account acct;
	struct evicted_account *a;
	bool log = false;
	int ret;

	if (!charged_account(opener, &acct))
		return 0;
	spin_lock(&evicted_lock);
	a = account_entry(&acct);
	held = atomic_read(&a->held);
	ret = admitted(a, bound) ? a - evicted_accounts + 1 : -EDQUOT;
	if (ret > 0) {
		a->refused = false;
		/* reserved: the entry is in use until it is refunded */
		held_add(a, true);
	} else if (!quiet) {
		log = a == EVICTED_SHARED ? __ratelimit(&evicted_unadmitted) :
					    !a->refused;
	}
	if (log)
		a->refused = true;
	spin_unlock(&evicted_lock);
	if (log) {
		pr_notice("account uid=%d userns=%u holds %u suspicions (bound %u%s): its mappings through a writer are refused\n",
			  uid_valid(acct.uid) ?
			  (int)from_kuid(&init_user_ns, acct.uid) : -1,
			  acct.userns, held, bound,
			  a == EVICTED_SHARED ?
			  ", with the accounts beyond the entries" : "");
		vendorban_audit_suspicions(&acct, held, bound);
	}
	return ret;
}

/**
 * vendorban_evicted_charge() - charge or refund a suspicion to an account
 * @account: from vendorban_evicted_account() (0: none)
 * @charge: true to charge one, false to refund one (or a reservation)
 *
 * A charge is made while the account's entry holds a reservation of the
 * caller's (vendorban_evicted_account()), so that the entry cannot be
 * another account's by then.
 *
 * Context: any; takes no lock.
 */
void vendorban_evicted_charge(unsigned int account, bool charge)
{
	struct evicted_account *a = account_of(account);

	if (a)
		held_add(a, charge);
}

/*
 * Makes or updates @key's record: the earliest time, the user mark, and
 * on a new record the account whose charge it keeps.  Returns false if
 * the table had no room; *@fresh: the record is new.
 */
static bool record_key(u64 key, s64 t, bool user, unsigned int account,
		       bool *fresh)
{
	struct vendorban_record *r;
	s64 old;

	spin_lock(&evicted_records_lock);
	r = vendorban_records_claim(&evicted_records, key, fresh);
	if (r) {
		old = r->val >> EVICTED_TIME_SHIFT;
		if (*fresh) {
			atomic_inc(&evicted_used);
			r->val = (u64)account << 1;
		}
		r->val = (u64)(old && old < t ? old : t) << EVICTED_TIME_SHIFT |
			 (r->val & (BIT(EVICTED_TIME_SHIFT) - 1)) |
			 (user ? EVICTED_USER : 0);
	}
	spin_unlock(&evicted_records_lock);
	return !!r;
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
 * Context: any; takes the records' spinlock.
 */
void vendorban_evicted_record(const struct inode *inode, bool user,
			      unsigned int account)
{
	s64 t = max_t(s64, now_seconds(), 1);
	bool fresh, room;

	if (!inode->i_nlink && !(READ_ONCE(inode->i_state) & I_LINKABLE)) {
		vendorban_evicted_charge(account, false);
		return;
	}
	room = record_key(inode_key(inode), t, user, account, &fresh);
	if (!fresh)
		vendorban_evicted_charge(account, false);
	if (!room)
		vendorban_cache_suspect_lost();
	/* pairs with vendorban_evicted_suspect(): before the state goes */
	smp_mb();
}

/*
 * Whether @sb is being shut down (its last mount gone): its inodes are
 * evicted, tmpfs's as its dentries are dropped (s_active is 0 from the
 * start: deactivate_locked_super()), the others' once SB_ACTIVE is
 * cleared (generic_shutdown_super()).
 */
static bool sb_going(const struct super_block *sb)
{
	return !atomic_read(&sb->s_active) ||
	       !(READ_ONCE(sb->s_flags) & SB_ACTIVE);
}

/**
 * vendorban_evicted_forget() - an inode is being freed: its record goes
 * @inode: the inode (inode_free_security)
 *
 * An inode freed with no link left (deleted; an O_TMPFILE never linked)
 * can never be found again, nor can one freed as its filesystem is
 * unmounted (a new mount's inodes have another superblock, and so other
 * keys): its record, if any, is deleted, and the charge it kept is
 * refunded.  So a suspicion lasts as long as its file may be found
 * (redteam12, RT12-1: a tmpfile mapped, unmapped and closed left a record
 * and its charge until unload).  An inode freed while linked on a mounted
 * filesystem (evicted from memory, read again later) keeps its record.
 *
 * Context: any (the inode_free_security program); takes a spinlock.
 */
void vendorban_evicted_forget(const struct inode *inode)
{
	bool found;
	u64 val;

	if (!S_ISREG(inode->i_mode) || !atomic_read(&evicted_used))
		return;
	if (inode->i_nlink && !sb_going(inode->i_sb))
		return;
	spin_lock(&evicted_records_lock);
	found = vendorban_records_delete(&evicted_records, inode_key(inode),
					 &val);
	if (found)
		atomic_dec(&evicted_used);
	spin_unlock(&evicted_records_lock);
	if (found)
		vendorban_evicted_charge((val >> 1) &
					 (BIT(EVICTED_ACCOUNT_BITS) - 1),
					 false);
}

/**
 * vendorban_evicted_suspect() - may an inode without a state be suspect?
 * @inode: an inode the table holds no state for, that looks root-only
 *
 * Context: any; takes the records' spinlock.
 * Return: true if it was recorded (vendorban_evicted_record()) as a
 * user's suspicion, or recorded and changed since (file comment).
 */
bool vendorban_evicted_suspect(const struct inode *inode)
{
	const struct vendorban_record *r;
	u64 key = inode_key(inode), v = 0;

	/* pairs with vendorban_evicted_record(): after the missed state */
	smp_rmb();
	spin_lock(&evicted_records_lock);
	r = vendorban_records_find(&evicted_records, key);
	if (r)
		v = r->val;
	spin_unlock(&evicted_records_lock);
	if (!r)
		return false;
	if (v & EVICTED_USER)
		return true;
	return vendorban_inode_ctime(inode).tv_sec + EVICTED_SLACK >=
	       (s64)(v >> EVICTED_TIME_SHIFT);
}
