/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - loading and holding vendorban's BPF LSM programs
 * (module form)
 */

#ifndef _SECURITY_VENDORBAN_BPF_LINKS_H
#define _SECURITY_VENDORBAN_BPF_LINKS_H

#include <linux/fs.h>
#include <linux/types.h>

/**
 * struct vendorban_bpf_state - where the BPF LSM mechanism stands
 * @in_force: every slot held and seen running
 * @kfuncs: 0 if the kfuncs are offered, -ENODATA without module BTF,
 *	    else the error registering them gave
 * @held: the slots held
 * @slots: the slots there are
 * @error: the errno of the last attach that failed, 0 if none did
 * @error_prog: the program it failed on, NULL if it failed before any
 */
struct vendorban_bpf_state {
	bool in_force;
	int kfuncs;
	unsigned int held;
	unsigned int slots;
	int error;
	const char *error_prog;
};

extern const struct file_operations vendorban_bpf_links_fops;

int vendorban_bpf_init(void);
void vendorban_bpf_exit(void);
bool vendorban_bpf_in_force(void);
void vendorban_bpf_get_state(struct vendorban_bpf_state *state);
void vendorban_bpf_lock(void);

#endif /* _SECURITY_VENDORBAN_BPF_LINKS_H */
