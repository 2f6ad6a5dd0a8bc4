#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-deb.sh - build the Debian packages vendorban-dkms and vendorbanctl
# into build/deb/.  dpkg-buildpackage writes beside the source tree and
# leaves files in debian/, so it runs in a copy, build/deb/src/: the
# checkout stays clean.  The copy keeps its build/ between runs (the tool
# is rebuilt only when its sources change).
set -eu

die() {
	echo "build-deb.sh: error: $*" >&2
	exit 1
}

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/deb
version=$(cat "$repo/VERSION")
changelog=$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version)
[ "$changelog" = "$version" ] ||
	die "debian/changelog says $changelog, VERSION says $version: add a changelog entry (dch -v $version)"
grep -qx "PACKAGE_VERSION=\"$version\"" "$repo/dkms.conf" ||
	die "dkms.conf's PACKAGE_VERSION is not $version (the VERSION file)"

# inputs: what the packages are made of, when the source is a git
# checkout (every file git would take, with its mode, and the tools that
# build): the same inputs, the same packages, built once (make check's
# check-deb and check-debian both depend on `make deb`).  Without git (the
# trixie build host's copy) the packages are always built.
inputs() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
		sort -z | xargs -0 sh -c 'stat -c "%a %n" "$@" && sha256sum "$@"' sh) 2>&1
	echo "${DEB_BUILD_OPTIONS:-}"
	dpkg-query -W -f='${Package} ${Version}\n' dpkg-dev debhelper gcc 2>&1
}

mkdir -p "$out"
key=
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
	key=$(inputs | sha256sum | cut -c1-16)
fi
if [ -n "$key" ] && [ "$(cat "$out/.inputs" 2>/dev/null)" = "$key" ] &&
	[ -f "$out/vendorbanctl_${version}_amd64.deb" ] &&
	[ -f "$out/vendorban-dkms_${version}_all.deb" ]; then
	for deb in "$out"/*.deb; do
		echo "deb: $deb (built already from these sources, key $key)"
	done
	exit 0
fi
rm -f "$out/.inputs"

src=$out/src/vendorban-$version
mkdir -p "$src"
# --delete also drops what the last build generated in debian/; what git
# ignores (objects of an in-tree module build) stays out of the packages.
rsync -a --delete --exclude /build/ --exclude /.git \
	--filter ':- .gitignore' "$repo/" "$src/"
rm -f "$out"/*.deb "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo
log=$out/build.log
# No -dbgsym package: `apt install ./build/deb/*.deb` installs the two.
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} noautodbgsym"
(cd "$src" && dpkg-buildpackage -b -us -uc -nc) >"$log" 2>&1 || {
	tail -40 "$log" >&2
	die "dpkg-buildpackage failed (whole log: $log)"
}
mv "$out"/src/*.deb "$out/"
[ -z "$key" ] || echo "$key" >"$out/.inputs"
for deb in "$out"/*.deb; do
	echo "deb: $deb"
done
