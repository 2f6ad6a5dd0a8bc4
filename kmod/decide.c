// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the decision: may this file run?
 *
 * The one decision path shared by every hook and by both forms of the
 * module: ask the per-inode cache, else gather what the file says about its
 * signer, look its identities up in the policy's index, walk the matching
 * rules in policy order (verifying the signature for allow rules), then
 * count, audit, cache and answer.
 */

#include "common.h"

#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "audit.h"
#include "cache.h"
#include "counts.h"
#include "decide.h"
#include "facts.h"
#include "pin.h"
#include "state.h"
#include "trust.h"
#include "verify.h"

/**
 * struct prove_ctx - what proving an allow needs
 * @subj: the file
 * @ev: its evidence
 */
struct prove_ctx {
	const struct vendorban_subject *subj;
	const struct vendorban_evidence *ev;
};

/* The digest of what the last trailer signs: once per algorithm and file. */
static int signed_digest(void *ctx, enum vendorban_hash_algo algo, u8 *out)
{
	const struct prove_ctx *p = ctx;
	const char *name = vendorban_hash_algo_name(algo);

	if (!name || !p->ev->sigs.nr_trailers)
		return -ENOPKG;
	return vendorban_subject_digest(p->subj, name,
					p->ev->sigs.trailers[0].data_len, out);
}

/* An allow-cert rule counts only if the signature verifies with its key. */
static int proven(void *ctx, const struct vendorban_candidate *c,
		  const struct vendorban_rule *rule, const u8 *digest)
{
	const struct prove_ctx *p = ctx;
	const struct vendorban_signer *si;

	si = &p->ev->sigs.msgs[c->msg]->signers[c->signer];
	return vendorban_verify_signer(si, rule->key, digest);
}

/* What vendorban_policy_pick() decided, into @d. */
static void take_verdict(const struct vendorban_sigset *sigs,
			 const struct vendorban_match *match,
			 const struct vendorban_verdict *v,
			 struct vendorban_decision *d)
{
	const struct vendorban_candidate *c;

	d->action = v->action;
	d->reason = v->reason;
	if (v->cand < 0)
		return;
	c = &match->c[v->cand];
	d->rule = &d->policy->rules[c->rule];
	if (c->msg >= 0) {
		d->msg = sigs->msgs[c->msg];
		d->signer = c->signer;
	}
}

/*
 * The shared decision walk (vendorban_policy_pick()): a deny or audit rule
 * decides on a claimed identity; an allow-cert rule only if the last
 * trailer's signature verifies with its key.  Authenticode signatures
 * cannot prove an allow (the PE image digest is not computed), nor can
 * signatures that do not cover the whole file: see docs/policy-format.md.
 */
static void pick_rule(const struct vendorban_subject *subj,
		      const struct vendorban_evidence *ev,
		      struct vendorban_match *match,
		      struct vendorban_decision *d)
{
	struct prove_ctx ctx = { .subj = subj, .ev = ev };
	const struct vendorban_prover prover = {
		.digest = signed_digest, .verify = proven, .ctx = &ctx,
	};
	struct vendorban_verdict v;

	vendorban_policy_pick(d->policy, &ev->facts, match, &prover, &v);
	take_verdict(&ev->sigs, match, &v, d);
}

static int conclude(const struct vendorban_subject *subj,
		    struct vendorban_decision *d)
{
	switch (d->action) {
	case VENDORBAN_ACTION_ALLOW:
		vendorban_count(VENDORBAN_CNT_ALLOWED);
		vendorban_counts_decision(d->counts, d);
		return 0;
	case VENDORBAN_ACTION_DENY:
		d->denied = d->enforcing;
		break;
	case VENDORBAN_ACTION_AUDIT:
		d->denied = false;
		break;
	}
	vendorban_counts_decision(d->counts, d);
	vendorban_count(d->denied ? VENDORBAN_CNT_DENIED :
			VENDORBAN_CNT_WOULD_DENY);
	vendorban_audit_decision(subj->file, d);
	return d->denied ? -EACCES : 0;
}

/*
 * What identifies the bytes @d judged, for the audit repeat key: a hash of
 * the first page of @subj (another program has other headers) and of the
 * signature value of the signer reported (another program of the same
 * signer has another signature).  Bytes changed with no write the
 * filesystem sees (a shared mapping of a tmpfs file: no ctime, no
 * i_version) are then another attempt, not a repeat.  One page read, from
 * the page cache the decision has just read, for a logged decision only.
 */
static u32 content_id(const struct vendorban_subject *subj,
		      const struct vendorban_decision *d)
{
	size_t n = min_t(loff_t, subj->size, PAGE_SIZE);
	const struct vendorban_blob *sig;
	u32 id = 0;
	u8 *head;

	head = kmalloc(n ? n : 1, GFP_KERNEL);
	if (head && !vendorban_subject_read(subj, head, n, 0))
		id = jhash(head, n, 0);
	kfree(head);
	if (d->msg && d->signer >= 0) {
		sig = &d->msg->signers[d->signer].signature;
		id = jhash(sig->data, sig->len, id);
	}
	return id;
}

static int decide(const struct vendorban_subject *subj,
		  struct vendorban_decision *d)
{
	struct vendorban_evidence *ev;
	struct vendorban_match *match;
	int ret = -ENOMEM;

	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	match = kvzalloc(sizeof(*match), GFP_KERNEL);
	if (!ev || !match)
		goto out;
	ret = vendorban_gather_evidence(subj, d->policy, d->op, ev);
	if (ret)
		goto out;

	d->sig_state = ev->facts.state;
	if (ev->facts.nr_msgs) {
		d->msg = ev->sigs.msgs[0];
		d->signer = 0;
	}
	vendorban_policy_match(d->policy, &ev->facts, match);
	pick_rule(ev->subj, ev, match, d);
	if (d->action != VENDORBAN_ACTION_ALLOW)
		d->content = content_id(ev->subj, d);
	ret = conclude(subj, d);
	vendorban_release_evidence(ev);
out:
	kvfree(match);
	kfree(ev);
	return ret;
}

/* Concludes a decision the policy's settings made (@v, no rule). */
static int conclude_settled(const struct vendorban_subject *subj,
			    struct vendorban_decision *d,
			    const struct vendorban_verdict *v)
{
	d->action = v->action;
	d->reason = v->reason;
	d->sig_state = VENDORBAN_SIG_NONE;
	return conclude(subj, d);
}

/*
 * The policy's "writable", "unverifiable" and "userns-mounts" settings
 * (vendorban_policy_settle()), on the facts measured once (trust.c): a
 * file whose bytes vendorban cannot vouch for, or that it could not pin
 * (@unpinned: a writer has it open, pin.c), is decided by the setting
 * alone, before the cache and the rules, unless the setting is "allow"
 * (then the rules decide, and the result is never cached).
 * Returns true if a setting decided (*ret is then the answer).
 */
static bool decide_untrusted(const struct vendorban_subject *subj,
			     struct vendorban_decision *d, bool unpinned,
			     int *ret)
{
	struct vendorban_trust_facts tf;
	struct vendorban_verdict v;

	if (!subj->file)
		return false;
	vendorban_measure_trust(subj->file, unpinned, &tf);
	if (!vendorban_policy_settle(d->policy, &tf, &v))
		return false;
	*ret = conclude_settled(subj, d, &v);
	return true;
}

/*
 * A decision made without reading the file (@unread, see
 * vendorban_policy_settle()), under @active's policy: from hooks that
 * cannot sleep, so its audit record must not either.
 */
static int conclude_unread(struct vendorban_active *active, struct file *file,
			   enum vendorban_op op, enum vendorban_unread unread)
{
	struct vendorban_decision d = {
		.op = op, .signer = -1, .atomic = true,
		.policy = active->policy, .counts = active->counts,
		.enforcing = vendorban_enforcing(),
	};
	struct vendorban_trust_facts tf = { .unread = unread };
	struct vendorban_subject subj = { .file = file };
	struct vendorban_verdict v;

	vendorban_policy_settle(d.policy, &tf, &v);
	return conclude_settled(&subj, &d, &v);
}

/*
 * Pins the bytes of the file that will run (pin.c), before they are read:
 * 0, or -ENOMEM, or 1 if they cannot be pinned (the file is writable).  A
 * module image the kernel has read already (@subj->buf) is judged as
 * read: nothing to pin.
 */
static int pin_subject(const struct vendorban_subject *subj,
		       enum vendorban_op op)
{
	int ret;

	if (!subj->file || subj->buf)
		return 0;
	ret = vendorban_pin_file(subj->file, op, false);
	if (ret == -ENOMEM)
		return ret;
	return ret ? 1 : 0;
}

/**
 * vendorban_check() - decide whether a file or buffer may be used for @op
 * @subj: the file (open for reading) or the buffer
 * @op: what the process is trying to do with it
 *
 * Context: process context, may sleep (reads the file).
 * Return: 0 to let it go ahead; -EACCES if the policy denies it in enforce
 * mode; -ENOMEM if memory ran out before a decision could be made.
 */
int vendorban_check(const struct vendorban_subject *subj, enum vendorban_op op)
{
	struct vendorban_decision d = { .op = op, .signer = -1 };
	struct inode *inode = subj->file ? file_inode(subj->file) : NULL;
	struct vendorban_cache_token token;
	struct vendorban_active *active;
	bool cacheable = false;
	u32 row;
	int ret, unpinned;

	active = vendorban_get_active();
	if (!active)
		return 0;
	d.policy = active->policy;
	d.counts = active->counts;
	d.enforcing = vendorban_enforcing();
	unpinned = pin_subject(subj, op);
	if (unpinned < 0 || decide_untrusted(subj, &d, unpinned, &ret)) {
		vendorban_put_active(active);
		return unpinned < 0 ? unpinned : ret;
	}
	/*
	 * The cache is per inode, not per operation, and a module load may
	 * judge other bytes than exec or mmap of the same file (the image of
	 * a compressed module): module loads neither use nor fill it.
	 */
	if (op == VENDORBAN_OP_MODULE)
		inode = NULL;
	if (inode && vendorban_cache_allowed(inode, active->generation, &row)) {
		vendorban_count(VENDORBAN_CNT_ALLOWED);
		vendorban_count(VENDORBAN_CNT_CACHE_HITS);
		vendorban_counts_cached_allow(active->counts, row);
		vendorban_put_active(active);
		return 0;
	}
	if (inode)
		cacheable = vendorban_cache_sample(subj->file, &token);

	ret = decide(subj, &d);
	/* Only silent allows are cached: they do not depend on the mode. */
	if (!ret && cacheable && d.action == VENDORBAN_ACTION_ALLOW)
		vendorban_cache_store_allowed(subj->file, active->generation,
					      vendorban_counts_row(&d), &token);
	vendorban_put_active(active);
	return ret;
}

/*
 * The file to read for a check of @file: its real file (for an overlayfs
 * file, the one its mappings hold: vendorban_real_file()), or, when that
 * was opened with O_DIRECT (whose reads need aligned buffers, so
 * vendorban's small reads would fail), the real file of a fresh read-only
 * open of @file's path with the opener's credentials, as IMA re-opens a
 * file it cannot read (*@reopened is then that open, to fput()).  If that
 * fails, or reaches another real file (a copy-up since @file was opened),
 * the real file itself: its reads fail and the file is malformed.
 */
static struct file *reader_open(struct file *file, struct file **reopened)
{
	struct file *real = vendorban_real_file(file);
	struct file *reader;

	*reopened = NULL;
	if (!(real->f_flags & O_DIRECT))
		return real;
	reader = dentry_open(&file->f_path, O_RDONLY | O_LARGEFILE,
			     file->f_cred);
	if (IS_ERR(reader))
		return real;
	if (file_inode(vendorban_real_file(reader)) != file_inode(real)) {
		fput(reader);
		return real;
	}
	*reopened = reader;
	return vendorban_real_file(reader);
}

/**
 * vendorban_check_file() - vendorban_check() for an open file
 * @file: the file, open for reading
 * @op: what the process is trying to do with it
 *
 * Reads the bytes that will run: through overlayfs, the real file's.  A
 * read error is never a way around the policy: a file that cannot be read
 * is malformed (docs/policy-format.md).
 *
 * Context: process context, may sleep.
 * Return: as vendorban_check().
 */
int vendorban_check_file(struct file *file, enum vendorban_op op)
{
	struct vendorban_subject subj = { .file = file };
	struct file *reopened;
	int ret;

	subj.real = reader_open(file, &reopened);
	subj.size = i_size_read(file_inode(subj.real));
	ret = vendorban_check(&subj, op);
	if (reopened)
		fput(reopened);
	return ret;
}

/*
 * Whether a mapped file is one vendorban judges: a regular file that has a
 * name.  A kernel-internal shmem file (S_PRIVATE: what backs shared
 * anonymous memory and /dev/zero mapped shared, which the kernel creates
 * after the mmap hook, and System V shared memory) is anonymous memory.
 */
static bool judged_mapping(const struct file *file)
{
	const struct inode *inode = file_inode(file);

	return S_ISREG(inode->i_mode) && !IS_PRIVATE(inode);
}

/*
 * Whether the kernel refuses to map files of @path executable (do_mmap()
 * asks this after the LSM hook: path_noexec(), which is not exported).
 */
static bool mount_noexec(const struct path *path)
{
	return (path->mnt->mnt_flags & MNT_NOEXEC) ||
	       (path->mnt->mnt_sb->s_iflags & SB_I_NOEXEC);
}

/**
 * vendorban_check_mmap() - may a file be mapped with @prot?
 * @file: the file, or NULL for anonymous memory
 * @prot: the protection the kernel applies
 * @exec_inode: the program the exec in progress in this task let through,
 *              or NULL; only compared, never dereferenced
 *
 * Executable mappings: shared libraries, dlopen(), the ELF interpreter of a
 * program, and the program that "ld.so /path/bin" maps (the exec checks
 * only ever see ld.so then).  The segments of the program an exec is
 * loading were decided by the exec check a moment ago: deciding again
 * would log a second record for one attempt (in permissive mode or for
 * audit-only rules).  Only regular files hold programs: a device mapping
 * (/dev/zero, which gives anonymous memory) is no file vendorban could
 * judge, like anonymous memory (docs/policy-format.md), and so is System V
 * shared memory (shmat(), a kernel-internal file).  Any mapping of a
 * file open for writing first clears what the cache holds about it
 * (vendorban_cache_mapped(), which may refuse it: the module form's bound
 * on one account's suspicions).  An executable mapping of a file on a
 * noexec mount is refused by the kernel after this hook (do_mmap()):
 * nothing to decide, and no pin to take for a mapping that will never
 * exist (a reader's descriptor would keep it, and the owner's writes
 * fail).
 *
 * Context: process context, may sleep (reads the file); before the mmap
 * lock is taken.
 * Return: as vendorban_check().
 */
int vendorban_check_mmap(struct file *file, unsigned long prot,
			 const struct inode *exec_inode)
{
	int ret = file ? vendorban_cache_mapped(file) : 0;

	if (ret)
		return ret;
	if (!file || !(prot & PROT_EXEC) || !judged_mapping(file))
		return 0;
	if (current->in_execve && exec_inode == file_inode(file))
		return 0;
	if (mount_noexec(&file->f_path))
		return 0;
	return vendorban_check_file(file, VENDORBAN_OP_MMAP);
}

/**
 * vendorban_check_mprotect() - may a file mapping become executable?
 * @vma: the mapping
 * @prot: the protection asked for
 *
 * Only a file mapping that gains PROT_EXEC is decided; shared anonymous
 * memory, whose mapping has a kernel-internal file, is anonymous memory
 * here as at mmap().  This runs under
 * the mmap lock, where reading the file could deadlock, so only the cache
 * is consulted: without a cached allow for the current policy the change
 * is refused (fail closed).  A file mapped executable through mmap() was
 * checked then and is normally cached.  An allow pins the file as mmap()
 * does (pin.c): if it cannot be pinned, it is refused as writable.
 *
 * Context: process context, mmap lock held for writing, or a non-sleepable
 * BPF program (RCU read side: the policy cannot be freed under it); does
 * not read the file, allocate with GFP_KERNEL or sleep.
 * Return: 0, -EACCES, or -ENOMEM (a pin needed memory).
 */
int vendorban_check_mprotect(struct vm_area_struct *vma, unsigned long prot)
{
	enum vendorban_unread unread = VENDORBAN_UNREAD_NO_CACHE;
	struct vendorban_active *active;
	int ret = 0;
	u32 row;

	if (!(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC) || !vma->vm_file ||
	    !judged_mapping(vma->vm_file))
		return 0;
	active = vendorban_get_active();
	if (!active)
		return 0;
	if (vendorban_cache_allowed(file_inode(vma->vm_file),
				    active->generation, &row)) {
		ret = vendorban_pin_file(vma->vm_file, VENDORBAN_OP_MPROTECT,
					 true);
		if (!ret) {
			vendorban_count(VENDORBAN_CNT_ALLOWED);
			vendorban_count(VENDORBAN_CNT_CACHE_HITS);
			vendorban_counts_cached_allow(active->counts, row);
		}
		if (!ret || ret == -ENOMEM)
			goto out;
		unread = VENDORBAN_UNREAD_UNPINNED;
	}
	ret = conclude_unread(active, vma->vm_file, VENDORBAN_OP_MPROTECT,
			      unread);
out:
	vendorban_put_active(active);
	return ret;
}

/**
 * vendorban_check_module_read() - did the kernel read what was judged?
 * @file: the module file the kernel has just read (finit_module())
 *
 * For the loadable form, which judges a module file before the kernel
 * reads it (the BPF LSM's hook after the read cannot sleep): the file
 * was pinned at the check, so its bytes cannot have changed, but an
 * overlayfs file copied up since then is read by the kernel from the
 * new upper file, which nothing pinned.  Such a load is refused as
 * writable (the policy's writable setting decides).
 *
 * Context: any, does not sleep; from a non-sleepable BPF program (RCU
 * read side: the policy cannot be freed under it).
 * Return: 0 or -EACCES.
 */
int vendorban_check_module_read(struct file *file)
{
	struct vendorban_active *active;
	int ret;

	if (!vendorban_file_stale(file))
		return 0;
	active = vendorban_get_active();
	if (!active)
		return 0;
	ret = conclude_unread(active, file, VENDORBAN_OP_MODULE,
			      VENDORBAN_UNREAD_STALE);
	vendorban_put_active(active);
	return ret;
}

/**
 * struct vendorban_memimage - what judging a module image from memory needs
 * @sigs: its signatures
 * @pool: the messages @sigs points to
 * @match: the matcher's candidates and scratch space
 * @sha256: the image's SHA-256, when the policy has file-sha256 rules
 *
 * The loadable form judges such an image in a BPF LSM program that may not
 * sleep, so nothing there may allocate with GFP_KERNEL: this is allocated
 * once, when the module loads (vendorban_memimage_init()), and used by one
 * image at a time (vendorban_memimage_lock).
 */
struct vendorban_memimage {
	struct vendorban_sigset sigs;
	struct vendorban_pkcs7 pool[VENDORBAN_MAX_MSGS];
	struct vendorban_match match;
	u8 sha256[VENDORBAN_SHA256_LEN];
};

static struct vendorban_memimage *vendorban_memimage;
static DEFINE_SPINLOCK(vendorban_memimage_lock);

/**
 * vendorban_memimage_init() - make room to judge module images from memory
 *
 * For the loadable form (vendorban_check_memory_module()).
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOMEM.
 */
int vendorban_memimage_init(void)
{
	vendorban_memimage = vzalloc(sizeof(*vendorban_memimage));
	return vendorban_memimage ? 0 : -ENOMEM;
}

/**
 * vendorban_memimage_exit() - free what vendorban_memimage_init() made
 *
 * Context: process context, once no BPF program can call
 * vendorban_check_memory_module() any more.
 */
void vendorban_memimage_exit(void)
{
	vfree(vendorban_memimage);
	vendorban_memimage = NULL;
}

/*
 * A prover that cannot prove: checking a signature may sleep (the kernel's
 * public key code allocates with GFP_KERNEL).  Only called for an
 * "allow cert" candidate whose signature covers the image, before any
 * rule decided: without the proof the verdict is not known.
 */
static int cannot_prove(void *ctx, const struct vendorban_candidate *c,
			const struct vendorban_rule *rule, const u8 *digest)
{
	*(bool *)ctx = true;
	return -EWOULDBLOCK;
}

/*
 * Judges @buf by its signatures and the rules, as vendorban_check() judges
 * a module file, without sleeping.  Returns false where that cannot be
 * done here: a compressed image (its signatures are inside the compressed
 * data), an image larger than %VENDORBAN_MODIMAGE_MAX when the policy has
 * file-sha256 rules, or an "allow cert" rule that needs a proof before
 * the rule that decided; then memory-modules decides.
 */
static bool judge_image(struct vendorban_memimage *mi, const u8 *buf,
			size_t size, struct vendorban_decision *d)
{
	struct vendorban_file_facts facts = { };
	bool unproven = false;
	const struct vendorban_prover prover = {
		.verify = cannot_prove, .ctx = &unproven,
	};
	struct vendorban_verdict v;

	if (vendorban_comp_detect(buf, size) != VENDORBAN_COMP_NONE)
		return false;
	if (d->policy->has_file_hash_rules) {
		if (size > VENDORBAN_MODIMAGE_MAX)
			return false;
		sha256(buf, size, mi->sha256);
		facts.file_sha256 = mi->sha256;
	}
	vendorban_sigset_gather_mem(&mi->sigs, buf, size, mi->pool);
	/* no pe_verify: an Authenticode proof would need the PE digest */
	vendorban_sigset_facts(&mi->sigs, &facts);
	d->sig_state = facts.state;
	if (facts.nr_msgs) {
		d->msg = mi->sigs.msgs[0];
		d->signer = 0;
	}
	vendorban_policy_match_atomic(d->policy, &facts, &mi->match);
	vendorban_policy_pick(d->policy, &facts, &mi->match, &prover, &v);
	if (unproven)
		return false;
	take_verdict(&mi->sigs, &mi->match, &v, d);
	return true;
}

/**
 * vendorban_check_memory_module() - may a module image from memory load?
 * @buf: the image init_module() copied from user memory
 * @size: its length
 *
 * For the loadable form, whose BPF LSM program on kernel_post_load_data
 * may not sleep: the image is judged by its signatures and the rules like
 * a module file (a deny or audit rule needs no proof), except what cannot
 * be decided without sleeping (see judge_image()), which the policy's
 * memory-modules setting decides, with reason "memory-module".  The
 * built-in form judges every image with vendorban_check() and never calls
 * this.
 *
 * Context: any, does not sleep or allocate (the audit record is
 * allocated with GFP_ATOMIC, and dropped if that fails); from a
 * non-sleepable BPF program (RCU read side: the policy cannot be freed
 * under it).  The work is bounded by the limits of kmod/lib/sigset.c and
 * of the matcher, plus one SHA-256 of the image if the policy has
 * file-sha256 rules.
 * Return: 0 or -EACCES.
 */
int vendorban_check_memory_module(const u8 *buf, size_t size)
{
	struct vendorban_decision d = {
		.op = VENDORBAN_OP_MODULE, .signer = -1, .atomic = true,
	};
	struct vendorban_trust_facts tf = { .unread = VENDORBAN_UNREAD_MEMORY };
	struct vendorban_subject subj = { };
	struct vendorban_active *active;
	struct vendorban_verdict v;
	int ret;

	active = vendorban_get_active();
	if (!active)
		return 0;
	d.policy = active->policy;
	d.counts = active->counts;
	d.enforcing = vendorban_enforcing();
	/* a second image waits: the workspace is never a way around a ban */
	spin_lock(&vendorban_memimage_lock);
	if (vendorban_memimage &&
	    judge_image(vendorban_memimage, buf, size, &d)) {
		/* the record names the signer: it points into the workspace */
		ret = conclude(&subj, &d);
	} else {
		d.rule = NULL;
		d.msg = NULL;
		d.signer = -1;
		vendorban_policy_settle(d.policy, &tf, &v);
		ret = conclude_settled(&subj, &d, &v);
	}
	spin_unlock(&vendorban_memimage_lock);
	vendorban_put_active(active);
	return ret;
}
