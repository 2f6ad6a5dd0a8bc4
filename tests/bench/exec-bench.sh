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
# normal signed file, all fresh on ramfs (never cached), under a ban by O.
# The rows print guest seconds per exec and the ratio to the signed file
# (R execs of it, W of each worst case: before the fixes one exec of the
# chain-walk trailer took seconds).
W=3
R=50
load $F/policies/ban-by-subject-o.pol
cp $F/bin/ms-chainbomb /mnt/ramfs/bomb
cp $F/bin/ms-chainbomb8 /mnt/ramfs/bomb8
cp $F/bin/ms-stack9 /mnt/ramfs/stack9
w_signed=$(spawn /mnt/ramfs/hello-signed "$R")
w_bomb=$(spawn /mnt/ramfs/bomb "$W")
w_bomb8=$(spawn /mnt/ramfs/bomb8 "$W")
w_stack9=$(spawn /mnt/ramfs/stack9 "$W")
w_signed2=$(spawn /mnt/ramfs/hello-signed "$R")
load $F/policies/allow-twenty.pol
cp $F/bin/ms-big-good /mnt/ramfs/good
w_twenty=$(spawn /mnt/ramfs/good "$W")
cp $F/bin/ms-big-modified /mnt/ramfs/modified
w_twenty_bad=$(spawn /mnt/ramfs/modified "$W")
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
echo "# worst case per decision: guest seconds per exec, ratio to a normal signed file"
ref=$(echo "$w_signed $w_signed2 $R" | awk '{ printf "%.6f", ($1 + $2) / (2 * $3) }')
for row in "signed file (before the others):$w_signed:$R" \
	"signed file (after the others):$w_signed2:$R" \
	"chain-walk trailer (ms-chainbomb):$w_bomb:$W" \
	"8 chain-walk trailers (ms-chainbomb8):$w_bomb8:$W" \
	"9 stacked trailers (ms-stack9):$w_stack9:$W" \
	"2 MiB, 20 allow candidates, first proven:$w_twenty:$W" \
	"2 MiB, 20 allow candidates, none proven:$w_twenty_bad:$W"; do
	name=${row%%:*} rest=${row#*:}
	echo "$name ${rest%:*} ${rest#*:} $ref" |
		awk '{ r = $NF; n = $(NF-1); t = $(NF-2);
			$NF = ""; $(NF-1) = ""; $(NF-2) = "";
			printf "# %-48s %9.4f s/exec  ratio %.1f\n", $0, t / n, t / n / r }'
done
ok bench.ran
