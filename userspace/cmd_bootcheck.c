// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl bootcheck - would a policy refuse what the system needs to
 * boot and to run vendorbanctl itself?
 */

#include <getopt.h>
#include <stdio.h>

#include "lib/failsafe.h"
#include "lib/policyfile.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "v:c:lh";
static const struct option cmdopts[] = {
	{ "vendors", required_argument, NULL, 'v' },
	{ "cert", required_argument, NULL, 'c' },
	{ "list", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	VB_BOOTCHECK_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl bootcheck [options] POLICY\n\n"
	       "Decides, as the kernel would (the walk of 'test' and 'scan'), every\n"
	       "file the system needs to boot and to run vendorbanctl: init\n"
	       "(/sbin/init, init= of the kernel command line), /bin/sh, modprobe,\n"
	       "vendorbanctl; with systemd as init its programs, generators, udev\n"
	       "helpers and boot tools (systemctl, udevadm, mount, fsck, sulogin,\n"
	       "agetty, login...); the dynamic loader and libraries of all of them,\n"
	       "found as ld.so finds them; and the initramfs's modules and programs.\n"
	       "Prints each file the policy would refuse with the rule, then what\n"
	       "could not be checked and a summary.  'load' refuses such a policy\n"
	       "(unless --force) and the initramfs hook fails update-initramfs.\n"
	       "POLICY may be a source or a signed policy.\n"
	       "Exits 0 if nothing would be refused, 3 if something would, 1 on errors.\n\n"
	       "Options:\n"
	       "\t-l, --list          print every file checked, with its decision\n"
	       "\t-c, --cert=CERT     a signed POLICY must verify with CERT\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       VB_BOOTCHECK_HELP
	       "\t-h, --help          show this help\n");
}

struct bootcheck_args {
	struct vb_compile_opts copts;
	struct vb_bootcheck_opts bopts;
	const char *cert;
	bool list;
};

static int parse_args(int argc, char *argv[], struct bootcheck_args *a)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		if (vb_bootcheck_option(c, optarg, &a->bopts))
			continue;
		switch (c) {
		case 'v':
			a->copts.vendors_dir = optarg;
			break;
		case 'c':
			a->cert = optarg;
			break;
		case 'l':
			a->list = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind + 1 != argc)
		return vb_usage_error("bootcheck", "expected one POLICY file");
	return -1;
}

static int do_bootcheck(int argc, char *argv[])
{
	struct bootcheck_args a = { 0 };
	struct vb_policy_src src;
	struct vb_bootcheck bc;
	struct vb_compiled pol;
	int ret = parse_args(argc, argv, &a);

	if (ret >= 0)
		return ret;
	if (vb_policy_read(argv[optind], &a.copts, a.cert, &pol, &src))
		return VB_EXIT_FAILURE;
	vb_policy_src_report(argv[optind], &pol, &src, a.cert);
	ret = vb_bootcheck_run(&a.bopts, pol.policy, &bc);
	if (ret) {
		ERR("out of memory\n");
		ret = VB_EXIT_FAILURE;
		goto out;
	}
	if (a.list)
		vb_bootcheck_print_all(stdout, &bc, &pol);
	else if (bc.nr_refused)
		vb_bootcheck_print_refused(stdout, &bc, &pol, (size_t)-1);
	vb_bootcheck_print_notes(stdout, &bc, "not checked: ");
	printf("summary: %s: %zu files the system needs checked, %zu refused, %zu not checked\n",
	       argv[optind], bc.nr_files, bc.nr_refused, bc.nr_notes);
	ret = bc.nr_refused ? VB_EXIT_DENIED : VB_EXIT_OK;
	if (fflush(stdout))
		ret = VB_EXIT_FAILURE;
out:
	vb_bootcheck_free(&bc);
	vb_policy_src_free(&src);
	vb_compiled_free(&pol);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_bootcheck = {
	.name = "bootcheck",
	.run = do_bootcheck,
	.help = "would a policy refuse what this system needs to boot",
};
