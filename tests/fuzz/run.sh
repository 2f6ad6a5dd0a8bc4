#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh OUT FIXTURES SECONDS NAME... - `make check` of tests/fuzz: runs
# each fuzzer OUT/NAME for SECONDS from a seed corpus made here in
# OUT/corpus/NAME (the unit fixtures FIXTURES that suit its input format,
# and tests/fuzz/seeds/NAME/ when it exists).  One TAP line per fuzzer
# (not ok on a crash, a timeout or a leak: its log in OUT/NAME.log), then
# "fuzz: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
TAP_PART=fuzz
# shellcheck source=tests/lib/tap.sh
. "$here/../lib/tap.sh"
[ $# -ge 3 ] || die "usage: run.sh OUT FIXTURES SECONDS NAME..."
out=$1 fx=$2 seconds=$3
shift 3

# seed NAME CORPUS: the fixture files that suit NAME's input format
seed() {
	case $1 in
	fuzz_pkcs7) cp "$fx"/sigs/*.p7s "$fx"/certs/*.der "$fx"/pe/*.p7 "$2/" ;;
	fuzz_modsig) cp "$fx"/sigs/*.signed "$fx/data.bin" "$2/" ;;
	fuzz_pe) cp "$fx"/pe/*.pe "$fx"/pe/unsigned* "$2/" ;;
	fuzz_imasig) cp "$fx"/ima/*.sig "$2/" ;;
	fuzz_sigset) cp "$fx"/sigs/*.signed "$fx"/pe/*.pe "$2/" ;;
	fuzz_modimage)
		# compressed here (xz as Kbuild compresses modules, and zstd)
		for f in "$fx/sigs/banned-rsa2048-cert.signed" \
			"$fx/sigs/good-p256-nocert.signed"; do
			xz --check=crc32 --lzma2=dict=1MiB -c "$f" >"$2/${f##*/}.xz"
			zstd -q -c "$f" >"$2/${f##*/}.zst"
		done
		;;
	esac
	for d in "$here/seeds/$1" "$here/seeds/${1#fuzz_}"; do
		if [ -d "$d" ]; then cp -r "$d/." "$2/"; fi
	done
}

for name in "$@"; do
	corpus=$out/corpus/$name
	rm -rf "$corpus"
	mkdir -p "$corpus" "$out/artifacts"
	seed "$name" "$corpus"
	echo "# $name: ${seconds}s from $(find "$corpus" -mindepth 1 -maxdepth 1 | wc -l) seeds"
	if "$out/$name" -max_total_time="$seconds" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" \
		"$corpus" >"$out/$name.log" 2>&1; then
		tail -n 12 "$out/$name.log" |
			grep -E 'stat::(number_of_executed_units|new_units_added)'
		ok "$name"
	else
		tail -n 40 "$out/$name.log"
		not_ok "$name (log: $out/$name.log)"
	fi
done
tap_done
