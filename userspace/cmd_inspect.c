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

#include "lib/escape.h"
#include "lib/inspect.h"
#include "lib/json.h"
#include "lib/util.h"
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
	       "Reads each FILE's signatures (the appended signature, else a PE file's\n"
	       "Authenticode signatures, nested ones as msg1, msg2, ...) with the\n"
	       "kernel's own parser and, independently, with OpenSSL, and prints\n"
	       "every identity field the policy can select on (signer id, digest,\n"
	       "key type, embedded signer certificate's subject, issuer, serial,\n"
	       "SKID, SHA-256 fingerprint, O and CN) with 'agree' or 'DISAGREE'.\n"
	       "Exits 1 if any field disagrees or a file cannot be read.\n\n"
	       "Options:\n"
	       "\t-j, --json   a JSON array, one object per file, both readings\n"
	       "\t-h, --help   show this help\n");
}

/* The name a field is printed under: "msgN." first for message N > 0. */
static const char *field_name(char *buf, size_t size, unsigned int m,
			      const struct vb_field *f)
{
	if (!m)
		return f->name;
	snprintf(buf, size, "msg%u.%s", m, f->name);
	return buf;
}

static void print_text(unsigned int m, const struct vb_inspection *in)
{
	char buf[64];
	unsigned int i;

	for (i = 0; i < in->nr; i++) {
		const struct vb_field *f = &in->f[i];
		const char *v = f->ours ? f->ours : "-";
		const char *name = field_name(buf, sizeof(buf), m, f);

		printf("  %-24s ", name);
		vb_put_name(stdout, v);
		if (!f->compared) {
			putchar('\n');
		} else if (vb_field_agrees(f)) {
			printf("  [agree]\n");
		} else {
			printf("  [DISAGREE]\n  %-24s ", "");
			vb_put_name(stdout, f->theirs ? f->theirs : "-");
			printf("  (openssl)\n");
		}
	}
}

static void print_json(FILE *o, unsigned int m,
		       const struct vb_inspection *in)
{
	char buf[64];
	unsigned int i;

	for (i = 0; i < in->nr; i++) {
		const struct vb_field *f = &in->f[i];

		fprintf(o, "%s{", i || m ? ", " : "");
		vb_json_field(o, "name", field_name(buf, sizeof(buf), m, f), 0);
		vb_json_field(o, "vendorban", f->ours, 1);
		if (f->compared) {
			vb_json_field(o, "openssl", f->theirs, 1);
			fprintf(o, ", \"agree\": %s",
				vb_field_agrees(f) ? "true" : "false");
		}
		fprintf(o, "}");
	}
}

/*
 * Every message of @sig, as JSON fields into @json, else as text;
 * false if any field disagrees.
 */
static bool print_messages(const struct vb_filesig *sig, FILE *json,
			   struct vb_inspection *in)
{
	unsigned int i, m = 0;
	bool agree = true;

	do {
		vb_inspect(sig, m, in);
		for (i = 0; i < in->nr; i++)
			agree = agree && vb_field_agrees(&in->f[i]);
		if (json)
			print_json(json, m, in);
		else
			print_text(m, in);
		vb_inspection_free(in);
	} while (++m < sig->nr_msgs);
	return agree;
}

static int inspect_one(const char *path, bool json, bool first)
{
	const char *why = vb_not_a_file(path);
	struct vb_inspection *in;
	struct vb_filesig sig;
	bool agree;
	int ret;

	if (why) {
		vb_log_name(VB_LOG_ERR, "", path, why);
		return -EINVAL;
	}
	in = malloc(sizeof(*in));
	if (!in)
		return -ENOMEM;
	ret = vb_filesig_read(path, &sig);
	if (ret) {
		vb_log_name(VB_LOG_ERR, "could not read", path, strerror(-ret));
		free(in);
		return ret;
	}
	/*
	 * JSON: the verdict comes before the fields, so they are printed
	 * into a buffer first.
	 */
	if (json) {
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);

		if (!out) {
			vb_filesig_release(&sig);
			free(in);
			return -ENOMEM;
		}
		agree = print_messages(&sig, out, in);
		fclose(out);
		printf("%s{", first ? "" : ",\n");
		vb_json_field(stdout, "file", path, 0);
		printf(", \"agree\": %s, \"fields\": [%s]}",
		       agree ? "true" : "false", text ? text : "");
		free(text);
	} else {
		vb_put_name(stdout, path);
		putchar('\n');
		agree = print_messages(&sig, NULL, in);
	}
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
