/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the decision: may this file run?
 */

#ifndef _SECURITY_VENDORBAN_DECIDE_H
#define _SECURITY_VENDORBAN_DECIDE_H

#include <linux/fs.h>
#include <linux/mm_types.h>

#include "common.h"
#include "lib/policy.h"
#include "subject.h"

struct vendorban_counts;

/**
 * struct vendorban_decision - what was decided about one file, and why
 * @op: what the process tried to do
 * @action: the action that decided (of a rule, or the policy default)
 * @denied: the operation is refused
 * @enforcing: the mode at the time of the decision
 * @policy: the policy that decided
 * @counts: its hit counters (counts.c)
 * @rule: the rule that decided, or NULL when the default did
 * @sig_state: whether the file was signed, unsigned or malformed
 * @msg: the parsed signature whose signer is reported (the one the deciding
 *       rule matched, else the first), or NULL
 * @signer: index of that signer in @msg, or -1
 * @reason: why no rule could be consulted (e.g. an mprotect with no cached
 *          allow), or NULL
 * @atomic: decided where auditing must not sleep or wait (mprotect, under
 *          the mmap lock)
 * @content: for a decision by the rules that is logged, what identifies
 *           the bytes judged (audit.c's repeat key): a hash of the file's
 *           first page and of @signer's signature value; else 0
 */
struct vendorban_decision {
	enum vendorban_op op;
	enum vendorban_action action;
	bool denied;
	bool enforcing;
	const struct vendorban_policy *policy;
	struct vendorban_counts *counts;
	const struct vendorban_rule *rule;
	enum vendorban_sig_state sig_state;
	const struct vendorban_pkcs7 *msg;
	int signer;
	const char *reason;
	bool atomic;
	u32 content;
};

int vendorban_check(const struct vendorban_subject *subj,
		    enum vendorban_op op);
int vendorban_check_file(struct file *file, enum vendorban_op op);
int vendorban_check_mmap(struct file *file, unsigned long prot,
			 const struct inode *exec_inode);
int vendorban_check_mprotect(struct vm_area_struct *vma, unsigned long prot);
int vendorban_check_module_read(struct file *file);
int vendorban_check_memory_module(const u8 *buf, size_t size);
int vendorban_memimage_init(void);
void vendorban_memimage_exit(void);

#endif /* _SECURITY_VENDORBAN_DECIDE_H */
