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
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "audit.h"
#include "cache.h"
#include "decide.h"
#include "facts.h"
#include "state.h"
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
	const struct vendorban_candidate *c;
	struct vendorban_verdict v;

	vendorban_policy_pick(d->policy, &ev->facts, match, &prover, &v);
	d->action = v.action;
	d->reason = v.reason;
	if (v.cand < 0)
		return;
	c = &match->c[v.cand];
	d->rule = &d->policy->rules[c->rule];
	if (c->msg >= 0) {
		d->msg = ev->sigs.msgs[c->msg];
		d->signer = c->signer;
	}
}

static int conclude(const struct vendorban_subject *subj,
		    struct vendorban_decision *d)
{
	switch (d->action) {
	case VENDORBAN_ACTION_ALLOW:
		vendorban_count(VENDORBAN_CNT_ALLOWED);
		return 0;
	case VENDORBAN_ACTION_DENY:
		d->denied = d->enforcing;
		break;
	case VENDORBAN_ACTION_AUDIT:
		d->denied = false;
		break;
	}
	vendorban_count(d->denied ? VENDORBAN_CNT_DENIED :
			VENDORBAN_CNT_WOULD_DENY);
	vendorban_audit_decision(subj->file, d);
	return d->denied ? -EACCES : 0;
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
	ret = vendorban_gather_evidence(subj, d->policy, ev);
	if (ret)
		goto out;

	d->sig_state = ev->facts.state;
	if (ev->facts.nr_msgs) {
		d->msg = ev->sigs.msgs[0];
		d->signer = 0;
	}
	vendorban_policy_match(d->policy, &ev->facts, match);
	pick_rule(subj, ev, match, d);
	ret = conclude(subj, d);
	vendorban_release_evidence(ev);
out:
	kvfree(match);
	kfree(ev);
	return ret;
}

/*
 * An unsealed memfd: whoever holds one of its descriptors may write to it
 * at any time, and memfd_create() does not count it as open for writing.
 * memfd_fcntl(F_GET_SEALS) is not exported to modules, but the seals of a
 * shmem inode are a field of it (seals are only ever added).  A memfd is
 * a shmem file whose dentry is a lone pseudo dentry (its own parent) named
 * "memfd:..." by memfd_create(); a tmpfs file of that name has a parent.  A memfd of
 * hugetlbfs is not recognised: see docs/policy-format.md.
 */
static bool unsealed_memfd(struct file *file)
{
	const struct dentry *dentry = file->f_path.dentry;
	unsigned int seals;

	if (!shmem_file(file) || !IS_ROOT(dentry) ||
	    strncmp(dentry->d_name.name, "memfd:", 6))
		return false;
	seals = READ_ONCE(SHMEM_I(file_inode(file))->seals);
	if (seals & F_SEAL_WRITE)
		return false;
	/* F_SEAL_FUTURE_WRITE leaves the writable mappings made before it */
	return !(seals & F_SEAL_FUTURE_WRITE) ||
	       mapping_writably_mapped(file->f_mapping);
}

/*
 * "writable deny|audit": a file whose content can still change after the
 * check is decided by that setting alone, before the cache and the rules.
 * Returns true if it decided (*ret is then the answer).
 */
static bool decide_writable(const struct vendorban_subject *subj,
			    struct vendorban_decision *d, int *ret)
{
	struct file *file = subj->file;

	if (!file || d->policy->writable_action == VENDORBAN_ACTION_ALLOW)
		return false;
	if (!inode_is_open_for_write(file_inode(file)) &&
	    !unsealed_memfd(file))
		return false;
	d->action = d->policy->writable_action;
	d->reason = "writable";
	d->sig_state = VENDORBAN_SIG_NONE;
	*ret = conclude(subj, d);
	return true;
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
	struct vendorban_active *active;
	bool cacheable = false;
	u64 iversion = 0;
	int ret;

	active = vendorban_get_active();
	if (!active)
		return 0;
	d.policy = active->policy;
	d.enforcing = vendorban_enforcing();
	if (decide_writable(subj, &d, &ret)) {
		vendorban_put_active(active);
		return ret;
	}
	if (inode && vendorban_cache_allowed(inode, active->generation)) {
		vendorban_count(VENDORBAN_CNT_ALLOWED);
		vendorban_put_active(active);
		return 0;
	}
	if (inode)
		cacheable = vendorban_cache_sample(inode, &iversion);

	ret = decide(subj, &d);
	/* Only silent allows are cached: they do not depend on the mode. */
	if (!ret && cacheable && d.action == VENDORBAN_ACTION_ALLOW)
		vendorban_cache_store_allowed(inode, active->generation,
					      iversion);
	vendorban_put_active(active);
	return ret;
}

/**
 * vendorban_check_file() - vendorban_check() for an open file
 * @file: the file, open for reading
 * @op: what the process is trying to do with it
 *
 * Context: process context, may sleep.
 * Return: as vendorban_check().
 */
int vendorban_check_file(struct file *file, enum vendorban_op op)
{
	struct vendorban_subject subj = {
		.file = file,
		.size = i_size_read(file_inode(file)),
	};

	return vendorban_check(&subj, op);
}

/**
 * vendorban_check_mprotect() - may a file mapping become executable?
 * @vma: the mapping, of a file
 *
 * Runs under the mmap lock, where reading the file could deadlock, so only
 * the cache is consulted: without a cached allow for the current policy the
 * change is refused (fail closed).  A file mapped executable through mmap()
 * was checked then and is normally cached.
 *
 * Context: process context, mmap lock held for writing; does not read the
 * file.
 * Return: 0 or -EACCES.
 */
int vendorban_check_mprotect(struct vm_area_struct *vma)
{
	struct vendorban_decision d = {
		.op = VENDORBAN_OP_MPROTECT,
		.signer = -1,
		.action = VENDORBAN_ACTION_DENY,
		.reason = "no-cached-allow",
	};
	struct vendorban_subject subj = { .file = vma->vm_file };
	struct vendorban_active *active;
	int ret = 0;

	active = vendorban_get_active();
	if (!active)
		return 0;
	if (vendorban_cache_allowed(file_inode(vma->vm_file),
				    active->generation)) {
		vendorban_count(VENDORBAN_CNT_ALLOWED);
	} else {
		d.policy = active->policy;
		d.enforcing = vendorban_enforcing();
		d.sig_state = VENDORBAN_SIG_NONE;
		ret = conclude(&subj, &d);
	}
	vendorban_put_active(active);
	return ret;
}
