# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# tests/module-form/stock.sh - what the runs on Debian's stock kernels share
# (tests/module-form/run.sh, tests/bench/stock.sh).  Sourced (bash) with the
# checkout's root as the current directory, after tests/lib/tap.sh (die).
#
#   stock_kernel 6.1|6.12
#       finds the newest linux-headers-KVER.*-amd64 and its
#       /boot/vmlinuz, builds vendorban.ko against it with module BTF
#       (scripts/build-module.sh) and checks that BTF on the host
#       (check-btf.sh); sets stock_release, stock_vmlinuz and stock_out
#       (build/module/RELEASE, where the module is: kmod/vendorban.ko).
#       Dies when something is missing.
#   stock_module PATH OUT
#       the stock kernel's module PATH (a .ko under
#       /lib/modules/RELEASE/kernel), as a plain module at OUT: Debian's
#       6.12 ships .ko.xz, decompressed here as kmod 30 does before
#       init_module() (busybox insmod reads plain modules only)

stock_kernel() {
	local kdir
	case $1 in 6.1 | 6.12) ;; *) die "unsupported kernel '$1' (6.1, 6.12)" ;; esac
	kdir=$(find /usr/src -maxdepth 1 -name "linux-headers-$1.*-amd64" |
		sort -V | tail -1)
	[ -n "$kdir" ] || die "no linux-headers-$1.*-amd64 (scripts/install-deps.sh)"
	stock_release=${kdir#/usr/src/linux-headers-}
	stock_vmlinuz=/boot/vmlinuz-$stock_release
	[ -r "$stock_vmlinuz" ] ||
		die "$stock_vmlinuz missing (apt-get install linux-image-$stock_release)"
	stock_out=build/module/$stock_release
	scripts/build-module.sh "$kdir"
	[ ! -e "$stock_out/btf-missing" ] ||
		die "no module BTF for $stock_release: $(cat "$stock_out/btf-missing")"
	tests/module-form/check-btf.sh "$stock_out/kmod/vendorban.ko" \
		"$stock_out/btf-base" kmod
}

stock_module() {
	if [ -r "$1.xz" ]; then
		xz -dc "$1.xz" >"$2"
	elif [ -r "$1" ]; then
		cp "$1" "$2"
	else
		die "$1 missing"
	fi
}
