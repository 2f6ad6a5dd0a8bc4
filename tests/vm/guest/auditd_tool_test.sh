#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# auditd_tool_test.sh - `vendorbanctl audit` on the log Debian's auditd
# wrote in the guest.  TAP output.
#
# Called at the end of auditd_test.sh (installed as
# /tests/auditd_tool_test.sh), once the denials it made are in
# /var/log/audit/audit.log; it adds a would-deny (permissive mode), two
# mode changes and a rejected policy load, and last, signed policies
# switched on and the lock (nothing runs after it).  auditd writes
# node=vm-a on every line (name_format = user) in the enriched format
# (log_format = ENRICHED: user names beside uid and auid, as ausearch -i
# shows them), from build-initramfs.sh's auditd.conf.
# Every expected number is counted in the raw log with grep and awk,
# independently of libauparse, or comes from the kernel's own counters
# (the flood's attempts); expected signers come from the fixtures.  A
# second node's log is made by renaming vm-a to vm-b, as auditd would
# have written it.
#
# Last, the whole log is printed gzip'ed and base64-encoded between "#
# vendorban-auditlog64 begin/end" markers, each line behind "#
# auditlog64: ": the host extracts it (tests/vm/extract-auditlog.sh) and
# runs the audit tool tests on this capture of the current kernel
# (tests/tool/audit_capture_test.sh, make check-vm).

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
echo "1..19"

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
	grep -qF ' type=MAC_STATUS class=mode op=set_mode old_mode=enforce new_mode=permissive ' "$OUT" &&
	grep -F ' decision=would-deny enforcement=permissive ' "$OUT" |
	grep -qF " vendor=\"AO Kaspersky Lab\""
check $? "policy loads (a rejection's reason decoded), mode changes, would-deny"

for op in exec mmap module_load; do
	[ "$(lines " op=$op decision=deny ")" = "$(raw " op=$op decision=deny ")" ] || break
done
check $? "exec, mmap and module_load denials all decoded"

# attempts PATTERN: the attempts the raw log's decision records matching
# PATTERN stand for: 1 + suppressed=N each, less the records of a module
# load that busybox's insmod repeated from memory (path=?, after its
# finit_module was refused); a summary (op=summary) stands for its
# suppressed=N alone
attempts() {
	grep 'type=KERNEL_OTHER .* lsm=vendorban ' "$LOG" | grep -e "$1" |
		awk '/ op=module_load .* path=\? / { next }
		{ if (!/ op=summary /) n++
		  if (match($0, / suppressed=[0-9]+/))
			n += substr($0, RSTART + 12, RLENGTH - 12) }
		END { print n + 0 }'
}

deny=$(attempts "decision=deny .*signer_subject=$banned_hex ")
would=$(attempts "decision=would-deny .*signer_subject=$banned_hex ")
loads=$(grep -c 'type=MAC_POLICY_LOAD .*lsm=vendorban .* res=1' "$LOG")
all_deny=$(attempts 'decision=deny ')
all_would=$(attempts 'decision=would-deny ')
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	grep -qF "vendor \"AO Kaspersky Lab\": $deny deny, $would would-deny on 1 node (vm-a $((deny + would)))" "$OUT" &&
	grep -qF "total: $((all_deny + all_would)) attempts ($all_deny deny, $all_would would-deny) in $decisions decision records" "$OUT" &&
	grep -qF "$loads policy loads, 2 mode changes, 1 tamper event, on 1 node" "$OUT" &&
	grep -qF "read: " "$OUT" && grep -qF "from $LOG" "$OUT"
check $? "summary: attempts in total and per vendor, as counted in the raw log"

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

# The flood of auditd_test.sh: 10,001 denied execs of /tmp/vbflood, most
# of them only counted by the kernel (suppressed=N): the summary counts
# exactly as many attempts as the kernel's denied counter went up.
flood=$(cat /tmp/flood.denied 2>/dev/null)
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	[ -n "$flood" ] && [ "$(raw 'path="/tmp/vbflood"')" -lt "$flood" ] &&
	grep -qF "file /tmp/vbflood: $flood deny, 0 would-deny" "$OUT"
check $? "the flood: --summary counts $flood attempts, as the denied counter (records: $(raw 'path="/tmp/vbflood"'))"

# The flood over 256 names of auditd_test.sh: what the kernel counted past
# its bound on the record rate is in op=summary records (suppressed=N, no
# file of their own); the summary counts exactly those attempts, apart.
sdeny=$(attempts ' op=summary decision=deny ')
swould=$(attempts ' op=summary decision=would-deny ')
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	[ "$(raw ' op=summary ')" -ge 1 ] && [ "$sdeny" -ge 1 ] &&
	grep -qF "file \"(not named in a record)\": $sdeny deny, $swould would-deny" "$OUT"
check $? "summaries: --summary counts their $sdeny denials apart, as the raw log's suppressed=N ($(raw ' op=summary ') summaries)"

# One refused insmod: busybox tries finit_module(), then init_module()
# with the image; the kernel may log both.  One attempt either way.
records=$(raw 'op=module_load decision=deny .*comm="insmod"')
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	grep -qF "file /tests/modules/banned-cert.ko: 1 deny, 0 would-deny" "$OUT" &&
	$V audit --json --events "$LOG" >"$OUT" 2>&1 &&
	[ "$(grep -F '"op": "module_load"' "$OUT" | grep -F '"comm": "insmod"' |
		grep -cE '"attempts": 1[,}]')" = 1 ] &&
	[ "$(grep -F '"op": "module_load"' "$OUT" | grep -F '"comm": "insmod"' |
		grep -cE '"attempts": 0[,}]')" = $((records - 1)) ]
check $? "one refused module load is one attempt ($records records)"

# Who: the flood ran as nobody, logged in as alice; the names come from
# the enriched log, as ausearch -i shows them, exe from the SYSCALL record.
ausearch -i -m KERNEL_OTHER 2>/dev/null | grep -F 'path=/tmp/vbflood' >/tmp/ausearch.out
$V audit --events --path /tmp/vbflood "$LOG" >"$OUT" 2>&1 &&
	[ -s /tmp/ausearch.out ] &&
	[ "$(grep -c . "$OUT")" = "$(raw 'path="/tmp/vbflood"')" ] &&
	[ "$(grep -F ' uid=65534 uid_name=nobody ' "$OUT" | grep -F ' auid=1000 auid_name=alice ' |
		grep -cF ' exe=/tests/bin/vb-flood syscall=execve ')" = "$(grep -c . "$OUT")" ] &&
	ausearch -i -m SYSCALL 2>/dev/null | grep -F 'exe=/tests/bin/vb-flood' |
		grep -F 'auid=alice' | grep -qF 'uid=nobody'
check $? "auid, uid and exe from the SYSCALL record, names as ausearch -i resolves them"

# Last: signed policies switched on, then the lock.  Tamper events come
# first in the summary, with their own counter.
echo 1 >"$SFS/require_signed" && $V lock >/dev/null &&
	wait_for 5 in_log 'op=lock locked=1' &&
	wait_for 5 in_log 'op=require_signed '
rc=$?
$V audit --summary "$LOG" >"$OUT" 2>&1 &&
	[ "$rc" = 0 ] &&
	sed -n 2p "$OUT" | grep -qxF "tamper: 3 events (1 rejected policy load, 1 lock, 0 refused rmmod -f, 1 require_signed, 0 other refused changes)" &&
	[ "$(grep -c '^  .* class=tamper ' "$OUT")" = 3 ] &&
	grep -qF ', 3 tamper events, on 1 node' "$OUT"
check $? "require_signed and lock: three tamper events, shown first"

echo "# as vendorbanctl audit --summary shows them:"
sed 's/^/#   /' "$OUT"
# Only emergencies reach the console while the capture is printed: a
# kernel message (the flood's late "audit: backlog" or "callbacks
# suppressed" lines) written in the middle of a line broke CI's capture.
# The messages stay in the kernel's ring buffer.
printk=$(cat /proc/sys/kernel/printk)
echo 1 >/proc/sys/kernel/printk
echo "# vendorban-auditlog64 begin"
gzip -c "$LOG" | base64 | sed 's/^/# auditlog64: /'
echo "# vendorban-auditlog64 end"
echo "$printk" >/proc/sys/kernel/printk
tap_done
