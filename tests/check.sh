#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh TARGET... - what `make check` runs: each make TARGET in turn
# (check-unit, check-vm...), its output shown as it comes and kept in
# build/check/TARGET.log, then a table of every part's wall time, result
# and the sum of its closing "N passed, N failed" lines.  The first part
# that fails stops the run, as make would; the table is printed anyway,
# the parts after it marked "not run".  Exits 1 if a part failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/check
make=${MAKE:-make}
mkdir -p "$logs"

names=() secs=() results=() counts=()
failed=0
start=$(date +%s)
for target in "$@"; do
	name=${target#check-}
	if [ "$failed" = 1 ]; then
		names+=("$name") secs+=("-") results+=("not run") counts+=("")
		continue
	fi
	t0=$(date +%s)
	"$make" --no-print-directory -C "$repo" "$target" 2>&1 |
		tee "$logs/$target.log"
	rc=${PIPESTATUS[0]}
	t1=$(date +%s)
	# every closing line of the part (several for some: tool, module...)
	count=$(grep -aoE '(^|: )[0-9]+ passed, [0-9]+ failed' "$logs/$target.log" |
		sed 's/^: //' | awk '{ p += $1; f += $3 }
			END { if (NR) printf "%d passed, %d failed", p, f }')
	names+=("$name") secs+=("$((t1 - t0))") counts+=("$count")
	if [ "$rc" = 0 ]; then
		results+=("ok")
	else
		results+=("FAILED (exit $rc)")
		failed=1
	fi
done

echo
echo "check: the parts' wall time (logs in build/check/)"
{
	printf 'check: %-12s %8s  %-18s %s\n' part seconds result assertions
	for i in "${!names[@]}"; do
		printf 'check: %-12s %8s  %-18s %s\n' "${names[$i]}" "${secs[$i]}" \
			"${results[$i]}" "${counts[$i]}"
	done
	printf 'check: %-12s %8s\n' total "$(($(date +%s) - start))"
} | sed 's/ *$//'
[ "$failed" = 0 ]
