#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-module-form.sh - the loadable form on Debian's own kernel.
# Builds vendorban.ko against the stock linux-headers-*-amd64, packs the
# tests VM image plus an overlay (the module, binfmt_misc.ko,
# scripts/vm/module-form.sh as /tests/run.sh) and boots the stock
# vmlinuz under QEMU.  Ends with "vm: N passed, N failed".
set -euo pipefail

die() {
	echo "test-module-form.sh: error: $*" >&2
	exit 1
}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.*-amd64' | sort -V |
	tail -1)
[ -n "$kdir" ] || die "no linux-headers-6.1.*-amd64 (scripts/install-deps.sh)"
release=${kdir#/usr/src/linux-headers-}
vmlinuz=/boot/vmlinuz-$release
[ -r "$vmlinuz" ] || die "$vmlinuz missing (apt-get install linux-image-$release)"
binfmt_misc=/lib/modules/$release/kernel/fs/binfmt_misc.ko
[ -r "$binfmt_misc" ] || die "$binfmt_misc missing"

scripts/build-module.sh "$kdir"
scripts/build-initramfs.sh --run tests -o build/initramfs-module-base.cpio.gz

overlay=$(mktemp -d)
trap 'rm -rf "$overlay"' EXIT
mkdir -p "$overlay/lib/modules" "$overlay/tests"
cp "build/module/$release/kmod/vendorban.ko" "$overlay/lib/modules/"
cp "$binfmt_misc" "$overlay/lib/modules/"
install -m 755 scripts/vm/module-form.sh "$overlay/tests/run.sh"
# A later cpio member replaces an earlier one: the overlay goes last.
(cd "$overlay" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -9) \
	>build/initramfs-module-overlay.cpio.gz
cat build/initramfs-module-base.cpio.gz build/initramfs-module-overlay.cpio.gz \
	>build/initramfs-module.cpio.gz

mkdir -p build/kernel
cp "$vmlinuz" build/kernel/bzImage-stock-6.1
scripts/run-vm.sh --kver stock-6.1 --initrd build/initramfs-module.cpio.gz \
	--log build/vm-module.log
