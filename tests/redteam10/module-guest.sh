#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of tests/redteam10/run-module.sh: the loadable form on
# Debian's stock kernel, its BPF LSM programs attached, a ban in force,
# then every /tests/bin/rt10_*_test (the red team's attacks; /etc/rt10-only
# may name one), each with the module loaded afresh.  Prints TAP lines.
set -u
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=rt10_module. TAP_PART="redteam10, module form"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
for m in /lib/modules/extra/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" 2>/dev/null || echo "# insmod ${m##*/} failed"
done
insmod /lib/modules/binfmt_misc.ko
VB=/sys/kernel/security/vendorban
# load: vendorban.ko (again: each attack starts from a fresh table and
# fresh arrays), attached, a ban in force
load() {
	if grep -q '^vendorban ' /proc/modules; then
		echo release >$VB/bpf_links || return 1
		wait_for 10 rmmod vendorban || return 1
	fi
	insmod $MOD && vendorbanctl attach >/dev/null &&
		vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
		status_is mechanism bpf-lsm
}

only=$(cat /etc/rt10-only 2>/dev/null || echo rt10_)
for t in /tests/bin/"$only"*_test; do
	load
	check $? "load_attached_${t##*/}"
	echo "# redteam10 (module form, bpf-lsm, default table): ${t##*/}"
	"$t"
	check $? "${t##*/}"
done
tap_done
