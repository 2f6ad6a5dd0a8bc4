#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the debug kernel's stress run (make check-debug), added
# as /tests/before-last.sh: tests/vm/guest/suite.sh runs it after every
# *_test program and before auditd_test.sh, which locks the policy (the
# stress run replaces it 1,000 times).  First a kmemleak scan of
# everything since boot, which must report nothing: vb-stress then scans
# and clears kmemleak's baseline, so that what its own final scan reports
# is the run's.  Then vb-stress (tests/vm/stress/vb-stress.c), which
# prints its counts and TAP lines; the host's run-vm.sh also fails the
# boot on any KASAN, lockdep, RCU or BUG/WARNING line of the kernel.
# (The stress run had a boot of its own: one debug kernel boot less.)

set -u
rc=0
/tests/bin/vb-stress --kmemleak || rc=1
/tests/bin/vb-stress --swaps 1000 --seconds 600 || rc=1
exit "$rc"
