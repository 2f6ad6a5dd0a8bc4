#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# setup.sh REL... - run inside the Debian root filesystem (chroot) by
# tests/debian/run.sh, with what it needs staged in /root/vbsetup:
# installs the packages as an admin does (apt install ./*.deb: DKMS builds
# vendorban.ko for every installed kernel), then sets up the test server:
# fstab, hostname vb-server, auditd naming its records, audisp-remote
# forwarding to a collector auditd on loopback, the test units and
# fixtures.  The policy and the initramfs are per kernel: see policy().
set -eu
S=/root/vbsetup

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
	install -m 0755 $S/guest/run.sh $S/guest/early.sh /usr/lib/vendorban-test/
	install -m 0644 $S/guest/tap.sh /usr/lib/vendorban-test/
	install -m 0644 $S/guest/*.service /etc/systemd/system/
	cp -r $S/fixtures /opt/vendorban-test/bin
	install -d /opt/vendorban-test/pkg
	cp $S/pkg/*.deb /opt/vendorban-test/pkg/
	cp $S/other.vbpolicy $S/memory-deny.vbpolicy /opt/vendorban-test/
	cp $S/upgrade/*.deb /opt/vendorban-test/upgrade/
	systemctl enable vendorban-early-test.service \
		vendorban-boot-test.service vendorban-collector.service
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
}

case "${1:-}" in
install)
	shift
	install_packages "$@"
	audit_setup
	system_setup
	;;
initramfs)
	# initramfs REL POLICY: this kernel's initramfs with that policy
	install -m 0644 "$S/$3" /etc/vendorban/policy
	update-initramfs -u -k "$2"
	;;
*)
	die "usage: setup.sh install REL... | initramfs REL POLICY"
	;;
esac
