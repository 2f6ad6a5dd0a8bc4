// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - how every name the tool prints is escaped
 *
 * File names, certificate names, policy and rule names, comm and the
 * paths in audit records are chosen by whoever made the file, the
 * certificate or the process.  Printed raw, a newline in one forges a
 * line of a report ("allow ... rule=0"), and an escape sequence reaches
 * root's terminal.  So every command prints them through vb_escape(), in
 * one text form:
 *
 *   - printable UTF-8 (valid, shortest form, no surrogate, at most
 *     U+10FFFF, not a C0 or C1 control nor DEL) is written as it is;
 *   - every other byte (C0 controls such as newline, tab and ESC, DEL,
 *     the bytes of a C1 control, invalid UTF-8) is written \xNN (lower
 *     case hex);
 *   - a backslash is written \\, so that \xNN is never ambiguous.
 *
 * So one name is always one piece of one line, and the original bytes
 * can be recovered.  JSON output carries exactly the same text form as
 * its string value (the name "a<newline>b" is "a\\x0ab" in JSON, printed
 * a\x0ab by jq -r, as in the text output): JSON cannot carry invalid
 * UTF-8, and one rule for both means what an admin reads in one output
 * is what a script gets from the other.
 */

#include <stdlib.h>
#include <string.h>

#include "escape.h"

/**
 * vb_utf8_printable() - the length of the printable character at @p
 * @p: the bytes
 * @len: how many there are (at least 1)
 *
 * Return: the length (1 to 4) of the valid, printable UTF-8 character at
 * @p, or 0 if the byte at @p must be escaped.
 */
size_t vb_utf8_printable(const unsigned char *p, size_t len)
{
	unsigned int cp, n, i;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

/* A backslash of the output: doubled once more when JSON-encoded. */
static void put_backslash(FILE *f, unsigned int flags)
{
	fputs(flags & VB_ESC_JSON ? "\\\\" : "\\", f);
}

/**
 * vb_escape() - print untrusted bytes in the text form
 * @f: where to
 * @s: the bytes (need not be NUL-terminated)
 * @len: their number
 * @flags: VB_ESC_BACKSLASH (names), VB_ESC_QUOTE (inside "..."),
 *	VB_ESC_JSON (inside a JSON string), VB_ESC_CSV (inside a CSV cell)
 */
void vb_escape(FILE *f, const char *s, size_t len, unsigned int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	size_t n;

	while (p < end) {
		n = vb_utf8_printable(p, end - p);
		if (!n) {
			put_backslash(f, flags);
			fprintf(f, "x%02x", *p++);
		} else if (*p == '\\' && (flags & VB_ESC_BACKSLASH)) {
			put_backslash(f, flags);
			put_backslash(f, flags);
			p++;
		} else if (*p == '\\' && (flags & VB_ESC_JSON)) {
			put_backslash(f, flags);
			p++;
		} else if (*p == '"' && (flags & VB_ESC_CSV)) {
			fputs("\"\"", f);
			p++;
		} else if (*p == '"' && (flags & (VB_ESC_QUOTE | VB_ESC_JSON))) {
			if (flags & VB_ESC_QUOTE)
				put_backslash(f, flags);
			fputs(flags & VB_ESC_JSON ? "\\\"" : "\"", f);
			p++;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
}

/*
 * Prints a policy's text (@len bytes of @text) line by line, each line
 * escaped with no flags: the kernel refuses control characters in a
 * policy, so a policy it holds prints unchanged unless it has invalid
 * UTF-8.  Every line ends with a newline.
 */
void vb_escape_lines(FILE *f, const char *text, size_t len)
{
	const char *p = text, *nl;

	while (p < text + len) {
		nl = memchr(p, '\n', text + len - p);
		if (!nl)
			nl = text + len;
		vb_escape(f, p, nl - p, 0);
		putc('\n', f);
		p = nl + 1;
	}
}

/* Prints the NUL-terminated name @s in the text form. */
void vb_put_name(FILE *f, const char *s)
{
	vb_escape(f, s, strlen(s), VB_ESC_NAME);
}

/**
 * vb_name_text() - the text form of a name, as a string
 * @s: the name
 *
 * Return: a malloc()ed string, or NULL on ENOMEM.
 */
char *vb_name_text(const char *s)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	vb_put_name(f, s);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Whether @s prints as it is: non-empty ASCII without space, '"' or '\\'. */
bool vb_name_is_plain(const char *s)
{
	const char *p;

	for (p = s; *p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	return *s && !*p;
}
