#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build.sh OUTDIR [KVER] - build vbtest_mod.ko against the test kernel's
# build tree (KVER 6.1 by default, or 6.12), or against Debian's stock
# headers (KVER stock-6.1, stock-6.12: for the loadable form's guest,
# tests/module-form/run.sh), and sign copies for module_test.c:
#
#   OUTDIR/unsigned.ko   as built
#   OUTDIR/banned.ko     signed by the banned vendor (sign-file, no cert)
#   OUTDIR/banned-cert.ko  the same with the certificate embedded
#   OUTDIR/good.ko       signed by the good vendor
#   OUTDIR/race-{good,banned}.ko  the module built with variant=1 and 2,
#                        signed by the good and the banned vendor, padded
#                        to one size
#   OUTDIR/{banned,good}.ko.xz   compressed as Kbuild compresses modules
#                        (xz --check=crc32 --lzma2=dict=1MiB)
#   OUTDIR/{banned,good}.ko.zst  compressed with zstd
#   OUTDIR/corrupt.ko.xz good.ko.xz cut short: does not decompress
#   OUTDIR/debian.ko.xz  a real module of Debian's 6.12 kernel (package
#                        linux-image-6.12-amd64), signed by Debian
#   OUTDIR/debian-big.ko.xz  another (bluetooth.ko.xz: its image outgrows
#                        the first decompression buffer)
#
# The tree is $VENDORBAN_CACHE/tree-$KVER with objects in obj-$KVER, as
# scripts/build-kernel.sh leaves them (a built bzImage with CONFIG_MODULES
# plus "make modules_prepare", run here: the module calls no kernel function).  The build holds the
# kernel build lock.  The PKI comes from make-fixtures.sh (build/pki).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/tap.sh
. "$here/../../lib/tap.sh"

[ $# -eq 1 ] || [ $# -eq 2 ] || die "usage: build.sh OUTDIR [KVER]"
kver=${2:-6.1}
repo=$(cd "$here/../../.." && pwd)
cache=${VENDORBAN_CACHE:-/var/cache/vendorban}
ktree=$cache/tree-$kver
kobj=$cache/obj-$kver
pki=$repo/build/pki
case $kver in
stock-*)
	kdir=$(find /usr/src -maxdepth 1 \
		-name "linux-headers-${kver#stock-}.*-amd64" | sort -V | tail -1)
	[ -n "$kdir" ] || die "no linux-headers-${kver#stock-}.*-amd64" ;;
*)
	[ -f "$kobj/.config" ] || die "$kobj/.config missing (run make kernel)"
	grep -qx 'CONFIG_MODULES=y' "$kobj/.config" ||
		die "the test kernel has no CONFIG_MODULES (scripts/kernel/common.fragment)" ;;
esac
[ -f "$pki/banned/leaf-rsa2048.key" ] || die "$pki missing (run make fixtures)"

mkdir -p "$1"
out=$(cd "$1" && pwd)

# inputs_key: what the outputs are made of (this script, the module's
# sources, the signing script and keys, Debian's modules copied, and the
# kernel built against: the stock headers, or the test kernel's vmlinux
# and .config, whose BTF and layout the module must match).  Every suite
# and module-form run calls this script; OUTDIR is made again only when
# the key changed.
inputs_key() {
	{
		echo "kver=$kver"
		sha256sum "$here/build.sh" "$here/vbtest_mod.c" "$here/Kbuild" \
			"$repo/scripts/sign-appended.sh" "$pki"/banned/leaf-rsa2048.* \
			"$pki"/good/leaf-rsa2048.* | cut -d' ' -f1
		if [ -n "${kdir:-}" ]; then
			stat -c '%n %s %Y' "$kdir/Module.symvers" "$kdir/.config"
		else
			stat -c '%n %s %Y' "$kobj/vmlinux" "$kobj/.config"
		fi
		find /lib/modules/6.12.*-amd64/kernel/lib/crc7.ko.xz \
			/lib/modules/6.12.*-amd64/kernel/net/bluetooth/bluetooth.ko.xz \
			-printf '%p %s %T@\n' 2>/dev/null | sort
	} | sha256sum | cut -c1-16
}
key=$(inputs_key)
if [ -f "$out/.inputs" ] && [ "$(cat "$out/.inputs")" = "$key" ]; then
	echo "modules: $out (cached, key $key)"
	exit 0
fi
rm -f "$out/.inputs"
src=$repo/build/vm/module-src-$kver
# The module as module_test.c loads it, and the two builds of the race
# test (overlay_test.c): the same code with its "variant" parameter 1
# (signed by the good vendor) or 2 (the banned one), so that the test
# reads which of them the kernel loaded.
for v in "" 1 2; do
	mkdir -p "$src${v:+-race$v}"
	cp "$here/vbtest_mod.c" "$here/Kbuild" "$src${v:+-race$v}/"
	: >"$src${v:+-race$v}/build.log"
done
if [ -n "${kdir:-}" ]; then
	# Debian's headers are prepared; the build writes only into $src.
	for v in "" 1 2; do
		d=$src${v:+-race$v}
		make -s -C "$kdir" M="$d" KCFLAGS="-DVBTEST_VARIANT=${v:-0}" \
			modules >>"$d/build.log" 2>&1 ||
			{ cat "$d/build.log" >&2; die "build against $kdir failed"; }
	done
else
	exec 9>"$cache/lock-$kver"
	flock 9
	kmake() {
		make -s -C "$ktree" O="$kobj" ARCH=x86_64 "$@" \
			>>"$src/build.log" 2>&1 ||
			{ cat "$src/build.log" >&2; die "make $* failed"; }
	}
	# modules_prepare adds what a bzImage build does not make
	# (module.lds); there is no Module.symvers and none is needed
	# (KBUILD_MODPOST_WARN).
	kmake modules_prepare
	for v in "" 1 2; do
		kmake M="$src${v:+-race$v}" KBUILD_MODPOST_WARN=1 \
			KCFLAGS="-DVBTEST_VARIANT=${v:-0}" modules
	done
	flock -u 9
fi

cp "$src/vbtest_mod.ko" "$out/unsigned.ko"
# sign VENDOR MODE OUT
sign() {
	"$repo/scripts/sign-appended.sh" --mode "$2" \
		--key "$pki/$1/leaf-rsa2048.key" --cert "$pki/$1/leaf-rsa2048.pem" \
		--hash sha256 "$src/vbtest_mod.ko" "$out/$3" ||
		die "cannot sign $3"
}
sign banned nocert banned.ko
sign banned cert banned-cert.ko
sign good cert good.ko

# race-good.ko and race-banned.ko: the module with variant=1 signed by
# the good vendor and with variant=2 by the banned one, made the same
# size by zero bytes after the module (before the signature: the loader
# ignores them), so that one can be written over the other in place
# (overlay_test.c: a module file changed between check and load).
sign_race() {
	"$repo/scripts/sign-appended.sh" --mode cert \
		--key "$pki/$1/leaf-rsa2048.key" --cert "$pki/$1/leaf-rsa2048.pem" \
		--hash sha256 "$2" "$3" || die "cannot sign $3"
}
sign_race good "$src-race1/vbtest_mod.ko" "$src-race1/signed.ko"
sign_race banned "$src-race2/vbtest_mod.ko" "$src-race2/signed.ko"
sg=$(stat -c %s "$src-race1/signed.ko")
sb=$(stat -c %s "$src-race2/signed.ko")
for v in good:1:$((sb > sg ? sb - sg : 0)) banned:2:$((sg > sb ? sg - sb : 0)); do
	name=${v%%:*} rest=${v#*:}
	dir=$src-race${rest%%:*}
	cp "$dir/vbtest_mod.ko" "$dir/race.ko"
	head -c "${rest#*:}" /dev/zero >>"$dir/race.ko"
	sign_race "$name" "$dir/race.ko" "$out/race-$name.ko"
done
[ "$(stat -c %s "$out/race-good.ko")" = "$(stat -c %s "$out/race-banned.ko")" ] ||
	die "race-good.ko and race-banned.ko differ in size"

# Compressed copies, the signature inside the compressed data (as
# Debian's .ko.xz modules).
for m in banned good; do
	xz --check=crc32 --lzma2=dict=1MiB -c "$out/$m.ko" >"$out/$m.ko.xz"
	zstd -q -c "$out/$m.ko" >"$out/$m.ko.zst"
done
size=$(stat -c %s "$out/good.ko.xz")
head -c "$((size / 2))" "$out/good.ko.xz" >"$out/corrupt.ko.xz"

# A real Debian module, as Debian ships it: .ko.xz, signed inside.
deb=$(find /lib/modules/6.12.*-amd64/kernel/lib -name crc7.ko.xz 2>/dev/null |
	sort | tail -n 1)
[ -n "$deb" ] || die "no /lib/modules/6.12.*-amd64/kernel/lib/crc7.ko.xz (install linux-image-6.12-amd64)"
cp "$deb" "$out/debian.ko.xz"
# and a larger one, whose image (2.5 MB) outgrows the first output buffer
deb=$(find /lib/modules/6.12.*-amd64/kernel/net/bluetooth -name bluetooth.ko.xz \
	2>/dev/null | sort | tail -n 1)
[ -n "$deb" ] || die "no /lib/modules/6.12.*-amd64/kernel/net/bluetooth/bluetooth.ko.xz (install linux-image-6.12-amd64)"
cp "$deb" "$out/debian-big.ko.xz"
echo "$key" >"$out/.inputs"
