/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - ready-to-paste rules for a vendor's file (inspect --rules)
 */

#ifndef _VENDORBANCTL_RULES_H
#define _VENDORBANCTL_RULES_H

#include <stdio.h>

#include "filesig.h"

int vb_print_rules(const char *path, const struct vb_filesig *sig, FILE *out);
char *vb_legal_entities(const struct vendorban_blob *subject);

#endif /* _VENDORBANCTL_RULES_H */
