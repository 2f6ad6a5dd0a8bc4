// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - kfuncs for vendorban's BPF LSM programs (module form)
 *
 * A loadable module cannot register LSM hooks, but the kernel's BPF LSM
 * (CONFIG_BPF_LSM, "bpf" in the LSM list) can run programs on them, and a
 * module can offer those programs functions of its own (kfuncs, described
 * by the module's BTF).  vendorban's programs (bpf/vendorban.bpf.c) are
 * thin: each hands its hook's arguments to the kfunc below, which calls
 * the same decision path as the built-in form's hook (decide.c), and
 * turns any refusal into -EACCES.  The sleepable hooks (exec, mmap,
 * finit_module) may read the file; file_mprotect, kernel_load_data,
 * kernel_post_read_file, inode_unlink, inode_permission and
 * inode_free_security run in non-sleepable programs (RCU read side) and
 * decide without reading or sleeping.
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "../decide.h"
#include "../kcompat.h"
#include "../pin.h"
#include "bpf_links.h"
#include "kfuncs.h"
#include "pin_table.h"

/* A kfunc ran: vendorban's programs are attached to live LSM hooks. */
static atomic_t vendorban_kf_calls = ATOMIC_INIT(0);

/* Written once, not at every call: the hooks run on every CPU. */
static void seen(void)
{
	if (!atomic_read(&vendorban_kf_calls))
		atomic_set(&vendorban_kf_calls, 1);
}

static bool vendorban_kf_registered;

/*
 * The program an exec in progress in this task is loading: set as the
 * new mm's exe_file before its segments are mapped (begin_new_exec()), and
 * decided by the exec check of the same exec.  The built-in form keeps it
 * in a task blob; the module form has none and reads it from the mm.
 */
static const struct inode *exec_inode(void)
{
	const struct inode *inode = NULL;
	struct file *exe;

	if (!current->in_execve || !current->mm)
		return NULL;
	rcu_read_lock();
	exe = rcu_dereference(current->mm->exe_file);
	if (exe)
		inode = file_inode(exe);
	rcu_read_unlock();
	return inode;
}

/**
 * vendorban_kf_bprm_check_security() - decide an exec stage
 * @bprm: the exec in progress; its file is the program, a script's
 *        interpreter or a binfmt_misc interpreter
 *
 * Context: sleepable BPF LSM program (lsm.s/bprm_check_security).
 * Return: as vendorban_check().
 */
__bpf_kfunc int vendorban_kf_bprm_check_security(struct linux_binprm *bprm)
{
	seen();
	return vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);
}

/**
 * vendorban_kf_mmap_file() - decide an executable mapping of a file
 * @file: the file, or NULL (anonymous memory)
 * @prot: the protection the kernel applies
 *
 * Context: sleepable BPF LSM program (lsm.s/mmap_file).
 * Return: as vendorban_check_mmap().
 */
__bpf_kfunc int vendorban_kf_mmap_file(struct file *file, unsigned long prot)
{
	seen();
	return vendorban_check_mmap(file, prot, exec_inode());
}

/**
 * vendorban_kf_file_mprotect() - decide a mapping turning executable
 * @vma: the mapping
 * @prot: the protection asked for
 *
 * Context: non-sleepable BPF LSM program (lsm/file_mprotect), mmap lock
 * held: the cache decides.
 * Return: as vendorban_check_mprotect().
 */
__bpf_kfunc int vendorban_kf_file_mprotect(struct vm_area_struct *vma,
					   unsigned long prot)
{
	seen();
	return vendorban_check_mprotect(vma, prot);
}

/**
 * vendorban_kf_kernel_read_file() - decide a module file (finit_module)
 * @file: the file the kernel is about to read
 * @id: what the kernel reads it for (enum kernel_read_file_id)
 *
 * Called before the kernel reads the file, which it has made unwritable
 * (deny_write_access()): the bytes vendorban reads are the bytes loaded.
 *
 * Context: sleepable BPF LSM program (lsm.s/kernel_read_file).
 * Return: as vendorban_check().
 */
__bpf_kfunc int vendorban_kf_kernel_read_file(struct file *file,
					      unsigned int id)
{
	seen();
	if (id != READING_MODULE || !file)
		return 0;
	return vendorban_check_file(file, VENDORBAN_OP_MODULE);
}

/**
 * vendorban_kf_kernel_post_read_file() - did the kernel read what was judged?
 * @file: the file the kernel has read
 * @id: what the kernel read it for (enum kernel_read_file_id)
 *
 * A module file through overlayfs, copied up between the check and the
 * read, was read from a file nothing pinned: refused as writable.
 *
 * Context: non-sleepable BPF LSM program (lsm/kernel_post_read_file).
 * Return: as vendorban_check_module_read().
 */
__bpf_kfunc int vendorban_kf_kernel_post_read_file(struct file *file,
						   unsigned int id)
{
	seen();
	if (id != READING_MODULE || !file)
		return 0;
	return vendorban_check_module_read(file);
}

/**
 * vendorban_kf_inode_permission() - someone asks to write a file
 * @inode: the inode
 * @mask: the access asked for (MAY_*)
 *
 * A write request releases vendorban's pin of the inode if nothing runs
 * its bytes any more (pin.c).
 *
 * Context: non-sleepable BPF LSM program (lsm/inode_permission), the RCU
 * path walk included.
 * Return: 0.
 */
__bpf_kfunc int vendorban_kf_inode_permission(struct inode *inode, int mask)
{
	if (inode && (mask & MAY_WRITE) && S_ISREG(inode->i_mode))
		vendorban_pin_write_request(inode);
	return 0;
}

/**
 * vendorban_kf_inode_free_security() - an inode is being freed
 * @inode: the inode
 *
 * Its pin entry goes first (module/pin_table.c).
 *
 * Context: non-sleepable BPF LSM program (lsm/inode_free_security).
 * Return: 0.
 */
__bpf_kfunc int vendorban_kf_inode_free_security(struct inode *inode)
{
	if (inode)
		vendorban_pin_table_forget(inode);
	return 0;
}

/**
 * vendorban_kf_kernel_load_data() - decide a module image from memory
 * @id: what the kernel loads (enum kernel_load_data_id)
 *
 * The image is not seen here: the policy's memory-modules setting decides.
 *
 * Context: non-sleepable BPF LSM program (lsm/kernel_load_data).
 * Return: as vendorban_check_memory_module().
 */
__bpf_kfunc int vendorban_kf_kernel_load_data(unsigned int id)
{
	seen();
	if (id != LOADING_MODULE)
		return 0;
	return vendorban_check_memory_module();
}

/**
 * vendorban_kf_inode_unlink() - may this name be removed?
 * @dentry: the name
 *
 * Context: non-sleepable BPF LSM program (lsm/inode_unlink).
 * Return: -EPERM for a bpffs pin of a link vendorban holds once locked,
 * else 0.
 */
__bpf_kfunc int vendorban_kf_inode_unlink(struct dentry *dentry)
{
	return vendorban_bpf_pin_protected(dentry) ? -EPERM : 0;
}

VENDORBAN_KFUNCS_START(vendorban_kfunc_ids)
BTF_ID_FLAGS(func, vendorban_kf_bprm_check_security, KF_SLEEPABLE)
BTF_ID_FLAGS(func, vendorban_kf_mmap_file, KF_SLEEPABLE)
BTF_ID_FLAGS(func, vendorban_kf_file_mprotect)
BTF_ID_FLAGS(func, vendorban_kf_kernel_read_file, KF_SLEEPABLE)
BTF_ID_FLAGS(func, vendorban_kf_kernel_load_data)
BTF_ID_FLAGS(func, vendorban_kf_inode_unlink)
BTF_ID_FLAGS(func, vendorban_kf_kernel_post_read_file)
BTF_ID_FLAGS(func, vendorban_kf_inode_permission)
BTF_ID_FLAGS(func, vendorban_kf_inode_free_security)
VENDORBAN_KFUNCS_END(vendorban_kfunc_ids)

static const struct btf_kfunc_id_set vendorban_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &vendorban_kfunc_ids,
};

/**
 * vendorban_kfuncs_init() - offer the kfuncs to BPF LSM programs
 *
 * Without module BTF (a build without pahole or the kernel's vmlinux) the
 * kernel cannot describe them: the module form then stays with its exec
 * gate, and status says why.
 *
 * Return: 0 or a negative errno from the BPF core.
 */
int vendorban_kfuncs_init(void)
{
	int ret;

	if (!vendorban_module_has_btf(THIS_MODULE))
		return 0;
	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &vendorban_kfunc_set);
	vendorban_kf_registered = !ret;
	return ret;
}

/**
 * vendorban_kfuncs_registered() - are the kfuncs offered to BPF programs?
 *
 * Return: true once vendorban_kfuncs_init() registered them.
 */
bool vendorban_kfuncs_registered(void)
{
	return vendorban_kf_registered;
}

/**
 * vendorban_bpf_hooks_live() - do vendorban's programs run on LSM hooks?
 *
 * An attached program runs only if the BPF LSM is enabled (in the "lsm="
 * list).  Asks the LSMs about a firmware load that never happens (no LSM
 * of Debian's list refuses one, and the hook has no side effect) and
 * looks whether vendorban's kernel_load_data program called its kfunc.
 * Any earlier call of a kfunc proves it as well.
 *
 * Context: process context.
 * Return: true if a vendorban kfunc was called through an LSM hook.
 */
bool vendorban_bpf_hooks_live(void)
{
	if (!atomic_read(&vendorban_kf_calls))
		security_kernel_load_data(LOADING_FIRMWARE, false);
	return atomic_read(&vendorban_kf_calls);
}
