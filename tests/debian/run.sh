#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - the real Debian server boot (make check-debian): Debian 12 with
# systemd as PID 1 on Debian's stock 6.1 and 6.12 kernels, the vendorban
# packages installed as an admin installs them, booted under QEMU (TCG).
#
#   1. rootfs.sh: the Debian 12 root filesystem (mmdebstrap, cached).
#   2. In a copy of it (chroot): apt install ./*.deb, DKMS builds the
#      module for both kernels (setup.sh install; packages from make deb); then for each kernel,
#      its policy in /etc/vendorban/policy and update-initramfs, and an
#      ext4 image of the tree (mkfs.ext4 -d, no loop mount).  Cached by
#      the content of everything that goes in.
#   3. For each kernel, two boots of a copy of its image: phase 1 runs
#      the assertions (guest/run.sh) and upgrades vendorbanctl to a
#      rebuilt .deb with a higher version; phase 2, with vendorban.lock=1,
#      checks the policy is in force again and locked.
#
# Prints each boot's TAP lines and its boot time, then
# "debian: N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/debian
OUT=$REPO/build/debian
CACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
TIMEOUT=${VENDORBAN_DEBIAN_TIMEOUT:-900}

TAP_PART=debian
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"

release() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1[.-]*-amd64" \
		-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -1
}

# upgrade_deb DEB DIR: DEB rebuilt with a higher version (+vbtest1) in DIR
upgrade_deb() {
	local tmp ver
	tmp=$(mktemp -d)
	dpkg-deb -R "$1" "$tmp/pkg"
	ver=$(sed -n 's/^Version: //p' "$tmp/pkg/DEBIAN/control")
	sed -i "s/^Version: .*/Version: $ver+vbtest1/" "$tmp/pkg/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz -b "$tmp/pkg" "$2/" >/dev/null
	rm -rf "$tmp"
}

# stage_key: what the packages are made of (part of the image's cache key)
stage_key() {
	sha256sum "$REPO"/build/deb/*.deb | cut -d' ' -f1
}

# stage DIR: everything setup.sh needs, in DIR
stage() {
	local s=$1
	mkdir -p "$s/debs" "$s/upgrade" "$s/guest"
	cp "$REPO"/build/deb/*.deb "$s/debs/"
	upgrade_deb "$(ls "$REPO"/build/deb/vendorbanctl_*.deb)" "$s/upgrade"
	cp "$HERE"/guest/* "$REPO/tests/lib/tap.sh" "$s/guest/"
	cp "$HERE"/setup.sh "$HERE"/*.vbpolicy "$s/"
	cp -r "$REPO/build/fixtures/bin" "$s/fixtures"
	# the apt hook's phase: a banned vendor's package, versions 1.0 and 2.0
	mkdir -p "$s/pkg"
	cp "$REPO"/build/fixtures/packages/deb/vbban-tool_*.deb "$s/pkg/"
}

# in_root ROOT CMD...: CMD in the chroot, with /proc, /sys and /dev
in_root() {
	local root=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private /bin/sh -euc '
		root=$1; shift
		mount -t proc proc "$root/proc"
		mount -t sysfs sysfs "$root/sys"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmpfs "$root/run"
		mount -t tmpfs tmpfs "$root/tmp"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 "$@"' sh "$root" "$@"
}

# image_build DIR ROOTFS: DIR/disk-<major>.img, vmlinuz-<major>, initrd-<major>
image_build() {
	local dir=$1 rootfs=$2 root=$1.tmp/root major rel size
	rm -rf "$dir.tmp"
	mkdir -p "$root"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$rootfs" -C "$root"
	stage "$root/root/vbsetup"
	in_root "$root" /root/vbsetup/setup.sh install "$r61" "$r612" \
		>"$dir.tmp/setup.log" 2>&1 ||
		{ tail -40 "$dir.tmp/setup.log" >&2; die "setup failed"; }
	for major in 6.1 6.12; do
		rel=$r61
		[ "$major" = 6.12 ] && rel=$r612
		in_root "$root" /root/vbsetup/setup.sh initramfs "$rel" \
			"policy-$major.vbpolicy" >>"$dir.tmp/setup.log" 2>&1 ||
			{ tail -40 "$dir.tmp/setup.log" >&2; die "update-initramfs failed"; }
		cp "$root/boot/vmlinuz-$rel" "$dir.tmp/vmlinuz-$major"
		cp "$root/boot/initrd.img-$rel" "$dir.tmp/initrd-$major"
		size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 512 ))
		mkfs.ext4 -q -F -L vbroot -d "$root" "$dir.tmp/disk-$major.img" \
			"${size}M"
	done
	rm -rf "$root"
	mv "$dir.tmp" "$dir"
}

# next_initrd MAJOR: the guest's own initramfs after phase 1, read from
# the ext4 image without mounting it: the upgrade rebuilt it (vendorbanctl's
# trigger refreshes every installed kernel's, not only the newest)
next_initrd() {
	local rel=$r61
	[ "$1" = 6.12 ] && rel=$r612
	debugfs -R "dump /boot/initrd.img-$rel $OUT/initrd-$1" \
		"$OUT/disk-$1.img" 2>/dev/null
	if [ -s "$OUT/initrd-$1" ] && ! cmp -s "$img/initrd-$1" "$OUT/initrd-$1"; then
		ok "stock $1: the upgrade rebuilt this kernel's initramfs (update-initramfs -u -k all)"
	else
		not_ok "stock $1: the upgrade did not rebuild this kernel's initramfs"
		cp "$img/initrd-$1" "$OUT/initrd-$1"
	fi
}

# boot MAJOR PHASE APPEND: boot the image once; log in $OUT
boot() {
	local major=$1 phase=$2 log=$OUT/boot-$1-$2.log start end
	start=$(date +%s)
	timeout --foreground "$TIMEOUT" qemu-system-x86_64 -accel tcg \
		-m 2048 -smp 2 -nographic -no-reboot -nic none \
		-kernel "$img/vmlinuz-$major" -initrd "$OUT/initrd-$major" \
		-drive "file=$OUT/disk-$major.img,if=virtio,format=raw" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 vbtest.phase=$phase $3" \
		</dev/null >"$log" 2>&1 || true
	end=$(date +%s)
	tr -d '\r' <"$log" >"$log.txt"
	judge "$major" "$phase" "$log.txt" $((end - start))
}

# judge MAJOR PHASE LOG SECONDS: count the boot's TAP lines
judge() {
	local p f
	p=$(grep -c '^ok [0-9]* debian\.' "$3" || true)
	f=$(grep -c '^not ok [0-9]* debian\.' "$3" || true)
	echo "== stock $1 (phase $2): $4 s from QEMU start to power-off"
	grep -E '^(not )?ok [0-9]+ debian\.|^# ' "$3" || true
	tap_passed=$((tap_passed + p))
	tap_failed=$((tap_failed + f))
	if ! grep -q "^VENDORBAN-DEBIAN phase=$2: " "$3"; then
		not_ok "stock $1 phase $2 did not finish (log: $3)"
		tail -20 "$3" | sed 's/^/# /'
	fi
	# Kernel splats only: the line right after the timestamp (messages of
	# our own that contain "WARNING:" do not count).
	if grep -E '^\[ *[0-9]+\.[0-9]+\] (WARNING:|BUG:|Oops|Kernel panic|Call Trace:|UBSAN|KASAN)' \
		"$3" | head -5 | grep .; then
		not_ok "stock $1 phase $2: kernel splat"
	fi
}

main() {
	local rootfs key major
	r61=$(release 6.1)
	r612=$(release 6.12)
	if [ -z "$r61" ] || [ -z "$r612" ]; then
		die "stock 6.1 and 6.12 headers needed (scripts/install-deps.sh)"
	fi
	ls "$REPO"/build/deb/vendorbanctl_*.deb "$REPO"/build/deb/vendorban-dkms_*.deb \
		>/dev/null 2>&1 || die "no packages in build/deb (make deb)"
	rootfs=$("$HERE/rootfs.sh")
	key=$({
		echo "$rootfs"
		stage_key
		cat "$0" "$HERE"/setup.sh "$HERE"/*.vbpolicy "$HERE"/guest/* \
			"$REPO/tests/lib/tap.sh"
		find "$REPO/build/fixtures/bin" "$REPO"/build/fixtures/packages/deb/vbban-tool_* \
			-type f -print0 | sort -z |
			xargs -0 sha256sum | cut -d' ' -f1
	} | sha256sum | cut -c1-16)
	img=$CACHE/image-$key
	if [ ! -d "$img" ]; then
		echo "debian: building the images $img (DKMS, update-initramfs)"
		trap 'rm -rf "$img.tmp"' EXIT
		image_build "$img" "$rootfs"
		trap - EXIT
	fi
	mkdir -p "$OUT"
	for major in ${VENDORBAN_DEBIAN_KERNELS:-6.1 6.12}; do
		cp --sparse=always "$img/disk-$major.img" "$OUT/disk-$major.img"
		cp "$img/initrd-$major" "$OUT/initrd-$major"
		boot "$major" 1 ""
		next_initrd "$major"
		boot "$major" 2 "vendorban.lock=1"
		rm -f "$OUT/disk-$major.img" "$OUT/initrd-$major"
	done
	tap_done
}

main "$@"
