// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl refresh - recompile a policy that follows the packages and
 * put it in force
 *
 * A policy source with package directives (package-key ... installed,
 * installed-package) describes the installed packages, which change with
 * every apt or dpkg run.  Its source lives in /etc/vendorban/policy.vbpolicy;
 * refresh compiles it, writes the canonical text to /etc/vendorban/policy
 * (what the boot unit and the initramfs hook load, without reading any
 * package again) and loads it.  apt runs it twice per operation
 * (userspace/boot/apt/80vendorban): before dpkg unpacks anything
 * (Pre-Install-Pkgs, with the .deb files about to be installed as
 * --pending: a new version of a banned package is banned, and a new version
 * of an allowed package allowed, before any of its files can run), and
 * after dpkg is done (Post-Invoke: the policy of what is installed).  The
 * systemd path unit runs it (--unless-apt) when dpkg alone changed the
 * database, once dpkg is done.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bootgate.h"
#include "lib/compiler.h"
#include "lib/failsafe.h"
#include "lib/pkgtool.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

#define DEF_SOURCE	"/etc/vendorban/policy.vbpolicy"
#define DEF_OUTPUT	"/etc/vendorban/policy"
#define APT_LOCK	"/var/lib/dpkg/lock-frontend"
/* Most .deb files apt hands over in one Pre-Install-Pkgs list. */
#define MAX_PENDING	65536

static const char cmdopts_s[] = "s:o:p:v:R:nafh";
static const struct option cmdopts[] = {
	{ "source", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "pending", required_argument, NULL, 'p' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "package-root", required_argument, NULL, 'R' },
	{ "no-initramfs", no_argument, NULL, 'n' },
	{ "unless-apt", no_argument, NULL, 'a' },
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	VB_BOOTCHECK_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl refresh [options]\n\n"
	       "Compiles the policy source %s (a policy whose\n"
	       "package directives follow the installed packages), writes the\n"
	       "canonical policy to %s and loads it, unless\n"
	       "the text did not change.  Without the source, does nothing.  When\n"
	       "the policy changed and is an allow-list (default deny), also runs\n"
	       "update-initramfs -u -k all, so that the next boot's initramfs\n"
	       "does not refuse upgraded programs.  apt runs it (Pre-Install-Pkgs\n"
	       "with --pending -, and Post-Invoke); vendorban-refresh.path runs\n"
	       "it with --unless-apt after dpkg changed its database.\n"
	       "First, unless the kernel holds this policy already, the boot check\n"
	       "of 'vendorbanctl load': a policy that would refuse a file this\n"
	       "system needs to boot or to run vendorbanctl is neither written nor\n"
	       "loaded: the files and rules are named, the policy in force and the\n"
	       "output file stay as they were.\n\n"
	       "Options:\n"
	       "\t-s, --source=FILE         the policy source (default %s)\n"
	       "\t-o, --output=FILE         the compiled policy (default %s)\n"
	       "\t-p, --pending=FILE|-      .deb files about to be installed, one a\n"
	       "\t                          line (apt's Pre-Install-Pkgs list):\n"
	       "\t                          counted as installed\n"
	       "\t-v, --vendors=DIR         look for NAME.vendor files in DIR too\n"
	       "\t-R, --package-root=DIR    the system whose packages are meant\n"
	       "\t-n, --no-initramfs        never run update-initramfs\n"
	       "\t-a, --unless-apt          do nothing while apt runs (its hook\n"
	       "\t                          refreshes after dpkg is done); while\n"
	       "\t                          dpkg runs alone, wait until it is done\n"
	       "\t-f, --force               write and load even a policy the boot\n"
	       "\t                          check refuses (the files are still named)\n"
	       VB_BOOTCHECK_HELP
	       "\t-h, --help                show this help\n",
	       DEF_SOURCE, DEF_OUTPUT, DEF_SOURCE, DEF_OUTPUT);
}

/* The pending list: one path a line, blank lines skipped. */
static int read_pending(const char *path, char **text, char ***v,
			unsigned int *n)
{
	char *p, *nl;
	size_t len;
	int ret = vb_read_file_max(path, VB_READ_MAX, text, &len);

	*v = NULL;
	*n = 0;
	if (ret) {
		ERR("cannot read the pending list %s: %s\n", path,
		    strerror(-ret));
		return ret;
	}
	*v = calloc(MAX_PENDING, sizeof(**v));
	if (!*v)
		return -ENOMEM;
	for (p = *text; p && *p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		if (!*p)
			continue;
		if (*n == MAX_PENDING) {
			ERR("more than %d pending packages\n", MAX_PENDING);
			return -E2BIG;
		}
		(*v)[(*n)++] = p;
	}
	return 0;
}

enum frontend { FRONTEND_NONE, FRONTEND_DPKG, FRONTEND_APT };

/*
 * Who holds dpkg's frontend lock under @root: apt (or any frontend of
 * libapt-pkg, which runs the apt hook and sets DPKG_FRONTEND_LOCKED for the
 * dpkg it starts), dpkg run alone (it takes the lock itself), or nobody.
 */
static enum frontend frontend_holder(const char *root)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char *path, comm[32] = "";
	bool held;
	FILE *f;
	int fd;

	if (asprintf(&path, "%s%s", root ? root : "", APT_LOCK) < 0)
		return FRONTEND_APT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return FRONTEND_NONE;
	held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	if (!held)
		return FRONTEND_NONE;
	if (asprintf(&path, "/proc/%d/comm", (int)fl.l_pid) < 0)
		return FRONTEND_APT;
	f = fopen(path, "re");
	free(path);
	if (f) {
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = '\0';
		fclose(f);
	}
	return strcmp(comm, "dpkg\n") ? FRONTEND_APT : FRONTEND_DPKG;
}

/*
 * --unless-apt: whether to refresh now.  While apt runs, no: its hook
 * refreshes when dpkg is done.  While dpkg runs alone, after it is done:
 * it changes its database more than once while it holds the lock, and the
 * path unit that started us sees no change after its last one.
 */
static bool refresh_now(const char *root)
{
	const struct timespec poll = { .tv_nsec = 200 * 1000 * 1000 };
	bool waited = false;

	for (;;) {
		switch (frontend_holder(root)) {
		case FRONTEND_NONE:
			return true;
		case FRONTEND_APT:
			printf("apt is running: its hook refreshes the policy when dpkg is done\n");
			return false;
		case FRONTEND_DPKG:
			if (!waited)
				printf("dpkg is running: refreshing when it is done\n");
			fflush(stdout);
			waited = true;
			nanosleep(&poll, NULL);
			break;
		}
	}
}

/* Writes @out atomically: a temporary file beside it, then rename(). */
static int write_atomic(const char *out, const char *text, size_t len)
{
	char *tmp;
	int fd, ret = 0;

	if (asprintf(&tmp, "%s.vbtmp.%d", out, (int)getpid()) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) ||
	    close(fd) || rename(tmp, out))
		ret = -errno;
	if (ret) {
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		ERR("cannot write %s: %s\n", out, strerror(-ret));
	}
	free(tmp);
	return ret;
}

/* Puts @p in force and reads it back; 0 when vendorban is not active. */
static int put_in_force(const struct vendorban_policy *p)
{
	char *back;
	size_t len;
	int ret = vb_securityfs_read("policy", &back, &len);

	if (ret == -ENOENT) {
		printf("vendorban is not active (no %s): the policy is in %s for the next boot\n",
		       vb_securityfs_root(), DEF_OUTPUT);
		return 0;
	}
	if (!ret && len == p->text_len && !memcmp(back, p->text, len)) {
		free(back);
		printf("policy %s: %u rules, already in force\n", p->name,
		       p->nr_rules);
		return 0;
	}
	if (!ret)
		free(back);
	ret = vb_securityfs_write("policy", p->text, p->text_len);
	if (ret) {
		ERR("could not load the policy: %s\n", vb_write_error(ret));
		return ret;
	}
	ret = vb_securityfs_read("policy", &back, &len);
	if (!ret && (len != p->text_len || memcmp(back, p->text, len)))
		ret = -EIO;
	if (!ret)
		free(back);
	if (ret)
		ERR("the policy read back differs from the policy written\n");
	else
		printf("loaded policy %s version %u: %u rules\n", p->name,
		       p->version, p->nr_rules);
	return ret;
}

/* update-initramfs, so the next boot's initramfs holds this allow-list. */
static int update_initramfs(void)
{
	const char *argv[] = { "update-initramfs", "-u", "-k", "all", NULL };
	struct vb_tool t = { .argv = argv, .out_file = "/dev/null" };
	int ret;

	if (!vb_tool_exists("update-initramfs"))
		return 0;
	printf("the allow-list changed: update-initramfs -u -k all\n");
	fflush(stdout);
	ret = vb_tool_run(&t);
	if (ret || t.exit_code) {
		ERR("update-initramfs failed: %s\n", ret ? strerror(-ret) : t.err);
		return -EIO;
	}
	return 0;
}

struct refresh_opts {
	const char *source, *output, *pending;
	bool no_initramfs, unless_apt, force;
	struct vb_compile_opts c;
	struct vb_bootcheck_opts boot;
};

/*
 * The boot check, as load runs it: unless the kernel holds @out's text
 * already (it refuses nothing new), or vendorban is not active and the
 * output file does not change (nothing is written or loaded).  Returns 0
 * to go on, else -EPERM with the refused files named.
 */
static int boot_gate(const struct refresh_opts *o,
		     const struct vb_compiled *out, bool changed)
{
	const struct vendorban_policy *p = out->policy;
	char *text;
	size_t len;
	bool holds = false;
	int ret = vb_securityfs_read("policy", &text, &len);

	if (!ret) {
		holds = len == p->text_len && !memcmp(text, p->text, len);
		free(text);
	}
	if (holds || (ret == -ENOENT && !changed))
		return 0;
	if (!vb_bootcheck_gate(&o->boot, o->source, out, o->force))
		return 0;
	if (changed)
		ERR("%s was not written\n", o->output);
	return -EPERM;
}

static int refresh(struct refresh_opts *o)
{
	struct vb_compiled out;
	char *old = NULL, *text = NULL, **pending = NULL;
	size_t old_len = 0;
	bool changed;
	int ret;

	if (access(o->source, F_OK) != 0) {
		printf("no %s: nothing to refresh\n", o->source);
		return 0;
	}
	if (o->unless_apt && !refresh_now(o->c.pkg_root))
		return 0;
	if (o->pending) {
		ret = read_pending(o->pending, &text, &pending,
				   &o->c.nr_pending);
		o->c.pending = (const char *const *)pending;
		if (ret)
			goto out;
	}
	ret = vb_compile(o->source, &o->c, &out);
	if (ret)
		goto out;
	if (vb_read_file_max(o->output, VENDORBAN_POLICY_MAX_SIZE + 1, &old,
			     &old_len))
		old = NULL;
	changed = !old || old_len != out.policy->text_len ||
		  memcmp(old, out.policy->text, old_len);
	ret = boot_gate(o, &out, changed);
	if (!ret && changed)
		ret = write_atomic(o->output, out.policy->text,
				   out.policy->text_len);
	if (!ret)
		ret = put_in_force(out.policy);
	if (!ret && changed && !o->no_initramfs && !o->pending &&
	    out.policy->default_action == VENDORBAN_ACTION_DENY)
		ret = update_initramfs();
	vb_compiled_free(&out);
out:
	free(old);
	free(text);
	free(pending);
	return ret;
}

static int do_refresh(int argc, char *argv[])
{
	struct refresh_opts o = { .source = DEF_SOURCE, .output = DEF_OUTPUT,
				  .c = { .lint = true } };
	int c;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		if (vb_bootcheck_option(c, optarg, &o.boot))
			continue;
		switch (c) {
		case 's':
			o.source = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'p':
			o.pending = optarg;
			break;
		case 'v':
			o.c.vendors_dir = optarg;
			break;
		case 'R':
			o.c.pkg_root = optarg;
			break;
		case 'n':
			o.no_initramfs = true;
			break;
		case 'a':
			o.unless_apt = true;
			break;
		case 'f':
			o.force = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind != argc)
		return vb_usage_error("refresh", "takes no argument");
	return refresh(&o) ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_refresh = {
	.name = "refresh",
	.run = do_refresh,
	.help = "recompile the policy that follows the packages and load it",
};
