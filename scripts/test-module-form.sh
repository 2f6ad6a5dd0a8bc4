#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-module-form.sh [6.1|6.12] - the loadable form on Debian's own kernel
# (default 6.1).  Builds vendorban.ko with module BTF against the stock
# linux-headers-<KVER>.*-amd64 and checks that BTF on the host
# (scripts/check-module-btf.sh), packs the tests VM image with the module,
# binfmt_misc.ko (decompressed here if Debian ships it as .ko.xz: busybox
# insmod reads plain modules) and scripts/vm/module-form.sh as
# /tests/run.sh added, and boots the stock vmlinuz under QEMU.  Ends with
# "vm: N passed, N failed".
set -euo pipefail

die() {
	echo "test-module-form.sh: error: $*" >&2
	exit 1
}

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
kver=${1:-6.1}
case $kver in 6.1 | 6.12) ;; *) die "unsupported kernel '$kver' (6.1, 6.12)" ;; esac
kdir=$(find /usr/src -maxdepth 1 -name "linux-headers-$kver.*-amd64" |
	sort -V | tail -1)
[ -n "$kdir" ] || die "no linux-headers-$kver.*-amd64 (scripts/install-deps.sh)"
release=${kdir#/usr/src/linux-headers-}
vmlinuz=/boot/vmlinuz-$release
[ -r "$vmlinuz" ] || die "$vmlinuz missing (apt-get install linux-image-$release)"
out=build/module/$release

scripts/build-module.sh "$kdir"
[ ! -e "$out/btf-missing" ] ||
	die "no module BTF for $release: $(cat "$out/btf-missing")"
scripts/check-module-btf.sh "$out/kmod/vendorban.ko" "$out/btf-base" kmod

binfmt_misc=/lib/modules/$release/kernel/fs/binfmt_misc.ko
if [ -r "$binfmt_misc.xz" ]; then
	xz -dc "$binfmt_misc.xz" >"$out/binfmt_misc.ko"
	binfmt_misc=$out/binfmt_misc.ko
fi
[ -r "$binfmt_misc" ] || die "$binfmt_misc missing"

initrd=build/initramfs-module-$kver.cpio.gz
scripts/build-initramfs.sh --run tests \
	--add scripts/vm/module-form.sh:tests/run.sh \
	--add "$out/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	--add "$binfmt_misc:lib/modules/binfmt_misc.ko" \
	-o "$initrd"

mkdir -p build/kernel
cp "$vmlinuz" "build/kernel/bzImage-stock-$kver"
scripts/run-vm.sh --kver "stock-$kver" --initrd "$initrd" \
	--log "build/vm-module-$kver.log"
