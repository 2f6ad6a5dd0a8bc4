#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# report.sh [TSV...] - the results table and plot of `make bench`: reads
# the per-round results the benchmark drivers wrote (tests/bench/lib.sh,
# bench_collect; default whichever of build/bench/exec.tsv, counters.tsv,
# scale.tsv, ima.tsv, stock-6.1.tsv, stock-6.12.tsv and scan.tsv exist)
# and writes, per row, the median, min and max over
# its rounds of its ratio to what it was measured against in the same
# boot:
#
#   build/bench/results.tsv   bench, table, row, median, min, max, rounds,
#                             against, command, date, kernel, commit
#   build/bench/results.md    a Markdown table per table, headed by the
#                             command that made it, its date, kernel and
#                             commit (what the README quotes)
#   build/bench/results.png   the ratios as bars, min to max as error bars
#                             (gnuplot, build/bench/results.gp)
#
# then prints results.md.  Fails if there are no results or no gnuplot
# (scripts/install-deps.sh installs gnuplot-nox), after writing the rest.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$repo/build/bench}
if [ $# -eq 0 ]; then
	for b in exec counters scale ima stock-6.1 stock-6.12 scan; do
		[ -f "$out/$b.tsv" ] && set -- "$@" "$out/$b.tsv"
	done
fi
if [ $# -eq 0 ]; then
	echo "report.sh: no results in $out (run make bench-exec, bench-counters, bench-scale, bench-ima, bench-stock or bench-scan)" >&2
	exit 1
fi
mkdir -p "$out"

# One pass over the inputs: results.tsv, results.md and, for gnuplot,
# results.dat (an index block per table of ratios: row, median, min, max,
# label) and the panel list (index, rows, lowest, highest, title).
awk -F'\t' -v OFS='\t' -v tsv="$out/results.tsv" -v md="$out/results.md" \
	-v dat="$out/results.dat" -v panels="$out/results.panels" '
function title(t) {
	if (t == "exec") return "Exec cost of the built-in form, ratio to no policy"
	if (t == "worst") return "Worst cases per decision, ratio to a normal signed file"
	if (t == "counters") return "Per-rule counters on a decision-cache hit, ratio to no policy"
	if (t == "scale-load") return "Policy load time per rule, ratio to the smallest policy of its kind"
	if (t == "scale-mem") return "Kernel memory per rule, bytes (not a ratio)"
	if (t == "ima-exec") return "Exec cost beside IMA appraisal, the same signed file, ratio to no policy on the same filesystem"
	if (t == "ima-size") return "First exec after a change against file size, ratio to no policy on the same filesystem"
	if (t == "stock") return "The loadable form on a stock kernel, ratio to the same kernel without vendorban.ko"
	if (t == "scan") return "vendorbanctl scan of a tree, ratio to reading every byte of it"
	if (t == "scan-rate") return "vendorbanctl scan of a tree, per second of CPU time and bytes read (not a ratio)"
	return t
}
# the tables of bare figures, not plotted
function notratio(t) { return t == "scale-mem" || t == "scan-rate" }
# the digits a row needs: 4 near 1, fewer as it grows
function fmt(v, hi) {
	if (hi < 1.1) return sprintf("%.4f", v)
	if (hi < 10) return sprintf("%.2f", v)
	if (hi < 100) return sprintf("%.1f", v)
	return sprintf("%.0f", v)
}
FNR == 1 { file++ }
/^# / { split(substr($0, 3), kv, "\t"); meta[file, kv[1]] = kv[2]; next }
$1 == "table" { next }
NF == 5 {
	key = file SUBSEP $1 SUBSEP $2
	if (!(key in n)) {
		order[++rows] = key
		rfile[rows] = file; rtable[rows] = $1; rrow[rows] = $2
		ragainst[rows] = $5
	}
	v[key, ++n[key]] = $4 + 0
}
END {
	if (!rows) { print "report.sh: no result rows" > "/dev/stderr"; exit 1 }
	print "bench", "table", "row", "median", "min", "max", "rounds", \
		"against", "command", "date", "kernel", "commit" > tsv
	printf "" > md; printf "" > dat; printf "" > panels
	# the rows of a file grouped by table, tables in order of appearance
	for (r = 1; r <= rows; r++) {
		g = rfile[r] SUBSEP rtable[r]
		if (!(g in gn)) gorder[++groups] = g
		grow[g, ++gn[g]] = r
	}
	block = -1
	for (q = 1; q <= rows; q++) {
		if (q == 1) { gi = 1; gj = 0 }
		if (++gj > gn[gorder[gi]]) { gi++; gj = 1 }
		r = grow[gorder[gi], gj]
		key = order[r]; f = rfile[r]; t = rtable[r]; k = n[key]
		for (i = 1; i <= k; i++) s[i] = v[key, i]
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && s[j - 1] > s[j]; j--) {
				x = s[j]; s[j] = s[j - 1]; s[j - 1] = x
			}
		med = k % 2 ? s[(k + 1) / 2] : (s[k / 2] + s[k / 2 + 1]) / 2
		print meta[f, "bench"], t, rrow[r], med, s[1], s[k], k, ragainst[r], \
			meta[f, "command"], meta[f, "date"], meta[f, "kernel"], \
			meta[f, "commit"] > tsv
		if (f != lastf) {
			if (lastf) print "" > md
			desc = meta[f, "kernel-desc"]
			if (desc == "") desc = "the 6.1 test kernel"
			if (meta[f, "qemu"] == "host")
				printf "`%s`, %s, on the host (Linux %s, %s), commit %s:\n", \
					meta[f, "command"], meta[f, "date"], meta[f, "kernel"], \
					desc, meta[f, "commit"] > md
			else
				printf "`%s`, %s, Linux %s (%s), one boot (QEMU `%s`), commit %s:\n", \
					meta[f, "command"], meta[f, "date"], meta[f, "kernel"], \
					desc, meta[f, "qemu"], meta[f, "commit"] > md
		}
		if (f != lastf || t != lastt) {
			printf "\n%s:\n\n", title(t) > md
			printf "| row | median | min | max | rounds | against |\n" > md
			printf "|---|--:|--:|--:|--:|---|\n" > md
			if (!notratio(t)) {
				if (block >= 0) printf "\n\n" > dat
				block++; prows[block] = 0; plo[block] = 1; phi[block] = 1
				ptitle[block] = title(t)
			}
		}
		lastf = f; lastt = t
		printf "| %s | %s | %s | %s | %d | %s |\n", rrow[r], fmt(med, s[k]), \
			fmt(s[1], s[k]), fmt(s[k], s[k]), k, ragainst[r] > md
		if (notratio(t))
			continue
		print rrow[r], med, s[1], s[k], fmt(med, s[k]) > dat
		prows[block]++
		if (s[1] < plo[block]) plo[block] = s[1]
		if (s[k] > phi[block]) phi[block] = s[k]
	}
	for (b = 0; b <= block; b++)
		print b, prows[b], plo[b], phi[b], ptitle[b] > panels
}' "$@"

# The plot: a panel per table of ratios, a bar from 1 (what the row is
# measured against) to the median, min to max as an error bar, the median
# written right of both; a log scale when a panel spans more than a
# factor of 10.
gp=$out/results.gp
{
	total=0
	while IFS=$'\t' read -r _ rows _; do
		total=$((total + rows * 22 + 70))
	done <"$out/results.panels"
	printf 'set terminal pngcairo noenhanced size 1400,%d font "DejaVu Sans,9"\n' \
		$((total + 40))
	printf 'set output "%s"\n' "$out/results.png"
	printf 'set datafile separator "\\t"\nset lmargin 85\nset rmargin 4\n'
	printf 'set style fill solid 0.35\nset grid xtics\nset key off\n'
	printf 'set multiplot title "vendorban make bench: median of the rounds, min to max (%s)"\n' \
		"$(cut -f 10,11 "$out/results.tsv" | sed -n '2p' | tr '\t' ' ')"
	top=$((total + 20))
	# shellcheck disable=SC2016 # $0, $2 ... are gnuplot's columns
	while IFS=$'\t' read -r i rows lo hi name; do
		h=$((rows * 22 + 70))
		top=$((top - h))
		awk -v top="$top" -v h="$h" -v all=$((total + 40)) -v lo="$lo" \
			-v hi="$hi" -v rows="$rows" -v name="$name" 'BEGIN {
			printf "set origin 0,%.4f\nset size 1,%.4f\n", top / all, h / all
			printf "set title \"%s\"\n", name
			printf "set yrange [%.1f:0.6]\n", -rows + 0.4
			if (hi / lo > 10)
				printf "set logscale x\nset xrange [%g:%g]\n", lo / 1.5, hi * 4
			else {
				span = hi - lo
				if (span < 0.001) span = 0.001
				printf "unset logscale x\nset xrange [%g:%g]\n", lo - 0.1 * span, hi + 0.4 * span
			}
		}'
		printf 'set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2\n'
		printf 'plot "%s" index %d using (($2+1)/2):(-$0):($2<1?$2:1):($2<1?1:$2):(-$0-0.3):(-$0+0.3):ytic(1) with boxxyerror, \\\n' \
			"$out/results.dat" "$i"
		printf '  "" index %d using 2:(-$0):3:4 with xerrorbars pt 7 ps 0.6 lc rgb "black", \\\n' "$i"
		printf '  "" index %d using ($4>1?$4:1):(-$0):(" ".strcol(5)) with labels left\n' "$i"
	done <"$out/results.panels"
	printf 'unset multiplot\n'
} >"$gp"

cat "$out/results.md"
if ! command -v gnuplot >/dev/null; then
	echo "report.sh: no gnuplot, no $out/results.png (scripts/install-deps.sh installs gnuplot-nox)" >&2
	exit 1
fi
gnuplot "$gp"
echo "report.sh: $out/results.tsv, results.md, results.png"
