// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the hooks of the built-in form
 *
 * Thin wrappers: each hook says what is being done with which bytes and
 * hands over to the decision path (decide.c), or clears the cache of an
 * inode that may change.  vendorban_lsm_<hook>() is the hook of each row of
 * the hook table (hook_table.h) that the built-in form uses.
 */

#include "../common.h"

#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/lsm_hooks.h>

#include "../cache.h"
#include "../decide.h"
#include "../form.h"
#include "../kcompat.h"
#include "../pin.h"
#include "hooks.h"

/**
 * struct vendorban_task_state - what vendorban remembers about a task
 * @exec_inode: the last file an exec stage of this task let through; only
 *              compared, never dereferenced
 *
 * Lives in the task's LSM blob.
 */
struct vendorban_task_state {
	const struct inode *exec_inode;
};

/**
 * struct vendorban_inode_blob - vendorban's part of an inode's security blob
 * @state: the decision cache's state (cache.c)
 * @pin: vendorban's hold on the inode's writers (pin.c)
 */
struct vendorban_inode_blob {
	struct vendorban_inode_state state;
	struct vendorban_pin pin;
};

/* Sizes, replaced by offsets when the LSM framework sets up the blobs. */
struct lsm_blob_sizes vendorban_blob_sizes __ro_after_init = {
	.lbs_inode = sizeof(struct vendorban_inode_blob),
	.lbs_task = sizeof(struct vendorban_task_state),
};

static struct vendorban_task_state *task_state(void)
{
	return current->security + vendorban_blob_sizes.lbs_task;
}

static struct vendorban_inode_blob *inode_blob(const struct inode *inode)
{
	if (!inode->i_security)
		return NULL;
	return inode->i_security + vendorban_blob_sizes.lbs_inode;
}

/**
 * vendorban_lsm_inode_state() - vendorban's part of an inode's security blob
 * @inode: the inode
 *
 * Context: any; the blob lives as long as the inode.
 * Return: the state, or NULL when the inode has no blob.
 */
struct vendorban_inode_state *
vendorban_lsm_inode_state(const struct inode *inode)
{
	struct vendorban_inode_blob *blob = inode_blob(inode);

	return blob ? &blob->state : NULL;
}

/**
 * vendorban_lsm_inode_state_attach() - make sure the file's inode has a state
 * @file: the file
 *
 * Context: any.
 * Return: 0; -ENOENT if the inode has no blob.
 */
int vendorban_lsm_inode_state_attach(struct file *file)
{
	return vendorban_lsm_inode_state(file_inode(file)) ? 0 : -ENOENT;
}

/**
 * vendorban_lsm_pin_find() - the pin state of an inode
 * @inode: the inode
 *
 * Context: any; the blob lives as long as the inode.
 * Return: the state, or NULL when the inode has no blob.
 */
struct vendorban_pin *vendorban_lsm_pin_find(const struct inode *inode)
{
	struct vendorban_inode_blob *blob = inode_blob(inode);

	return blob ? &blob->pin : NULL;
}

/**
 * vendorban_lsm_pin_of() - the pin state of an inode, which is in its blob
 * @inode: the inode
 * @spare: unused (the built-in form never needs memory for a pin)
 *
 * Context: any.
 * Return: the state; ERR_PTR(-EBUSY) when the inode has no blob.
 */
struct vendorban_pin *vendorban_lsm_pin_of(struct inode *inode,
					   struct vendorban_pin **spare)
{
	struct vendorban_pin *pin = vendorban_lsm_pin_find(inode);

	return pin ? pin : ERR_PTR(-EBUSY);
}

/**
 * vendorban_lsm_pin_spare() - nothing: the state is in the inode's blob
 * @gfp: unused
 *
 * Return: NULL.
 */
struct vendorban_pin *vendorban_lsm_pin_spare(gfp_t gfp)
{
	return NULL;
}

/**
 * vendorban_lsm_pin_spare_free() - nothing to free
 * @spare: NULL
 */
void vendorban_lsm_pin_spare_free(struct vendorban_pin *spare)
{
}

/*
 * Called once per stage of an exec: for the file named in execve() (also
 * through execveat(AT_EMPTY_PATH) and fexecve()), then for the "#!"
 * interpreter of a script and for a binfmt_misc interpreter, each before the
 * point of no return, so a denial is a clean EACCES.
 */
static int vendorban_lsm_bprm_check_security(struct linux_binprm *bprm)
{
	int ret = vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);

	task_state()->exec_inode = ret ? NULL : file_inode(bprm->file);
	return ret;
}

/* Executable mappings (decide.c says which and why). */
static int vendorban_lsm_mmap_file(struct file *file, unsigned long reqprot,
				   unsigned long prot, unsigned long flags)
{
	return vendorban_check_mmap(file, prot, task_state()->exec_inode);
}

/* A file mapping turned executable: the cache decides (mmap lock held). */
static int vendorban_lsm_file_mprotect(struct vm_area_struct *vma,
				       unsigned long reqprot, unsigned long prot)
{
	return vendorban_check_mprotect(vma, prot);
}

/* finit_module(): the whole module file, read by the kernel. */
static int vendorban_lsm_kernel_post_read_file(struct file *file, char *buf,
					       loff_t size,
					       enum kernel_read_file_id id)
{
	struct vendorban_subject subj = {
		.file = file,
		.buf = buf,
		.size = size,
	};

	if (id != READING_MODULE)
		return 0;
	return vendorban_check(&subj, VENDORBAN_OP_MODULE);
}

/* init_module(): the module image copied from user memory. */
static int vendorban_lsm_kernel_post_load_data(char *buf, loff_t size,
					       enum kernel_load_data_id id,
					       char *description)
{
	struct vendorban_subject subj = { .buf = buf, .size = size };

	if (id != LOADING_MODULE)
		return 0;
	return vendorban_check(&subj, VENDORBAN_OP_MODULE);
}

/* A write asked for: vendorban's pin goes if nothing runs the file. */
static int vendorban_lsm_inode_permission(struct inode *inode, int mask)
{
	if ((mask & MAY_WRITE) && S_ISREG(inode->i_mode))
		vendorban_pin_write_request(inode);
	return 0;
}

static int vendorban_lsm_inode_alloc_security(struct inode *inode)
{
	struct vendorban_inode_state *state = vendorban_lsm_inode_state(inode);

	if (state)
		spin_lock_init(&state->lock);
	return 0;
}

/* Opening for writing may change the file: forget what was decided. */
static int vendorban_lsm_file_open(struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		vendorban_cache_invalidate(file_inode(file));
	return 0;
}

static int vendorban_lsm_inode_setattr(VENDORBAN_SETATTR_IDMAP
				       struct dentry *dentry,
				       struct iattr *attr)
{
	vendorban_cache_invalidate(d_backing_inode(dentry));
	return 0;
}

static int vendorban_lsm_path_truncate(const struct path *path)
{
	vendorban_cache_invalidate(d_backing_inode(path->dentry));
	return 0;
}

static void vendorban_lsm_inode_post_setxattr(struct dentry *dentry,
					      const char *name,
					      const void *value, size_t size,
					      int flags)
{
	vendorban_cache_invalidate(d_backing_inode(dentry));
}

static int vendorban_lsm_inode_removexattr(struct vendorban_idmap *idmap,
					   struct dentry *dentry,
					   const char *name)
{
	vendorban_cache_invalidate(d_backing_inode(dentry));
	return 0;
}

#define VENDORBAN_HOOK(hook, prog, form, ...)				\
	VB_LIST_IN_BUILTIN_##form(VB_UNUSED(prog)			\
				  LSM_HOOK_INIT(hook, vendorban_lsm_##hook))
static struct security_hook_list vendorban_hooks[] __ro_after_init = {
#include "../hook_table.h"
};

#undef VENDORBAN_HOOK

/**
 * vendorban_add_hooks() - register the built-in form's hooks
 */
void __init vendorban_add_hooks(void)
{
	vendorban_security_add_hooks(vendorban_hooks,
				     ARRAY_SIZE(vendorban_hooks));
}
