#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# suite.sh [BINDIR] - run every vendorban selftest inside the test VM
#
# Runs each BINDIR/*_test (default /tests/bin) in turn; their TAP output
# goes to the console, where the host counts the "ok N" and "not ok N"
# lines; then BINDIR/../before-last.sh if present (the debug kernel's
# boot adds its stress run there: tests/debug/guest-stress.sh); then,
# last, BINDIR/../auditd_test.sh if present (it replaces the audit
# daemon, switches require_signed on and locks the policy, so nothing
# that loads a policy may run after it).  Each program's wall time
# follows it ("# took Ns: NAME", tap_took).  Exits 1 if any test program failed (or none was found), else 0.
# The programs SKIP their tests when the kernel has no vendorban (kselftest
# convention); in the test VM that is a failure, reported here.

set -eu

bindir=${1:-/tests/bin}
failed=0
ran=0

# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

if [ -e /sys/kernel/security/vendorban/policy ]; then
	echo "# vendorban is active"
else
	not_ok "vendorban securityfs files missing: the LSM is not active"
	failed=1
fi

# The test kernel stacks vendorban with Debian's LSMs (scripts/kernel/):
# vendorban must be active among them, and the last of the ordinary ones
# (6.12 always puts ima and evm, LSM_ORDER_LAST, after everything).
lsms=$(cat /sys/kernel/security/lsm 2>/dev/null || true)
echo "# LSMs: $lsms"
echo "TAP version 13"
for want in lockdown capability landlock yama apparmor bpf vendorban; do
	case ",$lsms," in
	*",$want,"*) ok "LSM $want is active" ;;
	*) not_ok "LSM $want is not active"; failed=1 ;;
	esac
done
case "$lsms" in
*,vendorban | *,vendorban,ima | *,vendorban,ima,evm | *,vendorban,evm)
	ok "vendorban is the last LSM (before ima, evm)" ;;
*) not_ok "vendorban is not the last LSM"; failed=1 ;;
esac
echo "1..$tap_n"

# The guest root is the initramfs: say whether rootfs is tmpfs or ramfs
# (tests about the decision cache mount their own tmpfs either way).
echo "# root: $(grep '^rootfs\|^none / \|^[^ ]* / ' /proc/mounts | head -n 1)"

# scanrace_test races root's vendorbanctl scan with inotify, which the
# test kernels (tinyconfig) leave out: it tests the tool, no kernel code,
# and runs in the module form on Debian's stock kernels
# (tests/module-form/guest.sh).  records_test fills the module form's
# records of suspicions, which the built-in form does not keep (its
# states live in the inodes' blobs): 40,000 files mapped for nothing, and
# minutes under KASAN in check-debug.  accountrace_test races the module
# form's account entries, and loads the module again with a small bound;
# daemonfill_test fills the module form's table of inode states (4,112
# files), which the built-in form does not have either.
MODULE_ONLY="scanrace_test records_test accountrace_test daemonfill_test"
for t in "$bindir"/*_test; do
	[ -x "$t" ] || continue
	case " $MODULE_ONLY " in
	*" ${t##*/} "*) continue ;;
	esac
	ran=$((ran + 1))
	echo "# vendorban selftest: ${t##*/}"
	t0=$(tap_clock)
	if "$t"; then
		echo "# vendorban selftest: ${t##*/}: PASS"
	else
		echo "# vendorban selftest: ${t##*/}: FAIL (exit $?)"
		failed=$((failed + 1))
	fi
	tap_took "$t0" "${t##*/}"
done

# Before the last phase: what a boot adds (before-last.sh), while the
# policy may still be replaced.
before=$(dirname "$bindir")/before-last.sh
if [ -x "$before" ]; then
	ran=$((ran + 1))
	echo "# vendorban selftest: before-last.sh"
	t0=$(tap_clock)
	if "$before"; then
		echo "# vendorban selftest: before-last.sh: PASS"
	else
		echo "# vendorban selftest: before-last.sh: FAIL (exit $?)"
		failed=$((failed + 1))
	fi
	tap_took "$t0" before-last.sh
fi

# Last phase: the real auditd replaces vb-auditd (see auditd_test.sh).
final=$(dirname "$bindir")/auditd_test.sh
if [ -x "$final" ]; then
	ran=$((ran + 1))
	echo "# vendorban selftest: auditd_test.sh (last: replaces vb-auditd)"
	t0=$(tap_clock)
	if "$final"; then
		echo "# vendorban selftest: auditd_test.sh: PASS"
	else
		echo "# vendorban selftest: auditd_test.sh: FAIL (exit $?)"
		failed=$((failed + 1))
	fi
	tap_took "$t0" auditd_test.sh
fi

if [ "$ran" -eq 0 ]; then
	echo "suite.sh: error: no *_test programs in $bindir" >&2
	exit 1
fi
echo "# vendorban selftests: $ran programs, $failed failures"
[ "$failed" -eq 0 ]
