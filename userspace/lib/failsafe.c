// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the boot check: would a policy refuse what the system
 * needs to boot and to run vendorbanctl itself?
 *
 * A policy that refuses init, the dynamic loader, libc or a module the
 * initramfs loads does not fail a load: it fails the next exec, or the
 * next boot, with a machine that does not come up.  So before `load`
 * (and in `compile`, `bootcheck`, the initramfs hook and the boot
 * scripts) the tool gathers the files the system needs (the boot set)
 * and decides each with the kernel's own walk (vb_decide(), as `test`
 * and `scan` do):
 *
 *  - init (/sbin/init, and init= of the kernel command line), /bin/sh,
 *    the kernel's modprobe, vendorbanctl itself (Santa keeps the same
 *    failsafe for its own signer);
 *  - when init is systemd: every program in its directory (journald,
 *    udevd, the executor, fsck, remount-fs...), its generators, the udev
 *    helpers, and systemctl, udevadm, systemd-tmpfiles, mount, fsck,
 *    sulogin, agetty, login;
 *  - the dynamic loader and libraries of all of those, found as ld.so
 *    finds them (DT_RPATH, DT_RUNPATH with $ORIGIN, /etc/ld.so.conf, the
 *    default directories), recursively, and the interpreter of a "#!"
 *    script;
 *  - the initramfs: an image's modules and programs (listed with
 *    lsinitramfs, judged on the installed copies: the same files), or
 *    every program, library and module of an unpacked tree (the hook's
 *    $DESTDIR, or / inside the initramfs).
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "elfdeps.h"
#include "failsafe.h"
#include "filesig.h"
#include "inflate.h"
#include "sysroot.h"
#include "util.h"

extern char **environ;

/* Programs a systemd boot runs, looked up in these directories. */
static const char *const boot_tools[] = {
	"systemctl", "udevadm", "systemd-tmpfiles", "systemd-sysusers",
	"journalctl", "mount", "umount", "fsck", "sulogin", "agetty", "login",
};

static const char *const tool_dirs[] = {
	"/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

/* Where ld.so looks after DT_RUNPATH and /etc/ld.so.conf (Debian's). */
static const char *const default_lib_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib64", "/usr/lib64", "/lib", "/usr/lib",
};

#define LDCONF_DEPTH	4
#define LDCONF_MAX	(64u << 10)

/* ---- notes and the file list ---- */

static void note(struct vb_bootcheck *bc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct vb_bootcheck *bc, const char *fmt, ...)
{
	char **notes = realloc(bc->notes, (bc->nr_notes + 1) * sizeof(*notes));
	va_list ap;
	int n;

	if (!notes)
		return;
	bc->notes = notes;
	va_start(ap, fmt);
	n = vasprintf(&notes[bc->nr_notes], fmt, ap);
	va_end(ap);
	if (n >= 0)
		bc->nr_notes++;
}

static bool seen(const struct vb_bootcheck *bc, const struct stat *st)
{
	size_t i;

	for (i = 0; i < bc->nr_files; i++)
		if (bc->files[i].dev == st->st_dev && bc->files[i].ino == st->st_ino)
			return true;
	return false;
}

/*
 * Adds the file at @host (@inside in the system) with @role; @host and
 * @inside are taken over.  A file already in the set keeps its first
 * role; what is not a regular file is left out.
 */
static int add_host(struct vb_bootcheck *bc, char *host, char *inside,
		    const char *role, bool deps)
{
	struct vb_bootfile *f;
	struct stat st;

	if (stat(host, &st) < 0 || !S_ISREG(st.st_mode) || seen(bc, &st))
		goto skip;
	if (bc->nr_files == bc->cap_files) {
		size_t cap = bc->cap_files ? 2 * bc->cap_files : 64;

		f = realloc(bc->files, cap * sizeof(*f));
		if (!f)
			goto nomem;
		bc->files = f;
		bc->cap_files = cap;
	}
	f = &bc->files[bc->nr_files];
	memset(f, 0, sizeof(*f));
	f->role = strdup(role);
	if (!f->role)
		goto nomem;
	f->path = host;
	f->inside = inside;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->deps = deps;
	bc->nr_files++;
	return 0;
nomem:
	free(host);
	free(inside);
	return -ENOMEM;
skip:
	free(host);
	free(inside);
	return 0;
}

/* Adds the system's file @path (links followed inside the system). */
static int add_path(struct vb_bootcheck *bc, const char *path,
		    const char *role, bool deps)
{
	char *host, *inside;
	int ret = vb_root_resolve(bc->root, path, &host, &inside);

	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return 1;	/* not there */
	return add_host(bc, host, inside, role, deps);
}

/* ---- the programs ---- */

/* The value of @key= on the kernel command line, or NULL. */
static char *cmdline_value(const char *key)
{
	char *line, *p, *val = NULL;
	size_t len, klen = strlen(key);

	if (vb_read_file_max("/proc/cmdline", 4096, &line, &len))
		return NULL;
	for (p = strtok(line, " \n"); p && !val; p = strtok(NULL, " \n"))
		if (!strncmp(p, key, klen) && p[klen] == '=')
			val = strdup(p + klen + 1);
	free(line);
	return val;
}

static int add_init(struct vb_bootcheck *bc, char **init_inside)
{
	char *arg = bc->root[0] ? NULL : cmdline_value("init");
	char *host, *inside;
	int ret = 0;

	if (arg && arg[0] == '/' &&
	    add_path(bc, arg, "init (init= on the kernel command line)", true) < 0)
		ret = -ENOMEM;
	free(arg);
	if (ret)
		return ret;
	ret = vb_root_resolve(bc->root, "/sbin/init", &host, &inside);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		note(bc, "%s/sbin/init: %s (not checked)", bc->root, strerror(-ret));
		return 0;
	}
	*init_inside = strdup(inside);
	return add_host(bc, host, inside, "init (/sbin/init)", true);
}

/* Adds the system's @path if it is an executable regular file. */
static int add_executable(struct vb_bootcheck *bc, const char *path,
			  const char *role)
{
	char *host, *inside;
	struct stat st;
	int ret = vb_root_resolve(bc->root, path, &host, &inside);

	if (ret)
		return ret == -ENOMEM ? ret : 0;
	if (stat(host, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
		free(host);
		free(inside);
		return 0;
	}
	return add_host(bc, host, inside, role, true);
}

/* Every executable regular file directly in the system's @dir. */
static int add_dir(struct vb_bootcheck *bc, const char *dir, const char *role)
{
	char *host, *path;
	struct dirent *e;
	DIR *d;
	int ret = vb_root_resolve(bc->root, dir, &host, NULL);

	if (ret)
		return ret == -ENOMEM ? ret : 0;
	d = opendir(host);
	free(host);
	for (ret = 0; d && !ret && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) {
			ret = -ENOMEM;
			break;
		}
		ret = add_executable(bc, path, role);
		free(path);
	}
	if (d)
		closedir(d);
	return ret;
}

/* systemd's own programs, generators, udev helpers and boot tools. */
static int add_systemd(struct vb_bootcheck *bc, const char *init_inside)
{
	char *dir, *gen, *path;
	size_t i, j;
	int ret;

	dir = vb_dirname(init_inside);
	if (!dir || asprintf(&gen, "%s/system-generators", dir) < 0) {
		free(dir);
		return -ENOMEM;
	}
	ret = add_dir(bc, dir, "systemd helper");
	if (!ret)
		ret = add_dir(bc, gen, "systemd generator");
	if (!ret)
		ret = add_dir(bc, "/usr/lib/udev", "udev helper");
	free(gen);
	free(dir);
	for (i = 0; i < sizeof(boot_tools) / sizeof(boot_tools[0]) && !ret; i++) {
		for (j = 0; j < sizeof(tool_dirs) / sizeof(tool_dirs[0]); j++) {
			if (asprintf(&path, "%s/%s", tool_dirs[j], boot_tools[i]) < 0)
				return -ENOMEM;
			ret = add_path(bc, path, "boot tool", true);
			free(path);
			if (ret <= 0)
				break;
			ret = 0;
		}
	}
	return ret < 0 ? ret : 0;
}

/* The running vendorbanctl, or the system's when it is a sysroot. */
static int add_self(struct vb_bootcheck *bc)
{
	char link[4096], *host, *inside;
	ssize_t n;

	if (bc->root[0]) {
		if (add_path(bc, "/usr/sbin/vendorbanctl", "vendorbanctl", true) < 0 ||
		    add_path(bc, "/usr/local/sbin/vendorbanctl", "vendorbanctl", true) < 0)
			return -ENOMEM;
		return 0;
	}
	n = readlink("/proc/self/exe", link, sizeof(link) - 1);
	if (n < 0) {
		note(bc, "/proc/self/exe: %s (vendorbanctl itself not checked)",
		     strerror(errno));
		return 0;
	}
	link[n] = '\0';
	host = strdup("/proc/self/exe");
	inside = strdup(link);
	if (!host || !inside) {
		free(host);
		free(inside);
		return -ENOMEM;
	}
	return add_host(bc, host, inside, "vendorbanctl (this program)", true);
}

/* The program the kernel runs to load a module (request_module()). */
static int add_modprobe(struct vb_bootcheck *bc)
{
	char *path = NULL;
	size_t len;
	int ret;

	if (!bc->root[0] &&
	    !vb_read_file_max("/proc/sys/kernel/modprobe", 4096, &path, &len))
		path[strcspn(path, "\n")] = '\0';
	ret = add_path(bc, path && path[0] == '/' ? path : "/sbin/modprobe",
		       "modprobe (the kernel runs it to load modules)", true);
	free(path);
	return ret < 0 ? ret : 0;
}

static int add_programs(struct vb_bootcheck *bc)
{
	char *init = NULL;
	const char *base;
	int ret = add_init(bc, &init);

	if (!ret)
		ret = add_path(bc, "/bin/sh", "shell (/bin/sh: the boot scripts)",
			       true);
	if (ret >= 0)
		ret = add_modprobe(bc);
	if (!ret)
		ret = add_self(bc);
	base = init ? strrchr(init, '/') : NULL;
	if (!ret && base && !strcmp(base, "/systemd"))
		ret = add_systemd(bc, init);
	free(init);
	return ret;
}

/* ---- libraries, as ld.so finds them ---- */

static int ldconf_add(struct vb_bootcheck *bc, const char *dir)
{
	char **v = realloc(bc->ldconf, (bc->nr_ldconf + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	bc->ldconf = v;
	v[bc->nr_ldconf] = strdup(dir);
	if (!v[bc->nr_ldconf])
		return -ENOMEM;
	bc->nr_ldconf++;
	return 0;
}

static int ldconf_file(struct vb_bootcheck *bc, const char *host, int depth);

/* "include PATTERN": relative patterns are relative to /etc. */
static int ldconf_include(struct vb_bootcheck *bc, const char *pattern,
			  int depth)
{
	char *full;
	glob_t g;
	size_t i;
	int ret = 0;

	if (asprintf(&full, "%s%s%s", bc->root,
		     pattern[0] == '/' ? "" : "/etc/", pattern) < 0)
		return -ENOMEM;
	if (glob(full, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc && !ret; i++)
			ret = ldconf_file(bc, g.gl_pathv[i], depth + 1);
		globfree(&g);
	}
	free(full);
	return ret;
}

static int ldconf_line(struct vb_bootcheck *bc, char *line, int depth)
{
	char *tok, *save;
	int ret = 0;

	line[strcspn(line, "#")] = '\0';
	tok = strtok_r(line, " \t:,", &save);
	if (!tok || !strcmp(tok, "hwcap"))
		return 0;
	if (!strcmp(tok, "include")) {
		while (!ret && (tok = strtok_r(NULL, " \t", &save)))
			ret = ldconf_include(bc, tok, depth);
		return ret;
	}
	for (; tok && !ret; tok = strtok_r(NULL, " \t:,", &save))
		if (tok[0] == '/')
			ret = ldconf_add(bc, tok);
	return ret;
}

static int ldconf_file(struct vb_bootcheck *bc, const char *host, int depth)
{
	char *text, *line, *save;
	size_t len;
	int ret = 0;

	if (depth > LDCONF_DEPTH ||
	    vb_read_file_max(host, LDCONF_MAX, &text, &len))
		return 0;
	for (line = strtok_r(text, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save))
		ret = ldconf_line(bc, line, depth);
	free(text);
	return ret;
}

/* @dir with $ORIGIN (and ${ORIGIN}) replaced by @origin. */
static char *expand_origin(const char *dir, const char *origin)
{
	const char *p = strstr(dir, "$ORIGIN"), *q = strstr(dir, "${ORIGIN}");
	const char *at = p ? p : q;
	size_t skip = p ? 7 : 9;
	char *out;

	if (!at)
		return strdup(dir);
	if (asprintf(&out, "%.*s%s%s", (int)(at - dir), dir, origin,
		     at + skip) < 0)
		return NULL;
	return out;
}

/*
 * @name in the ':'-separated directories @dirs (NULL: none); 0 when found
 * (@host, @inside set), 1 when not, or -ENOMEM.
 */
static int find_in(struct vb_bootcheck *bc, const char *dirs, const char *name,
		   const char *origin, int machine, char **host, char **inside)
{
	char *copy = dirs ? strdup(dirs) : NULL, *dir, *save, *exp, *path;
	int ret = 1;

	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && ret == 1;
	     dir = strtok_r(NULL, ":", &save)) {
		exp = expand_origin(dir, origin);
		if (!exp || asprintf(&path, "%s/%s", exp, name) < 0) {
			free(exp);
			ret = -ENOMEM;
			break;
		}
		free(exp);
		if (!vb_root_resolve(bc->root, path, host, inside)) {
			if (vb_elf_machine(*host) == machine) {
				ret = 0;
			} else {
				free(*host);
				free(*inside);
			}
		}
		free(path);
	}
	free(copy);
	return ret;
}

static int find_lib(struct vb_bootcheck *bc, const struct vb_elf_deps *d,
		    const char *name, const char *origin, char **host,
		    char **inside)
{
	size_t i;
	int ret = 1;

	if (strchr(name, '/'))
		return vb_root_resolve(bc->root, name, host, inside) ? 1 : 0;
	if (d->rpath && !d->runpath)
		ret = find_in(bc, d->rpath, name, origin, d->machine, host, inside);
	if (ret == 1 && d->runpath)
		ret = find_in(bc, d->runpath, name, origin, d->machine, host,
			      inside);
	for (i = 0; ret == 1 && i < bc->nr_ldconf; i++)
		ret = find_in(bc, bc->ldconf[i], name, origin, d->machine, host,
			      inside);
	for (i = 0; ret == 1 && i < sizeof(default_lib_dirs) /
		    sizeof(default_lib_dirs[0]); i++)
		ret = find_in(bc, default_lib_dirs[i], name, origin, d->machine,
			      host, inside);
	return ret;
}

/*
 * A library the loader has loaded already under @name (its soname): it is
 * not looked up again.  libsystemd-core names libsystemd-shared without
 * a RUNPATH; systemd, which loads both, has the RUNPATH.
 */
static bool loaded_as(const struct vb_bootcheck *bc, const char *name)
{
	size_t i;

	for (i = 0; i < bc->nr_files; i++)
		if (bc->files[i].needed_as && !strcmp(bc->files[i].needed_as, name))
			return true;
	return false;
}

/* Adds the library found as @name; the set may move. */
static int add_lib(struct vb_bootcheck *bc, char *host, char *inside,
		   const char *role, const char *name)
{
	size_t n = bc->nr_files;
	int ret = add_host(bc, host, inside, role, true);

	if (!ret && bc->nr_files > n) {
		bc->files[n].needed_as = strdup(name);
		if (!bc->files[n].needed_as)
			ret = -ENOMEM;
	}
	return ret;
}

/* The loader and libraries of file @i, added to the set. */
static int add_deps(struct vb_bootcheck *bc, size_t i)
{
	struct vb_elf_deps d;
	char *origin = vb_dirname(bc->files[i].inside), *role = NULL;
	char *host, *inside;
	unsigned int j;
	int ret = vb_elf_deps_read(bc->files[i].path, &d);

	if (ret || !origin) {
		ret = !origin || ret == -ENOMEM ? -ENOMEM : 0;
		goto out;
	}
	if (d.interp && asprintf(&role, "dynamic loader of %s",
				 bc->files[i].inside) >= 0)
		ret = add_path(bc, d.interp, role, true) < 0 ? -ENOMEM : 0;
	free(role);
	role = NULL;
	if (!ret && asprintf(&role, "library of %s", bc->files[i].inside) < 0)
		ret = -ENOMEM;
	for (j = 0; !ret && j < d.nr_needed; j++) {
		if (loaded_as(bc, d.needed[j]))
			continue;
		ret = find_lib(bc, &d, d.needed[j], origin, &host, &inside);
		if (ret == 1)
			note(bc, "%s: library %s not found (a program that needs it does not start anyway)",
			     bc->files[i].inside, d.needed[j]);
		else if (!ret)
			ret = add_lib(bc, host, inside, role, d.needed[j]);
		ret = ret < 0 ? ret : 0;
	}
out:
	free(role);
	free(origin);
	vb_elf_deps_free(&d);
	return ret;
}

/*
 * The interpreter of a "#!" script: the kernel checks it too (a
 * generator or helper in Python needs python3).  0, or -ENOMEM.
 */
static int add_interpreter(struct vb_bootcheck *bc, size_t i)
{
	char line[256], *interp, *role;
	FILE *f = fopen(bc->files[i].path, "re");
	int ret = 0;

	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f) && !strncmp(line, "#!", 2)) {
		interp = line + 2 + strspn(line + 2, " \t");
		interp[strcspn(interp, " \t\n")] = '\0';
		if (interp[0] == '/' &&
		    asprintf(&role, "interpreter of %s", bc->files[i].inside) >= 0) {
			ret = add_path(bc, interp, role, true) < 0 ? -ENOMEM : 0;
			free(role);
		}
	}
	fclose(f);
	return ret;
}

static int add_all_deps(struct vb_bootcheck *bc)
{
	char *conf;
	size_t i;
	int ret;

	if (asprintf(&conf, "%s/etc/ld.so.conf", bc->root) < 0)
		return -ENOMEM;
	ret = ldconf_file(bc, conf, 0);
	free(conf);
	/* The set grows as libraries are added: they are visited too. */
	for (i = 0; i < bc->nr_files && !ret; i++) {
		if (!bc->files[i].deps)
			continue;
		ret = add_deps(bc, i);
		if (!ret)
			ret = add_interpreter(bc, i);
	}
	return ret;
}

/* ---- the initramfs ---- */

static bool module_name(const char *path)
{
	static const char *const tails[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(path), i, n;

	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		n = strlen(tails[i]);
		if (len > n && !strcmp(path + len - n, tails[i]))
			return true;
	}
	return false;
}

/* nftw() has no context argument: the walk's set. */
static struct vb_bootcheck *walk_bc;
static int walk_err;

static int walk_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	bool module = module_name(path);
	char *host, *inside;

	(void)ftw;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	if (!module && !(st->st_mode & 0111) && !vb_is_elf(path))
		return 0;
	host = strdup(path);
	inside = strdup(path);
	if (!host || !inside) {
		free(host);
		free(inside);
		walk_err = -ENOMEM;
		return 1;
	}
	walk_err = add_host(walk_bc, host, inside,
			    module ? "module in the initramfs" :
			    "program or library in the initramfs", false);
	return walk_err ? 1 : 0;
}

/* Every module, program and library of an unpacked initramfs. */
static int add_tree(struct vb_bootcheck *bc, const char *dir)
{
	walk_bc = bc;
	walk_err = 0;
	if (nftw(dir, walk_one, 32, FTW_PHYS | FTW_MOUNT) < 0 && !walk_err)
		note(bc, "%s: %s (the initramfs tree not checked)", dir,
		     strerror(errno));
	return walk_err;
}

/*
 * One entry of `lsinitramfs -l` (cpio's listing: mode, links, owner,
 * group, size, date in three fields, name), judged on the installed file
 * it was copied from.  A module may have been decompressed by mkinitramfs
 * (foo.ko in the image, foo.ko.xz installed); any other file counts only
 * when the installed file at its path has its size (a busybox applet is
 * a hard link in the image and binutils' ar on the system): the others
 * are counted in @bc's note.
 */
static int image_entry(struct vb_bootcheck *bc, const char *line,
		       const char *role, size_t *differ)
{
	static const char *const tails[] = { "", ".xz", ".zst", ".gz" };
	unsigned long long size;
	char mode[16], *path, *host, *inside;
	struct stat st;
	bool module;
	size_t i;
	int ret = 1, at = 0;

	if (sscanf(line, "%15s %*s %*s %*s %llu %*s %*s %*s %n", mode, &size,
		   &at) < 2 || !at || mode[0] != '-')
		return 0;	/* a directory, a link, a device */
	module = module_name(line + at);
	for (i = 0; i < (module ? 4u : 1u) && ret; i++) {
		if (asprintf(&path, "/%s%s", line + at, tails[i]) < 0)
			return -ENOMEM;
		ret = vb_root_resolve(bc->root, path, &host, &inside);
		free(path);
	}
	if (ret)
		return ret == -ENOMEM ? ret : 0;
	if (!module && (stat(host, &st) < 0 || !S_ISREG(st.st_mode) ||
			(!(st.st_mode & 0111) && !vb_is_elf(host)) ||
			(unsigned long long)st.st_size != size)) {
		*differ += size > 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
		free(host);
		free(inside);
		return 0;
	}
	return add_host(bc, host, inside, role, false);
}

static int spawn_lsinitramfs(const char *image, pid_t *pid, FILE **out)
{
	char *argv[] = { "lsinitramfs", "-l", (char *)image, NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], ret;

	if (pipe(fds) < 0)
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ret = -posix_spawnp(pid, "lsinitramfs", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	*out = ret ? NULL : fdopen(fds[0], "r");
	if (!*out)
		close(fds[0]);
	return ret ? ret : (*out ? 0 : -ENOMEM);
}

static int add_image(struct vb_bootcheck *bc, const char *image)
{
	char *line = NULL, *role;
	size_t cap = 0, differ = 0;
	ssize_t n;
	FILE *out = NULL;
	pid_t pid;
	int ret, status;

	if (asprintf(&role, "in the initramfs %s", image) < 0)
		return -ENOMEM;
	ret = spawn_lsinitramfs(image, &pid, &out);
	if (ret) {
		note(bc, "lsinitramfs: %s (install initramfs-tools-core): %s not checked",
		     strerror(-ret), image);
		free(role);
		return 0;
	}
	while ((n = getline(&line, &cap, out)) > 0 && ret >= 0) {
		line[strcspn(line, "\n")] = '\0';
		ret = image_entry(bc, line, role, &differ);
	}
	free(line);
	fclose(out);
	free(role);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		note(bc, "lsinitramfs %s failed: the initramfs not checked", image);
	if (differ)
		note(bc, "%zu programs of %s are not the installed file of their name (busybox applets...): check the unpacked tree with --initramfs DIR",
		     differ, image);
	return ret < 0 ? ret : 0;
}

/* SYSROOT/boot/initrd.img-KERNEL, or every image of a sysroot. */
static int add_default_images(struct vb_bootcheck *bc, const char *kernel)
{
	struct utsname u;
	char *pattern;
	glob_t g;
	size_t i;
	int ret = 0;

	if (!kernel && !bc->root[0] && uname(&u) == 0)
		kernel = u.release;
	if (asprintf(&pattern, "%s/boot/initrd.img-%s", bc->root,
		     kernel ? kernel : "*") < 0)
		return -ENOMEM;
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc && !ret; i++)
			ret = add_image(bc, g.gl_pathv[i]);
		globfree(&g);
	} else {
		note(bc, "no initramfs image %s: the modules of the initramfs are not checked",
		     pattern);
	}
	free(pattern);
	return ret;
}

static int add_initramfs(struct vb_bootcheck *bc,
			 const struct vb_bootcheck_opts *o)
{
	struct stat st;

	if (o->initramfs && !strcmp(o->initramfs, "none"))
		return 0;
	if (!o->initramfs)
		return add_default_images(bc, o->kernel);
	if (stat(o->initramfs, &st) < 0) {
		note(bc, "%s: %s (the initramfs not checked)", o->initramfs,
		     strerror(errno));
		return 0;
	}
	return S_ISDIR(st.st_mode) ? add_tree(bc, o->initramfs) :
	       add_image(bc, o->initramfs);
}

/* ---- deciding ---- */

static int write_all(int fd, const u8 *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * A module xz-compressed with an integrity check the kernel's decoder
 * lacks (CRC64: DKMS runs plain xz) is malformed as a file: the kernel
 * cannot load it with finit_module().  kmod decompresses it itself
 * (liblzma) and hands the image to init_module(), as Debian 12's kmod
 * does with every compressed module: that image is what the kernel
 * judges, and what the boot check judges.  Returns a memfd holding it,
 * or -1 (not such a module, or it does not decompress here either).
 */
static int kmod_image(const char *path, const struct vb_filesig *sig)
{
	size_t len, cap = VENDORBAN_MODIMAGE_FIRST;
	u8 *in = NULL, *out = NULL;
	int fd = -1, ret;

	if (sig->image.comp != VENDORBAN_COMP_XZ || !sig->image.malformed ||
	    sig->image.limit || sig->size > VENDORBAN_MODIMAGE_MAX ||
	    vb_read_file_max(path, VENDORBAN_MODIMAGE_MAX, (char **)&in, &len))
		return -1;
	do {
		free(out);
		out = malloc(cap);
		ret = out ? vb_inflate(NULL, VENDORBAN_COMP_XZ, in, len, out,
				       cap, &len) : -ENOMEM;
		cap *= 2;
	} while (ret == -EFBIG && cap <= VENDORBAN_MODIMAGE_MAX);
	if (!ret)
		fd = memfd_create("vendorban-kmod-image", MFD_CLOEXEC);
	if (fd >= 0 && write_all(fd, out, len)) {
		close(fd);
		fd = -1;
	}
	free(out);
	free(in);
	return fd;
}

/*
 * @f's signatures, of the image kmod loads for such a module: then *@fd
 * holds it (@path names it) until the caller closes it.
 */
static int read_sig(struct vb_bootfile *f, struct vb_filesig *sig,
		    char *path, size_t size, int *fd)
{
	int ret = vb_filesig_read(f->path, sig);

	snprintf(path, size, "%s", f->path);
	*fd = ret ? -1 : kmod_image(f->path, sig);
	if (*fd < 0)
		return ret;
	vb_filesig_release(sig);
	snprintf(path, size, "/proc/self/fd/%d", *fd);
	ret = vb_filesig_read(path, sig);
	if (ret) {	/* no /proc: the file as it is */
		close(*fd);
		*fd = -1;
		snprintf(path, size, "%s", f->path);
		ret = vb_filesig_read(path, sig);
	}
	return ret;
}

static int decide_all(struct vb_bootcheck *bc,
		      const struct vendorban_policy *policy)
{
	struct vb_filesig sig;
	char path[PATH_MAX];
	size_t i;
	int fd;

	bc->refused = calloc(bc->nr_files ? bc->nr_files : 1,
			     sizeof(*bc->refused));
	if (!bc->refused)
		return -ENOMEM;
	for (i = 0; i < bc->nr_files; i++) {
		struct vb_bootfile *f = &bc->files[i];

		f->err = read_sig(f, &sig, path, sizeof(path), &fd);
		if (f->err) {
			note(bc, "could not read %s (%s): %s (not checked)",
			     f->inside, f->role, strerror(-f->err));
			continue;
		}
		vb_decide(policy, path, &sig, &f->d);
		vb_filesig_release(&sig);
		if (fd >= 0)
			close(fd);
		if (f->d.action == VENDORBAN_ACTION_DENY)
			bc->refused[bc->nr_refused++] = i;
	}
	return 0;
}

/**
 * vb_bootcheck_option() - take one of the boot check's options
 * @c: the getopt_long() value
 * @arg: its argument
 * @o: the options
 *
 * Return: 1 if @c was one of them, else 0.
 */
int vb_bootcheck_option(int c, const char *arg, struct vb_bootcheck_opts *o)
{
	switch (c) {
	case VB_OPT_SYSROOT:
		o->sysroot = arg;
		return 1;
	case VB_OPT_KERNEL:
		o->kernel = arg;
		return 1;
	case VB_OPT_INITRAMFS:
		o->initramfs = arg;
		return 1;
	}
	return 0;
}

/**
 * vb_bootcheck_run() - what a policy decides for the files a system needs
 * @o: which system, kernel and initramfs
 * @policy: the policy (compiled)
 * @bc: the boot set, its decisions and notes; free with
 *      vb_bootcheck_free() (also after an error)
 *
 * Return: 0 (@bc->nr_refused says whether the policy refuses any of
 * them; @bc->notes what could not be checked), or -ENOMEM.
 */
int vb_bootcheck_run(const struct vb_bootcheck_opts *o,
		     const struct vendorban_policy *policy,
		     struct vb_bootcheck *bc)
{
	int ret;

	memset(bc, 0, sizeof(*bc));
	bc->root = o->sysroot && strcmp(o->sysroot, "/") ? o->sysroot : "";
	ret = add_programs(bc);
	if (!ret)
		ret = add_all_deps(bc);
	if (!ret)
		ret = add_initramfs(bc, o);
	if (!ret)
		ret = decide_all(bc, policy);
	return ret;
}

void vb_bootcheck_free(struct vb_bootcheck *bc)
{
	size_t i;

	for (i = 0; i < bc->nr_files; i++) {
		free(bc->files[i].path);
		free(bc->files[i].inside);
		free(bc->files[i].role);
		free(bc->files[i].needed_as);
	}
	for (i = 0; i < bc->nr_notes; i++)
		free(bc->notes[i]);
	for (i = 0; i < bc->nr_ldconf; i++)
		free(bc->ldconf[i]);
	free(bc->files);
	free(bc->notes);
	free(bc->ldconf);
	free(bc->refused);
	memset(bc, 0, sizeof(*bc));
}

/**
 * vb_bootcheck_rule() - the rule that decided, as one phrase
 * @f: where to print
 * @pol: the policy
 * @d: the decision
 */
void vb_bootcheck_rule(FILE *f, const struct vb_compiled *pol,
		       const struct vb_decision *d)
{
	const struct vendorban_rule *r;
	const char *text;
	size_t len;

	if (d->rule < 0) {
		if (d->reason)
			fprintf(f, "no rule decides for a file whose signatures cannot all be read (reason=%s): refused",
				d->reason);
		else
			fprintf(f, "the default (default %s)",
				vendorban_action_name(d->action));
		return;
	}
	r = &pol->policy->rules[d->rule];
	text = vb_rule_text(pol->policy, d->rule, &len);
	fprintf(f, "rule line %u, label %s", r->line, r->label[0] ? r->label : "?");
	if (pol->rule_src)
		fprintf(f, " (%s:%u)", pol->rule_src[d->rule].file,
			pol->rule_src[d->rule].line);
	fprintf(f, ": %.*s%s", (int)(len > 100 ? 100 : len), text,
		len > 100 ? "..." : "");
}

/* The path to show: vendorbanctl's own, not /proc/self/exe. */
static const char *shown(const struct vb_bootfile *b)
{
	return strcmp(b->path, "/proc/self/exe") ? b->path : b->inside;
}

/**
 * vb_bootcheck_print_refused() - the refused files, one a line
 * @f: where to print
 * @bc: the check
 * @pol: the policy
 * @max: print at most this many, then how many more
 */
void vb_bootcheck_print_refused(FILE *f, const struct vb_bootcheck *bc,
				const struct vb_compiled *pol, size_t max)
{
	size_t i;

	for (i = 0; i < bc->nr_refused && i < max; i++) {
		const struct vb_bootfile *b = &bc->files[bc->refused[i]];

		fprintf(f, "  %s (%s): ", shown(b), b->role);
		vb_bootcheck_rule(f, pol, &b->d);
		fprintf(f, "\n");
	}
	if (bc->nr_refused > max)
		fprintf(f, "  ... and %zu more ('vendorbanctl bootcheck --list' lists them all)\n",
			bc->nr_refused - max);
}

/**
 * vb_bootcheck_print_notes() - what could not be checked, one a line
 * @f: where to print
 * @bc: the check
 * @prefix: the start of each line
 */
void vb_bootcheck_print_notes(FILE *f, const struct vb_bootcheck *bc,
			      const char *prefix)
{
	size_t i;

	for (i = 0; i < bc->nr_notes; i++)
		fprintf(f, "%s%s\n", prefix, bc->notes[i]);
}

/**
 * vb_bootcheck_print_all() - every file of the boot set and its decision
 * @f: where to print
 * @bc: the check
 * @pol: the policy
 */
void vb_bootcheck_print_all(FILE *f, const struct vb_bootcheck *bc,
			    const struct vb_compiled *pol)
{
	size_t i;

	for (i = 0; i < bc->nr_files; i++) {
		const struct vb_bootfile *b = &bc->files[i];

		if (b->err)
			continue;
		fprintf(f, "%s %s (%s): ", vendorban_action_name(b->d.action),
			shown(b), b->role);
		vb_bootcheck_rule(f, pol, &b->d);
		fprintf(f, "\n");
	}
}

/* The refusals decided as refusal @k was: by the same rule (or default). */
static bool same_cause(const struct vb_bootcheck *bc, size_t a, size_t b)
{
	const struct vb_decision *x = &bc->files[bc->refused[a]].d;
	const struct vb_decision *y = &bc->files[bc->refused[b]].d;

	return x->rule == y->rule && (x->rule >= 0 || x->reason == y->reason);
}

static void warn_cause(FILE *f, const struct vb_bootcheck *bc,
		       const struct vb_compiled *pol, const char *path,
		       const char *level, size_t k)
{
	const struct vb_decision *d = &bc->files[bc->refused[k]].d;
	size_t i, n = 0, shown_nr = 0;

	for (i = k; i < bc->nr_refused; i++)
		n += same_cause(bc, k, i);
	if (d->rule >= 0 && pol->rule_src)
		fprintf(f, "%s:%u:1: %s: this rule refuses ", pol->rule_src[d->rule].file,
			pol->rule_src[d->rule].line, level);
	else if (d->rule >= 0)
		fprintf(f, "%s:%u:1: %s: this rule refuses ", path,
			pol->policy->rules[d->rule].line, level);
	else if (d->reason)
		fprintf(f, "%s: %s: files whose signatures cannot all be read (reason=%s), which no rule decides, are refused: ",
			path, level, d->reason);
	else
		fprintf(f, "%s: %s: the default (default %s) refuses ", path, level,
			vendorban_action_name(d->action));
	fprintf(f, "%zu file%s this machine needs to boot or to run vendorbanctl: ",
		n, n == 1 ? "" : "s");
	for (i = k; i < bc->nr_refused && shown_nr < 3; i++) {
		if (!same_cause(bc, k, i))
			continue;
		fprintf(f, "%s%s (%s)", shown_nr ? ", " : "",
			shown(&bc->files[bc->refused[i]]),
			bc->files[bc->refused[i]].role);
		shown_nr++;
	}
	fprintf(f, "%s\n  fix: allow them before it (allow file-sha256 HASH, allow cert-file \"vendor.pem\"), or narrow the rule; 'vendorbanctl bootcheck --list POLICY' shows every file the boot needs and its decision\n",
		n > shown_nr ? ", ..." : "");
}

/**
 * vb_bootcheck_warn() - the refusals as compiler diagnostics, one per rule
 * @f: where to print
 * @bc: the check
 * @pol: the policy
 * @path: the policy file
 * @strict: errors ("error (--strict)") rather than warnings
 *
 * Return: the number of diagnostics printed.
 */
unsigned int vb_bootcheck_warn(FILE *f, const struct vb_bootcheck *bc,
			       const struct vb_compiled *pol, const char *path,
			       bool strict)
{
	unsigned int n = 0;
	size_t k, j;

	for (k = 0; k < bc->nr_refused; k++) {
		for (j = 0; j < k && !same_cause(bc, j, k); j++)
			;
		if (j < k)
			continue;	/* said with the first file of its cause */
		warn_cause(f, bc, pol, path, strict ? "error (--strict)" : "warning", k);
		n++;
	}
	return n;
}
