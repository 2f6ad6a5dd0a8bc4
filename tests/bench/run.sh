#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh [RUN-VM-ARG...] - exec-cost benchmark of the built-in form: boots
# the 6.1 test kernel with -icount shift=4,sleep=off (guest time counts
# instructions, so runs repeat) and runs tests/bench/exec-bench.sh in the
# guest, BENCH_ROUNDS rounds (default 5) of BENCH_EXECS execs (default
# 200) per configuration and round; writes build/bench/exec.tsv (each
# round's ratio to what it is measured against in the same boot) and the
# table and plot of tests/bench/report.sh, and prints the table.  Not part
# of `make check` (a benchmark is never a timed test).
#
# BENCH_WORST=1 runs only the crafted-file rows (the attacker's worst
# cases against a normal signed file, no 2 MiB rows): what a change to the
# parser is measured with.  RUN-VM-ARGs go to scripts/run-vm.sh (e.g.
# --timeout 7200).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
make -s kernel fixtures vm-programs tool
command="make bench-exec"
[ "${BENCH_WORST:-0}" = 1 ] && command="BENCH_WORST=1 $command"
[ -n "${BENCH_ROUNDS:-}" ] && command="BENCH_ROUNDS=$BENCH_ROUNDS $command"
[ -n "${BENCH_EXECS:-}" ] && command="BENCH_EXECS=$BENCH_EXECS $command"
rc=0
bench_vm exec tests/bench/exec-bench.sh WORST_ONLY="${BENCH_WORST:-0}" \
	ROUNDS="${BENCH_ROUNDS:-5}" N="${BENCH_EXECS:-200}" -- --boot "$@" || rc=$?
bench_collect exec "$command"
tests/bench/report.sh
exit "$rc"
