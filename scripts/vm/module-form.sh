#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the loadable-form test, run as /tests/run.sh on Debian's
# stock kernel: insmod vendorban.ko, load a policy with vendorbanctl, check
# a banned program is refused with EACCES and audited and an unsigned one
# runs, that rmmod works before locking and fails after, then run the exec
# part of the suite (exec_test) and the decision cache's (cache_test, on
# tmpfs and on an ext4 image) against the module.  Unloading: rmmod is
# refused while an unprivileged user holds a securityfs file open, rmmod -f
# waits for that file to be closed, and after lock rmmod -f never returns
# while the ban stays in force (logged and audited).  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
MOD=/lib/modules/vendorban.ko
n=0
failed=0

check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n module_form.$2"
	else
		echo "not ok $n module_form.$2"
		failed=$((failed + 1))
	fi
}

# status_is KEY VALUE: the status file says "KEY: VALUE"
status_is() {
	grep -qx "$1: $2" $VB/status
}

# An unprivileged user for the tests that hold a securityfs file open.
grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd

# hold_status: as nobody, open $VB/status, wait for a line on the FIFO
# /tmp/go, then read the file through the descriptor opened before into
# /tmp/held.out.  Sets $holder; /tmp/held appears once the file is open.
hold_status() {
	rm -f /tmp/go /tmp/held /tmp/held.out
	mkfifo -m 666 /tmp/go
	su -s /bin/sh nobody -c "exec 3<$VB/status && : >/tmp/held &&
		read go </tmp/go && cat <&3 >/tmp/held.out" &
	holder=$!
	i=0
	while [ ! -e /tmp/held ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e /tmp/held ]
}

# release_status: let the holder read and close; its exit status
release_status() {
	echo go >/tmp/go
	wait "$holder"
}

# running PID: the process exists and is not a zombie
running() {
	[ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status"
}

# binfmt_misc is a module on the stock kernel.  Like vendorban's exec gate
# it inserts its handler at the head of the list, so it must be loaded
# first: a binfmt_misc loaded later would run its interpreter for a banned
# file before vendorban saw the file (see README, loadable form).
insmod /lib/modules/binfmt_misc.ko
check $? binfmt_misc_loaded_first
[ ! -e $VB ]
check $? no_securityfs_before_insmod
insmod $MOD
check $? insmod
status_is form module
check $? status_says_module

vendorbanctl load /fixtures/policies/ban-by-issuer-serial.pol >/dev/null
check $? vendorbanctl_load
$F/bin/banned-rsa2048-nocert 2>/tmp/err
[ $? -eq 126 ] && grep -q 'Permission denied' /tmp/err
check $? banned_denied_eacces
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs
sleep 1
grep 'op=exec decision=deny' /tmp/audit.log | grep -q 'banned-rsa2048-nocert'
check $? denial_audited

# A DKMS upgrade runs rmmod while users may hold status open: the module
# must stay (its read function is module text) until the file is closed.
hold_status
check $? nobody_holds_status_open
if rmmod vendorban 2>/dev/null; then r=1; else [ -e $VB ]; r=$?; fi
check $r rmmod_refused_while_status_open
release_status && grep -qx 'form: module' /tmp/held.out
check $? held_status_still_reads

rmmod vendorban && [ ! -e $VB ] && $F/bin/banned-rsa2048-nocert
[ $? -eq 42 ]
check $? rmmod_before_lock_lifts_the_ban

# rmmod -f ignores the module's reference count: the module's exit waits
# for the open file instead of freeing the code under it.
insmod $MOD && vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_for_forced_rmmod
hold_status
check $? nobody_holds_status_open_again
rmmod -f vendorban 2>/dev/null &
rmf=$!
sleep 2
running $rmf
check $? forced_rmmod_waits_for_open_file
release_status && grep -qx 'form: module' /tmp/held.out
check $? held_status_reads_during_forced_rmmod
wait $rmf && [ ! -e $VB ] && ! grep -q '^vendorban ' /proc/modules
check $? forced_rmmod_completes_after_close
insmod $MOD && vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload

echo "# exec part of the suite, against the module"
/tests/bin/exec_test
check $? exec_test_suite

# The decision cache (the module's inode table) on tmpfs and on ext4, an
# image in the initramfs through a loop device (the stock kernel has both
# as modules).
for m in crc16 crc32c_generic mbcache jbd2 ext4 loop; do
	insmod /lib/modules/ext4/$m.ko || break
done
losetup /dev/loop0 /lib/modules/ext4/vb-cache.img
check $? ext4_image_attached
echo "# the decision cache, against the module"
VB_EXT4_DEV=/dev/loop0 /tests/bin/cache_test
check $? cache_test_suite

# cache_hits from status, read by the shell itself: an exec of a tool
# would take a place in the table.
hits() {
	while read -r key val; do
		[ "$key" = cache_hits: ] && echo "$val"
	done <$VB/status
}
# A table of two: the oldest is evicted when a third file is cached, and
# unloading frees a full table.
rmmod vendorban && insmod $MOD cache_entries=2 &&
	vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_with_two_cache_entries
mkdir -p /tmp/evict && mount -t tmpfs tmpfs /tmp/evict &&
	cp $F/bin/unsigned /tmp/evict/a && cp $F/bin/unsigned /tmp/evict/b &&
	cp $F/bin/unsigned /tmp/evict/c
h0=$(hits)
/tmp/evict/a
/tmp/evict/a
h1=$(hits)
/tmp/evict/b
/tmp/evict/c
/tmp/evict/a
h2=$(hits)
/tmp/evict/a
h3=$(hits)
echo "# cache_hits: $h0 -> $h1 (a twice), $h2 (b, c, a), $h3 (a)"
[ $((h1 - h0)) -eq 1 ] && [ "$h2" = "$h1" ] && [ $((h3 - h2)) -eq 1 ]
check $? oldest_entry_evicted_when_table_full
umount /tmp/evict
rmmod vendorban && insmod $MOD &&
	vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_after_eviction

# Debian's kernel has no ECDSA verifier: an allow of an ECDSA signature
# cannot be proven there, so under lockdown the file is denied (fail closed).
if grep -q ecdsa-nist-p256 /proc/crypto; then
	n=$((n + 1))
	echo "ok $n module_form.lockdown_without_ecdsa_fails_closed # SKIP kernel has ECDSA"
else
	vendorbanctl load /fixtures/policies/lockdown.pol >/dev/null &&
		! $F/bin/good-p256-cert 2>/dev/null && $F/bin/good-rsa2048-cert
	[ $? -eq 42 ]
	check $? lockdown_without_ecdsa_fails_closed
	# Nothing unsigned runs now, vendorbanctl included: lift it with the
	# shell's builtin printf (one write()).
	printf 'vendorban-policy 1\nname open\nversion 1\ndefault allow\n' \
		>$VB/policy
fi

vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
	vendorbanctl lock >/dev/null
check $? lock
if rmmod vendorban 2>/dev/null; then r=1; else [ -e $VB ]; r=$?; fi
check $r rmmod_fails_once_locked
if echo permissive 2>/dev/null >$VB/mode; then
	r=1
else
	status_is mode enforce
	r=$?
fi
check $r mode_write_fails_once_locked
$F/bin/banned-rsa2048-cert
[ $? -eq 126 ]
check $? still_denied_once_locked

# rmmod -f after lock: the kernel (CONFIG_MODULE_FORCE_UNLOAD=y on Debian)
# ignores the reference lock took and calls the module's exit; vendorban's
# exit refuses to return, so the module and its exec gate stay.  This must
# be the last step: that rmmod never exits.
rmmod -f vendorban 2>/dev/null &
rmf=$!
sleep 2
running $rmf
check $? forced_rmmod_after_lock_never_returns
grep -q '^vendorban ' /proc/modules
check $? module_still_loaded_after_forced_rmmod
$F/bin/banned-rsa2048-cert 2>/dev/null
[ $? -eq 126 ]
check $? still_denied_after_forced_rmmod
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs_after_forced_rmmod
dmesg | grep -q 'vendorban: rmmod -f while locked: refused'
check $? forced_rmmod_logged
grep 'op=forced_unload' /tmp/audit.log | grep -q 'res=0'
check $? forced_rmmod_audited

echo "# module form: $((n - failed)) of $n checks passed"
[ $failed -eq 0 ]
