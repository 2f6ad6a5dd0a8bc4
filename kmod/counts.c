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
 * netfilter's rule counters are, so no cache line is shared between CPUs.
 * The percpu allocator hands out at most PCPU_MIN_UNIT_SIZE at a time,
 * hence the blocks.  Cost: 16 bytes per rule per possible CPU.
 */

#include "common.h"

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "counts.h"
#include "decide.h"
#include "state.h"

/* The rows after the rules'. */
enum vendorban_extra_row {
	VB_ROW_DEFAULT,
	VB_ROW_NONE_DENY,
	VB_ROW_NONE_AUDIT,
	VB_ROW_NONE_ALLOW,
	VB_NR_EXTRA_ROWS
};

/* Slot 0 of a row: its action applied; slot 1: would-deny. */
#define VB_SLOTS_PER_ROW	2
#define VB_SLOTS_PER_BLOCK	(PCPU_MIN_UNIT_SIZE / sizeof(u64))

/**
 * struct vendorban_counts - the hit counters of one policy
 * @nr_rules: the policy's number of rules
 * @nr_blocks: the number of blocks
 * @block: per-CPU blocks of %VB_SLOTS_PER_BLOCK slots (the last may be
 *         shorter); slot i of the counters is slot i % %VB_SLOTS_PER_BLOCK
 *         of block i / %VB_SLOTS_PER_BLOCK
 */
struct vendorban_counts {
	unsigned int nr_rules;
	unsigned int nr_blocks;
	u64 __percpu *block[];
};

static size_t nr_slots(unsigned int nr_rules)
{
	return ((size_t)nr_rules + VB_NR_EXTRA_ROWS) * VB_SLOTS_PER_ROW;
}

/**
 * vendorban_counts_alloc() - zeroed counters for a policy
 * @nr_rules: its number of rules
 *
 * Context: process context, may sleep.
 * Return: the counters, or NULL if memory ran out.
 */
struct vendorban_counts *vendorban_counts_alloc(unsigned int nr_rules)
{
	size_t slots = nr_slots(nr_rules), left, n;
	unsigned int nr_blocks = DIV_ROUND_UP(slots, VB_SLOTS_PER_BLOCK), i;
	struct vendorban_counts *counts;

	counts = kzalloc(struct_size(counts, block, nr_blocks), GFP_KERNEL);
	if (!counts)
		return NULL;
	counts->nr_rules = nr_rules;
	counts->nr_blocks = nr_blocks;
	for (i = 0, left = slots; i < nr_blocks; i++, left -= n) {
		n = min_t(size_t, left, VB_SLOTS_PER_BLOCK);
		counts->block[i] = __alloc_percpu(n * sizeof(u64),
						  __alignof__(u64));
		if (!counts->block[i]) {
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
	unsigned int i;

	if (!counts)
		return;
	for (i = 0; i < counts->nr_blocks; i++)
		free_percpu(counts->block[i]);
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
	this_cpu_inc(*slot_ptr(counts, (size_t)row * VB_SLOTS_PER_ROW +
				       would_deny));
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
	u64 __percpu *slot = slot_ptr(counts, (size_t)row * VB_SLOTS_PER_ROW +
					      would_deny);
	u64 total = 0;
	int cpu;

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
