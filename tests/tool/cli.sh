# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# cli.sh - the command line: --help of every command, usage errors (exit 2).
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

for cmd in compile load sign show status mode lock inspect test scan; do
	rc_is 0 "$cmd --help" "$V" "$cmd" --help
done
rc_is 0 "--help" "$V" --help
rc_is 2 "unknown command is a usage error" "$V" frobnicate
rc_is 2 "missing command is a usage error" "$V"
rc_is 2 "compile without POLICY" "$V" compile
rc_is 2 "bad option" "$V" scan --no-such-option
rc_is 2 "mode with a bad value" "$V" mode sometimes
