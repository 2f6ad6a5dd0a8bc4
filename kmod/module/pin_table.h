/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the loadable form's table of pins
 */

#ifndef _SECURITY_VENDORBAN_PIN_TABLE_H
#define _SECURITY_VENDORBAN_PIN_TABLE_H

#include <linux/types.h>

struct inode;
struct vendorban_pin;

struct vendorban_pin *vendorban_pin_table_find(const struct inode *inode);
struct vendorban_pin *vendorban_pin_table_of(struct inode *inode,
					     struct vendorban_pin **spare);
struct vendorban_pin *vendorban_pin_table_spare(gfp_t gfp);
void vendorban_pin_table_spare_free(struct vendorban_pin *spare);

void vendorban_pin_table_forget(struct inode *inode);
void vendorban_pin_table_open(void);
void vendorban_pin_table_close(void);

#endif /* _SECURITY_VENDORBAN_PIN_TABLE_H */
