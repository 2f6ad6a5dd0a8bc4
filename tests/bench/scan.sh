#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scan.sh - what `vendorbanctl scan` costs on a real tree, on the host
# (SCAN_CTL: another vendorbanctl than build/userspace's, e.g. an older
# build): the tree (SCAN_TREE, default /usr, one file system) read whole first,
# untimed, so every round reads it from the page cache; then SCAN_ROUNDS
# rounds (default 5), each of, in turn:
#
#   cat    every regular file read to its end: find -xdev -type f -exec
#          cat {} + >/dev/null (the reference)
#   walk   the walk alone: find -xdev -type f >/dev/null (every file
#          stat'ed, none opened): what no scan can go under
#   scan   vendorbanctl scan -p policy/eu-kaspersky-ban.policy TREE
#          (every regular file's kind by its content, the signatures of
#          each file the kernel checks read and decided under a real ban)
#
# each timed in CPU seconds (user and system, its children's included:
# the machine's other work changes them less than the wall clock) and in
# bytes read (rchar of /proc/PID/io: what read(2) and pread(2) returned).
# Writes build/bench/scan.tsv: per round, walk and scan over cat (table
# scan), and the scan's regular files walked per CPU second, megabytes read
# by the scan and by cat (table scan-rate, bare figures); then the table
# and plot of tests/bench/report.sh.  Not part of `make check` (a
# benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
tree=${SCAN_TREE:-/usr}
rounds=${SCAN_ROUNDS:-5}
policy=policy/eu-kaspersky-ban.policy
make -s tool
# SCAN_CTL: another vendorbanctl to measure (an older build, say)
ctl=${SCAN_CTL:-build/userspace/vendorbanctl}
mkdir -p build/bench
out=build/bench/scan.tsv

# cost CMD...: "CPU-SECONDS RCHAR" of CMD and its children (its output
# discarded; exit 0, or 3 for scan: a file the policy denies)
cost() {
	local t
	t=$({ TIMEFORMAT='%3U %3S'; time sh -c '"$@" >/dev/null 2>&1
		rc=$?; [ $rc = 0 ] || [ $rc = 3 ] || exit $rc
		sed -n "s/^rchar: //p" /proc/$$/io' sh "$@"; } 2>&1) ||
		{ echo "scan.sh: $* failed" >&2; return 1; }
	echo "$t" | tr '\n' ' ' | awk '{ printf "%.3f %.0f\n", $2 + $3, $1 }'
}

files=$(find "$tree" -xdev -type f | wc -l)
bytes=$(find "$tree" -xdev -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }')
echo "scan.sh: $tree: $files regular files, $bytes bytes; warming the page cache"
find "$tree" -xdev -type f -exec cat {} + >/dev/null
"$ctl" scan -p "$policy" "$tree" >/dev/null 2>&1 || [ $? = 3 ]
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD || commit="$commit (with changes)"
against="reading every byte of the same tree (find -type f -exec cat), the same round"
{
	printf '# bench\tscan\n# command\t%sSCAN_TREE=%s make bench-scan\n' \
		"${SCAN_CTL:+SCAN_CTL=$SCAN_CTL }" "$tree"
	printf '# date\t%s\n# kernel\t%s\n' "$(date -u +%Y-%m-%d)" "$(uname -r)"
	printf '# kernel-desc\t%s: %d regular files, %d MB\n' "$tree" "$files" \
		$((bytes / 1000000))
	printf '# commit\t%s\n# qemu\thost\n' "$commit"
	printf 'table\trow\tround\tvalue\tagainst\n'
	for r in $(seq "$rounds"); do
		read -r cat_s cat_b < <(cost find "$tree" -xdev -type f -exec cat {} +)
		read -r walk_s _ < <(cost find "$tree" -xdev -type f)
		read -r scan_s scan_b < <(cost "$ctl" scan -p "$policy" "$tree")
		echo "scan.sh: round $r: cat ${cat_s}s ${cat_b}B, walk ${walk_s}s, scan ${scan_s}s ${scan_b}B" >&2
		awk -v r="$r" -v c="$cat_s" -v w="$walk_s" -v s="$scan_s" \
			-v cb="$cat_b" -v sb="$scan_b" -v n="$files" -v a="$against" \
			'BEGIN {
			OFS = "\t"
			print "scan", "the walk alone (find -type f, no file opened)", r, w / c, a
			print "scan", "vendorbanctl scan (every file opened, its kind read)", r, s / c, a
			print "scan-rate", "vendorbanctl scan: regular files per CPU second", r, n / s, "CPU seconds of the scan (user and system)"
			print "scan-rate", "vendorbanctl scan: MB read", r, sb / 1e6, "rchar of the scan (/proc/PID/io)"
			print "scan-rate", "find -type f -exec cat: MB read", r, cb / 1e6, "rchar of find and its cats"
		}'
	done
} >"$out.tmp"
mv "$out.tmp" "$out"
tests/bench/report.sh
