#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-module-form.sh [binfmt-late] - the loadable form on Debian's own
# kernel.  Builds vendorban.ko against the stock linux-headers-*-amd64, packs
# the tests VM image with the module, binfmt_misc.ko and
# scripts/vm/module-form.sh as /tests/run.sh added, and boots the stock
# vmlinuz under QEMU.  With binfmt-late, the guest script is
# scripts/vm/module-binfmt-late.sh instead (binfmt_misc loaded after
# vendorban.ko, with a PE handler).  Ends with "vm: N passed, N failed".
set -euo pipefail

die() {
	echo "test-module-form.sh: error: $*" >&2
	exit 1
}

case "${1:-}" in
'') guest=module-form name=module ;;
binfmt-late) guest=module-binfmt-late name=module-binfmt-late ;;
*) die "usage: test-module-form.sh [binfmt-late]" ;;
esac

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

# STOPGAP until reach-btf lands (scripts/build-module.sh producing module
# BTF): add .BTF and resolve .BTF_ids as Kbuild's modfinal does, with the
# vmlinux inside the packaged vmlinuz.
ko=build/module/$release/kmod/vendorban.ko
if ! readelf -S "$ko" | grep -q ' \.BTF '; then
	vmlinux=build/module/$release/vmlinux
	[ -s "$vmlinux" ] || "${VENDORBAN_CACHE:-/var/cache/vendorban}/tree-6.1/scripts/extract-vmlinux" \
		"$vmlinuz" >"$vmlinux"
	pahole -J --btf_gen_floats -j --lang_exclude=rust --btf_base "$vmlinux" "$ko"
	/usr/lib/linux-kbuild-6.12.117+deb12/tools/bpf/resolve_btfids/resolve_btfids \
		-b "$vmlinux" "$ko"
fi
scripts/build-initramfs.sh --run tests \
	--add "scripts/vm/$guest.sh:tests/run.sh" \
	--add "build/module/$release/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	--add "$binfmt_misc:lib/modules/binfmt_misc.ko" \
	-o "build/initramfs-$name.cpio.gz"

mkdir -p build/kernel
cp "$vmlinuz" build/kernel/bzImage-stock-6.1
scripts/run-vm.sh --kver stock-6.1 --initrd "build/initramfs-$name.cpio.gz" \
	--log "build/vm-$name.log"
