/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the kernel's per-rule hit counters (securityfs rule_counts)
 */

#ifndef _VENDORBANCTL_RULECOUNTS_H
#define _VENDORBANCTL_RULECOUNTS_H

#include <stdbool.h>
#include <stddef.h>

/* The columns of a row, in the file's order. */
enum vb_hit {
	VB_HIT_DENY,
	VB_HIT_WOULD_DENY,
	VB_HIT_AUDIT,
	VB_HIT_ALLOW,
	VB_NR_HITS
};

extern const char *const vb_hit_names[VB_NR_HITS];

/**
 * struct vb_rule_count - one row: a rule, the default or "none"
 * @rule: the rule's line, "default" or "none"
 * @line: the rule's line as a number, 0 for "default" and "none"
 * @action: "deny", "audit", "allow", or "-" for "none"
 * @label: the rule's label, "" if none
 * @hits: the counts, indexed by enum vb_hit
 */
struct vb_rule_count {
	char rule[16];
	unsigned int line;
	char action[8];
	char label[72];
	unsigned long long hits[VB_NR_HITS];
};

/**
 * struct vb_rule_counts - the whole file
 * @policy: the policy's name ("" if no policy is in force)
 * @version: its version
 * @digest: "sha256:<hex>" of its text
 * @rows: the rows, in the file's order
 * @nr: their number
 */
struct vb_rule_counts {
	char policy[72];
	unsigned long version;
	char digest[80];
	struct vb_rule_count *rows;
	size_t nr;
};

int vb_rule_counts_parse(const char *text, struct vb_rule_counts *out);
int vb_rule_counts_read(struct vb_rule_counts *out);
void vb_rule_counts_free(struct vb_rule_counts *counts);

#endif /* _VENDORBANCTL_RULECOUNTS_H */
