#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tool_test.sh - vendorbanctl end to end on the real kernel, in the guest
#
# Installed as /tests/bin/tool_test; needs /sbin/vendorbanctl (the static
# build) and the policy/ directory at /policy.  Loads the example EU ban
# with vendorbanctl, checks that a banned program is denied and a good one
# runs, that "scan" lists exactly the banned files, and what status,
# mode and test report.  With VENDORBAN_TEST_LOCK=1 it also locks
# vendorban (irreversible until reboot: run it last).  TAP output.

set -u
V=${VENDORBANCTL:-/sbin/vendorbanctl}
P=${VENDORBAN_POLICY_DIR:-/policy}
F=/fixtures/bin
TAP_PART=tool_test
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

echo "TAP version 13"
if [ ! -x "$V" ] || [ ! -f "$P/eu-kaspersky-ban.vbpolicy" ]; then
	echo "1..0 # SKIP $V or $P/eu-kaspersky-ban.vbpolicy missing"
	exit 1
fi
old_mode=$("$V" mode)

rc_is 0 "load the EU ban example" "$V" load "$P/eu-kaspersky-ban.vbpolicy"
"$V" compile "$P/eu-kaspersky-ban.vbpolicy" >/tmp/tool_test.pol
"$V" show | cmp -s - /tmp/tool_test.pol
check $? "show prints the compiled policy"
"$V" status | grep -qx 'policy: eu-kaspersky-ban'
check $? "status names the policy"
"$V" status --json | grep -q '"policy": "eu-kaspersky-ban"'
check $? "status --json"
rc_is 0 "status exits 0: active, a policy loaded" "$V" status
# Pseudo file systems the host tests cannot mount: the real devtmpfs and
# securityfs are never entered, even with --cross-filesystems.
for fs in /dev:devtmpfs /sys/kernel/security:securityfs; do
	"$V" scan --cross-filesystems "${fs%:*}" >/tmp/tool_test.fs 2>&1
	grep -qx "skipped ${fs%:*}: pseudo file system (${fs#*:})" /tmp/tool_test.fs
	check $? "scan does not enter ${fs#*:}"
	sed 's/^/# /' /tmp/tool_test.fs
done
rc_is 0 "mode enforce" "$V" mode enforce

"$F/banned-p256-cert"
rc=$?
[ "$rc" -ne 42 ]
check $? "a program signed by the banned vendor is denied (exit $rc)"
"$F/good-rsa2048-cert"
rc=$?
[ "$rc" -eq 42 ]
check $? "a good vendor's program runs (exit $rc)"
rc_is 3 "test: the banned program would be denied" "$V" test "$F/banned-p256-cert"
rc_is 0 "test: the good program would run" "$V" test "$F/good-rsa2048-cert"

"$V" scan "$F" >/tmp/tool_test.scan 2>/tmp/tool_test.err
rc=$?
[ "$rc" -eq 3 ]
check $? "scan exits 3 (exit $rc)"
grep '^deny ' /tmp/tool_test.scan | cut -d' ' -f2 | sort >/tmp/tool_test.got
for f in banned-p256-cert banned-p384-cert banned-rsa2048-cert \
	banned-rsa2048-chain banned-rsa4096-cert dyn-hello-banned \
	pe-banned pe-banned-sbsign \
	script-banned-itself wait-banned \
	ms-bighide ms-chainbomb ms-chainbomb8 ms-chainbomb32 ms-elf-appended \
	ms-emptyrdn \
	ms-limit-corrupt.ko.xz \
	ms-pe-appended \
	ms-pe-nest9 ms-stack9 \
	malformed-garbage malformed-idtype malformed-truncated \
	malformed-sid-issuer-int malformed-sid-serial-pad; do
	echo "$F/$f"
done | sort >/tmp/tool_test.want
cmp -s /tmp/tool_test.got /tmp/tool_test.want
check $? "scan lists exactly the banned and malformed files"
cmp -s /tmp/tool_test.got /tmp/tool_test.want || diff /tmp/tool_test.want /tmp/tool_test.got | sed 's/^/# /'

rc_is 0 "mode permissive" "$V" mode permissive
"$F/banned-p256-cert"
rc=$?
[ "$rc" -eq 42 ]
check $? "in permissive mode the banned program runs (exit $rc)"
rc_is 0 "mode back to $old_mode" "$V" mode "$old_mode"

if [ "${VENDORBAN_TEST_LOCK:-0}" = 1 ]; then
	rc_is 0 "lock" "$V" lock
	rc_is 1 "load after lock fails" "$V" load "$P/eu-kaspersky-ban.vbpolicy"
	grep -q 'locked until reboot' "$tap_out"
	check $? "the error says it is locked"
	"$V" status | grep -qx 'locked: yes'
	check $? "status says locked"
fi

echo "1..$tap_n"
tap_done
