#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make-test-pki.sh OUTDIR - generate the vendorban test PKI
#
# Two vendors, "banned" (C=RU, O=AO Kaspersky Lab) and "good" (C=DE,
# O=Good Vendor GmbH), each with an RSA-4096 root CA, an RSA-4096
# intermediate CA (pathlen 0) and four code-signing leaves issued by the
# intermediate: RSA-2048, RSA-4096, P-256 and P-384.  Plus "other": a
# self-signed code-signing leaf with an unrelated key, for forgery tests.
#
# Layout: OUTDIR/{banned,good}/{root,inter,leaf-rsa2048,leaf-rsa4096,
# leaf-p256,leaf-p384}.{key,pem,der}, OUTDIR/{banned,good}/chain.pem
# (intermediate then root) and OUTDIR/other/leaf.{key,pem,der}.
#
# Serial numbers, names, extensions and validity dates are fixed; the keys
# are generated at run time.  THE PRIVATE KEYS ARE FOR TESTS ONLY.
# OUTDIR/.done records the script's checksum: a second run with the same
# script does nothing.

set -eu

die() {
	echo "make-test-pki.sh: error: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: make-test-pki.sh OUTDIR"
command -v openssl >/dev/null 2>&1 || die "openssl not found"

out=$1
self_sum=$(sha256sum "$0" | cut -d' ' -f1)
if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$self_sum" ]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# openssl ca configuration; CA_DIR selects the issuing CA's database.
cat >"$work/ca.cnf" <<'EOF'
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $ENV::CA_DIR
database = $dir/index.txt
serial = $dir/serial
new_certs_dir = $dir/new
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = placeholder

[ ext_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ext_inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ext_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

# genkey FILE TYPE: TYPE is rsa2048, rsa4096, p256 or p384.
genkey() {
	case $2 in
	rsa*)	set -- "$1" -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" ;;
	p256)	set -- "$1" -algorithm EC -pkeyopt ec_paramgen_curve:P-256 ;;
	p384)	set -- "$1" -algorithm EC -pkeyopt ec_paramgen_curve:P-384 ;;
	*)	die "unknown key type $2" ;;
	esac
	f=$1
	shift
	openssl genpkey "$@" -out "$f" 2>/dev/null || die "cannot generate key $f"
}

# issue CA_DIR SERIAL SUBJ KEY OUT EXT MD START END [ISSUER_CERT ISSUER_KEY]
# Without an issuer, the certificate is self-signed.
issue() {
	ca_dir=$1 serial=$2 subj=$3 key=$4 cert=$5 ext=$6 md=$7
	start=$8 end=$9
	shift 9
	mkdir -p "$ca_dir/new"
	[ -f "$ca_dir/index.txt" ] || : >"$ca_dir/index.txt"
	echo "$serial" >"$ca_dir/serial"
	CA_DIR=$ca_dir openssl req -new -config "$work/ca.cnf" -key "$key" -subj "$subj" \
		-out "$work/req.csr" 2>/dev/null || die "cannot make CSR for $subj"
	if [ $# -eq 0 ]; then
		set -- -selfsign -keyfile "$key"
	else
		set -- -cert "$1" -keyfile "$2"
	fi
	CA_DIR=$ca_dir openssl ca -batch -config "$work/ca.cnf" -notext \
		-preserveDN -md "$md" -extensions "$ext" \
		-startdate "$start" -enddate "$end" "$@" \
		-in "$work/req.csr" -out "$cert" 2>"$work/ca.log" ||
		{ cat "$work/ca.log" >&2; die "cannot issue $subj"; }
	openssl x509 -in "$cert" -outform DER -out "${cert%.pem}.der"
}

CA_START=20230101000000Z
CA_END=20430101000000Z
LEAF_START=20240101000000Z
LEAF_END=20340101000000Z

# vendor NAME SUBJECT_PREFIX CN_PREFIX SERIAL_BASE
vendor() {
	d=$out/$1 pfx=$2 cn=$3 base=$4
	mkdir -p "$d"
	genkey "$d/root.key" rsa4096
	issue "$work/$1-root" "${base}01" "$pfx/CN=$cn Root CA" \
		"$d/root.key" "$d/root.pem" ext_root sha256 "$CA_START" "$CA_END"
	genkey "$d/inter.key" rsa4096
	issue "$work/$1-root" "${base}02" "$pfx/CN=$cn Intermediate CA" \
		"$d/inter.key" "$d/inter.pem" ext_inter sha256 \
		"$CA_START" "$CA_END" "$d/root.pem" "$d/root.key"
	cat "$d/inter.pem" "$d/root.pem" >"$d/chain.pem"
	# The leaf serials have the high bit set: DER adds a leading 0x00.
	n=10
	for spec in rsa2048:sha256 rsa4096:sha512 p256:sha256 p384:sha384; do
		kt=${spec%%:*} md=${spec#*:}
		genkey "$d/leaf-$kt.key" "$kt"
		issue "$work/$1-inter" "8${base}0$n" \
			"$pfx/CN=$cn Code Signing $kt" "$d/leaf-$kt.key" \
			"$d/leaf-$kt.pem" ext_leaf "$md" "$LEAF_START" \
			"$LEAF_END" "$d/inter.pem" "$d/inter.key"
		n=$((n + 1))
	done
}

vendor banned "/C=RU/O=AO Kaspersky Lab" "Kaspersky Test" 1a2b3c
vendor good "/C=DE/O=Good Vendor GmbH" "Good Vendor Test" 4d5e6f

mkdir -p "$out/other"
genkey "$out/other/leaf.key" rsa2048
issue "$work/other" 0badc0de "/C=US/O=Unrelated Test Signer/CN=Other Code Signing" \
	"$out/other/leaf.key" "$out/other/leaf.pem" ext_leaf sha256 \
	"$LEAF_START" "$LEAF_END"

chmod 0600 "$out"/*/*.key
echo "$self_sum" >"$out/.done"
