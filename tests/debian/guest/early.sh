#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# early.sh - run by vendorban-early-test.service, ordered before
# vendorban.service and sysinit.target: what is in force at that point can
# only come from the initramfs.  Prints what it saw; run.sh reads it back
# from the journal.
F=/opt/vendorban-test/bin
P=/sys/kernel/security/vendorban/policy
if [ -r $P ]; then
	echo "early: policy in force: $(sed -n 's/^name //p' $P)"
else
	echo "early: no vendorban policy file"
fi
$F/banned-rsa2048-cert >/run/vb-early.out 2>&1
rc=$?
if [ "$rc" = 126 ] && grep -q 'Permission denied' /run/vb-early.out; then
	echo "early: banned program refused: $(cat /run/vb-early.out)"
else
	echo "early: banned program not refused (exit $rc): $(cat /run/vb-early.out)"
fi
exit 0
