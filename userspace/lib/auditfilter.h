/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - which audit records an auditor asked for
 */

#ifndef _VENDORBANCTL_AUDITFILTER_H
#define _VENDORBANCTL_AUDITFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auditlog.h"

/**
 * struct vb_audit_list - the values given to one repeatable option
 * @v: the values (pointers into argv)
 * @n: how many
 */
struct vb_audit_list {
	const char **v;
	size_t n;
};

/**
 * struct vb_audit_filter - what to keep
 * @since_ms: keep events at or after this time (with @has_since)
 * @until_ms: keep events at or before this time (with @has_until)
 * @has_since: @since_ms is set
 * @has_until: @until_ms is set
 * @signers: substrings of the signer subject, issuer, vendor or fingerprint
 * @rules: rule labels, LINE, POLICY:LINE or "default"
 * @paths: paths (a directory keeps what is below it) or glob patterns
 * @nodes: node names ("" for records without one)
 *
 * Values of one option are alternatives; different options must all
 * match.  @signers, @rules and @paths keep decision records only.
 */
struct vb_audit_filter {
	int64_t since_ms, until_ms;
	bool has_since, has_until;
	struct vb_audit_list signers, rules, paths, nodes;
};

int vb_audit_time(const char *text, bool end, time_t now, int64_t *ms);
int vb_audit_list_add(struct vb_audit_list *list, const char *value);
void vb_audit_filter_free(struct vb_audit_filter *f);
bool vb_audit_filter_match(const struct vb_audit_filter *f,
			   const struct vb_audit_rec *rec, const char *vendor);

#endif /* _VENDORBANCTL_AUDITFILTER_H */
