#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of tests/redteam9/run-module.sh: the loadable form on
# Debian's stock kernel, its BPF LSM programs attached, a ban in force,
# then /tests/bin/rt9-panic (RT9-3, auditctl -f 2).  Prints TAP
# lines.
set -u
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=rt9_module. TAP_PART="redteam9, module form"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
for m in /lib/modules/extra/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" 2>/dev/null || echo "# insmod ${m##*/} failed"
done
insmod /lib/modules/binfmt_misc.ko
insmod $MOD
check $? insmod
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
	vendorbanctl attach >/dev/null && status_is mechanism bpf-lsm
check $? attached_bpf_lsm
# RT9-3 under auditctl -f 2 -r 100: the guest should panic here
/tests/bin/rt9-panic
check $? rt9_panic
tap_done
