#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# subuids_test.sh - vendorbanctl subuids: /etc/subuid's ranges as the
# kernel takes them (make check-tool)
#
# --print on a file of names, uids, comments and blank lines gives the
# canonical text (owner uids, sorted by start); every bad line (unknown
# user, not NAME:START:COUNT, a bad number, 0 uids, uid 0, past uid 4294967294,
# overlapping ranges, an owner that is a subordinate uid, a NUL byte) is
# named with its file, line and reason, left out, and the exit status is
# 1; --check writes and prints nothing; the ranges written to a fake
# securityfs (--root) and read back; a missing /etc/subuid empties the
# set, a missing named file is an error; a range over a user of the
# passwd database refused, named with him; too long a file; 40,003 lines
# (16,384 ranges at most) in one pass, within 5 s; usage errors.
# The kernel's side (refusals, read-back, the accounts) is the VM's
# subuids_test.  Ends with "subuids: N passed, N failed".

set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
TAP_PART=subuids
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sfs=$work/sfs
mkdir "$sfs"

# run WANT NAME ARGS...: vendorbanctl --root $sfs subuids ARGS exits WANT;
# output in $work/out, errors in $work/err
run() {
	want=$1 name=$2
	shift 2
	rc=0
	"$V" --root "$sfs" subuids "$@" >"$work/out" 2>"$work/err" || rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else
		not_ok "$name (exit $rc, want $want)"
		show "$work/err"
	fi
}

# says NAME TEXT: the errors hold the line TEXT
says() {
	if grep -qxF -- "$2" "$work/err"; then ok "$1"; else
		not_ok "$1"
		show "$work/err"
	fi
}

# is FILE NAME TEXT: FILE holds exactly TEXT (printf's %b)
is() {
	printf '%b' "$3" >"$work/want"
	if cmp -s "$work/want" "$1"; then ok "$2"; else
		not_ok "$2"
		show "$1"
	fi
}

printf '# subordinate uids\nnobody:100000:65536\n\n  1000:165536:65536\nroot:231072:10' >"$work/good"
run 0 "--print: names and uids resolved" --print "$work/good"
is "$work/out" "... sorted by start, owner uids, one form" \
	'65534 100000 65536\n1000 165536 65536\n0 231072 10\n'
[ ! -s "$work/err" ]
check $? "... nothing said"

cat >"$work/bad" <<'SUBUID'
nobody:100000:65536
nosuch-vbuser:200000:10
root:300000
root:300000:5:7
root:3x0000:5
root:400000:0
root:4294967290:6
root:165535:2
100005:500000:10
daemon:600000:5
1:99999999999999999999:5
root:0:5
SUBUID
run 1 "bad lines: exit 1" --print "$work/bad"
is "$work/out" "... the good lines printed" '65534 100000 65536\n1 600000 5\n'
says "... unknown user" "vendorbanctl: ERROR: $work/bad:2: unknown user nosuch-vbuser"
says "... two fields" "vendorbanctl: ERROR: $work/bad:3: expected NAME:START:COUNT"
says "... four fields" "vendorbanctl: ERROR: $work/bad:4: expected NAME:START:COUNT"
says "... not a number" "vendorbanctl: ERROR: $work/bad:5: START and COUNT: expected decimal numbers"
says "... no uids" "vendorbanctl: ERROR: $work/bad:6: count: 0 uids"
says "... past the last uid" "vendorbanctl: ERROR: $work/bad:7: the range goes past uid 4294967294"
says "... an overlap, named with the other line" \
	"vendorbanctl: ERROR: $work/bad:8: uids 165535-165536 overlap those of line 1"
says "... an owner that is a subordinate uid" \
	"vendorbanctl: ERROR: $work/bad:9: owner 100005 is a subordinate uid (line 1)"
says "... a number over 4294967294" "vendorbanctl: ERROR: $work/bad:11: start: over 4294967294"
says "... a range covering root" "vendorbanctl: ERROR: $work/bad:12: the range covers uid 0 (root)"
[ "$(wc -l <"$work/err")" = 10 ]
check $? "... one error per bad line, no more ($(wc -l <"$work/err"))"

# A range over a user of the passwd database (an admin's typo): he would
# count as the range's owner (redteam14, RT14-2).  Refused, named with
# the user, never written; the exit status is 1 as for any refused line.
printf 'nobody:100000:65536\n1:60000:10000\nnobody:1:1\n' >"$work/over"
run 1 "ranges over users: exit 1" --print "$work/over"
is "$work/out" "... only the other line printed" '65534 100000 65536\n'
says "... a range over nobody's uid named" \
	"vendorbanctl: ERROR: $work/over:2: the range covers uid 65534 (user nobody)"
says "... a range over daemon's uid named" \
	"vendorbanctl: ERROR: $work/over:3: the range covers uid 1 (user daemon)"
run 1 "... --check: exit 1" --check "$work/over"
: >"$sfs/subuids"
run 1 "... written: the rest in force, exit 1" "$work/over"
is "$sfs/subuids" "... the range over no user only" '65534 100000 65536\n'
grep -qx "subuids: 1 range in force (bad lines left out)" "$work/out"
check $? "... said so"
rm -f "$sfs/subuids"

run 0 "--check: a good file" --check "$work/good"
[ ! -s "$work/out" ] && [ ! -e "$sfs/subuids" ]
check $? "... prints and writes nothing"
run 1 "--check: a bad file" --check "$work/bad"

: >"$sfs/subuids"
run 0 "written to securityfs" "$work/good"
is "$sfs/subuids" "... the canonical text" '65534 100000 65536\n1000 165536 65536\n0 231072 10\n'
grep -qx "subuids: 3 ranges in force" "$work/out"
check $? "... and said"
run 1 "a bad file: the rest written, exit 1" "$work/bad"
is "$sfs/subuids" "... the good lines in force" '65534 100000 65536\n1 600000 5\n'
grep -qx "subuids: 2 ranges in force (bad lines left out)" "$work/out"
check $? "... said so"
run 0 "an empty file: the empty set" /dev/null
is "$sfs/subuids" "... a blank line written" '\n'
run 1 "a missing file named: an error" "$work/none"
says "... named" "vendorbanctl: ERROR: could not read $work/none: No such file or directory"
printf 'root:1:1\n\0' >"$work/nul"
run 1 "a NUL byte: refused" --print "$work/nul"
says "... said" "vendorbanctl: ERROR: $work/nul:1: the file holds a NUL byte"
head -c 1200000 /dev/zero | tr '\0' '\n' >"$work/long"
run 1 "a file over the kernel's limit: refused" --check "$work/long"
says "... said" "vendorbanctl: ERROR: could not read $work/long: over the kernel's limit on the text"

# 40,003 lines (past the kernel's 16,384 ranges; an overlap and an owner
# that is a subordinate uid first): every refused line named, in one
# pass.  Each refused line made the whole file parsed again (redteam14,
# RT14-6: 50 s at boot in their VM, 19 s here): it must end well within
# timeout's 5 s (in one pass, about a quarter of a second).  As the
# kernel counts, lines 2 and 3 take two of the 16,384 before they are
# refused: 16,382 ranges, 23,619 lines past them.
awk 'BEGIN {
	print "60000000:200000000:10"
	print "60000001:200000005:10"
	print "200000000:210000000:10"
	for (i = 0; i < 40000; i++) printf "%d:%d:1000\n", 50000000 + i, 100000 + i * 1000
}' >"$work/big"
start=$(date +%s%N)
rc=0
timeout 5 "$V" --root "$sfs" subuids --print "$work/big" >"$work/out" 2>"$work/err" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" = 1 ]
check $? "40,003 lines: done in $ms ms (exit $rc, want 1; 124: over 5 s)"
[ "$(wc -l <"$work/out")" = 16382 ]
check $? "... 16382 ranges taken ($(wc -l <"$work/out"))"
[ "$(grep -c ': more than 16384 ranges$' "$work/err")" = 23619 ]
check $? "... the 23619 lines past 16384 refused ($(grep -c ': more than 16384 ranges$' "$work/err"))"
says "... an overlap named" \
	"vendorbanctl: ERROR: $work/big:2: uids 200000005-200000014 overlap those of line 1"
says "... an owner that is a subordinate uid named" \
	"vendorbanctl: ERROR: $work/big:3: owner 200000000 is a subordinate uid (line 1)"
[ "$(wc -l <"$work/err")" = 23621 ]
check $? "... one error per refused line, no more ($(wc -l <"$work/err"))"

rm -rf "$sfs"
run 1 "vendorban not active: an error" "$work/good"
grep -q "vendorban is not active" "$work/err"
check $? "... saying so"
mkdir "$sfs"
run 2 "two files: usage error" "$work/good" "$work/good"
run 2 "--check with --print: usage error" --check --print "$work/good"

tap_done
