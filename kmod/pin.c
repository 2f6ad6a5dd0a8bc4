// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - keeping the bytes that run from changing under them
 *
 * A decision holds for the bytes vendorban read, so those must be the
 * bytes that run, for as long as they run.  The kernel does this for the
 * program an exec runs: exec takes a deny of its inode's i_writecount
 * (exe_file_deny_write_access()), so every later open for writing and
 * truncate fails with ETXTBSY inside the kernel (get_write_access()),
 * until the process lets go of the file.  It does not for:
 *   - the real file under an overlayfs file: exec denies writes to the
 *     overlay inode, but a mapping of the file holds the real (upper or
 *     lower) file (ovl_mmap()), and whoever may write that file directly
 *     changes the code running;
 *   - a library, or any file mapped executable (MAP_DENYWRITE is gone);
 *   - a module file read through overlayfs (kernel_read_file() denies
 *     writes to the overlay inode only).
 * So vendorban takes the same deny, a pin, on the inode whose bytes run
 * or are read (the real one through overlayfs: vendorban_real_file()),
 * before it reads them.  A file that cannot be pinned has a writer: it is
 * writable, and the policy's writable setting decides it.
 *
 * Which inodes: for an exec or a module load, only the real file under
 * an overlayfs file (the kernel holds the rest); for a module, whoever
 * owns it (root is whom a module ban restrains, and the pin lasts as long
 * as the load); for an exec and an executable mapping, a file that a user
 * other than root may write (not owned by root, or writable by group or
 * others: a POSIX ACL's mask shows in the group bits; or a user's
 * through the idmapped mount it was opened through, whose owner may
 * write it there), so that a user mapping /etc/hosts executable cannot
 * make root's writes to it fail.  (A file root owns, mapped through a
 * mount that shows it as root's, is not pinned even if another, idmapped
 * mount shows it as a user's: that user can rewrite it under the
 * mapping.)
 * Such a file is pinned if the caller could keep its owner from writing
 * anyway: the caller may write it itself (owns it, through the mount it
 * opened it by; may write it through its group or others' bits; or is
 * root), or may execute it (the kernel's
 * permission check, not any execute bit: a 0744 file is not the others'
 * to run), so that its exec would pin it too.  Otherwise (a user mapping
 * another user's readable data file executable, or a program it may read
 * but not run) a pin would let the user make the owner's writes fail, and
 * no pin would let the owner change the bytes under the mapping: the
 * file cannot be pinned, and is writable.
 *
 * Lifetime: one pin per inode, however many use it.  It is released when
 * someone asks to write the file (inode_permission() with MAY_WRITE,
 * which open, truncate and access(W_OK) go through before
 * get_write_access()) and nothing can run its bytes any more: no mapping
 * of it (mapping_mapped()) and no file open on it for reading only
 * (i_readcount).  The second covers what the first cannot see: a check in
 * progress holds the file it checks open from before the pin until the
 * mapping holds it (an overlayfs file holds its real file open), and a
 * mapping holds its file.  Otherwise the writer gets ETXTBSY, as it would
 * for a running program.  A pin not released goes away with its inode.
 */

#include "common.h"

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>

#include "form.h"
#include "kcompat.h"
#include "pin.h"
#include "trust.h"

DEFINE_SPINLOCK(vendorban_pin_lock);

/**
 * vendorban_others_may_write() - may a user other than root write the inode?
 * @inode: the inode
 *
 * Context: any.
 * Return: true if it is not root's, or its group or others may write it
 * (mode 0022; a POSIX ACL's mask shows in the group bits).
 */
bool vendorban_others_may_write(const struct inode *inode)
{
	return !uid_eq(inode->i_uid, GLOBAL_ROOT_UID) ||
	       (inode->i_mode & 0022);
}

/*
 * Whether the current task may execute @file's inode, as exec would ask:
 * the permission bits, POSIX ACLs and capabilities (generic_permission()
 * with MAY_EXEC, through the idmap of the mount it was opened through),
 * not other LSMs' hooks (probing them would log their denials).  Without
 * sleeping when @atomic: an ACL not cached then counts as a no.
 */
static bool caller_may_exec(struct file *file, bool atomic)
{
	int mask = MAY_EXEC | (atomic ? MAY_NOT_BLOCK : 0);

	return !generic_permission(vendorban_file_idmap(file), file_inode(file),
				   mask);
}

/*
 * Whether a pin takes nothing from the file's owner that the current task
 * could not take anyway (see the file comment): it may write the file
 * (root; the owner; write permission for others, or for the group when it
 * is in it or the filesystem has POSIX ACLs, whose mask the group bits
 * show), or it may execute the file itself (exec would pin it).  Reads
 * the task's own credentials only: fine in atomic context.
 */
static bool caller_may_pin(struct file *file, bool atomic)
{
	const struct inode *inode = file_inode(file);
	kuid_t fsuid = current_fsuid();
	umode_t mode = inode->i_mode;
	vfsuid_t owner = i_uid_into_vfsuid(vendorban_file_idmap(file), inode);

	return uid_eq(fsuid, GLOBAL_ROOT_UID) || vfsuid_eq_kuid(owner, fsuid) ||
	       (mode & 0002) ||
	       ((mode & 0020) &&
		(in_group_p(inode->i_gid) || IS_POSIXACL(inode))) ||
	       caller_may_exec(file, atomic);
}

/*
 * Whether a file is open on @inode for reading only.  The kernel counts
 * those (i_readcount) only with CONFIG_IMA, as Debian's kernels have it;
 * without it every inode is taken to have one, so that a pin is never
 * released before its inode goes.
 */
static bool has_readers(const struct inode *inode)
{
#ifdef CONFIG_IMA
	return atomic_read(&inode->i_readcount) > 0;
#else
	return true;
#endif
}

/* Whether the inode's bytes may still run: see the file comment. */
static bool in_use(struct inode *inode)
{
	return mapping_mapped(inode->i_mapping) || has_readers(inode);
}

static bool is_pinned(const struct inode *inode)
{
	struct vendorban_pin *pin;
	bool pinned;

	rcu_read_lock();
	pin = vendorban_form()->pin_find(inode);
	pinned = pin && READ_ONCE(pin->pinned);
	rcu_read_unlock();
	return pinned;
}

/* Takes the pin of @inode unless it is held already. */
static int pin_inode(struct inode *inode, bool atomic)
{
	struct vendorban_pin *spare, *pin;
	int ret = 0;

	/* held: cannot be released while the caller's file keeps it in use */
	if (is_pinned(inode))
		return 0;
	spare = vendorban_form()->pin_spare(atomic ? GFP_NOWAIT | __GFP_NOWARN :
					     GFP_KERNEL);
	rcu_read_lock();
	spin_lock(&vendorban_pin_lock);
	pin = vendorban_form()->pin_of(inode, &spare);
	if (IS_ERR(pin))
		ret = PTR_ERR(pin);
	else if (pin->pinned)
		ret = 0;
	else if (atomic_dec_unless_positive(&inode->i_writecount))
		WRITE_ONCE(pin->pinned, true);
	else
		ret = -ETXTBSY;
	spin_unlock(&vendorban_pin_lock);
	rcu_read_unlock();
	vendorban_form()->pin_spare_free(spare);
	return ret;
}

/**
 * vendorban_pin_file() - keep the bytes of @file that will run unchanged
 * @file: the file being checked, open for reading (for mprotect(), the
 *        mapping's file)
 * @op: what is done with it
 * @atomic: the caller may not sleep (mprotect()): allocate without sleeping
 *
 * Context: process context; with @atomic, any (takes a spinlock only).
 * Return: 0 if the bytes are pinned or need no pin; -ETXTBSY if the file
 * has a writer; -EPERM if the caller may not pin it (another user's data
 * file: see the file comment); -EBUSY if it cannot be pinned now (the
 * loadable form without its pin table); -ENOMEM.
 */
int vendorban_pin_file(struct file *file, enum vendorban_op op, bool atomic)
{
	struct file *real = vendorban_real_file(file);
	struct inode *inode = file_inode(real);

	if (!S_ISREG(inode->i_mode))
		return 0;
	switch (op) {
	case VENDORBAN_OP_MODULE:
		/* the kernel holds the file it reads (kernel_read_file()) */
		return real == file ? 0 : pin_inode(inode, atomic);
	case VENDORBAN_OP_EXEC:
		/* the kernel holds the file it runs (exec) */
		if (real == file)
			return 0;
		break;
	case VENDORBAN_OP_MMAP:
	case VENDORBAN_OP_MPROTECT:
		break;
	}
	if (!vendorban_others_may_write(inode) &&
	    !vendorban_file_user_owned(file))
		return 0;
	if (!caller_may_pin(real, atomic))
		return -EPERM;
	return pin_inode(inode, atomic);
}

/**
 * vendorban_pin_write_request() - someone asks to write @inode
 * @inode: the inode (inode_permission() with MAY_WRITE)
 *
 * Releases vendorban's pin if nothing can run the file's bytes any more;
 * otherwise the kernel refuses the write (ETXTBSY).
 *
 * Context: any, the RCU path walk included (takes a spinlock only).
 */
void vendorban_pin_write_request(struct inode *inode)
{
	struct vendorban_pin *pin;

	rcu_read_lock();
	pin = vendorban_form()->pin_find(inode);
	if (pin && READ_ONCE(pin->pinned) && !in_use(inode)) {
		spin_lock(&vendorban_pin_lock);
		if (pin->pinned && !in_use(inode)) {
			WRITE_ONCE(pin->pinned, false);
			atomic_inc(&inode->i_writecount);
		}
		spin_unlock(&vendorban_pin_lock);
	}
	rcu_read_unlock();
}
