// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - JSON string output
 *
 * A string's value is the text form of escape.c: what the text output
 * prints, with a backslash as \\ and every control, C1 and invalid UTF-8
 * byte as \xNN.  So a JSON string never holds a control character or
 * invalid UTF-8 (RFC 8259), and it reads as the text output does.  NULL
 * prints as null.
 */

#include <string.h>

#include "escape.h"
#include "json.h"

void vb_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	vb_escape(f, s, strlen(s), VB_ESC_NAME | VB_ESC_JSON);
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

/* Prints "key": true|false, preceded by a comma when @comma is set. */
void vb_json_bool(FILE *f, const char *key, bool value, int comma)
{
	if (comma)
		fputs(", ", f);
	vb_json_str(f, key);
	fprintf(f, ": %s", value ? "true" : "false");
}

/* Prints "key": N, preceded by a comma when @comma is set. */
void vb_json_uint(FILE *f, const char *key, unsigned long long value,
		  int comma)
{
	if (comma)
		fputs(", ", f);
	vb_json_str(f, key);
	fprintf(f, ": %llu", value);
}
