// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer target for the subordinate uid ranges' parser
 *
 * Parses the input as the text of securityfs subuids.  When it is
 * accepted, the set must be sorted and disjoint, no owner in a range, its
 * canonical text must parse again to the same text, and the lookup must
 * find each range's first and last uid and miss the uid after it unless
 * the next range starts there (else abort()).  When it is refused, the
 * reason must be a NUL-terminated, non-empty string.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subuids.h"

static void check_set(const struct vendorban_subuids *set)
{
	const struct vendorban_subuid_range *r;
	u32 i, owner, account;

	for (i = 0; i < set->nr; i++) {
		r = &set->range[i];
		/* a range root owns is an account of its own (RT14-1) */
		account = r->owner ? r->owner : r->start;
		if (!r->count || (u64)r->start + r->count > VENDORBAN_SUBUIDS_NO_UID)
			abort();
		if (i && (u64)set->range[i - 1].start + set->range[i - 1].count > r->start)
			abort();
		if (!vendorban_subuids_owner(set, r->start, &owner) || owner != account)
			abort();
		if (!vendorban_subuids_owner(set, r->start + r->count - 1, &owner) ||
		    owner != account)
			abort();
		if (vendorban_subuids_owner(set, r->owner, &owner))
			abort();
		if (r->start + r->count < VENDORBAN_SUBUIDS_NO_UID &&
		    (i + 1 == set->nr || set->range[i + 1].start != r->start + r->count) &&
		    vendorban_subuids_owner(set, r->start + r->count, &owner))
			abort();
	}
}

static void check_canonical(const struct vendorban_subuids *set)
{
	struct vendorban_subuids_error err;
	struct vendorban_subuids *again;
	size_t len = vendorban_subuids_format(set, NULL, 0);
	char *text = malloc(len + 1), *text2 = malloc(len + 1);

	if (!text || !text2)
		abort();
	if (vendorban_subuids_format(set, text, len + 1) != len ||
	    strlen(text) != len)
		abort();
	if (vendorban_subuids_parse(text, len, &again, &err) || again->nr != set->nr)
		abort();
	vendorban_subuids_format(again, text2, len + 1);
	if (strcmp(text, text2))
		abort();
	vendorban_free(again);
	free(text);
	free(text2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vendorban_subuids_error err = {};
	struct vendorban_subuids *set;
	int ret;

	ret = vendorban_subuids_parse((const char *)data, size, &set, &err);
	if (ret == -EINVAL) {
		if (!memchr(err.reason, '\0', sizeof(err.reason)) || !err.reason[0])
			abort();
		return 0;
	}
	if (ret)
		return 0;
	check_set(set);
	check_canonical(set);
	vendorban_free(set);
	return 0;
}
