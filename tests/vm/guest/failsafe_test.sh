#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# failsafe_test.sh - the boot check of vendorbanctl load on the real
# kernel, in the guest (installed as /tests/bin/failsafe_test).
#
# With a policy in force, each of these loads is refused with the file,
# its role and the rule named, and nothing reaches the kernel (the text,
# the name and the load and reject counters of the status file are
# unchanged): a policy that refuses init (this guest's /sbin/init is
# busybox), one that refuses the dynamic loader (of a staged system,
# --sysroot: the guest's own boot set is static), one that refuses a
# module of an initramfs (--initramfs, a tree holding the test module
# signed by the banned vendor), and a corrupt signed policy.  The kernel
# then shows the predictions were right: loaded (with --force where the
# check refuses), the loader rule makes a dynamic program fail and the
# module rule refuses the module.  TAP output.
set -u
V=${VENDORBANCTL:-/sbin/vendorbanctl}
VB=/sys/kernel/security/vendorban
F=/fixtures
M=/tests/modules
TAP_PART=failsafe_test
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# says NAME TEXT: the output of the last rc_is holds TEXT
says() {
	if grep -qF -- "$2" "$tap_out"; then ok "$1"; else
		not_ok "$1"
		show "$tap_out"
	fi
}

# unchanged NAME: the kernel holds the policy of before, loaded as often
unchanged() {
	cmp -s $VB/policy /tmp/fs.inforce && [ "$(status_val policy)" = before ] &&
		[ "$(status_val policy_loads)" = "$loads" ] &&
		[ "$(status_val policy_rejects)" = "$rejects" ]
	check $? "$1: nothing reached the kernel, the policy before is in force"
}

# pol NAME RULE: /tmp/fs-NAME.pol, default allow
pol() {
	printf 'vendorban-policy 1\nname %s\nversion 1\ndefault allow\n%s\n' \
		"$1" "$2" >"/tmp/fs-$1.pol"
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

echo "TAP version 13"
if [ ! -x "$V" ] || [ ! -e $VB/policy ] || [ ! -f $M/banned-cert.ko ]; then
	echo "1..0 # SKIP $V, vendorban or $M/banned-cert.ko missing"
	exit 1
fi
cp $VB/policy /tmp/fs.orig
pol before 'deny subject-cn "nobody" label=nobody'
rc_is 0 "load the policy of before" "$V" load /tmp/fs-before.pol
cp $VB/policy /tmp/fs.inforce
loads=$(status_val policy_loads)
rejects=$(status_val policy_rejects)

# --- init ---
init=$(readlink -f /sbin/init)
pol no-init "deny file-sha256 $(sha "$init") label=no-init"
rc_is 1 "load: a policy that refuses init is refused" "$V" load /tmp/fs-no-init.pol
says "... naming init, the rule and its source" \
	"  $init (init (/sbin/init)): rule line 5, label no-init (/tmp/fs-no-init.pol:5): deny file-sha256"
says "... saying nothing was loaded" "ERROR: nothing was loaded: the policy in force stays (before)"
unchanged "init"

# --- the dynamic loader, of a staged system ---
R=/tmp/fs-root
ld=$(readlink -f /lib64/ld-linux-x86-64.so.2)
mkdir -p $R/sbin $R/lib64 $R/lib/x86_64-linux-gnu
cp $F/bin/dyn-hello $R/sbin/init.real
ln -sf /sbin/init.real $R/sbin/init
cp "$ld" $R/lib64/ld-linux-x86-64.so.2
cp /lib/x86_64-linux-gnu/libc.so.6 $R/lib/x86_64-linux-gnu/
pol no-loader "deny file-sha256 $(sha "$ld") label=no-loader"
rc_is 1 "load: a policy that refuses the dynamic loader is refused" \
	"$V" load --sysroot $R --initramfs none /tmp/fs-no-loader.pol
says "... naming the loader, its program and the rule" \
	"  $R/lib64/ld-linux-x86-64.so.2 (dynamic loader of /sbin/init.real): rule line 5, label no-loader (/tmp/fs-no-loader.pol:5)"
unchanged "loader"

# --- a module of the initramfs ---
T=/tmp/fs-initramfs
mkdir -p "$T/usr/lib/modules/$(uname -r)/kernel/extra"
cp $M/banned-cert.ko "$T/usr/lib/modules/$(uname -r)/kernel/extra/"
pol no-module 'deny subject-o "AO Kaspersky Lab" label=banned-o'
rc_is 1 "load: a policy that refuses a module of the initramfs is refused" \
	"$V" load --initramfs $T /tmp/fs-no-module.pol
says "... naming the module and the rule" \
	"  $T/usr/lib/modules/$(uname -r)/kernel/extra/banned-cert.ko (module in the initramfs): rule line 5, label banned-o"
unchanged "module"

# --- a corrupt signed policy ---
head -c 300 $F/signed/ban-v4.p7 >/tmp/fs-cut.p7
rc_is 1 "load: a corrupt signed policy is refused" "$V" load /tmp/fs-cut.p7
says "... naming the file and why" "ERROR: /tmp/fs-cut.p7: a truncated signed policy"
unchanged "corrupt signed policy"

# --- the kernel agrees with the predictions ---
mod="$T/usr/lib/modules/$(uname -r)/kernel/extra/banned-cert.ko"
# (an earlier part of the module form's guest may have left it loaded)
rmmod vbtest_mod 2>/dev/null
insmod "$mod" 2>/tmp/fs.insmod && grep -q '^vbtest_mod ' /proc/modules
check $? "under the policy of before the module loads"
sed 's/^/# /' /tmp/fs.insmod
rmmod vbtest_mod 2>/dev/null
rc_is 0 "load --force loads the module policy anyway" \
	"$V" load --force --initramfs $T /tmp/fs-no-module.pol
says "... naming what it refuses" "WARNING: loading it anyway (--force)"
insmod "$mod" 2>/tmp/fs.insmod
rc=$?
[ "$rc" -ne 0 ] && grep -q 'Permission denied' /tmp/fs.insmod &&
	! grep -q '^vbtest_mod ' /proc/modules
check $? "the kernel refuses that module (insmod exit $rc, EACCES)"
sed 's/^/# /' /tmp/fs.insmod
rmmod vbtest_mod 2>/dev/null
# This guest's own boot set is static: its check passes; its kernel then
# refuses the loader, so a dynamic program does not start.
rc_is 0 "load: the loader policy, checked against this guest" "$V" load /tmp/fs-no-loader.pol
$F/bin/dyn-hello >/dev/null 2>&1
rc=$?
[ "$rc" -ne 42 ]
check $? "the kernel refuses the dynamic loader: a dynamic program does not start (exit $rc)"
rc_is 0 "load the policy of before again" "$V" load /tmp/fs-before.pol
$F/bin/dyn-hello >/dev/null 2>&1
rc=$?
[ "$rc" -eq 42 ]
check $? "... and it starts again (exit $rc)"
if [ -s /tmp/fs.orig ]; then
	rc_is 0 "the policy found at the start back in force" "$V" load /tmp/fs.orig
fi

echo "1..$tap_n"
tap_done
