/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the suspicions the loadable form's table let go
 */

#ifndef _SECURITY_VENDORBAN_EVICTED_H
#define _SECURITY_VENDORBAN_EVICTED_H

#include <linux/types.h>

struct cred;
struct inode;

void vendorban_evicted_init(void);
int vendorban_evicted_account(const struct cred *opener, bool quiet);
void vendorban_evicted_charge(unsigned int account, bool charge);
void vendorban_evicted_record(const struct inode *inode, bool user,
			      unsigned int account);
bool vendorban_evicted_suspect(const struct inode *inode);
void vendorban_evicted_forget(const struct inode *inode);

#endif /* _SECURITY_VENDORBAN_EVICTED_H */
