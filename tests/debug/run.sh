#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/debug/run.sh - vendorban on the debug kernel (make check-debug).
# Builds the "debug" variant of the 6.1 test kernel (KASAN, lockdep and
# RCU checking, kmemleak, failslab: scripts/kernel/variant-debug.fragment)
# and the test modules for it, then boots it twice under QEMU:
#   1. the whole VM suite (KUnit at boot and every tests/vm/*_test), then
#      a kmemleak scan (tests/debug/guest-suite.sh as /tests/run.sh),
#   2. the stress run: tests/vm/stress/vb-stress.c as the only program
#      (tests/debug/guest-stress.sh as /tests/run.sh).
# Each boot is judged by run-vm.sh, which also fails on any KASAN, lockdep,
# RCU or BUG/WARNING line, and ends with "vm: N passed, N failed".  Both
# boots run even if the first fails; the exit status says whether both
# passed.  VENDORBAN_DEBUG_VM_TIMEOUT overrides the per-boot timeout.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
timeout=${VENDORBAN_DEBUG_VM_TIMEOUT:-2400}
modules=build/vm/modules-6.1-debug

scripts/build-kernel.sh 6.1 debug || exit 1
tests/vm/module/build.sh "$modules" 6.1-debug || exit 1
scripts/build-initramfs.sh --run tests --modules "$modules" \
	--add tests/vm/guest/suite.sh:tests/suite.sh \
	--add tests/debug/guest-suite.sh:tests/run.sh \
	-o build/initramfs-tests-debug.cpio.gz || exit 1
scripts/build-initramfs.sh --run tests --modules "$modules" \
	--add tests/debug/guest-stress.sh:tests/run.sh \
	-o build/initramfs-stress-debug.cpio.gz || exit 1

failed=0
start=$(date +%s)
echo "check-debug: the VM suite on the debug kernel"
# the suite's filesystem tests need the ext4 disk (make disk); two vCPUs
# let lockdep and KASAN see the race tests run in parallel
scripts/run-vm.sh --kver 6.1-debug --initrd build/initramfs-tests-debug.cpio.gz \
	--log build/vm-tests-debug.log --timeout "$timeout" \
	--disk build/vm/disk-ext4.img --smp 2 || failed=1
mid=$(date +%s)
echo "check-debug: the suite took $((mid - start))s"
echo "check-debug: the stress run on the debug kernel"
scripts/run-vm.sh --kver 6.1-debug --initrd build/initramfs-stress-debug.cpio.gz \
	--log build/vm-stress-debug.log --timeout "$timeout" || failed=1
grep -a '^# \(banned\|allowed\|unsigned\|script\|mmap\|policy\|mode\) \|injected' \
	build/vm-stress-debug.log | sed 's/^/check-debug: stress: /'
echo "check-debug: the stress run took $(($(date +%s) - mid))s"
exit "$failed"
