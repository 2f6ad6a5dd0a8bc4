/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - vendorban's records in audit logs, read with libauparse
 */

#ifndef _VENDORBANCTL_AUDITLOG_H
#define _VENDORBANCTL_AUDITLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The record types vendorban emits (docs/kernel-interface.md). */
#define VB_AUDIT_DECISION	1316	/* AUDIT_KERNEL_OTHER */
#define VB_AUDIT_POLICY_LOAD	1403	/* AUDIT_MAC_POLICY_LOAD */
#define VB_AUDIT_STATUS		1404	/* AUDIT_MAC_STATUS */

/* More fields than any vendorban record has; extra ones are dropped. */
#define VB_AUDIT_MAX_FIELDS	48
/* Room for a vendor name taken from a DN (VENDORBAN_NAME_MAX is 1024). */
#define VB_AUDIT_VENDOR_MAX	1100

/**
 * struct vb_audit_field - one field of a record, decoded
 * @name: the field name as logged
 * @value: the value: quotes removed, hex-encoded untrusted strings
 *	decoded; NULL when the kernel logged "?" (unknown)
 */
struct vb_audit_field {
	char *name;
	char *value;
};

/**
 * struct vb_audit_rec - one vendorban record (lsm=vendorban)
 * @type: VB_AUDIT_DECISION, VB_AUDIT_POLICY_LOAD or VB_AUDIT_STATUS
 * @ms: the event's time, milliseconds since the epoch
 * @serial: the event's serial number (per node and boot)
 * @node: the node name auditd wrote (name_format), or NULL
 * @nfields: number of @fields
 * @fields: the fields after "type=" in logged order; lsm= included
 *
 * Filled by vb_auditlog_next(), freed by vb_audit_rec_release().
 */
struct vb_audit_rec {
	int type;
	int64_t ms;
	unsigned long serial;
	char *node;
	unsigned int nfields;
	struct vb_audit_field fields[VB_AUDIT_MAX_FIELDS];
};

struct vb_auditlog;

int vb_auditlog_open(const char *const *files, size_t nfiles,
		     struct vb_auditlog **log);
int vb_auditlog_next(struct vb_auditlog *log, struct vb_audit_rec *rec);
void vb_auditlog_close(struct vb_auditlog *log);
unsigned long vb_auditlog_events(const struct vb_auditlog *log,
				 int64_t *first_ms, int64_t *last_ms);
size_t vb_auditlog_files(const struct vb_auditlog *log,
			 const char *const **names);

void vb_audit_rec_release(struct vb_audit_rec *rec);
const char *vb_audit_get(const struct vb_audit_rec *rec, const char *name);
const char *vb_audit_type_name(int type);
int vb_dn_attr(const char *dn, const char *type, char *buf, size_t size);
void vb_audit_vendor(const struct vb_audit_rec *rec, char *buf, size_t size);

#endif /* _VENDORBANCTL_AUDITLOG_H */
