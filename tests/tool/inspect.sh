# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# inspect.sh - inspect: the kernel's parser and OpenSSL agree on every signed
# fixture (trailers, PE Authenticode, nested signatures), field by field.
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

signed=$(ls "$FIX"/bin/banned-* "$FIX"/bin/good-* "$FIX"/bin/forged-good \
	"$FIX"/bin/modified-good "$FIX"/bin/script-banned-itself "$UFIX"/sigs/*.signed)
for f in $signed; do
	out=$("$V" inspect "$f" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q DISAGREE <<<"$out" &&
		grep -q '^  signature  *present  \[agree\]$' <<<"$out"; then
		ok "inspect agrees: ${f#"$ROOT"/}"
	else
		not_ok "inspect: ${f#"$ROOT"/}: $out"
	fi
done
n=$(echo "$signed" | wc -l)
if [ "$n" -ge 50 ]; then ok "inspect covered $n signed files"; else not_ok "only $n signed files"; fi

# field VALUE FILE FIELD: the field as inspect prints it
field() {
	"$V" inspect "$1" | sed -n "s/^  $2  *\(.*\)  \[agree\]\$/\1/p"
}

for kt in rsa2048 rsa4096 p256 p384; do
	f=$FIX/bin/banned-$kt-cert
	check "inspect $kt fingerprint" \
		[ "$(field "$f" signer0.cert.fingerprint)" = "$(cat "$FIX/expect/banned-$kt.fpr")" ]
	check "inspect $kt serial" \
		[ "$(field "$f" signer0.cert.serial)" = "$(cat "$FIX/expect/banned-$kt.serial")" ]
	check "inspect $kt sid serial (no certificate)" \
		[ "$(field "$FIX/bin/banned-$kt-nocert" signer0.sid.serial)" = \
		"$(cat "$FIX/expect/banned-$kt.serial")" ]
	check "inspect $kt subject O" \
		[ "$(field "$f" signer0.cert.subject-o)" = "$(cat "$FIX/expect/banned.o")" ]
done
check "inspect digest sha384" [ "$(field "$FIX/bin/banned-p384-cert" signer0.digest)" = sha384 ]
check "inspect key ecdsa" [ "$(field "$FIX/bin/banned-p384-cert" signer0.key)" = ecdsa ]
check "inspect key rsa, sha512" [ "$(field "$FIX/bin/banned-rsa4096-cert" signer0.digest)/$(field \
	"$FIX/bin/banned-rsa4096-cert" signer0.key)" = sha512/rsa ]
skid=$(openssl x509 -in "$PKI/banned/leaf-rsa2048.pem" -noout -ext subjectKeyIdentifier |
	tail -n 1 | tr -d ' :' | tr 'A-F' 'a-f')
check "inspect skid sid" [ "$(field "$FIX/bin/banned-rsa2048-skid" signer0.sid.skid)" = "$skid" ]
check "inspect chain: 3 certificates" \
	[ "$(field "$FIX/bin/banned-rsa2048-chain" certificates)" = 3 ]
check "inspect unsigned" grep -q '^  signature  *none$' <("$V" inspect "$FIX/bin/unsigned")
for m in garbage idtype truncated; do
	check "inspect malformed-$m" grep -q '^  signature  *malformed' \
		<("$V" inspect "$FIX/bin/malformed-$m")
done
check "inspect --json" grep -q '"name": "signer0.cert.subject-o", "vendorban": "AO Kaspersky Lab", "openssl": "AO Kaspersky Lab", "agree": true' \
	<("$V" inspect --json "$FIX/bin/banned-p256-cert")
rc_is 1 "inspect of a missing file" "$V" inspect "$work/none"

# --- inspect: Authenticode signatures of PE files -----------------------------

pe_signed=$(ls "$UFIX"/pe/*.pe "$FIX"/bin/pe-banned* "$FIX"/bin/pe-good* 2>/dev/null)
for f in $pe_signed; do
	out=$("$V" inspect "$f" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q DISAGREE <<<"$out" &&
		grep -q '^  signature  *present  \[agree\]$' <<<"$out" &&
		grep -q '^  signer0.cert.fingerprint  *[0-9a-f]\{64\}  \[agree\]$' <<<"$out"; then
		ok "inspect PE agrees: ${f#"$ROOT"/}"
	else
		not_ok "inspect PE: ${f#"$ROOT"/}: $out"
	fi
done
if [ "$(echo "$pe_signed" | wc -l)" -ge 7 ]; then ok "inspect covered the PE fixtures"; else
	not_ok "PE fixtures missing: $pe_signed"; fi
# vendor_o LEAF: the subject O of a fixture leaf named good-... or banned-...
vendor_o() {
	case $1 in
	good-*) echo "Good Vendor GmbH" ;;
	banned-*) echo "AO Kaspersky Lab" ;;
	esac
}
while read -r pe leaf nested; do
	check "inspect PE $pe: signer is $leaf" \
		[ "$(field "$UFIX/pe/$pe.pe" signer0.cert.subject-o)" = "$(vendor_o "$leaf")" ]
	[ "$nested" = - ] && continue
	check "inspect PE $pe: nested signer is $nested" \
		[ "$(field "$UFIX/pe/$pe.pe" msg1.signer0.cert.subject-o)" = "$(vendor_o "$nested")" ]
done <"$UFIX/pe/pe.list"
check "inspect PE32" grep -q '^  format  *pe32$' <("$V" inspect "$UFIX/pe/banned-sha384.pe")
check "inspect PE32+" grep -q '^  format  *pe32+$' <("$V" inspect "$UFIX/pe/good-sha256.pe")
check "inspect PE sha384" [ "$(field "$UFIX/pe/banned-sha384.pe" signer0.digest)" = sha384 ]
check "inspect PE P-256 sha512" [ "$(field "$UFIX/pe/banned-p256-sha512.pe" signer0.digest)/$(field \
	"$UFIX/pe/banned-p256-sha512.pe" signer0.key)" = sha512/ecdsa ]
check "inspect PE without nested: one message" \
	[ -z "$(field "$UFIX/pe/good-sha256.pe" msg1.signers)" ]
for f in "$UFIX"/pe/unsigned32.exe "$UFIX"/pe/unsigned64.efi; do
	check "inspect unsigned PE ${f##*/}" grep -q '^  signature  *none$' <("$V" inspect "$f")
done
check "inspect --json nested PE" grep -q '"name": "msg1.signer0.cert.subject-o", "vendorban": "AO Kaspersky Lab", "openssl": "AO Kaspersky Lab", "agree": true' \
	<("$V" inspect --json "$UFIX/pe/nested.pe")
check "inspect --json PE is valid JSON" python3 -c 'import json,sys; json.load(sys.stdin)' \
	< <("$V" inspect --json "$UFIX/pe/nested.pe" "$UFIX/pe/good-sha256.pe")

# A signer id OpenSSL refuses (a serial that is not a minimal INTEGER, an
# issuer that is not a Name; tests/unit/mutate-sid.py): the kernel's parser
# refuses it too, so inspect agrees it is malformed and test refuses the
# file as malformed (with a policy that would allow the parsed signer).
for f in malformed-sid-serial-pad malformed-sid-issuer-int; do
	out=$("$V" inspect "$FIX/bin/$f" 2>&1) && rc=0 || rc=$?
	[ "$rc" = 0 ] && grep -q '^  signature  *malformed  \[agree\]$' <<<"$out" &&
		! grep -q DISAGREE <<<"$out"
	check $? "inspect $f: malformed, agreeing with OpenSSL"
	rc_is 3 "test $f: refused" "$V" test --policy "$FIX/policies/default-allow.pol" "$FIX/bin/$f"
	check "test $f: refused as malformed" grep -qx '  rule:      none, refused: malformed' "$tap_out"
done
