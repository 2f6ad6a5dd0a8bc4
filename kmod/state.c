// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the policy in force, the mode and the decision counters
 *
 * One policy is in force at a time.  Loading parses the text into a new
 * policy, loads the public keys of its certificates into a private keyring,
 * and only then replaces the old policy, so a rejected policy leaves the old
 * one untouched.
 */

#include "common.h"

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "audit.h"
#include "counts.h"
#include "form.h"
#include "lib/selector.h"
#include "policy_sig.h"
#include "state.h"

static struct vendorban_active __rcu *vendorban_active_policy;
/* Serialises policy loads, mode changes and locking. */
static DEFINE_MUTEX(vendorban_state_lock);

/*
 * Per CPU: every exec adds one to a counter, and a counter shared by all
 * CPUs would move its cache line between them at each exec.
 */
struct vendorban_counters {
	u64 n[__VENDORBAN_CNT_MAX];
};

static DEFINE_PER_CPU(struct vendorban_counters, vendorban_counters);
/* The last policy generation handed out; under vendorban_state_lock. */
static u64 vendorban_generation;
/* Why the last rejected policy was rejected; under vendorban_state_lock. */
static struct vendorban_parse_error vendorban_last_rejection;
static bool vendorban_rejected_once;

/* vendorban.enforce=0 on the command line boots in permissive mode. */
static bool enforce = true;
module_param(enforce, bool, 0400);
MODULE_PARM_DESC(enforce, "Start in enforce mode (1, default) or permissive mode (0)");

/*
 * vendorban.lock=1 locks the state as soon as a policy is in force (at
 * once with a compiled-in boot policy): from then on, until reboot, neither
 * the policy nor the mode can change.  As a write to the lock file, it is
 * refused while the form decides on less than it can (the module form
 * before its BPF LSM programs are attached); each later load tries again.
 * Written under vendorban_state_lock.
 */
static bool lock;
module_param(lock, bool, 0400);
MODULE_PARM_DESC(lock, "Lock policy and mode once a policy is loaded (until reboot)");
static bool vendorban_is_locked;

/**
 * vendorban_get_active() - take a reference on the policy in force
 *
 * Context: any process context; takes and releases rcu_read_lock().
 * Return: the policy with a reference the caller must drop with
 * vendorban_put_active(), or NULL when no policy is loaded.
 */
struct vendorban_active *vendorban_get_active(void)
{
	struct vendorban_active *active;

	rcu_read_lock();
	active = rcu_dereference(vendorban_active_policy);
	if (active && !refcount_inc_not_zero(&active->usage))
		active = NULL;
	rcu_read_unlock();
	return active;
}

static void release_rule_keys(struct vendorban_policy *policy)
{
	unsigned int i;

	for (i = 0; i < policy->nr_rules; i++) {
		key_put(policy->rules[i].key);
		policy->rules[i].key = NULL;
	}
}

static void free_active(struct vendorban_active *active)
{
	if (active->policy)
		release_rule_keys(active->policy);
	vendorban_policy_free(active->policy);
	vendorban_counts_free(active->counts);
	key_put(active->keyring);
	kfree(active);
}

/**
 * vendorban_put_active() - drop a reference taken by vendorban_get_active()
 * @active: the policy, or NULL
 *
 * Context: process context; may free the policy.
 */
void vendorban_put_active(struct vendorban_active *active)
{
	if (active && refcount_dec_and_test(&active->usage))
		free_active(active);
}

static int attach_rule_key(struct key *keyring, struct vendorban_rule *rule)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(keyring, true), "asymmetric",
				   NULL, rule->value, rule->value_len,
				   (KEY_POS_ALL & ~KEY_POS_SETATTR) |
				   KEY_USR_VIEW | KEY_USR_READ,
				   KEY_ALLOC_NOT_IN_QUOTA);
	if (IS_ERR(ref))
		return PTR_ERR(ref);
	rule->key = key_ref_to_ptr(ref);
	return 0;
}

/*
 * Loads the public key of every allow-cert rule with the kernel's own X.509
 * parser, so that verification uses the same key handling as module
 * signatures.  Deny rules need no key: they match on claimed identities.
 */
static int attach_keys(struct vendorban_active *active,
		       struct vendorban_parse_error *err)
{
	struct vendorban_policy *policy = active->policy;
	struct key *keyring;
	unsigned int i;
	int ret;

	for (i = 0; i < policy->nr_rules; i++) {
		struct vendorban_rule *rule = &policy->rules[i];

		if (!vendorban_rule_needs_proof(rule))
			continue;
		if (!active->keyring) {
			keyring = keyring_alloc(".vendorban", GLOBAL_ROOT_UID,
						GLOBAL_ROOT_GID, current_cred(),
						(KEY_POS_ALL & ~KEY_POS_SETATTR) |
						KEY_USR_VIEW | KEY_USR_READ,
						KEY_ALLOC_NOT_IN_QUOTA, NULL,
						NULL);
			if (IS_ERR(keyring))
				return PTR_ERR(keyring);
			active->keyring = keyring;
		}
		ret = attach_rule_key(active->keyring, rule);
		if (ret) {
			err->line = rule->line;
			err->column = 0;
			snprintf(err->reason, sizeof(err->reason),
				 "the kernel cannot use this certificate's key (error %d)",
				 ret);
			return ret == -ENOMEM ? ret : -EINVAL;
		}
	}
	return 0;
}

static struct vendorban_active *
new_active(const char *text, size_t len, struct vendorban_parse_error *err)
{
	struct vendorban_active *active;
	int ret;

	active = kzalloc(sizeof(*active), GFP_KERNEL);
	if (!active)
		return ERR_PTR(-ENOMEM);
	refcount_set(&active->usage, 1);
	/* the canonical text is rendered when read (fs.c), not kept */
	ret = vendorban_policy_parse_flags(text, len, VENDORBAN_PARSE_NO_TEXT,
					   &active->policy, err);
	if (!ret)
		ret = attach_keys(active, err);
	if (!ret) {
		active->counts = vendorban_counts_alloc(active->policy->nr_rules);
		if (!active->counts) {
			snprintf(err->reason, sizeof(err->reason),
				 "out of memory for the rule counters");
			ret = -ENOMEM;
		}
	}
	if (ret) {
		free_active(active);
		return ERR_PTR(ret);
	}
	return active;
}

/* Logs, records and audits a refused policy; the old one stays in force. */
static void note_rejection(const struct vendorban_active *old, int ret,
			   struct vendorban_parse_error *err)
{
	if (ret == -E2BIG)
		snprintf(err->reason, sizeof(err->reason),
			 "policy larger than %u bytes", VENDORBAN_POLICY_MAX_SIZE);
	pr_warn("policy rejected: line %u, column %u: %s\n",
		err->line, err->column, err->reason);
	vendorban_last_rejection = *err;
	vendorban_rejected_once = true;
	vendorban_audit_policy_load(old ? old->policy : NULL, NULL, err);
	vendorban_count(VENDORBAN_CNT_REJECTS);
}

/*
 * Once signatures are required, a policy must be signed by a trusted key
 * (or compiled into the kernel), and its version may not be lower than the
 * one in force, so that an old signed policy cannot replace a newer one.
 */
static int check_admission(const struct vendorban_active *new,
			   const struct vendorban_active *old, bool trusted,
			   struct vendorban_parse_error *err)
{
	if (!vendorban_policy_sig_required())
		return 0;
	if (!trusted) {
		snprintf(err->reason, sizeof(err->reason),
			 "signatures are required and the policy is not signed");
		return -EKEYREJECTED;
	}
	if (old && new->policy->version < old->policy->version) {
		snprintf(err->reason, sizeof(err->reason),
			 "version %u is lower than version %u in force",
			 new->policy->version, old->policy->version);
		return -EINVAL;
	}
	return 0;
}

/*
 * Lock, unless the form decides on less than it can (the module form
 * before its BPF LSM programs are in force) and @force is not set: then
 * the refusal is audited and logged.  Context: vendorban_state_lock, not
 * locked.
 */
static int lock_state(bool force)
{
	if (!force && !vendorban_form_complete()) {
		vendorban_audit_lock(false, false);
		pr_warn("lock refused: the mechanism is incomplete (see status); attach it, or force the lock\n");
		return -EBUSY;
	}
	WRITE_ONCE(vendorban_is_locked, true);
	vendorban_form()->pin();
	vendorban_audit_lock(true, !vendorban_form_complete());
	pr_info("policy and mode locked until reboot%s\n",
		vendorban_form_complete() ? "" :
		" (forced: the mechanism is incomplete)");
	return 0;
}

/**
 * vendorban_load_policy() - put a policy in force
 * @data: the policy text, or a signed policy (a PKCS#7 message holding the
 *        text; see policy_sig.c); need not be NUL-terminated
 * @len: its length
 * @builtin: @data was compiled into the kernel (needs no signature)
 *
 * The old policy stays in force unless the new one is admitted (signed by
 * a trusted key and not older, when signatures are required), fully
 * parsed and its keys loaded.  Every attempt is audited and rejections are
 * logged with the line, column and reason.
 *
 * Context: process context, may sleep; takes vendorban_state_lock.
 * Return: 0 on success, -EINVAL if the text is rejected or its version is
 * lower than the one in force (signatures required), -EKEYREJECTED if a
 * signature does not verify or signatures are required and there is none,
 * -E2BIG if it is too large, -ENOMEM on allocation failure, -EPERM if the
 * state is locked.
 */
int vendorban_load_policy(const char *data, size_t len, bool builtin)
{
	struct vendorban_parse_error err = {};
	struct vendorban_active *new, *old;
	struct vendorban_policy_blob blob;
	int ret;

	ret = vendorban_policy_unwrap(data, len, &blob, &err);
	new = ret ? ERR_PTR(ret) : new_active(blob.text, blob.len, &err);
	mutex_lock(&vendorban_state_lock);
	old = rcu_dereference_protected(vendorban_active_policy,
					lockdep_is_held(&vendorban_state_lock));
	ret = IS_ERR(new) ? PTR_ERR(new) :
	      check_admission(new, old, builtin || blob.is_signed, &err);
	if (ret) {
		note_rejection(old, ret, &err);
		goto out_unlock;
	}
	if (vendorban_is_locked) {
		ret = -EPERM;
		goto out_unlock;
	}
	new->is_signed = blob.is_signed;
	new->generation = ++vendorban_generation;
	vendorban_count(VENDORBAN_CNT_LOADS);
	rcu_assign_pointer(vendorban_active_policy, new);
	vendorban_audit_policy_load(old ? old->policy : NULL, new->policy,
				    NULL);
	if (lock && !vendorban_is_locked)
		lock_state(false);
	/* Under the lock: once it is released, a next load may free @new. */
	pr_info("policy %s version %u loaded (%u rules%s)\n",
		new->policy->name, new->policy->version,
		new->policy->nr_rules, new->is_signed ? ", signed" : "");
	mutex_unlock(&vendorban_state_lock);

	/* No reader can still be between rcu_dereference() and its get. */
	synchronize_rcu();
	vendorban_put_active(old);
	return 0;

out_unlock:
	mutex_unlock(&vendorban_state_lock);
	if (!IS_ERR(new))
		vendorban_put_active(new);
	return ret;
}

/**
 * vendorban_drop_policy() - take the policy out of force (module unload)
 *
 * Context: process context, may sleep.
 */
void vendorban_drop_policy(void)
{
	struct vendorban_active *old;

	mutex_lock(&vendorban_state_lock);
	old = rcu_replace_pointer(vendorban_active_policy, NULL,
				  lockdep_is_held(&vendorban_state_lock));
	mutex_unlock(&vendorban_state_lock);
	synchronize_rcu();
	vendorban_put_active(old);
}

/**
 * vendorban_enforcing() - whether deny rules are enforced
 *
 * Return: true in enforce mode, false in permissive mode.
 */
bool vendorban_enforcing(void)
{
	return READ_ONCE(enforce);
}

/**
 * vendorban_set_enforcing() - switch between enforce and permissive mode
 * @new_enforce: true for enforce, false for permissive
 *
 * While signed policies are required (vendorban_policy_sig_required()),
 * permissive mode is refused: it would undo every ban without the
 * signing key that a policy change needs.  Such a refusal is audited.
 *
 * Context: process context; takes vendorban_state_lock.
 * Return: 0, or -EPERM if the state is locked or permissive mode is asked
 * for while signed policies are required.
 */
int vendorban_set_enforcing(bool new_enforce)
{
	bool old;
	int ret = 0;

	mutex_lock(&vendorban_state_lock);
	if (vendorban_is_locked) {
		ret = -EPERM;
		goto out_unlock;
	}
	old = enforce;
	if (!new_enforce && vendorban_policy_sig_required()) {
		vendorban_audit_mode(old, new_enforce, false);
		ret = -EPERM;
		goto out_unlock;
	}
	WRITE_ONCE(enforce, new_enforce);
	vendorban_audit_mode(old, new_enforce, true);
out_unlock:
	mutex_unlock(&vendorban_state_lock);
	return ret;
}

/**
 * vendorban_locked() - whether policy and mode are locked until reboot
 *
 * Return: true once locked.
 */
bool vendorban_locked(void)
{
	return READ_ONCE(vendorban_is_locked);
}

/**
 * vendorban_lock() - lock policy and mode until reboot
 * @force: lock even if the form decides on less than it can
 *
 * Context: process context; takes vendorban_state_lock.
 * Return: 0; -EPERM if already locked (locking is a change too); -EBUSY
 * if the form decides on less than it can (the module form without its
 * BPF LSM programs in force) and @force is not set (refused, audited).
 */
int vendorban_lock(bool force)
{
	int ret;

	mutex_lock(&vendorban_state_lock);
	ret = vendorban_is_locked ? -EPERM : lock_state(force);
	mutex_unlock(&vendorban_state_lock);
	return ret;
}

/**
 * vendorban_require_signed() - accept only signed policies until reboot
 *
 * The runtime form of vendorban.require_signed=1, one way: the module
 * form also stays loaded until reboot, as after lock.  Audited when it
 * changes something.
 *
 * Context: process context; takes vendorban_state_lock.
 * Return: 0 (also when signatures were already required), or -EPERM if the
 * state is locked.
 */
int vendorban_require_signed(void)
{
	int ret = 0;

	mutex_lock(&vendorban_state_lock);
	if (vendorban_is_locked) {
		ret = -EPERM;
	} else if (!vendorban_policy_sig_required()) {
		vendorban_policy_sig_require();
		if (vendorban_form()->stay)
			vendorban_form()->stay();
		vendorban_audit_require_signed();
		pr_info("only signed policies are accepted until reboot\n");
	}
	mutex_unlock(&vendorban_state_lock);
	return ret;
}

/**
 * vendorban_last_error() - why the last rejected policy was rejected
 * @buf: filled with "line L, column C: reason", or "none"
 * @size: size of @buf
 *
 * Context: process context; takes vendorban_state_lock.
 */
void vendorban_last_error(char *buf, size_t size)
{
	mutex_lock(&vendorban_state_lock);
	if (vendorban_rejected_once)
		snprintf(buf, size, "line %u, column %u: %s",
			 vendorban_last_rejection.line,
			 vendorban_last_rejection.column,
			 vendorban_last_rejection.reason);
	else
		strscpy(buf, "none", size);
	mutex_unlock(&vendorban_state_lock);
}

/**
 * vendorban_count() - add one to a counter
 * @counter: which
 *
 * Context: any.
 */
void vendorban_count(enum vendorban_counter counter)
{
	this_cpu_inc(vendorban_counters.n[counter]);
}

/**
 * vendorban_counter_read() - read a counter
 * @counter: which
 *
 * Context: any.
 * Return: its value, the sum over all CPUs.
 */
u64 vendorban_counter_read(enum vendorban_counter counter)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += per_cpu(vendorban_counters.n[counter], cpu);
	return total;
}
