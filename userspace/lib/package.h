/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the package directives of a policy source:
 *
 *   ACTION package "FILE.rpm|FILE.deb|DIR" [label=L]
 *   ACTION package-key "KEYFILE" SOURCE... [label=L]
 *          SOURCE: "FILE.rpm", "DIR" (.rpm files, or an apt repository
 *          with dists/), or the word installed
 *   deny|audit installed-package NAME... [label=L]
 *
 * each expanded into "ACTION file-sha256 <hex> label=<label>.<package>"
 * rules, one per file of the packages that the kernel checks.
 */

#ifndef _VENDORBANCTL_PACKAGE_H
#define _VENDORBANCTL_PACKAGE_H

#include <stdbool.h>

/* Most arguments of a package directive (after the selector). */
#define VB_PKG_MAX_ARGS		5

/**
 * struct vb_pkg_directive - one package directive, as written
 * @action: "deny", "audit" or "allow"
 * @selector: "package", "package-key" or "installed-package"
 * @sel_col: the selector's column
 * @nr_args: the arguments after the selector, label excluded
 * @args: their values (strings unquoted)
 * @cols: their columns
 * @quoted: whether each was a quoted string
 * @label: the label= value, or NULL
 * @dir: the directory paths are relative to
 */
struct vb_pkg_directive {
	const char *action;
	const char *selector;
	unsigned int sel_col;
	unsigned int nr_args;
	const char *args[VB_PKG_MAX_ARGS];
	unsigned int cols[VB_PKG_MAX_ARGS];
	bool quoted[VB_PKG_MAX_ARGS];
	const char *label;
	const char *dir;
};

/* What vb_pkg_expand() tells the compiler. */
enum vb_pkg_msg {
	VB_PKG_ERROR,
	VB_PKG_WARNING,
	VB_PKG_NOTE,
};

/**
 * struct vb_pkg_sink - the compiler, as the package directives see it
 * @ctx: passed back to the callbacks
 * @emit: adds one kernel rule line; 0 or a negative errno (an error it
 *        reported itself, such as the output growing too large)
 * @report: a message about the directive, at column @col (0: the line)
 * @read_file: a file the policy read (for compile --list-files)
 * @root: the root directory of the system whose packages are meant ("/")
 * @pending: .deb files about to be installed (apt's Pre-Install-Pkgs list),
 *           counted as installed
 * @nr_pending: their number
 * @state: where vb_pkg_expand() keeps what lasts for one compile (the
 *         digests already given a rule); free with vb_pkg_state_free()
 */
struct vb_pkg_sink {
	void *ctx;
	int (*emit)(void *ctx, const char *line);
	void (*report)(void *ctx, unsigned int col, enum vb_pkg_msg kind,
		       const char *msg);
	int (*read_file)(void *ctx, const char *path);
	const char *root;
	const char *const *pending;
	unsigned int nr_pending;
	void **state;
};

bool vb_pkg_is_directive(const char *selector);
int vb_pkg_expand(const struct vb_pkg_directive *d, struct vb_pkg_sink *s);
void vb_pkg_state_free(void *state);

#endif /* _VENDORBANCTL_PACKAGE_H */
