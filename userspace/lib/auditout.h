/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - audit records and summaries as text, JSON or CSV
 */

#ifndef _VENDORBANCTL_AUDITOUT_H
#define _VENDORBANCTL_AUDITOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "auditlog.h"
#include "auditsum.h"

enum vb_audit_format { VB_AUDIT_TEXT, VB_AUDIT_JSON, VB_AUDIT_CSV };

/**
 * struct vb_audit_out - an output in progress
 * @f: where to write
 * @fmt: the format
 * @events: print the records
 * @summary: print the summary (CSV prints either, not both)
 * @printed: records printed so far
 */
struct vb_audit_out {
	FILE *f;
	enum vb_audit_format fmt;
	bool events, summary;
	unsigned long printed;
};

/**
 * struct vb_audit_scope - what was read, for the summary
 * @events: events read, of every type
 * @first_ms: the earliest event's time
 * @last_ms: the latest event's time
 * @files: the files read (none for standard input)
 * @nfiles: number of @files
 * @source: what was read when no file was named, or NULL
 */
struct vb_audit_scope {
	unsigned long events;
	int64_t first_ms, last_ms;
	const char *const *files;
	size_t nfiles;
	const char *source;
};

void vb_audit_out_begin(struct vb_audit_out *o);
void vb_audit_out_rec(struct vb_audit_out *o, const struct vb_audit_rec *rec,
		      const char *vendor);
int vb_audit_out_end(struct vb_audit_out *o, const struct vb_audit_sum *sum,
		     const struct vb_audit_scope *scope);

#endif /* _VENDORBANCTL_AUDITOUT_H */
