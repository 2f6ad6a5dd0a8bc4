# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# status.sh - status (exit codes 4, 5, 6 and their messages), --version, and
# load/show/mode/lock against a fake securityfs directory of plain files.
#
# Loads the signed files sign.sh made ($work/eu-v.p7, key $SK, $SC).
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

check "--version prints VERSION" grep -qx "vendorbanctl version $(cat "$ROOT/VERSION")" <("$V" --version)
check "dkms.conf has VERSION" grep -qx "PACKAGE_VERSION=\"$(cat "$ROOT/VERSION")\"" "$ROOT/dkms.conf"
sec=$work/sec
mkdir -p "$sec"
printf 'lockdown,capability,yama,apparmor' >"$sec/lsm"
set +e
err=$("$V" --root "$sec/vendorban" status 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" = 4 ]; then ok "status: not present exits 4"; else
	not_ok "status: not present: exit $rc, want 4"; fi
check "status: not present says how to enable the built-in form" grep -qF \
	'lsm=lockdown,capability,yama,apparmor,vendorban' <<<"$err"
check "status: not present says how to load the module" grep -qF 'modprobe vendorban' <<<"$err"
printf 'capability,vendorban\n' >"$sec/lsm"
check "status: vendorban listed but no directory: asks about --root" grep -qF \
	"but $sec/lsm lists vendorban as active: is $sec/vendorban the right directory (--root)?" \
	<("$V" --root "$sec/vendorban" status 2>&1)
mkdir -p "$sec/vendorban"
printf 'form: builtin\npolicy: none\nmode: enforce\nlocked: no\n' >"$sec/vendorban/status"
set +e
err=$("$V" --root "$sec/vendorban" status 2>&1 >"$work/status.out")
rc=$?
set -e
if [ "$rc" = 5 ]; then ok "status: no policy exits 5"; else
	not_ok "status: no policy: exit $rc, want 5"; fi
check "status: no policy says so" grep -qF 'no policy is loaded' <<<"$err"
check "status: no policy still prints the status" grep -qx 'policy: none' "$work/status.out"
printf 'form: builtin\npolicy: p\nversion: 1\nmode: enforce\nlocked: no\n' >"$sec/vendorban/status"
rc_is 0 "status: a policy loaded exits 0" "$V" --root "$sec/vendorban" status
chmod 0755 "$sec" "$sec/vendorban"
chmod 0600 "$sec/vendorban/status"
[ "$(id -u)" = 0 ] || chmod 0000 "$sec/vendorban/status"
set +e
err=$(as_nobody "$V" --root "$sec/vendorban" status 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" = 6 ]; then ok "status: no permission exits 6"; else
	not_ok "status: no permission: exit $rc, want 6"; fi
check "status: no permission says so" grep -qF 'permission denied' <<<"$err"

# --- securityfs plumbing, against a fake directory ----------------------------

sfs=$work/sfs
mkdir -p "$sfs"
printf '' >"$sfs/policy"
printf 'enforce\n' >"$sfs/mode"
printf '0\n' >"$sfs/lock"
printf 'form: builtin\npolicy: none\nlocked: no\nlast_error: none\ndenied: 3\n' >"$sfs/status"
export VENDORBAN_SECURITYFS=$sfs
check "load" grep -q '^loaded policy eu-kaspersky-ban version 1: 7 rules, digest sha256:' \
	<("$V" load "$ROOT/policy/eu-kaspersky-ban.vbpolicy")
check "load writes the canonical text" cmp -s "$sfs/policy" <(canon "$ROOT/policy/eu-kaspersky-ban.policy")
check "show" cmp -s <("$V" show) "$sfs/policy"
rc_is 1 "load of a bad policy fails" "$V" load "$FIX/policies/bad-odd-hex.pol"
check "a bad policy is not written" cmp -s "$sfs/policy" <(canon "$ROOT/policy/eu-kaspersky-ban.policy")
rc_is 3 "test against the policy in force" "$V" test "$FIX/bin/banned-p256-cert"
# load detects a signed file and writes it unchanged; the fake directory
# cannot unwrap it as the kernel does, so the read-back check (against the
# signed text) must fail.
cp "$sfs/policy" "$work/in-force"
rc_is 1 "load of a signed file: the read-back is checked against its text" \
	"$V" load "$work/eu-v.p7"
check "load of a signed file writes it as it is" cmp -s "$sfs/policy" "$work/eu-v.p7"
check "load of a signed file names its text" grep -q \
	'differs from the policy written' <("$V" load "$work/eu-v.p7" 2>&1)
cp "$work/in-force" "$sfs/policy"
printf 'vendorban-policy 1\nname bad\n' >"$work/bad.txt"
openssl cms -sign -binary -noattr -nodetach -outform DER -inkey "$SK" -signer "$SC" \
	-in "$work/bad.txt" -out "$work/bad.p7"
rc_is 1 "load of a signed file with a bad policy text" "$V" load "$work/bad.p7"
check "... is not written" cmp -s "$sfs/policy" "$work/in-force"
openssl x509 -in "$SC" -outform DER -out "$work/cert.der"
rc_is 1 "load of other DER data: not signed, not a source" "$V" load "$work/cert.der"
check "... is not written" cmp -s "$sfs/policy" "$work/in-force"
check "status" grep -qx 'last_error: none' <("$V" status)
check "status --json" grep -qx '{"active": true, "readable": true, "policy_loaded": false, "enforcing": false, "full_mechanism": true, "form": "builtin", "policy": null, "locked": false, "last_error": null, "denied": 3}' \
	<("$V" status --json)
check "mode" grep -qx enforce <("$V" mode)
check "mode permissive" grep -qx permissive <("$V" mode permissive)
check "mode file" grep -qx permissive "$sfs/mode"
check "lock" grep -qx 'vendorban is locked until reboot' <("$V" lock)
check "lock file" grep -qx 1 "$sfs/lock"
check "--root overrides the environment" grep -qx enforce \
	<(mkdir -p "$work/sfs2" && echo enforce >"$work/sfs2/mode" && "$V" --root "$work/sfs2" mode)
rc_is 4 "no securityfs: status says vendorban is not active" "$V" --root "$work/none" status
unset VENDORBAN_SECURITYFS
