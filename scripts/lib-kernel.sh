# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Shared path and version logic for build-kernel.sh and lint.sh.
# Source it after setting KVER; it defines:
#   REPO          repository root
#   KCACHE        $VENDORBAN_CACHE (default /var/cache/vendorban)
#   KPKG          Debian source package (linux-source-$KVER)
#   KPKG_VERSION  its installed version (part of the cache key)
#   KTARBALL      /usr/src/linux-source-$KVER.tar.xz
#   KSRC          pristine unpacked source (never edited)
#   KTREE         build tree: copy of KSRC + security/vendorban/
#   KOBJ          out-of-tree object directory (O=)
#   KFRAGMENTS    config fragments merged over tinyconfig, in order
#   kmake         make in $KTREE with O=$KOBJ and the right ARCH
#   config_generate  install the .config of $KFRAGMENTS in $KOBJ
#
# Everything that depends on the kernel version lives in kver_setup():
# a new version means a case there and a config-$KVER.fragment.

REPO=$(cd "$(dirname "$0")/.." && pwd)
KCACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}

die() {
	echo "$(basename "$0"): error: $*" >&2
	exit 1
}

kver_setup() {
	case "$KVER" in
	6.1 | 6.12) ;;
	*) die "unsupported kernel version '$KVER' (supported: 6.1, 6.12)" ;;
	esac
	KPKG=linux-source-$KVER
	KTARBALL=/usr/src/$KPKG.tar.xz
	KPKG_VERSION=$(dpkg-query -W -f='${Version}' "$KPKG" 2>/dev/null) ||
		die "package $KPKG is not installed (run scripts/install-deps.sh)"
	[ -r "$KTARBALL" ] || die "$KTARBALL not found (reinstall $KPKG)"
	KSRC=$KCACHE/src/linux-$KVER-$KPKG_VERSION
	KTREE=$KCACHE/tree-$KVER
	KOBJ=$KCACHE/obj-$KVER
	KFRAGMENTS="$REPO/scripts/kernel/common.fragment"
	KFRAGMENTS="$KFRAGMENTS $REPO/scripts/kernel/config-$KVER.fragment"
}

kmake() {
	make -C "$KTREE" O="$KOBJ" ARCH=x86_64 "$@"
}

# Unpack the pristine source once (atomically: unpack, then rename).
ksrc_unpack() {
	[ -d "$KSRC" ] && return 0
	echo "kernel: unpacking $KTARBALL (once)"
	mkdir -p "$KCACHE/src"
	tmp=$KSRC.tmp.$$
	rm -rf "$tmp"
	mkdir "$tmp"
	tar -xJf "$KTARBALL" -C "$tmp" --strip-components=1
	mv "$tmp" "$KSRC"
}

# Make the build tree once: a real copy (not hardlinks) because we edit
# security/Kconfig and security/Makefile in it.  The stamp records which
# pristine source it was copied from; a new package version recopies.
ktree_prepare() {
	stamp=$KTREE/.vendorban-source
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$KSRC" ]; then
		return 0
	fi
	echo "kernel: creating build tree $KTREE (once)"
	rm -rf "$KTREE" "$KOBJ"
	tmp=$KTREE.tmp.$$
	rm -rf "$tmp"
	cp -a "$KSRC" "$tmp"
	echo "$KSRC" > "$tmp/.vendorban-source"
	mv "$tmp" "$KTREE"
}

# Copy kmod/ into security/vendorban/ and hook it into Kconfig/Makefile.
# --checksum: unchanged files keep their mtime, so make rebuilds only what
# changed; no -t: a changed file gets a fresh mtime and is always rebuilt.
ktree_sync_kmod() {
	[ -f "$REPO/kmod/Kconfig" ] || die "kmod/Kconfig not found"
	mkdir -p "$KTREE/security/vendorban"
	rsync -rlpD --checksum --delete "$REPO/kmod/" "$KTREE/security/vendorban/"
	kconfig=$KTREE/security/Kconfig
	if ! grep -q '^source "security/vendorban/Kconfig"' "$kconfig"; then
		sed -i '/^source "security\/landlock\/Kconfig"/a source "security/vendorban/Kconfig"' "$kconfig"
		grep -q '^source "security/vendorban/Kconfig"' "$kconfig" ||
			die "could not hook vendorban into $kconfig"
	fi
	kmakefile=$KTREE/security/Makefile
	if ! grep -q 'CONFIG_SECURITY_VENDORBAN' "$kmakefile"; then
		# shellcheck disable=SC2016 # a literal make variable
		printf 'obj-$(CONFIG_SECURITY_VENDORBAN)\t\t+= vendorban/\n' >> "$kmakefile"
	fi
	ktree_count_lsm
}

# Since 6.12 the LSM framework sizes its tables (static call slots, the
# list of active LSMs) by counting the built-in LSMs it knows of in
# include/linux/lsm_count.h, and panics at boot on one more: count
# vendorban there, as an in-tree LSM would.  Older trees have no such file.
ktree_count_lsm() {
	count=$KTREE/include/linux/lsm_count.h
	[ -f "$count" ] || return 0
	grep -q 'VENDORBAN_ENABLED' "$count" && return 0
	sed -i -e '/^#define __COUNT_LSMS/i #if IS_ENABLED(CONFIG_SECURITY_VENDORBAN)\n#define VENDORBAN_ENABLED 1,\n#else\n#define VENDORBAN_ENABLED\n#endif\n' \
		-e 's/^\t\tIPE_ENABLED)$/\t\tIPE_ENABLED\t\\\n\t\tVENDORBAN_ENABLED)/' "$count"
	[ "$(grep -c 'VENDORBAN_ENABLED' "$count")" -eq 3 ] ||
		die "could not count vendorban in $count"
}

# The fragments' assignments, the last one of each symbol only (a later
# fragment overrides an earlier one, as merge_config.sh does), each as
# "CONFIG_X=value" or "# CONFIG_X is not set".
config_wanted() {
	# shellcheck disable=SC2086
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1 &/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 &/p' \
		$KFRAGMENTS | awk '{
			sym = $1
			sub(/^[^ ]* /, "")
			if (!(sym in last))
				order[++n] = sym
			last[sym] = $0
		}
		END { for (i = 1; i <= n; i++) print last[order[i]] }'
}

# Print the fragment assignments that did not survive into the .config.
config_dropped() {
	config=$1
	config_wanted | while IFS= read -r line; do
		case $line in
		'# '*)
			sym=${line#\# }
			sym=${sym%% *}
			! grep -q "^$sym=" "$config" ||
				echo "  $line (final: $(grep "^$sym=" "$config"))"
			;;
		*)
			grep -qxF -- "$line" "$config" || echo "  $line (final: $(
				grep -E "^(# )?${line%%=*}[= ]" "$config" || echo 'absent'))"
			;;
		esac
	done
}

# config_generate NAME: generate the .config of $KFRAGMENTS in a scratch
# dir ($KCACHE/cfg-NAME) and install it in $KOBJ only if it differs, so that
# an unchanged configuration does not disturb incremental builds.  Variants
# that share $KOBJ (the base and "boot") each install their own before use.
config_generate() {
	cfg=$KCACHE/cfg-$1
	mkdir -p "$cfg" "$KOBJ"
	make -s -C "$KTREE" O="$cfg" ARCH=x86_64 tinyconfig >/dev/null
	# shellcheck disable=SC2086
	(cd "$KTREE" && scripts/kconfig/merge_config.sh -m -O "$cfg" \
		"$cfg/.config" $KFRAGMENTS >/dev/null)
	make -s -C "$KTREE" O="$cfg" ARCH=x86_64 olddefconfig >/dev/null
	dropped=$(config_dropped "$cfg/.config")
	if [ -n "$dropped" ]; then
		echo "kernel: these fragment options were dropped by Kconfig" \
			"(missing dependency or not user-selectable):" >&2
		echo "$dropped" >&2
		die "fix scripts/kernel/*.fragment (or the Kconfig that should select them)"
	fi
	cmp -s "$cfg/.config" "$KOBJ/.config" || cp "$cfg/.config" "$KOBJ/.config"
}

# Serialise builds of one tree (several engineers share the cache): one
# lock per kernel version, or per $KLOCK for a variant with its own tree.
klock() {
	mkdir -p "$KCACHE"
	exec 9> "$KCACHE/lock-${KLOCK:-$KVER}"
	flock 9
}
