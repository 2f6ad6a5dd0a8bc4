#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/module-form/run.sh [6.1|6.12] [attack|only NAME_test] - the loadable form on Debian's own kernel
# (default 6.1).  Builds vendorban.ko with module BTF against the stock
# linux-headers-<KVER>.*-amd64 and checks that BTF on the host
# (tests/module-form/check-btf.sh), packs the tests VM image with the module,
# binfmt_misc.ko, the stock modules the file-system tests need (ext4,
# virtio_blk, fuse, overlay; decompressed here if Debian ships .ko.xz:
# busybox insmod reads plain modules), the suite's test module built for
# the stock kernel, its dummy.ko (decompressed: what kmod hands to
# init_module()), and tests/module-form/guest.sh as /tests/run.sh, and
# boots the stock vmlinuz under QEMU with the suite's ext4 disk (make
# disk) and two vCPUs.  With attack, the guest script is
# tests/module-form/guest-attack.sh instead (root against the BPF LSM
# mechanism);
# with only NAME_test, tests/module-form/guest-only.sh: that VM selftest
# alone, through the BPF LSM, with the default table and cache_entries=2.
# Ends with "vm: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"
cd "$repo"
# shellcheck source=tests/module-form/stock.sh
. tests/module-form/stock.sh
kver=${1:-6.1}
case $kver in 6.1 | 6.12) ;; *) die "unsupported kernel '$kver' (6.1, 6.12)" ;; esac
case "${2:-}" in
'') guest=guest run=module-$kver ;;
attack) guest=guest-attack run=module-attack-$kver ;;
only)
	only=${3:-}
	case $only in
	*_test) [ -f "tests/vm/$only.c" ] || [ -n "${VENDORBAN_ONLY_DIR:-}" ] ||
		die "only: no tests/vm/$only.c" ;;
	*) die "only: not a VM selftest '$only' (NAME_test)" ;;
	esac
	guest=guest-only run=module-only-$kver
	;;
*) die "usage: tests/module-form/run.sh [6.1|6.12] [attack|only NAME_test]" ;;
esac
stock_kernel "$kver"
release=$stock_release
out=$stock_out
binfmt_misc=$out/binfmt_misc.ko
stock_module "/lib/modules/$release/kernel/fs/binfmt_misc.ko" "$binfmt_misc"

# The stock kernel's modules the suite's file-system tests need, with
# their dependencies in load order, decompressed: lib/modules/extra/NN-*.
adds=()
rm -rf "$out/extra"
mkdir -p "$out/extra"
n=10
for m in virtio_pci virtio_blk ext4 fuse overlay; do
	modprobe -S "$release" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' >"$out/extra.list"
while read -r f; do
	name=$n-$(basename "${f%.xz}")
	case $f in
	*.xz) xz -dc "$f" >"$out/extra/$name" ;;
	*) cp "$f" "$out/extra/$name" ;;
	esac
	adds+=(--add "$out/extra/$name:lib/modules/extra/$name")
	n=$((n + 1))
done <"$out/extra.list"

# A module of the stock kernel for init_module() from memory: dummy.ko,
# decompressed as kmod 30 does before init_module() (Debian's 6.12 ships
# .ko.xz; 6.1 plain .ko).
stock_module "/lib/modules/$release/kernel/drivers/net/dummy.ko" "$out/dummy.ko"
adds+=(--add "$out/dummy.ko:lib/modules/stock/dummy.ko")

# The programs the module form must hold: one per BOTH or MODULE row of
# the hook table.
awk -F'[(, ]+' '/^VENDORBAN_HOOK\(/ && ($4 == "BOTH" || $4 == "MODULE") {
	print "vb_" $3 }' kmod/hook_table.h >"$out/programs"
[ -s "$out/programs" ] || die "no programs in kmod/hook_table.h"
adds+=(--add "$out/programs:etc/vendorban-programs")

# The one selftest guest-only.sh runs.
if [ "$guest" = guest-only ]; then
	echo "$only" >"$out/only"
	adds+=(--add "$out/only:etc/vendorban-only")
fi

# VENDORBAN_ONLY_DIR=DIR with only NAME_test: DIR/NAME_test, a program
# built outside the suite (a red team's attack, tests/redteam*/Makefile),
# run with the default table alone, as its authors ran it; its own log.
if [ -n "${VENDORBAN_ONLY_DIR:-}" ]; then
	[ "$guest" = guest-only ] || die "VENDORBAN_ONLY_DIR goes with only NAME_test"
	[ -x "$VENDORBAN_ONLY_DIR/$only" ] || die "no $VENDORBAN_ONLY_DIR/$only"
	: >"$out/only-default"
	adds+=(--add "$VENDORBAN_ONLY_DIR/$only:tests/bin/$only"
		--add "$out/only-default:etc/vendorban-only-default")
	run=module-only-$only-$kver
fi

# The suite's test module, built for this kernel and signed.
tests/vm/module/build.sh "build/vm/modules-stock-$kver" "stock-$kver"

disk=build/vm/disk-ext4.img
[ -f "$disk" ] || die "$disk missing (make disk)"
initrd=build/initramfs-$run.cpio.gz
scripts/build-initramfs.sh --run tests \
	--modules "build/vm/modules-stock-$kver" \
	--add "tests/module-form/$guest.sh:tests/run.sh" \
	--add "$out/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	--add "$binfmt_misc:lib/modules/binfmt_misc.ko" \
	"${adds[@]}" -o "$initrd"

mkdir -p build/kernel
cp "$stock_vmlinuz" "build/kernel/bzImage-stock-$kver"
scripts/run-vm.sh --kver "stock-$kver" --initrd "$initrd" \
	--log "build/vm-$run.log" --disk "$disk" --smp 2
