/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - subordinate uid ranges (the accounts of /etc/subuid)
 *
 * The text root writes to /sys/kernel/security/vendorban/subuids, and the
 * set it becomes: "OWNER START COUNT" per line, decimal uids of the initial
 * user namespace; uids START..START+COUNT-1 are OWNER's subordinate uids
 * (newuidmap lets him map them), so they count as his account
 * (kmod/audit.c rate_account()).  vendorbanctl subuids makes the text from
 * /etc/subuid and checks it with this same parser.
 */

#ifndef _SECURITY_VENDORBAN_SUBUIDS_H
#define _SECURITY_VENDORBAN_SUBUIDS_H

#include "compat.h"

/* Ranges in one set, at most. */
#define VENDORBAN_SUBUIDS_MAX 16384
/* The longest line: "4294967294 4294967294 4294967294\n". */
#define VENDORBAN_SUBUIDS_LINE_MAX 33
/* The longest text accepted: a full set and as much again of blanks. */
#define VENDORBAN_SUBUIDS_TEXT_MAX \
	(2 * VENDORBAN_SUBUIDS_MAX * VENDORBAN_SUBUIDS_LINE_MAX)
/* (uid_t)-1 is no uid: no range may reach it, no owner be it. */
#define VENDORBAN_SUBUIDS_NO_UID 4294967295U

/**
 * struct vendorban_subuid_range - one owner's subordinate uids
 * @start: the first
 * @count: how many (at least 1)
 * @owner: whose they are
 * @line: the line of the text it came from (for errors)
 */
struct vendorban_subuid_range {
	u32 start;
	u32 count;
	u32 owner;
	u32 line;
};

/**
 * struct vendorban_subuids - a set of ranges, sorted by @start, disjoint
 * @nr: how many
 * @range: the ranges
 */
struct vendorban_subuids {
	u32 nr;
	struct vendorban_subuid_range range[];
};

/**
 * struct vendorban_subuids_error - why a text was refused
 * @line: its line (1 for the first), 0 for the text as a whole
 * @reason: what is wrong there
 */
struct vendorban_subuids_error {
	unsigned int line;
	char reason[96];
};

int vendorban_subuids_parse(const char *text, size_t len,
			    struct vendorban_subuids **out,
			    struct vendorban_subuids_error *err);
bool vendorban_subuids_owner(const struct vendorban_subuids *set, u32 uid,
			     u32 *owner);
size_t vendorban_subuids_format(const struct vendorban_subuids *set,
				char *buf, size_t size);

#endif /* _SECURITY_VENDORBAN_SUBUIDS_H */
