// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer target for the policy parser
 *
 * Parses the input as a policy.  When it is accepted, its canonical text
 * must parse again to the very same text, digest and rules (else abort()),
 * and matching must not crash for any signature state, file hash or IMA
 * key id.  When it is
 * rejected, the reason must be a NUL-terminated, non-empty string.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

/* Signer "CN=Evil CA", serial 8a01, SKID 0102: looked up in every policy. */
static const u8 name_evil[] = {
	0x30, 0x12, 0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x07, 'E', 'v', 'i', 'l', ' ', 'C', 'A',
};
static const u8 serial_evil[] = { 0x00, 0x8a, 0x01 };
static const u8 skid_evil[] = { 0x01, 0x02 };

/* Each candidate names a rule, and a signer only with a message. */
static void check_cands(const struct vendorban_policy *pol,
			const struct vendorban_match *m)
{
	unsigned int i;

	if (m->nr > VENDORBAN_MAX_CANDIDATES)
		abort();
	for (i = 0; i < m->nr; i++) {
		if (m->c[i].rule < 0 || (unsigned int)m->c[i].rule >= pol->nr_rules)
			abort();
		if (i && m->c[i - 1].rule > m->c[i].rule)
			abort();
		if ((m->c[i].msg < 0) != (m->c[i].signer < 0) ||
		    m->c[i].msg > 1)
			abort();
	}
}

static void check_match(const struct vendorban_policy *pol)
{
	static const u8 digest[32] = { 0x01 }, keyid[4] = { 0x01, 0x02 };
	static struct vendorban_pkcs7 msg;
	static struct vendorban_match m;
	const struct vendorban_pkcs7 *msgs[2] = { &msg, &msg };
	struct vendorban_file_facts facts = { .state = VENDORBAN_SIG_NONE };

	msg.nr_signers = 2;
	msg.signers[0].sid_type = VENDORBAN_SID_ISSUER_SERIAL;
	msg.signers[0].issuer.data = name_evil;
	msg.signers[0].issuer.len = sizeof(name_evil);
	msg.signers[0].serial.data = serial_evil;
	msg.signers[0].serial.len = sizeof(serial_evil);
	msg.signers[0].cert = -1;
	msg.signers[1].sid_type = VENDORBAN_SID_SKID;
	msg.signers[1].skid.data = skid_evil;
	msg.signers[1].skid.len = sizeof(skid_evil);
	msg.signers[1].cert = -1;

	vendorban_policy_match(pol, &facts, &m);
	if (m.nr > 1 || (m.nr && m.c[0].rule != pol->first_unsigned))
		abort();
	facts.state = VENDORBAN_SIG_MALFORMED;
	vendorban_policy_match(pol, &facts, &m);
	if (m.nr > 1 || (m.nr && m.c[0].rule != pol->first_malformed))
		abort();
	facts.state = VENDORBAN_SIG_PRESENT;
	facts.msgs = msgs;
	facts.nr_msgs = 2;
	facts.file_sha256 = digest;
	facts.ima_keyid = keyid;
	vendorban_policy_match(pol, &facts, &m);
	check_cands(pol, &m);
}

/*
 * What the kernel keeps and reads back: a text-less parse has the same
 * length and digest, and the records, from a cursor put at each record
 * number, are the text.
 */
static void check_records(const struct vendorban_policy *pol)
{
	struct vendorban_policy_cursor cur;
	struct vendorban_policy *bare = NULL;
	size_t pos = 0, n;
	char *rec;
	u64 i;

	if (vendorban_policy_parse_flags(pol->text, pol->text_len,
					 VENDORBAN_PARSE_NO_TEXT, &bare, NULL))
		abort();
	if (bare->text || bare->text_len != pol->text_len ||
	    memcmp(bare->digest, pol->digest, sizeof(pol->digest)))
		abort();
	for (i = 0; vendorban_policy_cursor_at(bare, i, &cur); i++) {
		n = vendorban_policy_put_record(bare, &cur, NULL);
		rec = n && pos + n <= pol->text_len ? malloc(n) : NULL;
		if (!rec)
			abort();
		vendorban_policy_put_record(bare, &cur, rec);
		if (memcmp(rec, pol->text + pos, n))
			abort();
		free(rec);
		pos += n;
	}
	if (pos != pol->text_len)
		abort();
	vendorban_policy_free(bare);
}

static void check_round_trip(const struct vendorban_policy *pol)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *again = NULL;

	if (strlen(pol->text) != pol->text_len)
		abort();
	if (vendorban_policy_parse(pol->text, pol->text_len, &again, &err))
		abort();
	if (again->text_len != pol->text_len ||
	    memcmp(again->text, pol->text, pol->text_len) ||
	    memcmp(again->digest, pol->digest, sizeof(pol->digest)) ||
	    again->nr_rules != pol->nr_rules ||
	    again->nr_chain_certs != pol->nr_chain_certs ||
	    again->has_file_hash_rules != pol->has_file_hash_rules ||
	    again->first_unsigned != pol->first_unsigned ||
	    again->first_malformed != pol->first_malformed ||
	    again->default_action != pol->default_action ||
	    again->writable_action != pol->writable_action)
		abort();
	vendorban_policy_free(again);
	check_records(pol);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	int ret;

	ret = vendorban_policy_parse((const char *)data, size, &pol, &err);
	if (ret) {
		if (pol || (ret == -EINVAL && (!err.reason[0] ||
		    !memchr(err.reason, '\0', sizeof(err.reason)))))
			abort();
		return 0;
	}
	check_round_trip(pol);
	check_match(pol);
	vendorban_policy_free(pol);
	return 0;
}
