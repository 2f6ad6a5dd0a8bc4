#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the boot-policy test, run as /tests/run.sh on the "boot"
# kernel variant (policy compiled in, CONFIG_SECURITY_VENDORBAN_REQUIRE_SIGNED,
# booted with vendorban.lock=1): nobody
# loads a policy, yet the first exec of a banned program from /init's
# child is refused; the state is locked, so no write to policy, mode or
# lock succeeds, not even root's, and vendorbanctl cannot change it.
# Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
TAP_PREFIX=boot_policy. TAP_PART="boot policy"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# fails_eperm FILE TEXT: writing TEXT to FILE fails with "not permitted"
# (dd reports the write error; busybox's printf builtin does not)
fails_eperm() {
	if printf '%s' "$2" | dd of="$1" 2>/tmp/werr; then
		return 1
	fi
	grep -q 'not permitted' /tmp/werr
}

$F/bin/banned-rsa2048-nocert 2>/dev/null
[ $? -eq 126 ]
check $? first_banned_exec_denied
$F/bin/banned-p384-cert 2>/dev/null
[ $? -eq 126 ]
check $? banned_embedded_cert_denied
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs
status_is policy test-boot && status_is locked yes && status_is mode enforce
check $? status_shows_boot_policy_locked
status_is require_signed yes && status_is signed no
check $? kconfig_requires_signed_yet_boot_policy_in_force
grep -q '^deny subject-o "AO Kaspersky Lab" label=boot-subject$' $VB/policy
check $? policy_reads_back
fails_eperm $VB/policy "$(cat /fixtures/policies/default-allow.pol)"
check $? policy_write_eperm
fails_eperm $VB/mode permissive
check $? mode_write_eperm
fails_eperm $VB/lock 1
check $? lock_write_eperm
if vendorbanctl load /fixtures/policies/default-allow.pol >/dev/null 2>&1; then
	r=1
else
	status_is policy test-boot
	r=$?
fi
check $r vendorbanctl_load_refused
$F/bin/banned-rsa2048-nocert 2>/dev/null
[ $? -eq 126 ]
check $? still_denied
sleep 1
grep 'op=exec decision=deny' /tmp/audit.log | grep -q 'boot-issuer'
check $? denial_audited_with_rule_label

tap_done
