#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - host tests of vendorbanctl (build/userspace/vendorbanctl), one
# file per concern, sourced in this order (later ones use what earlier
# ones left in $work):
#   cli.sh       the command line
#   compile.sh   the compiler on good and bad policies (each bad one in bad/
#                names the exact "FILE:LINE:COL: reason" it must produce)
#   inspect.sh   inspect against OpenSSL on every signed fixture
#   scan.sh      test and scan against the fixture policies with exact
#                expected lists, and on a Debian 12-style tree
#   sign.sh      signed policies
#   bounded.sh   hostile sizes, in bounded memory
#   status.sh    status exit codes, and load/show/status/mode/lock against a
#                fake securityfs directory of plain files
#   counts.sh    status --rules and show --counts on that fake directory
# Ends with "tool: N passed, N failed"; exits 1 if any failed.

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/tool
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures
UFIX=${VENDORBAN_FIXTURES:-$ROOT/build/unit-fixtures}
PKI=$ROOT/build/pki
TAP_PART=tool
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# canon POLICY: the kernel's canonical text of POLICY
canon() {
	"$V" compile "$1"
}

# as_nobody CMD...: CMD as user nobody when run as root (root reads anything)
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# The signing key and certificate of sign.sh and status.sh (good vendor).
SK=$PKI/good/leaf-rsa2048.key SC=$PKI/good/leaf-rsa2048.pem

[ -x "$V" ] || die "$V missing (make -C userspace)"
"$ROOT/scripts/make-fixtures.sh" "$FIX" >/dev/null || die "make-fixtures.sh failed"
[ -f "$UFIX/sigs.list" ] || "$ROOT/tests/unit/make-unit-fixtures.sh" "$UFIX" >/dev/null ||
	die "make-unit-fixtures.sh failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=tests/tool/cli.sh
. "$HERE/cli.sh"
# shellcheck source=tests/tool/compile.sh
. "$HERE/compile.sh"
# shellcheck source=tests/tool/inspect.sh
. "$HERE/inspect.sh"
# shellcheck source=tests/tool/scan.sh
. "$HERE/scan.sh"
# shellcheck source=tests/tool/sign.sh
. "$HERE/sign.sh"
# shellcheck source=tests/tool/bounded.sh
. "$HERE/bounded.sh"
# shellcheck source=tests/tool/status.sh
. "$HERE/status.sh"
# shellcheck source=tests/tool/counts.sh
. "$HERE/counts.sh"

tap_done
