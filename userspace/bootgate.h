/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the boot check as a gate before a policy is put in force
 * (load, refresh)
 */

#ifndef _VENDORBANCTL_BOOTGATE_H
#define _VENDORBANCTL_BOOTGATE_H

#include <stdbool.h>

#include "lib/compiler.h"
#include "lib/failsafe.h"

int vb_bootcheck_gate(const struct vb_bootcheck_opts *o, const char *path,
		      const struct vb_compiled *pol, bool force);

#endif /* _VENDORBANCTL_BOOTGATE_H */
