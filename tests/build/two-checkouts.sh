#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# two-checkouts.sh [COMMIT] - builds do not depend on where the checkout
# lives.  Clones this repository's HEAD (or COMMIT) into a temporary folder,
# runs `make check-lint check-boot` there, removes that folder, clones the
# same commit into another folder and runs the same targets.  The second
# run must pass and must reuse the kernels the first one left in
# $VENDORBAN_CACHE: build-kernel.sh must report the base and the boot
# variant as "cached" with the same content keys as in the first run.
# So that the first checkout really builds the boot variant (and leaves its
# configuration in the shared object directory, which the second
# checkout's lint then finds), both clones get the same comment, new on
# each run, appended to scripts/kernel/test-boot.policy: the boot variant's
# content is new to the cache, identical in both checkouts.  That build is
# incremental (vendorban only: about a minute on 2 busy cores).
# Prints "checkouts: N passed, N failed"; logs in build/checkouts/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
commit=$(git -C "$repo" rev-parse --verify "${1:-HEAD}^{commit}")
logs=$repo/build/checkouts
mkdir -p "$logs"
nonce="$(date -u +%Y%m%dT%H%M%S.%N) $$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vendorban-checkouts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

TAP_PART=checkouts
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

# checkout DIR LOG: clone HEAD into DIR and run the targets, output to LOG.
checkout() {
	git clone -q --no-checkout "$repo" "$1"
	git -C "$1" checkout -q --detach "$commit"
	echo "# two-checkouts.sh run $nonce" >>"$1/scripts/kernel/test-boot.policy"
	make -C "$1" check-lint check-boot > "$2" 2>&1
}

# key LOG NAME: the cache key build-kernel.sh printed for bzImage-NAME,
# prefixed by how it got it ("cached" or "built").
key() {
	sed -n "s|^kernel: build/kernel/bzImage-$2 (\([a-z]*\).*, key \([0-9a-f]*\))\$|\1 \2|p" \
		"$1" | tail -1
}

# verdicts LOG: lint's and the VM's closing lines must show no failure.
verdicts() {
	grep -q '^lint: [1-9][0-9]* passed, 0 failed$' "$1" ||
		{ not_ok "$2: lint did not pass (see $1)"; return; }
	grep -aq '^vm: [1-9][0-9]* passed, 0 failed' "$1" ||
		{ not_ok "$2: boot-policy VM run did not pass (see $1)"; return; }
	ok "$2: make check-lint check-boot"
}

first=$tmp/first/vendorban
second=$tmp/second/elsewhere/vendorban
mkdir -p "${first%/*}" "${second%/*}"
checkout "$first" "$logs/first.log" || true
verdicts "$logs/first.log" "first checkout ($first)"
rm -rf "$tmp/first"
checkout "$second" "$logs/second.log" || true
verdicts "$logs/second.log" "second checkout ($second), first removed"

boot=$(key "$logs/first.log" 6.1-boot)
if [ "${boot%% *}" = built ]; then
	ok "first checkout built bzImage-6.1-boot (key ${boot#* })"
else
	not_ok "first checkout did not build bzImage-6.1-boot ('$boot')"
fi
for name in 6.1 6.1-boot; do
	k1=$(key "$logs/first.log" "$name")
	k2=$(key "$logs/second.log" "$name")
	if [ -z "$k1" ] || [ -z "$k2" ]; then
		not_ok "bzImage-$name: no build-kernel.sh line in a log"
	elif [ "$k2" = "cached ${k1#* }" ]; then
		ok "second checkout reused bzImage-$name (key ${k1#* })"
	else
		not_ok "bzImage-$name: first '$k1', second '$k2' (rebuilt or new key)"
	fi
done

tap_done
