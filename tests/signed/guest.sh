#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the signed-policy test, run as /tests/run.sh on the test
# kernel booted with vendorban.require_signed=1 (tests/signed/run.sh).
# The kernel trusts the test policy-signing certificate (built into its
# trusted keyring); /fixtures/signed holds policies signed with its key,
# with other keys, tampered, detached and unsigned (make-fixtures.sh), and
# tool-v6.p7, signed on the host by "vendorbanctl sign --version 6".
#
# Every refused policy must: fail the write, leave the policy in force
# (name, version, and its ban still enforced), name the reason in status
# last_error and the kernel log, and be audited (MAC_POLICY_LOAD, res=0,
# with the reason).  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
S=/fixtures/signed
AUDIT=/tmp/audit.log
refusals=0
TAP_PREFIX=signed_policy. TAP_PART="signed policy"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# write_policy FILE: FILE's bytes in one write() at offset 0, as
# vendorbanctl does; the error, if any, is left in /tmp/werr
write_policy() {
	dd if="$1" of=$VB/policy bs=8M 2>/tmp/werr
}

# audit_count PATTERN: MAC_POLICY_LOAD records of vendorban matching PATTERN
audit_count() {
	grep 'type=1403 ' $AUDIT | grep 'lsm=vendorban' | grep -c -- "$1"
}

# audit_wait PATTERN COUNT: wait up to 5 s for COUNT such records
audit_wait() {
	i=0
	while [ "$(audit_count "$1")" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -le 50 ] || return 1
		sleep 0.1
	done
}

# in_force NAME VERSION: the status names this policy
in_force() {
	[ "$(status_val policy)" = "$1" ] && [ "$(status_val version)" = "$2" ]
}

# banned_denied: the test vendor's program is refused (exit 126)
banned_denied() {
	$F/bin/banned-rsa2048-cert 2>/dev/null
	[ $? -eq 126 ]
}

# refused NAME FILE ERRNO_TEXT REASON: writing FILE must fail with
# ERRNO_TEXT, leave the policy in force, and report REASON in status, the
# kernel log and an audit record
refused() {
	name=$1 file=$2 errtext=$3 reason=$4
	pol=$(status_val policy) ver=$(status_val version)
	rejects=$(status_val policy_rejects)
	if write_policy "$file"; then
		check 1 "$name.write_refused"
		return
	fi
	refusals=$((refusals + 1))
	grep -q "$errtext" /tmp/werr
	check $? "$name.errno"
	in_force "$pol" "$ver"
	check $? "$name.old_policy_in_force"
	if [ "$pol" = signed-ban ]; then
		banned_denied
		check $? "$name.old_ban_still_enforced"
	fi
	status_val last_error | grep -q "$reason"
	check $? "$name.status_last_error"
	[ "$(status_val policy_rejects)" -eq $((rejects + 1)) ]
	check $? "$name.rejects_counted"
	dmesg | grep 'vendorban: policy rejected' | tail -n 1 | grep -q "$reason"
	check $? "$name.kernel_log"
	audit_wait "res=0" $refusals && audit_wait "$(hexstr "$reason")" 1
	check $? "$name.audited"
}

# accepted NAME FILE VERSION: writing FILE puts signed-ban VERSION in force
accepted() {
	loads=$(status_val policy_loads)
	write_policy "$2"
	check $? "$1.write_accepted"
	in_force signed-ban "$3" && [ "$(status_val signed)" = yes ]
	check $? "$1.in_force_signed"
	[ "$(status_val policy_loads)" -eq $((loads + 1)) ]
	check $? "$1.load_counted"
	audit_wait "new_version=$3 .*res=1" 1
	check $? "$1.audited"
}

[ "$(status_val require_signed)" = yes ]
check $? status_shows_require_signed
vendorbanctl status | grep -qx 'require_signed: yes'
check $? vendorbanctl_status_shows_require_signed
[ "$(cat /sys/module/vendorban/parameters/require_signed)" = Y ]
check $? boot_parameter_set
# The parameter is 0400: root cannot write N to it through sysfs.
if (printf N >/sys/module/vendorban/parameters/require_signed) 2>/dev/null; then
	r=1
else
	[ "$(cat /sys/module/vendorban/parameters/require_signed)" = Y ]
	r=$?
fi
check $r boot_parameter_not_writable
[ "$(cat $VB/require_signed)" = 1 ]
check $? switch_file_reads_1
! printf 0 | dd of=$VB/require_signed 2>/tmp/werr &&
	grep -q 'Invalid argument' /tmp/werr
check $? switch_cannot_turn_it_off
printf 1 | dd of=$VB/require_signed 2>/dev/null &&
	[ "$(status_val require_signed)" = yes ]
check $? switch_on_again_is_a_no_op

# No policy yet: nothing unsigned may become the first one either.
refused unsigned_first $S/unsigned-v6.pol 'rejected' 'not signed'
in_force none ''
check $? no_policy_after_unsigned

accepted signed_v5 $S/ban-v5.p7 5
banned_denied
check $? signed_v5_bans
$F/bin/unsigned
[ $? -eq 42 ]
check $? signed_v5_lets_unsigned_run
grep -q '^deny subject-o "AO Kaspersky Lab" label=signed-v5$' $VB/policy
check $? signed_v5_reads_back_as_text

refused unsigned $S/unsigned-v6.pol 'rejected' 'not signed'
refused untrusted_key $S/untrusted-v9.p7 'rejected' 'policy signature'
refused forged_cert $S/forged-v9.p7 'rejected' 'policy signature'
refused tampered $S/tampered-v5.p7 'rejected' 'policy signature'
refused detached $S/detached-v5.p7 'rejected' 'policy signature'
refused lower_version $S/ban-v4.p7 'Invalid argument' \
	'version 4 is lower than version 5'

accepted same_version_again $S/ban-v5.p7 5

out=$(vendorbanctl load $S/tool-v6.p7 2>&1)
check $? vendorbanctl_loads_signed_file
echo "$out" | grep -q '^loaded signed policy signed-ban version 6: 1 rules'
check $? vendorbanctl_says_signed
in_force signed-ban 6 && banned_denied
check $? tool_signed_v6_in_force

out=$(vendorbanctl load $S/ban-v5.p7 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q 'lower than version 6'
check $? vendorbanctl_prints_rollback_reason
refusals=$((refusals + 1))
out=$(vendorbanctl load $F/policies/default-allow.pol 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q 'not signed'
check $? vendorbanctl_prints_unsigned_reason
refusals=$((refusals + 1))
in_force signed-ban 6 && banned_denied
check $? tool_refusals_keep_v6

# Root without the signing key cannot turn enforcement off through the
# mode either: permissive is refused (EPERM, audited res=0), the ban stays.
! printf permissive | dd of=$VB/mode 2>/tmp/werr &&
	grep -q 'not permitted' /tmp/werr && status_is mode enforce
check $? mode_permissive_refused_while_signed_required
out=$(vendorbanctl mode permissive 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q 'signed policies are required' &&
	status_is mode enforce
check $? vendorbanctl_mode_says_signed_policies_are_required
sleep 1
[ "$(grep 'type=1404 ' $AUDIT | grep -c 'op=set_mode old_mode=enforce new_mode=permissive .*res=0')" -eq 2 ] &&
	! grep 'type=1404 ' $AUDIT | grep -q 'op=set_mode .*res=1'
check $? each_refused_permissive_audited_res_0
banned_denied
check $? banned_still_denied_after_refused_permissive

audit_wait "res=0" $refusals && [ "$(audit_count 'res=0')" -eq $refusals ]
check $? one_audit_record_per_refusal
[ "$(audit_count 'res=1')" -eq 3 ]
check $? one_audit_record_per_load
! grep -q 'op=require_signed' $AUDIT
check $? no_switch_record_without_a_change

tap_done
