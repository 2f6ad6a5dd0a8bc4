/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - page-cache pages held for writing past their mapping
 */

#ifndef _SECURITY_VENDORBAN_HELD_H
#define _SECURITY_VENDORBAN_HELD_H

#include <linux/fs.h>
#include <linux/types.h>

bool vendorban_file_held(struct file *file);
void vendorban_held_drain(void);
bool vendorban_inode_maybe_held(struct inode *inode);
bool vendorban_inode_found_clean(struct inode *inode);
bool vendorban_inode_maybe_written(const struct inode *inode);

#endif /* _SECURITY_VENDORBAN_HELD_H */
