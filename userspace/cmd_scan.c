// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl scan - every executable file a policy would block or audit
 */

#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lib/compiler.h"
#include "lib/decide.h"
#include "lib/json.h"
#include "log.h"
#include "vendorbanctl.h"

/* Pseudo file systems that hold no programs to check. */
static const unsigned long skip_fs[] = {
	0x9fa0,		/* proc */
	0x62656572,	/* sysfs */
	0x73636673,	/* securityfs */
	0x64626720,	/* debugfs */
	0x74726163,	/* tracefs */
	0x27e0eb,	/* cgroup */
	0x63677270,	/* cgroup2 */
};

static const char cmdopts_s[] = "p:v:xjh";
static const struct option cmdopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "xdev", no_argument, NULL, 'x' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The walk's state: nftw() callbacks take no context argument. */
static struct {
	const struct vb_compiled *pol;
	bool json, bar, counting;
	unsigned long total, checked, denied, audited, errors;
	unsigned int last_pct;
} scan;

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl scan [options] [PATH...]\n\n"
	       "Walks each PATH (default /) and decides every regular file with an\n"
	       "execute bit as the kernel would on exec; prints the files the policy\n"
	       "would block or audit:\n"
	       "\tdeny|audit PATH rule=LINE|default label=LABEL|?\n"
	       "then a summary line.  Files without an execute bit are not listed:\n"
	       "the kernel checks what is executed.  Symbolic links are not followed;\n"
	       "proc, sysfs, securityfs, debugfs, tracefs and cgroup are skipped.  A\n"
	       "progress bar goes to standard error when it is a terminal.  Exits 3\n"
	       "if some file would be denied, 0 if not, 1 on errors.\n\n"
	       "Options:\n"
	       "\t-p, --policy=POLICY  a policy source (default: the policy in force)\n"
	       "\t-v, --vendors=DIR    look for NAME.vendor files in DIR too\n"
	       "\t-x, --xdev           stay on the file system of each PATH\n"
	       "\t-j, --json           one JSON object with every result\n"
	       "\t-h, --help           show this help\n");
}

static void progress(void)
{
	unsigned int pct = scan.total ? scan.checked * 100 / scan.total : 100;
	char bar[41];

	if (pct == scan.last_pct)
		return;
	scan.last_pct = pct;
	memset(bar, '#', pct * 40 / 100);
	memset(bar + pct * 40 / 100, '.', 40 - pct * 40 / 100);
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3u%% %lu/%lu files", bar, pct, scan.checked,
		scan.total);
}

static void clear_bar(void)
{
	if (scan.bar)
		fprintf(stderr, "\r\033[K");
	scan.last_pct = ~0u;
}

static void report(const char *path, const struct vb_decision *d)
{
	const struct vendorban_rule *r = d->rule >= 0 ?
		&scan.pol->policy->rules[d->rule] : NULL;
	const char *label = r && r->label[0] ? r->label : NULL;
	const char *action = vendorban_action_name(d->action);

	if (scan.json) {
		printf("%s{", scan.denied + scan.audited > 1 ? ",\n  " : "\n  ");
		vb_json_field(stdout, "decision", action, 0);
		vb_json_field(stdout, "path", path, 1);
		printf(", \"rule_line\": ");
		if (r)
			printf("%u", r->line);
		else
			vb_json_str(stdout, d->reason ? "none" : "default");
		vb_json_field(stdout, "label", label, 1);
		vb_json_field(stdout, "reason", d->reason, 1);
		printf("}");
		return;
	}
	clear_bar();
	if (r)
		printf("%s %s rule=%u label=%s\n", action, path, r->line,
		       label ? label : "?");
	else if (d->reason)
		printf("%s %s rule=none label=? reason=%s\n", action, path,
		       d->reason);
	else
		printf("%s %s rule=default label=?\n", action, path);
	fflush(stdout);
}

static void check(const char *path)
{
	struct vb_decision d;
	struct vb_filesig sig;
	int ret = vb_filesig_read(path, &sig);

	scan.checked++;
	if (ret) {
		clear_bar();
		WRN("could not read %s: %s\n", path, strerror(-ret));
		scan.errors++;
		return;
	}
	if (vb_decide(scan.pol->policy, path, &sig, &d))
		scan.errors++;
	if (d.action == VENDORBAN_ACTION_DENY)
		scan.denied++;
	else if (d.action == VENDORBAN_ACTION_AUDIT)
		scan.audited++;
	if (d.action != VENDORBAN_ACTION_ALLOW)
		report(path, &d);
	vb_filesig_release(&sig);
}

static bool skipped_fs(const char *path)
{
	struct statfs sfs;
	size_t i;

	if (statfs(path, &sfs) < 0)
		return false;
	for (i = 0; i < sizeof(skip_fs) / sizeof(skip_fs[0]); i++)
		if ((unsigned long)sfs.f_type == skip_fs[i])
			return true;
	return false;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D)
		return skipped_fs(path) ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	if (type == FTW_DNR && !scan.counting) {
		clear_bar();
		WRN("could not read directory %s\n", path);
		scan.errors++;
	}
	if (type != FTW_F || !S_ISREG(st->st_mode) || !(st->st_mode & 0111))
		return FTW_CONTINUE;
	if (scan.counting) {
		scan.total++;
		return FTW_CONTINUE;
	}
	check(path);
	if (scan.bar)
		progress();
	return FTW_CONTINUE;
}

static int walk(char **paths, int n, int flags)
{
	int i;

	for (i = 0; i < n; i++) {
		if (nftw(paths[i], visit, 64, flags) < 0) {
			clear_bar();
			ERR("could not scan %s: %m\n", paths[i]);
			return -1;
		}
	}
	return 0;
}

static void summary(void)
{
	clear_bar();
	if (scan.json) {
		printf("%s], \"checked\": %lu, \"denied\": %lu, \"audited\": %lu, \"errors\": %lu}\n",
		       scan.denied + scan.audited ? "\n" : "", scan.checked,
		       scan.denied, scan.audited, scan.errors);
		return;
	}
	printf("summary: %lu executable files checked, %lu deny, %lu audit, %lu unreadable\n",
	       scan.checked, scan.denied, scan.audited, scan.errors);
}

static int run_scan(char **paths, int n, int flags)
{
	static char *root[] = { "/" };

	if (!n) {
		paths = root;
		n = 1;
	}
	scan.last_pct = ~0u;
	if (scan.bar) {
		scan.counting = true;
		if (walk(paths, n, flags))
			return VB_EXIT_FAILURE;
		scan.counting = false;
	}
	if (scan.json) {
		printf("{\"policy\": ");
		vb_json_str(stdout, scan.pol->policy->name);
		printf(", \"results\": [");
	}
	if (walk(paths, n, flags))
		return VB_EXIT_FAILURE;
	summary();
	return scan.denied ? VB_EXIT_DENIED : VB_EXIT_OK;
}

static int do_scan(int argc, char *argv[])
{
	const char *policy = NULL, *vendors = NULL;
	int c, ret, flags = FTW_PHYS | FTW_ACTIONRETVAL;
	struct vb_compiled pol;

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
		case 'x':
			flags |= FTW_MOUNT;
			break;
		case 'j':
			scan.json = true;
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
	if (vb_policy_get(policy, vendors, &pol))
		return VB_EXIT_FAILURE;
	scan.pol = &pol;
	scan.bar = isatty(STDERR_FILENO);
	ret = run_scan(argv + optind, argc - optind, flags);
	vb_compiled_free(&pol);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_scan = {
	.name = "scan",
	.run = do_scan,
	.help = "list every executable file a policy would block or audit",
};
