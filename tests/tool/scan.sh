# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# scan.sh - test and scan: the verdicts and exact lists against the fixture
# policies (PE, security.ima, malformed files), then whether scan tells
# the truth: a Debian 12-style tree, compressed modules, unreadable
# files, other and pseudo file systems, files that are not regular.
#
# Uses $work/lock/lockdown.vbpolicy, which compile.sh made.
#
# Sourced by run.sh: the helpers (tests/lib/tap.sh, canon, as_nobody) and
# $V, $ROOT, $FIX, $UFIX, $PKI, $SK, $SC, $work come from there.
# shellcheck disable=SC2154

rc_is 3 "test: banned file denied" "$V" test --policy "$FIX/policies/ban-by-cert.pol" \
	"$FIX/bin/banned-p256-nocert"
rc_is 0 "test: good file runs" "$V" test --policy "$FIX/policies/ban-by-cert.pol" \
	"$FIX/bin/good-p256-cert"
check "test names the rule" grep -qx '  rule:      line 7, label banned-p256' \
	<("$V" test --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/banned-p256-nocert")
check "test names the source line" grep -qx "  source:    $ROOT/policy/eu-kaspersky-ban.vbpolicy:23" \
	<("$V" test --policy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" "$FIX/bin/banned-p256-cert")
check "test --json" grep -q '"decision": "deny", "signature": "present", "signer": 0, "rule_line": 5, "label": "kaspersky-ao"' \
	<("$V" test --json --policy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" "$FIX/bin/banned-p256-cert")
rc_is 3 "test: lockdown denies the forged file" "$V" test --policy "$work/lock/lockdown.vbpolicy" \
	"$FIX/bin/forged-good"
rc_is 0 "test: lockdown allows the good file without certificate" "$V" test \
	--policy "$work/lock/lockdown.vbpolicy" "$FIX/bin/good-rsa2048-nocert"

# Whether a file is open for writing when it is used is runtime state: a
# verdict made on its not being writable now says so ("runtime"), unless
# the policy's writable setting is allow or the tool could not see
# ("unknown": here when not every process's files can be read; the VM's
# verdict_test checks the seen case against the kernel).
rt=$("$V" test --json --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/good-p256-cert")
case "$rt" in
*'"unknown": ["writable"]'*) want='"runtime": []' ;;
*) want='"runtime": ["writable"]' ;;
esac
check "test --json: runtime writable unless the tool could not see ($want)" \
	grep -qF "$want" <<<"$rt"
cp "$FIX/policies/ban-by-cert.pol" "$work/writable-allow.pol"
echo "writable allow" >>"$work/writable-allow.pol"
check "test --json: no runtime dependency under writable allow" \
	grep -q '"runtime": \[\]' \
	<("$V" test --json --policy "$work/writable-allow.pol" "$FIX/bin/good-p256-cert")
cp "$FIX/bin/good-p256-cert" "$work/held-open"
exec 7>>"$work/held-open"
check "test: a file held open for writing is decided by the setting, not runtime" \
	grep -q '"rule_line": "none", .*"reason": "writable", .*"runtime": \[\]' \
	<("$V" test --json --policy "$FIX/policies/ban-by-cert.pol" "$work/held-open")
exec 7>&-

# --op=mprotect: the kernel decides an mprotect(PROT_EXEC) from its cache
# alone, so a denial is refused "no-cached-allow" and an allow depends on
# runtime state (said, not promised); --op takes exec, mmap, mprotect.
check "test --op=mprotect: a banned file is refused without a cached allow" \
	grep -q '"decision": "deny", .*"rule_line": "none", .*"reason": "no-cached-allow", .*"unknown": \[\]' \
	<("$V" test --json --op=mprotect --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/banned-p256-nocert")
check "test --op=mprotect: an allow depends on the kernel's cache" \
	grep -q '"decision": "allow", .*"unknown": \[.*"no-cached-allow"\]' \
	<("$V" test --json --op=mprotect --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/good-p256-cert")
check "test --op=mprotect: the text says so" grep -q '^  unknown: .*no-cached-allow' \
	<("$V" test --op=mprotect --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/good-p256-cert")
rc_is 2 "test --op=bogus is a usage error" "$V" test --op=bogus \
	--policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/good-p256-cert"
check "test --op=bogus says what it takes" grep -q 'expected exec, mmap or mprotect' \
	<("$V" test --op=bogus --policy "$FIX/policies/ban-by-cert.pol" "$FIX/bin/good-p256-cert" 2>&1)

# The scans run over a fixed copy of the first 25 fixtures, so that new
# fixtures (added for the in-VM tests) do not change the expected lists.
SCAN=$work/scan
mkdir -p "$SCAN"
for f in hello unsigned banned-sh forged-good modified-good \
	banned-p256-cert banned-p256-nocert banned-p384-cert banned-p384-nocert \
	banned-rsa2048-cert banned-rsa2048-chain banned-rsa2048-nocert \
	banned-rsa2048-skid banned-rsa4096-cert banned-rsa4096-nocert \
	good-p256-cert good-p256-nocert good-rsa2048-cert good-rsa2048-nocert \
	malformed-garbage malformed-idtype malformed-truncated \
	script-banned-interp script-banned-itself script-good; do
	cp -p "$FIX/bin/$f" "$SCAN/$f" || die "fixture $f missing"
done

# scan_is NAME POLICY ACTION FILES...: scan lists exactly these files
scan_is() {
	name=$1 pol=$2 act=$3
	shift 3
	want=$(for f in "$@"; do echo "$act $SCAN/$f"; done | sort)
	got=$("$V" scan --policy "$pol" "$SCAN" 2>&1 | grep -E '^(deny|audit) ' |
		sed 's/ rule=.*//' | sort) || true
	if [ "$got" = "$want" ]; then ok "scan $name"; else
		not_ok "scan $name: got:"$'\n'"$got"$'\n'"want:"$'\n'"$want"; fi
}

cert_signed="banned-p256-cert banned-p384-cert banned-rsa2048-cert banned-rsa2048-chain
	banned-rsa4096-cert script-banned-itself"
iss_serial="$cert_signed banned-p256-nocert banned-p384-nocert banned-rsa2048-nocert
	banned-rsa4096-nocert banned-sh"
malformed="malformed-garbage malformed-idtype malformed-truncated"
# shellcheck disable=SC2086
{
# A malformed file that no rule decides for is refused whatever the default.
scan_is ban-by-issuer-serial "$FIX/policies/ban-by-issuer-serial.pol" deny $iss_serial $malformed
scan_is ban-by-issuer "$FIX/policies/ban-by-issuer.pol" deny $iss_serial $malformed
scan_is ban-by-cert "$FIX/policies/ban-by-cert.pol" deny $iss_serial banned-rsa2048-skid $malformed
scan_is ban-by-skid "$FIX/policies/ban-by-skid.pol" deny $cert_signed banned-rsa2048-skid $malformed
scan_is ban-by-fingerprint "$FIX/policies/ban-by-fingerprint.pol" deny $cert_signed $malformed
scan_is ban-by-subject-o "$FIX/policies/ban-by-subject-o.pol" deny $cert_signed $malformed
scan_is deny-malformed "$FIX/policies/deny-malformed.pol" deny $malformed
scan_is default-allow "$FIX/policies/default-allow.pol" deny $malformed
{ cat "$FIX/policies/audit-by-issuer-serial.pol"; echo 'allow malformed'; } \
	>"$work/audit-allow-malformed.pol"
scan_is "audit-by-issuer-serial, allow malformed" "$work/audit-allow-malformed.pol" \
	audit $iss_serial
scan_is eu-kaspersky-ban.vbpolicy "$ROOT/policy/eu-kaspersky-ban.vbpolicy" deny $cert_signed $malformed
scan_is "lockdown.vbpolicy (allow proven by OpenSSL)" "$work/lock/lockdown.vbpolicy" deny \
	$iss_serial banned-rsa2048-skid $malformed forged-good modified-good hello unsigned \
	script-good script-banned-interp
}
check "scan prints rule and label" grep -qx \
	"deny $SCAN/banned-p384-nocert rule=8 label=banned-p384" \
	<("$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$SCAN")
check "scan summary" grep -qx 'summary: 25 files checked (25 executables, 0 other ELF files, 0 kernel modules, 0 PE files), 3 deny, 0 audit, 0 unreadable' \
	<("$V" scan --policy "$FIX/policies/deny-malformed.pol" "$SCAN")
rc_is 3 "scan exits 3 when something is denied" "$V" scan --policy "$FIX/policies/deny-malformed.pol" "$SCAN"
rc_is 0 "scan exits 0 when nothing is denied" "$V" scan --policy "$work/audit-allow-malformed.pol" "$SCAN"
check "scan: a malformed file no rule decides for is refused, with the reason" grep -qx \
	"deny $SCAN/malformed-garbage rule=none label=? reason=malformed" \
	<("$V" scan --policy "$FIX/policies/default-allow.pol" "$SCAN")
check "test: a malformed file no rule decides for is refused" grep -qx \
	'  rule:      none, refused: malformed' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/malformed-garbage")
check "test: a trailer appended to a banned file hides nothing" grep -qx \
	'  rule:      line 5, label banned-o' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/ms-elf-appended")
check "test: the crafted chain-walk trailer is refused (limit)" grep -qx \
	'  rule:      none, refused: limit' \
	<("$V" test --policy "$FIX/policies/ban-by-subject-o.pol" "$FIX/bin/ms-chainbomb")
check "scan --json" python3 -c '
import json, sys
d = json.load(sys.stdin)
assert (d["checked"], d["denied"], d["audited"], d["errors"]) == (25, 3, 0, 0), d
assert d["kinds"] == {"executables": 25, "other_elf": 0, "kernel_modules": 0, "pe": 0}, d
assert d["unreadable"] == [] and d["skipped"] == [], d' \
	< <("$V" scan --json --policy "$FIX/policies/deny-malformed.pol" "$SCAN")
check "scan --json is valid JSON" python3 -c 'import json,sys; json.load(sys.stdin)' \
	< <("$V" scan --json --policy "$FIX/policies/ban-by-cert.pol" "$SCAN")

# --- test and scan: PE signatures, security.ima key id -------------------------

for p in ban-by-cert ban-by-fingerprint ban-by-issuer-serial ban-by-skid ban-ca-root; do
	rc_is 3 "test $p: banned PE" "$V" test --policy "$FIX/policies/$p.pol" "$FIX/bin/pe-banned"
	rc_is 3 "test $p: banned sbsign PE" "$V" test --policy "$FIX/policies/$p.pol" \
		"$FIX/bin/pe-banned-sbsign"
	rc_is 0 "test $p: good PE, banned timestamp countersigner" "$V" test \
		--policy "$FIX/policies/$p.pol" "$FIX/bin/pe-good-ts-banned"
	rc_is 0 "test $p: good PE" "$V" test --policy "$FIX/policies/$p.pol" "$FIX/bin/pe-good"
done
rc_is 3 "test: banned signature nested in a good PE" "$V" test \
	--policy "$FIX/policies/ban-by-cert.pol" "$UFIX/pe/nested.pe"
rc_is 0 "test: Authenticode proves an allow cert (the PE image digest)" "$V" test \
	--policy "$work/lock/lockdown.vbpolicy" "$FIX/bin/pe-good"
SCANPE=$work/scan-pe
mkdir -p "$SCANPE"
for f in pe-banned pe-banned-sbsign pe-good pe-good-ts-banned pe-unsigned; do
	{ cp "$FIX/bin/$f" "$SCANPE/$f" && chmod 755 "$SCANPE/$f"; } || die "fixture $f missing"
done
check "scan PE files" cmp -s <(printf 'deny %s\n' "$SCANPE/pe-banned" "$SCANPE/pe-banned-sbsign") \
	<("$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$SCANPE" | grep '^deny ' |
		sed 's/ rule=.*//' | sort)
printf 'vendorban-policy 1\nname ban-hash-pe\nversion 1\ndefault allow\ndeny file-sha256 %s\n' \
	"$(sha256sum <"$FIX/bin/pe-good" | cut -d' ' -f1)" >"$work/ban-hash-pe.pol"
rc_is 3 "test file-sha256 on a PE" "$V" test --policy "$work/ban-hash-pe.pol" "$FIX/bin/pe-good"
rc_is 0 "test file-sha256, other PE" "$V" test --policy "$work/ban-hash-pe.pol" "$FIX/bin/pe-good-ts-banned"
ima=$UFIX/ima/banned-leaf-rsa4096-sha512.sig
printf 'vendorban-policy 1\nname ban-ima\nversion 1\ndefault allow\ndeny ima-keyid %s\n' \
	"$(od -An -tx1 -j3 -N4 "$ima" | tr -d ' \n')" >"$work/ban-ima.pol"
cp "$FIX/bin/hello" "$work/ima-signed"
cp "$FIX/bin/hello" "$work/ima-unsigned"
if setfattr -n security.ima -v "0x$(od -An -tx1 -v "$ima" | tr -d ' \n')" "$work/ima-signed" 2>/dev/null; then
	rc_is 3 "test ima-keyid: security.ima key id banned" "$V" test --policy "$work/ban-ima.pol" \
		"$work/ima-signed"
	rc_is 0 "test ima-keyid: no security.ima" "$V" test --policy "$work/ban-ima.pol" "$work/ima-unsigned"
else
	echo "skip: ima-keyid tests (no security.* xattrs on $work)"
fi
mkdir -p "$work/tree/sub"
cp "$FIX/bin/banned-p256-cert" "$work/tree/sub/x"
cp "$FIX/bin/banned-p256-cert" "$work/tree/noexec"
chmod 0644 "$work/tree/noexec"
ln -s "$FIX/bin/banned-p384-cert" "$work/tree/link"
check "scan: ELF files with or without an execute bit, links not followed" \
	[ "$("$V" scan --policy "$FIX/policies/ban-by-subject-o.pol" "$work/tree" | grep -c '^deny ')" = 2 ]
check "scan: no progress bar when stderr is not a terminal" \
	[ -z "$("$V" scan --policy "$FIX/policies/ban-by-subject-o.pol" "$work/tree" 2>&1 >/dev/null)" ]

# --- scan tells the truth ------------------------------------------------------
#
# A Debian 12 layout in miniature: /bin is a symbolic link to usr/bin, a
# shared library and kernel modules without an execute bit, a PE file.

T=$work/truth
mkdir -p "$T/root/usr/bin" "$T/root/usr/lib" "$T/root/lib/modules/6.1/extra" "$T/root/efi"
ln -s usr/bin "$T/root/bin"
cp "$FIX/bin/banned-p256-cert" "$T/root/usr/bin/banned"
cp "$FIX/bin/good-p256-cert" "$T/root/usr/bin/good"
install -m 0644 "$FIX/lib/banned/libvbtest.so" "$T/root/usr/lib/libbanned.so.1"
install -m 0644 "$FIX/lib/good/libvbtest.so" "$T/root/usr/lib/libgood.so.1"
# a module is told by its content (an ELF object with .modinfo)
install -m 0644 "$FIX/modules/banned-p384.ko" "$T/root/lib/modules/6.1/extra/banned.ko"
# xz as Kbuild compresses modules (the kernel's xz_dec checks CRC32 only)
xz --check=crc32 --lzma2=dict=1MiB -c <"$FIX/modules/banned-p384.ko" \
	>"$T/root/lib/modules/6.1/extra/banned-xz.ko.xz"
zstd -q -c <"$FIX/modules/banned-p384.ko" >"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst"
gzip -c <"$FIX/modules/banned-p384.ko" >"$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz"
install -m 0644 "$FIX/bin/pe-banned" "$T/root/efi/BOOTX64.EFI"
printf 'not a program\n' >"$T/root/usr/lib/notes.txt"
printf 'vendorban-policy 1\nname u\nversion 1\ndefault allow\ndeny unsigned label=unsigned\n' \
	>"$work/deny-unsigned.pol"
OPOL=$FIX/policies/ban-by-subject-o.pol

# denies POLICY PATH...: the sorted "deny PATH" lines of a scan
denies() {
	pol=$1
	shift
	{ "$V" scan --policy "$pol" "$@" 2>/dev/null || true; } | sed -n 's/^deny \([^ ]*\) .*/\1/p' | sort
}

check "scan follows a symbolic link given as PATH (/bin -> usr/bin)" \
	[ "$(denies "$OPOL" "$T/root/bin")" = "$T/root/bin/banned" ]
check "scan of /bin checks what /usr/bin holds" grep -q '^summary: 2 files checked' \
	<("$V" scan --policy "$OPOL" "$T/root/bin")
check "scan finds .so, .ko and PE files without an execute bit" \
	[ "$(denies "$OPOL" "$T/root")" = "$(printf '%s\n' "$T/root/efi/BOOTX64.EFI" \
		"$T/root/lib/modules/6.1/extra/banned.ko" "$T/root/usr/bin/banned" \
		"$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz" \
		"$T/root/lib/modules/6.1/extra/banned-xz.ko.xz" \
		"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst" \
		"$T/root/usr/lib/libbanned.so.1" | sort)" ]
check "scan does not follow symbolic links inside the tree" \
	[ "$("$V" scan --policy "$OPOL" "$T/root" | grep -c "^deny $T/root/bin/")" = 0 ]
check "scan counts each kind of file" grep -qx \
	'summary: 9 files checked (2 executables, 2 other ELF files, 4 kernel modules, 1 PE file), 7 deny, 0 audit, 0 unreadable' \
	<("$V" scan --policy "$OPOL" "$T/root")
# Files under 2 bytes without an execute bit are no kind whatever their
# bytes (scan does not open them); "MZ" and an empty executable are.
mkdir -p "$T/tiny"
: >"$T/tiny/empty"
printf M >"$T/tiny/one"
printf MZ >"$T/tiny/mz"
install -m 0755 /dev/null "$T/tiny/empty-x"
check "scan: the shortest files of each kind, and those of none" grep -qx \
	'summary: 2 files checked (1 executable, 0 other ELF files, 0 kernel modules, 1 PE file), 2 deny, 0 audit, 0 unreadable' \
	<("$V" scan --policy "$work/deny-unsigned.pol" "$T/tiny")
check "scan: compressed modules are judged by the signer of their image" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-xz.ko.xz rule=5 label=banned-o (xz-compressed module)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: a .ko.zst too" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-zstd.ko.zst rule=5 label=banned-o (zstd-compressed module)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: a .ko.gz is malformed (not decompressed), as in the kernel" grep -qx \
	"deny $T/root/lib/modules/6.1/extra/banned-gzip.ko.gz rule=none label=? reason=corrupt (gzip-compressed module: gzip-compressed module (not decompressed))" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan: compressed modules are not unsigned" \
	[ "$(denies "$work/deny-unsigned.pol" "$T/root")" = "$T/root/lib/modules/6.1/extra/banned-gzip.ko.gz" ]
check "scan says how compressed modules were judged" grep -qx \
	"note: 3 compressed files were judged on the decompressed image, as the kernel judges a module load; 1 could not be decompressed (malformed)" \
	<("$V" scan --policy "$OPOL" "$T/root")
check "scan --json counts compressed modules" grep -q '"compressed_modules": 3, "undecompressed_modules": 1}' \
	<("$V" scan --json --policy "$OPOL" "$T/root")
check "scan --json names the compression" grep -q '"compressed_module": "xz"' \
	<("$V" scan --json --policy "$OPOL" "$T/root")
# inspect and test read a compressed module as the kernel's loader does.
xz --check=crc32 --lzma2=dict=1MiB -c "$FIX/bin/good-rsa2048-cert" >"$work/good.ko.xz"
check "inspect: a .ko.xz's signer, from its image" grep -q '^  compressed  *xz$' \
	<("$V" inspect "$T/root/lib/modules/6.1/extra/banned-xz.ko.xz")
check "inspect: the image's signature agrees with OpenSSL" \
	grep -q '^  signature  *present  \[agree\]' \
	<("$V" inspect "$T/root/lib/modules/6.1/extra/banned-xz.ko.xz")
rc_is 3 "test: a banned .ko.zst is denied" "$V" test --policy "$OPOL" \
	"$T/root/lib/modules/6.1/extra/banned-zstd.ko.zst"
check "test: allow cert is proven over a .ko.xz's image" grep -q '^  rule: *line 5, label good-0' \
	<("$V" test --policy "$FIX/policies/allow-twenty.pol" "$work/good.ko.xz")
head -c 300 "$work/good.ko.xz" >"$work/cut.ko.xz"
check "test: a .ko.xz cut short is malformed (reason corrupt)" grep -q 'corrupt' \
	<("$V" test --policy "$OPOL" "$work/cut.ko.xz")
# Signed files without a certificate, counted independently with inspect.
nocert=0
for f in "$SCAN"/*; do
	out=$("$V" inspect "$f" 2>/dev/null) || true
	grep -q '^  signature  *present' <<<"$out" &&
		grep -q '^  signer[0-9]*\.sid\.' <<<"$out" &&
		! grep -q '^  signer[0-9]*\.cert\.fingerprint' <<<"$out" && nocert=$((nocert + 1))
done
check "scan counts the signed files without a certificate ($nocert)" grep -qx \
	"note: $nocert signed files carry no signer certificate: subject-o, subject-cn, fingerprint and ca rules cannot match them" \
	<("$V" scan --policy "$OPOL" "$SCAN")
check "scan --json counts the signed files without a certificate" \
	grep -q "\"no_certificate\": $nocert" <("$V" scan --json --policy "$OPOL" "$SCAN")

# On a terminal (script(1) gives one), the progress estimate only grows and
# ends at 100% in the one walk.
script -qc "'$V' scan --policy '$FIX/policies/ban-by-subject-o.pol' '$T/root' >/dev/null" /dev/null |
	tr '\r' '\n' | sed -n 's/.*~ *\([0-9]*\)% .*/\1/p' >"$work/pct" || true
# shellcheck disable=SC2016 # an awk program
check "scan: the progress estimate grows to 100% ($(wc -l <"$work/pct") updates)" \
	awk 'BEGIN { p = -1 } $1 < p { exit 1 } { p = $1 } END { exit !(NR > 0 && p == 100) }' "$work/pct"

# Unreadable files and directories are named and make the scan fail (1),
# even when something would be denied (3): the scan is incomplete.  Root
# reads anything, so the scan runs as nobody.
U=$work/unread
mkdir -p "$U/open" "$U/closed"
cp "$FIX/bin/banned-p256-cert" "$U/open/banned"
cp "$FIX/bin/banned-p256-cert" "$U/secret"
chmod 0700 "$U/secret" "$U/closed"
chmod 0755 "$work" "$U" "$U/open"
[ "$(id -u)" = 0 ] || chmod 0000 "$U/secret"
set +e
as_nobody "$V" scan --policy "$OPOL" "$U" >"$work/unread.out" 2>"$work/unread.err"
rc=$?
set -e
if [ "$rc" = 1 ]; then ok "scan with unreadable files exits 1, over 3"; else
	not_ok "scan with unreadable files: exit $rc, want 1"; fi
check "scan names the unreadable file" grep -qx "unreadable $U/secret: Permission denied" "$work/unread.out"
check "scan names the unreadable directory" grep -qx "unreadable $U/closed: Permission denied" "$work/unread.out"
check "scan still lists what it could read" grep -qx "deny $U/open/banned rule=5 label=banned-o" "$work/unread.out"
check "scan summary counts the unreadable" grep -q ', 2 unreadable$' "$work/unread.out"
check "scan says it is incomplete" grep -qx \
	'note: the scan is incomplete: 2 paths could not be read (run it as root)' "$work/unread.out"
check "scan --json names the unreadable" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(u["path"] for u in d["unreadable"]) == sorted([sys.argv[2] + "/secret", sys.argv[2] + "/closed"]), d
assert all(u["error"] == "Permission denied" for u in d["unreadable"]), d
assert d["errors"] == 2' <(as_nobody "$V" scan --json --policy "$OPOL" "$U" 2>/dev/null || true) "$U"

# One file system by default; pseudo file systems never.  A private mount
# namespace (as root, or as a mapped root in a user namespace) holds them.
M=$work/mounts
mkdir -p "$M/tree/other" "$M/tree/proc"
cp "$FIX/bin/banned-p256-cert" "$M/tree/here"
# shellcheck disable=SC2016
inmnt='mount -t tmpfs none "$1/tree/other" && cp "$2" "$1/tree/other/there" &&
	mount -t proc proc "$1/tree/proc" && shift 2 && "$@"'
in_mounts() {
	unshare -rmpf --mount-proc sh -c "$inmnt" sh "$M" "$FIX/bin/banned-p256-cert" "$@"
}
check "scan stays on one file system" \
	[ "$(in_mounts "$V" scan --policy "$OPOL" "$M/tree" | sed -n 's/^deny \([^ ]*\) .*/\1/p')" = "$M/tree/here" ]
check "scan names the file systems it did not enter" grep -qx \
	"skipped $M/tree/other: another file system (--cross-filesystems enters it)" \
	<(in_mounts "$V" scan --policy "$OPOL" "$M/tree")
check "scan --cross-filesystems enters them" \
	[ "$(in_mounts "$V" scan --cross-filesystems --policy "$OPOL" "$M/tree" |
		sed -n 's/^deny \([^ ]*\) .*/\1/p' | sort)" = "$(printf '%s\n' "$M/tree/here" "$M/tree/other/there")" ]
check "scan --cross-filesystems skips pseudo file systems" grep -qx \
	"skipped $M/tree/proc: pseudo file system (proc)" \
	<(in_mounts "$V" scan --cross-filesystems --policy "$OPOL" "$M/tree")
check "scan of /proc skips it" grep -qx 'skipped /proc: pseudo file system (proc)' \
	<("$V" scan --policy "$OPOL" /proc)

# test and inspect decide files, not directories or devices.
mkfifo "$work/fifo"
for cmd in test inspect; do
	for f in "$T/root" /dev/null "$work/fifo"; do
		set +e
		if [ "$cmd" = test ]; then
			err=$(timeout 10 "$V" test --policy "$OPOL" "$f" 2>&1 >/dev/null)
		else
			err=$(timeout 10 "$V" inspect "$f" 2>&1 >/dev/null)
		fi
		rc=$?
		set -e
		case $f in "$T/root") want="$f: is a directory, not a file" ;;
		*) want="$f: not a regular file" ;; esac
		if [ "$rc" = 1 ] && grep -qF "$want" <<<"$err"; then ok "$cmd refuses ${f##*/}"
		else not_ok "$cmd ${f##*/}: exit $rc, '$err', want '$want'"; fi
	done
done
check "test still follows a symbolic link to a file" "$V" test --policy "$OPOL" "$T/root/bin/good"

# --- a tree too deep for a path (redteam14, RT14-3) ---------------------------
#
# A user's tree: 10 directories holding a banned copy each, and one
# directory 160 levels deep of 250-byte names (40 KB of path, past
# PATH_MAX) with a banned copy at the bottom.  glibc's fts stopped the
# whole walk there (fts_read() NULL, errno ENAMETOOLONG or 0) and scan
# reported a complete scan of what it had seen.  Every copy is found:
# the walk is by descriptors.  Then, with too few descriptors for the
# deep directory, it is named unreadable (why), the rest still walked,
# and the scan says it is incomplete (exit 1).
D=$work/deep
mkdir -p "$D"
for i in 0 1 2 3 4 5 6 7 8 9; do
	mkdir "$D/s0$i"
	cp "$FIX/bin/banned-p256-nocert" "$D/s0$i/banned"
done
python3 - "$D/a" "$FIX/bin/banned-p256-nocert" <<'PY'
import os, shutil, sys
os.mkdir(sys.argv[1])
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
for i in range(160):
    name = "d%03d" % i + "x" * 246
    os.mkdir(name, dir_fd=fd)
    nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
    os.close(fd)
    fd = nfd
with open(sys.argv[2], "rb") as src, \
        os.fdopen(os.open("banned", os.O_WRONLY | os.O_CREAT, 0o755, dir_fd=fd), "wb") as dst:
    shutil.copyfileobj(src, dst)
os.close(fd)
PY
rc_is 3 "scan of a tree with a directory 160 levels deep: exit 3 (denied, complete)" \
	"$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$D"
check "... every banned copy found, the deep one too (11)" \
	[ "$(grep -c '^deny ' "$tap_out")" = 11 ]
check "... its summary: 11 files checked, 0 unreadable" grep -q \
	'^summary: 11 files checked .* 11 deny, 0 audit, 0 unreadable$' "$tap_out"
rc_is 1 "scan with too few descriptors for the deep directory: exit 1 (incomplete)" \
	bash -c 'ulimit -n 40 && exec "$@"' - "$V" scan --policy "$FIX/policies/ban-by-cert.pol" "$D"
check "... the directory it could not open named, with why" \
	grep -q "^unreadable $D/a/d.*: Too many open files$" "$tap_out"
check "... the walk went on: the 10 other copies denied" \
	[ "$(grep -c '^deny ' "$tap_out")" = 10 ]
check "... and it says the scan is incomplete" grep -q '^note: the scan is incomplete: 1 path could not be read' "$tap_out"
