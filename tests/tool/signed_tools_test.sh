#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# signed_tools_test.sh - a signed policy (vendorbanctl sign), as
# /etc/vendorban/policy may be, is accepted by compile, diff, test, scan,
# show and bootcheck: read by its content, its version and signer shown,
# its signature checked with --cert (a wrong certificate, a tampered
# content: refused); a corrupt one (cut short) and DER that is not a
# signed policy are refused by every command with the file and the reason,
# and load writes nothing; sign warns when the version goes down (against
# the policy in force, or --previous FILE).  Against a fake securityfs.
# Prints "signed-tools: N passed, N failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$repo/build/userspace/vendorbanctl}
FIX=$repo/build/fixtures
PKI=$repo/build/pki
EU=$repo/policy/eu-kaspersky-ban.vbpolicy
SK=$PKI/good/leaf-rsa2048.key
SC=$PKI/good/leaf-rsa2048.pem
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAP_PREFIX="signed-tools: " TAP_PART=signed-tools
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

has() {
	if grep -qF -- "$3" "$2"; then check 0 "$1"; else
		check 1 "$1"
		show "$2"
	fi
}

# rc NAME WANT CMD...: CMD exits WANT; stdout in $tmp/out, stderr in $tmp/err
rc() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" = "$want" ]
	check $? "$name (exit $got, want $want)"
}

if [ ! -x "$V" ] || [ ! -f "$SK" ]; then
	echo "signed_tools_test.sh: $V or the test PKI missing (make tool fixtures)" >&2
	exit 1
fi
sfs=$tmp/sfs
mkdir -p "$sfs"
"$V" compile --no-boot-check "$EU" >"$sfs/policy" 2>/dev/null
printf 'form: builtin\npolicy: eu-kaspersky-ban\nlocked: no\n' >"$sfs/status"
echo 0 >"$sfs/lock"
export VENDORBAN_SECURITYFS=$sfs
cp "$sfs/policy" "$tmp/in-force"

"$V" sign -k "$SK" -c "$SC" --version 3 "$EU" -o "$tmp/eu3.p7" >/dev/null 2>&1
check $? "a signed policy, version 3"
openssl cms -verify -binary -noverify -inform DER -in "$tmp/eu3.p7" \
	-out "$tmp/eu3.txt" 2>/dev/null
check $? "openssl reads its content"
signer="signer CN=Good Vendor Test Code Signing rsa2048,O=Good Vendor GmbH,C=DE"

# --- accepted by every command ---
rc "compile of a signed policy" 0 "$V" compile --no-boot-check "$tmp/eu3.p7"
cmp -s "$tmp/out" "$tmp/eu3.txt"
check $? "... prints the text it holds"
has "... shows its version and signer, unchecked" "$tmp/err" \
	"vendorbanctl: $tmp/eu3.p7: signed policy eu-kaspersky-ban version 3, $signer; signature not checked (--cert CERT checks it)"
! grep -q "invalid utf-8" "$tmp/err"
check $? "... no 'invalid utf-8'"
rc "compile --cert: the signature verifies" 0 "$V" compile --no-boot-check --cert "$SC" "$tmp/eu3.p7"
has "... and says so" "$tmp/err" "signature verified with $SC"
rc "compile --cert with another vendor's certificate" 1 \
	"$V" compile --no-boot-check --cert "$PKI/banned/leaf-rsa2048.pem" "$tmp/eu3.p7"
has "... names the file and the certificate" "$tmp/err" \
	"ERROR: $tmp/eu3.p7: the signature does not verify with the certificate in $PKI/banned/leaf-rsa2048.pem"
[ ! -s "$tmp/out" ]
check $? "... and prints no policy"
rc "compile --cert with a file that holds no certificate" 1 \
	"$V" compile --no-boot-check --cert "$SK" "$tmp/eu3.p7"
has "... says so" "$tmp/err" "ERROR: $SK: no certificate (PEM or DER) in it"
rc "diff of a signed policy" 3 "$V" diff --cert "$SC" "$tmp/eu3.p7"
has "... the version change" "$tmp/out" "~ version 1 -> 3"
has "... its signer" "$tmp/err" "signed policy eu-kaspersky-ban version 3, $signer; signature verified"
rc "test --policy with a signed policy: banned denied" 3 \
	"$V" test --policy "$tmp/eu3.p7" "$FIX/bin/banned-p256-cert"
rc "test --policy with a signed policy: good runs" 0 \
	"$V" test --policy "$tmp/eu3.p7" --cert "$SC" "$FIX/bin/good-rsa2048-cert"
rc "scan --policy with a signed policy" 3 "$V" scan --policy "$tmp/eu3.p7" "$FIX/bin"
has "... lists the banned" "$tmp/out" "deny $FIX/bin/banned-p256-cert rule=5"
rc "show of a signed policy file" 0 "$V" show "$tmp/eu3.p7"
cmp -s "$tmp/out" "$tmp/eu3.txt"
check $? "... prints the text it holds"
has "... and its version" "$tmp/err" "version 3"
rc "show without a file: the policy in force" 0 "$V" show
cmp -s "$tmp/out" "$tmp/in-force"
check $? "... as before"
rc "show with two files is a usage error" 2 "$V" show "$tmp/eu3.p7" "$tmp/eu3.p7"
rc "show --cert checks a signed policy file" 0 "$V" show --cert "$SC" "$tmp/eu3.p7"
has "... and says so" "$tmp/err" "version 3"
rc "show --counts of a file is a usage error (counts are the kernel's)" 2 \
	"$V" show --counts "$tmp/eu3.p7"
rc "show --cert without a file is a usage error" 2 "$V" show --cert "$SC"
rc "bootcheck of a signed policy" 0 "$V" bootcheck --initramfs none "$tmp/eu3.p7"

# --- corrupt, tampered, not a signed policy ---
head -c 300 "$tmp/eu3.p7" >"$tmp/cut.p7"
for cmd in "compile --no-boot-check" diff show "test --policy" "scan --policy" \
	load bootcheck; do
	case $cmd in
	test*|scan*) args="$tmp/cut.p7 $FIX/bin/unsigned" ;;
	*) args="$tmp/cut.p7" ;;
	esac
	# shellcheck disable=SC2086 # the words of $cmd and $args
	rc "$cmd of a signed policy cut short fails" 1 "$V" $cmd $args
	has "... naming the file and why" "$tmp/err" \
		"ERROR: $tmp/cut.p7: a truncated signed policy (DER of $(stat -c %s "$tmp/eu3.p7") bytes cut at 300): nothing of it is used"
done
cmp -s "$sfs/policy" "$tmp/in-force"
check $? "load of the cut policy wrote nothing: the policy in force stays"
python3 - "$tmp/eu3.p7" "$tmp/tampered.p7" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.index(b'deny subject-o')
d[i + 5:i + 14] = b'skid 0000'   # another rule, same length
open(sys.argv[2], 'wb').write(d)
PY
rc "compile --cert of a tampered signed policy" 1 "$V" compile --no-boot-check --cert "$SC" "$tmp/tampered.p7"
has "... does not verify" "$tmp/err" "ERROR: $tmp/tampered.p7: the signature does not verify"
rc "load --cert of a tampered signed policy" 1 "$V" load --cert "$SC" "$tmp/tampered.p7"
cmp -s "$sfs/policy" "$tmp/in-force"
check $? "... writes nothing"
openssl x509 -in "$SC" -outform DER -out "$tmp/cert.der"
rc "compile of DER that is not a signed policy" 1 "$V" compile --no-boot-check "$tmp/cert.der"
has "... says what it is" "$tmp/err" "ERROR: $tmp/cert.der: DER data, but not a signed policy (not a CMS message: corrupt, or another kind of file)"

# --- sign: the version must not go down ---
"$V" sign -k "$SK" -c "$SC" --version 5 "$EU" -o "$tmp/eu5.p7" >/dev/null 2>&1
openssl cms -verify -binary -noverify -inform DER -in "$tmp/eu5.p7" \
	-out "$sfs/policy" 2>/dev/null
rc "sign a lower version than the policy in force" 0 \
	"$V" sign -k "$SK" -c "$SC" --version 2 "$EU" -o "$tmp/eu2.p7"
has "... warns" "$tmp/err" \
	"WARNING: version 2 is lower than version 5 of the policy in force (policy eu-kaspersky-ban): a kernel booted with vendorban.require_signed=1 refuses it while that policy is in force; give --version 5 or higher"
rc "sign the same version" 0 "$V" sign -k "$SK" -c "$SC" --version 5 "$EU" -o "$tmp/eu5b.p7"
! grep -q "is lower" "$tmp/err"
check $? "... no warning"
rc "sign against --previous FILE (a signed policy)" 0 \
	"$V" sign -k "$SK" -c "$SC" --previous "$tmp/eu3.p7" "$EU" -o "$tmp/eu1.p7"
has "... warns, naming it" "$tmp/err" "WARNING: version 1 is lower than version 3 of $tmp/eu3.p7"
rc "sign --previous of a corrupt file fails" 1 \
	"$V" sign -k "$SK" -c "$SC" --previous "$tmp/cut.p7" "$EU" -o "$tmp/x.p7"
[ ! -e "$tmp/x.p7" ]
check $? "... and writes nothing"
unset VENDORBAN_SECURITYFS
rc "sign with nothing in force: no warning" 0 \
	"$V" --root "$tmp/none" sign -k "$SK" -c "$SC" --version 1 "$EU" -o "$tmp/eu1b.p7"
! grep -q "WARNING" "$tmp/err"
check $? "... none"

tap_done
