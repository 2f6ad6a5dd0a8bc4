// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl status - the kernel's state and counters
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/rulecounts.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl status [--json] [--rules]\n\n"
	       "Prints the status file: policy name, version and digest, mode, lock,\n"
	       "the last rejected policy's reason and the decision counters; with\n"
	       "--rules also how often each rule decided since the policy was loaded\n"
	       "(rule_counts, readable by root only).\n"
	       "Exits 0 if vendorban is active with a policy loaded, 4 if vendorban\n"
	       "is not active (and says how to enable it), 5 if no policy is\n"
	       "loaded, 6 if the status file cannot be read for lack of permission,\n"
	       "1 on other errors.\n\n"
	       "Options:\n"
	       "\t-j, --json   one JSON object; all-digit values as numbers\n"
	       "\t-r, --rules  the per-rule hit counters too\n"
	       "\t-h, --help   show this help\n");
}

/* The rows of @rc as a JSON array, "rule" a number for a rule's line. */
static void print_rules_json(const struct vb_rule_counts *rc)
{
	const struct vb_rule_count *r;
	size_t i;
	int h;

	printf("[");
	for (i = 0; i < rc->nr; i++) {
		r = &rc->rows[i];
		printf("%s{\"rule\": ", i ? ", " : "");
		if (r->line)
			printf("%u", r->line);
		else
			vb_json_str(stdout, r->rule);
		vb_json_field(stdout, "action", r->action, 1);
		for (h = 0; h < VB_NR_HITS; h++)
			printf(", \"%s\": %llu", vb_hit_names[h], r->hits[h]);
		printf(", \"label\": ");
		vb_json_str(stdout, r->label[0] ? r->label : NULL);
		printf("}");
	}
	printf("]");
}

static void print_rules(const struct vb_rule_counts *rc)
{
	const struct vb_rule_count *r;
	size_t i;

	if (!rc->nr) {
		printf("rules: no policy in force\n");
		return;
	}
	printf("rules: policy %s version %lu, since it was loaded:\n",
	       rc->policy, rc->version);
	printf("  %-8s %-6s %10s %10s %10s %10s  %s\n", "RULE", "ACTION",
	       "DENY", "WOULD_DENY", "AUDIT", "ALLOW", "LABEL");
	for (i = 0; i < rc->nr; i++) {
		r = &rc->rows[i];
		printf("  %-8s %-6s %10llu %10llu %10llu %10llu  %s\n", r->rule,
		       r->action, r->hits[VB_HIT_DENY],
		       r->hits[VB_HIT_WOULD_DENY], r->hits[VB_HIT_AUDIT],
		       r->hits[VB_HIT_ALLOW], r->label[0] ? r->label : "-");
	}
}

/* "key: value" lines as one JSON object, and "rules" if @rc. */
static void print_json(char *text, const struct vb_rule_counts *rc)
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
	if (rc) {
		printf("%s\"rules\": ", n ? ", " : "");
		print_rules_json(rc);
	}
	printf("}\n");
}

/* Whether the comma-separated @list holds @name. */
static bool lsm_listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/*
 * vendorban is not active: say how to enable each form.  The securityfs
 * directory's parent lists the active LSMs in "lsm" (the built-in form
 * joins that list; the module form only creates the directory).
 */
static int not_active(void)
{
	const char *root = vb_securityfs_root();
	char *parent = vb_dirname(root), *lsm_path = NULL, *lsm = NULL;
	size_t len = 0;

	ERR("vendorban is not active: %s does not exist\n", root);
	if (parent && asprintf(&lsm_path, "%s/lsm", parent) >= 0 &&
	    vb_read_file_max(lsm_path, 4096, &lsm, &len) == 0) {
		while (len && (lsm[len - 1] == '\n' || lsm[len - 1] == ','))
			lsm[--len] = '\0';
		if (lsm_listed(lsm, "vendorban"))
			fprintf(stderr,
				"  but %s lists vendorban as active: is %s the right directory (--root)?\n",
				lsm_path, root);
		else
			fprintf(stderr,
				"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): boot with\n"
				"    lsm=%s%svendorban\n"
				"  (the active LSMs, from %s, with vendorban last)\n",
				lsm, len ? "," : "", lsm_path);
	} else {
		fprintf(stderr,
			"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): add vendorban\n"
			"    last to the lsm=...,vendorban boot parameter (is securityfs mounted?)\n");
	}
	fprintf(stderr, "  module form (vendorban.ko, from DKMS): modprobe vendorban\n");
	free(lsm);
	free(lsm_path);
	free(parent);
	return VB_EXIT_ABSENT;
}

static int read_error(int err)
{
	if (err == -ENOENT || err == -ENOTDIR)
		return not_active();
	if (err == -EACCES || err == -EPERM) {
		ERR("could not read %s/status: permission denied (run as root)\n",
		    vb_securityfs_root());
		return VB_EXIT_NO_PERM;
	}
	ERR("could not read %s/status: %s\n", vb_securityfs_root(),
	    strerror(-err));
	return VB_EXIT_FAILURE;
}

static int parse_options(int argc, char *argv[], bool *json, bool *rules)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "jrh", opts, NULL)) != -1) {
		if (c == 'j') {
			*json = true;
		} else if (c == 'r') {
			*rules = true;
		} else if (c == 'h') {
			help();
			return VB_EXIT_OK;
		} else {
			return VB_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return vb_usage_error("status", "unexpected argument");
	return -1;
}

/* Reads rule_counts into @rc; returns -1, or the exit code on failure. */
static int read_rules(struct vb_rule_counts *rc)
{
	int ret = vb_rule_counts_read(rc);

	if (!ret)
		return -1;
	if (ret == -EACCES || ret == -EPERM) {
		ERR("could not read %s/rule_counts: permission denied (run as root)\n",
		    vb_securityfs_root());
		return VB_EXIT_NO_PERM;
	}
	ERR("could not read %s/rule_counts: %s\n", vb_securityfs_root(),
	    ret == -ENOENT ? "no such file (a vendorban without per-rule counters)" :
	    ret == -EINVAL ? "not in the format this vendorbanctl knows" :
	    strerror(-ret));
	return VB_EXIT_FAILURE;
}

static int do_status(int argc, char *argv[])
{
	bool json = false, rules = false, loaded;
	int ret = parse_options(argc, argv, &json, &rules);
	struct vb_rule_counts rc = { 0 };
	char *text, value[32];
	size_t len;

	if (ret >= 0)
		return ret;
	ret = vb_securityfs_read("status", &text, &len);
	if (ret)
		return read_error(ret);
	ret = rules ? read_rules(&rc) : -1;
	if (ret >= 0) {
		free(text);
		return ret;
	}
	/* The kernel prints "version:" only when a policy is in force. */
	loaded = vb_status_value(text, "version", value, sizeof(value)) == 0;
	if (json)
		print_json(text, rules ? &rc : NULL);
	else
		fwrite(text, 1, len, stdout);
	if (rules && !json)
		print_rules(&rc);
	vb_rule_counts_free(&rc);
	free(text);
	if (fflush(stdout))
		return VB_EXIT_FAILURE;
	if (loaded)
		return VB_EXIT_OK;
	WRN("no policy is loaded (vendorbanctl load POLICY)\n");
	return VB_EXIT_NO_POLICY;
}

const struct vendorban_cmd vendorban_cmd_status = {
	.name = "status",
	.run = do_status,
	.help = "print the kernel's state and counters",
};
