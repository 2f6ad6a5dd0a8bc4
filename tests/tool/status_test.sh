#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# status_test.sh - status as a monitoring check, and the errors of every
# command on a host without vendorban (make check-tool)
#
# Against fake securityfs directories of plain files (--root): status
# --json prints one document in every state, with typed values; the exit
# codes of status and status --check enforce|locked, as vendorbanctl(8)
# lists them; and load, show, mode, lock, diff and test say that vendorban
# is not active, not "No such file or directory" as if the policy were
# missing.  Ends with "status: N passed, N failed".

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
EU=$ROOT/policy/eu-kaspersky-ban.vbpolicy
TAP_PART=status
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

# st WANT NAME ARGS...: vendorbanctl --root $sfs ARGS exits WANT; output
# in $work/out, errors in $work/err
st() {
	want=$1 name=$2
	shift 2
	rc=0
	"$V" --root "$sfs" "$@" >"$work/out" 2>"$work/err" || rc=$?
	if [ "$rc" = "$want" ]; then ok "$name"; else not_ok "$name (exit $rc, want $want)"; fi
}

# json PYTHON: the assertion holds of d, the JSON document in $work/out
json() {
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $1, d" "$work/out"
}

# status_file KEY=VALUE...: a status as the kernel writes it, with changes
status_file() {
	{
		printf 'form: builtin\nmechanism: lsm\npolicy: eu\nversion: 3\n'
		printf 'digest: sha256:%064d\nrules: 6\nsigned: no\nmode: enforce\n' 0
		printf 'locked: no\nrequire_signed: no\nlast_error: none\nallowed: 10\n'
		printf 'denied: 2\nwould_deny: 0\npolicy_loads: 1\npolicy_rejects: 0\n'
		printf 'cache_hits: 4\naudit_suppressed: 0\n'
	} >"$sfs/status"
	for kv in "$@"; do
		if [ -z "${kv#*=}" ]; then
			sed -i "/^${kv%%=*}: /d" "$sfs/status"
		else
			sed -i "s|^${kv%%=*}: .*|${kv%%=*}: ${kv#*=}|" "$sfs/status"
		fi
	done
}

[ -x "$V" ] || die "$V missing (make tool)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- not active ----------------------------------------------------------------

sfs=$work/sys/kernel/security/vendorban
mkdir -p "$(dirname "$sfs")"
printf 'lockdown,capability,yama,apparmor' >"$(dirname "$sfs")/lsm"
st 4 "not active: exit 4" status --json
check "not active: still one JSON document, active false and why" json \
	'd["active"] is False and "not active" in d["why"] and d["enable_module"] == "modprobe vendorban" and d["enable_builtin"] == "lsm=lockdown,capability,yama,apparmor,vendorban"'
st 4 "not active: --check enforce exits 4" status --json --check enforce
check "not active: the check failed, in the document" json 'd["check"] == {"name": "enforce", "ok": False, "why": "vendorban is not active"}'
for cmd in "load $EU" show mode lock "diff $EU" "test /bin/sh"; do
	# shellcheck disable=SC2086
	st 1 "not active: $cmd fails" $cmd
	check "not active: $cmd says vendorban is not active" grep -q \
		"vendorban is not active: $sfs does not exist" "$work/err"
	check "not active: $cmd does not blame a file" \
		test "$(grep -c 'No such file' "$work/err")" = 0
done

# --- active ----------------------------------------------------------------------

mkdir -p "$sfs"
status_file
st 0 "active, a policy, enforce: exit 0" status --json
check "status --json: typed values" json \
	'd["active"] is True and d["readable"] is True and d["policy"] == "eu" and d["version"] == 3 and d["rules"] == 6 and d["signed"] is False and d["locked"] is False and d["require_signed"] is False and d["last_error"] is None and d["denied"] == 2 and d["audit_suppressed"] == 0 and d["policy_loaded"] is True and d["enforcing"] is True and d["full_mechanism"] is True and d["mechanism"] == "lsm"'
st 0 "--check enforce: exit 0" status --check enforce
st 9 "--check locked, not locked: exit 9" status --check locked
check "... says why" grep -q 'check locked failed: not locked' "$work/err"
status_file locked=yes
st 0 "--check locked, locked: exit 0" status --json --check locked
check "--check in the document" json 'd["check"] == {"name": "locked", "ok": True, "why": None} and d["locked"] is True'
status_file mode=permissive
st 0 "permissive, no check: exit 0" status
st 7 "permissive, --check enforce: exit 7" status --check enforce
st 7 "... --json too, with the document" status --json --check enforce
check "... enforcing false" json 'd["enforcing"] is False and d["check"]["ok"] is False'
status_file form=module 'mechanism=binfmt (bpf: not attached)'
st 8 "exec gate only, --check enforce: exit 8" status --json --check enforce
check "mechanism and its detail apart" json \
	'd["mechanism"] == "binfmt" and d["mechanism_detail"] == "bpf: not attached" and d["full_mechanism"] is False'
status_file form=module mechanism=bpf-lsm
st 0 "module form with bpf-lsm: --check enforce exits 0" status --check enforce
status_file policy=none version= digest= rules= signed=
st 5 "no policy: exit 5" status --json
check "no policy: policy null, policy_loaded false" json 'd["policy"] is None and d["policy_loaded"] is False'
st 5 "no policy, --check enforce: exit 5" status --check enforce
st 2 "--check something: a usage error" status --check something
if [ "$(id -u)" = 0 ]; then
	chmod 0600 "$sfs/status"
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$V" --root "$sfs" status --json \
		>"$work/out" 2>"$work/err" || rc=$?
else
	chmod 0000 "$sfs/status"
	rc=0
	"$V" --root "$sfs" status --json >"$work/out" 2>"$work/err" || rc=$?
fi
check "permission denied: exit 6" test "$rc" = 6
check "permission denied: a document, readable false" json \
	'd["active"] is True and d["readable"] is False and "permission denied" in d["why"]'

# --- the exit codes are documented ---------------------------------------------

man=$ROOT/userspace/man/vendorbanctl.8
for code in 4 5 6 7 8 9 10 12; do
	check "vendorbanctl(8) documents exit code $code" grep -qx "\.B $code" "$man"
done
check "status --help names the exit codes" grep -q '7 permissive' <("$V" status --help)

tap_done
