#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/lint/run.sh KVER [sparse] - kernel-style checks of kmod/ (with
# "sparse", only the built-in sparse check below: tests/build/two-checkouts.sh
# runs it in a second checkout against the shared object directory):
#   - checkpatch.pl --strict --no-tree -f on every kmod/**/*.[ch]
#     (one check per file; any ERROR, WARNING or CHECK fails it);
#   - kernel-doc -none -Wall on every kmod/**/*.[ch] (one check; any
#     warning fails it; see kernel_doc_cmd for the 6.1-only case);
#   - sparse (make C=2) over security/vendorban/ in the build tree of
#     build-kernel.sh, with the base configuration of KVER installed
#     first (one check; any sparse warning in a vendorban file fails it).
#     Run `scripts/build-kernel.sh KVER` first;
#   - sparse (make C=2) over the loadable form, whose kmod/module/ files
#     the built-in build never compiles: kmod/ built as vendorban.ko
#     against Debian's stock headers of KVER (linux-headers-KVER.*-amd64,
#     the kernels of `make module`), in a scratch copy under build/lint/
#     (one check; any sparse warning in a vendorban file fails it, and so
#     does a kmod/module/*.c file sparse did not check).
# Prints "lint: N passed, N failed" and exits non-zero on any failure.
set -eu

[ $# -eq 1 ] || { [ $# -eq 2 ] && [ "$2" = sparse ]; } ||
	{ echo "usage: $0 KVER [sparse]" >&2; exit 2; }
KVER=$1
ONLY=${2:-}
# shellcheck source=scripts/lib-kernel.sh
. "$(dirname "$0")/../../scripts/lib-kernel.sh"
# lib-kernel.sh takes its caller's parent folder for the repository (a
# build script's); this file is one folder deeper.  (lib-kernel.sh is part
# of the kernels' cache key: editing it would rebuild every kernel.)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
kver_setup
TAP_PART=lint
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"

run_checkpatch() {
	checkpatch=$KSRC/scripts/checkpatch.pl
	[ -x "$checkpatch" ] || die "$checkpatch missing (run make kernel)"
	files=$(cd "$REPO" && find kmod -name '*.[ch]' | LC_ALL=C sort)
	[ -n "$files" ] || { not_ok "no kmod/**/*.[ch] files"; return; }
	for f in $files; do
		if out=$(cd "$REPO" && "$checkpatch" --strict --no-tree \
				--no-summary --quiet -f "$f" 2>&1) && [ -z "$out" ]; then
			ok "checkpatch $f"
		else
			echo "$out"
			not_ok "checkpatch $f"
		fi
	done
}

# kernel-doc of the newest unpacked tree: 6.1's knows no -Wall (the checks
# it adds, such as Return: sections, came later); doc comments do not
# depend on the kernel version.  Without a newer tree, 6.1's plain checks.
kernel_doc_cmd() {
	for kd in $(find "$KCACHE/src" -mindepth 1 -maxdepth 1 -name "linux-*" 2>/dev/null | sort -rV); do
		if "$kd/scripts/kernel-doc" -none -Wall /dev/null >/dev/null 2>&1; then
			echo "$kd/scripts/kernel-doc -none -Wall"
			return
		fi
	done
	echo "$KSRC/scripts/kernel-doc -none"
}

run_kernel_doc() {
	kd=$(kernel_doc_cmd)
	# its exit status counts the warnings: judge by its output
	# shellcheck disable=SC2046,SC2086 # file names and options without spaces
	out=$(cd "$REPO" && $kd $(find kmod -name '*.[ch]' | LC_ALL=C sort) 2>&1) ||
		true
	if [ -n "$out" ]; then
		echo "$out"
		not_ok "kernel-doc: ${kd#"$KCACHE"/src/} kmod/"
	else
		ok "kernel-doc: ${kd#"$KCACHE"/src/} kmod/"
	fi
}

run_sparse() {
	command -v sparse > /dev/null || die "sparse missing (run scripts/install-deps.sh)"
	[ -f "$KOBJ/.config" ] || die "no kernel build in $KOBJ (run make kernel)"
	klock
	ktree_sync_kmod
	# The boot variant shares $KOBJ and leaves its own .config there:
	# check the base configuration, whichever build ran last.
	config_generate "$KVER"
	out=$(kmake C=2 security/vendorban/ 2>&1) || {
		echo "$out"
		not_ok "sparse: make C=2 security/vendorban/ failed"
		return
	}
	warnings=$(echo "$out" | grep -E 'security/vendorban/[^:]*:[0-9]+:[0-9]+: (warning|error):' || true)
	if [ -n "$warnings" ]; then
		echo "$warnings"
		not_ok "sparse security/vendorban/"
	else
		ok "sparse security/vendorban/"
	fi
}

# The stock headers of $KVER (the newest if several are installed).
stock_headers() {
	find /usr/src -mindepth 1 -maxdepth 1 -name "linux-headers-$KVER.*-amd64" |
		sort -V | tail -n 1
}

run_sparse_module() {
	hdr=$(stock_headers)
	[ -n "$hdr" ] ||
		die "no /usr/src/linux-headers-$KVER.*-amd64 (run scripts/install-deps.sh)"
	dir=$REPO/build/lint/module-$KVER
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$REPO/kmod" "$dir/"
	cp "$REPO/Kbuild" "$dir/"
	out=$(make -C "$hdr" M="$dir" C=2 modules 2>&1) || {
		echo "$out"
		not_ok "sparse: vendorban.ko against ${hdr##*/} failed"
		return
	}
	warnings=$(echo "$out" | grep -E "$dir/kmod/[^:]*:[0-9]+:[0-9]+: (warning|error):" || true)
	missed=
	for f in "$REPO"/kmod/module/*.c; do
		echo "$out" | grep -q "CHECK *$dir/kmod/module/${f##*/}\$" ||
			missed="$missed ${f##*/}"
	done
	if [ -n "$warnings" ] || [ -n "$missed" ]; then
		echo "$warnings"
		[ -z "$missed" ] || echo "sparse did not check:$missed"
		not_ok "sparse vendorban.ko (kmod/module/ included) on ${hdr##*/}"
	else
		ok "sparse vendorban.ko (kmod/module/ included) on ${hdr##*/}"
	fi
}

if [ "$ONLY" = sparse ]; then
	run_sparse
else
	run_checkpatch
	run_kernel_doc
	run_sparse
	run_sparse_module
fi
tap_done
