// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer harness: a whole file -> vendorban_sigset_gather()
 * (every trailer, the PE certificate table, nested signatures), then
 * vendorban_policy_match() and vendorban_policy_pick() with a small
 * policy.  Checks the invariants of the set and of the verdict; -timeout
 * catches inputs whose work is not bounded.
 */

#include "policy.h"
#include "sigset.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

struct mem {
	const u8 *data;
	size_t size;
};

static int mem_read(void *ctx, void *dst, size_t len, u64 pos)
{
	const struct mem *m = ctx;

	if (pos > m->size || len > m->size - pos)
		return -EIO;
	memcpy(dst, m->data + pos, len);
	return 0;
}

static int no_verify(void *ctx, const struct vendorban_candidate *c,
		     const struct vendorban_rule *rule, const u8 *digest)
{
	return -EKEYREJECTED;
}

static const char policy_text[] =
	"vendorban-policy 1\nname fuzz\nversion 1\ndefault allow\n"
	"deny subject-o \"AO Kaspersky Lab\"\n"
	"audit subject-cn \"Kaspersky Test Code Signing rsa2048\"\n"
	"deny issuer \"CN=Kaspersky Test Intermediate CA,O=AO Kaspersky Lab,C=RU\"\n"
	"deny skid 555a2e2db752d1ce567584c8dcc3ee373314a7b4\n";

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct vendorban_policy *pol;
	static struct vendorban_match match;
	const struct vendorban_prover prover = { .verify = no_verify };
	struct vendorban_file_facts facts = { 0 };
	struct mem m = { data, size };
	struct vendorban_parse_error err;
	struct vendorban_sigset set;
	struct vendorban_verdict v;

	if (!pol && vendorban_policy_parse(policy_text, sizeof(policy_text) - 1,
					   &pol, &err))
		__builtin_trap();
	if (vendorban_sigset_gather(&set, size, mem_read, &m))
		return 0;
	if (set.nr_msgs > VENDORBAN_MAX_MSGS ||
	    set.nr_trailers > VENDORBAN_MAX_TRAILERS ||
	    set.bytes > VENDORBAN_MAX_SIG_BYTES ||
	    (set.limit && set.state != VENDORBAN_SIG_MALFORMED) ||
	    (set.state == VENDORBAN_SIG_NONE && set.nr_msgs) ||
	    set.outer_msg >= (int)set.nr_msgs)
		__builtin_trap();
	facts.state = set.state;
	facts.limit = set.limit;
	facts.msgs = (const struct vendorban_pkcs7 *const *)set.msgs;
	facts.nr_msgs = set.nr_msgs;
	facts.nr_provable = set.outer_msg == 0;
	vendorban_policy_match(pol, &facts, &match);
	vendorban_policy_pick(pol, &facts, &match, &prover, &v);
	if (match.nr > VENDORBAN_MAX_CANDIDATES ||
	    match.steps > VENDORBAN_MAX_CHAIN_STEPS + 1 ||
	    match.name_bytes > VENDORBAN_MAX_NAME_BYTES ||
	    ((set.state == VENDORBAN_SIG_MALFORMED || match.limit) &&
	     v.cand < 0 && v.action != VENDORBAN_ACTION_DENY))
		__builtin_trap();
	vendorban_sigset_release(&set);
	return 0;
}
