#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# package_test.sh - vendorbanctl's package directives (package,
# package-key, installed-package) and refresh, on the host, with packages
# made by the real tools (tests/pkg/make-fixtures.sh: gpg, rpmbuild,
# rpmsign, dpkg-deb, apt-ftparchive).
#
# Every expected digest is computed here with other tools than the
# compiler's (rpm2cpio and cpio, dpkg-deb, xz, sha256sum), every bad input
# has its exact message asserted, and a failed compile must leave the
# policy in force alone.  Ends with "package: N passed, N failed".

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$ROOT/build/userspace/vendorbanctl}
FIX=$ROOT/build/fixtures/packages
TAP_PART=package
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

[ -x "$V" ] || die "$V missing (make -C userspace)"
"$ROOT/tests/pkg/make-fixtures.sh" "$FIX" || die "tests/pkg/make-fixtures.sh failed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
P=$work/p
mkdir -p "$P"
# The sources are written beside the fixtures' directories (paths in
# them are relative to the source).
for d in keys rpm rpm-expired deb repo-vendor repo-good; do
	ln -s "$FIX/$d" "$P/$d"
done

# src NAME LINE...: a policy source $P/NAME.vbpolicy with these rules
src() {
	local name=$1
	shift
	{
		printf 'vendorban-policy 1\nname t\nversion 1\ndefault allow\n'
		printf '%s\n' "$@"
	} >"$P/$name.vbpolicy"
}

# hashes FILE: the digests of a compiled policy's rules, sorted
hashes() {
	awk '$2 == "file-sha256" { print $3 }' "$1" | sort
}

# expect_error NAME WANT: compiling NAME fails with the line WANT on
# standard error, and prints no policy
expect_error() {
	local name=$1 want=$2 rc=0
	"$V" compile "$P/$name.vbpolicy" >"$work/out" 2>"$work/err" || rc=$?
	if [ "$rc" -eq 1 ] && [ ! -s "$work/out" ] && grep -qxF -- "$want" "$work/err"; then
		ok "$name: $want"
	else
		not_ok "$name (exit $rc, want: $want)"
		sed 's/^/# /' "$work/err"
	fi
}

# --- what each package holds, by other tools ------------------------------

ban_rpm=$FIX/rpm/vbban-tool-1.0-1.x86_64.rpm
mkdir -p "$work/x/rpm"
(cd "$work/x/rpm" && rpm2cpio "$ban_rpm" | cpio -idm --quiet)
{
	sha256sum "$work/x/rpm/usr/bin/vbban-prog" "$work/x/rpm/usr/bin/vbban-dyn" \
		"$work/x/rpm/usr/lib/libvbban.so" \
		"$work/x/rpm/usr/libexec/vbban/helper.sh" | cut -d' ' -f1
	xz -dc "$work/x/rpm/usr/lib/modules/6.1.0-vbtest/extra/vbban.ko.xz" |
		sha256sum | cut -d' ' -f1
} | sort >"$work/want-rpm"
for v in 1.0 2.0; do
	dpkg-deb --extract "$FIX/deb/vbban-tool_${v}_amd64.deb" "$work/x/deb-$v"
	find "$work/x/deb-$v" -type f -exec sha256sum {} + | cut -d' ' -f1 |
		sort >"$work/want-deb-$v"
done
dpkg-deb --extract "$FIX/deb/vbgood-tool_1.0_amd64.deb" "$work/x/good"
find "$work/x/good" -type f -exec sha256sum {} + | cut -d' ' -f1 | sort \
	>"$work/want-good"
dpkg-deb --extract "$FIX/deb/vbgood-tool_2.0_amd64.deb" "$work/x/good2"
find "$work/x/good2" -type f -exec sha256sum {} + | cut -d' ' -f1 | sort \
	>"$work/want-good2"
sort -u "$work/want-deb-1.0" "$work/want-deb-2.0" >"$work/want-repo"

check "fixtures: the RPM holds 5 files the kernel checks" \
	test "$(wc -l <"$work/want-rpm")" -eq 5

# --- package -----------------------------------------------------------------

src rpm 'deny package "rpm/vbban-tool-1.0-1.x86_64.rpm"'
"$V" compile -o "$work/rpm.pol" "$P/rpm.vbpolicy" 2>"$work/err"
check "package .rpm: program, library, dynamic program, script, module image; not the document" \
	cmp -s <(hashes "$work/rpm.pol") "$work/want-rpm"
check "package .rpm: labelled with the RPM's vendor and the package" \
	test "$(grep -c ' label=Banned-Vendor.vbban-tool$' "$work/rpm.pol")" -eq 5
check "package .rpm: a note counts the package and rules" \
	grep -qxF "$P/rpm.vbpolicy:5:6: note: package: 1 package, 5 rules" "$work/err"
check "package .rpm: the module's rule is its decompressed image's SHA-256" \
	grep -q "$(xz -dc "$work/x/rpm/usr/lib/modules/6.1.0-vbtest/extra/vbban.ko.xz" |
		sha256sum | cut -d' ' -f1)" "$work/rpm.pol"
src deb 'deny package "deb/vbban-tool_1.0_amd64.deb" label=bv'
"$V" compile -o "$work/deb.pol" "$P/deb.vbpolicy" 2>/dev/null
check "package .deb: its program and library" \
	cmp -s <(hashes "$work/deb.pol") "$work/want-deb-1.0"
check "package .deb: label=bv gives bv.vbban-tool" \
	test "$(grep -c ' label=bv.vbban-tool$' "$work/deb.pol")" -eq 2
src dir 'audit package "deb"'
"$V" compile -o "$work/dir.pol" "$P/dir.vbpolicy" 2>/dev/null
check "package DIR: every .deb in it (vbban-tool and vbgood-tool 1.0 and 2.0, vbunrelated)" \
	test "$(hashes "$work/dir.pol" | wc -l)" -eq $((
	$(find "$work/x/deb-1.0" "$work/x/deb-2.0" "$work/x/good" "$work/x/good2" \
		-type f | wc -l) + 1))
# Maintainer scripts: dpkg runs them from /var/lib/dpkg/info, so an
# allow-list allows them; a ban leaves them (the package can be removed).
post=$(dpkg-deb --ctrl-tarfile "$FIX/deb/vbban-tool_2.0_amd64.deb" |
	tar -xO ./postinst | sha256sum | cut -d' ' -f1)
src scripts-deny 'deny package "deb/vbban-tool_2.0_amd64.deb"'
"$V" compile -o "$work/sd.pol" "$P/scripts-deny.vbpolicy" 2>/dev/null
check "deny package: the .deb's files, not its postinst" \
	cmp -s <(hashes "$work/sd.pol") "$work/want-deb-2.0"
src scripts-allow 'allow package "deb/vbban-tool_2.0_amd64.deb"'
"$V" compile -o "$work/sa.pol" "$P/scripts-allow.vbpolicy" 2>/dev/null
check "allow package: the .deb's files and its postinst, which dpkg runs" \
	cmp -s <(hashes "$work/sa.pol") <(sort -u "$work/want-deb-2.0" <(echo "$post"))
src same 'deny package "deb/vbban-tool_1.0_amd64.deb"' \
	'deny package "deb/vbban-tool_1.0_amd64.deb"'
"$V" compile -o "$work/same.pol" "$P/same.vbpolicy" 2>"$work/err"
check "a file already given a rule gets none again" \
	test "$(hashes "$work/same.pol" | wc -l)" -eq 2
check "... and the note says so" grep -qxF \
	"$P/same.vbpolicy:6:6: note: package: 1 package, 0 rules; 2 files already had a rule" \
	"$work/err"

# --- package-key: RPMs -------------------------------------------------------

src key-dir 'deny package-key "keys/vendor.asc" "rpm" label=banned'
"$V" compile -o "$work/key-dir.pol" "$P/key-dir.vbpolicy" 2>"$work/err"
check "package-key DIR: only the RPM the key signs" \
	cmp -s <(hashes "$work/key-dir.pol") "$work/want-rpm"
check "package-key DIR: the packages of another key and unsigned ones skipped" \
	grep -qxF "$P/key-dir.vbpolicy:5:6: note: package-key: 1 package, 5 rules; 2 packages signed by another key or not at all skipped" \
	"$work/err"
src key-file 'deny package-key "keys/vendor.asc" "rpm/vbban-tool-1.0-1.x86_64.rpm"'
"$V" compile -o "$work/key-file.pol" "$P/key-file.vbpolicy" 2>/dev/null
check "package-key FILE.rpm signed by the key" \
	cmp -s <(hashes "$work/key-file.pol") "$work/want-rpm"
src other-key 'deny package-key "keys/other.asc" "rpm"'
"$V" compile -o "$work/other.pol" "$P/other-key.vbpolicy" 2>/dev/null
check "package-key with another vendor's key: only that vendor's package" \
	test "$(hashes "$work/other.pol")" = \
	"$(sha256sum "$FIX/root/vbother-tool-rpm/usr/bin/vbother-prog" | cut -d' ' -f1)"

other_id=$(gpg --homedir "$work" --batch --with-colons --show-keys \
	"$FIX/keys/other.asc" 2>/dev/null | awk -F: '/^pub/ { print $5; exit }')
src by-other 'deny package-key "keys/vendor.asc" "rpm/vbother-tool-1.0-1.x86_64.rpm"'
expect_error by-other "$P/by-other.vbpolicy:5:36: 'rpm/vbother-tool-1.0-1.x86_64.rpm': not signed by a key of 'keys/vendor.asc': signed by key $other_id, which is not in 'keys/vendor.asc'"
src unsigned 'deny package-key "keys/vendor.asc" "rpm/vbunsigned-1.0-1.x86_64.rpm"'
expect_error unsigned "$P/unsigned.vbpolicy:5:36: 'rpm/vbunsigned-1.0-1.x86_64.rpm': not signed by a key of 'keys/vendor.asc': it carries no signature"

key_line() {	# key_line NAME: "FPR \"UID\"" of a key file
	gpg --homedir "$work" --batch --with-colons --show-keys "$FIX/keys/$1.asc" \
		2>/dev/null | awk -F: '/^fpr/ && !f { f = $10 } /^uid/ && !u { u = $10 }
			END { printf "%s \"%s\"", f, u }'
}
src expired 'deny package-key "keys/expired.asc" "rpm"'
expect_error expired "$P/expired.vbpolicy:5:18: 'keys/expired.asc': no usable key: $(key_line expired) is expired"
src revoked 'deny package-key "keys/revoked.asc" "rpm"'
expect_error revoked "$P/revoked.vbpolicy:5:18: 'keys/revoked.asc': no usable key: $(key_line revoked) is revoked"
src notakey 'deny package-key "keys/notakey.asc" "rpm"'
expect_error notakey "$P/notakey.vbpolicy:5:18: 'keys/notakey.asc': not an OpenPGP key (gpg: no valid OpenPGP data found.)"
src by-expired 'deny package-key "keys/vendor+expired.asc" "rpm-expired"'
expect_error by-expired "$P/by-expired.vbpolicy:5:44: 'rpm-expired/vbexpired-tool-1.0-1.x86_64.rpm': signed by key $(key_line expired) of 'keys/vendor+expired.asc', which is expired"

# Bad packages, made here from the good one.
mkdir -p "$P/bad"
python3 - "$ban_rpm" "$P/bad" <<'EOF'
import subprocess, sys
rpm, out = sys.argv[1], sys.argv[2]
data = open(rpm, 'rb').read()
sig = bytes.fromhex(subprocess.run(
    ['rpm', '-qp', '--nosignature', '--qf', '%{RSAHEADER}', rpm],
    capture_output=True, text=True, check=True).stdout)
at = data.find(sig)
assert at > 0, "no signature in the RPM"
b = bytearray(data)
b[at + len(sig) - 10] ^= 1          # inside the signature's MPI
open(out + '/badsig.rpm', 'wb').write(b)
b = bytearray(data)
b[len(b) - 100] ^= 1                # inside the payload
open(out + '/corrupt.rpm', 'wb').write(b)
open(out + '/truncated.rpm', 'wb').write(data[:3000])
EOF
head -c -200 "$FIX/deb/vbban-tool_1.0_amd64.deb" >"$P/bad/truncated.deb"
printf 'not a package\n' >"$P/bad/text.rpm"
src badsig 'deny package-key "keys/vendor.asc" "bad/badsig.rpm"'
expect_error badsig "$P/badsig.vbpolicy:5:36: 'bad/badsig.rpm': its signature does not verify"
src corrupt 'deny package "bad/corrupt.rpm"'
expect_error corrupt "$P/corrupt.vbpolicy:5:14: 'bad/corrupt.rpm': a digest does not match: the package is corrupt or truncated (rpmkeys: failed)"
src corrupt-key 'deny package-key "keys/vendor.asc" "bad/corrupt.rpm"'
expect_error corrupt-key "$P/corrupt-key.vbpolicy:5:36: 'bad/corrupt.rpm': a digest does not match: the package is corrupt"
src truncated-rpm 'deny package "bad/truncated.rpm"'
"$V" compile "$P/truncated-rpm.vbpolicy" >/dev/null 2>"$work/err" || true
check "truncated .rpm: an error naming it" \
	grep -q "^$P/truncated-rpm.vbpolicy:5:14: 'bad/truncated.rpm': a digest does not match: the package is corrupt or truncated (rpmkeys: error: bad/truncated.rpm: " \
	"$work/err"
src truncated-deb 'deny package "bad/truncated.deb"'
"$V" compile "$P/truncated-deb.vbpolicy" >/dev/null 2>"$work/err" || true
check "truncated .deb: an error naming it" \
	grep -q "^$P/truncated-deb.vbpolicy:5:14: 'bad/truncated.deb': its files cannot be unpacked: the package is corrupt (dpkg-deb: " \
	"$work/err"
src text 'deny package "bad/text.rpm"'
expect_error text "$P/text.vbpolicy:5:14: 'bad/text.rpm': not an RPM or Debian package (no .rpm or .deb magic)"
src deb-key 'deny package-key "keys/vendor.asc" "deb/vbban-tool_1.0_amd64.deb"'
expect_error deb-key "$P/deb-key.vbpolicy:5:36: 'deb/vbban-tool_1.0_amd64.deb': a .deb carries no signature of its own: name the apt repository that lists it"
src missing 'deny package "nope.rpm"'
expect_error missing "$P/missing.vbpolicy:5:14: cannot read 'nope.rpm': No such file or directory"

# --- package-key: apt repositories ------------------------------------------------

src repo 'deny package-key "keys/vendor.asc" "repo-vendor" label=bv'
"$V" compile -o "$work/repo.pol" "$P/repo.vbpolicy" 2>/dev/null
check "package-key REPO: every .deb of the signed repository (1.0 and 2.0)" \
	cmp -s <(hashes "$work/repo.pol") "$work/want-repo"
src repo-other 'deny package-key "keys/other.asc" "repo-vendor"'
expect_error repo-other "$P/repo-other.vbpolicy:5:35: 'repo-vendor/dists/stable/InRelease': signed by key $(gpg --homedir "$work" --batch --with-colons --show-keys "$FIX/keys/vendor.asc" 2>/dev/null | awk -F: '/^pub/ { print $5; exit }'), which is not in 'keys/other.asc'"
cp -a "$FIX/repo-vendor" "$P/tampered"
sed -i 's/^Suite: stable$/Suite: stablx/' "$P/tampered/dists/stable/InRelease"
src tampered 'deny package-key "keys/vendor.asc" "tampered"'
expect_error tampered "$P/tampered.vbpolicy:5:36: 'tampered/dists/stable/InRelease': the signature by key $(gpg --homedir "$work" --batch --with-colons --show-keys "$FIX/keys/vendor.asc" 2>/dev/null | awk -F: '/^pub/ { print $5; exit }') does not verify"
cp -a "$FIX/repo-vendor" "$P/swapped"
cp "$FIX/deb/vbunrelated_1.0_amd64.deb" "$P/swapped/pool/main/vbban-tool_2.0_amd64.deb"
src swapped 'deny package-key "keys/vendor.asc" "swapped"'
expect_error swapped "$P/swapped.vbpolicy:5:36: 'swapped/pool/main/vbban-tool_2.0_amd64.deb' does not match the SHA-256 its entry in 'Packages' gives ($(awk '/^Filename: pool\/main\/vbban-tool_2.0/ { f = 1 } f && /^SHA256:/ { print $2; exit }' "$FIX/repo-vendor/dists/stable/main/binary-amd64/Packages")): the package or the index was changed"
cp -a "$FIX/repo-vendor" "$P/index"
sed -i 's/^Maintainer: .*/Maintainer: someone else/' \
	"$P/index/dists/stable/main/binary-amd64/Packages"
src index 'deny package-key "keys/vendor.asc" "index"'
expect_error index "$P/index.vbpolicy:5:36: 'index/dists/stable/main/binary-amd64/Packages' does not match the SHA-256 its signed Release gives"
mkdir -p "$P/norepo/dists"
src norepo 'deny package-key "keys/vendor.asc" "norepo"'
expect_error norepo "$P/norepo.vbpolicy:5:36: 'norepo' is no apt repository: no InRelease or Release.gpg in it or in its dists/*/"

# --- installed packages: a dpkg root made with dpkg --root ---------------------

sys=$work/sys
mkdir -p "$sys/var/lib/dpkg/info" "$sys/var/lib/dpkg/updates" \
	"$sys/var/lib/apt/lists" "$sys/var/cache/apt/archives"
: >"$sys/var/lib/dpkg/status"
dpkg --root="$sys" --log=/dev/null -i "$FIX/deb/vbban-tool_1.0_amd64.deb" \
	"$FIX/deb/vbgood-tool_1.0_amd64.deb" "$FIX/deb/vbunrelated_1.0_amd64.deb" \
	>/dev/null || die "dpkg --root failed"
# apt's lists, as apt update leaves them: InRelease and the index, named
# by the repository's URI
for r in repo-vendor repo-good; do
	cp "$FIX/$r/dists/stable/InRelease" \
		"$sys/var/lib/apt/lists/example.invalid_${r}_dists_stable_InRelease"
	cp "$FIX/$r/dists/stable/main/binary-amd64/Packages" \
		"$sys/var/lib/apt/lists/example.invalid_${r}_dists_stable_main_binary-amd64_Packages"
done
cp "$FIX/deb/vbgood-tool_1.0_amd64.deb" "$sys/var/cache/apt/archives/"

src inst 'deny installed-package vbban-tool'
"$V" compile --package-root "$sys" -o "$work/inst.pol" "$P/inst.vbpolicy" 2>/dev/null
check "installed-package: the installed files, hashed from disk" \
	cmp -s <(hashes "$work/inst.pol") "$work/want-deb-1.0"
printf 'changed on disk\n' >>"$sys/usr/bin/vbban-prog"
"$V" compile --package-root "$sys" -o "$work/inst2.pol" "$P/inst.vbpolicy" 2>/dev/null
check "installed-package: a file changed on disk is banned as it is now" \
	grep -q "$(sha256sum "$sys/usr/bin/vbban-prog" | cut -d' ' -f1)" "$work/inst2.pol"
src noinst 'deny installed-package nosuchpackage'
expect_error noinst "$P/noinst.vbpolicy:5:24: package 'nosuchpackage' is not installed (dpkg-query: no packages found matching nosuchpackage)"
src allow-inst 'allow installed-package vbgood-tool'
expect_error allow-inst "$P/allow-inst.vbpolicy:5:7: 'allow installed-package' is not possible: files on disk prove nothing; allow packages by their signature with 'allow package-key'"

src key-inst 'deny package-key "keys/vendor.asc" installed label=bv'
"$V" compile --package-root "$sys" -o "$work/key-inst.pol" "$P/key-inst.vbpolicy" 2>/dev/null
check "package-key installed (deny): the installed package the key's index lists, from disk" \
	cmp -s <(hashes "$work/key-inst.pol") <(hashes "$work/inst2.pol")

# The allow-list: the repository key, InRelease, Packages, the .deb from
# apt's cache, its files.
{
	printf 'vendorban-policy 1\nname t\nversion 1\ndefault deny\n'
	printf 'allow package-key "keys/repo.asc" installed label=trusted\n'
} >"$P/allow.vbpolicy"
"$V" compile --package-root "$sys" -o "$work/allow.pol" "$P/allow.vbpolicy" \
	2>"$work/err"
check "allow package-key installed: the files of the .deb the index vouches for" \
	cmp -s <(hashes "$work/allow.pol") "$work/want-good"
check "allow package-key installed: the packages it cannot vouch for named" \
	grep -qxF "$P/allow.vbpolicy:5:35: warning: 2 installed packages are not at their installed version in an index 'keys/repo.asc' verifies (vbban-tool, vbunrelated): their files get no allow rule" \
	"$work/err"
printf 'changed on disk\n' >>"$sys/usr/bin/vbgood-prog"
# scan has no --package-root: the allow-list compiled above, scanned with
cp "$work/allow.pol" "$P/allow-compiled.policy"
"$V" scan --policy "$P/allow-compiled.policy" "$sys/usr" >"$work/scan" 2>/dev/null || true
check "allow-list: a file changed on disk is not allowed (scan)" \
	grep -q "^deny $sys/usr/bin/vbgood-prog rule=default" "$work/scan"
check "allow-list: its unchanged library is allowed (scan)" \
	bash -c "! grep -q 'libvbgood' '$work/scan'"
rm "$sys/var/cache/apt/archives/vbgood-tool_1.0_amd64.deb"
"$V" compile --package-root "$sys" "$P/allow.vbpolicy" >"$work/out" 2>"$work/err" || true
check "allow package-key installed without the .deb: an error with the fix" \
	grep -qxF "$P/allow.vbpolicy:5:35: vbgood-tool 1.0 (amd64): its .deb is not in apt's cache, and files on disk prove nothing; fetch it: apt-get install --reinstall --download-only vbgood-tool" \
	"$work/err"
check "... and no policy" test ! -s "$work/out"
cp "$FIX/deb/vbgood-tool_1.0_amd64.deb" "$sys/var/cache/apt/archives/"
sed -i 's/^Version: 1.0$/Version: 1.1/' \
	"$sys/var/lib/apt/lists/example.invalid_repo-good_dists_stable_main_binary-amd64_Packages"
"$V" compile --package-root "$sys" -o "$work/allow3.pol" "$P/allow.vbpolicy" 2>"$work/err"
check "allow package-key installed: an index that does not match its InRelease vouches for nothing" \
	test "$(hashes "$work/allow3.pol" | wc -l)" -eq 0
cp "$FIX/repo-good/dists/stable/main/binary-amd64/Packages" \
	"$sys/var/lib/apt/lists/example.invalid_repo-good_dists_stable_main_binary-amd64_Packages"

# --- the examples in policy/ ----------------------------------------------------------

ex=$work/ex
mkdir -p "$ex/keys" "$ex/certs"
cp "$ROOT/policy/ban-vendor-packages.vbpolicy" "$ROOT/policy/debian-allowlist.vbpolicy" "$ex/"
cp "$FIX/keys/vendor.asc" "$ex/keys/vendor.asc"
cp "$FIX/keys/ima-vendor.pem" "$ex/certs/vendor-ima.pem"
"$V" compile --package-root "$sys" -o "$work/ex.pol" "$ex/ban-vendor-packages.vbpolicy" 2>/dev/null
check "example ban-vendor-packages: the installed package its key signs, from disk" \
	cmp -s <(hashes "$work/ex.pol") <(hashes "$work/inst2.pol")
check "example ban-vendor-packages: its IMA certificate and its registration" \
	bash -c "grep -q '^deny ima-cert ' '$work/ex.pol' && grep -qx 'deny legal-entity \"RU-1027739867473\" label=vendor' '$work/ex.pol'"
"$V" compile --package-root "$sys" -o "$work/ex2.pol" "$ex/debian-allowlist.vbpolicy" 2>"$work/err"
check "example debian-allowlist compiles (no index here verifies with Debian's key: a warning)" \
	grep -q "warning: no Release file in '$sys/var/lib/apt/lists' verifies with '/usr/share/keyrings/debian-archive-keyring.gpg'" "$work/err"

# --- inspect --rules: a package's rules, pasted with the vendor's key -------------

# pasted NAME RULES: a policy of RULES with KEYFILE and REPO filled in,
# compiled into $work/NAME.pol (empty if it does not compile)
pasted() {
	{
		printf 'vendorban-policy 1\nname t\nversion 1\ndefault allow\n'
		grep '^deny ' "$2" | sed 's|"KEYFILE"|"keys/vendor.asc"|; s|"REPO"|"repo-vendor"|'
	} >"$P/$1.vbpolicy"
	"$V" compile -o "$work/$1.pol" "$P/$1.vbpolicy" 2>/dev/null || : >"$work/$1.pol"
}
(cd "$P" && "$V" inspect --rules rpm/vbban-tool-1.0-1.x86_64.rpm) >"$work/rules-rpm"
vendor_keyid=$(gpg --homedir "$work" --batch --with-colons --show-keys "$FIX/keys/vendor.asc" \
	2>/dev/null | awk -F: '/^pub/ { print tolower($5); exit }')
check "inspect --rules .rpm: names the key id of its signature (the vendor's key)" \
	grep -q "Key ID $vendor_keyid)\$" "$work/rules-rpm"
pasted rules-rpm "$work/rules-rpm"
check "inspect --rules .rpm: its package and package-key rules compile, with its files" \
	cmp -s <(hashes "$work/rules-rpm.pol") <(sort -u "$work/want-rpm" <(grep '^deny file-sha256' \
	"$work/rules-rpm" | cut -d' ' -f3))
(cd "$P" && "$V" inspect --rules rpm/vbunsigned-1.0-1.x86_64.rpm) >"$work/rules-unsigned"
check "inspect --rules of an unsigned .rpm: says so, and gives no package-key rule" \
	bash -c "grep -qx '# it carries no OpenPGP signature: no package-key rule names it' '$work/rules-unsigned' && ! grep -q '^deny package-key' '$work/rules-unsigned'"
(cd "$P" && "$V" inspect --rules deb/vbban-tool_1.0_amd64.deb) >"$work/rules-deb"
pasted rules-deb "$work/rules-deb"
check "inspect --rules .deb: package, and package-key over its repository, compile: both versions' files" \
	cmp -s <(hashes "$work/rules-deb.pol") <(sort -u "$work/want-repo" <(grep '^deny file-sha256' \
	"$work/rules-deb" | cut -d' ' -f3))

# --- scan: exactly the banned packages' files --------------------------------

src scanban 'deny package-key "keys/vendor.asc" "rpm" label=bv' \
	'deny package-key "keys/vendor.asc" "repo-vendor" label=bv'
rc=0
"$V" scan --policy "$P/scanban.vbpolicy" "$FIX/root" >"$work/scan" 2>/dev/null || rc=$?
check "scan: exits 3" test "$rc" -eq 3
(cd "$FIX/root" && find vbban-tool-rpm vbban-tool-1.0-deb vbban-tool-2.0-deb \
	-type f ! -name README | sed "s|^|deny $FIX/root/|" | sort) >"$work/want-scan"
check "scan: lists exactly the banned vendor's files" \
	cmp -s <(grep '^deny ' "$work/scan" | cut -d' ' -f1-2 | sort) "$work/want-scan"

# --- refresh, and nothing half-compiled loaded ----------------------------------

fs=$work/securityfs
mkdir -p "$fs"
printf 'vendorban-policy 1\nname before\nversion 1\ndefault allow\n' >"$fs/policy"
cp "$fs/policy" "$work/before"
export VENDORBAN_SECURITYFS=$fs
src bad 'deny package "bad/corrupt.rpm"'
rc=0
"$V" load "$P/bad.vbpolicy" >/dev/null 2>&1 || rc=$?
check "load of a bad package directive fails, the policy in force unchanged" \
	bash -c "[ $rc -eq 1 ] && cmp -s '$fs/policy' '$work/before'"
cp "$FIX/deb/vbban-tool_1.0_amd64.deb" "$P/vbban-1.deb"
src refresh 'deny installed-package vbban-tool label=bv'
"$V" refresh --source "$P/refresh.vbpolicy" --output "$work/policy" \
	--package-root "$sys" >"$work/out" 2>/dev/null
check "refresh: writes the compiled policy" \
	cmp -s <(hashes "$work/policy") <(hashes "$work/inst2.pol")
check "refresh: loads it" cmp -s "$fs/policy" "$work/policy"
"$V" refresh --source "$P/refresh.vbpolicy" --output "$work/policy" \
	--package-root "$sys" >"$work/out" 2>/dev/null
check "refresh again: nothing changes" grep -qx "policy t: 2 rules, already in force" "$work/out"
echo "$FIX/deb/vbban-tool_2.0_amd64.deb" |
	"$V" refresh --pending - --source "$P/refresh.vbpolicy" \
		--output "$work/policy" --package-root "$sys" >/dev/null 2>&1
check "refresh --pending: the new version's files banned before dpkg unpacks them" \
	cmp -s <(hashes "$fs/policy") <(sort -u <(hashes "$work/inst2.pol") "$work/want-deb-2.0")
src refresh-key 'deny package-key "keys/vendor.asc" installed label=bv'
echo "$FIX/deb/vbban-tool_2.0_amd64.deb" |
	"$V" refresh --pending - --source "$P/refresh-key.vbpolicy" \
		--output "$work/policy" --package-root "$sys" >/dev/null 2>&1
check "refresh --pending with package-key installed: the new version verified through apt's lists" \
	cmp -s <(hashes "$fs/policy") <(sort -u <(hashes "$work/inst2.pol") "$work/want-deb-2.0")
# An allowed package upgraded through apt keeps running: before dpkg
# unpacks 2.0 (Pre-Install-Pkgs), the allow-list holds both versions;
# after (Post-Invoke), the version installed.  Both refreshes run the boot check
# on the staged system (--sysroot), not on this machine, whose init this
# allow-list does not allow.
{
	printf 'vendorban-policy 1\nname t\nversion 1\ndefault deny\n'
	printf 'allow package-key "keys/repo.asc" installed label=trusted\n'
} >"$P/refresh-allow.vbpolicy"
echo "$FIX/deb/vbgood-tool_2.0_amd64.deb" |
	"$V" refresh --pending - --no-initramfs --source "$P/refresh-allow.vbpolicy" \
		--output "$work/policy" --package-root "$sys" \
		--sysroot "$sys" --initramfs none >/dev/null 2>&1
check "refresh --pending, allow-list: the installed and the new version allowed before dpkg unpacks" \
	cmp -s <(hashes "$fs/policy") <(sort -u "$work/want-good" "$work/want-good2")
dpkg --root="$sys" --log=/dev/null -i "$FIX/deb/vbgood-tool_2.0_amd64.deb" >/dev/null
cp "$FIX/deb/vbgood-tool_2.0_amd64.deb" "$sys/var/cache/apt/archives/"
"$V" refresh --no-initramfs --source "$P/refresh-allow.vbpolicy" \
	--output "$work/policy" --package-root "$sys" \
	--sysroot "$sys" --initramfs none >/dev/null 2>&1
check "refresh after the upgrade, allow-list: the version installed now" \
	cmp -s <(hashes "$fs/policy") "$work/want-good2"
# --unless-apt (vendorban-refresh.path): dpkg's frontend lock held by a
# frontend (apt runs its hook after dpkg): nothing; held by dpkg run
# alone (it takes the lock itself): the refresh waits until dpkg is done,
# since dpkg changes its database again before it lets go.
# hold NAME SECONDS: a process named NAME (its comm) holds the lock
hold() {
	rm -f "$work/held"
	python3 -c '
import ctypes, fcntl, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
f = open(sys.argv[3], "w")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[4], "w").close()
time.sleep(float(sys.argv[2]))' "$1" "$2" "$sys/var/lib/dpkg/lock-frontend" "$work/held" &
	holder=$!
	wait_for 10 test -e "$work/held" || die "the lock holder did not start"
}
hold apt-get 2
"$V" refresh --unless-apt --source "$P/refresh.vbpolicy" --output "$work/policy-path" \
	--package-root "$sys" >"$work/out" 2>&1
check "refresh --unless-apt while apt runs: nothing (apt's hook refreshes)" \
	bash -c "grep -qx 'apt is running: its hook refreshes the policy when dpkg is done' '$work/out' && [ ! -e '$work/policy-path' ]"
wait "$holder"
hold dpkg 2
"$V" refresh --unless-apt --source "$P/refresh.vbpolicy" --output "$work/policy-path" \
	--package-root "$sys" >"$work/out" 2>&1
rc=0
kill -0 "$holder" 2>/dev/null && rc=1
grep -qx 'dpkg is running: refreshing when it is done' "$work/out" || rc=1
cmp -s <(hashes "$work/policy-path") <(hashes "$work/inst2.pol") || rc=1
check $rc "refresh --unless-apt while dpkg runs alone: waits until dpkg is done, then refreshes"
wait "$holder"
check "refresh without a source does nothing" \
	bash -c "'$V' refresh --source '$P/none.vbpolicy' | grep -qx 'no $P/none.vbpolicy: nothing to refresh'"

tap_done
