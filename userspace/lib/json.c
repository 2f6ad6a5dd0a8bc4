// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - JSON string output
 *
 * Strings are printed quoted, with '"', '\\' and control characters
 * escaped (RFC 8259).  Other bytes are copied: names from certificates are
 * UTF-8 as the shared parser renders them.  NULL prints as null.
 */

#include "json.h"

void vb_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			putc(*p, f);
	}
	putc('"', f);
}

/* Prints "key": "value", preceded by a comma when @comma is set. */
void vb_json_field(FILE *f, const char *key, const char *value, int comma)
{
	if (comma)
		fputs(", ", f);
	vb_json_str(f, key);
	fputs(": ", f);
	vb_json_str(f, value);
}
