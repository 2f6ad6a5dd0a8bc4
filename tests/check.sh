#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh TARGET... - what `make check` runs: each make TARGET in turn
# (check-unit, check-vm...), its output shown as it comes and kept in
# build/check/TARGET.log, then a table of every part's wall time, result
# and the sum of its closing "N passed, N failed" lines.  A part that
# fails does not stop the others (as make -k): one run gives every part's
# time and result.  First the ten slowest VM boots and the ten slowest
# test programs in them, with their part (the lines scripts/run-vm.sh
# prints), then the first failing lines ("not ok", make errors) of every
# failed part, and last the table: the end of the output, all a CI log
# may keep (CI's kept tail lost the first rows of the table after 40
# failing lines), says what failed and what each part cost.  Exits 1 if
# a part failed.
#
# check.sh --beside "KVER[:VARIANT] ..." TARGET...: those kernels are also
# built beside the parts (scripts/build-kernel.sh KVER [VARIANT], one after
# the other, at nice 19: they take the CPU the parts leave, a VM booted
# with one vCPU, a guest waiting or running one program), starting after
# the part "deps" if it is first, else at once.  A part that needs one of
# them runs build-kernel.sh itself, as without --beside: it waits for the
# kernel's build lock while the build beside holds it (that build then
# has the CPU to itself), and finds the image cached; a build beside that
# failed is made again by the part, which then fails if it fails.  Its
# log: build/check/beside.log; its time is printed before the table.
#
# A TARGET written A+B (make check's check-debian+check-debian13) runs
# those parts at once: first, in turn, their make prerequisites and
# theirs (read from make's database, `make -pq`: fixtures, tool, deb),
# then each part in its own make told not to make those again (make -o),
# so that no two makes write the same files (tests/pkg/make-fixtures.sh
# rewrites its policies on every run) and none rewrites what the other
# part reads; each part's output is kept in its log alone and shown
# whole when all of them are done.  For
# parts that leave a core idle when nothing is built beside them: the
# Debian servers' mmdebstrap, chroot builds and guests.  Each part's row
# in the table is its own wall time; the total is the run's.
#
# The table also gives each part's CPU seconds (user and system of the
# processes it ran and waited for: make, compilers, QEMU; bash's times
# in the subshell that runs it): with its wall time, how much of the
# machine's two cores it kept busy.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=$repo/build/check
make=${MAKE:-make}
mkdir -p "$logs"

beside=
if [ "${1:-}" = --beside ]; then
	beside=${2:-}
	shift 2
fi
beside_pid=
beside_start=
# Builds $beside in the background, in a process group of its own (killed
# if check.sh is).
start_beside() {
	[ -n "$beside" ] && [ -z "$beside_pid" ] || return 0
	local kernels
	read -ra kernels <<<"$beside"
	beside_start=$(date +%s)
	# shellcheck disable=SC2016 # expanded by the inner bash
	setsid nice -n 19 bash -c '
		cd "$1" || exit 1
		shift
		rc=0
		for k in "$@"; do
			variant=
			case $k in *:*) variant=${k#*:} ;; esac
			t0=$(date +%s)
			# shellcheck disable=SC2086 # no variant: no argument
			scripts/build-kernel.sh "${k%%:*}" $variant ||
				{ rc=1; echo "check: beside: $k failed"; }
			echo "check: beside: $k took $(($(date +%s) - t0))s"
		done
		exit "$rc"
	' beside "$repo" "${kernels[@]}" >"$logs/beside.log" 2>&1 </dev/null &
	beside_pid=$!
	trap 'kill -- "-$beside_pid" 2>/dev/null' EXIT
	echo "check: building the kernels $beside beside the parts (pid $beside_pid, build/check/beside.log)"
}

# run_part TARGET SHOW [MAKEARG...]: make MAKEARG... TARGET, its output
# in build/check/TARGET.log (and on stdout as it comes if SHOW is 1);
# then "EXIT WALL CPU" in build/check/TARGET.stat.  Run in a subshell of
# its own: bash's times there counts that part's processes only.
run_part() {
	local target=$1 show=$2 t0 rc
	shift 2
	rm -f "$logs/$target.stat"
	t0=$(date +%s)
	if [ "$show" = 1 ]; then
		"$make" --no-print-directory -C "$repo" "$@" "$target" 2>&1 |
			tee "$logs/$target.log"
		rc=${PIPESTATUS[0]}
	else
		"$make" --no-print-directory -C "$repo" "$@" "$target" \
			>"$logs/$target.log" 2>&1 </dev/null
		rc=$?
	fi
	times >"$logs/$target.times"
	# the second line: the user and system time of the waited-for children
	echo "$rc $(($(date +%s) - t0)) $(awk 'NR == 2 {
		for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] }
		printf "%d", n + 0.5 }' "$logs/$target.times")" >"$logs/$target.stat"
}

# prerequisites TARGET...: their make prerequisites and those of these,
# each once (`make -pq` of a goal that does not exist: make runs
# nothing, prints its rules and fails).
prerequisites() {
	local db all=() next=("$@") t p
	db=$("$make" --no-print-directory -C "$repo" -pq -rR vendorban-check-none 2>/dev/null)
	while [ "${#next[@]}" -gt 0 ]; do
		t=${next[0]}
		next=("${next[@]:1}")
		for p in $(sed -n "s/^$t: *//p" <<<"$db" | head -n 1); do
			case " ${all[*]} " in *" $p "*) continue ;; esac
			all+=("$p") next+=("$p")
		done
	done
	echo "${all[*]}"
}

# run_group TARGET...: those parts at once, after their prerequisites.
run_group() {
	local pre p t t0 pids=() keep=()
	t0=$(date +%s)
	pre=$(prerequisites "$@")
	for p in $pre; do keep+=(-o "$p"); done
	echo "check: $* at once (their output follows when all are done)"
	if [ -n "$pre" ]; then
		echo "check: first their prerequisites, in turn: make $pre"
		# shellcheck disable=SC2086 # one word each
		"$make" --no-print-directory -C "$repo" $pre 2>&1 |
			tee "$logs/prerequisites-${1}.log"
	fi
	for t in "$@"; do
		( run_part "$t" 0 "${keep[@]}" ) &
		pids+=("$!")
	done
	wait "${pids[@]}"
	for t in "$@"; do
		echo "check: ---- $t (run beside the other parts of $*): build/check/$t.log"
		cat "$logs/$t.log"
	done
	together+=("check: ${*#check-} ran at once: $(($(date +%s) - t0))s in all, prerequisites included")
}

names=() targets=() secs=() cpus=() results=() counts=() together=()
failed=0
start=$(date +%s)
[ "${1:-}" = deps ] || start_beside
for entry in "$@"; do
	read -ra group <<<"${entry//+/ }"
	if [ "${#group[@]}" = 1 ]; then
		( run_part "$entry" 1 )
	else
		run_group "${group[@]}"
	fi
	for target in "${group[@]}"; do
		read -r rc wall cpu <"$logs/$target.stat" || rc=1 wall=0 cpu=0
		# every closing line of the part (several for some: tool, module...)
		count=$(grep -aoE '(^|: )[0-9]+ passed, [0-9]+ failed' "$logs/$target.log" |
			sed 's/^: //' | awk '{ p += $1; f += $3 }
				END { if (NR) printf "%d passed, %d failed", p, f }')
		names+=("${target#check-}") targets+=("$target") secs+=("$wall")
		cpus+=("$cpu") counts+=("$count")
		if [ "$rc" = 0 ]; then
			results+=("ok")
		else
			results+=("FAILED (exit $rc)")
			failed=1
		fi
	done
	[ "$entry" != deps ] || start_beside
done

# The builds beside are over when the last part that needs them got its
# kernel; if not (a list of parts without it), wait for them here.
beside_line=
if [ -n "$beside_pid" ]; then
	beside_rc=0
	wait "$beside_pid" || beside_rc=$?
	trap - EXIT
	beside_line="check: the kernels built beside the parts ($beside): $(($(date +%s) - beside_start))s, exit $beside_rc: $(sed -n 's/^check: beside: //p' "$logs/beside.log" | paste -sd, - | sed 's/,/, /g')"
fi

echo
# The slowest VM boots and test programs of all parts: scripts/run-vm.sh's
# "vm: the boot took Ns [KVER]" and "vm: took Ns: NAME [KVER]" lines
# (the ten slowest programs of each boot), ten of each, slowest first.
slowest() {
	for target in "${targets[@]}"; do
		sed -n "s/^vm: $1 \([0-9][0-9]*\)s:* \(.*\)\$/\1 ${target#check-} \2/p" \
			"$logs/$target.log"
	done | sort -k1,1nr | head -n 10 |
		while read -r secs part what; do
			printf 'check: %-12s %8s  %s\n' "$part" "$secs" "$what"
		done
}
boots=$(slowest 'the boot took')
if [ -n "$boots" ]; then
	echo "check: the slowest VM boots (seconds)"
	echo "$boots"
	echo "check: the slowest test programs in them (seconds)"
	slowest took
fi
for i in "${!names[@]}"; do
	case ${results[$i]} in ok) continue ;; esac
	echo "check: ${names[$i]} failed; its failing lines (build/check/${targets[$i]}.log):"
	grep -aE '(^|[: ])not ok |\*\*\*|FAIL|BUG:|WARNING:|Kernel panic|: error: ' \
		"$logs/${targets[$i]}.log" |
		head -n 12 | sed 's/^/check:   /'
done
echo
[ -z "$beside_line" ] || echo "$beside_line"
echo "check: the parts' wall time and CPU seconds (logs in build/check/)"
{
	printf 'check: %-12s %8s %8s  %-18s %s\n' part seconds cpu result assertions
	for i in "${!names[@]}"; do
		printf 'check: %-12s %8s %8s  %-18s %s\n' "${names[$i]}" "${secs[$i]}" \
			"${cpus[$i]}" "${results[$i]}" "${counts[$i]}"
	done
	for line in "${together[@]}"; do echo "$line"; done
	printf 'check: %-12s %8s\n' total "$(($(date +%s) - start))"
} | sed 's/ *$//'
[ "$failed" = 0 ]
