# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# tests/debian/lib.sh - the host side of the real Debian server boots
# (tests/debian/run.sh for Debian 12, tests/debian/trixie.sh for Debian 13
# with Secure Boot, tests/debian/allowlist.sh for the package allow-list),
# sourced by them after tests/lib/tap.sh:
#
#   release MAJOR                the newest stock kernel release of MAJOR
#                                (6.1, 6.12) whose headers are installed
#   in_root ROOT CMD...          CMD in a chroot of ROOT (/proc, /sys, /dev)
#   upgrade_deb DEB DIR          DEB rebuilt with version +vbtest1 into DIR
#                                (an exact vendorbanctl dependency too)
#   prune_cache DIR PREFIX KEEP  DIR/KEEP is the current one (just used,
#                                or not made here): remove the other
#                                DIR/PREFIX* (the cache keeps the latest
#                                per key), except those used in the last
#                                two hours (another checkout's run on this
#                                machine may be booting them); and what
#                                interrupted runs left in DIR more than
#                                two hours ago (*.tmp, *.tmp.PID.tar,
#                                rootfs.sh's sources.PID.*)
#   make_key OUT SUBJECT         an RSA key OUT.key and its certificate
#                                OUT.pem, OUT.der for module signing, as
#                                an admin makes a MOK key
#   virt_fw_vars ARG...          virt-fw-vars (python3-virt-firmware), on
#                                a Debian 12 host too: see below
#   make_esp OUT SRC CFG K I     a GPT disk image with an EFI system
#                                partition: Debian's signed shim and GRUB
#                                from the root SRC, grub.cfg CFG, kernel K,
#                                initramfs I (mtools: nothing is mounted)
#   secure_boot LOG VARS DISK SRC KERNEL INITRD APPEND
#                                boot DISK through shim and GRUB (from the
#                                root SRC) under OVMF with Secure Boot, a
#                                copy of the variable store VARS, KERNEL
#                                and INITRD with the command line APPEND
#   qemu_direct LOG KERNEL INITRD DISK APPEND [QEMU-ARG...]
#                                boot the disk with QEMU's -kernel (no
#                                firmware, no Secure Boot); no network
#                                unless QEMU-ARGs give one
#   qemu_secure LOG VARS DISK ESP
#                                boot OVMF with Secure Boot (SMM, Microsoft's
#                                keys and the enrolled MOK in VARS) from ESP
#   qemu_watch LOG DISK QEMU-ARG...
#                                QEMU (the two above) under a watchdog: see
#                                below
#   judge NAME LOG SECONDS       count the boot's TAP lines into
#                                tests/lib/tap.sh's counters; a boot that
#                                did not finish or a kernel splat is a
#                                failure of its own
#
# The guest prints "VENDORBAN-DEBIAN phase=P: ..." when it finished.

# A boot is stopped when it stops making progress, not after a fixed
# time: on a shared machine under load a boot that needed 5 minutes alone
# takes 20 or more, and the package upgrade in the guest longer still.
# Progress is the console log growing or the guest writing its disk
# (apt and DKMS are quiet on the console for minutes but write the disk);
# DEBIAN_WATCH_ALSO names more files whose change counts (the collector
# guest waits, quiet, while its server works).  A guest that shows no
# progress for VENDORBAN_DEBIAN_IDLE seconds (default 600) is hung and
# stopped; VENDORBAN_DEBIAN_TIMEOUT (default 3600) is the ceiling for a
# guest that keeps printing without ever finishing.  Either way the log
# ends with a "VENDORBAN-WATCHDOG:" line saying which, and judge counts
# the boot as not finished.
DEBIAN_TIMEOUT=${VENDORBAN_DEBIAN_TIMEOUT:-3600}
DEBIAN_IDLE=${VENDORBAN_DEBIAN_IDLE:-600}
DEBIAN_WATCH_ALSO=${DEBIAN_WATCH_ALSO:-}

release() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1[.-]*-amd64" \
		-printf '%f\n' | sed 's/^linux-headers-//' | sort -V | tail -1
}

in_root() {
	local root=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private /bin/sh -euc '
		root=$1; shift
		mount -t proc proc "$root/proc"
		mount -t sysfs sysfs "$root/sys"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmpfs "$root/run"
		mount -t tmpfs tmpfs "$root/tmp"
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 "$@"' sh "$root" "$@"
}

upgrade_deb() {
	local tmp ver
	tmp=$(mktemp -d)
	dpkg-deb -R "$1" "$tmp/pkg"
	ver=$(sed -n 's/^Version: //p' "$tmp/pkg/DEBIAN/control")
	# The module packages depend on exactly their vendorbanctl.
	sed -i "s/^Version: .*/Version: $ver+vbtest1/; /^Depends:/s/vendorbanctl (= $ver)/vendorbanctl (= $ver+vbtest1)/" \
		"$tmp/pkg/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz -b "$tmp/pkg" "$2/" >/dev/null
	rm -rf "$tmp"
}

make_key() {
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
		-subj "$2" -addext "keyUsage=digitalSignature" \
		-addext "extendedKeyUsage=codeSigning" \
		-keyout "$1.key" -out "$1.pem" 2>/dev/null
	openssl x509 -in "$1.pem" -outform DER -out "$1.der"
}

# The maintained tool that writes a Machine Owner Key into OVMF's variable
# store (virt-fw-vars --add-mok) is python3-virt-firmware, in Debian 13 but
# not in Debian 12.  Pure Python: on the Debian 12 host, trixie's package
# is downloaded once with apt (the host's Debian sources with the suite
# names replaced, in a private apt state: the host's own apt is left as
# it is), unpacked into $VENDORBAN_CACHE/debian/virt-firmware and run by
# the host's python3 with Debian 12's python3-cryptography,
# python3-pefile and python3-importlib-resources (install-deps.sh).
virt_fw_vars() {
	local dir=${VENDORBAN_CACHE:-/var/cache/vendorban}/debian/virt-firmware
	[ -x "$dir/usr/bin/virt-fw-vars" ] || virt_fw_fetch "$dir"
	PYTHONPATH=$dir/usr/lib/python3/dist-packages /usr/bin/python3 \
		"$dir/usr/bin/virt-fw-vars" "$@"
}

# virt_fw_fetch DIR: trixie's python3-virt-firmware unpacked into DIR
virt_fw_fetch() {
	local dir=$1 tmp=$1.tmp f opts
	rm -rf "$tmp"
	mkdir -p "$tmp/parts" "$tmp/lists/partial" "$tmp/cache/archives/partial"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		if [ -r "$f" ] && grep -q 'debian\.org/debian' "$f"; then
			sed 's/\bbookworm\b/trixie/g' "$f" >"$tmp/parts/${f##*/}"
		fi
	done
	touch "$tmp/sources.list"
	opts=(-q -o "Dir::Etc::SourceList=$tmp/sources.list"
		-o "Dir::Etc::SourceParts=$tmp/parts" -o "Dir::State::Lists=$tmp/lists"
		-o "Dir::Cache=$tmp/cache" -o 'Acquire::Languages=none'
		-o 'APT::Sandbox::User=root')
	{ apt-get "${opts[@]}" update &&
		(cd "$tmp" && apt-get "${opts[@]}" download python3-virt-firmware); } \
		>"$tmp/apt.log" 2>&1 ||
		{ tail -5 "$tmp/apt.log" >&2; die "cannot download trixie's python3-virt-firmware"; }
	dpkg-deb -x "$tmp"/python3-virt-firmware_*.deb "$tmp/root"
	rm -rf "$dir"
	mv "$tmp/root" "$dir"
	rm -rf "$tmp"
}

prune_cache() {
	[ ! -e "$1/$3" ] || touch "$1/$3"
	find "$1" -maxdepth 1 -name "$2*" ! -name "$3" ! -name '*.tmp' \
		! -mmin -120 -exec rm -rf {} +
	find "$1" -maxdepth 1 \( -name '*.tmp' -o -name '*.tmp.[0-9]*.tar' \
		-o -name 'sources.[0-9]*.*' \) ! -mmin -120 -exec rm -rf {} +
}

make_esp() {
	local out=$1 src=$2 fat=$1.fat
	rm -f "$fat" "$out"
	truncate -s 96M "$fat"
	mkfs.fat -n ESP "$fat" >/dev/null
	mmd -i "$fat" ::/EFI ::/EFI/BOOT ::/EFI/debian
	# The removable-media path: shim as BOOTX64.EFI finds grubx64.efi
	# (and MokManager) beside it.  No fbx64.efi: the fallback would
	# write boot entries and reset the machine.
	mcopy -i "$fat" "$src/usr/lib/shim/shimx64.efi.signed" ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i "$fat" "$src/usr/lib/shim/mmx64.efi.signed" ::/EFI/BOOT/mmx64.efi
	mcopy -i "$fat" "$src/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" \
		::/EFI/BOOT/grubx64.efi
	# Debian's signed GRUB reads $prefix/grub.cfg (prefix /EFI/debian)
	# or the one beside it.
	mcopy -i "$fat" "$3" ::/EFI/debian/grub.cfg
	mcopy -i "$fat" "$3" ::/EFI/BOOT/grub.cfg
	mcopy -i "$fat" "$4" ::/vmlinuz
	mcopy -i "$fat" "$5" ::/initrd.img
	truncate -s 100M "$out"
	printf 'label: gpt\nstart=2048, size=196608, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI system"\n' |
		sfdisk -q "$out" >/dev/null
	dd if="$fat" of="$out" bs=1M seek=1 conv=notrunc status=none
	rm -f "$fat"
}

secure_boot() {
	local log=$1 vars=$2 disk=$3 src=$4 cfg=$1.grub.cfg esp=$1.esp.img
	printf '%s\n' 'set timeout=0' \
		"linux /vmlinuz root=/dev/vda rw console=ttyS0 panic=-1 $7" \
		'initrd /initrd.img' boot >"$cfg"
	make_esp "$esp" "$src" "$cfg" "$5" "$6"
	cp "$vars" "$log.vars.fd"
	qemu_secure "$log" "$log.vars.fd" "$disk" "$esp"
	rm -f "$esp" "$log.vars.fd" "$cfg"
	echo "# firmware, shim and GRUB: ${kernel_at:-?} s from QEMU start to the kernel's first line"
}

# progress FILE...: what changes when the guest makes progress
progress() {
	local f
	for f in "$@"; do
		[ -z "$f" ] || stat -c '%s %Y' "$f" 2>/dev/null || echo -
	done
}

qemu_watch() {
	local log=$1 disk=$2 pid start now last seen cur why=
	shift 2
	qemu-system-x86_64 -accel tcg "$@" </dev/null >"$log" 2>&1 &
	pid=$!
	start=$(date +%s)
	last=$start
	seen=
	kernel_at=
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		now=$(date +%s)
		# when the kernel printed its first line (secure_boot says it)
		[ -n "$kernel_at" ] || ! grep -aq '\] Linux version' "$log" ||
			kernel_at=$((now - start))
		# shellcheck disable=SC2086 # a list of file names
		cur=$(progress "$log" "$disk" $DEBIAN_WATCH_ALSO)
		if [ "$cur" != "$seen" ]; then
			seen=$cur
			last=$now
		elif [ $((now - last)) -ge "$DEBIAN_IDLE" ]; then
			why="no progress (console or disk) for $DEBIAN_IDLE s"
		fi
		[ $((now - start)) -lt "$DEBIAN_TIMEOUT" ] ||
			why="still running after $DEBIAN_TIMEOUT s (VENDORBAN_DEBIAN_TIMEOUT)"
		if [ -n "$why" ]; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" || true
			echo "VENDORBAN-WATCHDOG: QEMU stopped after $((now - start)) s: $why" >>"$log"
			return 0
		fi
	done
	wait "$pid" || true
}

qemu_direct() {
	local log=$1 kernel=$2 initrd=$3 disk=$4 append=$5
	shift 5
	[ $# -gt 0 ] || set -- -nic none
	qemu_watch "$log" "$disk" \
		-m 2048 -smp 2 -nographic -no-reboot "$@" \
		-kernel "$kernel" -initrd "$initrd" \
		-drive "file=$disk,if=virtio,format=raw" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 $append"
}

qemu_secure() {
	qemu_watch "$1" "$3" \
		-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on \
		-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd \
		-drive "if=pflash,format=raw,unit=1,file=$2" \
		-m 2048 -smp 2 -nographic -no-reboot -nic none \
		-drive "file=$3,if=virtio,format=raw" \
		-drive "file=$4,if=virtio,format=raw"
}

judge() {
	local name=$1 log=$2 phase p f
	tr -d '\r' <"$log" >"$log.txt"
	log=$log.txt
	phase=$(sed -n 's/^VENDORBAN-DEBIAN phase=\([^ :]*\) kernel=.*/\1/p' "$log" | head -1)
	p=$(grep -c '^ok [0-9]* debian\.' "$log" || true)
	f=$(grep -c '^not ok [0-9]* debian\.' "$log" || true)
	echo "== $name: $3 s from QEMU start to power-off"
	grep -E '^(not )?ok [0-9]+ debian\.|^# ' "$log" || true
	tap_passed=$((tap_passed + p))
	tap_failed=$((tap_failed + f))
	if [ -z "$phase" ] || ! grep -q "^VENDORBAN-DEBIAN phase=$phase: " "$log"; then
		not_ok "$name did not finish (log: $log)"
		tail -25 "$log" | sed 's/^/# /'
	fi
	# Kernel splats only: the line right after the timestamp (messages of
	# our own that contain "WARNING:" do not count).
	if grep -E '^\[ *[0-9]+\.[0-9]+\] (WARNING:|BUG:|Oops|Kernel panic|Call Trace:|UBSAN|KASAN)' \
		"$log" | head -5 | grep .; then
		not_ok "$name: kernel splat"
	fi
}
