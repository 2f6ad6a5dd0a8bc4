// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a file's appended signature, read as the kernel reads it
 *
 * The userspace twin of kmod/signature.c: the last 40 bytes go to the
 * shared vendorban_modsig_locate(), the blob they point to to the shared
 * vendorban_pkcs7_parse().  A trailer that does not parse, a blob that
 * cannot be read in full and a blob that does not parse make the
 * signature malformed, as in the kernel.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static void malformed(struct vb_filesig *sig, const char *why)
{
	sig->state = VENDORBAN_SIG_MALFORMED;
	sig->why = why;
}

static int read_blob(int fd, struct vb_filesig *sig)
{
	sig->blob = malloc(sig->where.sig_len);
	sig->msg = calloc(1, sizeof(*sig->msg));
	if (!sig->blob || !sig->msg)
		return -ENOMEM;
	if (read_at(fd, sig->blob, sig->where.sig_len, sig->where.sig_offset)) {
		malformed(sig, "signature cannot be read");
		return 0;
	}
	if (vendorban_pkcs7_parse(sig->blob, sig->where.sig_len, sig->msg))
		malformed(sig, "PKCS#7 does not parse");
	else
		sig->state = VENDORBAN_SIG_PRESENT;
	return 0;
}

/**
 * vb_filesig_read() - find and parse the appended signature of a file
 * @path: the file
 * @sig: filled in; release with vb_filesig_release()
 *
 * Return: 0 with @sig->state set; a negative errno when the file cannot be
 * opened or its size read, or -ENOMEM.
 */
int vb_filesig_read(const char *path, struct vb_filesig *sig)
{
	u8 trailer[VENDORBAN_MODSIG_TRAILER_LEN];
	struct stat st;
	size_t tail;
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
	tail = st.st_size < (off_t)sizeof(trailer) ? (size_t)st.st_size :
							sizeof(trailer);
	if (read_at(fd, trailer, tail, st.st_size - tail)) {
		malformed(sig, "file cannot be read");
		goto out;
	}
	ret = vendorban_modsig_locate(trailer, tail, st.st_size, &sig->where);
	if (ret == -ENODATA) {
		ret = 0;
		goto out;
	}
	if (ret) {
		ret = 0;
		malformed(sig, "invalid signature trailer");
		goto out;
	}
	sig->located = true;
	ret = read_blob(fd, sig);
out:
	close(fd);
	if (ret)
		vb_filesig_release(sig);
	return ret;
}

void vb_filesig_release(struct vb_filesig *sig)
{
	free(sig->blob);
	free(sig->msg);
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
