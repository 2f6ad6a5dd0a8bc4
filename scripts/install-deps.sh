#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# install-deps.sh - install everything vendorban needs on Debian 12.
# Idempotent and non-interactive; run as root (or through sudo).
set -eu

PACKAGES="
	build-essential bc bison flex libelf-dev libssl-dev openssl perl
	cpio gzip xz-utils rsync kmod python3 util-linux
	linux-source-6.1 linux-source-6.12 linux-kbuild-6.1
	qemu-system-x86 busybox-static
	clang llvm libclang-rt-14-dev sparse
	osslsigncode sbsigntool ima-evm-utils xxd
	linux-image-amd64 linux-headers-amd64 dkms e2fsprogs
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	bpftool
	auditd
	debhelper dh-dkms lintian
	mmdebstrap
	libauparse-dev libaudit-dev libcap-ng-dev
	libbpf-dev zlib1g-dev dwarves
	zstd time
"

if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: error: run as root (sudo $0)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $PACKAGES
echo "install-deps: done"
