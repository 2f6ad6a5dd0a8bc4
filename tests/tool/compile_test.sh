#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# compile_test.sh - the compiler's warnings where they apply and only
# there, one per source line, chain-cert-file (make check-tool)
#
# --strict passes the shipped lockdown example (with a certificate file of
# signing certificates), also with a vendor ban under "default deny", where
# the warning about subject rules does not apply; a policy that denies
# nothing is said to; a ca rule for a root CA without its intermediates is
# warned about, and the warning is shown true with test (a signature that
# embeds only its signer is not matched) and false once chain-cert-file
# supplies the intermediate.  Ends with "compile: N passed, N failed".

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
PKI=$ROOT/build/pki
TAP_PART=compile
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# comp POLICY ARGS...: compile it; errors in $w/err, exit code in $rc
comp() {
	rc=0
	rm -f "$w/out"
	"$V" compile -o "$w/out" "$@" 2>"$w/err" || rc=$?
}

# warnings: the number of warning lines of the last compile
warnings() {
	grep -c ': warning: \|: error (--strict): ' "$w/err" || true
}

hdr() {
	printf 'vendorban-policy 1\nname c\nversion 1\ndefault %s\n' "$1"
}

[ -x "$V" ] || die "$V missing (make tool)"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/certs" "$w/vendors"
cat "$PKI/good/leaf-rsa2048.pem" "$PKI/good/leaf-p256.pem" >"$w/certs/trusted-vendors.pem"
cp "$ROOT/policy/lockdown.vbpolicy" "$w/"
cp "$ROOT/policy/vendors/kaspersky.vendor" "$w/vendors/"
cp "$PKI/banned/root.pem" "$PKI/banned/inter.pem" "$PKI/banned/leaf-p256.pem" "$w/certs/"
cat "$PKI/banned/root.pem" "$PKI/banned/inter.pem" "$PKI/banned/root.pem" >"$w/certs/cas.pem"

# --- warnings that depend on the default ----------------------------------------

# --no-boot-check: the allow list refuses this machine's init (the boot
# check's error, tests/tool/brick_test.sh); these are the other warnings.
comp --strict --no-boot-check "$w/lockdown.vbpolicy"
check "--strict passes the shipped lockdown example" test "$rc" = 0 -a ! -s "$w/err"
{ cat "$w/lockdown.vbpolicy"; echo 'deny vendor kaspersky'; } >"$w/lockdown-ban.vbpolicy"
comp --strict --no-boot-check "$w/lockdown-ban.vbpolicy"
check "... with a vendor ban under default deny: no subject warning" test "$rc" = 0 -a ! -s "$w/err"
{ hdr allow; echo 'deny vendor kaspersky'; } >"$w/ban.vbpolicy"
comp "$w/ban.vbpolicy"
check "under default allow the subject warning applies" grep -q \
	'ban.vbpolicy:5:1: warning: subject-o matches only signatures that embed' "$w/err"

# --- one warning per source line --------------------------------------------------

check "... once for the five rules of the vendor line" test "$(warnings)" = 1
{ hdr allow; echo 'deny vendor kaspersky'; echo 'deny vendor kaspersky'; } >"$w/twice.vbpolicy"
comp "$w/twice.vbpolicy"
check "a vendor line repeated: one warning for it, not five" test \
	"$(grep -c '^[^ ]*twice.vbpolicy:6:' "$w/err")" = 1
{ hdr allow; echo 'deny cert-file "certs/cas.pem"'; echo 'deny issuer-serial "CN=X" 01'; } >"$w/cas.vbpolicy"
comp "$w/cas.vbpolicy"
check "a bundle of three CAs in cert-file: one warning for its line" test "$(warnings)" = 1

# --- a policy that denies nothing -----------------------------------------------------

{ hdr allow; echo 'audit vendor kaspersky'; echo 'deny issuer-serial "CN=X" 01 label=x'; } >"$w/some.vbpolicy"
comp "$w/some.vbpolicy"
check "a deny rule: no 'denies nothing'" test "$(grep -c 'denies nothing' "$w/err")" = 0
{ hdr allow; echo 'audit vendor kaspersky'; echo 'audit issuer-serial "CN=X" 01'; } >"$w/none.vbpolicy"
comp "$w/none.vbpolicy"
check "audit rules only: this policy denies nothing, at its default line" grep -q \
	'none.vbpolicy:4:1: warning: this policy denies nothing' "$w/err"
check "... it compiles (a warning)" test "$rc" = 0
comp --strict "$w/none.vbpolicy"
check "... and not with --strict" test "$rc" = 1
{ hdr allow; echo 'allow unsigned'; } >"$w/allow.vbpolicy"
comp "$w/allow.vbpolicy"
check "allow rules only: denies nothing too" grep -q 'denies nothing' "$w/err"
{ hdr deny; echo 'allow unsigned'; } >"$w/deny.vbpolicy"
comp "$w/deny.vbpolicy"
check "default deny: it denies" test "$rc" = 0 -a ! -s "$w/err"

# --- a root CA ban needs the chain --------------------------------------------------

{ hdr allow; echo 'deny ca-file "certs/root.pem" label=root'; } >"$w/root.vbpolicy"
comp "$w/root.vbpolicy"
check "ca-file of a root alone: warned, with chain-cert-file as the fix" grep -q \
	"root.vbpolicy:5:1: warning: 'ca' rule for the root CA \"CN=Kaspersky Test Root CA,.*fix: chain-cert-file" \
	<(tr '\n' ' ' <"$w/err")
nocert=$FIX/bin/banned-p256-nocert	# sign-file: only the signer's issuer and serial
check "... true: a signature without the chain is not matched" \
	test "$("$V" test --policy "$w/root.vbpolicy" "$nocert" 2>/dev/null | sed -n 1p)" = "$nocert: allow"
{ cat "$w/root.vbpolicy"; echo 'chain-cert-file "certs/inter.pem"'; } >"$w/chain.vbpolicy"
comp "$w/chain.vbpolicy"
check "with chain-cert-file: no warning" test "$rc" = 0 -a ! -s "$w/err"
check "chain-cert-file: one chain-cert line per certificate" test \
	"$(grep -c '^chain-cert [0-9a-f]*$' "$w/out")" = 1
check "chain-cert-file: the certificate as DER hex" grep -qx \
	"chain-cert $(od -An -v -tx1 "$PKI/banned/inter.der" | tr -d ' \n')" "$w/out"
check "... and the ban now matches the signature" \
	test "$("$V" test --policy "$w/chain.vbpolicy" "$nocert" 2>/dev/null | sed -n 1p)" = "$nocert: deny"
{ hdr allow; echo 'deny ca-file "certs/inter.pem"'; } >"$w/inter.vbpolicy"
comp "$w/inter.vbpolicy"
check "ca-file of an intermediate: no chain warning" test "$rc" = 0 -a ! -s "$w/err"
{ hdr allow; echo 'deny ca-file "certs/root.pem"'; echo 'chain-cert-file "certs/leaf-p256.pem"'; } >"$w/leafchain.vbpolicy"
comp "$w/leafchain.vbpolicy"
check "chain-cert-file of a leaf: warned, not a CA" grep -q \
	"leafchain.vbpolicy:6:17: warning: certificate 1 of 'certs/leaf-p256.pem' is not a CA" "$w/err"
{ hdr allow; echo 'deny issuer-serial "CN=X" 01'; echo 'chain-cert-file "certs/inter.pem" label=x'; } >"$w/bad1.vbpolicy"
comp "$w/bad1.vbpolicy"
check "chain-cert-file with a label: an error at it" grep -q \
	"bad1.vbpolicy:6:35: unexpected 'label=x'" "$w/err"
{ hdr allow; echo 'deny issuer-serial "CN=X" 01'; echo 'chain-cert-file "certs/missing.pem"'; } >"$w/bad2.vbpolicy"
comp "$w/bad2.vbpolicy"
check "chain-cert-file of a missing file: an error naming it" grep -q \
	"bad2.vbpolicy:6:17: cannot read 'certs/missing.pem': No such file or directory" "$w/err"
check "... nothing written" test "$rc" = 1 -a ! -s "$w/out"
{ hdr allow; echo 'deny issuer-serial "CN=X" 01'; echo 'chain-cert-file'; } >"$w/bad3.vbpolicy"
comp "$w/bad3.vbpolicy"
check "chain-cert-file without a file: an error" grep -q 'bad3.vbpolicy:6:17: missing certificate file' "$w/err"

tap_done
