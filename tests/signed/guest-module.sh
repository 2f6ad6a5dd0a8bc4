#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the signed-policy test of the loadable form, run as
# /tests/run.sh on Debian's stock kernel (tests/signed/run.sh), in two
# boots: "vbphase=param" on the kernel command line loads the module with
# require_signed=1, "vbphase=switch" without it, then turns the
# securityfs switch on.
# The stock kernel does not trust the test policy-signing key, so here a
# policy signed with it must be refused like any untrusted one, after the
# secondary (machine) and the platform keyrings were tried; the module
# parameter require_signed=1 must refuse unsigned policies, and without
# it an unsigned policy loads while a signed, untrusted one is still
# refused; then the securityfs switch turns it on at runtime, one way.
#
# One way means the module cannot be reloaded without it: once
# require_signed is on (either way), rmmod fails, and the attack "rmmod,
# insmod without the parameter, load an unsigned policy of a lower
# version" is refused; rmmod -f never returns (as after lock) and the
# module stays, so insmod fails (EBUSY) and the version in force stays the
# floor.  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
S=/fixtures/signed
MOD=/lib/modules/vendorban.ko
PARAM=/sys/module/vendorban/parameters/require_signed
TAP_PREFIX=signed_policy_module. TAP_PART="signed policy (module)"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# running PID: the process exists and is not a zombie
running() {
	[ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status"
}

# refused NAME FILE ERRNO_TEXT REASON POLICY: the write fails, POLICY
# (default none) stays in force, status and the audit log give REASON
refused() {
	if dd if="$2" of=$VB/policy bs=8M 2>/tmp/werr; then
		check 1 "$1.write_refused"
		return
	fi
	grep -q "$3" /tmp/werr && [ "$(status_val policy)" = "${5:-none}" ] &&
		status_val last_error | grep -q "$4"
	check $? "$1.refused_with_reason"
}

# The attack on a one-way switch: unload the module and load it again
# without the parameter.  Both steps must fail: the module stays, with
# require_signed on and the policy in force (POLICY, VERSION), and
# unsigned policies of a lower version are refused.
reload_attack() {
	if rmmod vendorban 2>/dev/null; then r=1; else [ -e $VB ]; r=$?; fi
	check $r "$1.rmmod_refused"
	if insmod $MOD 2>/dev/null; then r=1; else r=0; fi
	check $r "$1.insmod_again_refused"
	[ "$(status_val require_signed)" = yes ] && [ "$(cat $PARAM)" = Y ]
	check $? "$1.still_required"
	# The parameter is 0400: no write through sysfs either.
	if (printf N >$PARAM) 2>/dev/null; then r=1; else
		[ "$(cat $PARAM)" = Y ]
		r=$?
	fi
	check $r "$1.parameter_not_writable"
	refused "$1.unsigned_lower_version" $S/ban-v5.pol 'rejected' \
		'not signed' "$2"
	[ "$(status_val version)" = "${3:-}" ]
	check $? "$1.version_in_force_kept"
}

# After every other check: rmmod -f of a module with require_signed on
# never returns (as after lock), the module stays with the switch on, a
# second insmod fails, and the refusal is logged and audited.
forced_rmmod_refused() {
	rmmod -f vendorban 2>/dev/null &
	rmf=$!
	sleep 2
	running $rmf
	check $? forced_rmmod_never_returns
	grep -q '^vendorban .* Live ' /proc/modules && [ "$(cat $PARAM)" = Y ]
	check $? module_stays_required_after_forced_rmmod
	status_is require_signed yes
	check $? status_opens_after_forced_rmmod
	# The module is live again: the kernel refuses a second one of that
	# name (EEXIST; EBUSY while it was still going).
	insmod $MOD 2>/tmp/ierr &
	ins=$!
	sleep 1
	if running $ins; then
		kill -9 $ins
		r=1
	elif wait $ins; then
		r=1
	else
		echo "# $(cat /tmp/ierr)"
		grep -Eqi 'busy|exists' /tmp/ierr
		r=$?
	fi
	check $r insmod_after_forced_rmmod_refused
	dmesg | grep -q 'vendorban: rmmod -f while .*: refused'
	check $? forced_rmmod_logged
	[ "$(grep -c 'op=forced_unload' /tmp/audit.log)" = 1 ] &&
		grep 'op=forced_unload' /tmp/audit.log |
		grep -q 'locked=0 require_signed=1 .*res=0'
	check $? forced_rmmod_audited_once
}

# Root without the signing key cannot turn enforcement off through the
# mode: permissive is refused (EPERM, audited res=0), enforce stays.
permissive_refused() {
	! printf permissive | dd of=$VB/mode 2>/tmp/werr &&
		grep -q 'not permitted' /tmp/werr && status_is mode enforce
	check $? "$1.mode_permissive_refused"
	sleep 1
	grep 'type=1404 ' /tmp/audit.log | grep -q 'op=set_mode old_mode=enforce new_mode=permissive .*res=0'
	check $? "$1.refused_permissive_audited"
}

# The module parameter: only signed policies from the start.
phase_param() {
	insmod $MOD require_signed=1
	check $? insmod_require_signed
	[ "$(cat $PARAM)" = Y ] && [ "$(status_val require_signed)" = yes ]
	check $? module_parameter_in_status
	refused unsigned $S/unsigned-v6.pol 'rejected' 'not signed'
	refused untrusted_test_key $S/ban-v5.p7 'rejected' 'not a trusted key'
	refused tampered $S/tampered-v5.p7 'rejected' 'policy signature'
	sleep 1
	[ "$(grep 'type=1403 ' /tmp/audit.log | grep -c 'res=0')" -eq 3 ]
	check $? each_refusal_audited
	permissive_refused parameter
	reload_attack parameter none
	forced_rmmod_refused
}

# The securityfs switch, after an unsigned policy version 6 was loaded.
phase_switch() {
	insmod $MOD
	check $? insmod_without_parameter
	[ "$(status_val require_signed)" = no ] && [ "$(cat $PARAM)" = N ]
	check $? not_required_by_default
	refused untrusted_even_when_not_required $S/ban-v5.p7 'rejected' \
		'not a trusted key'
	dd if=$S/unsigned-v6.pol of=$VB/policy bs=8M 2>/dev/null &&
		[ "$(status_val policy)" = signed-ban ] &&
		[ "$(status_val signed)" = no ]
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
	[ "$(grep -c 'op=require_signed' /tmp/audit.log)" = 1 ] &&
		grep 'type=1404 ' /tmp/audit.log |
		grep -q 'op=require_signed old_require_signed=0 new_require_signed=1 .*res=1'
	check $? switch_audited_once
	refused unsigned_after_switch $S/unsigned-v6.pol 'rejected' \
		'not signed' signed-ban
	permissive_refused switch
	reload_attack switch signed-ban 6
	printf force >$VB/lock
	sleep 1
	[ "$(grep -c 'op=lock locked=1 .*res=1' /tmp/audit.log)" = 1 ]
	check $? lock_audited_once
	if printf 1 | dd of=$VB/require_signed 2>/tmp/werr; then
		r=1
	else
		grep -q 'not permitted' /tmp/werr
		r=$?
	fi
	check $r switch_refused_once_locked
	sleep 1
	[ "$(grep -c 'op=require_signed' /tmp/audit.log)" = 1 ]
	check $? refused_switch_leaves_no_record
}

phase=$(sed -n 's/.*vbphase=\([a-z]*\).*/\1/p' /proc/cmdline)
case $phase in
param) phase_param ;;
switch) phase_switch ;;
*) check 1 "phase_named_on_the_command_line ($phase)" ;;
esac

TAP_PART="signed policy (module, $phase)"
tap_done
