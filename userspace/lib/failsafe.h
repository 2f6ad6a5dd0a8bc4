/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the boot check: would a policy refuse what the system
 * needs to boot and to run vendorbanctl itself?
 */

#ifndef _VENDORBANCTL_FAILSAFE_H
#define _VENDORBANCTL_FAILSAFE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "compiler.h"
#include "decide.h"

/* getopt_long() values of the options every checking command takes. */
enum {
	VB_OPT_SYSROOT = 0x100,
	VB_OPT_KERNEL,
	VB_OPT_INITRAMFS,
};

#define VB_BOOTCHECK_OPTIONS \
	{ "sysroot", required_argument, NULL, VB_OPT_SYSROOT }, \
	{ "kernel", required_argument, NULL, VB_OPT_KERNEL }, \
	{ "initramfs", required_argument, NULL, VB_OPT_INITRAMFS }

/* The lines of those options for a command's --help. */
#define VB_BOOTCHECK_HELP \
	"\t    --sysroot=DIR   check the system installed under DIR (a chroot,\n" \
	"\t                    a mounted image) instead of this one\n" \
	"\t    --kernel=VER    the initramfs of kernel VER (default: the running\n" \
	"\t                    kernel; with --sysroot, every DIR/boot/initrd.img-*)\n" \
	"\t    --initramfs=IMAGE|DIR|none  the initramfs to check: an image\n" \
	"\t                    (listed with lsinitramfs), an unpacked tree, or none\n"

/**
 * struct vb_bootcheck_opts - what system the boot check looks at
 * @sysroot: the system's root directory; NULL for this system
 * @kernel: the kernel whose initramfs is checked; NULL for the default
 * @initramfs: an initramfs image, an unpacked initramfs tree (every file
 *             in it is checked), "none", or NULL for
 *             SYSROOT/boot/initrd.img-KERNEL
 */
struct vb_bootcheck_opts {
	const char *sysroot;
	const char *kernel;
	const char *initramfs;
};

/**
 * struct vb_bootfile - a file the system needs to boot
 * @path: the path to open from here (under the sysroot, if any)
 * @inside: its path inside the system (for $ORIGIN and messages)
 * @role: why the boot needs it ("init (/sbin/init)", "library of ...")
 * @needed_as: the DT_NEEDED name it was found by, or NULL
 * @dev: its device, to count each file once
 * @ino: its inode
 * @deps: its dynamic loader and libraries are looked up in the system
 * @err: 0 when @d holds the policy's decision; else why the file could
 *       not be read (a negative errno: it is named in the notes)
 * @d: the decision, as `vendorbanctl test` makes it
 */
struct vb_bootfile {
	char *path;
	char *inside;
	char *role;
	char *needed_as;
	dev_t dev;
	ino_t ino;
	bool deps;
	int err;
	struct vb_decision d;
};

/**
 * struct vb_bootcheck - the boot set and what the policy decides for it
 * @root: the sysroot ("" for this system)
 * @files: the files, each once
 * @nr_files: their number
 * @cap_files: allocated entries
 * @notes: what could not be checked, one sentence each
 * @nr_notes: their number
 * @refused: indexes into @files of the files the policy refuses
 * @nr_refused: their number
 * @ldconf: library directories from SYSROOT/etc/ld.so.conf
 * @nr_ldconf: their number
 */
struct vb_bootcheck {
	const char *root;
	struct vb_bootfile *files;
	size_t nr_files, cap_files;
	char **notes;
	size_t nr_notes;
	size_t *refused;
	size_t nr_refused;
	char **ldconf;
	size_t nr_ldconf;
};

int vb_bootcheck_option(int c, const char *arg, struct vb_bootcheck_opts *o);
int vb_bootcheck_run(const struct vb_bootcheck_opts *o,
		     const struct vendorban_policy *policy,
		     struct vb_bootcheck *bc);
void vb_bootcheck_free(struct vb_bootcheck *bc);
void vb_bootcheck_print_refused(FILE *f, const struct vb_bootcheck *bc,
				const struct vb_compiled *pol, size_t max);
void vb_bootcheck_print_notes(FILE *f, const struct vb_bootcheck *bc,
			      const char *prefix);
void vb_bootcheck_print_all(FILE *f, const struct vb_bootcheck *bc,
			    const struct vb_compiled *pol);
void vb_bootcheck_rule(FILE *f, const struct vb_compiled *pol,
		       const struct vb_decision *d);
unsigned int vb_bootcheck_warn(FILE *f, const struct vb_bootcheck *bc,
			       const struct vb_compiled *pol, const char *path,
			       bool strict);

#endif /* _VENDORBANCTL_FAILSAFE_H */
