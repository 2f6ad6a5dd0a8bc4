// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the files in /sys/kernel/security/vendorban
 *
 * The directory is --root DIR, else $VENDORBAN_SECURITYFS, else the
 * securityfs default.  A directory that is not on securityfs (the host
 * tests' fake) holds plain files, which are truncated before a write; a
 * securityfs file is written in exactly one write() at offset 0, as the
 * kernel requires.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "securityfs.h"
#include "util.h"

#define SECURITYFS_MAGIC	0x73636673

static const char *root_override;

void vb_securityfs_set_root(const char *dir)
{
	root_override = dir;
}

const char *vb_securityfs_root(void)
{
	const char *env = getenv("VENDORBAN_SECURITYFS");

	if (root_override)
		return root_override;
	return env && *env ? env : VB_SECURITYFS_DEFAULT;
}

static int open_file(const char *name, int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", vb_securityfs_root(), name);
	return open(path, flags | O_CLOEXEC);
}

/**
 * vb_securityfs_read() - read one vendorban file
 * @name: "policy", "mode", "status" or "lock"
 * @buf: set to a malloc()ed, NUL-terminated copy
 * @len: set to its length
 *
 * Return: 0, or a negative errno (-ENOENT: vendorban is not active).
 */
int vb_securityfs_read(const char *name, char **buf, size_t *len)
{
	int fd = open_file(name, O_RDONLY), ret;

	if (fd < 0)
		return -errno;
	ret = vb_read_fd(fd, buf, len);
	close(fd);
	return ret;
}

/**
 * vb_securityfs_write() - write one vendorban file in a single write()
 * @name: the file
 * @buf: the bytes
 * @len: their number
 *
 * Return: 0, or a negative errno from open() or write(): -EPERM without
 * CAP_MAC_ADMIN or when locked, -EINVAL for a rejected value, -E2BIG.
 */
int vb_securityfs_write(const char *name, const char *buf, size_t len)
{
	struct statfs sfs;
	ssize_t n;
	int fd, ret = 0;

	fd = open_file(name, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sfs) == 0 && sfs.f_type != SECURITYFS_MAGIC &&
	    ftruncate(fd, 0) < 0)
		ret = -errno;
	if (!ret) {
		n = write(fd, buf, len);
		if (n < 0)
			ret = -errno;
		else if ((size_t)n != len)
			ret = -EIO;
	}
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

/**
 * vb_status_value() - one "key: value" line of the status text
 * @status: the text of the status file
 * @key: the key, without the colon
 * @out: the value, without the newline
 * @size: size of @out
 *
 * Return: 0, or -ENOENT when the key is absent.
 */
int vb_status_value(const char *status, const char *key, char *out,
		    size_t size)
{
	size_t klen = strlen(key);
	const char *p = status;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *v = p + klen + 1 + (p[klen + 1] == ' ');
			size_t n = strcspn(v, "\n");

			snprintf(out, size, "%.*s", (int)n, v);
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

/**
 * vb_securityfs_error() - why a vendorban file could not be opened
 * @err: the negative errno of vb_securityfs_read() or _write()
 *
 * A missing file is not "No such file or directory" as if the user's
 * policy were missing: without the directory, vendorban is not active;
 * with it, the file does not exist in this form or version.
 *
 * Return: the reason, valid until the next call.
 */
const char *vb_securityfs_error(int err)
{
	static char msg[4200];
	const char *root = vb_securityfs_root();
	struct stat st;

	if (err == -ENOENT || err == -ENOTDIR) {
		if (stat(root, &st) || !S_ISDIR(st.st_mode))
			snprintf(msg, sizeof(msg),
				 "vendorban is not active: %s does not exist ('vendorbanctl status' says how to enable it)",
				 root);
		else
			snprintf(msg, sizeof(msg),
				 "%s has no such file: is it vendorban's securityfs directory (--root), and the kernel as new as this tool?",
				 root);
		return msg;
	}
	if (err == -EACCES)
		return "permission denied (run as root)";
	return strerror(-err);
}

/* Explains a failed write to a vendorban file. */
const char *vb_write_error(int err)
{
	char status[8192] = "", locked[16] = "";
	char *text;
	size_t len;

	if (err != -EPERM)
		return vb_securityfs_error(err);
	if (vb_securityfs_read("status", &text, &len) == 0) {
		snprintf(status, sizeof(status), "%s", text);
		free(text);
	}
	if (vb_status_value(status, "locked", locked, sizeof(locked)) == 0 &&
	    strcmp(locked, "yes") == 0)
		return "vendorban is locked until reboot";
	return "permission denied (needs CAP_MAC_ADMIN)";
}
