// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the module form's checks (module form)
 *
 * vendorban_bpf_<hook>() is what the module form does on each hook of the
 * hook table (hook_table.h) it uses: the same decision path as the
 * built-in form's hook (decide.c), with the hook's arguments its BPF
 * program hands over.  Each is called only by its kfunc (kfuncs.c), once
 * the kfunc has made sure that its caller is vendorban's own program on
 * that hook, so the arguments are the hook's.  The sleepable hooks (exec,
 * mmap, finit_module) may read the file; file_mprotect,
 * kernel_load_data and kernel_post_load_data run in non-sleepable
 * programs (RCU read side) and decide without reading a file or sleeping.
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "../decide.h"
#include "checks.h"

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
 * vendorban_bpf_bprm_check_security() - decide an exec stage
 * @bprm: the exec in progress; its file is the program, a script's
 *        interpreter or a binfmt_misc interpreter
 *
 * Context: sleepable program (bprm_check_security).
 * Return: as vendorban_check().
 */
int vendorban_bpf_bprm_check_security(struct linux_binprm *bprm)
{
	return vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);
}

/**
 * vendorban_bpf_mmap_file() - decide an executable mapping of a file
 * @file: the file, or NULL (anonymous memory)
 * @prot: the protection the kernel applies
 *
 * Context: sleepable program (mmap_file).
 * Return: as vendorban_check_mmap().
 */
int vendorban_bpf_mmap_file(struct file *file, unsigned long prot)
{
	return vendorban_check_mmap(file, prot, exec_inode());
}

/**
 * vendorban_bpf_file_mprotect() - decide a mapping turning executable
 * @vma: the mapping
 * @prot: the protection asked for
 *
 * Context: non-sleepable program (file_mprotect), mmap lock held: the
 * cache decides.
 * Return: as vendorban_check_mprotect().
 */
int vendorban_bpf_file_mprotect(struct vm_area_struct *vma, unsigned long prot)
{
	return vendorban_check_mprotect(vma, prot);
}

/**
 * vendorban_bpf_kernel_read_file() - decide a module file (finit_module)
 * @file: the file the kernel is about to read
 * @id: what the kernel reads it for (enum kernel_read_file_id)
 *
 * Called before the kernel reads the file, which it has made unwritable
 * (deny_write_access()): the bytes vendorban reads are the bytes loaded.
 *
 * Context: sleepable program (kernel_read_file).
 * Return: as vendorban_check().
 */
int vendorban_bpf_kernel_read_file(struct file *file, unsigned int id)
{
	if (id != READING_MODULE || !file)
		return 0;
	return vendorban_check_file(file, VENDORBAN_OP_MODULE);
}

/**
 * vendorban_bpf_kernel_load_data() - before init_module() copies an image
 * @id: what the kernel loads (enum kernel_load_data_id)
 *
 * Decides nothing: the image is judged once copied
 * (vendorban_bpf_kernel_post_load_data()).  The program's call shows the
 * hooks live (vendorban_kf_live()).
 *
 * Context: non-sleepable program (kernel_load_data).
 * Return: 0.
 */
int vendorban_bpf_kernel_load_data(unsigned int id)
{
	return 0;
}

/**
 * vendorban_bpf_kernel_post_load_data() - decide a module image from memory
 * @buf: the image init_module() copied from user memory (the hook's
 *       char *, which reaches the program as a number)
 * @size: its length
 * @id: what the kernel loaded (enum kernel_load_data_id)
 *
 * The kernel's copy: user space cannot change it any more.
 *
 * Context: non-sleepable program (kernel_post_load_data).
 * Return: as vendorban_check_memory_module().
 */
int vendorban_bpf_kernel_post_load_data(unsigned long buf, loff_t size,
					unsigned int id)
{
	if (id != LOADING_MODULE || !buf || size <= 0)
		return 0;
	return vendorban_check_memory_module((const u8 *)buf, size);
}
