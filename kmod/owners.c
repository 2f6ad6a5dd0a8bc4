// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the owners of subordinate uids
 *
 * A user with subordinate uids (/etc/subuid; newuidmap maps them into his
 * user namespaces) can make a setuid copy of a program owned by any of
 * them and run it outside his namespace, as that uid: a process of
 * another user for everything that keys by the real uid (redteam11
 * RT11-1).  The kernel alone cannot tell whose uid 100000 is; root tells
 * it, writing /etc/subuid's ranges to securityfs subuids ("OWNER START
 * COUNT" lines, kmod/lib/subuids.c; vendorbanctl subuids), and
 * vendorban_subuid_owner() maps a uid in a range to its owner: the
 * account rate_account() (audit.c) counts it against, for the bound on
 * the record rate and the module form's suspicions.  A uid in no range
 * is its own account.  The set only changes accounting, so it may be
 * replaced after lock too (a user added at run time gets his range): see
 * docs/kernel-interface.md.
 */

#include "common.h"

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "audit.h"
#include "lib/subuids.h"
#include "owners.h"

/* The set in force (NULL: none); replaced under vendorban_owners_lock. */
static struct vendorban_subuids __rcu *vendorban_owners;
static DEFINE_MUTEX(vendorban_owners_lock);

/**
 * vendorban_subuid_owner() - the account a uid counts as
 * @uid: a uid
 *
 * Context: any (an RCU read section and a binary search).
 * Return: the owner of @uid's subordinate range, or @uid if it is in none.
 */
kuid_t vendorban_subuid_owner(kuid_t uid)
{
	const struct vendorban_subuids *set;
	u32 owner;
	kuid_t ret = uid;

	if (!uid_valid(uid))
		return uid;
	rcu_read_lock();
	set = rcu_dereference(vendorban_owners);
	if (vendorban_subuids_owner(set, __kuid_val(uid), &owner))
		ret = KUIDT_INIT(owner);
	rcu_read_unlock();
	return ret;
}

/* Puts @set in force; the old one is freed once no reader can see it. */
static void replace_set(struct vendorban_subuids *set)
{
	struct vendorban_subuids *old;

	mutex_lock(&vendorban_owners_lock);
	old = rcu_replace_pointer(vendorban_owners, set,
				  lockdep_is_held(&vendorban_owners_lock));
	mutex_unlock(&vendorban_owners_lock);
	synchronize_rcu();
	vendorban_free(old);
}

/**
 * vendorban_owners_exit() - free the set (module unload)
 *
 * Context: process context, may sleep; no reader left (the hooks are gone).
 */
void vendorban_owners_exit(void)
{
	replace_set(NULL);
}

/*
 * Open for reading: the canonical text of the set in force then, so that
 * one read-back is of one set.
 */
static int subuids_open(struct inode *inode, struct file *file)
{
	const struct vendorban_subuids *set;
	size_t len;
	char *text;

	file->private_data = NULL;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	mutex_lock(&vendorban_owners_lock);
	set = rcu_dereference_protected(vendorban_owners,
					lockdep_is_held(&vendorban_owners_lock));
	len = vendorban_subuids_format(set, NULL, 0);
	text = kvmalloc(len + 1, GFP_KERNEL);
	if (text)
		vendorban_subuids_format(set, text, len + 1);
	mutex_unlock(&vendorban_owners_lock);
	if (!text)
		return -ENOMEM;
	file->private_data = text;
	return 0;
}

static ssize_t subuids_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	const char *text = file->private_data;

	if (!text)
		return -EBADF;
	return simple_read_from_buffer(buf, count, ppos, text, strlen(text));
}

/*
 * One write replaces the whole set: a text vendorban_subuids_parse()
 * refuses (-EINVAL, audited with its line and reason) leaves the old one.
 */
static ssize_t subuids_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct vendorban_subuids_error err = {};
	struct vendorban_subuids *set;
	char *text;
	int ret;

	if (!file_ns_capable(file, &init_user_ns, CAP_MAC_ADMIN))
		return -EPERM;
	if (*ppos != 0)
		return -EINVAL;
	if (count > VENDORBAN_SUBUIDS_TEXT_MAX)
		return -E2BIG;
	text = vmemdup_user(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	ret = vendorban_subuids_parse(text, count, &set, &err);
	kvfree(text);
	if (ret == -EINVAL)
		vendorban_audit_subuids(0, &err);
	if (ret)
		return ret;
	vendorban_audit_subuids(set->nr, NULL);
	replace_set(set);
	*ppos += count;
	return count;
}

static int subuids_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

/* securityfs subuids: see docs/kernel-interface.md. */
const struct file_operations vendorban_subuids_fops = {
	.owner = THIS_MODULE,
	.open = subuids_open,
	.read = subuids_read,
	.write = subuids_write,
	.llseek = generic_file_llseek,
	.release = subuids_release,
};
