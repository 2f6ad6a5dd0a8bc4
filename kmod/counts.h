/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - per-rule hit counters
 */

#ifndef _SECURITY_VENDORBAN_COUNTS_H
#define _SECURITY_VENDORBAN_COUNTS_H

#include <linux/fs.h>
#include <linux/types.h>

struct vendorban_counts;
struct vendorban_decision;

struct vendorban_counts *vendorban_counts_alloc(unsigned int nr_rules);
void vendorban_counts_free(struct vendorban_counts *counts);
u32 vendorban_counts_row(const struct vendorban_decision *d);
void vendorban_counts_decision(struct vendorban_counts *counts,
			       const struct vendorban_decision *d);
void vendorban_counts_cached_allow(struct vendorban_counts *counts, u32 row);

extern const struct file_operations vendorban_counts_fops;

#endif /* _SECURITY_VENDORBAN_COUNTS_H */
