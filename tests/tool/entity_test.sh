#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# entity_test.sh - legal-entity rules and inspect --rules, on the host
#
# Certificates made here with openssl: the same company (one registration
# number) under two spellings, one as an EV certificate (jurisdiction
# country and serialNumber), one as an eIDAS certificate
# (organizationIdentifier NTRRU-...); a namesake with another number; a
# VAT identifier (another register).  Files signed with each
# (scripts/sign-appended.sh) are decided by "vendorbanctl test" with a
# policy of one legal-entity rule; inspect reads the registrations as
# OpenSSL does; inspect --rules prints rules that compile and match.
# Ends with "entity: N passed, N failed".

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
SIGN=$ROOT/scripts/sign-appended.sh
TAP_PART=entity
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

[ -x "$V" ] || die "$V missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# cert NAME SUBJECT: a self-signed P-256 code-signing certificate
cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$1.key" -out "$1.pem" -days 3650 -utf8 -subj "$2" \
		2>/dev/null
}

cert ev "/jurisdictionC=RU/serialNumber=1027739867473/businessCategory=Private Organization/C=RU/O=AO Kaspersky Lab/CN=AO Kaspersky Lab"
cert eidas "/organizationIdentifier=NTRRU-1027739867473/C=RU/O=Лаборатория Касперского/CN=Kaspersky"
cert namesake "/jurisdictionC=RU/serialNumber=1111111111111/C=RU/O=AO Kaspersky Lab/CN=AO Kaspersky Lab"
cert vat "/organizationIdentifier=VATRU-1027739867473/C=RU/O=Other/CN=Other"
cert lower "/jurisdictionC=ru/serialNumber=1027739867473/O=Lower Case/CN=Lower"
printf '#!/bin/sh\nexit 42\n' >prog
chmod 755 prog
for c in ev eidas namesake vat lower; do
	"$SIGN" --mode cert --key "$c.key" --cert "$c.pem" --hash sha256 prog "prog-$c"
done

printf 'vendorban-policy 1\nname e\nversion 1\ndefault allow\ndeny legal-entity "RU-1027739867473" label=ogrn\n' \
	>entity.vbpolicy
rc_is 3 "EV certificate (jurisdictionC RU, serialNumber): denied" "$V" test --policy entity.vbpolicy prog-ev
rc_is 3 "eIDAS certificate (NTRRU-...), another spelling of the name: denied" \
	"$V" test --policy entity.vbpolicy prog-eidas
rc_is 0 "same name, another registration number: runs" "$V" test --policy entity.vbpolicy prog-namesake
rc_is 0 "a VAT identifier (another register): runs" "$V" test --policy entity.vbpolicy prog-vat
rc_is 3 "a lower-case jurisdiction country: denied" "$V" test --policy entity.vbpolicy prog-lower
check "test names the rule" bash -c "'$V' test --policy entity.vbpolicy prog-eidas | grep -q 'label=ogrn'"

# inspect: the kernel's reading beside OpenSSL's
field() {
	"$V" inspect "$1" 2>/dev/null | sed -n "s/^  signer0.cert.legal-entity *\(.*\)  \[\(agree\|DISAGREE\)\]$/\1 [\2]/p"
}
check "inspect EV: RU-1027739867473, as OpenSSL reads it" \
	test "$(field prog-ev)" = "RU-1027739867473 [agree]"
check "inspect eIDAS: RU-1027739867473, as OpenSSL reads it" \
	test "$(field prog-eidas)" = "RU-1027739867473 [agree]"
check "inspect VAT: no registration field" test -z "$(field prog-vat)"

# inspect --rules: rules that compile, and each kind matches the file
"$V" inspect --rules prog-eidas >rules.txt
check "inspect --rules: a legal-entity rule, labelled from the CN (the O is not ASCII)" \
	grep -qx 'deny legal-entity "RU-1027739867473" label=Kaspersky' rules.txt
for kind in issuer-serial skid fingerprint subject-o subject-cn legal-entity cert file-sha256; do
	{
		printf 'vendorban-policy 1\nname r\nversion 1\ndefault allow\n'
		grep "^deny $kind " rules.txt
	} >"rules-$kind.vbpolicy"
	rc_is 3 "inspect --rules: its $kind rule compiles and denies the file" \
		"$V" test --policy "rules-$kind.vbpolicy" prog-eidas
done

# bad registrations: the parser's message, at the string's column
for bad in 'ru-1027739867473' 'RU1027739867473' 'RU-' 'RU- 1' 'RU-1,2' \
	"RU-$(printf '1%.0s' $(seq 65))"; do
	printf 'vendorban-policy 1\nname b\nversion 1\ndefault allow\ndeny legal-entity "%s"\n' \
		"$bad" >bad.vbpolicy
	rc_is 1 "legal-entity \"${bad:0:20}\" is an error" "$V" compile bad.vbpolicy
	check "... and names file, line, column, reason" grep -qxF \
		"bad.vbpolicy:5:19: registration must be \"CC-NUMBER\": 2 capital letters, '-', 1 to 64 of A-Z a-z 0-9 . / - space" "$tap_out"
done
printf 'vendorban-policy 1\nname b\nversion 1\ndefault deny\nallow legal-entity "RU-1"\n' >bad.vbpolicy
"$V" compile bad.vbpolicy >/dev/null 2>err || true
check "allow legal-entity is refused" grep -q "^bad.vbpolicy:5:7: allow needs a certificate to verify against: use 'allow cert'" err

tap_done
