#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the attacks on the module form's BPF LSM mechanism, run as
# /tests/run.sh on Debian's stock kernel (tests/module-form/run.sh
# 6.1|6.12 attack).  Root, after a boot whose attach failed (locked with
# the exec gate alone):
#   - lock itself is refused, and audited, until forced;
#   - look-alike programs (vendorban's names and hooks, deciding nothing,
#     one calling a kfunc so that the liveness probe sees a call) handed to
#     bpf_links must not make the mechanism bpf-lsm, nor let a banned
#     program run;
#   - vendorban's programs attached with another module's BTF, or the
#     kernel's, are refused;
#   - hostile programs calling each kfunc with NULL and with pointers that
#     are not the hook's own must reach no decision and crash nothing;
#   - vendorban's own programs can still be attached after lock, with all
#     of the above still in place, and decide;
#   - a tail call into vendorban's sleepable program from a non-sleepable
#     one decides nothing.
# tests/vm/vb-bpfattack.c writes the programs.  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
MOD=/lib/modules/vendorban.ko
A=/tests/bin/vb-bpfattack
LDSO=/lib64/ld-linux-x86-64.so.2
TAP_PREFIX=module_attack. TAP_PART="module attack"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# allowed: the counter, read by the shell itself (an exec would count)
allowed() {
	while read -r key val; do
		[ "$key" = allowed: ] && echo "$val"
	done <$VB/status
}

# audit_count PATTERN: records after $mark in the audit log matching it
audit_count() {
	tail -n "+$((mark + 1))" /tmp/audit.log | grep -c -- "$1"
}

# no_oops: the kernel log has no oops, BUG or warning
no_oops() {
	! dmesg | grep -Eq 'BUG:|Oops|general protection|WARNING:|Call Trace'
}

# banned_once: a banned exec is refused, and is one decision: one record,
# or (a repeat within 5 s of the last) one suppressed (a summary record,
# op=summary, reports earlier ones and is not counted)
banned_once() {
	mark=$(wc -l </tmp/audit.log)
	d0=$(status_val denied)
	s0=$(status_val audit_suppressed)
	$F/bin/banned-rsa2048-cert 2>/dev/null
	r=$?
	sleep 1
	d1=$(status_val denied)
	s1=$(status_val audit_suppressed)
	recs=$(audit_count ' op=exec decision=deny')
	echo "# banned exec: exit $r, denied $d0 -> $d1, $recs deny records," \
		"suppressed $s0 -> $s1"
	[ $r -eq 126 ] && [ $((d1 - d0)) -eq 1 ] &&
		[ $((recs + s1 - s0)) -eq 1 ] &&
		[ "$(audit_count 'op=exec decision=deny.*banned-rsa2048-cert')" = "$recs" ]
}

insmod /lib/modules/binfmt_misc.ko
insmod $MOD
check $? insmod
vendorbanctl load $F/policies/ban-by-cert.pol >/dev/null
check $? load
grep '^mechanism:' $VB/status | sed 's/^/# /'
! status_is mechanism bpf-lsm
check $? not_bpf_lsm_before_attach

# A boot whose attach failed: lock is refused, loudly, until forced.
mark=$(wc -l </tmp/audit.log)
if vendorbanctl lock >/tmp/lock.out 2>&1; then r=1; else r=0; fi
show /tmp/lock.out
[ $r = 0 ] && status_is locked no && grep -q 'mechanism' /tmp/lock.out
check $? lock_refused_while_mechanism_incomplete
sleep 1
[ "$(audit_count 'op=lock.*res=0')" = 1 ]
check $? refused_lock_audited
vendorbanctl lock --force >/tmp/lock.out 2>&1 || echo 1 >$VB/lock
show /tmp/lock.out
status_is locked yes
check $? lock_forced

# Look-alikes handed to the module as its own programs.
$A lookalike >/tmp/lookalike.out 2>/tmp/lookalike.err
check $? lookalikes_attached
show /tmp/lookalike.out
grep -q '^handover: refused' /tmp/lookalike.out
check $? lookalike_handover_refused
grep '^mechanism:' $VB/status | sed 's/^/# /'
! status_is mechanism bpf-lsm
check $? lookalikes_do_not_make_bpf_lsm
banned_once
check $? banned_refused_with_lookalikes

# vendorban's programs with a BTF object that is not vendorban's.
$A wrongbtf >/tmp/wrongbtf.out 2>&1
show /tmp/wrongbtf.out
grep -q '^binfmt_misc: refused' /tmp/wrongbtf.out &&
	grep -q '^vmlinux: refused' /tmp/wrongbtf.out
check $? attach_with_other_btf_refused
! status_is mechanism bpf-lsm
check $? still_not_bpf_lsm

# Hostile programs calling the kfuncs with NULL and unrelated pointers.
$A hostile >/tmp/hostile.out 2>/tmp/hostile.err
check $? hostile_programs_tried
show /tmp/hostile.out
grep -q ': loaded$' /tmp/hostile.out
check $? some_hostile_program_loaded
# The verifier's part: on 6.12 the kfuncs take trusted pointers only
# (KF_TRUSTED_ARGS), so NULL and pointers walked from the bprm through
# fields the kernel does not vouch for (its interpreter, its stack vma) are
# refused at load, from a non-sleepable program too (vbh_mprot_rcu: there
# the walk yields a plain pointer, which kfuncs without the flag take);
# 6.1's verifier lets some through (its KF_TRUSTED_ARGS would refuse
# vendorban's own programs too), and the caller check alone must hold.
untrusted="vbh_exec_null vbh_mmap_null vbh_mprot_vma vbh_mprot_null
vbh_kread_null vbh_mprot_rcu"
refused=0
for c in $untrusted; do
	grep -q "^$c: refused by the verifier" /tmp/hostile.out &&
		refused=$((refused + 1))
done
case $(uname -r) in
6.12.*) [ $refused = 6 ] ;;
*) [ $refused -lt 6 ] ;;
esac
check $? untrusted_pointers_as_the_kernel_checks_them
# Each kfunc refuses before it looks at an argument: had the module or
# mmap kfunc decided the exec's file handed to it, there would be op=module
# or op=mmap records.  One banned exec is one decision, the exec's.
banned_once
check $? hostile_kfunc_calls_decide_nothing
! status_is mechanism bpf-lsm
check $? hostile_calls_do_not_make_bpf_lsm
no_oops
check $? no_oops_after_hostile_calls

# vendorban's own programs, attached after lock, with all of the above
# still attached, and with constant blinding on for every program
# (net.core.bpf_jit_harden=2: the JIT rewrites their immediates).
echo 2 >/proc/sys/net/core/bpf_jit_harden
vendorbanctl attach >/tmp/attach.out 2>&1
r=$?
echo 0 >/proc/sys/net/core/bpf_jit_harden
show /tmp/attach.out
[ $r = 0 ] && status_is mechanism bpf-lsm
check $? own_programs_attach_after_lock_blinded
banned_once
check $? banned_refused_once_through_bpf_lsm
$LDSO $F/bin/dyn-hello-banned 2>/dev/null
[ $? -eq 127 ]
check $? ldso_banned_refused_through_bpf_lsm
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs

# A tail call into vendorban's sleepable exec program from a non-sleepable
# program on a hook of the same prototype: the kfunc must not decide (nor
# sleep) inside the caller's RCU read-side section.  One exec of an
# allowed program is then one decision, the held program's.
id=$(sed -n 's/^vb_exec .* prog=\([0-9]*\) .*/\1/p' $VB/bpf_links 2>/dev/null)
[ -n "$id" ] || id=/sys/fs/bpf/vendorban/vb_exec
$A tailcall "$id" >/tmp/tailcall.out 2>&1
show /tmp/tailcall.out
a0=$(allowed)
$F/bin/unsigned
r=$?
a1=$(allowed)
echo "# unsigned exec with the tail call in place: exit $r, allowed $a0 -> $a1"
[ $r -eq 42 ] && [ $((a1 - a0)) -eq 1 ]
check $? tail_called_sleepable_kfunc_decides_nothing

# An fexit program on vendorban's exec kfunc (found by the red team: the
# held program then called its kfunc from the trampoline, the kfunc took
# it for a stranger and answered 0, and banned files ran).  The kfuncs
# are notrace now, so the kernel has nowhere to put the trampoline; and a
# stranger is answered with a denial.
$A fexit vendorban_kf_bprm_check_security >/tmp/fexit.out 2>&1
show /tmp/fexit.out
grep -q '^fexit vendorban_kf_bprm_check_security: refused' /tmp/fexit.out
check $? fexit_on_the_exec_kfunc_refused
banned_once
check $? banned_refused_after_fexit_attempt
$A fexit vendorban_kf_mmap_file >/tmp/fexit.out 2>&1
show /tmp/fexit.out
grep -q '^fexit vendorban_kf_mmap_file: refused' /tmp/fexit.out
check $? fexit_on_the_mmap_kfunc_refused
! $LDSO $F/bin/dyn-hello-banned 2>/dev/null
check $? ldso_banned_refused_after_fexit_attempt

# kernel.ftrace_enabled=0 switches off every BPF trampoline, and with them
# vendorban's programs (found by the red team: banned files ran while
# status said bpf-lsm).  While its programs are held, vendorban keeps a
# permanent ftrace_ops, and the kernel refuses the write (EBUSY).
echo 0 >/proc/sys/kernel/ftrace_enabled 2>/tmp/ftrace.err
# shellcheck disable=SC2320 # the status of the write
r=$?
show /tmp/ftrace.err
echo "# ftrace_enabled=0: exit $r, now $(cat /proc/sys/kernel/ftrace_enabled)"
[ $r -ne 0 ] && [ "$(cat /proc/sys/kernel/ftrace_enabled)" = 1 ]
check $? ftrace_off_refused_while_programs_held
banned_once
check $? banned_refused_after_ftrace_off_attempt

# Last: "rmmod -f" after lock (found by the red team: it left the module
# going, status failed with ENODEV and every open of a securityfs file
# printed a kernel WARNING).  It never returns; the module keeps working:
# its files open, status says locked, a banned program is refused, and
# the refusal is one tamper record.
fmark=$(wc -l </tmp/audit.log)
rmmod -f vendorban 2>/dev/null &
rmf=$!
sleep 2
kill -0 $rmf 2>/dev/null
check $? forced_rmmod_after_lock_never_returns
vendorbanctl status >/tmp/status.out 2>&1 && status_is locked yes &&
	grep -q '^vendorban .* Live ' /proc/modules
check $? status_opens_after_forced_rmmod
show /tmp/status.out
banned_once
check $? banned_refused_after_forced_rmmod
wait_for 5 grep -q 'op=forced_unload locked=1' /tmp/audit.log
[ "$(tail -n "+$((fmark + 1))" /tmp/audit.log | grep -c 'op=forced_unload locked=1')" = 1 ]
check $? forced_rmmod_after_lock_audited_once
no_oops
check $? no_oops_at_the_end
dmesg | grep -E 'vendorban|BUG|Oops|WARNING' | tail -20 | sed 's/^/# /'

tap_done
