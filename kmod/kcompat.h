/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the differences between the kernel versions it builds on
 *
 * Every test of the kernel version lives here, so the other files read the
 * same on 6.1 and 6.12.  Each difference names the version that introduced
 * it, so dropping support for old kernels means deleting branches here.
 * (It tests LINUX_VERSION_MAJOR and LINUX_VERSION_PATCHLEVEL, which say the
 * same as LINUX_VERSION_CODE without the checkpatch warning on it.)
 */

#ifndef _SECURITY_VENDORBAN_KCOMPAT_H
#define _SECURITY_VENDORBAN_KCOMPAT_H

#include <linux/fs.h>
#include <linux/fsnotify_backend.h>
#include <linux/lsm_hooks.h>
#include <linux/version.h>

#include "common.h"

/* True when building for kernel @major.@minor or later. */
#define VENDORBAN_KERNEL_SINCE(major, minor)				\
	(LINUX_VERSION_MAJOR * 256 + LINUX_VERSION_PATCHLEVEL >=	\
	 (major) * 256 + (minor))

/*
 * 6.3 replaced the user namespace of a mount by its idmap in the inode
 * hooks and the VFS helpers.
 *
 * VENDORBAN_NOP_IDMAP: the identity mapping, for vfs_getxattr()
 * struct vendorban_idmap: the first argument of inode_removexattr
 * vendorban_file_idmap(file): that of the mount @file was opened through,
 * for generic_permission()
 */
#if VENDORBAN_KERNEL_SINCE(6, 3)
#define VENDORBAN_NOP_IDMAP (&nop_mnt_idmap)
#define vendorban_idmap mnt_idmap
#define vendorban_file_idmap(file) file_mnt_idmap(file)
#else
#define VENDORBAN_NOP_IDMAP (&init_user_ns)
#define vendorban_idmap user_namespace
#define vendorban_file_idmap(file) file_mnt_user_ns(file)
#endif

/*
 * Since 6.6 an inode's ctime is read with inode_get_ctime() (the field
 * became __i_ctime).
 */
#if VENDORBAN_KERNEL_SINCE(6, 6)
#define vendorban_inode_ctime(inode) inode_get_ctime(inode)
#else
#define vendorban_inode_ctime(inode) ((inode)->i_ctime)
#endif

/*
 * VENDORBAN_SETATTR_IDMAP: the first parameter inode_setattr gained in 6.8
 * (when EVM became an LSM), nothing before.
 */
#if VENDORBAN_KERNEL_SINCE(6, 8)
#define VENDORBAN_SETATTR_IDMAP struct mnt_idmap *idmap,
#else
#define VENDORBAN_SETATTR_IDMAP
#endif

#if VENDORBAN_KERNEL_SINCE(6, 8)
#include <uapi/linux/lsm.h>

/*
 * Since 6.8 an LSM registers with a struct lsm_id, whose number userspace
 * sees through lsm_list_modules(2).  The numbers are handed out upstream
 * when an LSM is merged (include/uapi/linux/lsm.h): 0 means "undefined",
 * 1-99 are reserved, 100-113 are taken in 6.12 and no range is set aside
 * for LSMs outside the tree.  The least bad choice is a number far above
 * the ones upstream gives out one by one, so it cannot clash with any LSM
 * of this kernel nor, for years, with a newly merged one; the name still
 * tells userspace which LSM it is.  Revisit if upstream defines a range.
 */
#define VENDORBAN_LSM_ID 1000

/**
 * vendorban_security_add_hooks() - security_add_hooks() for this kernel
 * @hooks: the hooks to register
 * @count: how many
 */
static inline void __init
vendorban_security_add_hooks(struct security_hook_list *hooks, int count)
{
	static const struct lsm_id vendorban_lsmid = {
		.name = VENDORBAN_NAME,
		.id = VENDORBAN_LSM_ID,
	};

	security_add_hooks(hooks, count, &vendorban_lsmid);
}
#else
static inline void __init
vendorban_security_add_hooks(struct security_hook_list *hooks, int count)
{
	security_add_hooks(hooks, count, VENDORBAN_NAME);
}
#endif

/*
 * kfuncs (module form): 6.5 named the marker that keeps a kfunc out of
 * the optimizer's reach (__bpf_kfunc); 6.9 flagged kfunc ID sets
 * (BTF_KFUNCS_START), which 6.12 requires; since 6.12 (BPF_INTERNAL)
 * bpf_link_get_from_fd() and kern_sys_bpf() are exported in a namespace.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/module.h>

#ifndef __bpf_kfunc
/* Global, so never dropped; only out of line needs saying (no LTO). */
#define __bpf_kfunc noinline
#endif
#ifdef BTF_KFUNCS_START
#define VENDORBAN_KFUNCS_START(name) BTF_KFUNCS_START(name)
#define VENDORBAN_KFUNCS_END(name) BTF_KFUNCS_END(name)
#else
#define VENDORBAN_KFUNCS_START(name) BTF_SET8_START(name)
#define VENDORBAN_KFUNCS_END(name) BTF_SET8_END(name)
#endif
#if VENDORBAN_KERNEL_SINCE(6, 12)
#define VENDORBAN_IMPORT_BPF_INTERNAL MODULE_IMPORT_NS(BPF_INTERNAL)
#else
#define VENDORBAN_IMPORT_BPF_INTERNAL
#endif

/*
 * VENDORBAN_KF_TRUSTED: the kfunc flag by which the verifier refuses any
 * pointer argument that is not trusted (NULL, or walked from the hook's
 * arguments through a field it does not vouch for).  On 6.12 an LSM
 * program's own arguments are trusted (PTR_TRUSTED), so vendorban's
 * programs pass; 6.1's KF_TRUSTED_ARGS takes referenced pointers only,
 * which would refuse them too: there the kfuncs' caller check alone
 * keeps other programs' pointers out.
 */
#if VENDORBAN_KERNEL_SINCE(6, 12)
#define VENDORBAN_KF_TRUSTED KF_TRUSTED_ARGS
#else
#define VENDORBAN_KF_TRUSTED 0
#endif

/**
 * vendorban_prog_sleepable() - is a BPF program sleepable?
 * @prog: the program
 *
 * 6.10 moved the flag from the program's aux to the program.
 *
 * Return: true if it is.
 */
static inline bool vendorban_prog_sleepable(const struct bpf_prog *prog)
{
#if VENDORBAN_KERNEL_SINCE(6, 10)
	return prog->sleepable;
#else
	return prog->aux->sleepable;
#endif
}

/*
 * The bpf(2) system call for kernel callers (the kernel's light skeleton
 * loader uses it): exported on 6.1 and 6.12 (there in BPF_INTERNAL) and
 * declared in no header of either.
 */
int kern_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);

/**
 * vendorban_module_has_btf() - does this module carry BTF?
 * @mod: the module
 *
 * Return: true if the kernel loaded BTF for @mod (CONFIG_DEBUG_INFO_BTF_MODULES
 * and a .BTF section), without which no kfunc can be described.
 */
static inline bool vendorban_module_has_btf(const struct module *mod)
{
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	return mod->btf_data_size != 0;
#else
	return false;
#endif
}

/*
 * VENDORBAN_FSNOTIFY_GROUP_FLAGS: 6.1 asks a group whose marks may be
 * destroyed by inode reclaim for FSNOTIFY_GROUP_NOFS; later kernels (6.12)
 * take every group's lock that way and have no such flag.
 */
#ifdef FSNOTIFY_GROUP_NOFS
#define VENDORBAN_FSNOTIFY_GROUP_FLAGS FSNOTIFY_GROUP_NOFS
#else
#define VENDORBAN_FSNOTIFY_GROUP_FLAGS 0
#endif

#endif /* _SECURITY_VENDORBAN_KCOMPAT_H */
