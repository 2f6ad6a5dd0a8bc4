#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/redteam11/run-module.sh [6.1|6.12] NAME - one of the outside red
# team's round 11 attacks (tests/redteam11/NAME_test.c, built by
# make -C tests/redteam11 into build/vm/bin) on the loadable form, in the
# image and guest of tests/redteam10/run-module.sh (vendorban.ko loaded
# afresh, attached, ban-by-cert, default table), which runs
# /tests/bin/NAME*_test.  The guest's log is copied to
# build/vm-redteam11-NAME-KVER.log.
# Needs make fixtures vm-programs tool disk, then make -C tests/redteam11.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"
kver=${1:-6.1}
name=${2:-}
case $name in rt11_*) ;; *) die "usage: $0 [6.1|6.12] rt11_NAME" ;; esac
[ -x "$repo/build/vm/bin/${name}_test" ] ||
	die "build/vm/bin/${name}_test missing (make -C tests/redteam11)"
rc=0
"$repo/tests/redteam10/run-module.sh" "$kver" "$name" || rc=$?
cp "$repo/build/vm-redteam10-module-$kver.log" \
	"$repo/build/vm-redteam11-$name-$kver.log" 2>/dev/null || true
exit "$rc"
