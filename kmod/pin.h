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
 * Where a pin lives is the form's: struct vendorban_form's pin_find,
 * pin_of, pin_spare and pin_spare_free (form.h).
 */

int vendorban_pin_file(struct file *file, enum vendorban_op op, bool atomic);
void vendorban_pin_write_request(struct inode *inode);

#endif /* _SECURITY_VENDORBAN_PIN_H */
