/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - vendorban's records in audit logs, read with libauparse
 */

#ifndef _VENDORBANCTL_AUDITLOG_H
#define _VENDORBANCTL_AUDITLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The record types vendorban emits (docs/kernel-interface.md). */
#define VB_AUDIT_DECISION	1316	/* AUDIT_KERNEL_OTHER */
#define VB_AUDIT_POLICY_LOAD	1403	/* AUDIT_MAC_POLICY_LOAD */
#define VB_AUDIT_STATUS		1404	/* AUDIT_MAC_STATUS */
/* The record of the system call an event happened in. */
#define VB_AUDIT_SYSCALL	1300	/* AUDIT_SYSCALL */

/* More fields than any vendorban record has; extra ones are dropped. */
#define VB_AUDIT_MAX_FIELDS	64
/* Room for a vendor name taken from a DN (VENDORBAN_NAME_MAX is 1024). */
#define VB_AUDIT_VENDOR_MAX	1100

/**
 * struct vb_audit_field - one field of a record, decoded
 * @name: the field name as logged
 * @value: the value: quotes removed, hex-encoded untrusted strings
 *	decoded; NULL when the kernel logged "?" (unknown)
 * @derived: not a field of the record itself: taken from the event's
 *	SYSCALL record (auid, ses, exe, syscall, ...) or a name resolved as
 *	ausearch -i resolves it (uid_name, auid_name)
 */
struct vb_audit_field {
	char *name;
	char *value;
	bool derived;
};

/**
 * enum vb_audit_class - what a record is to an auditor
 * @VB_CLASS_DECISION: a denial or would-deny (KERNEL_OTHER)
 * @VB_CLASS_POLICY: a policy load accepted
 * @VB_CLASS_MODE: a change of mode
 * @VB_CLASS_TAMPER: an attempt on vendorban itself or its hardening:
 *	a rejected policy load, the lock, require_signed switched on, a
 *	refused rmmod -f, and any other refused change (res=0) such as a
 *	refused detach or unpin of the module form's programs, a failed
 *	attach or a refused release of the module form's BPF programs
 * @VB_CLASS_MECHANISM: the module form's BPF programs attached or released
 *	(op=bpf_attach or op=bpf_release, res=1): neither a mode change nor
 *	tamper
 */
enum vb_audit_class {
	VB_CLASS_DECISION,
	VB_CLASS_POLICY,
	VB_CLASS_MODE,
	VB_CLASS_TAMPER,
	VB_CLASS_MECHANISM,
};

/**
 * struct vb_audit_rec - one vendorban record (lsm=vendorban)
 * @type: VB_AUDIT_DECISION, VB_AUDIT_POLICY_LOAD or VB_AUDIT_STATUS
 * @ms: the event's time, milliseconds since the epoch
 * @serial: the event's serial number (per node and boot)
 * @node: the node name auditd wrote (name_format), or NULL
 * @nfields: number of @fields
 * @fields: the record's fields after "type=" in logged order (lsm=
 *	included), then the derived ones
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

/**
 * struct vb_audit_pos - where an event is: what a checkpoint remembers
 * @node: its node ("" for none)
 * @ms: its time
 * @serial: its serial
 * @dev: the device of the log file it was read from
 * @ino: that file's inode
 * @has_file: @dev and @ino are known
 */
struct vb_audit_pos {
	char node[256];
	int64_t ms;
	unsigned long serial;
	dev_t dev;
	ino_t ino;
	bool has_file;
};

struct vb_auditlog;

int vb_auditlog_open(const char *const *files, size_t nfiles,
		     struct vb_auditlog **log);
void vb_auditlog_skip_through(struct vb_auditlog *log,
			      const struct vb_audit_pos *pos);
int vb_auditlog_next(struct vb_auditlog *log, struct vb_audit_rec *rec);
void vb_auditlog_close(struct vb_auditlog *log);
unsigned long vb_auditlog_events(const struct vb_auditlog *log,
				 int64_t *first_ms, int64_t *last_ms);
size_t vb_auditlog_files(const struct vb_auditlog *log,
			 const char *const **names);
bool vb_auditlog_last(const struct vb_auditlog *log, struct vb_audit_pos *pos);
bool vb_auditlog_found(const struct vb_auditlog *log);
bool vb_auditlog_saw_file(const struct vb_auditlog *log, dev_t dev, ino_t ino);

void vb_audit_rec_release(struct vb_audit_rec *rec);
int vb_audit_rec_copy(struct vb_audit_rec *dst, const struct vb_audit_rec *src);
const char *vb_audit_get(const struct vb_audit_rec *rec, const char *name);
const char *vb_audit_type_name(int type);
enum vb_audit_class vb_audit_class(const struct vb_audit_rec *rec);
const char *vb_audit_class_name(enum vb_audit_class class);
int vb_dn_attr(const char *dn, const char *type, char *buf, size_t size);
const char *vb_audit_vendor(const struct vb_audit_rec *rec, char *buf,
			    size_t size);

#endif /* _VENDORBANCTL_AUDITLOG_H */
