#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# allowlist.sh - the verified package allow-list on a stock Debian 12
# server image (make check-allowlist).
#
#   1. The image of the real-boot test (rootfs.sh: mmdebstrap, cached),
#      unpacked into build/allowlist/root.
#   2. The .deb of every installed package, exactly its version, fetched
#      with apt-get download against the image's own apt sources and
#      package lists (the snapshot mmdebstrap installed from).  Cached by
#      content in $VENDORBAN_CACHE/debian/allowlist-debs-<key> (the key
#      hashes the installed Package:Arch=Version list); older entries are
#      pruned.  They go into the image's /var/cache/apt/archives.
#   3. vendorbanctl compile --package-root of allowlist.vbpolicy: Debian's
#      archive key (the host's debian-archive-keyring) -> gpgv of each
#      InRelease -> Packages SHA-256 -> .deb SHA-256 -> each file's SHA-256.
#   4. vendorbanctl scan of the whole image under default deny: it denies
#      exactly the files allowlist-extra.txt names (no package installs
#      them); with one file-sha256 rule for each of those, nothing.
#   5. A copy of /usr/bin/true with one byte flipped, and /usr/bin/true
#      itself flipped in place, are denied (rule=default); the unchanged
#      /usr/bin/true is allowed by its package's rule.
#   6. The boot: the same image with vendorban's packages installed as
#      an admin installs them (apt install ./*.deb: DKMS builds
#      vendorban.ko for both stock kernels), and /etc/vendorban/policy
#      compiled from allowlist.vbpolicy plus only what vendorban's own
#      packages need (boot_source), put into each kernel's initramfs by
#      the package's hook (update-initramfs: its boot check passes).
#      Cached by content in $VENDORBAN_CACHE/debian/allowlist-boot-<key>.
#      Each kernel of $VENDORBAN_ALLOWLIST_KERNELS (default 6.1) boots it
#      under QEMU in enforce mode; allowlist-guest.sh asserts the system
#      came up and only its own test files were refused.
#
# allowlist.sh [scan|boot]: only that part (default: both).
# Prints "allowlist: N passed, N failed".
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/debian
OUT=$REPO/build/allowlist
CACHE=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian
CTL=$REPO/build/userspace/vendorbanctl
# Rules the package allow-list held when this was written (216 packages,
# 9,842 file-sha256 rules); a much smaller one means packages went missing.
MIN_RULES=${VENDORBAN_ALLOWLIST_MIN_RULES:-9000}
# QEMU's time for the whole boot and the assertions: under TCG on a loaded
# 2-core machine, hashing each program and library the boot runs takes
# longer than the boots of make check-debian
TIMEOUT=${VENDORBAN_ALLOWLIST_TIMEOUT:-1800}

TAP_PART=allowlist
# shellcheck source=tests/lib/tap.sh
. "$REPO/tests/lib/tap.sh"
# shellcheck source=tests/debian/lib.sh
. "$REPO/tests/debian/lib.sh"

# installed ROOT: Package:Arch=Version of every installed package in ROOT
installed() {
	dpkg-query --admindir="$1/var/lib/dpkg" -W \
		-f '${db:Status-Abbrev} ${Package}:${Architecture}=${Version}\n' |
		awk '$1 == "ii" { print $2 }' | sort
}

# debs ROOT LIST: the cache directory holding LIST's .debs, fetched once
debs() {
	local root=$1 list=$2 key dir
	key=$(sha256sum <"$list" | cut -c1-16)
	dir=$CACHE/allowlist-debs-$key
	if [ ! -d "$dir" ]; then
		echo "# allowlist: downloading $(wc -l <"$list") .deb files into $dir (once)" >&2
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		# The image's apt configuration, sources and lists: the exact
		# versions it installed, from the mirror it installed them from.
		# shellcheck disable=SC2046 # one argument per package
		if ! (cd "$dir.tmp" && apt-get -q -o Dir="$root" \
			-o Dir::State::status="$root/var/lib/dpkg/status" \
			-o APT::Sandbox::User=root -o Debug::NoLocking=1 \
			download $(cat "$list")) >"$OUT/download.log" 2>&1; then
			tail -20 "$OUT/download.log" >&2
			rm -rf "$dir.tmp"
			die "apt-get download failed (log: $OUT/download.log)"
		fi
		mv "$dir.tmp" "$dir"
	fi
	# prune the downloads of other package lists
	find "$CACHE" -maxdepth 1 -name 'allowlist-debs-*' ! -name "${dir##*/}" \
		-exec rm -rf {} +
	echo "$dir"
}

# expected ROOT: the paths of allowlist-extra.txt that the kernel checks
# in ROOT (an execute bit: the host's mode decides for the copied files)
expected() {
	local p
	grep -v '^#' "$HERE/allowlist-extra.txt" | grep . | while read -r p; do
		if [ -f "$1$p" ] && [ -n "$(find "$1$p" -perm /111)" ]; then
			echo "$p"
		fi
	done
}

# flip FILE OFFSET: invert one byte of FILE in place
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059 # the format is the octal escape
	printf "\\$(printf '%03o' $((b ^ 0xff)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# The server's setup in the chroot: vendorban's packages as an admin
# installs them, then what tests/debian/setup.sh sets up for the boot test
# (fstab, hostname, root without a password, the serial console for the
# test's output, no timers), and the test's unit.
# shellcheck disable=SC2016 # run by the chroot's shell
SETUP='
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends /root/vbdebs/*.deb
rm -rf /root/vbdebs
for rel in $(ls /lib/modules); do
	dkms status -k "$rel" vendorban | grep -q ": installed" || {
		echo "DKMS did not install vendorban.ko for $rel"; exit 1; }
done
echo vb-server >/etc/hostname
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >/etc/fstab
passwd -d root >/dev/null
systemctl enable vendorban-allowlist-test.service
systemctl mask serial-getty@ttyS0.service apt-daily.timer \
	apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
	fstrim.timer
echo MODULES=list >/etc/initramfs-tools/conf.d/vendorban-test.conf
printf "%s\n" virtio_pci virtio_blk ext4 >>/etc/initramfs-tools/modules
'

# unpacked FILE: the SHA-256 of FILE, of its decompressed image for a
# compressed module (what the kernel judges)
unpacked() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*) cat "$1" ;;
	esac | sha256sum | cut -d' ' -f1
}

# boot_source ROOT: allowlist.vbpolicy, and only what vendorban's own
# packages and the test add to a server that runs it
boot_source() {
	local root=$1 deb ko rel
	sed 's/^name .*/name debian-allowlist-boot/' "$HERE/allowlist.vbpolicy"
	echo "# vendorban's packages, installed from local .deb files that no"
	echo "# signed index lists: their files (vendorbanctl, its boot scripts,"
	echo "# units and hooks; the DKMS source's scripts), named by the admin"
	for deb in "$REPO"/build/deb/vendorbanctl_*.deb \
		"$REPO"/build/deb/vendorban-dkms_*.deb; do
		echo "allow package \"$deb\" label=vendorban"
	done
	echo "# vendorban.ko as DKMS built it for each kernel (in the initramfs:"
	echo "# the hook's and the init-top script's boot check judge it)"
	for ko in "$root"/usr/lib/modules/*/updates/dkms/vendorban.ko*; do
		rel=${ko#"$root"/usr/lib/modules/}
		rel=${rel%%/*}
		# a label is A-Z a-z 0-9 . _ - (6.12.118+deb12-amd64 has a +)
		echo "allow file-sha256 $(unpacked "$ko") label=dkms.vendorban-$(printf %s "$rel" | tr -c 'A-Za-z0-9._-' _)"
	done
	echo "# the test's own script, run by its unit"
	echo "allow file-sha256 $(unpacked "$root/usr/lib/vendorban-test/allowlist-guest.sh") label=test.guest"
}

# boot_build DIR ROOTFS DEBS: the boot image in DIR: disk.img, the policy
# (source boot.vbpolicy), vmlinuz-<major>, initrd-<major>
boot_build() {
	local dir=$1 root=$1.tmp/root
	rm -rf "$dir.tmp"
	mkdir -p "$root"
	tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$2" -C "$root"
	mkdir -p "$root/root/vbdebs" "$root/usr/lib/vendorban-test"
	cp "$REPO"/build/deb/*.deb "$root/root/vbdebs/"
	install -m 0755 "$HERE/allowlist-guest.sh" "$root/usr/lib/vendorban-test/"
	install -m 0644 "$REPO/tests/lib/tap.sh" "$root/usr/lib/vendorban-test/"
	install -m 0644 "$HERE/allowlist-guest.service" \
		"$root/etc/systemd/system/vendorban-allowlist-test.service"
	in_root "$root" /bin/sh -euc "$SETUP" >"$dir.tmp/setup.log" 2>&1 ||
		{ tail -40 "$dir.tmp/setup.log" >&2; die "setup failed (log: $dir.tmp/setup.log)"; }
	boot_finish "$dir" "$3"
}

# boot_finish DIR DEBS: the policy, the initramfs images and the disk
boot_finish() {
	local dir=$1 root=$1.tmp/root major rel size
	boot_source "$root" >"$dir.tmp/boot.vbpolicy"
	cp -l "$2"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null ||
		cp "$2"/*.deb "$root/var/cache/apt/archives/"
	"$CTL" compile -R "$root" -o "$dir.tmp/policy" "$dir.tmp/boot.vbpolicy" \
		>"$dir.tmp/compile.log" 2>&1 ||
		{ tail -40 "$dir.tmp/compile.log" >&2; die "the boot allow-list does not compile"; }
	rm -f "$root"/var/cache/apt/archives/*.deb
	install -m 0644 "$dir.tmp/policy" "$root/etc/vendorban/policy"
	for major in 6.1 6.12; do
		rel=$(release "$major")
		# the hook runs the boot check on this initramfs: it fails
		# update-initramfs for a policy that refuses what the boot needs
		in_root "$root" update-initramfs -u -k "$rel" >>"$dir.tmp/setup.log" 2>&1 ||
			{ tail -40 "$dir.tmp/setup.log" >&2; die "update-initramfs -k $rel failed"; }
		cp "$root/boot/vmlinuz-$rel" "$dir.tmp/vmlinuz-$major"
		cp "$root/boot/initrd.img-$rel" "$dir.tmp/initrd-$major"
	done
	# the boot check on the whole image: init, its programs and
	# libraries, vendorbanctl, every initramfs
	"$CTL" bootcheck --sysroot "$root" "$dir.tmp/policy" \
		>"$dir.tmp/bootcheck.txt" 2>&1 ||
		{ tail -40 "$dir.tmp/bootcheck.txt" >&2; die "the boot check refuses the allow-list"; }
	size=$(($(du -sm "$root" | cut -f1) * 13 / 10 + 512))
	mkfs.ext4 -q -F -L vbroot -d "$root" "$dir.tmp/disk.img" "${size}M"
	rm -rf "$root"
	mv "$dir.tmp" "$dir"
}

# judge MAJOR LOG SECONDS: count the boot's TAP lines
judge() {
	local p f
	p=$(grep -c '^ok [0-9]* allowlist-boot\.' "$2" || true)
	f=$(grep -c '^not ok [0-9]* allowlist-boot\.' "$2" || true)
	echo "== stock $1, enforce, default deny: $3 s from QEMU start to power-off"
	grep -E '^(not )?ok [0-9]+ allowlist-boot\.|^# ' "$2" || true
	tap_passed=$((tap_passed + p))
	tap_failed=$((tap_failed + f))
	if ! grep -q '^VENDORBAN-ALLOWLIST: ' "$2"; then
		not_ok "stock $1: the allow-list boot did not finish (log: $2)"
		grep 'lsm=vendorban' "$2" | head -20 | sed 's/^/# /'
		tail -30 "$2" | sed 's/^/# /'
	fi
	if grep -E '^\[ *[0-9]+\.[0-9]+\] (WARNING:|BUG:|Oops|Kernel panic|Call Trace:|UBSAN|KASAN)' \
		"$2" | head -5 | grep .; then
		not_ok "stock $1: kernel splat"
	fi
}

# boot_key ROOTFS DEBS: the boot image's cache key: what goes into it
boot_key() {
	{
		echo "$1 $2"
		sha256sum "$REPO"/build/deb/*.deb "$CTL" | cut -d' ' -f1
		# what builds the image (not the rest of this script)
		declare -f in_root unpacked boot_source boot_build boot_finish
		echo "$SETUP"
		cat "$HERE"/allowlist-guest.* "$HERE/allowlist.vbpolicy" \
			"$REPO/tests/lib/tap.sh"
	} | sha256sum | cut -c1-16
}

# boot_part ROOTFS DEBS: the allow-list boot on each kernel
boot_part() {
	local img major log start
	ls "$REPO"/build/deb/vendorbanctl_*.deb "$REPO"/build/deb/vendorban-dkms_*.deb \
		>/dev/null 2>&1 || die "no packages in build/deb (make deb)"
	if [ -z "$(release 6.1)" ] || [ -z "$(release 6.12)" ]; then
		die "stock 6.1 and 6.12 headers needed (scripts/install-deps.sh)"
	fi
	img=$CACHE/allowlist-boot-$(boot_key "$1" "$2")
	if [ ! -d "$img" ]; then
		echo "# allowlist: building the boot image $img (DKMS, compile, update-initramfs)"
		start=$(date +%s)
		trap 'rm -rf "$OUT/root" "$img.tmp"' EXIT
		boot_build "$img" "$1" "$2"
		echo "# boot image: $(($(date +%s) - start)) s"
	fi
	find "$CACHE" -maxdepth 1 -name 'allowlist-boot-*' ! -name "${img##*/}" \
		-exec rm -rf {} +
	echo "# the boot policy's source beyond allowlist.vbpolicy:"
	sed -n '/^# vendorban.s packages/,$p' "$img/boot.vbpolicy" | sed 's/^/#   /'
	# the compile's notes and warnings (the boot check of this host, not
	# of the image, is one: the image's is in bootcheck.txt)
	sed -n 's,^[^ ]*boot\.vbpolicy:[0-9:]* *\(note\|warning\): ,# compile: \1: ,p' \
		"$img/compile.log"
	echo "# $(grep -c '^allow ' "$img/policy") allow rules in the policy"
	sed 's/^/# boot check of the image (bootcheck --sysroot): /' "$img/bootcheck.txt"
	for major in ${VENDORBAN_ALLOWLIST_KERNELS:-6.1}; do
		log=$OUT/boot-$major.log
		cp --sparse=always "$img/disk.img" "$OUT/disk.img"
		start=$(date +%s)
		timeout --foreground "$TIMEOUT" qemu-system-x86_64 -accel tcg \
			-m 2048 -smp 2 -nographic -no-reboot -nic none \
			-kernel "$img/vmlinuz-$major" -initrd "$img/initrd-$major" \
			-drive "file=$OUT/disk.img,if=virtio,format=raw" \
			-append "root=/dev/vda rw console=ttyS0 panic=-1" \
			</dev/null >"$log" 2>&1 || true
		tr -d '\r' <"$log" >"$log.txt"
		judge "$major" "$log.txt" $(($(date +%s) - start))
		rm -f "$OUT/disk.img"
	done
}

# scan_part ROOT DEBS: the allow-list of the stock image, and its scan
scan_part() {
	local root=$1 dir=$2 rules extra path sum start
	cp -l "$dir"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null ||
		cp "$dir"/*.deb "$root/var/cache/apt/archives/"

	start=$(date +%s)
	rc_is 0 "compile: the allow-list from Debian's signed repository" \
		"$CTL" compile -R "$root" -o "$OUT/policy" "$HERE/allowlist.vbpolicy"
	show "$tap_out"
	echo "# compile: $(($(date +%s) - start)) s"
	rules=$(grep -c '^allow file-sha256 [0-9a-f]\{64\} label=debian\.' \
		"$OUT/policy" || true)
	check "the allow-list holds $rules file-sha256 rules (>= $MIN_RULES)" \
		test "$rules" -ge "$MIN_RULES"
	check "every installed package was verified" \
		grep -q "package-key: $(wc -l <"$OUT/packages.txt") packages" "$tap_out"
	check "the allow-list has no other kind of rule" \
		test "$(grep -c '^allow\|^deny\|^audit' "$OUT/policy")" -eq "$rules"

	start=$(date +%s)
	"$CTL" scan --policy "$OUT/policy" "$root" >"$OUT/scan.txt" 2>&1 || true
	echo "# scan of the image: $(($(date +%s) - start)) s"
	show "$OUT/scan.txt"
	check "scan read every file" \
		grep -q '^summary: .* 0 unreadable$' "$OUT/scan.txt"
	sed -n "s|^deny $root\\(/[^ ]*\\) rule=default label=?\$|\\1|p" \
		"$OUT/scan.txt" | sort >"$OUT/denied.txt"
	expected "$root" | sort >"$OUT/expected.txt"
	check "the image's denials are exactly allowlist-extra.txt's files ($(wc -l <"$OUT/expected.txt"))" \
		cmp -s "$OUT/denied.txt" "$OUT/expected.txt"
	check "nothing else is denied" \
		test "$(grep -c '^deny ' "$OUT/scan.txt" || true)" -eq "$(wc -l <"$OUT/expected.txt")"

	# The extra rules: each listed file, by its content in this image.
	cp "$OUT/policy" "$OUT/policy-extra"
	extra=()
	while read -r path; do
		sum=$(sha256sum "$root$path" | cut -d' ' -f1)
		echo "allow file-sha256 $sum label=extra.${path//\//_}" >>"$OUT/policy-extra"
		echo "# extra rule: $path $sum"
		extra+=("$root$path")
	done <"$OUT/expected.txt"
	if [ "${#extra[@]}" -gt 0 ]; then
		rc_is 0 "scan: the extra rules allow the files no package installs" \
			"$CTL" scan --policy "$OUT/policy-extra" "${extra[@]}"
	fi

	# Files that differ from their package
	rc_is 0 "scan: /usr/bin/true as its package installs it is allowed" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/bin/true"
	cp "$root/usr/bin/true" "$root/usr/local/bin/true-flipped"
	flip "$root/usr/local/bin/true-flipped" 1000
	rc_is 3 "scan: a copy of /usr/bin/true with one byte flipped is denied" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/local/bin/true-flipped"
	check "  ... by default deny" grep -q "^deny $root/usr/local/bin/true-flipped rule=default label=?" "$tap_out"
	flip "$root/usr/bin/true" 1000
	rc_is 3 "scan: /usr/bin/true changed in place is denied" \
		"$CTL" scan --policy "$OUT/policy-extra" "$root/usr/bin/true"
}

main() {
	local what=${1:-all} rootfs root dir n
	case $what in
	all | scan | boot) ;;
	*) die "usage: allowlist.sh [scan|boot]" ;;
	esac
	[ -x "$CTL" ] || die "no $CTL (make tool)"
	[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] ||
		die "no debian-archive-keyring (scripts/install-deps.sh)"
	rootfs=$("$HERE/rootfs.sh")
	root=$OUT/root
	rm -rf "$OUT"
	mkdir -p "$root"
	trap 'rm -rf "$OUT/root"' EXIT
	if [ "$what" = boot ]; then
		# the package list and apt's state are all debs needs
		tar --numeric-owner -xpf "$rootfs" -C "$root" \
			./etc/apt ./var/lib/dpkg ./var/lib/apt ./var/cache/apt
	else
		tar --xattrs --xattrs-include='*' --numeric-owner -xpf "$rootfs" -C "$root"
	fi
	installed "$root" >"$OUT/packages.txt"
	dir=$(debs "$root" "$OUT/packages.txt")
	n=$(find "$dir" -name '*.deb' | wc -l)
	check "one .deb for each of the $(wc -l <"$OUT/packages.txt") installed packages ($n)" \
		test "$n" -eq "$(wc -l <"$OUT/packages.txt")"
	[ "$what" = boot ] || scan_part "$root" "$dir"
	rm -rf "$root"
	[ "$what" = scan ] || boot_part "$rootfs" "$dir"
	tap_done
}

main "$@"
