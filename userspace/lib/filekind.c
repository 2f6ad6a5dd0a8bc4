// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - what a file is to the kernel, by its content
 *
 * scan decides the files the kernel checks, and counts them by kind.  The
 * kind comes from the bytes, never from the name alone (a text file named
 * "x.ko" is not a kernel module):
 *
 * - "MZ": a PE file;
 * - an ELF relocatable object (ET_REL) with a .modinfo or
 *   .gnu.linkonce.this_module section: a kernel module, whatever its
 *   name (insmod loads any file name);
 * - xz, zstd or gzip data named *.ko.xz, *.ko.zst, *.ko.gz: a compressed
 *   kernel module (the name keeps scan from decompressing every archive;
 *   the decompressed image must then be a module, vb_is_module_image(),
 *   or the file counts as nothing);
 * - an execute bit: an executable (exec), whatever the bytes (#! scripts);
 * - any other ELF file: something mmap(PROT_EXEC) may map.
 *
 * Reads are bounded: the ELF header, at most 4096 section headers and a
 * section name table of at most 1 MiB.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filekind.h"
#include "modimage.h"

#define MAX_SECTIONS	4096
#define MAX_SHSTRTAB	(1u << 20)
/* The fewest bytes a kind is told by: "MZ", and gzip's magic. */
#define MIN_MAGIC	2

/* An ELF header's fields that matter here. */
struct elf {
	bool is64, big;
	uint64_t shoff;
	unsigned int type, shentsize, shnum, shstrndx;
};

static uint64_t get(const unsigned char *p, unsigned int n, bool big)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

static bool read_elf(const unsigned char *h, size_t n, struct elf *e)
{
	if (n < 52 || memcmp(h, "\177ELF", 4) || (h[4] != 1 && h[4] != 2) ||
	    (h[5] != 1 && h[5] != 2))
		return false;
	e->is64 = h[4] == 2;
	e->big = h[5] == 2;
	if (e->is64 && n < 64)
		return false;
	e->type = get(h + 16, 2, e->big);
	e->shoff = get(h + (e->is64 ? 0x28 : 0x20), e->is64 ? 8 : 4, e->big);
	e->shentsize = get(h + (e->is64 ? 0x3a : 0x2e), 2, e->big);
	e->shnum = get(h + (e->is64 ? 0x3c : 0x30), 2, e->big);
	e->shstrndx = get(h + (e->is64 ? 0x3e : 0x32), 2, e->big);
	return true;
}

/* Reads @len bytes at @pos of @fd or @data (an image in memory). */
static int read_at(int fd, const unsigned char *data, size_t size,
		   void *buf, size_t len, uint64_t pos)
{
	ssize_t n;

	if (data) {
		if (pos > size || len > size - pos)
			return -EIO;
		memcpy(buf, data + pos, len);
		return 0;
	}
	n = pread(fd, buf, len, pos);
	return n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
}

static bool is_module_section(const char *strtab, size_t len, uint64_t name)
{
	static const char *const names[] = {
		".modinfo", ".gnu.linkonce.this_module",
	};
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]) + 1;
		if (name < len && len - name >= n &&
		    !memcmp(strtab + name, names[i], n))
			return true;
	}
	return false;
}

/* Whether the ELF relocatable object has a module's section. */
static bool has_module_section(int fd, const unsigned char *data, size_t size,
			       const struct elf *e)
{
	unsigned int shsize = e->is64 ? 64 : 40, i;
	unsigned char *sh = NULL, *str = NULL;
	uint64_t off, len;
	bool found = false;

	if (e->shentsize != shsize || !e->shnum || e->shnum > MAX_SECTIONS ||
	    e->shstrndx >= e->shnum)
		return false;
	sh = malloc((size_t)e->shnum * shsize);
	if (!sh || read_at(fd, data, size, sh, (size_t)e->shnum * shsize, e->shoff))
		goto out;
	off = get(sh + e->shstrndx * shsize + (e->is64 ? 0x18 : 0x10),
		  e->is64 ? 8 : 4, e->big);
	len = get(sh + e->shstrndx * shsize + (e->is64 ? 0x20 : 0x14),
		  e->is64 ? 8 : 4, e->big);
	if (!len || len > MAX_SHSTRTAB)
		goto out;
	str = malloc(len);
	if (!str || read_at(fd, data, size, str, len, off))
		goto out;
	for (i = 0; i < e->shnum && !found; i++)
		found = is_module_section((const char *)str, len,
					  get(sh + i * shsize, 4, e->big));
out:
	free(str);
	free(sh);
	return found;
}

/**
 * vb_is_module_image() - whether bytes in memory are a kernel module
 * @data: the bytes (a decompressed module image)
 * @len: their number
 *
 * Return: true for an ELF relocatable object with a module's section.
 */
bool vb_is_module_image(const unsigned char *data, size_t len)
{
	struct elf e;

	return read_elf(data, len, &e) && e.type == 1 /* ET_REL */ &&
	       has_module_section(-1, data, len, &e);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(tail), len = strlen(s);

	return len >= n && !memcmp(s + len - n, tail, n);
}

/**
 * vb_file_kind_none() - whether a file is nothing to the kernel, unread
 * @mode: its mode
 * @size: its size
 *
 * Without an execute bit, a file shorter than the shortest magic
 * vb_file_kind() looks for ("MZ", gzip's) is none of the kinds whatever
 * its bytes: scan need not open it (empty files are common: 8% of a
 * Debian /usr).
 *
 * Return: true when vb_file_kind() would return %VB_KIND_NONE.
 */
bool vb_file_kind_none(mode_t mode, off_t size)
{
	return !(mode & 0111) && size < MIN_MAGIC;
}

/**
 * vb_file_kind() - what a regular file is to the kernel
 * @fd: the file, open for reading
 * @name: its name (the last component), for compressed modules
 * @mode: its mode
 * @compressed: set when it is a compressed module: its image must still
 *	be checked with vb_is_module_image() once decompressed
 *
 * Return: an enum vb_kind (VB_KIND_NONE: nothing the kernel checks), or a
 * negative errno when it cannot be read.
 */
int vb_file_kind(int fd, const char *name, mode_t mode, bool *compressed)
{
	unsigned char head[64];
	struct elf e;
	ssize_t n = pread(fd, head, sizeof(head), 0);

	*compressed = false;
	if (n < 0)
		return -errno;
	if (n >= MIN_MAGIC && head[0] == 'M' && head[1] == 'Z')
		return VB_KIND_PE;
	if (read_elf(head, n, &e) && e.type == 1 &&
	    has_module_section(fd, NULL, 0, &e))
		return VB_KIND_MODULE;
	if (vendorban_comp_detect(head, n) != VENDORBAN_COMP_NONE &&
	    (ends_with(name, ".ko.xz") || ends_with(name, ".ko.zst") ||
	     ends_with(name, ".ko.gz"))) {
		*compressed = true;
		return VB_KIND_MODULE;
	}
	if (mode & 0111)
		return VB_KIND_EXEC;
	if (n >= 4 && !memcmp(head, "\177ELF", 4))
		return VB_KIND_ELF;
	return VB_KIND_NONE;
}
