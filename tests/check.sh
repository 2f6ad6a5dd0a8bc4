#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh TARGET... - what `make check` runs: each make TARGET in turn
# (check-unit, check-vm...), its output shown as it comes and kept in
# build/check/TARGET.log, then a table of every part's wall time, result
# and the sum of its closing "N passed, N failed" lines.  A part that
# fails does not stop the others (as make -k): one run gives every part's
# time and result.  The table is followed by the failing lines ("not ok",
# make errors) of every failed part, so that the end of the output, all a
# CI log may keep, says what failed.  Exits 1 if a part failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/check
make=${MAKE:-make}
mkdir -p "$logs"

names=() targets=() secs=() results=() counts=()
failed=0
start=$(date +%s)
for target in "$@"; do
	name=${target#check-}
	t0=$(date +%s)
	"$make" --no-print-directory -C "$repo" "$target" 2>&1 |
		tee "$logs/$target.log"
	rc=${PIPESTATUS[0]}
	t1=$(date +%s)
	# every closing line of the part (several for some: tool, module...)
	count=$(grep -aoE '(^|: )[0-9]+ passed, [0-9]+ failed' "$logs/$target.log" |
		sed 's/^: //' | awk '{ p += $1; f += $3 }
			END { if (NR) printf "%d passed, %d failed", p, f }')
	names+=("$name") targets+=("$target") secs+=("$((t1 - t0))") counts+=("$count")
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
for i in "${!names[@]}"; do
	case ${results[$i]} in ok) continue ;; esac
	echo "check: ${names[$i]} failed; its failing lines (build/check/${targets[$i]}.log):"
	grep -aE '(^|[: ])not ok |\*\*\*|FAIL|BUG:|WARNING:|Kernel panic' \
		"$logs/${targets[$i]}.log" |
		head -n 40 | sed 's/^/check:   /'
done
[ "$failed" = 0 ]
