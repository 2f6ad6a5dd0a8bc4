#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - the real Debian server boot (make check-debian): Debian 12 with
# systemd as PID 1 on Debian's stock 6.1 and 6.12 kernels, the vendorban
# packages installed as an admin installs them, booted under QEMU (TCG).
#
#   1. rootfs.sh: the Debian 12 root filesystem (mmdebstrap, cached).
#   2. In a copy of it (chroot): apt install ./*.deb, DKMS builds the
#      module for both kernels natively, as apt does on a server
#      (setup.sh install; packages from make deb); then for each kernel
#      its boot policy in /etc/vendorban/policy and update-initramfs, and
#      one ext4 image of the tree (mkfs.ext4 -d, no loop mount).  Cached
#      by the content of everything that goes in; older images are
#      removed (lib.sh prune_cache).
#   3. Four boots of one copy of that image, the disk kept between them:
#        stock 6.12, phase 1: the assertions (guest/run.sh, server.sh)
#          under the 6.12 boot policy, no upgrade; it leaves the 6.1 boot
#          policy in /etc/vendorban/policy (vbtest.nextpolicy) and fresh audit
#          logs for the next boot
#        stock 6.1, phase 1: the same assertions, then vendorbanctl
#          upgraded to a rebuilt .deb with a higher version: its trigger
#          rebuilds both kernels' initramfs with the shipped example
#          policy (checked on the disk for each kernel)
#        stock 6.1, phase 2 (Secure Boot, vendorban.lock=1): the policy is
#          in force again and locked
#        stock 6.12, phase 2 (Secure Boot): the initramfs the upgrade made
#      In every boot a ban must not break the boot (server.sh: no module
#      load refused, binfmt_misc, modprobe, no failed unit).
#
# The boot policies, one-rule bans with every other setting at its
# default (memory-modules deny included):
#   6.1    policy-minimal.vbpolicy (deny vendor kaspersky)
#   6.12   policy-6.12.vbpolicy (deny subject-o ...): kmod 30 loads this
#          kernel's compressed modules from memory (init_module), which
#          the module judges by their signature and the rules.
# The 6.1 phase 1 then puts the shipped example policy
# (eu-kaspersky-ban.vbpolicy) in /etc/vendorban/policy and, through the
# upgrade, in both kernels' initramfs, which both phase 2 boots boot.
#
# Phase 2 is the Secure Boot boot: OVMF with Secure Boot on and
# Microsoft's keys (Debian's ovmf), Debian 12's signed shim and GRUB
# (shim-signed, grub-efi-amd64-signed, downloaded with apt-get download
# and unpacked: nothing is installed on the host) on an EFI system
# partition beside the disk, Debian's signed stock kernel, which runs in
# lockdown; a Machine Owner Key is written into the firmware's variable
# store before the boot (lib.sh virt_fw_vars --add-mok).  On both
# kernels vendorban.ko is signed the DKMS way: DKMS on the server signs it
# with the server's MOK key (mok_signing_key, mok_certificate in
# /etc/dkms/framework.conf, set before the packages were installed); that
# certificate is the MOK.  The other way, the prebuilt
# vendorban-modules-<release> signed with the organisation's key, and the
# kernel refusing an unsigned and a wrongly signed vendorban.ko, are
# Debian 13's (tests/debian/trixie.sh check, in make check too).
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
	# Secure Boot (sb_build): the DKMS server's MOK key, mokutil
	cp "$sb/keys/dkms.key" "$sb/keys/dkms.der" "$s/"
	cp -r "$sb/sb-debs" "$s/"
}

# The Debian 12 packages of the Secure Boot boot: signed shim (and
# MokManager), signed GRUB, mokutil for the guest
SB_PKGS="shim-signed shim-helpers-amd64-signed grub-efi-amd64-signed mokutil libefivar1"
# Where shim looks for the MOKs: shim's GUID (virt-fw-vars --add-mok)
SHIM_GUID=605dab50-e046-4300-abb6-3dd810dd8b23

# sb_build DIR: the Secure Boot part of the image in DIR: the DKMS
# server's MOK key, the variable store with it enrolled, shim and GRUB
# (DIR/efi/usr/lib/...), the guest's mokutil (DIR/sb-debs)
sb_build() {
	local out=$1 deb
	mkdir -p "$out/keys" "$out/sb-debs" "$out/efi"
	make_key "$out/keys/dkms" "/CN=vb-server DKMS module signing key"
	virt_fw_vars --input /usr/share/OVMF/OVMF_VARS_4M.ms.fd \
		--output "$out/vars-dkms.fd" --add-mok "$SHIM_GUID" "$out/keys/dkms.pem" \
		>"$out/sb.log" 2>&1 || die "virt-fw-vars --add-mok failed"
	# shellcheck disable=SC2086 # a list of package names
	(cd "$out/sb-debs" && apt-get download -q $SB_PKGS) >>"$out/sb.log" 2>&1 ||
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

# image_build DIR ROOTFS: DIR/disk.img, vmlinuz-<major>, initrd-<major>.
# The 6.12 boot policy is made last: it is /etc/vendorban/policy for the
# first boot (stock 6.12).
image_build() {
	local dir=$1 rootfs=$2 root=$1.tmp/root major rel size sb t0
	rm -rf "$dir.tmp"
	mkdir -p "$root"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$rootfs" -C "$root"
	sb=$dir.tmp/sb
	t0=$(date +%s)
	sb_build "$sb"
	echo "debian: the Secure Boot parts (key, variable store, shim, GRUB) took $(($(date +%s) - t0)) s"
	stage "$root/root/vbsetup"
	in_root "$root" /root/vbsetup/setup.sh install "$r61" "$r612" \
		>"$dir.tmp/setup.log" 2>&1 ||
		{ tail -40 "$dir.tmp/setup.log" >&2; die "setup failed"; }
	for major in 6.1 6.12; do
		rel=$(rel "$major")
		in_root "$root" /root/vbsetup/setup.sh initramfs "$rel" \
			"$(policy "$major")" >>"$dir.tmp/setup.log" 2>&1 ||
			{ tail -40 "$dir.tmp/setup.log" >&2; die "update-initramfs failed"; }
		cp "$root/boot/vmlinuz-$rel" "$dir.tmp/vmlinuz-$major"
		cp "$root/boot/initrd.img-$rel" "$dir.tmp/initrd-$major"
	done
	rm -rf "$root/root/vbsetup"
	size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 512 ))
	mkfs.ext4 -q -F -L vbroot -d "$root" "$dir.tmp/disk.img" "${size}M"
	rm -rf "$root"
	mv "$dir.tmp" "$dir"
}

# rel MAJOR: the stock release of MAJOR
rel() {
	if [ "$1" = 6.12 ]; then
		echo "$r612"
	else
		echo "$r61"
	fi
}

# next_initrd MAJOR: the guest's own initramfs of MAJOR after the 6.1
# phase 1, read from the ext4 image without mounting it: the upgrade
# rebuilt it (vendorbanctl's trigger refreshes every installed kernel's,
# not only the newest nor only the running one's)
next_initrd() {
	debugfs -R "dump /boot/initrd.img-$(rel "$1") $OUT/initrd-$1" \
		"$OUT/disk.img" 2>/dev/null
	if [ -s "$OUT/initrd-$1" ] && ! cmp -s "$img/initrd-$1" "$OUT/initrd-$1"; then
		ok "stock $1: the upgrade rebuilt this kernel's initramfs (update-initramfs -u -k all)"
	else
		not_ok "stock $1: the upgrade did not rebuild this kernel's initramfs"
		cp "$img/initrd-$1" "$OUT/initrd-$1"
	fi
}

# image_ls DIR: the names in DIR of the image (debugfs, not mounted)
image_ls() {
	debugfs -R "ls -p $1" "$img/disk.img" 2>/dev/null |
		awk -F/ '$6 != "." && $6 != ".." && $6 != "" { print $6 }'
}

# dkms_built: what DKMS built when apt installed vendorban-dkms in the
# image's chroot (setup.sh install), read from the image: for every
# kernel with headers there, vendorban.ko built for that release with
# module BTF and the kfunc and hook ids, and no clang in the image.
# (These were tests/deb/run.sh's own DKMS builds on the host, for the
# same releases from the same package: the server's build is checked
# here instead of building it twice.)
dkms_built() {
	local h rel n=0 ko f vermagic sections clang
	for h in $(image_ls /usr/src | grep -E '^linux-headers-.*-amd64$'); do
		rel=${h#linux-headers-}
		n=$((n + 1))
		ko=$OUT/dkms-vendorban-$rel.ko
		rm -f "$ko" "$ko.x"
		f=$(image_ls "/lib/modules/$rel/updates/dkms" | grep '^vendorban\.ko' | head -1 || true)
		# (each step may fail: the check below says so, set -e must not)
		[ -z "$f" ] || debugfs -R "dump /lib/modules/$rel/updates/dkms/$f $ko.x" \
			"$img/disk.img" 2>/dev/null || true
		case $f in
		*.xz) xz -dc "$ko.x" >"$ko" 2>/dev/null || true ;;
		*.zst) zstd -qdc "$ko.x" >"$ko" 2>/dev/null || true ;;
		?*) mv "$ko.x" "$ko" 2>/dev/null || true ;;
		esac
		# (captured first: under pipefail a grep -q that stops reading
		# early fails the pipeline)
		vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
		sections=$(readelf -S "$ko" 2>/dev/null || true)
		clang=$(debugfs -R "stat /usr/bin/clang" "$img/disk.img" 2>/dev/null || true)
		[ -s "$ko" ] && [ "${vermagic%% *}" = "$rel" ] &&
			grep -q ' \.BTF ' <<<"$sections" &&
			grep -q ' \.BTF_ids ' <<<"$sections" &&
			! grep -q Inode <<<"$clang"
		check $? "DKMS (apt install in the server's chroot) built vendorban.ko for $rel from the package, with module BTF and the kfunc and hook ids (no clang in the image)"
		rm -f "$ko" "$ko.x"
	done
	if [ "$n" = 2 ]; then
		ok "the server has both stock kernels with headers to build for ($n)"
	else
		not_ok "the server has both stock kernels with headers to build for ($n)"
	fi
}

# boot MAJOR PHASE APPEND: boot the disk once on MAJOR; log in $OUT.
# Phase 1 with QEMU's -kernel, phase 2 with Secure Boot (see above)
boot() {
	local major=$1 phase=$2 log=$OUT/boot-$1-$2.log start name
	name="stock $major (phase $phase)"
	start=$(date +%s)
	if [ "$phase" = 1 ]; then
		qemu_direct "$log" "$img/vmlinuz-$major" "$OUT/initrd-$major" \
			"$OUT/disk.img" "vbtest.phase=$phase $3"
	else
		name="stock $major (phase $phase, Secure Boot, the DKMS way)"
		secure_boot "$log" "$img/sb/vars-dkms.fd" "$OUT/disk.img" \
			"$img/sb/efi" "$img/vmlinuz-$major" "$OUT/initrd-$major" \
			"vbtest.phase=$phase vbtest.sb=1 vbtest.sign=dkms $3"
	fi
	judge "$name" "$log" $(($(date +%s) - start))
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
	t0=$(date +%s)
	rootfs=$("$HERE/rootfs.sh")
	echo "debian: root filesystem took $(($(date +%s) - t0)) s"
	key=$({
		echo "$rootfs"
		stage_key
		cat "$0" "$HERE"/lib.sh "$HERE"/setup.sh "$HERE"/*.vbpolicy "$HERE"/guest/* \
			"$REPO/policy/eu-kaspersky-ban.vbpolicy" "$REPO/tests/lib/tap.sh"
		# shellcheck disable=SC2086 # a list of package names
		apt-cache show --no-all-versions $SB_PKGS | grep '^SHA256:'
		find "$REPO/build/fixtures/bin" "$REPO"/build/fixtures/packages/deb/vbban-tool_* \
			-type f -print0 | sort -z |
			xargs -0 sha256sum | cut -d' ' -f1
	} | sha256sum | cut -c1-16)
	img=$CACHE/image-$key
	if [ ! -d "$img" ]; then
		echo "debian: building the image $img (DKMS, update-initramfs)"
		t0=$(date +%s)
		trap 'rm -rf "$img.tmp"' EXIT
		image_build "$img" "$rootfs"
		trap - EXIT
		echo "debian: the image took $(($(date +%s) - t0)) s"
	fi
	prune_cache "$CACHE" image- "image-$key"
	# root filesystems named before rootfs.sh had suites (rootfs-KEY.tar)
	find "$CACHE" -maxdepth 1 -regextype posix-extended -regex '.*/rootfs-[0-9a-f]{16}\.tar' -mmin +120 -delete
	mkdir -p "$OUT"
	cp --sparse=always "$img/disk.img" "$OUT/disk.img"
	cp "$img/initrd-6.1" "$img/initrd-6.12" "$OUT/"
	dkms_built
	# The one-rule bans, then the upgrade, then the shipped policy.
	boot 6.12 1 "vbtest.nextpolicy=policy-minimal.vbpolicy"
	boot 6.1 1 "vbtest.next=$r61"
	next_initrd 6.1
	next_initrd 6.12
	boot 6.1 2 "vendorban.lock=1"
	boot 6.12 2 ""
	rm -f "$OUT/disk.img" "$OUT/initrd-6.1" "$OUT/initrd-6.12"
	tap_done
}

main "$@"
