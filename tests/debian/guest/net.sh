#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# net.sh - run by vendorban-test-net.service before auditd: the private
# network of the two-guest fleet test (tests/debian/trixie.sh), set up
# from the kernel command line; nothing without vbtest.net=.
#
#   vbtest.net=ADDR        this guest's address on the private network
#   vbtest.collector=ADDR  audisp-remote forwards to that collector
#                          (without it: to the one on loopback)
#   vbtest.phase=collector this guest is the collector: node vb-collector
arg() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^vbtest\\.$1=//p" | tail -1
}
# Every boot names its own destination: the collector guest's address
# written by one boot (phase 1) stays on the disk, and the next boot,
# without the private network, forwards to the collector on loopback.
peer=$(arg collector)
sed -i "s/^remote_server = .*/remote_server = ${peer:-127.0.0.1}/" \
	/etc/audit/audisp-remote.conf
addr=$(arg net)
[ -n "$addr" ] || exit 0
if [ "$(arg phase)" = collector ]; then
	echo vb-collector >/etc/hostname
	hostname vb-collector
	sed -i 's/^name = .*/name = vb-collector/' /etc/audit/auditd.conf
fi
i=0
while [ $i -lt 200 ]; do
	dev=
	for d in /sys/class/net/*; do
		[ "${d##*/}" = lo ] || [ ! -e "$d" ] || dev=${d##*/}
	done
	[ -n "$dev" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$dev" ] || {
	echo "net.sh: no network interface" >&2
	exit 1
}
ip link set "$dev" up && ip addr add "$addr/16" dev "$dev" &&
	echo "net.sh: $dev $addr${peer:+, audit records to $peer}"
