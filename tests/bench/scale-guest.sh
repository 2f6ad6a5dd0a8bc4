#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the policy-scale benchmark (run as /tests/run.sh by
# tests/bench/scale.sh, under QEMU's -icount): load time and kernel
# memory of policies of 1,000 to 1,000,000 rules of each kind, each in one
# write, then a package-like allow-list (a label per 32 rules).  Prints
# vb-policyscale's lines behind "# ", then data lines
# "bench-data|TABLE|ROW|1|VALUE|AGAINST" for tests/bench/report.sh: per
# policy its load time per rule as a ratio to that of the smallest policy
# of its kind (the labelled one: to the unlabelled one of its size), and
# its kernel memory per rule.  Not a test: one "ok" line when it ran to
# the end, "not ok" if a load failed or a policy read back differs.

set -u
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
B=/tests/bin/vb-policyscale
COUNTS=${SCALE_COUNTS:-1000 10000 100000 1000000}

failed=0
: >/tmp/scale.all
for kind in fingerprint issuer-serial file-sha256; do
	# shellcheck disable=SC2086
	$B -r "$kind" $COUNTS >/tmp/scale.out || failed=1
	sed 's/^/# /' /tmp/scale.out
	cat /tmp/scale.out >>/tmp/scale.all
done
if [ "${SCALE_LABELS:-1}" = 1 ]; then
	$B -r -l file-sha256 100000 >/tmp/scale.out || failed=1
	sed 's/^/# labels: /' /tmp/scale.out
	sed 's/^scale /labels /' /tmp/scale.out >>/tmp/scale.all
fi
awk '($1 == "scale" || $1 == "labels") && $4 ~ /^load_s=/ && !/ error=/ {
	kind = $2; n = $3; load = substr($4, 8) / n; per = ""
	for (i = 5; i <= NF; i++)
		if ($i ~ /^bytes_per_rule=/)
			per = substr($i, 16)
	if ($1 == "labels") {
		row = kind " with a label per 32 rules, " n " rules"
		if (!((kind, n) in at)) next
		ref = at[kind, n]; against = "the unlabelled " kind " policy of " n " rules"
	} else {
		row = kind ", " n " rules"
		at[kind, n] = load
		if (!(kind in first)) { first[kind] = load; fn[kind] = n }
		ref = first[kind]; against = "the " kind " policy of " fn[kind] " rules"
	}
	printf "bench-data|scale-load|%s|1|%.6f|load time per rule of %s, same boot\n", \
		row, load / ref, against
	printf "bench-data|scale-mem|%s|1|%s|bytes of kernel memory per rule (MemFree before and after)\n", \
		row, per
}' /tmp/scale.all
if [ "$failed" = 0 ]; then ok bench.scale; else not_ok bench.scale; fi
