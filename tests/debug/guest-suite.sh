#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the debug kernel's built-in boot (make check-debug), run
# as /tests/run.sh: the whole VM suite (tests/vm/guest/suite.sh, added as
# /tests/suite.sh), then a kmemleak scan of everything since boot
# (vb-stress --kmemleak), which must report nothing; then the stress run
# (tests/vm/stress/vb-stress.c), which scans and clears kmemleak's
# baseline first, so that what its own final scan reports is the run's.
# The stress run was a boot of its own; it runs here, after the suite,
# to spare a debug kernel's boot under TCG.  The suite leaves no lock
# and no require_signed behind (tool_test's lock step is off in it):
# vb-stress sets the mode and loads its own policies.  The host's
# run-vm.sh also fails the boot on any KASAN, lockdep, RCU or
# BUG/WARNING line of the kernel.

set -u
rc=0
/bin/sh /tests/suite.sh || rc=1
/tests/bin/vb-stress --kmemleak || rc=1
echo "# vendorban stress: vb-stress --swaps 1000"
/tests/bin/vb-stress --swaps 1000 --seconds 600 || rc=1
exit "$rc"
