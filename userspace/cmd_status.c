// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl status - the kernel's state and counters
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl status [--json]\n\n"
	       "Prints the status file: policy name, version and digest, mode, lock,\n"
	       "the last rejected policy's reason and the decision counters.\n\n"
	       "Options:\n"
	       "\t-j, --json   one JSON object; all-digit values as numbers\n"
	       "\t-h, --help   show this help\n");
}

/* "key: value" lines as one JSON object. */
static void print_json(char *text)
{
	char *line, *save = NULL, *colon;
	int n = 0;

	printf("{");
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon++ = '\0';
		colon += *colon == ' ';
		printf("%s", n++ ? ", " : "");
		vb_json_str(stdout, line);
		printf(": ");
		if (*colon && strspn(colon, "0123456789") == strlen(colon))
			printf("%s", colon);
		else
			vb_json_str(stdout, colon);
	}
	printf("}\n");
}

static int do_status(int argc, char *argv[])
{
	bool json = false;
	int ret = vb_simple_options(argc, argv, help, &json);
	char *text;
	size_t len;

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("status", "unexpected argument");
	ret = vb_securityfs_read("status", &text, &len);
	if (ret) {
		ERR("could not read %s/status: %s\n", vb_securityfs_root(),
		    strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	if (json)
		print_json(text);
	else
		fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_status = {
	.name = "status",
	.run = do_status,
	.help = "print the kernel's state and counters",
};
