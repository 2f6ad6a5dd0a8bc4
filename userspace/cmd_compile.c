// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl compile - a policy source into the kernel's canonical text
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/compiler.h"
#include "lib/policysig.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "o:v:R:slh";
static const struct option cmdopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "package-root", required_argument, NULL, 'R' },
	{ "strict", no_argument, NULL, 's' },
	{ "list-files", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl compile [options] POLICY\n\n"
	       "Compiles POLICY (see vendorban.policy(5); \"-\" reads standard input)\n"
	       "into the canonical text the kernel reads, with the kernel's own parser.\n"
	       "Errors are printed as FILE:LINE:COLUMN: reason.  Warnings, each with a\n"
	       "fix, name what compiles but cannot match or does not do what it says:\n"
	       "DNs not in the kernel's RFC 4514 form, a CA in cert-file, repeated and\n"
	       "shadowed rules, subject rules for signatures without a certificate.\n\n"
	       "Options:\n"
	       "\t-o, --output=FILE   write the result to FILE (default: standard output)\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-R, --package-root=DIR  the root of the system whose installed\n"
	       "\t                    packages the package directives read\n"
	       "\t                    (default /)\n"
	       "\t-s, --strict        warnings are errors (exit 1, no output)\n"
	       "\t-l, --list-files    print every file the policy reads (sources,\n"
	       "\t                    includes, vendor sets, certificates), one a line,\n"
	       "\t                    instead of the policy; a signed policy (made\n"
	       "\t                    by 'vendorbanctl sign') reads no other file:\n"
	       "\t                    its content is checked and its own name printed\n"
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

/* Every file the compiled policy was read from, once each. */
static int list_files(const char *path, const struct vb_compiled *out)
{
	unsigned int i, j;

	for (i = 0; i < out->nr_files; i++) {
		for (j = 0; j < i && strcmp(out->files[i], out->files[j]); j++)
			;
		if (j == i && strcmp(out->files[i], "-"))
			printf("%s\n", out->files[i]);
	}
	if (fflush(stdout)) {
		ERR("could not write the list of %s: %m\n", path);
		return VB_EXIT_FAILURE;
	}
	return VB_EXIT_OK;
}

/*
 * --list-files of a signed policy (what the initramfs hook asks of
 * /etc/vendorban/policy): it is loaded as it is and reads no other file,
 * so the list is the file itself, once its content is a policy.  Returns
 * 1 if @path is not a signed policy (the caller compiles it), else an
 * exit code.
 */
static int list_signed(const char *path)
{
	struct vb_compiled pol;
	char *file, *text;
	size_t len, text_len;
	int ret;

	if (!strcmp(path, "-") || vb_read_file(path, &file, &len))
		return 1;	/* vb_compile() reports what it cannot read */
	if (!vb_policy_is_signed(file, len)) {
		free(file);
		return 1;
	}
	ret = vb_policy_signed_content(file, len, &text, &text_len);
	free(file);
	if (ret) {
		ERR("%s: signed, but holds no policy text\n", path);
		return VB_EXIT_FAILURE;
	}
	ret = vb_policy_from_text(text, text_len, path, &pol);
	free(text);
	if (ret)
		return VB_EXIT_FAILURE;
	vb_compiled_free(&pol);
	printf("%s\n", path);
	if (fflush(stdout)) {
		ERR("could not write the list of %s: %m\n", path);
		return VB_EXIT_FAILURE;
	}
	return VB_EXIT_OK;
}

static int do_compile(int argc, char *argv[])
{
	struct vb_compile_opts opts = { .lint = true };
	struct vb_compiled out;
	const char *output = NULL;
	bool list = false;
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
		case 'R':
			opts.pkg_root = optarg;
			break;
		case 's':
			opts.strict = true;
			break;
		case 'l':
			list = true;
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
	if (list) {
		ret = list_signed(argv[optind]);
		if (ret != 1)
			return ret;
	}
	if (vb_compile(argv[optind], &opts, &out))
		return VB_EXIT_FAILURE;
	if (list)
		ret = list_files(argv[optind], &out);
	else
		ret = write_output(output, out.policy->text, out.policy->text_len);
	vb_compiled_free(&out);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_compile = {
	.name = "compile",
	.run = do_compile,
	.help = "compile a policy source into the kernel's canonical policy",
};
