#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# audit_capture_test.sh LOG - `vendorbanctl audit` on the log Debian's
# auditd wrote in the test VM of this very make check run
#
# LOG is what tests/vm/extract-auditlog.sh cut from the console of
# make check-vm (or check-vm-6.12): the denials of tests/vm/guest/auditd_test.sh
# (exec, mmap, a module load busybox's insmod logs twice, a PE file, a
# CA-chain denial, 10,001 execs of one file by nobody logged in as alice,
# most of them only counted: suppressed=N), a would-deny, mode changes,
# policy loads, a rejected load, require_signed and the lock, with the
# SYSCALL records of the current kernel, in the enriched format.  So the
# fields the current kernel writes (uid=, suppressed=) are the ones tested.
# Every expected value is computed here from the raw log with Python,
# independently of libauparse, or taken from ausearch -i.  The hand-made
# records are tests/tool/audit_test.sh's.  Ends with
# "audit-capture: N passed, N failed"; a missing LOG is a failure.

set -eu
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
LOG=${1:-}
TAP_PART=audit-capture
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

if [ -z "$LOG" ] || [ ! -s "$LOG" ]; then
	not_ok "no capture '$LOG' (make check-vm writes it)"
	tap_done || exit 1
fi
[ -x "$V" ] || die "$V missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The raw log, read by Python: expected values, written to $work/expect.
python3 - "$LOG" >"$work/expect" <<'EOF'
import re, sys
recs = []
for line in open(sys.argv[1], 'rb'):
    line = line.decode('ascii', 'replace').rstrip('\n').split('\x1d')[0]
    m = re.match(r'(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)\.(\d+):(\d+)\): (.*)', line)
    if not m:
        continue
    node, typ, sec, ms, serial, rest = m.groups()
    f = dict(re.findall(r'(\S+?)=("[^"]*"|\S*)', rest))
    f = {k: v.strip('"') for k, v in f.items()}
    recs.append((node, typ, int(sec) * 1000 + int(ms), int(serial), f))
ours = [r for r in recs if r[4].get('lsm') == 'vendorban' and
        r[1] in ('KERNEL_OTHER', 'MAC_POLICY_LOAD', 'MAC_STATUS')]
dec = [r for r in ours if r[1] == 'KERNEL_OTHER']
# busybox insmod: finit_module refused, then init_module from memory
dups, last_file = 0, {}
for node, typ, ms, serial, f in dec:
    if f['op'] != 'module_load':
        continue
    if f['path'] != '?':
        last_file[f['pid']] = ms
    elif f['pid'] in last_file and ms - last_file.pop(f['pid']) < 2000:
        dups += 1
att = lambda d: sum((r[4]['op'] != 'summary') + int(r[4].get('suppressed', '0')) for r in d)
deny = att([r for r in dec if r[4]['decision'] == 'deny']) - dups
would = att([r for r in dec if r[4]['decision'] == 'would-deny'])
tamper = sum(1 for r in ours if r[1] != 'KERNEL_OTHER' and
             (r[4].get('res') != '1' or r[4].get('op') in ('lock', 'require_signed')))
names = sorted({k for r in ours for k in r[4]})
print('records', len(ours))
print('decisions', len(dec))
print('deny', deny)
print('would', would)
print('dups', dups)
print('suppressed', sum(int(r[4].get('suppressed', '0')) for r in dec))
print('tamper', tamper)
print('fields', ' '.join(names))
EOF
exp() {
	sed -n "s/^$1 //p" "$work/expect"
}
"$V" audit "$LOG" >"$work/all" 2>"$work/err"
"$V" audit --events "$LOG" >"$work/events"
"$V" audit --summary "$LOG" >"$work/sum"

check "capture: the current kernel's fields are there (uid=, suppressed=)" \
	test "$(exp fields | tr ' ' '\n' | grep -cx -e uid -e suppressed)" = 2
check "every vendorban record, one line each" test \
	"$(grep -c . "$work/events")" = "$(exp records)"
check "total: attempts = records + suppressed=N - records of one attempt" grep -qF \
	"total: $(($(exp deny) + $(exp would))) attempts ($(exp deny) deny, $(exp would) would-deny) in $(exp decisions) decision records ($(exp suppressed) repeats counted by the kernel, $(exp dups) duplicate record" \
	"$work/sum"
check "tamper events first, counted as in the raw log" grep -q \
	"^tamper: $(exp tamper) events " <(sed -n 2p "$work/sum")
check "the flood's attempts: many more than its records" test \
	"$(grep -c 'path=/tmp/vbflood ' "$work/all")" -lt \
	"$(sed -n 's|^file /tmp/vbflood: \([0-9]*\) deny.*|\1|p' "$work/sum")"
for kind in vendor file user rule; do
	grep "^$kind " "$work/sum" | sed 's/.*: \([0-9]*\) deny, \([0-9]*\) would-deny.*/\1 \2/' |
		awk '{ print $1 + $2 }' >"$work/counts"
	check "per $kind, most attempts first" cmp -s "$work/counts" <(sort -rn "$work/counts")
done
check "who: the flood's user and login user by name" grep -qF \
	"user nobody (uid 65534), login alice (auid 1000): " "$work/sum"

# names and auid as ausearch -i shows them, event by event
if command -v ausearch >/dev/null; then
	ausearch -i -if "$LOG" -m SYSCALL 2>/dev/null |
		sed -n 's/.*msg=audit(\([^)]*\)).* auid=\([^ ]*\) uid=\([^ ]*\) .*/\1 \2 \3/p' |
		sort -u >"$work/ausearch"
	"$V" audit --json --events "$LOG" | python3 -c '
import json, sys, time
for l in sys.stdin:
    d = json.loads(l)
    if "auid_name" in d and "uid_name" in d and "syscall" in d:
        # as ausearch -i prints a time: %x %T, C locale
        t = time.strftime("%x %H:%M:%S", time.localtime(int(d["epoch"])))
        print("%s.%03d:%d %s %s" % (t, round(d["epoch"] * 1000) % 1000, d["serial"],
                                   d["auid_name"], d["uid_name"]))' | sort -u >"$work/ours"
	check "auid and uid names as ausearch -i resolves them ($(grep -c . "$work/ours") events)" \
		test -s "$work/ours" -a -z "$(comm -23 "$work/ours" "$work/ausearch")"
else
	not_ok "ausearch missing (apt-get install auditd): names not compared"
fi

# --- every kernel field in CSV and JSON, typed --------------------------------------

"$V" audit --csv "$LOG" >"$work/csv"
check "CSV: a column for every field the kernel wrote, none left over" python3 - \
	"$work/csv" "$(exp fields)" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
cols = set(rows[0])
missing = [f for f in sys.argv[2].split() if f not in cols and f != 'lsm']
assert not missing, missing
assert all(r['other'] == '' for r in rows), [r['other'] for r in rows if r['other']]
dec = [r for r in rows if r['type'] == 'KERNEL_OTHER']
assert all(r['uid'] != '' and r['suppressed'] != '' for r in dec)
EOF
"$V" audit --json "$LOG" >"$work/json"
check "JSON Lines: typed values, attempts add up" python3 - "$work/json" \
	"$(exp deny)" "$(exp would)" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
recs = [l for l in lines if l['kind'] == 'record']
dec = [r for r in recs if r['type'] == 'KERNEL_OTHER']
for r in dec:
    assert isinstance(r['uid'], int) and isinstance(r['suppressed'], int), r
    assert isinstance(r['attempts'], int), r
    if r['op'] == 'summary':  # a uid's denials named in no record
        assert 'pid' not in r and 'path' not in r, r
        continue
    assert isinstance(r['pid'], int), r
    assert isinstance(r['rule_line'], (int, str)), r
    assert r['time'].endswith('+00:00'), r['time']
assert sum(r['attempts'] for r in dec if r['decision'] == 'deny') == int(sys.argv[2])
assert sum(r['attempts'] for r in dec if r['decision'] == 'would-deny') == int(sys.argv[3])
total = [l for l in lines if l['kind'] == 'total'][0]
assert total['deny'] == int(sys.argv[2]) and total['would_deny'] == int(sys.argv[3])
assert all(isinstance(r['res'], int) for r in recs if 'res' in r)
EOF

# --- time ------------------------------------------------------------------------------

check "time: the same output whatever TZ says" \
	cmp -s "$work/all" <(TZ=America/New_York "$V" audit "$LOG" 2>/dev/null)
check "time: --local-time prints the zone's offset" grep -q \
	'^[0-9-]*T[0-9:.]*-0[45]:00 ' <(TZ=America/New_York "$V" audit --local-time --events "$LOG")
first=$(grep -m 1 ' class=decision ' "$work/all" | cut -d' ' -f1)
check "--since a printed time keeps that record" test \
	"$("$V" audit --events --since "$first" "$LOG" | grep -m 1 ' class=decision ' | cut -d' ' -f1)" = "$first"

# --- several nodes, standard input, the static build ----------------------------------

sed 's/^node=vm-a /node=vm-b /' "$LOG" >"$work/vm-b.log"
"$V" audit --summary "$LOG" "$work/vm-b.log" >"$work/two"
check "two nodes: twice the attempts" grep -qF \
	"total: $((2 * ($(exp deny) + $(exp would)))) attempts" "$work/two"
check "two nodes: a line per node" test "$(grep -c '^node vm-[ab]: ' "$work/two")" = 2
check "standard input: the same summary" cmp -s <(grep -v '^read: ' "$work/sum") \
	<("$V" audit --summary - <"$LOG" | grep -v '^read: ')
check "the static tool gives the same output" cmp -s "$work/all" <("$V.static" audit "$LOG" 2>/dev/null)

# --- checkpoint: two runs add up to one ------------------------------------------------

# split between two events, near the middle, not inside an attempt
# logged twice (insmod's init_module after its finit_module)
n=$(grep -c . "$LOG")
cut=$((n / 2))
while [ "$cut" -lt "$n" ] && {
	[ "$(sed -n "${cut}p" "$LOG" | grep -o 'msg=audit([^)]*)')" = \
		"$(sed -n "$((cut + 1))p" "$LOG" | grep -o 'msg=audit([^)]*)')" ] ||
		sed -n "$((cut + 1))p" "$LOG" | grep -q ' op=module_load .* path=? '
}; do
	cut=$((cut + 1))
done
head -n "$cut" "$LOG" >"$work/part.log"
"$V" audit --json --summary --checkpoint "$work/ckpt" "$work/part.log" >"$work/run1"
tail -n +"$((cut + 1))" "$LOG" >>"$work/part.log"
"$V" audit --json --summary --checkpoint "$work/ckpt" "$work/part.log" >"$work/run2"
check "checkpoint: two incremental runs count what one run counts" python3 - \
	"$work/run1" "$work/run2" "$(($(exp deny) + $(exp would)))" "$(exp tamper)" <<'EOF'
import json, sys
tot = [[json.loads(l) for l in open(f) if '"kind": "total"' in l][0] for f in sys.argv[1:3]]
assert tot[0]['attempts'] + tot[1]['attempts'] == int(sys.argv[3]), tot
assert tot[0]['tamper'] + tot[1]['tamper'] == int(sys.argv[4]), tot
EOF

tap_done
