#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-initramfs.sh --run tests|demo [--modules DIR] [--add FILE:PATH]...
#                    -o OUT.cpio.gz
#
# --add copies a host FILE to PATH in the image (mode kept), after
# everything else, so it may replace a file, e.g. tests/run.sh for the
# boot-policy, module-form and benchmark runs.
#
# Packs the VM image: static busybox and its applet links, /init
# (tests/vm/guest/init.sh), /fixtures (build/fixtures), /tests/bin (build/vm/bin),
# /tests/lib/tap.sh (the guest scripts' helpers, tests/lib/tap.sh),
# /tests/run.sh (tests/vm/guest/suite.sh), /demo.sh (tests/demo/guest.sh) and
# /etc/vendorban-run, the host's glibc (for /fixtures/bin/dyn-*) and the
# test modules (--modules DIR, default build/vm/modules: they must be built
# for the kernel that boots the image, as /tests/modules); for tests also
# Debian's auditd, auditctl, ausearch and aureport (add_auditd).  Modes are kept, every file is owned by root
# (cpio -R 0:0); /dev/console is created with mknod, so run as root.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUSYBOX=/bin/busybox

die() {
	echo "build-initramfs.sh: error: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 --run tests|demo [--modules DIR] [--add FILE:PATH]... -o OUT.cpio.gz" >&2
	exit 2
}

parse_args() {
	run='' out='' modules=$REPO/build/vm/modules adds=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--add)
			if [ $# -lt 2 ] || [ "${2#*:}" = "$2" ]; then
				usage
			fi
			[ -f "${2%%:*}" ] || die "--add: no file ${2%%:*}"
			adds+=("$(realpath "${2%%:*}"):${2#*:}")
			shift 2
			;;
		--run) [ $# -ge 2 ] || usage; run=$2; shift 2 ;;
		--modules) [ $# -ge 2 ] || usage; modules=$(realpath "$2"); shift 2 ;;
		-o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
		*) usage ;;
		esac
	done
	case "$run" in tests|demo) ;; *) usage ;; esac
	[ -n "$out" ] || usage
}

check_inputs() {
	[ "$(id -u)" = 0 ] || die "must run as root (mknod /dev/console)"
	[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (apt-get install busybox-static)"
	if readelf -l "$BUSYBOX" | grep -q INTERP; then
		die "$BUSYBOX is dynamically linked (apt-get install busybox-static)"
	fi
	[ -d "$REPO/build/fixtures" ] ||
		die "build/fixtures missing (run make fixtures)"
	[ -f "$REPO/tests/vm/guest/auditd_test.sh" ] ||
		die "tests/vm/guest/auditd_test.sh missing"
	[ -x "$REPO/build/vm/bin/vb-auditd" ] ||
		die "build/vm/bin/vb-auditd missing (run make vm-programs)"
	[ -x "$REPO/build/userspace/vendorbanctl.static" ] ||
		die "build/userspace/vendorbanctl.static missing (run make tool)"
	if [ "$run" = tests ]; then
		[ -f "$REPO/tests/vm/guest/suite.sh" ] ||
			die "tests/vm/guest/suite.sh missing"
	else
		[ -f "$REPO/tests/demo/guest.sh" ] || die "tests/demo/guest.sh missing"
	fi
	return 0
}

add_busybox() {
	mkdir -p bin sbin usr/bin usr/sbin
	cp "$BUSYBOX" bin/busybox
	"$BUSYBOX" --list-full | while IFS= read -r applet; do
		[ -e "$applet" ] || ln -s /bin/busybox "$applet"
	done
}

add_payload() {
	mkdir -p dev proc sys tmp root etc fixtures tests/bin
	chmod 1777 tmp
	mknod -m 600 dev/console c 5 1
	mknod -m 666 dev/null c 1 3
	install -m 755 "$REPO/tests/vm/guest/init.sh" init
	cp -a "$REPO/build/fixtures/." fixtures/
	cp -a "$REPO/build/vm/bin/." tests/bin/
	# the helper library every guest script sources
	install -D -m 644 "$REPO/tests/lib/tap.sh" tests/lib/tap.sh
	if [ -f "$REPO/tests/vm/guest/suite.sh" ]; then
		install -m 755 "$REPO/tests/vm/guest/suite.sh" tests/run.sh
	fi
	if [ -f "$REPO/tests/demo/guest.sh" ]; then
		install -m 755 "$REPO/tests/demo/guest.sh" demo.sh
	fi
	# vendorbanctl (static) and the example policies, for the demo and
	# tool_test (its lock step stays off here: the boot and module-form
	# tests check lock, and nothing could run after it)
	install -D -m 755 "$REPO/build/userspace/vendorbanctl.static" \
		sbin/vendorbanctl
	cp -a "$REPO/policy" policy
	install -m 755 "$REPO/tests/vm/guest/tool_test.sh" tests/bin/tool_test
	install -m 755 "$REPO/tests/vm/guest/failsafe_test.sh" tests/bin/failsafe_test
	# bans and allow-lists by package provenance, on /fixtures/packages
	install -m 755 "$REPO/tests/vm/guest/package_test.sh" tests/bin/package_test
	echo "$run" > etc/vendorban-run
	add_glibc
	add_modules
	if [ "$run" = tests ]; then
		add_auditd
	fi
}

# The host's glibc (ld.so, libc and whatever else ldd lists) for the
# dynamic test programs in /fixtures/bin/dyn-*, at the host's paths.
add_glibc() {
	for prog in "$REPO"/build/fixtures/bin/dyn-*; do
		ldd "$prog" 2>/dev/null | grep -o '/[^ ]*'
	done | sort -u | while IFS= read -r lib; do
		[ -e "$lib" ] || continue
		mkdir -p ".$(dirname "$lib")"
		cp -L "$lib" ".$lib"
	done
	[ -e lib64/ld-linux-x86-64.so.2 ] ||
		die "no /lib64/ld-linux-x86-64.so.2 from ldd (dynamic fixtures missing?)"
}

# Debian's audit daemon and tools with their libraries, a minimal
# configuration and passwd/group, for the last test phase
# (tests/vm/guest/auditd_test.sh): it replaces vb-auditd with auditd.
AUDIT_TOOLS="/sbin/auditd /sbin/auditctl /sbin/ausearch /sbin/aureport"

add_auditd() {
	for tool in $AUDIT_TOOLS; do
		[ -x "$tool" ] || die "$tool missing (apt-get install auditd)"
		rm -f ".$tool"
		cp -L "$tool" ".$tool"
		ldd "$tool" | grep -o '/[^ ]*'
	done | sort -u | while IFS= read -r lib; do
		mkdir -p ".$(dirname "$lib")"
		[ -e ".$lib" ] || cp -L "$lib" ".$lib"
	done
	mkdir -p etc/audit/plugins.d var/log/audit var/run
	cat > etc/audit/auditd.conf <<-'EOF'
	# vendorban test VM: local log only, no network, never suspend
	local_events = yes
	write_logs = yes
	log_file = /var/log/audit/audit.log
	log_group = root
	log_format = ENRICHED
	flush = SYNC
	max_log_file = 8
	max_log_file_action = ignore
	space_left = 2
	space_left_action = ignore
	admin_space_left = 1
	admin_space_left_action = ignore
	disk_full_action = ignore
	disk_error_action = ignore
	use_libwrap = no
	name_format = user
	name = vm-a
	plugin_dir = /etc/audit/plugins.d
	end_of_event_timeout = 2
	EOF
	chmod 0640 etc/audit/auditd.conf
	# nobody runs the flood of auditd_test.sh, logged in as alice (its
	# loginuid): the enriched log names both, as ausearch -i does
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'alice:x:1000:1000:alice:/:/bin/sh' \
		'nobody:x:65534:65534:nobody:/:/bin/sh' > etc/passwd
	printf '%s\n' 'root:x:0:' 'alice:x:1000:' 'nogroup:x:65534:' > etc/group
	printf '%s\n' 'passwd: files' 'group: files' > etc/nsswitch.conf
	install -m 755 "$REPO/tests/vm/guest/auditd_test.sh" tests/auditd_test.sh
	install -m 755 "$REPO/tests/vm/guest/auditd_tool_test.sh" tests/auditd_tool_test.sh
}

# The test kernel modules, if tests/vm built them (build/vm/modules).
add_modules() {
	if [ -d "$modules" ]; then
		mkdir -p tests/modules
		cp -a "$modules/." tests/modules/
	fi
}

# The --add files, last, so that they win over the standard payload.
add_extra() {
	for spec in ${adds[@]+"${adds[@]}"}; do
		mkdir -p "$(dirname "${spec#*:}")"
		cp -p "${spec%%:*}" "${spec#*:}"
	done
}

# gzip -1: the image is made for one boot and thrown away.  The suite's
# (65 MB of cpio) took 11.6 s of CPU with -9 and 1.45 s with -1, for
# 24.3 MB against 26.5 MB (2 cores at load 18); make check makes about
# fifteen of them, one after the other.
pack() {
	find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --quiet -o -H newc -R 0:0 | gzip -1n
}

main() {
	parse_args "$@"
	check_inputs
	mkdir -p "$(dirname "$out")"
	out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
	stage=$(mktemp -d)
	trap 'rm -rf "$stage" "$out.tmp.$$"' EXIT
	chmod 755 "$stage"
	(cd "$stage" && add_busybox && add_payload && add_extra && pack) \
		> "$out.tmp.$$"
	mv "$out.tmp.$$" "$out"
	echo "initramfs: $out ($run, $(du -k "$out" | cut -f1) KiB)"
}

main "$@"
