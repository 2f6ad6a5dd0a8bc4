#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# check-btf.sh KO BASE_VMLINUX [SOURCE_DIR] - assert that a built
# module carries module BTF made against BASE_VMLINUX (the kernel's BTF):
#   - the module has a .BTF section;
#   - bpftool reads it as split BTF over the base and finds vendorban's own
#     types in it;
#   - every BTF id in .BTF_ids (BTF_ID(func, name), BTF_SET8 entries...) was
#     resolved by resolve_btfids to a type of that kind and name; if
#     SOURCE_DIR's C files use BTF_ID, .BTF_ids must exist.
# Prints TAP-style lines and "btf: N passed, N failed".
set -u

[ $# -ge 2 ] || {
	echo "usage: check-btf.sh KO BASE_VMLINUX [SOURCE_DIR]" >&2
	exit 2
}
ko=$1 base=$2 src=${3:-}
TAP_PREFIX="btf " TAP_PART=btf
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "[ 2]" -> "[2]": one field per column, whatever the section's index
readelf -SW "$ko" 2>/dev/null | sed 's/\[ *\([0-9]*\)\]/[\1]/' >"$tmp/sections"
grep -q ' \.BTF  ' "$tmp/sections"
check $? "${ko##*/} has a .BTF section"

bpftool -B "$base" btf dump file "$ko" >"$tmp/split" 2>"$tmp/err"
r=$?
[ $r = 0 ] && grep -q "STRUCT 'vendorban_" "$tmp/split"
check $? "bpftool reads ${ko##*/}'s BTF over ${base##*/} (vendorban types)"
[ $r = 0 ] || cat "$tmp/err"

# .BTF_ids: its file offset and section index, then one line per id symbol
# (value, name) in that section.
ids=$(awk '$2 == ".BTF_ids" { print $5 }' "$tmp/sections")
idx=$(sed -n 's/^ *\[\([0-9]*\)\] \.BTF_ids .*/\1/p' "$tmp/sections")
if [ -z "$ids" ]; then
	uses=0
	ids_re='\bBTF_(ID|ID_FLAGS|SET8?_START|KFUNCS_START)\('
	[ -n "$src" ] && grep -rqs --include='*.c' -E "$ids_re" "$src" && uses=1
	[ $uses = 0 ]
	check $? "no .BTF_ids section, and no BTF_ID in the sources"
else
	bpftool btf dump file "$base" >>"$tmp/split" 2>/dev/null
	readelf -sW "$ko" | awk -v idx="$idx" \
		'$7 == idx && $8 ~ /^__BTF_ID__(func|struct|union|typedef)__/ \
		{ print $2, $8 }' >"$tmp/syms"
	# resolve_btfids sorts the ids of a BTF_SET8 in place: compare the
	# types the ids name with the symbols' names as sorted lists.
	n=0 zero=0
	: >"$tmp/want"
	: >"$tmp/got"
	while read -r value sym; do
		kind=${sym#__BTF_ID__}
		kind=${kind%%__*}
		name=$(echo "$sym" | sed "s/^__BTF_ID__${kind}__//; s/__[0-9]*\$//")
		echo "$kind '$name'" | tr '[:lower:]' '[:upper:]' |
			sed "s/ .*//; s/\$/ '$name'/" >>"$tmp/want"
		id=$(od -An -tu4 -j $((0x$ids + 0x$value)) -N4 "$ko" | tr -d ' ')
		[ "$id" = 0 ] && zero=$((zero + 1))
		sed -n "s/^\[$id\] \([A-Z]*\) \('[^']*'\).*/\1 \2/p" \
			"$tmp/split" >>"$tmp/got"
		n=$((n + 1))
	done <"$tmp/syms"
	sort "$tmp/want" >"$tmp/want.s"
	sort "$tmp/got" >"$tmp/got.s"
	diff "$tmp/want.s" "$tmp/got.s" | sed 's/^/# /'
	[ $n -gt 0 ] && [ $zero = 0 ] && cmp -s "$tmp/want.s" "$tmp/got.s"
	bad=$?
	check $bad "all $n BTF ids in .BTF_ids resolved to their types"
fi

tap_done
