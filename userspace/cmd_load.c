// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl load - compile a policy, put it in force and confirm it
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/compiler.h"
#include "lib/policydiff.h"
#include "lib/policysig.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "v:nh";
static const struct option cmdopts[] = {
	{ "vendors", required_argument, NULL, 'v' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl load [options] POLICY\n\n"
	       "Compiles POLICY, writes it to %s/policy,\n"
	       "reads it back and checks that the kernel holds exactly the compiled\n"
	       "text.  A signed policy (made by 'vendorbanctl sign') is written as it\n"
	       "is and checked against the text it holds.  If the kernel rejects it,\n"
	       "prints the kernel's reason.\n"
	       "The mode (enforce or permissive) does not change.\n\n"
	       "Options:\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t-n, --dry-run       load nothing: print what would change, as\n"
	       "\t                    'vendorbanctl diff' does, and exit 0\n"
	       "\t-h, --help          show this help\n", vb_securityfs_root());
}

static void print_rejection(void)
{
	char reason[512] = "";
	char *status;
	size_t len;

	if (vb_securityfs_read("status", &status, &len) == 0) {
		vb_status_value(status, "last_error", reason, sizeof(reason));
		free(status);
	}
	ERR("the kernel rejected the policy: %s\n",
	    reason[0] ? reason : "no reason given (see the kernel log)");
}

static int confirm(const struct vendorban_policy *p, bool is_signed)
{
	char *back, *digest;
	size_t len;
	int ret = vb_securityfs_read("policy", &back, &len);

	if (ret) {
		ERR("could not read the policy back: %s\n",
		    vb_securityfs_error(ret));
		return VB_EXIT_FAILURE;
	}
	ret = len == p->text_len && memcmp(back, p->text, len) == 0;
	free(back);
	if (!ret) {
		ERR("the policy read back differs from the policy written\n");
		return VB_EXIT_FAILURE;
	}
	digest = vb_hex(p->digest, sizeof(p->digest));
	printf("loaded %spolicy %s version %u: %u rules, digest sha256:%s\n",
	       is_signed ? "signed " : "", p->name, p->version, p->nr_rules,
	       digest ? digest : "?");
	free(digest);
	return VB_EXIT_OK;
}

/* load --dry-run: what would change; nothing is written. */
static int dry_run(const struct vb_compiled *out)
{
	struct vb_diff_counts n;

	if (vb_diff_in_force(out, stdout, &n))
		return VB_EXIT_FAILURE;
	printf("dry run: policy %s version %u (%u rules) not loaded\n",
	       out->policy->name, out->policy->version, out->policy->nr_rules);
	return fflush(stdout) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

/**
 * struct load_input - what load writes
 * @compiled: the policy text (compiled, or the content of a signed policy)
 * @is_signed: the file was a signed policy, written as it is
 * @signed_data: the signed file's bytes (NULL for a source)
 * @data: the bytes to write: @signed_data or the compiled text
 * @len: their number
 */
struct load_input {
	struct vb_compiled compiled;
	bool is_signed;
	char *signed_data;
	const char *data;
	size_t len;
};

/*
 * A signed policy is sent unchanged (a signature covers the exact bytes);
 * its content is parsed here only to report it and to compare what the
 * kernel reads back.  Anything else is a source to compile.
 */
static int read_policy(const char *path, const struct vb_compile_opts *opts,
		       struct load_input *in)
{
	char *file, *text;
	size_t len, text_len;
	int ret;

	memset(in, 0, sizeof(*in));
	/* Standard input can be read once: it is always a source. */
	ret = strcmp(path, "-") ? vb_read_file(path, &file, &len) : -ESPIPE;
	if (ret == 0 && vb_policy_is_signed(file, len)) {
		ret = vb_policy_signed_content(file, len, &text, &text_len);
		if (ret) {
			ERR("%s: signed, but holds no policy text\n", path);
			free(file);
			return ret;
		}
		ret = vb_policy_from_text(text, text_len, path, &in->compiled);
		free(text);
		in->is_signed = true;
		in->signed_data = file;
		in->data = file;
		in->len = len;
		return ret;	/* the caller frees @in either way */
	}
	if (ret == 0)
		free(file);
	ret = vb_compile(path, opts, &in->compiled);
	if (ret == 0) {
		in->data = in->compiled.policy->text;
		in->len = in->compiled.policy->text_len;
	}
	return ret;
}

static int do_load(int argc, char *argv[])
{
	struct vb_compile_opts opts = { .lint = true };
	struct load_input in;
	bool dry = false;
	int c, ret;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'v':
			opts.vendors_dir = optarg;
			break;
		case 'n':
			dry = true;
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
		return vb_usage_error("load", "expected one POLICY file");
	if (read_policy(argv[optind], &opts, &in)) {
		ret = VB_EXIT_FAILURE;	/* the reason is printed */
		goto out;
	}
	if (dry) {
		ret = dry_run(&in.compiled);
		goto out;
	}
	ret = vb_securityfs_write("policy", in.data, in.len);
	if (ret == -EINVAL || ret == -EKEYREJECTED) {
		print_rejection();
		ret = VB_EXIT_FAILURE;
	} else if (ret) {
		ERR("could not load the policy: %s\n", vb_write_error(ret));
		ret = VB_EXIT_FAILURE;
	} else {
		ret = confirm(in.compiled.policy, in.is_signed);
	}
out:
	free(in.signed_data);
	vb_compiled_free(&in.compiled);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_load = {
	.name = "load",
	.run = do_load,
	.help = "compile a policy and put it in force",
};
