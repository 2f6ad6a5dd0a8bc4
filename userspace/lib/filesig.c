// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a file's signatures, read as the kernel reads them
 *
 * The userspace twin of kmod/facts.c: both read a file's signatures with
 * the shared vendorban_sigset_gather() (kmod/lib/sigset.c): every appended
 * trailer, followed back from the end, the PE certificate table of a file
 * starting with "MZ", and every nested Authenticode signature, within the
 * same limits.  A trailer or table that does not parse, a blob that cannot
 * be read in full, a message that does not parse and a limit exceeded make
 * the signature malformed, as in the kernel.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "filesig.h"

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

static int read_signatures(int fd, off_t size, struct vb_filesig *sig)
{
	struct vendorban_sigset *set = &sig->set;
	int ret = vendorban_sigset_gather(set, size, read_fd, &fd);

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

/* The key id of the security.ima signature, if there is one. */
static void read_ima_keyid(int fd, struct vb_filesig *sig)
{
	u8 xattr[VENDORBAN_IMA_HDR_LEN + VENDORBAN_IMA_MAX_SIG];
	struct vendorban_imasig ima;
	ssize_t len = fgetxattr(fd, "security.ima", xattr, sizeof(xattr));

	if (len > 0 && !vendorban_imasig_parse(xattr, len, &ima)) {
		memcpy(sig->ima_keyid, ima.keyid, sizeof(sig->ima_keyid));
		sig->has_ima_keyid = true;
	}
}

/**
 * vb_filesig_read() - find and parse the signatures of a file
 * @path: the file
 * @sig: filled in; release with vb_filesig_release()
 *
 * Every appended signature, the PE certificate table, each message with
 * its nested Authenticode signatures, and the security.ima key id, as
 * kmod/facts.c reads them.
 *
 * Return: 0 with @sig->state set; a negative errno when the file cannot be
 * opened or its size read, or -ENOMEM.
 */
int vb_filesig_read(const char *path, struct vb_filesig *sig)
{
	struct stat st;
	int fd, ret = 0;

	memset(sig, 0, sizeof(*sig));
	sig->state = VENDORBAN_SIG_NONE;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		goto out;
	}
	sig->size = st.st_size;
	ret = read_signatures(fd, st.st_size, sig);
	if (!ret)
		read_ima_keyid(fd, sig);
	sig->msg = sig->nr_msgs ? sig->msgs[0] : NULL;
out:
	close(fd);
	if (ret)
		vb_filesig_release(sig);
	return ret;
}

void vb_filesig_release(struct vb_filesig *sig)
{
	vendorban_sigset_release(&sig->set);
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
