// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the records' table (kmod/lib/records.c)
 *
 * The loadable form's records of suspicions (kmod/module/evicted.c) at its
 * sizes: 49,152 records (EVICTED_FULL), 32,768 chains.  Found by the red
 * team (redteam12, RT12-9): the linear probing this replaces failed to
 * claim below its bound in 8.5 % of random fills.  Here, over 200 fills
 * of random keys (a keyed hash is random to whoever picks the inodes; the
 * keys here come from splitmix64, a seed per fill): every claim below the
 * capacity succeeds, exactly the capacity is reached and the next new key
 * is refused, every key is found with its value and no other key is;
 * deletions free room that new keys then take, and a key deleted is not
 * found.  The longest chain (what a lookup walks under the lock) is
 * printed and bounded.
 */

#include <stdio.h>
#include <string.h>

#include "records.h"
#include "unit.h"

#define CAPACITY	49152
#define BUCKET_BITS	15
#define SEEDS		200
/* the 200 fills reach 12 (seeds 1..200): a gross skew fails */
#define LONGEST_MAX	20

static struct vendorban_record nodes[CAPACITY];
static u32 heads[1U << BUCKET_BITS];
static u64 keys[CAPACITY];

static u64 splitmix64(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31)) | 1;	/* as evicted.c: never 0 */
}

/* Fills @t with CAPACITY keys of seed @seed: the claims that failed. */
static unsigned int fill(struct vendorban_records *t, u64 seed)
{
	struct vendorban_record *r;
	unsigned int failed = 0, i;
	bool fresh;

	vendorban_records_init(t, nodes, CAPACITY, heads, BUCKET_BITS);
	for (i = 0; i < CAPACITY; i++) {
		keys[i] = splitmix64(&seed);
		r = vendorban_records_claim(t, keys[i], &fresh);
		if (!r || !fresh) {
			failed++;
			continue;
		}
		r->val = i + 1;
	}
	return failed;
}

UNIT_TEST(fills_to_capacity_whatever_the_keys)
{
	unsigned int seed, failed = 0, longest = 0, l, i, lost = 0;
	struct vendorban_records t;
	struct vendorban_record *r;
	u64 s, extra;
	bool fresh;

	for (seed = 1; seed <= SEEDS; seed++) {
		failed += fill(&t, seed);
		CHECK_EQ_INT(t.used, CAPACITY);
		for (i = 0; i < CAPACITY; i++) {
			r = vendorban_records_find(&t, keys[i]);
			if (!r || r->val != i + 1)
				lost++;
		}
		/* full: a new key finds no room, an old one its record */
		s = seed ^ 0xabcdefULL;
		extra = splitmix64(&s);
		CHECK(!vendorban_records_claim(&t, extra, &fresh));
		CHECK(vendorban_records_claim(&t, keys[7], &fresh) && !fresh);
		CHECK(!vendorban_records_find(&t, extra));
		l = vendorban_records_longest(&t);
		if (l > longest)
			longest = l;
	}
	printf("# %u fills of %u random keys in %u chains: %u claims failed below the capacity, %u records lost, longest chain %u\n",
	       SEEDS, CAPACITY, 1U << BUCKET_BITS, failed, lost, longest);
	CHECK_EQ_INT(failed, 0);
	CHECK_EQ_INT(lost, 0);
	CHECK(longest <= LONGEST_MAX);
}

UNIT_TEST(deleted_records_make_room)
{
	struct vendorban_records t;
	struct vendorban_record *r;
	unsigned int i, wrong = 0;
	u64 val, s = 99;
	bool fresh;

	CHECK_EQ_INT(fill(&t, 42), 0);
	/* every other record goes */
	for (i = 0; i < CAPACITY; i += 2) {
		val = 0;
		if (!vendorban_records_delete(&t, keys[i], &val) ||
		    val != i + 1)
			wrong++;
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(t.used, CAPACITY / 2);
	CHECK(!vendorban_records_delete(&t, keys[0], NULL));
	for (i = 0; i < CAPACITY; i++) {
		r = vendorban_records_find(&t, keys[i]);
		if ((i % 2 == 0) != !r || (r && r->val != i + 1))
			wrong++;
	}
	CHECK_EQ_INT(wrong, 0);
	/* the room freed is taken by new keys, to the last record */
	for (i = 0; i < CAPACITY / 2; i++) {
		r = vendorban_records_claim(&t, splitmix64(&s), &fresh);
		if (!r || !fresh || r->val)
			wrong++;
	}
	CHECK_EQ_INT(wrong, 0);
	CHECK_EQ_INT(t.used, CAPACITY);
	CHECK(!vendorban_records_claim(&t, splitmix64(&s), &fresh));
}

UNIT_TEST(keys_sharing_a_chain)
{
	static struct vendorban_record few[4];
	struct vendorban_records t;
	u32 one[2];
	u64 val = 0;
	bool fresh;

	/* two chains, four records: keys 1, 3, 5 share a chain */
	vendorban_records_init(&t, few, 4, one, 1);
	CHECK(vendorban_records_claim(&t, 1, &fresh) && fresh);
	CHECK(vendorban_records_claim(&t, 3, &fresh) && fresh);
	CHECK(vendorban_records_claim(&t, 5, &fresh) && fresh);
	vendorban_records_find(&t, 3)->val = 33;
	CHECK(vendorban_records_delete(&t, 1, NULL));
	CHECK(vendorban_records_find(&t, 3) &&
	      vendorban_records_find(&t, 3)->val == 33);
	CHECK(vendorban_records_find(&t, 5));
	CHECK(!vendorban_records_find(&t, 1));
	CHECK(vendorban_records_delete(&t, 3, &val) && val == 33);
	CHECK(!vendorban_records_find(&t, 3));
	CHECK(vendorban_records_find(&t, 5));
	CHECK_EQ_INT(vendorban_records_longest(&t), 1);
	CHECK_EQ_INT(t.used, 1);
}

UNIT_MAIN(UNIT_CASE(fills_to_capacity_whatever_the_keys),
	  UNIT_CASE(deleted_records_make_room),
	  UNIT_CASE(keys_sharing_a_chain))
