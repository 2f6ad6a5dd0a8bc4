#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-module.sh [KERNEL_BUILD_DIR] - build the loadable form vendorban.ko
# against a kernel's headers (default: the running kernel's, as DKMS does),
# with module BTF (.BTF, resolved .BTF_ids) where the kernel has
# CONFIG_DEBUG_INFO_BTF_MODULES: the BPF LSM programs call vendorban's
# kfuncs through it.  Output: build/module/<release>/kmod/vendorban.ko.
#
# Kbuild (scripts/Makefile.modfinal) makes module BTF only if the build
# directory holds `vmlinux` (the base BTF) and
# tools/bpf/resolve_btfids/resolve_btfids, and pahole is installed.
# Debian's 6.12 headers ship both; its 6.1 headers ship neither.  Then the
# module is built against a private build directory: links to the headers,
# plus vmlinux extracted from /boot/vmlinuz-<release> with the kernel's
# scripts/extract-vmlinux (only .BTF and .BTF_ids kept) and resolve_btfids
# built from linux-source-<major.minor> (cached by the tarball's hash in
# $VENDORBAN_CACHE).  Nothing is written under the headers directory.
# Where module BTF is impossible the module is built without it and one
# line says why (the loadable form then falls back to its binfmt gate).
#
# Kbuild writes its objects beside the sources, so the sources are copied
# to build/module/<release>/ first.  Beside the module: btf-base (a link
# to the base vmlinux its BTF refers to) or btf-missing (why it has none).
set -eu

die() {
	echo "build-module.sh: error: $*" >&2
	exit 1
}

repo=$(cd "$(dirname "$0")/.." && pwd)
kdir=${1:-/lib/modules/$(uname -r)/build}
[ -f "$kdir/Makefile" ] ||
	die "no kernel build tree at $kdir (apt-get install linux-headers-amd64)"
kdir=$(readlink -f "$kdir")
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$kdir/include/generated/utsrelease.h" 2>/dev/null)
[ -n "$release" ] || die "cannot read the kernel release of $kdir"
out=$repo/build/module/$release
cache=${VENDORBAN_CACHE:-$repo/build/cache}
# One job per CPU, as dkms runs make (its MAKE here is this script, so it
# adds no -j itself); under a make that passes its jobserver, its jobs.
jobs=-j$(nproc)
case ${MAKEFLAGS:-} in *jobserver*) jobs= ;; esac
mkdir -p "$out"
rm -f "$out/btf-missing"

# no_btf REASON: build without module BTF, and say so once.
no_btf() {
	echo "$*" >"$out/btf-missing"
	echo "build-module.sh: $release: building vendorban.ko without module" \
		"BTF: $* (the module form will use the binfmt fallback)"
	build_kdir=$kdir
	# Kbuild would still run pahole if the headers hold a vmlinux.
	no_btf_arg=CONFIG_DEBUG_INFO_BTF_MODULES=
}

# source_tarball: the linux-source tarball of $release's major.minor
source_tarball() {
	mm=$(echo "$release" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	echo "/usr/src/linux-source-$mm.tar.xz"
}

# build_tools TARBALL DIR: extract-vmlinux and resolve_btfids from the
# kernel source into DIR (made atomically: built aside, then renamed).
build_tools() {
	tmp=$2.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp/out"
	top=$(basename "$1" .tar.xz)
	tar -xJf "$1" -C "$tmp" "$top/tools" "$top/include/uapi" \
		"$top/scripts/bpf_doc.py" "$top/scripts/extract-vmlinux" ||
		return 1
	make -s ${jobs:+"$jobs"} -C "$tmp/$top/tools/bpf/resolve_btfids" OUTPUT="$tmp/out/" \
		>"$tmp/build.log" 2>&1 || {
		cat "$tmp/build.log" >&2
		return 1
	}
	mkdir "$tmp/bin"
	cp "$tmp/out/resolve_btfids" "$tmp/$top/scripts/extract-vmlinux" \
		"$tmp/bin/" || return 1
	rm -rf "$2"
	mv "$tmp/bin" "$2"
	rm -rf "$tmp"
}

# kernel_tools: sets $tools to a directory with extract-vmlinux and
# resolve_btfids for $release, built once per source tarball content.
kernel_tools() {
	tarball=$(source_tarball)
	[ -r "$tarball" ] || return 1
	hash=$(sha256sum "$tarball" | cut -c1-16)
	tools=$cache/btf-tools-$hash
	[ -x "$tools/resolve_btfids" ] && return 0
	mkdir -p "$cache"
	echo "build-module.sh: building resolve_btfids from $tarball (once)"
	(
		flock 9
		[ -x "$tools/resolve_btfids" ] || build_tools "$tarball" "$tools"
	) 9>"$cache/btf-tools.lock"
}

# private_kdir VMLINUX RESOLVE_BTFIDS: a build directory made of links to
# $kdir with vmlinux and resolve_btfids added; sets $build_kdir.
private_kdir() {
	build_kdir=$out/kdir
	rm -rf "$build_kdir"
	mkdir -p "$build_kdir/tools/bpf/resolve_btfids"
	for f in "$kdir"/* "$kdir"/.[!.]*; do
		[ -e "$f" ] || continue
		case ${f##*/} in tools | vmlinux) continue ;; esac
		ln -s "$(readlink -f "$f")" "$build_kdir/${f##*/}"
	done
	for f in "$kdir"/tools/*; do
		[ -e "$f" ] && [ "${f##*/}" != bpf ] &&
			ln -s "$(readlink -f "$f")" "$build_kdir/tools/${f##*/}"
	done
	ln -s "$1" "$build_kdir/vmlinux"
	ln -s "$2" "$build_kdir/tools/bpf/resolve_btfids/resolve_btfids"
}

# base_vmlinux: the base BTF vmlinux of $release, extracted with $tools
# into $out/vmlinux (only .BTF and .BTF_ids kept, as Debian's 6.12 does).
base_vmlinux() {
	vmlinuz=/boot/vmlinuz-$release
	[ -r "$vmlinuz" ] || {
		echo "no $vmlinuz to take the kernel's BTF from"
		return 1
	}
	sh "$tools/extract-vmlinux" "$vmlinuz" >"$out/vmlinux.full" 2>/dev/null &&
		objcopy --only-section=.BTF --only-section=.BTF_ids \
			"$out/vmlinux.full" "$out/vmlinux" 2>/dev/null
	rm -f "$out/vmlinux.full"
	readelf -S "$out/vmlinux" 2>/dev/null | grep -q ' \.BTF ' || {
		echo "$vmlinuz has no .BTF section"
		return 1
	}
}

# btf_setup: choose the build directory ($build_kdir) that makes module
# BTF for $kdir, or say why there is none.
btf_setup() {
	grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$kdir/.config" || {
		no_btf "the kernel has no CONFIG_DEBUG_INFO_BTF_MODULES"
		return 0
	}
	command -v pahole >/dev/null || {
		no_btf "pahole missing (apt-get install dwarves)"
		return 0
	}
	resolve=$kdir/tools/bpf/resolve_btfids/resolve_btfids
	if [ -f "$kdir/vmlinux" ] && [ -x "$resolve" ]; then
		build_kdir=$kdir
		return 0
	fi
	kernel_tools || {
		no_btf "no resolve_btfids in $kdir and no usable $(source_tarball)"
		return 0
	}
	[ -x "$resolve" ] || resolve=$tools/resolve_btfids
	vmlinux=$kdir/vmlinux
	if [ ! -f "$vmlinux" ]; then
		why=$(base_vmlinux) || {
			no_btf "$why"
			return 0
		}
		vmlinux=$out/vmlinux
	fi
	private_kdir "$vmlinux" "$resolve"
}

# copy_sources: kmod/ and the top-level Kbuild into $out
copy_sources() {
	if command -v rsync >/dev/null; then
		rsync -a --checksum --delete --exclude '*.o' --exclude '.*.cmd' \
			--exclude '*.ko' --exclude '*.mod*' \
			--exclude 'modules.order' --exclude 'Module.symvers' \
			--exclude '*.gen.h' \
			--filter 'protect *.o' --filter 'protect .*.cmd' \
			--filter 'protect *.ko' --filter 'protect *.mod*' \
			"$repo/kmod" "$out/"
	else
		rm -rf "$out/kmod"
		cp -r "$repo/kmod" "$out/"
	fi
	cp "$repo/Kbuild" "$out/Kbuild"
}

no_btf_arg=
btf_setup
copy_sources
# Relink every time, so that the module BTF always matches this base.
rm -f "$out/kmod/vendorban.ko"
# MODULE_PAHOLE_FLAGS= : no distilled base BTF (.BTF.base), which Kbuild
# asks pahole >= 1.26 for in external modules since Linux 6.11 (Debian 13).
# The module writes the BTF ids resolve_btfids put in its .BTF_ids into
# its own BPF programs (kfunc calls, hooks); with a distilled base those
# ids are relative to it (the kernel renumbers the module's BTF at load
# and corrects only the ids of registered kfunc sets), and the hooks'
# ids, bpf_lsm_* of vmlinux, are not in it at all (left 0): every attach
# failed with EINVAL.  The module is built for one kernel build anyway.
make ${jobs:+"$jobs"} -C "$build_kdir" M="$out" $no_btf_arg MODULE_PAHOLE_FLAGS= modules \
	>"$out/build.log" 2>&1 || {
	cat "$out/build.log" >&2
	die "module build failed against $kdir"
}
# WARN: resolve_btfids' "unresolved symbol"
if grep -E 'warning:|WARNING:|WARN:|Skipping BTF' "$out/build.log" >&2; then
	die "module build printed warnings (see above)"
fi
rm -f "$out/btf-base"
if [ ! -e "$out/btf-missing" ]; then
	readelf -S "$out/kmod/vendorban.ko" | grep -q ' \.BTF ' ||
		die "vendorban.ko for $release has no .BTF (see $out/build.log)"
	! readelf -S "$out/kmod/vendorban.ko" | grep -q ' \.BTF\.base ' ||
		die "vendorban.ko for $release has distilled base BTF (.BTF.base): its BPF programs' BTF ids would not match the kernel's"
	# The base BTF the module's BTF was made against, for the tests.
	ln -s "$(readlink -f "$build_kdir/vmlinux")" "$out/btf-base"
fi
echo "module: $out/kmod/vendorban.ko ($release)"
