/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - where each per-rule hit counter lives
 *
 * The kernel counts every decision in one row of counters (kmod/counts.c):
 * one row per rule, and %VENDORBAN_COUNTS_EXTRA_ROWS more for what no rule
 * decided.  A row is two u64, %VENDORBAN_COUNTS_ROW_SIZE bytes.  A per-CPU
 * row costs that much on every possible CPU, which for a million rules on
 * a 64-CPU server would be GiBs, so only the rows that fit in a memory
 * budget are per CPU; the others are shared atomic counters, one copy
 * each.  Both are exact; a shared row costs a cache line bounced between
 * CPUs that hit the same rule at once, nothing else.
 *
 * Rows are ranked for the per-CPU budget: first the extra rows (the
 * policy's default decides most execs under a ban policy), then the rules
 * in policy order.  Ranks below @nr_percpu are per CPU, the others shared.
 */

#ifndef _SECURITY_VENDORBAN_COUNTS_LAYOUT_H
#define _SECURITY_VENDORBAN_COUNTS_LAYOUT_H

#include "compat.h"

/* Rows after the rules': the default, and "none" for deny, audit, allow. */
#define VENDORBAN_COUNTS_EXTRA_ROWS	4
/* Two u64 per row: its action applied, and would-deny. */
#define VENDORBAN_COUNTS_ROW_SIZE	16
/* Per-CPU bytes (over all possible CPUs) one policy's counters may take. */
#define VENDORBAN_COUNTS_PERCPU_KIB	4096

/**
 * struct vendorban_counts_layout - how a policy's counter rows are kept
 * @nr_rows: rows in all: the rules and %VENDORBAN_COUNTS_EXTRA_ROWS
 * @nr_percpu: rows kept per CPU, ranks 0 to @nr_percpu - 1
 * @nr_shared: rows kept once, as shared atomic counters
 * @percpu_bytes: per-CPU memory, over all CPUs (at most the budget)
 * @shared_bytes: memory of the shared rows
 */
struct vendorban_counts_layout {
	u32 nr_rows;
	u32 nr_percpu;
	u32 nr_shared;
	u64 percpu_bytes;
	u64 shared_bytes;
};

/**
 * vendorban_counts_plan() - lay out the counters of a policy
 * @l: filled in
 * @nr_rules: the policy's number of rules
 * @nr_cpus: the number of possible CPUs (0 is taken as 1)
 * @budget: bytes the per-CPU rows may take over all CPUs together
 *
 * As many rows per CPU as fit in @budget, the rest shared: the counters
 * take at most @budget + %VENDORBAN_COUNTS_ROW_SIZE bytes per row.
 */
static inline void vendorban_counts_plan(struct vendorban_counts_layout *l,
					 u32 nr_rules, u32 nr_cpus, u64 budget)
{
	u64 per_row = (u64)VENDORBAN_COUNTS_ROW_SIZE * (nr_cpus ? nr_cpus : 1);
	u64 fit = budget / per_row;

	l->nr_rows = nr_rules + VENDORBAN_COUNTS_EXTRA_ROWS;
	l->nr_percpu = fit < l->nr_rows ? (u32)fit : l->nr_rows;
	l->nr_shared = l->nr_rows - l->nr_percpu;
	l->percpu_bytes = (u64)l->nr_percpu * per_row;
	l->shared_bytes = (u64)l->nr_shared * VENDORBAN_COUNTS_ROW_SIZE;
}

/**
 * vendorban_counts_rank() - the rank of a row for the per-CPU budget
 * @nr_rules: the policy's number of rules
 * @row: a rule's index, or @nr_rules + one of the extra rows
 *
 * Return: the extra rows 0 to %VENDORBAN_COUNTS_EXTRA_ROWS - 1, then the
 * rules in order.  A rank below @nr_percpu of the layout is the row's
 * per-CPU index; else rank - @nr_percpu is its index among the shared.
 */
static inline u32 vendorban_counts_rank(u32 nr_rules, u32 row)
{
	return row >= nr_rules ? row - nr_rules :
				 row + VENDORBAN_COUNTS_EXTRA_ROWS;
}

#endif /* _SECURITY_VENDORBAN_COUNTS_LAYOUT_H */
