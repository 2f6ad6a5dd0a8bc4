/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the loadable form's table of inode states
 */

#ifndef _SECURITY_VENDORBAN_INODE_TABLE_H
#define _SECURITY_VENDORBAN_INODE_TABLE_H

/*
 * By default (module parameter cache_entries), at most this many inodes
 * have a state (and are held in memory by it); a new one evicts the
 * oldest of those worth least (module/inode_table.c), never a suspicion
 * only root can make.  Checks in progress may add one each above it.
 */
#define VENDORBAN_INODE_TABLE_MAX 4096

struct file;
struct inode;
struct vendorban_inode_state;

int vendorban_inode_table_init(void);
void vendorban_inode_table_exit(void);
struct vendorban_inode_state *
vendorban_module_inode_state(const struct inode *inode);
int vendorban_module_inode_state_attach(struct file *file);
void vendorban_module_inode_state_refile(struct vendorban_inode_state *state);

#endif /* _SECURITY_VENDORBAN_INODE_TABLE_H */
