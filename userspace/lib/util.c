// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - small helpers: whole-file reads, hex, paths
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/**
 * vb_read_fd_max() - read everything from a file descriptor, at most @max
 * bytes
 * @fd: open for reading; works for files whose size stat() does not report
 *      (pipes, /proc files, devices)
 * @max: the most bytes accepted; reading stops one byte after it, so that
 *       memory stays bounded whatever @fd is (/dev/zero)
 * @buf: set to a malloc()ed, NUL-terminated buffer
 * @len: set to the number of bytes read (without the NUL)
 *
 * Return: 0; -EFBIG when @fd holds more than @max bytes; or a negative
 * errno.
 */
int vb_read_fd_max(int fd, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *p = malloc(cap), *tmp;
	ssize_t r;

	if (!p)
		return -ENOMEM;
	for (;;) {
		if (n > max) {
			free(p);
			return -EFBIG;
		}
		if (n + 1 >= cap) {
			cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			tmp = realloc(p, cap);
			if (!tmp) {
				free(p);
				return -ENOMEM;
			}
			p = tmp;
		}
		r = read(fd, p + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			free(p);
			return r;
		}
		if (r == 0)
			break;
		n += r;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

/**
 * vb_read_file_max() - read a whole file ("-" is standard input), at most
 * @max bytes
 * @path: the file
 * @max: the most bytes accepted
 * @buf: set to a malloc()ed, NUL-terminated buffer
 * @len: set to its length without the NUL
 *
 * Return: 0; -EFBIG when the file holds more than @max bytes; or a
 * negative errno.
 */
int vb_read_file_max(const char *path, size_t max, char **buf, size_t *len)
{
	int fd, ret;

	if (strcmp(path, "-") == 0)
		return vb_read_fd_max(STDIN_FILENO, max, buf, len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = vb_read_fd_max(fd, max, buf, len);
	close(fd);
	return ret;
}

/* vb_read_fd_max() with the default cap, VB_READ_MAX. */
int vb_read_fd(int fd, char **buf, size_t *len)
{
	return vb_read_fd_max(fd, VB_READ_MAX, buf, len);
}

/* vb_read_file_max() with the default cap, VB_READ_MAX. */
int vb_read_file(const char *path, char **buf, size_t *len)
{
	return vb_read_file_max(path, VB_READ_MAX, buf, len);
}

/* Lower-case hex of @data, malloc()ed; "" for no bytes; NULL without memory. */
char *vb_hex(const uint8_t *data, size_t len)
{
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++)
		sprintf(s + 2 * i, "%02x", data[i]);
	s[2 * len] = '\0';
	return s;
}

/* The directory part of @path ("." if none), malloc()ed. */
char *vb_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, slash - path);
}

/* @name if absolute or @dir is ".", else @dir/@name; malloc()ed. */
char *vb_path_join(const char *dir, const char *name)
{
	char *s;

	if (name[0] == '/' || strcmp(dir, ".") == 0)
		return strdup(name);
	if (asprintf(&s, "%s/%s", dir, name) < 0)
		return NULL;
	return s;
}

/**
 * vb_not_a_file() - why @path is not a file vendorban decides
 * @path: the path (a symbolic link is followed, as exec and mmap do)
 *
 * The kernel decides regular files only: a directory or a device is not a
 * program, and reading a FIFO would wait for a writer.
 *
 * Return: NULL for a regular file, or when stat() fails (reading the file
 * then reports that); else the reason, as a constant string.
 */
const char *vb_not_a_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		return NULL;
	if (S_ISDIR(st.st_mode))
		return "is a directory, not a file (scan walks directories)";
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "not a regular file but a device";
	if (S_ISFIFO(st.st_mode))
		return "not a regular file but a FIFO";
	return "not a regular file";
}
