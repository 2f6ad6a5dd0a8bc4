/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - JSON output
 */

#ifndef _VENDORBANCTL_JSON_H
#define _VENDORBANCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

void vb_json_str(FILE *f, const char *s);
void vb_json_field(FILE *f, const char *key, const char *value, int comma);
void vb_json_bool(FILE *f, const char *key, bool value, int comma);
void vb_json_uint(FILE *f, const char *key, unsigned long long value,
		  int comma);

#endif /* _VENDORBANCTL_JSON_H */
