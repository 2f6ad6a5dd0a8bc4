/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban selftests - a tiny FUSE filesystem over /dev/fuse
 *
 * Serves a flat, read-only directory of files held in memory, speaking the
 * FUSE protocol itself (no libfuse: the guest has no shared libraries for
 * it).  A file may be a liar: it answers reads with its "before" bytes
 * until it has answered a read that reaches the end of the file (what
 * vendorban reads first: the signature trailer), and with its "after"
 * bytes from then on.  Liars are opened FOPEN_DIRECT_IO, so every read,
 * including the page faults of an executable mapping, reaches the server.
 * A held file (fuse_add_held()) is opened FOPEN_DIRECT_IO too, and its
 * first read is answered only when the test says so: the server writes a
 * byte to fs->hold_ready once it has the request (the kernel then holds
 * the reader's pages) and waits for a byte on fs->hold_go.
 *
 * fuse_start() mounts the filesystem on @dir and forks the server; the
 * server exits when the filesystem is unmounted (fuse_stop()).
 */

#ifndef _VENDORBAN_SELFTEST_FUSE_SERVER_H
#define _VENDORBAN_SELFTEST_FUSE_SERVER_H

#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define FUSE_MAX_FILES	16
#define FUSE_BUF_SIZE	(FUSE_MIN_READ_BUFFER + (1 << 20))

struct fuse_file {
	const char *name;
	const char *before;	/* contents (both when not a liar) */
	const char *after;	/* NULL: not a liar */
	size_t size;		/* of both */
	int reached_end;	/* a read reached the end of the file */
	int hold;		/* hold its first read (fuse_add_held()) */
};

struct fuse_fs {
	unsigned int nr;
	struct fuse_file files[FUSE_MAX_FILES];
	int fd;
	pid_t server;
	int hold_ready, hold_go;	/* pipe ends of a held read */
};

static inline void fuse_reply(int fd, const struct fuse_in_header *in,
			      int error, const void *data, size_t len)
{
	char buf[sizeof(struct fuse_out_header) + 4096];
	struct fuse_out_header *out = (void *)buf;
	struct iovec iov[2] = {
		{ .iov_base = out, .iov_len = sizeof(*out) },
		{ .iov_base = (void *)data, .iov_len = error ? 0 : len },
	};

	out->len = sizeof(*out) + iov[1].iov_len;
	out->error = error;
	out->unique = in->unique;
	if (writev(fd, iov, 2) < 0 && errno != ENOENT)
		perror("fuse: writev");
}

static inline void fuse_attr_of(const struct fuse_fs *fs, uint64_t node,
				struct fuse_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->ino = node;
	a->nlink = 1;
	a->blksize = 4096;
	if (node == FUSE_ROOT_ID) {
		a->mode = S_IFDIR | 0755;
		a->nlink = 2;
		return;
	}
	a->mode = S_IFREG | 0755;
	a->size = fs->files[node - 2].size;
	a->blocks = (a->size + 511) / 512;
}

static inline void fuse_lookup(struct fuse_fs *fs,
			       const struct fuse_in_header *in,
			       const char *name)
{
	struct fuse_entry_out e;
	unsigned int i;

	for (i = 0; i < fs->nr; i++) {
		if (in->nodeid == FUSE_ROOT_ID &&
		    !strcmp(name, fs->files[i].name))
			break;
	}
	if (i == fs->nr) {
		fuse_reply(fs->fd, in, -ENOENT, NULL, 0);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.nodeid = i + 2;
	fuse_attr_of(fs, e.nodeid, &e.attr);
	fuse_reply(fs->fd, in, 0, &e, sizeof(e));
}

static inline void fuse_read(struct fuse_fs *fs,
			     const struct fuse_in_header *in,
			     const struct fuse_read_in *rd)
{
	struct fuse_file *f = &fs->files[in->nodeid - 2];
	const char *src = f->after && f->reached_end ? f->after : f->before;
	size_t len = rd->size;

	if (f->hold) {
		char c = 'r';

		f->hold = 0;
		if (write(fs->hold_ready, &c, 1) != 1 ||
		    read(fs->hold_go, &c, 1) != 1)
			perror("fuse: held read");
	}
	if (rd->offset >= f->size)
		len = 0;
	else if (len > f->size - rd->offset)
		len = f->size - rd->offset;
	if (len && rd->offset + len == f->size)
		f->reached_end = 1;
	{
		struct fuse_out_header out = {
			.len = sizeof(out) + len, .unique = in->unique,
		};
		struct iovec iov[2] = {
			{ .iov_base = &out, .iov_len = sizeof(out) },
			{ .iov_base = (void *)(src + (len ? rd->offset : 0)),
			  .iov_len = len },
		};

		if (writev(fs->fd, iov, 2) < 0)
			perror("fuse: read reply");
	}
}

static inline void fuse_init_reply(struct fuse_fs *fs,
				   const struct fuse_in_header *in)
{
	struct fuse_init_out o;

	memset(&o, 0, sizeof(o));
	o.major = FUSE_KERNEL_VERSION;
	o.minor = FUSE_KERNEL_MINOR_VERSION;
	o.max_readahead = 0;
	o.max_write = 1 << 20;
	o.max_background = 16;
	o.congestion_threshold = 12;
	o.time_gran = 1;
	fuse_reply(fs->fd, in, 0, &o, sizeof(o));
}

/* Answers one request; returns false when the filesystem is gone. */
static inline bool fuse_serve_one(struct fuse_fs *fs, char *buf)
{
	const struct fuse_in_header *in = (void *)buf;
	const void *arg = buf + sizeof(*in);
	ssize_t r = read(fs->fd, buf, FUSE_BUF_SIZE);
	struct fuse_attr_out ao;
	struct fuse_open_out oo;
	struct fuse_statfs_out so;

	if (r < 0)
		return errno == EINTR || errno == ENOENT || errno == EAGAIN;
	if ((size_t)r < sizeof(*in))
		return false;
	switch (in->opcode) {
	case FUSE_INIT:
		fuse_init_reply(fs, in);
		break;
	case FUSE_LOOKUP:
		fuse_lookup(fs, in, arg);
		break;
	case FUSE_GETATTR:
		memset(&ao, 0, sizeof(ao));
		fuse_attr_of(fs, in->nodeid, &ao.attr);
		fuse_reply(fs->fd, in, 0, &ao, sizeof(ao));
		break;
	case FUSE_OPEN:
		memset(&oo, 0, sizeof(oo));
		oo.open_flags = fs->files[in->nodeid - 2].after ||
				fs->files[in->nodeid - 2].hold ?
				FOPEN_DIRECT_IO : FOPEN_KEEP_CACHE;
		fuse_reply(fs->fd, in, 0, &oo, sizeof(oo));
		break;
	case FUSE_READ:
		fuse_read(fs, in, arg);
		break;
	case FUSE_STATFS:
		memset(&so, 0, sizeof(so));
		so.st.namelen = 255;
		so.st.bsize = 4096;
		fuse_reply(fs->fd, in, 0, &so, sizeof(so));
		break;
	case FUSE_RELEASE:
	case FUSE_FLUSH:
	case FUSE_ACCESS:
	case FUSE_RELEASEDIR:
		fuse_reply(fs->fd, in, 0, NULL, 0);
		break;
	case FUSE_GETXATTR:
		fuse_reply(fs->fd, in, -ENODATA, NULL, 0);
		break;
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
	case FUSE_INTERRUPT:
		break;
	case FUSE_DESTROY:
		fuse_reply(fs->fd, in, 0, NULL, 0);
		return false;
	default:
		fuse_reply(fs->fd, in, -ENOSYS, NULL, 0);
		break;
	}
	return true;
}

/* Adds a file; @after non-NULL makes it a liar.  0 or -1 if full. */
static inline int fuse_add(struct fuse_fs *fs, const char *name,
			   const char *before, const char *after, size_t size)
{
	struct fuse_file *f;

	if (fs->nr == FUSE_MAX_FILES)
		return -1;
	f = &fs->files[fs->nr++];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->before = before;
	f->after = after;
	f->size = size;
	return 0;
}

/*
 * Adds a held file (see the top): its first read waits for a byte on
 * @go after writing one to @ready.  0 or -1 if full.
 */
static inline int fuse_add_held(struct fuse_fs *fs, const char *name,
				const char *data, size_t size, int ready,
				int go)
{
	if (fuse_add(fs, name, data, NULL, size))
		return -1;
	fs->files[fs->nr - 1].hold = 1;
	fs->hold_ready = ready;
	fs->hold_go = go;
	return 0;
}

/* Mounts @fs on @dir and forks its server: 0 or -errno. */
static inline int fuse_start(struct fuse_fs *fs, const char *dir)
{
	char opts[128];
	char *buf;

	fs->fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fs->fd < 0)
		return -errno;
	mkdir(dir, 0755);
	snprintf(opts, sizeof(opts),
		 "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other",
		 fs->fd);
	if (mount("vb-fuse", dir, "fuse.vb-fuse", MS_NOSUID | MS_NODEV,
		  opts)) {
		int err = -errno;

		close(fs->fd);
		return err;
	}
	fs->server = fork();
	if (fs->server < 0)
		return -errno;
	if (fs->server == 0) {
		buf = malloc(FUSE_BUF_SIZE);
		while (buf && fuse_serve_one(fs, buf))
			;
		_exit(0);
	}
	close(fs->fd);
	return 0;
}

static inline void fuse_stop(struct fuse_fs *fs, const char *dir)
{
	int status;

	umount2(dir, MNT_DETACH);
	if (fs->server > 0) {
		kill(fs->server, SIGKILL);
		waitpid(fs->server, &status, 0);
		fs->server = 0;
	}
}

#endif /* _VENDORBAN_SELFTEST_FUSE_SERVER_H */
