#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - host tests of vendorbanctl (build/userspace/vendorbanctl)
#
# The compiler on good and bad policies (each bad one in bad/ names the
# exact "FILE:LINE:COL: reason" it must produce on its first line), inspect
# against OpenSSL on every signed fixture, test and scan against the
# fixture policies with exact expected lists, and load/show/status/mode/
# lock against a fake securityfs directory of plain files.  Ends with
# "tool: N passed, N failed"; exits 1 if any failed.

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/tool
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
UFIX=${VENDORBAN_FIXTURES:-$ROOT/build/unit-fixtures}
PKI=$ROOT/build/pki
passed=0 failed=0

die() {
	echo "run.sh: error: $*" >&2
	exit 1
}

ok() {
	passed=$((passed + 1))
	echo "ok: $*"
}

not_ok() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}

# check NAME CMD...: the command must succeed
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# rc_is WANT NAME CMD...: the command must exit with WANT
rc_is() {
	want=$1 name=$2
	shift 2
	set +e
	"$@" >/dev/null 2>&1
	rc=$?
	set -e
	if [ "$rc" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $rc, want $want)"; fi
}

[ -x "$V" ] || die "$V missing (make -C userspace)"
"$ROOT/scripts/make-fixtures.sh" "$FIX" >/dev/null || die "make-fixtures.sh failed"
[ -f "$UFIX/sigs.list" ] || "$ROOT/tests/unit/make-unit-fixtures.sh" "$UFIX" >/dev/null ||
	die "make-unit-fixtures.sh failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- command line -------------------------------------------------------------

for cmd in compile load sign show status mode lock inspect test scan; do
	rc_is 0 "$cmd --help" "$V" "$cmd" --help
done
rc_is 0 "--help" "$V" --help
rc_is 2 "unknown command is a usage error" "$V" frobnicate
rc_is 2 "missing command is a usage error" "$V"
rc_is 2 "compile without POLICY" "$V" compile
rc_is 2 "bad option" "$V" scan --no-such-option
rc_is 2 "mode with a bad value" "$V" mode sometimes

# --- the compiler: good policies ---------------------------------------------

canon() {
	"$V" compile "$1"
}

check "kernel-format example compiles to itself" \
	cmp -s <(canon "$ROOT/policy/eu-kaspersky-ban.policy") \
	<(grep -v '^#' "$ROOT/policy/eu-kaspersky-ban.policy" | grep -v '^$')
check "eu-kaspersky-ban.vbpolicy compiles to eu-kaspersky-ban.policy" \
	cmp -s <(canon "$ROOT/policy/eu-kaspersky-ban.vbpolicy") \
	<(canon "$ROOT/policy/eu-kaspersky-ban.policy")
check "canonical form of canon-input.pol" \
	cmp -s <(canon "$FIX/policies/canon-input.pol") "$FIX/policies/canon-expected.pol"
check "compile -o writes the file" "$V" compile -o "$work/out.pol" \
	"$FIX/policies/canon-input.pol"
check "compile -o content" cmp -s "$work/out.pol" "$FIX/policies/canon-expected.pol"
check "compile reads standard input" \
	cmp -s <("$V" compile - <"$FIX/policies/canon-input.pol") "$FIX/policies/canon-expected.pol"
for p in "$FIX"/policies/*.pol; do
	case ${p##*/} in bad-*) continue ;; esac
	check "compiles ${p##*/}" "$V" compile -o /dev/null "$p"
done

derhex() {
	od -An -v -tx1 "$1" | tr -d ' \n'
}

# cert-file: a PEM bundle gives one rule per certificate, a DER file one.
mkdir -p "$work/lock/certs"
cat "$PKI/good/leaf-rsa2048.pem" "$PKI/good/leaf-p256.pem" >"$work/lock/certs/trusted-vendors.pem"
cp "$ROOT/policy/lockdown.vbpolicy" "$work/lock/"
{
	printf 'vendorban-policy 1\nname lockdown\nversion 1\ndefault deny\n'
	for kt in rsa2048 p256; do
		echo "allow cert $(derhex "$PKI/good/leaf-$kt.der") label=trusted-vendor"
	done
} >"$work/lock/expected"
check "cert-file: PEM bundle, one allow cert per certificate" \
	cmp -s <(canon "$work/lock/lockdown.vbpolicy") "$work/lock/expected"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\ndeny cert-file "%s"\n' \
	"$PKI/banned/leaf-p384.der" >"$work/der.vbpolicy"
check "cert-file: DER certificate" \
	grep -qx "deny cert $(derhex "$PKI/banned/leaf-p384.der")" <(canon "$work/der.vbpolicy")
cp "$PKI/good/chain.pem" "$work/chain.pem"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault deny\nallow cert-file "chain.pem"\n' \
	>"$work/ca.vbpolicy"
check "cert-file: allowing a CA certificate warns" \
	grep -q "ca.vbpolicy:5:17: warning: certificate 1 of 'chain.pem' is a CA" \
	<("$V" compile -o /dev/null "$work/ca.vbpolicy" 2>&1)
mkdir -p "$work/vdir"
printf 'subject-cn "Other"\n' >"$work/vdir/other.vendor"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\naudit vendor other\n' \
	>"$work/v.vbpolicy"
check "--vendors DIR" grep -qx 'audit subject-cn "Other" label=other' \
	<("$V" compile --vendors "$work/vdir" "$work/v.vbpolicy")
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\ninclude "inc/r.inc"\n' \
	>"$work/i.vbpolicy"
mkdir -p "$work/inc"
printf '# rules\ndeny subject-o "X" label=x\n' >"$work/inc/r.inc"
check "include" grep -qx 'deny subject-o "X" label=x' <(canon "$work/i.vbpolicy")

# --- the compiler: bad policies ------------------------------------------------

# Each names its exact message on line 1: "# expect: FILE:LINE:COL: reason".
for p in "$HERE"/bad/*.vbpolicy; do
	want=$(head -n 1 "$p" | sed 's/^# expect: //')
	set +e
	got=$(cd "$HERE/bad" && "$V" compile "${p##*/}" 2>&1 >/dev/null)
	rc=$?
	set -e
	if [ "$rc" -eq 1 ] && [ "${got#"$want"}" != "$got" ]; then
		ok "bad/${p##*/}"
	else
		not_ok "bad/${p##*/}: got '$got' (exit $rc), want '$want'"
	fi
done
# The fixtures' bad policies: "# expect: line L: reason" on line 1.
for p in "$FIX"/policies/bad-*.pol; do
	line=$(head -n 1 "$p" | sed 's/^# expect: line \([0-9]*\): .*/\1/')
	reason=$(head -n 1 "$p" | sed 's/^# expect: line [0-9]*: //')
	set +e
	got=$("$V" compile "$p" 2>&1 >/dev/null)
	rc=$?
	set -e
	case $got in
	"$p:$line:"*"$reason"*) [ "$rc" -eq 1 ] && ok "${p##*/}" || not_ok "${p##*/}: exit $rc" ;;
	*) not_ok "${p##*/}: got '$got', want '$p:$line:...$reason'" ;;
	esac
done

# --- inspect: the kernel's parser and OpenSSL agree ----------------------------

signed=$(ls "$FIX"/bin/banned-* "$FIX"/bin/good-* "$FIX"/bin/forged-good \
	"$FIX"/bin/modified-good "$FIX"/bin/script-banned-itself "$UFIX"/sigs/*.signed)
for f in $signed; do
	out=$("$V" inspect "$f" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q DISAGREE <<<"$out" &&
		grep -q '^  signature  *present  \[agree\]$' <<<"$out"; then
		ok "inspect agrees: ${f#"$ROOT"/}"
	else
		not_ok "inspect: ${f#"$ROOT"/}: $out"
	fi
done
n=$(echo "$signed" | wc -l)
[ "$n" -ge 50 ] && ok "inspect covered $n signed files" || not_ok "only $n signed files"

# field VALUE FILE FIELD: the field as inspect prints it
field() {
	"$V" inspect "$1" | sed -n "s/^  $2  *\(.*\)  \[agree\]\$/\1/p"
}

for kt in rsa2048 rsa4096 p256 p384; do
	f=$FIX/bin/banned-$kt-cert
	check "inspect $kt fingerprint" \
		[ "$(field "$f" signer0.cert.fingerprint)" = "$(cat "$FIX/expect/banned-$kt.fpr")" ]
	check "inspect $kt serial" \
		[ "$(field "$f" signer0.cert.serial)" = "$(cat "$FIX/expect/banned-$kt.serial")" ]
	check "inspect $kt sid serial (no certificate)" \
		[ "$(field "$FIX/bin/banned-$kt-nocert" signer0.sid.serial)" = \
		"$(cat "$FIX/expect/banned-$kt.serial")" ]
	check "inspect $kt subject O" \
		[ "$(field "$f" signer0.cert.subject-o)" = "$(cat "$FIX/expect/banned.o")" ]
done
check "inspect digest sha384" [ "$(field "$FIX/bin/banned-p384-cert" signer0.digest)" = sha384 ]
check "inspect key ecdsa" [ "$(field "$FIX/bin/banned-p384-cert" signer0.key)" = ecdsa ]
check "inspect key rsa, sha512" [ "$(field "$FIX/bin/banned-rsa4096-cert" signer0.digest)/$(field \
	"$FIX/bin/banned-rsa4096-cert" signer0.key)" = sha512/rsa ]
skid=$(openssl x509 -in "$PKI/banned/leaf-rsa2048.pem" -noout -ext subjectKeyIdentifier |
	tail -n 1 | tr -d ' :' | tr 'A-F' 'a-f')
check "inspect skid sid" [ "$(field "$FIX/bin/banned-rsa2048-skid" signer0.sid.skid)" = "$skid" ]
check "inspect chain: 3 certificates" \
	[ "$(field "$FIX/bin/banned-rsa2048-chain" certificates)" = 3 ]
check "inspect unsigned" grep -q '^  signature  *none$' <("$V" inspect "$FIX/bin/unsigned")
for m in garbage idtype truncated; do
	check "inspect malformed-$m" grep -q '^  signature  *malformed' \
		<("$V" inspect "$FIX/bin/malformed-$m")
done
check "inspect --json" grep -q '"name": "signer0.cert.subject-o", "vendorban": "AO Kaspersky Lab", "openssl": "AO Kaspersky Lab", "agree": true' \
	<("$V" inspect --json "$FIX/bin/banned-p256-cert")
rc_is 1 "inspect of a missing file" "$V" inspect "$work/none"

# --- inspect: Authenticode signatures of PE files -----------------------------

pe_signed=$(ls "$UFIX"/pe/*.pe "$FIX"/bin/pe-banned* "$FIX"/bin/pe-good* 2>/dev/null)
for f in $pe_signed; do
	out=$("$V" inspect "$f" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q DISAGREE <<<"$out" &&
		grep -q '^  signature  *present  \[agree\]$' <<<"$out" &&
		grep -q '^  signer0.cert.fingerprint  *[0-9a-f]\{64\}  \[agree\]$' <<<"$out"; then
		ok "inspect PE agrees: ${f#"$ROOT"/}"
	else
		not_ok "inspect PE: ${f#"$ROOT"/}: $out"
	fi
done
[ "$(echo "$pe_signed" | wc -l)" -ge 7 ] && ok "inspect covered the PE fixtures" ||
	not_ok "PE fixtures missing: $pe_signed"
# vendor_o LEAF: the subject O of a fixture leaf named good-... or banned-...
vendor_o() {
	case $1 in
	good-*) echo "Good Vendor GmbH" ;;
	banned-*) echo "AO Kaspersky Lab" ;;
	esac
}
while read -r pe leaf nested; do
	check "inspect PE $pe: signer is $leaf" \
		[ "$(field "$UFIX/pe/$pe.pe" signer0.cert.subject-o)" = "$(vendor_o "$leaf")" ]
	[ "$nested" = - ] && continue
	check "inspect PE $pe: nested signer is $nested" \
		[ "$(field "$UFIX/pe/$pe.pe" msg1.signer0.cert.subject-o)" = "$(vendor_o "$nested")" ]
done <"$UFIX/pe/pe.list"
check "inspect PE32" grep -q '^  format  *pe32$' <("$V" inspect "$UFIX/pe/banned-sha384.pe")
check "inspect PE32+" grep -q '^  format  *pe32+$' <("$V" inspect "$UFIX/pe/good-sha256.pe")
check "inspect PE sha384" [ "$(field "$UFIX/pe/banned-sha384.pe" signer0.digest)" = sha384 ]
check "inspect PE P-256 sha512" [ "$(field "$UFIX/pe/banned-p256-sha512.pe" signer0.digest)/$(field \
	"$UFIX/pe/banned-p256-sha512.pe" signer0.key)" = sha512/ecdsa ]
check "inspect PE without nested: one message" \
	[ -z "$(field "$UFIX/pe/good-sha256.pe" msg1.signers)" ]
for f in "$UFIX"/pe/unsigned32.exe "$UFIX"/pe/unsigned64.efi; do
	check "inspect unsigned PE ${f##*/}" grep -q '^  signature  *none$' <("$V" inspect "$f")
done
check "inspect --json nested PE" grep -q '"name": "msg1.signer0.cert.subject-o", "vendorban": "AO Kaspersky Lab", "openssl": "AO Kaspersky Lab", "agree": true' \
	<("$V" inspect --json "$UFIX/pe/nested.pe")
check "inspect --json PE is valid JSON" python3 -c 'import json,sys; json.load(sys.stdin)' \
	< <("$V" inspect --json "$UFIX/pe/nested.pe" "$UFIX/pe/good-sha256.pe")

# --- test and scan --------------------------------------------------------------

rc_is 3 "test: banned file denied" "$V" test --policy "$FIX/policies/ban-by-cert.pol" \
	"$FIX/bin/banned-p256-nocert"
rc_is 0 "test: good file runs" "$V" test --policy "$FIX/policies/ban-by-cert.pol" \
	"$FIX/bin/good-p256-cert"
check "test names the rule" grep -qx '  rule:      line 7, label banned-p256' \
	<("$V" test --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/banned-p256-nocert")
check "test names the source line" grep -qx "  source:    $ROOT/policy/eu-kaspersky-ban.vbpolicy:23" \
	<("$V" test --policy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" "$FIX/bin/banned-p256-cert")
check "test --json" grep -q '"decision": "deny", "signature": "present", "signer": 0, "rule_line": 5, "label": "kaspersky-ao"' \
	<("$V" test --json --policy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" "$FIX/bin/banned-p256-cert")
rc_is 3 "test: lockdown denies the forged file" "$V" test --policy "$work/lock/lockdown.vbpolicy" \
	"$FIX/bin/forged-good"
rc_is 0 "test: lockdown allows the good file without certificate" "$V" test \
	--policy "$work/lock/lockdown.vbpolicy" "$FIX/bin/good-rsa2048-nocert"

# The scans run over a fixed copy of the first 25 fixtures, so that new
# fixtures (added for the in-VM tests) do not change the expected lists.
SCAN=$work/scan
mkdir -p "$SCAN"
for f in hello unsigned banned-sh forged-good modified-good \
	banned-p256-cert banned-p256-nocert banned-p384-cert banned-p384-nocert \
	banned-rsa2048-cert banned-rsa2048-chain banned-rsa2048-nocert \
	banned-rsa2048-skid banned-rsa4096-cert banned-rsa4096-nocert \
	good-p256-cert good-p256-nocert good-rsa2048-cert good-rsa2048-nocert \
	malformed-garbage malformed-idtype malformed-truncated \
	script-banned-interp script-banned-itself script-good; do
	cp -p "$FIX/bin/$f" "$SCAN/$f" || die "fixture $f missing"
done

# scan_is NAME POLICY ACTION FILES...: scan lists exactly these files
scan_is() {
	name=$1 pol=$2 act=$3
	shift 3
	want=$(for f in "$@"; do echo "$act $SCAN/$f"; done | sort)
	got=$("$V" scan --policy "$pol" "$SCAN" 2>&1 | grep -E '^(deny|audit) ' |
		sed 's/ rule=.*//' | sort) || true
	if [ "$got" = "$want" ]; then ok "scan $name"; else
		not_ok "scan $name: got:"$'\n'"$got"$'\n'"want:"$'\n'"$want"; fi
}

cert_signed="banned-p256-cert banned-p384-cert banned-rsa2048-cert banned-rsa2048-chain
	banned-rsa4096-cert script-banned-itself"
iss_serial="$cert_signed banned-p256-nocert banned-p384-nocert banned-rsa2048-nocert
	banned-rsa4096-nocert banned-sh"
malformed="malformed-garbage malformed-idtype malformed-truncated"
# shellcheck disable=SC2086
{
# A malformed file that no rule decides for is refused whatever the default.
scan_is ban-by-issuer-serial "$FIX/policies/ban-by-issuer-serial.pol" deny $iss_serial $malformed
scan_is ban-by-issuer "$FIX/policies/ban-by-issuer.pol" deny $iss_serial $malformed
scan_is ban-by-cert "$FIX/policies/ban-by-cert.pol" deny $iss_serial banned-rsa2048-skid $malformed
scan_is ban-by-skid "$FIX/policies/ban-by-skid.pol" deny $cert_signed banned-rsa2048-skid $malformed
scan_is ban-by-fingerprint "$FIX/policies/ban-by-fingerprint.pol" deny $cert_signed $malformed
scan_is ban-by-subject-o "$FIX/policies/ban-by-subject-o.pol" deny $cert_signed $malformed
scan_is deny-malformed "$FIX/policies/deny-malformed.pol" deny $malformed
scan_is default-allow "$FIX/policies/default-allow.pol" deny $malformed
{ cat "$FIX/policies/audit-by-issuer-serial.pol"; echo 'allow malformed'; } \
	>"$work/audit-allow-malformed.pol"
scan_is "audit-by-issuer-serial, allow malformed" "$work/audit-allow-malformed.pol" \
	audit $iss_serial
scan_is eu-kaspersky-ban.vbpolicy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" deny $cert_signed $malformed
scan_is "lockdown.vbpolicy (allow proven by OpenSSL)" "$work/lock/lockdown.vbpolicy" deny \
	$iss_serial banned-rsa2048-skid $malformed forged-good modified-good hello unsigned \
	script-good script-banned-interp
}
check "scan prints rule and label" grep -qx \
	"deny $SCAN/banned-p384-nocert rule=8 label=banned-p384" \
	<("$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$SCAN")
check "scan summary" grep -qx 'summary: 25 files checked (25 executables, 0 other ELF files, 0 kernel modules, 0 PE files), 3 deny, 0 audit, 0 unreadable' \
	<("$V" scan --policy "$FIX/policies/deny-malformed.pol" "$SCAN")
rc_is 3 "scan exits 3 when something is denied" "$V" scan --policy "$FIX/policies/deny-malformed.pol" "$SCAN"
rc_is 0 "scan exits 0 when nothing is denied" "$V" scan --policy "$work/audit-allow-malformed.pol" "$SCAN"
check "scan: a malformed file no rule decides for is refused, with the reason" grep -qx \
	"deny $SCAN/malformed-garbage rule=none label=? reason=malformed" \
	<("$V" scan --policy "$FIX/policies/default-allow.pol" "$SCAN")
check "test: a malformed file no rule decides for is refused" grep -qx \
	'  rule:      none, refused: malformed' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/malformed-garbage")
check "test: a trailer appended to a banned file hides nothing" grep -qx \
	'  rule:      line 5, label banned-o' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/ms-elf-appended")
check "test: the crafted chain-walk trailer is refused (limit)" grep -qx \
	'  rule:      none, refused: limit' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/ms-chainbomb")
check "scan --json" python3 -c '
import json, sys
d = json.load(sys.stdin)
assert (d["checked"], d["denied"], d["audited"], d["errors"]) == (25, 3, 0, 0), d
assert d["kinds"] == {"executables": 25, "other_elf": 0, "kernel_modules": 0, "pe": 0}, d
assert d["unreadable"] == [] and d["skipped"] == [], d' \
	< <("$V" scan --json --policy "$FIX/policies/deny-malformed.pol" "$SCAN")
check "scan --json is valid JSON" python3 -c 'import json,sys; json.load(sys.stdin)' \
	< <("$V" scan --json --policy "$FIX/policies/ban-by-cert.pol" "$SCAN")

# --- test and scan: PE signatures, security.ima key id -------------------------

for p in ban-by-cert ban-by-fingerprint ban-by-issuer-serial ban-by-skid ban-ca-root; do
	rc_is 3 "test $p: banned PE" "$V" test --policy "$FIX/policies/$p.pol" "$FIX/bin/pe-banned"
	rc_is 3 "test $p: banned sbsign PE" "$V" test --policy "$FIX/policies/$p.pol" \
		"$FIX/bin/pe-banned-sbsign"
	rc_is 0 "test $p: good PE, banned timestamp countersigner" "$V" test \
		--policy "$FIX/policies/$p.pol" "$FIX/bin/pe-good-ts-banned"
	rc_is 0 "test $p: good PE" "$V" test --policy "$FIX/policies/$p.pol" "$FIX/bin/pe-good"
done
rc_is 3 "test: banned signature nested in a good PE" "$V" test \
	--policy "$FIX/policies/ban-by-cert.pol" "$UFIX/pe/nested.pe"
rc_is 3 "test: Authenticode cannot prove an allow cert" "$V" test \
	--policy "$work/lock/lockdown.vbpolicy" "$FIX/bin/pe-good"
SCANPE=$work/scan-pe
mkdir -p "$SCANPE"
for f in pe-banned pe-banned-sbsign pe-good pe-good-ts-banned pe-unsigned; do
	cp "$FIX/bin/$f" "$SCANPE/$f" && chmod 755 "$SCANPE/$f" || die "fixture $f missing"
done
check "scan PE files" cmp -s <(printf 'deny %s\n' "$SCANPE/pe-banned" "$SCANPE/pe-banned-sbsign") \
	<("$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$SCANPE" | grep '^deny ' |
		sed 's/ rule=.*//' | sort)
printf 'vendorban-policy 1\nname ban-hash-pe\nversion 1\ndefault allow\ndeny file-sha256 %s\n' \
	"$(sha256sum <"$FIX/bin/pe-good" | cut -d' ' -f1)" >"$work/ban-hash-pe.pol"
rc_is 3 "test file-sha256 on a PE" "$V" test --policy "$work/ban-hash-pe.pol" "$FIX/bin/pe-good"
rc_is 0 "test file-sha256, other PE" "$V" test --policy "$work/ban-hash-pe.pol" "$FIX/bin/pe-good-ts-banned"
ima=$UFIX/ima/banned-leaf-rsa4096-sha512.sig
printf 'vendorban-policy 1\nname ban-ima\nversion 1\ndefault allow\ndeny ima-keyid %s\n' \
	"$(od -An -tx1 -j3 -N4 "$ima" | tr -d ' \n')" >"$work/ban-ima.pol"
cp "$FIX/bin/hello" "$work/ima-signed"
cp "$FIX/bin/hello" "$work/ima-unsigned"
if setfattr -n security.ima -v "0x$(od -An -tx1 -v "$ima" | tr -d ' \n')" "$work/ima-signed" 2>/dev/null; then
	rc_is 3 "test ima-keyid: security.ima key id banned" "$V" test --policy "$work/ban-ima.pol" \
		"$work/ima-signed"
	rc_is 0 "test ima-keyid: no security.ima" "$V" test --policy "$work/ban-ima.pol" "$work/ima-unsigned"
else
	echo "skip: ima-keyid tests (no security.* xattrs on $work)"
fi
mkdir -p "$work/tree/sub"
cp "$FIX/bin/banned-p256-cert" "$work/tree/sub/x"
cp "$FIX/bin/banned-p256-cert" "$work/tree/noexec"
chmod 0644 "$work/tree/noexec"
ln -s "$FIX/bin/banned-p384-cert" "$work/tree/link"
check "scan: ELF files with or without an execute bit, links not followed" \
	[ "$("$V" scan --policy "$FIX/policies/ban-by-subject-o.pol" "$work/tree" | grep -c '^deny ')" = 2 ]
check "scan: no progress bar when stderr is not a terminal" \
	[ -z "$("$V" scan --policy "$FIX/policies/ban-by-subject-o.pol" "$work/tree" 2>&1 >/dev/null)" ]

# --- sign: signed policies for vendorban.require_signed ------------------------

SK=$PKI/good/leaf-rsa2048.key SC=$PKI/good/leaf-rsa2048.pem
EU=$ROOT/policy/eu-kaspersky-ban.vbpolicy
# content SIGNED: the policy text inside, if the signature verifies with
# the signer certificate $SC, issued by the good CA (OpenSSL, not our code)
content() {
	openssl cms -verify -binary -inform DER -in "$1" -CAfile "$PKI/good/chain.pem" \
		-purpose any 2>/dev/null
}
check "sign" grep -q "^signed policy eu-kaspersky-ban version 1: 6 rules, [0-9]* bytes in $work/eu.p7\$" \
	<("$V" sign --key "$SK" --cert "$SC" "$EU" -o "$work/eu.p7")
check "sign: OpenSSL verifies it, the content is the compiled text" \
	cmp -s <(content "$work/eu.p7") <(canon "$EU")
check "sign: attached, id-data, SHA-256, no signed attributes, DER" \
	bash -c "openssl cms -cmsout -print -inform DER -in '$work/eu.p7' |
		tr -s ' \n' ' ' | grep -q 'eContentType: pkcs7-data .*digestAlgorithm: algorithm: sha256 .*signedAttrs: <ABSENT>'"
check "sign --version sets the version" \
	"$V" sign -k "$SK" -c "$SC" --version 4294967295 "$EU" -o "$work/eu-v.p7"
check "sign --version: only the version line differs" \
	cmp -s <(content "$work/eu-v.p7") <(canon "$EU" | sed 's/^version 1$/version 4294967295/')
check "sign a kernel-format policy" cmp -s \
	<("$V" sign -k "$SK" -c "$SC" "$FIX/policies/canon-expected.pol" -o "$work/k.p7" >/dev/null &&
		content "$work/k.p7") "$FIX/policies/canon-expected.pol"
check "sign with an ECDSA key" "$V" sign -k "$PKI/good/leaf-p256.key" \
	-c "$PKI/good/leaf-p256.pem" "$EU" -o "$work/ec.p7"
rc_is 1 "sign: missing key file" "$V" sign -k "$work/none.key" -c "$SC" "$EU" -o "$work/x1.p7"
rc_is 1 "sign: a certificate is not a key" "$V" sign -k "$SC" -c "$SC" "$EU" -o "$work/x2.p7"
rc_is 1 "sign: key does not match the certificate" "$V" sign \
	-k "$PKI/banned/leaf-rsa2048.key" -c "$SC" "$EU" -o "$work/x3.p7"
check "sign: says the key does not match" grep -q 'does not belong to the certificate' \
	<("$V" sign -k "$PKI/banned/leaf-rsa2048.key" -c "$SC" "$EU" -o "$work/x3.p7" 2>&1)
rc_is 1 "sign: not a certificate" "$V" sign -k "$SK" -c "$SK" "$EU" -o "$work/x4.p7"
rc_is 1 "sign: a bad policy" "$V" sign -k "$SK" -c "$SC" "$FIX/policies/bad-odd-hex.pol" -o "$work/x5.p7"
rc_is 1 "sign: a signed file is not a policy source" "$V" sign -k "$SK" -c "$SC" \
	"$work/eu.p7" -o "$work/x6.p7"
check "sign: nothing written on failure" bash -c "! ls '$work'/x?.p7 2>/dev/null"
rc_is 2 "sign without --key" "$V" sign -c "$SC" "$EU" -o "$work/x7.p7"
rc_is 2 "sign without --output" "$V" sign -k "$SK" -c "$SC" "$EU"
rc_is 2 "sign --version out of range" "$V" sign -k "$SK" -c "$SC" --version 4294967296 \
	"$EU" -o "$work/x8.p7"
rc_is 2 "sign --version not a number" "$V" sign -k "$SK" -c "$SC" --version -1 "$EU" -o "$work/x9.p7"

# --- scan tells the truth ------------------------------------------------------
#
# A Debian 12 layout in miniature: /bin is a symbolic link to usr/bin, a
# shared library and kernel modules without an execute bit, a PE file.

T=$work/truth
mkdir -p "$T/root/usr/bin" "$T/root/usr/lib" "$T/root/lib/modules/6.1/extra" "$T/root/efi"
ln -s usr/bin "$T/root/bin"
cp "$FIX/bin/banned-p256-cert" "$T/root/usr/bin/banned"
cp "$FIX/bin/good-p256-cert" "$T/root/usr/bin/good"
install -m 0644 "$FIX/lib/banned/libvbtest.so" "$T/root/usr/lib/libbanned.so.1"
install -m 0644 "$FIX/lib/good/libvbtest.so" "$T/root/usr/lib/libgood.so.1"
install -m 0644 "$FIX/bin/banned-p384-cert" "$T/root/lib/modules/6.1/extra/banned.ko"
# xz as Kbuild compresses modules (the kernel's xz_dec checks CRC32 only)
xz --check=crc32 --lzma2=dict=1MiB -c <"$FIX/bin/banned-p384-cert" \
	>"$T/root/lib/modules/6.1/extra/banned-xz.ko.xz"
zstd -q -c <"$FIX/bin/banned-p384-cert" >"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst"
gzip -c <"$FIX/bin/banned-p384-cert" >"$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz"
install -m 0644 "$FIX/bin/pe-banned" "$T/root/efi/BOOTX64.EFI"
printf 'not a program\n' >"$T/root/usr/lib/notes.txt"
printf 'vendorban-policy 1\nname u\nversion 1\ndefault allow\ndeny unsigned label=unsigned\n' \
	>"$work/deny-unsigned.pol"
OPOL=$FIX/policies/ban-by-subject-o.pol

# denies POLICY PATH...: the sorted "deny PATH" lines of a scan
denies() {
	pol=$1
	shift
	{ "$V" scan --policy "$pol" "$@" 2>/dev/null || true; } | sed -n 's/^deny \([^ ]*\) .*/\1/p' | sort
}

check "scan follows a symbolic link given as PATH (/bin -> usr/bin)" \
	[ "$(denies "$OPOL" "$T/root/bin")" = "$T/root/bin/banned" ]
check "scan of /bin checks what /usr/bin holds" grep -q '^summary: 2 files checked' \
	<("$V" scan --policy "$OPOL" "$T/root/bin")
check "scan finds .so, .ko and PE files without an execute bit" \
	[ "$(denies "$OPOL" "$T/root")" = "$(printf '%s\n' "$T/root/efi/BOOTX64.EFI" \
		"$T/root/lib/modules/6.1/extra/banned.ko" "$T/root/usr/bin/banned" \
		"$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz" \
		"$T/root/lib/modules/6.1/extra/banned-xz.ko.xz" \
		"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst" \
		"$T/root/usr/lib/libbanned.so.1" | sort)" ]
check "scan does not follow symbolic links inside the tree" \
	[ "$("$V" scan --policy "$OPOL" "$T/root" | grep -c "^deny $T/root/bin/")" = 0 ]
check "scan counts each kind of file" grep -qx \
	'summary: 9 files checked (2 executables, 2 other ELF files, 4 kernel modules, 1 PE file), 7 deny, 0 audit, 0 unreadable' \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: compressed modules are judged by the signer of their image" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-xz.ko.xz rule=5 label=banned-o (xz-compressed module)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: a .ko.zst too" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-zstd.ko.zst rule=5 label=banned-o (zstd-compressed module)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: a .ko.gz is malformed (not decompressed), as in the kernel" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-gzip.ko.gz rule=none label=? reason=corrupt (gzip-compressed module: gzip-compressed module (not decompressed))" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: compressed modules are not unsigned" \
	[ "$(denies "$work/deny-unsigned.pol" "$T/root")" = "$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz" ]
check "scan says how compressed modules were judged" grep -qx \
	"note: 3 compressed files were judged on the decompressed image, as the kernel judges a module load; 1 could not be decompressed (malformed)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan --json counts compressed modules" grep -q '"compressed_modules": 3, "undecompressed_modules": 1}' \
	<("$V" scan --json --policy "$OPOL" "$T/root")
check "scan --json names the compression" grep -q '"compressed_module": "xz"' \
	<("$V" scan --json --policy "$OPOL" "$T/root")
# inspect and test read a compressed module as the kernel's loader does.
xz --check=crc32 --lzma2=dict=1MiB -c "$FIX/bin/good-rsa2048-cert" >"$work/good.ko.xz"
check "inspect: a .ko.xz's signer, from its image" grep -q '^  compressed  *xz$' \
	<("$V" inspect "$T/root/lib/modules/6.1/extra/banned-xz.ko.xz")
check "inspect: the image's signature agrees with OpenSSL" \
	grep -q '^  signature  *present  \[agree\]' \
	<("$V" inspect "$T/root/lib/modules/6.1/extra/banned-xz.ko.xz")
rc_is 3 "test: a banned .ko.zst is denied" "$V" test --policy "$OPOL" \
	"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst"
check "test: allow cert is proven over a .ko.xz's image" grep -q '^  rule: *line 5, label good-0' \
	<("$V" test --policy "$FIX/policies/allow-twenty.pol" "$work/good.ko.xz")
head -c 300 "$work/good.ko.xz" >"$work/cut.ko.xz"
check "test: a .ko.xz cut short is malformed (reason corrupt)" grep -q 'corrupt' \
	<("$V" test --policy "$OPOL" "$work/cut.ko.xz")
# Signed files without a certificate, counted independently with inspect.
nocert=0
for f in "$SCAN"/*; do
	out=$("$V" inspect "$f" 2>/dev/null) || true
	grep -q '^  signature  *present' <<<"$out" &&
		grep -q '^  signer[0-9]*\.sid\.' <<<"$out" &&
		! grep -q '^  signer[0-9]*\.cert\.fingerprint' <<<"$out" && nocert=$((nocert + 1))
done
check "scan counts the signed files without a certificate ($nocert)" grep -qx \
	"note: $nocert signed files carry no signer certificate: subject-o, subject-cn, fingerprint and ca rules cannot match them" \
	<("$V" scan --policy "$OPOL" "$SCAN")
check "scan --json counts the signed files without a certificate" \
	grep -q "\"no_certificate\": $nocert" <("$V" scan --json --policy "$OPOL" "$SCAN")

# On a terminal (script(1) gives one), the progress estimate only grows and
# ends at 100% in the one walk.
script -qc "'$V' scan --policy '$FIX/policies/ban-by-subject-o.pol' '$T/root' >/dev/null" /dev/null |
	tr '\r' '\n' | sed -n 's/.*~ *\([0-9]*\)% .*/\1/p' >"$work/pct" || true
check "scan: the progress estimate grows to 100% ($(wc -l <"$work/pct") updates)" \
	awk 'BEGIN { p = -1 } $1 < p { exit 1 } { p = $1 } END { exit !(NR > 0 && p == 100) }' "$work/pct"

# Unreadable files and directories are named and make the scan fail (1),
# even when something would be denied (3): the scan is incomplete.  Root
# reads anything, so the scan runs as nobody.
U=$work/unread
mkdir -p "$U/open" "$U/closed"
cp "$FIX/bin/banned-p256-cert" "$U/open/banned"
cp "$FIX/bin/banned-p256-cert" "$U/secret"
chmod 0700 "$U/secret" "$U/closed"
chmod 0755 "$work" "$U" "$U/open"
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
[ "$(id -u)" = 0 ] || chmod 0000 "$U/secret"
set +e
as_nobody "$V" scan --policy "$OPOL" "$U" >"$work/unread.out" 2>"$work/unread.err"
rc=$?
set -e
[ "$rc" = 1 ] && ok "scan with unreadable files exits 1, over 3" ||
	not_ok "scan with unreadable files: exit $rc, want 1"
check "scan names the unreadable file" grep -qx "unreadable $U/secret: Permission denied" "$work/unread.out"
check "scan names the unreadable directory" grep -qx "unreadable $U/closed: Permission denied" "$work/unread.out"
check "scan still lists what it could read" grep -qx "deny $U/open/banned rule=5 label=banned-o" "$work/unread.out"
check "scan summary counts the unreadable" grep -q ', 2 unreadable$' "$work/unread.out"
check "scan says it is incomplete" grep -qx \
	'note: the scan is incomplete: 2 paths could not be read (run it as root)' "$work/unread.out"
check "scan --json names the unreadable" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(u["path"] for u in d["unreadable"]) == sorted([sys.argv[2] + "/secret", sys.argv[2] + "/closed"]), d
assert all(u["error"] == "Permission denied" for u in d["unreadable"]), d
assert d["errors"] == 2' <(as_nobody "$V" scan --json --policy "$OPOL" "$U" 2>/dev/null || true) "$U"

# One file system by default; pseudo file systems never.  A private mount
# namespace (as root, or as a mapped root in a user namespace) holds them.
M=$work/mounts
mkdir -p "$M/tree/other" "$M/tree/proc"
cp "$FIX/bin/banned-p256-cert" "$M/tree/here"
# shellcheck disable=SC2016
inmnt='mount -t tmpfs none "$1/tree/other" && cp "$2" "$1/tree/other/there" &&
	mount -t proc proc "$1/tree/proc" && shift 2 && "$@"'
in_mounts() {
	unshare -rmpf --mount-proc sh -c "$inmnt" sh "$M" "$FIX/bin/banned-p256-cert" "$@"
}
check "scan stays on one file system" \
	[ "$(in_mounts "$V" scan --policy "$OPOL" "$M/tree" | sed -n 's/^deny \([^ ]*\) .*/\1/p')" = "$M/tree/here" ]
check "scan names the file systems it did not enter" grep -qx \
	"skipped $M/tree/other: another file system (--cross-filesystems enters it)" \
	<(in_mounts "$V" scan --policy "$OPOL" "$M/tree")
check "scan --cross-filesystems enters them" \
	[ "$(in_mounts "$V" scan --cross-filesystems --policy "$OPOL" "$M/tree" |
		sed -n 's/^deny \([^ ]*\) .*/\1/p' | sort)" = "$(printf '%s\n' "$M/tree/here" "$M/tree/other/there")" ]
check "scan --cross-filesystems skips pseudo file systems" grep -qx \
	"skipped $M/tree/proc: pseudo file system (proc)" \
	<(in_mounts "$V" scan --cross-filesystems --policy "$OPOL" "$M/tree")
check "scan of /proc skips it" grep -qx 'skipped /proc: pseudo file system (proc)' \
	<("$V" scan --policy "$OPOL" /proc)

# test and inspect decide files, not directories or devices.
mkfifo "$work/fifo"
for cmd in test inspect; do
	for f in "$T/root" /dev/null "$work/fifo"; do
		set +e
		if [ "$cmd" = test ]; then
			err=$(timeout 10 "$V" test --policy "$OPOL" "$f" 2>&1 >/dev/null)
		else
			err=$(timeout 10 "$V" inspect "$f" 2>&1 >/dev/null)
		fi
		rc=$?
		set -e
		case $f in "$T/root") want="$f: is a directory, not a file" ;;
		*) want="$f: not a regular file" ;; esac
		if [ "$rc" = 1 ] && grep -qF "$want" <<<"$err"; then ok "$cmd refuses ${f##*/}"
		else not_ok "$cmd ${f##*/}: exit $rc, '$err', want '$want'"; fi
	done
done
check "test still follows a symbolic link to a file" "$V" test --policy "$OPOL" "$T/root/bin/good"

# --- bounded input -------------------------------------------------------------
#
# /dev/zero as a policy, an include, a certificate file and a vendor set:
# a clear error naming the file, in bounded memory (256 MiB of address
# space here; the reads stop at the caps, 4 MiB for policy text).

# bounded NAME WANT CMD...: exit 1 with WANT in the messages, under the limit
bounded() {
	name=$1 want=$2
	shift 2
	set +e
	err=$( (ulimit -v 262144 && timeout 30 "$@") 2>&1 >/dev/null)
	rc=$?
	set -e
	if [ "$rc" = 1 ] && grep -qF -- "$want" <<<"$err"; then ok "$name"
	else not_ok "$name: exit $rc, '$err', want '$want'"; fi
}
bounded "compile /dev/zero" \
	"/dev/zero: larger than 4194304 bytes, the kernel's limit for a policy" \
	"$V" compile /dev/zero
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ninclude "/dev/zero"\n' >"$work/inc-zero.vbpolicy"
bounded "include of /dev/zero" \
	"inc-zero.vbpolicy:5:9: '/dev/zero' is larger than 4194304 bytes, the kernel's limit for a policy" \
	"$V" compile "$work/inc-zero.vbpolicy"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ndeny cert-file "/dev/zero"\n' >"$work/cert-zero.vbpolicy"
bounded "cert-file of /dev/zero" \
	"cert-zero.vbpolicy:5:16: '/dev/zero' is larger than 1048576 bytes, the limit for a certificate file" \
	"$V" compile "$work/cert-zero.vbpolicy"
mkdir -p "$work/zv/vendors"
ln -sf /dev/zero "$work/zv/vendors/zero.vendor"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ndeny vendor zero\n' >"$work/zv/v.vbpolicy"
bounded "vendor set of /dev/zero" \
	"v.vbpolicy:5:13: '$work/zv/vendors/zero.vendor' is larger than 1048576 bytes, the limit for a vendor set" \
	"$V" compile "$work/zv/v.vbpolicy"
# shellcheck disable=SC2016
bounded "compile - from /dev/zero" "-: larger than 4194304 bytes" \
	sh -c '"$1" compile - </dev/zero' sh "$V"
head -c 5000000 /dev/zero | tr '\0' '#' >"$work/big.vbpolicy"
bounded "a 5 MB policy source" "big.vbpolicy: larger than 4194304 bytes" "$V" compile "$work/big.vbpolicy"
bounded "test --policy /dev/zero" "/dev/zero: larger than 4194304 bytes" \
	"$V" test --policy /dev/zero "$FIX/bin/hello"
/usr/bin/time -f '%M' -o "$work/rss" "$V" compile /dev/zero >/dev/null 2>&1 || true
seq 70000 | sed 's/.*/deny subject-o "& aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"/' >"$work/mid.inc"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ninclude "mid.inc"\ninclude "mid.inc"\n' \
	>"$work/twice.vbpolicy"
bounded "includes adding up past the kernel's limit" \
	"mid.inc:5209:1: the compiled policy grows larger than the kernel accepts (4194304 bytes)" \
	"$V" compile "$work/twice.vbpolicy"
rss=$(tail -n 1 "$work/rss")
check "compile /dev/zero stays under 64 MiB ($rss KiB)" [ "$rss" -lt 65536 ]

# --- status and version --------------------------------------------------------

check "--version prints VERSION" grep -qx "vendorbanctl version $(cat "$ROOT/VERSION")" <("$V" --version)
check "dkms.conf has VERSION" grep -qx "PACKAGE_VERSION=\"$(cat "$ROOT/VERSION")\"" "$ROOT/dkms.conf"
sec=$work/sec
mkdir -p "$sec"
printf 'lockdown,capability,yama,apparmor' >"$sec/lsm"
set +e
err=$("$V" --root "$sec/vendorban" status 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 4 ] && ok "status: not present exits 4" || not_ok "status: not present: exit $rc, want 4"
check "status: not present says how to enable the built-in form" grep -qF \
	'lsm=lockdown,capability,yama,apparmor,vendorban' <<<"$err"
check "status: not present says how to load the module" grep -qF 'modprobe vendorban' <<<"$err"
printf 'capability,vendorban\n' >"$sec/lsm"
check "status: vendorban listed but no directory: asks about --root" grep -qF \
	"but $sec/lsm lists vendorban as active: is $sec/vendorban the right directory (--root)?" \
	<("$V" --root "$sec/vendorban" status 2>&1)
mkdir -p "$sec/vendorban"
printf 'form: builtin\npolicy: none\nmode: enforce\nlocked: no\n' >"$sec/vendorban/status"
set +e
err=$("$V" --root "$sec/vendorban" status 2>&1 >"$work/status.out")
rc=$?
set -e
[ "$rc" = 5 ] && ok "status: no policy exits 5" || not_ok "status: no policy: exit $rc, want 5"
check "status: no policy says so" grep -qF 'no policy is loaded' <<<"$err"
check "status: no policy still prints the status" grep -qx 'policy: none' "$work/status.out"
printf 'form: builtin\npolicy: p\nversion: 1\nmode: enforce\nlocked: no\n' >"$sec/vendorban/status"
rc_is 0 "status: a policy loaded exits 0" "$V" --root "$sec/vendorban" status
chmod 0755 "$sec" "$sec/vendorban"
chmod 0600 "$sec/vendorban/status"
[ "$(id -u)" = 0 ] || chmod 0000 "$sec/vendorban/status"
set +e
err=$(as_nobody "$V" --root "$sec/vendorban" status 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 6 ] && ok "status: no permission exits 6" || not_ok "status: no permission: exit $rc, want 6"
check "status: no permission says so" grep -qF 'permission denied' <<<"$err"

# --- securityfs plumbing, against a fake directory ----------------------------

sfs=$work/sfs
mkdir -p "$sfs"
printf '' >"$sfs/policy"
printf 'enforce\n' >"$sfs/mode"
printf '0\n' >"$sfs/lock"
printf 'form: builtin\npolicy: none\nlocked: no\nlast_error: none\ndenied: 3\n' >"$sfs/status"
export VENDORBAN_SECURITYFS=$sfs
check "load" grep -q '^loaded policy eu-kaspersky-ban version 1: 6 rules, digest sha256:' \
	<("$V" load "$ROOT/policy/eu-kaspersky-ban.vbpolicy")
check "load writes the canonical text" cmp -s "$sfs/policy" <(canon "$ROOT/policy/eu-kaspersky-ban.policy")
check "show" cmp -s <("$V" show) "$sfs/policy"
rc_is 1 "load of a bad policy fails" "$V" load "$FIX/policies/bad-odd-hex.pol"
check "a bad policy is not written" cmp -s "$sfs/policy" <(canon "$ROOT/policy/eu-kaspersky-ban.policy")
rc_is 3 "test against the policy in force" "$V" test "$FIX/bin/banned-p256-cert"
# load detects a signed file and writes it unchanged; the fake directory
# cannot unwrap it as the kernel does, so the read-back check (against the
# signed text) must fail.
cp "$sfs/policy" "$work/in-force"
rc_is 1 "load of a signed file: the read-back is checked against its text" \
	"$V" load "$work/eu-v.p7"
check "load of a signed file writes it as it is" cmp -s "$sfs/policy" "$work/eu-v.p7"
check "load of a signed file names its text" grep -q \
	'differs from the policy written' <("$V" load "$work/eu-v.p7" 2>&1)
cp "$work/in-force" "$sfs/policy"
printf 'vendorban-policy 1\nname bad\n' >"$work/bad.txt"
openssl cms -sign -binary -noattr -nodetach -outform DER -inkey "$SK" -signer "$SC" \
	-in "$work/bad.txt" -out "$work/bad.p7"
rc_is 1 "load of a signed file with a bad policy text" "$V" load "$work/bad.p7"
check "... is not written" cmp -s "$sfs/policy" "$work/in-force"
openssl x509 -in "$SC" -outform DER -out "$work/cert.der"
rc_is 1 "load of other DER data: not signed, not a source" "$V" load "$work/cert.der"
check "... is not written" cmp -s "$sfs/policy" "$work/in-force"
check "status" grep -qx 'last_error: none' <("$V" status)
check "status --json" grep -qx '{"form": "builtin", "policy": "none", "locked": "no", "last_error": "none", "denied": 3}' \
	<("$V" status --json)
check "mode" grep -qx enforce <("$V" mode)
check "mode permissive" grep -qx permissive <("$V" mode permissive)
check "mode file" grep -qx permissive "$sfs/mode"
check "lock" grep -qx 'vendorban is locked until reboot' <("$V" lock)
check "lock file" grep -qx 1 "$sfs/lock"
check "--root overrides the environment" grep -qx enforce \
	<(mkdir -p "$work/sfs2" && echo enforce >"$work/sfs2/mode" && "$V" --root "$work/sfs2" mode)
rc_is 4 "no securityfs: status says vendorban is not active" "$V" --root "$work/none" status
# shellcheck source=tests/tool/counts.sh
. "$HERE/counts.sh"
unset VENDORBAN_SECURITYFS

# --- audit: vendorban's records in audit logs (tests/tool/audit.sh) ----------

# shellcheck source=tests/tool/audit.sh
. "$HERE/audit.sh"

echo "tool: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
