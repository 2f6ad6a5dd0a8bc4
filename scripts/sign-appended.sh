#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# sign-appended.sh - append a module-format signature to a copy of a file
#
# Usage: sign-appended.sh --mode nocert|skid|cert|chain --key KEY --cert CERT
#                         [--chain PEM] [--attrs] [--legacy]
#                         --hash sha256|sha384|sha512 IN OUT
#
#   nocert  sign-file: the SignerInfo names issuer+serial, no certificate
#   skid    sign-file -k: the SignerInfo names the SKID, no certificate
#   cert    openssl cms: the signer certificate is embedded
#   chain   openssl cms -certfile PEM: signer certificate and chain embedded
#   --attrs     keep the signed attributes (cert/chain modes only)
#   --legacy    openssl smime (PKCS#7 instead of CMS; cert/chain modes only)
#
# OUT is IN, then the DER SignedData, the 12-byte struct module_signature
# (id_type 2, big-endian sig_len) and "~Module signature appended~\n".
# OUT keeps IN's permission bits.

set -eu

SIGN_FILE=${SIGN_FILE:-/usr/lib/linux-kbuild-6.1/scripts/sign-file}
MAGIC='~Module signature appended~'

die() {
	echo "sign-appended.sh: error: $*" >&2
	exit 1
}

usage() {
	sed -n '5,9s/^# \{0,1\}//p' "$0" >&2
	exit 1
}

mode='' key='' cert='' chain='' hash='' attrs=0 legacy=0
while [ $# -gt 0 ]; do
	case $1 in
	--mode)		[ $# -ge 2 ] || usage; mode=$2; shift 2 ;;
	--key)		[ $# -ge 2 ] || usage; key=$2; shift 2 ;;
	--cert)		[ $# -ge 2 ] || usage; cert=$2; shift 2 ;;
	--chain)	[ $# -ge 2 ] || usage; chain=$2; shift 2 ;;
	--hash)		[ $# -ge 2 ] || usage; hash=$2; shift 2 ;;
	--attrs)	attrs=1; shift ;;
	--legacy)	legacy=1; shift ;;
	-h|--help)	usage ;;
	--)		shift; break ;;
	-*)		die "unknown option $1" ;;
	*)		break ;;
	esac
done
[ $# -eq 2 ] || usage
in=$1 out=$2

case $mode in
nocert|skid|cert) ;;
chain)	[ -n "$chain" ] || die "--mode chain needs --chain PEM" ;;
*)	die "--mode must be nocert, skid, cert or chain" ;;
esac
case $hash in
sha256|sha384|sha512) ;;
*)	die "--hash must be sha256, sha384 or sha512" ;;
esac
if [ -z "$key" ] || [ ! -r "$key" ]; then
	die "cannot read key '$key'"
fi
if [ -z "$cert" ] || [ ! -r "$cert" ]; then
	die "cannot read certificate '$cert'"
fi
[ -r "$in" ] || die "cannot read input '$in'"
if [ $legacy = 1 ] || [ $attrs = 1 ]; then
	case $mode in
	cert|chain) ;;
	*) die "--legacy and --attrs need --mode cert or chain" ;;
	esac
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sig=$work/sig.p7s

case $mode in
nocert|skid)
	[ -x "$SIGN_FILE" ] || die "sign-file not found at $SIGN_FILE"
	kopt=
	[ "$mode" = skid ] && kopt=-k
	cp "$in" "$work/data"
	# -d writes only the detached signature, to DATA.p7s.
	# shellcheck disable=SC2086
	"$SIGN_FILE" -d $kopt "$hash" "$key" "$cert" "$work/data" ||
		die "sign-file failed"
	mv "$work/data.p7s" "$sig"
	;;
cert|chain)
	set -- -sign -binary -outform DER -md "$hash" -signer "$cert" \
		-inkey "$key" -in "$in" -out "$sig"
	[ $attrs = 1 ] || set -- "$@" -noattr
	[ "$mode" = chain ] && set -- "$@" -certfile "$chain"
	if [ $legacy = 1 ]; then
		openssl smime "$@" || die "openssl smime failed"
	else
		openssl cms "$@" || die "openssl cms failed"
	fi
	;;
esac

len=$(wc -c <"$sig")
[ "$len" -gt 0 ] || die "empty signature"
# struct module_signature: algo, hash, id_type=2, signer_len, key_id_len,
# pad[3], then sig_len as a big-endian 32-bit integer.
be32=$(printf '\\%03o\\%03o\\%03o\\%03o' $((len >> 24 & 255)) \
	$((len >> 16 & 255)) $((len >> 8 & 255)) $((len & 255)))
{
	cat "$in" "$sig"
	# shellcheck disable=SC2059
	printf "\\000\\000\\002\\000\\000\\000\\000\\000$be32"
	printf '%s\n' "$MAGIC"
} >"$work/out"
chmod "$(stat -c %a "$in")" "$work/out"
mv "$work/out" "$out" 2>/dev/null || { cp "$work/out" "$out" &&
	chmod "$(stat -c %a "$in")" "$out"; }
