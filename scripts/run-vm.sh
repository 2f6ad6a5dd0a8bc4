#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run-vm.sh --kver KVER --initrd FILE --log LOG [--demo] [--append "ARGS"]
#           [--timeout SECONDS] [--disk IMG] [--smp N]
#
# Boots build/kernel/bzImage-$KVER with the initramfs under QEMU (TCG, never
# KVM), console to LOG (and to stdout with --demo), then judges the log.
# --disk attaches IMG as the guest's virtio disk /dev/vda (snapshot=on: the
# image is never written); --smp sets the number of vCPUs (default 1).
#
# Test mode fails (exit 1) if any of these holds; each counts as one failure:
#   - a TAP result line "not ok N ..." (one failure per line, see below);
#   - no TAP result at all;
#   - the guest did not print "VENDORBAN-GUEST-EXIT 0" (including timeout);
#   - a kernel line reports WARNING:, BUG:, Oops, Kernel panic, UBSAN, KASAN,
#     Call Trace: or a lockdep splat (all such lines count as one failure).
# It prints the offending lines, the slowest test programs (the guest's
# "# took Ns: NAME" lines) and the boot's wall time, then one closing
# line "vm: N passed, N failed".  --demo shows the guest live, prints the same
# report and exits with the guest's exit code (1 if it printed none).
#
# Counting rule.  Kernel lines carry a "[ seconds ]" timestamp, which is
# stripped first (splats are only looked for in kernel lines, so test
# output that merely mentions "BUG:" is harmless).  A TAP line is a result
# ("ok N", "not ok N") or a plan ("1..N"), optionally indented (KUnit nests
# each level by 4 spaces; in-guest kselftest programs print at column 0).
# A result line is a *summary* of a nested block, and is NOT counted, when
# the previous TAP line was indented deeper than it; otherwise it is a leaf
# and counted once.  "TAP version"/"KTAP version" at column 0 starts a new
# document.  So KUnit test cases (and parameterised cases' parameters)
# count, their suite summaries do not, and each kselftest program's
# results count once.  "# SKIP" results are counted as skipped, not passed.
# Guest programs must print their TAP results at the start of a line,
# not behind a "# " prefix.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	echo "usage: $0 --kver KVER --initrd FILE --log LOG [--demo]" \
		"[--append ARGS] [--timeout SECONDS]" >&2
	exit 2
}

die() {
	echo "run-vm.sh: error: $*" >&2
	exit 2
}

parse_args() {
	kver='' initrd='' log='' demo=0 append='' timeout='' disk='' smp=1
	while [ $# -gt 0 ]; do
		case "$1" in
		--kver) [ $# -ge 2 ] || usage; kver=$2; shift 2 ;;
		--initrd) [ $# -ge 2 ] || usage; initrd=$2; shift 2 ;;
		--log) [ $# -ge 2 ] || usage; log=$2; shift 2 ;;
		--append) [ $# -ge 2 ] || usage; append=$2; shift 2 ;;
		--timeout) [ $# -ge 2 ] || usage; timeout=$2; shift 2 ;;
		--disk) [ $# -ge 2 ] || usage; disk=$2; shift 2 ;;
		--smp) [ $# -ge 2 ] || usage; smp=$2; shift 2 ;;
		--demo) demo=1; shift ;;
		*) usage ;;
		esac
	done
	if [ -z "$kver" ] || [ -z "$initrd" ] || [ -z "$log" ]; then
		usage
	fi
	if [ -z "$timeout" ]; then
		timeout=${VENDORBAN_VM_TIMEOUT:-$([ "$demo" = 1 ] && echo 600 || echo 1200)}
	fi
	case "$timeout" in ''|*[!0-9]*) die "bad timeout '$timeout'" ;; esac
	case "$smp" in ''|*[!0-9]*) die "bad --smp '$smp'" ;; esac
	[ -z "$disk" ] || [ -f "$disk" ] || die "$disk missing"
	kernel=$REPO/build/kernel/bzImage-$kver
	[ -f "$kernel" ] || die "$kernel missing (run make kernel)"
	[ -f "$initrd" ] || die "$initrd missing"
}

# Run QEMU under a hard timeout; sets qemu_rc (124 = timed out).
boot() {
	mkdir -p "$(dirname "$log")"
	# VENDORBAN_QEMU_EXTRA: more QEMU options (the benchmark adds -icount)
	# shellcheck disable=SC2086
	set -- timeout -k 10 "$timeout" qemu-system-x86_64 -accel tcg \
		${VENDORBAN_QEMU_EXTRA:-} \
		-m 1024 -smp "$smp" -nographic -no-reboot -nic none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 $append"
	if [ -n "$disk" ]; then
		set -- "$@" -drive "file=$disk,if=virtio,format=raw,snapshot=on"
	fi
	echo "vm: booting $kernel ($smp vCPU, timeout ${timeout}s, log $log)"
	boot_start=$(date +%s)
	qemu_rc=0
	if [ "$demo" = 1 ]; then
		set -o pipefail
		"$@" < /dev/null 2>&1 | tee "$log" || qemu_rc=$?
		set +o pipefail
	else
		"$@" < /dev/null > "$log" 2>&1 || qemu_rc=$?
	fi
	boot_secs=$(($(date +%s) - boot_start))
}

# The slowest test programs of the guest (its "# took Ns: NAME" lines,
# tests/lib/tap.sh tap_took), at most 10, slowest first, as
# "vm: took Ns: NAME [KVER]" (tests/check.sh lists the slowest of all;
# and the boots', "vm: the boot took Ns: LOG [KVER]").
slowest() {
	sed -n 's/\r*$//; s/^# took \([0-9][0-9]*\)s: \(.*\)$/\1 \2/p' "$log" |
		sort -k1,1nr | head -n 10 |
		while read -r secs name; do
			echo "vm: took ${secs}s: $name [$kver]"
		done
}

# Judge the log (see the rule at the top).  Prints offending lines and a
# last line "RESULT passed failed skipped guest_exit splats".
judge() {
	awk '
	BEGIN {
		last = -1; exitcode = "none"
		splat = "WARNING:|BUG:|Oops|Kernel panic|UBSAN|KASAN|Call Trace:" \
			"|possible recursive locking|inconsistent lock state" \
			"|suspicious RCU usage|circular locking dependency"
	}
	{
		sub(/\r+$/, "")
		line = $0
		if (match(line, /^\[ *[0-9]+\.[0-9]+\] /)) {
			line = substr(line, RLENGTH + 1)
			if (line ~ splat) { print "vm: kernel: " line; splats++ }
		}
		if (match(line, /VENDORBAN-GUEST-EXIT [0-9]+/))
			exitcode = substr(line, RSTART + 21, RLENGTH - 21)
		if (line ~ /^K?TAP version/) { last = -1; next }
		if (line !~ /^ *((not )?ok [0-9]+|[0-9]+\.\.[0-9]+)/) next
		indent = match(line, /[^ ]/) - 1
		summary = last > indent
		last = indent
		if (summary || line ~ /^ *[0-9]+\.\./) next
		if (line ~ /# *SKIP/) skipped++
		else if (line ~ /^ *not ok/) { print "vm: " line; failed++ }
		else passed++
	}
	END {
		printf "RESULT %d %d %d %s %d\n", passed, failed, skipped,
			exitcode, splats
	}' "$log"
}

report() {
	result=$(judge)
	echo "$result" | grep -v '^RESULT ' || true
	read -r _ passed tap_failed skipped guest_exit splats \
		<<< "$(echo "$result" | tail -n 1)"
	failed=$tap_failed
	case "$qemu_rc" in
	0) ;;
	124) echo "vm: timed out after ${timeout}s" ;;
	*) echo "vm: qemu exited with code $qemu_rc" ;;
	esac
	if [ "$guest_exit" = none ]; then
		echo "vm: the guest did not finish (no VENDORBAN-GUEST-EXIT)"
		failed=$((failed + 1))
	elif [ "$guest_exit" != 0 ]; then
		echo "vm: the guest exited with code $guest_exit"
		failed=$((failed + 1))
	fi
	if [ "$splats" -gt 0 ]; then
		echo "vm: the kernel log has $splats warning/bug line(s) (above)"
		failed=$((failed + 1))
	fi
	if [ "$demo" = 0 ] && [ $((passed + tap_failed)) -eq 0 ]; then
		echo "vm: no TAP test results in the log"
		failed=$((failed + 1))
	fi
	[ "$skipped" -gt 0 ] && echo "vm: $skipped skipped"
	slowest
	echo "vm: the boot took ${boot_secs}s: ${log#"$REPO"/} [$kver]"
	echo "vm: $passed passed, $failed failed"
}

main() {
	parse_args "$@"
	boot
	report
	if [ "$demo" = 1 ]; then
		case "$guest_exit" in none) exit 1 ;; *) exit "$guest_exit" ;; esac
	fi
	[ "$failed" -eq 0 ]
}

main "$@"
