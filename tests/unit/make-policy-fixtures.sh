#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Makes the certificates the policy unit tests use, with openssl:
#   ca.der      a CA, subject "CN=Policy Test CA,O=Policy Test PKI,C=DE"
#   leaf-a.der  signed by it, serial 0x8a1b2c3d (DER 00 8a 1b 2c 3d), a SKID,
#               subject with two O values and a CN
#   leaf-b.der  signed by it, serial 0x02, no SKID extension
# and, for each leaf, what openssl says its identities are (the oracle the
# tests compare the library against): NAME.fpr (SHA-256, lower-case hex),
# NAME.issuer (RFC 2253 issuer DN), NAME.serial (hex), NAME.skid (hex, or
# empty).  Keys are test-only and thrown away.
#
# Usage: make-policy-fixtures.sh OUTDIR
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$1
command -v openssl >/dev/null || { echo "$0: openssl not found" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/ext-a" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=digitalSignature
extendedKeyUsage=codeSigning
subjectKeyIdentifier=hash
EXT
cat >"$tmp/ext-b" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=digitalSignature
subjectKeyIdentifier=none
authorityKeyIdentifier=none
EXT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" \
	-subj "/C=DE/O=Policy Test PKI/CN=Policy Test CA" -days 3650 \
	-set_serial 1 -outform DER -out "$out/ca.der" 2>/dev/null

leaf() {
	name=$1 subj=$2 serial=$3 ext=$4
	openssl req -new -newkey rsa:2048 -nodes -keyout "$tmp/$name.key" \
		-subj "$subj" -out "$tmp/$name.csr" 2>/dev/null
	openssl x509 -req -in "$tmp/$name.csr" -CA "$out/ca.der" \
		-CAform DER -CAkey "$tmp/ca.key" -set_serial "$serial" \
		-days 3650 -extfile "$ext" -outform DER \
		-out "$out/$name.der" 2>/dev/null
	openssl x509 -inform DER -in "$out/$name.der" -noout \
		-fingerprint -sha256 | sed 's/.*=//; s/://g' |
		tr 'A-F' 'a-f' >"$out/$name.fpr"
	openssl x509 -inform DER -in "$out/$name.der" -noout -issuer \
		-nameopt RFC2253 | sed 's/^issuer=//' >"$out/$name.issuer"
	openssl x509 -inform DER -in "$out/$name.der" -noout -serial |
		sed 's/^serial=//' | tr 'A-F' 'a-f' >"$out/$name.serial"
	openssl x509 -inform DER -in "$out/$name.der" -noout \
		-ext subjectKeyIdentifier 2>/dev/null | sed -n '2p' |
		tr -d ' :' | tr 'A-F' 'a-f' >"$out/$name.skid"
}

leaf leaf-a "/C=RU/O=First Org/O=AO Kaspersky Lab/CN=Kaspersky Test Signer" \
	0x8a1b2c3d "$tmp/ext-a"
leaf leaf-b "/C=DE/O=Good Vendor GmbH/CN=Good Signer" 0x02 "$tmp/ext-b"

for f in leaf-a.fpr leaf-a.issuer leaf-a.serial leaf-a.skid; do
	[ -s "$out/$f" ] || { echo "$0: could not make $out/$f" >&2; exit 1; }
done
[ ! -s "$out/leaf-b.skid" ] || { echo "$0: leaf-b has a SKID" >&2; exit 1; }
