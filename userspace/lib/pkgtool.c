// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - running the maintained tools that own the package and
 * OpenPGP formats
 *
 * The compiler reads no package, header, archive or signature format by
 * itself: rpmkeys verifies RPM signatures, rpm reads RPM headers,
 * rpm2archive unpacks RPM payloads, dpkg-deb unpacks .deb files,
 * dpkg-query reads dpkg's database, apt-helper decompresses apt's lists,
 * gpg reads key files and gpgv verifies signed files.  They run here:
 * posix_spawnp() with an argument vector (no shell), standard input from
 * /dev/null, a fixed environment (PATH, LC_ALL=C, TZ=UTC, and a private
 * HOME and GNUPGHOME when the caller gives one), standard output to a file
 * or captured up to a cap, standard error kept for the error message.
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pkgtool.h"

#define TOOL_PATH	"/usr/sbin:/usr/bin:/sbin:/bin"

/* The PATH the tools are searched in (VENDORBAN_TOOL_PATH: for tests). */
static const char *tool_path(void)
{
	const char *p = getenv("VENDORBAN_TOOL_PATH");

	return p && *p ? p : TOOL_PATH;
}

/* The full path of tool @name in the tools' PATH (free it), or NULL. */
static char *tool_find(const char *name)
{
	char *path, *dir, *save = NULL, *full = NULL;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	path = strdup(tool_path());
	for (dir = path ? strtok_r(path, ":", &save) : NULL; dir;
	     dir = strtok_r(NULL, ":", &save)) {
		if (asprintf(&full, "%s/%s", dir, name) < 0) {
			full = NULL;
			break;
		}
		if (access(full, X_OK) == 0)
			break;
		free(full);
		full = NULL;
	}
	free(path);
	return full;
}

/**
 * vb_tool_exists() - whether a tool is installed
 * @name: its name, searched in the tools' PATH
 *
 * Return: true if an executable file of that name is found.
 */
bool vb_tool_exists(const char *name)
{
	char *full = tool_find(name);

	free(full);
	return full != NULL;
}

/**
 * vb_tool_package() - the Debian package that ships a tool
 * @name: the tool
 *
 * Return: the package name, for "install it" messages.
 */
const char *vb_tool_package(const char *name)
{
	static const char *const pkgs[][2] = {
		{ "rpmkeys", "rpm" }, { "rpm", "rpm" },
		{ "rpm2archive", "rpm" }, { "dpkg-deb", "dpkg" },
		{ "dpkg-query", "dpkg" }, { "apt-helper", "apt" },
		{ "gpg", "gpg" }, { "gpgv", "gpgv" },
	};
	size_t i;

	for (i = 0; i < sizeof(pkgs) / sizeof(pkgs[0]); i++)
		if (!strcmp(pkgs[i][0], name))
			return pkgs[i][1];
	return name;
}

/* Appends what a tool wrote to standard error to @t->err, lines joined. */
static void keep_err(struct vb_tool *t, const char *buf, size_t n)
{
	size_t len = strlen(t->err), i;

	for (i = 0; i < n && len + 3 < sizeof(t->err); i++) {
		char c = buf[i];

		if (c == '\n') {
			if (len && t->err[len - 1] != ' ') {
				memcpy(t->err + len, "; ", 2);
				len += 2;
			}
			continue;
		}
		t->err[len++] = (c < 0x20 || c == 0x7f) ? '?' : c;
	}
	t->err[len] = '\0';
}

struct sink {
	char *buf;
	size_t len, cap, max;
	bool too_big;
};

static int sink_add(struct sink *s, const char *p, size_t n)
{
	char *tmp;

	if (s->len + n > s->max) {
		s->too_big = true;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = (s->len + n + 1) * 2;

		tmp = realloc(s->buf, cap);
		if (!tmp)
			return -ENOMEM;
		s->buf = tmp;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return 0;
}

/*
 * Reads the tool's pipes until all are closed: [0] standard output (or
 * -1), [1] standard error, [2] the status fd (or -1).
 */
static int drain(struct vb_tool *t, int fds[3], struct sink *out,
		 struct sink *status)
{
	struct pollfd pfd[3];
	char buf[65536];
	int i, n, ret = 0;
	ssize_t r;

	for (;;) {
		for (i = 0, n = 0; i < 3; i++)
			if (fds[i] >= 0)
				pfd[n++] = (struct pollfd){ .fd = fds[i],
							    .events = POLLIN };
		if (!n)
			return ret;
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			return -errno;
		for (i = 0; i < 3; i++) {
			if (fds[i] < 0)
				continue;
			r = read(fds[i], buf, sizeof(buf));
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				close(fds[i]);
				fds[i] = -1;
				continue;
			}
			if (i == 1)
				keep_err(t, buf, r);
			else if (!ret)
				ret = sink_add(i == 0 ? out : status, buf, r);
		}
	}
}

static int make_pipe(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	return 0;
}

static char **tool_env(const char *home)
{
	static char path[512], h[4096], g[4100];
	static char *env[6];
	int n = 0;

	snprintf(path, sizeof(path), "PATH=%s", tool_path());
	env[n++] = path;
	env[n++] = "LC_ALL=C";
	env[n++] = "TZ=UTC";
	if (home) {
		snprintf(h, sizeof(h), "HOME=%s", home);
		snprintf(g, sizeof(g), "GNUPGHOME=%s", home);
		env[n++] = h;
		env[n++] = g;
	}
	env[n] = NULL;
	return env;
}

static int spawn(struct vb_tool *t, const char *exe, int pout[2],
		 int perr[2], int pst[2], pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (t->out_file)
		posix_spawn_file_actions_addopen(&fa, 1, t->out_file,
						 O_WRONLY | O_CREAT | O_TRUNC,
						 0600);
	else
		posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	if (t->status_fd)
		posix_spawn_file_actions_adddup2(&fa, pst[1], 3);
	ret = posix_spawn(pid, exe, &fa, NULL, (char *const *)t->argv,
			  tool_env(t->home));
	posix_spawn_file_actions_destroy(&fa);
	return -ret;
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	p[0] = p[1] = -1;
}

/**
 * vb_tool_run() - run a tool to its end
 * @t: what to run; the results are filled in (release with
 *     vb_tool_release())
 *
 * Standard output beyond %VB_TOOL_OUT_MAX is an error (-EFBIG): the tools'
 * outputs are lists the compiler reads whole.
 *
 * Return: 0 when the tool ran (its @t->exit_code says how it ended); -ENOENT
 * when it is not installed; -EFBIG; or another negative errno.
 */
int vb_tool_run(struct vb_tool *t)
{
	int pout[2] = { -1, -1 }, perr[2] = { -1, -1 }, pst[2] = { -1, -1 };
	struct sink out = { .max = VB_TOOL_OUT_MAX };
	struct sink status = { .max = 1u << 20 };
	int fds[3], ret, wst;
	size_t n;
	char *exe;
	pid_t pid;

	t->exit_code = -1;
	t->out = t->status = NULL;
	t->out_len = 0;
	t->err[0] = '\0';
	exe = tool_find(t->argv[0]);
	if (!exe)
		return -ENOENT;
	ret = t->out_file ? 0 : make_pipe(pout);
	if (!ret)
		ret = make_pipe(perr);
	if (!ret && t->status_fd)
		ret = make_pipe(pst);
	if (!ret)
		ret = spawn(t, exe, pout, perr, pst, &pid);
	free(exe);
	if (pout[1] >= 0)
		close(pout[1]);
	if (perr[1] >= 0)
		close(perr[1]);
	if (pst[1] >= 0)
		close(pst[1]);
	pout[1] = perr[1] = pst[1] = -1;
	if (ret) {
		close_pair(pout);
		close_pair(perr);
		close_pair(pst);
		return ret;
	}
	fds[0] = pout[0];
	fds[1] = perr[0];
	fds[2] = pst[0];
	ret = drain(t, fds, &out, &status);
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	t->exit_code = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
	n = strlen(t->err);
	while (n >= 2 && !memcmp(t->err + n - 2, "; ", 2))
		t->err[n -= 2] = '\0';
	t->out = out.buf;
	t->out_len = out.len;
	t->status = status.buf;
	if (!ret && (out.too_big || status.too_big))
		ret = -EFBIG;
	if (!t->out && !t->out_file && !ret)
		t->out = calloc(1, 1);
	return ret;
}

void vb_tool_release(struct vb_tool *t)
{
	free(t->out);
	free(t->status);
	t->out = t->status = NULL;
	t->out_len = 0;
}

/**
 * vb_tmpdir_make() - a private working directory (mode 0700) under
 * $TMPDIR or /tmp
 *
 * Return: its path (free it), or NULL with errno set.
 */
char *vb_tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (asprintf(&dir, "%s/vendorban-pkg.XXXXXX",
		     base && *base ? base : "/tmp") < 0)
		return NULL;
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static int make_writable(const char *path, const struct stat *st, int type,
			 struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D && !(st->st_mode & S_IWUSR))
		chmod(path, (st->st_mode & 07777) | S_IRWXU);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/**
 * vb_tmpdir_remove() - remove a working directory and all it holds
 * @dir: made by vb_tmpdir_make(); NULL is ignored
 *
 * Directories unpacked without write permission are made writable first.
 * Symbolic links are removed, never followed.
 */
void vb_tmpdir_remove(const char *dir)
{
	if (!dir)
		return;
	nftw(dir, make_writable, 16, FTW_PHYS);
	nftw(dir, remove_one, 16, FTW_PHYS | FTW_DEPTH);
}
