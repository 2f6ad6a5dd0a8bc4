#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the exec benchmark (run as /tests/run.sh by
# tests/bench/run.sh, with QEMU's -icount so guest time counts
# instructions).  Times N execs of small static programs in several
# configurations, side by side in one boot, ROUNDS rounds, and prints per
# configuration and round its ratio to what it is measured against in that
# boot, as a data line "bench-data|TABLE|ROW|ROUND|RATIO|AGAINST" (the
# host's tests/bench/report.sh makes the table: median, min and max over
# the rounds).  Not a test: one "ok" line when it ran to the end, "not ok"
# when a policy did not load.

set -u
VB=/sys/kernel/security/vendorban
N=${N:-200}
ROUNDS=${ROUNDS:-5}
# WORST_ONLY=1 (tests/bench/run.sh BENCH_WORST=1): only the crafted files
WORST_ONLY=${WORST_ONLY:-0}
F=/fixtures
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
failed=0

# now: guest seconds, to the nanosecond from /proc/timer_list (to 10 ms
# from /proc/uptime without it)
if grep -q '^now at [0-9]* nsecs' /proc/timer_list 2>/dev/null; then
	now() {
		awk '/^now at / { printf "%.9f", $3 / 1e9; exit }' /proc/timer_list
	}
else
	now() {
		cut -d' ' -f1 /proc/uptime
	}
fi

# spawn FILE [COUNT]: seconds (guest time) for COUNT (default N) execs of
# FILE (a refused exec counts as one too)
spawn() {
	i=0
	t0=$(now)
	while [ $i -lt "${2:-$N}" ]; do
		"$1" 2>/dev/null
		i=$((i + 1))
	done
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.9f", $2 - $1 }'
}

# load FILE [RULES]: the whole policy in one write(); with RULES, checks
# that the kernel holds that many rules
load() {
	if ! dd if="$1" of=$VB/policy bs=4M 2>/dev/null; then
		echo "# policy load failed: $1"
		failed=1
	elif [ -n "${2:-}" ] && ! grep -q "^rules: $2\$" $VB/status; then
		echo "# $1: not $2 rules in force"
		failed=1
	fi
}

# data TABLE ROW ROUND TIME REFERENCE AGAINST: the data line of TIME's
# ratio to REFERENCE
data() {
	echo "$4 $5" | awk -v t="$1" -v row="$2" -v r="$3" -v a="$6" \
		'{ printf "bench-data|%s|%s|%d|%.6f|%s\n", t, row, r, $1 / $2, a }'
}

big_policy() {
	printf 'vendorban-policy 1\nname big\nversion 1\ndefault allow\n'
	i=0
	while [ $i -lt 5000 ]; do
		printf 'deny skid %08x%08x\n' $i $i
		i=$((i + 1))
	done
}

mkdir -p /mnt/ramfs
mount -t ramfs ramfs /mnt/ramfs
cp $F/bin/unsigned /tmp/hello-tmpfs
cp $F/bin/unsigned /mnt/ramfs/hello-ramfs
cp $F/bin/good-rsa2048-nocert /mnt/ramfs/hello-signed
cp $F/bin/good-rsa2048-nocert /tmp/hello-signed

# The configurations against no policy: ROUNDS rounds of no policy first
# (the built-in form cannot go back to no policy once one is loaded), then
# ROUNDS rounds of the others, alternated within each round; each round's
# time divided by the median of the no-policy rounds (so "no policy"
# itself shows the spread of the reference).
if [ "$WORST_ONLY" != 1 ]; then
	spawn /tmp/hello-tmpfs 20 >/dev/null
	: >/tmp/base
	round=1
	while [ $round -le "$ROUNDS" ]; do
		spawn /tmp/hello-tmpfs >>/tmp/base
		echo >>/tmp/base
		round=$((round + 1))
	done
	base=$(sort -n /tmp/base | awk '{ v[NR] = $1 } END {
		printf "%.9f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	against="no policy, the median of its $ROUNDS rounds before the first load ($N execs each)"
	round=1
	while read -r t; do
		data exec "no policy (the reference)" $round "$t" "$base" "$against"
		round=$((round + 1))
	done </tmp/base
	big_policy >/tmp/big.pol
	round=1
	while [ $round -le "$ROUNDS" ]; do
		load $F/policies/ban-by-issuer-serial.pol
		# one exec to fill the decision cache the load emptied
		spawn /tmp/hello-tmpfs 1 >/dev/null
		spawn /tmp/hello-signed 1 >/dev/null
		cached=$(spawn /tmp/hello-tmpfs)
		signed_cached=$(spawn /tmp/hello-signed)
		uncached=$(spawn /mnt/ramfs/hello-ramfs)
		signed=$(spawn /mnt/ramfs/hello-signed)
		load /tmp/big.pol 5000
		big=$(spawn /mnt/ramfs/hello-signed)
		data exec "ban policy, tmpfs unsigned (cache hit)" $round "$cached" "$base" "$against"
		data exec "ban policy, tmpfs signed (cache hit)" $round "$signed_cached" "$base" "$against"
		data exec "ban policy, ramfs unsigned (no cache)" $round "$uncached" "$base" "$against"
		data exec "ban policy, ramfs signed (no cache, parse)" $round "$signed" "$base" "$against"
		data exec "5000-rule policy, ramfs signed (no cache)" $round "$big" "$base" "$against"
		round=$((round + 1))
	done
fi

# Worst cases per decision (tests/vm/multisig_test.c), side by side with a
# normal signed file, all fresh on ramfs (never cached): the crafted files
# under a ban by O, then those whose signer certificates a ban by
# fingerprint hashes (up to VENDORBAN_MAX_FPR_BYTES) under that one (the
# normal signed file embeds no certificate: it costs the same under both),
# the 2 MiB ones under "allow cert" policies (lockdown: one candidate;
# allow-twenty: 20 for the same signer).  ROUNDS rounds, the
# configurations alternated in each; per round R execs of the signed file
# before and after the others (the reference) and W of each worst case,
# each divided by the reference of its round.
W=2
R=20
against="a normal signed file on ramfs, the same round ($R execs before the row, $R after)"
cp $F/bin/ms-chainbomb /mnt/ramfs/bomb
cp $F/bin/ms-chainbomb8 /mnt/ramfs/bomb8
cp $F/bin/ms-chainbomb32 /mnt/ramfs/bomb32
cp $F/bin/ms-stack9 /mnt/ramfs/stack9
cp $F/bin/ms-emptyrdn /mnt/ramfs/emptyrdn
cp $F/bin/ms-bigcert /mnt/ramfs/bigcert
cp $F/bin/ms-fprcap /mnt/ramfs/fprcap
cp $F/bin/ms-bighide /mnt/ramfs/bighide
cp $F/bin/ms-big-good /mnt/ramfs/good
cp $F/bin/ms-big-modified /mnt/ramfs/modified
# worst ROW TIME: the data line of TIME (W execs) against $ref (R execs)
worst() {
	data worst "$1" $round \
		"$(echo "$2" | awk -v k=$((R / W)) '{ printf "%.9f", $1 * k }')" \
		"$ref" "$against"
}
round=1
while [ $round -le "$ROUNDS" ]; do
	load $F/policies/ban-by-subject-o.pol
	s1=$(spawn /mnt/ramfs/hello-signed "$R")
	bomb=$(spawn /mnt/ramfs/bomb "$W")
	bomb8=$(spawn /mnt/ramfs/bomb8 "$W")
	bomb32=$(spawn /mnt/ramfs/bomb32 "$W")
	stack9=$(spawn /mnt/ramfs/stack9 "$W")
	emptyrdn=$(spawn /mnt/ramfs/emptyrdn "$W")
	bigcert=$(spawn /mnt/ramfs/bigcert "$W")
	load $F/policies/ban-by-fingerprint.pol
	bigcert_fpr=$(spawn /mnt/ramfs/bigcert "$W")
	fprcap=$(spawn /mnt/ramfs/fprcap "$W")
	bighide=$(spawn /mnt/ramfs/bighide "$W")
	s2=$(spawn /mnt/ramfs/hello-signed "$R")
	if [ "$WORST_ONLY" != 1 ]; then
		load $F/policies/lockdown.pol
		big=$(spawn /mnt/ramfs/good "$W")
		big_bad=$(spawn /mnt/ramfs/modified "$W")
		load $F/policies/allow-twenty.pol
		twenty=$(spawn /mnt/ramfs/good "$W")
		twenty_bad=$(spawn /mnt/ramfs/modified "$W")
	fi
	ref=$(echo "$s1 $s2" | awk '{ printf "%.9f", ($1 + $2) / 2 }')
	worst "chain-walk trailer (ms-chainbomb)" "$bomb"
	worst "8 chain-walk trailers (ms-chainbomb8)" "$bomb8"
	worst "chain-walk, names of 32 attrs (ms-chainbomb32)" "$bomb32"
	worst "9 stacked trailers (ms-stack9)" "$stack9"
	worst "names of 3,000 empty RDNs (ms-emptyrdn)" "$emptyrdn"
	worst "8 signer certificates of 64,000 bytes, 2 trailers (ms-bigcert)" "$bigcert"
	worst "ms-bigcert, ban by fingerprint: over the bound, refused" "$bigcert_fpr"
	worst "4 signer certificates of 1,990 bytes (ms-fprcap), ban by fingerprint: hashed" "$fprcap"
	worst "a banned signer behind ms-fprcap and 506 KB (ms-bighide), ban by fingerprint: refused" "$bighide"
	if [ "$WORST_ONLY" != 1 ]; then
		worst "2 MiB, lockdown: 1 allow candidate, proven" "$big"
		worst "2 MiB, lockdown: 1 allow candidate, unproven" "$big_bad"
		worst "2 MiB, 20 allow candidates, first proven" "$twenty"
		worst "2 MiB, 20 allow candidates, none proven" "$twenty_bad"
	fi
	round=$((round + 1))
done
load $F/policies/default-allow.pol

if [ "$failed" = 0 ]; then ok bench.ran; else not_ok bench.ran; fi
