#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# brick_test.sh - the boot check (lib/failsafe.c): a policy that would
# refuse what a system needs to boot is caught before it is loaded.
#
# A small Debian-like system is staged under a directory (--sysroot): init
# a link to /lib/systemd/systemd through a merged-/usr /lib, a dynamic
# program whose loader and libc are the host's (found through
# /etc/ld.so.conf and its include), a systemd helper signed by the banned
# test vendor, a program found through DT_RUNPATH $ORIGIN, an initramfs
# image (gzip cpio) with a module that mkinitramfs decompressed (foo.ko in
# the image, foo.ko.xz installed) and an unpacked initramfs tree.  Then:
# policies that refuse init, the loader, libc, a library found by
# $ORIGIN, a module of the initramfs: `load` refuses each (exit 1, the
# file, its role and the rule named, nothing written to the fake
# securityfs), --force loads it anyway; `refresh` refuses them the same
# way, its output file not written; `compile` warns (errors with
# --strict); `bootcheck` exits 3; hostile ELF headers and link loops and
# links that climb out of the sysroot are handled.
# Prints "brick: N passed, N failed".
set -u

repo=$(cd "$(dirname "$0")/../.." && pwd)
V=${VENDORBANCTL:-$repo/build/userspace/vendorbanctl}
FIX=$repo/build/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAP_PREFIX="brick: " TAP_PART=brick
# shellcheck source=tests/lib/tap.sh
. "$repo/tests/lib/tap.sh"

# has NAME FILE TEXT: FILE holds the line fragment TEXT
has() {
	if grep -qF -- "$3" "$2"; then check 0 "$1"; else
		check 1 "$1"
		show "$2"
	fi
}

# rc NAME WANT CMD...: CMD exits WANT; its output in $tmp/out
rc() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	[ "$got" = "$want" ]
	check $? "$name (exit $got, want $want)"
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# pol NAME RULE...: a policy file $tmp/NAME.pol, default allow
pol() {
	name=$1
	shift
	{
		printf 'vendorban-policy 1\nname %s\nversion 1\ndefault allow\n' "$name"
		printf '%s\n' "$@"
	} >"$tmp/$name.pol"
}

if [ ! -x "$V" ] || [ ! -x "$FIX/bin/dyn-hello" ]; then
	echo "brick_test.sh: $V or the fixtures missing (make tool fixtures)" >&2
	exit 1
fi

# --- the staged system ---
R=$tmp/root
ld=$(readlink -f /lib64/ld-linux-x86-64.so.2)
libc=$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)
mkdir -p "$R/usr/lib/systemd/system-generators" "$R/usr/lib/x86_64-linux-gnu" \
	"$R/usr/lib64" "$R/usr/bin" "$R/usr/sbin" "$R/etc/ld.so.conf.d" \
	"$R/opt/app/bin" "$R/opt/app/lib" "$R/boot" \
	"$R/usr/lib/modules/9.9/kernel/fs" "$R/usr/lib/udev"
ln -s usr/lib "$R/lib"
ln -s usr/lib64 "$R/lib64"
ln -s usr/bin "$R/bin"
ln -s usr/sbin "$R/sbin"
cp "$FIX/bin/dyn-hello" "$R/usr/lib/systemd/systemd"
ln -s /lib/systemd/systemd "$R/usr/sbin/init"
cp "$ld" "$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$R/usr/lib64/ld-linux-x86-64.so.2"
cp "$libc" "$R/usr/lib/x86_64-linux-gnu/libc.so.6"
echo 'include /etc/ld.so.conf.d/*.conf' >"$R/etc/ld.so.conf"
echo '/usr/lib/x86_64-linux-gnu' >"$R/etc/ld.so.conf.d/x86_64-linux-gnu.conf"
cp "$FIX/bin/banned-p256-cert" "$R/usr/lib/systemd/systemd-journald"
cp "$FIX/bin/good-rsa2048-cert" "$R/usr/lib/systemd/system-generators/gen"
printf '#!/usr/bin/pyvb -E\nprint()\n' >"$R/usr/lib/systemd/system-generators/gen-py"
chmod 0755 "$R/usr/lib/systemd/system-generators/gen-py"
cp "$FIX/bin/good-p256-cert" "$R/usr/bin/pyvb"
cp "$FIX/bin/unsigned" "$R/usr/bin/dash"
ln -s dash "$R/usr/bin/sh"
cp "$FIX/bin/good-rsa2048-cert" "$R/usr/sbin/vendorbanctl"
# A module: xz installed, decompressed in the initramfs image
cp "$FIX/bin/banned-p384-cert" "$tmp/banned.ko"
xz --check=crc32 -c "$tmp/banned.ko" >"$R/usr/lib/modules/9.9/kernel/fs/banned.ko.xz"
mkdir -p "$tmp/img/usr/lib/modules/9.9/kernel/fs" "$tmp/img/usr/bin"
cp "$tmp/banned.ko" "$tmp/img/usr/lib/modules/9.9/kernel/fs/banned.ko"
# a busybox applet: a hard link of another size than the system's dash
printf 'not dash' >"$tmp/img/usr/bin/dash"
chmod 0755 "$tmp/img/usr/bin/dash"
(cd "$tmp/img" && find . | cpio -o -H newc -R 0:0 2>/dev/null | gzip) \
	>"$R/boot/initrd.img-9.9"
# A program found through DT_RUNPATH $ORIGIN/../lib
printf 'int vb_lib(void) { return 42; }\n' >"$tmp/lib.c"
printf 'int vb_lib(void);\nint main(void) { return vb_lib(); }\n' >"$tmp/app.c"
# shellcheck disable=SC2016 # $ORIGIN is for the dynamic loader
cc -shared -fPIC -o "$R/opt/app/lib/libvbtest.so" "$tmp/lib.c" &&
	cc -o "$R/opt/app/bin/app" "$tmp/app.c" -L"$R/opt/app/lib" -lvbtest \
		-Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib'
check $? "a program with DT_RUNPATH \$ORIGIN/../lib built"
# An unpacked initramfs tree
T=$tmp/tree
mkdir -p "$T/usr/lib/modules/9.9/kernel" "$T/usr/bin" "$T/scripts"
cp "$tmp/banned.ko" "$T/usr/lib/modules/9.9/kernel/banned.ko"
cp "$FIX/bin/good-rsa2048-cert" "$T/usr/bin/busybox"
printf 'not a program\n' >"$T/scripts/functions"

# A fake securityfs with a policy in force
sfs=$tmp/sfs
mkdir -p "$sfs"
pol before
"$V" compile --no-boot-check "$tmp/before.pol" >"$sfs/policy" 2>/dev/null
printf 'form: builtin\npolicy: before\nlocked: no\n' >"$sfs/status"
echo 0 >"$sfs/lock"
cp "$sfs/policy" "$tmp/in-force"
L() {
	"$V" --root "$sfs" load --sysroot "$R" --kernel 9.9 "$@"
}
unchanged() {
	cmp -s "$sfs/policy" "$tmp/in-force"
	check $? "$1: nothing written, the policy in force stays"
}

# --- the boot set ---
rc "bootcheck of an allowing policy exits 0" 0 \
	"$V" bootcheck --list --sysroot "$R" --kernel 9.9 "$tmp/before.pol"
cp "$tmp/out" "$tmp/list"
has "init, through /sbin/init and /lib links inside the sysroot" "$tmp/list" \
	"allow $R/usr/lib/systemd/systemd (init (/sbin/init)): the default (default allow)"
has "the dynamic loader, through /lib64" "$tmp/list" \
	"allow $R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 (dynamic loader of /usr/lib/systemd/systemd)"
has "libc, through /etc/ld.so.conf's include" "$tmp/list" \
	"allow $R/usr/lib/x86_64-linux-gnu/libc.so.6 (library of /usr/lib/systemd/systemd)"
has "/bin/sh" "$tmp/list" "allow $R/usr/bin/dash (shell (/bin/sh: the boot scripts))"
has "a systemd helper" "$tmp/list" "$R/usr/lib/systemd/systemd-journald (systemd helper)"
has "a systemd generator" "$tmp/list" "$R/usr/lib/systemd/system-generators/gen (systemd generator)"
has "the sysroot's vendorbanctl" "$tmp/list" "$R/usr/sbin/vendorbanctl (vendorbanctl)"
has "the interpreter of a #! script" "$tmp/list" \
	"$R/usr/bin/pyvb (interpreter of /usr/lib/systemd/system-generators/gen-py)"
has "the initramfs image's module, judged on the installed .ko.xz" "$tmp/list" \
	"$R/usr/lib/modules/9.9/kernel/fs/banned.ko.xz (in the initramfs $R/boot/initrd.img-9.9)"
has "a program of the image that is not the installed file is named, not judged" "$tmp/list" \
	"not checked: 1 programs of $R/boot/initrd.img-9.9 are not the installed file of their name"
! grep -q "^allow /usr/\|^allow /lib" "$tmp/list"
check $? "nothing of the host is judged for the sysroot"

# --- init, the loader, libc, a module: each refused, named, nothing loaded ---
pol no-init "deny file-sha256 $(sha "$R/usr/lib/systemd/systemd") label=no-init"
rc "load: a policy that refuses init is refused" 1 L "$tmp/no-init.pol"
has "... naming init and the rule" "$tmp/out" \
	"  $R/usr/lib/systemd/systemd (init (/sbin/init)): rule line 5, label no-init ($tmp/no-init.pol:5): deny file-sha256"
has "... saying nothing was loaded and what stays" "$tmp/out" \
	"ERROR: nothing was loaded: the policy in force stays (before)"
unchanged "init"
pol no-ld "deny file-sha256 $(sha "$ld") label=no-loader"
rc "load: a policy that refuses the dynamic loader is refused" 1 L "$tmp/no-ld.pol"
has "... naming the loader, whose program and the rule" "$tmp/out" \
	"  $R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 (dynamic loader of /usr/lib/systemd/systemd): rule line 5, label no-loader"
unchanged "loader"
pol no-libc "deny file-sha256 $(sha "$libc") label=no-libc"
rc "load: a policy that refuses libc is refused" 1 L "$tmp/no-libc.pol"
has "... naming libc" "$tmp/out" \
	"  $R/usr/lib/x86_64-linux-gnu/libc.so.6 (library of /usr/lib/systemd/systemd): rule line 5, label no-libc"
pol ban 'deny subject-o "AO Kaspersky Lab" label=banned-o'
rc "load: a policy that refuses a module of the initramfs (and a systemd helper) is refused" 1 \
	L "$tmp/ban.pol"
has "... naming the module in the image" "$tmp/out" \
	"  $R/usr/lib/modules/9.9/kernel/fs/banned.ko.xz (in the initramfs $R/boot/initrd.img-9.9): rule line 5, label banned-o"
has "... and the systemd helper" "$tmp/out" \
	"  $R/usr/lib/systemd/systemd-journald (systemd helper): rule line 5, label banned-o"
unchanged "module"
rc "load --initramfs DIR: a module of an unpacked initramfs tree" 1 \
	"$V" --root "$sfs" load --sysroot "$R" --initramfs "$T" "$tmp/ban.pol"
has "... named in the tree" "$tmp/out" \
	"  $T/usr/lib/modules/9.9/kernel/banned.ko (module in the initramfs): rule line 5, label banned-o"
# A DKMS module: plain xz (CRC64, which the kernel's decoder lacks): kmod
# decompresses it and hands the kernel the image; that is what is judged.
T64=$tmp/tree64
mkdir -p "$T64/usr/lib/modules/9.9/updates/dkms"
xz --check=crc64 -c "$tmp/banned.ko" >"$T64/usr/lib/modules/9.9/updates/dkms/banned.ko.xz"
xz --check=crc64 -c "$FIX/bin/unsigned" >"$T64/usr/lib/modules/9.9/updates/dkms/plain.ko.xz"
rc "bootcheck: a CRC64 .ko.xz (DKMS) is judged on the image kmod loads, not as corrupt" 0 \
	"$V" bootcheck --sysroot "$R" --initramfs "$T64" "$tmp/before.pol"
rc "load: a policy that refuses a CRC64 .ko.xz module is refused" 1 \
	"$V" --root "$sfs" load --sysroot "$R" --initramfs "$T64" "$tmp/ban.pol"
has "... naming it and the rule" "$tmp/out" \
	"  $T64/usr/lib/modules/9.9/updates/dkms/banned.ko.xz (module in the initramfs): rule line 5, label banned-o"
! grep -q 'plain.ko.xz\|reason=corrupt' "$tmp/out"
check $? "... and nothing else: the unsigned one is allowed, neither is corrupt"
unchanged "CRC64 module"
xz64=$T64/usr/lib/modules/9.9/updates/dkms/banned.ko.xz
head -c $(($(stat -c %s "$xz64") / 2)) "$xz64" >"$T64/usr/lib/modules/9.9/updates/dkms/cut.ko.xz"
rm "$xz64"
rc "bootcheck: a cut CRC64 .ko.xz is still corrupt, and refused" 3 \
	"$V" bootcheck --sysroot "$R" --initramfs "$T64" "$tmp/before.pol"
has "... as corrupt" "$tmp/out" \
	"  $T64/usr/lib/modules/9.9/updates/dkms/cut.ko.xz (module in the initramfs): no rule decides for a file whose signatures cannot all be read (reason=corrupt): refused"
rc "load --initramfs none: the initramfs is not checked" 1 \
	"$V" --root "$sfs" load --sysroot "$R" --initramfs none "$tmp/ban.pol"
! grep -q "banned.ko" "$tmp/out"
check $? "... and no module is named"
pol deny-all 'deny unsigned label=no-unsigned'
rc "load: 'deny unsigned' refuses /bin/sh" 1 L "$tmp/deny-all.pol"
has "... naming it" "$tmp/out" "  $R/usr/bin/dash (shell (/bin/sh: the boot scripts)): rule line 5, label no-unsigned"
pol default-deny
sed -i 's/^default allow$/default deny/' "$tmp/default-deny.pol"
rc "load: a default deny refuses what has no allow" 1 L "$tmp/default-deny.pol"
has "... the default named as the cause" "$tmp/out" \
	"  $R/usr/lib/systemd/systemd (init (/sbin/init)): the default (default deny)"
unchanged "default deny"
rc "load --dry-run of such a policy exits 1" 1 L --dry-run "$tmp/no-init.pol"
has "... with the diff and the refusal" "$tmp/out" "dry run: policy no-init version 1 (1 rules) not loaded"
unchanged "dry run"

# --- $ORIGIN ---
R2=$tmp/root2
mkdir -p "$R2/sbin"
cp -a "$R/opt" "$R2/"
ln -s /opt/app/bin/app "$R2/sbin/init"
pol no-lib "deny file-sha256 $(sha "$R/opt/app/lib/libvbtest.so") label=no-lib"
rc "bootcheck: a library found through DT_RUNPATH \$ORIGIN" 3 \
	"$V" bootcheck --sysroot "$R2" --initramfs none "$tmp/no-lib.pol"
has "... is refused and named" "$tmp/out" \
	"  $R2/opt/app/lib/libvbtest.so (library of /opt/app/bin/app): rule line 5, label no-lib"

# --- --force, compile, bootcheck ---
rc "load --force loads it anyway" 0 L --force "$tmp/no-init.pol"
has "... and still names the file" "$tmp/out" "WARNING: $tmp/no-init.pol would refuse 1 file"
has "... and says so" "$tmp/out" "WARNING: loading it anyway (--force)"
grep -q '^name no-init$' "$sfs/policy"
check $? "... the policy is written"
rc "load of the policy in force again: no boot check" 0 L "$tmp/no-init.pol"
! grep -q "would refuse" "$tmp/out"
check $? "... nothing said about it"
echo 1 >"$sfs/lock"
cp "$sfs/policy" "$tmp/in-force"
rc "load of the policy in force when locked: nothing to load" 0 L "$tmp/no-init.pol"
has "... and it says so" "$tmp/out" "policy no-init version 1 is in force already (locked): nothing to load"
unchanged "locked"
echo 0 >"$sfs/lock"
cp "$tmp/in-force" "$sfs/policy"
rc "compile warns, exits 0" 0 "$V" compile -o "$tmp/c.out" --sysroot "$R" "$tmp/no-init.pol"
has "... at the rule, naming the file" "$tmp/out" \
	"$tmp/no-init.pol:5:1: warning: this rule refuses 1 file this machine needs to boot or to run vendorbanctl: $R/usr/lib/systemd/systemd (init (/sbin/init))"
has "... with a fix" "$tmp/out" "  fix: allow them before it"
grep -q '^name no-init$' "$tmp/c.out"
check $? "... and writes the policy"
rc "compile --strict: an error" 1 "$V" compile --strict -o "$tmp/c2.out" --sysroot "$R" "$tmp/no-init.pol"
has "... says so" "$tmp/out" "$tmp/no-init.pol:5:1: error (--strict): this rule refuses"
[ ! -s "$tmp/c2.out" ]
check $? "... and writes nothing"
rc "compile checks the initramfs only when asked" 0 \
	"$V" compile -o /dev/null --sysroot "$R" "$tmp/ban.pol"
! grep -q "banned.ko" "$tmp/out" && grep -q "systemd-journald" "$tmp/out"
check $? "... (the helper is named, the module is not)"
rc "compile --kernel checks the initramfs too" 0 \
	"$V" compile -o /dev/null --sysroot "$R" --kernel 9.9 "$tmp/ban.pol"
has "... naming the module" "$tmp/out" "banned.ko.xz (in the initramfs $R/boot/initrd.img-9.9)"
rc "compile --no-boot-check" 0 "$V" compile --no-boot-check -o /dev/null --sysroot "$R" "$tmp/no-init.pol"
! grep -q "refuses" "$tmp/out"
check $? "... says nothing of the boot"
rc "bootcheck exits 3 when something would be refused" 3 \
	"$V" bootcheck --sysroot "$R" --kernel 9.9 "$tmp/ban.pol"
has "... with a summary" "$tmp/out" "summary: $tmp/ban.pol:"
rc "bootcheck of a bad policy exits 1" 1 "$V" bootcheck "$FIX/policies/bad-odd-hex.pol"
rc "bootcheck without a policy is a usage error" 2 "$V" bootcheck

# --- refresh: the same boot check as load ---
# A recompiled policy source that would refuse init: neither written to
# the output file nor loaded; the policy in force stays.  --force writes
# and loads it, naming the file.
"$V" compile --no-boot-check "$tmp/before.pol" >"$sfs/policy" 2>/dev/null
cp "$sfs/policy" "$tmp/in-force"
cp "$sfs/policy" "$tmp/refresh.out"
cp "$tmp/refresh.out" "$tmp/refresh.old"
RF() {
	"$V" --root "$sfs" refresh --no-initramfs --output "$tmp/refresh.out" \
		--sysroot "$R" --kernel 9.9 "$@"
}
rc "refresh: a source that refuses init is refused" 1 RF --source "$tmp/no-init.pol"
has "... naming init and the rule" "$tmp/out" \
	"  $R/usr/lib/systemd/systemd (init (/sbin/init)): rule line 5, label no-init ($tmp/no-init.pol:5): deny file-sha256"
has "... saying nothing was loaded and what stays" "$tmp/out" \
	"ERROR: nothing was loaded: the policy in force stays (before)"
has "... and that the output file was not written" "$tmp/out" \
	"ERROR: $tmp/refresh.out was not written"
unchanged "refresh"
cmp -s "$tmp/refresh.out" "$tmp/refresh.old"
check $? "refresh: the output file keeps the policy it held"
rc "refresh: a module of the initramfs refused" 1 RF --source "$tmp/ban.pol"
has "... named in the image" "$tmp/out" \
	"  $R/usr/lib/modules/9.9/kernel/fs/banned.ko.xz (in the initramfs $R/boot/initrd.img-9.9): rule line 5, label banned-o"
unchanged "refresh of a module ban"
rm -f "$tmp/refresh.out"
rc "refresh: refused with no output file yet" 1 RF --source "$tmp/no-init.pol"
[ ! -e "$tmp/refresh.out" ]
check $? "... and none is made"
unchanged "refresh without an output file"
rc "refresh --force writes and loads it anyway" 0 RF --force --source "$tmp/no-init.pol"
has "... still naming init" "$tmp/out" "WARNING: $tmp/no-init.pol would refuse 1 file"
has "... and saying so" "$tmp/out" "WARNING: loading it anyway (--force)"
grep -q '^name no-init$' "$sfs/policy" && grep -q '^name no-init$' "$tmp/refresh.out"
check $? "... the policy in force and the output file are the new one"
rc "refresh of the policy in force: no boot check" 0 RF --source "$tmp/no-init.pol"
! grep -q "would refuse" "$tmp/out" && grep -qx "policy no-init: 1 rules, already in force" "$tmp/out"
check $? "... nothing said about it, already in force"
rc "refresh back to an allowing source" 0 RF --source "$tmp/before.pol"
cmp -s "$sfs/policy" "$tmp/in-force"
check $? "... is loaded"

# --- hostile input: ELF headers, links ---
head -c 64 "$FIX/bin/dyn-hello" >"$R/usr/lib/systemd/systemd-cut"
python3 - "$FIX/bin/dyn-hello" "$R/usr/lib/systemd/systemd-badph" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
# e_phoff far beyond the file, e_phnum at its limit
struct.pack_into('<Q', d, 32, 0x7fffffffffff)
struct.pack_into('<H', d, 56, 256)
open(sys.argv[2], 'wb').write(d)
PY
python3 - "$FIX/bin/dyn-hello" "$R/usr/lib/systemd/systemd-baddyn" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
phoff, = struct.unpack_from('<Q', d, 32)
phnum, = struct.unpack_from('<H', d, 56)
for i in range(phnum):
    o = phoff + 56 * i
    t, = struct.unpack_from('<I', d, o)
    if t == 2:    # PT_DYNAMIC: offset and size out of the file
        struct.pack_into('<QQQQ', d, o + 8, 0xfffffffffff0, 0, 0, 0xffffffffffffff)
    if t == 3:    # PT_INTERP: a huge size
        struct.pack_into('<Q', d, o + 32, 0xffffffffffffff)
open(sys.argv[2], 'wb').write(d)
PY
chmod 0755 "$R"/usr/lib/systemd/systemd-*
ln -s loop2 "$R/usr/lib/systemd/loop1"
ln -s loop1 "$R/usr/lib/systemd/loop2"
ln -s ../../../../../../../../../../opt/app/bin/app "$R/usr/lib/systemd/systemd-climb"
rc "bootcheck with cut and hostile ELF headers and a link loop" 0 \
	"$V" bootcheck --list --sysroot "$R" --initramfs none "$tmp/before.pol"
has "... a cut ELF file is still judged" "$tmp/out" "allow $R/usr/lib/systemd/systemd-cut (systemd helper)"
has "... so is one with program headers out of the file" "$tmp/out" "allow $R/usr/lib/systemd/systemd-badph (systemd helper)"
has "... and one with a dynamic section out of the file" "$tmp/out" "allow $R/usr/lib/systemd/systemd-baddyn (systemd helper)"
! grep -q "loop1\|loop2" "$tmp/out"
check $? "... a link loop is left out"
has "... a link that climbs above the sysroot stays in it" "$tmp/out" \
	"allow $R/opt/app/bin/app (systemd helper)"
rm -f "$R/sbin" && ln -s sbin-loop "$R/sbin" && ln -s sbin "$R/sbin-loop"
rc "bootcheck when /sbin/init cannot be resolved" 0 \
	"$V" bootcheck --sysroot "$R" --initramfs none "$tmp/before.pol"
has "... says init was not checked" "$tmp/out" "not checked: $R/sbin/init: Too many levels of symbolic links (not checked)"

tap_done
