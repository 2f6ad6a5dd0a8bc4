#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the policy-scale benchmark (run as /tests/run.sh by
# tests/bench/scale.sh, under QEMU's -icount): load time and kernel
# memory of policies of 1,000 to 1,000,000 rules of each kind, each in one
# write, then a package-like allow-list (a label per 32 rules).
# Not a test: one "ok" line when it ran to the end, "not ok" if a load
# failed or a policy read back differs.

set -u
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
B=/tests/bin/vb-policyscale
COUNTS=${SCALE_COUNTS:-1000 10000 100000 1000000}

failed=0
for kind in fingerprint issuer-serial file-sha256; do
	# shellcheck disable=SC2086
	$B -r "$kind" $COUNTS >/tmp/scale.out || failed=1
	sed 's/^/# /' /tmp/scale.out
done
if [ "${SCALE_LABELS:-1}" = 1 ]; then
	$B -r -l file-sha256 100000 >/tmp/scale.out || failed=1
	sed 's/^/# labels: /' /tmp/scale.out
fi
if [ "$failed" = 0 ]; then ok bench.scale; else not_ok bench.scale; fi
