// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-bpfprobe - one system call for tests/module-form/guest.sh, which has
 * only a shell: exits 0 if the call worked, else with its errno.
 *
 *   vb-bpfprobe mmap FILE      mmap(PROT_READ|PROT_EXEC) of FILE
 *   vb-bpfprobe mprotect FILE  mmap(PROT_READ), then mprotect(+PROT_EXEC)
 *   vb-bpfprobe mapw FILE      mmap(MAP_SHARED|PROT_WRITE) of FILE open O_RDWR
 *   vb-bpfprobe finit FILE     finit_module(FILE)
 *   vb-bpfprobe finitz FILE    finit_module(FILE, MODULE_INIT_COMPRESSED_FILE)
 *   vb-bpfprobe init FILE      init_module() of FILE's bytes, from memory
 *   vb-bpfprobe detach ID      BPF_LINK_DETACH of the link with id ID
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		exit(100);
	}
	return fd;
}

static int map(const char *path, int later)
{
	int fd = open_file(path);
	void *p = mmap(NULL, 4096, PROT_READ | (later ? 0 : PROT_EXEC),
		       MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED)
		return errno;
	if (later && mprotect(p, 4096, PROT_READ | PROT_EXEC))
		return errno;
	return 0;
}

/* A mapping through a writer, as a daemon maps its data. */
static int mapw(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	void *p;

	if (fd < 0) {
		perror(path);
		exit(100);
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, 4096);
	return close(fd) ? errno : 0;
}

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE	4
#endif

static int finit(const char *path, int flags)
{
	return syscall(SYS_finit_module, open_file(path), "", flags) ? errno : 0;
}

static int init(const char *path)
{
	int fd = open_file(path);
	struct stat st;
	char *image;

	if (fstat(fd, &st) || !(image = malloc(st.st_size)) ||
	    read(fd, image, st.st_size) != st.st_size) {
		perror(path);
		return 100;
	}
	return syscall(SYS_init_module, image, st.st_size, "") ? errno : 0;
}

static int detach(const char *id)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.link_id = strtoul(id, NULL, 10);
	fd = syscall(SYS_bpf, BPF_LINK_GET_FD_BY_ID, &attr, sizeof(attr));
	if (fd < 0) {
		perror(id);
		return 100;
	}
	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = fd;
	return syscall(SYS_bpf, BPF_LINK_DETACH, &attr, sizeof(attr)) ?
	       errno : 0;
}

int main(int argc, char *argv[])
{
	if (argc != 3) {
		fprintf(stderr, "usage: vb-bpfprobe mmap|mprotect|mapw|finit|finitz|init|detach PATH|ID\n");
		return 100;
	}
	if (!strcmp(argv[1], "mmap"))
		return map(argv[2], 0);
	if (!strcmp(argv[1], "mprotect"))
		return map(argv[2], 1);
	if (!strcmp(argv[1], "mapw"))
		return mapw(argv[2]);
	if (!strcmp(argv[1], "finit"))
		return finit(argv[2], 0);
	if (!strcmp(argv[1], "finitz"))
		return finit(argv[2], MODULE_INIT_COMPRESSED_FILE);
	if (!strcmp(argv[1], "init"))
		return init(argv[2]);
	if (!strcmp(argv[1], "detach"))
		return detach(argv[2]);
	fprintf(stderr, "vb-bpfprobe: unknown call %s\n", argv[1]);
	return 100;
}
