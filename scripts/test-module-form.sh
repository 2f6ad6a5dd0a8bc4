#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-module-form.sh - the loadable form on Debian's own kernel.
# Builds vendorban.ko against the stock linux-headers-*-amd64, packs the
# tests VM image with the module, binfmt_misc.ko, the stock modules that
# mount an ext4 image through a loop device (for the cache test), the
# empty ext4 image and scripts/vm/module-form.sh as /tests/run.sh added,
# and boots the stock vmlinuz under QEMU.  Ends with "vm: N passed, N
# failed".
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

# The stock kernel has ext4 and loop as modules: in load order.
ext4_mods=()
for m in lib/crc16 crypto/crc32c_generic fs/mbcache fs/jbd2/jbd2 \
	fs/ext4/ext4 drivers/block/loop; do
	f=/lib/modules/$release/kernel/$m.ko
	[ -r "$f" ] || die "$f missing"
	ext4_mods+=(--add "$f:lib/modules/ext4/${m##*/}.ko")
done
command -v mkfs.ext4 >/dev/null ||
	die "mkfs.ext4 missing (apt-get install e2fsprogs)"
mkdir -p build
rm -f build/module-ext4.img
mkfs.ext4 -q -F -L vb-cache build/module-ext4.img 16M

scripts/build-module.sh "$kdir"
scripts/build-initramfs.sh --run tests \
	--add scripts/vm/module-form.sh:tests/run.sh \
	--add "build/module/$release/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	--add "$binfmt_misc:lib/modules/binfmt_misc.ko" \
	"${ext4_mods[@]}" \
	--add build/module-ext4.img:lib/modules/ext4/vb-cache.img \
	-o build/initramfs-module.cpio.gz

mkdir -p build/kernel
cp "$vmlinuz" build/kernel/bzImage-stock-6.1
scripts/run-vm.sh --kver stock-6.1 --initrd build/initramfs-module.cpio.gz \
	--log build/vm-module.log
