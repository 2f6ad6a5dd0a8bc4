/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - kfuncs for vendorban's BPF LSM programs (module form)
 */

#ifndef _SECURITY_VENDORBAN_KFUNCS_H
#define _SECURITY_VENDORBAN_KFUNCS_H

#include <linux/types.h>

#include "../form.h"

struct bpf_prog;
struct file;
struct inode;
struct linux_binprm;
struct vm_area_struct;

/*
 * enum vendorban_bpf_slot - one per row of the hook table the module
 * form uses (hook_table.h), in its order: VB_SLOT_<hook>; then
 * VENDORBAN_NR_BPF, their number.
 */
#define VENDORBAN_HOOK(hook, prog, form, ...)				\
	VB_LIST_IN_MODULE_##form(VB_UNUSED(prog) VB_SLOT_##hook)
enum vendorban_bpf_slot {
#include "../hook_table.h"
	VENDORBAN_NR_BPF
};

#undef VENDORBAN_HOOK

/* The kfuncs: vendorban_kf_<hook>(params). */
#define VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)	\
	VB_IN_MODULE_##form(VB_UNUSED(prog, sleeps, args, pos)		\
			    int vendorban_kf_##hook params;)
#include "../hook_table.h"
#undef VENDORBAN_HOOK

int vendorban_kfuncs_init(void);
int vendorban_kfuncs_status(void);
u32 vendorban_kfunc_btf_id(unsigned int slot);
u32 vendorban_hook_btf_id(unsigned int slot);
void vendorban_kf_trust(unsigned int slot, const struct bpf_prog *prog);
void vendorban_kf_distrust(unsigned int slot);
bool vendorban_kf_live(void);

#endif /* _SECURITY_VENDORBAN_KFUNCS_H */
