/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - holding vendorban's BPF LSM links (module form)
 */

#ifndef _SECURITY_VENDORBAN_BPF_LINKS_H
#define _SECURITY_VENDORBAN_BPF_LINKS_H

#include <linux/fs.h>
#include <linux/types.h>

struct dentry;

/* The BPF object (bpf_object.S), when built with clang. */
extern const char vendorban_bpf_object[], vendorban_bpf_object_end[];

extern const struct file_operations vendorban_bpf_links_fops;
extern const struct file_operations vendorban_bpf_object_fops;

int vendorban_bpf_init(void);
void vendorban_bpf_exit(void);
bool vendorban_bpf_in_force(void);
bool vendorban_bpf_pin_protected(struct dentry *dentry);
void vendorban_bpf_lock(void);
const char *vendorban_bpf_why_not(void);

#endif /* _SECURITY_VENDORBAN_BPF_LINKS_H */
