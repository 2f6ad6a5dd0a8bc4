// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - messages to stderr
 */

#include <stdio.h>

#include "log.h"

static int log_verbose;

void vb_log_verbose(int verbose)
{
	log_verbose = verbose;
}

void vb_log(enum vb_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[VB_LOG_ERR] = "ERROR",
		[VB_LOG_WRN] = "WARNING",
		[VB_LOG_INF] = "INFO",
	};
	va_list ap;

	if (level == VB_LOG_INF && !log_verbose)
		return;
	fprintf(stderr, "vendorbanctl: %s: ", prefix[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
