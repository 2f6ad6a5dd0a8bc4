#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-kernel.sh KVER [boot|debug|debug-module|bench] - build the
# vendorban test kernel (bzImage) for QEMU.  With "boot", the variant with a
# compiled-in boot policy (scripts/kernel/test-boot.policy), published as
# bzImage-$KVER-boot; with "debug", the variant with KASAN, lockdep,
# kmemleak and fault injection (scripts/kernel/variant-debug.fragment),
# bzImage-$KVER-debug; with "debug-module", the same debug kernel without
# vendorban built in, for the loadable form vendorban.ko
# (scripts/kernel/variant-debug-module.fragment), bzImage-$KVER-debug-module;
# with "bench", the test kernel with IMA appraisal for the benchmark
# (scripts/kernel/variant-bench.fragment, only `make bench-ima` builds
# it), bzImage-$KVER-bench.
#
# The pristine Debian kernel source is unpacked once into the cache, copied
# once into a build tree, and kmod/ is synced into security/vendorban/ of
# that tree.  The kernel is built out of tree from tinyconfig plus
# scripts/kernel/common.fragment and scripts/kernel/config-$KVER.fragment.
#
# Cache: the key hashes the fragments, kmod/, KVER, the source package
# version and these scripts.  If $VENDORBAN_CACHE/bzImage-$KVER-<key> exists
# nothing is built.  Output: build/kernel/bzImage-$KVER, build/kernel/config-$KVER.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 KVER [boot|debug|debug-module|bench]" >&2
	exit 2
fi
KVER=$1
VARIANT=${2:-}
# shellcheck source=scripts/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
kver_setup
NAME=$KVER
KHASHED=
VARIANT_FILE=
case "$VARIANT" in
'') ;;
boot)
	# The policy is copied into the tree under a fixed relative name
	# (variant_install), so neither the config nor the cache key holds
	# the checkout's path.
	NAME=$KVER-boot
	VARIANT_FILE=$REPO/scripts/kernel/test-boot.policy
	KHASHED=$VARIANT_FILE
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/variant-boot.fragment"
	;;
debug)
	NAME=$KVER-debug
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/variant-debug.fragment"
	;;
debug-module)
	NAME=$KVER-debug-module
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/variant-debug.fragment"
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/variant-debug-module.fragment"
	;;
bench)
	NAME=$KVER-bench
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/variant-bench.fragment"
	;;
*) die "unknown variant '$VARIANT' (known: boot, debug, debug-module, bench)" ;;
esac
# The boot variant differs from the base in one vendorban option, so it
# shares the base tree and object directory (config_generate installs the
# right .config each time; only vendorban is rebuilt).  The debug variant
# instruments everything and takes long to build cold: it has its own tree,
# object directory and lock, so it never holds up the base builds.  Its
# debug-module form differs from it in vendorban alone (not built in), so
# it shares them: switching between the two recompiles security/ and
# relinks.  vendorban.ko and the suite's test modules (tests/vm/module/
# build.sh) are built against that object directory, so it must hold the
# very kernel published (OBJ_IS_IMAGE), for both: a module whose BTF was
# generated over the other variant's vmlinux is refused by the kernel
# ("failed to validate module BTF"), so a cached image that the directory
# no longer holds is built again there.
# The bench variant differs from the base in IMA's options, which many
# files of fs/ and security/ depend on: sharing the base's object directory
# would rebuild them at every switch, in the builds of `make check` too.
# It has its own object directory over the base's tree (so it holds the
# base's lock while it builds), seeded once with a copy of the base's
# objects (bench_seed): kbuild then rebuilds only what its options change.
OBJ_IS_IMAGE=
BENCH_SEED=
case $VARIANT in
bench)
	BENCH_SEED=$KOBJ
	KOBJ=$KCACHE/obj-$KVER-bench
	;;
debug | debug-module)
	KTREE=$KCACHE/tree-$KVER-debug
	KOBJ=$KCACHE/obj-$KVER-debug
	KLOCK=$KVER-debug
	OBJ_IS_IMAGE=1
	;;
esac

variant_install() {
	[ -n "$VARIANT_FILE" ] || return 0
	dst=$KTREE/vendorban-test-boot.policy
	cmp -s "$VARIANT_FILE" "$dst" || cp "$VARIANT_FILE" "$dst"
}

# The test key that signs policies (tests of vendorban.require_signed):
# made once per machine in the cache (scripts/policy-signing-key.sh), its
# certificate built into the kernel's trusted keyring at the path the
# fragment names.
POLICY_KEY_DIR=$KCACHE/policy-signing
policy_cert_prepare() {
	"$REPO/scripts/policy-signing-key.sh" "$POLICY_KEY_DIR" ||
		die "could not make the test policy-signing key"
	KHASHED="$KHASHED $POLICY_KEY_DIR/cert.pem"
}

policy_cert_install() {
	dst=$KTREE/certs/vendorban-policy-test.pem
	cmp -s "$POLICY_KEY_DIR/cert.pem" "$dst" ||
		cp "$POLICY_KEY_DIR/cert.pem" "$dst"
}

# The copy keeps the objects' times, and kbuild's own command files name
# no absolute object path, but those of tools/objtool do (its make runs
# with OUTPUT=$KOBJ/...): they are moved to the new path, times kept, or
# objtool would be rebuilt, and every object depends on its binary.
bench_seed() {
	[ -n "$BENCH_SEED" ] && [ ! -d "$KOBJ" ] && [ -d "$BENCH_SEED" ] ||
		return 0
	echo "kernel: seeding $KOBJ with the objects of $BENCH_SEED (once)"
	rm -rf "$KOBJ.tmp"
	cp -a "$BENCH_SEED" "$KOBJ.tmp"
	find "$KOBJ.tmp/tools" -type f \( -name '.*.cmd' -o -name '.*.d' \) \
		-exec grep -l -F "$BENCH_SEED/" {} + 2>/dev/null |
		while IFS= read -r f; do
			touch -r "$f" "$KOBJ.tmp/.seed-time"
			sed -i "s|$BENCH_SEED/|$KOBJ/|g" "$f"
			touch -r "$KOBJ.tmp/.seed-time" "$f"
		done
	rm -f "$KOBJ.tmp/.seed-time"
	mv "$KOBJ.tmp" "$KOBJ"
}

cache_key() {
	{
		echo "kver=$KVER package=$KPKG_VERSION"
		# shellcheck disable=SC2086
		sha256sum $KFRAGMENTS $KHASHED "$REPO/scripts/build-kernel.sh" \
			"$REPO/scripts/lib-kernel.sh" | cut -d' ' -f1
		(cd "$REPO" && find kmod -type f -print0 | LC_ALL=C sort -z |
			xargs -0 sha256sum)
	} | sha256sum | cut -c1-16
}

publish() {
	mkdir -p "$REPO/build/kernel"
	cp "$image" "$REPO/build/kernel/bzImage-$NAME"
	cp "$config" "$REPO/build/kernel/config-$NAME"
	echo "kernel: build/kernel/bzImage-$NAME ($1, key $key)"
}

# Keep the ten newest cached images per version and variant.
prune_cache() {
	find "$KCACHE" -maxdepth 1 -name "bzImage-$NAME-????????????????" \
		-printf '%T@ %p\n' | sort -rn | tail -n +11 | cut -d' ' -f2- |
		while IFS= read -r old; do
			rm -f "$old" "$KCACHE/config-$NAME-${old##*-}"
		done
}

main() {
	klock
	policy_cert_prepare
	key=$(cache_key)
	image=$KCACHE/bzImage-$NAME-$key
	config=$KCACHE/config-$NAME-$key
	if [ -f "$image" ] && [ -f "$config" ] && { [ -z "$OBJ_IS_IMAGE" ] ||
		cmp -s "$image" "$KOBJ/arch/x86/boot/bzImage"; }; then
		publish cached
		return 0
	fi
	start=$(date +%s)
	ksrc_unpack
	ktree_prepare
	bench_seed
	ktree_sync_kmod
	policy_cert_install
	variant_install
	config_generate "$NAME"
	echo "kernel: building $NAME in $KOBJ ($(nproc) jobs)"
	kmake -j"$(nproc)" bzImage
	# Module.symvers (from vmlinux.symvers): what an external module
	# such as vendorban.ko is linked against.
	[ -z "$OBJ_IS_IMAGE" ] || kmake -j"$(nproc)" modules
	cp "$KOBJ/.config" "$config.tmp"
	cp "$KOBJ/arch/x86/boot/bzImage" "$image.tmp"
	mv "$config.tmp" "$config"
	mv "$image.tmp" "$image"
	prune_cache
	publish "built in $(($(date +%s) - start))s"
}

main
