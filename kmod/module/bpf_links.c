// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - holding vendorban's BPF LSM links (module form)
 *
 * "vendorbanctl attach" loads the BPF object this module carries
 * (securityfs bpf_object), attaches its programs to the LSM hooks, pins
 * the links in bpffs and writes their file descriptors to bpf_links.  The
 * module takes its own reference on each link, so neither closing the
 * descriptors nor removing the pins detaches a program; once locked the
 * references are never dropped, and the pins cannot be unlinked (the
 * inode_unlink program asks vendorban_bpf_pin_protected()).  The kernel
 * has no detach for LSM links (BPF_LINK_DETACH fails), and the programs
 * hold this module through its kfuncs, so rmmod fails while they exist.
 *
 * The BPF LSM is the mechanism in force (status "mechanism: bpf-lsm")
 * when a link is held for every hook and the hooks are seen to run; the
 * exec gate (main.c) then lets every file through to them.
 */

#include "../common.h"

#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../fs.h"
#include "../kcompat.h"
#include "../state.h"
#include "bpf_links.h"
#include "kfuncs.h"
#include "pin_table.h"

VENDORBAN_IMPORT_BPF_INTERNAL;

/**
 * struct vendorban_bpf_hook - one program of vendorban's BPF object
 * @hook: the BTF name of the LSM hook it attaches to
 * @prog: its name (the function in bpf/vendorban.bpf.c)
 */
struct vendorban_bpf_hook {
	const char *hook;
	const char *prog;
};

static const struct vendorban_bpf_hook vendorban_bpf_hooks[] = {
	{ "bpf_lsm_bprm_check_security", "vb_exec" },
	{ "bpf_lsm_mmap_file", "vb_mmap" },
	{ "bpf_lsm_file_mprotect", "vb_mprotect" },
	{ "bpf_lsm_kernel_read_file", "vb_kread" },
	{ "bpf_lsm_kernel_load_data", "vb_kload" },
	{ "bpf_lsm_inode_unlink", "vb_unlink" },
	{ "bpf_lsm_kernel_post_read_file", "vb_kpost" },
	{ "bpf_lsm_inode_permission", "vb_perm" },
	{ "bpf_lsm_inode_free_security", "vb_ifree" },
};

/* The links held, one per hook; written under vendorban_links_lock. */
static struct bpf_link *vendorban_links[ARRAY_SIZE(vendorban_bpf_hooks)];
static DEFINE_MUTEX(vendorban_links_lock);
/* Locked: no link held is ever dropped or replaced. */
static bool vendorban_links_frozen;
/* Every hook held and seen running. */
static bool vendorban_bpf_forced;

/* Which of vendorban's programs @link attaches, or -1 if none. */
static int hook_of(const struct bpf_link *link)
{
	const struct bpf_prog *prog = link->prog;
	unsigned int i;

	if (link->type != BPF_LINK_TYPE_TRACING || !prog ||
	    prog->type != BPF_PROG_TYPE_LSM ||
	    prog->expected_attach_type != BPF_LSM_MAC ||
	    !prog->aux->attach_func_name)
		return -1;
	for (i = 0; i < ARRAY_SIZE(vendorban_bpf_hooks); i++)
		if (!strcmp(prog->aux->attach_func_name,
			    vendorban_bpf_hooks[i].hook) &&
		    !strncmp(prog->aux->name, vendorban_bpf_hooks[i].prog,
			     BPF_OBJ_NAME_LEN))
			return i;
	return -1;
}

/*
 * Hold the link behind @fd in its hook's place.  Once locked, a link held
 * is never replaced; an empty place may still be filled (that only adds
 * checks).  Context: links lock.
 */
static int hold_link(int fd)
{
	struct bpf_link *link = bpf_link_get_from_fd(fd);
	struct bpf_link *old;
	int i;

	if (IS_ERR(link))
		return PTR_ERR(link);
	i = hook_of(link);
	if (i < 0 || (vendorban_links_frozen && vendorban_links[i] &&
		      vendorban_links[i] != link)) {
		bpf_link_put(link);
		return i < 0 ? -EINVAL : -EPERM;
	}
	old = vendorban_links[i];
	WRITE_ONCE(vendorban_links[i], link);
	if (old)
		bpf_link_put(old);
	return 0;
}

/*
 * Drop every link held.  The pins go first: their table relies on the
 * inode_free_security program running.  Context: links lock, not frozen.
 */
static void release_links(void)
{
	unsigned int i;

	vendorban_pin_table_close();
	for (i = 0; i < ARRAY_SIZE(vendorban_links); i++) {
		if (vendorban_links[i])
			bpf_link_put(vendorban_links[i]);
		vendorban_links[i] = NULL;
	}
}

static bool all_held(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vendorban_links); i++)
		if (!vendorban_links[i])
			return false;
	return true;
}

/* Parse "FD FD ..." and hold each.  Context: links lock. */
static int hold_links(char *text)
{
	char *word;
	int fd, ret;

	while ((word = strsep(&text, " \t\n")) != NULL) {
		if (!*word)
			continue;
		ret = kstrtoint(word, 10, &fd);
		if (!ret)
			ret = hold_link(fd);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Held links replaced or released: is the BPF LSM now in force?  Pins
 * may be taken exactly then (module/pin_table.c).
 */
static void update_forced(void)
{
	bool forced = all_held() && vendorban_bpf_hooks_live();

	if (forced)
		vendorban_pin_table_open();
	else
		vendorban_pin_table_close();
	WRITE_ONCE(vendorban_bpf_forced, forced);
}

static ssize_t bpf_links_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	char *text;
	int ret;

	if (!file_ns_capable(file, &init_user_ns, CAP_MAC_ADMIN))
		return -EPERM;
	if (*ppos != 0 || count == 0 || count > PAGE_SIZE)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);

	mutex_lock(&vendorban_links_lock);
	if (sysfs_streq(text, "release")) {
		ret = vendorban_links_frozen ? -EPERM : 0;
		if (!ret)
			release_links();
	} else {
		ret = hold_links(text);
	}
	update_forced();
	mutex_unlock(&vendorban_links_lock);
	kfree(text);
	return ret ? ret : count;
}

static const struct file_operations bpf_links_fops = {
	.owner = THIS_MODULE,
	.write = bpf_links_write,
	.llseek = generic_file_llseek,
};

#ifdef VENDORBAN_HAVE_BPF_OBJECT
static ssize_t bpf_object_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, vendorban_bpf_object,
				       vendorban_bpf_object_end -
				       vendorban_bpf_object);
}

static const struct file_operations bpf_object_fops = {
	.owner = THIS_MODULE,
	.read = bpf_object_read,
	.llseek = generic_file_llseek,
};
#endif

static struct dentry *vendorban_bpf_dentries[2];

/**
 * vendorban_bpf_in_force() - is the BPF LSM vendorban's mechanism?
 *
 * Context: any.
 * Return: true when vendorban's programs are held on every hook and run.
 */
bool vendorban_bpf_in_force(void)
{
	return READ_ONCE(vendorban_bpf_forced);
}

/**
 * vendorban_bpf_pin_protected() - is @dentry a pin that must stay?
 * @dentry: a name about to be unlinked
 *
 * Once locked, the bpffs pins of the links vendorban holds stay: a pin's
 * inode points to its link.  A link held then is never dropped, so a
 * lockless read sees it (or a place being filled, whose pin this unlink
 * cannot be yet).
 *
 * Context: any (a non-sleepable BPF program).
 * Return: true if the unlink must be refused.
 */
bool vendorban_bpf_pin_protected(struct dentry *dentry)
{
	struct inode *inode = d_backing_inode(dentry);
	unsigned int i;

	if (!READ_ONCE(vendorban_links_frozen) || !inode ||
	    inode->i_sb->s_magic != BPF_FS_MAGIC)
		return false;
	for (i = 0; i < ARRAY_SIZE(vendorban_links); i++) {
		struct bpf_link *link = READ_ONCE(vendorban_links[i]);

		if (link && inode->i_private == link)
			return true;
	}
	return false;
}

/**
 * vendorban_bpf_lock() - keep the links held until reboot
 *
 * Context: process context (vendorban_pin_form()).
 */
void vendorban_bpf_lock(void)
{
	mutex_lock(&vendorban_links_lock);
	WRITE_ONCE(vendorban_links_frozen, true);
	mutex_unlock(&vendorban_links_lock);
}

static const char *why_not_bpf(void)
{
#ifndef VENDORBAN_HAVE_BPF_OBJECT
	return "not built (no clang)";
#endif
	if (!vendorban_kfuncs_registered())
		return "module built without BTF";
	if (!all_held())
		return "not attached";
	return "not in the kernel's LSM list";
}

int vendorban_format_mechanism(char *buf, size_t size)
{
	int n;

	mutex_lock(&vendorban_links_lock);
	if (vendorban_bpf_forced)
		n = scnprintf(buf, size, "bpf-lsm");
	else
		n = scnprintf(buf, size, "binfmt (bpf: %s)", why_not_bpf());
	mutex_unlock(&vendorban_links_lock);
	return n;
}

/**
 * vendorban_bpf_init() - offer the kfuncs; create bpf_object and bpf_links
 *
 * Context: module init, after vendorban_fs_init().
 * Return: 0 or a negative errno; on error nothing is left behind.
 */
int vendorban_bpf_init(void)
{
	struct dentry *dir = vendorban_fs_dir();
	struct dentry *d;
	int ret = vendorban_kfuncs_init();

	if (ret)
		pr_warn("kfuncs not registered (%d): exec gate only\n", ret);
#ifdef VENDORBAN_HAVE_BPF_OBJECT
	d = securityfs_create_file("bpf_object", 0400, dir, NULL,
				   &bpf_object_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	vendorban_bpf_dentries[0] = d;
#endif
	d = securityfs_create_file("bpf_links", 0200, dir, NULL,
				   &bpf_links_fops);
	if (IS_ERR(d)) {
		vendorban_bpf_exit();
		return PTR_ERR(d);
	}
	vendorban_bpf_dentries[1] = d;
	return 0;
}

/**
 * vendorban_bpf_exit() - remove the files and drop the links (unlocked)
 *
 * Context: module exit or failed init.
 */
void vendorban_bpf_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(vendorban_bpf_dentries) - 1; i >= 0; i--) {
		securityfs_remove(vendorban_bpf_dentries[i]);
		vendorban_bpf_dentries[i] = NULL;
	}
	mutex_lock(&vendorban_links_lock);
	if (!vendorban_links_frozen)
		release_links();
	WRITE_ONCE(vendorban_bpf_forced, false);
	mutex_unlock(&vendorban_links_lock);
}
