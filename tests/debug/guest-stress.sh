#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the debug kernel's stress run (make check-debug), run as
# /tests/run.sh: vb-stress alone (tests/vm/stress/vb-stress.c), which
# prints its counts and TAP lines; the host's run-vm.sh also fails the run
# on any KASAN, lockdep, RCU or BUG/WARNING line of the kernel.

set -u
exec /tests/bin/vb-stress --swaps 1000 --seconds 600
