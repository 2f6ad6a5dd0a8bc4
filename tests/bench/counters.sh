#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# counters.sh - what the per-rule hit counters cost on a decision-cache
# hit: builds vb-countbench, boots the 6.1 test kernel with -icount
# shift=4,sleep=off (guest time counts instructions, so runs repeat) and
# runs tests/bench/counters-guest.sh in the guest: no policy, a 10-rule
# ban and a 100,000-rule policy with its counters per CPU and shared,
# alternated, COUNTERS_ROUNDS rounds (default 5) of COUNTERS_EXECS execs
# (default 500); median, min and max as ratios to no policy.  Not part of
# `make check` (a benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
make -s kernel fixtures vm-programs
mkdir -p build/bench
cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	-o build/bench/vb-countbench tests/bench/vb-countbench.c
sha=$(sha256sum build/fixtures/bin/unsigned | cut -d' ' -f1)
guest=build/bench/counters-guest.sh
{
	echo '#!/bin/sh'
	echo "SHA=$sha ROUNDS=${COUNTERS_ROUNDS:-5} EXECS=${COUNTERS_EXECS:-500}"
	echo 'export SHA ROUNDS EXECS'
	tail -n +2 tests/bench/counters-guest.sh
} >"$guest"
chmod +x "$guest"
scripts/build-initramfs.sh --run tests \
	--add "$guest":tests/run.sh \
	--add build/bench/vb-countbench:tests/bin/vb-countbench \
	-o build/initramfs-counters.cpio.gz
VENDORBAN_QEMU_EXTRA="-icount shift=4,sleep=off" \
	scripts/run-vm.sh --kver 6.1 --initrd build/initramfs-counters.cpio.gz \
	--log build/vm-counters.log "$@" || true
grep '^# ' build/vm-counters.log | grep -v selftest
