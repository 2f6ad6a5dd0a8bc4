// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the hit counters' layout (lib/counts_layout.h)
 *
 * The memory the kernel's per-rule counters take is bounded: per-CPU rows
 * only within the budget, every other row shared, so at most the budget
 * plus 16 bytes per row (a million rules on 64 or 4096 CPUs); a small
 * policy is all per CPU; the extra rows (default, none) rank first; every
 * row has exactly one place, per CPU or shared.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counts_layout.h"
#include "unit.h"

#define KIB		1024ULL
#define MIB		(1024ULL * KIB)
#define BUDGET		((u64)VENDORBAN_COUNTS_PERCPU_KIB * KIB)
#define ROW		VENDORBAN_COUNTS_ROW_SIZE
#define EXTRA		VENDORBAN_COUNTS_EXTRA_ROWS

/* The counters take at most the budget and 16 bytes per row. */
static void check_bound(u32 rules, u32 cpus, u64 budget)
{
	struct vendorban_counts_layout l;

	vendorban_counts_plan(&l, rules, cpus, budget);
	CHECK_EQ_INT(l.nr_rows, (u64)rules + EXTRA);
	CHECK_EQ_INT(l.nr_percpu + l.nr_shared, l.nr_rows);
	CHECK(l.percpu_bytes <= budget);
	CHECK_EQ_INT(l.percpu_bytes, (u64)l.nr_percpu * ROW * (cpus ? cpus : 1));
	CHECK_EQ_INT(l.shared_bytes, (u64)l.nr_shared * ROW);
	CHECK(l.percpu_bytes + l.shared_bytes <= budget + (u64)l.nr_rows * ROW);
	/* as many per CPU as fit: one more row would not */
	if (l.nr_shared)
		CHECK(l.percpu_bytes + (u64)ROW * (cpus ? cpus : 1) > budget);
}

UNIT_TEST(bounded_at_a_million_rules)
{
	struct vendorban_counts_layout l;

	/* 1,048,576 rules on 64 CPUs: 4 MiB + 16 MiB, not 16 GiB */
	vendorban_counts_plan(&l, 1048576, 64, BUDGET);
	CHECK_EQ_INT(l.nr_percpu, BUDGET / (ROW * 64));
	CHECK_EQ_INT(l.nr_percpu, 4096);
	CHECK(l.percpu_bytes + l.shared_bytes <= 4 * MIB + 16 * MIB + EXTRA * ROW);
	check_bound(1048576, 64, BUDGET);
	check_bound(1048576, 4096, BUDGET);
	check_bound(1048576, 1, BUDGET);
	check_bound(100000, 2, BUDGET);
	check_bound(0, 8192, BUDGET);
	check_bound(1048576, 64, 0);
	check_bound(1048576, 64, 1ULL << 40);
	check_bound(7, 0, BUDGET);
}

UNIT_TEST(small_policy_all_per_cpu)
{
	struct vendorban_counts_layout l;

	/* a 1,000-rule policy on 64 CPUs: 1 MiB, all per CPU */
	vendorban_counts_plan(&l, 1000, 64, BUDGET);
	CHECK_EQ_INT(l.nr_percpu, 1000 + EXTRA);
	CHECK_EQ_INT(l.nr_shared, 0);
	CHECK_EQ_INT(l.percpu_bytes, (1000 + EXTRA) * ROW * 64);
	CHECK_EQ_INT(l.shared_bytes, 0);
	/* 100,000 rules on the benchmark's 2 CPUs: still all per CPU */
	vendorban_counts_plan(&l, 100000, 2, BUDGET);
	CHECK_EQ_INT(l.nr_shared, 0);
}

UNIT_TEST(zero_budget_all_shared)
{
	struct vendorban_counts_layout l;

	vendorban_counts_plan(&l, 3, 2, 0);
	CHECK_EQ_INT(l.nr_percpu, 0);
	CHECK_EQ_INT(l.nr_shared, 3 + EXTRA);
	CHECK_EQ_INT(l.percpu_bytes, 0);
	/* a budget below one row's copies on every CPU: none per CPU */
	vendorban_counts_plan(&l, 3, 64, ROW * 64 - 1);
	CHECK_EQ_INT(l.nr_percpu, 0);
	vendorban_counts_plan(&l, 3, 64, ROW * 64);
	CHECK_EQ_INT(l.nr_percpu, 1);
}

UNIT_TEST(extra_rows_rank_first)
{
	u32 r;

	for (r = 0; r < EXTRA; r++)
		CHECK_EQ_INT(vendorban_counts_rank(10, 10 + r), r);
	CHECK_EQ_INT(vendorban_counts_rank(10, 0), EXTRA);
	CHECK_EQ_INT(vendorban_counts_rank(10, 9), 9 + EXTRA);
	CHECK_EQ_INT(vendorban_counts_rank(0, 0), 0);
	CHECK_EQ_INT(vendorban_counts_rank(0, EXTRA - 1), EXTRA - 1);
}

/* Every row has one place; the places are all used, none twice. */
static void check_bijection(u32 rules, u32 cpus, u64 budget)
{
	struct vendorban_counts_layout l;
	unsigned char *seen;
	u32 row, rank, bad = 0;

	vendorban_counts_plan(&l, rules, cpus, budget);
	seen = calloc(l.nr_rows, 1);
	CHECK(seen != NULL);
	if (!seen)
		return;
	for (row = 0; row < l.nr_rows; row++) {
		rank = vendorban_counts_rank(rules, row);
		if (rank >= l.nr_rows || seen[rank]++)
			bad++;
	}
	for (rank = 0; rank < l.nr_rows; rank++)
		bad += seen[rank] != 1;
	CHECK_EQ_INT(bad, 0);
	free(seen);
}

UNIT_TEST(every_row_one_place)
{
	check_bijection(0, 1, BUDGET);
	check_bijection(5, 2, 0);
	check_bijection(5, 2, 3 * ROW * 2);
	check_bijection(1048576, 64, BUDGET);
}

UNIT_MAIN(UNIT_CASE(bounded_at_a_million_rules),
	  UNIT_CASE(small_policy_all_per_cpu),
	  UNIT_CASE(zero_budget_all_shared),
	  UNIT_CASE(extra_rows_rank_first),
	  UNIT_CASE(every_row_one_place))
