#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - the real Debian server boot (make check-debian): Debian 12 with
# systemd as PID 1 on Debian's stock 6.1 and 6.12 kernels, the vendorban
# packages installed as an admin installs them, booted under QEMU (TCG).
#
#   1. rootfs.sh: the Debian 12 root filesystem (mmdebstrap, cached).
#   2. In a copy of it (chroot): apt install ./*.deb, DKMS builds the
#      module for both kernels (setup.sh install; packages from make deb);
#      then for each kernel its boot policy in /etc/vendorban/policy and
#      update-initramfs, and an ext4 image of the tree (mkfs.ext4 -d, no
#      loop mount).  Cached by the content of everything that goes in;
#      older images are removed (lib.sh prune_cache).
#   3. For each kernel, two boots of a copy of its image: phase 1 runs
#      the assertions (guest/run.sh, guest/server.sh) and upgrades
#      vendorbanctl to a rebuilt .deb with a higher version; phase 2, with
#      vendorban.lock=1, checks the policy is in force again and locked.
#      In both, a ban must not break the boot (server.sh: no module load
#      refused, binfmt_misc, modprobe, no failed unit).
#
# The boot policies, one-rule bans with every other setting at its
# default (memory-modules deny included):
#   6.1    policy-minimal.vbpolicy (deny vendor kaspersky)
#   6.12   policy-6.12.vbpolicy (deny subject-o ...): kmod 30 loads this
#          kernel's compressed modules from memory (init_module), which
#          the module judges by their signature and the rules.
# Phase 1 then puts the shipped example policy (eu-kaspersky-ban.vbpolicy)
# in /etc/vendorban/policy and the initramfs, which phase 2 boots.
#
# Prints each boot's TAP lines and its boot time, then
# "debian: N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/debian
OUT=$REPO/build/debian
CACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
# shellcheck source=tests/debian/lib.sh
. "$HERE/lib.sh"
TAP_PART=debian
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"
# The kernels booted (see above).
MAJORS=${VENDORBAN_DEBIAN_KERNELS:-6.1 6.12}

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
	cp "$HERE"/setup.sh "$HERE"/*.vbpolicy "$REPO/policy/eu-kaspersky-ban.vbpolicy" "$s/"
	cp -r "$REPO/build/fixtures/bin" "$s/fixtures"
	# the apt hook's phase: a banned vendor's package, versions 1.0 and 2.0
	mkdir -p "$s/pkg"
	cp "$REPO"/build/fixtures/packages/deb/vbban-tool_*.deb "$s/pkg/"
}

# policy MAJOR: the boot policy of MAJOR's image
policy() {
	if [ "$1" = 6.12 ]; then
		echo policy-6.12.vbpolicy
	else
		echo policy-minimal.vbpolicy
	fi
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
	for major in $MAJORS; do
		rel=$r61
		[ "$major" = 6.12 ] && rel=$r612
		in_root "$root" /root/vbsetup/setup.sh initramfs "$rel" \
			"$(policy "$major")" >>"$dir.tmp/setup.log" 2>&1 ||
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
	local major=$1 phase=$2 log=$OUT/boot-$1-$2.log start next=$r61
	[ "$major" = 6.12 ] && next=$r612
	start=$(date +%s)
	qemu_direct "$log" "$img/vmlinuz-$major" "$OUT/initrd-$major" \
		"$OUT/disk-$major.img" "vbtest.phase=$phase ${next:+vbtest.next=$next} $3"
	judge "stock $major (phase $phase)" "$log" $(($(date +%s) - start))
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
		echo "$MAJORS"
		cat "$0" "$HERE"/lib.sh "$HERE"/setup.sh "$HERE"/*.vbpolicy "$HERE"/guest/* \
			"$REPO/policy/eu-kaspersky-ban.vbpolicy" "$REPO/tests/lib/tap.sh"
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
	prune_cache "$CACHE" image- "image-$key"
	mkdir -p "$OUT"
	for major in $MAJORS; do
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
