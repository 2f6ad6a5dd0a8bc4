#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the debug kernel's loadable-form run (make check-debug), run
# as /tests/run.sh on the debug kernel without vendorban built in
# (scripts/kernel/variant-debug-module.fragment): insmod vendorban.ko (its
# module BTF taken), "vendorbanctl attach" (every program of the hook table
# held: the BPF LSM in force), then through the BPF LSM programs and their
# kfuncs
#   1. the built-in form's VM suite's tests of the hooks (exec, mmap,
#      mprotect, module loads from file and memory, fs, overlay, toctou,
#      pins, held pages, cache, audit: every hook of the hook table; not
#      the parser-only tests, HOOK_TESTS below), then a kmemleak scan of
#      everything since boot;
#   2. the stress program (tests/vm/stress/vb-stress.c) with fewer policy
#      swaps than the built-in stress boot, failslab on vendorban.ko's
#      allocations and the kfunc paths (it clears the kmemleak baseline
#      and scans when done);
#   3. hostile BPF programs calling each kfunc with NULL and unrelated
#      pointers (tests/vm/vb-bpfattack.c hostile), then removed;
#   4. the links released and vendorban.ko unloaded, then a kmemleak scan:
#      what the module allocated and never freed.
# The host's run-vm.sh fails the boot on any KASAN, lockdep, RCU,
# BUG/WARNING line of the kernel.  Prints TAP lines; the suite's programs
# and vb-stress print their own.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=debug_module. TAP_PART="debug module form"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# Every program of the hook table (run.sh lists them from
# kmod/hook_table.h: /etc/vendorban-programs) is held, and nothing else.
all_held() {
	[ "$(grep -c ' held ' $VB/bpf_links)" = "$(wc -l </etc/vendorban-programs)" ] ||
		return 1
	while read -r prog; do
		grep -q "^$prog .* held " $VB/bpf_links || return 1
	done </etc/vendorban-programs
}

# no_oops: the kernel log has no oops, BUG or warning so far
no_oops() {
	! dmesg | grep -Eq 'BUG:|Oops|general protection|WARNING:|Call Trace'
}

echo "# LSMs: $(cat /sys/kernel/security/lsm)"
[ ! -e $VB ] && ! grep -q vendorban /sys/kernel/security/lsm
check $? no_builtin_vendorban
insmod $MOD
check $? insmod
[ -e /sys/kernel/btf/vendorban ]
check $? module_btf_loaded
status_is form module
check $? status_says_module
vendorbanctl load $F/policies/ban-by-cert.pol >/dev/null
check $? load
vendorbanctl attach
check $? attach
status_is mechanism bpf-lsm
check $? status_says_bpf_lsm
all_held
check $? every_program_of_the_hook_table_held
$F/bin/banned-rsa2048-cert 2>/dev/null
[ $? -eq 126 ]
check $? banned_denied_through_bpf_lsm
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs_through_bpf_lsm

# 1. The suite's tests of the hooks and of the module's own state (the
# inode table, pins, held pages, the cache, audit): the tests of the
# policy and signature parsers alone run the same kmod/lib code, which
# the built-in debug boot already runs under KASAN (not auditd_test.sh:
# it replaces the audit reader).
HOOK_TESTS="exec mmap module fs overlay toctou pinned pinscope heldpages
	reloadheld writable cache untrusted verdict repeat audit"
t0=$(cut -d. -f1 /proc/uptime)
for name in $HOOK_TESTS; do
	t=/tests/bin/${name}_test
	echo "# vendorban selftest (debug kernel, module form): ${t##*/}"
	t1=$(tap_clock)
	"$t"
	check $? "suite_${t##*/}_bpf_lsm"
	tap_took "$t1" "${t##*/}"
done
status_is mechanism bpf-lsm
check $? still_bpf_lsm_after_the_suite
echo "# the suite took $(($(cut -d. -f1 /proc/uptime) - t0))s"
/tests/bin/vb-stress --kmemleak
check $? kmemleak_clean_after_the_suite

# 2. The stress run (the built-in stress boot does 1,000 swaps).
t0=$(cut -d. -f1 /proc/uptime)
/tests/bin/vb-stress --swaps "${VB_DEBUG_SWAPS:-300}" --seconds 300
check $? stress
echo "# the stress run took $(($(cut -d. -f1 /proc/uptime) - t0))s"
status_is mechanism bpf-lsm && all_held
check $? still_bpf_lsm_after_the_stress

# 3. Hostile programs on the kfuncs: pinned in bpffs, run by every exec
# until removed.
vendorbanctl load $F/policies/ban-by-cert.pol >/dev/null
/tests/bin/vb-bpfattack hostile >/tmp/hostile.out 2>&1
check $? hostile_programs_tried
show /tmp/hostile.out
grep -q ': loaded$' /tmp/hostile.out
check $? some_hostile_program_loaded
$F/bin/banned-rsa2048-cert 2>/dev/null
[ $? -eq 126 ]
check $? banned_denied_with_hostile_programs
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs_with_hostile_programs
rm -rf /sys/fs/bpf/vbattack
check $? hostile_programs_removed
no_oops
check $? no_oops_after_hostile_calls

# 4. Unload (the programs hold the module until an RCU grace period after
# their release), then what is left.
echo release >$VB/bpf_links && status_is mechanism 'binfmt (bpf: not attached)'
check $? release
wait_for 60 rmmod vendorban
check $? rmmod_after_release
! grep -q '^vendorban ' /proc/modules && [ ! -e $VB ]
check $? module_gone
/tests/bin/vb-stress --kmemleak
check $? kmemleak_clean_after_rmmod

tap_done
