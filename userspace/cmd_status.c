// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl status - the kernel's state and counters
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/modtrust.h"
#include "lib/securityfs.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl status [--json]\n\n"
	       "Prints the status file: policy name, version and digest, mode, lock,\n"
	       "the last rejected policy's reason and the decision counters.\n"
	       "Exits 0 if vendorban is active with a policy loaded, 4 if vendorban\n"
	       "is not active (and says how to enable it), 5 if no policy is\n"
	       "loaded, 6 if the status file cannot be read for lack of permission,\n"
	       "1 on other errors.\n\n"
	       "Options:\n"
	       "\t-j, --json   one JSON object; all-digit values as numbers\n"
	       "\t-h, --help   show this help\n");
}

/* "key: value" lines as one JSON object. */
static void print_json(char *text)
{
	char *line, *save = NULL, *colon;
	int n = 0;

	printf("{");
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon++ = '\0';
		colon += *colon == ' ';
		printf("%s", n++ ? ", " : "");
		vb_json_str(stdout, line);
		printf(": ");
		if (*colon && strspn(colon, "0123456789") == strlen(colon))
			printf("%s", colon);
		else
			vb_json_str(stdout, colon);
	}
	printf("}\n");
}

/* Whether the comma-separated @list holds @name. */
static bool lsm_listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/*
 * vendorban is not active: say how to enable each form.  The securityfs
 * directory's parent lists the active LSMs in "lsm" (the built-in form
 * joins that list; the module form only creates the directory).
 */
static int not_active(void)
{
	const char *root = vb_securityfs_root();
	char *parent = vb_dirname(root), *lsm_path = NULL, *lsm = NULL;
	size_t len = 0;

	ERR("vendorban is not active: %s does not exist\n", root);
	if (parent && asprintf(&lsm_path, "%s/lsm", parent) >= 0 &&
	    vb_read_file_max(lsm_path, 4096, &lsm, &len) == 0) {
		while (len && (lsm[len - 1] == '\n' || lsm[len - 1] == ','))
			lsm[--len] = '\0';
		if (lsm_listed(lsm, "vendorban"))
			fprintf(stderr,
				"  but %s lists vendorban as active: is %s the right directory (--root)?\n",
				lsm_path, root);
		else
			fprintf(stderr,
				"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): boot with\n"
				"    lsm=%s%svendorban\n"
				"  (the active LSMs, from %s, with vendorban last)\n",
				lsm, len ? "," : "", lsm_path);
	} else {
		fprintf(stderr,
			"  built-in form (a kernel with CONFIG_SECURITY_VENDORBAN=y): add vendorban\n"
			"    last to the lsm=...,vendorban boot parameter (is securityfs mounted?)\n");
	}
	fprintf(stderr, "  module form (vendorban.ko, from DKMS): modprobe vendorban\n");
	if (parent)
		vb_explain_module_trust(parent, "/lib/modules");
	free(lsm);
	free(lsm_path);
	free(parent);
	return VB_EXIT_ABSENT;
}

static int read_error(int err)
{
	if (err == -ENOENT || err == -ENOTDIR)
		return not_active();
	if (err == -EACCES || err == -EPERM) {
		ERR("could not read %s/status: permission denied (run as root)\n",
		    vb_securityfs_root());
		return VB_EXIT_NO_PERM;
	}
	ERR("could not read %s/status: %s\n", vb_securityfs_root(),
	    strerror(-err));
	return VB_EXIT_FAILURE;
}

static int do_status(int argc, char *argv[])
{
	bool json = false, loaded;
	int ret = vb_simple_options(argc, argv, help, &json);
	char *text, value[32];
	size_t len;

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("status", "unexpected argument");
	ret = vb_securityfs_read("status", &text, &len);
	if (ret)
		return read_error(ret);
	/* The kernel prints "version:" only when a policy is in force. */
	loaded = vb_status_value(text, "version", value, sizeof(value)) == 0;
	if (json)
		print_json(text);
	else
		fwrite(text, 1, len, stdout);
	free(text);
	if (fflush(stdout))
		return VB_EXIT_FAILURE;
	if (loaded)
		return VB_EXIT_OK;
	WRN("no policy is loaded (vendorbanctl load POLICY)\n");
	return VB_EXIT_NO_POLICY;
}

const struct vendorban_cmd vendorban_cmd_status = {
	.name = "status",
	.run = do_status,
	.help = "print the kernel's state and counters",
};
