#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The main demo, run inside the VM as /demo.sh: load a policy that bans a
# test vendor ("AO Kaspersky Lab" of the test PKI), then show a banned
# program refused with its audit record, and allowed programs running.
# Exits non-zero if vendorban does not behave as shown.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
failures=0

say() {
	printf '\n=== %s\n' "$*"
}

fail() {
	echo "DEMO FAILURE: $*"
	failures=$((failures + 1))
}

# run PROGRAM: runs it, prints and returns its exit status (126 = refused)
run() {
	"$@"
	rc=$?
	echo "\$ $* -> exit status $rc"
	return $rc
}

say "vendorban is built in and has no policy yet"
cat $VB/status

say "the policy: ban the test vendor's code-signing certificates"
grep -v '^#' $F/policies/ban-by-issuer-serial.pol
grep -v '^#' $F/policies/ban-by-subject-o.pol | grep '^deny'
grep -v '^#' $F/policies/deny-malformed.pol | grep '^deny'
{
	grep -v '^#' $F/policies/ban-by-issuer-serial.pol
	grep -v '^#' $F/policies/ban-by-subject-o.pol | grep '^deny'
	grep -v '^#' $F/policies/deny-malformed.pol | grep '^deny'
} >/tmp/demo.pol
sed -i 's/^name .*/name demo-eu-ban/' /tmp/demo.pol
cat /tmp/demo.pol >$VB/policy || fail "policy load failed"

say "the kernel's canonical copy of the policy in force"
cut -c1-120 $VB/policy

say "a program signed by the banned vendor (no certificate in the signature)"
run $F/bin/banned-rsa2048-nocert && fail "banned program ran"
say "the same vendor, ECDSA P-384 key, certificate embedded"
run $F/bin/banned-p384-cert && fail "banned program ran"
say "a script whose #! interpreter is signed by the banned vendor"
run $F/bin/script-banned-interp && fail "banned interpreter ran"

say "the audit records of those denials"
sleep 1
grep 'op=exec' /tmp/audit.log

say "a program signed by a good vendor runs (it exits 42)"
run $F/bin/good-rsa2048-cert
[ $? -eq 42 ] || fail "good program did not run"
say "the unsigned program runs"
run $F/bin/unsigned
[ $? -eq 42 ] || fail "unsigned program did not run"

say "counters"
cat $VB/status

if [ $failures -eq 0 ]; then
	echo "DEMO OK: banned programs refused and audited, others ran"
else
	echo "DEMO FAILED: $failures problem(s)"
fi
[ $failures -eq 0 ]
