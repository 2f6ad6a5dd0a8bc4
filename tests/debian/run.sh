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
# Phase 2 is the Secure Boot boot: OVMF with Secure Boot on and
# Microsoft's keys (Debian's ovmf), Debian 12's signed shim and GRUB
# (shim-signed, grub-efi-amd64-signed, downloaded with apt-get download
# and unpacked: nothing is installed on the host) on an EFI system
# partition beside the disk, Debian's signed stock kernel, which runs in
# lockdown; a Machine Owner Key is written into the firmware's variable
# store before the boot (lib.sh virt_fw_vars --add-mok).  The two ways to
# a signed vendorban.ko, one per kernel:
#   6.1    (a) DKMS on the server signs it with the server's MOK key
#          (mok_signing_key, mok_certificate in /etc/dkms/framework.conf,
#          set before the packages were installed); that certificate is
#          the MOK.  Phase 2 also has vendorban.lock=1.
#   6.12   (b) the build host (this host: scripts/build-module-deb.sh
#          against the same headers) makes the prebuilt
#          vendorban-modules-<release> signed with the organisation's
#          key; phase 1's upgrade installs it with apt in place of
#          vendorban-dkms; the organisation's certificate is the MOK.
#          Phase 2 loads it from the initramfs, then the kernel refuses an
#          unsigned and a wrongly signed vendorban.ko, vendorbanctl
#          status says why, and the signed one loads again (no
#          vendorban.lock=1 here: a locked module cannot be unloaded).
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
	# Secure Boot (sb_build): the DKMS server's MOK key, mokutil, the
	# prebuilt module package's next version, the refused builds
	cp "$sb/keys/dkms.key" "$sb/keys/dkms.der" "$s/"
	cp -r "$sb/sb-debs" "$sb/upgrade-prebuilt" "$sb/neg" "$s/"
}

# The Debian 12 packages of the Secure Boot boot: signed shim (and
# MokManager), signed GRUB, mokutil for the guest
SB_PKGS="shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed mokutil libefivar1"
# Where shim looks for the MOKs: shim's GUID (virt-fw-vars --add-mok)
SHIM_GUID=605dab50-e046-4300-abb6-3dd810dd8b23

# sb_build DIR: the Secure Boot part of the image in DIR: keys, the
# prebuilt module package for 6.12 and its next version, the unsigned and
# wrongly signed builds, the variable stores with each MOK, shim and GRUB
# (DIR/efi/usr/lib/...), the guest's mokutil (DIR/sb-debs)
sb_build() {
	local out=$1 rel=$r612 k deb
	mkdir -p "$out/keys" "$out/sb-debs" "$out/modules" "$out/neg" \
		"$out/upgrade-prebuilt" "$out/efi"
	make_key "$out/keys/dkms" "/CN=vb-server DKMS module signing key"
	make_key "$out/keys/org" "/O=vendorban test organisation/CN=vendorban test module signing key"
	make_key "$out/keys/wrong" "/O=vendorban test organisation/CN=a key nobody enrolled"
	"$REPO/scripts/build-module-deb.sh" "/usr/src/linux-headers-$rel" \
		"$out/keys/org.key" "$out/keys/org.pem" "$out/modules" >"$out/module.log" 2>&1 ||
		{ tail -20 "$out/module.log" >&2; die "build-module-deb.sh $rel failed"; }
	upgrade_deb "$(ls "$out"/modules/vendorban-modules-"$rel"_*.deb)" "$out/upgrade-prebuilt"
	cp "$REPO/build/module/$rel/kmod/vendorban.ko" "$out/neg/vendorban-unsigned.ko"
	cp "$out/neg/vendorban-unsigned.ko" "$out/neg/vendorban-wrongkey.ko"
	"/usr/src/linux-headers-$rel/scripts/sign-file" sha256 "$out/keys/wrong.key" \
		"$out/keys/wrong.pem" "$out/neg/vendorban-wrongkey.ko"
	for k in dkms org; do
		virt_fw_vars --input /usr/share/OVMF/OVMF_VARS_4M.ms.fd \
			--output "$out/vars-$k.fd" --add-mok "$SHIM_GUID" "$out/keys/$k.pem" \
			>>"$out/module.log" 2>&1 || die "virt-fw-vars --add-mok failed"
	done
	# shellcheck disable=SC2086 # a list of package names
	(cd "$out/sb-debs" && apt-get download -q $SB_PKGS) >>"$out/module.log" 2>&1 ||
		die "apt-get download $SB_PKGS failed"
	for deb in "$out"/sb-debs/shim-*.deb "$out"/sb-debs/grub-efi-amd64-signed_*.deb; do
		dpkg-deb -x "$deb" "$out/efi"
		rm -f "$deb"
	done
	rm -rf "$out/efi/usr/share"
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
	local dir=$1 rootfs=$2 root=$1.tmp/root major rel size sb t0
	rm -rf "$dir.tmp"
	mkdir -p "$root"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$rootfs" -C "$root"
	sb=$dir.tmp/sb
	t0=$(date +%s)
	sb_build "$sb"
	echo "debian: the Secure Boot parts (keys, vendorban-modules-$r612, variable stores, shim, GRUB) took $(($(date +%s) - t0)) s"
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

# boot MAJOR PHASE APPEND: boot the image once; log in $OUT.  Phase 1
# with QEMU's -kernel, phase 2 with Secure Boot (see above)
boot() {
	local major=$1 phase=$2 log=$OUT/boot-$1-$2.log start next=$r61 name
	[ "$major" = 6.12 ] && next=$r612
	name="stock $major (phase $phase)"
	start=$(date +%s)
	if [ "$phase" = 1 ]; then
		qemu_direct "$log" "$img/vmlinuz-$major" "$OUT/initrd-$major" \
			"$OUT/disk-$major.img" "vbtest.phase=$phase vbtest.next=$next $3"
	else
		name="stock $major (phase $phase, Secure Boot, the $(way "$major") way)"
		secure_boot "$log" "$img/sb/vars-$(mok "$major").fd" "$OUT/disk-$major.img" \
			"$img/sb/efi" "$img/vmlinuz-$major" "$OUT/initrd-$major" \
			"vbtest.phase=$phase vbtest.next=$next vbtest.sb=1 vbtest.sign=$(way "$major") $3"
	fi
	judge "$name" "$log" $(($(date +%s) - start))
}

# way MAJOR: how that kernel's vendorban.ko is signed (dkms, prebuilt)
way() {
	if [ "$1" = 6.12 ]; then
		echo prebuilt
	else
		echo dkms
	fi
}

# mok MAJOR: whose certificate is the MOK for that kernel's Secure Boot
mok() {
	if [ "$(way "$1")" = prebuilt ]; then
		echo org
	else
		echo dkms
	fi
}

main() {
	local rootfs key major f
	r61=$(release 6.1)
	r612=$(release 6.12)
	if [ -z "$r61" ] || [ -z "$r612" ]; then
		die "stock 6.1 and 6.12 headers needed (scripts/install-deps.sh)"
	fi
	ls "$REPO"/build/deb/vendorbanctl_*.deb "$REPO"/build/deb/vendorban-dkms_*.deb \
		>/dev/null 2>&1 || die "no packages in build/deb (make deb)"
	for f in /usr/share/OVMF/OVMF_CODE_4M.secboot.fd /usr/share/OVMF/OVMF_VARS_4M.ms.fd \
		/usr/bin/mcopy /sbin/mkfs.fat /sbin/sfdisk; do
		[ -e "$f" ] || die "no $f (scripts/install-deps.sh: ovmf, mtools, dosfstools, fdisk)"
	done
	rootfs=$("$HERE/rootfs.sh")
	key=$({
		echo "$rootfs"
		stage_key
		echo "$MAJORS"
		cat "$0" "$HERE"/lib.sh "$HERE"/setup.sh "$HERE"/*.vbpolicy "$HERE"/guest/* \
			"$REPO/policy/eu-kaspersky-ban.vbpolicy" "$REPO/tests/lib/tap.sh" \
			"$REPO"/scripts/build-module.sh "$REPO"/scripts/build-module-deb.sh
		# shellcheck disable=SC2086 # a list of package names
		apt-cache show --no-all-versions $SB_PKGS | grep '^SHA256:'
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
	# root filesystems named before rootfs.sh had suites (rootfs-KEY.tar)
	find "$CACHE" -maxdepth 1 -regextype posix-extended -regex '.*/rootfs-[0-9a-f]{16}\.tar' -mmin +120 -delete
	mkdir -p "$OUT"
	for major in $MAJORS; do
		cp --sparse=always "$img/disk-$major.img" "$OUT/disk-$major.img"
		cp "$img/initrd-$major" "$OUT/initrd-$major"
		if [ "$(way "$major")" = prebuilt ]; then
			boot "$major" 1 "vbtest.prebuilt=1"
			next_initrd "$major"
			boot "$major" 2 "vbtest.neg=1"
		else
			boot "$major" 1 ""
			next_initrd "$major"
			boot "$major" 2 "vendorban.lock=1"
		fi
		rm -f "$OUT/disk-$major.img" "$OUT/initrd-$major"
	done
	tap_done
}

main "$@"
