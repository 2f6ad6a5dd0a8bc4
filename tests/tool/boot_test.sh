#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# boot_test.sh - the boot-time pieces as installed: `make install` stages
# the systemd unit and the initramfs-tools hook and script; mkinitramfs,
# run with the hook, puts vendorbanctl, the policy and the vendor sets into
# a real initramfs (checked with lsinitramfs).  Prints
# "boot: N passed, N failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() {
	if [ "$1" = 0 ]; then
		echo "ok - boot: $2"
		passed=$((passed + 1))
	else
		echo "not ok - boot: $2"
		failed=$((failed + 1))
	fi
}

make -s -C "$repo/userspace" install DESTDIR="$tmp/root" PREFIX=/usr \
	SYSCONFDIR=/etc >"$tmp/install.log" 2>&1
check $? "make install with DESTDIR and PREFIX"
unit=$tmp/root/usr/lib/systemd/system/vendorban.service
grep -qx 'ExecStart=/usr/sbin/vendorbanctl load /etc/vendorban/policy' "$unit"
check $? "unit runs the installed vendorbanctl"
grep -qx 'Before=sysinit.target shutdown.target' "$unit" &&
	grep -qx 'DefaultDependencies=no' "$unit"
check $? "unit runs before sysinit.target"
[ -x "$tmp/root/etc/initramfs-tools/hooks/vendorban" ] &&
	[ -x "$tmp/root/etc/initramfs-tools/scripts/init-top/vendorban" ]
check $? "initramfs-tools hook and init-top script installed"

kver=$(find /lib/modules -mindepth 1 -maxdepth 1 -name '6.1.*' -printf '%f\n' |
	sort -V | tail -1)
if [ -z "$kver" ] || ! command -v mkinitramfs >/dev/null; then
	check 1 "mkinitramfs and a kernel in /lib/modules (install-deps.sh)"
else
	conf=$tmp/conf
	cp -r /etc/initramfs-tools "$conf"
	cp -r "$tmp/root/etc/initramfs-tools/." "$conf/"
	echo 'MODULES=list' >>"$conf/initramfs.conf"
	mkdir -p "$tmp/etc/vendorban/vendors"
	cp "$repo/policy/eu-kaspersky-ban.vbpolicy" "$tmp/etc/vendorban/policy"
	cp "$repo/policy/vendors/"*.vendor "$tmp/etc/vendorban/vendors/"
	VENDORBANCTL="$tmp/root/usr/sbin/vendorbanctl" \
		VENDORBAN_CONF="$tmp/etc/vendorban" \
		mkinitramfs -d "$conf" -o "$tmp/initrd.img" "$kver" \
		>"$tmp/mkinitramfs.log" 2>&1
	check $? "mkinitramfs with the hook"
	lsinitramfs "$tmp/initrd.img" >"$tmp/list" 2>/dev/null
	for f in usr/sbin/vendorbanctl etc/vendorban/policy \
		etc/vendorban/vendors/kaspersky.vendor \
		scripts/init-top/vendorban; do
		grep -q "^$f\$" "$tmp/list"
		check $? "initramfs holds $f"
	done
fi
echo "boot: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
