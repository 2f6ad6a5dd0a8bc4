/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - what a file is to the kernel, by its content
 */

#ifndef _VENDORBANCTL_FILEKIND_H
#define _VENDORBANCTL_FILEKIND_H

#include <stdbool.h>
#include <sys/types.h>

/* What a file is to the kernel; the order of scan's summary. */
enum vb_kind {
	VB_KIND_EXEC,	/* an execute bit: exec */
	VB_KIND_ELF,	/* ELF without an execute bit: mmap(PROT_EXEC) */
	VB_KIND_MODULE,	/* a kernel module, compressed or not: finit_module() */
	VB_KIND_PE,	/* MZ: a PE file (EFI binaries, kexec images) */
	VB_NR_KINDS,
	VB_KIND_NONE = VB_NR_KINDS,
};

bool vb_file_kind_none(mode_t mode, off_t size);
int vb_file_kind(int fd, const char *name, mode_t mode, bool *compressed);
bool vb_is_module_image(const unsigned char *data, size_t len);

#endif /* _VENDORBANCTL_FILEKIND_H */
