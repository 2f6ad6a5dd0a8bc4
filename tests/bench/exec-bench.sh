#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the exec benchmark (run as /tests/run.sh by
# tests/bench/run.sh, with QEMU's -icount so guest time counts
# instructions).  Times N execs of a small static program in several
# configurations, side by side in one boot, and prints each as a ratio to
# the no-policy baseline.  Not a test: it prints no TAP result lines
# except one "ok" when it ran to the end.

set -u
VB=/sys/kernel/security/vendorban
N=${N:-1000}
F=/fixtures
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

now() {
	cut -d' ' -f1 /proc/uptime
}

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
	echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }'
}

# load FILE: the whole policy in one write()
load() {
	dd if="$1" of=$VB/policy bs=4M 2>/dev/null || echo "# policy load failed: $1"
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

base=$(spawn /tmp/hello-tmpfs)
load $F/policies/ban-by-issuer-serial.pol
cached=$(spawn /tmp/hello-tmpfs)
signed_cached=$(spawn /tmp/hello-signed)
uncached=$(spawn /mnt/ramfs/hello-ramfs)
signed=$(spawn /mnt/ramfs/hello-signed)
big_policy >/tmp/big.pol
load /tmp/big.pol
grep -q '^rules: 5000$' $VB/status || echo "# the 5000-rule policy is not in force"
big=$(spawn /mnt/ramfs/hello-signed)

# Worst cases per decision (tests/vm/multisig_test.c), side by side with a
# normal signed file, all fresh on ramfs (never cached): the crafted files
# under a ban by O, the 2 MiB ones under "allow cert" policies (lockdown:
# one candidate; allow-twenty: 20 for the same signer).  ROUNDS rounds, the
# configurations alternated in each; per round R execs of the signed file
# before and after the others (the reference) and W of each worst case.
# Each row prints the median, min and max over the rounds of its ratio to
# the reference of the same round.
ROUNDS=${ROUNDS:-5}
W=2
R=20
cp $F/bin/ms-chainbomb /mnt/ramfs/bomb
cp $F/bin/ms-chainbomb8 /mnt/ramfs/bomb8
cp $F/bin/ms-chainbomb32 /mnt/ramfs/bomb32
cp $F/bin/ms-stack9 /mnt/ramfs/stack9
cp $F/bin/ms-big-good /mnt/ramfs/good
cp $F/bin/ms-big-modified /mnt/ramfs/modified
: >/tmp/worst
round=0
while [ $round -lt "$ROUNDS" ]; do
	load $F/policies/ban-by-subject-o.pol
	s1=$(spawn /mnt/ramfs/hello-signed "$R")
	bomb=$(spawn /mnt/ramfs/bomb "$W")
	bomb8=$(spawn /mnt/ramfs/bomb8 "$W")
	bomb32=$(spawn /mnt/ramfs/bomb32 "$W")
	stack9=$(spawn /mnt/ramfs/stack9 "$W")
	s2=$(spawn /mnt/ramfs/hello-signed "$R")
	load $F/policies/lockdown.pol
	big=$(spawn /mnt/ramfs/good "$W")
	big_bad=$(spawn /mnt/ramfs/modified "$W")
	load $F/policies/allow-twenty.pol
	twenty=$(spawn /mnt/ramfs/good "$W")
	twenty_bad=$(spawn /mnt/ramfs/modified "$W")
	echo "$s1 $s2 $bomb $bomb8 $bomb32 $stack9 $big $big_bad $twenty $twenty_bad" |
		awk -v r="$R" -v w="$W" '{
			ref = ($1 + $2) / (2 * r)
			printf "%.6f", ref
			for (i = 3; i <= NF; i++)
				printf " %.6f %.2f", $i / w, $i / w / ref
			printf "\n" }' >>/tmp/worst
	round=$((round + 1))
done
load $F/policies/default-allow.pol

echo "# exec benchmark: $N execs each, guest seconds under -icount"
for row in "no policy (baseline):$base" \
	"ban policy, tmpfs unsigned (cache hit):$cached" \
	"ban policy, tmpfs signed (cache hit):$signed_cached" \
	"ban policy, ramfs unsigned (no cache):$uncached" \
	"ban policy, ramfs signed (no cache, parse):$signed" \
	"5000-rule policy, ramfs signed (no cache):$big"; do
	name=${row%:*} t=${row##*:}
	echo "$name $t $base" |
		awk '{ t = $(NF-1); b = $NF; $NF = ""; $(NF-1) = "";
			printf "# %-48s %7.2f s  ratio %.3f\n", $0, t, t / b }'
done
echo "# worst case per decision: ratio to a normal signed file (median min max of $ROUNDS rounds), guest s/exec (median)"
# column: 1 the reference (s/exec), then s/exec and ratio per worst case
col=2
for name in "chain-walk trailer (ms-chainbomb)" \
	"8 chain-walk trailers (ms-chainbomb8)" \
	"chain-walk, names of 32 attrs (ms-chainbomb32)" \
	"9 stacked trailers (ms-stack9)" \
	"2 MiB, lockdown: 1 allow candidate, proven" \
	"2 MiB, lockdown: 1 allow candidate, unproven" \
	"2 MiB, 20 allow candidates, first proven" \
	"2 MiB, 20 allow candidates, none proven"; do
	med=$(cut -d' ' -f$col /tmp/worst | sort -n | awk '{ v[NR] = $1 }
		END { print v[int((NR + 1) / 2)] }')
	cut -d' ' -f$((col + 1)) /tmp/worst | sort -n | awk -v name="$name" \
		-v t="$med" '{ v[NR] = $1 } END {
		printf "# %-48s ratio %7.1f  min %7.1f  max %7.1f  %8.4f s/exec\n",
			name, v[int((NR + 1) / 2)], v[1], v[NR], t }'
	col=$((col + 2))
done
ref=$(cut -d' ' -f1 /tmp/worst | sort -n | awk '{ v[NR] = $1 }
	END { print v[int((NR + 1) / 2)] }')
echo "# signed file (reference, median)                 $ref s/exec"
ok bench.ran
