/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - messages to stderr
 *
 * ERR/WRN/INF print "vendorbanctl: ERROR: msg" (WARNING, INFO) to stderr;
 * messages start lower-case and end with a newline.
 */

#ifndef _VENDORBANCTL_LOG_H
#define _VENDORBANCTL_LOG_H

#include <stdarg.h>

enum vb_log_level {
	VB_LOG_ERR,
	VB_LOG_WRN,
	VB_LOG_INF,
};

void vb_log(enum vb_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * "PREFIX NAME: REASON" with NAME (a file name, say) escaped as every name
 * the tool prints (lib/escape.c).
 */
void vb_log_name(enum vb_log_level level, const char *prefix,
		 const char *name, const char *reason);
/* Prints INF messages only after vb_log_verbose(1). */
void vb_log_verbose(int verbose);

#define ERR(...) vb_log(VB_LOG_ERR, __VA_ARGS__)
#define WRN(...) vb_log(VB_LOG_WRN, __VA_ARGS__)
#define INF(...) vb_log(VB_LOG_INF, __VA_ARGS__)

#endif /* _VENDORBANCTL_LOG_H */
