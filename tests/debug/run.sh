#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/debug/run.sh - vendorban on the debug kernel (make check-debug).
# Builds the "debug" variant of the 6.1 test kernel (KASAN, lockdep and
# RCU checking, kmemleak, failslab, BTF: scripts/kernel/variant-debug.fragment)
# and the test modules for it, then boots it under QEMU:
#   1. the whole VM suite (KUnit at boot and every tests/vm/*_test), with,
#      before its last phase (auditd_test.sh, which locks the policy), a
#      kmemleak scan and the stress run, tests/vm/stress/vb-stress.c
#      (tests/debug/guest-stress.sh as /tests/before-last.sh), then a
#      kmemleak scan (tests/debug/guest-suite.sh as /tests/run.sh); then,
#      on the host,
#      `vendorbanctl audit` on the log Debian's auditd wrote in that guest
#      (tests/tool/audit_capture_test.sh: make check-vm's capture test,
#      run here since make check runs the built-in 6.1 suite on this
#      kernel only).
# Then the loadable form: the same kernel without vendorban built in
# ("debug-module", scripts/kernel/variant-debug-module.fragment: same tree
# and objects, only security/ rebuilt and the kernel relinked), vendorban.ko
# built against its objects with module BTF (scripts/build-module.sh, BTF
# checked by tests/module-form/check-btf.sh), booted once:
#   3. insmod, attach, the VM suite through the BPF LSM programs, a shorter
#      stress run, hostile kfunc calls, rmmod, kmemleak scans
#      (tests/debug/guest-module.sh as /tests/run.sh).
# Each boot is judged by run-vm.sh, which also fails on any KASAN, lockdep,
# RCU or BUG/WARNING line, and ends with "vm: N passed, N failed".  Every
# boot runs even if one before failed; the exit status says whether all
# passed.  VENDORBAN_DEBUG_VM_TIMEOUT overrides the per-boot timeout.
# "tests/debug/run.sh module" does the loadable form's part alone.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
timeout=${VENDORBAN_DEBUG_VM_TIMEOUT:-2400}
modules=build/vm/modules-6.1-debug
# the test modules of the loadable form's boot: their BTF is split over
# that kernel's vmlinux, so those built for the built-in form do not load
modmodules=build/vm/modules-6.1-debug-module

case ${1:-} in
'') builtin=1 ;;
module) builtin=0 ;;
*) echo "usage: tests/debug/run.sh [module]" >&2; exit 2 ;;
esac
cache=${VENDORBAN_CACHE:-/var/cache/vendorban}
kobj=$cache/obj-6.1-debug
if [ "$builtin" = 1 ]; then
	scripts/build-kernel.sh 6.1 debug || exit 1
	tests/vm/module/build.sh "$modules" 6.1-debug || exit 1
	scripts/build-initramfs.sh --run tests --modules "$modules" \
		--add tests/vm/guest/suite.sh:tests/suite.sh \
		--add tests/debug/guest-suite.sh:tests/run.sh \
		--add tests/debug/guest-stress.sh:tests/before-last.sh \
		-o build/initramfs-tests-debug.cpio.gz || exit 1
fi

# The loadable form's kernel last: the object directory then holds it
# (build-kernel.sh makes sure), and vendorban.ko's BTF is split over its
# vmlinux.  The lock keeps another build from switching the directory
# back to the built-in form while the module is built against it.
scripts/build-kernel.sh 6.1 debug-module || exit 1
tests/vm/module/build.sh "$modmodules" 6.1-debug || exit 1
exec 9>"$cache/lock-6.1-debug"
flock 9
cmp -s build/kernel/bzImage-6.1-debug-module "$kobj/arch/x86/boot/bzImage" || {
	echo "check-debug: $kobj no longer holds the debug-module kernel" >&2
	exit 1
}
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$kobj/include/generated/utsrelease.h")
out=build/module/$release
scripts/build-module.sh "$kobj" || exit 1
flock -u 9
exec 9>&-
[ ! -e "$out/btf-missing" ] ||
	{ echo "check-debug: no module BTF: $(cat "$out/btf-missing")" >&2; exit 1; }
tests/module-form/check-btf.sh "$out/kmod/vendorban.ko" "$out/btf-base" kmod ||
	exit 1
awk -F'[(, ]+' '/^VENDORBAN_HOOK\(/ && ($4 == "BOTH" || $4 == "MODULE") {
	print "vb_" $3 }' kmod/hook_table.h >"$out/programs"
[ -s "$out/programs" ] || exit 1
scripts/build-initramfs.sh --run tests --modules "$modmodules" \
	--add tests/debug/guest-module.sh:tests/run.sh \
	--add "$out/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	--add "$out/programs:etc/vendorban-programs" \
	-o build/initramfs-module-debug.cpio.gz || exit 1

failed=0
mid2=$(date +%s)
if [ "$builtin" = 1 ]; then
	start=$(date +%s)
	echo "check-debug: the VM suite, then the stress run, on the debug kernel"
	# the suite's filesystem tests need the ext4 disk (make disk); two vCPUs
	# let lockdep and KASAN see the race tests and the stress loops run in
	# parallel
	# vbflood=10: auditd_test.sh's floods a tenth as long (an exec costs
	# about 20 times as much here; KASAN sees their paths all the same)
	scripts/run-vm.sh --kver 6.1-debug --initrd build/initramfs-tests-debug.cpio.gz \
		--log build/vm-tests-debug.log --timeout "$timeout" \
		--disk build/vm/disk-ext4.img --smp 2 --append vbflood=10 || failed=1
	grep -a '^# \(banned\|allowed\|unsigned\|script\|mmap\|policy\|mode\) \|injected' \
		build/vm-tests-debug.log | sed 's/^/check-debug: stress: /'
	echo "check-debug: the suite and the stress run took $(($(date +%s) - start))s"
	tests/vm/extract-auditlog.sh build/vm-tests-debug.log \
		build/vm/auditd-6.1-debug.log || failed=1
	tests/tool/audit_capture_test.sh build/vm/auditd-6.1-debug.log || failed=1
	mid2=$(date +%s)
fi
echo "check-debug: the loadable form (vendorban.ko, BPF LSM) on the debug kernel"
scripts/run-vm.sh --kver 6.1-debug-module \
	--initrd build/initramfs-module-debug.cpio.gz \
	--log build/vm-module-debug.log --timeout "$timeout" \
	--disk build/vm/disk-ext4.img --smp 2 || failed=1
grep -a '^# \(the suite\|the stress run\) took' build/vm-module-debug.log |
	sed 's/^# /check-debug: module form: /'
echo "check-debug: the loadable form took $(($(date +%s) - mid2))s"
exit "$failed"
