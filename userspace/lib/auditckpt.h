/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - audit --checkpoint: where the last run stopped
 */

#ifndef _VENDORBANCTL_AUDITCKPT_H
#define _VENDORBANCTL_AUDITCKPT_H

#include "auditlog.h"

int vb_audit_ckpt_read(const char *path, struct vb_audit_pos *pos);
int vb_audit_ckpt_write(const char *path, const struct vb_audit_pos *pos);

#endif /* _VENDORBANCTL_AUDITCKPT_H */
