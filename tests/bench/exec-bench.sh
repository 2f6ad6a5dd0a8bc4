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

now() {
	cut -d' ' -f1 /proc/uptime
}

# spawn FILE: seconds (guest time) for N execs of FILE
spawn() {
	i=0
	t0=$(now)
	while [ $i -lt "$N" ]; do
		"$1"
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
echo "ok 1 bench.ran"
