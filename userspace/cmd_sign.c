// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl sign - a policy signed for vendorban.require_signed=1
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/compiler.h"
#include "lib/policyfile.h"
#include "lib/policysig.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "k:c:o:v:h";
static const struct option cmdopts[] = {
	{ "key", required_argument, NULL, 'k' },
	{ "cert", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "version", required_argument, NULL, 'N' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "previous", required_argument, NULL, 'P' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl sign --key KEY --cert CERT [options] POLICY -o OUT\n\n"
	       "Compiles POLICY (a source or a kernel-format policy) and writes to OUT\n"
	       "a CMS (PKCS#7) message holding the compiled text, signed with KEY\n"
	       "(attached, DER, SHA-256, no signed attributes).  A kernel booted with\n"
	       "vendorban.require_signed=1 accepts it if CERT's key is in one of its\n"
	       "trusted keyrings and the version is not lower than the one in force.\n"
	       "'vendorbanctl load OUT' sends it to the kernel unchanged.\n"
	       "Warns when the version is lower than the previous policy's (the\n"
	       "policy in force, or --previous FILE): such a kernel refuses it.\n\n"
	       "Options:\n"
	       "\t-k, --key=FILE      the signer's private key (PEM)\n"
	       "\t-c, --cert=FILE     the signer's certificate (PEM or DER)\n"
	       "\t-o, --output=FILE   write the signed policy to FILE\n"
	       "\t    --version=N     set the policy's version to N (0 to 4294967295)\n"
	       "\t-v, --vendors=DIR   look for NAME.vendor files in DIR too\n"
	       "\t    --previous=FILE compare the version with FILE's (a source or a\n"
	       "\t                    signed policy) instead of the policy in force\n"
	       "\t-h, --help          show this help\n");
}

/*
 * The canonical text with its "version" header line (the third line of
 * every canonical text) set to @version, checked by the kernel's parser.
 */
static int set_version(struct vb_compiled *c, unsigned long version)
{
	const char *text = c->policy->text, *line, *end;
	struct vb_compiled again;
	char *buf;
	int n, ret;

	line = strstr(text, "\nversion ");
	end = line ? strchr(line + 1, '\n') : NULL;
	if (!end)
		return -EINVAL;
	n = (int)(line - text);
	if (asprintf(&buf, "%.*s\nversion %lu%s", n, text, version, end) < 0)
		return -ENOMEM;
	ret = vb_policy_from_text(buf, strlen(buf), "signed policy", &again);
	free(buf);
	if (ret)
		return ret;
	vb_compiled_free(c);
	*c = again;
	return 0;
}

static int parse_version(const char *arg, unsigned long *version)
{
	char *end;

	errno = 0;
	*version = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || arg[0] == '+' ||
	    *version > UINT32_MAX)
		return vb_usage_error("sign", "--version takes a number from 0 to 4294967295");
	return -1;
}

static int write_signed(const char *path, const unsigned char *der,
			size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f) {
		ERR("could not open %s: %m\n", path);
		return VB_EXIT_FAILURE;
	}
	ok = fwrite(der, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		ERR("could not write %s: %m\n", path);
		return VB_EXIT_FAILURE;
	}
	return VB_EXIT_OK;
}

struct sign_args {
	struct vb_compile_opts opts;
	const char *key, *cert, *output, *previous;
	unsigned long version;
	bool set_version;
};

static int parse_args(int argc, char *argv[], struct sign_args *a)
{
	int c, ret;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'k':
			a->key = optarg;
			break;
		case 'c':
			a->cert = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'N':
			ret = parse_version(optarg, &a->version);
			if (ret >= 0)
				return ret;
			a->set_version = true;
			break;
		case 'v':
			a->opts.vendors_dir = optarg;
			break;
		case 'P':
			a->previous = optarg;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (!a->key || !a->cert || !a->output)
		return vb_usage_error("sign", "--key, --cert and --output are required");
	if (optind + 1 != argc)
		return vb_usage_error("sign", "expected one POLICY file");
	return -1;
}

/*
 * A kernel that requires signed policies never takes a version lower than
 * the one in force: say so before the policy is shipped.  Returns 0, or
 * -1 if --previous FILE cannot be read (the reason is printed).
 */
static int check_version(const struct sign_args *a,
			 const struct vendorban_policy *p)
{
	unsigned int prev;
	char *name;
	int ret = vb_policy_version_of(a->previous, &prev, &name);

	if (ret)
		return a->previous ? -1 : 0;	/* nothing in force: no warning */
	if (p->version < prev)
		WRN("version %u is lower than version %u of %s (policy %s): a kernel booted with vendorban.require_signed=1 refuses it while that policy is in force; give --version %u or higher\n",
		    p->version, prev, a->previous ? a->previous : "the policy in force",
		    name, prev);
	free(name);
	return 0;
}

static int do_sign(int argc, char *argv[])
{
	struct sign_args a = { 0 };
	struct vb_compiled out;
	unsigned char *der = NULL;
	size_t der_len;
	int ret = parse_args(argc, argv, &a);

	if (ret >= 0)
		return ret;
	if (vb_compile(argv[optind], &a.opts, &out))
		return VB_EXIT_FAILURE;
	ret = a.set_version ? set_version(&out, a.version) : 0;
	if (ret == 0)
		ret = check_version(&a, out.policy);
	if (ret == 0)
		ret = vb_policy_sign(out.policy->text, out.policy->text_len,
				     a.key, a.cert, &der, &der_len);
	if (ret == 0)
		ret = write_signed(a.output, der, der_len);
	else
		ret = VB_EXIT_FAILURE;
	if (ret == VB_EXIT_OK)
		printf("signed policy %s version %u: %u rules, %zu bytes in %s\n",
		       out.policy->name, out.policy->version,
		       out.policy->nr_rules, der_len, a.output);
	free(der);
	vb_compiled_free(&out);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_sign = {
	.name = "sign",
	.run = do_sign,
	.help = "sign a policy for kernels that require signed policies",
};
