/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the module form's checks, one per row of the hook table
 * that the module form uses (hook_table.h): vendorban_bpf_<hook>(params),
 * called by the kfunc vendorban_kf_<hook>() once it knows its caller is
 * vendorban's own program on that hook.
 */

#ifndef _SECURITY_VENDORBAN_CHECKS_H
#define _SECURITY_VENDORBAN_CHECKS_H

#include "../form.h"

struct file;
struct inode;
struct linux_binprm;
struct super_block;
struct vm_area_struct;

#define VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)	\
	VB_IN_MODULE_##form(VB_UNUSED(prog, sleeps, args, pos)		\
			    int vendorban_bpf_##hook params;)
#include "../hook_table.h"
#undef VENDORBAN_HOOK

#endif /* _SECURITY_VENDORBAN_CHECKS_H */
