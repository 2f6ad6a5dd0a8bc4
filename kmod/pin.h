/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - keeping the bytes that run from changing under them
 */

#ifndef _SECURITY_VENDORBAN_PIN_H
#define _SECURITY_VENDORBAN_PIN_H

#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "common.h"

/**
 * struct vendorban_pin - vendorban's hold on the writers of one inode
 * @pinned: vendorban holds one deny of the inode's i_writecount, as exec
 *          holds one on the program it runs [vendorban_pin_lock]
 *
 * Lives in the inode's LSM blob in the built-in form, and in an entry of
 * the module's pin table (module/pin_table.c) in the loadable form; in
 * both it goes away with the inode (whose i_writecount goes with it).
 */
struct vendorban_pin {
	bool pinned;
};

/* Serialises every change of a pin and of the loadable form's table. */
extern spinlock_t vendorban_pin_lock;

/*
 * What each form provides:
 *
 * vendorban_pin_find() - the pin state of @inode, or NULL if it has none.
 * Context: any; rcu_read_lock() held, the state stays valid until
 * rcu_read_unlock().
 *
 * vendorban_pin_of() - the pin state of @inode, made from *@spare (which
 * is then set to NULL) if it has none.  ERR_PTR(-ENOMEM) if it needs a
 * state and *@spare is NULL; ERR_PTR(-EBUSY) if it cannot have one now
 * (the loadable form's table is closed).
 * Context: vendorban_pin_lock held, under rcu_read_lock().
 *
 * vendorban_pin_spare() - a state for vendorban_pin_of() to use, allocated
 * with @gfp, or NULL (also when the form never needs one); freed with
 * vendorban_pin_spare_free().
 */
struct vendorban_pin *vendorban_pin_find(const struct inode *inode);
struct vendorban_pin *vendorban_pin_of(struct inode *inode,
				       struct vendorban_pin **spare);
struct vendorban_pin *vendorban_pin_spare(gfp_t gfp);
void vendorban_pin_spare_free(struct vendorban_pin *spare);

int vendorban_pin_file(struct file *file, enum vendorban_op op, bool atomic);
void vendorban_pin_write_request(struct inode *inode);

#endif /* _SECURITY_VENDORBAN_PIN_H */
