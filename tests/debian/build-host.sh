#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-host.sh - the Debian 13 build host of tests/debian/trixie.sh, run
# inside a chroot of the trixie root filesystem from a copy of the source
# tree (/root/src), with the keys in /root/keys: installs the build
# dependencies (from apt's cache in the root filesystem), builds the
# packages with dpkg-buildpackage (scripts/build-deb.sh), the prebuilt
# vendorban-modules-<release> for the generic and the cloud kernel (the
# generic one's only with the argument "generic") signed with the
# organisation's key (scripts/build-module-deb.sh), an unsigned
# and a wrongly signed build of the module, and OVMF's variable store
# with Microsoft's keys and each MOK enrolled (virt-fw-vars from
# python3-virt-firmware).  Output: /root/out.
set -eu

die() {
	echo "build-host.sh: error: $*" >&2
	exit 1
}

# headers GLOB: the newest release with headers /usr/src/linux-headers-GLOB
headers() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1" -printf '%f\n' |
		sed 's/^linux-headers-//' | sort -V | tail -1
}

# main [all|generic]: the module packages of both kernels (all, for
# make check-servers), or of the generic kernel only (make check's
# server boots no other: no cloud headers, no cloud package)
main() {
	what=${1:-all}
	cloud_headers=linux-headers-cloud-amd64
	[ "$what" = all ] || cloud_headers=
	export DEBIAN_FRONTEND=noninteractive
	# A throw-away chroot: dpkg need not sync every file.
	echo force-unsafe-io >/etc/dpkg/dpkg.cfg.d/vendorban-test
	# shellcheck disable=SC2086 # empty or one package name
	apt-get install -y -q --no-install-recommends build-essential dpkg-dev \
		debhelper dh-dkms libauparse-dev libbpf-dev liblzma-dev libssl-dev \
		libzstd-dev rsync dwarves linux-headers-amd64 \
		$cloud_headers python3-virt-firmware openssl
	src=/root/src out=/root/out keys=/root/keys
	mkdir -p $out/modules $out/neg
	(cd $src && scripts/build-deb.sh)
	cp $src/build/deb/*.deb $out/
	generic=$(headers '*[0-9]-amd64')
	# the cloud kernel (installed in every image) by its /boot/config
	cloud=$(find /boot -maxdepth 1 -name 'config-*-cloud-amd64' -printf '%f\n' |
		sed 's/^config-//' | sort -V | tail -1)
	if [ -z "$generic" ] || [ -z "$cloud" ]; then
		die "no generic kernel headers or no cloud kernel"
	fi
	built=$generic
	if [ "$what" = all ]; then
		[ "$(headers '*-cloud-amd64')" = "$cloud" ] ||
			die "no headers of the cloud kernel $cloud"
		built="$generic $cloud"
	fi
	for rel in $built; do
		$src/scripts/build-module-deb.sh "/usr/src/linux-headers-$rel" \
			$keys/org.key $keys/org.pem $out/modules
	done
	echo "$generic $cloud" >$out/kernels
	for rel in "$generic" "$cloud"; do
		printf '#info %s: %s, %s\n' "$rel" \
			"$(grep '^CONFIG_BPF_LSM=' "/boot/config-$rel" || echo 'no CONFIG_BPF_LSM')" \
			"$(grep '^CONFIG_LSM=' "/boot/config-$rel")" >>$out/kernels
	done
	# The refused builds, for the generic kernel: unsigned, and signed
	# by a key nobody enrolled.
	cp "$src/build/module/$generic/kmod/vendorban.ko" $out/neg/vendorban-unsigned.ko
	cp $out/neg/vendorban-unsigned.ko $out/neg/vendorban-wrongkey.ko
	"/usr/src/linux-headers-$generic/scripts/sign-file" sha256 $keys/wrong.key \
		$keys/wrong.pem $out/neg/vendorban-wrongkey.ko
	for k in org dkms; do
		virt-fw-vars --input $keys/OVMF_VARS_4M.ms.fd --output $out/vars-$k.fd \
			--add-mok 605dab50-e046-4300-abb6-3dd810dd8b23 $keys/$k.pem
	done
}

main "$@"
