# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# sign.sh - sign: signed policies for vendorban.require_signed, checked
# with OpenSSL; every failure writes nothing.
#
# Leaves $work/eu.p7 and $work/eu-v.p7 for status.sh.
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

EU=$ROOT/policy/eu-kaspersky-ban.vbpolicy
# content SIGNED: the policy text inside, if the signature verifies with
# the signer certificate $SC, issued by the good CA (OpenSSL, not our code)
content() {
	openssl cms -verify -binary -inform DER -in "$1" -CAfile "$PKI/good/chain.pem" \
		-purpose any 2>/dev/null
}
check "sign" grep -q "^signed policy eu-kaspersky-ban version 1: 7 rules, [0-9]* bytes in $work/eu.p7\$" \
	<("$V" sign --key "$SK" --cert "$SC" "$EU" -o "$work/eu.p7")
check "sign: OpenSSL verifies it, the content is the compiled text" \
	cmp -s <(content "$work/eu.p7") <(canon "$EU")
check "sign: attached, id-data, SHA-256, no signed attributes, DER" \
	bash -c "openssl cms -cmsout -print -inform DER -in '$work/eu.p7' |
		tr -s ' \n' ' ' | grep -q 'eContentType: pkcs7-data .*digestAlgorithm: algorithm: sha256 .*signedAttrs: <ABSENT>'"
check "sign --version sets the version" \
	"$V" sign -k "$SK" -c "$SC" --version 4294967295 "$EU" -o "$work/eu-v.p7"
check "sign --version: only the version line differs" \
	cmp -s <(content "$work/eu-v.p7") <(canon "$EU" | sed 's/^version 1$/version 4294967295/')
check "sign a kernel-format policy" cmp -s \
	<("$V" sign -k "$SK" -c "$SC" "$FIX/policies/canon-expected.pol" -o "$work/k.p7" >/dev/null &&
		content "$work/k.p7") "$FIX/policies/canon-expected.pol"
check "sign with an ECDSA key" "$V" sign -k "$PKI/good/leaf-p256.key" \
	-c "$PKI/good/leaf-p256.pem" "$EU" -o "$work/ec.p7"
rc_is 1 "sign: missing key file" "$V" sign -k "$work/none.key" -c "$SC" "$EU" -o "$work/x1.p7"
rc_is 1 "sign: a certificate is not a key" "$V" sign -k "$SC" -c "$SC" "$EU" -o "$work/x2.p7"
rc_is 1 "sign: key does not match the certificate" "$V" sign \
	-k "$PKI/banned/leaf-rsa2048.key" -c "$SC" "$EU" -o "$work/x3.p7"
check "sign: says the key does not match" grep -q 'does not belong to the certificate' \
	<("$V" sign -k "$PKI/banned/leaf-rsa2048.key" -c "$SC" "$EU" -o "$work/x3.p7" 2>&1)
rc_is 1 "sign: not a certificate" "$V" sign -k "$SK" -c "$SK" "$EU" -o "$work/x4.p7"
rc_is 1 "sign: a bad policy" "$V" sign -k "$SK" -c "$SC" "$FIX/policies/bad-odd-hex.pol" -o "$work/x5.p7"
rc_is 1 "sign: a signed file is not a policy source" "$V" sign -k "$SK" -c "$SC" \
	"$work/eu.p7" -o "$work/x6.p7"
check "sign: nothing written on failure" bash -c "! ls '$work'/x?.p7 2>/dev/null"
rc_is 2 "sign without --key" "$V" sign -c "$SC" "$EU" -o "$work/x7.p7"
rc_is 2 "sign without --output" "$V" sign -k "$SK" -c "$SC" "$EU"
rc_is 2 "sign --version out of range" "$V" sign -k "$SK" -c "$SC" --version 4294967296 \
	"$EU" -o "$work/x8.p7"
rc_is 2 "sign --version not a number" "$V" sign -k "$SK" -c "$SC" --version -1 "$EU" -o "$work/x9.p7"
