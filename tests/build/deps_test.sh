#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# deps_test.sh - scripts/install-deps.sh --if-missing, as `make demo` and
# `make check` run it: with every package installed it writes its stamp and
# afterwards returns without asking dpkg-query; a change of dpkg's database
# makes it ask again; a missing package, when not root, is named with the
# sudo command to run, and the run fails; the demo's list (--demo) is part
# of the whole list.  dpkg-query is the real one,
# behind a wrapper that counts its calls.  Prints "deps: N passed, N failed".
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
script=$repo/scripts/install-deps.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vendorban-deps.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 0755 "$tmp"

TAP_PREFIX="deps: " TAP_PART=deps
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

real=$(command -v dpkg-query)
mkdir "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<WRAP
#!/bin/sh
echo call >>"$tmp/calls"
exec "$real" "\$@"
WRAP
chmod 0755 "$tmp/bin/dpkg-query"
: >"$tmp/dpkg-status"
: >"$tmp/calls"
chmod 0666 "$tmp/calls"
export PATH="$tmp/bin:$PATH"
export VENDORBAN_DEPS_STAMP=$tmp/stamp/deps.stamp
export VENDORBAN_DPKG_STATUS=$tmp/dpkg-status
calls() { wc -l <"$tmp/calls"; }

# as_user CMD...: run CMD as an unprivileged user (we may be root).
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

touch -d '-1 hour' "$tmp/dpkg-status"
"$script" --if-missing && [ -s "$VENDORBAN_DEPS_STAMP" ] && [ "$(calls)" = 1 ]
check $? "all installed: exit 0, stamp written, dpkg-query asked once"

"$script" --if-missing && [ "$(calls)" = 1 ]
check $? "stamp valid: exit 0 without asking dpkg-query"

touch "$tmp/dpkg-status"
sleep 1
"$script" --if-missing && [ "$(calls)" = 2 ]
check $? "dpkg database changed: dpkg-query asked again"

chmod 0777 "$tmp/stamp"
rc=0
VENDORBAN_DEPS_EXTRA=vendorban-no-such-package as_user "$script" --if-missing \
	2>"$tmp/err" || rc=$?
[ "$rc" = 1 ] && grep -q 'missing Debian packages: vendorban-no-such-package $' "$tmp/err" &&
	grep -q "with: sudo $script\$" "$tmp/err"
check $? "missing package, not root: named, says to run it with sudo, fails"
sed 's/^/  /' "$tmp/err"

VENDORBAN_DEPS_EXTRA=vendorban-no-such-package as_user "$script" --if-missing \
	2>/dev/null && r=1 || r=0
check "$r" "a stamp of another package list does not hide the missing package"

"$script" --demo --list | sort -u >"$tmp/demo"
"$script" --list | sort -u >"$tmp/all"
[ -s "$tmp/demo" ] && [ -z "$(comm -23 "$tmp/demo" "$tmp/all")" ]
check $? "make demo's packages are among make check's (CI installs them all)"

rc=0
"$script" --bogus 2>/dev/null || rc=$?
[ "$rc" = 2 ]
check $? "unknown option: usage, exit 2"

tap_done
