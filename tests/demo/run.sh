#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/demo/run.sh - `make demo`: the loadable form on Debian's stock 6.12
# kernel, no kernel to compile.  Builds vendorban.ko with module BTF and its
# BPF LSM programs against linux-headers-6.12.*-amd64 (whose headers ship
# vmlinux and resolve_btfids), packs the demo VM image with the module
# (tests/demo/guest.sh as /demo.sh) and boots the stock vmlinuz under QEMU,
# the guest's console live.  Exits with the guest's status: 0 when
# vendorban behaved as shown.  Needs make fixtures tool vb-auditd first
# (the Makefile's demo target runs them).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-amd64' |
	sort -V | tail -1)
[ -n "$kdir" ] ||
	die "no linux-headers-6.12.*-amd64 (scripts/install-deps.sh --demo)"
release=${kdir#/usr/src/linux-headers-}
vmlinuz=/boot/vmlinuz-$release
[ -r "$vmlinuz" ] ||
	die "$vmlinuz missing (apt-get install linux-image-$release)"

scripts/build-module.sh "$kdir"
ko=build/module/$release/kmod/vendorban.ko
initrd=build/initramfs-demo-module.cpio.gz
scripts/build-initramfs.sh --run demo --add "$ko:lib/modules/vendorban.ko" \
	-o "$initrd"
mkdir -p build/kernel
cp "$vmlinuz" build/kernel/bzImage-stock-6.12
scripts/run-vm.sh --kver stock-6.12 --initrd "$initrd" \
	--log build/vm-demo-module.log --demo
