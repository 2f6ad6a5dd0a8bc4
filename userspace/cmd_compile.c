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
#include "lib/failsafe.h"
#include "lib/policyfile.h"
#include "lib/policysig.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "o:v:R:slc:h";
static const struct option cmdopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "package-root", required_argument, NULL, 'R' },
	{ "strict", no_argument, NULL, 's' },
	{ "list-files", no_argument, NULL, 'l' },
	{ "cert", required_argument, NULL, 'c' },
	{ "no-boot-check", no_argument, NULL, 'B' },
	{ "help", no_argument, NULL, 'h' },
	VB_BOOTCHECK_OPTIONS,
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
	       "shadowed rules, subject rules for signatures without a certificate,\n"
	       "and rules that refuse a file this machine needs to boot or to run\n"
	       "vendorbanctl (init, the dynamic loader, libc, systemd and its helpers:\n"
	       "the boot check of 'vendorbanctl bootcheck'; the initramfs too with\n"
	       "--kernel or --initramfs).  A signed POLICY (made by 'vendorbanctl\n"
	       "sign') is read by its content, its version and signer shown.\n\n"
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
	       "\t-c, --cert=CERT     a signed POLICY must verify with CERT\n"
	       "\t    --no-boot-check  do not check the policy against this machine\n"
	       VB_BOOTCHECK_HELP
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

struct compile_args {
	struct vb_compile_opts opts;
	struct vb_bootcheck_opts boot;
	const char *output, *cert;
	bool list, no_boot_check;
};

static int parse_args(int argc, char *argv[], struct compile_args *a)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		if (vb_bootcheck_option(c, optarg, &a->boot))
			continue;
		switch (c) {
		case 'o':
			a->output = optarg;
			break;
		case 'v':
			a->opts.vendors_dir = optarg;
			break;
		case 'R':
			a->opts.pkg_root = optarg;
			break;
		case 's':
			a->opts.strict = true;
			break;
		case 'l':
			a->list = true;
			break;
		case 'c':
			a->cert = optarg;
			break;
		case 'B':
			a->no_boot_check = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind + 1 != argc)
		return vb_usage_error("compile", "expected one POLICY file");
	return -1;
}

/*
 * The boot check, as warnings (errors with --strict).  compile is a build
 * step, often run on a build host and many times over: it checks this
 * machine's programs and libraries (cheap), and its initramfs only when
 * asked (--kernel, --initramfs: lsinitramfs and the modules take seconds).
 * Returns 0, or 1 when --strict turns a refusal into an error.
 */
static int boot_check(const struct compile_args *a, const char *path,
		      const struct vb_compiled *out)
{
	struct vb_bootcheck_opts o = a->boot;
	struct vb_bootcheck bc;
	unsigned int n;

	if (a->no_boot_check)
		return 0;
	if (!o.initramfs && !o.kernel)
		o.initramfs = "none";
	if (vb_bootcheck_run(&o, out->policy, &bc)) {
		vb_bootcheck_free(&bc);
		ERR("out of memory\n");
		return 1;
	}
	n = vb_bootcheck_warn(stderr, &bc, out, path, a->opts.strict);
	vb_bootcheck_free(&bc);
	return n && a->opts.strict;
}

static int do_compile(int argc, char *argv[])
{
	struct compile_args a = { .opts = { .lint = true } };
	struct vb_policy_src src;
	struct vb_compiled out;
	int ret = parse_args(argc, argv, &a);

	if (ret >= 0)
		return ret;
	if (a.list) {
		ret = list_signed(argv[optind]);
		if (ret != 1)
			return ret;
		if (vb_compile(argv[optind], &a.opts, &out))
			return VB_EXIT_FAILURE;
		ret = list_files(argv[optind], &out);
		vb_compiled_free(&out);
		return ret;
	}
	if (vb_policy_read(argv[optind], &a.opts, a.cert, &out, &src))
		return VB_EXIT_FAILURE;
	vb_policy_src_report(argv[optind], &out, &src, a.cert);
	if (boot_check(&a, argv[optind], &out))
		ret = VB_EXIT_FAILURE;
	else
		ret = write_output(a.output, out.policy->text,
				   out.policy->text_len);
	vb_policy_src_free(&src);
	vb_compiled_free(&out);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_compile = {
	.name = "compile",
	.run = do_compile,
	.help = "compile a policy source into the kernel's canonical policy",
};
