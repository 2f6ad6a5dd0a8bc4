// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - audit records
 *
 * Decisions are logged as AUDIT_KERNEL_OTHER (the type reserved for
 * third-party modules), policy loads as AUDIT_MAC_POLICY_LOAD and mode
 * changes as AUDIT_MAC_STATUS; all carry lsm=vendorban.  Strings that come
 * from files or certificates are quoted, or hex-encoded when they could
 * break the record's syntax, exactly as log_untrusted() does;
 * that function (like audit_log_d_path() and audit_log_n_hex()) is not
 * exported to modules, so both forms use the helpers below.
 *
 * Repeats of one denial (same user, file, operation, policy rule and
 * outcome; the file by device, inode number and inode generation, since a
 * new file may get a deleted one's number at once, as on ext4) within
 * VENDORBAN_AUDIT_REPEAT_WINDOW of its last record are
 * counted instead of logged; the next record of that denial says how many
 * with suppressed=N, and status shows the total (audit_suppressed).  So a
 * loop of one denied exec cannot flood the audit backlog, while every
 * distinct denial is still recorded: see docs/kernel-interface.md.
 */

#include "common.h"

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/dcache.h>
#include <linux/hash.h>
#include <linux/iversion.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/user_namespace.h>

#include "audit.h"
#include "kcompat.h"
#include "lib/subuids.h"
#include "lib/x509.h"
#include "owners.h"

static const char *mode_name(bool enforce)
{
	return enforce ? "enforce" : "permissive";
}

static void log_raw_hex(struct audit_buffer *ab, const u8 *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		audit_log_format(ab, "%02X", data[i]);
}

/* As log_untrusted(): quoted, or hex if it could mislead. */
static void log_untrusted(struct audit_buffer *ab, const char *str)
{
	const unsigned char *p;

	for (p = str; *p; p++) {
		if (*p == '"' || *p < 0x21 || *p > 0x7e) {
			log_raw_hex(ab, (const u8 *)str, strlen(str));
			return;
		}
	}
	audit_log_format(ab, "\"%s\"", str);
}

static void log_hex(struct audit_buffer *ab, const char *key, const u8 *data,
		    size_t len)
{
	audit_log_format(ab, " %s=", key);
	if (len)
		log_raw_hex(ab, data, len);
	else
		audit_log_format(ab, "?");
}

static void log_name(struct audit_buffer *ab, const char *key,
		     const struct vendorban_blob *name, char *buf)
{
	audit_log_format(ab, " %s=", key);
	if (name->len && vendorban_name_format(name, buf, VENDORBAN_NAME_MAX) >= 0)
		log_untrusted(ab, buf);
	else
		audit_log_format(ab, "?");
}

static void log_digest(struct audit_buffer *ab, const char *key,
		       const struct vendorban_policy *policy)
{
	audit_log_format(ab, " %s=", key);
	if (policy) {
		audit_log_format(ab, "sha256:");
		log_raw_hex(ab, policy->digest, sizeof(policy->digest));
	} else {
		audit_log_format(ab, "none");
	}
}

/*
 * The fingerprint of the signer certificate of @d, into @fpr: false when
 * the signature does not embed one, or it is over %VENDORBAN_MAX_FPR_BYTES
 * (more than a decision may hash for it: the record then shows "?", and
 * the issuer and serial tell the signer).  Hashed for the record when the
 * decision did not need it (vendorban_cert_fingerprint()).
 */
static bool signer_fpr(const struct vendorban_decision *d, u8 *fpr)
{
	const struct vendorban_cert *cert;

	if (!d->msg || d->signer < 0)
		return false;
	cert = vendorban_pkcs7_signer_cert(d->msg, d->signer);
	if (!cert || cert->der.len > VENDORBAN_MAX_FPR_BYTES)
		return false;
	vendorban_cert_fingerprint(cert, fpr);
	return true;
}

/*
 * Logs what is known of the signer: from the SignerInfo (issuer, serial)
 * and, when the signature embeds it, from the signer certificate; @fpr
 * is its fingerprint (signer_fpr()), or NULL.
 */
static void log_signer(struct audit_buffer *ab,
		       const struct vendorban_decision *d, const u8 *fpr,
		       gfp_t gfp)
{
	struct vendorban_blob subject = {}, issuer = {}, serial = {};
	const struct vendorban_cert *cert = NULL;
	const struct vendorban_signer *signer;
	char *buf;

	if (d->msg && d->signer >= 0) {
		signer = &d->msg->signers[d->signer];
		cert = vendorban_pkcs7_signer_cert(d->msg, d->signer);
		if (cert) {
			subject = cert->subject;
			issuer = cert->issuer;
			serial = cert->serial;
		} else if (signer->sid_type == VENDORBAN_SID_ISSUER_SERIAL) {
			issuer = signer->issuer;
			serial = signer->serial;
		}
		vendorban_serial_normalize(&serial);
	}

	buf = kmalloc(VENDORBAN_NAME_MAX, gfp);
	if (!buf) {
		audit_log_format(ab, " signer_subject=? signer_issuer=?");
	} else {
		log_name(ab, "signer_subject", &subject, buf);
		log_name(ab, "signer_issuer", &issuer, buf);
		kfree(buf);
	}
	log_hex(ab, "signer_serial", serial.data, serial.len);
	audit_log_format(ab, " signer_fpr=");
	if (fpr) {
		audit_log_format(ab, "sha256:");
		log_raw_hex(ab, fpr, VENDORBAN_SHA256_LEN);
	} else {
		audit_log_format(ab, "?");
	}
}

static const char * const sig_state_names[] = {
	[VENDORBAN_SIG_NONE] = "none",
	[VENDORBAN_SIG_MALFORMED] = "malformed",
	[VENDORBAN_SIG_PRESENT] = "present",
};

static const char * const op_names[] = {
	[VENDORBAN_OP_EXEC] = "exec",
	[VENDORBAN_OP_MMAP] = "mmap",
	[VENDORBAN_OP_MPROTECT] = "mprotect",
	[VENDORBAN_OP_MODULE] = "module_load",
};

static void log_rule(struct audit_buffer *ab,
		     const struct vendorban_decision *d)
{
	audit_log_format(ab, " policy=");
	log_untrusted(ab, d->policy->name);
	if (d->rule) {
		audit_log_format(ab, " rule_line=%u label=", d->rule->line);
		if (d->rule->label[0])
			log_untrusted(ab, d->rule->label);
		else
			audit_log_format(ab, "?");
	} else {
		audit_log_format(ab, " rule_line=%s label=?",
				 d->reason ? "none" : "default");
	}
}

static void log_path(struct audit_buffer *ab, const struct path *path,
		     gfp_t gfp)
{
	char *buf = kmalloc(PATH_MAX, gfp);
	char *name = buf ? d_path(path, buf, PATH_MAX) : ERR_PTR(-ENOMEM);

	audit_log_format(ab, " path=");
	if (IS_ERR(name))
		audit_log_format(ab, "?");
	else
		log_untrusted(ab, name);
	kfree(buf);
}

static void log_file(struct audit_buffer *ab, struct file *file, gfp_t gfp)
{
	struct inode *inode;

	if (!file) {
		audit_log_format(ab, " path=? dev=? ino=?");
		return;
	}
	inode = file_inode(file);
	log_path(ab, &file->f_path, gfp);
	audit_log_format(ab, " dev=");
	log_untrusted(ab, inode->i_sb->s_id);
	audit_log_format(ab, " ino=%lu", inode->i_ino);
}

/*
 * One slot per recently recorded denial, found by hash.  A different
 * denial hashing to the same slot takes it over; the repeats it had
 * counted then appear in status (audit_suppressed) only.
 */
#define VENDORBAN_AUDIT_SLOTS 64

static bool account_eq(const struct vendorban_account *a,
		       const struct vendorban_account *b)
{
	return uid_eq(a->uid, b->uid) && a->userns == b->userns;
}

/**
 * struct vendorban_repeat - the last record of one kind of denial
 * @policy: the policy that decided (compared, never dereferenced)
 * @uid: the real uid of the process
 * @acct: its account for the bound on the record rate (see rate_account();
 *        not part of the key)
 * @dev: the file's device
 * @ino: the file's inode number
 * @gen: the file's inode generation
 * @change: the file's i_version where its filesystem keeps one, else 0
 * @ctime: the file's ctime (a write to it changes both)
 * @link: the dentry the file was opened by (one per name, so per hard
 *        link; compared, never dereferenced)
 * @line: the deciding rule's line, 0 for the default or no rule
 * @signer: what identifies the signer the decision looked at: the first
 *          bytes of its certificate's fingerprint (signer_fpr()), else a
 *          hash of its issuer and serial (zero without one)
 * @content: what identifies the bytes judged (decision's @content: a hash
 *           of the first page and of the signature value), else 0
 * @sig_state: the signature's state
 * @reason: why no rule could decide (a static string), or NULL
 * @op: the operation
 * @denied: enforced or would-deny
 * @last: jiffies when this denial was last recorded
 * @pending: repeats counted since, not yet reported in a record
 *
 * Protected by vendorban_repeat_lock.
 */
struct vendorban_repeat {
	const void *policy;
	kuid_t uid;
	struct vendorban_account acct;
	dev_t dev;
	unsigned long ino;
	u32 gen;
	u64 change;
	struct timespec64 ctime;
	const void *link;
	unsigned int line;
	u64 signer;
	u32 content;
	enum vendorban_sig_state sig_state;
	const char *reason;
	enum vendorban_op op;
	bool denied;
	unsigned long last;
	unsigned int pending;
};

static DEFINE_SPINLOCK(vendorban_repeat_lock);
static struct vendorban_repeat vendorban_repeats[VENDORBAN_AUDIT_SLOTS];
static atomic64_t vendorban_suppressed_total;

/*
 * The signer a decision looked at, as a number: bytes of the content can
 * change without moving i_version or ctime (a page held for writing since
 * before the check, trust.c), and a different signer is another attempt.
 */
static u64 signer_id(const struct vendorban_decision *d, const u8 *fpr)
{
	const struct vendorban_blob *issuer, *serial;
	const struct vendorban_cert *cert;
	u64 id;

	if (!d->msg || d->signer < 0)
		return 0;
	if (fpr) {
		memcpy(&id, fpr, sizeof(id));
		return id;
	}
	cert = vendorban_pkcs7_signer_cert(d->msg, d->signer);
	issuer = cert ? &cert->issuer : &d->msg->signers[d->signer].issuer;
	serial = cert ? &cert->serial : &d->msg->signers[d->signer].serial;
	return (u64)jhash(issuer->data, issuer->len, 0) << 32 |
	       jhash(serial->data, serial->len, 0);
}

/*
 * The account of the current process: its real uid; in a user namespace
 * the uid that created the outermost one, unless that is root: then the
 * outermost namespace itself (a container root made: LXD, Incus,
 * systemd-nspawn -U, PrivateUsers=yes), with the host uid its root maps
 * to for the summary.
 *
 * Neither can be multiplied by an unprivileged user.  A namespace's owner
 * is the effective uid of its creator, so only a process with euid 0 in
 * the initial namespace makes an account of the second kind; whatever a
 * tenant does inside (setuid() to any uid root mapped for it, namespaces
 * nested in its own) stays in the same outermost namespace, one account.
 * Keying by the process's host uid would not: root in a container is
 * given a range of host uids (65,536 as a rule) and can switch to each.
 * A user's own namespaces have his uid as owner: his one account.
 *
 * A uid of the initial namespace (the real uid, or a namespace's owner)
 * counts as its owner's when it is one of the subordinate uids root
 * handed over (owners.c, securityfs subuids): a user who maps his
 * subordinate uids into his namespace can make setuid copies owned by
 * each and run them outside it, a process of each uid (redteam11
 * RT11-1).  Without the ranges, each of those uids is an account.
 */
static void rate_account(struct vendorban_account *acct)
{
	const struct cred *cred = current_cred();
	struct user_namespace *ns = cred->user_ns;

	acct->userns = 0;
	if (ns == &init_user_ns) {
		acct->uid = vendorban_subuid_owner(cred->uid);
		return;
	}
	while (ns->parent != &init_user_ns)
		ns = ns->parent;
	if (!uid_eq(ns->owner, GLOBAL_ROOT_UID)) {
		acct->uid = vendorban_subuid_owner(ns->owner);
		return;
	}
	acct->uid = make_kuid(ns, 0);
	acct->userns = ns->ns.inum;
}

/**
 * vendorban_audit_account() - the account of the current process
 * @acct: set to it (see rate_account())
 *
 * What the bound on the record rate counts against, and what the module
 * form's records of suspicions count against (module/evicted.c).
 *
 * Context: any.
 */
void vendorban_audit_account(struct vendorban_account *acct)
{
	rate_account(acct);
}

/*
 * The file is its real inode: through overlayfs, the upper or lower file
 * (the overlay's inode has the real one's number and no generation of its
 * own).  ext4, XFS, btrfs and tmpfs give a new inode a generation that
 * differs from the last one with its number (random, or counted); where a
 * filesystem keeps it constant, it also does not reuse numbers at once
 * (ramfs, tmpfs: numbers only grow), or cannot create files at all.  Its
 * content is its i_version and ctime, which a write changes (the bytes
 * rewritten in place are another attempt), and its name the dentry it was
 * opened by (a second hard link is another attempt); the signer decided
 * on, the signature's state and a hash of the file's first page and of
 * the signature value (d->content) tell bytes changed unseen apart.
 */
static void repeat_key(struct vendorban_repeat *key, struct file *file,
		       const struct vendorban_decision *d, const u8 *fpr)
{
	struct inode *inode = d_real_inode(file->f_path.dentry);

	if (!inode)
		inode = file_inode(file);
	memset(key, 0, sizeof(*key));
	key->policy = d->policy;
	key->uid = current_uid();
	rate_account(&key->acct);
	key->dev = inode->i_sb->s_dev;
	key->ino = inode->i_ino;
	key->gen = inode->i_generation;
	if (IS_I_VERSION(inode))
		key->change = inode_query_iversion(inode);
	key->ctime = vendorban_inode_ctime(inode);
	key->link = file->f_path.dentry;
	key->line = d->rule ? d->rule->line : 0;
	key->signer = signer_id(d, fpr);
	key->content = d->content;
	key->sig_state = d->sig_state;
	key->reason = d->reason;
	key->op = d->op;
	key->denied = d->denied;
}

static bool same_denial(const struct vendorban_repeat *a,
			const struct vendorban_repeat *b)
{
	return a->policy == b->policy && uid_eq(a->uid, b->uid) &&
	       a->dev == b->dev && a->ino == b->ino && a->gen == b->gen &&
	       a->change == b->change &&
	       timespec64_equal(&a->ctime, &b->ctime) && a->link == b->link &&
	       a->line == b->line && a->signer == b->signer &&
	       a->content == b->content &&
	       a->sig_state == b->sig_state && a->reason == b->reason &&
	       a->op == b->op && a->denied == b->denied;
}

/* Different files, contents and names go to different slots, mostly. */
static u32 repeat_hash(const struct vendorban_repeat *key)
{
	return jhash_3words(key->ino ^ key->gen ^ (u32)key->change ^
			    (u32)key->signer ^ key->content ^
			    (u32)key->ctime.tv_nsec ^ (u32)key->ctime.tv_sec,
			    key->dev ^ hash_ptr(key->link, 32),
			    from_kuid(&init_user_ns, key->uid), key->line);
}

/*
 * vendorban's own bound on its decision records, whatever the key: a user
 * controls every field of it (names through hard links, ctime through
 * chmod), so the repeat table alone lets one user write a record per exec.
 * Counted as the audit subsystem's rate limit counts (audit_rate_check():
 * HZ jiffies), but sliding: in any one second at most
 * VENDORBAN_AUDIT_USER_RATE records per account and VENDORBAN_AUDIT_RATE
 * in all, decision and summary records alike.  An account is a real uid,
 * or for a process in a user namespace the uid that created its outermost
 * one: the subordinate uids a user maps there are his, so they share his
 * bound and cannot fill the table; when root created it, the outermost
 * namespace itself (a container: tenants of two are two accounts, and
 * none is root's; see rate_account()).  One account takes at most a third
 * of the whole, so the records of other users are not held back by one
 * user's flood (nor by two).  Past the bound a denial is still enforced
 * and counted (status audit_suppressed) and goes into its account's count
 * of denials named in no record; a summary record (op=summary uid=<uid>
 * suppressed=<n>, or for a container uid=? userns=<inum> userns_root=<uid>)
 * reports that count as soon as the account's window has
 * room, with the next decision of any user.  VENDORBAN_AUDIT_USERS
 * accounts are kept; the others share one more entry, summarised as
 * uid=?.  A process that may change the audit configuration
 * (CAP_AUDIT_CONTROL in the initial user namespace: it can set auditctl
 * -f, -r or -e itself) is not bounded.
 */
#define VENDORBAN_AUDIT_RATE 6
#define VENDORBAN_AUDIT_USER_RATE 2
#define VENDORBAN_AUDIT_USERS 16
/* Summaries written with one decision, at most. */
#define VENDORBAN_AUDIT_FLUSH 4

/**
 * struct vendorban_rate - the times of the last records
 * @at: jiffies of the last VENDORBAN_AUDIT_RATE records, a ring
 * @next: where the next one goes in @at
 * @used: how many of @at are set
 *
 * Protected by vendorban_repeat_lock.
 */
struct vendorban_rate {
	unsigned long at[VENDORBAN_AUDIT_RATE];
	unsigned int next;
	unsigned int used;
};

/**
 * struct vendorban_user - one account's records and uncounted denials
 * @acct: the account (see above)
 * @rate: its last records
 * @pending: its would-denies ([0]) and denials ([1]) named in no record
 *           (past the bound, or repeats whose record will not report
 *           them), not yet in a summary
 *
 * Protected by vendorban_repeat_lock.
 */
struct vendorban_user {
	struct vendorban_account acct;
	struct vendorban_rate rate;
	unsigned int pending[2];
};

static_assert(VENDORBAN_AUDIT_USER_RATE <= VENDORBAN_AUDIT_RATE);

static struct vendorban_rate vendorban_global_rate;
static struct vendorban_user vendorban_users[VENDORBAN_AUDIT_USERS];
/* The accounts that found no entry of their own. */
static struct vendorban_user vendorban_others;

/*
 * True if one more record keeps @r at most @limit records in any HZ + 1
 * jiffies (the @limit-th last one is older than that).
 */
static bool rate_room(const struct vendorban_rate *r, unsigned int limit)
{
	unsigned int i;

	if (r->used < limit)
		return true;
	i = (r->next + VENDORBAN_AUDIT_RATE - limit) % VENDORBAN_AUDIT_RATE;
	return time_after(jiffies, r->at[i] + HZ);
}

static void rate_add(struct vendorban_rate *r)
{
	r->at[r->next] = jiffies;
	r->next = (r->next + 1) % VENDORBAN_AUDIT_RATE;
	if (r->used < VENDORBAN_AUDIT_RATE)
		r->used++;
}

/* Nothing pending and no record in the last second. */
static bool user_free(const struct vendorban_user *u)
{
	return !u->pending[0] && !u->pending[1] && rate_room(&u->rate, 1);
}

/* The entry of account @acct, else a free one, else the others' entry. */
static struct vendorban_user *rate_user(const struct vendorban_account *acct)
{
	struct vendorban_user *u, *idle = NULL;

	for (u = vendorban_users; u < vendorban_users + VENDORBAN_AUDIT_USERS; u++) {
		if (account_eq(&u->acct, acct) && !user_free(u))
			return u;
		if (!idle && user_free(u))
			idle = u;
	}
	if (!idle)
		return &vendorban_others;
	memset(idle, 0, sizeof(*idle));
	idle->acct = *acct;
	return idle;
}

/* A repeat count no record will report goes into its account's summary. */
static void move_to_summary(struct vendorban_repeat *slot)
{
	if (!slot->policy || !slot->pending)
		return;
	rate_user(&slot->acct)->pending[slot->denied] += slot->pending;
	slot->pending = 0;
}

/*
 * The repeats whose window is over go into their accounts' summaries: no
 * record would report them before that kind comes again.  All but
 * @own's, the slot of the denial being decided.
 */
static void collect_expired(const struct vendorban_repeat *own)
{
	struct vendorban_repeat *slot;

	for (slot = vendorban_repeats;
	     slot < vendorban_repeats + VENDORBAN_AUDIT_SLOTS; slot++) {
		if (slot != own && slot->pending &&
		    !time_before(jiffies, slot->last + VENDORBAN_AUDIT_REPEAT_WINDOW))
			move_to_summary(slot);
	}
}

/* Not bounded: it may turn auditing off or change -f and -r itself. */
static bool unbounded(void)
{
	const struct cred *cred = current_cred();

	return cred->user_ns == &init_user_ns &&
	       cap_raised(cred->cap_effective, CAP_AUDIT_CONTROL);
}

/*
 * Takes one record of @u's and the global budget, if there is room
 * (always for an unbounded process, outside the budget).
 */
static bool rate_take(struct vendorban_user *u, bool exempt)
{
	if (exempt)
		return true;
	if (!rate_room(&u->rate, VENDORBAN_AUDIT_USER_RATE) ||
	    !rate_room(&vendorban_global_rate, VENDORBAN_AUDIT_RATE))
		return false;
	rate_add(&u->rate);
	rate_add(&vendorban_global_rate);
	return true;
}

/**
 * struct vendorban_summary - one summary record to write
 * @acct: the account
 * @others: for the accounts without an entry (@acct unused)
 * @denied: of denials, else of would-denies
 * @n: how many
 */
struct vendorban_summary {
	struct vendorban_account acct;
	bool others;
	bool denied;
	unsigned int n;
};

/**
 * struct vendorban_audit_plan - what to write for one decision
 * @log: write its decision record
 * @suppressed: the repeats that record reports
 * @nr: summaries to write after it
 * @summary: the summaries
 */
struct vendorban_audit_plan {
	bool log;
	unsigned int suppressed;
	unsigned int nr;
	struct vendorban_summary summary[VENDORBAN_AUDIT_FLUSH];
};

/* The summaries of @u that its window and the global one have room for. */
static void plan_summary(struct vendorban_user *u,
			 struct vendorban_audit_plan *v)
{
	struct vendorban_summary *s;
	int i;

	for (i = 0; i < 2 && v->nr < VENDORBAN_AUDIT_FLUSH; i++) {
		if (!u->pending[i] || !rate_take(u, false))
			continue;
		s = &v->summary[v->nr++];
		s->acct = u->acct;
		s->others = u == &vendorban_others;
		s->denied = i;
		s->n = u->pending[i];
		u->pending[i] = 0;
	}
}

/* The current account's summaries first, then any other's. */
static void plan_summaries(struct vendorban_user *own,
			   const struct vendorban_repeat *slot,
			   struct vendorban_audit_plan *v)
{
	struct vendorban_user *u;

	collect_expired(slot);
	plan_summary(own, v);
	for (u = vendorban_users; u < vendorban_users + VENDORBAN_AUDIT_USERS; u++)
		plan_summary(u, v);
	plan_summary(&vendorban_others, v);
}

/*
 * A recorded denial takes its slot: the record reports the slot's
 * repeats if they are of this denial, else they go into a summary.
 */
static void take_slot(struct vendorban_repeat *slot,
		      const struct vendorban_repeat *key,
		      struct vendorban_audit_plan *v)
{
	if (same_denial(slot, key))
		v->suppressed = slot->pending;
	else
		move_to_summary(slot);
	*slot = *key;
	slot->last = jiffies;
}

/*
 * Under vendorban_repeat_lock: a repeat recorded less than the window ago
 * (@slot, compared with @key) is counted; else it is recorded if its
 * account has room, else counted for its summary.  Then the summaries
 * that have room.
 */
static void decide_locked(struct vendorban_repeat *slot,
			  const struct vendorban_repeat *key,
			  struct vendorban_audit_plan *v)
{
	struct vendorban_user *u = rate_user(&key->acct);

	if (slot && slot->policy && same_denial(slot, key) &&
	    time_before(jiffies, slot->last + VENDORBAN_AUDIT_REPEAT_WINDOW)) {
		slot->pending++;
	} else if (!rate_take(u, unbounded())) {
		u->pending[key->denied]++;
	} else {
		v->log = true;
		if (slot)
			take_slot(slot, key, v);
	}
	plan_summaries(u, slot, v);
}

/*
 * Decides whether to record @d (see decide_locked()); a denial not
 * recorded is counted in vendorban_suppressed_total.
 */
static void should_log(struct file *file, const struct vendorban_decision *d,
		       const u8 *fpr, struct vendorban_audit_plan *v)
{
	struct vendorban_repeat key, *slot = NULL;

	memset(v, 0, sizeof(*v));
	/* A buffer (init_module, root only) has no identity to compare. */
	if (file) {
		repeat_key(&key, file, d, fpr);
		slot = &vendorban_repeats[repeat_hash(&key) % VENDORBAN_AUDIT_SLOTS];
	} else {
		memset(&key, 0, sizeof(key));
		key.uid = current_uid();
		rate_account(&key.acct);
		key.denied = d->denied;
	}
	spin_lock(&vendorban_repeat_lock);
	decide_locked(slot, &key, v);
	spin_unlock(&vendorban_repeat_lock);
	if (!v->log)
		atomic64_inc(&vendorban_suppressed_total);
}

/*
 * A new policy starts afresh: its denials are recorded at once.  (The
 * table compares policy pointers, which a new policy may reuse.)  Counts
 * still pending go into their uids' summaries.
 */
static void forget_repeats(void)
{
	unsigned int i;

	spin_lock(&vendorban_repeat_lock);
	for (i = 0; i < VENDORBAN_AUDIT_SLOTS; i++)
		move_to_summary(&vendorban_repeats[i]);
	memset(vendorban_repeats, 0, sizeof(vendorban_repeats));
	spin_unlock(&vendorban_repeat_lock);
}

/**
 * vendorban_audit_suppressed() - denials counted, not recorded
 *
 * Return: the number since boot (shown in status as audit_suppressed):
 * repeats, and denials past the bound on the record rate.
 */
u64 vendorban_audit_suppressed(void)
{
	return atomic64_read(&vendorban_suppressed_total);
}

/*
 * The summary of an account's denials named in no record: standalone
 * (not part of the current syscall's event, which is about one denial,
 * maybe of another user).
 */
static void log_summary(const struct vendorban_summary *s, gfp_t gfp)
{
	struct audit_buffer *ab;

	ab = audit_log_start(NULL, gfp, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=summary decision=%s",
			 s->denied ? "deny" : "would-deny");
	if (s->others) {
		audit_log_format(ab, " uid=?");
	} else if (s->acct.userns) {
		/* not uid=0: the tenants of a container are not root */
		audit_log_format(ab, " uid=? userns=%u userns_root=",
				 s->acct.userns);
		if (uid_valid(s->acct.uid))
			audit_log_format(ab, "%u",
					 from_kuid(&init_user_ns, s->acct.uid));
		else
			audit_log_format(ab, "?");
	} else {
		audit_log_format(ab, " uid=%u",
				 from_kuid(&init_user_ns, s->acct.uid));
	}
	audit_log_format(ab, " suppressed=%u", s->n);
	audit_log_end(ab);
}

static void log_decision(struct file *file, const struct vendorban_decision *d,
			 const u8 *fpr, unsigned int suppressed, gfp_t gfp)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), gfp, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=%s decision=%s",
			 op_names[d->op], d->denied ? "deny" : "would-deny");
	audit_log_format(ab, " enforcement=%s rule_action=%s",
			 mode_name(d->enforcing),
			 vendorban_action_name(d->action));
	log_rule(ab, d);
	audit_log_format(ab, " pid=%d uid=%u comm=", task_tgid_nr(current),
			 from_kuid(&init_user_ns, current_uid()));
	log_untrusted(ab, current->comm);
	log_file(ab, file, gfp);
	if (d->reason)
		audit_log_format(ab, " reason=%s signature=?", d->reason);
	else
		audit_log_format(ab, " signature=%s",
				 sig_state_names[d->sig_state]);
	log_signer(ab, d, fpr, gfp);
	audit_log_format(ab, " suppressed=%u", suppressed);
	audit_log_end(ab);
}

/**
 * vendorban_audit_decision() - log a denial or a would-deny
 * @file: the file that was checked, or NULL for a buffer (init_module)
 * @d: the decision
 *
 * A repeat of a denial recorded less than VENDORBAN_AUDIT_REPEAT_WINDOW ago
 * is only counted, and so is a denial past the bound on the record rate
 * (see should_log()); then the summaries that have room are written.
 * With @d->atomic nothing here sleeps: no allocation
 * waits for memory and audit_log_start() does not wait for room in the
 * audit backlog (it drops the record and counts it lost instead), as
 * common_lsm_audit() does for hooks that run under locks.
 *
 * Context: process context; may sleep unless @d->atomic.
 */
void vendorban_audit_decision(struct file *file,
			      const struct vendorban_decision *d)
{
	gfp_t gfp = d->atomic ? GFP_ATOMIC | __GFP_NOWARN : GFP_KERNEL;
	u8 buf[VENDORBAN_SHA256_LEN];
	const u8 *fpr = signer_fpr(d, buf) ? buf : NULL;
	struct vendorban_audit_plan v;
	unsigned int i;

	should_log(file, d, fpr, &v);
	if (v.log)
		log_decision(file, d, fpr, v.suppressed, gfp);
	for (i = 0; i < v.nr; i++)
		log_summary(&v.summary[i], gfp);
}

static void log_policy(struct audit_buffer *ab, const char *prefix,
		       const struct vendorban_policy *policy)
{
	audit_log_format(ab, " %s_name=", prefix);
	if (policy) {
		log_untrusted(ab, policy->name);
		audit_log_format(ab, " %s_version=%u", prefix, policy->version);
	} else {
		audit_log_format(ab, "none %s_version=?", prefix);
	}
}

static void log_subject(struct audit_buffer *ab)
{
	audit_log_format(ab, " auid=%u ses=%u",
			 from_kuid(&init_user_ns, audit_get_loginuid(current)),
			 audit_get_sessionid(current));
}

/**
 * vendorban_audit_policy_load() - log a policy load or a rejected one
 * @old: the policy in force before, or NULL
 * @new: the new policy, or NULL if it was rejected
 * @err: the reason for a rejection (used when @new is NULL)
 *
 * A new policy also ends the counting of repeated denials (see above).
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_policy_load(const struct vendorban_policy *old,
				 const struct vendorban_policy *new,
				 const struct vendorban_parse_error *err)
{
	struct audit_buffer *ab;
	char reason[VENDORBAN_REASON_LEN + 32];

	if (new)
		forget_repeats();
	ab = audit_log_start(audit_context(), GFP_KERNEL,
			     AUDIT_MAC_POLICY_LOAD);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=policy_load");
	log_policy(ab, "old", old);
	log_digest(ab, "old_digest", old);
	if (new) {
		log_policy(ab, "new", new);
		log_digest(ab, "new_digest", new);
		audit_log_format(ab, " rules=%u", new->nr_rules);
	} else {
		audit_log_format(ab, " new_name=? reason=");
		snprintf(reason, sizeof(reason), "line %u, column %u: %s",
			 err->line, err->column, err->reason);
		log_untrusted(ab, reason);
	}
	log_subject(ab);
	audit_log_format(ab, " res=%d", new ? 1 : 0);
	audit_log_end(ab);
}

/**
 * vendorban_audit_mode() - log a change of mode, or its refusal
 * @old_enforce: the mode before
 * @new_enforce: the mode asked for
 * @done: changed (res=1); else refused (res=0: permissive while signed
 *        policies are required)
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_mode(bool old_enforce, bool new_enforce, bool done)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=set_mode old_mode=%s new_mode=%s",
			 mode_name(old_enforce), mode_name(new_enforce));
	log_subject(ab);
	audit_log_format(ab, " res=%d", done ? 1 : 0);
	audit_log_end(ab);
}

/**
 * vendorban_audit_lock() - log the locking of policy and mode, or its refusal
 * @locked: locked; else refused, the form deciding on less than it can
 * @forced: locked although the form decides on less than it can
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_lock(bool locked, bool forced)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	if (!locked)
		audit_log_format(ab, "lsm=" VENDORBAN_NAME
				 " op=lock locked=0 reason=mechanism-incomplete");
	else
		audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=lock locked=1%s",
				 forced ? " forced=1" : "");
	log_subject(ab);
	audit_log_format(ab, " res=%d", locked);
	audit_log_end(ab);
}

/*
 * The record of an attach or release of the BPF LSM programs: @op, the
 * programs @held, and on failure the program it failed on (@prog, when
 * the op names one) and @err.
 */
static void log_bpf_links(const char *op, const char *prog, unsigned int held,
			  int err)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=%s programs=%u", op,
			 held);
	if (err && prog)
		audit_log_format(ab, " prog=%s", prog);
	if (err)
		audit_log_format(ab, " error=%d", err);
	log_subject(ab);
	audit_log_format(ab, " res=%d", !err);
	audit_log_end(ab);
}

/**
 * vendorban_audit_bpf_attach() - log an attach of the BPF LSM programs
 * @prog: the program it failed on, NULL if none
 * @held: how many programs are held now
 * @err: 0, or why it failed
 *
 * The module form only: "vendorbanctl attach" asks the module to load
 * and attach its programs.
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_bpf_attach(const char *prog, unsigned int held, int err)
{
	log_bpf_links("bpf_attach", prog ? prog : "?", held, err);
}

/**
 * vendorban_audit_bpf_release() - log a release of the BPF LSM programs
 * @held: how many programs were held before it
 * @err: 0, or why it was refused (-EPERM: locked, or signed policies
 *	required)
 *
 * The module form only: "release" written to bpf_links drops the links.
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_bpf_release(unsigned int held, int err)
{
	log_bpf_links("bpf_release", NULL, held, err);
}

/**
 * vendorban_audit_suspicions() - log that an account's mapping was refused
 * @acct: the account that reached its bound (vendorban_audit_account())
 * @records: the suspicions it holds
 * @bound: how many it may hold
 *
 * The module form only (module/evicted.c): a mapping through a writer by
 * an account that holds as many suspicions as it may is refused.
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_suspicions(const struct vendorban_account *acct,
				unsigned int records, unsigned int bound)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME
			 " op=suspicions account_uid=%d account_userns=%u records=%u bound=%u",
			 uid_valid(acct->uid) ?
			 (int)from_kuid(&init_user_ns, acct->uid) : -1,
			 acct->userns, records, bound);
	log_subject(ab);
	audit_log_format(ab, " res=0");
	audit_log_end(ab);
}

/**
 * vendorban_audit_forced_unload() - log a refused "rmmod -f" (module form)
 * @locked: policy and mode are locked
 * @require_signed: only signed policies are accepted
 *
 * The kernel ran the module's exit function although one of these holds;
 * the exit function refuses (it never returns), so res=0.
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_forced_unload(bool locked, bool require_signed)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME
			 " op=forced_unload locked=%d require_signed=%d",
			 locked, require_signed);
	log_subject(ab);
	audit_log_format(ab, " res=0");
	audit_log_end(ab);
}

/**
 * vendorban_audit_require_signed() - log that signed policies became required
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_require_signed(void)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME
			 " op=require_signed old_require_signed=0 new_require_signed=1");
	log_subject(ab);
	audit_log_format(ab, " res=1");
	audit_log_end(ab);
}

/**
 * vendorban_audit_subuids() - log a load of subordinate uid ranges
 * @nr: the ranges in force now (when @err is NULL)
 * @err: why the text was refused (the old set stays), or NULL
 *
 * Context: process context, may sleep.
 */
void vendorban_audit_subuids(unsigned int nr,
			     const struct vendorban_subuids_error *err)
{
	char reason[sizeof(err->reason) + 32];
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_MAC_STATUS);
	if (!ab)
		return;
	audit_log_format(ab, "lsm=" VENDORBAN_NAME " op=subuids");
	if (err) {
		snprintf(reason, sizeof(reason), "line %u: %s", err->line,
			 err->reason);
		audit_log_format(ab, " ranges=? reason=");
		log_untrusted(ab, reason);
	} else {
		audit_log_format(ab, " ranges=%u", nr);
	}
	log_subject(ab);
	audit_log_format(ab, " res=%d", !err);
	audit_log_end(ab);
}
