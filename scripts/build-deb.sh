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

src=$out/src/vendorban-$version
mkdir -p "$src"
# --delete also drops what the last build generated in debian/
rsync -a --delete --exclude /build/ --exclude /.git "$repo/" "$src/"
rm -f "$out"/*.deb "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo
log=$out/build.log
# No -dbgsym package: `apt install ./build/deb/*.deb` installs the two.
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} noautodbgsym"
(cd "$src" && dpkg-buildpackage -b -us -uc -nc) >"$log" 2>&1 || {
	tail -40 "$log" >&2
	die "dpkg-buildpackage failed (whole log: $log)"
}
mv "$out"/src/*.deb "$out/"
for deb in "$out"/*.deb; do
	echo "deb: $deb"
done
