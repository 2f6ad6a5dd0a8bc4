#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs each unit-test program given as an argument, prints its output and
# the closing line "unit: N passed, N failed" (the programs' TAP results
# added up); exits non-zero if anything failed.
# Fixtures (certificates, signatures) come from build/unit-fixtures, made
# by tests/unit/make-unit-fixtures.sh; VENDORBAN_FIXTURES overrides it.
TAP_PART=unit
# shellcheck source=tests/lib/tap.sh
. "$(dirname "$0")/../lib/tap.sh"
for t in "$@"; do
	echo "# $t"
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	tap_passed=$((tap_passed + p))
	tap_failed=$((tap_failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		not_ok "$t exited $rc"
	fi
done
tap_done
