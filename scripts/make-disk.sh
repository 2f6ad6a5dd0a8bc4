#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make-disk.sh OUT.img - the test VM's ext4 disk (/dev/vda in the guest):
# an ext4 filesystem holding a copy of build/fixtures (bin/, lib/,
# policies/), made with mkfs.ext4 -d (no loop mount, no root needed for
# the image itself).  The tests mount it themselves; QEMU attaches it with
# snapshot=on, so the image is never changed by a run.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)

[ $# -eq 1 ] || { echo "usage: $0 OUT.img" >&2; exit 2; }
out=$1
src=$REPO/build/fixtures
[ -d "$src/bin" ] || { echo "make-disk.sh: error: $src missing (run make fixtures)" >&2; exit 1; }
command -v mkfs.ext4 >/dev/null ||
	{ echo "make-disk.sh: error: mkfs.ext4 missing (apt-get install e2fsprogs)" >&2; exit 1; }

tmp=$out.tmp
rm -f "$tmp"
mkdir -p "$(dirname "$out")"
# -E root_owner: files owned by root; 64 MiB is ample for the fixtures.
mkfs.ext4 -q -F -L vb-ext4 -E root_owner=0:0 -d "$src" "$tmp" 64M
mv "$tmp" "$out"
echo "disk: $out (ext4, $(du -sh "$src" | cut -f1) of fixtures)"
