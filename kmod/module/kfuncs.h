/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - kfuncs for vendorban's BPF LSM programs (module form)
 */

#ifndef _SECURITY_VENDORBAN_KFUNCS_H
#define _SECURITY_VENDORBAN_KFUNCS_H

#include <linux/types.h>

struct dentry;
struct file;
struct inode;
struct linux_binprm;
struct vm_area_struct;

int vendorban_kf_bprm_check_security(struct linux_binprm *bprm);
int vendorban_kf_mmap_file(struct file *file, unsigned long prot);
int vendorban_kf_file_mprotect(struct vm_area_struct *vma,
			       unsigned long prot);
int vendorban_kf_kernel_read_file(struct file *file, unsigned int id);
int vendorban_kf_kernel_load_data(unsigned int id);
int vendorban_kf_inode_unlink(struct dentry *dentry);
int vendorban_kf_kernel_post_read_file(struct file *file, unsigned int id);
int vendorban_kf_inode_permission(struct inode *inode, int mask);
int vendorban_kf_inode_free_security(struct inode *inode);

int vendorban_kfuncs_init(void);
bool vendorban_kfuncs_registered(void);
bool vendorban_bpf_hooks_live(void);

#endif /* _SECURITY_VENDORBAN_KFUNCS_H */
