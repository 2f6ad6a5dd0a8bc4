/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - running the maintained tools that own the package and
 * OpenPGP formats (rpmkeys, rpm, rpm2archive, dpkg-deb, dpkg-query,
 * apt-helper, gpg, gpgv): never through a shell, with a fixed environment,
 * output captured within a cap
 */

#ifndef _VENDORBANCTL_PKGTOOL_H
#define _VENDORBANCTL_PKGTOOL_H

#include <stdbool.h>
#include <stddef.h>

/* Most bytes of a tool's standard output kept in memory. */
#define VB_TOOL_OUT_MAX		(256u << 20)
/* Bytes of a tool's standard error kept for messages. */
#define VB_TOOL_ERR_MAX		400

/**
 * struct vb_tool - one run of a tool
 * @argv: the command, argv[0] searched in a fixed PATH; NULL-terminated
 * @out_file: where standard output goes (a file created or truncated), or
 *            NULL to capture it in @out
 * @status_fd: when true, file descriptor 3 of the tool is a pipe captured
 *             in @status (gpgv --status-fd 3)
 * @home: HOME (and GNUPGHOME) of the tool, a private directory, or NULL
 * @exit_code: the exit status, or -1 if it was killed or did not start
 * @out: standard output when @out_file is NULL (NUL-terminated), or NULL
 * @out_len: its length
 * @status: what the tool wrote to fd 3 (NUL-terminated), or NULL
 * @err: the start of its standard error, one line per message joined by
 *       "; ", for error messages
 */
struct vb_tool {
	const char *const *argv;
	const char *out_file;
	bool status_fd;
	const char *home;
	int exit_code;
	char *out;
	size_t out_len;
	char *status;
	char err[VB_TOOL_ERR_MAX];
};

int vb_tool_run(struct vb_tool *t);
void vb_tool_release(struct vb_tool *t);
bool vb_tool_exists(const char *name);
const char *vb_tool_package(const char *name);

char *vb_tmpdir_make(void);
void vb_tmpdir_remove(const char *dir);

#endif /* _VENDORBANCTL_PKGTOOL_H */
