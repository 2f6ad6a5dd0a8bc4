// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - can the bytes read now be trusted to be the bytes run?
 *
 * A decision holds only for the bytes vendorban read.  Three kinds of
 * file break that: a file whose content can still change after the check
 * without the change being seen (open for writing, writably mapped, an
 * unsealed memfd, an overlayfs file copied up since it was opened), a
 * file whose filesystem can hand vendorban's reads other bytes than the
 * loader's (FUSE, network filesystems; IMA calls their signatures
 * unverifiable), and a file on a filesystem mounted in a user namespace
 * (its mounter controls it).  The policy's "writable", "unverifiable" and
 * "userns-mounts" settings decide such files, and none is ever cached.
 *
 * Through overlayfs, the bytes that run are not the overlay file's: its
 * mapping holds the real (upper or lower) file, so vendorban reads, pins
 * (pin.c) and judges that file (vendorban_real_file()).
 *
 * A file whose pages may be held (pinned for DMA, as io_uring's fixed
 * buffers pin them, or taken for writing by I/O in flight) by someone who
 * took them through a writable shared mapping that is gone counts as
 * writable too (held.c).
 */

#include "common.h"

#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/shmem_fs.h>
#include <linux/user_namespace.h>
#include <linux/xarray.h>

#include "held.h"
#include "kcompat.h"
#include "trust.h"

/*
 * The file under an open overlayfs file, whose pages its mappings hold:
 * ovl_open() opens the real file and keeps it in private_data, and
 * ovl_mmap() puts that file in the mapping (vma_set_file(); in 6.12
 * through backing_file_mmap()); reads go to the file of the current real
 * inode instead, which differs once the file was copied up after it was
 * opened (ovl_real_fdget_meta()).  The same in 6.1 and 6.12.  NULL for a
 * file of another filesystem (and for an O_PATH file, which has none).
 */
static struct file *stacked_file(struct file *file)
{
	const struct inode *inode = file_inode(file);

	if (inode->i_sb->s_magic != OVERLAYFS_SUPER_MAGIC ||
	    !S_ISREG(inode->i_mode) || (file->f_mode & FMODE_PATH))
		return NULL;
	return file->private_data;
}

/**
 * vendorban_real_file() - the file whose bytes run when @file is used
 * @file: an open file
 *
 * For an overlayfs file, the real file its mappings hold (at the bottom
 * of the stack, overlays on overlays included); else @file.  It lives as
 * long as @file.
 *
 * Context: any.
 * Return: the file to read, pin and judge.
 */
struct file *vendorban_real_file(struct file *file)
{
	struct file *real;
	int depth;

	for (depth = 0; depth <= FILESYSTEM_MAX_STACK_DEPTH; depth++) {
		real = stacked_file(file);
		if (!real)
			break;
		file = real;
	}
	return file;
}

/**
 * vendorban_file_stale() - was the overlayfs file copied up since opened?
 * @file: an open file
 *
 * Its mappings then hold the old real file while reads of it (the
 * kernel's of a module among them) go to the new one, so what vendorban
 * reads is not necessarily what is used.
 *
 * Context: any (d_real_inode() of overlayfs does not sleep).
 * Return: true if @file's real file is not its dentry's real inode now.
 */
bool vendorban_file_stale(struct file *file)
{
	struct file *real = vendorban_real_file(file);

	return real != file &&
	       file_inode(real) != d_real_inode(file->f_path.dentry);
}

/*
 * An unsealed memfd: whoever holds one of its descriptors may write to it
 * at any time, and memfd_create() does not count it as open for writing.
 * memfd_fcntl(F_GET_SEALS) is not exported to modules, but the seals of a
 * shmem inode are a field of it (seals are only ever added).  A memfd is
 * a shmem file whose dentry is a lone pseudo dentry (its own parent) named
 * "memfd:..." by memfd_create(); a tmpfs file of that name has a parent.
 * A memfd of hugetlbfs is not recognised: see docs/policy-format.md.
 */
static bool unsealed_memfd(struct file *file)
{
	const struct dentry *dentry = file->f_path.dentry;
	unsigned int seals;

	if (!shmem_file(file) || !IS_ROOT(dentry) ||
	    strncmp(dentry->d_name.name, "memfd:", 6))
		return false;
	seals = READ_ONCE(SHMEM_I(file_inode(file))->seals);
	if (seals & F_SEAL_WRITE)
		return false;
	/* F_SEAL_FUTURE_WRITE leaves the writable mappings made before it */
	return !(seals & F_SEAL_FUTURE_WRITE) ||
	       mapping_writably_mapped(file->f_mapping);
}

/**
 * vendorban_inode_writable() - is the inode open for writing or mapped so?
 * @inode: the inode
 *
 * Context: any; takes no lock.
 * Return: true if a process can change its content now.
 */
bool vendorban_inode_writable(struct inode *inode)
{
	return inode_is_open_for_write(inode) ||
	       mapping_writably_mapped(inode->i_mapping);
}

/**
 * vendorban_file_writable() - can the file's content change after a check?
 * @file: the file being checked
 *
 * True when some process holds it open for writing, when pages of it are
 * mapped shared and writable (writes through such a mapping move neither
 * i_version nor anything a hook sees), or when it is an unsealed memfd.
 * Through overlayfs, the real (upper or lower) file counts too: it can be
 * opened and mapped directly, without the overlay; and so does a copy-up
 * since @file was opened (vendorban_file_stale()).
 *
 * Context: any; takes no lock.
 * Return: true if the content can change without vendorban seeing it.
 */
bool vendorban_file_writable(struct file *file)
{
	struct inode *real = file_inode(vendorban_real_file(file));

	return vendorban_inode_writable(file_inode(file)) ||
	       vendorban_inode_writable(real) || unsealed_memfd(file) ||
	       vendorban_file_stale(file);
}

/*
 * The walk of vendorban_mapping_any() and vendorban_mapping_any_atomic():
 * true past @most folios; @may_sleep: step out of RCU when the scheduler
 * wants the CPU back.
 */
static bool mapping_walk(struct address_space *mapping,
			 bool (*test)(struct xa_state *xas, struct folio *folio),
			 unsigned long most, bool may_sleep)
{
	XA_STATE(xas, &mapping->i_pages, 0);
	unsigned long n = 0;
	struct folio *folio;
	bool found = false;

	rcu_read_lock();
	xas_for_each(&xas, folio, ULONG_MAX) {
		if (xas_retry(&xas, folio) || xa_is_value(folio))
			continue;
		if (++n > most || test(&xas, folio)) {
			found = true;
			break;
		}
		if (may_sleep && need_resched()) {
			xas_pause(&xas);
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return found;
}

/**
 * vendorban_mapping_any() - does @test hold for some folio of @mapping?
 * @mapping: the page cache walked
 * @test: asked of each folio, with the walk's state (for xas_reload())
 *
 * Walked under RCU, stepping out of it when the scheduler wants the CPU
 * back (a file may be large); value entries (pages swapped out) are
 * skipped.  @test runs under RCU and must not sleep.
 *
 * Context: process context, may sleep (between folios).
 * Return: true as soon as @test returned true for a folio.
 */
bool vendorban_mapping_any(struct address_space *mapping,
			   bool (*test)(struct xa_state *xas,
					struct folio *folio))
{
	return mapping_walk(mapping, test, ULONG_MAX, true);
}

/**
 * vendorban_mapping_any_atomic() - vendorban_mapping_any() in any context
 * @mapping: the page cache walked
 * @test: as for vendorban_mapping_any()
 * @most: the folios looked at, at most (the walk cannot step out of RCU)
 *
 * Context: any, atomic included; takes the RCU read lock, does not sleep.
 * Return: true as soon as @test returned true for a folio, or if
 * @mapping has more than @most folios.
 */
bool vendorban_mapping_any_atomic(struct address_space *mapping,
				  bool (*test)(struct xa_state *xas,
					       struct folio *folio),
				  unsigned long most)
{
	return mapping_walk(mapping, test, most, false);
}

static bool sb_unverifiable(const struct super_block *sb)
{
	return (sb->s_iflags & (SB_I_IMA_UNVERIFIABLE_SIGNATURE |
				SB_I_UNTRUSTED_MOUNTER)) ||
	       vendorban_fs_magic_unverifiable(sb->s_magic);
}

/* Whether @test holds for the filesystem of @file or of a file under it. */
static bool any_layer(struct file *file,
		      bool (*test)(const struct super_block *sb))
{
	struct file *real;
	int depth;

	for (depth = 0; depth <= FILESYSTEM_MAX_STACK_DEPTH + 1; depth++) {
		if (test(file_inode(file)->i_sb))
			return true;
		real = stacked_file(file);
		if (!real)
			break;
		file = real;
	}
	return false;
}

/**
 * vendorban_file_unverifiable() - may the filesystem lie about the bytes?
 * @file: the file being checked
 *
 * True for FUSE (the server answers every read, and with FOPEN_DIRECT_IO
 * the page cache is dropped at mmap, so vendorban's reads and the loader's
 * may see different bytes), for a filesystem the kernel marks
 * SB_I_UNTRUSTED_MOUNTER (on 6.1 and 6.12 only FUSE mounted in a user
 * namespace), and for network filesystems.  Through overlayfs the
 * filesystem of the real (upper or lower) file counts too.
 *
 * Context: any; takes no lock.
 * Return: true if vendorban cannot vouch for the bytes it reads.
 */
bool vendorban_file_unverifiable(struct file *file)
{
	return any_layer(file, sb_unverifiable);
}

/* Mounted in a user namespace: whoever created it controls the mount. */
static bool sb_userns(const struct super_block *sb)
{
	return sb->s_user_ns != &init_user_ns;
}

/**
 * vendorban_file_userns_mount() - is the file on a user's own mount?
 * @file: the file being checked
 *
 * True when its filesystem was mounted in a user namespace (tmpfs,
 * overlayfs, FUSE... as an unprivileged user may mount them in a user
 * namespace of their own: the superblock's user namespace is not the
 * initial one), or, through overlayfs, the real file's is.
 *
 * Context: any; takes no lock.
 * Return: true if the policy's userns-mounts setting applies.
 */
bool vendorban_file_userns_mount(struct file *file)
{
	return any_layer(file, sb_userns);
}

/**
 * vendorban_inode_owner_untrusted() - are the inode's owner and mode a claim?
 * @inode: the inode (of any layer: its own filesystem is looked at)
 *
 * True on a filesystem that may lie to vendorban (FUSE, network
 * filesystems: their server says who owns a file and may let anyone
 * write it whatever its mode; a FUSE mount by fusermount is in the
 * initial user namespace) and on one mounted in a user namespace (its
 * mounter's).  A file there that looks as if only root may write it
 * need not be one.
 *
 * Context: any; takes no lock.
 * Return: true if the owner and mode of @inode tell nothing.
 */
bool vendorban_inode_owner_untrusted(const struct inode *inode)
{
	return sb_unverifiable(inode->i_sb) || sb_userns(inode->i_sb);
}

/*
 * Whether the owner of @file's inode, as the mount it was opened through
 * shows it, is a user other than root: through an idmapped mount (rootless
 * containers, systemd-homed) a file root owns on disk may be a user's,
 * who may then write it through that mount.
 */
static bool user_owns_through_mount(struct file *file)
{
	vfsuid_t owner = i_uid_into_vfsuid(vendorban_file_idmap(file),
					   file_inode(file));

	return !vfsuid_eq_kuid(owner, GLOBAL_ROOT_UID);
}

/**
 * vendorban_file_user_owned() - is the file a user's, as its mount shows it?
 * @file: an open file
 *
 * True when the mount @file was opened through, or through overlayfs the
 * one its real file was, shows the owner of its inode as a user other
 * than root.  An idmapped mount (made by root: LXD and Incus, systemd-nspawn
 * --private-users-ownership=map, Kubernetes user namespaces) shows files
 * root owns on disk as a user's, who may create and write them through
 * it.  As IMA's fowner rules do, the owner is judged as the mount the file
 * was found through shows it.
 *
 * Context: any.
 * Return: true if a user other than root owns @file through its mount.
 */
bool vendorban_file_user_owned(struct file *file)
{
	return user_owns_through_mount(file) ||
	       user_owns_through_mount(vendorban_real_file(file));
}

static enum vendorban_fact fact(bool holds)
{
	return holds ? VENDORBAN_FACT_YES : VENDORBAN_FACT_NO;
}

/**
 * vendorban_measure_trust() - the facts the policy's settings look at
 * @file: the file being decided (open for reading)
 * @unpinned: its bytes could not be pinned (pin.c: a writer has it)
 * @tf: filled in, once per decision, for vendorban_policy_settle()
 *
 * A file whose pages may be held by someone else (vendorban_file_held():
 * pinned for DMA, or taken for writing by I/O in flight) is writable.
 *
 * Context: process context, may sleep (vendorban_file_held()).
 */
void vendorban_measure_trust(struct file *file, bool unpinned,
			     struct vendorban_trust_facts *tf)
{
	tf->unread = VENDORBAN_READ;
	tf->writable = fact(unpinned || vendorban_file_writable(file) ||
			    vendorban_file_held(file));
	tf->unverifiable = fact(vendorban_file_unverifiable(file));
	tf->userns_mount = fact(vendorban_file_userns_mount(file));
}
