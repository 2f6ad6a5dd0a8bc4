// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl inspect - a file's signer as the kernel reads it, beside
 * OpenSSL's reading
 */

#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/inspect.h"
#include "lib/json.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "jh";
static const struct option cmdopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl inspect [--json] FILE...\n\n"
	       "Reads each FILE's appended signature with the kernel's own parser and,\n"
	       "independently, with OpenSSL, and prints every identity field the\n"
	       "policy can select on (signer id, digest, key type, embedded signer\n"
	       "certificate's subject, issuer, serial, SKID, SHA-256 fingerprint, O\n"
	       "and CN) with 'agree' or 'DISAGREE'.  Exits 1 if any field disagrees\n"
	       "or a file cannot be read.\n\n"
	       "Options:\n"
	       "\t-j, --json   a JSON array, one object per file, both readings\n"
	       "\t-h, --help   show this help\n");
}

static void print_text(const char *path, const struct vb_inspection *in)
{
	unsigned int i;

	printf("%s\n", path);
	for (i = 0; i < in->nr; i++) {
		const struct vb_field *f = &in->f[i];
		const char *v = f->ours ? f->ours : "-";

		if (!f->compared)
			printf("  %-24s %s\n", f->name, v);
		else if (vb_field_agrees(f))
			printf("  %-24s %s  [agree]\n", f->name, v);
		else
			printf("  %-24s %s  [DISAGREE]\n  %-24s %s  (openssl)\n",
			       f->name, v, "", f->theirs ? f->theirs : "-");
	}
}

static void print_json(const char *path, const struct vb_inspection *in,
		       bool agree, bool first)
{
	unsigned int i;

	printf("%s{", first ? "" : ",\n");
	vb_json_field(stdout, "file", path, 0);
	printf(", \"agree\": %s, \"fields\": [", agree ? "true" : "false");
	for (i = 0; i < in->nr; i++) {
		const struct vb_field *f = &in->f[i];

		printf("%s{", i ? ", " : "");
		vb_json_field(stdout, "name", f->name, 0);
		vb_json_field(stdout, "vendorban", f->ours, 1);
		if (f->compared) {
			vb_json_field(stdout, "openssl", f->theirs, 1);
			printf(", \"agree\": %s",
			       vb_field_agrees(f) ? "true" : "false");
		}
		printf("}");
	}
	printf("]}");
}

static int inspect_one(const char *path, bool json, bool first)
{
	struct vb_inspection *in = malloc(sizeof(*in));
	struct vb_filesig sig;
	bool agree = true;
	unsigned int i;
	int ret;

	if (!in)
		return -ENOMEM;
	ret = vb_filesig_read(path, &sig);
	if (ret) {
		ERR("could not read %s: %s\n", path, strerror(-ret));
		free(in);
		return ret;
	}
	vb_inspect(&sig, in);
	for (i = 0; i < in->nr; i++)
		agree = agree && vb_field_agrees(&in->f[i]);
	if (json)
		print_json(path, in, agree, first);
	else
		print_text(path, in);
	vb_inspection_free(in);
	vb_filesig_release(&sig);
	free(in);
	return agree ? 0 : 1;
}

static int do_inspect(int argc, char *argv[])
{
	bool json = false, bad = false;
	int c, i, ret, printed = 0;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			help();
			return VB_EXIT_OK;
		case '?':
			return VB_EXIT_USAGE;
		default:
			ERR("unexpected getopt_long() value '%c'\n", c);
			return VB_EXIT_FAILURE;
		}
	}
	if (optind == argc)
		return vb_usage_error("inspect", "expected at least one FILE");
	if (json)
		printf("[");
	for (i = optind; i < argc; i++) {
		ret = inspect_one(argv[i], json, printed == 0);
		printed += ret >= 0;
		bad |= ret != 0;
	}
	if (json)
		printf("]\n");
	if (bad)
		ERR("the kernel's parser and OpenSSL disagree, or a file could not be read\n");
	return bad ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_inspect = {
	.name = "inspect",
	.run = do_inspect,
	.help = "show a file's signer as the kernel reads it, beside OpenSSL",
};
