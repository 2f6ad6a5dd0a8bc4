// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - messages to stderr
 */

#include <stdio.h>
#include <string.h>

#include "lib/escape.h"
#include "log.h"

static int log_verbose;

void vb_log_verbose(int verbose)
{
	log_verbose = verbose;
}

static const char *const level_names[] = {
	[VB_LOG_ERR] = "ERROR",
	[VB_LOG_WRN] = "WARNING",
	[VB_LOG_INF] = "INFO",
};

void vb_log(enum vb_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == VB_LOG_INF && !log_verbose)
		return;
	fprintf(stderr, "vendorbanctl: %s: ", level_names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void vb_log_name(enum vb_log_level level, const char *prefix,
		 const char *name, const char *reason)
{
	if (level == VB_LOG_INF && !log_verbose)
		return;
	fprintf(stderr, "vendorbanctl: %s: %s%s", level_names[level], prefix,
		*prefix ? " " : "");
	vb_escape(stderr, name, strlen(name), VB_ESC_NAME);
	fprintf(stderr, ": %s\n", reason);
}
