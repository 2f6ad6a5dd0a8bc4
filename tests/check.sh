#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh TARGET... - what `make check` runs: each make TARGET in turn
# (check-unit, check-vm...), its output shown as it comes and kept in
# build/check/TARGET.log, then a table of every part's wall time, result
# and the sum of its closing "N passed, N failed" lines.  A part that
# fails does not stop the others (as make -k): one run gives every part's
# time and result.  First the ten slowest VM boots and the ten slowest
# test programs in them, with their part (the lines scripts/run-vm.sh
# prints), then the first failing lines ("not ok", make errors) of every
# failed part, and last the table: the end of the output, all a CI log
# may keep (CI's kept tail lost the first rows of the table after 40
# failing lines), says what failed and what each part cost.  Exits 1 if
# a part failed.
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
# The slowest VM boots and test programs of all parts: scripts/run-vm.sh's
# "vm: the boot took Ns [KVER]" and "vm: took Ns: NAME [KVER]" lines
# (the ten slowest programs of each boot), ten of each, slowest first.
slowest() {
	for target in "${targets[@]}"; do
		sed -n "s/^vm: $1 \([0-9][0-9]*\)s:* \(.*\)\$/\1 ${target#check-} \2/p" \
			"$logs/$target.log"
	done | sort -k1,1nr | head -n 10 |
		while read -r secs part what; do
			printf 'check: %-12s %8s  %s\n' "$part" "$secs" "$what"
		done
}
boots=$(slowest 'the boot took')
if [ -n "$boots" ]; then
	echo "check: the slowest VM boots (seconds)"
	echo "$boots"
	echo "check: the slowest test programs in them (seconds)"
	slowest took
fi
for i in "${!names[@]}"; do
	case ${results[$i]} in ok) continue ;; esac
	echo "check: ${names[$i]} failed; its failing lines (build/check/${targets[$i]}.log):"
	grep -aE '(^|[: ])not ok |\*\*\*|FAIL|BUG:|WARNING:|Kernel panic|: error: ' \
		"$logs/${targets[$i]}.log" |
		head -n 12 | sed 's/^/check:   /'
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
