// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl compile - a policy source into the kernel's canonical text
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "lib/compiler.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "o:v:h";
static const struct option cmdopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl compile [options] POLICY\n\n"
	       "Compiles POLICY (see vendorban.policy(5); \"-\" reads standard input)\n"
	       "into the canonical text the kernel reads, with the kernel's own parser.\n"
	       "Errors are printed as FILE:LINE:COLUMN: reason.\n\n"
	       "Options:\n"
	       "\t-o, --output=FILE   write the result to FILE (default: standard output)\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-h, --help          show this help\n");
}

static int write_output(const char *path, const char *text, size_t len)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	int ok;

	if (!f) {
		ERR("could not open %s: %m\n", path);
		return VB_EXIT_FAILURE;
	}
	ok = fwrite(text, 1, len, f) == len;
	ok = (path ? fclose(f) : fflush(f)) == 0 && ok;
	if (!ok) {
		ERR("could not write %s: %m\n", path ? path : "standard output");
		return VB_EXIT_FAILURE;
	}
	return VB_EXIT_OK;
}

static int do_compile(int argc, char *argv[])
{
	struct vb_compile_opts opts = { 0 };
	struct vb_compiled out;
	const char *output = NULL;
	int c, ret;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'v':
			opts.vendors_dir = optarg;
			break;
		case 'h':
			help();
			return VB_EXIT_OK;
		case '?':
			return VB_EXIT_USAGE;
		default:
			ERR("unexpected getopt_long() value '%c'\n", c);
			return VB_EXIT_FAILURE;
		}
	}
	if (optind + 1 != argc)
		return vb_usage_error("compile", "expected one POLICY file");
	if (vb_compile(argv[optind], &opts, &out))
		return VB_EXIT_FAILURE;
	ret = write_output(output, out.policy->text, out.policy->text_len);
	vb_compiled_free(&out);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_compile = {
	.name = "compile",
	.run = do_compile,
	.help = "compile a policy source into the kernel's canonical policy",
};
