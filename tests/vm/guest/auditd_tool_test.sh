#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# auditd_tool_test.sh - `vendorbanctl audit` on the log Debian's auditd
# wrote in the guest.  TAP output.
#
# Called at the end of auditd_test.sh (installed as
# /tests/auditd_tool_test.sh), once the denials it made are in
# /var/log/audit/audit.log; it adds a would-deny (permissive mode), two
# mode changes and a rejected policy load.  auditd writes node=vm-a on
# every line (name_format = user in the guest's auditd.conf,
# build-initramfs.sh).
# Every expected number is counted in the raw log with grep, independently
# of libauparse; expected signers come from the fixtures.  A second node's
# log is made by renaming vm-a to vm-b, as auditd would have written it.
#
# The first lines of the raw log are printed between "# vendorban-auditlog
# begin/end" markers, each behind "# auditlog: ": the host's sample log
# (tests/tool/audit/vm-auditd.log) was captured from them.

set -u
F=/fixtures
SFS=/sys/kernel/security/vendorban
LOG=/var/log/audit/audit.log
V=/sbin/vendorbanctl
OUT=/tmp/vbaudit.out
TAP_SHOW=$OUT TAP_PART=auditd_tool_test
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# raw PATTERN: vendorban decision records in the raw log matching PATTERN
raw() {
	grep 'type=KERNEL_OTHER .* lsm=vendorban ' "$LOG" | grep -c -e "$1"
}

# in_log PATTERN: the raw log has a line matching PATTERN
in_log() {
	grep -q -e "$1" "$LOG"
}

# lines PATTERN: lines of $OUT holding PATTERN (fixed string)
lines() {
	grep -c -F -e "$1" "$OUT"
}

banned_subject=$(cat "$F/expect/banned-rsa2048.subject")
newleaf_subject=$(cat "$F/expect/newleaf.subject")
banned_hex=$(hexstr "$banned_subject")

echo "TAP version 13"
echo "1..14"

# permissive: the banned program runs, logged as would-deny; then a
# policy the kernel rejects
echo permissive >"$SFS/mode" &&
	cat "$F/policies/ban-by-subject-o.pol" >"$SFS/policy" && {
	"$F/bin/banned-rsa2048-cert" >/dev/null 2>&1
	[ $? = 42 ]	# the fixture programs exit 42 when they run
}
rc=$?
echo enforce >"$SFS/mode" && [ "$rc" = 0 ] &&
	! (printf 'vendorban-policy 1\nbogus\n' >"$SFS/policy") 2>/dev/null &&
	cat "$F/policies/default-allow.pol" >"$SFS/policy" &&
	wait_for 5 in_log 'decision=would-deny' &&
	wait_for 5 in_log 'type=MAC_POLICY_LOAD .* res=0' &&
	wait_for 5 in_log 'type=MAC_STATUS .*new_mode=enforce'
check $? "a would-deny (permissive), two mode changes and a rejected load logged"
decisions=$(raw 'decision=')

echo "# vendorban-auditlog begin"
head -n 300 "$LOG" | sed 's/^/# auditlog: /'
echo "# vendorban-auditlog end"

[ "$decisions" -ge 6 ] && grep -q '^node=vm-a type=' "$LOG"
check $? "auditd wrote $decisions decision records, with node=vm-a"

$V audit --events >"$OUT" 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(lines ' type=KERNEL_OTHER ')" = "$decisions" ]
check $? "audit (the logs auditd.conf names) prints every decision record"

[ "$(lines "signer_subject=\"$banned_subject\"")" = "$(raw "signer_subject=$banned_hex ")" ] &&
	grep -F " op=exec " "$OUT" | grep -F "path=$F/bin/banned-rsa2048-cert " |
	grep -F " label=banned-o " | grep -qF " vendor=\"AO Kaspersky Lab\""
check $? "the hex-encoded signer subject is decoded, vendor from its O"

grep -F "path=$F/bin/newleaf-chain " "$OUT" |
	grep -F " signer_subject=$newleaf_subject " | grep -qF " vendor=LaterSubsidiary"
check $? "a signer DN logged in quotes is shown as is (CA-chain denial)"

$V audit --events "$LOG" >"$OUT" 2>&1 &&
	grep -F ' type=MAC_POLICY_LOAD ' "$OUT" | grep -F ' res=0' |
	grep -qF ' reason="line 2, column 1: ' &&
	grep -qF ' type=MAC_STATUS op=set_mode old_mode=enforce new_mode=permissive ' "$OUT" &&
	grep -F ' decision=would-deny enforcement=permissive ' "$OUT" |
	grep -qF " vendor=\"AO Kaspersky Lab\""
check $? "policy loads (a rejection's reason decoded), mode changes, would-deny"

for op in exec mmap module_load; do
	[ "$(lines " op=$op decision=deny ")" = "$(raw " op=$op decision=deny ")" ] || break
done
check $? "exec, mmap and module_load denials all decoded"

deny=$(raw "decision=deny .*signer_subject=$banned_hex ")
would=$(raw "decision=would-deny .*signer_subject=$banned_hex ")
loads=$(grep -c 'type=MAC_POLICY_LOAD .*lsm=vendorban .* res=1' "$LOG")
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	grep -qF "vendor \"AO Kaspersky Lab\": $deny deny, $would would-deny on 1 node (vm-a $((deny + would)))" "$OUT" &&
	grep -qF "total: $decisions decisions ($(raw 'decision=deny ') deny, $(raw 'decision=would-deny ') would-deny), $loads policy loads, 1 rejected load, 2 mode changes, 0 locks, on 1 node" "$OUT" &&
	grep -qF "read: " "$OUT" && grep -qF "from $LOG" "$OUT"
check $? "summary: totals and per vendor, as counted in the raw log"

$V audit --events --rule ca-inter "$LOG" >"$OUT" 2>&1 &&
	[ "$(grep -c . "$OUT")" = "$(raw 'label="ca-inter"')" ] &&
	[ "$(lines ' label=ca-inter ')" -ge 1 ]
check $? "--rule LABEL keeps that rule's records only"

$V audit --events --path "$F/bin/pe-banned" "$LOG" >"$OUT" 2>&1 &&
	[ "$(grep -c . "$OUT")" = "$(raw "path=\"$F/bin/pe-banned\"")" ] &&
	[ "$(lines " path=$F/bin/pe-banned ")" -ge 1 ]
check $? "--path keeps that file's records only (PE through binfmt_misc)"

$V audit --events --signer laterSUBSIDIARY "$LOG" >"$OUT" 2>&1 &&
	[ "$(grep -c . "$OUT")" = "$(raw "signer_subject=\"$newleaf_subject\"")" ]
check $? "--signer matches the decoded DN in any case"

$V audit --events --since -1h "$LOG" >"$OUT" 2>&1 &&
	[ "$(lines ' type=KERNEL_OTHER ')" = "$decisions" ] &&
	$V audit --events --until -1h "$LOG" >"$OUT" 2>&1 && [ ! -s "$OUT" ]
check $? "--since/--until select by time"

sed 's/^node=vm-a /node=vm-b /' "$LOG" >/tmp/vm-b.log
$V audit --summary "$LOG" /tmp/vm-b.log >"$OUT" 2>&1 &&
	d=$((deny + would)) &&
	grep -qF "vendor \"AO Kaspersky Lab\": $((2 * deny)) deny, $((2 * would)) would-deny on 2 nodes (vm-a $d, vm-b $d)" "$OUT" &&
	$V audit --events --node vm-b "$LOG" /tmp/vm-b.log >"$OUT" 2>&1 &&
	[ "$(lines 'node=vm-b ')" = "$(grep -c . "$OUT")" ] &&
	[ "$(lines ' type=KERNEL_OTHER ')" = "$decisions" ]
check $? "two nodes' logs: summed per node, --node selects one"

$V audit --summary - <"$LOG" >"$OUT.stdin" 2>&1 &&
	$V audit --summary "$LOG" 2>&1 | grep -v '^read: ' >"$OUT" &&
	grep -v '^read: ' "$OUT.stdin" | cmp -s - "$OUT"
check $? "standard input gives the same summary"

echo "# as vendorbanctl audit shows them (the first 40 lines):"
$V audit "$LOG" 2>&1 | head -n 40 | sed 's/^/#   /'
tap_done
