#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The main demo, run inside the VM as /demo.sh, with vendorbanctl end to
# end: on Debian's stock kernel (make demo, tests/demo/run.sh) first load
# the loadable form (insmod vendorban.ko, vendorbanctl attach: the BPF LSM
# programs); on the test kernel (make demo-builtin) it is built in.  Then
# scan what a policy banning the test vendor ("AO Kaspersky Lab" of the
# test PKI) would block, inspect a banned file's signer, load the policy,
# then show banned programs refused with their audit records and allowed
# programs running.  Exits non-zero if vendorban does not behave as shown.

set -u
F=/fixtures
CTL=/sbin/vendorbanctl
POLICY=/tmp/demo.vbpolicy
MOD=/lib/modules/vendorban.ko
VB=/sys/kernel/security/vendorban
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

# The test vendor's intermediate CA, as its certificates name it.
inter="CN=Kaspersky Test Intermediate CA,O=AO Kaspersky Lab,C=RU"
cat >$POLICY <<EOF
# Demo: the EU ban, applied to the test vendor
vendorban-policy 1
name demo-eu-ban
version 1
default allow
# the vendor by the names in its certificate subjects (/policy/vendors)
deny vendor kaspersky
# signatures that carry no certificate name the issuer: ban the vendor's CA
deny issuer "$inter" label=kaspersky-test-ca
# a corrupted signature is no way around the ban
deny malformed label=corrupt-signature
EOF

if [ -e $MOD ]; then
	say "Debian's stock kernel $(uname -r): load vendorban.ko, attach its BPF LSM programs"
	echo "\$ insmod $MOD"
	insmod $MOD || fail "insmod vendorban.ko failed"
	if [ -e $VB/bpf_object ] && [ -e /sys/kernel/btf/vendorban ]; then
		echo "\$ vendorbanctl attach"
		$CTL attach || fail "vendorbanctl attach failed"
	else
		echo "(vendorban.ko was built without module BTF or BPF programs:" \
			"its exec gate decides alone)"
	fi
	say "vendorban is loaded and has no policy yet"
else
	say "vendorban is built in and has no policy yet"
fi
$CTL status

say "the admin's policy source"
cat $POLICY

say "before enforcing: what would this policy block? (vendorbanctl scan)"
$CTL scan --vendors /policy/vendors --policy $POLICY $F/bin 2>/dev/null
[ $? -eq 3 ] || fail "scan found nothing to block"

say "who signed this file? (vendorbanctl inspect, our parser beside OpenSSL)"
$CTL inspect $F/bin/banned-p384-cert || fail "inspect disagrees with OpenSSL"

say "load it (vendorbanctl load compiles, writes, reads back)"
$CTL load --vendors /policy/vendors $POLICY || fail "policy load failed"
$CTL show | cut -c1-120

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

say "which rule decides? (vendorbanctl test)"
$CTL test $F/bin/banned-rsa2048-nocert $F/bin/good-rsa2048-cert
[ $? -eq 3 ] || fail "test did not report the banned file"

say "counters"
$CTL status

if [ $failures -eq 0 ]; then
	echo "DEMO OK: banned programs refused and audited, others ran"
else
	echo "DEMO FAILED: $failures problem(s)"
fi
[ $failures -eq 0 ]
