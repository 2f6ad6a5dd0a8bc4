// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the settings' decision (kmod/lib/settle.c)
 *
 * vendorban_policy_settle() on every fact and setting: a setting other
 * than "allow" decides alone for a file its fact holds of, in the order
 * writable, unverifiable, userns-mounts; "allow" passes to the next fact
 * and at last to the rules; the decisions made without reading the file
 * take no setting but their own; an unknown fact counts as not holding and
 * vendorban_policy_unknown() names exactly the unknown facts that could
 * have decided.  The magic numbers of the unverifiable filesystems.
 */

#include <linux/magic.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "unit.h"

#define YES	VENDORBAN_FACT_YES
#define NO	VENDORBAN_FACT_NO
#define UNK	VENDORBAN_FACT_UNKNOWN

static struct vendorban_policy policy(enum vendorban_action w,
				      enum vendorban_action u,
				      enum vendorban_action n)
{
	struct vendorban_policy p = {
		.default_action = VENDORBAN_ACTION_ALLOW,
		.writable_action = w, .unverifiable_action = u,
		.userns_mount_action = n,
		.memory_module_action = VENDORBAN_ACTION_AUDIT,
	};

	return p;
}

/* Settles @tf under @p: the reason, or "rules" when the rules decide. */
static const char *settle(const struct vendorban_policy *p,
			  enum vendorban_fact w, enum vendorban_fact u,
			  enum vendorban_fact n, enum vendorban_action *action)
{
	struct vendorban_trust_facts tf = {
		.writable = w, .unverifiable = u, .userns_mount = n,
	};
	struct vendorban_verdict v = { .cand = 7 };

	if (!vendorban_policy_settle(p, &tf, &v))
		return "rules";
	CHECK_EQ_INT(v.cand, -1);
	*action = v.action;
	return v.reason;
}

UNIT_TEST(defaults_deny_in_order)
{
	struct vendorban_policy p = policy(VENDORBAN_ACTION_DENY,
					   VENDORBAN_ACTION_DENY,
					   VENDORBAN_ACTION_DENY);
	enum vendorban_action a = VENDORBAN_ACTION_ALLOW;

	CHECK_EQ_STR(settle(&p, NO, NO, NO, &a), "rules");
	CHECK_EQ_STR(settle(&p, YES, YES, YES, &a), "writable");
	CHECK_EQ_INT(a, VENDORBAN_ACTION_DENY);
	CHECK_EQ_STR(settle(&p, NO, YES, YES, &a), "unverifiable");
	CHECK_EQ_STR(settle(&p, NO, NO, YES, &a), "userns-mount");
	/* unknown counts as not holding */
	CHECK_EQ_STR(settle(&p, UNK, UNK, UNK, &a), "rules");
	CHECK_EQ_STR(settle(&p, UNK, YES, NO, &a), "unverifiable");
}

UNIT_TEST(allow_passes_to_the_next)
{
	struct vendorban_policy p = policy(VENDORBAN_ACTION_ALLOW,
					   VENDORBAN_ACTION_AUDIT,
					   VENDORBAN_ACTION_ALLOW);
	enum vendorban_action a = VENDORBAN_ACTION_DENY;

	CHECK_EQ_STR(settle(&p, YES, NO, YES, &a), "rules");
	CHECK_EQ_STR(settle(&p, YES, YES, YES, &a), "unverifiable");
	CHECK_EQ_INT(a, VENDORBAN_ACTION_AUDIT);
}

/* The decisions made without reading: their own rule, whatever the facts. */
UNIT_TEST(unread)
{
	struct vendorban_policy p = policy(VENDORBAN_ACTION_AUDIT,
					   VENDORBAN_ACTION_DENY,
					   VENDORBAN_ACTION_DENY);
	static const struct {
		enum vendorban_unread unread;
		const char *reason;
		enum vendorban_action action;
	} cases[] = {
		{ VENDORBAN_UNREAD_NO_CACHE, "no-cached-allow",
		  VENDORBAN_ACTION_DENY },
		{ VENDORBAN_UNREAD_UNPINNED, "writable", VENDORBAN_ACTION_DENY },
		{ VENDORBAN_UNREAD_STALE, "writable", VENDORBAN_ACTION_AUDIT },
		{ VENDORBAN_UNREAD_MEMORY, "memory-module",
		  VENDORBAN_ACTION_AUDIT },
	};
	struct vendorban_trust_facts tf = { .unverifiable = YES };
	struct vendorban_verdict v;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tf.unread = cases[i].unread;
		CHECK(vendorban_policy_settle(&p, &tf, &v));
		CHECK_EQ_STR(v.reason, cases[i].reason);
		CHECK_EQ_INT(v.action, cases[i].action);
		CHECK_EQ_INT(vendorban_policy_unknown(&p, &tf), 0);
	}
}

UNIT_TEST(unknown_mask)
{
	struct vendorban_policy p = policy(VENDORBAN_ACTION_DENY,
					   VENDORBAN_ACTION_ALLOW,
					   VENDORBAN_ACTION_DENY);
	struct vendorban_trust_facts tf = {
		.writable = UNK, .unverifiable = UNK, .userns_mount = UNK,
	};

	/* unverifiable allow: its unknown cannot matter */
	CHECK_EQ_INT(vendorban_policy_unknown(&p, &tf),
		     VENDORBAN_UNKNOWN_WRITABLE |
		     VENDORBAN_UNKNOWN_USERNS_MOUNT);
	/* a fact that decides hides the unknowns after it */
	tf.writable = YES;
	CHECK_EQ_INT(vendorban_policy_unknown(&p, &tf), 0);
	tf.writable = NO;
	CHECK_EQ_INT(vendorban_policy_unknown(&p, &tf),
		     VENDORBAN_UNKNOWN_USERNS_MOUNT);
	tf.userns_mount = NO;
	CHECK_EQ_INT(vendorban_policy_unknown(&p, &tf), 0);
}

UNIT_TEST(unverifiable_magic)
{
	CHECK(vendorban_fs_magic_unverifiable(FUSE_SUPER_MAGIC));
	CHECK(vendorban_fs_magic_unverifiable(NFS_SUPER_MAGIC));
	CHECK(vendorban_fs_magic_unverifiable(CIFS_SUPER_MAGIC));
	CHECK(vendorban_fs_magic_unverifiable(V9FS_MAGIC));
	CHECK(!vendorban_fs_magic_unverifiable(EXT4_SUPER_MAGIC));
	CHECK(!vendorban_fs_magic_unverifiable(TMPFS_MAGIC));
	CHECK(!vendorban_fs_magic_unverifiable(OVERLAYFS_SUPER_MAGIC));
}

UNIT_MAIN(UNIT_CASE(defaults_deny_in_order),
	  UNIT_CASE(allow_passes_to_the_next),
	  UNIT_CASE(unread),
	  UNIT_CASE(unknown_mask),
	  UNIT_CASE(unverifiable_magic))
