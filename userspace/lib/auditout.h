/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - audit records and summaries as text, JSON Lines or CSV
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
 * struct vb_audit_meta - what was found out about a record
 * @vendor: the vendor of a decision (vb_audit_vendor()), else NULL
 * @vendor_from: "subject" or "issuer", or NULL
 * @same_as: the serial of the record of the same attempt
 *	(vb_audit_join_check()), or 0
 */
struct vb_audit_meta {
	const char *vendor;
	const char *vendor_from;
	unsigned long same_as;
};

/**
 * struct vb_audit_scope - what was read, for the summary
 * @events: events read, of every type
 * @first_ms: the earliest event's time
 * @last_ms: the latest event's time
 * @files: the files read (none for standard input)
 * @nfiles: number of @files
 * @source: what was read when no file was named, or NULL
 * @since_checkpoint: only events after a checkpoint were read
 */
struct vb_audit_scope {
	unsigned long events;
	int64_t first_ms, last_ms;
	const char *const *files;
	size_t nfiles;
	const char *source;
	bool since_checkpoint;
};

void vb_audit_fmt_time(int64_t ms, char *buf, size_t size);
void vb_audit_out_begin(struct vb_audit_out *o);
void vb_audit_out_rec(struct vb_audit_out *o, const struct vb_audit_rec *rec,
		      const struct vb_audit_meta *meta);
int vb_audit_out_end(struct vb_audit_out *o, const struct vb_audit_sum *sum,
		     const struct vb_audit_scope *scope);

#endif /* _VENDORBANCTL_AUDITOUT_H */
