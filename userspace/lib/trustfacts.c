// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the facts the policy's settings look at, measured on disk
 *
 * The kernel measures, at each decision, whether the file is writable,
 * on an unverifiable filesystem or on a filesystem mounted in a user
 * namespace (kmod/trust.c); the policy's settings then decide before the
 * rules (vendorban_policy_settle(), kmod/lib/settle.c).  This measures
 * the same facts from userspace, and says "unknown" for what it cannot
 * see:
 *
 * - writable: some process has the file open for writing (/proc/PID/fd
 *   and fdinfo) or mapped shared and writable (/proc/PID/maps).  Unknown
 *   when a process's files cannot be read (not root), and on overlayfs,
 *   whose real file a writer may hold without going through the overlay.
 *   The table of writers is read once per run.
 * - unverifiable: the filesystem's magic number (statfs()), by the list
 *   the kernel uses (vendorban_fs_magic_unverifiable()).  Unknown on
 *   overlayfs (its layers' filesystems are not seen from here).
 * - userns-mount: no, when the tool runs in the initial user namespace
 *   and the path does not lead through /proc (into another process's
 *   mount namespace): a filesystem mounted in a user namespace can only be
 *   reached through a mount namespace that namespace owns.  Unknown
 *   otherwise.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>

#include "trustfacts.h"

/* The inode number of the initial user namespace (PROC_USER_INIT_INO). */
#define VB_USER_INIT_INO	0xEFFFFFFDU

/**
 * struct vb_writers - the files some process may write, read once per run
 * @read: the table was read
 * @complete: every process's files could be read
 * @nr: number of entries in @v
 * @cap: room in @v
 * @v: device and inode of each file open for writing or mapped shared
 *     and writable
 */
static struct vb_writers {
	bool read;
	bool complete;
	size_t nr, cap;
	struct { dev_t dev; ino_t ino; } *v;
} writers;

static void add_writer(dev_t dev, ino_t ino)
{
	void *v;

	if (writers.nr == writers.cap) {
		v = realloc(writers.v, (writers.cap * 2 + 16) *
			    sizeof(*writers.v));
		if (!v) {
			writers.complete = false;
			return;
		}
		writers.v = v;
		writers.cap = writers.cap * 2 + 16;
	}
	writers.v[writers.nr].dev = dev;
	writers.v[writers.nr].ino = ino;
	writers.nr++;
}

/* Whether descriptor @fd of process @pid is open for writing. */
static bool fd_writes(const char *pid, const char *fd)
{
	char path[PATH_MAX], line[128];
	unsigned long flags;
	bool w = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %lo", &flags) == 1)
			w = (flags & O_ACCMODE) != O_RDONLY;
	fclose(f);
	return w;
}

/* The files process @pid has open for writing. */
static void read_fds(const char *pid)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (!d) {
		if (errno != ENOENT)
			writers.complete = false;
		return;
	}
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid,
			 de->d_name);
		if (!stat(path, &st) && S_ISREG(st.st_mode) &&
		    fd_writes(pid, de->d_name))
			add_writer(st.st_dev, st.st_ino);
	}
	closedir(d);
}

/* The files process @pid maps shared and writable. */
static void read_maps(const char *pid)
{
	char path[PATH_MAX], line[512], perms[8];
	unsigned int major, minor;
	unsigned long long ino;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "re");
	if (!f) {
		if (errno != ENOENT)
			writers.complete = false;
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %7s %*s %x:%x %llu", perms, &major,
			   &minor, &ino) == 4 && ino && perms[1] == 'w' &&
		    perms[3] == 's')
			add_writer(makedev(major, minor), ino);
	fclose(f);
}

static void read_writers(void)
{
	struct dirent *de;
	DIR *proc;

	writers.read = true;
	writers.complete = true;
	proc = opendir("/proc");
	if (!proc) {
		writers.complete = false;
		return;
	}
	while ((de = readdir(proc))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		read_fds(de->d_name);
		read_maps(de->d_name);
	}
	closedir(proc);
}

static enum vendorban_fact writable(const struct stat *st, long fs)
{
	size_t i;

	if (!writers.read)
		read_writers();
	for (i = 0; i < writers.nr; i++)
		if (writers.v[i].dev == st->st_dev &&
		    writers.v[i].ino == st->st_ino)
			return VENDORBAN_FACT_YES;
	if (!writers.complete || fs == OVERLAYFS_SUPER_MAGIC)
		return VENDORBAN_FACT_UNKNOWN;
	return VENDORBAN_FACT_NO;
}

static enum vendorban_fact unverifiable(long fs)
{
	if (vendorban_fs_magic_unverifiable((unsigned long)fs))
		return VENDORBAN_FACT_YES;
	return fs == OVERLAYFS_SUPER_MAGIC ? VENDORBAN_FACT_UNKNOWN :
	       VENDORBAN_FACT_NO;
}

static enum vendorban_fact userns_mount(const char *path)
{
	char real[PATH_MAX];
	struct stat ns;

	if (stat("/proc/self/ns/user", &ns) ||
	    ns.st_ino != VB_USER_INIT_INO || !realpath(path, real) ||
	    !strncmp(real, "/proc/", 6))
		return VENDORBAN_FACT_UNKNOWN;
	return VENDORBAN_FACT_NO;
}

/**
 * vb_measure_trust() - the facts the kernel would measure for a file
 * @path: the file
 * @tf: filled in (every fact unknown if @path cannot be looked at)
 */
void vb_measure_trust(const char *path, struct vendorban_trust_facts *tf)
{
	struct statfs sfs;
	struct stat st;

	tf->unread = VENDORBAN_READ;
	tf->writable = VENDORBAN_FACT_UNKNOWN;
	tf->unverifiable = VENDORBAN_FACT_UNKNOWN;
	tf->userns_mount = VENDORBAN_FACT_UNKNOWN;
	if (stat(path, &st) || statfs(path, &sfs))
		return;
	tf->writable = writable(&st, (long)sfs.f_type);
	tf->unverifiable = unverifiable((long)sfs.f_type);
	tf->userns_mount = userns_mount(path);
}

/**
 * vb_unknown_name() - the name of one bit of vendorban_policy_unknown()
 * @bit: %VENDORBAN_UNKNOWN_WRITABLE, ...
 *
 * Return: "writable", "unverifiable" or "userns-mount" (the audit
 * record's reasons and the settings' names), or "kernel-crypto" (the
 * kernel's ECDSA verifier, decide.h).
 */
const char *vb_unknown_name(unsigned int bit)
{
	switch (bit) {
	case VENDORBAN_UNKNOWN_WRITABLE:
		return "writable";
	case VENDORBAN_UNKNOWN_UNVERIFIABLE:
		return "unverifiable";
	case VENDORBAN_UNKNOWN_USERNS_MOUNT:
		return "userns-mount";
	case 0x100:	/* VB_UNKNOWN_KERNEL_CRYPTO (decide.h) */
		return "kernel-crypto";
	}
	return "?";
}
