/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - how every name the tool prints is escaped
 */

#ifndef _VENDORBANCTL_ESCAPE_H
#define _VENDORBANCTL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Flags of vb_escape().  With none, only unsafe bytes are escaped (the
 * policy text of show and diff, whose own escapes \" and \\ stay as
 * they are).
 */
#define VB_ESC_BACKSLASH	0x1	/* a backslash is written \\ */
#define VB_ESC_QUOTE		0x2	/* '"' is written \" (a quoted value) */
#define VB_ESC_JSON		0x4	/* the result JSON-encoded (no quotes) */
#define VB_ESC_CSV		0x8	/* '"' is written "" (a CSV cell) */

/* The text form of a name: vb_escape() with VB_ESC_BACKSLASH. */
#define VB_ESC_NAME		VB_ESC_BACKSLASH

size_t vb_utf8_printable(const unsigned char *p, size_t len);
void vb_escape(FILE *f, const char *s, size_t len, unsigned int flags);
void vb_escape_lines(FILE *f, const char *text, size_t len);
void vb_put_name(FILE *f, const char *s);
char *vb_name_text(const char *s);
bool vb_name_is_plain(const char *s);

#endif /* _VENDORBANCTL_ESCAPE_H */
