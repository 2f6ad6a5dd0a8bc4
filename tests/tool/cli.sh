# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# cli.sh - the command line: --help of every command, usage errors (exit 2).
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

commands="compile load attach sign diff show status mode lock inspect test scan
audit refresh subuids"
for cmd in $commands; do
	rc_is 0 "$cmd --help" "$V" "$cmd" --help
done

# Every command and every long option its --help names is in vendorbanctl(8)
# (the man page writes a dash as \-).
man_has() {
	grep -qF -- "$(printf '%s' "$1" | sed 's/-/\\-/g')" "$ROOT/userspace/man/vendorbanctl.8"
}
for cmd in $commands; do
	check "vendorbanctl(8) describes $cmd" man_has "\\fB$cmd\\fR"
	for opt in $("$V" "$cmd" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
		check "vendorbanctl(8) names $cmd $opt" man_has "$opt"
	done
done
rc_is 0 "--help" "$V" --help
rc_is 2 "unknown command is a usage error" "$V" frobnicate
rc_is 2 "missing command is a usage error" "$V"
rc_is 2 "compile without POLICY" "$V" compile
rc_is 2 "bad option" "$V" scan --no-such-option
rc_is 2 "mode with a bad value" "$V" mode sometimes
