/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the admin policy compiler
 *
 * The source format is the kernel format (docs/policy-format.md) plus
 * directives the compiler expands; see vendorban.policy(5).
 */

#ifndef _VENDORBANCTL_COMPILER_H
#define _VENDORBANCTL_COMPILER_H

#include <stdbool.h>
#include <stdio.h>

#include "policy.h"

/**
 * struct vb_source_loc - where a line of the policy came from
 * @file: the source file (owned by the &vb_compiled it belongs to)
 * @line: 1-based line in @file
 */
struct vb_source_loc {
	const char *file;
	unsigned int line;
};

/**
 * struct vb_compiled - a compiled policy
 * @policy: the canonical text parsed by the kernel's parser; its rule
 *          lines are lines of the canonical text, as the kernel reports them
 * @rule_src: for each rule, the source line it was written or expanded
 *            from; NULL when the policy was not compiled from a source
 * @files: the source file names @rule_src points to
 * @nr_files: their number
 * @default_src: the source line of "default" (file NULL when unknown)
 * @uses_packages: the source has package directives (package,
 *                 package-key, installed-package), so the policy follows
 *                 the packages ("vendorbanctl refresh")
 */
struct vb_compiled {
	struct vendorban_policy *policy;
	struct vb_source_loc *rule_src;
	char **files;
	unsigned int nr_files;
	struct vb_source_loc default_src;
	bool uses_packages;
};

/**
 * struct vb_compile_opts - compiler options
 * @vendors_dir: a directory of NAME.vendor files searched after the
 *               policy's own vendors/ directory, or NULL
 * @diag: where errors and warnings go, as "FILE:LINE:COL: reason"
 * @lint: also warn, with a fix, about what compiles but cannot match or
 *        does not do what it says (compile, load, diff)
 * @strict: every warning is an error
 * @pkg_root: the root directory of the system whose installed packages
 *            the package directives read, or NULL for "/"
 * @pending: .deb files apt is about to install, counted as installed by
 *           the package directives (vendorbanctl refresh --pending)
 * @nr_pending: their number
 */
struct vb_compile_opts {
	const char *vendors_dir;
	FILE *diag;
	bool lint;
	bool strict;
	const char *pkg_root;
	const char *const *pending;
	unsigned int nr_pending;
};

int vb_compile(const char *path, const struct vb_compile_opts *opts,
	       struct vb_compiled *out);
int vb_policy_from_text(const char *text, size_t len, const char *what,
			struct vb_compiled *out);
void vb_compiled_free(struct vb_compiled *c);
int vb_policy_get(const char *path, const char *vendors_dir,
		  struct vb_compiled *out);

#endif /* _VENDORBANCTL_COMPILER_H */
