// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - audit --checkpoint: where the last run stopped
 *
 * As ausearch --checkpoint does, a checkpoint remembers the last event a
 * run read (node, time, serial) and the device and inode of the log file
 * it was in, so that the next run reads only what came after it, also
 * once auditd has rotated that file (the inode stays with the renamed
 * file).  The file is text:
 *
 *   vendorbanctl-audit-checkpoint 1
 *   node <the node name in hex, or ->
 *   time <milliseconds since the epoch>
 *   serial <serial>
 *   file <device> <inode>        (or "file -" for standard input)
 *
 * It is written to PATH.tmp, then renamed over PATH: a run that is
 * interrupted leaves the old checkpoint whole.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auditckpt.h"
#include "util.h"

#define MAGIC	"vendorbanctl-audit-checkpoint 1\n"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int read_node(const char *hex, struct vb_audit_pos *pos)
{
	size_t i, len = strlen(hex);

	if (!strcmp(hex, "-"))
		return 0;
	if (!len || len % 2 || len / 2 >= sizeof(pos->node))
		return -EINVAL;
	for (i = 0; i < len; i += 2) {
		if (hexval(hex[i]) < 0 || hexval(hex[i + 1]) < 0 ||
		    !(hexval(hex[i]) | hexval(hex[i + 1])))
			return -EINVAL;
		pos->node[i / 2] = (char)(hexval(hex[i]) << 4 | hexval(hex[i + 1]));
	}
	return 0;
}

/**
 * vb_audit_ckpt_read() - read a checkpoint
 * @path: its file
 * @pos: set to the event it names
 *
 * Return: 0; -ENOENT when there is none yet (a first run); -EINVAL when
 * the file is not a checkpoint; another negative errno when it cannot be
 * read.
 */
int vb_audit_ckpt_read(const char *path, struct vb_audit_pos *pos)
{
	char node[2 * sizeof(pos->node) + 2], *text, *p;
	unsigned long long dev, ino;
	long long ms;
	size_t len;
	int n, ret = vb_read_file_max(path, 4096, &text, &len);

	if (ret == -EFBIG)
		return -EINVAL;
	if (ret)
		return ret;
	memset(pos, 0, sizeof(*pos));
	ret = -EINVAL;
	if (strncmp(text, MAGIC, strlen(MAGIC)) || strlen(text) != len)
		goto out;
	p = text + strlen(MAGIC);
	n = 0;
	if (sscanf(p, "node %513s\ntime %lld\nserial %lu\n%n", node, &ms,
		   &pos->serial, &n) != 3 || !n || ms < 0 ||
	    read_node(node, pos))
		goto out;
	pos->ms = ms;
	p += n;
	n = 0;
	if (!strcmp(p, "file -\n")) {
		ret = 0;
	} else if (sscanf(p, "file %llu %llu%n", &dev, &ino, &n) == 2 &&
		   !strcmp(p + n, "\n")) {
		pos->dev = dev;
		pos->ino = ino;
		pos->has_file = true;
		ret = 0;
	}
out:
	free(text);
	return ret;
}

/**
 * vb_audit_ckpt_write() - write a checkpoint, atomically
 * @path: its file
 * @pos: the last event read
 *
 * Return: 0, or a negative errno.
 */
int vb_audit_ckpt_write(const char *path, const struct vb_audit_pos *pos)
{
	char *tmp;
	FILE *f;
	size_t i;
	int ret = 0;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		ret = -errno;
		goto out;
	}
	fputs(MAGIC "node ", f);
	for (i = 0; pos->node[i]; i++)
		fprintf(f, "%02x", (unsigned char)pos->node[i]);
	fprintf(f, "%s\ntime %lld\nserial %lu\nfile ", i ? "" : "-",
		(long long)pos->ms, pos->serial);
	if (pos->has_file)
		fprintf(f, "%llu %llu\n", (unsigned long long)pos->dev,
			(unsigned long long)pos->ino);
	else
		fputs("-\n", f);
	if (fflush(f) || fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
out:
	free(tmp);
	return ret;
}
