// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - what the policy's settings decide before the rules
 *
 * The writable, unverifiable, userns-mounts and memory-modules settings,
 * and the rules for the decisions made without reading the file (an
 * mprotect(PROT_EXEC), a module the kernel read after the check, a module
 * image from memory), applied to facts measured once per decision
 * (&struct vendorban_trust_facts).  The kernel (kmod/decide.c) and
 * vendorbanctl's test and scan (userspace/lib/decide.c) both call
 * vendorban_policy_settle() first and walk the rules
 * (vendorban_policy_pick()) only when it did not decide, so the tool
 * predicts these verdicts as the kernel gives them.
 */

#include "compat.h"

#include <linux/magic.h>

#include "policy.h"

/**
 * vendorban_fs_magic_unverifiable() - may a filesystem lie to vendorban?
 * @magic: the filesystem's magic number (&super_block.s_magic, or
 *         statfs()'s f_type)
 *
 * Network filesystems and FUSE: their server decides what each read
 * returns, so the bytes vendorban reads need not be the bytes the loader
 * maps.  (FUSE is also the only filesystem of 6.1 and 6.12 that sets
 * SB_I_IMA_UNVERIFIABLE_SIGNATURE or SB_I_UNTRUSTED_MOUNTER, which the
 * kernel checks too.)
 *
 * Return: true for such a filesystem.
 */
bool vendorban_fs_magic_unverifiable(unsigned long magic)
{
	switch (magic) {
	case NFS_SUPER_MAGIC:
	case SMB_SUPER_MAGIC:
	case CIFS_SUPER_MAGIC:
	case SMB2_SUPER_MAGIC:
	case V9FS_MAGIC:
	case CEPH_SUPER_MAGIC:
	case AFS_FS_MAGIC:
	case AFS_SUPER_MAGIC:
	case CODA_SUPER_MAGIC:
	case FUSE_SUPER_MAGIC:
		return true;
	}
	return false;
}

/* A decision made by @action for @reason, no rule. */
static bool settled(struct vendorban_verdict *v, enum vendorban_action action,
		    const char *reason)
{
	v->cand = -1;
	v->action = action;
	v->reason = reason;
	return true;
}

/* The decisions made without reading the file. */
static bool settle_unread(const struct vendorban_policy *policy,
			  enum vendorban_unread unread,
			  struct vendorban_verdict *v)
{
	switch (unread) {
	case VENDORBAN_UNREAD_NO_CACHE:
		return settled(v, VENDORBAN_ACTION_DENY, "no-cached-allow");
	case VENDORBAN_UNREAD_UNPINNED:
		return settled(v, VENDORBAN_ACTION_DENY, "writable");
	case VENDORBAN_UNREAD_STALE:
		return settled(v, policy->writable_action, "writable");
	case VENDORBAN_UNREAD_MEMORY:
		return settled(v, policy->memory_module_action,
			       "memory-module");
	case VENDORBAN_READ:
		break;
	}
	return false;
}

/* A setting other than "allow" decides alone for a file the fact holds of. */
static bool setting(enum vendorban_action action, enum vendorban_fact fact)
{
	return action != VENDORBAN_ACTION_ALLOW && fact == VENDORBAN_FACT_YES;
}

/**
 * vendorban_policy_settle() - what the policy's settings decide
 * @policy: the policy
 * @tf: the facts about the file, measured once for this decision
 * @v: the verdict, when a setting decided (&vendorban_verdict.cand is -1,
 *     &vendorban_verdict.reason says which)
 *
 * A file decided without reading it (@tf->unread) is decided here.  Else,
 * in this order, a writable file, a file on an unverifiable filesystem
 * and a file on a filesystem mounted in a user namespace are decided by
 * the policy's writable, unverifiable and userns-mounts settings, unless
 * the setting is "allow": then the next fact is looked at, and at last
 * the rules decide.  A fact not known (%VENDORBAN_FACT_UNKNOWN) counts as
 * not holding; vendorban_policy_unknown() tells which mattered.
 *
 * Context: any; does not sleep or allocate.
 * Return: true if a setting decided (@v holds the verdict), false if the
 * rules decide (vendorban_policy_match(), vendorban_policy_pick()).
 */
bool vendorban_policy_settle(const struct vendorban_policy *policy,
			     const struct vendorban_trust_facts *tf,
			     struct vendorban_verdict *v)
{
	if (settle_unread(policy, tf->unread, v))
		return true;
	if (setting(policy->writable_action, tf->writable))
		return settled(v, policy->writable_action, "writable");
	if (setting(policy->unverifiable_action, tf->unverifiable))
		return settled(v, policy->unverifiable_action, "unverifiable");
	if (setting(policy->userns_mount_action, tf->userns_mount))
		return settled(v, policy->userns_mount_action, "userns-mount");
	return false;
}

/* @bit if @fact is not known and its setting @action would decide. */
static unsigned int unknown_bit(enum vendorban_action action,
				enum vendorban_fact fact, unsigned int bit)
{
	return action != VENDORBAN_ACTION_ALLOW &&
	       fact == VENDORBAN_FACT_UNKNOWN ? bit : 0;
}

/**
 * vendorban_policy_unknown() - the unknown facts a verdict depends on
 * @policy: the policy
 * @tf: the facts, as given to vendorban_policy_settle()
 *
 * Return: a mask of %VENDORBAN_UNKNOWN_WRITABLE,
 * %VENDORBAN_UNKNOWN_UNVERIFIABLE and %VENDORBAN_UNKNOWN_USERNS_MOUNT: the
 * facts not known whose setting would have decided, had the fact held,
 * before the setting that did decide (if one did); 0 when the verdict
 * does not depend on anything unknown.
 */
unsigned int vendorban_policy_unknown(const struct vendorban_policy *policy,
				      const struct vendorban_trust_facts *tf)
{
	unsigned int mask;

	if (tf->unread != VENDORBAN_READ)
		return 0;
	mask = unknown_bit(policy->writable_action, tf->writable,
			   VENDORBAN_UNKNOWN_WRITABLE);
	if (setting(policy->writable_action, tf->writable))
		return mask;
	mask |= unknown_bit(policy->unverifiable_action, tf->unverifiable,
			    VENDORBAN_UNKNOWN_UNVERIFIABLE);
	if (setting(policy->unverifiable_action, tf->unverifiable))
		return mask;
	return mask | unknown_bit(policy->userns_mount_action,
				  tf->userns_mount,
				  VENDORBAN_UNKNOWN_USERNS_MOUNT);
}
