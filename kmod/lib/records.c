// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - a fixed table of exact records by 64-bit key
 *
 * The loadable form's records of suspicions (kmod/module/evicted.c) are
 * kept here.  They were an open-addressed table probed linearly, at most
 * 64 probes: a key whose 64 slots were taken found no room although the
 * table was far from full (redteam12, RT12-9: 8.5 % of random fills of
 * 65,536 slots failed at or below 40,960 records, the first failure's
 * median at 44,543).  Here every record is one of @capacity nodes, chained
 * from the bucket its key picks; a claim takes the first node of a free
 * list, so it finds room whatever the keys are, until exactly @capacity
 * records are in use.  What the keys choose is only the length of a
 * chain, which costs a lookup time, not room (the keys are a keyed hash:
 * random to whoever picks the inodes; tests/unit/test_records.c measures
 * the longest chain over many fills).  A record may be deleted: its node
 * goes back to the free list.
 *
 * The table does no locking: its user serialises every call, lookups
 * included (a node deleted is reused at once).  No allocation: the caller
 * gives the arrays.
 */

#include "records.h"

/* The chain @key is on. */
static u32 *head_of(const struct vendorban_records *t, u64 key)
{
	/* the key is a keyed hash: its top bits are as random as any */
	return &t->heads[key >> (64 - t->bucket_bits)];
}

/**
 * vendorban_records_init() - make an empty table
 * @t: the table
 * @nodes: @capacity records (contents ignored)
 * @capacity: how many (below 2^32 - 1)
 * @heads: 1 << @bucket_bits chains (contents ignored)
 * @bucket_bits: log2 of the number of chains, 1 to 31
 *
 * Context: any.
 */
void vendorban_records_init(struct vendorban_records *t,
			    struct vendorban_record *nodes, u32 capacity,
			    u32 *heads, u32 bucket_bits)
{
	u32 i;

	t->nodes = nodes;
	t->heads = heads;
	t->capacity = capacity;
	t->bucket_bits = bucket_bits;
	t->used = 0;
	for (i = 0; i < (1U << bucket_bits); i++)
		heads[i] = 0;
	for (i = 0; i < capacity; i++) {
		nodes[i].key = 0;
		nodes[i].val = 0;
		nodes[i].next = i + 1 < capacity ? i + 2 : 0;
	}
	t->free = capacity ? 1 : 0;
}

/**
 * vendorban_records_find() - the record of a key
 * @t: the table
 * @key: the key (not 0)
 *
 * Context: the caller's lock of @t.
 * Return: the record, or NULL if @key has none.
 */
struct vendorban_record *
vendorban_records_find(const struct vendorban_records *t, u64 key)
{
	u32 i = *head_of(t, key);

	while (i) {
		if (t->nodes[i - 1].key == key)
			return &t->nodes[i - 1];
		i = t->nodes[i - 1].next;
	}
	return NULL;
}

/**
 * vendorban_records_claim() - the record of a key, made if it has none
 * @t: the table
 * @key: the key (not 0)
 * @fresh: set to true if the record was made now (its @val is 0)
 *
 * Context: the caller's lock of @t.
 * Return: the record; NULL only when @key has none and all @capacity
 * records are in use.
 */
struct vendorban_record *vendorban_records_claim(struct vendorban_records *t,
						 u64 key, bool *fresh)
{
	struct vendorban_record *r = vendorban_records_find(t, key);
	u32 *head;
	u32 i;

	*fresh = false;
	if (r)
		return r;
	i = t->free;
	if (!i)
		return NULL;
	r = &t->nodes[i - 1];
	t->free = r->next;
	head = head_of(t, key);
	r->key = key;
	r->val = 0;
	r->next = *head;
	*head = i;
	t->used++;
	*fresh = true;
	return r;
}

/**
 * vendorban_records_delete() - delete the record of a key
 * @t: the table
 * @key: the key (not 0)
 * @val: set to the record's value if it had one (may be NULL)
 *
 * Context: the caller's lock of @t.
 * Return: true if @key had a record (now deleted).
 */
bool vendorban_records_delete(struct vendorban_records *t, u64 key, u64 *val)
{
	u32 *link = head_of(t, key);
	struct vendorban_record *r;
	u32 i;

	for (i = *link; i; link = &r->next, i = *link) {
		r = &t->nodes[i - 1];
		if (r->key != key)
			continue;
		if (val)
			*val = r->val;
		*link = r->next;
		r->key = 0;
		r->val = 0;
		r->next = t->free;
		t->free = i;
		t->used--;
		return true;
	}
	return false;
}

/**
 * vendorban_records_longest() - the longest chain (what a lookup may walk)
 * @t: the table
 *
 * Context: the caller's lock of @t; walks the whole table (tests).
 * Return: the number of records on the longest chain.
 */
u32 vendorban_records_longest(const struct vendorban_records *t)
{
	u32 b, i, n, longest = 0;

	for (b = 0; b < (1U << t->bucket_bits); b++) {
		n = 0;
		for (i = t->heads[b]; i; i = t->nodes[i - 1].next)
			n++;
		if (n > longest)
			longest = n;
	}
	return longest;
}
