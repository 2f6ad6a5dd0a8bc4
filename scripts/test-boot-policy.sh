#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-boot-policy.sh - the compiled-in boot policy and vendorban.lock=1.
# Builds the "boot" kernel variant, packs the tests VM image plus an
# overlay (scripts/vm/boot-policy.sh as /tests/run.sh) and
# boots it with vendorban.lock=1.  Ends with "vm: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scripts/build-kernel.sh 6.1 boot
scripts/build-initramfs.sh --run tests -o build/initramfs-boot-base.cpio.gz

overlay=$(mktemp -d)
trap 'rm -rf "$overlay"' EXIT
mkdir -p "$overlay/tests"
install -m 755 scripts/vm/boot-policy.sh "$overlay/tests/run.sh"
# A later cpio member replaces an earlier one: the overlay goes last.
(cd "$overlay" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -9) \
	>build/initramfs-boot-overlay.cpio.gz
cat build/initramfs-boot-base.cpio.gz build/initramfs-boot-overlay.cpio.gz \
	>build/initramfs-boot.cpio.gz
scripts/run-vm.sh --kver 6.1-boot --initrd build/initramfs-boot.cpio.gz \
	--log build/vm-boot.log --append "vendorban.lock=1"
