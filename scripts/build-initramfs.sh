#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-initramfs.sh --run tests|demo -o OUT.cpio.gz
#
# Packs the VM image: static busybox and its applet links, /init
# (scripts/vm/init.sh), /fixtures (build/fixtures), /tests/bin (build/vm/bin),
# /tests/run.sh (tests/vm/run-in-guest.sh), /demo.sh (scripts/vm/demo.sh) and
# /etc/vendorban-run.  Modes are kept, every file is owned by root
# (cpio -R 0:0); /dev/console is created with mknod, so run as root.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUSYBOX=/bin/busybox

die() {
	echo "build-initramfs.sh: error: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 --run tests|demo -o OUT.cpio.gz" >&2
	exit 2
}

parse_args() {
	run='' out=''
	while [ $# -gt 0 ]; do
		case "$1" in
		--run) [ $# -ge 2 ] || usage; run=$2; shift 2 ;;
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
	[ -x "$REPO/build/vm/bin/vb-auditd" ] ||
		die "build/vm/bin/vb-auditd missing (run make vm-programs)"
	if [ "$run" = tests ]; then
		[ -f "$REPO/tests/vm/run-in-guest.sh" ] ||
			die "tests/vm/run-in-guest.sh missing"
	else
		[ -f "$REPO/scripts/vm/demo.sh" ] || die "scripts/vm/demo.sh missing"
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
	install -m 755 "$REPO/scripts/vm/init.sh" init
	cp -a "$REPO/build/fixtures/." fixtures/
	cp -a "$REPO/build/vm/bin/." tests/bin/
	if [ -f "$REPO/tests/vm/run-in-guest.sh" ]; then
		install -m 755 "$REPO/tests/vm/run-in-guest.sh" tests/run.sh
	fi
	if [ -f "$REPO/scripts/vm/demo.sh" ]; then
		install -m 755 "$REPO/scripts/vm/demo.sh" demo.sh
	fi
	echo "$run" > etc/vendorban-run
}

pack() {
	find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --quiet -o -H newc -R 0:0 | gzip -9n
}

main() {
	parse_args "$@"
	check_inputs
	mkdir -p "$(dirname "$out")"
	out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
	stage=$(mktemp -d)
	trap 'rm -rf "$stage" "$out.tmp.$$"' EXIT
	chmod 755 "$stage"
	(cd "$stage" && add_busybox && add_payload && pack) > "$out.tmp.$$"
	mv "$out.tmp.$$" "$out"
	echo "initramfs: $out ($run, $(du -k "$out" | cut -f1) KiB)"
}

main "$@"
