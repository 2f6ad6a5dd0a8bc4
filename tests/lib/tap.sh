# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tests/lib/tap.sh - the one helper library of vendorban's shell tests.
# Every host test and driver sources it from the checkout
# (. "$repo/tests/lib/tap.sh"); every guest script sources it from its
# image: /tests/lib/tap.sh in the test VM's initramfs
# (scripts/build-initramfs.sh), /opt/vendorban-test/lib/tap.sh on the
# Debian server (tests/debian/setup.sh).  POSIX sh: busybox ash in the
# VM, dash or bash on the host; it never sets or clears set -e or set -u.
#
# Results are TAP lines, numbered per script: "ok N NAME", "not ok N
# NAME", NAME behind $TAP_PREFIX (default empty).  The host's VM runner
# (scripts/run-vm.sh) counts them in the guest's console.  tap_done ends a
# script with "PART: N passed, N failed" ($TAP_PART, default the script's
# file name).
#
#   ok NAME                  a passed test
#   not_ok NAME              a failed test (NAME may go on with the reason;
#                            with TAP_SHOW=FILE set, FILE's first 40 lines
#                            follow as diagnostics)
#   skip NAME REASON         a test not run here, and why ("# SKIP");
#                            counted neither passed nor failed
#   check STATUS NAME        passed if STATUS, an exit status ($?), is 0
#   check NAME CMD [ARG]...  passed if CMD succeeds
#                            (two words, the first a number: a STATUS)
#   rc_is WANT NAME CMD...   passed if CMD exits with WANT; its output is
#                            shown (as diagnostics) only when it fails, and
#                            kept in $tap_out until the next rc_is
#   show FILE                FILE's lines as TAP diagnostics ("# line")
#   tap_done                 the closing line; status 1 if any failed
#   die MESSAGE              "SCRIPT: error: MESSAGE" on stderr, exit 1
#   wait_for SECONDS CMD...  retry CMD (quietly) every 0.1 s until it
#                            succeeds; status 1 if it never did
#   hexstr TEXT              TEXT in upper-case hex, as the audit
#                            subsystem logs an untrusted string
#   status_val KEY           the value of "KEY: value" in $VB/status
#   status_is KEY VALUE      $VB/status says "KEY: VALUE"
#                            ($VB: default /sys/kernel/security/vendorban)
#   await_audit_window       sleep until the caller's account has a fresh
#                            window of vendorban's bound on its records (at
#                            most 2 in any second per account,
#                            kmod/audit.c): call it just before a denial
#                            of an unprivileged user whose own record a
#                            test checks
#   tap_clock                seconds since boot (/proc/uptime), whole
#   tap_took T0 NAME         "# took Ns: NAME", N = tap_clock - T0: a
#                            VM runner's time of one test program
#                            (scripts/run-vm.sh lists the slowest), by
#                            the guest's clock: under TCG on a loaded
#                            host it runs slow (check-vm: 248 s of
#                            guest time in a 654 s boot at load 20)
#
# The counters are tap_n, tap_passed and tap_failed.

tap_n=0
tap_passed=0
tap_failed=0
TAP_PREFIX=${TAP_PREFIX:-}
tap_out=${TMPDIR:-/tmp}/tap.$$.out

ok() {
	tap_n=$((tap_n + 1))
	tap_passed=$((tap_passed + 1))
	printf 'ok %d %s%s\n' "$tap_n" "$TAP_PREFIX" "$*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	printf 'not ok %d %s%s\n' "$tap_n" "$TAP_PREFIX" "$*"
	if [ -n "${TAP_SHOW:-}" ] && [ -s "$TAP_SHOW" ]; then
		head -n 40 "$TAP_SHOW" | sed 's/^/# /'
	fi
}

skip() {
	tap_n=$((tap_n + 1))
	printf 'ok %d %s%s # SKIP %s\n' "$tap_n" "$TAP_PREFIX" "$1" "$2"
}

check() {
	if [ $# -eq 2 ] && tap_is_status "$1"; then
		if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi
		return 0
	fi
	tap_name=$1
	shift
	if "$@"; then ok "$tap_name"; else not_ok "$tap_name"; fi
}

# tap_is_status WORD: WORD is a number (an exit status)
tap_is_status() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
}

rc_is() {
	tap_want=$1 tap_name=$2
	shift 2
	tap_rc=0
	"$@" >"$tap_out" 2>&1 || tap_rc=$?
	if [ "$tap_rc" -eq "$tap_want" ]; then
		ok "$tap_name"
	else
		not_ok "$tap_name (exit $tap_rc, want $tap_want)"
		show "$tap_out"
	fi
}

show() {
	sed 's/^/# /' "$1"
}

tap_done() {
	rm -f "$tap_out"
	printf '%s: %d passed, %d failed\n' "${TAP_PART:-${0##*/}}" \
		"$tap_passed" "$tap_failed"
	[ "$tap_failed" -eq 0 ]
}

die() {
	printf '%s: error: %s\n' "$0" "$*" >&2
	exit 1
}

wait_for() {
	tap_tries=$(($1 * 10))
	shift
	until "$@" >/dev/null 2>&1; do
		tap_tries=$((tap_tries - 1))
		[ "$tap_tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

hexstr() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F'
}

status_val() {
	sed -n "s/^$1: //p" "${VB:-/sys/kernel/security/vendorban}/status"
}

await_audit_window() {
	sleep 1.02
}

status_is() {
	grep -qx "$1: $2" "${VB:-/sys/kernel/security/vendorban}/status"
}

tap_clock() {
	tap_up=$(cat /proc/uptime)
	echo "${tap_up%%.*}"
}

tap_took() {
	printf '# took %ds: %s\n' "$(($(tap_clock) - $1))" "$2"
}
