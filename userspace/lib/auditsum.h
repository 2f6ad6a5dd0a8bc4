/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - audit records summed up per vendor, rule and node
 */

#ifndef _VENDORBANCTL_AUDITSUM_H
#define _VENDORBANCTL_AUDITSUM_H

#include <stddef.h>
#include <stdint.h>

#include "auditlog.h"

/**
 * struct vb_strmap - a hash table from strings to pointers
 * @e: the slots (key NULL when free)
 * @cap: number of slots, a power of two (0 before the first insertion)
 * @len: number of keys
 */
struct vb_strmap {
	struct vb_strmap_entry {
		char *key;
		void *val;
	} *e;
	size_t cap, len;
};

/**
 * struct vb_audit_count - how often, and when
 * @deny: enforced denials
 * @would_deny: would-deny records (audit rules, permissive mode)
 * @loads: policy loads accepted (res=1)
 * @rejects: policy loads rejected (res=0)
 * @modes: mode changes
 * @locks: locks
 * @first_ms: time of the first record counted
 * @last_ms: time of the last record counted
 */
struct vb_audit_count {
	unsigned long deny, would_deny, loads, rejects, modes, locks;
	int64_t first_ms, last_ms;
};

/**
 * struct vb_audit_group - one line of a summary
 * @key: the vendor, the rule ("POLICY:LINE LABEL") or the node ("" for none)
 * @policy: for a rule, its policy's name
 * @line: for a rule, its line or "default"/"none"
 * @label: for a rule, its label or NULL
 * @count: the counts
 * @nodes: for a vendor or a rule, the nodes: key -> unsigned long *
 */
struct vb_audit_group {
	char *key;
	char *policy, *line, *label;
	struct vb_audit_count count;
	struct vb_strmap nodes;
};

/**
 * struct vb_audit_sum - a summary
 * @total: everything counted
 * @vendors: vendor -> struct vb_audit_group *
 * @rules: rule key -> struct vb_audit_group *
 * @nodes: node -> struct vb_audit_group *
 */
struct vb_audit_sum {
	struct vb_audit_count total;
	struct vb_strmap vendors, rules, nodes;
};

int vb_audit_sum_add(struct vb_audit_sum *sum, const struct vb_audit_rec *rec,
		     const char *vendor);
struct vb_audit_group **vb_audit_sum_list(const struct vb_strmap *map);
struct vb_strmap_entry **vb_strmap_sorted(const struct vb_strmap *map);
void vb_audit_sum_free(struct vb_audit_sum *sum);

#endif /* _VENDORBANCTL_AUDITSUM_H */
