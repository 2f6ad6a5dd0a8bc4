/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a policy file, source or signed, for every command that
 * reads one
 */

#ifndef _VENDORBANCTL_POLICYFILE_H
#define _VENDORBANCTL_POLICYFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"

/**
 * struct vb_policy_src - what a policy file was
 * @is_signed: a signed policy (vendorbanctl sign): its content was parsed
 * @verified: its signature was checked with the certificate given
 * @signer: the signer certificate's subject (RFC 4514), or NULL
 * @data: the signed file's bytes (what load writes), or NULL
 * @len: their number
 */
struct vb_policy_src {
	bool is_signed;
	bool verified;
	char *signer;
	char *data;
	size_t len;
};

int vb_policy_read(const char *path, const struct vb_compile_opts *opts,
		   const char *cert, struct vb_compiled *out,
		   struct vb_policy_src *src);
void vb_policy_src_free(struct vb_policy_src *src);
void vb_policy_src_report(const char *path, const struct vb_compiled *c,
			  const struct vb_policy_src *src, const char *cert);
int vb_policy_get_file(const char *path, const char *vendors_dir,
		       const char *cert, struct vb_compiled *out);
int vb_policy_version_of(const char *path, unsigned int *version,
			 char **name);

#endif /* _VENDORBANCTL_POLICYFILE_H */
