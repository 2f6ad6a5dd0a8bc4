# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# $V, $work, $HERE and $PKI come from run.sh; cond's conditions are single
# quoted on purpose (evaluated by cond), and $arc is read there.
# shellcheck disable=SC2154,SC2016,SC2034
#
# audit.sh - host tests of `vendorbanctl audit`, sourced by run.sh (the
# helpers of tests/lib/tap.sh and $V, $work, $HERE are used).
#
# audit/vm-auditd.log was written by Debian's auditd in the test VM
# (node=vm-a) with a second node, vm-b, made from it (audit/README.md).
# Every expected count is taken from the raw log with grep, not from
# libauparse; expected names come from the fixtures' certificates.
# audit/hostile.log holds records, in the kernel's format, that a hostile
# file name or certificate could produce, plus records that must be
# ignored (a user-space record, another module's record, garbage).

A=$HERE/audit
SAMPLE=$A/vm-auditd.log
HOSTILE=$A/hostile.log
export TZ=UTC

# araw PATTERN: vendorban decision records of the sample matching PATTERN
araw() {
	grep 'type=KERNEL_OTHER .* lsm=vendorban ' "$SAMPLE" | grep -c -e "$1" || true
}

# cond NAME CONDITION: a shell condition (evaluated here) must hold
cond() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

# aout ARGS...: run audit, output in $work/audit.out, exit code in $arc
aout() {
	arc=0
	"$V" audit "$@" >"$work/audit.out" 2>"$work/audit.err" || arc=$?
}

# acount PATTERN: lines of the last output holding PATTERN (fixed string)
acount() {
	grep -c -F -e "$1" "$work/audit.out" || true
}

# alines: lines of the last output
alines() {
	grep -c . "$work/audit.out" || true
}

banned=$(openssl x509 -noout -subject -nameopt RFC2253 \
	-in "$PKI/banned/leaf-rsa2048.pem" | sed 's/^subject=//')
banned_hex=$(hexstr "$banned")
decisions=$(araw 'decision=')
deny_a=$(araw "^node=vm-a .*decision=deny .*signer_subject=$banned_hex ")
deny_b=$(araw "^node=vm-b .*decision=deny .*signer_subject=$banned_hex ")
would=$(araw 'decision=would-deny ')

rc_is 0 "audit --help" "$V" audit --help
cond "audit sample: two nodes, a would-deny, a rejected load" \
	'[ "$deny_a" -ge 4 ] && [ "$deny_b" -ge 1 ] && [ "$would" -ge 1 ] &&
	grep -q "type=MAC_POLICY_LOAD .* res=0" "$SAMPLE"'

aout --events "$SAMPLE"
check "audit: one line per decision record" [ "$(acount ' type=KERNEL_OTHER ')" = "$decisions" ]
check "audit: the hex-encoded subject decoded" \
	[ "$(acount " signer_subject=\"$banned\" ")" = "$(araw "signer_subject=$banned_hex ")" ]
check "audit: vendor is the subject's O" \
	[ "$(acount ' vendor="AO Kaspersky Lab"')" = "$(araw "signer_subject=$banned_hex ")" ]
check "audit: a rejected load's reason decoded" \
	grep -q ' type=MAC_POLICY_LOAD .* new_name=? reason="line 2, column 1: [^"]*" .* res=0$' "$work/audit.out"
check "audit: mode changes" \
	[ "$(acount ' type=MAC_STATUS op=set_mode ')" = "$(grep -c 'type=MAC_STATUS .*op=set_mode' "$SAMPLE")" ]
cond "audit: records of both nodes" \
	'[ "$(acount " node=vm-a ")" -gt 0 ] && [ "$(acount " node=vm-b ")" -gt 0 ]'

aout --summary "$SAMPLE"
check "audit --summary: per vendor and node" grep -qxF \
	"vendor \"AO Kaspersky Lab\": $((deny_a + deny_b)) deny, $would would-deny on 2 nodes (vm-a $((deny_a + would)), vm-b $deny_b), $(grep '^vendor "AO' "$work/audit.out" | sed 's/.*), first/first/')" \
	"$work/audit.out"
check "audit --summary: as expected (audit/vm-auditd.summary)" \
	diff -u "$A/vm-auditd.summary" <(sed "s|$SAMPLE|SAMPLE|" "$work/audit.out")

# JSON and CSV, read back with Python's parsers
aout --json "$SAMPLE"
check "audit --json: valid, every record, summary per node" python3 - "$work/audit.out" \
	"$decisions" "$deny_a" "$deny_b" "$would" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
decisions, deny_a, deny_b, would = map(int, sys.argv[2:])
ev = [e for e in d["events"] if e["type"] == "KERNEL_OTHER"]
v = [g for g in d["summary"]["by_vendor"] if g["vendor"] == "AO Kaspersky Lab"][0]
assert len(ev) == decisions, len(ev)
assert v["deny"] == deny_a + deny_b and v["would_deny"] == would, v
assert v["nodes"] == {"vm-a": deny_a + would, "vm-b": deny_b}, v
assert {n["node"] for n in d["summary"]["by_node"]} == {"vm-a", "vm-b"}
assert all(e["signer_fpr"] is None or e["signer_fpr"].startswith("sha256:") for e in ev)
EOF
aout --csv "$SAMPLE"
check "audit --csv: one row per record, fixed columns" python3 - "$work/audit.out" \
	"$decisions" "$banned" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
dec = [r for r in rows if r["type"] == "KERNEL_OTHER"]
assert len(dec) == int(sys.argv[2]), len(dec)
assert any(r["signer_subject"] == sys.argv[3] for r in dec)
assert all(len(r) == len(rows[0]) for r in rows)
EOF
aout --csv --summary "$SAMPLE"
check "audit --csv --summary" grep -q "^\"vendor\",\"AO Kaspersky Lab\",,,,$((deny_a + deny_b)),$would,0,0,0,0,\"[^\"]*\",\"[^\"]*\",\"vm-a=$((deny_a + would));vm-b=$deny_b\"" \
	"$work/audit.out"

# filters
aout --events --node vm-b "$SAMPLE"
cond "audit --node" '[ "$(acount " node=vm-b ")" = "$(alines)" ] &&
	[ "$(acount " type=KERNEL_OTHER ")" = "$(araw "^node=vm-b ")" ]'
aout --events --node "" "$SAMPLE"
check "audit --node \"\": records without a node" [ ! -s "$work/audit.out" ]
aout --events --rule ca-inter "$SAMPLE"
cond "audit --rule LABEL" '[ "$(alines)" = "$(araw "label=\"ca-inter\"")" ] &&
	[ "$(acount " label=ca-inter ")" -ge 1 ]'
aout --events --rule ban-ca-inter:6 "$SAMPLE"
check "audit --rule POLICY:LINE" [ "$(alines)" = "$(araw 'policy="ban-ca-inter" rule_line=6 ')" ]
aout --events --rule 6 --rule nothing "$SAMPLE"
check "audit --rule LINE, repeated: alternatives" [ "$(alines)" = "$(araw ' rule_line=6 ')" ]
aout --events --path /fixtures/bin "$SAMPLE"
check "audit --path DIR: the files below it" \
	[ "$(alines)" = "$(araw 'path="/fixtures/bin/')" ]
aout --events --path '/fixtures/*/libvbtest.so' "$SAMPLE"
check "audit --path GLOB" [ "$(alines)" = "$(araw 'path="/fixtures/lib/banned/libvbtest.so"')" ]
aout --events --path /fixtures/bi "$SAMPLE"
check "audit --path: a prefix is not a directory" [ ! -s "$work/audit.out" ]
aout --events --signer laterSUBSIDIARY "$SAMPLE"
check "audit --signer: any case, decoded DN" [ "$(alines)" = "$(araw 'O=LaterSubsidiary')" ]
aout --events --signer laterSUBSIDIARY --node vm-b "$SAMPLE"
check "audit: different options must all match" [ "$(alines)" = \
	"$(grep '^node=vm-b type=KERNEL_OTHER' "$SAMPLE" | grep -c 'O=LaterSubsidiary')" ]
grep -o 'type=KERNEL_OTHER msg=audit([0-9]*' "$SAMPLE" | sed 's/.*(//' | sort -n >"$work/times"
first=$(head -n 1 "$work/times")
last=$(tail -n 1 "$work/times")
aout --events --since "@$first" --until "@$last" "$SAMPLE"
check "audit --since/--until @EPOCH: inclusive" [ "$(acount ' type=KERNEL_OTHER ')" = "$decisions" ]
aout --events --since "@$((last + 1))" "$SAMPLE"
check "audit --since after the last record" [ ! -s "$work/audit.out" ]
day=$(date -u -d "@$first" +%F)
aout --events --since "$day" --until "$day" "$SAMPLE"
check "audit --since DAY --until DAY: the whole day" [ "$(acount ' type=KERNEL_OTHER ')" = "$decisions" ]
aout --events --until "$(date -u -d "@$((first - 60))" '+%F %H:%M')" "$SAMPLE"
check "audit --until a minute before" [ ! -s "$work/audit.out" ]
aout --summary - <"$SAMPLE"
cond "audit - reads standard input" 'grep -q "^read: .* from standard input$" "$work/audit.out" &&
	diff -q <(grep -v "^read: " "$work/audit.out") <("$V" audit --summary "$SAMPLE" | grep -v "^read: ") >/dev/null'
check "audit: the static tool gives the same output" \
	cmp -s <("$V.static" audit "$SAMPLE") <("$V" audit "$SAMPLE")

# hostile records
aout "$HOSTILE"
cond "audit hostile: only the two vendorban kernel records" \
	'[ "$(acount " type=KERNEL_OTHER ")" = 2 ] && [ "$(acount fake)" = 0 ] &&
	[ "$(acount /other)" = 0 ]'
cond "audit hostile: a newline in a path cannot forge a line" \
	'[ "$(grep -c "^[^ ]* [^ ]* node=" "$work/audit.out")" = 2 ] &&
	grep -qF "path=\"/tmp/evil\\x0anode=forged type=KERNEL_OTHER" "$work/audit.out"'
check "audit hostile: no control byte reaches the terminal" \
	[ "$(LC_ALL=C tr -d '\n' <"$work/audit.out" | LC_ALL=C tr -d '[:print:]' | wc -c)" = 0 ]
check "audit hostile: invalid UTF-8 and C1 escaped" \
	grep -qF 'vendor="\xff\xfeBad\xc2\x9b31mVendor"' "$work/audit.out"
aout --csv "$HOSTILE"
check "audit hostile --csv: no formula, one line per record" python3 - "$work/audit.out" <<'EOF'
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.count("\r\n") == 3 and "\n" not in raw.replace("\r\n", ""), raw
rows = list(csv.DictReader(raw.splitlines()))
assert rows[0]["vendor"] == "'=HYPERLINK(\"http://example.invalid\")", rows[0]
assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values() if v)
EOF
aout --json "$HOSTILE"
check "audit hostile --json: valid JSON, strings kept" python3 - "$work/audit.out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
e = d["events"]
assert len(e) == 2
assert e[0]["path"].startswith("/tmp/evil\nnode=forged"), e[0]
assert e[0]["comm"] == "\x1b]0;pwned\x07"
assert e[1]["vendor"] == "\ufffd\ufffdBad\x9b31mVendor", e[1]
EOF

# the vendor of each kind of decision (audit/vendors.log, hand-made)
aout --events "$A/vendors.log"
check "audit vendors: unsigned, malformed, not read, issuer, CN, escaped O" \
	cmp -s <(sed 's/.* vendor=//' "$work/audit.out") <(printf '%s\n' '(unsigned)' \
	'"(malformed signature)"' '"(not read: writable)"' '"Some Vendor (issuer)"' \
	'"Lonely Signer"' '"Acme, Inc."')
aout --events --rule default --rule p:none "$A/vendors.log"
check "audit --rule default, POLICY:none" \
	cmp -s <(grep -o ' path=[^ ]*' "$work/audit.out") <(printf ' path=%s\n' /opt/unsigned /opt/writable)
aout --events --signer "acme, inc" "$A/vendors.log"
check "audit --signer: an escaped comma in the DN" grep -qx '.* path=/opt/acme .*' "$work/audit.out"

# errors
rc_is 1 "audit: a missing log" "$V" audit "$work/no-such.log"
rc_is 1 "audit: a directory" "$V" audit "$work"
rc_is 2 "audit: a bad time" "$V" audit --since "last tuesday" "$SAMPLE"
rc_is 2 "audit: - with other logs" "$V" audit - "$SAMPLE"
rc_is 2 "audit: --summary with --events" "$V" audit --summary --events "$SAMPLE"
: >"$work/empty.log"
aout "$work/empty.log"
cond "audit: an empty log is read, and said to be empty" '[ "$arc" = 0 ] &&
	grep -q "no audit events" "$work/audit.err" && grep -q "^total: 0 decisions" "$work/audit.out"'
