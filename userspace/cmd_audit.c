// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl audit - vendorban's records in audit logs, decoded,
 * filtered and summed up per vendor, rule and node
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/auditfilter.h"
#include "lib/auditlog.h"
#include "lib/auditout.h"
#include "lib/auditsum.h"
#include "log.h"
#include "vendorbanctl.h"

enum { OPT_SUMMARY = 0x100, OPT_EVENTS };

static const char cmdopts_s[] = "S:U:s:r:p:n:jch";
static const struct option cmdopts[] = {
	{ "since", required_argument, NULL, 'S' },
	{ "until", required_argument, NULL, 'U' },
	{ "signer", required_argument, NULL, 's' },
	{ "rule", required_argument, NULL, 'r' },
	{ "path", required_argument, NULL, 'p' },
	{ "node", required_argument, NULL, 'n' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "events", no_argument, NULL, OPT_EVENTS },
	{ "json", no_argument, NULL, 'j' },
	{ "csv", no_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl audit [options] [LOG...]\n\n"
	       "Reads vendorban's audit records (KERNEL_OTHER decisions, MAC_POLICY_LOAD,\n"
	       "MAC_STATUS, all with lsm=vendorban) with libauparse, decodes every field\n"
	       "(signer DNs, paths, labels: quoted or hex in the log), prints them one per\n"
	       "line, then a summary per vendor (the signer subject's O, else its CN),\n"
	       "rule and node.  LOG files may come from several machines (node=).\n"
	       "Without LOG, reads the logs auditd.conf names, as ausearch does;\n"
	       "\"-\" reads standard input.\n\n"
	       "Options:\n"
	       "\t-S, --since=TIME     records at or after TIME\n"
	       "\t-U, --until=TIME     records at or before TIME\n"
	       "\t-s, --signer=TEXT    signer subject, issuer, vendor or fingerprint\n"
	       "\t                     contains TEXT (any case)\n"
	       "\t-r, --rule=RULE      rule LABEL, LINE, POLICY:LINE or default\n"
	       "\t-p, --path=PATH      the file is PATH or below it; or a glob pattern\n"
	       "\t-n, --node=NODE      from node NODE (\"\" for records without one)\n"
	       "\t    --summary        only the summary\n"
	       "\t    --events         only the records\n"
	       "\t-j, --json           one JSON object\n"
	       "\t-c, --csv            CSV: the records, or with --summary the summary\n"
	       "\t-h, --help           show this help\n\n"
	       "Options given again add alternatives; different options must all match.\n"
	       "--signer, --rule and --path keep decisions only.  TIME (local time, TZ):\n"
	       "now, recent (10 minutes ago), today, yesterday, week-ago, this-week,\n"
	       "this-month, this-year, -N{s,m,h,d,w} (N ago), @EPOCH,\n"
	       "YYYY-MM-DD[ HH:MM[:SS]], HH:MM[:SS] (today).  A day or a minute counts\n"
	       "whole: --since takes its first moment, --until its last.  Exits 0 when\n"
	       "the logs were read (with or without matches), 1 if one could not be.\n");
}

/**
 * struct audit_opts - the command line
 * @filter: what to keep
 * @out: what to print, and how
 * @files: the LOG arguments
 * @nfiles: number of @files
 */
struct audit_opts {
	struct vb_audit_filter filter;
	struct vb_audit_out out;
	const char *const *files;
	size_t nfiles;
};

static int set_time(const char *text, bool end, struct vb_audit_filter *f)
{
	int64_t *ms = end ? &f->until_ms : &f->since_ms;

	if (vb_audit_time(text, end, time(NULL), ms))
		return vb_usage_error("audit", "invalid time (see --help)");
	*(end ? &f->has_until : &f->has_since) = true;
	return -1;
}

/* One option; returns -1 to go on, else the exit code. */
static int parse_opt(int c, struct audit_opts *o)
{
	struct vb_audit_filter *f = &o->filter;
	struct vb_audit_list *list = NULL;

	switch (c) {
	case 'S':
	case 'U':
		return set_time(optarg, c == 'U', f);
	case 's':
		list = &f->signers;
		break;
	case 'r':
		list = &f->rules;
		break;
	case 'p':
		list = &f->paths;
		break;
	case 'n':
		list = &f->nodes;
		break;
	case OPT_SUMMARY:
		o->out.events = false;
		return -1;
	case OPT_EVENTS:
		o->out.summary = false;
		return -1;
	case 'j':
		o->out.fmt = VB_AUDIT_JSON;
		return -1;
	case 'c':
		o->out.fmt = VB_AUDIT_CSV;
		return -1;
	case 'h':
		help();
		return VB_EXIT_OK;
	case '?':
		return VB_EXIT_USAGE;
	default:
		ERR("unexpected getopt_long() value '%c'\n", c);
		return VB_EXIT_FAILURE;
	}
	if (vb_audit_list_add(list, optarg)) {
		ERR("could not parse options: %s\n", strerror(ENOMEM));
		return VB_EXIT_FAILURE;
	}
	return -1;
}

static int parse_args(int argc, char *argv[], struct audit_opts *o)
{
	int c, ret;

	o->out = (struct vb_audit_out){ .f = stdout, .events = true,
					.summary = true };
	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		ret = parse_opt(c, o);
		if (ret >= 0)
			return ret;
	}
	if (!o->out.events && !o->out.summary)
		return vb_usage_error("audit", "--summary and --events exclude each other");
	if (o->out.fmt == VB_AUDIT_CSV && o->out.events && o->out.summary)
		o->out.summary = false;	/* one table per CSV file */
	o->files = (const char *const *)argv + optind;
	o->nfiles = argc - optind;
	return -1;
}

/* Every LOG must be readable and not a directory; "-" comes alone. */
static int check_files(const struct audit_opts *o)
{
	struct stat st;
	size_t i;
	int fd;

	for (i = 0; i < o->nfiles; i++) {
		if (!strcmp(o->files[i], "-")) {
			if (o->nfiles > 1)
				return vb_usage_error("audit", "\"-\" (standard input) must be the only LOG");
			continue;
		}
		fd = open(o->files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) || S_ISDIR(st.st_mode)) {
			ERR("could not read %s: %s\n", o->files[i],
			    strerror(fd < 0 ? errno : EISDIR));
			if (fd >= 0)
				close(fd);
			return VB_EXIT_FAILURE;
		}
		close(fd);
	}
	return -1;
}

/* Decodes, filters, prints and counts every record of @log. */
static int read_log(struct vb_auditlog *log, struct audit_opts *o,
		    struct vb_audit_sum *sum)
{
	char vendor[VB_AUDIT_VENDOR_MAX];
	struct vb_audit_rec rec;
	bool decision;
	int ret;

	while ((ret = vb_auditlog_next(log, &rec)) > 0) {
		decision = rec.type == VB_AUDIT_DECISION;
		if (decision)
			vb_audit_vendor(&rec, vendor, sizeof(vendor));
		if (vb_audit_filter_match(&o->filter, &rec, decision ? vendor : "")) {
			vb_audit_out_rec(&o->out, &rec, decision ? vendor : NULL);
			ret = vb_audit_sum_add(sum, &rec, vendor);
		}
		vb_audit_rec_release(&rec);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int run_audit(struct audit_opts *o)
{
	struct vb_audit_scope scope = { 0 };
	struct vb_audit_sum sum = { 0 };
	struct vb_auditlog *log;
	int ret;

	ret = vb_auditlog_open(o->files, o->nfiles, &log);
	if (ret) {
		ERR("could not open the audit logs%s: %s\n",
		    o->nfiles ? "" : " (log_file in auditd.conf)", strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	vb_audit_out_begin(&o->out);
	ret = read_log(log, o, &sum);
	if (ret)
		ERR("could not read the audit logs: %s\n", strerror(-ret));
	scope.events = vb_auditlog_events(log, &scope.first_ms, &scope.last_ms);
	if (o->nfiles && strcmp(o->files[0], "-")) {
		scope.files = o->files;
		scope.nfiles = o->nfiles;
	} else if (o->nfiles) {
		scope.source = "standard input";
	} else {
		scope.nfiles = vb_auditlog_files(log, &scope.files);
		scope.source = "the logs auditd.conf names";
	}
	if (!ret && !scope.events)
		WRN("no audit events in the input\n");
	if (vb_audit_out_end(&o->out, &sum, &scope) && !ret) {
		ERR("could not write the output: %s\n", strerror(errno));
		ret = -EIO;
	}
	vb_audit_sum_free(&sum);
	vb_auditlog_close(log);
	return ret ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

static int do_audit(int argc, char *argv[])
{
	struct audit_opts o = { 0 };
	int ret = parse_args(argc, argv, &o);

	if (ret < 0)
		ret = check_files(&o);
	if (ret < 0)
		ret = run_audit(&o);
	vb_audit_filter_free(&o.filter);
	return ret;
}

const struct vendorban_cmd vendorban_cmd_audit = {
	.name = "audit",
	.run = do_audit,
	.help = "decode, filter and sum up vendorban's audit records",
};
