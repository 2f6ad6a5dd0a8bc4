// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - securityfs interface
 *
 * /sys/kernel/security/vendorban/{policy,mode,lock,require_signed,status,
 * rule_counts,subuids}, then the form's own files (struct vendorban_form);
 * see docs/kernel-interface.md.  Writes need CAP_MAC_ADMIN in the initial
 * user namespace, checked against the opener's credentials.
 */

#include "common.h"

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "audit.h"
#include "counts.h"
#include "form.h"
#include "fs.h"
#include "owners.h"
#include "policy_sig.h"
#include "state.h"

static struct dentry *vendorban_dir;

/* Every change needs CAP_MAC_ADMIN, and none is possible once locked. */
static bool may_change(const struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_MAC_ADMIN) &&
	       !vendorban_locked();
}

/**
 * struct policy_reader - an open policy file, read a line at a time
 * @active: the policy in force when the file was opened (so that one
 *          read-back is of one policy), or NULL
 * @cur: the line being shown
 *
 * The kernel does not keep the canonical text: each line is rendered from
 * the parsed policy when it is read.
 */
struct policy_reader {
	struct vendorban_active *active;
	struct vendorban_policy_cursor cur;
};

static void *policy_seq_start(struct seq_file *m, loff_t *pos)
{
	struct policy_reader *r = m->private;

	if (!r->active || *pos < 0 ||
	    !vendorban_policy_cursor_at(r->active->policy, *pos, &r->cur))
		return NULL;
	return &r->cur;
}

static void *policy_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct policy_reader *r = m->private;

	++*pos;
	if (!vendorban_policy_next_record(r->active->policy, &r->cur))
		return NULL;
	return &r->cur;
}

static void policy_seq_stop(struct seq_file *m, void *v)
{
}

/* One line (or the header); seq_file retries with a larger buffer. */
static int policy_seq_show(struct seq_file *m, void *v)
{
	struct policy_reader *r = m->private;
	size_t len;
	char *buf;

	len = vendorban_policy_put_record(r->active->policy, &r->cur, NULL);
	if (seq_get_buf(m, &buf) < len) {
		seq_commit(m, -1);
		return 0;
	}
	vendorban_policy_put_record(r->active->policy, &r->cur, buf);
	seq_commit(m, len);
	return 0;
}

static const struct seq_operations policy_seq_ops = {
	.start = policy_seq_start,
	.next = policy_seq_next,
	.stop = policy_seq_stop,
	.show = policy_seq_show,
};

static int policy_open(struct inode *inode, struct file *file)
{
	struct policy_reader *r;

	if (!(file->f_mode & FMODE_READ))
		return 0;
	r = __seq_open_private(file, &policy_seq_ops, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->active = vendorban_get_active();
	return 0;
}

static int policy_release(struct inode *inode, struct file *file)
{
	struct seq_file *m;
	struct policy_reader *r;

	if (!(file->f_mode & FMODE_READ))
		return 0;
	m = file->private_data;
	r = m->private;
	vendorban_put_active(r->active);
	return seq_release_private(inode, file);
}

static ssize_t policy_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	char *text;
	int ret;

	if (!may_change(file))
		return -EPERM;
	if (*ppos != 0)
		return -EINVAL;
	if (count > VENDORBAN_POLICY_BLOB_MAX)
		return -E2BIG;

	text = vmemdup_user(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	ret = vendorban_load_policy(text, count, false);
	kvfree(text);
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static const struct file_operations policy_fops = {
	.owner = THIS_MODULE,
	.open = policy_open,
	.read = seq_read,
	.write = policy_write,
	.llseek = seq_lseek,
	.release = policy_release,
};

static const char *mode_text(bool enforce)
{
	return enforce ? "enforce\n" : "permissive\n";
}

static ssize_t mode_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	const char *text = mode_text(vendorban_enforcing());

	return simple_read_from_buffer(buf, count, ppos, text, strlen(text));
}

/*
 * word_from_user() - copy a one-word write to a switch into @text
 * @file: the securityfs file written
 * @buf: the user's buffer
 * @count: its length
 * @ppos: the write position: only a write from 0 is taken
 * @text: where the word goes, NUL-terminated
 * @size: @text's size: a longer write is refused
 *
 * Return: 0, -EPERM if the writer may not change settings (may_change()),
 * -EINVAL for a write not from 0, empty or too long, -EFAULT.
 */
static int word_from_user(struct file *file, const char __user *buf,
			  size_t count, const loff_t *ppos, char *text,
			  size_t size)
{
	if (!may_change(file))
		return -EPERM;
	if (*ppos != 0 || count == 0 || count >= size)
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	text[count] = '\0';
	return 0;
}

static ssize_t mode_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	char text[16];
	bool enforce;
	int ret;

	ret = word_from_user(file, buf, count, ppos, text, sizeof(text));
	if (ret)
		return ret;
	if (sysfs_streq(text, "enforce"))
		enforce = true;
	else if (sysfs_streq(text, "permissive"))
		enforce = false;
	else
		return -EINVAL;

	ret = vendorban_set_enforcing(enforce);
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static const struct file_operations mode_fops = {
	.owner = THIS_MODULE,
	.read = mode_read,
	.write = mode_write,
	.llseek = generic_file_llseek,
};

/* "1\n" or "0\n", the content of a one-way switch. */
static ssize_t flag_read(char __user *buf, size_t count, loff_t *ppos,
			 bool on)
{
	const char *text = on ? "1\n" : "0\n";

	return simple_read_from_buffer(buf, count, ppos, text, strlen(text));
}

/*
 * A write to a one-way switch (require_signed): only a true value
 * is accepted, and it calls @turn_on.
 */
static ssize_t one_way_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos, int (*turn_on)(void))
{
	bool value;
	int ret;

	if (!may_change(file))
		return -EPERM;
	if (*ppos != 0)
		return -EINVAL;
	ret = kstrtobool_from_user(buf, count, &value);
	if (ret)
		return ret;
	if (!value)
		return -EINVAL;
	ret = turn_on();
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static ssize_t lock_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	return flag_read(buf, count, ppos, vendorban_locked());
}

/*
 * "1" (or another true value) locks; "force" locks even while the form
 * decides on less than it can, which "1" is refused for (-EBUSY).
 */
static ssize_t lock_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	char text[8];
	bool value;
	int ret;

	ret = word_from_user(file, buf, count, ppos, text, sizeof(text));
	if (ret)
		return ret;
	if (sysfs_streq(text, "force"))
		value = true;
	else if (kstrtobool(text, &value) || !value)
		return -EINVAL;
	ret = vendorban_lock(sysfs_streq(text, "force"));
	if (ret)
		return ret;
	*ppos += count;
	return count;
}

static const struct file_operations lock_fops = {
	.owner = THIS_MODULE,
	.read = lock_read,
	.write = lock_write,
	.llseek = generic_file_llseek,
};

static ssize_t require_signed_read(struct file *file, char __user *buf,
				   size_t count, loff_t *ppos)
{
	return flag_read(buf, count, ppos, vendorban_policy_sig_required());
}

static ssize_t require_signed_write(struct file *file, const char __user *buf,
				    size_t count, loff_t *ppos)
{
	return one_way_write(file, buf, count, ppos,
			     vendorban_require_signed);
}

static const struct file_operations require_signed_fops = {
	.owner = THIS_MODULE,
	.read = require_signed_read,
	.write = require_signed_write,
	.llseek = generic_file_llseek,
};

static int format_status(char *buf, size_t size)
{
	char last_error[VENDORBAN_REASON_LEN + 48];
	struct vendorban_active *active = vendorban_get_active();
	const struct vendorban_policy *p = active ? active->policy : NULL;
	int n;

	n = scnprintf(buf, size, "form: %s\nmechanism: ", vendorban_form()->name);
	n += vendorban_form()->format_mechanism(buf + n, size - n);
	n += scnprintf(buf + n, size - n, "\npolicy: %s\n",
		       p ? p->name : "none");
	if (p)
		n += scnprintf(buf + n, size - n,
			       "version: %u\ndigest: sha256:%*phN\nrules: %u\nsigned: %s\n",
			       p->version, (int)sizeof(p->digest), p->digest,
			       p->nr_rules, active->is_signed ? "yes" : "no");
	vendorban_put_active(active);
	vendorban_last_error(last_error, sizeof(last_error));
	n += scnprintf(buf + n, size - n,
		       "mode: %s\nlocked: %s\nrequire_signed: %s\nlast_error: %s\nallowed: %llu\ndenied: %llu\nwould_deny: %llu\npolicy_loads: %llu\npolicy_rejects: %llu\ncache_hits: %llu\n",
		       vendorban_enforcing() ? "enforce" : "permissive",
		       vendorban_locked() ? "yes" : "no",
		       vendorban_policy_sig_required() ? "yes" : "no",
		       last_error,
		       vendorban_counter_read(VENDORBAN_CNT_ALLOWED),
		       vendorban_counter_read(VENDORBAN_CNT_DENIED),
		       vendorban_counter_read(VENDORBAN_CNT_WOULD_DENY),
		       vendorban_counter_read(VENDORBAN_CNT_LOADS),
		       vendorban_counter_read(VENDORBAN_CNT_REJECTS),
		       vendorban_counter_read(VENDORBAN_CNT_CACHE_HITS));
	n += scnprintf(buf + n, size - n, "audit_suppressed: %llu\n",
		       vendorban_audit_suppressed());
	return n;
}

static ssize_t status_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	char *text;
	ssize_t ret;
	int len;

	text = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	len = format_status(text, PAGE_SIZE);
	ret = simple_read_from_buffer(buf, count, ppos, text, len);
	kfree(text);
	return ret;
}

static const struct file_operations status_fops = {
	.owner = THIS_MODULE,
	.read = status_read,
	.llseek = generic_file_llseek,
};

static const struct vendorban_fs_file vendorban_files[] = {
	{ "policy", 0600, &policy_fops },
	{ "mode", 0600, &mode_fops },
	{ "lock", 0600, &lock_fops },
	{ "require_signed", 0600, &require_signed_fops },
	{ "status", 0444, &status_fops },
	{ "rule_counts", 0400, &vendorban_counts_fops },
	{ "subuids", 0600, &vendorban_subuids_fops },
};

/* Room for the form's own files after vendorban's. */
#define VENDORBAN_FORM_FILES_MAX 4

static struct dentry *vendorban_dentries[ARRAY_SIZE(vendorban_files) +
					 VENDORBAN_FORM_FILES_MAX];

/**
 * vendorban_fs_exit() - remove /sys/kernel/security/vendorban/
 *
 * Removes the files in reverse order of creation, then the directory.
 */
void vendorban_fs_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(vendorban_dentries) - 1; i >= 0; i--) {
		securityfs_remove(vendorban_dentries[i]);
		vendorban_dentries[i] = NULL;
	}
	securityfs_remove(vendorban_dir);
	vendorban_dir = NULL;
}

/* Creates @nr files of @files from the @first dentry on. */
static int create_files(const struct vendorban_fs_file *files,
			unsigned int nr, unsigned int first)
{
	struct dentry *dentry;
	unsigned int i;

	if (first + nr > ARRAY_SIZE(vendorban_dentries))
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		dentry = securityfs_create_file(files[i].name, files[i].mode,
						vendorban_dir, NULL,
						files[i].fops);
		if (IS_ERR(dentry))
			return PTR_ERR(dentry);
		vendorban_dentries[first + i] = dentry;
	}
	return 0;
}

/**
 * vendorban_fs_init() - create /sys/kernel/security/vendorban/
 *
 * Creates vendorban's files, then those of the form registered.
 *
 * Context: process context, at boot (fs_initcall) or module load.
 * Return: 0 or a negative errno; on error nothing is left behind.
 */
int vendorban_fs_init(void)
{
	const struct vendorban_form *form = vendorban_form();
	int ret;

	vendorban_dir = securityfs_create_dir(VENDORBAN_NAME, NULL);
	if (IS_ERR(vendorban_dir)) {
		ret = PTR_ERR(vendorban_dir);
		vendorban_dir = NULL;
		return ret;
	}
	ret = create_files(vendorban_files, ARRAY_SIZE(vendorban_files), 0);
	if (!ret)
		ret = create_files(form->files, form->nr_files,
				   ARRAY_SIZE(vendorban_files));
	if (ret)
		vendorban_fs_exit();
	return ret;
}
