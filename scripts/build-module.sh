#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-module.sh [KERNEL_BUILD_DIR] - build the loadable form vendorban.ko
# against a kernel's headers (default: the running kernel's, as DKMS does).
# Kbuild writes its objects beside the sources, so the sources are copied
# to build/module/<release>/ first; the module ends up there.
set -eu

die() {
	echo "build-module.sh: error: $*" >&2
	exit 1
}

repo=$(cd "$(dirname "$0")/.." && pwd)
kdir=${1:-/lib/modules/$(uname -r)/build}
[ -f "$kdir/Makefile" ] ||
	die "no kernel build tree at $kdir (apt-get install linux-headers-amd64)"
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$kdir/include/generated/utsrelease.h" 2>/dev/null)
[ -n "$release" ] || die "cannot read the kernel release of $kdir"
out=$repo/build/module/$release

mkdir -p "$out"
rsync -a --checksum --delete --exclude '*.o' --exclude '.*.cmd' \
	--exclude '*.ko' --exclude '*.mod*' --exclude 'modules.order' \
	--exclude 'Module.symvers' --exclude '*.gen.h' \
	--filter 'protect *.o' --filter 'protect .*.cmd' \
	--filter 'protect *.ko' --filter 'protect *.mod*' \
	"$repo/kmod" "$out/"
cp "$repo/Kbuild" "$out/Kbuild"
make -C "$kdir" M="$out" modules >"$out/build.log" 2>&1 || {
	cat "$out/build.log" >&2
	die "module build failed against $kdir"
}
if grep -E 'warning:|WARNING:' "$out/build.log" >&2; then
	die "module build printed warnings (see above)"
fi
echo "module: $out/kmod/vendorban.ko ($release)"
