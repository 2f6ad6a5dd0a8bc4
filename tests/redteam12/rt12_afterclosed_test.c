// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-2, second part - rt12_rootmaps_test.c's after_closed
 * alone (a test of its own: the first part's loss would be inherited in
 * the same load): RT12-1's fill to EVICTED_CLOSED by 6 subordinate uids,
 * then NR_AFTER (8,192, the room CLOSED keeps) of nobody's O_TMPFILE
 * writers mapped by the root server.  Module form.
 */
#define RT12_AFTER_CLOSED
#include "rt12_rootmaps_test.c"
