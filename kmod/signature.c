// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - reading a file's appended signature
 *
 * Only the tail of the file is read: the 40-byte trailer, then the
 * signature blob it points to.  Matching identities never hashes the file.
 */

#include "common.h"

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "signature.h"

static int read_exact(struct file *file, void *buf, size_t len, loff_t pos)
{
	ssize_t got = kernel_read(file, buf, len, &pos);

	if (got < 0)
		return got;
	return got == len ? 0 : -EIO;
}

static int read_blob(struct file *file, struct vendorban_file_sig *sig)
{
	int ret;

	sig->blob = kvmalloc(sig->where.sig_len, GFP_KERNEL);
	if (!sig->blob)
		return -ENOMEM;
	ret = read_exact(file, sig->blob, sig->where.sig_len,
			 sig->where.sig_offset);
	if (ret)
		return ret;

	sig->msg = kvzalloc(sizeof(*sig->msg), GFP_KERNEL);
	if (!sig->msg)
		return -ENOMEM;
	return vendorban_pkcs7_parse(sig->blob, sig->where.sig_len, sig->msg);
}

/**
 * vendorban_read_signature() - find and parse the signature of a file
 * @file: an open file with FMODE_READ
 * @sig: filled in; release with vendorban_release_signature()
 *
 * A file without the trailer magic is unsigned.  A file that cannot be
 * read, a trailer that points outside the file, a blob that cannot be read
 * in full, and a blob that does not parse all make the signature malformed:
 * the policy decides what that means.
 *
 * Context: process context, may sleep.
 * Return: 0, with @sig->state set; -ENOMEM if memory ran out (the caller
 * must refuse the operation rather than guess).
 */
int vendorban_read_signature(struct file *file, struct vendorban_file_sig *sig)
{
	u8 trailer[VENDORBAN_MODSIG_TRAILER_LEN];
	loff_t size = i_size_read(file_inode(file));
	size_t tail = min_t(loff_t, size, sizeof(trailer));
	int ret;

	memset(sig, 0, sizeof(*sig));
	sig->state = VENDORBAN_SIG_NONE;
	if (size < 0 || (file->f_mode & FMODE_READ) == 0) {
		sig->state = VENDORBAN_SIG_MALFORMED;
		return 0;
	}

	ret = read_exact(file, trailer, tail, size - tail);
	if (ret) {
		sig->state = VENDORBAN_SIG_MALFORMED;
		return 0;
	}
	ret = vendorban_modsig_locate(trailer, tail, size, &sig->where);
	if (ret == -ENODATA)
		return 0;
	if (!ret)
		ret = read_blob(file, sig);
	if (ret == -ENOMEM) {
		vendorban_release_signature(sig);
		return -ENOMEM;
	}
	sig->state = ret ? VENDORBAN_SIG_MALFORMED : VENDORBAN_SIG_PRESENT;
	return 0;
}

/**
 * vendorban_release_signature() - free what vendorban_read_signature() read
 * @sig: the signature
 */
void vendorban_release_signature(struct vendorban_file_sig *sig)
{
	kvfree(sig->msg);
	kvfree(sig->blob);
	sig->msg = NULL;
	sig->blob = NULL;
}
