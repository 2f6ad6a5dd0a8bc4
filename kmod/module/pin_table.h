/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the loadable form's table of pins
 */

#ifndef _SECURITY_VENDORBAN_PIN_TABLE_H
#define _SECURITY_VENDORBAN_PIN_TABLE_H

struct inode;

void vendorban_pin_table_forget(struct inode *inode);
void vendorban_pin_table_open(void);
void vendorban_pin_table_close(void);

#endif /* _SECURITY_VENDORBAN_PIN_TABLE_H */
