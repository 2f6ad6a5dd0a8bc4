// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - per-rule hit counters
 *
 * Every loaded policy has its own counters, allocated and freed with it:
 * a decision counts in the policy that made it, and a load starts from
 * zero.  One row per rule, and four more for what no rule decided: the
 * policy's default ("rule_line=default" in the audit records) and, one per
 * action, the decisions made without consulting the rules
 * ("rule_line=none": the writable, unverifiable and memory-modules
 * settings, malformed files, an mprotect without a cached allow).  So
 * each row has one action, and two slots: the decisions that applied it
 * (enforced deny, audit, allow) and the would-denies (a deny in permissive
 * mode).  An allow answered from the decision cache counts in the row
 * that made the cached decision (cache.c keeps it).
 *
 * Every exec adds one to a counter: the counters are per CPU, as
 * netfilter's rule counters are, so no cache line is shared between CPUs,
 * but only within a budget (counters_percpu_kib, over all possible CPUs):
 * the rows beyond it are shared atomic counters (lib/counts_layout.h), so
 * a policy of a million rules does not take GiBs on a large server.  The
 * percpu allocator hands out at most PCPU_MIN_UNIT_SIZE at a time, hence
 * the blocks.  Cost: 16 bytes per rule, and up to the budget per policy.
 */

#include "common.h"

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "counts.h"
#include "decide.h"
#include "lib/counts_layout.h"
#include "state.h"

/* The rows after the rules'. */
enum vendorban_extra_row {
	VB_ROW_DEFAULT,
	VB_ROW_NONE_DENY,
	VB_ROW_NONE_AUDIT,
	VB_ROW_NONE_ALLOW,
	VB_NR_EXTRA_ROWS
};

static_assert(VB_NR_EXTRA_ROWS == VENDORBAN_COUNTS_EXTRA_ROWS);

/* Slot 0 of a row: its action applied; slot 1: would-deny. */
#define VB_SLOTS_PER_ROW	2
#define VB_SLOTS_PER_BLOCK	(PCPU_MIN_UNIT_SIZE / sizeof(u64))
static_assert(VB_SLOTS_PER_ROW * sizeof(u64) == VENDORBAN_COUNTS_ROW_SIZE);

/*
 * vendorban.counters_percpu_kib: the per-CPU memory, over all possible
 * CPUs, that the counters of one policy may take; read at each load.
 */
static unsigned int counters_percpu_kib = VENDORBAN_COUNTS_PERCPU_KIB;
module_param(counters_percpu_kib, uint, 0600);
MODULE_PARM_DESC(counters_percpu_kib,
		 "Per-CPU memory (KiB, all CPUs) for one policy's rule counters; the rest are shared");

/**
 * struct vendorban_counts - the hit counters of one policy
 * @nr_rules: the policy's number of rules
 * @layout: which rows are per CPU, which shared
 * @shared: the shared rows' slots, %VB_SLOTS_PER_ROW per row, or NULL
 * @nr_blocks: the number of per-CPU blocks
 * @block: per-CPU blocks of %VB_SLOTS_PER_BLOCK slots (the last may be
 *         shorter); per-CPU slot i is slot i % %VB_SLOTS_PER_BLOCK of
 *         block i / %VB_SLOTS_PER_BLOCK
 */
struct vendorban_counts {
	unsigned int nr_rules;
	struct vendorban_counts_layout layout;
	atomic64_t *shared;
	unsigned int nr_blocks;
	u64 __percpu *block[];
};

static int alloc_percpu_blocks(struct vendorban_counts *counts)
{
	size_t left = (size_t)counts->layout.nr_percpu * VB_SLOTS_PER_ROW, n;
	unsigned int i;

	for (i = 0; i < counts->nr_blocks; i++, left -= n) {
		n = min_t(size_t, left, VB_SLOTS_PER_BLOCK);
		counts->block[i] = __alloc_percpu(n * sizeof(u64),
						  __alignof__(u64));
		if (!counts->block[i])
			return -ENOMEM;
	}
	return 0;
}

static void free_percpu_blocks(struct vendorban_counts *counts)
{
	unsigned int i;

	for (i = 0; i < counts->nr_blocks; i++) {
		free_percpu(counts->block[i]);
		counts->block[i] = NULL;
	}
}

/**
 * vendorban_counts_alloc() - zeroed counters for a policy
 * @nr_rules: its number of rules
 *
 * Per-CPU rows within the budget; if the percpu allocator cannot give
 * them, all rows are shared (exact all the same) rather than the policy
 * refused.
 *
 * Context: process context, may sleep.
 * Return: the counters, or NULL if memory ran out.
 */
struct vendorban_counts *vendorban_counts_alloc(unsigned int nr_rules)
{
	u64 budget = (u64)READ_ONCE(counters_percpu_kib) * 1024;
	struct vendorban_counts_layout l;
	struct vendorban_counts *counts;
	unsigned int nr_blocks;

	vendorban_counts_plan(&l, nr_rules, num_possible_cpus(), budget);
	nr_blocks = DIV_ROUND_UP((size_t)l.nr_percpu * VB_SLOTS_PER_ROW,
				 VB_SLOTS_PER_BLOCK);
	counts = kzalloc(struct_size(counts, block, nr_blocks), GFP_KERNEL);
	if (!counts)
		return NULL;
	counts->nr_rules = nr_rules;
	counts->layout = l;
	counts->nr_blocks = nr_blocks;
	if (alloc_percpu_blocks(counts)) {
		free_percpu_blocks(counts);
		pr_warn("rule counters: %llu bytes of per-CPU memory not available, using shared counters\n",
			l.percpu_bytes);
		vendorban_counts_plan(&counts->layout, nr_rules, 1, 0);
	}
	if (counts->layout.nr_shared) {
		counts->shared = kvcalloc((size_t)counts->layout.nr_shared *
					  VB_SLOTS_PER_ROW,
					  sizeof(*counts->shared), GFP_KERNEL);
		if (!counts->shared) {
			vendorban_counts_free(counts);
			return NULL;
		}
	}
	return counts;
}

/**
 * vendorban_counts_free() - free a policy's counters
 * @counts: the counters, or NULL
 *
 * Context: process context.
 */
void vendorban_counts_free(struct vendorban_counts *counts)
{
	if (!counts)
		return;
	free_percpu_blocks(counts);
	kvfree(counts->shared);
	kfree(counts);
}

static u64 __percpu *slot_ptr(const struct vendorban_counts *counts,
			      size_t slot)
{
	return counts->block[slot / VB_SLOTS_PER_BLOCK] +
	       slot % VB_SLOTS_PER_BLOCK;
}

static void hit(struct vendorban_counts *counts, u32 row, bool would_deny)
{
	u32 rank = vendorban_counts_rank(counts->nr_rules, row);
	u32 nr_percpu = counts->layout.nr_percpu;

	if (likely(rank < nr_percpu))
		this_cpu_inc(*slot_ptr(counts, (size_t)rank * VB_SLOTS_PER_ROW +
					       would_deny));
	else
		atomic64_inc(&counts->shared[(size_t)(rank - nr_percpu) *
					     VB_SLOTS_PER_ROW + would_deny]);
}

/**
 * vendorban_counts_row() - the row a decision counts in
 * @d: the decision (its @policy, @rule, @reason and @action set)
 *
 * Return: the row: the deciding rule's index, else one after the rules.
 */
u32 vendorban_counts_row(const struct vendorban_decision *d)
{
	u32 rules = d->policy->nr_rules;

	if (d->rule)
		return d->rule - d->policy->rules;
	if (!d->reason)
		return rules + VB_ROW_DEFAULT;
	switch (d->action) {
	case VENDORBAN_ACTION_DENY:
		return rules + VB_ROW_NONE_DENY;
	case VENDORBAN_ACTION_AUDIT:
		return rules + VB_ROW_NONE_AUDIT;
	default:
		return rules + VB_ROW_NONE_ALLOW;
	}
}

/**
 * vendorban_counts_decision() - count a decision in its policy's counters
 * @counts: the counters of the policy that decided (@d->policy)
 * @d: the decision, concluded (@denied set)
 *
 * Context: any; does not sleep.
 */
void vendorban_counts_decision(struct vendorban_counts *counts,
			       const struct vendorban_decision *d)
{
	hit(counts, vendorban_counts_row(d),
	    d->action == VENDORBAN_ACTION_DENY && !d->denied);
}

/**
 * vendorban_counts_cached_allow() - count an allow from the decision cache
 * @counts: the counters of the policy in force
 * @row: the row the cached decision counted in, made under that policy
 *
 * Context: any; does not sleep.
 */
void vendorban_counts_cached_allow(struct vendorban_counts *counts, u32 row)
{
	if (!WARN_ON_ONCE(row >= counts->nr_rules + VB_NR_EXTRA_ROWS))
		hit(counts, row, false);
}

static u64 sum(const struct vendorban_counts *counts, u32 row, bool would_deny)
{
	u32 rank = vendorban_counts_rank(counts->nr_rules, row);
	u32 nr_percpu = counts->layout.nr_percpu;
	u64 __percpu *slot;
	u64 total = 0;
	int cpu;

	if (rank >= nr_percpu)
		return atomic64_read(&counts->shared[(size_t)(rank - nr_percpu) *
						     VB_SLOTS_PER_ROW +
						     would_deny]);
	slot = slot_ptr(counts, (size_t)rank * VB_SLOTS_PER_ROW + would_deny);
	for_each_possible_cpu(cpu)
		total += *per_cpu_ptr(slot, cpu);
	return total;
}

/*
 * One line: NAME ACTION DENY WOULD_DENY AUDIT ALLOW LABEL.  Labels and
 * action names need no quoting (the parser allows A-Z a-z 0-9 . _ -).
 */
static void show_row(struct seq_file *m, const char *name, const char *action,
		     enum vendorban_action act, u64 done, u64 would_deny,
		     const char *label)
{
	seq_printf(m, "%s %s %llu %llu %llu %llu %s\n", name, action,
		   act == VENDORBAN_ACTION_DENY ? done : 0, would_deny,
		   act == VENDORBAN_ACTION_AUDIT ? done : 0,
		   act == VENDORBAN_ACTION_ALLOW ? done : 0,
		   label && label[0] ? label : "-");
}

static void show_rules(struct seq_file *m, const struct vendorban_active *active)
{
	const struct vendorban_policy *p = active->policy;
	const struct vendorban_counts *c = active->counts;
	char line[16];
	u32 i;

	for (i = 0; i < p->nr_rules; i++) {
		const struct vendorban_rule *r = &p->rules[i];

		snprintf(line, sizeof(line), "%u", r->line);
		show_row(m, line, vendorban_action_name(r->action), r->action,
			 sum(c, i, false), sum(c, i, true), r->label);
		cond_resched();
	}
	i = p->nr_rules;
	show_row(m, "default", vendorban_action_name(p->default_action),
		 p->default_action, sum(c, i + VB_ROW_DEFAULT, false),
		 sum(c, i + VB_ROW_DEFAULT, true), NULL);
	/* The three rows without a rule read as one, of no single action. */
	seq_printf(m, "none - %llu %llu %llu %llu -\n",
		   sum(c, i + VB_ROW_NONE_DENY, false),
		   sum(c, i + VB_ROW_NONE_DENY, true),
		   sum(c, i + VB_ROW_NONE_AUDIT, false),
		   sum(c, i + VB_ROW_NONE_ALLOW, false));
}

static int counts_show(struct seq_file *m, void *v)
{
	struct vendorban_active *active = vendorban_get_active();
	const struct vendorban_policy *p;

	if (!active)
		return 0;
	p = active->policy;
	seq_printf(m, "policy: %s\nversion: %u\ndigest: sha256:%*phN\n",
		   p->name, p->version, (int)sizeof(p->digest), p->digest);
	show_rules(m, active);
	vendorban_put_active(active);
	return 0;
}

/* About what a line takes, so that seq_file need not retry. */
#define VB_COUNTS_LINE_SIZE	96

static int counts_open(struct inode *inode, struct file *file)
{
	struct vendorban_active *active = vendorban_get_active();
	size_t size = PAGE_SIZE;

	if (active)
		size += ((size_t)active->policy->nr_rules + 2) *
			VB_COUNTS_LINE_SIZE;
	vendorban_put_active(active);
	return single_open_size(file, counts_show, NULL, size);
}

/* securityfs rule_counts: see docs/kernel-interface.md. */
const struct file_operations vendorban_counts_fops = {
	.owner = THIS_MODULE,
	.open = counts_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
