#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# allowlist.sh - the verified package allow-list on a stock Debian 12
# server image (make check-allowlist).
#
#   1. The image of the real-boot test (rootfs.sh: mmdebstrap, cached),
#      unpacked into build/allowlist/root.
#   2. The .deb of every installed package, exactly its version, fetched
#      with apt-get download against the image's own apt sources and
#      package lists (the snapshot mmdebstrap installed from).  Cached by
#      content in $VENDORBAN_CACHE/debian/allowlist-debs-<key> (the key
#      hashes the installed Package:Arch=Version list); older entries are
#      pruned.  They go into the image's /var/cache/apt/archives.
#   3. vendorbanctl compile --package-root of allowlist.vbpolicy: Debian's
#      archive key (the host's debian-archive-keyring) -> gpgv of each
#      InRelease -> Packages SHA-256 -> .deb SHA-256 -> each file's SHA-256.
#   4. vendorbanctl scan of the whole image under default deny: it denies
#      exactly the files allowlist-extra.txt names (no package installs
#      them); with one file-sha256 rule for each of those, nothing.
#   5. A copy of /usr/bin/true with one byte flipped, and /usr/bin/true
#      itself flipped in place, are denied (rule=default); the unchanged
#      /usr/bin/true is allowed by its package's rule.
#
# Prints "allowlist: N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/debian
OUT=$REPO/build/allowlist
CACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
CTL=$REPO/build/userspace/vendorbanctl
# Rules the package allow-list held when this was written (216 packages,
# 9,842 file-sha256 rules); a much smaller one means packages went missing.
MIN_RULES=${VENDORBAN_ALLOWLIST_MIN_RULES:-9000}

TAP_PART=allowlist
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"

# installed ROOT: Package:Arch=Version of every installed package in ROOT
installed() {
	dpkg-query --admindir="$1/var/lib/dpkg" -W \
		-f '${db:Status-Abbrev} ${Package}:${Architecture}=${Version}\n' |
		awk '$1 == "ii" { print $2 }' | sort
}

# debs ROOT LIST: the cache directory holding LIST's .debs, fetched once
debs() {
	local root=$1 list=$2 key dir
	key=$(sha256sum <"$list" | cut -c1-16)
	dir=$CACHE/allowlist-debs-$key
	if [ ! -d "$dir" ]; then
		echo "# allowlist: downloading $(wc -l <"$list") .deb files into $dir (once)" >&2
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		# The image's apt configuration, sources and lists: the exact
		# versions it installed, from the mirror it installed them from.
		# shellcheck disable=SC2046 # one argument per package
		if ! (cd "$dir.tmp" && apt-get -q -o Dir="$root" \
			-o Dir::State::status="$root/var/lib/dpkg/status" \
			-o APT::Sandbox::User=root -o Debug::NoLocking=1 \
			download $(cat "$list")) >"$OUT/download.log" 2>&1; then
			tail -20 "$OUT/download.log" >&2
			rm -rf "$dir.tmp"
			die "apt-get download failed (log: $OUT/download.log)"
		fi
		mv "$dir.tmp" "$dir"
	fi
	# prune the downloads of other package lists
	find "$CACHE" -maxdepth 1 -name 'allowlist-debs-*' ! -name "${dir##*/}" \
		-exec rm -rf {} +
	echo "$dir"
}

# expected ROOT: the paths of allowlist-extra.txt that the kernel checks
# in ROOT (an execute bit: the host's mode decides for the copied files)
expected() {
	local p
	grep -v '^#' "$HERE/allowlist-extra.txt" | grep . | while read -r p; do
		if [ -f "$1$p" ] && [ -n "$(find "$1$p" -perm /111)" ]; then
			echo "$p"
		fi
	done
}

# flip FILE OFFSET: invert one byte of FILE in place
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059 # the format is the octal escape
	printf "\\$(printf '%03o' $((b ^ 0xff)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

main() {
	local rootfs root dir rules n extra path sum start
	[ -x "$CTL" ] || die "no $CTL (make tool)"
	[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] ||
		die "no debian-archive-keyring (scripts/install-deps.sh)"
	rootfs=$("$HERE/rootfs.sh")
	root=$OUT/root
	rm -rf "$OUT"
	mkdir -p "$root"
	trap 'rm -rf "$OUT/root"' EXIT
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$rootfs" -C "$root"
	installed "$root" >"$OUT/packages.txt"
	dir=$(debs "$root" "$OUT/packages.txt")
	n=$(find "$dir" -name '*.deb' | wc -l)
	check "one .deb for each of the $(wc -l <"$OUT/packages.txt") installed packages ($n)" \
		test "$n" -eq "$(wc -l <"$OUT/packages.txt")"
	cp -l "$dir"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null ||
		cp "$dir"/*.deb "$root/var/cache/apt/archives/"

	start=$(date +%s)
	rc_is 0 "compile: the allow-list from Debian's signed repository" \
		"$CTL" compile -R "$root" -o "$OUT/policy" "$HERE/allowlist.vbpolicy"
	show "$tap_out"
	echo "# compile: $(($(date +%s) - start)) s"
	rules=$(grep -c '^allow file-sha256 [0-9a-f]\{64\} label=debian\.' \
		"$OUT/policy" || true)
	check "the allow-list holds $rules file-sha256 rules (>= $MIN_RULES)" \
		test "$rules" -ge "$MIN_RULES"
	check "every installed package was verified" \
		grep -q "package-key: $(wc -l <"$OUT/packages.txt") packages" "$tap_out"
	check "the allow-list has no other kind of rule" \
		test "$(grep -c '^allow\|^deny\|^audit' "$OUT/policy")" -eq "$rules"

	start=$(date +%s)
	"$CTL" scan --policy "$OUT/policy" "$root" >"$OUT/scan.txt" 2>&1 || true
	echo "# scan of the image: $(($(date +%s) - start)) s"
	show "$OUT/scan.txt"
	check "scan read every file" \
		grep -q '^summary: .* 0 unreadable$' "$OUT/scan.txt"
	sed -n "s|^deny $root\\(/[^ ]*\\) rule=default label=?\$|\\1|p" \
		"$OUT/scan.txt" | sort >"$OUT/denied.txt"
	expected "$root" | sort >"$OUT/expected.txt"
	check "the image's denials are exactly allowlist-extra.txt's files ($(wc -l <"$OUT/expected.txt"))" \
		cmp -s "$OUT/denied.txt" "$OUT/expected.txt"
	check "nothing else is denied" \
		test "$(grep -c '^deny ' "$OUT/scan.txt" || true)" -eq "$(wc -l <"$OUT/expected.txt")"

	# The extra rules: each listed file, by its content in this image.
	cp "$OUT/policy" "$OUT/policy-extra"
	extra=()
	while read -r path; do
		sum=$(sha256sum "$root$path" | cut -d' ' -f1)
		echo "allow file-sha256 $sum label=extra.${path//\//_}" >>"$OUT/policy-extra"
		echo "# extra rule: $path $sum"
		extra+=("$root$path")
	done <"$OUT/expected.txt"
	if [ "${#extra[@]}" -gt 0 ]; then
		rc_is 0 "scan: the extra rules allow the files no package installs" \
			"$CTL" scan --policy "$OUT/policy-extra" "${extra[@]}"
	fi

	# Files that differ from their package
	rc_is 0 "scan: /usr/bin/true as its package installs it is allowed" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/bin/true"
	cp "$root/usr/bin/true" "$root/usr/local/bin/true-flipped"
	flip "$root/usr/local/bin/true-flipped" 1000
	rc_is 3 "scan: a copy of /usr/bin/true with one byte flipped is denied" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/local/bin/true-flipped"
	check "  ... by default deny" grep -q "^deny $root/usr/local/bin/true-flipped rule=default label=?" "$tap_out"
	flip "$root/usr/bin/true" 1000
	rc_is 3 "scan: /usr/bin/true changed in place is denied" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/bin/true"
	tap_done
}

main "$@"
