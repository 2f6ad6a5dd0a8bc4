// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl status - the kernel's state and counters, and a check a
 * monitoring system can run
 *
 * The text form is the status file as the kernel writes it (each line
 * escaped as every name the tool prints: a policy name is chosen by its
 * author).  The JSON form is always one document, whatever the state:
 * "active": false with why when vendorban is not there, "readable": false
 * when the status cannot be read; values are typed (yes/no as booleans,
 * all-digit values as numbers, "none" as null), so a monitoring check
 * need not parse strings.  --check enforce|locked turns the state into an
 * exit code (vendorbanctl(8), EXIT STATUS).
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/json.h"
#include "lib/modtrust.h"
#include "lib/rulecounts.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

enum check { CHECK_NONE, CHECK_ENFORCE, CHECK_LOCKED };

static const char *const check_names[] = {
	[CHECK_NONE] = NULL, [CHECK_ENFORCE] = "enforce",
	[CHECK_LOCKED] = "locked",
};

static const char cmdopts_s[] = "jc:rh";
static const struct option cmdopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "check", required_argument, NULL, 'c' },
	{ "rules", no_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl status [--json] [--check enforce|locked] [--rules]\n\n"
	       "Prints the status file: form, mechanism, policy name, version and\n"
	       "digest, mode, lock, the last rejected policy's reason and the\n"
	       "decision counters.\n\n"
	       "Exit codes: 0 vendorban is active with a policy loaded (and the\n"
	       "check passed), 1 other errors, 4 vendorban is not active (the\n"
	       "message says how to enable it), 5 no policy is loaded, 6 the status\n"
	       "file cannot be read (permission denied); with --check: 7 permissive\n"
	       "mode, 8 the module form decides exec alone (mechanism binfmt: no\n"
	       "mmap, mprotect or module checks), 9 (locked) not locked.\n\n"
	       "Options:\n"
	       "\t-j, --json          one JSON document, always (also when vendorban\n"
	       "\t                    is not active); yes/no as booleans, counters\n"
	       "\t                    as numbers, none as null\n"
	       "\t-c, --check=WHAT    enforce: active, a policy loaded, enforce mode,\n"
	       "\t                    the full mechanism (lsm or bpf-lsm);\n"
	       "\t                    locked: all of that, and locked\n"
	       "\t-r, --rules         how often each rule decided since the policy\n"
	       "\t                    was loaded (rule_counts, root only); in JSON\n"
	       "\t                    a \"rules\" array\n"
	       "\t-h, --help          show this help\n");
}

/* ---- the status text ---- */

/* The value of @key in @text, or NULL; in @buf. */
static const char *value(const char *text, const char *key, char *buf,
			 size_t size)
{
	return vb_status_value(text, key, buf, size) ? NULL : buf;
}

/* A JSON value typed from the kernel's text: bool, number, null, string. */
static void json_typed(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "no"))
		fputs(!strcmp(v, "yes") ? "true" : "false", stdout);
	else if (*v && strlen(v) <= 20 && strspn(v, "0123456789") == strlen(v))
		fputs(v, stdout);
	else if (!strcmp(v, "none"))
		fputs("null", stdout);
	else
		vb_json_str(stdout, v);
}

/*
 * "mechanism: binfmt (bpf: not attached)": the word, and what is in
 * parentheses as "mechanism_detail".
 */
static void json_mechanism(const char *v)
{
	size_t n = strcspn(v, " (");
	char *word = strndup(v, n);
	const char *detail = strchr(v + n, '(');

	vb_json_str(stdout, "mechanism");
	fputs(": ", stdout);
	vb_json_str(stdout, word ? word : v);
	if (detail) {
		char *d = strndup(detail + 1, strcspn(detail + 1, ")"));

		vb_json_field(stdout, "mechanism_detail", d, 1);
		free(d);
	}
	free(word);
}

/* Every "key: value" line of the status, typed. */
static void json_lines(char *text)
{
	char *line, *save = NULL, *colon;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon++ = '\0';
		colon += *colon == ' ';
		fputs(", ", stdout);
		if (!strcmp(line, "mechanism")) {
			json_mechanism(colon);
			continue;
		}
		vb_json_str(stdout, line);
		fputs(": ", stdout);
		json_typed(colon);
	}
}

/* ---- the state, and the check ---- */

/**
 * struct state - what status found
 * @code: the exit code (VB_EXIT_OK or why the check fails)
 * @why: the reason for @code, or NULL
 * @policy: a policy is loaded
 * @enforce: the mode is enforce
 * @full: the mechanism sees exec, mmap, mprotect and modules
 * @locked: policy and mode are locked
 */
struct state {
	int code;
	const char *why;
	bool policy, enforce, full, locked;
};

static void judge(const char *text, enum check check, struct state *st)
{
	char buf[256];
	const char *v;

	memset(st, 0, sizeof(*st));
	/* The kernel prints "version:" only when a policy is in force. */
	st->policy = value(text, "version", buf, sizeof(buf)) != NULL;
	v = value(text, "mode", buf, sizeof(buf));
	st->enforce = v && !strcmp(v, "enforce");
	v = value(text, "mechanism", buf, sizeof(buf));
	/* a kernel older than "mechanism:" is the built-in form's lsm */
	st->full = !v || !strcmp(v, "lsm") || !strcmp(v, "bpf-lsm");
	v = value(text, "locked", buf, sizeof(buf));
	st->locked = v && !strcmp(v, "yes");
	if (!st->policy) {
		st->code = VB_EXIT_NO_POLICY;
		st->why = "no policy is loaded";
	} else if (check != CHECK_NONE && !st->full) {
		st->code = VB_EXIT_PARTIAL;
		st->why = "the mechanism decides exec only (not mmap, mprotect, modules)";
	} else if (check != CHECK_NONE && !st->enforce) {
		st->code = VB_EXIT_PERMISSIVE;
		st->why = "permissive mode: nothing is denied";
	} else if (check == CHECK_LOCKED && !st->locked) {
		st->code = VB_EXIT_UNLOCKED;
		st->why = "not locked: root can still change the policy and mode";
	}
}

static void json_check(enum check check, const struct state *st)
{
	if (check == CHECK_NONE)
		return;
	fputs(", \"check\": {", stdout);
	vb_json_field(stdout, "name", check_names[check], 0);
	vb_json_bool(stdout, "ok", st->code == VB_EXIT_OK, 1);
	vb_json_field(stdout, "why", st->why, 1);
	fputs("}", stdout);
}

/* ---- vendorban not there, or the status not readable ---- */

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
 * How to enable vendorban: the lsm= line for the built-in form, into
 * @lsm_line (empty when the active LSMs cannot be read); true when the
 * kernel lists vendorban as active already (--root names the wrong
 * directory).  The securityfs directory's parent lists the active LSMs in
 * "lsm" (the built-in form joins that list; the module form only creates
 * the directory).
 */
static bool enable_hint(char **lsm_line, char **lsm_path)
{
	char *parent = vb_dirname(vb_securityfs_root()), *lsm = NULL;
	bool listed = false;
	size_t len = 0;

	*lsm_line = NULL;
	*lsm_path = NULL;
	if (parent && asprintf(lsm_path, "%s/lsm", parent) >= 0 &&
	    vb_read_file_max(*lsm_path, 4096, &lsm, &len) == 0) {
		while (len && (lsm[len - 1] == '\n' || lsm[len - 1] == ','))
			lsm[--len] = '\0';
		listed = lsm_listed(lsm, "vendorban");
		if (!listed && asprintf(lsm_line, "lsm=%s%svendorban", lsm,
					len ? "," : "") < 0)
			*lsm_line = NULL;
	} else if (*lsm_path) {
		free(*lsm_path);
		*lsm_path = NULL;
	}
	free(lsm);
	free(parent);
	return listed;
}

static int not_active(bool json, enum check check)
{
	const char *root = vb_securityfs_root();
	char *line, *lsm_path, *parent;
	bool listed = enable_hint(&line, &lsm_path);

	if (json) {
		printf("{\"active\": false");
		vb_json_field(stdout, "why", listed ?
			      "the directory does not exist, but the kernel lists vendorban as active: is --root right?" :
			      "vendorban is not active: its securityfs directory does not exist", 1);
		vb_json_field(stdout, "directory", root, 1);
		vb_json_field(stdout, "enable_builtin", line, 1);
		vb_json_field(stdout, "enable_module", "modprobe vendorban", 1);
		if (check != CHECK_NONE) {
			printf(", \"check\": {");
			vb_json_field(stdout, "name", check_names[check], 0);
			printf(", \"ok\": false");
			vb_json_field(stdout, "why", "vendorban is not active", 1);
			printf("}");
		}
		printf("}\n");
	}
	ERR("vendorban is not active: %s does not exist\n", root);
	if (listed)
		fprintf(stderr,
			"  but %s lists vendorban as active: is %s the right directory (--root)?\n",
			lsm_path, root);
	else if (line)
		fprintf(stderr,
			"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): boot with\n"
			"    %s\n"
			"  (the active LSMs, from %s, with vendorban last)\n",
			line, lsm_path);
	else
		fprintf(stderr,
			"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): add vendorban\n"
			"    last to the lsm=...,vendorban boot parameter (is securityfs mounted?)\n");
	fprintf(stderr, "  module form (vendorban.ko, from DKMS): modprobe vendorban\n");
	parent = vb_dirname(root);
	if (parent)
		vb_explain_module_trust(parent, "/lib/modules");
	free(parent);
	free(line);
	free(lsm_path);
	return VB_EXIT_ABSENT;
}

static int read_error(int err, bool json, enum check check)
{
	int code = VB_EXIT_FAILURE;
	const char *why;

	if (err == -ENOENT || err == -ENOTDIR)
		return not_active(json, check);
	if (err == -EACCES || err == -EPERM) {
		why = "permission denied (run as root)";
		code = VB_EXIT_NO_PERM;
	} else {
		why = strerror(-err);
	}
	if (json) {
		/* the directory is there, so vendorban is */
		printf("{\"active\": true, \"readable\": false");
		vb_json_field(stdout, "why", why, 1);
		printf("}\n");
	}
	ERR("could not read %s/status: %s\n", vb_securityfs_root(), why);
	return code;
}

/* ---- the command ---- */

static int parse_args(int argc, char *argv[], bool *json, enum check *check,
		      bool *rules)
{
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'c':
			if (!strcmp(optarg, "enforce"))
				*check = CHECK_ENFORCE;
			else if (!strcmp(optarg, "locked"))
				*check = CHECK_LOCKED;
			else
				return vb_usage_error("status", "--check takes enforce or locked");
			break;
		case 'r':
			*rules = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind != argc)
		return vb_usage_error("status", "unexpected argument");
	return -1;
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
		printf("  %-8s %-6s %10llu %10llu %10llu %10llu  ", r->rule,
		       r->action, r->hits[VB_HIT_DENY],
		       r->hits[VB_HIT_WOULD_DENY], r->hits[VB_HIT_AUDIT],
		       r->hits[VB_HIT_ALLOW]);
		vb_put_name(stdout, r->label[0] ? r->label : "-");
		putchar('\n');
	}
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
	enum check check = CHECK_NONE;
	struct vb_rule_counts rc = { 0 };
	bool json = false, rules = false;
	struct state st;
	char *text;
	size_t len;
	int ret = parse_args(argc, argv, &json, &check, &rules);

	if (ret >= 0)
		return ret;
	ret = vb_securityfs_read("status", &text, &len);
	if (ret)
		return read_error(ret, json, check);
	ret = rules ? read_rules(&rc) : -1;
	if (ret >= 0) {
		free(text);
		return ret;
	}
	judge(text, check, &st);
	if (json) {
		printf("{\"active\": true, \"readable\": true");
		vb_json_bool(stdout, "policy_loaded", st.policy, 1);
		vb_json_bool(stdout, "enforcing", st.enforce, 1);
		vb_json_bool(stdout, "full_mechanism", st.full, 1);
		json_check(check, &st);
		json_lines(text);
		if (rules) {
			printf(", \"rules\": ");
			print_rules_json(&rc);
		}
		printf("}\n");
	} else {
		vb_escape_lines(stdout, text, len);
		if (rules)
			print_rules(&rc);
	}
	vb_rule_counts_free(&rc);
	free(text);
	if (fflush(stdout))
		return VB_EXIT_FAILURE;
	if (st.code == VB_EXIT_NO_POLICY)
		WRN("no policy is loaded (vendorbanctl load POLICY)\n");
	else if (st.code)
		WRN("check %s failed: %s\n", check_names[check], st.why);
	return st.code;
}

const struct vendorban_cmd vendorban_cmd_status = {
	.name = "status",
	.run = do_status,
	.help = "print the kernel's state and counters; check it for monitoring",
};
