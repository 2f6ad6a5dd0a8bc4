/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - a signature read twice: by the kernel's parser and by
 * OpenSSL, field by field
 */

#ifndef _VENDORBANCTL_INSPECT_H
#define _VENDORBANCTL_INSPECT_H

#include <stdbool.h>

#include "filesig.h"

#define VB_MAX_FIELDS	(16 + VENDORBAN_MAX_SIGNERS * 16)

/**
 * struct vb_field - one field as both parsers read it
 * @name: e.g. "signature" or "signer0.cert.subject"
 * @ours: the kernel parser's reading (malloc()ed), NULL if absent
 * @theirs: OpenSSL's reading (malloc()ed), NULL if absent
 * @compared: false for fields OpenSSL has no view of
 */
struct vb_field {
	const char *name;
	char *ours;
	char *theirs;
	bool compared;
};

/**
 * struct vb_inspection - every field of one file
 * @nr: number of entries in @f
 * @f: the fields, in print order
 */
struct vb_inspection {
	unsigned int nr;
	struct vb_field f[VB_MAX_FIELDS];
};

int vb_inspect(const struct vb_filesig *sig, unsigned int m,
	       struct vb_inspection *in);
bool vb_field_agrees(const struct vb_field *f);
void vb_inspection_free(struct vb_inspection *in);

#endif /* _VENDORBANCTL_INSPECT_H */
