#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the debug kernel's built-in boot (make check-debug), run as
# /tests/run.sh: the whole VM suite (tests/vm/guest/suite.sh, added as
# /tests/suite.sh; with tests/debug/guest-stress.sh as its
# /tests/before-last.sh: a kmemleak scan, then the stress run, before
# auditd_test.sh), then a kmemleak scan of what is new since the stress
# run's (vb-stress --kmemleak), which must report nothing.

set -u
rc=0
/bin/sh /tests/suite.sh || rc=1
/tests/bin/vb-stress --kmemleak || rc=1
exit "$rc"
