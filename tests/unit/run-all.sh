#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs each unit-test program given as an argument, prints its output and
# the closing line "N passed, N failed"; exits non-zero if anything failed.
# Fixtures (certificates, signatures) come from build/unit-fixtures, made
# by tests/unit/make-unit-fixtures.sh; VENDORBAN_FIXTURES overrides it.
passed=0
failed=0
for t in "$@"; do
	echo "# $t"
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
