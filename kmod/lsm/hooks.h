/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the hooks of the built-in form
 */

#ifndef _SECURITY_VENDORBAN_HOOKS_H
#define _SECURITY_VENDORBAN_HOOKS_H

#include <linux/lsm_hooks.h>

struct file;
struct inode;
struct vendorban_inode_state;
struct vendorban_pin;

extern struct lsm_blob_sizes vendorban_blob_sizes;

void __init vendorban_add_hooks(void);
struct vendorban_inode_state *
vendorban_lsm_inode_state(const struct inode *inode);
int vendorban_lsm_inode_state_attach(struct file *file);
struct vendorban_pin *vendorban_lsm_pin_find(const struct inode *inode);
struct vendorban_pin *vendorban_lsm_pin_of(struct inode *inode,
					   struct vendorban_pin **spare);
struct vendorban_pin *vendorban_lsm_pin_spare(gfp_t gfp);
void vendorban_lsm_pin_spare_free(struct vendorban_pin *spare);

#endif /* _SECURITY_VENDORBAN_HOOKS_H */
