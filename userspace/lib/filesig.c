// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a file's signatures, read as the kernel reads them
 *
 * Not a copy of the kernel's gathering: as kmod/facts.c does, this gives
 * the shared vendorban_sigset_gather() (kmod/lib/sigset.c) a way to read
 * the file (pread() here), and that code finds the signatures: every
 * appended trailer, followed back from the end, the PE certificate table
 * of a file starting with "MZ", and every nested Authenticode signature,
 * within the same limits.  A trailer or table that does not parse, a blob that cannot
 * be read in full, a message that does not parse and a limit exceeded make
 * the signature malformed, as in the kernel.  A compressed module (.ko.xz,
 * .ko.zst: by its magic, whatever its name) is read as the kernel's module
 * loader reads it: decompressed (kmod/lib/modimage.c, with liblzma and
 * libzstd), and one that does not decompress is malformed.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "filesig.h"
#include "inflate.h"

static int read_at(int fd, void *buf, size_t len, off_t pos)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (u8 *)buf + done, len - done, pos + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return 0;
}

static int read_fd(void *ctx, void *dst, size_t len, u64 pos)
{
	return read_at(*(int *)ctx, dst, len, pos);
}

/* Reads from a decompressed module image. */
static int read_image(void *ctx, void *dst, size_t len, u64 pos)
{
	const struct vendorban_modimage *img = ctx;

	if (pos > img->len || len > img->len - pos)
		return -EIO;
	memcpy(dst, img->data + pos, len);
	return 0;
}

static int gather(int fd, off_t size, struct vb_filesig *sig)
{
	struct vendorban_modimage *img = &sig->image;
	int ret;

	ret = vendorban_modimage_from_file(img, size, read_fd, &fd,
					   vb_inflate, NULL);
	if (ret)
		return ret;
	if (img->data)
		return vendorban_sigset_gather(&sig->set, img->len,
					       read_image, img);
	ret = vendorban_sigset_gather(&sig->set, size, read_fd, &fd);
	if (!ret)	/* as in the kernel: kmod/facts.c */
		vendorban_modimage_taint(img, &sig->set);
	return ret;
}

static int read_signatures(int fd, off_t size, struct vb_filesig *sig)
{
	struct vendorban_sigset *set = &sig->set;
	int ret = gather(fd, size, sig);

	if (ret)
		return ret;
	sig->state = set->state;
	sig->why = set->why;
	sig->limit = set->limit;
	sig->nr_trailers = set->nr_trailers;
	sig->located = set->nr_trailers > 0;
	if (sig->located)
		sig->where = set->trailers[0];
	sig->is_pe = set->is_pe;
	sig->pe = set->pe;
	sig->blob = set->nr_blobs ? set->blobs[0] : NULL;
	sig->nr_msgs = set->nr_msgs;
	sig->msgs = set->msgs;
	sig->ders = set->ders;
	sig->nr_provable = set->outer_msg == 0 ? 1 : 0;
	return 0;
}

/* The security.ima signature (and its key id), if there is one. */
static void read_ima_keyid(int fd, struct vb_filesig *sig)
{
	ssize_t len = fgetxattr(fd, "security.ima", sig->ima_xattr,
				sizeof(sig->ima_xattr));

	if (len > 0 && !vendorban_imasig_parse(sig->ima_xattr, len, &sig->ima)) {
		memcpy(sig->ima_keyid, sig->ima.keyid, sizeof(sig->ima_keyid));
		sig->has_ima_keyid = true;
	}
}

/**
 * vb_filesig_read_fd() - find and parse the signatures of an open file
 * @fd: the file, open for reading (not closed here)
 * @sig: filled in; release with vb_filesig_release()
 *
 * Every appended signature, the PE certificate table, each message with
 * its nested Authenticode signatures, and the security.ima key id, as
 * kmod/facts.c reads them.
 *
 * Return: 0 with @sig->state set; a negative errno when the file's size
 * cannot be read, or -ENOMEM.
 */
int vb_filesig_read_fd(int fd, struct vb_filesig *sig)
{
	struct stat st;
	int ret;

	memset(sig, 0, sizeof(*sig));
	sig->state = VENDORBAN_SIG_NONE;
	if (fstat(fd, &st) < 0)
		return -errno;
	sig->size = st.st_size;
	ret = read_signatures(fd, st.st_size, sig);
	if (!ret)
		read_ima_keyid(fd, sig);
	sig->msg = sig->nr_msgs ? sig->msgs[0] : NULL;
	if (ret)
		vb_filesig_release(sig);
	return ret;
}

/**
 * vb_filesig_read() - find and parse the signatures of a file
 * @path: the file
 * @sig: filled in; release with vb_filesig_release()
 *
 * vb_filesig_read_fd() on @path, opened here.
 *
 * Return: 0 with @sig->state set; a negative errno when the file cannot be
 * opened or its size read, or -ENOMEM.
 */
int vb_filesig_read(const char *path, struct vb_filesig *sig)
{
	int fd, ret;

	memset(sig, 0, sizeof(*sig));
	sig->state = VENDORBAN_SIG_NONE;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	ret = vb_filesig_read_fd(fd, sig);
	close(fd);
	return ret;
}

void vb_filesig_release(struct vb_filesig *sig)
{
	vendorban_sigset_release(&sig->set);
	vendorban_modimage_release(&sig->image);
	sig->nr_msgs = 0;
	sig->blob = NULL;
	sig->msg = NULL;
}

const char *vb_sig_state_name(enum vendorban_sig_state state)
{
	switch (state) {
	case VENDORBAN_SIG_NONE:
		return "none";
	case VENDORBAN_SIG_MALFORMED:
		return "malformed";
	case VENDORBAN_SIG_PRESENT:
		return "present";
	}
	return "?";
}
