#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scale.sh - policy-scale benchmark of the built-in form: builds
# vb-policyscale, boots the 6.1 test kernel with -icount shift=4,sleep=off
# (guest time counts instructions, so runs repeat) and runs
# tests/bench/scale-guest.sh in the guest.  Prints one line per policy:
# load time (guest seconds), the text's size and the kernel memory it
# took.  SCALE_COUNTS (default "1000 10000 100000 1000000") sets the
# sizes; SCALE_QEMU_EXTRA="" boots without -icount (memory figures
# only: the times are then not instruction counts); SCALE_LABELS=0 leaves out the labelled 100,000-rule allow-list.
# Under -icount a rule costs about 16,000 guest instructions (0.25 ms):
# the default run is long (hours of TCG on a busy machine).  Not part of `make check` (a benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
make -s kernel fixtures vm-programs
mkdir -p build/bench
cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	-o build/bench/vb-policyscale tests/bench/vb-policyscale.c
guest=build/bench/scale-guest.sh
{
	echo '#!/bin/sh'
	echo "SCALE_COUNTS='${SCALE_COUNTS:-1000 10000 100000 1000000}'"
	echo "SCALE_LABELS='${SCALE_LABELS:-1}'"
	echo 'export SCALE_COUNTS SCALE_LABELS'
	tail -n +2 tests/bench/scale-guest.sh
} > "$guest"
chmod +x "$guest"
scripts/build-initramfs.sh --run tests \
	--add "$guest":tests/run.sh \
	--add build/bench/vb-policyscale:tests/bin/vb-policyscale \
	-o build/initramfs-scale.cpio.gz
VENDORBAN_QEMU_EXTRA="${SCALE_QEMU_EXTRA--icount shift=4,sleep=off}" \
	scripts/run-vm.sh --kver 6.1 --initrd build/initramfs-scale.cpio.gz \
	--log build/vm-scale.log "$@" || true
grep '^# ' build/vm-scale.log | grep -v selftest
