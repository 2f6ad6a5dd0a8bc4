#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scale.sh [RUN-VM-ARG...] - policy-scale benchmark of the built-in form:
# builds vb-policyscale, boots the 6.1 test kernel with -icount
# shift=4,sleep=off (guest time counts instructions, so runs repeat) and
# runs tests/bench/scale-guest.sh in the guest.  Prints one line per
# policy: load time (guest seconds), the text's size and the kernel memory
# it took; build/bench/scale.tsv and the table and plot of
# tests/bench/report.sh hold the load time per rule as a ratio to the
# smallest policy of its kind and the kernel memory per rule.
# SCALE_COUNTS (default "1000 10000 100000 1000000") sets the sizes;
# SCALE_QEMU_EXTRA="" boots without -icount (memory figures only: the
# times are then not instruction counts); SCALE_LABELS=0 leaves out the
# labelled 100,000-rule allow-list.  Under -icount a rule costs about
# 10,000 guest instructions (0.16 ms; an issuer-serial rule 20,000): the
# default run is long (hours of TCG on a busy machine; give
# scripts/run-vm.sh a --timeout).  Not part of
# `make check` (a benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
BENCH_QEMU_EXTRA=${SCALE_QEMU_EXTRA--icount shift=4,sleep=off}
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
make -s kernel fixtures vm-programs
mkdir -p build/bench
cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	-o build/bench/vb-policyscale tests/bench/vb-policyscale.c
command="make bench-scale"
[ -n "${SCALE_COUNTS:-}" ] && command="SCALE_COUNTS='$SCALE_COUNTS' $command"
[ -n "${SCALE_LABELS:-}" ] && command="SCALE_LABELS=$SCALE_LABELS $command"
[ -n "${SCALE_QEMU_EXTRA+set}" ] && command="SCALE_QEMU_EXTRA='$SCALE_QEMU_EXTRA' $command"
rc=0
bench_vm scale tests/bench/scale-guest.sh \
	SCALE_COUNTS="${SCALE_COUNTS:-1000 10000 100000 1000000}" \
	SCALE_LABELS="${SCALE_LABELS:-1}" -- \
	--add build/bench/vb-policyscale:tests/bin/vb-policyscale --boot "$@" || rc=$?
grep '^# ' build/vm-scale.log | grep -v selftest || true
bench_collect scale "$command"
tests/bench/report.sh
exit "$rc"
