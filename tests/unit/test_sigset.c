// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of kmod/lib/sigset.c: every signature of a file,
 * within bounds that make a file malformed rather than drop a signature
 *
 * Files are built in memory from the unit fixtures (make-unit-fixtures.sh):
 * data.bin, the detached signatures sigs/NAME.p7s, the signed PE files
 * pe/NAME.pe and the crafted chain-walk SignedData bomb/nestN.p7.
 */

#include <stdio.h>
#include <stdlib.h>

#include "fixtures.h"
#include "policy.h"
#include "sigset.h"
#include "unit.h"

/* A file in memory, and how often and how much it was read. */
struct mfile {
	u8 *data;
	size_t len;
	unsigned int reads;
};

static int mread(void *ctx, void *dst, size_t len, u64 pos)
{
	struct mfile *f = ctx;

	f->reads++;
	if (pos > f->len || len > f->len - pos)
		return -EIO;
	memcpy(dst, f->data + pos, len);
	return 0;
}

static void append(struct mfile *f, const void *data, size_t len)
{
	f->data = realloc(f->data, f->len + len + 1);
	if (!f->data)
		abort();
	memcpy(f->data + f->len, data, len);
	f->len += len;
}

static void append_fixture(struct mfile *f, const char *rel)
{
	size_t len;
	u8 *data = fixture_read(rel, &len);

	append(f, data, len);
	free(data);
}

/* Appends @rel (a DER SignedData) as a module-format trailer. */
static void append_trailer(struct mfile *f, const char *rel)
{
	u8 info[VENDORBAN_MODSIG_INFO_LEN] = { 0 };
	size_t before = f->len, len;

	append_fixture(f, rel);
	len = f->len - before;
	info[2] = VENDORBAN_MODSIG_ID_PKCS7;
	info[8] = len >> 24;
	info[9] = len >> 16;
	info[10] = len >> 8;
	info[11] = len;
	append(f, info, sizeof(info));
	append(f, VENDORBAN_MODSIG_MAGIC, VENDORBAN_MODSIG_MAGIC_LEN);
}

static bool has_o(const struct vendorban_sigset *set, unsigned int m,
		  const char *o)
{
	const struct vendorban_cert *cert;
	char buf[VENDORBAN_NAME_MAX];

	cert = vendorban_pkcs7_signer_cert(set->msgs[m], 0);
	return cert && !vendorban_name_attr(&cert->subject, VENDORBAN_ATTR_O,
					    0, buf, sizeof(buf)) &&
	       !strcmp(buf, o);
}

#define BANNED_O	"AO Kaspersky Lab"
#define GOOD_O		"Good Vendor GmbH"

/* A trailer appended after a banned one: both are read, the last first. */
UNIT_TEST(stacked_trailers)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;
	size_t data_len;

	append_fixture(&f, "data.bin");
	data_len = f.len;
	append_trailer(&f, "sigs/banned-rsa2048-cert.p7s");
	append_trailer(&f, "sigs/good-rsa2048-cert.p7s");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_PRESENT);
	CHECK_EQ_INT(set.nr_trailers, 2);
	CHECK_EQ_INT(set.nr_msgs, 2);
	CHECK_EQ_INT(set.outer_msg, 0);
	CHECK(!set.is_pe);
	CHECK(has_o(&set, 0, GOOD_O));
	CHECK(has_o(&set, 1, BANNED_O));
	CHECK_EQ_INT(set.trailers[1].data_len, data_len);
	CHECK_EQ_INT(set.trailers[0].data_len,
		     set.trailers[1].sig_offset + set.trailers[1].sig_len +
		     VENDORBAN_MODSIG_TRAILER_LEN);
	vendorban_sigset_release(&set);
	free(f.data);
}

/* A trailer appended to a signed PE file: both signatures are read. */
UNIT_TEST(pe_with_trailer)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;

	append_fixture(&f, "pe/banned-sha384.pe");
	append_trailer(&f, "sigs/good-rsa2048-nocert.p7s");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_PRESENT);
	CHECK_EQ_INT(set.nr_trailers, 1);
	CHECK(set.is_pe);
	CHECK_EQ_INT(set.nr_msgs, 2);
	CHECK(has_o(&set, 1, BANNED_O));
	vendorban_sigset_release(&set);
	free(f.data);
}

/* More trailers than followed back: malformed (limit), not unsigned. */
UNIT_TEST(too_many_trailers)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;
	unsigned int i;

	append_fixture(&f, "data.bin");
	append_trailer(&f, "sigs/banned-rsa2048-nocert.p7s");
	for (i = 0; i < VENDORBAN_MAX_TRAILERS; i++)
		append_trailer(&f, "sigs/good-rsa2048-nocert.p7s");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_MALFORMED);
	CHECK(set.limit);
	CHECK_EQ_INT(set.nr_trailers, VENDORBAN_MAX_TRAILERS);
	CHECK_EQ_INT(set.nr_msgs, VENDORBAN_MAX_TRAILERS);
	vendorban_sigset_release(&set);
	free(f.data);
}

/* More messages than held (16 trailers and a PE signature): limit. */
UNIT_TEST(too_many_messages)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;
	unsigned int i;

	append_fixture(&f, "pe/banned-sha384.pe");
	for (i = 0; i < VENDORBAN_MAX_MSGS; i++)
		append_trailer(&f, "sigs/good-rsa2048-nocert.p7s");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_MALFORMED);
	CHECK(set.limit);
	CHECK_EQ_INT(set.nr_msgs, VENDORBAN_MAX_MSGS);
	vendorban_sigset_release(&set);
	free(f.data);
}

/* Nested signatures are read too, and more than recorded is a limit. */
UNIT_TEST(nested_signatures)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;

	append_fixture(&f, "pe/nested.pe");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_PRESENT);
	CHECK_EQ_INT(set.nr_msgs, 2);
	CHECK(has_o(&set, 1, BANNED_O));
	vendorban_sigset_release(&set);
	free(f.data);

	/* 17 nested copies (made by mkchainbomb), 16 are recorded */
	memset(&f, 0, sizeof(f));
	append_fixture(&f, "data.bin");
	append_trailer(&f, "bomb/nest17.p7");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_MALFORMED);
	CHECK(set.limit);
	CHECK_EQ_INT(set.msgs[0]->nr_nested, VENDORBAN_MAX_NESTED);
	CHECK(set.msgs[0]->incomplete);
	vendorban_sigset_release(&set);
	free(f.data);
}

/* The DER element budget ends a parse with -E2BIG. */
UNIT_TEST(der_budget)
{
	struct vendorban_pkcs7 *msg = calloc(1, sizeof(*msg));
	unsigned long budget, used;
	size_t len;
	u8 *der = fixture_read("sigs/banned-rsa2048-chain.p7s", &len);

	budget = 1000000;
	CHECK_EQ_INT(vendorban_pkcs7_parse_budget(der, len, msg, &budget), 0);
	used = 1000000 - budget;
	CHECK(used > 50);
	budget = used;
	CHECK_EQ_INT(vendorban_pkcs7_parse_budget(der, len, msg, &budget), 0);
	CHECK_EQ_INT(budget, 0);
	budget = used - 1;
	CHECK_EQ_INT(vendorban_pkcs7_parse_budget(der, len, msg, &budget),
		     -E2BIG);
	free(der);
	free(msg);
}

/*
 * A nested signature parsed after the message it repeats the certificates
 * of (vendorban_pkcs7_parse_after(), the names not walked again) gives
 * what a parse without the hint gives, and spends the same budget; so does
 * a budget too small for it.  Neither hashes a certificate.
 */
UNIT_TEST(parse_after_hint_same_result)
{
	struct vendorban_pkcs7 *outer = calloc(3, sizeof(*outer));
	struct vendorban_pkcs7 *a = outer + 1, *b = outer + 2;
	unsigned long b1 = 1000000, b2 = 1000000, used;
	const struct vendorban_blob *n;
	unsigned int i;
	size_t len;
	u8 *der = fixture_read("bomb/nest2-32.p7", &len);

	CHECK(outer != NULL);
	if (!outer)
		return;
	CHECK_EQ_INT(vendorban_pkcs7_parse(der, len, outer), 0);
	CHECK_EQ_INT(outer->nr_nested, 2);
	n = &outer->nested[0];
	CHECK_EQ_INT(vendorban_pkcs7_parse_after(n->data, n->len, a, &b1,
						 outer), 0);
	CHECK_EQ_INT(vendorban_pkcs7_parse_budget(n->data, n->len, b, &b2), 0);
	CHECK_EQ_INT(b1, b2);
	CHECK(a->hint == NULL);
	CHECK_EQ_INT(a->nr_certs, 16);
	CHECK_EQ_INT(a->nr_certs, b->nr_certs);
	for (i = 0; i < a->nr_certs && i < b->nr_certs; i++) {
		CHECK_EQ_INT(a->certs[i].issuer_elems,
			     b->certs[i].issuer_elems);
		CHECK_EQ_INT(a->certs[i].subject_elems,
			     b->certs[i].subject_elems);
		CHECK_EQ_INT(a->certs[i].subject_elems, 4 * 32);
		CHECK(!a->certs[i].hashed);
		CHECK(!b->certs[i].hashed);
	}
	used = 1000000 - b1;
	b1 = used - 1;
	b2 = used - 1;
	CHECK_EQ_INT(vendorban_pkcs7_parse_after(n->data, n->len, a, &b1,
						 outer), -E2BIG);
	CHECK_EQ_INT(vendorban_pkcs7_parse_budget(n->data, n->len, b, &b2),
		     -E2BIG);
	CHECK_EQ_INT(b1, b2);
	free(der);
	free(outer);
}

/* A file that cannot be read is malformed; an empty one unsigned. */
UNIT_TEST(read_errors)
{
	struct mfile f = { 0 };
	struct vendorban_sigset set;

	append_fixture(&f, "data.bin");
	append_trailer(&f, "sigs/banned-rsa2048-cert.p7s");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len + 1, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_MALFORMED);
	CHECK(!set.limit);
	vendorban_sigset_release(&set);
	CHECK_EQ_INT(vendorban_sigset_gather(&set, 0, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_NONE);
	vendorban_sigset_release(&set);
	free(f.data);
}

/*
 * The crafted chain-walk trailer with names of 170 attributes does not
 * parse (a limit, VENDORBAN_NAME_MAX_ATTRS): the first name stops it.
 */
UNIT_TEST(chain_walk_bomb_long_names)
{
	struct vendorban_sigset set;
	struct mfile f = { 0 };

	append_fixture(&f, "data.bin");
	append_trailer(&f, "bomb/nest2.p7");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_MALFORMED);
	CHECK(set.limit);
	CHECK_EQ_INT(set.nr_msgs, 0);
	vendorban_sigset_release(&set);
	free(f.data);
}

/*
 * The crafted chain-walk trailer with names of 32 attributes, the most
 * that parse: walking its chains needs more steps than allowed per file,
 * so matching marks it (malformed) after a bounded amount of work.
 */
UNIT_TEST(chain_walk_bomb)
{
	static const char text[] = "vendorban-policy 1\nname b\nversion 1\n"
		"default allow\ndeny subject-o \"" BANNED_O "\"\n";
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_file_facts facts = { 0 };
	struct vendorban_policy *pol = NULL;
	struct vendorban_parse_error err;
	struct vendorban_sigset set;
	struct mfile f = { 0 };

	append_fixture(&f, "data.bin");
	append_trailer(&f, "bomb/nest2-32.p7");
	CHECK_EQ_INT(vendorban_sigset_gather(&set, f.len, mread, &f), 0);
	CHECK_EQ_INT(set.state, VENDORBAN_SIG_PRESENT);
	CHECK_EQ_INT(set.nr_msgs, 3);
	CHECK_EQ_INT(vendorban_policy_parse(text, strlen(text), &pol, &err), 0);
	if (pol && m) {
		facts.state = set.state;
		facts.msgs = (const struct vendorban_pkcs7 *const *)set.msgs;
		facts.nr_msgs = set.nr_msgs;
		vendorban_policy_match(pol, &facts, m);
		CHECK(m->limit);
		CHECK_EQ_INT(m->steps, VENDORBAN_MAX_CHAIN_STEPS + 1);
		CHECK_EQ_INT(m->nr, 0);
	}
	vendorban_policy_free(pol);
	vendorban_sigset_release(&set);
	free(m);
	free(f.data);
}

/*
 * vendorban_sigset_gather_mem() (a module image from init_module(), where
 * the kernel may not sleep) finds what vendorban_sigset_gather() finds in
 * the same bytes, with no blob copied and every message in the pool.
 */
static void same_as_file(struct mfile *f, u64 size)
{
	struct vendorban_pkcs7 *pool = calloc(VENDORBAN_MAX_MSGS,
					      sizeof(*pool));
	struct vendorban_sigset set, mem;
	unsigned int i;

	CHECK(pool != NULL);
	if (!pool)
		return;
	CHECK_EQ_INT(vendorban_sigset_gather(&set, size, mread, f), 0);
	vendorban_sigset_gather_mem(&mem, f->data, size, pool);
	CHECK_EQ_INT(mem.state, set.state);
	CHECK_EQ_INT(mem.limit, set.limit);
	CHECK(mem.why == set.why || (mem.why && set.why &&
				     !strcmp(mem.why, set.why)));
	CHECK_EQ_INT(mem.nr_msgs, set.nr_msgs);
	CHECK_EQ_INT(mem.nr_trailers, set.nr_trailers);
	CHECK_EQ_INT(mem.outer_msg, set.outer_msg);
	CHECK_EQ_INT(mem.is_pe, set.is_pe);
	CHECK_EQ_INT(mem.nr_blobs, 0);
	for (i = 0; i < mem.nr_msgs && i < set.nr_msgs; i++) {
		CHECK(mem.msgs[i] == &pool[i]);
		CHECK_EQ_INT(mem.ders[i].len, set.ders[i].len);
		CHECK(mem.ders[i].data >= f->data &&
		      mem.ders[i].data + mem.ders[i].len <= f->data + size);
		CHECK(!memcmp(mem.ders[i].data, set.ders[i].data,
			      set.ders[i].len));
		CHECK_EQ_INT(mem.msgs[i]->nr_signers, set.msgs[i]->nr_signers);
		CHECK_EQ_INT(mem.msgs[i]->nr_certs, set.msgs[i]->nr_certs);
	}
	vendorban_sigset_release(&mem);	/* frees nothing */
	vendorban_sigset_release(&set);
	free(pool);
}

UNIT_TEST(in_memory_same_as_file)
{
	static const char *const trailers[] = {
		"sigs/banned-rsa2048-cert.p7s", "sigs/good-rsa2048-cert.p7s",
	};
	struct mfile f = { 0 };
	unsigned int i;

	append_fixture(&f, "data.bin");
	same_as_file(&f, f.len);				/* unsigned */
	for (i = 0; i < 2; i++)
		append_trailer(&f, trailers[i]);
	same_as_file(&f, f.len);				/* stacked */
	f.data[f.len - 60] ^= 0xff;				/* bad DER */
	same_as_file(&f, f.len);
	same_as_file(&f, f.len - 1);				/* no trailer */
	free(f.data);

	memset(&f, 0, sizeof(f));
	append_fixture(&f, "pe/nested.pe");			/* PE, nested */
	append_trailer(&f, "sigs/good-rsa2048-nocert.p7s");
	same_as_file(&f, f.len);
	free(f.data);

	memset(&f, 0, sizeof(f));
	append_fixture(&f, "pe/banned-sha384.pe");		/* too many */
	for (i = 0; i < VENDORBAN_MAX_MSGS; i++)
		append_trailer(&f, "sigs/good-rsa2048-nocert.p7s");
	same_as_file(&f, f.len);
	free(f.data);

	memset(&f, 0, sizeof(f));
	append_fixture(&f, "data.bin");				/* nested bomb */
	append_trailer(&f, "bomb/nest17.p7");
	same_as_file(&f, f.len);
	free(f.data);
}

UNIT_MAIN(UNIT_CASE(stacked_trailers), UNIT_CASE(pe_with_trailer),
	  UNIT_CASE(too_many_trailers), UNIT_CASE(too_many_messages),
	  UNIT_CASE(nested_signatures), UNIT_CASE(der_budget),
	  UNIT_CASE(parse_after_hint_same_result),
	  UNIT_CASE(read_errors), UNIT_CASE(chain_walk_bomb_long_names),
	  UNIT_CASE(chain_walk_bomb),
	  UNIT_CASE(in_memory_same_as_file))
