#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/redteam10/run-module.sh [6.1|6.12] [NAME] - the outside red team's round 10
# attacks (tests/redteam10/*_test.c, built by make -C tests/redteam10 into
# build/vm/bin) on the loadable form: the same image as
# tests/module-form/run.sh (of which this is a copy, its guest script
# aside) with tests/redteam10/module-guest.sh as /tests/run.sh.
# With NAME (rt10_bits, rt10_tmpfile), only /tests/bin/NAME*_test runs.
# Needs make fixtures vm-programs tool disk, then make -C tests/redteam10.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"
cd "$repo"
kver=${1:-6.1}
case $kver in 6.1 | 6.12) ;; *) die "unsupported kernel '$kver' (6.1, 6.12)" ;; esac
guest=../redteam10/module-guest run=redteam10-module-$kver
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
tests/module-form/check-btf.sh "$out/kmod/vendorban.ko" "$out/btf-base" kmod

binfmt_misc=/lib/modules/$release/kernel/fs/binfmt_misc.ko
if [ -r "$binfmt_misc.xz" ]; then
	xz -dc "$binfmt_misc.xz" >"$out/binfmt_misc.ko"
	binfmt_misc=$out/binfmt_misc.ko
fi
[ -r "$binfmt_misc" ] || die "$binfmt_misc missing"

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
dummy=/lib/modules/$release/kernel/drivers/net/dummy.ko
if [ -r "$dummy.xz" ]; then
	xz -dc "$dummy.xz" >"$out/dummy.ko"
else
	cp "$dummy" "$out/dummy.ko"
fi
adds+=(--add "$out/dummy.ko:lib/modules/stock/dummy.ko")

# The programs the module form must hold: one per BOTH or MODULE row of
# the hook table.
awk -F'[(, ]+' '/^VENDORBAN_HOOK\(/ && ($4 == "BOTH" || $4 == "MODULE") {
	print "vb_" $3 }' kmod/hook_table.h >"$out/programs"
[ -s "$out/programs" ] || die "no programs in kmod/hook_table.h"
adds+=(--add "$out/programs:etc/vendorban-programs")

# The one attack module-guest.sh runs, if named.
if [ -n "${2:-}" ]; then
	echo "$2" >"$out/rt10-only"
	adds+=(--add "$out/rt10-only:etc/rt10-only")
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
cp "$vmlinuz" "build/kernel/bzImage-stock-$kver"
scripts/run-vm.sh --kver "stock-$kver" --initrd "$initrd" \
	--log "build/vm-$run.log" --disk "$disk" --smp 2
