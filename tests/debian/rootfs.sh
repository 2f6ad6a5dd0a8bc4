#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rootfs.sh - print the path of a Debian 12 root filesystem tarball for
# the real-boot test (tests/debian/run.sh), building it first with
# mmdebstrap if it is not cached.
#
# The root filesystem holds a plain server: systemd as init, udev, auditd
# with audispd-plugins, kmod, DKMS with a compiler (gcc: no clang, the
# module writes its BPF LSM programs itself), initramfs-tools and
# Debian's stock kernels (image and headers) for 6.1 and 6.12, the very
# releases installed on the host (/usr/src/linux-headers-*-amd64), so that
# every test of the module form runs the same kernels.  Packages come from
# the host's configured Debian apt sources.
#
# Cached by content in $VENDORBAN_CACHE/debian/rootfs-<key>.tar: the key
# hashes this script, the package list, the apt sources and the mmdebstrap
# version.  Nothing is loop-mounted: mmdebstrap writes a tarball.
set -euo pipefail

# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

cache=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian

# release MAJOR: the newest stock release of that series with headers here
release() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1[.-]*-amd64" \
		-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -1
}

# sources GLOB...: the host's Debian apt sources among GLOB, in one file
sources() {
	local f
	for f in "$@"; do
		[ -r "$f" ] || continue
		if grep -q 'deb\.debian\.org\|debian\.org/debian' "$f"; then
			printf '# %s\n' "$f"
			cat "$f"
			echo
		fi
	done
}

main() {
	local r61 r612 pkgs key out tmp srcfile f
	r61=$(release 6.1)
	r612=$(release 6.12)
	[ -n "$r61" ] || die "no linux-headers-6.1.*-amd64 (scripts/install-deps.sh)"
	[ -n "$r612" ] || die "no linux-headers-6.12.*-amd64 (scripts/install-deps.sh)"
	pkgs="systemd systemd-sysv udev dbus auditd audispd-plugins kmod dkms
		initramfs-tools zstd gcc make libc6-dev dwarves e2fsprogs
		procps iproute2 libssl3 libauparse0 util-linux
		linux-source-6.1 libelf-dev zlib1g-dev xz-utils python3
		linux-image-$r61 linux-headers-$r61
		linux-image-$r612 linux-headers-$r612"
	pkgs=$(echo "$pkgs" | tr -s ' \t\n' ',' | sed 's/^,//; s/,$//')
	mkdir -p "$cache"
	srcfile=$cache/sources.$$
	sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		>"$srcfile.list"
	sources /etc/apt/sources.list.d/*.sources >"$srcfile.sources"
	[ -s "$srcfile.list" ] || [ -s "$srcfile.sources" ] ||
		die "no Debian apt sources on this host"
	key=$({
		cat "$0" "$srcfile.list" "$srcfile.sources"
		echo "$pkgs"
		dpkg-query -W -f='${Version}' mmdebstrap
	} | sha256sum | cut -c1-16)
	out=$cache/rootfs-$key.tar
	if [ -f "$out" ]; then
		rm -f "$srcfile".*
		echo "$out"
		return 0
	fi
	echo "rootfs: building $out with mmdebstrap (once)" >&2
	tmp=$cache/rootfs-$key.tmp.$$.tar
	local mirrors=()
	for f in "$srcfile.list" "$srcfile.sources"; do
		[ -s "$f" ] && mirrors+=("$f")
	done
	# Package lists stay in the image: apt install ./*.deb resolves
	# the packages' dependencies against them, offline.
	if ! mmdebstrap --variant=minbase --include="$pkgs" \
		--skip=cleanup/apt/lists \
		--aptopt='Acquire::Languages "none"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		bookworm "$tmp" "${mirrors[@]}" >"$cache/rootfs.log" 2>&1; then
		tail -30 "$cache/rootfs.log" >&2
		rm -rf "$tmp" "$srcfile".*
		die "mmdebstrap failed (log: $cache/rootfs.log)"
	fi
	rm -f "$srcfile".*
	mv "$tmp" "$out"
	echo "$out"
}

main "$@"
