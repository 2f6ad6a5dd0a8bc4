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

#include "lib/certfile.h"
#include "lib/decide.h"
#include "lib/escape.h"
#include "lib/inspect.h"
#include "lib/json.h"
#include "lib/rules.h"
#include "lib/util.h"
#include "log.h"
#include "vendorbanctl.h"

static const char cmdopts_s[] = "jri:h";
static const struct option cmdopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "rules", no_argument, NULL, 'r' },
	{ "ima-cert", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl inspect [--json] FILE...\n"
	       "\tvendorbanctl inspect --rules FILE...\n"
	       "\tvendorbanctl inspect --ima-cert CERT FILE...\n\n"
	       "Reads each FILE's signatures (the appended signature, else a PE file's\n"
	       "Authenticode signatures, nested ones as msg1, msg2, ...) with the\n"
	       "kernel's own parser and, independently, with OpenSSL, and prints\n"
	       "every identity field the policy can select on (signer id, digest,\n"
	       "key type, embedded signer certificate's subject, issuer, serial,\n"
	       "SKID, SHA-256 fingerprint, O and CN, legal entity) with 'agree' or\n"
	       "'DISAGREE'.  Exits 1 if any field disagrees or a file cannot be read.\n"
	       "With --rules, prints instead ready-to-paste deny rules of every kind\n"
	       "that names the file's vendor: per signer fingerprint, issuer-serial,\n"
	       "skid, subject-o, subject-cn, legal-entity and cert; the file's\n"
	       "file-sha256 and ima-keyid; and, for a package or a file an installed\n"
	       "package owns, package, package-key and installed-package.\n\n"
	       "Options:\n"
	       "\t-j, --json   a JSON array, one object per file, both readings\n"
	       "\t-r, --rules  ready-to-paste rules, one comment line says what each catches\n"
	       "\t-i, --ima-cert=CERT  check each FILE's security.ima signature with\n"
	       "\t             OpenSSL against the certificate(s) in CERT (PEM or DER):\n"
	       "\t             \"ima: verifies with certificate N of CERT\" or\n"
	       "\t             \"ima: does not verify\"; exit 1 if one does not\n"
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

/*
 * inspect --ima-cert: the security.ima signature checked with OpenSSL
 * against each certificate of @certs, as an ima-cert rule checks it.
 */
static int ima_one(const char *path, STACK_OF(X509) *certs, const char *shown)
{
	struct vb_filesig sig;
	unsigned char *der;
	int i, len, ret;

	ret = vb_filesig_read(path, &sig);
	if (ret) {
		ERR("could not read %s: %s\n", path, strerror(-ret));
		return ret;
	}
	ret = -EKEYREJECTED;
	if (!sig.has_ima_keyid) {
		printf("%s: ima: no security.ima signature\n", path);
		ret = -ENOENT;
	}
	for (i = 0; sig.has_ima_keyid && i < sk_X509_num(certs); i++) {
		der = NULL;
		len = i2d_X509(sk_X509_value(certs, i), &der);
		if (len > 0 && !vb_ima_verify(path, &sig, der, len)) {
			printf("%s: ima: verifies with certificate %d of %s\n",
			       path, i + 1, shown);
			ret = 0;
		}
		OPENSSL_free(der);
		if (!ret)
			break;
	}
	if (ret == -EKEYREJECTED)
		printf("%s: ima: does not verify with any certificate of %s\n",
		       path, shown);
	vb_filesig_release(&sig);
	return ret;
}

static int ima_files(const char *certfile, char **files, int n)
{
	struct vb_cert_error cerr = { 0 };
	STACK_OF(X509) *certs = NULL;
	char *text;
	size_t len;
	int i, ret = vb_read_file_max(certfile, VB_CERT_FILE_MAX, &text, &len);
	bool bad = false;

	if (!ret) {
		ret = vb_certs_read(text, len, &certs, &cerr);
		free(text);
	}
	if (!ret && !sk_X509_num(certs))
		ret = -EINVAL;
	if (ret) {
		ERR("%s: not a certificate file (PEM or DER)%s%s\n", certfile,
		    ret == -EINVAL && cerr.reason[0] ? ": " : "",
		    ret == -EINVAL ? cerr.reason : "");
		sk_X509_pop_free(certs, X509_free);
		return VB_EXIT_FAILURE;
	}
	for (i = 0; i < n; i++)
		bad |= ima_one(files[i], certs, certfile) != 0;
	sk_X509_pop_free(certs, X509_free);
	return bad ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

/* inspect --rules: the rules that name the file's vendor. */
static int rules_one(const char *path)
{
	const char *why = vb_not_a_file(path);
	struct vb_filesig sig;
	int ret;

	if (why) {
		ERR("%s: %s\n", path, why);
		return -EINVAL;
	}
	ret = vb_filesig_read(path, &sig);
	if (ret) {
		ERR("could not read %s: %s\n", path, strerror(-ret));
		return ret;
	}
	ret = vb_print_rules(path, &sig, stdout);
	if (ret)
		ERR("could not read %s: %s\n", path, strerror(-ret));
	vb_filesig_release(&sig);
	return ret;
}

static int do_inspect(int argc, char *argv[])
{
	bool json = false, bad = false, rules = false;
	const char *ima = NULL;
	int c, i, ret, printed = 0;

	for (;;) {
		c = getopt_long(argc, argv, cmdopts_s, cmdopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'r':
			rules = true;
			break;
		case 'i':
			ima = optarg;
			break;
		default:
			return vb_option_end(c, help);
		}
	}
	if (optind == argc)
		return vb_usage_error("inspect", "expected at least one FILE");
	if ((rules || ima) && json)
		return vb_usage_error("inspect", "--rules and --ima-cert do not go with --json");
	if (ima)
		return ima_files(ima, argv + optind, argc - optind);
	for (i = optind; rules && i < argc; i++)
		bad |= rules_one(argv[i]) != 0;
	if (rules)
		return bad ? VB_EXIT_FAILURE : VB_EXIT_OK;
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
