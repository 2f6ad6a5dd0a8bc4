#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# service_test.sh - vendorban.service as `make install` stages it: the
# unit (never skipped, ExecReload, SuccessExitStatus) and the script it
# runs, vendorban-start, against a fake securityfs, kernel command line,
# /etc/default/vendorban and modprobe: a missing module, a module without
# its BPF programs, a rejected, corrupt or bricking policy each give a
# journal line at priority err and their own exit status (10 and 12:
# success for the unit, shown by systemctl, and, with vendorban_required=1
# (command line, or VENDORBAN_REQUIRED=1 in the defaults file;
# vendorban_required=0 on the command line wins), exit 1: a failed unit;
# 11, the BPF programs not attached: a failed unit always).  The policy in force stays when a load fails.  The real
# unit is booted by tests/debian.  /etc/subuid's ranges written at boot
# (vendorbanctl subuids), a bad line a warning only, and
# vendorban-subuids.path and .service as installed.
# Prints "service: N passed, N failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAP_PREFIX="service: " TAP_PART=service
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

has() {
	if grep -qF -- "$3" "$2"; then check 0 "$1"; else
		check 1 "$1"
		show "$2"
	fi
}

make -s -C "$repo/userspace" install DESTDIR="$tmp/root" PREFIX=/usr \
	SYSCONFDIR=/etc >"$tmp/install.log" 2>&1
check $? "make install stages the unit and vendorban-start"
unit=$tmp/root/usr/lib/systemd/system/vendorban.service
start=$tmp/root/usr/lib/vendorban/vendorban-start
grep -qx 'ExecStart=/usr/lib/vendorban/vendorban-start' "$unit" &&
	grep -qx 'ExecReload=/usr/sbin/vendorbanctl load /etc/vendorban/policy' "$unit" &&
	grep -qx 'SuccessExitStatus=10 12' "$unit"
check $? "the unit runs vendorban-start, reloads with vendorbanctl load, counts 10 and 12 as shown successes"
! grep -q '^Condition' "$unit"
check $? "the unit has no condition: a missing module cannot make it 'skipped'"
# systemd makes no unit of an API file system such as securityfs: a
# Requires= on it makes systemctl start and restart fail ("Unit
# sys-kernel-security.mount not found"), as tests/debian saw.
! grep -q '^Requires' "$unit"
check $? "the unit requires no unit: systemctl restart cannot fail on a mount unit systemd never makes"
[ -x "$start" ] && grep -qF "ctl=\${VENDORBANCTL:-/usr/sbin/vendorbanctl}" "$start"
check $? "vendorban-start runs the installed vendorbanctl"
grep -qx 'VENDORBAN_REQUIRED=0' "$tmp/root/etc/default/vendorban"
check $? "/etc/default/vendorban is installed, VENDORBAN_REQUIRED=0"
printf 'VENDORBAN_REQUIRED=1\n' >"$tmp/root/etc/default/vendorban"
make -s -C "$repo/userspace" install-boot DESTDIR="$tmp/root" PREFIX=/usr \
	SYSCONFDIR=/etc >/dev/null 2>&1
grep -qx 'VENDORBAN_REQUIRED=1' "$tmp/root/etc/default/vendorban"
check $? "make install keeps an admin's /etc/default/vendorban"

# --- the fakes ---
etc=$tmp/etc
sfs=$tmp/sfs
mkdir -p "$etc/vendors"
cp "$repo"/policy/vendors/*.vendor "$etc/vendors/"
cat >"$tmp/modprobe" <<FAKE
#!/bin/sh
case "\$*" in
*vendorban*)
	[ -e "$tmp/module-ok" ] || {
		echo "modprobe: FATAL: Module vendorban not found in directory /lib/modules/test" >&2
		exit 1
	}
	mkdir -p "$sfs" && : >"$sfs/policy" && echo 0 >"$sfs/lock" &&
		printf 'form: module\nmechanism: bpf-lsm\npolicy: none\n' >"$sfs/status"
	;;
esac
exit 0
FAKE
chmod +x "$tmp/modprobe"
# fake_sfs MECHANISM: vendorban in the kernel, no policy
fake_sfs() {
	rm -rf "$sfs"
	mkdir -p "$sfs"
	: >"$sfs/policy"
	echo 0 >"$sfs/lock"
	printf 'form: module\nmechanism: %s\npolicy: none\n' "$1" >"$sfs/status"
}
policy() {
	printf 'vendorban-policy 1\nname %s\nversion 1\ndefault allow\ndeny subject-o "AO Kaspersky Lab"\n' \
		"$1" >"$etc/policy"
}
# run: vendorban-start with the fakes; exit status in $rc, output in $tmp/out
run() {
	VENDORBANCTL=$tmp/root/usr/sbin/vendorbanctl VENDORBAN_CONF=$etc \
		VENDORBAN_SECURITYFS=$sfs VENDORBAN_CMDLINE=$tmp/cmdline \
		VENDORBAN_DEFAULTS=$tmp/default VENDORBAN_MODPROBE=$tmp/modprobe \
		VENDORBAN_SUBUID=$tmp/subuid sh "$start" >"$tmp/out" 2>&1
	rc=$?
}
echo "root=/dev/vda quiet" >"$tmp/cmdline"
printf '# nothing\n' >"$tmp/default"

# --- no policy ---
rm -rf "$sfs"
run
[ $rc = 0 ]
check $? "no policy: exit 0 ($rc)"
has "... says nothing is enforced" "$tmp/out" "<6>vendorban: no policy in $etc/policy: nothing to enforce"
printf 'VENDORBAN_REQUIRED=1\n' >"$tmp/default"
run
[ $rc = 1 ]
check $? "no policy, VENDORBAN_REQUIRED=1: exit 1, the unit fails ($rc)"
has "... at priority err" "$tmp/out" "<3>vendorban: ERROR: no policy in $etc/policy: nothing is enforced"
has "... and says why the unit fails" "$tmp/out" "<2>vendorban: vendorban_required=1: vendorban.service fails (status 10 above)"
printf '# nothing\n' >"$tmp/default"

# --- the module missing ---
policy good
run
[ $rc = 10 ]
check $? "the module missing: exit 10 ($rc)"
has "... said at priority err" "$tmp/out" "<3>vendorban: ERROR: vendorban is not in this kernel ($(uname -r)): nothing is enforced"
has "... with modprobe's reason" "$tmp/out" "<3>vendorban: modprobe: FATAL: Module vendorban not found"
has "... and what to do" "$tmp/out" "<3>vendorban: install vendorban-dkms"
has "... and that required would fail the unit" "$tmp/out" \
	"<4>vendorban: WARNING: vendorban is not fully in force (status 10); with vendorban_required=1 this unit would fail"
echo "root=/dev/vda vendorban_required=1" >"$tmp/cmdline"
run
[ $rc = 1 ]
check $? "the module missing, vendorban_required=1: exit 1 ($rc)"
echo "root=/dev/vda quiet" >"$tmp/cmdline"
touch "$tmp/module-ok"
run
[ $rc = 0 ] && grep -q '^name good$' "$sfs/policy"
check $? "the module not loaded yet: modprobe loads it, the policy is loaded ($rc)"
has "... and both are said" "$tmp/out" "<6>vendorban: loaded vendorban.ko"
has "... the load too" "$tmp/out" "<6>vendorban: loaded policy good version 1"

# --- the exec gate alone ---
fake_sfs "binfmt (bpf: not built (no clang))"
run
[ $rc = 11 ] && grep -q '^name good$' "$sfs/policy"
check $? "a module without its BPF programs: exit 11 (the unit fails), the policy loaded ($rc)"
has "... said at priority err" "$tmp/out" \
	"<3>vendorban: ERROR: vendorban.ko runs without its BPF LSM programs (mechanism: binfmt (bpf: not built (no clang))): only exec is checked"
printf 'VENDORBAN_REQUIRED="1"\n' >"$tmp/default"
fake_sfs "binfmt (bpf: not built (no clang))"
run
[ $rc = 11 ]
check $? "... with VENDORBAN_REQUIRED=\"1\": exit 11 too ($rc)"
has "... and says why the unit fails" "$tmp/out" \
	"<2>vendorban: vendorban.service fails: the BPF LSM programs are not in force (status 11 above)"
printf '# nothing\n' >"$tmp/default"
fake_sfs "binfmt (bpf: not attached)"
: >"$sfs/bpf_links"
run
[ $rc = 11 ] && grep -q '^name good$' "$sfs/policy"
check $? "attach fails: the policy loaded all the same, exit 11 ($rc)"
has "... with attach's reason" "$tmp/out" "<3>vendorban: vendorbanctl: ERROR:"
[ "$(grep -c 'vendorbanctl: ERROR: vendorban.ko.s BTF' "$tmp/out")" = 2 ]
check $? "... tried before the load and once more after it"

fake_sfs bpf-lsm
: >"$sfs/bpf_links"
run
[ $rc = 0 ] && ! grep -q 'vendorbanctl: ERROR' "$tmp/out"
check $? "the BPF programs attached already (by the initramfs): no attach again, exit 0 ($rc)"

# --- the policy not loaded ---
fake_sfs bpf-lsm
policy before
"$tmp/root/usr/sbin/vendorbanctl" compile --no-boot-check "$etc/policy" >"$sfs/policy" 2>/dev/null
sed -i 's/^policy: none/policy: before/' "$sfs/status"
cp "$sfs/policy" "$tmp/in-force"
printf 'vendorban-policy 1\nname bad\nversion 1\ndefault allow\ndeny subject-o nope\n' >"$etc/policy"
run
[ $rc = 12 ]
check $? "a policy that does not compile: exit 12 ($rc)"
has "... said at priority err" "$tmp/out" "<3>vendorban: ERROR: $etc/policy was not loaded:"
has "... with the reason" "$tmp/out" "<3>vendorban: $etc/policy:5:16: expected a quoted string"
has "... and what stays in force" "$tmp/out" "<3>vendorban: the policy in force stays: before"
cmp -s "$sfs/policy" "$tmp/in-force"
check $? "... which is the policy in force still"
printf 'VENDORBAN_REQUIRED=1\n' >"$tmp/default"
run
[ $rc = 1 ]
check $? "... with VENDORBAN_REQUIRED=1: exit 1 ($rc)"
echo "root=/dev/vda vendorban_required=0" >"$tmp/cmdline"
run
[ $rc = 12 ]
check $? "... vendorban_required=0 on the command line wins: exit 12 ($rc)"
echo "root=/dev/vda quiet" >"$tmp/cmdline"
printf '# nothing\n' >"$tmp/default"
"$tmp/root/usr/sbin/vendorbanctl" sign -k "$repo/build/pki/good/leaf-rsa2048.key" \
	-c "$repo/build/pki/good/leaf-rsa2048.pem" "$tmp/in-force" -o "$tmp/signed.p7" >/dev/null 2>&1
head -c 200 "$tmp/signed.p7" >"$etc/policy"
run
[ $rc = 12 ] && cmp -s "$sfs/policy" "$tmp/in-force"
check $? "a corrupt signed policy: exit 12, nothing loaded ($rc)"
has "... named with the reason" "$tmp/out" "<3>vendorban: vendorbanctl: ERROR: $etc/policy: a truncated signed policy"
printf 'vendorban-policy 1\nname brick\nversion 1\ndefault deny\n' >"$etc/policy"
run
[ $rc = 12 ] && cmp -s "$sfs/policy" "$tmp/in-force"
check $? "a policy that would refuse what the boot needs: exit 12, nothing loaded ($rc)"
has "... naming the file and the rule" "$tmp/out" "(shell (/bin/sh: the boot scripts)): the default (default deny)"
has "... and that nothing was loaded" "$tmp/out" "ERROR: nothing was loaded: the policy in force stays (before)"

# --- the policy in force, locked ---
cp "$tmp/in-force" "$etc/policy"
echo 1 >"$sfs/lock"
run
[ $rc = 0 ]
check $? "the policy in force again when locked: exit 0 ($rc)"
has "... nothing to load" "$tmp/out" "<6>vendorban: policy before version 1 is in force already (locked): nothing to load"

# --- the owners of subordinate uids (vendorbanctl subuids) ---
cp "$tmp/in-force" "$etc/policy"
echo 0 >"$sfs/lock"
: >"$sfs/subuids"
printf 'root:100000:65536\n' >"$tmp/subuid"
run
[ $rc = 0 ] && [ "$(cat "$sfs/subuids")" = "0 100000 65536" ]
check $? "/etc/subuid's ranges written at boot, names resolved ($rc)"
has "... and said" "$tmp/out" "<6>vendorban: subuids: 1 range in force"
printf '# the ranges\nnosuch-vbuser:200000:5\nroot:300000:65536\n' >"$tmp/subuid"
run
[ $rc = 0 ] && [ "$(cat "$sfs/subuids")" = "0 300000 65536" ]
check $? "a bad line: left out, the rest written, the boot goes on ($rc)"
has "... a warning" "$tmp/out" "<4>vendorban: WARNING: the subordinate uids of $tmp/subuid are not all in force"
has "... naming the file, line and reason" "$tmp/out" "<4>vendorban: vendorbanctl: ERROR: $tmp/subuid:2: unknown user nosuch-vbuser"
rm -f "$sfs/subuids"
run
[ $rc = 0 ] && ! grep -q subuid "$tmp/out"
check $? "a kernel without the subuids file: nothing tried ($rc)"
units=$tmp/root/usr/lib/systemd/system
grep -qx 'PathChanged=/etc/subuid' "$units/vendorban-subuids.path" &&
	grep -qx 'WantedBy=paths.target' "$units/vendorban-subuids.path" &&
	! grep -q '^Condition' "$units/vendorban-subuids.path"
check $? "vendorban-subuids.path follows /etc/subuid from boot on (no condition)"
grep -qx 'ExecStart=/usr/sbin/vendorbanctl subuids' "$units/vendorban-subuids.service" &&
	grep -qx 'ConditionPathExists=/sys/kernel/security/vendorban/subuids' "$units/vendorban-subuids.service"
check $? "vendorban-subuids.service writes them with the installed tool"

tap_done
