// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl scan - every file the kernel would check, decided by a
 * policy, in one walk
 *
 * The kernel decides what is executed (exec), mapped executable (shared
 * libraries, any ELF file: mmap with PROT_EXEC needs no execute bit) and
 * loaded as a kernel module.  So scan decides every regular file with an
 * execute bit, every ELF and PE file and every kernel module, each by its
 * content, not by name or mode (lib/filekind.c): a compressed module
 * (.ko.xz/.ko.zst/.ko.gz) is judged as the kernel judges a module load,
 * on the decompressed image, where the signature is; one that does not
 * decompress is malformed, as in the kernel (kmod/lib/modimage.c).
 * Every path printed is escaped (lib/escape.c): a file name cannot forge
 * a line of the report.  What it cannot read it names,
 * and then it fails: a scan that did not look at everything never says
 * "nothing to block".
 */

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "lib/compiler.h"
#include "lib/decide.h"
#include "lib/escape.h"
#include "lib/filekind.h"
#include "lib/json.h"
#include "lib/policyfile.h"
#include "log.h"
#include "vendorbanctl.h"

#define NR_KINDS	VB_NR_KINDS
#define KIND_NONE	VB_KIND_NONE
#define KIND_MODULE	VB_KIND_MODULE
#define KIND_EXEC	VB_KIND_EXEC

/*
 * Deeper directories are named unreadable, not entered: the walk holds a
 * descriptor per level (the open file limit names most of them before
 * this does) and recurses once per level.
 */
#define WALK_DEPTH_MAX	4096

/* One entry of the walk: a PATH, or a name in a directory being read. */
struct entry {
	int dirfd;		/* the directory it is in; AT_FDCWD for a PATH */
	const char *name;	/* its name there (a PATH: the PATH) */
	const char *path;	/* what is printed */
	struct stat st;		/* lstat(), or stat() for a PATH */
	int level;		/* 0 for a PATH */
	const struct entry *parent;	/* its directory; NULL for a PATH */
};

static const char *const kind_names[NR_KINDS][2] = {
	{ "executable", "executables" },
	{ "other ELF file", "other ELF files" },
	{ "kernel module", "kernel modules" },
	{ "PE file", "PE files" },
};

static const char *const kind_json[NR_KINDS] = {
	"executables", "other_elf", "kernel_modules", "pe",
};

/* Pseudo file systems, by the name /proc/self/mountinfo gives them. */
static const char *const pseudo_names[] = {
	"proc", "sysfs", "devtmpfs", "securityfs", "debugfs", "tracefs",
	"cgroup", "cgroup2", "devpts", "mqueue", "bpf", "pstore", "configfs",
	"efivarfs", "fusectl", "binfmt_misc", "nsfs", "selinuxfs",
	"rpc_pipefs",
};

/* The same by magic number, when mountinfo cannot tell (devtmpfs can't). */
static const struct {
	unsigned long magic;
	const char *name;
} pseudo_magic[] = {
	{ 0x9fa0, "proc" }, { 0x62656572, "sysfs" },
	{ 0x73636673, "securityfs" }, { 0x64626720, "debugfs" },
	{ 0x74726163, "tracefs" }, { 0x27e0eb, "cgroup" },
	{ 0x63677270, "cgroup2" }, { 0x1cd1, "devpts" },
	{ 0x19800202, "mqueue" }, { 0xcafe4a11, "bpf" },
	{ 0x6165676c, "pstore" }, { 0x62656570, "configfs" },
	{ 0xde5e81e4, "efivarfs" }, { 0x65735543, "fusectl" },
	{ 0x42494e4d, "binfmt_misc" }, { 0x6e736673, "nsfs" },
	{ 0xf97cff8c, "selinuxfs" }, { 0x67596969, "rpc_pipefs" },
};

/* The progress estimate is redrawn at most this often (4 per second). */
#define PROGRESS_MS	250

static const char cmdopts_s[] = "p:v:c:xXjh";
static const struct option cmdopts[] = {
	{ "policy", required_argument, NULL, 'p' },
	{ "vendors", required_argument, NULL, 'v' },
	{ "cert", required_argument, NULL, 'c' },
	{ "xdev", no_argument, NULL, 'x' },
	{ "cross-filesystems", no_argument, NULL, 'X' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* A named problem or skip, kept for the JSON object's lists. */
struct note {
	char *path;
	const char *why;	/* constant, or strerror() text copied */
	char *fs;		/* skipped: the pseudo file system, or NULL */
};

struct note_list {
	struct note *v;
	size_t nr, cap;
};

/* How far one directory level of the walk has come, for the estimate. */
struct level {
	size_t nr, done;
};

static struct {
	const struct vb_compiled *pol;
	bool json, bar, cross;
	unsigned long checked, kinds[NR_KINDS], denied, audited, unknown;
	unsigned long nocert, compressed, undecompressed, printed;
	struct note_list unreadable, skipped;
	struct level *lv;
	size_t nr_lv, cap_lv;
	dev_t root_dev;
	unsigned int last_pct;
	unsigned long last_drawn;
	int64_t last_ms;
	bool cleared;
	/* dev_t -> file system type, from /proc/self/mountinfo */
	struct { dev_t dev; char type[32]; } *mounts;
	size_t nr_mounts;
} scan;

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl scan [options] [PATH...]\n\n"
	       "Walks each PATH (default /; a symbolic link given as PATH is\n"
	       "followed, links inside the tree are not) once and decides, as the\n"
	       "kernel would, every file it checks: files with an execute bit (exec),\n"
	       "ELF files without one (shared objects: mmap PROT_EXEC), kernel\n"
	       "modules and PE files, each by content (a module is an ELF object\n"
	       "with .modinfo, or a .ko.xz, .ko.zst or .ko.gz whose image is one,\n"
	       "judged on that image as the kernel judges a module load; one that\n"
	       "does not decompress, and .ko.gz, is malformed).  Prints\n"
	       "\tdeny|audit PATH rule=LINE|default label=LABEL|?\n"
	       "\tunreadable PATH: REASON\n"
	       "\tskipped PATH: REASON\n"
	       "(PATH escaped: control bytes and invalid UTF-8 as \\xNN, a backslash\n"
	       "as \\\\), then a summary line and notes (signed files without a signer\n"
	       "certificate, which subject rules cannot match; compressed modules).\n"
	       "Stays on the file system of each PATH unless --cross-filesystems;\n"
	       "never enters proc, sysfs, devtmpfs, securityfs, debugfs, tracefs,\n"
	       "cgroup and other pseudo file systems.  A progress estimate goes to\n"
	       "standard error when it is a terminal.\n\n"
	       "A directory that cannot be opened, read or entered (over 4096\n"
	       "levels deep, out of descriptors) is named unreadable and the walk\n"
	       "goes on.  Exits 1 if a file or directory could not be read (the scan\n"
	       "is incomplete, even if something would be denied), else 3 if some\n"
	       "file would be denied, else 0.\n\n"
	       "Options:\n"
	       "\t-p, --policy=POLICY       a policy source or a signed policy\n"
	       "\t                          (default: the policy in force)\n"
	       "\t-c, --cert=CERT           a signed POLICY must verify with CERT\n"
	       "\t-v, --vendors=DIR         look for NAME.vendor files in DIR too\n"
	       "\t-X, --cross-filesystems   enter other file systems below PATH\n"
	       "\t-x, --xdev                stay on one file system (the default)\n"
	       "\t-j, --json                one JSON object with every result\n"
	       "\t-h, --help                show this help\n");
}

/* ---- progress: an estimate, from where the walk is in each directory ---- */

static double walked_fraction(void)
{
	double frac = 0, scale = 1;
	size_t l;

	for (l = 0; l < scan.nr_lv && scan.lv[l].nr; l++) {
		frac += scale * scan.lv[l].done / scan.lv[l].nr;
		scale /= scan.lv[l].nr;
	}
	return frac > 1 ? 1 : frac;
}

/* Milliseconds of a monotonic clock. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Redraws the estimate at most every PROGRESS_MS (a redraw per file
 * would spend a terminal's time, and a slow one's, on the bar), and only
 * when it changed.
 */
static void progress(void)
{
	unsigned int pct;
	int64_t now;
	char bar[41];

	if (!scan.bar)
		return;
	now = now_ms();
	if (now - scan.last_ms < PROGRESS_MS)
		return;
	pct = walked_fraction() * 100;
	if (!scan.cleared && pct == scan.last_pct &&
	    scan.checked == scan.last_drawn)
		return;
	scan.cleared = false;
	scan.last_ms = now;
	scan.last_pct = pct;
	scan.last_drawn = scan.checked;
	memset(bar, '#', pct * 40 / 100);
	memset(bar + pct * 40 / 100, '.', 40 - pct * 40 / 100);
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] ~%3u%% %lu files checked", bar, pct,
		scan.checked);
}

static void clear_bar(void)
{
	if (scan.bar && !scan.cleared)
		fprintf(stderr, "\r\033[K");
	scan.cleared = true;
}

static int enter_level(size_t nr)
{
	if (scan.nr_lv == scan.cap_lv) {
		size_t cap = scan.cap_lv ? 2 * scan.cap_lv : 32;
		struct level *lv = realloc(scan.lv, cap * sizeof(*lv));

		if (!lv)
			return -ENOMEM;
		scan.lv = lv;
		scan.cap_lv = cap;
	}
	scan.lv[scan.nr_lv].nr = nr;
	scan.lv[scan.nr_lv++].done = 0;
	return 0;
}

/* An entry at walk level @level is done (its directory, if any, left). */
static void entry_done(int level, bool was_dir)
{
	if (was_dir && scan.nr_lv > (size_t)level + 1)
		scan.nr_lv = level + 1;
	if ((size_t)level < scan.nr_lv)
		scan.lv[level].done++;
	progress();
}

/* ---- named problems and skips ---- */

static int add_note(struct note_list *l, const char *path, const char *why,
		    const char *fs)
{
	struct note *n;

	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		n = realloc(l->v, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		l->v = n;
		l->cap = cap;
	}
	n = &l->v[l->nr];
	n->path = strdup(path);
	n->why = why;
	n->fs = fs ? strdup(fs) : NULL;
	if (!n->path || (fs && !n->fs)) {
		free(n->path);
		free(n->fs);
		return -ENOMEM;
	}
	l->nr++;
	return 0;
}

static void free_notes(struct note_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].fs);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int unreadable_why(const char *path, const char *why)
{
	if (!scan.json) {
		clear_bar();
		fputs("unreadable ", stdout);
		vb_put_name(stdout, path);
		printf(": %s\n", why);
	}
	return add_note(&scan.unreadable, path, why, NULL);
}

static int unreadable(const char *path, int err)
{
	return unreadable_why(path, strerror(err));
}

static int skipped(const char *path, const char *fs)
{
	if (!scan.json) {
		clear_bar();
		fputs("skipped ", stdout);
		vb_put_name(stdout, path);
		if (fs)
			printf(": pseudo file system (%s)\n", fs);
		else
			printf(": another file system (--cross-filesystems enters it)\n");
	}
	return add_note(&scan.skipped, path,
			fs ? "pseudo file system" : "another file system", fs);
}

/* ---- file systems ---- */

static void read_mounts(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, type[32], *dash;
	unsigned int maj, min;
	size_t size = 0;
	void *v;

	/* Lines can be long (overlayfs options): getline(), not a buffer. */
	while (f && getline(&line, &size, f) > 0) {
		dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*u %*u %u:%u", &maj, &min) != 2 ||
		    sscanf(dash + 3, "%31s", type) != 1)
			continue;
		v = realloc(scan.mounts, (scan.nr_mounts + 1) * sizeof(*scan.mounts));
		if (!v)
			break;
		scan.mounts = v;
		scan.mounts[scan.nr_mounts].dev = makedev(maj, min);
		strcpy(scan.mounts[scan.nr_mounts++].type, type);
	}
	free(line);
	if (f)
		fclose(f);
}

/* The pseudo file system directory @fd is the root of, or NULL. */
static const char *pseudo_fs(int fd, dev_t dev)
{
	struct statfs sfs;
	size_t i, j;

	for (i = 0; i < scan.nr_mounts; i++) {
		if (scan.mounts[i].dev != dev)
			continue;
		for (j = 0; j < sizeof(pseudo_names) / sizeof(pseudo_names[0]); j++)
			if (!strcmp(scan.mounts[i].type, pseudo_names[j]))
				return pseudo_names[j];
		return NULL;
	}
	if (fstatfs(fd, &sfs) < 0)
		return NULL;
	for (i = 0; i < sizeof(pseudo_magic) / sizeof(pseudo_magic[0]); i++)
		if ((unsigned long)sfs.f_type == pseudo_magic[i].magic)
			return pseudo_magic[i].name;
	return NULL;
}

/*
 * Whether to enter directory @e, open as @fd: not a pseudo file system,
 * and without --cross-filesystems, not another file system than its
 * PATH's.  Returns 1 to enter, 0 to skip, or -ENOMEM.
 */
static int enter_dir(const struct entry *e, int fd)
{
	dev_t dev = e->st.st_dev;
	const char *fs;
	int ret;

	if (!e->parent)
		scan.root_dev = dev;
	else if (dev == e->parent->st.st_dev)
		return 1;
	fs = pseudo_fs(fd, dev);
	if (!fs && (scan.cross || dev == scan.root_dev))
		return 1;
	ret = skipped(e->path, fs);
	return ret < 0 ? ret : 0;
}

/* ---- what a file is, and its decision ---- */

/*
 * The kind of regular file @e (lib/filekind.c), read through *@fd, which
 * is left open for its signatures (the same file is classified and
 * decided, opened once); a negative errno, *@fd then closed.
 */
static int classify(const struct entry *e, bool *compressed, int *fd)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
	const char *base = strrchr(e->name, '/');
	int kind;

	*fd = openat(e->dirfd, e->name, flags | O_NOATIME);
	if (*fd < 0 && errno == EPERM)	/* O_NOATIME: owner or CAP_FOWNER */
		*fd = openat(e->dirfd, e->name, flags);
	if (*fd < 0)
		return -errno;
	kind = vb_file_kind(*fd, base ? base + 1 : e->name, e->st.st_mode,
			    compressed);
	if (kind < 0) {
		close(*fd);
		*fd = -1;
	}
	return kind;
}

/*
 * A file named as a compressed module whose image is not one (a text
 * file, say) is not a module: an executable if it has an execute bit,
 * else nothing the kernel checks.  One that does not decompress stays a
 * module: the kernel would judge a load of it malformed.
 */
static int recheck_compressed(const struct entry *e,
			      const struct vb_filesig *sig)
{
	if (!sig->image.data ||
	    vb_is_module_image(sig->image.data, sig->image.len))
		return KIND_MODULE;
	return e->st.st_mode & 0111 ? KIND_EXEC : KIND_NONE;
}

/* A signer of @sig whose certificate is not in the signature. */
static bool signer_without_cert(const struct vb_filesig *sig)
{
	unsigned int m, i;

	if (sig->state != VENDORBAN_SIG_PRESENT)
		return false;
	for (m = 0; m < sig->nr_msgs; m++)
		for (i = 0; i < sig->msgs[m]->nr_signers; i++)
			if (!vendorban_pkcs7_signer_cert(sig->msgs[m], i))
				return true;
	return false;
}

static void report(const char *path, const struct vb_decision *d,
		   const struct vendorban_modimage *img)
{
	const char *comp = img->comp != VENDORBAN_COMP_NONE ?
			   vendorban_comp_name(img->comp) : NULL;

	const struct vendorban_rule *r = d->rule >= 0 ?
		&scan.pol->policy->rules[d->rule] : NULL;
	const char *label = r && r->label[0] ? r->label : NULL;
	const char *action = vendorban_action_name(d->action);

	if (scan.json) {
		printf("%s{", scan.printed++ ? ",\n  " : "\n  ");
		vb_json_field(stdout, "decision", action, 0);
		vb_json_field(stdout, "path", path, 1);
		printf(", \"rule_line\": ");
		if (r)
			printf("%u", r->line);
		else
			vb_json_str(stdout, d->reason ? "none" : "default");
		vb_json_field(stdout, "label", label, 1);
		vb_json_field(stdout, "reason", d->reason, 1);
		vb_json_field(stdout, "compressed_module", comp, 1);
		printf("}");
		return;
	}
	clear_bar();
	printf("%s ", action);
	vb_put_name(stdout, path);
	if (r) {
		printf(" rule=%u label=", r->line);
		vb_put_name(stdout, label ? label : "?");
	} else if (d->reason) {
		printf(" rule=none label=? reason=%s", d->reason);
	} else {
		printf(" rule=default label=?");
	}
	if (comp)
		printf(" (%s-compressed module%s%s)", comp,
		       img->malformed ? ": " : "",
		       img->malformed ? img->why : "");
	printf("\n");
	fflush(stdout);
}

static int check(const struct entry *e)
{
	struct vb_decision d;
	struct vb_filesig sig;
	bool named_compressed;
	char self[32];
	int kind, ret, fd;

	/* nothing whatever its bytes: not opened (lib/filekind.c) */
	if (vb_file_kind_none(e->st.st_mode, e->st.st_size))
		return 0;
	kind = classify(e, &named_compressed, &fd);
	if (kind == -ENOENT)
		return 0;	/* gone since the directory was read */
	if (kind < 0)
		return unreadable(e->path, -kind);
	if (kind == KIND_NONE) {
		close(fd);
		return 0;
	}
	ret = vb_filesig_read_fd(fd, &sig);
	if (ret) {
		close(fd);
		if (ret == -ENOMEM)
			return ret;
		return ret == -ENOENT ? 0 : unreadable(e->path, -ret);
	}
	if (named_compressed)
		kind = recheck_compressed(e, &sig);
	if (kind == KIND_NONE) {
		close(fd);
		vb_filesig_release(&sig);
		return 0;
	}
	scan.checked++;
	scan.kinds[kind]++;
	scan.compressed += sig.image.comp != VENDORBAN_COMP_NONE;
	scan.undecompressed += sig.image.malformed;
	scan.nocert += signer_without_cert(&sig);
	/* the file read, not whatever its name is now (redteam13, RT13-1) */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	if (vb_decide(scan.pol->policy, self, &sig, &d)) {
		clear_bar();
		vb_log_name(VB_LOG_WRN, "could not verify", e->path,
			    "the allow rule counts as not proven");
	}
	scan.unknown += d.unknown != 0;
	if (d.action == VENDORBAN_ACTION_DENY)
		scan.denied++;
	else if (d.action == VENDORBAN_ACTION_AUDIT)
		scan.audited++;
	close(fd);
	if (d.action != VENDORBAN_ACTION_ALLOW)
		report(e->path, &d, &sig.image);
	vb_filesig_release(&sig);
	return 0;
}

/*
 * ---- the walk ----
 *
 * By descriptors, not by paths: each directory is opened by its name in
 * its parent's descriptor (O_NOFOLLOW, then checked to be the one
 * lstat()ed) and its files are opened by their names in it.  By whole
 * paths, a user who swapped a directory of his for a link while root
 * scanned it had root open and judge whatever the link named (redteam13,
 * RT13-1).  No path is ever handed to the kernel, so no depth of a tree
 * makes one too long; and nothing that fails stops the walk: a directory
 * that cannot be opened, read or entered is named unreadable, with why,
 * and the walk goes on with the next entry.  glibc's fts stopped the
 * whole walk, reporting nothing, at a directory whose path was too long
 * for it (redteam14, RT14-3).
 */

/* The names in directory @dir (not "." nor ".."), malloc()ed; -errno. */
static int read_names(DIR *dir, const char *path, char ***names, size_t *nr)
{
	size_t cap = 0;
	struct dirent *d;
	char **v;

	*names = NULL;
	*nr = 0;
	for (;;) {
		errno = 0;
		d = readdir(dir);
		if (!d)
			break;
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (*nr == cap) {
			cap = cap ? 2 * cap : 16;
			v = realloc(*names, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			*names = v;
		}
		(*names)[*nr] = strdup(d->d_name);
		if (!(*names)[*nr])
			return -ENOMEM;
		(*nr)++;
	}
	/* the names read are walked; the directory is named, not complete */
	return errno ? unreadable(path, errno) : 0;
}

static void free_names(char **names, size_t nr)
{
	while (nr)
		free(names[--nr]);
	free(names);
}

/* @dir/@name, as fts named it (one '/' between), malloc()ed. */
static char *child_path(const char *dir, const char *name)
{
	size_t l = strlen(dir);
	char *p;

	if (l && dir[l - 1] == '/')
		l--;
	p = malloc(l + strlen(name) + 2);
	if (p)
		sprintf(p, "%.*s/%s", (int)l, dir, name);
	return p;
}

static int walk_entry(struct entry *e);

/* Each entry of directory @e, open as @fd (closed here). */
static int walk_children(const struct entry *e, int fd)
{
	struct entry c = { .dirfd = fd, .level = e->level + 1, .parent = e };
	DIR *dir = fdopendir(fd);
	char **names = NULL, *path;
	size_t nr = 0, i;
	int ret;

	if (!dir) {
		ret = unreadable(e->path, errno);
		close(fd);
		return ret;
	}
	ret = read_names(dir, e->path, &names, &nr);
	if (ret >= 0)
		ret = enter_level(nr);
	for (i = 0; ret >= 0 && i < nr; i++) {
		path = child_path(e->path, names[i]);
		if (!path) {
			ret = -ENOMEM;
			break;
		}
		c.name = names[i];
		c.path = path;
		memset(&c.st, 0, sizeof(c.st));
		if (fstatat(fd, names[i], &c.st, AT_SYMLINK_NOFOLLOW) < 0)
			/* gone since the directory was read: nothing to check */
			ret = errno == ENOENT ? 0 : unreadable(path, errno);
		else
			ret = walk_entry(&c);
		entry_done(c.level, S_ISDIR(c.st.st_mode));
		free(path);
	}
	free_names(names, nr);
	closedir(dir);
	return ret;
}

/* Directory @e: entered unless skipped; what fails is named. */
static int walk_dir(const struct entry *e)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY;
	struct stat st;
	int fd, ret;

	const struct entry *a;
	char why[64];

	if (e->level >= WALK_DEPTH_MAX) {
		snprintf(why, sizeof(why), "over %d directories deep: not entered",
			 WALK_DEPTH_MAX);
		return unreadable_why(e->path, why);
	}
	/* a directory mounted below itself: walked once, as fts did */
	for (a = e->parent; a; a = a->parent)
		if (a->st.st_dev == e->st.st_dev && a->st.st_ino == e->st.st_ino)
			return 0;
	/* a PATH given as a symbolic link is followed, nothing below it */
	fd = openat(e->dirfd, e->name, flags | (e->level ? O_NOFOLLOW : 0));
	if (fd < 0)
		return errno == ENOENT && e->level ? 0 : unreadable(e->path, errno);
	if (fstat(fd, &st) < 0 || st.st_dev != e->st.st_dev ||
	    st.st_ino != e->st.st_ino) {
		close(fd);
		return unreadable_why(e->path, "replaced while it was scanned");
	}
	ret = enter_dir(e, fd);
	if (ret <= 0) {
		close(fd);
		return ret;
	}
	return walk_children(e, fd);
}

static int walk_entry(struct entry *e)
{
	if (S_ISDIR(e->st.st_mode))
		return walk_dir(e);
	if (S_ISREG(e->st.st_mode))
		return check(e);
	return 0;	/* links, devices, FIFOs, sockets */
}

static int walk(char **paths, int n)
{
	struct entry e = { .dirfd = AT_FDCWD };
	int ret = enter_level(n), i;

	for (i = 0; ret >= 0 && i < n; i++) {
		memset(&e.st, 0, sizeof(e.st));
		e.name = e.path = paths[i];
		if (stat(paths[i], &e.st) < 0)
			ret = unreadable(paths[i], errno);
		else
			ret = walk_entry(&e);
		entry_done(0, S_ISDIR(e.st.st_mode));
	}
	if (ret < 0)
		ERR("could not scan: %s\n", strerror(-ret));
	return ret;
}

/* ---- results ---- */

static const char *plural(unsigned long n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

static void print_notes_json(const char *key, const struct note_list *l,
			     const char *why_key)
{
	size_t i;

	printf("], \"%s\": [", key);
	for (i = 0; i < l->nr; i++) {
		printf("%s{", i ? ", " : "");
		vb_json_field(stdout, "path", l->v[i].path, 0);
		vb_json_field(stdout, why_key, l->v[i].why, 1);
		if (l->v[i].fs)
			vb_json_field(stdout, "fs", l->v[i].fs, 1);
		printf("}");
	}
}

static void summary_json(void)
{
	int k;

	printf("%s", scan.printed ? "\n" : "");
	print_notes_json("unreadable", &scan.unreadable, "error");
	print_notes_json("skipped", &scan.skipped, "reason");
	printf("], \"checked\": %lu, \"kinds\": {", scan.checked);
	for (k = 0; k < NR_KINDS; k++)
		printf("%s\"%s\": %lu", k ? ", " : "", kind_json[k],
		       scan.kinds[k]);
	printf("}, \"denied\": %lu, \"audited\": %lu, \"unknown_facts\": %lu, \"errors\": %zu, \"no_certificate\": %lu, \"compressed_modules\": %lu, \"undecompressed_modules\": %lu}\n",
	       scan.denied, scan.audited, scan.unknown, scan.unreadable.nr,
	       scan.nocert, scan.compressed, scan.undecompressed);
}

static void summary(void)
{
	int k;

	clear_bar();
	if (scan.json) {
		summary_json();
		return;
	}
	printf("summary: %lu %s checked (", scan.checked,
	       plural(scan.checked, "file", "files"));
	for (k = 0; k < NR_KINDS; k++)
		printf("%s%lu %s", k ? ", " : "", scan.kinds[k],
		       kind_names[k][scan.kinds[k] != 1]);
	printf("), %lu deny, %lu audit, %zu unreadable\n", scan.denied,
	       scan.audited, scan.unreadable.nr);
	if (scan.nocert)
		printf("note: %lu signed %s no signer certificate: subject-o, subject-cn, fingerprint and ca rules cannot match them\n",
		       scan.nocert, plural(scan.nocert, "file carries", "files carry"));
	if (scan.unreadable.nr)
		printf("note: the scan is incomplete: %zu %s could not be read%s\n",
		       scan.unreadable.nr, plural(scan.unreadable.nr, "path", "paths"),
		       geteuid() ? " (run it as root)" : "");
	if (scan.unknown)
		printf("note: %lu %s judged without seeing whether %s writable, on an unverifiable file system or on a user namespace's mount (vendorbanctl test names which): the policy's settings for those may refuse %s\n",
		       scan.unknown, plural(scan.unknown, "file was", "files were"),
		       plural(scan.unknown, "it is", "they are"),
		       plural(scan.unknown, "it", "them"));
	if (scan.compressed)
		printf("note: %lu compressed %s judged on the decompressed image, as the kernel judges a module load; %lu could not be decompressed (malformed)\n",
		       scan.compressed,
		       plural(scan.compressed, "file was", "files were"),
		       scan.undecompressed);
}

static int run_scan(char **paths, int n)
{
	static char *root[] = { "/", NULL };
	int ret;

	if (!n) {
		paths = root;
		n = 1;
	}
	scan.last_pct = ~0u;
	scan.cleared = true;
	read_mounts();
	if (scan.json) {
		printf("{\"policy\": ");
		vb_json_str(stdout, scan.pol->policy->name);
		printf(", \"results\": [");
	}
	ret = walk(paths, n);
	/* the end of the walk is always drawn, however quick the walk */
	scan.last_ms = 0;
	scan.cleared = true;
	progress();
	summary();
	if (ret < 0 || scan.unreadable.nr)
		return VB_EXIT_FAILURE;
	return scan.denied ? VB_EXIT_DENIED : VB_EXIT_OK;
}

static void scan_free(void)
{
	free_notes(&scan.unreadable);
	free_notes(&scan.skipped);
	free(scan.lv);
	free(scan.mounts);
}

static int do_scan(int argc, char *argv[])
{
	const char *policy = NULL, *vendors = NULL, *cert = NULL;
	struct vb_compiled pol;
	int c, ret;

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
		case 'x':
			scan.cross = false;
			break;
		case 'X':
			scan.cross = true;
			break;
		case 'j':
			scan.json = true;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (vb_policy_get_file(policy, vendors, cert, &pol))
		return VB_EXIT_FAILURE;
	scan.pol = &pol;
	scan.bar = isatty(STDERR_FILENO);
	ret = run_scan(argv + optind, argc - optind);
	vb_compiled_free(&pol);
	scan_free();
	return ret;
}

const struct vendorban_cmd vendorban_cmd_scan = {
	.name = "scan",
	.run = do_scan,
	.help = "list every file the kernel checks that a policy would block or audit",
};
