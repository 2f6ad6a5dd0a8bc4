#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the counters benchmark (run as /tests/run.sh by
# tests/bench/counters.sh, under QEMU's -icount): vb-countbench on a copy
# of the unsigned fixture on tmpfs (cache hits): its summary behind "# ",
# its data lines for tests/bench/report.sh as they are.  Not a test: one
# "ok" line when it ran to the end, "not ok" if it failed.

set -u
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
cp /fixtures/bin/unsigned /tmp/hello-counters
if /tests/bin/vb-countbench -n "${EXECS:-500}" -r "${ROUNDS:-5}" \
	/tmp/hello-counters "$SHA" >/tmp/counters.out; then
	grep -v '^bench-data|' /tmp/counters.out | sed 's/^/# /'
	grep '^bench-data|' /tmp/counters.out
	ok bench.counters
else
	not_ok bench.counters
fi
