/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the policy in force, the mode and the decision counters
 */

#ifndef _SECURITY_VENDORBAN_STATE_H
#define _SECURITY_VENDORBAN_STATE_H

#include <linux/refcount.h>
#include <linux/types.h>

#include "lib/policy.h"

struct key;
struct vendorban_counts;

/**
 * struct vendorban_active - a loaded policy, shared by the checks using it
 * @usage: references; the active pointer holds one, each check one more
 * @policy: the parsed policy, immutable once published
 * @keyring: private keyring holding the public keys of the policy's
 *           certificates (NULL when the policy has no cert rule); each
 *           cert rule's @key points into it
 * @generation: number of this load since boot (from 1); cached decisions
 *              made under another generation are stale
 * @counts: the hit counters of the policy's rules (counts.c)
 * @is_signed: the policy came in a PKCS#7 message signed by a trusted key
 *
 * Published through an RCU pointer.  A check takes a reference under
 * rcu_read_lock() and then works without RCU, so it may sleep (read the
 * file, verify a signature) while a new policy is swapped in.
 */
struct vendorban_active {
	refcount_t usage;
	struct vendorban_policy *policy;
	struct key *keyring;
	u64 generation;
	struct vendorban_counts *counts;
	bool is_signed;
};

/**
 * enum vendorban_counter - decision and policy counters shown in status
 * @VENDORBAN_CNT_ALLOWED: checks that let the file run without a record
 * @VENDORBAN_CNT_DENIED: enforced denials
 * @VENDORBAN_CNT_WOULD_DENY: audit-only rules and permissive-mode denials
 * @VENDORBAN_CNT_LOADS: policies loaded
 * @VENDORBAN_CNT_REJECTS: policies rejected
 * @VENDORBAN_CNT_CACHE_HITS: allows answered from the decision cache (also
 *                            counted in %VENDORBAN_CNT_ALLOWED)
 * @__VENDORBAN_CNT_MAX: number of counters
 */
enum vendorban_counter {
	VENDORBAN_CNT_ALLOWED,
	VENDORBAN_CNT_DENIED,
	VENDORBAN_CNT_WOULD_DENY,
	VENDORBAN_CNT_LOADS,
	VENDORBAN_CNT_REJECTS,
	VENDORBAN_CNT_CACHE_HITS,
	__VENDORBAN_CNT_MAX
};

struct vendorban_active *vendorban_get_active(void);
void vendorban_put_active(struct vendorban_active *active);
int vendorban_load_policy(const char *data, size_t len, bool builtin);

bool vendorban_enforcing(void);
int vendorban_set_enforcing(bool enforce);
bool vendorban_locked(void);
int vendorban_lock(bool force);
int vendorban_require_signed(void);
void vendorban_drop_policy(void);
void vendorban_last_error(char *buf, size_t size);

void vendorban_count(enum vendorban_counter counter);
u64 vendorban_counter_read(enum vendorban_counter counter);

#endif /* _SECURITY_VENDORBAN_STATE_H */
