#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/signed/run.sh [KVER] - signed policies and vendorban.require_signed=1.
# Signs a policy on the host with "vendorbanctl sign" (the test key that
# build-kernel.sh builds into the test kernel's trusted keyring), packs the
# tests VM image with tests/signed/guest.sh as /tests/run.sh and that
# policy as /fixtures/signed/tool-v6.p7, and boots the KVER (default 6.1)
# test kernel with vendorban.require_signed=1.  Then the loadable form on
# Debian's stock KVER kernel, which does not trust the test key
# (tests/signed/guest-module.sh), booted twice: the module loaded with
# require_signed=1, and without it, then switched on.  Each boot ends with
# "vm: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"
cd "$repo"
kver=${1:-6.1}
keys=${VENDORBAN_CACHE:-/var/cache/vendorban}/policy-signing
scripts/build-kernel.sh "$kver"
build/userspace/vendorbanctl sign --key "$keys/key.pem" \
	--cert "$keys/cert.pem" --version 6 build/fixtures/signed/ban-v5.pol \
	-o build/signed-tool-v6.p7
scripts/build-initramfs.sh --run tests \
	--add tests/signed/guest.sh:tests/run.sh \
	--add build/signed-tool-v6.p7:fixtures/signed/tool-v6.p7 \
	-o "build/initramfs-signed-$kver.cpio.gz"
scripts/run-vm.sh --kver "$kver" --initrd "build/initramfs-signed-$kver.cpio.gz" \
	--log "build/vm-signed-$kver.log" --append "vendorban.require_signed=1"
kdir=$(find /usr/src -maxdepth 1 -name "linux-headers-$kver.*-amd64" |
	sort -V | tail -1)
[ -n "$kdir" ] || die "no linux-headers-$kver.*-amd64 (scripts/install-deps.sh)"
release=${kdir#/usr/src/linux-headers-}
vmlinuz=/boot/vmlinuz-$release
[ -r "$vmlinuz" ] || die "$vmlinuz missing (apt-get install linux-image-$release)"
scripts/build-module.sh "$kdir"
scripts/build-initramfs.sh --run tests \
	--add tests/signed/guest-module.sh:tests/run.sh \
	--add "build/module/$release/kmod/vendorban.ko:lib/modules/vendorban.ko" \
	-o "build/initramfs-signed-module-$kver.cpio.gz"
mkdir -p build/kernel
cp "$vmlinuz" "build/kernel/bzImage-stock-$kver"
for phase in param switch; do
	scripts/run-vm.sh --kver "stock-$kver" \
		--initrd "build/initramfs-signed-module-$kver.cpio.gz" \
		--log "build/vm-signed-module-$kver-$phase.log" --append "vbphase=$phase"
done
