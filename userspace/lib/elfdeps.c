// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - what an ELF program needs before it runs: its dynamic
 * loader and the libraries it names
 *
 * Reads the program headers of a 64-bit little-endian ELF file: PT_INTERP
 * (the loader the kernel maps) and, from PT_DYNAMIC, DT_NEEDED,
 * DT_RUNPATH and DT_RPATH, as strings of the dynamic string table (found
 * through the PT_LOAD segment that holds it).  Nothing is executed (ldd
 * runs the loader on the file); every offset and size is checked against
 * the file and bounded, so a hostile file costs a few reads at most.
 */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfdeps.h"

#define MAX_PHDRS	256		/* real programs have about a dozen */
#define MAX_DYN_BYTES	(64u << 10)	/* the dynamic section */
#define MAX_STRTAB	(1u << 20)	/* its string table */
#define MAX_NEEDED	256
#define MAX_INTERP	4096

/**
 * struct elf_file - an open ELF file and its program headers
 * @fd: the file
 * @size: its size
 * @ph: the program headers
 * @nr_ph: their number
 */
struct elf_file {
	int fd;
	uint64_t size;
	Elf64_Phdr *ph;
	unsigned int nr_ph;
};

/* Reads @len bytes at @off, all inside the file; 0 or -ENOEXEC. */
static int read_at(const struct elf_file *f, void *buf, uint64_t len,
		   uint64_t off)
{
	if (off > f->size || len > f->size - off)
		return -ENOEXEC;
	return pread(f->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -ENOEXEC;
}

/**
 * vb_is_elf() - whether a file starts with the ELF magic
 * @path: the file
 *
 * Return: true for an ELF file of any class.
 */
bool vb_is_elf(const char *path)
{
	unsigned char magic[SELFMAG];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	bool elf;

	if (fd < 0)
		return false;
	elf = read(fd, magic, SELFMAG) == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG);
	close(fd);
	return elf;
}

/**
 * vb_elf_machine() - the machine of a 64-bit little-endian ELF file
 * @path: the file
 *
 * Return: e_machine, or -1 if @path is not such a file.
 */
int vb_elf_machine(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	Elf64_Ehdr eh;
	int ret = -1;

	if (fd < 0)
		return -1;
	if (read(fd, &eh, sizeof(eh)) == sizeof(eh) &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64 &&
	    eh.e_ident[EI_DATA] == ELFDATA2LSB)
		ret = eh.e_machine;
	close(fd);
	return ret;
}

static int read_headers(struct elf_file *f, struct vb_elf_deps *d)
{
	Elf64_Ehdr eh;

	if (read_at(f, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > MAX_PHDRS)
		return -ENOEXEC;
	d->machine = eh.e_machine;
	f->nr_ph = eh.e_phnum;
	f->ph = calloc(f->nr_ph ? f->nr_ph : 1, sizeof(*f->ph));
	if (!f->ph)
		return -ENOMEM;
	return read_at(f, f->ph, (uint64_t)f->nr_ph * sizeof(*f->ph), eh.e_phoff);
}

/* A NUL-terminated copy of at most @max bytes at @off. */
static char *read_string(const struct elf_file *f, uint64_t off, uint64_t max)
{
	char *s;

	if (off >= f->size)
		return NULL;
	if (max > f->size - off)
		max = f->size - off;
	s = malloc(max + 1);
	if (s && read_at(f, s, max, off)) {
		free(s);
		return NULL;
	}
	if (s)
		s[max] = '\0';
	return s;
}

/* The file offset of virtual address @vaddr, through the PT_LOAD segments. */
static int vaddr_offset(const struct elf_file *f, uint64_t vaddr,
			uint64_t *off)
{
	unsigned int i;

	for (i = 0; i < f->nr_ph; i++) {
		const Elf64_Phdr *p = &f->ph[i];

		if (p->p_type == PT_LOAD && vaddr >= p->p_vaddr &&
		    vaddr - p->p_vaddr < p->p_filesz) {
			*off = p->p_offset + (vaddr - p->p_vaddr);
			return 0;
		}
	}
	return -ENOEXEC;
}

/* A copy of the string at @idx of the string table @tab (@len bytes). */
static char *table_string(const char *tab, uint64_t len, uint64_t idx)
{
	if (idx >= len || !memchr(tab + idx, '\0', len - idx))
		return NULL;
	return strdup(tab + idx);
}

/**
 * struct dyn_facts - what the dynamic section says, as string indexes
 * @strtab: DT_STRTAB (a virtual address)
 * @strsz: DT_STRSZ
 * @needed: the DT_NEEDED indexes
 * @nr_needed: their number
 * @runpath: DT_RUNPATH's index, or -1
 * @rpath: DT_RPATH's index, or -1
 */
struct dyn_facts {
	uint64_t strtab, strsz;
	uint64_t needed[MAX_NEEDED];
	unsigned int nr_needed;
	int64_t runpath, rpath;
};

static void scan_dynamic(const Elf64_Dyn *dyn, size_t n, struct dyn_facts *df)
{
	size_t i;

	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		switch (dyn[i].d_tag) {
		case DT_STRTAB:
			df->strtab = dyn[i].d_un.d_ptr;
			break;
		case DT_STRSZ:
			df->strsz = dyn[i].d_un.d_val;
			break;
		case DT_NEEDED:
			if (df->nr_needed < MAX_NEEDED)
				df->needed[df->nr_needed++] = dyn[i].d_un.d_val;
			break;
		case DT_RUNPATH:
			df->runpath = (int64_t)dyn[i].d_un.d_val;
			break;
		case DT_RPATH:
			df->rpath = (int64_t)dyn[i].d_un.d_val;
			break;
		}
	}
}

static int copy_strings(const char *tab, const struct dyn_facts *df,
			struct vb_elf_deps *d)
{
	unsigned int i;

	d->needed = calloc(df->nr_needed ? df->nr_needed : 1,
			   sizeof(*d->needed));
	if (!d->needed)
		return -ENOMEM;
	for (i = 0; i < df->nr_needed; i++) {
		d->needed[d->nr_needed] = table_string(tab, df->strsz,
						       df->needed[i]);
		if (d->needed[d->nr_needed])
			d->nr_needed++;
	}
	if (df->runpath >= 0)
		d->runpath = table_string(tab, df->strsz, (uint64_t)df->runpath);
	if (df->rpath >= 0)
		d->rpath = table_string(tab, df->strsz, (uint64_t)df->rpath);
	return 0;
}

static int read_dynamic(const struct elf_file *f, const Elf64_Phdr *p,
			struct vb_elf_deps *d)
{
	struct dyn_facts *df = calloc(1, sizeof(*df));
	uint64_t len = p->p_filesz < MAX_DYN_BYTES ? p->p_filesz : MAX_DYN_BYTES;
	Elf64_Dyn *dyn = malloc(len ? len : 1);
	uint64_t off;
	char *tab = NULL;
	int ret = -ENOMEM;

	if (!df || !dyn)
		goto out;
	df->runpath = df->rpath = -1;
	ret = read_at(f, dyn, len, p->p_offset);
	if (ret)
		goto out;
	scan_dynamic(dyn, len / sizeof(*dyn), df);
	ret = -ENOEXEC;
	if (!df->strsz || df->strsz > MAX_STRTAB ||
	    vaddr_offset(f, df->strtab, &off))
		goto out;
	tab = malloc(df->strsz);
	ret = tab ? read_at(f, tab, df->strsz, off) : -ENOMEM;
	if (!ret)
		ret = copy_strings(tab, df, d);
out:
	free(tab);
	free(dyn);
	free(df);
	return ret;
}

static int read_deps(const struct elf_file *f, struct vb_elf_deps *d)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < f->nr_ph && !ret; i++) {
		const Elf64_Phdr *p = &f->ph[i];

		if (p->p_type == PT_INTERP && !d->interp) {
			d->interp = read_string(f, p->p_offset,
						p->p_filesz < MAX_INTERP ?
						p->p_filesz : MAX_INTERP);
			if (!d->interp)
				ret = -ENOEXEC;
		} else if (p->p_type == PT_DYNAMIC && !d->needed) {
			ret = read_dynamic(f, p, d);
		}
	}
	return ret;
}

/**
 * vb_elf_deps_read() - the loader and libraries an ELF file names
 * @path: the file
 * @d: filled in; free with vb_elf_deps_free() (also after an error)
 *
 * Return: 0 (a static program has no @interp and no @needed); -ENOEXEC
 * if @path is not a 64-bit little-endian ELF file or its headers are
 * inconsistent; another negative errno if it cannot be read.
 */
int vb_elf_deps_read(const char *path, struct vb_elf_deps *d)
{
	struct elf_file f = { .fd = -1 };
	struct stat st;
	int ret;

	memset(d, 0, sizeof(*d));
	f.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (f.fd < 0)
		return -errno;
	ret = fstat(f.fd, &st) < 0 ? -errno : 0;
	if (!ret && !S_ISREG(st.st_mode))
		ret = -ENOEXEC;
	f.size = (uint64_t)st.st_size;
	if (!ret)
		ret = read_headers(&f, d);
	if (!ret)
		ret = read_deps(&f, d);
	free(f.ph);
	close(f.fd);
	return ret;
}

void vb_elf_deps_free(struct vb_elf_deps *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_needed; i++)
		free(d->needed[i]);
	free(d->needed);
	free(d->interp);
	free(d->runpath);
	free(d->rpath);
	memset(d, 0, sizeof(*d));
}
