/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - audit records
 */

#ifndef _SECURITY_VENDORBAN_AUDIT_H
#define _SECURITY_VENDORBAN_AUDIT_H

#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/uidgid.h>

#include "decide.h"
#include "lib/policy.h"

/* Repeats of one denial within this time of its record are only counted. */
#define VENDORBAN_AUDIT_REPEAT_WINDOW (5 * HZ)

/**
 * struct vendorban_account - who a record counts against
 * @uid: a real uid; for a container root made, the host uid its root maps
 *       to (INVALID_UID if none), shown in its summary only
 * @userns: for a container root made, the inode number of its outermost
 *          user namespace (what /proc/PID/ns/user and lsns show), else 0
 */
struct vendorban_account {
	kuid_t uid;
	unsigned int userns;
};

void vendorban_audit_account(struct vendorban_account *acct);
void vendorban_audit_suspicions(const struct vendorban_account *acct,
				unsigned int records, unsigned int bound);
void vendorban_audit_decision(struct file *file,
			      const struct vendorban_decision *decision);
void vendorban_audit_policy_load(const struct vendorban_policy *old,
				 const struct vendorban_policy *new,
				 const struct vendorban_parse_error *err);
void vendorban_audit_mode(bool old_enforce, bool new_enforce, bool done);
void vendorban_audit_lock(bool locked, bool forced);
void vendorban_audit_bpf_attach(const char *prog, unsigned int held, int err);
void vendorban_audit_bpf_release(unsigned int held, int err);
void vendorban_audit_require_signed(void);
void vendorban_audit_forced_unload(bool locked, bool require_signed);
struct vendorban_subuids_error;
void vendorban_audit_subuids(unsigned int nr,
			     const struct vendorban_subuids_error *err);
u64 vendorban_audit_suppressed(void);

#endif /* _SECURITY_VENDORBAN_AUDIT_H */
