#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# test-dkms.sh - check that dkms.conf builds and installs vendorban.ko for
# Debian's stock kernel from its headers, as an admin would (dkms add,
# build, install), then removes it again.  Prints "dkms: N passed, N failed".
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.*-amd64' | sort -V |
	tail -1)
[ -n "$kdir" ] || {
	echo "test-dkms.sh: error: no linux-headers-6.1.*-amd64" >&2
	exit 1
}
release=${kdir#/usr/src/linux-headers-}
src=/usr/src/vendorban-$version

cleanup() {
	dkms remove -m vendorban -v "$version" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
cleanup
trap cleanup EXIT
mkdir -p "$src"
cp -r "$repo/Kbuild" "$repo/dkms.conf" "$repo/kmod" "$src/"

passed=0 failed=0
step() {
	name=$1
	shift
	if "$@" >/tmp/dkms-step.log 2>&1; then
		echo "ok - dkms $name"
		passed=$((passed + 1))
	else
		echo "not ok - dkms $name"
		cat /tmp/dkms-step.log
		failed=$((failed + 1))
	fi
}
step add dkms add -m vendorban -v "$version"
step build dkms build -m vendorban -v "$version" -k "$release"
step install dkms install -m vendorban -v "$version" -k "$release" --force
step modinfo sh -c "modinfo -k '$release' vendorban | grep -q 'vermagic: *$release '"
echo "dkms: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
