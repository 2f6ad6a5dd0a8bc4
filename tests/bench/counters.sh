#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# counters.sh [RUN-VM-ARG...] - what the per-rule hit counters cost on a
# decision-cache hit: builds vb-countbench, boots the 6.1 test kernel with
# -icount shift=4,sleep=off (guest time counts instructions, so runs
# repeat) and runs tests/bench/counters-guest.sh in the guest: no policy,
# a 10-rule ban and a 100,000-rule policy with its counters per CPU and
# shared, alternated, COUNTERS_ROUNDS rounds (default 5) of COUNTERS_EXECS
# execs (default 500); median, min and max as ratios to no policy, in
# build/bench/counters.tsv and the table and plot of tests/bench/report.sh.
# Not part of `make check` (a benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
make -s kernel fixtures vm-programs
mkdir -p build/bench
cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	-o build/bench/vb-countbench tests/bench/vb-countbench.c
sha=$(sha256sum build/fixtures/bin/unsigned | cut -d' ' -f1)
command="make bench-counters"
[ -n "${COUNTERS_ROUNDS:-}" ] && command="COUNTERS_ROUNDS=$COUNTERS_ROUNDS $command"
[ -n "${COUNTERS_EXECS:-}" ] && command="COUNTERS_EXECS=$COUNTERS_EXECS $command"
rc=0
bench_vm counters tests/bench/counters-guest.sh SHA="$sha" \
	ROUNDS="${COUNTERS_ROUNDS:-5}" EXECS="${COUNTERS_EXECS:-500}" -- \
	--add build/bench/vb-countbench:tests/bin/vb-countbench --boot "$@" || rc=$?
grep '^# ' build/vm-counters.log | grep -v selftest || true
bench_collect counters "$command"
tests/bench/report.sh
exit "$rc"
