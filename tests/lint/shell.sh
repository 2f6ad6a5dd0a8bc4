#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/lint/shell.sh - every shell script of the checkout is shellcheck
# clean (make check-shell): the tracked *.sh files and every tracked file
# whose first line names /bin/sh or /bin/bash (maintainer scripts, the
# initramfs hooks, .ci/run).  shellcheck follows sourced files (-x) from
# each script's own folder, as their "# shellcheck source=" lines say.
# One TAP line per file, then "shell: N passed, N failed".
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
TAP_PART=shell
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"
cd "$repo" || exit 1
command -v shellcheck >/dev/null || die "shellcheck missing (scripts/install-deps.sh)"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	die "not a git checkout: the scripts are the tracked files"

scripts() {
	git ls-files -z | while IFS= read -r -d '' f; do
		[ -f "$f" ] || continue
		case $f in
		*.sh) echo "$f" ;;
		*) head -c 64 "$f" | head -n 1 | grep -qE '^#! ?/bin/(ba)?sh' &&
			echo "$f" ;;
		esac
	done
}

list=$(scripts)
[ -n "$list" ] || die "no shell scripts found"
# One run over all of them (the sourced library is read once), then one
# TAP line per file with its findings.
report=${TMPDIR:-/tmp}/shellcheck.$$
trap 'rm -f "$report" "$tap_out"' EXIT
xargs shellcheck -x -P SCRIPTDIR -f gcc <<<"$list" >"$report" 2>&1
rc=$?
[ "$rc" -le 123 ] || die "shellcheck failed to run (exit $rc)"
while read -r f; do
	awk -v f="$f" 'index($0, f ":") == 1' "$report" >"$tap_out"
	if [ -s "$tap_out" ]; then
		TAP_SHOW=$tap_out not_ok "$f"
	else
		ok "$f"
	fi
done <<<"$list"
# a finding in no listed file (a sourced one) fails the part too
[ "$rc" = 0 ] || [ "$tap_failed" -gt 0 ] || { TAP_SHOW=$report not_ok "shellcheck exit $rc"; }
tap_done
