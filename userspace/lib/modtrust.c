// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - why a locked-down kernel may refuse vendorban.ko
 *
 * Under Secure Boot, Debian's kernel runs in lockdown and loads only
 * modules signed by a key it trusts (its built-in keys, or a Machine Owner
 * Key that shim hands it).  When vendorban is not active, `status` says
 * so and names the module file modprobe would load and who signed it: an
 * unsigned build or one signed by a key that is not enrolled is refused by
 * the kernel ("Operation not permitted", "Key was rejected by service").
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "filesig.h"
#include "inspect.h"
#include "modtrust.h"
#include "util.h"

/* The mode in brackets of the lockdown file ("none [integrity] ..."). */
static bool lockdown_mode(const char *path, char *mode, size_t size)
{
	char *text = NULL, *open, *close;
	size_t len = 0;
	bool locked = false;

	if (vb_read_file_max(path, 4096, &text, &len))
		return false;
	open = strchr(text, '[');
	close = open ? strchr(open, ']') : NULL;
	if (close && (size_t)(close - open - 1) < size) {
		memcpy(mode, open + 1, close - open - 1);
		mode[close - open - 1] = '\0';
		locked = strcmp(mode, "none") != 0;
	}
	free(text);
	return locked;
}

/*
 * The path of vendorban.ko (possibly compressed) in modules.dep of the
 * running kernel, malloc()ed, or NULL.
 */
static char *module_path(const char *moddir)
{
	char *dep = NULL, *text = NULL, *line, *save = NULL, *colon, *path = NULL;
	struct utsname u;
	size_t len = 0;
	const char *base;

	if (uname(&u) || asprintf(&dep, "%s/%s/modules.dep", moddir, u.release) < 0)
		return NULL;
	if (vb_read_file_max(dep, 64 << 20, &text, &len)) {
		free(dep);
		return NULL;
	}
	for (line = strtok_r(text, "\n", &save); line && !path;
	     line = strtok_r(NULL, "\n", &save)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		if (strcmp(base, "vendorban.ko") && strcmp(base, "vendorban.ko.xz") &&
		    strcmp(base, "vendorban.ko.zst"))
			continue;
		if (line[0] == '/')
			path = strdup(line);
		else if (asprintf(&path, "%s/%s/%s", moddir, u.release, line) < 0)
			path = NULL;
	}
	free(text);
	free(dep);
	return path;
}

/* The value of field @name in @in, or NULL. */
static const char *field(const struct vb_inspection *in, const char *name)
{
	unsigned int i;

	for (i = 0; i < in->nr; i++)
		if (!strcmp(in->f[i].name, name))
			return in->f[i].ours;
	return NULL;
}

/* Who signed the module file at @path, as one line on stderr. */
static void say_signer(const char *path)
{
	struct vb_inspection *in = calloc(1, sizeof(*in));
	struct vb_filesig sig;
	const char *subject, *issuer, *serial;

	if (!in || vb_filesig_read(path, &sig)) {
		fprintf(stderr, "  %s: could not be read\n", path);
		free(in);
		return;
	}
	if (sig.state != VENDORBAN_SIG_PRESENT || !sig.located) {
		fprintf(stderr,
			"  %s is not signed: a kernel in lockdown refuses it\n"
			"    (sign it with a key enrolled as a Machine Owner Key, or install\n"
			"    the signed vendorban-modules-<release> package of your build host)\n",
			path);
	} else if (vb_inspect(&sig, 0, in) == 0) {
		subject = field(in, "signer0.cert.subject");
		issuer = field(in, "signer0.sid.issuer");
		serial = field(in, "signer0.sid.serial");
		fprintf(stderr,
			"  %s is signed by %s%s%s%s: the kernel loads it only if that key\n"
			"    is enrolled (mokutil --list-enrolled; the kernel's keys: /proc/keys)\n",
			path, subject ? subject : issuer ? issuer : "an unknown signer",
			serial ? " (serial " : "", serial ? serial : "", serial ? ")" : "");
	}
	vb_inspection_free(in);
	free(in);
	vb_filesig_release(&sig);
}

/**
 * vb_explain_module_trust() - say why a locked-down kernel may refuse the
 * module form
 * @securityfs: the securityfs mount (holds "lockdown")
 * @moddir: where the kernels' modules are (/lib/modules)
 *
 * Prints nothing when the kernel is not locked down.
 */
void vb_explain_module_trust(const char *securityfs, const char *moddir)
{
	char *lockdown = NULL, *path, mode[32];

	if (asprintf(&lockdown, "%s/lockdown", securityfs) < 0)
		return;
	if (!lockdown_mode(lockdown, mode, sizeof(mode))) {
		free(lockdown);
		return;
	}
	fprintf(stderr,
		"  the kernel is in lockdown (%s, from %s; Secure Boot): it loads only\n"
		"    modules signed by a key it trusts (its own, or a Machine Owner Key)\n",
		mode, lockdown);
	path = module_path(moddir);
	if (path)
		say_signer(path);
	else
		fprintf(stderr, "  no vendorban.ko in %s/<release>/modules.dep\n", moddir);
	free(path);
	free(lockdown);
}
