/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the files of a package that the kernel checks, with their
 * SHA-256: from a .rpm or .deb file, or from an installed package on disk
 */

#ifndef _VENDORBANCTL_PKGFILES_H
#define _VENDORBANCTL_PKGFILES_H

#include <stdbool.h>

#include "compat.h"
#include "pgp.h"

/* What a file is to the kernel (the kinds of "vendorbanctl scan"). */
enum vb_pkg_kind {
	VB_PKG_EXEC,	/* an execute bit: exec (programs, scripts) */
	VB_PKG_ELF,	/* ELF without an execute bit: mmap(PROT_EXEC) */
	VB_PKG_MODULE,	/* .ko, compressed or not: a module load */
	VB_PKG_PE,	/* MZ: a PE file */
	VB_PKG_NONE,
};

/**
 * struct vb_pkg_file - one file the kernel checks
 * @path: where the package installs it ("/usr/bin/x")
 * @sha256: the SHA-256 the kernel computes: of the file, or of the
 *          decompressed image of a compressed module
 * @kind: what it is to the kernel
 */
struct vb_pkg_file {
	char *path;
	u8 sha256[VENDORBAN_SHA256_LEN];
	enum vb_pkg_kind kind;
};

/**
 * struct vb_pkg - a package and the files of it that the kernel checks
 * @format: "rpm", "deb" or "installed"
 * @name: the package name
 * @version: its version
 * @arch: its architecture
 * @vendor: RPM's Vendor, a .deb's Maintainer, or ""
 * @sha256: the SHA-256 of the package file (not for installed ones)
 * @nr: number of entries in @files
 * @files: the files, in the order found
 * @nr_bad_modules: compressed modules that do not decompress: the kernel
 *                  refuses them as malformed, they get no rule
 * @bad_module: the first of them
 */
struct vb_pkg {
	const char *format;
	char *name, *version, *arch, *vendor;
	u8 sha256[VENDORBAN_SHA256_LEN];
	unsigned int nr, cap;
	struct vb_pkg_file *files;
	unsigned int nr_bad_modules;
	char *bad_module;
};

int vb_pkg_read(const char *file, const char *workdir, struct vb_pkg *pkg,
		bool scripts, char *why);
int vb_pkg_read_installed(const char *root, const char *name,
			  struct vb_pkg *pkg, char *why);
int vb_pkg_take_paths(const char *root, char **cursor, struct vb_pkg *pkg,
		      char *why);
struct vb_tool;
int vb_pkg_dpkg_lists(const char *root, const char *const *names,
		      unsigned int n, struct vb_tool *t, char *why);
void vb_pkg_free(struct vb_pkg *pkg);
int vb_pkg_copy(const char *src, const char *dst, u8 *sha256);
bool vb_pkg_is_rpm(const char *file);
bool vb_pkg_is_deb(const char *file);
const char *vb_pkg_db(const char *root);
const char *vb_pkg_prefix(const char *root);

#endif /* _VENDORBANCTL_PKGFILES_H */
