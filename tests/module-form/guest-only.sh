#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of "tests/module-form/run.sh KVER only NAME_test", run as
# /tests/run.sh on Debian's stock kernel: one VM selftest against the
# loadable form, as the whole run (guest.sh) runs it, without the rest:
# the stock modules the file-system tests need, binfmt_misc.ko, then
# vendorban.ko, its BPF LSM programs attached and a policy loaded; the
# test (/etc/vendorban-only names it) with the default table, then again
# with cache_entries=2 (a table of two: eviction at every new file).
# Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=module_only. TAP_PART="module form, one test"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
for m in /lib/modules/extra/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" 2>/dev/null || echo "# insmod ${m##*/} failed"
done
insmod /lib/modules/binfmt_misc.ko
test=$(cat /etc/vendorban-only)

# load [PARAM]...: vendorban.ko (again), attached, a policy loaded
load() {
	if grep -q '^vendorban ' /proc/modules; then
		echo release >$VB/bpf_links || return 1
		wait_for 10 rmmod vendorban || return 1
	fi
	insmod $MOD "$@" && vendorbanctl attach >/dev/null &&
		vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
		status_is mechanism bpf-lsm
}

load
check $? load_attached_default_table
echo "# vendorban selftest (module form, bpf-lsm, default table): $test"
t0=$(tap_clock)
"/tests/bin/$test"
check $? "${test}_default_table"
tap_took "$t0" "$test (default table)"
# a program from outside the suite (run.sh's VENDORBAN_ONLY_DIR): once
if [ -e /etc/vendorban-only-default ]; then
	tap_done
	exit
fi
load cache_entries=2
check $? load_attached_two_cache_entries
echo "# vendorban selftest (module form, bpf-lsm, cache_entries=2): $test"
t0=$(tap_clock)
"/tests/bin/$test"
check $? "${test}_two_cache_entries"
tap_took "$t0" "$test (cache_entries=2)"

tap_done
