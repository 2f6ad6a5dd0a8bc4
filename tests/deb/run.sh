#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# tests/deb/run.sh - the Debian packages that `make deb` built in
# build/deb/: lintian reports no error or warning (overrides are justified
# in debian/*.lintian-overrides); the versions agree (VERSION,
# debian/changelog, dkms.conf, the packages); each package holds every
# file README.md's "Installing on Debian" lists for it, vendorban-dkms the
# whole module source, and vendorbanctl marks its files in /etc as
# conffiles; the unit runs the packaged tool; every library the tool links
# is a build dependency and the tool's runtime dependency.  (DKMS building
# vendorban.ko from the package is make check-debian's: apt installs it in
# the server image there and DKMS builds it for both stock kernels.)
# Prints "deb: N passed, N failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
debs=$repo/build/deb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAP_PREFIX="deb: " TAP_PART=deb
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

version=$(cat "$repo/VERSION")
ctl=$debs/vendorbanctl_${version}_amd64.deb
dkms=$debs/vendorban-dkms_${version}_all.deb
[ -f "$ctl" ] && [ -f "$dkms" ]
check $? "make deb built vendorbanctl and vendorban-dkms $version"
[ "$(find "$debs" -maxdepth 1 -name '*.deb' | wc -l)" = 2 ]
check $? "build/deb holds exactly the two packages"

# dpkg-buildpackage ran in build/deb/src: nothing of it in the checkout
# (debian/files, stamps, staging trees) or beside it (../*.deb).
ls -d "$repo"/debian/files "$repo"/debian/*debhelper* "$repo"/debian/.debhelper \
	"$repo"/debian/vendorbanctl "$repo"/debian/vendorban-dkms \
	"$repo"/../vendorban*_"$version"_*.deb \
	"$repo"/../vendorban_"$version"_*.changes >"$tmp/litter" 2>/dev/null
[ ! -s "$tmp/litter" ]
rc=$?
check $rc "make deb leaves the checkout and its parent clean"
[ $rc = 0 ] || show "$tmp/litter"

# --- lintian ---
# (lintian exits non-zero on an error tag, and when it cannot run at all)
lintian --pedantic --info "$ctl" "$dkms" >"$tmp/lintian" 2>&1
lrc=$?
grep -v '^running with root privileges' "$tmp/lintian" >"$tmp/lintian.tags"
[ $lrc = 0 ] && ! grep -Eq '^[EW]: ' "$tmp/lintian.tags"
rc=$?
check $rc "lintian: no errors, no warnings"
[ $rc = 0 ] || show "$tmp/lintian.tags"
# Every override carries a comment right above it.
awk '/^#/ { c = 1; next } /^[[:space:]]*$/ { c = 0; next }
	!c { print FILENAME ": " $0; bad = 1 } END { exit bad }' \
	"$repo"/debian/*.lintian-overrides >"$tmp/overrides"
rc=$?
check $rc "every lintian override is justified by a comment"
[ $rc = 0 ] || show "$tmp/overrides"

# --- versions ---
[ "$(dpkg-parsechangelog -l "$repo/debian/changelog" -S Version)" = "$version" ]
check $? "debian/changelog's version is VERSION ($version)"
grep -qx "PACKAGE_VERSION=\"$version\"" "$repo/dkms.conf"
check $? "dkms.conf's PACKAGE_VERSION is VERSION"
[ "$(dpkg-deb -f "$ctl" Version)" = "$version" ] &&
	[ "$(dpkg-deb -f "$dkms" Version)" = "$version" ]
check $? "both packages have version $version"

# --- contents ---
dpkg-deb -c "$ctl" | awk '{ print substr($6, 2) }' >"$tmp/ctl.files"
dpkg-deb -c "$dkms" | awk '{ print substr($6, 2) }' >"$tmp/dkms.files"
# README's list: lines "    <package>  <path>" in its "Installing on Debian".
sed -n '/^## Installing on Debian/,/^## [^I]/p' "$repo/README.md" |
	awk '$1 ~ /^(vendorbanctl|vendorban-dkms)$/ && $2 ~ /^\// { print $1, $2 }' \
	>"$tmp/promised"
[ "$(wc -l <"$tmp/promised")" -ge 10 ]
check $? "README lists the packages' files ($(wc -l <"$tmp/promised") paths)"
: >"$tmp/missing"
while read -r pkg path; do
	path=$(echo "$path" | sed "s/<VERSION>/$version/")
	list=$tmp/ctl.files
	[ "$pkg" = vendorban-dkms ] && list=$tmp/dkms.files
	grep -qxF "$path" "$list" || echo "$pkg $path" >>"$tmp/missing"
done <"$tmp/promised"
[ ! -s "$tmp/missing" ]
rc=$?
check $rc "each package holds every file README promises"
[ $rc = 0 ] || show "$tmp/missing"

# The module's whole source: every file of kmod/ in the checkout, and the
# scripts dkms.conf runs.
src=/usr/src/vendorban-$version
(cd "$repo" && find kmod Kbuild dkms.conf -type f ! -name '*.o' ! -name '.*' &&
	grep -o 'scripts/[A-Za-z0-9_.-]*' dkms.conf) | sort -u >"$tmp/kmod.want"
sed -n "s|^$src/||p" "$tmp/dkms.files" | grep -v '/$' | sort >"$tmp/kmod.have"
comm -23 "$tmp/kmod.want" "$tmp/kmod.have" >"$tmp/kmod.missing"
[ ! -s "$tmp/kmod.missing" ]
rc=$?
check $rc "vendorban-dkms holds the module's whole source in $src"
[ $rc = 0 ] || show "$tmp/kmod.missing"

dpkg-deb -e "$ctl" "$tmp/ctl.control"
dpkg-deb -e "$dkms" "$tmp/dkms.control"
grep '^/etc/' "$tmp/ctl.files" | grep -v '/$' | sort >"$tmp/etc.want"
sort "$tmp/ctl.control/conffiles" >"$tmp/etc.have"
[ -s "$tmp/etc.want" ] && cmp -s "$tmp/etc.want" "$tmp/etc.have"
check $? "vendorbanctl's files in /etc are conffiles ($(tr '\n' ' ' <"$tmp/etc.have"))"
grep -q "/etc/vendorban/vendors/kaspersky.vendor" "$tmp/etc.have"
check $? "the vendor sets are conffiles in /etc/vendorban/vendors"

dpkg-deb -x "$ctl" "$tmp/ctl.root"
unit=$tmp/ctl.root/lib/systemd/system/vendorban.service
exec_line=$(sed -n 's/^ExecStart=//p' "$unit")
[ -x "$tmp/ctl.root${exec_line%% *}" ] &&
	grep -qF "ctl=\${VENDORBANCTL:-/usr/sbin/vendorbanctl}" "$tmp/ctl.root${exec_line%% *}"
check $? "the unit runs the packaged script, which runs the packaged tool ($exec_line)"
grep -qx 'ExecReload=/usr/sbin/vendorbanctl load /etc/vendorban/policy' "$unit" &&
	grep -qx 'SuccessExitStatus=10 12' "$unit" &&
	! grep -q '^Condition' "$unit"
check $? "the unit reloads the policy, is never skipped and shows what it could not do"
grep -qx 'VENDORBAN_REQUIRED=0' "$tmp/ctl.root/etc/default/vendorban"
check $? "/etc/default/vendorban holds VENDORBAN_REQUIRED=0"
strings "$tmp/ctl.root/usr/sbin/vendorbanctl" | grep -qx /etc/vendorban/vendors
check $? "the packaged tool reads vendor sets from /etc/vendorban/vendors"
root=$tmp/ctl.root
"$root/usr/sbin/vendorbanctl" --version 2>&1 | grep -qx "vendorbanctl version $version"
check $? "the packaged tool runs and says version $version"
: >"$tmp/examples"
ex=$root/usr/share/doc/vendorbanctl/examples
"$root/usr/sbin/vendorbanctl" compile --vendors "$root/etc/vendorban/vendors" \
	-o "$tmp/eu.policy" "$ex/eu-kaspersky-ban.vbpolicy" >"$tmp/examples" 2>&1 &&
	grep -v '^#' "$ex/eu-kaspersky-ban.policy" | grep . >"$tmp/eu.want" &&
	grep -v '^#' "$tmp/eu.policy" | grep . | diff "$tmp/eu.want" - >>"$tmp/examples"
rc=$?
check $rc "the packaged tool compiles the example with the packaged vendor set into the shipped .policy"
[ $rc = 0 ] || show "$tmp/examples"
grep -q 'deb-systemd-helper enable' "$tmp/ctl.control/postinst" &&
	! grep -q 'deb-systemd-invoke' "$tmp/ctl.control/postinst"
check $? "the unit is enabled on install, never started or restarted by dpkg"
# Every kernel's initramfs, once per dpkg run: not initramfs-tools'
# trigger (update-initramfs -u: the newest kernel only) but vendorbanctl's
# own, which both packages activate.
grep -qx 'interest-noawait vendorban-initramfs' "$tmp/ctl.control/triggers" &&
	! grep -q 'update-initramfs' "$tmp/ctl.control/triggers" &&
	grep -q 'dpkg-trigger --no-await vendorban-initramfs' "$tmp/ctl.control/postinst" &&
	grep -q 'dpkg-trigger --no-await vendorban-initramfs' "$tmp/dkms.control/postinst"
check $? "installing either package refreshes the initramfs through the trigger vendorban-initramfs"
mkdir -p "$tmp/ifbin"
cat >"$tmp/ifbin/update-initramfs" <<FAKE
#!/bin/sh
echo "\$*" >>"$tmp/if.calls"
exit \${FAKE_IF_RC:-0}
FAKE
printf '#!/bin/sh\nexit 1\n' >"$tmp/ifbin/dpkg-trigger"
chmod +x "$tmp/ifbin/update-initramfs" "$tmp/ifbin/dpkg-trigger"
: >"$tmp/policy"
# postinst ARG...: vendorbanctl's postinst with the fakes; its exit status
postinst() {
	PATH=$tmp/ifbin:$PATH VENDORBAN_POLICY=$tmp/policy \
		sh "$tmp/ctl.control/postinst" "$@" >"$tmp/ctl-postinst.out" 2>&1
}
postinst triggered vendorban-initramfs
rc=$?
[ $rc = 0 ] && [ "$(cat "$tmp/if.calls")" = "-u -k all" ]
check $? "vendorbanctl's trigger runs update-initramfs -u -k all (every installed kernel)"
: >"$tmp/if.calls"
postinst configure &&
	[ "$(cat "$tmp/if.calls")" = "-u -k all" ]
check $? "... and configure does, when dpkg-trigger cannot defer it"
: >"$tmp/if.calls"
FAKE_IF_RC=1 postinst triggered vendorban-initramfs
rc=$?
[ $rc != 0 ] && grep -q 'ERROR: update-initramfs failed' "$tmp/ctl-postinst.out"
check $? "a failed refresh (a policy the hook refuses) fails the postinst, loudly"
rm "$tmp/policy"
: >"$tmp/if.calls"
postinst triggered vendorban-initramfs && [ ! -s "$tmp/if.calls" ]
check $? "without /etc/vendorban/policy there is nothing to refresh"
grep -q "common.postinst vendorban $version\|DKMS_NAME=vendorban" "$tmp/dkms.control/postinst" &&
	grep -q "DKMS_VERSION=$version" "$tmp/dkms.control/postinst"
check $? "vendorban-dkms's postinst adds and builds vendorban/$version with DKMS"
# The postinst builds for every kernel with headers, not only the running
# and newest (dkms's common postinst): run it against fake kernels and a
# dkms that logs (1.0 has the module, 3.0's build fails, 4.0 lacks headers).
mkdir -p "$tmp/fakebin"
for k in 1.0-installed 2.0-missing 3.0-broken 4.0-noheaders; do
	mkdir -p "$tmp/modules/$k"
	[ $k = 4.0-noheaders ] || { mkdir "$tmp/modules/$k/build" &&
		: >"$tmp/modules/$k/build/Makefile"; }
done
cat >"$tmp/fakebin/dkms" <<FAKE
#!/bin/sh
echo "\$*" >>"$tmp/dkms.calls"
case "\$*" in
status*"-k 1.0-installed"*) echo "vendorban/$version, 1.0-installed, x86_64: installed" ;;
install*"-k 3.0-broken"*) exit 1 ;;
esac
exit 0
FAKE
chmod +x "$tmp/fakebin/dkms"
PATH=$tmp/fakebin:$PATH VENDORBAN_MODULES_DIR=$tmp/modules \
	sh "$tmp/dkms.control/postinst" configure >"$tmp/postinst.out" 2>&1
rc=$?
grep '^install' "$tmp/dkms.calls" | grep -o -- '-k [^ ]*' | sort >"$tmp/installs"
printf '%s\n' '-k 2.0-missing' '-k 3.0-broken' | cmp -s - "$tmp/installs" &&
	[ $rc = 0 ] && grep -q 'WARNING: no vendorban.ko for 3.0-broken' "$tmp/postinst.out"
rc=$?
check $rc "vendorban-dkms's postinst installs the module for every kernel with headers that lacks it"
[ $rc = 0 ] || { show "$tmp/dkms.calls"; show "$tmp/postinst.out"; }
dpkg-deb -f "$dkms" Depends | grep -q 'dkms'
check $? "vendorban-dkms depends on dkms"

# --- dependencies: every -lLIB the tool links ---
libs=$(make -s -C "$repo/userspace" -f Makefile -f - print-ldlibs <<'MK' 2>/dev/null
print-ldlibs:
	@echo $(LDLIBS)
MK
)
: >"$tmp/deps"
builddeps=$(sed -n '/^Build-Depends:/,/^[A-Z][a-z-]*:/p' "$repo/debian/control")
runtime=$(dpkg-deb -f "$ctl" Depends)
for l in $libs; do
	so=$(find /usr/lib/x86_64-linux-gnu -maxdepth 1 -name "lib${l#-l}.so" | head -1)
	dev=$(dpkg -S "$so" 2>/dev/null | cut -d: -f1 | head -1)
	rt=$(objdump -p "$tmp/ctl.root/usr/sbin/vendorbanctl" |
		awk -v l="lib${l#-l}.so" '$1 == "NEEDED" && index($2, l) == 1 { print $2 }')
	rtpkg=$(dpkg -S "/usr/lib/x86_64-linux-gnu/$rt" "/lib/x86_64-linux-gnu/$rt" 2>/dev/null |
		cut -d: -f1 | head -1)
	echo "$builddeps" | grep -qw -- "$dev" ||
		echo "$l: $dev is not in Build-Depends" >>"$tmp/deps"
	echo "$runtime" | grep -qw -- "$rtpkg" ||
		echo "$l: $rtpkg ($rt) is not in vendorbanctl's Depends" >>"$tmp/deps"
done
[ -n "$libs" ] && [ ! -s "$tmp/deps" ]
rc=$?
check $rc "each library the tool links ($libs) is a build and runtime dependency"
[ $rc = 0 ] || show "$tmp/deps"

# --- DKMS building the packaged source ---
# DKMS's real build of this package, for both stock kernels (module BTF,
# the kfunc and hook ids, no clang), is checked where apt runs it as on a
# server: in the Debian 12 server image (tests/debian/run.sh, make
# check-debian), from these very packages.

tap_done
