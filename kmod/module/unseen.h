/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - what the loadable form could not see before it looked
 */

#ifndef _SECURITY_VENDORBAN_UNSEEN_H
#define _SECURITY_VENDORBAN_UNSEEN_H

#include <linux/types.h>

struct inode;
struct super_block;

bool vendorban_unseen_suspect(const struct inode *inode, u64 sight);
void vendorban_unseen_clean(const struct inode *inode, u64 sight);
void vendorban_unseen_look(struct inode *inode, u64 sight);
void vendorban_unseen_sb_made(const struct super_block *sb, u64 sight);
void vendorban_unseen_exit(void);

#endif /* _SECURITY_VENDORBAN_UNSEEN_H */
