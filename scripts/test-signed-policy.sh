#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# test-signed-policy.sh - signed policies and vendorban.require_signed=1.
# Signs a policy on the host with "vendorbanctl sign" (the test key that
# build-kernel.sh builds into the test kernel's trusted keyring), packs the
# tests VM image with scripts/vm/signed-policy.sh as /tests/run.sh and that
# policy as /fixtures/signed/tool-v6.p7, and boots the 6.1 test kernel with
# vendorban.require_signed=1.  Ends with "vm: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
keys=${VENDORBAN_CACHE:-/var/cache/vendorban}/policy-signing
scripts/build-kernel.sh 6.1
build/userspace/vendorbanctl sign --key "$keys/key.pem" \
	--cert "$keys/cert.pem" --version 6 build/fixtures/signed/ban-v5.pol \
	-o build/signed-tool-v6.p7
scripts/build-initramfs.sh --run tests \
	--add scripts/vm/signed-policy.sh:tests/run.sh \
	--add build/signed-tool-v6.p7:fixtures/signed/tool-v6.p7 \
	-o build/initramfs-signed.cpio.gz
scripts/run-vm.sh --kver 6.1 --initrd build/initramfs-signed.cpio.gz \
	--log build/vm-signed.log --append "vendorban.require_signed=1"
