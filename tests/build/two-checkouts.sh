#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# two-checkouts.sh [COMMIT] - builds do not depend on where the checkout
# lives.  Clones this repository's HEAD (or COMMIT) into a temporary folder,
# builds the test kernel and its boot variant there (make kernel,
# build-kernel.sh 6.1 boot), removes that folder, clones the same commit
# into another folder, builds the same and runs lint's sparse check
# (tests/lint/run.sh 6.1 sparse: sparse builds the second checkout's kmod/
# in the shared object directory; checkpatch, kernel-doc and the module's
# sparse read only the checkout and run in check-lint).  The second
# checkout must reuse the kernels the first one left in $VENDORBAN_CACHE:
# build-kernel.sh must report the base and the boot variant as "cached"
# with the same content keys as in the first run, and its sparse check
# must pass.  (check-boot boots the boot variant itself; booting it again
# here told nothing about the folder and cost minutes of CI.)
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

# checkout DIR LOG build|lint: clone HEAD into DIR, build both kernels
# there (and with lint, lint's sparse check), output to LOG.
checkout() {
	git clone -q --no-checkout "$repo" "$1"
	git -C "$1" checkout -q --detach "$commit"
	echo "# two-checkouts.sh run $nonce" >>"$1/scripts/kernel/test-boot.policy"
	{
		make -C "$1" kernel &&
			(cd "$1" && scripts/build-kernel.sh 6.1 boot) &&
			if [ "$3" = lint ]; then (cd "$1" && tests/lint/run.sh 6.1 sparse); fi
	} >"$2" 2>&1
}

# key LOG NAME: the cache key build-kernel.sh printed for bzImage-NAME,
# prefixed by how it got it ("cached" or "built").
key() {
	sed -n "s|^kernel: build/kernel/bzImage-$2 (\([a-z]*\).*, key \([0-9a-f]*\))\$|\1 \2|p" \
		"$1" | tail -1
}

# verdicts LOG NAME [lint]: both kernels built or found; with lint, lint's
# closing line shows no failure.
verdicts() {
	if [ -z "$(key "$1" 6.1)" ] || [ -z "$(key "$1" 6.1-boot)" ]; then
		not_ok "$2: the kernels were not built (see $1)"
		return
	fi
	if [ "${3:-}" = lint ]; then
		grep -q '^lint: [1-9][0-9]* passed, 0 failed$' "$1" ||
			{ not_ok "$2: lint did not pass (see $1)"; return; }
	fi
	ok "$2: kernels${3:+ and $3}"
}

first=$tmp/first/vendorban
second=$tmp/second/elsewhere/vendorban
mkdir -p "${first%/*}" "${second%/*}"
checkout "$first" "$logs/first.log" build || true
verdicts "$logs/first.log" "first checkout ($first)"
rm -rf "$tmp/first"
checkout "$second" "$logs/second.log" lint || true
verdicts "$logs/second.log" "second checkout ($second), first removed" lint

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
