# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# bounded.sh - bounded input: /dev/zero as a policy, include, certificate file
# and vendor set, and over-large sources: a clear error, in bounded memory.
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

# --- bounded input -------------------------------------------------------------
#
# /dev/zero as a policy, an include, a certificate file and a vendor set:
# a clear error naming the file, in bounded memory (512 MiB of address
# space here; the reads stop at the caps, 128 MiB for policy text).

# bounded NAME WANT CMD...: exit 1 with WANT in the messages, under the limit
bounded() {
	name=$1 want=$2
	shift 2
	set +e
	err=$( (ulimit -v 524288 && timeout 30 "$@") 2>&1 >/dev/null)
	rc=$?
	set -e
	if [ "$rc" = 1 ] && grep -qF -- "$want" <<<"$err"; then ok "$name"
	else not_ok "$name: exit $rc, '$err', want '$want'"; fi
}
bounded "compile /dev/zero" \
	"/dev/zero: larger than 134217728 bytes, the kernel's limit for a policy" \
	"$V" compile /dev/zero
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ninclude "/dev/zero"\n' >"$work/inc-zero.vbpolicy"
bounded "include of /dev/zero" \
	"inc-zero.vbpolicy:5:9: '/dev/zero' is larger than 134217728 bytes, the kernel's limit for a policy" \
	"$V" compile "$work/inc-zero.vbpolicy"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ndeny cert-file "/dev/zero"\n' >"$work/cert-zero.vbpolicy"
bounded "cert-file of /dev/zero" \
	"cert-zero.vbpolicy:5:16: '/dev/zero' is larger than 1048576 bytes, the limit for a certificate file" \
	"$V" compile "$work/cert-zero.vbpolicy"
mkdir -p "$work/zv/vendors"
ln -sf /dev/zero "$work/zv/vendors/zero.vendor"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\ndeny vendor zero\n' >"$work/zv/v.vbpolicy"
bounded "vendor set of /dev/zero" \
	"v.vbpolicy:5:13: '$work/zv/vendors/zero.vendor' is larger than 1048576 bytes, the limit for a vendor set" \
	"$V" compile "$work/zv/v.vbpolicy"
# shellcheck disable=SC2016
bounded "compile - from /dev/zero" "-: larger than 134217728 bytes" \
	sh -c '"$1" compile - </dev/zero' sh "$V"
truncate -s 140000000 "$work/big.vbpolicy"
bounded "a 140 MB policy source" "big.vbpolicy: larger than 134217728 bytes" "$V" compile "$work/big.vbpolicy"
bounded "test --policy /dev/zero" "/dev/zero: larger than 134217728 bytes" \
	"$V" test --policy /dev/zero "$FIX/bin/hello"
/usr/bin/time -f '%M' -o "$work/rss" "$V" compile /dev/zero >/dev/null 2>&1 || true
pad=$(printf '%0500d' 0)
seq 70000 | sed "s/.*/deny subject-o \"& $pad\"/" >"$work/mid.inc"
printf 'vendorban-policy 1\nname z\nversion 1\ndefault allow\n%s\n' \
	"$(printf 'include "mid.inc"\n%.0s' 1 2 3 4)" >"$work/many.vbpolicy"
bounded "includes adding up past the kernel's limit" \
	"mid.inc:46226:1: the compiled policy grows larger than the kernel accepts (134217728 bytes)" \
	"$V" compile "$work/many.vbpolicy"
rss=$(tail -n 1 "$work/rss")
check "compile /dev/zero stays under 160 MiB ($rss KiB)" [ "$rss" -lt 163840 ]
