#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pe_allow_test.sh - "allow cert" proven for Authenticode (PE) signatures,
# on the host
#
# vendorbanctl computes the PE image digest over the ranges kmod/lib/pe.c
# gives (as the kernel's verify_pefile), compares it with the one the
# signature signs and verifies the SignerInfo with OpenSSL's PKCS#7 code;
# sbverify, which computes the digest on its own, must agree on every
# file: signatures made by osslsigncode and sbsign, a nested one
# (osslsigncode -nest), a PE changed after signing, a good signature
# copied onto another PE, a PE with a trailer appended after its
# certificate table.  Ends with "pe-allow: N passed, N failed".

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
UFIX=${VENDORBAN_FIXTURES:-$ROOT/build/unit-fixtures}
PKI=$ROOT/build/pki
TAP_PART=pe-allow
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# decides WANT NAME PKI/VENDOR/LEAF FILE [osslsigncode]: test with "allow
# cert-file" of that leaf exits WANT (0 allowed, 3 denied), and sbverify
# (with the vendor's root) agrees; osslsigncode verify instead for what
# sbverify does not check (digests other than SHA-256, nested signatures)
decides() {
	local want=$1 name=$2 leaf=$3 f=$4 rc=0 sb=0
	printf 'vendorban-policy 1\nname a\nversion 1\ndefault deny\nallow cert-file "%s" label=%s\n' \
		"$leaf.pem" "$(basename "$(dirname "$leaf")")" >"$work/allow.vbpolicy"
	"$V" test --policy "$work/allow.vbpolicy" "$f" >"$work/out" 2>&1 || rc=$?
	if [ "${5:-}" = osslsigncode ]; then
		osslsigncode verify -CAfile "$(dirname "$leaf")/root.pem" -in "$f" \
			>/dev/null 2>&1 || sb=3
	else
		sbverify --cert "$(dirname "$leaf")/root.pem" "$f" >/dev/null 2>&1 || sb=3
	fi
	if [ "$rc" -eq "$want" ] && [ "$sb" -eq "$want" ]; then
		ok "$name (test exit $rc, ${5:-sbverify} agrees)"
	else
		not_ok "$name (test exit $rc, sbverify $sb, want $want)"
		sed 's/^/# /' "$work/out"
	fi
}

[ -x "$V" ] || die "$V missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# flip FILE OFFSET OUT: a copy of FILE with one bit of byte OFFSET changed
flip() {
	python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[int(sys.argv[2], 0)] ^= 1; open(sys.argv[3], 'wb').write(b)" "$@"
}

G=$PKI/good/leaf-rsa2048 B=$PKI/banned/leaf-rsa2048 U=$UFIX/pki
decides 0 "osslsigncode, the good vendor: proven" "$G" "$FIX/bin/pe-good"
decides 0 "sbsign, the banned vendor's key: proven with its certificate" "$B" \
	"$FIX/bin/pe-banned-sbsign"
decides 3 "the good vendor's certificate does not prove the banned vendor's PE" "$G" \
	"$FIX/bin/pe-banned"
decides 0 "the outer signature of a PE with a nested one: proven" "$U/good/leaf-rsa2048" \
	"$UFIX/pe/nested.pe"
decides 0 "the nested signature (osslsigncode -nest): proven with its certificate" \
	"$U/banned/leaf-rsa2048" "$UFIX/pe/nested.pe" osslsigncode
decides 0 "PE32, sha384: proven" "$U/banned/leaf-rsa4096" "$UFIX/pe/banned-sha384.pe" \
	osslsigncode
decides 0 "an EC key (P-256), sha512: proven" "$U/banned/leaf-p256" \
	"$UFIX/pe/banned-p256-sha512.pe" osslsigncode
flip "$FIX/bin/pe-good" 0x20a "$work/changed-text"
decides 3 "a byte of .text changed after signing: refused" "$G" "$work/changed-text"
flip "$FIX/bin/pe-good" 0x80 "$work/changed-header"
decides 3 "a byte of the headers changed after signing: refused" "$G" "$work/changed-header"
# the good signature's certificate table copied onto another PE image
flip "$FIX/bin/pe-unsigned" 0x20a "$work/other"
python3 - "$FIX/bin/pe-good" "$work/other" "$work/grafted" <<'EOF'
import struct, sys
good, banned = (open(p, 'rb').read() for p in sys.argv[1:3])
def table(b):
    pe = struct.unpack_from('<I', b, 0x3c)[0]
    opt = pe + 24
    dirs = opt + (112 if struct.unpack_from('<H', b, opt)[0] == 0x20b else 96)
    return dirs + 4 * 8
g, t = table(good), table(banned)
off, size = struct.unpack_from('<II', good, g)
out = bytearray(banned)
out += bytes(-len(out) % 8)
struct.pack_into('<II', out, t, len(out), size)
out += good[off:off + size]
open(sys.argv[3], 'wb').write(out)
EOF
decides 3 "a good signature grafted onto another PE: refused (its image digest differs)" "$G" \
	"$work/grafted"
"$V" test --policy "$work/allow.vbpolicy" "$work/grafted" >"$work/out" 2>&1 || true
check "test says the grafted signature does not verify" grep -q \
	"unproven:  line 5, label good: matched signer 0, but the signature does not verify with the rule's certificate" \
	"$work/out"
printf 'vendorban-policy 1\nname a\nversion 1\ndefault deny\nallow cert-file "%s" label=banned\n' \
	"$PKI/banned/leaf-rsa2048.pem" >"$work/allow.vbpolicy"
rc=0
"$V" test --policy "$work/allow.vbpolicy" "$FIX/bin/ms-pe-appended" >/dev/null 2>&1 || rc=$?
check "a trailer appended after the certificate table: the PE signature proves nothing (exit $rc)" \
	test "$rc" -eq 3

tap_done
