#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make-pe-fixtures.sh OUTDIR - Authenticode and IMA fixtures for the unit
# tests and the fuzz seed corpora.  OUTDIR is the unit-fixture directory
# that make-unit-fixtures.sh filled (its pki/ and certs/ are used).
#
#   OUTDIR/pe/unsigned64.efi, unsigned32.exe   minimal unsigned PE32+/PE32
#   OUTDIR/pe/NAME.pe       a signed PE file
#   OUTDIR/pe/NAME.p7       its signature as the signing tool extracts it
#   OUTDIR/pe/pe.list       one signed file a line: NAME CERT NESTED_CERT
#                           (CERT names OUTDIR/certs/CERT.*, the signer;
#                           NESTED_CERT the nested signature's signer, or -)
#   OUTDIR/certs/banned-tsa.*  a banned timestamping certificate that
#                           countersigns the ts-* files
#   OUTDIR/ima/NAME.sig     evmctl ima_sign --sigfile output of data.bin
#   OUTDIR/ima/ima.list     NAME CERT HASH_ALGO (CERT as above)
#   OUTDIR/bomb/nest2.p7    the crafted chain-walk SignedData of
#                           mkchainbomb.c with 2 nested copies; nest17.p7
#                           with 17 small ones (4 certificates each);
#                           nest2-32.p7 its names of 32 attributes (the
#                           most that parse), nest2.p7's have 170
#
# Needs osslsigncode, sbsigntool (sbsign, sbattach) and ima-evm-utils
# (evmctl).  OUTDIR/.done-pe holds a checksum of the inputs: a second run
# does nothing.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/tap.sh
. "$here/../lib/tap.sh"

[ $# -eq 1 ] || die "usage: make-pe-fixtures.sh OUTDIR"
out=$1
pki=$out/pki
[ -d "$pki" ] || die "$pki missing: run make-unit-fixtures.sh first"
for tool in osslsigncode:osslsigncode sbsign:sbsigntool \
	    sbattach:sbsigntool evmctl:ima-evm-utils cc:gcc; do
	command -v "${tool%%:*}" >/dev/null ||
		die "${tool%%:*} not found (apt-get install ${tool#*:})"
done

sum=$(cat "$0" "$here/mkpe.c" "$here/countersign.c" "$here/mkchainbomb.c" \
	"$pki/good/chain.pem" | sha256sum | cut -d' ' -f1)
if [ -f "$out/.done-pe" ] && [ "$(cat "$out/.done-pe")" = "$sum" ]; then
	exit 0
fi
rm -rf "${out:?}/pe" "${out:?}/ima" "${out:?}/bin" "${out:?}/bomb"
mkdir -p "$out/pe" "$out/ima" "$out/bin" "$out/bomb"
pe=$out/pe
cc -std=c11 -Wall -Wextra -Werror -o "$out/bin/mkpe" "$here/mkpe.c" ||
	die "cannot build mkpe"
cc -std=c11 -Wall -Wextra -Werror -Wno-deprecated-declarations \
	-o "$out/bin/countersign" "$here/countersign.c" -lcrypto ||
	die "cannot build countersign"
cc -std=c11 -Wall -Wextra -Werror -o "$out/bin/mkchainbomb" \
	"$here/mkchainbomb.c" || die "cannot build mkchainbomb"
"$out/bin/mkchainbomb" 2 "$out/bomb/nest2.p7" || die "mkchainbomb failed"
"$out/bin/mkchainbomb" 17 "$out/bomb/nest17.p7" 4 || die "mkchainbomb failed"
"$out/bin/mkchainbomb" 2 "$out/bomb/nest2-32.p7" 16 32 ||
	die "mkchainbomb failed"
"$out/bin/mkpe" pe32plus "$pe/unsigned64.efi"
"$out/bin/mkpe" pe32 "$pe/unsigned32.exe"

# The certificate's fields as OpenSSL sees them, like make-unit-fixtures.sh.
record_cert() {
	cp "$2" "$out/certs/$1.pem"
	openssl x509 -in "$2" -outform DER -out "$out/certs/$1.der"
	{
		fpr=$(openssl x509 -in "$2" -noout -fingerprint -sha256 |
			sed 's/.*=//' | tr -d ':' | tr 'A-F' 'a-f')
		echo "fingerprint=$fpr"
	} >"$out/certs/$1.txt"
}

# A timestamping certificate of the banned vendor, for countersignatures.
printf '[ext]\nextendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
	>"$out/bin/tsa.cnf"
openssl req -new -newkey rsa:2048 -nodes -keyout "$out/bin/tsa.key" \
	-subj "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Test Timestamping" \
	-out "$out/bin/tsa.csr" 2>/dev/null || die "cannot make the TSA key"
openssl x509 -req -in "$out/bin/tsa.csr" -CA "$pki/banned/inter.pem" \
	-CAkey "$pki/banned/inter.key" -set_serial 0x7a5a -days 3650 \
	-extfile "$out/bin/tsa.cnf" -extensions ext \
	-out "$out/bin/tsa.pem" 2>/dev/null || die "cannot make the TSA cert"
record_cert banned-tsa "$out/bin/tsa.pem"
cat "$out/bin/tsa.pem" "$pki/banned/chain.pem" >"$out/bin/tsa-chain.pem"

# osslsign NAME IN VENDOR LEAF HASH [osslsigncode options...]
osslsign() {
	name=$1 in=$2 v=$3 leaf=$4 hash=$5
	shift 5
	cat "$pki/$v/$leaf.pem" "$pki/$v/chain.pem" >"$out/bin/certs.pem"
	osslsigncode sign -certs "$out/bin/certs.pem" -key "$pki/$v/$leaf.key" \
		-h "$hash" "$@" -in "$in" -out "$pe/$name.pe" >/dev/null ||
		die "osslsigncode cannot sign $name"
	osslsigncode extract-signature -in "$pe/$name.pe" \
		-out "$pe/$name.p7" >/dev/null ||
		die "osslsigncode cannot extract the signature of $name"
}

: >"$pe/pe.list"
osslsign good-sha256 "$pe/unsigned64.efi" good leaf-rsa2048 sha256
echo "good-sha256 good-leaf-rsa2048 -" >>"$pe/pe.list"
osslsign banned-sha384 "$pe/unsigned32.exe" banned leaf-rsa4096 sha384
echo "banned-sha384 banned-leaf-rsa4096 -" >>"$pe/pe.list"
osslsign banned-p256-sha512 "$pe/unsigned64.efi" banned leaf-p256 sha512
echo "banned-p256-sha512 banned-leaf-p256 -" >>"$pe/pe.list"
# A banned signature nested in a good one (osslsigncode -nest).
osslsign nested "$pe/good-sha256.pe" banned leaf-rsa2048 sha256 -nest
echo "nested good-leaf-rsa2048 banned-leaf-rsa2048" >>"$pe/pe.list"
# RFC 3161 timestamp by the banned TSA (certificates inside the token).
osslsign ts-rfc3161 "$pe/unsigned64.efi" good leaf-p384 sha256 \
	-TSA-certs "$out/bin/tsa-chain.pem" -TSA-key "$out/bin/tsa.key" \
	-TSA-time 1700000000
echo "ts-rfc3161 good-leaf-p384 -" >>"$pe/pe.list"
# Legacy countersignature by the banned TSA, its certificates (and the
# banned chain) in the outer certificate set.
"$out/bin/countersign" "$pe/good-sha256.p7" "$out/bin/tsa.pem" \
	"$out/bin/tsa.key" "$pki/banned/chain.pem" "$pe/ts-legacy.p7" ||
	die "cannot countersign"
osslsigncode attach-signature -sigin "$pe/ts-legacy.p7" \
	-CAfile "$pki/good/chain.pem" -TSA-CAfile "$pki/banned/chain.pem" \
	-in "$pe/unsigned64.efi" -out "$pe/ts-legacy.pe" >/dev/null ||
	die "cannot attach the countersigned signature"
echo "ts-legacy good-leaf-rsa2048 -" >>"$pe/pe.list"
# sbsign: the signature sbattach detaches is the oracle.
sbsign --key "$pki/banned/leaf-rsa2048.key" \
	--cert "$pki/banned/leaf-rsa2048.pem" --addcert "$pki/banned/chain.pem" \
	--output "$pe/banned-sbsign.pe" "$pe/unsigned64.efi" 2>/dev/null ||
	die "sbsign failed"
cp "$pe/banned-sbsign.pe" "$out/bin/detach.pe"
sbattach --detach "$pe/banned-sbsign.p7" "$out/bin/detach.pe" >/dev/null ||
	die "sbattach cannot detach"
echo "banned-sbsign banned-leaf-rsa2048 -" >>"$pe/pe.list"

# Every signature must verify with osslsigncode, or the fixture is wrong.
while read -r name cert _nested; do
	v=${cert%%-*}
	osslsigncode verify -in "$pe/$name.pe" -CAfile "$pki/$v/chain.pem" \
		>"$out/bin/verify.log" 2>&1 ||
		grep -q 'Signature verification: ok' "$out/bin/verify.log" ||
		{ cat "$out/bin/verify.log" >&2; die "$name does not verify"; }
done <"$pe/pe.list"

# IMA signatures of data.bin (sha256 and sha512), key id from the SKID.
: >"$out/ima/ima.list"
for spec in good-leaf-rsa2048:sha256 banned-leaf-rsa4096:sha512 \
	    banned-leaf-p256:sha256; do
	cert=${spec%%:*} hash=${spec#*:}
	v=${cert%%-*} leaf=${cert#*-}
	name=$cert-$hash
	cp "$out/data.bin" "$out/ima/$name"
	evmctl ima_sign --sigfile --key "$pki/$v/$leaf.key" -a "$hash" \
		"$out/ima/$name" >/dev/null 2>&1 ||
		die "evmctl cannot sign with $cert"
	rm -f "$out/ima/$name"
	echo "$name $cert $hash" >>"$out/ima/ima.list"
done
rm -rf "$out/bin/detach.pe" "$out/bin/verify.log" "$out/bin/certs.pem"

echo "$sum" >"$out/.done-pe"
