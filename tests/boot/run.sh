#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/boot/run.sh - the compiled-in boot policy and vendorban.lock=1.
# Builds the "boot" kernel variant, packs the tests VM image with
# tests/boot/guest.sh as /tests/run.sh and
# boots it with vendorban.lock=1.  Ends with "vm: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
scripts/build-kernel.sh 6.1 boot
scripts/build-initramfs.sh --run tests \
	--add tests/boot/guest.sh:tests/run.sh \
	-o build/initramfs-boot.cpio.gz
scripts/run-vm.sh --kver 6.1-boot --initrd build/initramfs-boot.cpio.gz \
	--log build/vm-boot.log --append "vendorban.lock=1"
