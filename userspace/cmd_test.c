// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl test - would a file run under a policy, and which rule
 * decides
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "lib/compiler.h"
#include "lib/decide.h"
#include "lib/escape.h"
#include "lib/json.h"
#include "lib/policyfile.h"
#include "lib/unproven.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "p:v:c:o:jh";
static const struct option cmdopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "cert", required_argument, NULL, 'c' },
	{ "op", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl test [options] FILE...\n\n"
	       "Decides each FILE as the kernel would on exec: reads its signature with\n"
	       "the kernel's parser, walks the matching rules in policy order (an\n"
	       "'allow cert' rule counts only if the signature verifies with its\n"
	       "certificate, checked with OpenSSL) and prints the decision and the\n"
	       "rule that made it, and each allow rule that matched but did not count\n"
	       "(\"unproven\": the signature does not verify, or it is Authenticode).\n"
	       "The policy's writable, unverifiable and userns-mounts settings decide\n"
	       "first, on what can be seen of the file from here (\"unknown\": what\n"
	       "cannot, e.g. other users' open files when not root); a verdict made\n"
	       "on the file not being writable now says so (\"runtime\": writable):\n"
	       "open for writing, mapped writable or pinned for DMA when it is used,\n"
	       "the policy's writable setting decides it instead.\n"
	       "With --op=mprotect, an mprotect(PROT_EXEC) of a mapping of FILE:\n"
	       "the kernel decides it from its cache alone, so anything but an allow\n"
	       "is refused (\"no-cached-allow\"), and an allow depends on the cache\n"
	       "at that moment (\"unknown\": no-cached-allow).\n"
	       "Exits 0 if every FILE would run (allow or audit),\n"
	       "3 if one would be denied, 1 on errors.\n\n"
	       "Options:\n"
	       "\t-p, --policy=POLICY  a policy source or a signed policy (default:\n"
	       "\t                     the policy in force)\n"
	       "\t-c, --cert=CERT      a signed POLICY must verify with CERT\n"
	       "\t-v, --vendors=DIR    look for NAME.vendor files in DIR too\n"
	       "\t-o, --op=OP          exec (default), mmap (decided alike) or\n"
	       "\t                     mprotect\n"
	       "\t-j, --json           one JSON object per line and FILE\n"
	       "\t-h, --help           show this help\n");
}

/* The allow rules that matched but did not count, one line each. */
static void print_unproven(const struct vb_compiled *pol,
			   const struct vb_unproven *u, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct vendorban_rule *r = &pol->policy->rules[u[i].rule];

		printf("  unproven:  line %u, label ", r->line);
		vb_put_name(stdout, r->label[0] ? r->label : "?");
		if (u[i].signer < 0)	/* ima-cert: the IMA key id matched */
			printf(": matched the IMA key id, but %s\n", u[i].text);
		else
			printf(": matched signer %d, but %s\n", u[i].signer,
			       u[i].text);
	}
}

static void print_unproven_json(const struct vb_compiled *pol,
				const struct vb_unproven *u, unsigned int n)
{
	unsigned int i;

	printf(", \"unproven\": [");
	for (i = 0; i < n; i++) {
		const struct vendorban_rule *r = &pol->policy->rules[u[i].rule];

		printf("%s{\"rule_line\": %u", i ? ", " : "", r->line);
		vb_json_field(stdout, "label", r->label[0] ? r->label : NULL, 1);
		printf(", \"signer\": %d", u[i].signer);
		vb_json_field(stdout, "why", u[i].why, 1);
		printf("}");
	}
	printf("]");
}

/*
 * Whether the verdict depends on the file not being writable when used
 * (&vb_decision.runtime_writable), JSON or text.
 */
static void print_runtime(const struct vb_compiled *pol,
			  const struct vb_decision *d, bool json)
{
	if (json)
		printf(", \"runtime\": [%s]",
		       d->runtime_writable ? "\"writable\"" : "");
	else if (d->runtime_writable)
		printf("  runtime:   writable (open for writing, mapped writable or pinned for DMA when used: the writable setting decides, %s)\n",
		       vendorban_action_name(pol->policy->writable_action));
}

/* The facts not known that the verdict depends on, JSON or text. */
static void print_unknown(unsigned int mask, bool json)
{
	unsigned int bit, n = 0;

	if (json)
		printf(", \"unknown\": [");
	else if (mask)
		printf("  unknown:   ");
	for (bit = 1; bit <= VB_UNKNOWN_CACHE; bit <<= 1) {
		if (!(mask & bit))
			continue;
		if (json)
			printf("%s\"%s\"", n++ ? ", " : "", vb_unknown_name(bit));
		else
			printf("%s%s", n++ ? ", " : "", vb_unknown_name(bit));
	}
	if (json)
		printf("]");
	else if (mask)
		printf(" (not seen from here: the kernel may decide otherwise)\n");
}

static void print_text(const char *path, const struct vb_compiled *pol,
		       const struct vb_filesig *sig, const struct vb_decision *d)
{
	const struct vendorban_rule *r = d->rule >= 0 ?
		&pol->policy->rules[d->rule] : NULL;
	const char *text;
	size_t len;

	vb_put_name(stdout, path);
	printf(": %s\n", vendorban_action_name(d->action));
	printf("  signature: %s", vb_sig_state_name(sig->state));
	if (d->signer >= 0)
		printf(", signer %d", d->signer);
	printf("\n");
	if (!r && d->reason) {
		printf("  rule:      none, refused: %s\n", d->reason);
		return;
	}
	if (!r) {
		printf("  rule:      default\n");
		return;
	}
	text = vb_rule_text(pol->policy, d->rule, &len);
	printf("  rule:      line %u, label ", r->line);
	vb_put_name(stdout, r->label[0] ? r->label : "?");
	printf("\n  text:      ");
	vb_escape(stdout, text, len > 160 ? 160 : len, 0);
	printf("%s\n", len > 160 ? "..." : "");
	if (pol->rule_src) {
		printf("  source:    ");
		vb_put_name(stdout, pol->rule_src[d->rule].file);
		printf(":%u\n", pol->rule_src[d->rule].line);
	}
}

static void print_json(const char *path, const struct vb_compiled *pol,
		       const struct vb_filesig *sig, const struct vb_decision *d)
{
	const struct vendorban_rule *r = d->rule >= 0 ?
		&pol->policy->rules[d->rule] : NULL;

	printf("{");
	vb_json_field(stdout, "file", path, 0);
	vb_json_field(stdout, "decision", vendorban_action_name(d->action), 1);
	vb_json_field(stdout, "signature", vb_sig_state_name(sig->state), 1);
	printf(", \"signer\": %d, \"rule_line\": ", d->signer);
	if (r)
		printf("%u", r->line);
	else
		vb_json_str(stdout, d->reason ? "none" : "default");
	vb_json_field(stdout, "label", r && r->label[0] ? r->label : NULL, 1);
	vb_json_field(stdout, "reason", d->reason, 1);
	if (r && pol->rule_src) {
		printf(", \"source\": {");
		vb_json_field(stdout, "file", pol->rule_src[d->rule].file, 0);
		printf(", \"line\": %u}", pol->rule_src[d->rule].line);
	}
}

static int test_one(const char *path, const struct vb_compiled *pol, bool json,
		    bool mprotect)
{
	struct vb_unproven unproven[VB_MAX_UNPROVEN];
	struct vb_decision d;
	const char *why = vb_not_a_file(path);
	struct vb_filesig sig;
	unsigned int nr_unproven;
	int ret;

	if (why) {
		vb_log_name(VB_LOG_ERR, "", path, why);
		return -1;
	}
	ret = vb_filesig_read(path, &sig);
	if (ret) {
		vb_log_name(VB_LOG_ERR, "could not read", path, strerror(-ret));
		return -1;
	}
	ret = vb_decide(pol->policy, path, &sig, &d);
	if (ret)
		vb_log_name(VB_LOG_WRN, "could not verify", path, strerror(-ret));
	if (mprotect)
		vb_decide_mprotect(pol->policy, &d);
	nr_unproven = vb_unproven_allows(&sig, &d, unproven);
	if (json) {
		print_json(path, pol, &sig, &d);
		print_unproven_json(pol, unproven, nr_unproven);
		print_unknown(d.unknown, true);
		print_runtime(pol, &d, true);
		printf("}\n");
	} else {
		print_text(path, pol, &sig, &d);
		print_unproven(pol, unproven, nr_unproven);
		print_unknown(d.unknown, false);
		print_runtime(pol, &d, false);
	}
	vb_filesig_release(&sig);
	return d.action == VENDORBAN_ACTION_DENY;
}

static int do_test(int argc, char *argv[])
{
	const char *policy = NULL, *vendors = NULL, *cert = NULL;
	struct vb_compiled pol;
	bool json = false, denied = false, failed = false, mprotect = false;
	int c, i, ret;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'p':
			policy = optarg;
			break;
		case 'v':
			vendors = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'o':
			if (!strcmp(optarg, "mprotect"))
				mprotect = true;
			else if (strcmp(optarg, "exec") && strcmp(optarg, "mmap"))
				return vb_usage_error("test", "--op: expected exec, mmap or mprotect");
			break;
		case 'j':
			json = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind == argc)
		return vb_usage_error("test", "expected at least one FILE");
	if (vb_policy_get_file(policy, vendors, cert, &pol))
		return VB_EXIT_FAILURE;
	for (i = optind; i < argc; i++) {
		ret = test_one(argv[i], &pol, json, mprotect);
		failed |= ret < 0;
		denied |= ret > 0;
	}
	vb_compiled_free(&pol);
	if (failed)
		return VB_EXIT_FAILURE;
	return denied ? VB_EXIT_DENIED : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_test = {
	.name = "test",
	.run = do_test,
	.help = "would a file run under a policy, and which rule decides",
};
