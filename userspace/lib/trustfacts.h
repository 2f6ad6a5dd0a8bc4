/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the facts the policy's settings look at, measured on disk
 */

#ifndef _VENDORBANCTL_TRUSTFACTS_H
#define _VENDORBANCTL_TRUSTFACTS_H

#include "policy.h"

void vb_measure_trust(const char *path, struct vendorban_trust_facts *tf);
const char *vb_unknown_name(unsigned int bit);

#endif /* _VENDORBANCTL_TRUSTFACTS_H */
