/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - warnings about a compiled policy: rules that repeat or
 * never decide, subject rules that cannot match signatures without a
 * certificate, a policy that denies nothing, a root CA ban without the
 * chain
 */

#ifndef _VENDORBANCTL_LINT_H
#define _VENDORBANCTL_LINT_H

#include <stdbool.h>
#include <stdio.h>

#include "compiler.h"

unsigned int vb_lint_policy(const struct vb_compiled *pol, FILE *diag,
			    bool strict, const struct vb_source_loc *warned,
			    unsigned int nr_warned);

#endif /* _VENDORBANCTL_LINT_H */
