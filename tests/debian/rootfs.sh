#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rootfs.sh [bookworm|trixie] - print the path of a Debian root filesystem
# tarball for the real-boot tests (tests/debian/run.sh, tests/trixie/,
# tests/secureboot/), building it first with mmdebstrap if it is not
# cached.  One root filesystem per suite; the tests make every image of
# that suite from it.
#
# bookworm (Debian 12, the default): a plain server: systemd as init,
# udev, auditd with audispd-plugins, kmod, DKMS with a compiler (gcc: no
# clang, the module writes its BPF LSM programs itself), initramfs-tools and
# Debian's stock kernels (image and headers) for 6.1 and 6.12, the very
# releases installed on the host (/usr/src/linux-headers-*-amd64), so that
# every test of the module form runs the same kernels.
#
# trixie (Debian 13): the same server without a compiler, with trixie's
# stock generic and cloud kernels (linux-image-amd64,
# linux-image-cloud-amd64), Debian's signed shim and GRUB and mokutil (the
# Secure Boot boot); what the DKMS server, the build host and the test's
# tools need besides (compiler, headers, dkms, build dependencies,
# python3-virt-firmware) is downloaded into apt's cache, not installed,
# so that each image installs it offline or leaves it out (the prebuilt
# module server has no compiler).
#
# Packages come from the host's configured Debian apt sources (the suite
# names replaced for trixie).  Cached by content in
# $VENDORBAN_CACHE/debian/rootfs-<suite>-<key>.tar: the key hashes this
# script, the package lists, the apt sources and the mmdebstrap version;
# older root filesystems of the suite are removed.  Nothing is
# loop-mounted: mmdebstrap writes a tarball.
set -euo pipefail

# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"

cache=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
suite=${1:-bookworm}

# release MAJOR: the newest stock release of that series with headers here
release() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1[.-]*-amd64" \
		-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -1
}

# sources GLOB...: the host's Debian apt sources among GLOB, in one file,
# for $suite (the host is Debian 12: bookworm, bookworm-updates and
# bookworm-security become trixie's)
sources() {
	local f
	for f in "$@"; do
		[ -r "$f" ] || continue
		if grep -q 'deb\.debian\.org\|debian\.org/debian' "$f"; then
			printf '# %s\n' "$f"
			sed "s/\bbookworm\b/$suite/g" "$f"
			echo
		fi
	done
}

# packages: what the root filesystem installs ($pkgs) and what it only
# downloads into apt's cache ($extra), for $suite
packages() {
	case $suite in
	bookworm)
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
		extra=
		;;
	trixie)
		pkgs="systemd systemd-sysv udev dbus auditd audispd-plugins kmod
			initramfs-tools zstd xz-utils e2fsprogs procps iproute2
			util-linux libssl3t64 libauparse0t64 libbpf1 liblzma5
			libzstd1 ca-certificates
			linux-image-amd64 linux-image-cloud-amd64
			shim-signed grub-efi-amd64-signed mokutil keyutils"
		extra="dkms gcc make libc6-dev dwarves
			linux-headers-amd64 linux-headers-cloud-amd64
			build-essential dpkg-dev debhelper dh-dkms libauparse-dev
			libbpf-dev liblzma-dev libssl-dev libzstd-dev
			python3-virt-firmware openssl rsync"
		;;
	*)
		die "unknown suite $suite (bookworm or trixie)"
		;;
	esac
}

main() {
	local r61 r612 pkgs extra key out tmp srcfile f hook=()
	packages
	pkgs=$(echo "$pkgs" | tr -s ' \t\n' ',' | sed 's/^,//; s/,$//')
	# no leading or trailing space: an empty list is empty (bookworm),
	# and no hook then keeps downloaded packages in the tarball
	extra=$(echo "$extra" | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//')
	mkdir -p "$cache"
	srcfile=$cache/sources.$$
	sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		>"$srcfile.list"
	sources /etc/apt/sources.list.d/*.sources >"$srcfile.sources"
	[ -s "$srcfile.list" ] || [ -s "$srcfile.sources" ] ||
		die "no Debian apt sources on this host"
	key=$({
		cat "$0" "$srcfile.list" "$srcfile.sources"
		echo "$suite $pkgs $extra"
		dpkg-query -W -f='${Version}' mmdebstrap
	} | sha256sum | cut -c1-16)
	out=$cache/rootfs-$suite-$key.tar
	if [ -f "$out" ]; then
		rm -f "$srcfile".*
		echo "$out"
		return 0
	fi
	echo "rootfs: building $out with mmdebstrap (once)" >&2
	tmp=$cache/rootfs-$suite-$key.tmp.$$.tar
	local mirrors=()
	for f in "$srcfile.list" "$srcfile.sources"; do
		[ -s "$f" ] && mirrors+=("$f")
	done
	# Package lists stay in the image: apt install ./*.deb resolves
	# the packages' dependencies against them, offline.  The extra
	# packages are downloaded (with what they depend on) into apt's
	# cache, which stays too.
	if [ -n "$extra" ]; then
		# shellcheck disable=SC2016 # expanded by mmdebstrap's hook shell
		hook=(--skip=cleanup/apt/cache --customize-hook='APT_CONFIG=$MMDEBSTRAP_APT_CONFIG apt-get install --download-only -y -q '"$extra")
	fi
	# No initramfs is made here: every image makes its kernels' own with
	# its policy and MODULES=list (setup.sh initramfs), so the two that
	# the kernels' postinst and initramfs-tools' trigger would make with
	# MODULES=most, the biggest and slowest, were thrown away unused.
	# update-initramfs is diverted to a no-op while mmdebstrap installs,
	# then put back.
	# shellcheck disable=SC2016 # expanded by mmdebstrap's hook shell
	hook+=(--essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --divert /usr/sbin/update-initramfs.vbtest --add /usr/sbin/update-initramfs && printf "#!/bin/sh\nexit 0\n" >"$1/usr/sbin/update-initramfs" && chmod 0755 "$1/usr/sbin/update-initramfs"'
		--customize-hook='rm -f "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs && test -x "$1/usr/sbin/update-initramfs"')
	if ! mmdebstrap --variant=minbase --include="$pkgs" \
		--skip=cleanup/apt/lists "${hook[@]}" \
		--aptopt='Acquire::Languages "none"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		"$suite" "$tmp" "${mirrors[@]}" >"$cache/rootfs-$suite.log" 2>&1; then
		tail -30 "$cache/rootfs-$suite.log" >&2
		rm -rf "$tmp" "$srcfile".*
		die "mmdebstrap failed (log: $cache/rootfs-$suite.log)"
	fi
	rm -f "$srcfile".*
	mv "$tmp" "$out"
	# Keep only the newest root filesystem of this suite.
	find "$cache" -maxdepth 1 -name "rootfs-$suite-*.tar" ! -name "${out##*/}" \
		-delete
	echo "$out"
}

main "$@"
