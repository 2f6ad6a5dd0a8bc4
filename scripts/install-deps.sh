#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# install-deps.sh [--demo] [--if-missing|--list] - install everything vendorban
# needs on Debian 12.  Idempotent and non-interactive; run as root (or
# through sudo).
#
# --demo: only what `make demo` needs (the loadable form on Debian's stock
# 6.12 kernel in QEMU: no kernel source, no Debian packaging or server
# image tools), a subset of the whole list, which `make check` installs.
#
# --list: print the package list, one a line.
#
# --if-missing (what `make demo` and `make check` run first): return at
# once when every package is installed, else install them as root, or,
# when not root, name the missing packages, say to run this script with
# sudo and fail.  The check is cheap: a stamp (build/deps.stamp or
# build/deps-demo.stamp, or $VENDORBAN_DEPS_STAMP) records the hash of the
# package list once dpkg-query found them all installed; it holds while
# the list is the same and dpkg's database (/var/lib/dpkg/status) has not
# changed since.
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
	liblzma-dev libzstd-dev
	zstd time git
	gpg gpg-agent gpgv rpm rpm2cpio apt-utils
	ovmf mtools dosfstools fdisk gnupg
	python3-cryptography python3-pefile python3-importlib-resources
	shellcheck
"
# make bench: the plot of its results (tests/bench/report.sh); part of the
# whole list, which make check and make bench install.
BENCH_PACKAGES="
	gnuplot-nox
"
PACKAGES="$PACKAGES $BENCH_PACKAGES"
# make demo: vendorbanctl, the fixtures, the VM image, vendorban.ko with
# module BTF and its BPF programs for Debian's 6.12 kernel (whose headers
# ship vmlinux and resolve_btfids), QEMU.
DEMO_PACKAGES="
	build-essential libssl-dev openssl cpio gzip xz-utils rsync kmod
	qemu-system-x86 busybox-static clang
	osslsigncode sbsigntool ima-evm-utils
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	libauparse-dev libaudit-dev libcap-ng-dev
	libbpf-dev libelf-dev zlib1g-dev dwarves
	liblzma-dev libzstd-dev
"

repo=$(cd "$(dirname "$0")/.." && pwd)
stamp_name=deps demo=
if [ "${1:-}" = --demo ]; then
	PACKAGES=$DEMO_PACKAGES stamp_name=deps-demo demo=" --demo"
	shift
fi
# The tests of --if-missing add a package name here.
PACKAGES="$PACKAGES ${VENDORBAN_DEPS_EXTRA:-}"
stamp=${VENDORBAN_DEPS_STAMP:-$repo/build/$stamp_name.stamp}
dpkg_db=${VENDORBAN_DPKG_STATUS:-/var/lib/dpkg/status}

list_key() {
	# shellcheck disable=SC2086
	printf '%s\n' $PACKAGES | LC_ALL=C sort -u | sha256sum | cut -d' ' -f1
}

stamp_valid() {
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(list_key)" ] &&
		[ -z "$(find "$dpkg_db" -newer "$stamp" 2>/dev/null)" ]
}

# Print the packages dpkg-query does not report as installed ("ii").
missing_packages() {
	# shellcheck disable=SC2086
	installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' \
		$PACKAGES 2>/dev/null | sed -n 's/^ii  *//p' | sed 's/:.*//') || true
	for p in $PACKAGES; do
		echo "$installed" | grep -qxF -- "$p" || echo "$p"
	done
}

write_stamp() {
	mkdir -p "$(dirname "$stamp")"
	list_key >"$stamp.tmp"
	mv "$stamp.tmp" "$stamp"
}

install_all() {
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $PACKAGES
}

case "${1:-}" in
'')
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps.sh: error: run as root (sudo $0$demo)" >&2
		exit 1
	fi
	install_all
	write_stamp
	echo "install-deps: done"
	;;
--if-missing)
	stamp_valid && exit 0
	missing=$(missing_packages | tr '\n' ' ')
	if [ -n "$missing" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "install-deps.sh: missing Debian packages: $missing" >&2
			echo "install-deps.sh: install them with: sudo $0$demo" >&2
			exit 1
		fi
		echo "install-deps: installing the missing packages: $missing"
		install_all
		missing=$(missing_packages | tr '\n' ' ')
		if [ -n "$missing" ]; then
			echo "install-deps.sh: error: still missing: $missing" >&2
			exit 1
		fi
	fi
	write_stamp
	;;
--list)
	# shellcheck disable=SC2086
	printf '%s\n' $PACKAGES
	;;
*)
	echo "usage: $0 [--demo] [--if-missing|--list]" >&2
	exit 2
	;;
esac
