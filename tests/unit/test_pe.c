// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the Authenticode reader (pe.c), the PKCS#7
 * parser on Authenticode signatures and the matcher on them
 *
 * The signed files come from osslsigncode and sbsign
 * (make-pe-fixtures.sh); the expected signature bytes are what those tools
 * extract, the expected signer is what OpenSSL says about the certificate.
 * Header corruptions are made on the unsigned minimal PE files.
 */

#include "fixtures.h"
#include "pe.h"
#include "pkcs7.h"
#include "policy.h"
#include "unit.h"

/* mkpe layout: e_lfanew 0x40, optional header at 0x58 */
#define OPT		0x58
#define SECDIR64	(OPT + 112 + 4 * 8)
#define SECDIR32	(OPT + 96 + 4 * 8)

static void put32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static int locate(const u8 *file, size_t len, struct vendorban_pe_sig *w)
{
	return vendorban_pe_locate(file, len < VENDORBAN_PE_HEAD_LEN ?
				   len : VENDORBAN_PE_HEAD_LEN, len, w);
}

UNIT_TEST(unsigned_files)
{
	struct vendorban_pe_sig w;
	size_t len;
	u8 *f;

	f = fixture_read("pe/unsigned64.efi", &len);
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	free(f);
	f = fixture_read("pe/unsigned32.exe", &len);
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	free(f);
	/* not PE at all */
	f = fixture_read("data.bin", &len);
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	free(f);
}

/* Each corruption of the PE32+ headers, with the expected result. */
UNIT_TEST(header_corruptions)
{
	struct vendorban_pe_sig w;
	size_t len;
	u8 *orig, *f;

	orig = fixture_read("pe/unsigned64.efi", &len);
	f = malloc(len + 4096);
	if (!f)
		abort();
#define RESET() memcpy(f, orig, len)
	/* a table of 0x100 bytes at the end of a file grown to hold it */
	RESET();
	memset(f + len, 0, 0x100);
	put32(f + SECDIR64, len);
	put32(f + SECDIR64 + 4, 0x100);
	CHECK_EQ_INT(locate(f, len + 0x100, &w), 0);
	CHECK_EQ_INT(w.table_offset, len);
	CHECK_EQ_INT(w.table_len, 0x100);
	CHECK_EQ_INT(w.checksum_offset, OPT + 64);
	CHECK_EQ_INT(w.secdir_offset, SECDIR64);
	CHECK_EQ_INT(w.header_size, 0x200);
	CHECK(w.pe32plus);
	/* the table runs past the end of the file */
	CHECK_EQ_INT(locate(f, len + 0xff, &w), -EBADMSG);
	/* too large */
	put32(f + SECDIR64 + 4, VENDORBAN_PE_MAX_CERT_TABLE + 8);
	CHECK_EQ_INT(vendorban_pe_locate(f, 4096, 1 << 20, &w), -EBADMSG);
	/* overlapping the headers, or too small for one entry */
	put32(f + SECDIR64, 0x40);
	put32(f + SECDIR64 + 4, 0x100);
	CHECK_EQ_INT(locate(f, len, &w), -EBADMSG);
	put32(f + SECDIR64, len - 4);
	put32(f + SECDIR64 + 4, 4);
	CHECK_EQ_INT(locate(f, len, &w), -EBADMSG);
	/* bad optional header magic */
	RESET();
	f[OPT] = 0x0b;
	f[OPT + 1] = 0x03;
	CHECK_EQ_INT(locate(f, len, &w), -EBADMSG);
	/* only 4 data directories: no security entry */
	RESET();
	put32(f + OPT + 108, 4);
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	/* SizeOfOptionalHeader too small for the security entry */
	RESET();
	f[0x40 + 4 + 16] = 112 + 4 * 8;
	f[0x40 + 4 + 17] = 0;
	CHECK_EQ_INT(locate(f, len, &w), -EBADMSG);
	/* the headers beyond the bytes given, but inside the file */
	RESET();
	CHECK_EQ_INT(vendorban_pe_locate(f, 0x80, len, &w), -EBADMSG);
	/* e_lfanew past the end of the file: a DOS file, not PE */
	put32(f + 0x3c, len);
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	/* no PE signature */
	RESET();
	f[0x41] = 'X';
	CHECK_EQ_INT(locate(f, len, &w), -ENODATA);
	/* shorter than a DOS header */
	RESET();
	CHECK_EQ_INT(locate(f, 0x3f, &w), -ENODATA);
#undef RESET
	free(f);
	free(orig);
	/* PE32: the directories sit 16 bytes earlier */
	f = fixture_read("pe/unsigned32.exe", &len);
	put32(f + SECDIR32, 0x200);
	put32(f + SECDIR32 + 4, 0x200);
	CHECK_EQ_INT(locate(f, len, &w), 0);
	CHECK(!w.pe32plus);
	CHECK_EQ_INT(w.secdir_offset, SECDIR32);
	free(f);
}

static size_t put_entry(u8 *t, u32 dw_len, u16 rev, u16 type, u8 fill)
{
	put32(t, dw_len);
	t[4] = rev;
	t[5] = rev >> 8;
	t[6] = type;
	t[7] = type >> 8;
	memset(t + 8, fill, dw_len - 8);
	return dw_len;
}

UNIT_TEST(cert_table_walk)
{
	struct vendorban_blob b;
	u8 t[256];
	size_t pos = 0, n;

	memset(t, 0, sizeof(t));
	/* X.509 entry (skipped), PKCS#7 entry with padding, PKCS#7 last */
	n = put_entry(t, 13, 0x0200, 0x0001, 0xaa);
	n = (n + 7) & ~7u;
	n += put_entry(t + n, 8 + 5, 0x0200, 0x0002, 0x05);
	/* a DER element filling it: tag 0x04 length 3 */
	t[n - 5] = 0x04;
	t[n - 4] = 0x03;
	n = (n + 7) & ~7u;
	n += put_entry(t + n, 8 + 2, 0x0200, 0x0002, 0x00);
	t[n - 2] = 0x05;
	CHECK_EQ_INT(vendorban_pe_next_cert(t, n, &pos, &b), 0);
	CHECK(b.data == t + 16 + 8);
	CHECK_EQ_INT(b.len, 5);
	CHECK_EQ_INT(vendorban_pe_next_cert(t, n, &pos, &b), 0);
	/* NULL element 05 00: nothing after it to trim */
	CHECK(b.data == t + 32 + 8);
	CHECK_EQ_INT(b.len, 2);
	CHECK_EQ_INT(vendorban_pe_next_cert(t, n, &pos, &b), -ENODATA);

	/* dwLength includes zero padding after the DER: trimmed */
	pos = 0;
	put_entry(t, 8 + 8, 0x0200, 0x0002, 0x00);
	t[8] = 0x04;
	t[9] = 0x02;
	CHECK_EQ_INT(vendorban_pe_next_cert(t, 16, &pos, &b), 0);
	CHECK_EQ_INT(b.len, 4);
	CHECK_EQ_INT(pos, 16);

	/* bad lengths */
	pos = 0;
	put32(t, 7);
	CHECK_EQ_INT(vendorban_pe_next_cert(t, 16, &pos, &b), -EBADMSG);
	pos = 0;
	put32(t, 17);
	CHECK_EQ_INT(vendorban_pe_next_cert(t, 16, &pos, &b), -EBADMSG);
	/* leftover bytes that cannot hold a header */
	pos = 0;
	put_entry(t, 16, 0x0200, 0x0001, 0);
	CHECK_EQ_INT(vendorban_pe_next_cert(t, 20, &pos, &b), -EBADMSG);
	/* empty table */
	pos = 0;
	CHECK_EQ_INT(vendorban_pe_next_cert(t, 0, &pos, &b), -ENODATA);
}

/* One line of pe/pe.list. */
struct pe_fixture {
	char name[64];
	char cert[64];
	char nested[64];
};

static size_t pe_list(struct pe_fixture *pe, size_t max)
{
	char path[FIXTURE_PATH_MAX];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/pe/pe.list", fixture_dir());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(2);
	}
	while (n < max && fscanf(f, "%63s %63s %63s", pe[n].name, pe[n].cert,
				 pe[n].nested) == 3)
		n++;
	fclose(f);
	return n;
}

/* Checks that @msg's only signer is @cert, embedded. */
static void check_signer(const struct vendorban_pkcs7 *msg, const char *cert)
{
	const struct vendorban_cert *c;
	char want[128], got[128];
	u8 fpr[VENDORBAN_SHA256_LEN];

	CHECK_EQ_INT(msg->nr_signers, 1);
	c = vendorban_pkcs7_signer_cert(msg, 0);
	CHECK(c);
	if (!c)
		return;
	fixture_expect(cert, "fingerprint", want, sizeof(want));
	vendorban_cert_fingerprint(c, fpr);
	CHECK_EQ_STR(fixture_hex(fpr, 32, got), want);
}

/* The signature of a fixture file, NULL (and a failed check) if none. */
static struct vendorban_pkcs7 *read_pe_sig(const u8 *file, size_t len,
					   struct vendorban_blob *blob)
{
	struct vendorban_pkcs7 *msg = calloc(1, sizeof(*msg));
	struct vendorban_pe_sig w;
	size_t pos = 0;
	int ret;

	if (!msg)
		abort();
	ret = locate(file, len, &w);
	CHECK_EQ_INT(ret, 0);
	if (!ret)
		ret = vendorban_pe_next_cert(file + w.table_offset, w.table_len,
					     &pos, blob);
	CHECK_EQ_INT(ret, 0);
	if (!ret) {
		/* one entry per file made by these tools */
		struct vendorban_blob more;

		CHECK_EQ_INT(vendorban_pe_next_cert(file + w.table_offset,
						    w.table_len, &pos, &more),
			     -ENODATA);
		ret = vendorban_pkcs7_parse(blob->data, blob->len, msg);
		CHECK_EQ_INT(ret, 0);
	}
	if (ret) {
		free(msg);
		return NULL;
	}
	return msg;
}

UNIT_TEST(signed_files)
{
	struct pe_fixture pe[16];
	struct vendorban_pkcs7 *msg, nested;
	struct vendorban_blob blob;
	char rel[FIXTURE_PATH_MAX];
	size_t n, i, len, p7_len;
	u8 *file, *p7;

	n = pe_list(pe, 16);
	CHECK(n >= 7);
	for (i = 0; i < n; i++) {
		fprintf(stderr, "  pe %s\n", pe[i].name);
		snprintf(rel, sizeof(rel), "pe/%.63s.pe", pe[i].name);
		file = fixture_read(rel, &len);
		snprintf(rel, sizeof(rel), "pe/%.63s.p7", pe[i].name);
		p7 = fixture_read(rel, &p7_len);
		msg = read_pe_sig(file, len, &blob);
		if (msg) {
			/* exactly the bytes the signing tool extracts */
			CHECK_EQ_INT(blob.len, p7_len);
			CHECK(blob.len == p7_len &&
			      !memcmp(blob.data, p7, p7_len));
			CHECK(!msg->detached);
			/* SpcIndirectDataContent is a SEQUENCE */
			CHECK(msg->content.len > 2 && msg->content.data[0] == 0x30);
			check_signer(msg, pe[i].cert);
			if (strcmp(pe[i].nested, "-")) {
				CHECK_EQ_INT(msg->nr_nested, 1);
				CHECK_EQ_INT(vendorban_pkcs7_parse(msg->nested[0].data,
								   msg->nested[0].len,
								   &nested), 0);
				check_signer(&nested, pe[i].nested);
			} else {
				CHECK_EQ_INT(msg->nr_nested, 0);
			}
		}
		free(msg);
		free(file);
		free(p7);
	}
}

static char *cert_hex(const char *cert)
{
	char rel[FIXTURE_PATH_MAX];
	size_t len;
	u8 *der;
	char *hex;

	snprintf(rel, sizeof(rel), "certs/%s.der", cert);
	der = fixture_read(rel, &len);
	hex = malloc(2 * len + 1);
	if (!hex)
		abort();
	fixture_hex(der, len, hex);
	free(der);
	return hex;
}

/* A policy banning the test vendor every way a signer can be named. */
static struct vendorban_policy *ban_policy(void)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	char *tsa = cert_hex("banned-tsa"), *root = cert_hex("banned-root");
	char *text = malloc(strlen(tsa) + strlen(root) + 512);

	if (!text)
		abort();
	sprintf(text, "vendorban-policy 1\nname pe\nversion 1\ndefault allow\n"
		"deny cert %s\ndeny ca %s\ndeny subject-o \"AO Kaspersky Lab\"\n",
		tsa, root);
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err), 0);
	if (!pol)
		fprintf(stderr, "  line %u: %s\n", err.line, err.reason);
	free(text);
	free(tsa);
	free(root);
	return pol;
}

/* Whether the TSA certificate is in @msg's certificate set. */
static bool has_cert(const struct vendorban_pkcs7 *msg, const char *cert)
{
	char want[128], got[128];
	u8 fpr[VENDORBAN_SHA256_LEN];
	unsigned int i;

	/* not a signer's: its fingerprint is not computed by the parser */
	fixture_expect(cert, "fingerprint", want, sizeof(want));
	for (i = 0; i < msg->nr_certs; i++) {
		vendorban_sha256(msg->certs[i].der.data, msg->certs[i].der.len,
				 fpr);
		if (!strcmp(fixture_hex(fpr, 32, got), want))
			return true;
	}
	return false;
}

/* Reads pe/@name.pe into *@file and parses its signature. */
static struct vendorban_pkcs7 *read_named(const char *name, u8 **file)
{
	struct vendorban_blob blob;
	char rel[FIXTURE_PATH_MAX];
	size_t len;

	snprintf(rel, sizeof(rel), "pe/%s.pe", name);
	*file = fixture_read(rel, &len);
	return read_pe_sig(*file, len, &blob);
}

/*
 * A timestamp by the banned vendor does not make the file banned: the
 * banned certificates in the outer set are not the signer.
 */
UNIT_TEST(timestamp_is_not_signer)
{
	struct vendorban_policy *pol = ban_policy();
	struct vendorban_file_facts facts = { .state = VENDORBAN_SIG_PRESENT };
	const struct vendorban_pkcs7 *msgs[2];
	struct vendorban_pkcs7 *legacy, *rfc, *banned, *outer;
	struct vendorban_pkcs7 nested;
	struct vendorban_match *m = calloc(1, sizeof(*m));
	u8 *files[4];
	int i;

	legacy = read_named("ts-legacy", &files[0]);
	rfc = read_named("ts-rfc3161", &files[1]);
	banned = read_named("banned-sha384", &files[2]);
	outer = read_named("nested", &files[3]);
	if (!pol || !m || !legacy || !rfc || !banned || !outer)
		goto out;
	/* the test means something only if the banned certs are there */
	CHECK(has_cert(legacy, "banned-tsa"));
	CHECK(has_cert(legacy, "banned-root"));
	facts.msgs = msgs;
	facts.nr_msgs = 1;
	msgs[0] = legacy;
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 0);
	msgs[0] = rfc;
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 0);
	/* the same policy does ban a banned signer: ca root and subject-o */
	msgs[0] = banned;
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 2);
	CHECK_EQ_INT(m->c[0].rule, 1);
	CHECK_EQ_INT(m->c[1].rule, 2);
	CHECK_EQ_INT(m->c[0].msg, 0);
	CHECK_EQ_INT(m->c[0].signer, 0);
	/* a banned nested signature inside a good one: matched as msg 1 */
	CHECK_EQ_INT(vendorban_pkcs7_parse(outer->nested[0].data,
					   outer->nested[0].len, &nested), 0);
	msgs[0] = outer;
	msgs[1] = &nested;
	facts.nr_msgs = 2;
	vendorban_policy_match(pol, &facts, m);
	CHECK_EQ_INT(m->nr, 2);
	CHECK_EQ_INT(m->c[0].msg, 1);
	CHECK_EQ_INT(m->c[1].msg, 1);
out:
	free(m);
	free(legacy);
	free(rfc);
	free(banned);
	free(outer);
	for (i = 0; i < 4; i++)
		free(files[i]);
	vendorban_policy_free(pol);
}

UNIT_MAIN(UNIT_CASE(unsigned_files), UNIT_CASE(header_corruptions),
	  UNIT_CASE(cert_table_walk), UNIT_CASE(signed_files),
	  UNIT_CASE(timestamp_is_not_signer))
