/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - can the bytes read now be trusted to be the bytes run?
 */

#ifndef _SECURITY_VENDORBAN_TRUST_H
#define _SECURITY_VENDORBAN_TRUST_H

#include <linux/fs.h>
#include <linux/types.h>

#include "lib/policy.h"

struct folio;
struct xa_state;

struct file *vendorban_real_file(struct file *file);
bool vendorban_file_stale(struct file *file);
bool vendorban_inode_writable(struct inode *inode);
bool vendorban_file_writable(struct file *file);
bool vendorban_mapping_any(struct address_space *mapping,
			   bool (*test)(struct xa_state *xas,
					struct folio *folio));
bool vendorban_mapping_any_atomic(struct address_space *mapping,
				  bool (*test)(struct xa_state *xas,
					       struct folio *folio),
				  unsigned long most);
bool vendorban_file_unverifiable(struct file *file);
bool vendorban_file_userns_mount(struct file *file);
bool vendorban_inode_owner_untrusted(const struct inode *inode);
bool vendorban_file_user_owned(struct file *file);
void vendorban_measure_trust(struct file *file, bool unpinned,
			     struct vendorban_trust_facts *tf);

#endif /* _SECURITY_VENDORBAN_TRUST_H */
