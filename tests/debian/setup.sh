#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# setup.sh MODE ARG... - run inside the Debian root filesystem (chroot) by
# tests/debian/run.sh and tests/debian/trixie.sh, with what it needs
# staged in /root/vbsetup: installs the packages as an admin does, then
# sets up the test server: fstab, hostname vb-server, auditd naming its
# records, audisp-remote forwarding to a collector auditd on loopback,
# the test units and fixtures.  The policy and the initramfs are per
# kernel (initramfs REL POLICY).
#
#   install REL...           Debian 12: dkms with the server's MOK key in
#                            /etc/dkms/framework.conf, then apt install
#                            ./*.deb (DKMS builds and signs vendorban.ko
#                            for every installed kernel); mokutil for the
#                            Secure Boot boots
#   install-dkms GEN CLOUD   Debian 13, the DKMS server: dkms with the
#                            server's MOK key in /etc/dkms/framework.conf,
#                            then apt install ./*.deb with Recommends
#   install-migrated GEN CLOUD  Debian 13 in make check: install-dkms,
#                            then the upgrade as an admin moving to the
#                            build host's modules makes it: apt install of
#                            the next vendorbanctl and the prebuilt
#                            vendorban-modules-GEN, which replaces
#                            vendorban-dkms; the refused builds for the
#                            Secure Boot boot
#   install-prebuilt GEN CLOUD  Debian 13, the server with prebuilt modules:
#                            apt install from the signed repository, no
#                            compiler, headers or signing key
set -eu
S=/root/vbsetup
# The repository of the prebuilt server, and the one source apt updates
# from for it (the image has no network).
REPO_LIST=/etc/apt/sources.list.d/vendorban.list

# shellcheck source=tests/lib/tap.sh
. $S/guest/tap.sh

install_packages() {
	export DEBIAN_FRONTEND=noninteractive
	# The headers and dwarves (the packages' Recommends) are in the
	# root filesystem already: nothing is fetched here.
	apt-get install -y -q --no-install-recommends "$S"/debs/*.deb
	for rel in "$@"; do
		dkms status -k "$rel" vendorban | grep -q ': installed' ||
			die "DKMS did not install vendorban.ko for $rel"
		modinfo -k "$rel" vendorban >/dev/null ||
			die "modinfo finds no vendorban.ko for $rel"
	done
}

# mok_signed REL MODULE CN: MODULE for REL is signed by the key named CN
mok_signed() {
	signer=$(modinfo -k "$1" -F signer "$2")
	[ "$signer" = "$3" ] ||
		die "vendorban.ko for $1 is signed by '$signer', not '$3'"
}

# The DKMS server: the admin made a MOK key pair (and enrolled its
# certificate with mokutil --import; the test writes it into the
# firmware's variables instead) and names it in dkms's framework.conf
# before installing the packages: DKMS signs vendorban.ko with it.
dkms_mok_key() {
	install -d -m 0700 /var/lib/dkms
	install -m 0600 $S/dkms.key /var/lib/dkms/mok.key
	install -m 0644 $S/dkms.der /var/lib/dkms/mok.pub
	sed -i '/^#* *mok_signing_key=/d; /^#* *mok_certificate=/d' /etc/dkms/framework.conf
	printf '%s\n' 'mok_signing_key="/var/lib/dkms/mok.key"' \
		'mok_certificate="/var/lib/dkms/mok.pub"' >>/etc/dkms/framework.conf
}

# Debian 13, the DKMS server (dkms_mok_key)
install_dkms() {
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q dkms
	dkms_mok_key
	# With Recommends, as apt installs by default: dwarves and
	# linux-headers-amd64 (the generic kernel's headers); no clang.
	apt-get install -y -q "$S"/debs/vendorban-dkms_*.deb "$S"/debs/vendorbanctl_*.deb
	dkms status -k "$1" vendorban | grep -q ': installed' ||
		die "DKMS did not install vendorban.ko for $1"
	mok_signed "$1" vendorban "vb-server DKMS module signing key"
	rm -rf /root/vbsetup/dkms.key
}

# Debian 12: the packages, DKMS signing with the server's MOK key
# (dkms_mok_key); mokutil (mokutil --sb-state, --list-enrolled in the
# Secure Boot boots)
install_debian12() {
	export DEBIAN_FRONTEND=noninteractive
	dkms_mok_key
	install_packages "$@"
	for rel in "$@"; do
		mok_signed "$rel" vendorban "vb-server DKMS module signing key"
	done
	rm -f $S/dkms.key
	apt-get install -y -q --no-install-recommends "$S"/sb-debs/*.deb
}

# Debian 13 in make check: the DKMS install, then the upgrade that moves
# the server to the build host's signed module package (apt runs natively
# here, as on a real server; the boot checks the result: run.sh
# vbtest.migrated=1)
install_migrated() {
	install_dkms "$1"
	old=$(dpkg-query -W -f='${Version}' vendorbanctl)
	apt-get install -y -q "$S"/upgrade/vendorbanctl_*.deb \
		"$S"/upgrade/vendorban-modules-"$1"_*.deb
	new=$(dpkg-query -W -f='${Version}' vendorbanctl)
	dpkg --compare-versions "$new" gt "$old" ||
		die "vendorbanctl not upgraded ($old, $new)"
	! dpkg-query -W -f='${db:Status-Abbrev}' vendorban-dkms 2>/dev/null | grep -q '^ii' ||
		die "vendorban-dkms still installed"
	mok_signed "$1" vendorban "vendorban test module signing key"
	echo "$new" >/var/lib/vendorban-test-upgraded
	install -d /opt/vendorban-test/neg
	cp $S/neg/*.ko /opt/vendorban-test/neg/
}

# repo_update: apt-get update of the vendorban repository alone
repo_update() {
	apt-get update -q -o Dir::Etc::sourcelist="$REPO_LIST" \
		-o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
}

# Debian 13 with the build host's signed module packages, from the signed
# apt repository (a mirror on the disk: file:/srv/vendorban-repo/current,
# v1 now, v2 with the next version for the upgrade in phase 1).
install_prebuilt() {
	export DEBIAN_FRONTEND=noninteractive
	install -d /srv/vendorban-repo
	cp -r $S/repo/v1 $S/repo/v2 /srv/vendorban-repo/
	ln -s v1 /srv/vendorban-repo/current
	install -m 0644 $S/vendorban-archive.gpg /usr/share/keyrings/vendorban-archive.gpg
	echo "deb [signed-by=/usr/share/keyrings/vendorban-archive.gpg] file:/srv/vendorban-repo/current ./" \
		>"$REPO_LIST"
	repo_update
	apt-get install -y -q vendorbanctl "vendorban-modules-$1" "vendorban-modules-$2"
	for rel in "$1" "$2"; do
		mok_signed "$rel" vendorban "vendorban test module signing key"
	done
	install -d /opt/vendorban-test/neg
	cp $S/neg/*.ko /opt/vendorban-test/neg/
	for f in gcc cc clang make; do
		! command -v $f >/dev/null || die "the prebuilt server has $f"
	done
	! ls -d /usr/src/linux-headers-* 2>/dev/null || die "the prebuilt server has headers"
}

# set_conf FILE KEY VALUE: "KEY = VALUE" in an auditd-style file
set_conf() {
	if grep -q "^$2 *=" "$1"; then
		sed -i "s|^$2 *=.*|$2 = $3|" "$1"
	else
		echo "$2 = $3" >>"$1"
	fi
}

audit_setup() {
	set_conf /etc/audit/auditd.conf name_format user
	set_conf /etc/audit/auditd.conf name vb-server
	set_conf /etc/audit/plugins.d/au-remote.conf active yes
	set_conf /etc/audit/audisp-remote.conf remote_server 127.0.0.1
	set_conf /etc/audit/audisp-remote.conf port 60
	set_conf /etc/audit/audisp-remote.conf network_failure_action syslog
	set_conf /etc/audit/audisp-remote.conf remote_ending_action reconnect
	install -d -m 0750 /etc/audit-collector /etc/audit-collector/plugins.d \
		/var/log/audit-collector
	install -m 0640 $S/guest/collector-auditd.conf \
		/etc/audit-collector/auditd.conf
}

system_setup() {
	echo vb-server >/etc/hostname
	echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >/etc/fstab
	passwd -d root >/dev/null
	install -d /usr/lib/vendorban-test /opt/vendorban-test/upgrade
	install -m 0755 $S/guest/run.sh $S/guest/early.sh $S/guest/net.sh \
		/usr/lib/vendorban-test/
	install -m 0644 $S/guest/server.sh $S/guest/tap.sh /usr/lib/vendorban-test/
	install -m 0644 $S/guest/*.service /etc/systemd/system/
	cp -r $S/fixtures /opt/vendorban-test/bin
	install -d /opt/vendorban-test/pkg
	cp $S/pkg/*.deb /opt/vendorban-test/pkg/
	cp $S/other.vbpolicy $S/memory-deny.vbpolicy $S/eu-kaspersky-ban.vbpolicy \
		$S/policy-minimal.vbpolicy /opt/vendorban-test/
	cp $S/upgrade/*.deb /opt/vendorban-test/upgrade/
	# Debian 12 and the DKMS server install the packages from files.
	[ -e "$REPO_LIST" ] || touch /opt/vendorban-test/install-from-files
	systemctl enable vendorban-early-test.service \
		vendorban-boot-test.service vendorban-collector.service \
		vendorban-test-net.service
	# Nothing of the test is left to timers and daily jobs.
	# A lean initramfs, as MODULES=dep would make on this machine (dep
	# cannot look at the guest's disk from the chroot): the disk's
	# drivers and ext4, plus what the hooks add (vendorban, binfmt_misc).
	echo MODULES=list >/etc/initramfs-tools/conf.d/vendorban-test.conf
	printf '%s\n' virtio_pci virtio_blk ext4 >>/etc/initramfs-tools/modules
	# The serial console is the test's output: no getty there.
	systemctl mask serial-getty@ttyS0.service
	systemctl mask apt-daily.timer apt-daily-upgrade.timer \
		e2scrub_all.timer e2scrub_reap.service fstrim.timer 2>/dev/null || true
	rm -f /etc/dpkg/dpkg.cfg.d/vendorban-test
}

# The image is made in a throw-away chroot: dpkg need not sync each file
# (the booted server's own dpkg runs do).
case "${1:-}" in
install*)
	echo force-unsafe-io >/etc/dpkg/dpkg.cfg.d/vendorban-test
	;;
esac

case "${1:-}" in
install)
	shift
	install_debian12 "$@"
	audit_setup
	system_setup
	;;
install-dkms)
	install_dkms "$2"
	audit_setup
	system_setup
	;;
install-prebuilt)
	install_prebuilt "$2" "$3"
	audit_setup
	system_setup
	;;
install-migrated)
	install_migrated "$2"
	audit_setup
	system_setup
	;;
initramfs)
	# initramfs REL POLICY: this kernel's initramfs with that policy
	install -m 0644 "$S/$3" /etc/vendorban/policy
	update-initramfs -u -k "$2"
	;;
*)
	die "usage: setup.sh install REL... | install-dkms|install-prebuilt|install-migrated GEN CLOUD | initramfs REL POLICY"
	;;
esac
