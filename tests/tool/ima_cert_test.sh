#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ima_cert_test.sh - ima-cert rules and inspect --ima-cert, on the host
#
# The security.ima values of tests/pkg/make-fixtures.sh (evmctl ima_sign
# with the vendor's RSA and EC keys, another key, and another key's
# signature under the vendor's key id) set on copies of the target here
# (setfattr: the build directory's file system must keep security.*
# xattrs; root).  "vendorbanctl test" decides them with OpenSSL's check of
# the signature, as the kernel does with its own; bad certificates are
# errors.  Ends with "ima-cert: N passed, N failed".

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures/packages
TAP_PART=ima-cert
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

[ -x "$V" ] || die "$V missing"
"$ROOT/tests/pkg/make-fixtures.sh" "$FIX" >/dev/null 2>&1 ||
	die "tests/pkg/make-fixtures.sh failed"
work=$(mktemp -d "$ROOT/build/ima-cert-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir keys
cp "$FIX"/keys/ima-*.pem keys/

# signed NAME: a copy of the target with security.ima from NAME.sig
signed() {
	cp "$FIX/ima/target" "$1"
	setfattr -n security.ima -v "0x$(od -An -v -tx1 "$FIX/ima/$1.sig" | tr -d ' \n')" "$1"
}
for n in vendor vendor-ec other forged; do
	signed "$n"
done
cp "$FIX/ima/target" unsigned
signed vendor
cp -a vendor changed
printf '\0' >>changed
setfattr -n security.ima -v "0x$(od -An -v -tx1 "$FIX/ima/vendor.sig" | tr -d ' \n')" changed

printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\ndeny ima-cert "keys/ima-vendor.pem" label=v\ndeny ima-cert "keys/ima-vendor-ec.pem" label=v-ec\n' \
	>deny.vbpolicy
rc_is 3 "deny ima-cert: the vendor's RSA signature is denied" "$V" test --policy deny.vbpolicy vendor
rc_is 3 "deny ima-cert: the vendor's EC signature is denied" "$V" test --policy deny.vbpolicy vendor-ec
rc_is 0 "deny ima-cert: another key runs" "$V" test --policy deny.vbpolicy other
rc_is 0 "deny ima-cert: another key under the vendor's key id runs" "$V" test --policy deny.vbpolicy forged
rc_is 0 "deny ima-cert: the file changed after signing runs" "$V" test --policy deny.vbpolicy changed
rc_is 0 "deny ima-cert: no security.ima runs" "$V" test --policy deny.vbpolicy unsigned
check "test says why the forged signature did not count" grep -q \
	"unproven:  line 5, label v: matched the IMA key id, but its security.ima signature does not verify" \
	<("$V" test --policy deny.vbpolicy forged)
cp "$FIX/vm/ima-keyid.policy" keyid.policy
rc_is 3 "deny ima-keyid (for comparison) takes the forged key id" "$V" test --policy keyid.policy forged

printf 'vendorban-policy 1\nname a\nversion 1\ndefault deny\nallow ima-cert "keys/ima-vendor.pem" label=v\n' \
	>allow.vbpolicy
rc_is 0 "allow ima-cert: the vendor's signature runs" "$V" test --policy allow.vbpolicy vendor
rc_is 3 "allow ima-cert: another key under its key id is refused" "$V" test --policy allow.vbpolicy forged
rc_is 3 "allow ima-cert: the file changed after signing is refused" "$V" test --policy allow.vbpolicy changed
rc_is 3 "allow ima-cert: no security.ima is refused" "$V" test --policy allow.vbpolicy unsigned

check "inspect --ima-cert: verifies" grep -qx \
	"vendor: ima: verifies with certificate 1 of keys/ima-vendor.pem" \
	<("$V" inspect --ima-cert keys/ima-vendor.pem vendor)
rc_is 1 "inspect --ima-cert: forged does not verify (exit 1)" \
	"$V" inspect --ima-cert keys/ima-vendor.pem forged
check "inspect: the IMA signature's algorithm and length" \
	grep -q '^  ima-digest  *sha256$' <("$V" inspect vendor)

# bad certificates: clear errors, nothing compiled
printf 'not a certificate\n' >keys/notacert.pem
printf 'vendorban-policy 1\nname b\nversion 1\ndefault allow\ndeny ima-cert "keys/notacert.pem"\n' >bad.vbpolicy
"$V" compile bad.vbpolicy >out 2>err || true
check "ima-cert with a file that is no certificate: an error naming it" \
	grep -qx "bad.vbpolicy:5:15: no certificate in 'keys/notacert.pem' (PEM or DER expected)" err
check "... and no policy" test ! -s out
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout noskid.key \
	-out keys/noskid.pem -days 30 -subj /CN=noskid -addext subjectKeyIdentifier=none \
	2>/dev/null
printf 'vendorban-policy 1\nname b\nversion 1\ndefault allow\ndeny ima-cert "keys/noskid.pem"\n' >bad.vbpolicy
"$V" compile bad.vbpolicy >out 2>err || true
check "ima-cert with a certificate without SKID: an error" grep -qx \
	"bad.vbpolicy:5:15: certificate 1 of 'keys/noskid.pem' has no subject key identifier: an IMA signature names its key by it" err
check "... and no policy" test ! -s out
printf 'vendorban-policy 1\nname b\nversion 1\ndefault allow\ndeny ima-cert %s\n' \
	"$(openssl x509 -in keys/noskid.pem -outform DER | od -An -v -tx1 | tr -d ' \n')" >bad.policy
"$V" compile bad.policy >/dev/null 2>err || true
check "kernel format: ima-cert without SKID is a parse error" grep -qx \
	"bad.policy:5:15: an IMA certificate needs a subject key identifier (its key id)" err

tap_done
