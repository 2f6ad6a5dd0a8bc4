# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# compile.sh - the compiler: good policies compile to the exact canonical text
# (cert-file, --vendors, include); each bad one fails with its exact
# "FILE:LINE:COL: reason".
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

check "kernel-format example compiles to itself" \
	cmp -s <(canon "$ROOT/policy/eu-kaspersky-ban.policy") \
	<(grep -v '^#' "$ROOT/policy/eu-kaspersky-ban.policy" | grep -v '^$')
check "eu-kaspersky-ban.vbpolicy compiles to eu-kaspersky-ban.policy" \
	cmp -s <(canon "$ROOT/policy/eu-kaspersky-ban.vbpolicy") \
	<(canon "$ROOT/policy/eu-kaspersky-ban.policy")
check "canonical form of canon-input.pol" \
	cmp -s <(canon "$FIX/policies/canon-input.pol") "$FIX/policies/canon-expected.pol"
check "compile -o writes the file" "$V" compile -o "$work/out.pol" \
	"$FIX/policies/canon-input.pol"
check "compile -o content" cmp -s "$work/out.pol" "$FIX/policies/canon-expected.pol"
check "compile reads standard input" \
	cmp -s <("$V" compile - <"$FIX/policies/canon-input.pol") "$FIX/policies/canon-expected.pol"
for p in "$FIX"/policies/*.pol; do
	case ${p##*/} in bad-*) continue ;; esac
	check "compiles ${p##*/}" "$V" compile -o /dev/null "$p"
done

derhex() {
	od -An -v -tx1 "$1" | tr -d ' \n'
}

# cert-file: a PEM bundle gives one rule per certificate, a DER file one.
mkdir -p "$work/lock/certs"
cat "$PKI/good/leaf-rsa2048.pem" "$PKI/good/leaf-p256.pem" >"$work/lock/certs/trusted-vendors.pem"
cp "$ROOT/policy/lockdown.vbpolicy" "$work/lock/"
{
	printf 'vendorban-policy 1\nname lockdown\nversion 1\ndefault deny\n'
	for kt in rsa2048 p256; do
		echo "allow cert $(derhex "$PKI/good/leaf-$kt.der") label=trusted-vendor"
	done
} >"$work/lock/expected"
check "cert-file: PEM bundle, one allow cert per certificate" \
	cmp -s <(canon "$work/lock/lockdown.vbpolicy") "$work/lock/expected"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\ndeny cert-file "%s"\n' \
	"$PKI/banned/leaf-p384.der" >"$work/der.vbpolicy"
check "cert-file: DER certificate" \
	grep -qx "deny cert $(derhex "$PKI/banned/leaf-p384.der")" <(canon "$work/der.vbpolicy")
cp "$PKI/good/chain.pem" "$work/chain.pem"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault deny\nallow cert-file "chain.pem"\n' \
	>"$work/ca.vbpolicy"
check "cert-file: allowing a CA certificate warns" \
	grep -q "ca.vbpolicy:5:17: warning: certificate 1 of 'chain.pem' is a CA" \
	<("$V" compile -o /dev/null "$work/ca.vbpolicy" 2>&1)
mkdir -p "$work/vdir"
printf 'subject-cn "Other"\n' >"$work/vdir/other.vendor"
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\naudit vendor other\n' \
	>"$work/v.vbpolicy"
check "--vendors DIR" grep -qx 'audit subject-cn "Other" label=other' \
	<("$V" compile --vendors "$work/vdir" "$work/v.vbpolicy")
printf 'vendorban-policy 1\nname d\nversion 1\ndefault allow\ninclude "inc/r.inc"\n' \
	>"$work/i.vbpolicy"
mkdir -p "$work/inc"
printf '# rules\ndeny subject-o "X" label=x\n' >"$work/inc/r.inc"
check "include" grep -qx 'deny subject-o "X" label=x' <(canon "$work/i.vbpolicy")

# --- the compiler: bad policies ------------------------------------------------

# Each names its exact message on line 1: "# expect: FILE:LINE:COL: reason".
for p in "$HERE"/bad/*.vbpolicy; do
	want=$(head -n 1 "$p" | sed 's/^# expect: //')
	set +e
	got=$(cd "$HERE/bad" && "$V" compile "${p##*/}" 2>&1 >/dev/null)
	rc=$?
	set -e
	if [ "$rc" -eq 1 ] && [ "${got#"$want"}" != "$got" ]; then
		ok "bad/${p##*/}"
	else
		not_ok "bad/${p##*/}: got '$got' (exit $rc), want '$want'"
	fi
done
# The fixtures' bad policies: "# expect: line L: reason" on line 1.
for p in "$FIX"/policies/bad-*.pol; do
	line=$(head -n 1 "$p" | sed 's/^# expect: line \([0-9]*\): .*/\1/')
	reason=$(head -n 1 "$p" | sed 's/^# expect: line [0-9]*: //')
	set +e
	got=$("$V" compile "$p" 2>&1 >/dev/null)
	rc=$?
	set -e
	case $got in
	"$p:$line:"*"$reason"*)
		if [ "$rc" -eq 1 ]; then ok "${p##*/}"; else not_ok "${p##*/}: exit $rc"; fi ;;
	*) not_ok "${p##*/}: got '$got', want '$p:$line:...$reason'" ;;
	esac
done
