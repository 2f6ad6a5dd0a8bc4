#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# lint_test.sh - policies that compile but do not do what they say:
# `compile` must warn with a fix for each (and fail with --strict), `test`
# must say why an allow rule that matched did not count, and `diff` /
# `load --dry-run` must show what changes against the policy in force.
# Every warning's fix is checked to be right (the suggested text denies
# the banned fixture).  Ends with "lint: N passed, N failed".

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
PKI=$ROOT/build/pki
TAP_PART=lint
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# has NAME FILE TEXT: FILE contains the fixed string TEXT
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1: no '$3' in:"; sed 's/^/    /' "$2"; fi
}

# lacks NAME FILE TEXT: FILE does not contain TEXT
lacks() {
	if grep -qF -- "$3" "$2"; then not_ok "$1: unexpected '$3' in:"
		sed 's/^/    /' "$2"; else ok "$1"; fi
}

[ -x "$V" ] || die "$V missing"
if [ ! -d "$PKI/banned" ] || [ ! -d "$FIX/bin" ]; then
	"$ROOT/scripts/make-fixtures.sh" "$FIX" >/dev/null
fi
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

hdr() {
	printf 'vendorban-policy 1\nname lint\nversion 1\ndefault %s\n' "$1"
}

# clean NAME: the last compile_diag succeeded and printed nothing
clean() {
	if [ "$rc" -eq 0 ] && [ ! -s "$w/err" ]; then ok "$1"; else
		not_ok "$1 (exit $rc):"; sed 's/^/    /' "$w/err"; fi
}

# compile_diag POLICY: compile it, keep stderr in $w/err and exit in $rc
compile_diag() {
	set +e
	"$V" compile -o "$w/out" "$@" 2>"$w/err"
	rc=$?
	set -e
}

ISS_RFC='CN=Kaspersky Test Intermediate CA,O=AO Kaspersky Lab,C=RU'
ISS_OSSL='C = RU, O = AO Kaspersky Lab, CN = Kaspersky Test Intermediate CA'
ISS_SLASH='/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Test Intermediate CA'
ISS_REV='C=RU,O=AO Kaspersky Lab,CN=Kaspersky Test Intermediate CA'
banned=$FIX/bin/banned-p256-nocert	# signed by sign-file: no certificate

# --- DNs as OpenSSL and sbverify print them -----------------------------------

check "the RFC 4514 issuer bans the fixture" \
	[ "$("$V" test --policy <(hdr allow; echo "deny issuer \"$ISS_RFC\"") "$banned" |
		sed -n 1p)" = "$banned: deny" ]
n=0
for dn in "$ISS_OSSL" "$ISS_SLASH" "$ISS_REV"; do
	n=$((n + 1))
	{ hdr allow; echo "deny issuer \"$dn\" label=x"; } >"$w/dn$n.vbpolicy"
	compile_diag "$w/dn$n.vbpolicy"
	check "DN form $n: compiles (a warning is not an error)" [ "$rc" -eq 0 ]
	has "DN form $n: warns at its line" "$w/err" "dn$n.vbpolicy:5:"
	has "DN form $n: names the problem" "$w/err" "warning: issuer DN is not in the form the kernel compares"
	has "DN form $n: offers the converted rule" "$w/err" "deny issuer \"$ISS_RFC\" label=x"
	fixed=$(sed -n 's/.*fix: *//p' "$w/err" | sed -n 1p)
	check "DN form $n: the fix bans the fixture" \
		[ "$("$V" test --policy <(hdr allow; echo "$fixed") "$banned" | sed -n 1p)" = "$banned: deny" ]
	rc_is 1 "DN form $n: --strict makes it an error" "$V" compile --strict -o /dev/null "$w/dn$n.vbpolicy"
done
serial=$(openssl x509 -in "$PKI/banned/leaf-p256.pem" -noout -serial | cut -d= -f2)
{ hdr allow; echo "deny issuer-serial \"$ISS_SLASH\" $serial"; } >"$w/dn-is.vbpolicy"
compile_diag "$w/dn-is.vbpolicy"
has "issuer-serial with an sbverify DN: fix" "$w/err" "deny issuer-serial \"$ISS_RFC\" $serial"
{ hdr allow; echo "deny issuer \"$ISS_RFC\""; printf '%s\n' 'deny issuer "CN=A\\, B,O=X\\+Y"'
	echo 'deny issuer "OU=Unusual Order,CN=Still Right"'; } >"$w/dn-ok.vbpolicy"
compile_diag "$w/dn-ok.vbpolicy"
clean "an RFC 4514 DN: no warning"

# --- a CA certificate in cert-file; ca-file -------------------------------------

mkdir -p "$w/certs"
cp "$PKI/banned/inter.pem" "$PKI/banned/root.pem" "$PKI/banned/chain.pem" "$w/certs/"
{ hdr allow; echo 'deny cert-file "certs/inter.pem"'; } >"$w/ca-cert.vbpolicy"
compile_diag "$w/ca-cert.vbpolicy"
has "deny cert-file of a CA: warns" "$w/err" \
	"ca-cert.vbpolicy:5:16: warning: certificate 1 of 'certs/inter.pem' is a CA"
has "deny cert-file of a CA: the fix is ca-file" "$w/err" 'fix: deny ca-file "certs/inter.pem"'
check "deny cert-file of a CA does not ban what it issued (why the warning)" \
	[ "$("$V" test --policy "$w/ca-cert.vbpolicy" "$banned" 2>/dev/null | sed -n 1p)" = "$banned: allow" ]
{ hdr allow; echo 'deny ca-file "certs/inter.pem" label=banned-ca'; } >"$w/ca-file.vbpolicy"
compile_diag "$w/ca-file.vbpolicy"
clean "ca-file compiles without warning"
check "ca-file makes a ca rule" grep -qx \
	"deny ca $(od -An -v -tx1 "$PKI/banned/inter.der" | tr -d ' \n') label=banned-ca" "$w/out"
rc_is 3 "ca-file bans what the CA issued" "$V" test --policy "$w/ca-file.vbpolicy" "$banned"
{ hdr allow; echo 'deny ca-file "certs/chain.pem"'; } >"$w/ca-chain.vbpolicy"
check "ca-file of a bundle: one ca rule per certificate" \
	[ "$("$V" compile "$w/ca-chain.vbpolicy" | grep -c '^deny ca ')" = "$(grep -c BEGIN "$w/certs/chain.pem")" ]
{ hdr deny; echo 'allow ca-file "certs/inter.pem"'; } >"$w/ca-allow.vbpolicy"
# (--no-boot-check: under default deny, this machine's init is refused,
# which the boot check says; brick_test.sh tests that)
compile_diag --no-boot-check "$w/ca-allow.vbpolicy"
clean "allow ca-file compiles without warning (its chains are verified)"
check "allow ca-file makes an allow ca rule" grep -qx \
	"allow ca $(od -An -v -tx1 "$PKI/banned/inter.der" | tr -d ' \n')" "$w/out"
cp "$PKI/banned/leaf-p256.pem" "$w/certs/leaf.pem"
{ hdr allow; echo 'deny ca-file "certs/leaf.pem"'; } >"$w/ca-leaf.vbpolicy"
compile_diag "$w/ca-leaf.vbpolicy"
has "ca-file of a leaf: warns" "$w/err" \
	"warning: certificate 1 of 'certs/leaf.pem' is not a CA: 'ca' matches only files it signed itself"

# --- a bundle with a certificate that cannot be parsed --------------------------

cat "$PKI/good/leaf-p256.pem" "$PKI/good/leaf-rsa2048.pem" >"$w/certs/bundle.pem"
line3=$(($(wc -l <"$w/certs/bundle.pem") + 1))
sed '5s/[A-Za-z]/!/g' "$PKI/good/leaf-p384.pem" >>"$w/certs/bundle.pem"
{ hdr deny; echo 'allow cert-file "certs/bundle.pem"'; } >"$w/bundle.vbpolicy"
compile_diag "$w/bundle.vbpolicy"
check "a corrupt certificate in a bundle fails the compile" [ "$rc" -eq 1 ]
has "names the certificate by index and line" "$w/err" \
	"bundle.vbpolicy:5:17: certificate 3 of 'certs/bundle.pem' (line $line3) cannot be parsed"
head -c 300 "$PKI/good/leaf-p256.der" >"$w/certs/short.der"
{ hdr allow; echo 'deny cert-file "certs/short.der"'; } >"$w/short.vbpolicy"
compile_diag "$w/short.vbpolicy"
has "a truncated DER certificate is an error" "$w/err" \
	"short.vbpolicy:5:16: certificate 1 of 'certs/short.der' cannot be parsed"
{ cat "$PKI/good/leaf-p256.pem"; sed -n '1,4p' "$PKI/good/leaf-rsa2048.pem"; } >"$w/certs/cut.pem"
{ hdr deny; echo 'allow cert-file "certs/cut.pem"'; } >"$w/cut.vbpolicy"
compile_diag "$w/cut.vbpolicy"
has "a PEM block without its END line is an error" "$w/err" \
	"certificate 2 of 'certs/cut.pem' (line $(($(wc -l <"$PKI/good/leaf-p256.pem") + 1))) cannot be parsed"

# --- a UTF-8 byte order mark -----------------------------------------------------

{ printf '\357\273\277'; hdr allow; echo 'deny subject-o "X"'; } >"$w/bom.vbpolicy"
{ hdr allow; echo 'deny subject-o "X"'; } >"$w/nobom.vbpolicy"
set +e
"$V" compile "$w/bom.vbpolicy" >"$w/bom.out" 2>"$w/err"
rc=$?
set -e
check "a BOM is accepted" [ "$rc" -eq 0 ]
check "a BOM changes nothing" cmp -s "$w/bom.out" <("$V" compile "$w/nobom.vbpolicy" 2>/dev/null)
lacks "a BOM: no 'expected header'" "$w/err" "expected"
mkdir -p "$w/vendors"
{ printf '\357\273\277'; echo 'issuer "CN=V"'; } >"$w/vendors/bom.vendor"
{ printf '\357\273\277'; echo 'deny issuer "CN=I"'; } >"$w/bom.inc"
{ hdr allow; echo 'deny vendor bom'; echo 'include "bom.inc"'; } >"$w/bom2.vbpolicy"
check "a BOM in a vendor file and an include" \
	[ "$("$V" compile "$w/bom2.vbpolicy" 2>/dev/null | tail -n 2 | tr '\n' '|')" = \
	'deny issuer "CN=V" label=bom|deny issuer "CN=I"|' ]

# --- duplicate and shadowed rules ------------------------------------------------

cat >"$w/dup.vbpolicy" <<'EOF'
vendorban-policy 1
name dup
version 1
default allow
deny subject-o "X" label=a
audit subject-cn "Y"
deny subject-o "X" label=b
deny subject-cn "Y"
deny unsigned
deny unsigned
EOF
compile_diag "$w/dup.vbpolicy"
check "duplicates compile" [ "$rc" -eq 0 ]
has "duplicate: both lines" "$w/err" \
	"dup.vbpolicy:7:1: warning: this rule repeats the rule at $w/dup.vbpolicy:5"
has "shadowed: both lines and why" "$w/err" \
	"dup.vbpolicy:8:1: warning: this rule never decides: the rule at $w/dup.vbpolicy:6 matches the same files first"
has "duplicate selector without value" "$w/err" \
	"dup.vbpolicy:10:1: warning: this rule repeats the rule at $w/dup.vbpolicy:9"
rc_is 1 "duplicates with --strict" "$V" compile --strict -o /dev/null "$w/dup.vbpolicy"
cp "$PKI/good/leaf-p256.pem" "$w/certs/good.pem"
{ hdr allow; echo 'allow cert-file "certs/good.pem"'; echo 'deny cert-file "certs/good.pem"'; } \
	>"$w/allow-deny.vbpolicy"
compile_diag "$w/allow-deny.vbpolicy"
clean "an unproven allow does not shadow a deny of the same certificate"

# --- subject rules where signatures carry no certificate -------------------------

{ hdr allow; echo 'deny subject-cn "Build time autogenerated kernel key"'; } >"$w/subj.vbpolicy"
compile_diag "$w/subj.vbpolicy"
check "subject-only policy compiles" [ "$rc" -eq 0 ]
has "subject-only policy: warns at the rule" "$w/err" \
	"subj.vbpolicy:5:1: warning: subject-cn matches only signatures that embed the signer's certificate"
has "subject-only policy: says why (sign-file)" "$w/err" "sign-file"
has "subject-only policy: offers identity rules" "$w/err" "issuer-serial"
has "subject-only policy: offers cert-file" "$w/err" "cert-file"
check "why: the subject rule misses a sign-file signature" \
	[ "$("$V" test --policy <(hdr allow; echo 'deny subject-o "AO Kaspersky Lab"') "$banned" |
		sed -n 1p)" = "$banned: allow" ]
{ hdr allow; echo 'deny subject-cn "K"'; echo "deny issuer-serial \"$ISS_RFC\" $serial"; } \
	>"$w/subj-ok.vbpolicy"
compile_diag "$w/subj-ok.vbpolicy"
clean "subject rule beside an issuer-serial rule: no warning"
rc_is 1 "subject-only with --strict" "$V" compile --strict -o /dev/null "$w/subj.vbpolicy"
rc_is 0 "test and scan do not lint" "$V" test --policy "$w/subj.vbpolicy" "$FIX/bin/hello"
check "test prints no lint warnings" \
	[ -z "$("$V" test --policy "$w/subj.vbpolicy" "$FIX/bin/hello" 2>&1 >/dev/null)" ]

# --- test: an allow rule that matched but was not proven --------------------------

cp "$PKI/good/leaf-rsa2048.pem" "$w/certs/good-rsa.pem"
{ hdr deny; echo 'allow cert-file "certs/good-rsa.pem" label=good'; } >"$w/allow.vbpolicy"
set +e
"$V" test --policy "$w/allow.vbpolicy" "$FIX/bin/pe-good" >"$w/pe.out" 2>&1
rc=$?
set -e
check "test: an Authenticode signature proves the allow (the PE image digest)" [ "$rc" -eq 0 ]
lacks "test: the proven PE allow has no 'unproven' line" "$w/pe.out" "unproven"
python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[0x20a] ^= 1; open(sys.argv[2], 'wb').write(b)" \
	"$FIX/bin/pe-good" "$w/pe-changed"
set +e
"$V" test --policy "$w/allow.vbpolicy" "$w/pe-changed" >"$w/pe.out" 2>&1
rc=$?
set -e
check "test: a PE whose image changed after signing is denied" [ "$rc" -eq 3 ]
has "test: says the PE's signature does not verify" "$w/pe.out" \
	"  unproven:  line 5, label good: matched signer 0, but the signature does not verify with the rule's certificate"
for f in forged-good modified-good; do
	set +e
	"$V" test --policy "$w/allow.vbpolicy" "$FIX/bin/$f" >"$w/f.out" 2>&1
	rc=$?
	set -e
	check "test $f: denied" [ "$rc" -eq 3 ]
	has "test $f: the signature does not verify" "$w/f.out" \
		"  unproven:  line 5, label good: matched signer 0, but the signature does not verify with the rule's certificate"
done
"$V" test --policy "$w/allow.vbpolicy" "$FIX/bin/good-rsa2048-nocert" >"$w/g.out" 2>&1 || true
lacks "test: a proven allow has no 'unproven' line" "$w/g.out" "unproven"
check "test --json names the unproven allow" grep -q \
	'"unproven": \[{"rule_line": 5, "label": "good", "signer": 0, "why": "verify"}\]' \
	<("$V" test --json --policy "$w/allow.vbpolicy" "$w/pe-changed")

# --- diff and load --dry-run -----------------------------------------------------

sfs=$w/sfs
mkdir -p "$sfs"
cat >"$w/old.vbpolicy" <<'EOF'
vendorban-policy 1
name p
version 1
default allow
deny subject-o "A" label=a
deny subject-o "B" label=b
deny subject-o "C" label=c
deny malformed
EOF
cat >"$w/new.vbpolicy" <<'EOF'
vendorban-policy 1
name p
version 2
default deny
unverifiable audit
memory-modules allow
deny subject-o "C" label=c
deny subject-o "A" label=a
deny subject-o "D" label=d
deny malformed
EOF
"$V" compile "$w/old.vbpolicy" >"$sfs/policy"
printf 'enforce\n' >"$sfs/mode"
export VENDORBAN_SECURITYFS=$sfs
set +e
"$V" diff "$w/new.vbpolicy" >"$w/diff.out" 2>&1
rc=$?
set -e
check "diff exits 3 when something changes" [ "$rc" -eq 3 ]
has "diff: version" "$w/diff.out" "~ version 1 -> 2"
has "diff: default" "$w/diff.out" "~ default allow -> deny"
has "diff: setting" "$w/diff.out" "~ unverifiable deny -> audit"
has "diff: memory-modules" "$w/diff.out" "~ memory-modules deny -> allow"
has "diff: added, with its source" "$w/diff.out" "+ deny subject-o \"D\" label=d  ($w/new.vbpolicy:9)"
has "diff: removed, with its old line" "$w/diff.out" "- deny subject-o \"B\" label=b  (was line 6)"
has "diff: moved" "$w/diff.out" "> deny subject-o \"C\" label=c  (position 3 -> 1)"
lacks "diff: an unmoved rule is not listed" "$w/diff.out" 'subject-o "A"'
has "diff: summary" "$w/diff.out" "summary: 1 added, 1 removed, 1 moved, 4 settings changed"
rc_is 0 "diff: no change exits 0" "$V" diff "$w/old.vbpolicy"
check "diff: no change says so" grep -qx "summary: no change" <("$V" diff "$w/old.vbpolicy")
rc_is 0 "diff --help" "$V" diff --help
check "diff --help documents the exit codes" grep -q "Exits 0 if nothing would change, 3 if something would, 1 on errors" \
	<("$V" diff --help)
check "load --help documents --dry-run" grep -q -- "--dry-run" <("$V" load --help)
check "compile --help documents --strict" grep -q -- "--strict" <("$V" compile --help)
rc_is 2 "diff without POLICY" "$V" diff
rc_is 1 "diff of a bad policy" "$V" diff "$FIX/policies/bad-odd-hex.pol"
: >"$sfs/policy"
check "diff against no policy: every rule added" grep -qx \
	"summary: 4 added, 0 removed, 0 moved, 0 settings changed (no policy in force)" <("$V" diff "$w/new.vbpolicy")
"$V" compile "$w/old.vbpolicy" >"$sfs/policy"
cp "$sfs/policy" "$w/before"
set +e
"$V" load --dry-run "$w/new.vbpolicy" >"$w/dry.out" 2>&1
rc=$?
set -e
# new.vbpolicy is "default deny": the boot check refuses it (init, libc...)
check "load --dry-run exits 1: the boot check refuses a default deny" [ "$rc" -eq 1 ]
has "load --dry-run names what the boot needs" "$w/dry.out" "(shell (/bin/sh: the boot scripts)): the default (default deny)"
has "load --dry-run shows the diff" "$w/dry.out" "- deny subject-o \"B\" label=b  (was line 6)"
has "load --dry-run says nothing was loaded" "$w/dry.out" "dry run: policy p version 2 (4 rules) not loaded"
check "load --dry-run writes nothing" cmp -s "$sfs/policy" "$w/before"
rc_is 1 "diff without securityfs fails" "$V" --root "$w/none" diff "$w/new.vbpolicy"
unset VENDORBAN_SECURITYFS

tap_done
