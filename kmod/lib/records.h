/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - a fixed table of exact records by 64-bit key
 */

#ifndef _SECURITY_VENDORBAN_RECORDS_H
#define _SECURITY_VENDORBAN_RECORDS_H

#include "compat.h"

/**
 * struct vendorban_record - one record
 * @key: its key, never 0
 * @val: what the caller keeps with it
 * @next: the next record of its bucket (or of the free list), as an index
 *	  plus one; 0 ends the chain
 */
struct vendorban_record {
	u64 key;
	u64 val;
	u32 next;
};

/**
 * struct vendorban_records - the table
 * @nodes: @capacity records, those not in use on the free list
 * @heads: 1 << @bucket_bits chains, each an index plus one (0: empty)
 * @capacity: how many records it holds at most
 * @bucket_bits: log2 of the number of chains
 * @free: the free list's first record, an index plus one (0: full)
 * @used: the records in use
 */
struct vendorban_records {
	struct vendorban_record *nodes;
	u32 *heads;
	u32 capacity;
	u32 bucket_bits;
	u32 free;
	u32 used;
};

void vendorban_records_init(struct vendorban_records *t,
			    struct vendorban_record *nodes, u32 capacity,
			    u32 *heads, u32 bucket_bits);
struct vendorban_record *
vendorban_records_find(const struct vendorban_records *t, u64 key);
struct vendorban_record *vendorban_records_claim(struct vendorban_records *t,
						 u64 key, bool *fresh);
bool vendorban_records_delete(struct vendorban_records *t, u64 key, u64 *val);
u32 vendorban_records_longest(const struct vendorban_records *t);

#endif /* _SECURITY_VENDORBAN_RECORDS_H */
