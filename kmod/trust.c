// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - can the bytes read now be trusted to be the bytes run?
 *
 * A decision holds only for the bytes vendorban read.  Two kinds of file
 * break that: a file whose content can still change after the check
 * without the change being seen (open for writing, writably mapped, an
 * unsealed memfd), and a file whose filesystem can hand vendorban's reads
 * other bytes than the loader's (FUSE, network filesystems; IMA calls
 * their signatures unverifiable).  The policy's "writable" and
 * "unverifiable" settings decide such files, and none is ever cached.
 */

#include "common.h"

#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>

#include "trust.h"

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
 * opened and mapped directly, without the overlay.
 *
 * Context: any; takes no lock.
 * Return: true if the content can change without vendorban seeing it.
 */
bool vendorban_file_writable(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct inode *real = d_real_inode(file->f_path.dentry);

	return vendorban_inode_writable(inode) ||
	       (real && real != inode && vendorban_inode_writable(real)) ||
	       unsealed_memfd(file);
}

/* Filesystems whose server decides what each read returns. */
static bool network_fs(const struct super_block *sb)
{
	switch (sb->s_magic) {
	case NFS_SUPER_MAGIC:
	case SMB_SUPER_MAGIC:
	case CIFS_SUPER_MAGIC:
	case SMB2_SUPER_MAGIC:
	case V9FS_MAGIC:
	case CEPH_SUPER_MAGIC:
	case AFS_FS_MAGIC:
	case AFS_SUPER_MAGIC:
	case CODA_SUPER_MAGIC:
	case FUSE_SUPER_MAGIC:
		return true;
	}
	return false;
}

static bool sb_unverifiable(const struct super_block *sb)
{
	return (sb->s_iflags & (SB_I_IMA_UNVERIFIABLE_SIGNATURE |
				SB_I_UNTRUSTED_MOUNTER)) ||
	       network_fs(sb);
}

/**
 * vendorban_file_unverifiable() - may the filesystem lie about the bytes?
 * @file: the file being checked
 *
 * True for FUSE (the server answers every read, and with FOPEN_DIRECT_IO
 * the page cache is dropped at mmap, so vendorban's reads and the loader's
 * may see different bytes), for mounts made in a user namespace, and for
 * network filesystems.  Through overlayfs the filesystem of the real
 * (upper or lower) file counts too.
 *
 * Context: any; takes no lock.
 * Return: true if vendorban cannot vouch for the bytes it reads.
 */
bool vendorban_file_unverifiable(struct file *file)
{
	const struct inode *real = d_real_inode(file->f_path.dentry);

	return sb_unverifiable(file_inode(file)->i_sb) ||
	       (real && sb_unverifiable(real->i_sb));
}
