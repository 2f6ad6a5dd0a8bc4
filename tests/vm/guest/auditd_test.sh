#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# auditd_test.sh - vendorban's denials as Debian's auditd and ausearch see
# them, in the guest.  TAP output.
#
# The last phase of suite.sh (installed as /tests/auditd_test.sh):
# it stops vb-auditd (pid in /tmp/vb-auditd.pid, written by /init), starts
# the real auditd (/etc/audit/auditd.conf from build-initramfs.sh, log
# /var/log/audit/audit.log), makes one denial of each kind -- exec, mmap
# (dlopen), module_load (insmod), a PE file through binfmt_misc -- under
# ban-by-subject-o and one under ban-ca-inter, and checks that
# "ausearch -i -m KERNEL_OTHER" finds each with its signer subject, rule
# line and label, and that aureport runs.  Last, under a hardened audit
# configuration (auditctl -f 2: a lost record panics; -r 100 records/s),
# an unprivileged user makes 10,000 identical denied execs (vb-flood): every
# one is refused, another process keeps making progress, no record is lost,
# at most one record per 5 s window is written, and the counts add up:
# records found by ausearch + their suppressed=N == the denied counter's
# increase, and the sum of suppressed=N == status's audit_suppressed.
# Then (redteam6) a flood of distinct denials, 256 hard links run in turn by
# uid 65534: at most 2 records in any second, counts that add up with the
# op=summary records, and under -f 2 -r 100 no record lost (no panic)
# while, during the flood, root's and a second user's denials get their
# full records.
#
# ausearch -i prints signer_subject hex-encoded, as the kernel logged it
# (a DN has spaces, and auparse does not decode this field), so the
# expected subject is hex-encoded here too.

set -u
F=/fixtures
# The floods' sizes, divided on a slow kernel by "vbflood=N" on the kernel
# command line (the debug kernel's boot, tests/debug/run.sh: one exec
# there costs about 20 times as much).  What the floods assert needs a
# rate above the record bound and more names than repeat slots, not a
# count.
div=$(sed -n 's/.*vbflood=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
div=${div:-1}
n_same=$((10000 / div)) n_many=$((1500 / div)) n_panic=$((15000 / div))
POLICY=/sys/kernel/security/vendorban/policy
LOG=/var/log/audit/audit.log
TAP_PART=auditd_test
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# gone PID: the process has exited (a zombie counts: PID 1 reaps it)
gone() {
	[ ! -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status"
}

registered() {
	auditctl -s | grep -qx "pid $auditd_pid"
}

# Stops vb-auditd and starts auditd (-n: no fork; -f would send the events
# to stderr instead of the log); 0 when auditd is the audit daemon.
switch_daemon() {
	vb=$(cat /tmp/vb-auditd.pid) || return 1
	kill "$vb" && wait_for 5 gone "$vb" || return 1
	auditd -n >/tmp/auditd.err 2>&1 &
	auditd_pid=$!
	wait_for 10 registered && return 0
	sed 's/^/# auditd: /' /tmp/auditd.err
	return 1
}

load() {
	cat "$F/policies/$1.pol" >"$POLICY"
}

# found OP FIELD LABEL SUBJECT: ausearch -i shows the denial of OP with
# FIELD (path= or comm=: busybox insmod may use either load syscall), the
# signer subject as logged, and the rule's line and label
found() {
	ausearch -i -m KERNEL_OTHER >/tmp/ausearch.out 2>&1
	grep "lsm=vendorban op=$1 decision=deny " /tmp/ausearch.out |
		grep -F " $2 " | grep -F " label=\"$3\" " |
		grep -F " rule_line=$(rule_line "$3") " |
		grep -qF " signer_subject=$4 "
}

# rule_line LABEL: the line of the rule labelled LABEL in the policies
rule_line() {
	grep -hn "label=$1\$" "$F"/policies/ban-by-subject-o.pol \
		"$F"/policies/ban-ca-inter.pol | cut -d: -f1
}

# binfmt_misc handler for PE files, as in pe_test.c
pe_handler() {
	d=/proc/sys/fs/binfmt_misc
	[ -e $d/register ] || mount -t binfmt_misc binfmt_misc $d || return 1
	[ ! -e $d/vbpe ] || echo -1 >$d/vbpe
	echo ":vbpe:M::MZ::$F/bin/unsigned:" >$d/register
}

echo "TAP version 13"
echo "1..29"
switch_daemon
check $? "auditd replaced vb-auditd as the audit daemon"
# A rule as hardened servers have (module loads): with a rule loaded, the
# kernel writes each event's SYSCALL record (auid, exe, syscall), which
# vendorbanctl audit reads with vendorban's records.
auditctl -a always,exit -F arch=b64 -S init_module -S finit_module \
	-S delete_module -k vb-modules >/dev/null
check $? "an audit rule for module loads added"

# a DN with spaces is logged (and shown by ausearch -i) hex-encoded
banned=$(hexstr "$(cat "$F/expect/banned-rsa2048.subject")")
# and a DN without spaces in double quotes
newleaf=\"$(cat "$F/expect/newleaf.subject")\"
load ban-by-subject-o
check $? "ban-by-subject-o loaded"
"$F/bin/banned-rsa2048-cert" 2>/dev/null
[ $? = 126 ]
check $? "banned program refused (exec)"
"$F/bin/dyn-dlopen" "$F/lib/banned/libvbtest.so" 2>/dev/null
[ $? = 1 ]
check $? "banned library refused (dlopen)"
! insmod /tests/modules/banned-cert.ko 2>/dev/null
check $? "banned module refused (insmod)"
pe_handler && { "$F/bin/pe-banned" 2>/dev/null; [ $? = 126 ]; }
check $? "banned PE refused (binfmt_misc)"
echo -1 >/proc/sys/fs/binfmt_misc/vbpe
load ban-ca-inter
check $? "ban-ca-inter loaded"
"$F/bin/newleaf-chain" 2>/dev/null
[ $? = 126 ]
check $? "leaf of the banned intermediate refused (exec)"
load default-allow

wait_for 5 found exec "path=$F/bin/banned-rsa2048-cert" banned-o "$banned" &&
	wait_for 5 found mmap "path=$F/lib/banned/libvbtest.so" banned-o "$banned" &&
	wait_for 5 found module_load "comm=insmod" banned-o "$banned" &&
	wait_for 5 found exec "path=$F/bin/pe-banned" banned-o "$banned"
rc=$?
[ "$rc" = 0 ] || sed 's/^/# /' /tmp/ausearch.out /tmp/auditd.err
check "$rc" "ausearch -i finds the exec, mmap, module_load and PE denials"
wait_for 5 found exec "path=$F/bin/newleaf-chain" ca-inter "$newleaf"
rc=$?
[ "$rc" = 0 ] || sed 's/^/# /' /tmp/ausearch.out
check "$rc" "ausearch -i finds the CA-chain denial"
echo "# as ausearch -i shows them:"
grep 'lsm=vendorban op=[a-z_]* decision=deny' /tmp/ausearch.out | sed 's/^/#   /'

ausearch -m MAC_POLICY_LOAD >/tmp/ausearch.out 2>&1 &&
	grep -q 'new_name="\?ban-by-subject-o' /tmp/ausearch.out
check $? "ausearch finds the policy load"

aureport --summary -if "$LOG" >/tmp/aureport.out 2>&1 &&
	grep -q 'Summary Report' /tmp/aureport.out
rc=$?
[ "$rc" = 0 ] || sed 's/^/# /' /tmp/aureport.out
check "$rc" "aureport reads the log"

lost() {
	auditctl -s | sed -n 's/^lost //p'
}

# flood_records: the flood's records as ausearch finds them, one per line
flood_records() {
	ausearch -m KERNEL_OTHER 2>/dev/null |
		grep 'op=exec decision=deny' | grep -F ' path="/tmp/vbflood" ' |
		grep -F ' uid=65534 '
}

# flood_counted: records + their suppressed=N == the denied increase
flood_counted() {
	flood_records >/tmp/flood.records
	records=$(grep -c . /tmp/flood.records)
	reported=$(sed -n 's/.* suppressed=\([0-9]*\).*/\1/p' /tmp/flood.records |
		awk '{ s += $1 } END { print s + 0 }')
	[ $((records + reported)) -eq $(($(status_val denied) - d0)) ]
}

load ban-by-subject-o
cp "$F/bin/banned-rsa2048-cert" /tmp/vbflood && chmod 755 /tmp/vbflood
auditctl -f 2 -r 100 >/dev/null
d0=$(status_val denied) s0=$(status_val audit_suppressed) l0=$(lost)
: >/tmp/ticks
(while :; do echo tick >>/tmp/ticks; sleep 0.2; done) &
ticker=$!
# its first denial must find room for its record (the rest repeat it)
await_audit_window
# as nobody, logged in as alice (loginuid 1000): who did it, for the audit
(echo 1000 >/proc/self/loginuid &&
	exec /tests/bin/vb-flood /tmp/vbflood "$n_same" 65534) >/tmp/flood.out 2>&1
rc=$?
kill "$ticker"
sed 's/^/# /' /tmp/flood.out
check "$rc" "$n_same identical denied execs by uid 65534, all refused"
secs=$(sed -n 's/.* in \([0-9]*\)\.[0-9]* s$/\1/p' /tmp/flood.out)
ticks=$(grep -c . /tmp/ticks)
echo "# another process ticked $ticks times (every 0.2 s) during the flood"
# at least one tick every 4 s (a twentieth of its pace on an idle host:
# the VM shares a loaded host; a wedged guest would not tick at all)
[ -n "$secs" ] && [ "$ticks" -ge $((secs / 4 + 1)) ]
check $? "another process kept making progress during the flood"
# past the window: the next record of this denial reports the rest
sleep 6
(echo 1000 >/proc/self/loginuid &&
	exec /tests/bin/vb-flood /tmp/vbflood 1 65534) >/dev/null
# auditd writes each record with fsync (flush = SYNC): give it time
wait_for 60 flood_counted
rc=$?
s1=$(status_val audit_suppressed)
echo "# denied +$(($(status_val denied) - d0)): $records records," \
	"$reported reported suppressed, audit_suppressed +$((s1 - s0))"
check "$rc" "flood records + their suppressed=N == denied counter increase"
[ "$reported" -eq $((s1 - s0)) ]
check $? "sum of suppressed=N == status audit_suppressed increase"
[ "$(($(status_val denied) - d0))" -eq $((n_same + 1)) ]
check $? "the denied counter counted every exec"
# for auditd_tool_test.sh: how many attempts vendorbanctl audit must count
echo "$(($(status_val denied) - d0))" >/tmp/flood.denied
[ -n "$secs" ] && [ "$records" -le $((secs / 5 + 3)) ]
check $? "identical denials: at most one record per 5 s window"
[ "$(lost)" = "$l0" ]
check $? "no audit record lost under auditctl -f 2 -r 100"
auditctl -f 1 -r 0 >/dev/null

# ---- a flood of distinct denials (outside red team, redteam6) ----
# nobody runs 256 hard links of one banned program in turn: each name is a
# new key for the repeat table, so only vendorban's own bound on its record
# rate (kmod/audit.c: VENDORBAN_AUDIT_USER_RATE records in any second per
# account, VENDORBAN_AUDIT_RATE in all) keeps the records down.  First
# under -r 0 with a large backlog (nothing is lost, so the records can be
# counted; on a kernel without the bound this fails here instead of
# panicking), then, only if the bound held, under -f 2 -r 100, where one
# lost record panics the kernel.
USER_RATE=2
mkdir -p /tmp/vbmany && chmod 755 /tmp/vbmany
cp "$F/bin/banned-rsa2048-cert" /tmp/vbmany/b.0 && chmod 755 /tmp/vbmany/b.0
i=1
while [ $i -lt 256 ]; do
	ln /tmp/vbmany/b.0 /tmp/vbmany/b.$i || break
	i=$((i + 1))
done
[ $i = 256 ]
check $? "256 hard links of a banned program"

# many_records: the records of nobody's flood, decisions and summaries
many_records() {
	ausearch -m KERNEL_OTHER 2>/dev/null | grep -F ' uid=65534' |
		grep -e 'op=exec decision=deny .* path="/tmp/vbmany/b\.' \
			-e 'op=summary ' | grep -v '^----'
}

# many_counted ATTEMPTS: records + their suppressed=N == ATTEMPTS
many_counted() {
	many_records >/tmp/many.records
	mrecords=$(grep -c 'op=exec decision=deny' /tmp/many.records)
	msummaries=$(grep -c 'op=summary' /tmp/many.records)
	mreported=$(sed -n 's/.* suppressed=\([0-9]*\).*/\1/p' /tmp/many.records |
		awk '{ s += $1 } END { print s + 0 }')
	[ $((mrecords + mreported)) -eq "$1" ]
}

# many_flood COUNT: nobody's flood over the 256 names, in the background
# ($mpid, output in /tmp/many.out)
many_flood() {
	(echo 1000 >/proc/self/loginuid &&
		exec /tests/bin/vb-flood /tmp/vbmany/b "$1" 65534 256) \
		>/tmp/many.out 2>&1 &
	mpid=$!
}

# many_done: waits for the flood; then (past the 5 s of the repeats) one
# more denial, which brings the summary of what was counted
many_done() {
	wait "$mpid"
	rc=$?
	sed 's/^/# /' /tmp/many.out
	msecs=$(sed -n 's/.* in \([0-9]*\)\.[0-9]* s$/\1/p' /tmp/many.out)
	sleep 6
	(echo 1000 >/proc/self/loginuid &&
		exec /tests/bin/vb-flood /tmp/vbmany/b.0 1 65534) >/dev/null
	return $rc
}

# per_second FILE: the most lines of FILE in one second of msg=audit(S.
per_second() {
	grep -o 'msg=audit([0-9]*' "$1" | sort | uniq -c | sort -rn |
		awk 'NR == 1 { print $1 + 0 }'
}

auditctl -b 65536 -f 1 -r 0 >/dev/null
d0=$(status_val denied) s0=$(status_val audit_suppressed) l0=$(lost)
m0=$(wc -l <"$LOG")
many_flood "$n_many"
many_done
check $? "$n_many denied execs over 256 names by uid 65534, all refused"
attempts=$(($(status_val denied) - d0))
# auditd writes each record with fsync: up to 20 s for the last ones (each
# try reads the whole log, so a kernel that wrote thousands is not waited
# on for long)
tries=0
until many_counted "$attempts" || [ $tries -ge 20 ]; do
	sleep 1
	tries=$((tries + 1))
done
many_counted "$attempts"
rc=$?
s1=$(status_val audit_suppressed)
echo "# denied +$attempts in ${msecs:-?} s: $mrecords records," \
	"$msummaries summaries, $mreported reported suppressed," \
	"audit_suppressed +$((s1 - s0)), audit lost +$(($(lost) - l0))"
check "$rc" "256 names: records + their suppressed=N == denied increase"
[ "$mreported" -eq $((s1 - s0)) ] && [ "$msummaries" -ge 1 ]
check $? "256 names: summaries written, sum of suppressed=N == audit_suppressed increase"
# at most USER_RATE records (decisions and summaries) in any second
[ -n "$msecs" ] && [ $((mrecords + msummaries)) -le $((USER_RATE * (msecs + 8))) ]
bounded=$?
peak=$(per_second /tmp/many.records)
echo "# at most ${peak:-0} records of the flood in one wall-clock second"
[ "$bounded" = 0 ] && [ "${peak:-0}" -le "$USER_RATE" ]
bounded=$?
check "$bounded" "256 names: at most $USER_RATE records in any second"
# every record of the flood's time, of any type (the syscall events of the
# decisions too: what the kernel's -r counts)
tail -n +$((m0 + 1)) "$LOG" >/tmp/many.all
echo "# all audit records in that time: $(grep -c . /tmp/many.all)," \
	"at most $(per_second /tmp/many.all) in one wall-clock second"
# one denied exec's whole event (its serial): what -r counts for a record
serial=$(grep -m 1 'op=exec decision=deny .*path="/tmp/vbmany/' /tmp/many.all |
	sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p')
grep "msg=audit([0-9.]*:${serial:-none})" /tmp/many.all >/tmp/many.event
echo "# one denied exec's event:" \
	"$(sed -n 's/^node=[^ ]* type=\([A-Z_]*\) .*/\1/p' /tmp/many.event | tr '\n' ' ')"
# auditd does not write the kernel's EOE record, which -r counts too
[ "$(grep -c . /tmp/many.event)" -ge 2 ] && [ "$(grep -c . /tmp/many.event)" -le 5 ]
check $? "a denied exec's record and its event: at most 5 records and EOE (as the docs count)"

# Under -f 2 -r 100, the configuration the docs call safe: only if the
# bound held above (without it, this panics the guest: redteam6).  During
# the flood, root (not bounded) and uid 1001 are refused a banned program
# each: both must find their full records.
cp "$F/bin/banned-rsa2048-cert" /tmp/vbroot && chmod 755 /tmp/vbroot
cp "$F/bin/banned-rsa2048-cert" /tmp/vbother && chmod 755 /tmp/vbother
if [ "$bounded" = 0 ]; then
	auditctl -f 2 -r 100 >/dev/null
	d0=$(status_val denied) l0=$(lost)
	many_flood "$n_panic"
	sleep 2
	/tmp/vbroot 2>/dev/null
	[ $? = 126 ] && /tests/bin/vb-flood /tmp/vbother 1 1001 >/dev/null &&
		! gone "$mpid"
	others=$?
	many_done
	rc=$?
	auditctl -f 1 -r 0 >/dev/null
	echo "# under -f 2 -r 100: denied +$(($(status_val denied) - d0))," \
		"audit lost +$(($(lost) - l0))"
	[ "$rc" = 0 ] && [ "$(lost)" = "$l0" ]
else
	echo "# not run under -f 2 -r 100: without the bound it panics the guest"
	others=1
	false
fi
check $? "256 names under auditctl -f 2 -r 100: all refused, no record lost"
# vbroot_rec, vbother_rec: their full records, as ausearch finds them
vbroot_rec() {
	ausearch -m KERNEL_OTHER 2>/dev/null |
		grep -F ' path="/tmp/vbroot" ' | grep -F ' uid=0 ' |
		grep -q 'op=exec decision=deny .* signer_subject='
}
vbother_rec() {
	ausearch -m KERNEL_OTHER 2>/dev/null |
		grep -F ' path="/tmp/vbother" ' | grep -F ' uid=1001 ' |
		grep -q 'op=exec decision=deny .* signer_subject='
}
[ "$others" = 0 ] && wait_for 20 vbroot_rec
check $? "during the flood, root's denial has its full record"
[ "$others" = 0 ] && wait_for 20 vbother_rec
check $? "during the flood, uid 1001's denial has its full record"
rm -rf /tmp/vbmany /tmp/vbroot /tmp/vbother

# ---- vendorbanctl audit on this log: tests/vm/guest/auditd_tool_test.sh ----
# (its own TAP document; it needs the denials above in the log)
/tests/auditd_tool_test.sh || tap_failed=$((tap_failed + 1))
# ---- end of vendorbanctl audit ----

tap_done
