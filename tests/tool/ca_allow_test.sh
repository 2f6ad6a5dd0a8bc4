#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ca_allow_test.sh - "allow ca" proven by a verified chain, on the host
#
# An allow ca rule counts only when each link from the signer's
# certificate up to the rule's CA verifies (OpenSSL's X509_verify() here,
# the kernel's verify_signature() in the VM: tests/vm/ca_allow_test.c) and
# the signature verifies with the signer's certificate.  The fixtures: the
# good vendor's files (leaf embedded; PE with the whole chain), and
# tests/pkg's forged-chain, signed by a self-made leaf whose issuer claims
# the good intermediate's DN and key identifier (openssl verify rejects
# its chain too).  Ends with "ca-allow: N passed, N failed".

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
PKI=$ROOT/build/pki
TAP_PART=ca-allow
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

[ -x "$V" ] || die "$V missing"
"$ROOT/tests/pkg/make-fixtures.sh" "$FIX/packages" >/dev/null 2>&1 ||
	die "tests/pkg/make-fixtures.sh failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/certs"
cp "$PKI/good/chain.pem" "$PKI/good/root.pem" "$PKI/good/inter.pem" "$work/certs/"
hdr() {
	printf 'vendorban-policy 1\nname c\nversion 1\ndefault deny\n'
}

{ hdr; echo 'allow ca-file "certs/chain.pem" label=good'; } >"$work/chain.vbpolicy"
rc_is 0 "allow ca (intermediate and root): the good leaf's file (leaf embedded) is proven" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/bin/good-rsa2048-cert"
rc_is 0 "allow ca: the good PE (chain embedded) is proven" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/bin/pe-good"
rc_is 3 "allow ca: the banned vendor's chain is refused" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/bin/banned-rsa2048-chain"
rc_is 3 "allow ca: a leaf under a twin of the intermediate (same DN and key id) is refused" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/packages/ca/forged-chain"
check "... and test says a link does not verify" grep -q \
	"unproven:  line 5, label good: matched signer 0, but the signature does not verify with the rule's certificate, or (ca) a link of the chain to it does not" \
	"$tap_out"
rc_is 3 "allow ca: a good leaf's file changed after signing is refused" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/bin/modified-good"
rc_is 3 "allow ca: a signature without the signer's certificate cannot be chained" \
	"$V" test --policy "$work/chain.vbpolicy" "$FIX/bin/good-rsa2048-nocert"
check "... and test says why" grep -q "the signature carries no signer certificate" "$tap_out"

# only the root: the intermediate must come from the signature or the policy
{ hdr; echo 'allow ca-file "certs/root.pem" label=root'; } >"$work/root.vbpolicy"
rc_is 0 "allow ca root: the PE carries the intermediate: proven" \
	"$V" test --policy "$work/root.vbpolicy" "$FIX/bin/pe-good"
rc_is 3 "allow ca root: the leaf alone cannot reach it" \
	"$V" test --policy "$work/root.vbpolicy" "$FIX/bin/good-rsa2048-cert"
"$V" compile "$work/root.vbpolicy" >"$work/root.policy"
printf 'chain-cert %s\n' "$(openssl x509 -in "$PKI/good/inter.pem" -outform DER |
	od -An -v -tx1 | tr -d ' \n')" >>"$work/root.policy"
rc_is 0 "allow ca root with the intermediate as chain-cert: proven" \
	"$V" test --policy "$work/root.policy" "$FIX/bin/good-rsa2048-cert"

# OpenSSL's own chain verification agrees on the leaves
openssl x509 -in "$PKI/good/leaf-rsa2048.pem" >"$work/leaf.pem"
check "openssl verify: the good leaf chains to the root" \
	openssl verify -no_check_time -CAfile "$PKI/good/root.pem" \
	-untrusted "$PKI/good/inter.pem" "$work/leaf.pem"
openssl pkcs7 -print_certs -inform DER -in <(
	python3 -c "import sys; d = open(sys.argv[1], 'rb').read(); n = int.from_bytes(d[-40:-28][8:12], 'big'); sys.stdout.buffer.write(d[-40 - n:-40])" \
		"$FIX/packages/ca/forged-chain") 2>/dev/null >"$work/forged.pem" || true
if [ -s "$work/forged.pem" ]; then
	rc=0
	openssl verify -no_check_time -CAfile "$PKI/good/root.pem" \
		-untrusted "$PKI/good/inter.pem" "$work/forged.pem" >/dev/null 2>&1 || rc=$?
	check "openssl verify: the forged leaf does not chain" test "$rc" -ne 0
else
	not_ok "cannot read the forged leaf's certificate out of its signature"
fi

tap_done
