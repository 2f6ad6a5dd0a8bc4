// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a file's signatures, read as the kernel reads them
 *
 * The userspace twin of kmod/facts.c: the last 40 bytes go to the shared
 * vendorban_modsig_locate(), the blob they point to to the shared
 * vendorban_pkcs7_parse(); without a trailer, a file starting with "MZ"
 * has its head given to vendorban_pe_locate() and its certificate table
 * walked with vendorban_pe_next_cert().  Nested Authenticode signatures
 * are parsed as further messages, at most VENDORBAN_MAX_MSGS.  A trailer
 * or table that does not parse, a blob that cannot be read in full and a
 * message that does not parse make the signature malformed, as in the
 * kernel.
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

static void malformed(struct vb_filesig *sig, const char *why)
{
	sig->state = VENDORBAN_SIG_MALFORMED;
	sig->why = why;
}

/* The kernel's add_msg(): -ENOMEM, -ENOSPC (no room), or a parse error. */
static int add_msg(struct vb_filesig *sig, const struct vendorban_blob *der)
{
	struct vendorban_pkcs7 *msg;
	int ret;

	if (sig->nr_msgs >= VENDORBAN_MAX_MSGS)
		return -ENOSPC;
	msg = calloc(1, sizeof(*msg));
	if (!msg)
		return -ENOMEM;
	ret = vendorban_pkcs7_parse(der->data, der->len, msg);
	if (ret) {
		free(msg);
		return ret;
	}
	sig->ders[sig->nr_msgs] = *der;
	sig->msgs[sig->nr_msgs++] = msg;
	return 0;
}

/* A message and the Authenticode signatures nested in it; 0 or the error. */
static int add_msg_tree(struct vb_filesig *sig,
			const struct vendorban_blob *der, int *err)
{
	unsigned int i, first = sig->nr_msgs;
	int ret = add_msg(sig, der);

	if (!ret)
		for (i = 0; i < sig->msgs[first]->nr_nested; i++) {
			ret = add_msg(sig, &sig->msgs[first]->nested[i]);
			if (ret && ret != -ENOSPC && !*err)
				*err = ret;
			if (ret == -ENOMEM)
				return ret;
		}
	else if (ret != -ENOSPC && !*err)
		*err = ret;
	return ret == -ENOMEM ? ret : 0;
}

static int read_modsig(int fd, struct vb_filesig *sig)
{
	struct vendorban_blob der;
	int err = 0;

	sig->blob = malloc(sig->where.sig_len ? sig->where.sig_len : 1);
	if (!sig->blob)
		return -ENOMEM;
	if (read_at(fd, sig->blob, sig->where.sig_len, sig->where.sig_offset)) {
		malformed(sig, "signature cannot be read");
		return 0;
	}
	der.data = sig->blob;
	der.len = sig->where.sig_len;
	if (add_msg_tree(sig, &der, &err))
		return -ENOMEM;
	if (err)
		malformed(sig, "PKCS#7 does not parse");
	else
		sig->state = VENDORBAN_SIG_PRESENT;
	return 0;
}

/* The kernel's locate_pe(): 0, -ENODATA (not a signed PE) or an error. */
static int locate_pe(int fd, off_t size, struct vb_filesig *sig)
{
	size_t len = size < VENDORBAN_PE_HEAD_LEN ? (size_t)size :
						     VENDORBAN_PE_HEAD_LEN;
	u8 *head;
	int ret;

	if (len < 2)
		return -ENODATA;
	head = malloc(len);
	if (!head)
		return -ENOMEM;
	ret = read_at(fd, head, len, 0);
	if (!ret && (head[0] != 'M' || head[1] != 'Z'))
		ret = -ENODATA;
	if (!ret)
		ret = vendorban_pe_locate(head, len, size, &sig->pe);
	free(head);
	return ret;
}

/* The kernel's gather_pe(), the table located. */
static int read_pe(int fd, struct vb_filesig *sig)
{
	struct vendorban_blob der;
	size_t pos = 0;
	int ret, err = 0;

	sig->is_pe = true;
	sig->blob = malloc(sig->pe.table_len ? sig->pe.table_len : 1);
	if (!sig->blob)
		return -ENOMEM;
	if (read_at(fd, sig->blob, sig->pe.table_len, sig->pe.table_offset)) {
		malformed(sig, "certificate table cannot be read");
		return 0;
	}
	while (!(ret = vendorban_pe_next_cert(sig->blob, sig->pe.table_len,
					      &pos, &der)))
		if (add_msg_tree(sig, &der, &err))
			return -ENOMEM;
	if (ret != -ENODATA)
		malformed(sig, "invalid certificate table entry");
	else if (err)
		malformed(sig, "PKCS#7 does not parse");
	else if (sig->nr_msgs)
		sig->state = VENDORBAN_SIG_PRESENT;
	return 0;
}

static int read_signatures(int fd, off_t size, struct vb_filesig *sig)
{
	u8 trailer[VENDORBAN_MODSIG_TRAILER_LEN];
	size_t tail = size < (off_t)sizeof(trailer) ? (size_t)size :
						      sizeof(trailer);
	int ret;

	if (read_at(fd, trailer, tail, size - tail)) {
		malformed(sig, "file cannot be read");
		return 0;
	}
	ret = vendorban_modsig_locate(trailer, tail, size, &sig->where);
	if (!ret) {
		sig->located = true;
		return read_modsig(fd, sig);
	}
	if (ret != -ENODATA) {
		malformed(sig, "invalid signature trailer");
		return 0;
	}
	ret = locate_pe(fd, size, sig);
	if (ret == -ENOMEM)
		return ret;
	if (ret == -ENODATA)
		return 0;
	if (ret) {
		malformed(sig, ret == -EIO ? "file cannot be read" :
			  "invalid PE certificate table");
		return 0;
	}
	return read_pe(fd, sig);
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
 * The appended signature, else the PE certificate table, each message
 * with its nested Authenticode signatures, and the security.ima key id,
 * as kmod/facts.c reads them.
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
	unsigned int i;

	for (i = 0; i < sig->nr_msgs; i++) {
		free(sig->msgs[i]);
		sig->msgs[i] = NULL;
	}
	sig->nr_msgs = 0;
	free(sig->blob);
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
