# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# tests/bench/lib.sh - what the benchmark drivers (run.sh, scale.sh,
# counters.sh) share: the boot of their guest script and the collection of
# its results.  Sourced (bash) with the checkout's root as the current
# directory.
#
#   bench_vm NAME GUEST [VAR=VALUE]... [-- ARG...]
#       writes build/bench/NAME-guest.sh, the guest script GUEST with each
#       VAR=VALUE set and exported at its top; packs it as /tests/run.sh of
#       build/initramfs-NAME.cpio.gz (ARGs up to the first --boot go to
#       scripts/build-initramfs.sh, e.g. --add FILE:PATH; those after it to
#       scripts/run-vm.sh, e.g. --timeout 7200) and boots the kernel
#       build/kernel/bzImage-$BENCH_KVER (default 6.1, the test kernel)
#       with it under $BENCH_QEMU_EXTRA (default -icount
#       shift=4,sleep=off: guest time counts instructions), console in
#       build/vm-NAME.log.  Its status is run-vm.sh's.
#
#   bench_collect NAME COMMAND
#       the guest's data lines in build/vm-NAME.log, each
#       "bench-data|TABLE|ROW|ROUND|VALUE|AGAINST" (VALUE a ratio measured
#       in that boot against AGAINST, or for scale-mem bytes per rule), as
#       build/bench/NAME.tsv: a header of "# KEY<TAB>VALUE" lines (bench,
#       command: COMMAND, date, kernel, kernel-desc: $BENCH_KERNEL_DESC,
#       commit: as the driver started, qemu), then "table row round value
#       against".  Fails when the log has none.
#
# tests/bench/report.sh turns these files into the table and the plot.

BENCH_QEMU_EXTRA=${BENCH_QEMU_EXTRA-"-icount shift=4,sleep=off"}
BENCH_KVER=${BENCH_KVER:-6.1}
BENCH_KERNEL_DESC=${BENCH_KERNEL_DESC:-the 6.1 test kernel}
# the commit measured: the checkout as the driver starts
BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || BENCH_COMMIT="$BENCH_COMMIT (with changes)"

bench_vm() {
	local name=$1 src=$2 guest=build/bench/$1-guest.sh
	local -a pack=() boot=()
	shift 2
	mkdir -p build/bench
	{
		echo '#!/bin/sh'
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			printf "%s='%s'\n" "${1%%=*}" "${1#*=}"
			printf 'export %s\n' "${1%%=*}"
			shift
		done
		tail -n +2 "$src"
	} >"$guest"
	chmod +x "$guest"
	[ "${1:-}" = -- ] && shift
	while [ $# -gt 0 ] && [ "$1" != --boot ]; do
		pack+=("$1")
		shift
	done
	[ "${1:-}" = --boot ] && shift
	boot=("$@")
	scripts/build-initramfs.sh --run tests --add "$guest":tests/run.sh \
		"${pack[@]}" -o "build/initramfs-$name.cpio.gz"
	VENDORBAN_QEMU_EXTRA=$BENCH_QEMU_EXTRA \
		scripts/run-vm.sh --kver "$BENCH_KVER" --initrd "build/initramfs-$name.cpio.gz" \
		--log "build/vm-$name.log" "${boot[@]}"
}

bench_collect() {
	local name=$1 log=build/vm-$1.log out=build/bench/$1.tsv kernel
	kernel=$(sed -n 's/.*Linux version \([^ ]*\).*/\1/p' "$log" | head -n 1)
	{
		printf '# bench\t%s\n# command\t%s\n# date\t%s\n' "$name" "$2" \
			"$(date -u +%Y-%m-%d)"
		printf '# kernel\t%s\n# kernel-desc\t%s\n' "${kernel:-unknown}" \
			"$BENCH_KERNEL_DESC"
		printf '# commit\t%s\n# qemu\t%s\n' "$BENCH_COMMIT" \
			"${BENCH_QEMU_EXTRA:-none}"
		printf 'table\trow\tround\tvalue\tagainst\n'
		tr -d '\r' <"$log" | awk -F'|' -v OFS='\t' \
			'$1 == "bench-data" && NF == 6 { print $2, $3, $4, $5, $6 }'
	} >"$out.tmp"
	if ! grep -q -v -e '^#' -e '^table' "$out.tmp"; then
		rm -f "$out.tmp"
		echo "$name: no results in $log" >&2
		return 1
	fi
	mv "$out.tmp" "$out"
}
