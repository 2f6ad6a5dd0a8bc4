/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - what changes between two policies, rule by rule
 */

#ifndef _VENDORBANCTL_POLICYDIFF_H
#define _VENDORBANCTL_POLICYDIFF_H

#include <stdio.h>

#include "compiler.h"

/**
 * struct vb_diff_counts - how much changes
 * @added: rule (and chain-cert) lines only in the new policy
 * @removed: lines only in the old one
 * @moved: lines in both whose order relative to the others changed
 * @settings: name, version, default, writable, unverifiable changes
 */
struct vb_diff_counts {
	unsigned int added, removed, moved, settings;
};

int vb_policy_diff(const struct vendorban_policy *old,
		   const struct vb_compiled *new, FILE *out,
		   struct vb_diff_counts *counts);
int vb_diff_in_force(const struct vb_compiled *new, FILE *out,
		     struct vb_diff_counts *counts);

#endif /* _VENDORBANCTL_POLICYDIFF_H */
