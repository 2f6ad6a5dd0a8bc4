#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the vendorban test VM (busybox sh, PID 1).
# Mounts the pseudo filesystems, starts the audit reader, runs the test
# suite (/tests/run.sh) or the demo (/demo.sh) as /etc/vendorban-run says,
# prints VENDORBAN-GUEST-EXIT <code> and powers the VM off.  It must never
# exit: PID 1 exiting panics the kernel.
set -u
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root TERM=dumb

AUDIT_LOG=/tmp/audit.log
AUDIT_READY=/tmp/audit.ready

# Reboot is the power-off: QEMU runs with -no-reboot and exits on reset.
power_off() {
	sync
	reboot -f
	echo b > /proc/sysrq-trigger
	while :; do sleep 60; done
}

finish() {
	echo "VENDORBAN-GUEST-EXIT $1"
	power_off
}

mount_all() {
	mount -t proc proc /proc &&
	mount -t sysfs sysfs /sys &&
	mount -t devtmpfs devtmpfs /dev &&
	mount -t tmpfs -o mode=1777 tmpfs /tmp &&
	mount -t securityfs securityfs /sys/kernel/security
}

# Start vb-auditd and wait up to 10 s until it registered with the kernel.
start_auditd() {
	/tests/bin/vb-auditd "$AUDIT_LOG" &
	# the final test phase replaces it with the real auditd
	echo $! > /tmp/vb-auditd.pid
	i=0
	while [ ! -e "$AUDIT_READY" ]; do
		i=$((i + 1))
		[ "$i" -le 100 ] || return 1
		kill -0 $! 2>/dev/null || return 1
		sleep 0.1
	done
}

mkdir -p /proc /sys /dev /tmp /root
if ! mount_all; then
	echo "init: mounting the pseudo filesystems failed"
	finish 125
fi
if ! start_auditd; then
	echo "init: /tests/bin/vb-auditd did not start"
	finish 125
fi

what=$(cat /etc/vendorban-run 2>/dev/null || echo missing)
case "$what" in
tests) script=/tests/run.sh ;;
demo) script=/demo.sh ;;
*)
	echo "init: /etc/vendorban-run says '$what', expected tests or demo"
	finish 125
	;;
esac

echo "VENDORBAN-GUEST-START"
cd /
/bin/sh "$script"
finish $?
