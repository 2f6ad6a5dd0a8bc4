// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the files of a package that the kernel checks
 *
 * A package is unpacked by its own tools into a private directory:
 * dpkg-deb --extract for a .deb, rpm2archive then tar for an RPM (whose
 * header digests, read with rpm --queryformat, must then match what was
 * unpacked).  The tree is then walked as "vendorbanctl scan" walks a
 * system: a file with an execute bit (programs, scripts), an ELF file
 * without one (shared objects), a kernel module by name (.ko, .ko.xz,
 * .ko.zst: its SHA-256 is that of the decompressed image, as the kernel
 * computes it for a module load, kmod/lib/modimage.c) and a PE file.
 * Nothing else is executed or mapped by the kernel's checks, so nothing
 * else gets a rule.  An installed package's files are found with
 * dpkg-query --listfiles (or rpm --query --list) and hashed from disk.
 */

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "inflate.h"
#include "modimage.h"
#include "pkgfiles.h"
#include "pkgtool.h"
#include "util.h"

static void set_why(char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_why(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, VB_WHY_LEN, fmt, ap);
	va_end(ap);
}

static int tool_failed(const char *name, int ret, char *why)
{
	if (ret == -ENOENT)
		set_why(why, "%s is not installed (install the %s package)",
			name, vb_tool_package(name));
	else
		set_why(why, "%s could not run: %s", name, strerror(-ret));
	return ret;
}

/* ---- formats, by their magic ---- */

static bool has_magic(const char *file, const void *magic, size_t len)
{
	unsigned char buf[32];
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	if (fd < 0 || len > sizeof(buf)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	n = pread(fd, buf, len, 0);
	close(fd);
	return n == (ssize_t)len && !memcmp(buf, magic, len);
}

bool vb_pkg_is_rpm(const char *file)
{
	return has_magic(file, "\xed\xab\xee\xdb", 4);
}

bool vb_pkg_is_deb(const char *file)
{
	return has_magic(file, "!<arch>\ndebian-binary", 21);
}

/* ---- hashing ---- */

/**
 * vb_pkg_copy() - copy a file, computing its SHA-256
 * @src: the file
 * @dst: the copy (created, mode 0600), or NULL to only hash @src
 * @sha256: its SHA-256
 *
 * The compiler works on a private copy of each package, so that what the
 * tools verify is what they unpack.
 *
 * Return: 0 or a negative errno.
 */
int vb_pkg_copy(const char *src, const char *dst, u8 *sha256)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int in = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int out = dst ? open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			     0600) : -2;
	static unsigned char buf[1 << 16];
	struct stat st;
	ssize_t n = 0;
	int ret = -ENOMEM;

	if (in < 0 || out == -1) {
		ret = -errno;
		goto out;
	}
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out;
	}
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (!EVP_DigestUpdate(ctx, buf, n) ||
		    (out >= 0 && write(out, buf, n) != n)) {
			ret = -EIO;
			goto out;
		}
	}
	ret = n < 0 ? -errno : EVP_DigestFinal_ex(ctx, sha256, NULL) ? 0 : -EIO;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) && !ret)
		ret = -EIO;
	EVP_MD_CTX_free(ctx);
	return ret;
}

static int read_fd(void *ctx, void *dst, size_t len, u64 pos)
{
	int fd = *(int *)ctx;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (u8 *)dst + done, len - done, pos + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += n;
	}
	return 0;
}

/*
 * The SHA-256 of a module as the kernel computes it for a load: that of
 * its decompressed image when compressed.  Returns 1 for a compressed
 * module that does not decompress (the kernel refuses it as malformed).
 */
static int module_sha256(const char *path, u8 *sha256)
{
	struct vendorban_modimage img;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = fstat(fd, &st) < 0 ? -errno :
	      vendorban_modimage_from_file(&img, st.st_size, read_fd, &fd,
					   vb_inflate, NULL);
	close(fd);
	if (ret)
		return ret;
	if (img.data)
		vendorban_sha256(img.data, img.len, sha256);
	ret = img.malformed ? 1 : img.data ? 0 : vb_pkg_copy(path, NULL, sha256);
	vendorban_modimage_release(&img);
	return ret;
}

/* ---- what a file is ---- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/* The kind of the regular file @path (mode @mode), as scan decides it. */
static int classify(const char *path, mode_t mode, enum vb_pkg_kind *kind)
{
	unsigned char magic[4];
	ssize_t n;
	int fd;

	if (ends_with(path, ".ko") || ends_with(path, ".ko.xz") ||
	    ends_with(path, ".ko.zst") || ends_with(path, ".ko.gz")) {
		*kind = VB_PKG_MODULE;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	n = pread(fd, magic, sizeof(magic), 0);
	n = n < 0 ? -errno : n;
	close(fd);
	if (n < 0)
		return n;
	if (n >= 2 && magic[0] == 'M' && magic[1] == 'Z')
		*kind = VB_PKG_PE;
	else if (mode & 0111)
		*kind = VB_PKG_EXEC;
	else if (n == 4 && !memcmp(magic, "\177ELF", 4))
		*kind = VB_PKG_ELF;
	else
		*kind = VB_PKG_NONE;
	return 0;
}

static int add_file(struct vb_pkg *pkg, const char *path,
		    enum vb_pkg_kind kind, const u8 *sha256)
{
	struct vb_pkg_file *f;

	if (pkg->nr == pkg->cap) {
		unsigned int cap = pkg->cap ? 2 * pkg->cap : 32;

		f = realloc(pkg->files, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		pkg->files = f;
		pkg->cap = cap;
	}
	f = &pkg->files[pkg->nr];
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	f->kind = kind;
	memcpy(f->sha256, sha256, VENDORBAN_SHA256_LEN);
	pkg->nr++;
	return 0;
}

/*
 * One file at @disk (where it is now) that the package installs at
 * @path: added if the kernel checks it.
 */
static int take_file(struct vb_pkg *pkg, const char *disk, const char *path,
		     mode_t mode, char *why)
{
	enum vb_pkg_kind kind;
	u8 sha[VENDORBAN_SHA256_LEN];
	int ret = classify(disk, mode, &kind);

	if (!ret && kind == VB_PKG_NONE)
		return 0;
	if (!ret)
		ret = kind == VB_PKG_MODULE ? module_sha256(disk, sha) :
		      vb_pkg_copy(disk, NULL, sha);
	if (ret == 1) {
		if (!pkg->nr_bad_modules++)
			pkg->bad_module = strdup(path);
		return 0;
	}
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		set_why(why, "cannot read %s: %s", disk, strerror(-ret));
		return ret;
	}
	return add_file(pkg, path, kind, sha);
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/*
 * Walks an unpacked tree in name order (the rules come out in the same
 * order wherever the tree is): every regular file, as installed at its
 * path.
 */
static int walk_tree(struct vb_pkg *pkg, const char *root, char *why)
{
	char *const roots[] = { (char *)root, NULL };
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
	size_t rlen = strlen(root);
	FTSENT *e;
	int ret = 0;

	if (!fts)
		return -errno;
	while (!ret && (e = fts_read(fts))) {
		/* dpkg-deb --raw-extract puts the control area in DEBIAN/ */
		if (e->fts_level == 1 && e->fts_info == FTS_D &&
		    !strcmp(e->fts_name, "DEBIAN")) {
			fts_set(fts, e, FTS_SKIP);
			continue;
		}
		if (e->fts_info == FTS_DNR || e->fts_info == FTS_ERR) {
			set_why(why, "cannot read %s: %s", e->fts_path,
				strerror(e->fts_errno));
			ret = -e->fts_errno;
		} else if (e->fts_info == FTS_F) {
			ret = take_file(pkg, e->fts_path, e->fts_path + rlen,
					e->fts_statp->st_mode, why);
		}
	}
	fts_close(fts);
	return ret;
}

/* ---- metadata: the package's own tools ---- */

static char *next_field(char **p)
{
	char *s = *p, *tab;

	if (!s)
		return strdup("");
	tab = strpbrk(s, "\t\n");
	if (tab) {
		*p = *tab == '\t' ? tab + 1 : NULL;
		*tab = '\0';
	} else {
		*p = NULL;
	}
	return strdup(s);
}

/* NAME VERSION ARCH VENDOR from a tool's tab-separated line. */
static int take_fields(struct vb_pkg *pkg, char *line)
{
	pkg->name = next_field(&line);
	pkg->version = next_field(&line);
	pkg->arch = next_field(&line);
	pkg->vendor = next_field(&line);
	if (!pkg->name || !pkg->version || !pkg->arch || !pkg->vendor)
		return -ENOMEM;
	if (!strcmp(pkg->vendor, "(none)"))
		pkg->vendor[0] = '\0';
	return 0;
}

/* Runs a tool that must succeed; its output is in @t. */
static int run_ok(struct vb_tool *t, const char *what, char *why)
{
	int ret = vb_tool_run(t);

	if (ret == -EFBIG) {
		set_why(why, "%s: more output than %u bytes", t->argv[0],
			VB_TOOL_OUT_MAX);
		return ret;
	}
	if (ret)
		return tool_failed(t->argv[0], ret, why);
	if (t->exit_code != 0) {
		set_why(why, "%s (%s: %s)", what, t->argv[0],
			t->err[0] ? t->err : "failed");
		vb_tool_release(t);
		return -EINVAL;
	}
	return 0;
}

/* Maintainer scripts dpkg runs, as dpkg-deb --raw-extract leaves them. */
static const char *const maint_scripts[] = {
	"preinst", "postinst", "prerm", "postrm", "config",
};

/*
 * The maintainer scripts of the control area: dpkg runs them (from
 * /var/lib/dpkg/info, as PACKAGE.SCRIPT) when it installs, upgrades or
 * removes the package.
 */
static int take_scripts(struct vb_pkg *pkg, const char *dir, char *why)
{
	char *disk, *path;
	struct stat st;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(maint_scripts); i++) {
		if (asprintf(&disk, "%s/DEBIAN/%s", dir, maint_scripts[i]) < 0)
			return -ENOMEM;
		if (asprintf(&path, "/var/lib/dpkg/info/%s.%s", pkg->name,
			     maint_scripts[i]) < 0) {
			free(disk);
			return -ENOMEM;
		}
		if (lstat(disk, &st) == 0 && S_ISREG(st.st_mode))
			ret = take_file(pkg, disk, path, st.st_mode, why);
		free(path);
		free(disk);
	}
	return ret;
}

static int deb_read(const char *file, const char *dir, struct vb_pkg *pkg,
		    bool scripts, char *why)
{
	const char *show[] = { "dpkg-deb", "--show", "--showformat",
			       "${Package}\t${Version}\t${Architecture}\t${Maintainer}\n",
			       file, NULL };
	const char *extract[] = { "dpkg-deb", "--raw-extract", file, dir, NULL };
	struct vb_tool t = { .argv = show };
	int ret = run_ok(&t, "not a .deb package dpkg-deb can read", why);

	if (ret)
		return ret;
	ret = take_fields(pkg, t.out);
	vb_tool_release(&t);
	if (ret)
		return ret;
	t = (struct vb_tool){ .argv = extract };
	ret = run_ok(&t, "its files cannot be unpacked: the package is corrupt",
		     why);
	vb_tool_release(&t);
	if (!ret)
		ret = walk_tree(pkg, dir, why);
	return ret || !scripts ? ret : take_scripts(pkg, dir, why);
}

/*
 * The header's SHA-256 of each file, "HEX\tPATH" lines, checked against
 * what was unpacked: the header (which the signature covers) and the
 * payload must agree.
 */
static int rpm_check_digests(const char *file, const struct vb_pkg *pkg,
			     char *why)
{
	const char *argv[] = { "rpm", "-qp", "--nosignature", "--nodigest",
			       "--qf", "%{FILEDIGESTALGO}\n[%{FILEDIGESTS}\t%{FILENAMES}\n]",
			       file, NULL };
	struct vb_tool t = { .argv = argv };
	unsigned int i;
	char *hex, *p;
	int ret = run_ok(&t, "its header cannot be read", why);

	if (ret)
		return ret;
	if (strncmp(t.out, "8\n", 2)) {	/* not SHA-256: nothing to compare */
		vb_tool_release(&t);
		return 0;
	}
	for (i = 0; !ret && i < pkg->nr; i++) {
		const struct vb_pkg_file *f = &pkg->files[i];

		if (f->kind == VB_PKG_MODULE)	/* compressed: image hash */
			continue;
		hex = vb_hex(f->sha256, VENDORBAN_SHA256_LEN);
		if (!hex || asprintf(&p, "\n%s\t%s\n", hex, f->path) < 0) {
			free(hex);
			ret = -ENOMEM;
			break;
		}
		if (!strstr(t.out, p)) {
			set_why(why, "%s does not match the digest its header gives: the package is corrupt",
				f->path);
			ret = -EINVAL;
		}
		free(p);
		free(hex);
	}
	vb_tool_release(&t);
	return ret;
}

static int rpm_read(const char *file, const char *dir, struct vb_pkg *pkg,
		    char *why)
{
	const char *check[] = { "rpmkeys", "--nosignature", "--checksig",
				file, NULL };
	const char *show[] = { "rpm", "-qp", "--nosignature", "--nodigest",
			       "--qf",
			       "%{NAME}\t%|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{VENDOR}\n",
			       file, NULL };
	char *tar = NULL;
	const char *unpack[] = { "rpm2archive", "--nocompression", file, NULL };
	const char *untar[] = { "tar", "--extract", "--no-same-owner",
				"--file", NULL, "--directory", dir, NULL };
	struct vb_tool t = { .argv = check };
	int ret = run_ok(&t, "a digest does not match: the package is corrupt or truncated",
			 why);

	vb_tool_release(&t);
	if (!ret) {
		t = (struct vb_tool){ .argv = show };
		ret = run_ok(&t, "its header cannot be read", why);
	}
	if (!ret) {
		ret = take_fields(pkg, t.out);
		vb_tool_release(&t);
	}
	if (ret)
		return ret;
	t = (struct vb_tool){ .argv = unpack };
	ret = run_ok(&t, "its payload cannot be unpacked: the package is corrupt",
		     why);
	vb_tool_release(&t);
	if (!ret && asprintf(&tar, "%s.tar", file) < 0)
		return -ENOMEM;
	untar[4] = tar;
	if (!ret) {
		t = (struct vb_tool){ .argv = untar };
		ret = run_ok(&t, "its payload cannot be unpacked", why);
		vb_tool_release(&t);
		unlink(tar);
	}
	free(tar);
	if (!ret)
		ret = walk_tree(pkg, dir, why);
	return ret ? ret : rpm_check_digests(file, pkg, why);
}

/**
 * vb_pkg_read() - the files of a .rpm or .deb that the kernel checks
 * @file: the package (a private copy, see vb_pkg_copy())
 * @workdir: a private directory; the package is unpacked below it and the
 *           tree removed before this returns
 * @scripts: also the maintainer scripts of a .deb's control area (dpkg
 *           runs them from /var/lib/dpkg/info: an allow-list needs them;
 *           a ban leaves them, so that the package can still be removed)
 * @pkg: filled in; free with vb_pkg_free() whatever this returns
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0; -EINVAL when @file is not a package its tools can read whole
 * (corrupt, truncated, another format); -ENOENT when a tool is missing;
 * or another negative errno.
 */
int vb_pkg_read(const char *file, const char *workdir, struct vb_pkg *pkg,
		bool scripts, char *why)
{
	static unsigned int seq;
	char *dir;
	int ret;

	memset(pkg, 0, sizeof(*pkg));
	if (asprintf(&dir, "%s/unpack.%u", workdir, seq++) < 0)
		return -ENOMEM;
	if (mkdir(dir, 0700) < 0) {
		ret = -errno;
		set_why(why, "cannot make %s: %s", dir, strerror(errno));
		free(dir);
		return ret;
	}
	if (vb_pkg_is_rpm(file)) {
		pkg->format = "rpm";
		ret = rpm_read(file, dir, pkg, why);
	} else if (vb_pkg_is_deb(file)) {
		pkg->format = "deb";
		ret = deb_read(file, dir, pkg, scripts, why);
	} else {
		set_why(why, "not an RPM or Debian package (no .rpm or .deb magic)");
		ret = -EINVAL;
	}
	vb_tmpdir_remove(dir);
	free(dir);
	return ret;
}

/* ---- installed packages ---- */

/**
 * vb_pkg_prefix() - what to put before an absolute path of a system
 * @root: the system's root directory
 *
 * Return: "" for "/", else @root.
 */
const char *vb_pkg_prefix(const char *root)
{
	return strcmp(root, "/") ? root : "";
}

/**
 * vb_pkg_db() - the package database of a system
 * @root: the system's root directory ("/")
 *
 * Return: "dpkg", "rpm", or NULL when there is neither.
 */
const char *vb_pkg_db(const char *root)
{
	char *p;
	bool dpkg, rpm;

	if (asprintf(&p, "%s/var/lib/dpkg/status", vb_pkg_prefix(root)) < 0)
		return NULL;
	dpkg = access(p, R_OK) == 0;
	free(p);
	if (dpkg)
		return "dpkg";
	if (asprintf(&p, "%s/var/lib/rpm", vb_pkg_prefix(root)) < 0)
		return NULL;
	rpm = access(p, R_OK) == 0;
	free(p);
	return rpm ? "rpm" : NULL;
}

/* The installed package's fields, through dpkg-query or rpm. */
static int installed_fields(const char *root, const char *db,
			    const char *name, struct vb_pkg *pkg, char *why)
{
	const char *dq[] = { "dpkg-query", "--root", root, "--show",
			     "--showformat",
			     "${Package}\t${Version}\t${Architecture}\t${Maintainer}\t${db:Status-Abbrev}\n",
			     name, NULL };
	const char *rq[] = { "rpm", "--root", root, "-q", "--qf",
			     "%{NAME}\t%|EPOCH?{%{EPOCH}:}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{VENDOR}\n",
			     name, NULL };
	struct vb_tool t = { .argv = !strcmp(db, "dpkg") ? dq : rq };
	char *nl;
	int ret = vb_tool_run(&t);

	if (ret)
		return tool_failed(t.argv[0], ret, why);
	nl = t.out ? strchr(t.out, '\n') : NULL;
	if (t.exit_code || !nl || nl[1] ||
	    (!strcmp(db, "dpkg") && !strstr(t.out, "\tii "))) {
		set_why(why, "package '%s' is not installed (%s)", name,
			t.exit_code ? t.err : nl && nl[1] ?
			"it names more than one package: add the architecture, NAME:ARCH" :
			"dpkg-query: not in state installed");
		vb_tool_release(&t);
		return -ENOENT;
	}
	ret = take_fields(pkg, t.out);
	vb_tool_release(&t);
	return ret;
}

/* The installed files of a package, one path a line. */
static int installed_list(const char *root, const char *db, const char *name,
			  struct vb_tool *t, char *why)
{
	static const char *dq[] = { "dpkg-query", "--root", NULL, "--listfiles",
				    NULL, NULL };
	static const char *rq[] = { "rpm", "--root", NULL, "-q", "--list",
				    NULL, NULL };
	const char **argv = !strcmp(db, "dpkg") ? dq : rq;

	argv[2] = root;
	argv[!strcmp(db, "dpkg") ? 4 : 5] = name;
	*t = (struct vb_tool){ .argv = argv };
	return run_ok(t, "its files cannot be listed", why);
}

/**
 * vb_pkg_read_installed() - the installed files of a package that the
 * kernel checks, hashed from disk
 * @root: the system's root directory ("/")
 * @name: the package (NAME, or NAME:ARCH for dpkg)
 * @pkg: filled in; free with vb_pkg_free() whatever this returns
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0; -ENOENT when the package is not installed (or no package
 * database or tool is found); or another negative errno.
 */
int vb_pkg_read_installed(const char *root, const char *name,
			  struct vb_pkg *pkg, char *why)
{
	const char *db = vb_pkg_db(root);
	struct vb_tool t;
	char *line;
	int ret;

	memset(pkg, 0, sizeof(*pkg));
	pkg->format = "installed";
	if (!db) {
		set_why(why, "no package database (dpkg or rpm) under %s", root);
		return -ENOENT;
	}
	ret = installed_fields(root, db, name, pkg, why);
	if (!ret)
		ret = installed_list(root, db, name, &t, why);
	if (ret)
		return ret;
	line = t.out;
	ret = vb_pkg_take_paths(root, &line, pkg, why);
	vb_tool_release(&t);
	return ret;
}

/**
 * vb_pkg_take_paths() - the files of a list of installed paths that the
 * kernel checks, hashed from disk
 * @root: the system's root directory
 * @cursor: the list, one absolute path a line (other lines are skipped),
 *          up to a blank line or its end; moved past it.  The list is
 *          changed (its newlines become NULs).
 * @pkg: gets the files
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0 or a negative errno (a file that cannot be read).
 */
int vb_pkg_take_paths(const char *root, char **cursor, struct vb_pkg *pkg,
		      char *why)
{
	char *line, *nl, *disk;
	struct stat st;
	int ret = 0;

	for (line = *cursor; !ret && line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (!line[0]) {
			line = nl;	/* the end of one package's list */
			break;
		}
		if (line[0] != '/')	/* "diverted by" and such */
			continue;
		if (asprintf(&disk, "%s%s", vb_pkg_prefix(root), line) < 0) {
			ret = -ENOMEM;
			break;
		}
		if (lstat(disk, &st) == 0 && S_ISREG(st.st_mode))
			ret = take_file(pkg, disk, line, st.st_mode, why);
		free(disk);
	}
	*cursor = line && *line ? line : NULL;
	return ret;
}

/**
 * vb_pkg_dpkg_lists() - the installed paths of several packages, in one
 * dpkg-query call
 * @root: the system's root directory
 * @names: the packages (NAME:ARCH), all installed
 * @n: their number
 * @t: the run; its output holds the lists in @names' order, separated
 *     by blank lines (read them with vb_pkg_take_paths()); release it
 * @why: the reason, when this fails (%VB_WHY_LEN bytes)
 *
 * Return: 0 or a negative errno.
 */
int vb_pkg_dpkg_lists(const char *root, const char *const *names,
		      unsigned int n, struct vb_tool *t, char *why)
{
	const char **argv = calloc(n + 5, sizeof(*argv));
	int ret;

	if (!argv)
		return -ENOMEM;
	argv[0] = "dpkg-query";
	argv[1] = "--root";
	argv[2] = root;
	argv[3] = "--listfiles";
	memcpy(argv + 4, names, n * sizeof(*names));
	*t = (struct vb_tool){ .argv = argv };
	ret = run_ok(t, "the installed files cannot be listed", why);
	free(argv);
	t->argv = NULL;
	return ret;
}

void vb_pkg_free(struct vb_pkg *pkg)
{
	unsigned int i;

	for (i = 0; i < pkg->nr; i++)
		free(pkg->files[i].path);
	free(pkg->files);
	free(pkg->name);
	free(pkg->version);
	free(pkg->arch);
	free(pkg->vendor);
	free(pkg->bad_module);
	memset(pkg, 0, sizeof(*pkg));
}
