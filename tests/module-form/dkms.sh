#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/module-form/dkms.sh - check that dkms.conf builds and installs vendorban.ko,
# with module BTF, for each of Debian's stock kernels installed here (6.1
# and 6.12) from their headers, as an admin would (dkms add, build,
# install -k <release>), then removes it again.  DKMS builds through
# scripts/build-module.sh; the installed module is checked with
# tests/module-form/check-btf.sh against the base BTF the build used.  Last,
# the fallback: built without pahole, the module has no BTF and the build
# says why.  Prints "dkms: N passed, N failed".
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo/dkms.conf")
src=/usr/src/vendorban-$version
tmp=$(mktemp -d)

# /usr/src/vendorban-<version> and DKMS's tree are the machine's: one
# test at a time.
exec 9>/run/lock/vendorban-test-dkms.lock
flock 9

cleanup() {
	dkms remove -m vendorban -v "$version" --all >/dev/null 2>&1 || true
	rm -rf "$src" "$tmp"
}
cleanup
mkdir -p "$tmp"
trap cleanup EXIT
mkdir -p "$src/scripts"
cp -r "$repo/Kbuild" "$repo/dkms.conf" "$repo/kmod" "$src/"
cp "$repo/scripts/build-module.sh" "$src/scripts/"

TAP_PREFIX="dkms " TAP_PART=dkms
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

# btf_check RELEASE KDIR: the installed module (decompressed if DKMS
# compressed it) has module BTF resolved against the kernel's base BTF
# (DKMS removes its build directory: the repository's build makes the
# same base from the same vmlinuz).
btf_check() {
	base=$repo/build/module/$1/btf-base
	[ -e "$base" ] || "$repo/scripts/build-module.sh" "$2" >/dev/null ||
		return 1
	ko=$(modinfo -k "$1" -n vendorban) || return 1
	case $ko in
	*.xz) xz -dc "$ko" >"$tmp/vendorban.ko" ;;
	*.zst) zstd -qdc "$ko" >"$tmp/vendorban.ko" ;;
	*) cp "$ko" "$tmp/vendorban.ko" ;;
	esac
	"$repo/tests/module-form/check-btf.sh" "$tmp/vendorban.ko" "$base" \
		"$repo/kmod"
}

rc_is 0 add dkms add -m vendorban -v "$version"
for kdir in /usr/src/linux-headers-6.1.*-amd64 \
	/usr/src/linux-headers-6.12.*-amd64; do
	[ -d "$kdir" ] || {
		not_ok "no $kdir (scripts/install-deps.sh)"
		continue
	}
	release=${kdir#/usr/src/linux-headers-}
	rc_is 0 "build $release" dkms build -m vendorban -v "$version" -k "$release"
	rc_is 0 "install $release" \
		dkms install -m vendorban -v "$version" -k "$release" --force
	rc_is 0 "modinfo $release" sh -c \
		"modinfo -k '$release' vendorban | grep -q 'vermagic: *$release '"
	rc_is 0 "module BTF $release" btf_check "$release" "$kdir"
done
# Without pahole (or vmlinux, or resolve_btfids) the module is still
# built, without module BTF, and the build says why in one line: a copy of
# the sources built with a PATH that has no pahole, for 6.12 (whose
# headers ship vmlinux, so Kbuild must be told not to run pahole).
fallback() {
	mkdir -p "$tmp/nopahole/bin" "$tmp/nopahole/src/scripts"
	for f in /usr/bin/* /usr/sbin/*; do
		[ "${f##*/}" = pahole ] ||
			ln -sf "$f" "$tmp/nopahole/bin/${f##*/}"
	done
	cp -r "$repo/Kbuild" "$repo/kmod" "$tmp/nopahole/src/"
	cp "$repo/scripts/build-module.sh" "$tmp/nopahole/src/scripts/"
	PATH=$tmp/nopahole/bin "$tmp/nopahole/src/scripts/build-module.sh" \
		"$1" >"$tmp/nopahole/out" 2>&1 || return 1
	cat "$tmp/nopahole/out"
	out=$tmp/nopahole/src/build/module/$2
	[ "$(grep -c 'without module BTF: pahole missing' \
		"$tmp/nopahole/out")" = 1 ] &&
		grep -q 'pahole missing' "$out/btf-missing" &&
		[ -f "$out/kmod/vendorban.ko" ] &&
		! readelf -S "$out/kmod/vendorban.ko" | grep -q ' \.BTF '
}
kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-amd64' | sort -V |
	tail -1)
rc_is 0 "fallback without pahole ${kdir#/usr/src/linux-headers-}" \
	fallback "$kdir" "${kdir#/usr/src/linux-headers-}"
tap_done
