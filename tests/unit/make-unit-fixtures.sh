#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make-unit-fixtures.sh OUTDIR - certificates, signatures and the values
# OpenSSL reports for them, for the unit tests and the fuzz seed corpora.
#
#   OUTDIR/pki/...            the test PKI (scripts/make-test-pki.sh)
#   OUTDIR/certs/NAME.der     certificates; OUTDIR/certs/NAME.txt holds what
#                             OpenSSL says about each, one "key=value" a line:
#                             fingerprint, serial, subject, issuer, skid,
#                             akid, ca, cn, o (hex lower case, DNs RFC 2253)
#   OUTDIR/data.bin           the signed data
#   OUTDIR/sigs/NAME.signed   data.bin with an appended signature
#   OUTDIR/sigs/NAME.p7s      the signature alone
#   OUTDIR/sigs.list          one signature a line:
#                             NAME CERT MODE HASH PKEY ATTRS
#                             (CERT names OUTDIR/certs/CERT.*; ATTRS 0 or 1)
#                             NAME *-ber is indefinite-length BER with the
#                             content embedded, and has no .signed file
#   OUTDIR/sigs/bad-sid-*.p7s, OUTDIR/certs/bad-cert-*.der
#                             a signer id and certificates OpenSSL rejects
#   OUTDIR/pe/, OUTDIR/ima/   Authenticode and IMA fixtures, made by
#                             make-pe-fixtures.sh (see there)
#
# OUTDIR/.done holds a checksum of the scripts: a second run does nothing.

set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/tap.sh
. "$here/../lib/tap.sh"

[ $# -eq 1 ] || die "usage: make-unit-fixtures.sh OUTDIR"
scripts=$here/../../scripts
out=$1

sum=$(cat "$0" "$scripts/make-test-pki.sh" "$scripts/sign-appended.sh" \
	"$here/mutate-sid.py" |
	sha256sum | cut -d' ' -f1)
if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$sum" ]; then
	exec "$here/make-pe-fixtures.sh" "$out"
fi
rm -rf "$out"
mkdir -p "$out/certs" "$out/sigs"
"$scripts/make-test-pki.sh" "$out/pki"
pki=$out/pki

# hexval TEXT: "AB:CD:EF" or "ABCDEF" -> "abcdef"
hexval() {
	printf '%s' "$1" | tr -d ': \n' | tr 'A-F' 'a-f'
}

# field PEM NAMEOPT FIELD: one value printed by openssl x509
field() {
	openssl x509 -in "$1" -noout "-$3" -nameopt "$2" | sed "s/^$3=//"
}

# ext PEM EXTNAME: the hex key identifier of an extension, or empty
keyid_ext() {
	openssl x509 -in "$1" -noout -ext "$2" 2>/dev/null |
		sed -n '2s/^ *\(keyid:\)\{0,1\}//p'
}

# attr PEM SN: the first value of attribute SN in the subject (RFC 2253
# output is unescaped only for the test's plain names)
attr() {
	openssl x509 -in "$1" -noout -subject -nameopt multiline,utf8,-esc_msb |
		sed -n "s/^ *$2 *= //p" | head -n 1
}

# expect NAME PEM: record OpenSSL's view of a certificate
expect() {
	cp "$2" "$out/certs/$1.pem"
	openssl x509 -in "$2" -outform DER -out "$out/certs/$1.der"
	fpr=$(openssl x509 -in "$2" -noout -fingerprint -sha256 | sed 's/.*=//')
	serial=$(openssl x509 -in "$2" -noout -serial | sed 's/.*=//')
	ca=0
	openssl x509 -in "$2" -noout -ext basicConstraints 2>/dev/null |
		grep -q 'CA:TRUE' && ca=1
	{
		echo "fingerprint=$(hexval "$fpr")"
		echo "serial=$(hexval "$serial")"
		echo "subject=$(field "$2" RFC2253,-esc_msb subject)"
		echo "issuer=$(field "$2" RFC2253,-esc_msb issuer)"
		echo "skid=$(hexval "$(keyid_ext "$2" subjectKeyIdentifier)")"
		echo "akid=$(hexval "$(keyid_ext "$2" authorityKeyIdentifier)")"
		echo "ca=$ca"
		echo "cn=$(attr "$2" commonName)"
		echo "o=$(attr "$2" organizationName)"
	} >"$out/certs/$1.txt"
}

for v in banned good; do
	for c in root inter leaf-rsa2048 leaf-rsa4096 leaf-p256 leaf-p384; do
		expect "$v-$c" "$pki/$v/$c.pem"
	done
done
expect other "$pki/other/leaf.pem"

# Certificates whose names exercise RFC 4514 escaping, multi-valued RDNs,
# dotted OIDs, BMPString and non-ASCII UTF-8.
weird_cert() {
	name=$1 mask=$2 subj=$3
	printf '[req]\ndistinguished_name=dn\nstring_mask=%s\n[dn]\n' \
		"$mask" >"$out/weird.cnf"
	openssl req -new -x509 -config "$out/weird.cnf" -utf8 \
		-key "$pki/other/leaf.key" -subj "$subj" -days 1 -set_serial 0 \
		-out "$out/$name.pem" 2>/dev/null ||
		die "cannot make certificate $name"
	expect "$name" "$out/$name.pem"
	rm -f "$out/$name.pem" "$out/weird.cnf"
}
# OpenSSL 3.0 prints a backslash in a value unescaped and drops unknown OIDs
# from -subj: the unit tests cover those with hand-made names.
weird_cert weird-ascii utf8only \
	'/DC=org/DC=example/C=DE/ST=Bay ern/L=Mu\, nich/O=Weird "Org" <x>; =/OU=Unit+CN=Multi Valued/CN=#hash and trailing\ /emailAddress=a@b.example/serialNumber=1234/UID=u1'
weird_cert weird-bmp pkix \
	"$(printf '/C=DE/O=Gr\303\274\303\237e_GmbH/CN=J\303\274rgen_M\303\274ller')"

# The signed data: executable, like the programs signed for the VM tests.
printf 'vendorban unit-test payload\n' >"$out/data.bin"
i=0
while [ $i -lt 64 ]; do
	printf 'line %d of the payload\n' $i >>"$out/data.bin"
	i=$((i + 1))
done
chmod 0755 "$out/data.bin"

# sign NAME CERT MODE HASH PKEY ATTRS [sign-appended.sh options...]
sign() {
	name=$1 cert=$2 mode=$3 hash=$4 pkey=$5 attrs=$6
	shift 6
	v=${cert%%-*} leaf=${cert#*-}
	"$scripts/sign-appended.sh" --mode "$mode" --key "$pki/$v/$leaf.key" \
		--cert "$pki/$v/$leaf.pem" --chain "$pki/$v/chain.pem" \
		--hash "$hash" "$@" "$out/data.bin" "$out/sigs/$name.signed"
	size=$(wc -c <"$out/sigs/$name.signed")
	data=$(wc -c <"$out/data.bin")
	tail -c $((size - data)) "$out/sigs/$name.signed" |
		head -c $((size - data - 40)) >"$out/sigs/$name.p7s"
	echo "$name $cert $mode $hash $pkey $attrs" >>"$out/sigs.list"
}

: >"$out/sigs.list"
for v in banned good; do
	for spec in rsa2048:sha256:rsa rsa4096:sha512:rsa p256:sha256:ecdsa \
		    p384:sha384:ecdsa; do
		kt=${spec%%:*} rest=${spec#*:}
		hash=${rest%%:*} pkey=${rest#*:}
		for mode in nocert skid cert chain; do
			sign "$v-$kt-$mode" "$v-leaf-$kt" $mode "$hash" "$pkey" 0
		done
	done
done
sign good-rsa2048-attrs good-leaf-rsa2048 chain sha256 rsa 1 --attrs
sign good-p256-attrs good-leaf-p256 cert sha256 ecdsa 1 --attrs
sign banned-rsa2048-legacy banned-leaf-rsa2048 cert sha256 rsa 0 --legacy
sign banned-p384-legacy banned-leaf-p384 chain sha384 ecdsa 1 --legacy --attrs

# BER: openssl cms -stream writes indefinite lengths.
openssl cms -sign -binary -stream -outform DER -md sha256 -noattr \
	-signer "$pki/banned/leaf-rsa2048.pem" -inkey "$pki/banned/leaf-rsa2048.key" \
	-certfile "$pki/banned/chain.pem" -in "$out/data.bin" \
	-out "$out/sigs/banned-rsa2048-ber.p7s" ||
	die "cannot make the BER signature"
echo "banned-rsa2048-ber banned-leaf-rsa2048 chain sha256 rsa 0" >>"$out/sigs.list"

# Every signature must verify with OpenSSL, or the fixture itself is wrong.
while read -r name cert mode hash pkey attrs; do
	v=${cert%%-*}
	openssl cms -verify -binary -inform DER -in "$out/sigs/$name.p7s" \
		-content "$out/data.bin" -certfile "$out/certs/$cert.pem" \
		-CAfile "$pki/$v/chain.pem" -purpose any \
		-out /dev/null 2>"$out/verify.log" ||
		{ cat "$out/verify.log" >&2; die "$name does not verify"; }
done <"$out/sigs.list"
rm -f "$out/verify.log"

# A signer id, and a certificate, that OpenSSL rejects (not in sigs.list):
# the kernel's parser must call them malformed too (mutate-sid.py).
for kind in serial-pad serial-ff issuer-int issuer-noval; do
	python3 "$here/mutate-sid.py" "$kind" "$out/sigs/banned-rsa2048-nocert.p7s" \
		"$out/sigs/bad-sid-$kind.p7s" || die "mutate-sid.py $kind failed"
done
for kind in serial-pad issuer-int; do
	python3 "$here/mutate-sid.py" "cert-$kind" "$out/certs/banned-leaf-p256.der" \
		"$out/certs/bad-cert-$kind.der" || die "mutate-sid.py cert-$kind failed"
done

echo "$sum" >"$out/.done"
exec "$here/make-pe-fixtures.sh" "$out"
