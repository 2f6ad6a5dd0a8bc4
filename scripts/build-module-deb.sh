#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-module-deb.sh KERNEL_BUILD_DIR KEY CERT [OUTDIR] - on a build host,
# the prebuilt, signed module package vendorban-modules-<release> for one
# kernel: a server installs it with apt and needs no compiler, no kernel
# headers or source and no signing key (Secure Boot: the kernel, in
# lockdown, loads only modules signed by a key it trusts; enrol CERT as a
# Machine Owner Key with mokutil --import, see README.md "Secure Boot").
#
#   KERNEL_BUILD_DIR  the kernel's headers (/usr/src/linux-headers-<release>)
#   KEY, CERT         the organisation's module signing key and its
#                     certificate (PEM or DER), as sign-file takes them
#   OUTDIR            where the .deb goes (default build/deb/modules)
#
# The module is built by scripts/build-module.sh, as DKMS builds it (module
# BTF against this very kernel's BTF, the BPF programs inside), then signed
# with the kernel's scripts/sign-file (sha256) and checked: it carries its
# .BTF section and the signature, and the BTF was made against this
# kernel's base BTF.  Module BTF fits one kernel build only (the kernel
# refuses a module whose BTF does not match its own), so the package
# depends on exactly the linux-image version whose headers built it, and
# on the vendorbanctl of the same version (it attaches the BPF programs).
# What the module needs at run time besides: the kernel's BTF
# (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF), the BPF LSM in the
# active LSM list (Debian's kernels have it) and vendorbanctl.
#
# The package installs /lib/modules/<release>/updates/vendorban/vendorban.ko
# (where depmod prefers it over the kernel's own modules), runs depmod and
# has the initramfs refreshed (the initramfs-tools hook copies the module
# into it) through vendorbanctl's trigger vendorban-initramfs, as
# vendorban-dkms does: once per dpkg run for every installed kernel, not
# once more per module package (an upgrade of vendorbanctl and two module
# packages rebuilt four initramfs images, minutes each in the test guest).
# It conflicts with vendorban-dkms: a server takes one.
set -eu

die() {
	echo "build-module-deb.sh: error: $*" >&2
	exit 1
}

[ $# -ge 3 ] || die "usage: build-module-deb.sh KERNEL_BUILD_DIR KEY CERT [OUTDIR]"
repo=$(cd "$(dirname "$0")/.." && pwd)
kdir=$(readlink -f "$1")
key=$2
cert=$3
outdir=${4:-$repo/build/deb/modules}
[ -r "$key" ] || die "cannot read the signing key $key"
[ -r "$cert" ] || die "cannot read the certificate $cert"
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$kdir/include/generated/utsrelease.h" 2>/dev/null)
[ -n "$release" ] || die "cannot read the kernel release of $kdir"
signfile=$kdir/scripts/sign-file
[ -x "$signfile" ] || die "no $signfile (linux-kbuild)"
version=$(cat "$repo/VERSION")
# The kernel package this module is built for, and its exact version.
kpkg=linux-image-$release
kver=$(dpkg-query -W -f='${Version}' "linux-headers-$release" 2>/dev/null) ||
	die "linux-headers-$release is not installed as a package"

sh "$repo/scripts/build-module.sh" "$kdir"
built=$repo/build/module/$release
[ ! -e "$built/btf-missing" ] ||
	die "vendorban.ko for $release has no module BTF: $(cat "$built/btf-missing")"

pkg=vendorban-modules-$release
stage=$built/deb
rm -rf "$stage"
# Debian 13 ships the kernel's modules under /usr/lib/modules; Debian 12
# under /lib/modules (the same directory on a merged /usr).
moddir=lib/modules
dpkg-query -L "$kpkg" 2>/dev/null | grep -q "^/usr/lib/modules/$release/" &&
	moddir=usr/lib/modules
dest=$stage/$moddir/$release/updates/vendorban
mkdir -p "$dest" "$stage/DEBIAN" "$stage/usr/share/doc/$pkg"
cp "$built/kmod/vendorban.ko" "$dest/vendorban.ko"
"$signfile" sha256 "$key" "$cert" "$dest/vendorban.ko"
chmod 0644 "$dest/vendorban.ko"
tail -c 28 "$dest/vendorban.ko" | grep -q '~Module signature appended~' ||
	die "sign-file left no signature on vendorban.ko"
readelf -S "$dest/vendorban.ko" | grep -q ' \.BTF ' ||
	die "the signed vendorban.ko lost its .BTF section"

cp "$repo/debian/copyright" "$stage/usr/share/doc/$pkg/copyright"
cat >"$stage/DEBIAN/control" <<EOF
Package: $pkg
Source: vendorban
Version: $version
Architecture: amd64
Maintainer: $(sed -n 's/^Maintainer: //p' "$repo/debian/control")
Installed-Size: $(du -sk "$stage" | cut -f1)
Depends: $kpkg (= $kver), vendorbanctl (= $version), kmod
Conflicts: vendorban-dkms
Provides: vendorban-modules
Section: kernel
Priority: optional
Description: vendorban.ko for Linux $release, prebuilt and signed
 vendorban refuses to run binaries signed by banned software vendors and
 leaves a kernel audit record of every attempt.
 .
 This package holds the loadable form, vendorban.ko, built for the kernel
 $release ($kpkg $kver) with its module BTF and BPF LSM
 programs, and signed with the organisation's module signing key: a
 server needs no compiler, kernel headers or signing key. Under Secure
 Boot the kernel loads it once the key's certificate is enrolled as a
 Machine Owner Key (mokutil --import).
EOF
cat >"$stage/DEBIAN/postinst" <<EOF
#!/bin/sh
set -e
if [ "\$1" = configure ]; then
	depmod -a $release
	# vendorbanctl refreshes every kernel's initramfs once, at the end of
	# this dpkg run; directly if triggers do not work
	if ! dpkg-trigger --no-await vendorban-initramfs 2>/dev/null &&
		[ -x /usr/sbin/update-initramfs ] && [ -e /boot/initrd.img-$release ]; then
		update-initramfs -u -k $release
	fi
fi
EOF
cat >"$stage/DEBIAN/postrm" <<EOF
#!/bin/sh
set -e
if [ "\$1" = remove ] || [ "\$1" = purge ]; then
	if [ -d /lib/modules/$release ]; then
		depmod -a $release
	fi
fi
EOF
chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"
mkdir -p "$outdir"
dpkg-deb --root-owner-group -Zxz -b "$stage" "$outdir/" >/dev/null
rm -rf "$stage"
echo "deb: $outdir/${pkg}_${version}_amd64.deb"
