// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl audit - vendorban's records in audit logs, decoded,
 * filtered, counted as attempts and summed up per vendor, rule, file,
 * user and node, tamper events first
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/auditckpt.h"
#include "lib/auditfilter.h"
#include "lib/auditlog.h"
#include "lib/auditout.h"
#include "lib/auditsum.h"
#include "log.h"
#include "vendorbanctl.h"

enum { OPT_SUMMARY = 0x100, OPT_EVENTS, OPT_LOCAL_TIME, OPT_CHECKPOINT };

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
	{ "local-time", no_argument, NULL, OPT_LOCAL_TIME },
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl audit [options] [LOG...]\n\n"
	       "Reads vendorban's audit records (KERNEL_OTHER decisions, MAC_POLICY_LOAD,\n"
	       "MAC_STATUS, all with lsm=vendorban) with libauparse, decodes every field\n"
	       "(signer DNs, paths, labels: quoted or hex in the log), adds auid, ses,\n"
	       "exe and syscall from the event's SYSCALL record and the user names as\n"
	       "ausearch -i resolves them, prints the records one per line, then a\n"
	       "summary: tamper events first (rejected policy loads, lock, refused\n"
	       "rmmod -f, require_signed, other refused changes), the totals in\n"
	       "attempts (a record plus the repeats the kernel counted, suppressed=N;\n"
	       "one attempt logged twice counts once), then per vendor, rule, file,\n"
	       "user and node, most attempts first.  LOG files may come from several\n"
	       "machines (node=).  Without LOG, reads the logs auditd.conf names, as\n"
	       "ausearch does; \"-\" reads standard input.\n\n"
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
	       "\t-j, --json           JSON Lines: one object per record and per\n"
	       "\t                     summary line, typed values\n"
	       "\t-c, --csv            CSV: the records, or with --summary the summary\n"
	       "\t    --local-time     times in the local time zone (TZ); default UTC\n"
	       "\t    --checkpoint=FILE  read only the events after the one FILE names,\n"
	       "\t                     then name the last event read in FILE\n"
	       "\t-h, --help           show this help\n\n"
	       "Options given again add alternatives; different options must all match.\n"
	       "--signer, --rule and --path keep decisions only.  Times are printed in\n"
	       "ISO 8601 with their offset.  TIME (UTC, or local with --local-time):\n"
	       "now, recent (10 minutes ago), today, yesterday, week-ago, this-week,\n"
	       "this-month, this-year, -N{s,m,h,d,w} (N ago), @EPOCH,\n"
	       "YYYY-MM-DD[ HH:MM[:SS]], HH:MM[:SS] (today), or a time as printed\n"
	       "(YYYY-MM-DDTHH:MM:SS.mmm+HH:MM).  A day or a minute counts whole:\n"
	       "--since takes its first moment, --until its last.  Exits 0 when the\n"
	       "logs were read (with or without matches), 1 if one could not be,\n"
	       "10 if the checkpoint file is not one, 12 if the checkpointed event is\n"
	       "no longer in its log file.\n");
}

/**
 * struct audit_opts - the command line
 * @filter: what to keep
 * @out: what to print, and how
 * @files: the LOG arguments
 * @nfiles: number of @files
 * @local_time: print and read times in TZ
 * @checkpoint: --checkpoint FILE, or NULL
 */
struct audit_opts {
	struct vb_audit_filter filter;
	struct vb_audit_out out;
	const char *const *files;
	size_t nfiles;
	bool local_time;
	const char *checkpoint;
};

/*
 * What a run reads: with a checkpoint whose log file rotated away, every
 * event after its time (@after_ms, @after_serial for events of its node
 * in the same millisecond).
 */
struct run {
	struct audit_opts *o;
	struct vb_audit_pos ckpt;
	bool has_ckpt, after;
	struct vb_audit_sum sum;
	struct vb_audit_join join;
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
	case OPT_LOCAL_TIME:
		return -1;	/* read first, see parse_args() */
	case OPT_CHECKPOINT:
		o->checkpoint = optarg;
		return -1;
	default:
		return vb_option_end(c, help);
	}
	if (vb_audit_list_add(list, optarg)) {
		ERR("could not parse options: %s\n", strerror(ENOMEM));
		return VB_EXIT_FAILURE;
	}
	return -1;
}

/*
 * The time zone comes first: --since and --until are read in it.  UTC
 * unless --local-time, whatever TZ says.
 */
static void set_zone(int argc, char *argv[], struct audit_opts *o)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--local-time"))
			o->local_time = true;
	if (!o->local_time)
		setenv("TZ", "UTC0", 1);
	tzset();
}

static int parse_args(int argc, char *argv[], struct audit_opts *o)
{
	int c, ret;

	o->out = (struct vb_audit_out){ .f = stdout, .events = true,
					.summary = true };
	set_zone(argc, argv, o);
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
	if (o->checkpoint && o->nfiles == 1 && !strcmp(o->files[0], "-"))
		return vb_usage_error("audit", "--checkpoint needs log files: standard input cannot be read again");
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
			vb_log_name(VB_LOG_ERR, "could not read", o->files[i],
				    strerror(fd < 0 ? errno : EISDIR));
			if (fd >= 0)
				close(fd);
			return VB_EXIT_FAILURE;
		}
		close(fd);
	}
	return -1;
}

/* With the checkpoint's log gone: only what came after its time. */
static bool after_checkpoint(const struct run *r, const struct vb_audit_rec *rec)
{
	if (!r->after || rec->ms > r->ckpt.ms)
		return true;
	return rec->ms == r->ckpt.ms &&
	       !strcmp(rec->node ? rec->node : "", r->ckpt.node) &&
	       rec->serial > r->ckpt.serial;
}

/* Decodes, filters, prints and counts every record of @log. */
static int read_log(struct vb_auditlog *log, struct run *r)
{
	char vendor[VB_AUDIT_VENDOR_MAX];
	struct vb_audit_meta m;
	struct vb_audit_rec rec;
	bool decision;
	int ret;

	while ((ret = vb_auditlog_next(log, &rec)) > 0) {
		decision = rec.type == VB_AUDIT_DECISION;
		memset(&m, 0, sizeof(m));
		if (decision) {
			m.vendor_from = vb_audit_vendor(&rec, vendor,
							sizeof(vendor));
			m.vendor = vendor;
		}
		/* attempts are told apart before filtering: a filter keeps
		 * or drops both records of one attempt */
		m.same_as = vb_audit_join_check(&r->join, &rec);
		if (after_checkpoint(r, &rec) &&
		    vb_audit_filter_match(&r->o->filter, &rec,
					  decision ? vendor : "")) {
			vb_audit_out_rec(&r->o->out, &rec, &m);
			ret = vb_audit_sum_add(&r->sum, &rec, m.vendor,
					       m.vendor_from, m.same_as);
		}
		vb_audit_rec_release(&rec);
		if (ret < 0)
			return ret;
	}
	return ret;
}

static int open_logs(const struct audit_opts *o, struct vb_auditlog **log)
{
	int ret = vb_auditlog_open(o->files, o->nfiles, log);

	if (ret)
		ERR("could not open the audit logs%s: %s\n",
		    o->nfiles ? "" : " (log_file in auditd.conf)", strerror(-ret));
	return ret;
}

/* Reads the checkpoint; -1 to go on, else the exit code. */
static int load_checkpoint(struct run *r)
{
	int ret = vb_audit_ckpt_read(r->o->checkpoint, &r->ckpt);

	if (ret == -ENOENT)
		return -1;	/* the first run: everything is new */
	if (ret == -EINVAL) {
		vb_log_name(VB_LOG_ERR, "", r->o->checkpoint,
			    "not a checkpoint of vendorbanctl audit");
		return VB_EXIT_CKPT_INVALID;
	}
	if (ret) {
		vb_log_name(VB_LOG_ERR, "could not read", r->o->checkpoint,
			    strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	r->has_ckpt = true;
	return -1;
}

/*
 * Reads the logs once; with a checkpoint, everything after its event.  If
 * the event was not found: when its log file was read, the log changed
 * (exit 12); when that file is gone (rotated away, deleted), the logs are
 * read again for what came after its time.
 */
static int read_all(struct run *r, struct vb_auditlog **log)
{
	int ret;

	if (open_logs(r->o, log))
		return -EIO;
	if (r->has_ckpt)
		vb_auditlog_skip_through(*log, &r->ckpt);
	ret = read_log(*log, r);
	if (ret || !r->has_ckpt || vb_auditlog_found(*log))
		return ret;
	if (!r->ckpt.has_file ||
	    vb_auditlog_saw_file(*log, r->ckpt.dev, r->ckpt.ino))
		return -ESRCH;
	WRN("the log file of the checkpointed event is gone (rotated away?): reading the events after its time\n");
	vb_auditlog_close(*log);
	*log = NULL;
	if (open_logs(r->o, log))
		return -EIO;
	r->after = true;
	return read_log(*log, r);
}

static int save_checkpoint(const struct run *r, const struct vb_auditlog *log)
{
	struct vb_audit_pos last;
	int ret;

	if (!r->o->checkpoint || !vb_auditlog_last(log, &last))
		return 0;	/* nothing new: the checkpoint stays */
	ret = vb_audit_ckpt_write(r->o->checkpoint, &last);
	if (ret)
		vb_log_name(VB_LOG_ERR, "could not write the checkpoint",
			    r->o->checkpoint, strerror(-ret));
	return ret;
}

static void describe_scope(const struct run *r, struct vb_auditlog *log,
			   struct vb_audit_scope *scope, const char **files)
{
	const struct audit_opts *o = r->o;

	memset(scope, 0, sizeof(*scope));
	scope->events = vb_auditlog_events(log, &scope->first_ms,
					   &scope->last_ms);
	scope->since_checkpoint = r->has_ckpt;
	if (o->nfiles && strcmp(o->files[0], "-")) {
		scope->files = o->files;
		scope->nfiles = o->nfiles;
	} else if (o->nfiles) {
		scope->source = "standard input";
	} else {
		scope->nfiles = vb_auditlog_files(log, &scope->files);
		*files = (const char *)scope->files;
		scope->source = "the logs auditd.conf names";
	}
}

static int run_audit(struct audit_opts *o)
{
	struct run r = { .o = o };
	struct vb_audit_scope scope;
	struct vb_auditlog *log = NULL;
	const char *files = NULL;
	int ret = o->checkpoint ? load_checkpoint(&r) : -1;

	if (ret >= 0)
		return ret;
	vb_audit_out_begin(&o->out);
	ret = read_all(&r, &log);
	if (ret == -ESRCH) {
		vb_log_name(VB_LOG_ERR, "the event named by", o->checkpoint,
			    "is no longer in its log file, which was read: the log changed (ausearch --checkpoint exits 12 too); remove the checkpoint to read everything");
		ret = VB_EXIT_CKPT_LOST;
		goto out;
	}
	if (ret == -EIO && !log) {
		ret = VB_EXIT_FAILURE;
		goto out;
	}
	if (ret)
		ERR("could not read the audit logs: %s\n", strerror(-ret));
	describe_scope(&r, log, &scope, &files);
	if (!ret && !scope.events)
		WRN("no %saudit events in the input\n",
		    r.has_ckpt ? "new " : "");
	if (vb_audit_out_end(&o->out, &r.sum, &scope) && !ret) {
		ERR("could not write the output: %s\n", strerror(errno));
		ret = -EIO;
	}
	if (!ret && save_checkpoint(&r, log))
		ret = -EIO;
	ret = ret ? VB_EXIT_FAILURE : VB_EXIT_OK;
out:
	free((void *)files);
	vb_audit_sum_free(&r.sum);
	vb_auditlog_close(log);
	return ret;
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
	.help = "decode, count and sum up vendorban's audit records",
};
