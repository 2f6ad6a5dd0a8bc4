#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# names_test.sh - every name vendorbanctl prints is escaped one way, and
# files are told apart by content (make check-tool)
#
# Files named with a newline, a tab, an ESC sequence, invalid UTF-8 and a
# backslash, each a copy of a banned program, go through scan, test and
# inspect (text and JSON); a policy name and string through status, show
# and diff.  Every output must be one line per item, hold no control byte,
# and show each name in the text form of userspace/lib/escape.c (\xNN, \\),
# JSON carrying the very same text.  A file named to forge a line of
# scan's report ("...\ndeny /innocent rule=1") must not.  Then: a text
# file named *.ko is not a kernel module, an ELF object with .modinfo is
# one whatever its name, and scan's progress is redrawn at most 4 times a
# second.  Ends with "names: N passed, N failed".

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
POL=$FIX/policies/ban-by-subject-o.pol
TAP_PART=names
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# clean FILE: no byte of FILE is a control character but the newline, and
# it is valid UTF-8
clean() {
	[ "$(LC_ALL=C tr -d '\n' <"$1" | LC_ALL=C tr -d '[:print:]\200-\377' | wc -c)" = 0 ] &&
		python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1"
}

[ -x "$V" ] || die "$V missing (make tool)"
[ -f "$FIX/modules/banned-p384.ko" ] ||
	die "fixtures missing (make fixtures)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
d=$work/names
mkdir -p "$d"

# name -> its text form (what every output must show)
declare -A text=(
	[$'x: allow\n  signature: none\ny']='x: allow\x0a  signature: none\x0ay'
	[$'tab\tname']='tab\x09name'
	[$'esc\033]0;pwned\007']='esc\x1b]0;pwned\x07'
	[$'bad\xff\xfe\xc2\x9b31m']='bad\xff\xfe\xc2\x9b31m'
	['back\slash']='back\\slash'
	['plain name é']='plain name é'
)
for n in "${!text[@]}"; do
	cp "$FIX/bin/banned-p256-cert" "$d/$n"
done
# a path whose newline would forge a scan line for /innocent: the
# directory "a<newline>deny " holds "innocent rule=1 label=forged"
mkdir "$d/a"$'\n''deny '
cp "$FIX/bin/banned-p256-cert" "$d/a"$'\n''deny /innocent rule=1 label=forged'
cp "$FIX/bin/unsigned" "$d/innocent"

# --- scan --------------------------------------------------------------------

"$V" scan --policy "$POL" "$d" >"$work/scan" 2>/dev/null || true
check "scan: one deny line per banned file, none forged" \
	[ "$(grep -c '^deny ' "$work/scan")" = $((${#text[@]} + 1)) ]
check "scan: no line names /innocent" [ "$(grep -c '^deny /innocent ' "$work/scan")" = 0 ]
check "scan: the path with a newline, on its line" grep -qxF \
	"deny $d/a\x0adeny /innocent rule=1 label=forged rule=5 label=banned-o" "$work/scan"
check "scan: no control byte, valid UTF-8" clean "$work/scan"
all=1
for n in "${!text[@]}"; do
	grep -qxF "deny $d/${text[$n]} rule=5 label=banned-o" "$work/scan" || all=0
done
check "scan: every name in the text form" [ "$all" = 1 ]
"$V" scan --json --policy "$POL" "$d" >"$work/scan.json" 2>/dev/null || true
{ printf '%s\n' "${text[@]}" 'a\x0adeny /innocent rule=1 label=forged'; } |
	sed "s|^|$d/|" | sort >"$work/want"
check "scan --json: the same text form as the text output" python3 - "$work/scan.json" "$work/want" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = sorted(r["path"] for r in d["results"])
want = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert got == want, (got, want)
EOF

# --- test and inspect -----------------------------------------------------------

all=1
for n in "${!text[@]}"; do
	"$V" test --policy "$POL" "$d/$n" >"$work/test" 2>&1 || true
	if [ "$(head -n 1 "$work/test")" != "$d/${text[$n]}: deny" ] ||
		! clean "$work/test"; then
		all=0
	fi
	"$V" test --json --policy "$POL" "$d/$n" >"$work/test.json" 2>&1 || true
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["file"] == sys.argv[2]' \
		"$work/test.json" "$d/${text[$n]}" || all=0
	"$V" inspect "$d/$n" >"$work/inspect" 2>&1 || true
	if [ "$(head -n 1 "$work/inspect")" != "$d/${text[$n]}" ] ||
		! clean "$work/inspect"; then
		all=0
	fi
	"$V" inspect --json "$d/$n" >"$work/inspect.json" 2>&1 || true
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))[0]["file"] == sys.argv[2]' \
		"$work/inspect.json" "$d/${text[$n]}" || all=0
done
check "test and inspect: the text form, in text and JSON" [ "$all" = 1 ]
"$V" test --policy "$POL" "$d/"$'x: allow\n  signature: none\ny' >"$work/test" 2>&1 || true
"$V" test --policy "$POL" "$d/tab"$'\t''name' >"$work/test.tab" 2>&1 || true
check "test: a name cannot forge an allow line" test \
	"$(grep -c 'allow' "$work/test")" = 1 -a \
	"$(grep -c . "$work/test")" = "$(grep -c . "$work/test.tab")"
err=$("$V" test --policy "$POL" "$d/"$'nope\033[2J' 2>&1 || true)
check "test: an error names the file in the text form" grep -qF 'nope\x1b[2J' <<<"$err"

# --- a certificate name --------------------------------------------------------

# a certificate whose O holds an ESC sequence, embedded in a signature
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/evil.key" -out "$work/evil.pem" \
	-days 1 -subj "/O=Evil$(printf '\033')[31mCorp/CN=x" 2>/dev/null
"$ROOT/scripts/sign-appended.sh" --mode cert --key "$work/evil.key" --cert "$work/evil.pem" \
	--hash sha256 "$FIX/bin/unsigned" "$work/evil-signed" >/dev/null
"$V" inspect "$work/evil-signed" >"$work/inspect" 2>&1 || true
check "inspect: a certificate's name in the text form" grep -qF \
	'Evil\x1b[31mCorp  [agree]' "$work/inspect"
check "inspect: no control byte" clean "$work/inspect"

# --- status, show, diff --------------------------------------------------------

sfs=$work/sfs
mkdir -p "$sfs"
printf 'form: builtin\npolicy: evil\033[31m\nversion: 1\nmode: enforce\nlocked: no\nlast_error: line 1, column 1: bad\x9b\n' >"$sfs/status"
# The kernel refuses control bytes and invalid UTF-8 in a policy: the
# text of show and diff prints unchanged (quotes and backslashes are the
# policy's own escapes), so what show prints can be loaded again.
printf '%s\n' 'vendorban-policy 1' 'name p' 'version 1' 'default allow' \
	'deny subject-o "A \"Q\" \\ é" label=x' >"$sfs/policy"
"$V" --root "$sfs" status >"$work/status" 2>&1 || true
check "status: names in the text form" grep -qxF 'policy: evil\x1b[31m' "$work/status"
check "status: no control byte" clean "$work/status"
"$V" --root "$sfs" status --json >"$work/status.json" 2>&1 || true
check "status --json: the same text form" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["policy"] == "evil\\x1b[31m" and d["last_error"] == "line 1, column 1: bad\\x9b", d' \
	"$work/status.json"
"$V" --root "$sfs" show >"$work/show" 2>&1 || true
check "show: the policy text unchanged" cmp -s "$work/show" "$sfs/policy"
printf '%s\n' 'vendorban-policy 1' 'name q' 'version 2' 'default allow' \
	'deny subject-o "B \\ é" label=y' >"$work/new.pol"
"$V" --root "$sfs" diff "$work/new.pol" >"$work/diff" 2>&1 || true
check "diff: the rules as the policies write them" test \
	"$(grep -cxF -e '- deny subject-o "A \"Q\" \\ é" label=x  (was line 5)' \
		-e "+ deny subject-o \"B \\\\ é\" label=y  ($work/new.pol:5)" "$work/diff")" = 2
check "diff: no control byte, valid UTF-8" clean "$work/diff"

# --- file types by content -----------------------------------------------------

k=$work/kinds
mkdir -p "$k"
printf 'not a module\n' >"$k/notes.ko"
xz --check=crc32 -c <"$k/notes.ko" >"$k/text.ko.xz"
xz --check=crc32 -c <"$FIX/bin/banned-p256-cert" >"$k/program.ko.xz"
install -m 0644 "$FIX/modules/banned-p384.ko" "$k/module.bin"
xz --check=crc32 -c <"$FIX/modules/banned-p384.ko" >"$k/module.ko.xz"
"$V" scan --policy "$POL" "$k" >"$work/kinds.out" 2>&1 || true
check "kinds: a text file named *.ko is no module, nor a compressed text or program" grep -qx \
	'summary: 2 files checked (0 executables, 0 other ELF files, 2 kernel modules, 0 PE files), 2 deny, 0 audit, 0 unreadable' \
	"$work/kinds.out"
check "kinds: a module is one whatever its name, and compressed" [ \
	"$(grep '^deny ' "$work/kinds.out" | cut -d' ' -f2 | sort | tr '\n' ' ')" = "$k/module.bin $k/module.ko.xz " ]

# --- progress: at most 4 redraws a second ----------------------------------------

p=$work/progress
mkdir -p "$p"
for i in $(seq 1 3000); do
	: >"$p/f$i"
	chmod 0755 "$p/f$i"
done
start=$(date +%s%N)
script -qec "'$V' scan --policy '$POL' '$p' >/dev/null" "$work/typescript" >/dev/null 2>&1 || true
ms=$((($(date +%s%N) - start) / 1000000))
draws=$(grep -ao $'\r\\[' "$work/typescript" | wc -l)
check "progress: $draws redraws in $ms ms of 3000 files (at most 4 a second)" \
	test "$draws" -ge 1 -a "$draws" -le $((ms / 250 + 2))

tap_done
