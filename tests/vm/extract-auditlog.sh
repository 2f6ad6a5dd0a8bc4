#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# extract-auditlog.sh VMLOG OUT - the audit log the guest's auditd wrote
#
# tests/vm/guest/auditd_tool_test.sh prints /var/log/audit/audit.log, gzip'ed
# and base64-encoded, between "# vendorban-auditlog64 begin" and "end",
# each line behind "# auditlog64: ", on the console that run-vm.sh saves
# in VMLOG.  This writes it to OUT: a capture from the kernel just tested,
# for the audit tool tests (tests/tool/audit_capture_test.sh).  Exits 1
# if VMLOG holds no complete capture.

set -eu

[ $# = 2 ] || { echo "usage: $0 VMLOG OUT" >&2; exit 2; }
vmlog=$1 out=$2
if ! grep -q '^# vendorban-auditlog64 end' "$vmlog"; then
	echo "extract-auditlog.sh: error: no audit log capture in $vmlog" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
sed -n '/^# vendorban-auditlog64 begin/,/^# vendorban-auditlog64 end/p' "$vmlog" |
	sed -n 's/^# auditlog64: //p' | tr -d '\r' >"$out.b64"
# base64(1) says only "invalid input": name the first line that is not
# base64 (a console line broken by another writer), and where it is.
bad=$(grep -nvE '^[A-Za-z0-9+/]*={0,2}$' "$out.b64" | head -n 1) || true
if [ -n "$bad" ]; then
	echo "extract-auditlog.sh: error: $vmlog: capture line ${bad%%:*} is not base64: ${bad#*:}" >&2
	rm -f "$out.b64"
	exit 1
fi
if ! base64 -d "$out.b64" | gunzip >"$out.tmp"; then
	echo "extract-auditlog.sh: error: $vmlog: the capture does not decode to a gzip'ed log" >&2
	rm -f "$out.b64" "$out.tmp"
	exit 1
fi
rm -f "$out.b64"
mv "$out.tmp" "$out"
echo "extract-auditlog.sh: $(grep -c . "$out") lines of the guest's audit log in $out"
