/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - what an ELF program needs before it runs: its dynamic
 * loader and the libraries it names
 */

#ifndef _VENDORBANCTL_ELFDEPS_H
#define _VENDORBANCTL_ELFDEPS_H

#include <stdbool.h>

/**
 * struct vb_elf_deps - the dynamic-linking facts of an ELF file
 * @machine: e_machine (a library must match its user's)
 * @interp: PT_INTERP, the dynamic loader's path, or NULL
 * @needed: the DT_NEEDED names, in order
 * @nr_needed: their number
 * @runpath: DT_RUNPATH, or NULL
 * @rpath: DT_RPATH, or NULL
 */
struct vb_elf_deps {
	unsigned short machine;
	char *interp;
	char **needed;
	unsigned int nr_needed;
	char *runpath;
	char *rpath;
};

bool vb_is_elf(const char *path);
int vb_elf_machine(const char *path);
int vb_elf_deps_read(const char *path, struct vb_elf_deps *d);
void vb_elf_deps_free(struct vb_elf_deps *d);

#endif /* _VENDORBANCTL_ELFDEPS_H */
