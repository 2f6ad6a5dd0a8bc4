#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the loadable form's benchmark on Debian's stock kernel (run
# as /tests/run.sh by tests/bench/stock.sh, under QEMU's -icount so guest
# time counts instructions).  The same files, copied into the initramfs's
# root file system (/bench), timed with /tests/bin/vb-firstexec (exec) and
# /tests/bin/vb-hookbench (the rest):
#
#   exec-cached   the fixtures' signed hello (good vendor, RSA-2048,
#                 signer certificate embedded) run again: a cache hit
#   exec-first    the same, byte 0 written again with its own value before
#                 each exec: a first exec after a change (the cache's
#                 entry dropped, the signature read and parsed again)
#   mmap          the good vendor's signed libvbtest.so mapped whole
#                 PROT_READ|PROT_EXEC (a cache hit after the first)
#   mprotect      the same library mapped PROT_READ, then mprotect to
#                 PROT_READ|PROT_EXEC
#   finit         finit_module() of the stock kernel's dummy.ko, then
#                 delete_module()
#   init          init_module() of the same bytes from memory (what kmod
#                 does with a compressed module), then delete_module()
#
# ROUNDS rounds, each of three configurations in turn: the stock kernel
# without vendorban.ko; with it (insmod, vendorbanctl attach: its BPF LSM
# programs in force) under ban-by-cert.pol (default allow, 4 deny rules);
# under the same ban grown to 500 rules (496 deny skid rules more); then
# vendorban.ko released and unloaded again (the module form can go back to
# no vendorban; the built-in form cannot).  With IPE (/bench/ipe-10.p7s
# and ipe-500.p7s: IPE policies signed by a key of the platform keyring,
# tests/bench/stock.sh), after those, ROUNDS rounds of IPE's two policies
# in turn (IPE cannot go back to no policy): boot_verified rules, the
# last of 10 or of 500 the one that matches, each exec and executable
# mapping of a file outside the initramfs denied (checked).  Every row is
# the time of its round over the median of the rounds without vendorban.ko
# nor IPE (same file, same count), as
# "bench-data|TABLE|ROW|ROUND|RATIO|AGAINST".  Not a test: one "ok" line
# when every round ran, "not ok" when a load, an attach or an unload
# failed, a timed call was refused, or vendorban or IPE did not refuse
# what its policy bans (so its hooks are in force).

set -u
VB=/sys/kernel/security/vendorban
MOD=/lib/modules/vendorban.ko
DUMMY=/lib/modules/stock/dummy.ko
FX=/tests/bin/vb-firstexec
HB=/tests/bin/vb-hookbench
F=/fixtures
D=/bench
IPE=/sys/kernel/security/ipe
ROUNDS=${ROUNDS:-5}
N=${N:-100}
MAPS=${MAPS:-1000}
LOADS=${LOADS:-10}
TIMES=/tmp/stock-times
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
failed=0

fail() {
	echo "# $*"
	failed=1
}

# record KEY ROUND COUNT CMD...: appends "KEY ROUND SECONDS-PER-CALL" to
# $TIMES; CMD prints the seconds of COUNT calls
record() {
	key=$1 r=$2 count=$3
	shift 3
	if ! s=$("$@"); then
		fail "$key: round $r failed"
		return
	fi
	echo "$key $r $s $count" |
		awk '{ printf "%s %d %.9f\n", $1, $2, $3 / $4 }' >>$TIMES
}

# measure CFG ROUND: every row of configuration CFG, one round
measure() {
	# the first of each: the cache filled, a module's first load done
	$FX time -c 1 $D/hello >/dev/null || fail "$1: hello did not run"
	$HB mmap 1 $D/libvbtest.so >/dev/null || fail "$1: no mmap"
	$HB finit 1 $D/dummy.ko dummy >/dev/null || fail "$1: no finit_module"
	record "$1:exec-cached" "$2" "$N" $FX time -c "$N" $D/hello
	record "$1:exec-first" "$2" "$N" $FX time "$N" $D/hello
	record "$1:mmap" "$2" "$MAPS" $HB mmap "$MAPS" $D/libvbtest.so
	record "$1:mprotect" "$2" "$MAPS" $HB mprotect "$MAPS" $D/libvbtest.so
	record "$1:finit" "$2" "$LOADS" $HB finit "$LOADS" $D/dummy.ko dummy
	record "$1:init" "$2" "$LOADS" $HB init "$LOADS" $D/dummy.ko dummy
}

# vb_load: vendorban.ko in, its BPF LSM programs attached, the ban loaded,
# and its hooks in force: the banned program and library refused
vb_load() {
	insmod $MOD && vendorbanctl attach >/dev/null &&
		vendorbanctl load $F/policies/ban-by-cert.pol >/dev/null &&
		status_is mechanism bpf-lsm || return 1
	! $F/bin/banned-rsa2048-cert 2>/dev/null &&
		! $HB mmap 1 $F/lib/banned/libvbtest.so 2>/dev/null
}

# vb_load500: the same ban grown to 500 rules
vb_load500() {
	dd if=/tmp/ban500.pol of=$VB/policy bs=1M 2>/dev/null &&
		grep -q '^rules: 500$' $VB/status &&
		! $F/bin/banned-rsa2048-cert 2>/dev/null
}

# vb_unload: the programs released, vendorban.ko out
vb_unload() {
	echo release >$VB/bpf_links && wait_for 10 rmmod vendorban &&
		! grep -q '^vendorban ' /proc/modules
}

# ipe_on N: IPE's policy of N rules active
ipe_on() {
	echo 1 >"$IPE/policies/vb_bench_$1/active"
}

insmod /lib/modules/binfmt_misc.ko || fail "insmod binfmt_misc.ko failed"
mkdir -p $D
cp $F/bin/good-rsa2048-cert $D/hello
cp $F/lib/good/libvbtest.so $D/libvbtest.so
cp $DUMMY $D/dummy.ko
chmod 755 $D/hello
{
	grep -v -e '^#' -e '^$' $F/policies/ban-by-cert.pol
	i=0
	while [ $i -lt 496 ]; do
		printf 'deny skid %08x%08x\n' $i $i
		i=$((i + 1))
	done
} >/tmp/ban500.pol
: >$TIMES
echo "# $(uname -r), LSMs: $(cat /sys/kernel/security/lsm), root: $(stat -f -c %T /)"

# a round that counts for nothing first: after the boot, the kernel's own
# work (6.12 under OVMF: twice the time of every row for a round) is done
measure warm 0
round=1
while [ $round -le "$ROUNDS" ] && [ $failed = 0 ]; do
	measure none $round
	vb_load || fail "round $round: vendorban.ko did not load, attach or ban"
	measure vb $round
	vb_load500 || fail "round $round: the ban of 500 rules did not load"
	measure vb500 $round
	vb_unload || fail "round $round: vendorban.ko did not unload"
	round=$((round + 1))
done

if [ -e $D/ipe-10.p7s ] && [ $failed = 0 ]; then
	grep -i -e 'platform' -e 'snakeoil' /proc/keys | sed 's/^/# /'
	for n in 10 500; do
		dd if=$D/ipe-$n.p7s of=$IPE/new_policy bs=1M 2>/dev/null ||
			fail "IPE did not take its policy of $n rules"
	done
	# outside the initramfs: refused once a policy is active
	mkdir -p /mnt/out
	mount -t tmpfs tmpfs /mnt/out && cp $D/hello /mnt/out/hello
	round=1
	while [ $round -le "$ROUNDS" ] && [ $failed = 0 ]; do
		for n in 10 500; do
			ipe_on $n || fail "IPE: policy of $n rules not activated"
			if /mnt/out/hello 2>/dev/null; [ $? = 42 ]; then
				fail "IPE ran a file outside the initramfs: not enforcing"
			fi
			measure ipe$n $round
		done
		round=$((round + 1))
	done
fi

# --- the data lines -------------------------------------------------------
# KEY is CFG:ROW; each row is the time per call of its round over the
# median of none:ROW's rounds.
awk -v rounds="$ROUNDS" -v n="$N" -v maps="$MAPS" -v loads="$LOADS" '
function med(k,    m, i, j, x, s) {
	m = cnt[k]
	for (i = 1; i <= m; i++) s[i] = val[k, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && s[j - 1] > s[j]; j--) {
			x = s[j]; s[j] = s[j - 1]; s[j - 1] = x
		}
	return m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
}
{
	if (!(($1) in cnt)) order[++keys] = $1
	val[$1, ++cnt[$1]] = $3; rnd[$1, cnt[$1]] = $2
}
END {
	what["exec-cached"] = "exec of a signed program, cache hit"
	what["exec-first"] = "exec of a signed program, first after a change"
	what["mmap"] = "mmap PROT_EXEC of a signed library"
	what["mprotect"] = "mprotect to PROT_EXEC of a signed library"
	what["finit"] = "finit_module() of the stock dummy.ko"
	what["init"] = "init_module() of the stock dummy.ko"
	count["exec-cached"] = n; count["exec-first"] = n
	count["mmap"] = maps; count["mprotect"] = maps
	count["finit"] = loads; count["init"] = loads
	cfgname["none"] = "without vendorban.ko (the reference)"
	cfgname["vb"] = "vendorban.ko, ban of 4 rules"
	cfgname["vb500"] = "vendorban.ko, ban of 500 rules"
	cfgname["ipe10"] = "IPE, 10 rules (9 fs-verity digests, then boot_verified)"
	cfgname["ipe500"] = "IPE, 500 rules (499 fs-verity digests, then boot_verified)"
	split("none vb vb500 ipe10 ipe500", cfgs, " ")
	for (q = 1; q <= keys; q++) {
		split(order[q], p, ":")
		if (p[1] != "none") continue
		row = p[2]; base = med(order[q])
		against = "no vendorban.ko nor IPE, the median of its " rounds " rounds, alternated with those of vendorban.ko, the rounds of IPE after them (" count[row] " calls each)"
		for (c = 1; c <= 5; c++) {
			k = cfgs[c] ":" row
			for (i = 1; i <= cnt[k]; i++)
				printf "bench-data|stock|%s: %s|%d|%.6f|%s\n", what[row], cfgname[cfgs[c]], rnd[k, i], val[k, i] / base, against
		}
	}
}' $TIMES

if [ "$failed" = 0 ]; then ok bench.ran; else not_ok bench.ran; fi
