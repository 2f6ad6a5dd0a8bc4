// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - paths of a system installed under a directory (a chroot,
 * a mounted image), resolved as that system resolves them
 *
 * /sbin/init of an image is a symbolic link to /lib/systemd/systemd, and
 * /lib is a link to usr/lib: inside the image both mean the image's own
 * files, not the host's.  vb_root_resolve() follows links component by
 * component, restarting an absolute target at the root and never letting
 * ".." leave it, as the kernel does after chroot().
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysroot.h"

/* At most this many links in one resolution, as the kernel's MAXSYMLINKS. */
#define MAX_LINKS	40

/* The part of @rest up to the next '/', moved to @comp; @rest advances. */
static size_t next_component(const char **rest, char *comp, size_t size)
{
	const char *p = *rest, *end;
	size_t n;

	while (*p == '/')
		p++;
	end = strchrnul(p, '/');
	n = (size_t)(end - p);
	if (n >= size)
		n = size - 1;
	memcpy(comp, p, n);
	comp[n] = '\0';
	*rest = end;
	return n;
}

/* @cur minus its last component ("/a/b" -> "/a", "/a" -> ""). */
static void strip_last(char *cur)
{
	char *slash = strrchr(cur, '/');

	if (slash)
		*slash = '\0';
}

/* The remaining path becomes the link's @target followed by @rest. */
static int splice(char **todo, const char *target, const char *rest)
{
	char *next;

	if (asprintf(&next, "%s%s", target, rest) < 0)
		return -ENOMEM;
	free(*todo);
	*todo = next;
	return 0;
}

/*
 * One component @comp on top of @cur (the resolved path inside the root,
 * "" for the root itself).  Returns 1 if it was a link (@todo is then
 * the new remaining path), 0 if @cur grew, or a negative errno.
 */
static int step(const char *root, char *cur, const char *comp,
		char **todo, const char *rest)
{
	char host[PATH_MAX], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	size_t len = strlen(cur);

	if (len + 1 + strlen(comp) >= PATH_MAX)
		return -ENAMETOOLONG;
	snprintf(cur + len, PATH_MAX - len, "/%s", comp);
	if (snprintf(host, sizeof(host), "%s%s", root, cur) >= (int)sizeof(host))
		return -ENAMETOOLONG;
	if (lstat(host, &st) < 0)
		return -errno;
	if (!S_ISLNK(st.st_mode))
		return 0;
	n = readlink(host, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	cur[len] = '\0';
	if (target[0] == '/')
		cur[0] = '\0';
	n = splice(todo, target, rest);
	return n ? (int)n : 1;
}

static int resolve(const char *root, const char *path, char *cur)
{
	char comp[NAME_MAX + 1], *todo = strdup(path);
	const char *rest;
	int links = 0, ret = 0;

	cur[0] = '\0';
	if (!todo)
		return -ENOMEM;
	rest = todo;
	while (ret >= 0 && next_component(&rest, comp, sizeof(comp))) {
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			strip_last(cur);
			continue;
		}
		ret = step(root, cur, comp, &todo, rest);
		if (ret == 1) {
			rest = todo;
			ret = ++links > MAX_LINKS ? -ELOOP : 0;
		}
	}
	free(todo);
	return ret < 0 ? ret : 0;
}

/**
 * vb_root_resolve() - a path of the system under @root, links followed
 * @root: the system's root directory; NULL or "/" for this system
 * @path: an absolute path inside that system
 * @host: set to a malloc()ed path to open from here ("ROOT/usr/lib/...")
 * @inside: if not NULL, set to a malloc()ed path inside the system
 *          ("/usr/lib/...")
 *
 * Return: 0; -ENOENT (or another errno of lstat()) if a component is
 * missing; -ELOOP after too many links; -ENAMETOOLONG; -ENOMEM.
 */
int vb_root_resolve(const char *root, const char *path, char **host,
		    char **inside)
{
	char cur[PATH_MAX];
	int ret;

	if (!root || !strcmp(root, "/"))
		root = "";
	ret = resolve(root, path, cur);
	if (ret)
		return ret;
	if (asprintf(host, "%s%s", root, cur[0] ? cur : "/") < 0)
		return -ENOMEM;
	if (inside) {
		*inside = strdup(cur[0] ? cur : "/");
		if (!*inside) {
			free(*host);
			return -ENOMEM;
		}
	}
	return 0;
}
