#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# audit_test.sh - `vendorbanctl audit` on hand-made records (make check-tool)
#
# What a real kernel cannot be made to log on demand: hostile records
# (tests/tool/audit/hostile.log: a path with a newline and forged fields,
# a terminal escape, a formula, invalid UTF-8; records that must be
# ignored), each way a vendor is named (vendors.log), and the edge cases
# of counting attempts (attempts.log: suppressed=N, a module load logged
# twice and a second one that is not the same attempt, one system call
# with two records, an impossible suppressed count, tamper records of
# every kind, a refused change a newer kernel may log), and the kernel's
# summaries of denials past its bound on the record rate (summary.log).  The same tool on
# a log the VM's auditd wrote in this make check run is
# tests/tool/audit_capture_test.sh (make check-vm).  Expected values are
# written out here from the records, not taken from the tool.
# Ends with "audit: N passed, N failed".

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A=$ROOT/tests/tool/audit
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
HOSTILE=$A/hostile.log
VENDORS=$A/vendors.log
ATT=$A/attempts.log
TAP_PART=audit
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# aout ARGS...: run audit, output in $work/out, errors in $work/err
aout() {
	arc=0
	"$V" audit "$@" >"$work/out" 2>"$work/err" || arc=$?
}

# has LINE: the last output has this exact line
has() {
	grep -qxF -e "$1" "$work/out"
}

[ -x "$V" ] || die "$V missing (make tool)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- attempts, not records ---------------------------------------------------

aout --summary "$ATT"
check "attempts: 1 + suppressed=N per record, duplicates once" has \
	"total: 507 attempts (507 deny, 0 would-deny) in 10 decision records (499 repeats counted by the kernel, 2 duplicate records), 0 policy loads, 1 mode change, 3 tamper events, on 2 nodes"
check "attempts: a record with suppressed=499 is 500 attempts" grep -qF \
	"file /opt/k: 502 deny, 0 would-deny on 1 node (n1 502)" "$work/out"
check "attempts: finit_module refused, then init_module: one attempt" has \
	"file /lib/modules/k.ko: 1 deny, 0 would-deny on 1 node (n1 1), first 2023-11-14T22:16:50.000+00:00, last 2023-11-14T22:16:50.000+00:00"
check "attempts: a second init_module of the process, and another node's, count" grep -qF \
	"file (none: a module image from memory): 2 deny, 0 would-deny on 2 nodes (n1 1, n2 1)" "$work/out"
check "attempts: one system call, two operations: two attempts" grep -qF \
	"file /opt/libk.so: 1 deny" "$work/out"
check "attempts: an impossible suppressed count adds nothing" grep -qF \
	"file /opt/k2: 1 deny" "$work/out"
aout --events "$ATT"
check "attempts: the repeated records name the first one" [ \
	"$(grep -c ' attempts=0 same_attempt_as=10[25]$' "$work/out")" = 2 ]
check "attempts: the fallback names its finit_module record" grep -q \
	'serial=103 .* path=? .* attempts=0 same_attempt_as=102$' "$work/out"

# --- summaries of denials named in no record (summary.log) ------------------
# 1 + 0 and 1 + 2 attempts in two decision records, then four op=summary
# records standing for their suppressed=N alone: 40 denials of uid 65534,
# 3 would-denies of uid 1000, 5 denials of the accounts the kernel kept
# no entry for (uid=?), past the kernel's bound on its records, and 7
# denials of the tenants of a container root made (uid=? userns=... : an
# account of its own, neither root's nor the others').

aout --summary "$A/summary.log"
check "summary records: their suppressed=N alone, in total" has \
	"total: 59 attempts (56 deny, 3 would-deny) in 6 decision records (57 repeats counted by the kernel, 0 duplicate records), 0 policy loads, 0 mode changes, 0 tamper events, on 1 node"
check "summary records: per user" grep -qF \
	"user nobody (uid 65534), login ?: 44 deny, 0 would-deny" "$work/out"
check "summary records: the others' (uid=?) apart" grep -qF \
	"user ? (uid ?), login ?: 5 deny, 0 would-deny" "$work/out"
check "summary records: a container's apart, by its user namespace" grep -qF \
	"user (container: userns 4026532456, its root host uid 100000), login ?: 7 deny, 0 would-deny" "$work/out"
check "summary records: no vendor, file or rule of their own" grep -qF \
	'file "(not named in a record)": 52 deny, 3 would-deny' "$work/out"
aout --events "$A/summary.log"
check "summary records: attempts=N, never joined to a decision" [ \
	"$(grep -c 'op=summary .* attempts=\(40\|3\|5\|7\)$' "$work/out")" = 4 ]
aout --json --summary "$A/summary.log"
check "summary records: --json names the container's namespace" python3 - "$work/out" <<'EOF'
import json, sys
users = [o for o in map(json.loads, open(sys.argv[1])) if o["kind"] == "user"]
c = [u for u in users if u["userns"] is not None]
assert len(c) == 1 and c[0]["userns"] == 4026532456 and c[0]["userns_root"] == 100000, c
assert c[0]["uid"] is None and c[0]["deny"] == 7, c
assert all(u["userns"] is None for u in users if u is not c[0]), users
EOF

# --- tamper events first -----------------------------------------------------

aout --summary "$ATT"
check "tamper: its own counter, on the second line" [ "$(sed -n 2p "$work/out")" = \
	"tamper: 3 events (0 rejected policy loads, 1 lock, 1 refused rmmod -f, 0 require_signed, 1 other refused change)" ]
check "tamper: each event listed before the totals" [ \
	"$(sed -n '3,5p' "$work/out" | grep -o ' op=[a-z_]*' | tr -d '\n')" = \
	" op=forced_unload op=detach op=lock" ]
check "tamper: a mode change is not one" grep -qF ", 1 mode change, 3 tamper events" "$work/out"

# The module form: a lock refused for an incomplete mechanism and a failed
# BPF attach are tamper events (other refused changes), so is a refused
# release, a forced lock is a lock, and a successful attach or release is
# neither tamper nor a mode change.
cat >"$work/status.log" <<'EOF2'
type=MAC_STATUS msg=audit(1795975557.312:900): lsm=vendorban op=lock locked=0 reason=mechanism-incomplete auid=0 ses=1 res=0
type=MAC_STATUS msg=audit(1795975557.313:901): lsm=vendorban op=bpf_attach programs=2 prog=vb_mmap error=-22 auid=0 ses=1 res=0
type=MAC_STATUS msg=audit(1795975557.314:902): lsm=vendorban op=lock locked=1 forced=1 auid=0 ses=1 res=1
type=MAC_STATUS msg=audit(1795975557.315:903): lsm=vendorban op=bpf_attach programs=5 auid=0 ses=1 res=1
type=MAC_STATUS msg=audit(1795975557.316:904): lsm=vendorban op=bpf_release programs=5 error=-1 auid=0 ses=1 res=0
type=MAC_STATUS msg=audit(1795975557.317:905): lsm=vendorban op=bpf_release programs=5 auid=0 ses=1 res=1
EOF2
aout --summary "$work/status.log"
check "tamper: refused lock, failed attach and refused release are; a good attach or release is not" \
	grep -qF ", 0 mode changes, 4 tamper events" "$work/out"
check "tamper: a forced lock is the one lock" grep -qF "(0 rejected policy loads, 1 lock, " "$work/out"
aout --events "$work/status.log"
check "audit: a good BPF attach is of class mechanism" \
	grep -q 'op=bpf_attach programs=5 .*class=mechanism\|class=mechanism.*op=bpf_attach programs=5' "$work/out"
check "audit: a release is of class mechanism, a refused one tamper" \
	grep -q 'class=mechanism.*op=bpf_release programs=5 auid\|op=bpf_release programs=5 auid.*class=mechanism' "$work/out"
check "audit: a refused release is of class tamper" \
	grep -q 'class=tamper.*op=bpf_release programs=5 error\|op=bpf_release programs=5 error.*class=tamper' "$work/out"

# --- who: uid, auid and names ------------------------------------------------

aout --events "$ATT"
check "who: auid, ses, exe and syscall from the SYSCALL record" grep -qF \
	" auid=1000 auid_name=alice ses=3 exe=/usr/bin/bash syscall=execve success=no exit=-13 ppid=9 tty=pts0 " \
	"$work/out"
check "who: uid named from the enriched log, as ausearch -i does" grep -q \
	'serial=100 .* uid=1000 uid_name=alice ' "$work/out"
aout --summary "$ATT"
check "who: per user, most attempts first" [ "$(grep '^user ' "$work/out" | head -n 1)" = \
	"user alice (uid 1000), login ?: 500 deny, 0 would-deny on 1 node (n1 500), first 2023-11-14T22:16:46.000+00:00, last 2023-11-14T22:16:46.000+00:00" ]
check "who: the logged-in user of an attempt" grep -qF \
	"user alice (uid 1000), login alice (auid 1000): 1 deny" "$work/out"

# --- one vendor, one name ----------------------------------------------------

check "vendor: subject O and issuer O are one vendor" [ \
	"$(grep -c '^vendor ' "$work/out")" = 1 ]
check "vendor: says how many were named by the issuer" grep -qF \
	'vendor "AO Kaspersky Lab": 507 deny, 0 would-deny (3 named by the issuer: no signer certificate) on 2 nodes (n1 506, n2 1)' \
	"$work/out"
aout --events "$VENDORS"
check "vendor: unsigned, malformed, not read, issuer, CN, escaped O" \
	cmp -s <(sed 's/.* vendor=\(.*\) vendor_from=\([^ ]*\) .*/\1 \2/' "$work/out") \
	<(printf '%s\n' '(unsigned) ?' '"(malformed signature)" ?' '"(not read: writable)" ?' \
		'"Some Vendor" issuer' '"Lonely Signer" subject' '"Acme, Inc." subject')
aout --events --rule default --rule p:none "$VENDORS"
check "--rule default, POLICY:none" \
	cmp -s <(grep -o ' path=[^ ]*' "$work/out") <(printf ' path=%s\n' /opt/unsigned /opt/writable)
aout --events --signer "acme, inc" "$VENDORS"
check "--signer: an escaped comma in the DN" grep -qx '.* path=/opt/acme .*' "$work/out"

# --- time: ISO 8601 with the offset, UTC unless --local-time ------------------

aout --events "$VENDORS"
cp "$work/out" "$work/utc"
TZ=Asia/Kolkata "$V" audit --events "$VENDORS" >"$work/kolkata"
check "time: UTC whatever TZ says" cmp -s "$work/utc" "$work/kolkata"
check "time: ISO 8601, milliseconds, offset" grep -q \
	'^2023-11-14T22:15:00\.000+00:00 serial=50 ' "$work/utc"
TZ=Asia/Kolkata "$V" audit --local-time --events "$VENDORS" >"$work/local"
check "time: --local-time prints TZ's time with its offset" grep -q \
	'^2023-11-15T03:45:00\.000+05:30 serial=50 ' "$work/local"
aout --events --since 2023-11-14T22:15:03.000+00:00 "$VENDORS"
check "--since a printed time: from that millisecond" [ "$(grep -c . "$work/out")" = 3 ]
aout --events --since 2023-11-14T23:15:03+01:00 --until 2023-11-14T22:15:04Z "$VENDORS"
check "--since/--until with offsets: the same moment anywhere" [ \
	"$(grep -o ' path=[^ ]*' "$work/out" | tr -d '\n')" = " path=/lib/modules/x.ko path=/opt/cn" ]
aout --events --since "2023-11-14 22:15:03" "$VENDORS"
check "--since without an offset: UTC" [ "$(grep -c . "$work/out")" = 3 ]
TZ=Asia/Kolkata "$V" audit --local-time --events --since "2023-11-15 03:45:03" "$VENDORS" >"$work/out"
check "--since without an offset, --local-time: TZ" [ "$(grep -c . "$work/out")" = 3 ]

# --- JSON Lines, typed; CSV with every field ---------------------------------

aout --json "$ATT"
check "--json: JSON Lines, typed values" python3 - "$work/out" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
kinds = [l["kind"] for l in lines]
assert kinds[:14] == ["record"] * 14, kinds
assert kinds[14:17] == ["read", "tamper", "tamper"], kinds
assert "total" in kinds and "vendor" in kinds and "user" in kinds
rec = lines[0]
assert rec["pid"] == 10 and rec["uid"] == 1000 and rec["rule_line"] == 3
assert rec["suppressed"] == 0 and rec["attempts"] == 1 and rec["serial"] == 100
assert rec["success"] is False and rec["exit"] == -13 and rec["auid"] == 1000
assert rec["time"] == "2023-11-14T22:16:40.000+00:00" and rec["epoch"] == 1700000200.0
assert rec["vendor"] == "AO Kaspersky Lab" and rec["vendor_from"] == "subject"
assert lines[1]["attempts"] == 500
dup = [l for l in lines if l.get("same_attempt_as")]
assert [(d["serial"], d["same_attempt_as"], d["attempts"]) for d in dup] == \
    [(103, 102, 0), (105, 105, 0)], dup
total = [l for l in lines if l["kind"] == "total"][0]
assert total["attempts"] == 507 and total["suppressed"] == 499 and total["duplicates"] == 2
assert total["tamper"] == 3 and total["forced_unloads"] == 1 and total["refused_changes"] == 1
assert total["locks"] == 1 and total["nodes"] == 2
files = [l for l in lines if l["kind"] == "file"]
counts = [f["attempts"] for f in files]
assert counts == sorted(counts, reverse=True), counts
det = [l for l in lines if l["kind"] == "record" and l["op"] == "detach"][0]
assert det["link"] == "vb_exec" and det["res"] == 0 and det["class"] == "tamper"
EOF
aout --csv "$ATT"
check "--csv: fixed columns, uid and suppressed, unknown fields in other" python3 - "$work/out" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 14
r = rows[1]
assert r["uid"] == "1000" and r["suppressed"] == "499" and r["attempts"] == "500", r
assert rows[0]["exit"] == "-13" and rows[0]["auid_name"] == "alice" and rows[0]["exe"] == "/usr/bin/bash"
det = [r for r in rows if r["op"] == "detach"][0]
assert det["other"] == "link=vb_exec" and det["class"] == "tamper", det
assert all(r["other"] == "" for r in rows if r["op"] != "detach")
assert all(len(r) == len(rows[0]) for r in rows)
EOF
aout --csv --summary "$ATT"
check "--csv --summary: totals and groups" grep -q \
	'^"total","",,,,,,,,507,507,0,10,499,2,3,0,1,3,0,1,1,0,1,' "$work/out"

# --- hostile records -----------------------------------------------------------

aout --events "$HOSTILE"
check "hostile: only the two vendorban kernel records" [ \
	"$(grep -c ' type=KERNEL_OTHER ' "$work/out")" = 2 ]
check "hostile: user records and other modules' records ignored" [ \
	"$(grep -c 'fake\|/other' "$work/out")" = 0 ]
check "hostile: a newline in a path cannot forge a line" [ \
	"$(grep -c . "$work/out")" = 2 ]
check "hostile: ... it is written \\x0a" grep -qF \
	'path="/tmp/evil\x0anode=forged type=KERNEL_OTHER' "$work/out"
check "hostile: no control byte reaches the terminal" [ \
	"$(LC_ALL=C tr -d '\n' <"$work/out" | LC_ALL=C tr -d '[:print:]' | wc -c)" = 0 ]
check "hostile: invalid UTF-8 and C1 escaped" grep -qF \
	'vendor="\xff\xfeBad\xc2\x9b31mVendor"' "$work/out"
check "hostile: a quote in a label is escaped" grep -qF ' label="\"q" ' "$work/out"
aout --csv "$HOSTILE"
check "hostile --csv: no formula, one line per record" python3 - "$work/out" <<'EOF'
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.count("\r\n") == 3 and "\n" not in raw.replace("\r\n", ""), raw
rows = list(csv.DictReader(raw.splitlines()))
assert rows[0]["vendor"] == "'=HYPERLINK(\"http://example.invalid\")", rows[0]
assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v)
EOF
aout --json "$HOSTILE"
check "hostile --json: the same escaped text as the text output" python3 - "$work/out" <<'EOF'
import json, sys
e = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
e = [x for x in e if x["kind"] == "record"]
assert len(e) == 2
assert e[0]["path"].startswith("/tmp/evil\\x0anode=forged"), e[0]
assert e[0]["comm"] == "\\x1b]0;pwned\\x07", e[0]["comm"]
assert e[1]["vendor"] == "\\xff\\xfeBad\\xc2\\x9b31mVendor", e[1]
assert e[1]["label"] == '"q'
EOF

# --- checkpoints ---------------------------------------------------------------

log=$work/audit.log ck=$work/ckpt
head -n 5 "$ATT" >"$log"
aout --summary --checkpoint "$ck" "$log"
check "checkpoint: a first run reads everything and writes it" grep -q \
	'^total: 502 attempts' "$work/out"
check "checkpoint: it names the last event and its file" [ \
	"$(tr '\n' ' ' <"$ck")" = "vendorbanctl-audit-checkpoint 1 node 6e31 time 1700000210004 serial 103 file $(stat -c '%d %i' "$log") " ]
tail -n +6 "$ATT" >>"$log"
aout --summary --checkpoint "$ck" "$log"
check "checkpoint: the next run reads only the new events" grep -q \
	'^read: 8 audit events after the checkpoint, first 2023-11-14T22:16:50.006+00:00' "$work/out"
check "... and counts them: all of them count once" grep -q '^total: 5 attempts (5 deny' "$work/out"
aout --summary --checkpoint "$ck" "$log"
check "checkpoint: nothing new: exit 0" [ "$arc" = 0 ]
check "... nothing counted" grep -q '^total: 0 attempts' "$work/out"
check "... and said so" grep -q 'no new audit events' "$work/err"
cp "$ck" "$work/ckpt.saved"
# auditd rotates: the file is renamed (same inode) and a new one started
mv "$log" "$log.1"
printf '%s\n' 'node=n1 type=MAC_STATUS msg=audit(1700000300.000:200): lsm=vendorban op=require_signed old_require_signed=0 new_require_signed=1 auid=0 ses=1 res=1' >"$log"
aout --summary --checkpoint "$ck" "$log.1" "$log"
check "checkpoint: after a rotation, the new file's events" grep -q \
	'^tamper: 1 event (0 rejected policy loads, 0 locks, 0 refused rmmod -f, 1 require_signed' "$work/out"
check "... nothing counted twice" grep -q '^total: 0 attempts.* 1 tamper event' "$work/out"
# the checkpointed log gone (rotated away): the events after its time
cp "$work/ckpt.saved" "$ck"
aout --summary --checkpoint "$ck" "$log"
check "checkpoint: its log gone, the events after its time, with a warning" \
	grep -q 'rotated away' "$work/err"
check "... the new event counted" grep -q '^total: 0 attempts.* 1 tamper event' "$work/out"
# the log changed: the checkpointed event is not in its file any more
cp "$work/ckpt.saved" "$ck"
grep -v 'msg=audit(1700000243' "$log.1" >"$work/cut" && cat "$work/cut" >"$log.1"
rc_is 12 "checkpoint: its event gone from its file: exit 12" \
	"$V" audit --summary --checkpoint "$ck" "$log.1"
check "... the checkpoint is kept" cmp -s "$ck" "$work/ckpt.saved"
printf 'not a checkpoint\n' >"$ck"
rc_is 10 "checkpoint: not one: exit 10" "$V" audit --checkpoint "$ck" "$log"
rc_is 2 "checkpoint: not with standard input" "$V" audit --checkpoint "$ck" - <"$log"

# --- errors ----------------------------------------------------------------------

rc_is 0 "audit --help" "$V" audit --help
rc_is 1 "a missing log" "$V" audit "$work/no-such.log"
rc_is 1 "a directory" "$V" audit "$work"
rc_is 2 "a bad time" "$V" audit --since "last tuesday" "$ATT"
rc_is 2 "a bad offset" "$V" audit --since "2023-11-14T22:15:03+25:00" "$ATT"
rc_is 2 "- with other logs" "$V" audit - "$ATT"
rc_is 2 "--summary with --events" "$V" audit --summary --events "$ATT"
: >"$work/empty.log"
aout "$work/empty.log"
check "an empty log is read" [ "$arc" = 0 ]
check "... and said to be empty" grep -q "no audit events" "$work/err"
check "... nothing counted" grep -q "^total: 0 attempts" "$work/out"
check "the static tool gives the same output" \
	cmp -s <("$V.static" audit "$ATT") <("$V" audit "$ATT")

tap_done
