#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# trixie.sh [check] - Debian 13 servers, with and without Secure Boot
# (make check-servers; with "check", the smaller part of make check,
# make check-debian13: below).  Everything comes from trixie: the packages are
# built on a trixie build host, the servers run trixie's stock kernels
# (linux-image-amd64 and linux-image-cloud-amd64, 6.12) with systemd, and
# boot through Debian's signed shim and GRUB under OVMF with Secure Boot
# on (Microsoft's keys, and the module signing certificate enrolled as a
# Machine Owner Key), where the kernel runs in lockdown.
#
#   1. rootfs.sh trixie: one trixie root filesystem (mmdebstrap, cached).
#   2. The build host (a chroot of it with the build dependencies):
#      dpkg-buildpackage (scripts/build-deb.sh) makes vendorbanctl and
#      vendorban-dkms; scripts/build-module-deb.sh makes the prebuilt
#      vendorban-modules-<release> for the generic and the cloud kernel
#      (with "check", the generic one's only: its server boots no other),
#      signed with the organisation's key; an unsigned and a wrongly
#      signed build are kept for the refusals, and the next version of
#      the packages (+vbtest1) for the upgrades.  The firmware variable
#      stores: OVMF's with
#      Microsoft's keys, plus the MOK (virt-fw-vars --add-mok, from
#      trixie's python3-virt-firmware): the DKMS server's key for one, the
#      organisation's for the other.  Cached by the sources' content.
#   3. A signed apt repository of the packages (apt-ftparchive, gpg),
#      twice: v1, and v2 with the next version.  Two server images
#      (setup.sh): "dkms": apt install ./*.deb, DKMS
#      builds and signs the module with the MOK key of
#      /etc/dkms/framework.conf; "prebuilt": apt install from the signed
#      repository, no compiler, headers or signing key.  Cached by content.
#   4. Four boots under QEMU (TCG), two per image, the disk kept between
#      them: dkms phase 1 on the generic kernel (-kernel, no firmware),
#      then phase 2 through shim and GRUB with Secure Boot and
#      vendorban.lock=1; prebuilt phase 1 on the cloud kernel, then phase
#      2 with Secure Boot on the generic kernel, where the unsigned and the
#      wrongly signed module are refused and vendorbanctl says why.
#
# The prebuilt server's first boot has a second guest beside it on a
# private network (-netdev socket over loopback, link-local addresses):
# a copy of the same image as the audit collector, to which the server's
# audisp-remote forwards; the collector checks its own and the server's
# records and sums them up with vendorbanctl audit.
#
# VENDORBAN_SERVERS="dkms prebuilt" (the default) names the servers
# booted.
#
# trixie.sh check (make check-debian13, in make check): one server, the
# same build host, root filesystem and assertions, in two boots.  Its
# image ("migrated", setup.sh install-migrated) installs the packages
# with apt, DKMS building and signing the module with the MOK key
# natively in the chroot (as apt runs dkms on a server), then upgrades
# with apt to the next vendorbanctl and the organisation's signed
# vendorban-modules-<generic>, which replaces vendorban-dkms; the
# generic kernel's initramfs is made twice there: with the one-rule ban
# (policy-minimal.vbpolicy), and with the shipped example policy for the
# second boot.  Phase 1 on the generic kernel (-kernel) checks the
# replacement and makes every phase-1 assertion (one-rule ban,
# modprobe, vendorban_required=1, reload, the apt hook), without an
# upgrade in the guest (TCG makes each initramfs minutes long there;
# Debian 12's boots upgrade in the guest); phase 2 boots the shipped
# policy with Secure Boot, the organisation's key as the MOK, where the
# kernel refuses an unsigned and a wrongly signed vendorban.ko.  A boot is stopped when it makes no progress (tests/debian/lib.sh:
# VENDORBAN_DEBIAN_IDLE, VENDORBAN_DEBIAN_TIMEOUT).
#
# Prints each boot's TAP lines and time, then "debian13: N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/debian
OUT=$REPO/build/debian13
CACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
TAP_PART=debian13
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"
# shellcheck source=tests/debian/lib.sh
. "$HERE/lib.sh"

# step NAME CMD...: CMD, timed
step() {
	local name=$1 start
	shift
	start=$(date +%s)
	"$@"
	echo "debian13: $name took $(($(date +%s) - start)) s"
}

# source_key: the content of what the build host builds from (the
# packages' sources and the build scripts)
source_key() {
	git -C "$REPO" ls-files -z --cached --others --exclude-standard -- \
		Kbuild dkms.conf VERSION debian kmod userspace policy \
		scripts/build-deb.sh scripts/build-module.sh \
		scripts/build-module-deb.sh tests/debian/build-host.sh | sort -z |
		(cd "$REPO" && xargs -0 sha256sum 2>/dev/null) | sha256sum | cut -c1-16
}

# repo DIR DEB...: a signed flat apt repository of the DEBs
repo() {
	local dir=$1
	shift
	mkdir -p "$dir"
	cp "$@" "$dir/"
	(cd "$dir" && apt-ftparchive packages . >Packages && gzip -9nk Packages &&
		apt-ftparchive -o APT::FTPArchive::Release::Origin=vendorban \
			-o APT::FTPArchive::Release::Suite=stable release . >Release)
	gpg --batch --yes --homedir "$gnupg" --local-user "vendorban archive" \
		--clearsign -o "$dir/InRelease" "$dir/Release"
}

# build_host DIR ROOTFS KERNELS: the packages, keys, repository and
# variable stores; the module packages of both kernels (KERNELS "all") or
# of the generic one only ("generic": make check's server boots no other)
build_host() {
	local dir=$1 root=$1.tmp/root out=$1.tmp deb
	rm -rf "$out"
	mkdir -p "$root" "$out/debs" "$out/neg" "$out/keys"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$2" -C "$root"
	rsync -a --exclude /build/ --exclude /.git --filter ':- .gitignore' \
		"$REPO/" "$root/root/src/"
	# The organisation's module signing key (build host), the DKMS
	# server's MOK key, and a key nobody enrolled.
	make_key "$out/keys/org" "/O=vendorban test organisation/CN=vendorban test module signing key"
	make_key "$out/keys/dkms" "/CN=vb-server DKMS module signing key"
	make_key "$out/keys/wrong" "/O=vendorban test organisation/CN=a key nobody enrolled"
	cp -r "$out/keys" "$root/root/keys"
	cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$root/root/keys/"
	in_root "$root" /root/src/tests/debian/build-host.sh "$3" \
		>"$out/build.log" 2>&1 ||
		{ tail -40 "$out/build.log" >&2; die "the trixie build host failed (log: $out/build.log)"; }
	cp "$root"/root/out/*.deb "$root"/root/out/modules/*.deb "$out/debs/"
	cp "$root"/root/out/neg/* "$out/neg/"
	cp "$root"/root/out/*.fd "$root"/root/out/kernels "$out/"
	# The next version of the packages, for the upgrades: vendorbanctl,
	# and the module packages (which depend on its exact version).
	mkdir -p "$out/upgrade"
	for deb in "$out"/debs/vendorbanctl_*.deb "$out"/debs/vendorban-modules-*.deb; do
		upgrade_deb "$deb" "$out/upgrade"
	done
	rm -rf "$root"
	mv "$out" "$dir"
}

# repos DIR: the fleet's signed apt repository in DIR, twice: v1 with the
# packages as built, v2 with the next version; DIR/vendorban-archive.gpg
# is the key apt checks them with (a new archive key each time)
repos() {
	local gnupg
	gnupg=$(mktemp -d)
	gpg --batch --homedir "$gnupg" --pinentry-mode loopback --passphrase '' \
		--quick-gen-key "vendorban archive" rsa3072 sign never 2>/dev/null
	gpg --batch --homedir "$gnupg" --export "vendorban archive" \
		>"$1/vendorban-archive.gpg"
	repo "$1/repo/v1" "$build"/debs/vendorbanctl_*.deb "$build"/debs/vendorban-modules-*.deb
	repo "$1/repo/v2" "$build"/upgrade/vendorbanctl_*.deb "$build"/upgrade/vendorban-modules-*.deb
	gpgconf --homedir "$gnupg" --kill gpg-agent 2>/dev/null || true
	rm -rf "$gnupg"
}

# stage S: what setup.sh needs in the image, in S
stage() {
	local s=$1
	mkdir -p "$s/guest"
	cp -r "$build/debs" "$build/upgrade" "$build/neg" "$s/"
	cp "$build/keys/dkms.key" "$build/keys/dkms.der" "$s/"
	repos "$s"
	cp "$HERE"/guest/* "$REPO/tests/lib/tap.sh" "$s/guest/"
	cp "$HERE"/setup.sh "$HERE"/*.vbpolicy "$REPO/policy/eu-kaspersky-ban.vbpolicy" "$s/"
	cp -r "$REPO/build/fixtures/bin" "$s/fixtures"
	# setup.sh installs the apt hook test's packages on every server
	mkdir -p "$s/pkg"
	cp "$REPO"/build/fixtures/packages/deb/vbban-tool_*.deb "$s/pkg/"
}

# image_build DIR ROOTFS KIND: DIR/disk.img, vmlinuz-*, initrd-*, efi/
# (and for "migrated" initrd.next-<generic>, with the shipped policy)
image_build() {
	local dir=$1 root=$1.tmp/root kind=$3 size rel kernels
	rm -rf "$dir.tmp"
	mkdir -p "$root"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$2" -C "$root"
	stage "$root/root/vbsetup"
	in_root "$root" /root/vbsetup/setup.sh "install-$kind" "$generic" "$cloud" \
		>"$dir.tmp/setup.log" 2>&1 ||
		{ tail -40 "$dir.tmp/setup.log" >&2; die "setup ($kind) failed"; }
	# The root filesystem has no initramfs (rootfs.sh): each kernel of
	# the servers that upgrade in the guest gets its own here, as every
	# installed kernel has one on a server (the upgrade refreshes them
	# all).  make check's server ("migrated") boots and refreshes the
	# generic kernel's only.
	kernels="$generic $cloud"
	[ "$kind" != migrated ] || kernels=$generic
	if [ "$kind" = migrated ]; then
		in_root "$root" /root/vbsetup/setup.sh initramfs "$generic" \
			eu-kaspersky-ban.vbpolicy >>"$dir.tmp/setup.log" 2>&1 ||
			{ tail -40 "$dir.tmp/setup.log" >&2; die "update-initramfs failed"; }
		cp "$root/boot/initrd.img-$generic" "$dir.tmp/initrd.next-$generic"
	fi
	for rel in $kernels; do
		in_root "$root" /root/vbsetup/setup.sh initramfs "$rel" \
			policy-minimal.vbpolicy >>"$dir.tmp/setup.log" 2>&1 ||
			{ tail -40 "$dir.tmp/setup.log" >&2; die "update-initramfs failed"; }
		cp "$root/boot/vmlinuz-$rel" "$root/boot/initrd.img-$rel" "$dir.tmp/"
	done
	mkdir -p "$dir.tmp/efi/usr/lib/shim" "$dir.tmp/efi/usr/lib/grub/x86_64-efi-signed"
	cp "$root"/usr/lib/shim/shimx64.efi.signed "$root"/usr/lib/shim/mmx64.efi.signed \
		"$dir.tmp/efi/usr/lib/shim/"
	cp "$root"/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed \
		"$dir.tmp/efi/usr/lib/grub/x86_64-efi-signed/"
	rm -rf "$root/root/vbsetup"
	size=$(($(du -sm "$root" | cut -f1) * 13 / 10 + 512))
	mkfs.ext4 -q -F -L vbroot -d "$root" "$dir.tmp/disk.img" "${size}M"
	rm -rf "$root"
	mv "$dir.tmp" "$dir"
}

# guest_initrd REL: the guest's own initramfs of REL after the last boot
guest_initrd() {
	debugfs -R "dump /boot/initrd.img-$1 $OUT/initrd-$1" "$OUT/disk.img" 2>/dev/null
	[ -s "$OUT/initrd-$1" ] || die "no /boot/initrd.img-$1 in the image"
}

# boot_direct NAME REL APPEND: the disk on REL, QEMU's -kernel
boot_direct() {
	local start log=$OUT/$1.log
	start=$(date +%s)
	qemu_direct "$log" "$img/vmlinuz-$2" "$img/initrd.img-$2" "$OUT/disk.img" "$3"
	judge "$1" "$log" $(($(date +%s) - start))
}

# boot_pair NAME REL APPEND: boot_direct with the collector guest (a
# fresh copy of the image, generic kernel) on a private network
boot_pair() {
	local start port log=$OUT/$1.log clog=$OUT/$1-collector.log pid
	cp --sparse=always "$img/disk.img" "$OUT/collector.img"
	# A free port on loopback for the network between the two.
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	start=$(date +%s)
	# The collector waits, quiet, while its server works: the server's
	# progress is its own.
	DEBIAN_WATCH_ALSO="$log $OUT/disk.img" \
		qemu_direct "$clog" "$img/vmlinuz-$generic" "$img/initrd.img-$generic" \
		"$OUT/collector.img" "vbtest.phase=collector vbtest.net=169.254.10.2" \
		-netdev "socket,id=n0,listen=127.0.0.1:$port" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:10:02 &
	pid=$!
	sleep 2
	qemu_direct "$log" "$img/vmlinuz-$2" "$img/initrd.img-$2" "$OUT/disk.img" \
		"$3 vbtest.net=169.254.10.1 vbtest.collector=169.254.10.2" \
		-netdev "socket,id=n0,connect=127.0.0.1:$port" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:10:01
	judge "$1" "$log" $(($(date +%s) - start))
	wait "$pid" || true
	judge "$1 (collector)" "$clog" $(($(date +%s) - start))
	rm -f "$OUT/collector.img"
}

# boot_secure NAME REL VARS APPEND: the disk through shim and GRUB under
# OVMF with Secure Boot, the guest's own initramfs of REL
boot_secure() {
	local start log=$OUT/$1.log
	guest_initrd "$2"
	start=$(date +%s)
	secure_boot "$log" "$build/$3" "$OUT/disk.img" "$img/efi" "$img/vmlinuz-$2" \
		"$OUT/initrd-$2" "$4"
	judge "$1" "$log" $(($(date +%s) - start))
	rm -f "$OUT/initrd-$2"
}

# boots_dkms: the DKMS server, on the generic kernel, then Secure Boot
# (vbtest.sign: guest/server.sh checks the module's signer and file)
boots_dkms() {
	boot_direct dkms-generic-1 "$generic" "vbtest.phase=1 vbtest.next=$generic"
	boot_secure dkms-generic-secureboot-2 "$generic" vars-dkms.fd \
		"vbtest.phase=2 vbtest.sb=1 vbtest.sign=dkms vendorban.lock=1"
}

# boots_migrated: make check's server (above): phase 1 on the generic
# kernel, then Secure Boot with the initramfs the image has for it
boots_migrated() {
	local start log=$OUT/migrated-generic-secureboot-2.log
	boot_direct migrated-generic-1 "$generic" \
		"vbtest.phase=1 vbtest.migrated=1 vbtest.nextpolicy=eu-kaspersky-ban.vbpolicy"
	start=$(date +%s)
	secure_boot "$log" "$build/vars-org.fd" "$OUT/disk.img" "$img/efi" \
		"$img/vmlinuz-$generic" "$img/initrd.next-$generic" \
		"vbtest.phase=2 vbtest.sb=1 vbtest.sign=prebuilt vbtest.neg=1"
	judge migrated-generic-secureboot-2 "$log" $(($(date +%s) - start))
}

# boots_prebuilt: the prebuilt server on the cloud kernel beside the
# collector, then Secure Boot on the generic kernel
boots_prebuilt() {
	boot_pair prebuilt-cloud-1 "$cloud" "vbtest.phase=1 vbtest.repo=1 vbtest.next=$generic"
	boot_secure prebuilt-generic-secureboot-2 "$generic" vars-org.fd \
		"vbtest.phase=2 vbtest.sb=1 vbtest.sign=prebuilt vbtest.neg=1"
}

main() {
	local rootfs bkey ikey kind start servers=${VENDORBAN_SERVERS:-dkms prebuilt}
	local kernels=all
	if [ "${1:-}" = check ]; then
		servers=migrated
		kernels=generic
	fi
	[ -d "$REPO/build/fixtures/bin" ] || die "no fixtures (make fixtures)"
	for f in /usr/share/OVMF/OVMF_CODE_4M.secboot.fd /usr/share/OVMF/OVMF_VARS_4M.ms.fd \
		/usr/bin/mcopy /sbin/mkfs.fat /sbin/sfdisk; do
		[ -e "$f" ] || die "no $f (scripts/install-deps.sh: ovmf, mtools, dosfstools, fdisk)"
	done
	start=$(date +%s)
	rootfs=$("$HERE/rootfs.sh" trixie)
	echo "debian13: root filesystem took $(($(date +%s) - start)) s"
	# The build host's key: its root filesystem, the sources, and the
	# host-side functions that make it (not the rest of this script).
	bkey=$({
		echo "$rootfs"
		source_key
		declare -f build_host make_key in_root upgrade_deb
		echo "$kernels"
	} | sha256sum | cut -c1-16)
	build=$CACHE/trixie-build-$bkey
	if [ ! -d "$build" ]; then
		echo "debian13: the trixie build host: packages, keys, repository ($build)"
		trap 'rm -rf "$build.tmp"' EXIT
		step "build host" build_host "$build" "$rootfs" "$kernels"
		trap - EXIT
	fi
	prune_cache "$CACHE" trixie-build- "${build##*/}"
	# The kernels: release names, and what the cloud kernel's LSM list is.
	read -r generic cloud <"$build/kernels"
	sed -n 's/^#info //p' "$build/kernels" 2>/dev/null || true
	# The images' key: the build host, the functions that make an image
	# and what goes in (not the boots' part of this script).
	ikey=$({
		echo "$build"
		declare -f image_build stage repos repo in_root
		cat "$HERE"/setup.sh "$HERE"/*.vbpolicy "$HERE"/guest/* \
			"$REPO/policy/eu-kaspersky-ban.vbpolicy" "$REPO/tests/lib/tap.sh"
		find "$REPO/build/fixtures/bin" "$REPO"/build/fixtures/packages/deb/vbban-tool_* \
			-type f -print0 | sort -z |
			xargs -0 sha256sum | cut -d' ' -f1
	} | sha256sum | cut -c1-16)
	# Only the images of the servers booted are made.
	for kind in $servers; do
		img=$CACHE/trixie-$kind-$ikey
		if [ ! -d "$img" ]; then
			echo "debian13: building the $kind server image $img"
			trap 'rm -rf "$img.tmp"' EXIT
			step "$kind image" image_build "$img" "$rootfs" "$kind"
			trap - EXIT
		fi
	done
	# Every kind's images of another key are stale, booted or not.
	for kind in dkms prebuilt migrated; do
		prune_cache "$CACHE" "trixie-$kind-" "trixie-$kind-$ikey"
	done
	mkdir -p "$OUT"

	for kind in $servers; do
		img=$CACHE/trixie-$kind-$ikey
		cp --sparse=always "$img/disk.img" "$OUT/disk.img"
		"boots_$kind"
	done
	rm -f "$OUT/disk.img"
	tap_done
}

main "$@"
