/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - audit records counted as attempts, and summed up per
 * vendor, rule, file, user and node
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
 * @deny: enforced denials: attempts, not records (see vb_audit_sum_add())
 * @would_deny: would-deny attempts (audit rules, permissive mode)
 * @records: decision records counted
 * @suppressed: repeats the kernel counted instead of recording them
 *	(the sum of the records' suppressed=N; in @deny and @would_deny)
 * @duplicates: records of an attempt already counted (not in @deny)
 * @from_issuer: attempts whose vendor is named by the issuer (a
 *	signature without the signer's certificate)
 * @loads: policy loads accepted (res=1)
 * @rejects: policy loads rejected (res=0): tamper
 * @modes: mode changes
 * @locks: locks: tamper
 * @forced_unloads: rmmod -f refused after lock: tamper
 * @require_signed: signed policies switched on at run time: tamper
 * @refused: other refused changes (MAC_STATUS res=0): tamper
 * @tamper: all tamper events (@rejects + @locks + @forced_unloads +
 *	@require_signed + @refused)
 * @first_ms: time of the first record counted
 * @last_ms: time of the last record counted
 */
struct vb_audit_count {
	unsigned long deny, would_deny, records, suppressed, duplicates;
	unsigned long from_issuer;
	unsigned long loads, rejects, modes, locks, forced_unloads;
	unsigned long require_signed, refused, tamper;
	int64_t first_ms, last_ms;
};

/* The kinds of summary groups, in the order they are printed. */
enum vb_audit_group_kind {
	VB_GROUP_VENDOR,
	VB_GROUP_RULE,
	VB_GROUP_FILE,
	VB_GROUP_USER,
	VB_GROUP_NODE,
	VB_NR_GROUPS,
};

/**
 * struct vb_audit_group - one line of a summary
 * @key: the vendor, the rule ("POLICY:LINE LABEL"), the file, the user
 *	("UID AUID", or "userns:INUM AUID" for a container's summary) or
 *	the node ("" for none)
 * @attr: for a rule: policy, rule_line, label; for a user: uid,
 *	uid_name, auid, auid_name, userns, userns_root (each may be NULL)
 * @count: the counts
 * @nodes: except for a node, the attempts per node: key ->
 *	unsigned long *
 */
struct vb_audit_group {
	char *key;
	char *attr[6];
	struct vb_audit_count count;
	struct vb_strmap nodes;
};

/* The tamper events kept in full for the summary; more are counted. */
#define VB_AUDIT_TAMPER_KEPT	100

/**
 * struct vb_audit_sum - a summary
 * @total: everything counted
 * @groups: per kind, key -> struct vb_audit_group *
 * @tamper: the first VB_AUDIT_TAMPER_KEPT tamper records
 * @nr_tamper: how many of them
 */
struct vb_audit_sum {
	struct vb_audit_count total;
	struct vb_strmap groups[VB_NR_GROUPS];
	struct vb_audit_rec *tamper;
	size_t nr_tamper;
};

/**
 * struct vb_audit_join - recent decision records, to tell one attempt
 * logged twice from two attempts (vb_audit_join_check())
 * @event: the records of the latest event
 * @nr_event: how many
 * @modules: the latest module loads decided from a file, most recent last
 * @nr_modules: how many
 */
struct vb_audit_join {
	struct vb_audit_seen {
		uint64_t node, file, rule, signer;
		unsigned long serial, pid;
		int64_t ms;
		char op[16], decision[16];
		bool has_file, joined;
	} event[8], modules[32];
	unsigned int nr_event, nr_modules;
};

unsigned long vb_audit_join_check(struct vb_audit_join *j,
				  const struct vb_audit_rec *rec);
unsigned long vb_audit_attempts(const struct vb_audit_rec *rec,
				unsigned long same_as);
bool vb_audit_is_summary(const struct vb_audit_rec *rec);
int vb_audit_sum_add(struct vb_audit_sum *sum, const struct vb_audit_rec *rec,
		     const char *vendor, const char *vendor_from,
		     unsigned long same_as);
struct vb_audit_group **vb_audit_sum_list(const struct vb_strmap *map);
struct vb_strmap_entry **vb_strmap_sorted(const struct vb_strmap *map);
unsigned long vb_audit_count_attempts(const struct vb_audit_count *c);
unsigned long vb_audit_count_events(const struct vb_audit_count *c);
void vb_audit_sum_free(struct vb_audit_sum *sum);

#endif /* _VENDORBANCTL_AUDITSUM_H */
