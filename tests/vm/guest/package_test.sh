#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# package_test.sh - bans and allow-lists by package provenance, in the
# guest, on the real kernel
#
# Installed as /tests/bin/package_test (scripts/build-initramfs.sh).  The
# packages (RPMs built with rpmbuild and signed with rpmsign, .deb files
# in apt repositories signed with gpg) and the policies compiled from them
# by vendorbanctl on the host (the compile needs rpmkeys and gpgv, which run on the admin's
# machine, not in the kernel) are in /fixtures/packages
# (tests/pkg/make-fixtures.sh); each package is unpacked in
# /fixtures/packages/root/NAME-FORMAT.
#
#   ban.policy    deny package-key vendor.asc over the RPMs and over the
#                 vendor's apt repository: the vendor's programs,
#                 libraries and scripts are refused, the packages of
#                 another key and unsigned ones run; scan lists exactly
#                 the banned files
#   allow.policy  default deny, allow package-key repo.asc over the
#                 trusted repository (plus busybox and vendorbanctl,
#                 added here): its program runs, the same program changed
#                 on disk and every other package's are refused
#
# The policy in force before and the mode are put back.  TAP output.

set -u
V=${VENDORBANCTL:-/sbin/vendorbanctl}
P=/fixtures/packages
R=$P/root
TAP_PART=package_test
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# runs WANT NAME PROG...: PROG exits with WANT (42: it ran)
runs() {
	want=$1 name=$2
	shift 2
	"$@" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq "$want" ]
	check $? "$name (exit $rc, want $want)"
}

# refused NAME PROG...: PROG does not run (exit 126: execve failed)
refused() {
	name=$1
	shift
	"$@" >/tmp/package_test.out 2>&1
	rc=$?
	[ "$rc" -ne 42 ] && [ "$rc" -ne 0 ]
	check $? "$name (exit $rc)"
}

echo "TAP version 13"
if [ ! -x "$V" ] || [ ! -f "$P/vm/ban.policy" ] || [ ! -f "$P/vm/allow.policy" ] ||
	[ ! -f "$P/vm/entity.policy" ]; then
	not_ok "$V or the package fixtures ($P/vm) missing"
	echo "1..$tap_n"
	exit 1
fi
old_mode=$("$V" mode)
"$V" show >/tmp/package_test.prev 2>/dev/null || : >/tmp/package_test.prev

# --- the ban --------------------------------------------------------------------

"$V" load "$P/vm/ban.policy" >/dev/null
check $? "load the package ban (deny package-key vendor.asc: RPMs and apt repository)"
"$V" mode enforce >/dev/null
check $? "mode enforce"

refused "the banned RPM's program is refused" "$R/vbban-tool-rpm/usr/bin/vbban-prog"
refused "the banned RPM's dynamic program is refused" "$R/vbban-tool-rpm/usr/bin/vbban-dyn"
refused "the banned RPM's script is refused" "$R/vbban-tool-rpm/usr/libexec/vbban/helper.sh"
wait_for 5 grep -q 'rule_line=[0-9]* label="banned-vendor.vbban-tool"' /tmp/audit.log
check $? "the audit record names the vendor and the package (label=banned-vendor.vbban-tool)"
# The banned library, loaded by a program of an unrelated package: refused
# when ld.so maps it; the same library changed by one byte is not banned.
mkdir -p /tmp/package_test.lib
cp "$R/vbban-tool-rpm/usr/lib/libvbban.so" /tmp/package_test.lib/
printf '\0' >>/tmp/package_test.lib/libvbban.so
runs 42 "an unrelated program with a library not banned runs" \
	env LD_LIBRARY_PATH=/tmp/package_test.lib "$R/vbunsigned-rpm/usr/bin/vbunsigned-dyn"
refused "the same program with the banned library is refused" \
	env LD_LIBRARY_PATH="$R/vbban-tool-rpm/usr/lib" "$R/vbunsigned-rpm/usr/bin/vbunsigned-dyn"
refused "the banned .deb's program (1.0, from the vendor's repository) is refused" \
	"$R/vbban-tool-1.0-deb/usr/bin/vbban-prog"
refused "the banned .deb's new program (2.0) is refused" \
	"$R/vbban-tool-2.0-deb/usr/bin/vbban-new"
runs 42 "an unsigned package's program runs" "$R/vbunsigned-rpm/usr/bin/vbunsigned-prog"
runs 42 "a package signed by another key runs" "$R/vbother-tool-rpm/usr/bin/vbother-prog"
runs 42 "a package of another repository runs" "$R/vbgood-tool-1.0-deb/usr/bin/vbgood-prog"

"$V" scan --policy "$P/vm/ban.policy" "$R" >/tmp/package_test.scan 2>&1
rc=$?
[ "$rc" -eq 3 ]
check $? "scan exits 3 (exit $rc)"
grep '^deny ' /tmp/package_test.scan | cut -d' ' -f2 | sort >/tmp/package_test.got
for f in vbban-tool-rpm/usr/bin/vbban-prog vbban-tool-rpm/usr/bin/vbban-dyn \
	vbban-tool-rpm/usr/lib/libvbban.so vbban-tool-rpm/usr/libexec/vbban/helper.sh \
	vbban-tool-rpm/usr/lib/modules/6.1.0-vbtest/extra/vbban.ko.xz \
	vbban-tool-1.0-deb/usr/bin/vbban-prog vbban-tool-1.0-deb/usr/lib/libvbban.so \
	vbban-tool-2.0-deb/usr/bin/vbban-prog vbban-tool-2.0-deb/usr/bin/vbban-new \
	vbban-tool-2.0-deb/usr/lib/libvbban.so; do
	echo "$R/$f"
done | sort >/tmp/package_test.want
cmp -s /tmp/package_test.got /tmp/package_test.want
check $? "scan lists exactly the banned packages' files"
cmp -s /tmp/package_test.got /tmp/package_test.want ||
	diff /tmp/package_test.want /tmp/package_test.got | sed 's/^/# /'

# --- the legal entity -----------------------------------------------------------

"$V" load "$P/vm/entity.policy" >/dev/null
check $? "load the legal-entity ban (deny legal-entity \"RU-1027739867473\")"
refused "signed by the company's EV certificate (jurisdictionC, serialNumber): refused" \
	"$P/entity/prog-ev"
refused "signed by its eIDAS certificate (organizationIdentifier), another spelling: refused" \
	"$P/entity/prog-eidas"
runs 42 "signed by a namesake with another registration number: runs" \
	"$P/entity/prog-namesake"
wait_for 5 grep -q 'rule_line=[0-9]* label="ogrn"' /tmp/audit.log
check $? "the audit record names the rule (label=ogrn)"

# --- the allow-list -------------------------------------------------------------

{
	cat "$P/vm/allow.policy"
	# what this test needs to go on: the shell's busybox, vendorbanctl
	echo "allow file-sha256 $(sha256sum /bin/busybox | cut -d' ' -f1) label=test-busybox"
	echo "allow file-sha256 $(sha256sum "$V" | cut -d' ' -f1) label=test-vendorbanctl"
} >/tmp/package_test.allow
"$V" load /tmp/package_test.allow >/dev/null
check $? "load the allow-list (default deny, allow package-key repo.asc over the trusted repository)"
runs 42 "the trusted repository's program runs" "$R/vbgood-tool-1.0-deb/usr/bin/vbgood-prog"
refused "a package not in the repository is refused" "$R/vbunrelated-1.0-deb/usr/bin/vbunrelated-prog"
refused "an unsigned RPM's program is refused" "$R/vbunsigned-rpm/usr/bin/vbunsigned-prog"
printf '\0' >>"$R/vbgood-tool-1.0-deb/usr/bin/vbgood-prog"
refused "the repository's program changed on disk is refused" \
	"$R/vbgood-tool-1.0-deb/usr/bin/vbgood-prog"

# --- put things back -------------------------------------------------------------

if [ -s /tmp/package_test.prev ]; then
	"$V" load /tmp/package_test.prev >/dev/null
else
	printf 'vendorban-policy 1\nname package-test-done\nversion 1\ndefault allow\n' \
		>/tmp/package_test.done
	"$V" load /tmp/package_test.done >/dev/null
fi
check $? "the policy before the test is back"
"$V" mode "$old_mode" >/dev/null
check $? "mode back to $old_mode"

echo "1..$tap_n"
tap_done
