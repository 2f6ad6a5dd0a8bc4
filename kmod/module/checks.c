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
 * kernel_load_data, kernel_post_load_data, kernel_post_read_file,
 * inode_permission and inode_free_security run in non-sleepable programs
 * (RCU read side) and decide without reading a file or sleeping.
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "../cache.h"
#include "../decide.h"
#include "../pin.h"
#include "checks.h"
#include "evicted.h"
#include "pin_table.h"
#include "unseen.h"

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
 * (deny_write_access()), on the file it opened; through overlayfs
 * vendorban pins the real file it reads as well (pin.c), and
 * vendorban_bpf_kernel_post_read_file() checks that the kernel read that
 * one.
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

/**
 * vendorban_bpf_kernel_post_read_file() - did the kernel read what was judged?
 * @file: the file the kernel has read
 * @id: what the kernel read it for (enum kernel_read_file_id)
 *
 * A module file through overlayfs copied up between the check and the
 * read was read from a file nothing pinned: refused as writable.
 *
 * Context: non-sleepable program (kernel_post_read_file).
 * Return: as vendorban_check_module_read().
 */
int vendorban_bpf_kernel_post_read_file(struct file *file, unsigned int id)
{
	if (id != READING_MODULE || !file)
		return 0;
	return vendorban_check_module_read(file);
}

/**
 * vendorban_bpf_inode_permission() - someone asks to write a file
 * @inode: the inode
 * @mask: the access asked for (MAY_*)
 *
 * A write request releases vendorban's pin of the inode if nothing runs
 * its bytes any more (pin.c).  Every other access returns at once.
 *
 * Context: non-sleepable program (inode_permission), the RCU path walk
 * included.
 * Return: 0.
 */
int vendorban_bpf_inode_permission(struct inode *inode, int mask)
{
	if (inode && (mask & MAY_WRITE) && S_ISREG(inode->i_mode))
		vendorban_pin_write_request(inode);
	return 0;
}

/**
 * vendorban_bpf_inode_free_security() - an inode is being freed
 * @inode: the inode
 *
 * Its entry in the pin table goes first (module/pin_table.c), and its
 * record of a suspicion if it can never be found again (deleted; an
 * O_TMPFILE never linked; its filesystem unmounted: module/evicted.c).
 *
 * Context: non-sleepable program (inode_free_security).
 * Return: 0.
 */
int vendorban_bpf_inode_free_security(struct inode *inode)
{
	if (inode) {
		vendorban_pin_table_forget(inode);
		vendorban_evicted_forget(inode);
	}
	return 0;
}

/**
 * vendorban_bpf_sb_alloc_security() - a superblock is being made
 * @sb: the superblock
 *
 * One made while the programs see every mmap() holds no page that could
 * have been taken for writing unseen: it needs no look for holds from
 * before (unseen.c), which would find a reader's (a pipe after splice())
 * as well and make the file suspect for nothing.
 *
 * Context: sleepable program (sb_alloc_security).
 * Return: 0 (a mount never fails for it).
 */
int vendorban_bpf_sb_alloc_security(struct super_block *sb)
{
	if (sb)
		vendorban_unseen_sb_made(sb, vendorban_cache_sight_now());
	return 0;
}
