#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - exec-cost benchmark of the built-in form: boots the test kernel
# with -icount shift=4,sleep=off (guest time counts instructions, so runs
# repeat) and runs tests/bench/exec-bench.sh in the guest.  Prints ratios
# to the no-policy baseline measured in the same boot.  Not part of
# `make check` (a benchmark is never a timed test).
#
# BENCH_WORST=1 runs only the crafted-file rows (the attacker's worst
# cases against a normal signed file, no 2 MiB rows), BENCH_ROUNDS their
# rounds (default 5): what a change to the parser is measured with.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
make -s kernel fixtures vm-programs tool
mkdir -p build/bench
guest=build/bench/exec-bench.sh
{
	echo '#!/bin/sh'
	echo "WORST_ONLY=${BENCH_WORST:-0} ROUNDS=${BENCH_ROUNDS:-5}"
	echo 'export WORST_ONLY ROUNDS'
	tail -n +2 tests/bench/exec-bench.sh
} >"$guest"
chmod +x "$guest"
scripts/build-initramfs.sh --run tests \
	--add "$guest":tests/run.sh \
	-o build/initramfs-bench.cpio.gz
VENDORBAN_QEMU_EXTRA="-icount shift=4,sleep=off" \
	scripts/run-vm.sh --kver 6.1 --initrd build/initramfs-bench.cpio.gz \
	--log build/vm-bench.log || true
grep '^# ' build/vm-bench.log | grep -v selftest
