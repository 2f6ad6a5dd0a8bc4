#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the signed-policy test of the loadable form, run as
# /tests/run.sh on Debian's stock kernel (tests/signed/run.sh).
# The stock kernel does not trust the test policy-signing key, so here a
# policy signed with it must be refused like any untrusted one, after the
# secondary (machine) and the platform keyrings were tried; the module
# parameter require_signed=1 must refuse unsigned policies, and without
# it an unsigned policy loads while a signed, untrusted one is still
# refused; then the securityfs switch turns it on at runtime, one way.
# Ends locked (the module stays).  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
S=/fixtures/signed
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=signed_policy_module. TAP_PART="signed policy (module)"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# refused NAME FILE ERRNO_TEXT REASON: the write fails, no policy is in
# force, status and the audit log give REASON
refused() {
	if dd if="$2" of=$VB/policy bs=8M 2>/tmp/werr; then
		check 1 "$1.write_refused"
		return
	fi
	grep -q "$3" /tmp/werr && [ "$(status_val policy)" = none ] &&
		status_val last_error | grep -q "$4"
	check $? "$1.refused_with_reason"
}

insmod $MOD require_signed=1
check $? insmod_require_signed
[ "$(cat /sys/module/vendorban/parameters/require_signed)" = Y ] &&
	[ "$(status_val require_signed)" = yes ]
check $? module_parameter_in_status
refused unsigned $S/unsigned-v6.pol 'rejected' 'not signed'
refused untrusted_test_key $S/ban-v5.p7 'rejected' 'not a trusted key'
refused tampered $S/tampered-v5.p7 'rejected' 'policy signature'
sleep 1
[ "$(grep 'type=1403 ' /tmp/audit.log | grep -c 'res=0')" -eq 3 ]
check $? each_refusal_audited

rmmod vendorban && insmod $MOD
check $? reinsmod_without_parameter
[ "$(status_val require_signed)" = no ]
check $? not_required_by_default
refused untrusted_even_when_not_required $S/ban-v5.p7 'rejected' \
	'not a trusted key'
dd if=$S/unsigned-v6.pol of=$VB/policy bs=8M 2>/dev/null &&
	[ "$(status_val policy)" = signed-ban ] && [ "$(status_val signed)" = no ]
check $? unsigned_loads_when_not_required
# The one-way runtime switch: only "1", audited, refused once locked.
[ "$(cat $VB/require_signed)" = 0 ]
check $? switch_reads_0
! printf 0 | dd of=$VB/require_signed 2>/tmp/werr &&
	grep -q 'Invalid argument' /tmp/werr
check $? switch_refuses_0
printf 1 | dd of=$VB/require_signed 2>/dev/null &&
	[ "$(cat $VB/require_signed)" = 1 ] &&
	[ "$(status_val require_signed)" = yes ]
check $? switch_on_at_runtime
sleep 1
grep 'type=1404 ' /tmp/audit.log | grep -q 'op=require_signed old_require_signed=0 new_require_signed=1 .*res=1'
check $? switch_audited
if dd if=$S/unsigned-v6.pol of=$VB/policy bs=8M 2>/tmp/werr; then
	r=1
else
	grep -q 'rejected' /tmp/werr && [ "$(status_val policy)" = signed-ban ] &&
		status_val last_error | grep -q 'not signed'
	r=$?
fi
check $r unsigned_refused_after_switch
printf 1 >$VB/lock
if printf 1 | dd of=$VB/require_signed 2>/tmp/werr; then
	r=1
else
	grep -q 'not permitted' /tmp/werr
	r=$?
fi
check $r switch_refused_once_locked

tap_done
