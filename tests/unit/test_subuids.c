// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the subordinate uid ranges (kmod/lib/subuids.c)
 *
 * The parser the kernel's securityfs subuids and vendorbanctl subuids share:
 * a set sorted whatever the order of the lines, blank and comment lines,
 * the canonical text read back and parsed again unchanged; every refusal
 * with its line and reason (bad numbers, 0 uids, uid 0, past uid 4294967294,
 * overlaps, an owner that is a subordinate uid, a NUL byte, too many
 * ranges, too long a text); the lookup at the edges of each range.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subuids.h"
#include "unit.h"

static struct vendorban_subuids *parse(const char *text)
{
	struct vendorban_subuids_error err = {};
	struct vendorban_subuids *set;

	CHECK_EQ_INT(vendorban_subuids_parse(text, strlen(text), &set, &err), 0);
	return set;
}

/* The refusal of @len bytes of @text: its line and reason. */
static void refused_n(const char *text, size_t len, unsigned int line,
		      const char *reason)
{
	struct vendorban_subuids_error err = {};
	struct vendorban_subuids *set = (void *)1;

	CHECK_EQ_INT(vendorban_subuids_parse(text, len, &set, &err), -EINVAL);
	CHECK(set == NULL);
	CHECK_EQ_INT(err.line, line);
	CHECK_EQ_STR(err.reason, reason);
}

static void refused(const char *text, unsigned int line, const char *reason)
{
	refused_n(text, strlen(text), line, reason);
}

UNIT_TEST(sorted_and_canonical)
{
	const char *text = "# /etc/subuid\n1001 165536 65536\n\n"
			   "  1000\t100000 65536  \n0 4294901759 65535";
	struct vendorban_subuids *set = parse(text), *again;
	char buf[256];

	CHECK_EQ_INT(set->nr, 3);
	CHECK_EQ_INT(vendorban_subuids_format(set, NULL, 0), 55);
	CHECK_EQ_INT(vendorban_subuids_format(set, buf, sizeof(buf)), 55);
	CHECK_EQ_STR(buf, "1000 100000 65536\n1001 165536 65536\n"
			  "0 4294901759 65535\n");
	again = parse(buf);
	CHECK_EQ_INT(again->nr, 3);
	CHECK_EQ_INT(vendorban_subuids_format(again, NULL, 0), 55);
	CHECK_EQ_INT(again->range[2].owner, 0);
	/* too small a buffer: the lines that fit, terminated */
	CHECK_EQ_INT(vendorban_subuids_format(set, buf, 20), 55);
	CHECK_EQ_STR(buf, "1000 100000 65536\n");
	vendorban_free(set);
	vendorban_free(again);
}

UNIT_TEST(empty_set)
{
	struct vendorban_subuids *set = parse("\n# none\n");
	char buf[4] = "x";
	u32 owner;

	CHECK_EQ_INT(set->nr, 0);
	CHECK_EQ_INT(vendorban_subuids_format(set, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, "");
	CHECK(!vendorban_subuids_owner(set, 100000, &owner));
	CHECK(!vendorban_subuids_owner(NULL, 100000, &owner));
	vendorban_free(set);
	set = parse("");
	CHECK_EQ_INT(set->nr, 0);
	vendorban_free(set);
}

UNIT_TEST(lookup_edges)
{
	struct vendorban_subuids *set =
		parse("1001 165536 65536\n1000 100000 65536\n7 5 1\n");
	u32 owner = 0;

	CHECK(!vendorban_subuids_owner(set, 99999, &owner));
	CHECK(vendorban_subuids_owner(set, 100000, &owner) && owner == 1000);
	CHECK(vendorban_subuids_owner(set, 165535, &owner) && owner == 1000);
	CHECK(vendorban_subuids_owner(set, 165536, &owner) && owner == 1001);
	CHECK(vendorban_subuids_owner(set, 231071, &owner) && owner == 1001);
	CHECK(!vendorban_subuids_owner(set, 231072, &owner));
	CHECK(vendorban_subuids_owner(set, 5, &owner) && owner == 7);
	CHECK(!vendorban_subuids_owner(set, 4, &owner));
	CHECK(!vendorban_subuids_owner(set, 6, &owner));
	CHECK(!vendorban_subuids_owner(set, 1000, &owner));
	CHECK(!vendorban_subuids_owner(set, 4294967295U, &owner));
	vendorban_free(set);
}

/* Root's ranges (LXD's, Incus') are accounts of their own (RT14-1). */
UNIT_TEST(root_ranges_are_not_root)
{
	struct vendorban_subuids *set =
		parse("0 1000000 1000000000\n1000 100000 65536\n0 200000 10\n");
	u32 owner = 0;

	CHECK(vendorban_subuids_owner(set, 1000000, &owner) && owner == 1000000);
	CHECK(vendorban_subuids_owner(set, 1000001, &owner) && owner == 1000000);
	CHECK(vendorban_subuids_owner(set, 1000999999, &owner) &&
	      owner == 1000000);
	CHECK(vendorban_subuids_owner(set, 200009, &owner) && owner == 200000);
	CHECK(vendorban_subuids_owner(set, 100001, &owner) && owner == 1000);
	CHECK(!vendorban_subuids_owner(set, 1001000000, &owner));
	vendorban_free(set);
}

UNIT_TEST(refusals)
{
	refused("1000 100000\n", 1, "count: expected a decimal number");
	refused("\n1000 x 5\n", 2, "start: expected a decimal number");
	refused("1000 100000 65536 7\n", 1,
		"expected three numbers: owner start count");
	refused("1000 -1 5\n", 1, "start: expected a decimal number");
	refused("1000 1a 5\n", 1, "start: expected a decimal number");
	refused("4294967295 1 5\n", 1, "owner: over 4294967294");
	refused("1 99999999999999999999 5\n", 1, "start: over 4294967294");
	refused("1000 100000 0\n", 1, "count: 0 uids");
	refused("1000 0 65536\n", 1, "the range covers uid 0 (root)");
	refused("1000 4294967290 6\n", 1,
		"the range goes past uid 4294967294");
	refused("1000 100000 65536\n1001 165535 2\n", 2,
		"uids 165535-165536 overlap those of line 1");
	refused("1001 165535 2\n1000 100000 65536\n", 2,
		"uids 100000-165535 overlap those of line 1");
	refused("1000 100000 10\n100005 200000 10\n", 2,
		"owner 100005 is a subordinate uid (line 1)");
	refused("1000 100000 10\n1000 1000 1\n", 2,
		"owner 1000 is a subordinate uid (line 2)");
	refused_n("1000 100000 10\n\0", 16, 2, "a NUL byte");
	refused_n("1000 100\0 10\n", 13, 1, "start: expected a decimal number");
}

UNIT_TEST(bounds)
{
	size_t size = VENDORBAN_SUBUIDS_TEXT_MAX + 1, n = 0;
	struct vendorban_subuids_error err = {};
	struct vendorban_subuids *set;
	char *text = malloc(size);
	unsigned int i;

	for (i = 0; i <= VENDORBAN_SUBUIDS_MAX; i++)
		n += (size_t)sprintf(text + n, "1 %u 1\n", 1000000 + i);
	CHECK_EQ_INT(vendorban_subuids_parse(text, n, &set, &err), -EINVAL);
	CHECK_EQ_INT(err.line, VENDORBAN_SUBUIDS_MAX + 1);
	CHECK_EQ_STR(err.reason, "more than 16384 ranges");
	/* one fewer: taken, sorted and looked up */
	CHECK_EQ_INT(vendorban_subuids_parse(text, n - strlen("1 1016384 1\n"),
					     &set, &err), 0);
	if (set) {
		u32 owner = 0;

		CHECK_EQ_INT(set->nr, VENDORBAN_SUBUIDS_MAX);
		CHECK(vendorban_subuids_owner(set, 1016383, &owner) && owner == 1);
		CHECK(!vendorban_subuids_owner(set, 1016384, &owner));
		vendorban_free(set);
	}
	memset(text, '\n', size);
	CHECK_EQ_INT(vendorban_subuids_parse(text, size, &set, &err), -E2BIG);
	CHECK_EQ_INT(vendorban_subuids_parse(text, size - 1, &set, &err), 0);
	vendorban_free(set);
	free(text);
}

UNIT_MAIN(UNIT_CASE(sorted_and_canonical), UNIT_CASE(empty_set),
	  UNIT_CASE(lookup_edges), UNIT_CASE(root_ranges_are_not_root),
	  UNIT_CASE(refusals), UNIT_CASE(bounds))
