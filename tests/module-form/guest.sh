#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the loadable-form test, run as /tests/run.sh on Debian's
# stock kernel (6.1 or 6.12): load the stock modules the suite's
# file-system tests need, insmod vendorban.ko (its module BTF must be
# taken by the kernel), load a policy with vendorbanctl, check
# a banned program is refused with EACCES and audited and an unsigned one
# runs, that rmmod works before locking and fails after, then run the exec
# part of the suite (exec_test) against the module, first through its
# exec gate, then through its BPF LSM programs ("vendorbanctl attach"):
# shared libraries, dlopen(), "ld.so /path/bin", mmap and mprotect
# (PROT_EXEC), finit_module() and init_module(), and then the built-in
# form's whole VM suite (every /tests/bin/*_test, cache_test among them;
# those that fill the table with a table of two only; not auditacct_test,
# whose code has nothing of the form in it), and that the
# decision cache evicts its oldest entry when full (cache_entries=2).
# Unloading: rmmod is
# refused while an unprivileged user holds a securityfs file open, rmmod -f
# waits for that file to be closed, and after lock rmmod -f never returns
# while the ban stays in force (logged and audited).  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
MOD=/lib/modules/vendorban.ko
TAP_PREFIX=module_form. TAP_PART="module form"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# An unprivileged user for the tests that hold a securityfs file open.
grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd

# hold_status: as nobody, open $VB/status, wait for a line on the FIFO
# /tmp/go, then read the file through the descriptor opened before into
# /tmp/held.out.  Sets $holder; /tmp/held appears once the file is open.
hold_status() {
	rm -f /tmp/go /tmp/held /tmp/held.out
	mkfifo -m 666 /tmp/go
	su -s /bin/sh nobody -c "exec 3<$VB/status && : >/tmp/held &&
		read go </tmp/go && cat <&3 >/tmp/held.out" &
	holder=$!
	i=0
	while [ ! -e /tmp/held ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e /tmp/held ]
}

# release_status: let the holder read and close; its exit status
release_status() {
	echo go >/tmp/go
	wait "$holder"
}

# running PID: the process exists and is not a zombie
running() {
	[ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status"
}

# What the suite's file-system tests need and the stock kernel has as
# modules (ext4 and its disk, FUSE, overlayfs; run.sh lists
# them in dependency order), loaded before vendorban: with vendorban's
# BPF LSM in force, init_module() from memory is refused by default.
# One may fail (crc32c-intel on a CPU without SSE4.2 under TCG): what the
# tests need is checked instead.
for m in /lib/modules/extra/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" 2>/dev/null || echo "# insmod ${m##*/} failed"
done
for fs in ext4 fuse overlay; do
	grep -qw "$fs" /proc/filesystems
	check $? "stock_kernel_has_$fs"
done
[ -b /dev/vda ]
check $? stock_kernel_sees_the_ext4_disk

# binfmt_misc is a module on the stock kernel.  Like vendorban's exec gate
# it inserts its handler at the head of the list, so it must be loaded
# first: a binfmt_misc loaded later would run its interpreter for a banned
# file before vendorban saw the file (see README, loadable form).
insmod /lib/modules/binfmt_misc.ko
check $? binfmt_misc_loaded_first
[ ! -e $VB ]
check $? no_securityfs_before_insmod
insmod $MOD
check $? insmod
# The kernel took the module's BTF (split over its own): what the BPF LSM
# programs need to find vendorban's kfuncs.
[ -e /sys/kernel/btf/vendorban ]
check $? module_btf_loaded
status_is form module
check $? status_says_module
status_is mechanism 'binfmt (bpf: not attached)'
check $? status_says_binfmt_until_attached

vendorbanctl load /fixtures/policies/ban-by-issuer-serial.pol >/dev/null
check $? vendorbanctl_load
$F/bin/banned-rsa2048-nocert 2>/tmp/err
[ $? -eq 126 ] && grep -q 'Permission denied' /tmp/err
check $? banned_denied_eacces
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs
sleep 1
grep 'op=exec decision=deny' /tmp/audit.log | grep -q 'banned-rsa2048-nocert'
check $? denial_audited

# A DKMS upgrade runs rmmod while users may hold status open: the module
# must stay (its read function is module text) until the file is closed.
hold_status
check $? nobody_holds_status_open
if rmmod vendorban 2>/dev/null; then r=1; else [ -e $VB ]; r=$?; fi
check $r rmmod_refused_while_status_open
release_status && grep -qx 'form: module' /tmp/held.out
check $? held_status_still_reads

rmmod vendorban && [ ! -e $VB ] && $F/bin/banned-rsa2048-nocert
[ $? -eq 42 ]
check $? rmmod_before_lock_lifts_the_ban

# rmmod -f ignores the module's reference count: the module's exit waits
# for the open file instead of freeing the code under it.
insmod $MOD && vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_for_forced_rmmod
hold_status
check $? nobody_holds_status_open_again
rmmod -f vendorban 2>/dev/null &
rmf=$!
sleep 2
running $rmf
check $? forced_rmmod_waits_for_open_file
release_status && grep -qx 'form: module' /tmp/held.out
check $? held_status_reads_during_forced_rmmod
wait $rmf && [ ! -e $VB ] && ! grep -q '^vendorban ' /proc/modules
check $? forced_rmmod_completes_after_close
insmod $MOD && vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload

echo "# exec part of the suite, against the module"
/tests/bin/exec_test
check $? exec_test_suite

# cache_hits from status, read by the shell itself: an exec of a tool
# would take a place in the table.
hits() {
	while read -r key val; do
		[ "$key" = cache_hits: ] && echo "$val"
	done <$VB/status
}
# A table of two: the oldest is evicted when a third file is cached, and
# unloading frees a full table.
rmmod vendorban && insmod $MOD cache_entries=2 &&
	vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_with_two_cache_entries
mkdir -p /tmp/evict && mount -t tmpfs tmpfs /tmp/evict &&
	cp $F/bin/unsigned /tmp/evict/a && cp $F/bin/unsigned /tmp/evict/b &&
	cp $F/bin/unsigned /tmp/evict/c
h0=$(hits)
/tmp/evict/a
/tmp/evict/a
h1=$(hits)
/tmp/evict/b
/tmp/evict/c
/tmp/evict/a
h2=$(hits)
/tmp/evict/a
h3=$(hits)
echo "# cache_hits: $h0 -> $h1 (a twice), $h2 (b, c, a), $h3 (a)"
[ $((h1 - h0)) -eq 1 ] && [ "$h2" = "$h1" ] && [ $((h3 - h2)) -eq 1 ]
check $? oldest_entry_evicted_when_table_full
umount /tmp/evict
rmmod vendorban && insmod $MOD &&
	vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_after_eviction

# Debian's kernel has no ECDSA verifier: an allow of an ECDSA signature
# cannot be proven there, so under lockdown the file is denied (fail closed).
if grep -q ecdsa-nist-p256 /proc/crypto; then
	skip lockdown_without_ecdsa_fails_closed "kernel has ECDSA"
else
	# --force: the boot check refuses it (busybox, vendorbanctl: unsigned)
	vendorbanctl load --force /fixtures/policies/lockdown.pol >/dev/null 2>&1 &&
		! $F/bin/good-p256-cert 2>/dev/null && $F/bin/good-rsa2048-cert
	[ $? -eq 42 ]
	check $? lockdown_without_ecdsa_fails_closed
	# Nothing unsigned runs now, vendorbanctl included: lift it with the
	# shell's builtin echo, which makes one write() (busybox's printf goes
	# through stdio, and stdout is line-buffered once tap.sh's printf has
	# written to the console: the policy would arrive a line per write).
	open_policy='vendorban-policy 1
name open
version 1
default allow'
	echo "$open_policy" >$VB/policy
fi


echo "# the BPF LSM mechanism (vendorbanctl attach)"
P=/tests/bin/vb-bpfprobe
LDSO=/lib64/ld-linux-x86-64.so.2
EACCES=13
EOPNOTSUPP=95

# held: how many links the module holds
held() {
	grep -c ' held ' $VB/bpf_links
}

# Every program of the hook table (run.sh lists them from
# kmod/hook_table.h: /etc/vendorban-programs) is held, and nothing else.
all_held() {
	[ "$(held)" = "$(wc -l </etc/vendorban-programs)" ] || return 1
	while read -r prog; do
		grep -q "^$prog .* held " $VB/bpf_links || return 1
	done </etc/vendorban-programs
}

# link_id PROG: the id of the link the module holds for PROG
link_id() {
	sed -n "s/^$1 .* link=\([0-9]*\)\$/\1/p" $VB/bpf_links
}

# audit_count PATTERN: records after $mark in the audit log matching it
audit_count() {
	tail -n "+$((mark + 1))" /tmp/audit.log | grep -c -- "$1"
}

vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? load_before_attach
vendorbanctl attach
check $? attach
status_is mechanism bpf-lsm
check $? status_says_bpf_lsm
all_held
check $? every_program_of_the_hook_table_held
cp $VB/bpf_links /tmp/links.before
vendorbanctl attach >/dev/null && status_is mechanism bpf-lsm &&
	cmp -s $VB/bpf_links /tmp/links.before
check $? attach_again_changes_nothing

# Exec through the BPF LSM: the exec gate lets files through, so one
# attempt is one decision and one record.
mark=$(wc -l </tmp/audit.log)
$F/bin/banned-rsa2048-cert 2>/dev/null
[ $? -eq 126 ]
check $? bpf_exec_banned_denied
$F/bin/unsigned
[ $? -eq 42 ]
check $? bpf_exec_unsigned_runs
sleep 1
[ "$(audit_count 'op=exec decision=deny.*banned-rsa2048-cert')" = 1 ]
check $? bpf_exec_denial_audited_once

# What the exec gate cannot see: libraries, dlopen(), ld.so /path/bin.
mark=$(wc -l </tmp/audit.log)
$F/bin/dyn-linked-banned 2>/dev/null
[ $? -eq 127 ]
check $? linked_banned_library_refused
$F/bin/dyn-linked-good
[ $? -eq 42 ]
check $? linked_good_library_runs
$F/bin/dyn-dlopen /fixtures/lib/banned/libvbtest.so 2>/dev/null
[ $? -eq 1 ]
check $? dlopen_banned_library_refused
$F/bin/dyn-dlopen /fixtures/lib/good/libvbtest.so
[ $? -eq 42 ]
check $? dlopen_good_library_works
$LDSO $F/bin/dyn-hello-banned 2>/dev/null
[ $? -eq 127 ]
check $? ldso_banned_program_refused
$LDSO $F/bin/dyn-hello-good
[ $? -eq 42 ]
check $? ldso_good_program_runs
# (the library's second denial within 5 s is counted, not logged)
sleep 1
[ "$(audit_count 'op=mmap decision=deny.*dyn-hello-banned')" -ge 1 ] &&
	[ "$(audit_count 'op=mmap decision=deny.*banned/libvbtest.so')" -ge 1 ]
check $? mmap_denials_audited

$P mmap $F/bin/banned-rsa2048-cert
[ $? -eq $EACCES ]
check $? mmap_exec_banned_refused
$P mmap $F/bin/unsigned
check $? mmap_exec_unsigned_works
# Never allowed, so never cached: mprotect(PROT_EXEC) fails closed.
$P mprotect $F/bin/banned-rsa2048-cert
[ $? -eq $EACCES ]
check $? mprotect_exec_banned_refused

# Modules: finit_module() decided on the file; init_module() from memory
# on the image, by its signature and the rules, like a file.  The test
# modules are built for the test kernel, so the stock kernel refuses what
# vendorban lets through with another error (ENOEXEC): EACCES is
# vendorban's.
mark=$(wc -l </tmp/audit.log)
$P finit /tests/modules/banned.ko
[ $? -eq $EACCES ]
check $? finit_module_banned_refused
$P finit /tests/modules/unsigned.ko
r=$?
[ $r -ne $EACCES ] && [ $r -ne 100 ]
check $? finit_module_unsigned_not_refused_by_vendorban
sleep 1
[ "$(audit_count 'op=module_load decision=deny.*banned.ko')" = 1 ]
check $? module_denial_audited

# What kmod 30 does with Debian 6.12's .ko.xz modules (modprobe): it
# decompresses the file itself and hands the image to init_module().
# Under a one-rule ban (ban-by-cert: default allow, one deny rule) with
# the default memory-modules (deny), a module of the running kernel loads
# and an unsigned image is not refused; a banned image is refused, audited
# with its signer.  The image run.sh copied: the stock dummy.ko,
# decompressed as kmod does.
$P init /lib/modules/stock/dummy.ko && grep -q '^dummy ' /proc/modules
check $? init_module_stock_module_loads_under_one_rule_ban
rmmod dummy 2>/dev/null
$P init /tests/modules/unsigned.ko
r=$?
[ $r -ne $EACCES ] && [ $r -ne 100 ]
check $? init_module_unsigned_image_not_refused_under_ban
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
mark=$(wc -l </tmp/audit.log)
$P init /tests/modules/banned.ko
[ $? -eq $EACCES ]
check $? init_module_banned_image_refused
sleep 1
[ "$(audit_count 'op=module_load decision=deny .*label=.*banned-rsa2048.* path=? .*signature=present .*signer_serial=[0-9A-Fa-f]')" = 1 ]
check $? init_module_banned_image_audited_with_its_signer

# A signature that does not parse is malformed, as in a file: refused
# (reason=malformed) whatever memory-modules says.  The last 400 bytes
# before the trailer's 40 (the end of the PKCS#7 message: signature value,
# algorithm, signer id) zeroed.
cp /tests/modules/banned.ko /tmp/badsig.ko
size=$(wc -c </tmp/badsig.ko)
dd if=/dev/zero of=/tmp/badsig.ko bs=1 seek=$((size - 440)) count=400 \
	conv=notrunc 2>/dev/null
{ cat /fixtures/policies/ban-by-cert.pol && echo 'memory-modules allow'; } \
	>/tmp/memory-modules-allow.pol
vendorbanctl load /tmp/memory-modules-allow.pol >/dev/null
mark=$(wc -l </tmp/audit.log)
$P init /tmp/badsig.ko
[ $? -eq $EACCES ]
check $? init_module_malformed_signature_refused_like_a_file
sleep 1
[ "$(audit_count 'op=module_load decision=deny .*path=? .*reason=malformed')" = 1 ]
check $? init_module_malformed_signature_audited

# What the non-sleeping hook cannot judge follows memory-modules: a
# compressed image (its signature is inside the compressed data, and the
# kernel never decompresses an init_module() image, so it fails to load
# afterwards with ENOEXEC).
$P init /tests/modules/banned.ko.xz
r=$?
[ $r -ne $EACCES ] && [ $r -ne 100 ]
check $? init_module_compressed_image_follows_memory_modules_allow
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
mark=$(wc -l </tmp/audit.log)
$P init /tests/modules/good.ko.xz
[ $? -eq $EACCES ]
check $? init_module_compressed_image_follows_memory_modules_deny
sleep 1
[ "$(audit_count 'op=module_load decision=deny .*path=? .*reason=memory-module')" = 1 ]
check $? init_module_memory_module_audited
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_ban_by_cert

# Compressed modules are judged on their decompressed image (the kernel
# itself decompresses them with MODULE_INIT_COMPRESSED_FILE: 6.12 does, 6.1
# has no decompressor, but vendorban decides first).  A new policy before
# each load: repeats of one denial are not recorded.
mark=$(wc -l </tmp/audit.log)
$P finitz /tests/modules/banned.ko.xz
[ $? -eq $EACCES ]
check $? finit_module_compressed_banned_ko_xz_refused
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
	$P finit /tests/modules/banned.ko.zst
[ $? -eq $EACCES ]
check $? finit_module_banned_ko_zst_refused
sleep 1
[ "$(audit_count 'op=module_load decision=deny.*label=.*banned-rsa2048.*banned.ko.xz')" = 1 ] &&
	[ "$(audit_count 'op=module_load decision=deny.*label=.*banned-rsa2048.*banned.ko.zst')" = 1 ]
check $? compressed_module_denials_name_the_banned_signer
mark=$(wc -l </tmp/audit.log)
$P finitz /tests/modules/corrupt.ko.xz
[ $? -eq $EACCES ]
check $? finit_module_corrupt_ko_xz_refused
sleep 1
[ "$(audit_count 'op=module_load decision=deny.*corrupt.ko.xz.*reason=corrupt')" = 1 ]
check $? corrupt_ko_xz_audited_as_corrupt

# A real Debian .ko.xz (module/build.sh copies one of Debian's 6.12
# kernel), banned by its own signer as vendorbanctl reads it.  On stock
# 6.12 it would load: it is that kernel's module, signed by its key.
deb=/tests/modules/debian.ko.xz
issuer=$(vendorbanctl inspect $deb |
	sed -n 's/^  signer0\.sid\.issuer  *\(.*\)  \[agree\]$/\1/p')
serial=$(vendorbanctl inspect $deb |
	sed -n 's/^  signer0\.sid\.serial  *\([0-9a-f]*\)  \[agree\]$/\1/p')
echo "# Debian's module signer: issuer $issuer serial $serial"
printf 'vendorban-policy 1\nname ban-debian\nversion 1\ndefault allow\ndeny issuer-serial "%s" %s label=debian-module-key\n' \
	"$issuer" "$serial" >/tmp/ban-debian.pol
[ -n "$issuer" ] && [ -n "$serial" ] &&
	vendorbanctl load /tmp/ban-debian.pol >/dev/null
check $? ban_debian_module_signer_loaded
mark=$(wc -l </tmp/audit.log)
$P finitz $deb
[ $? -eq $EACCES ]
check $? real_debian_ko_xz_refused
sleep 1
serial_uc=$(echo "$serial" | tr a-f A-F)
[ "$(audit_count "op=module_load decision=deny.*label=.*debian-module-key.*debian.ko.xz.*signer_serial=$serial_uc")" = 1 ]
check $? real_debian_ko_xz_denial_names_debian_signer
# A larger one (bluetooth.ko.xz): its image outgrows the first buffer.
vendorbanctl load /tmp/ban-debian.pol >/dev/null && $P finitz /tests/modules/debian-big.ko.xz
[ $? -eq $EACCES ]
check $? real_debian_big_ko_xz_refused
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null
check $? reload_ban_by_cert_after_compressed

# binfmt_misc loaded after vendorban.ko (systemd-binfmt, wine-binfmt): its
# handler goes in front of the exec gate and would run its interpreter for
# a banned PE file unseen; the BPF LSM's exec hook still sees the file.
# A wine-like interpreter "runs" (records) each PE it is handed.  (This
# boot loaded binfmt_misc before vendorban.ko, then unloads and loads it
# again: its handler goes in front of the formats list either way, as
# in a boot that loads it only later; until 7 December that boot was a
# boot of its own, run.sh binfmt-late, with these checks.)
BM=/proc/sys/fs/binfmt_misc
RAN=/tmp/wine-like.ran
cat >/tmp/wine-like <<WINE
#!/bin/sh
echo "\$1" >>$RAN
exit 7
WINE
chmod 0755 /tmp/wine-like
umount $BM 2>/dev/null
rmmod binfmt_misc && insmod /lib/modules/binfmt_misc.ko &&
	mount -t binfmt_misc binfmt_misc $BM &&
	echo ":vbpe:M::MZ::/tmp/wine-like:" >$BM/register &&
	grep -qx enabled $BM/vbpe
check $? binfmt_misc_loaded_after_vendorban
status_is mechanism bpf-lsm
check $? mechanism_is_bpf_lsm_with_binfmt_misc_in_front
# run_pe FILE: exec FILE, print its exit status (stderr in /tmp/err)
run_pe() {
	"$1" 2>/tmp/err
	echo $?
}
rm -f $RAN
[ "$(run_pe $F/bin/pe-unsigned)" = 7 ] && grep -qx $F/bin/pe-unsigned $RAN
check $? unsigned_pe_runs_through_binfmt_misc
[ "$(run_pe $F/bin/pe-good)" = 7 ] && grep -qx $F/bin/pe-good $RAN
check $? good_pe_runs_through_binfmt_misc
rm -f $RAN
mark=$(wc -l </tmp/audit.log)
rc=$(run_pe $F/bin/pe-banned)
echo "# banned PE: exit $rc, interpreter ran: $(cat $RAN 2>/dev/null || echo no)"
[ "$rc" = 126 ] && grep -q 'Permission denied' /tmp/err
check $? banned_pe_refused_with_binfmt_misc_in_front
[ ! -e $RAN ]
check $? banned_pe_never_reaches_the_interpreter
sleep 1
[ "$(audit_count 'op=exec decision=deny.*pe-banned')" -ge 1 ]
check $? banned_pe_denial_audited
echo -1 >$BM/vbpe

# Before lock the admin can take the programs down (a DKMS upgrade): drop
# the module's links, which detaches them, and rmmod works once the
# programs are freed (after an RCU grace period).
echo release >$VB/bpf_links &&
	status_is mechanism 'binfmt (bpf: not attached)' && [ "$(held)" = 0 ]
check $? release_before_lock
i=0
until rmmod vendorban 2>/dev/null || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
! grep -q '^vendorban ' /proc/modules
check $? rmmod_after_release
insmod $MOD && vendorbanctl attach >/dev/null &&
	vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
	status_is mechanism bpf-lsm
check $? attach_again_after_reload

# The built-in form's VM suite, through the BPF LSM: every
# /tests/bin/*_test program (exec, mmap, dlopen and ld.so, mprotect,
# module, fs, toctou, untrusted, audit, ...; their TAP lines count too).
# Not here: KUnit (built into the test kernel) and auditd_test.sh (it
# replaces the audit reader, and the checks below read its log); nor the
# tests that fill the table (their attacker has the table's size and 16
# more files checked or mapped: 4,112 with the default table), which run
# below with a table of two.  What they attack is eviction: a full table
# evicts the head of its first non-empty per-worth list
# (module/inode_table.c), the same choice whatever the table's size, so a
# table of two makes the same evictions with 18 files (every new entry
# one), where the default table took 4,112 per attempt: about as many
# file creations, mappings and FUSE round trips under TCG as the rest
# of the suite together.  evictfill_test fills one account's records of
# evicted suspicions to its bound (8,192 mappings), not the table: the
# same in any table, so once.  The rest of the suite runs with the
# default table, but for $BUILTIN_ONLY: auditacct_test tests the accounts
# of the bound on the record rate (kmod/audit.c rate_account() and
# decide_locked(), from current_cred() and its user namespaces), code with
# nothing of the form in it, reached by any denial whatever hook decided
# it; it runs on the built-in form on 6.1 and 6.12 (check-vm,
# check-vm-6.12) and under KASAN and lockdep (check-debug), and this
# form's denials reach kmod/audit.c in audit_test, exec_test and the
# others here.  (30 s of floods and waits in each of these two boots.)
# scanrace_test (vendorbanctl scan against a user's swaps) runs only here:
# it needs inotify, which the test kernels leave out (tests/vm/guest/suite.sh).
# subuids_test, the same bound with subordinate uids, runs here too: it
# tests the securityfs file subuids, which each form creates.
# records_test and accountrace_test (the records' accounts, RT13-2: about
# 45 s, and it loads the module again with suspicions_per_account=12,
# then as it was) test what only this form has, and run only here.
SMALL_TABLE_ONLY="heldflood_test idmap_test idmapheld_test idmapsusp_test"
SMALL_TABLE_ONLY="$SMALL_TABLE_ONLY evictfill_test"
BUILTIN_ONLY="auditacct_test"
for t in /tests/bin/*_test; do
	case " $SMALL_TABLE_ONLY $BUILTIN_ONLY " in
	*" ${t##*/} "*) continue ;;
	esac
	echo "# vendorban selftest (module form, bpf-lsm): ${t##*/}"
	t0=$(tap_clock)
	"$t"
	check $? "suite_${t##*/}_bpf_lsm"
	tap_took "$t0" "${t##*/}"
done
status_is mechanism bpf-lsm
check $? still_bpf_lsm_after_the_suite

# Eviction is no way around held pages: with a table of two, the attack
# evicts its program's entry (a suspect file) before it runs it
# (tests/vm/heldpages_test.c; and before root adopts it,
# heldadopt_test.c), and no way to make root's programs suspect
# (heldflood_test.c); then back to the default table.  The tests of
# $SMALL_TABLE_ONLY run here only (see above).
reload_attached() {
	echo release >$VB/bpf_links || return 1
	i=0
	until rmmod vendorban 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	insmod $MOD "$@" && vendorbanctl attach >/dev/null &&
		vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
		status_is mechanism bpf-lsm
}
reload_attached cache_entries=2
check $? reload_attached_with_two_cache_entries
t0=$(tap_clock)
/tests/bin/heldpages_test
check $? held_pages_refused_with_two_cache_entries
tap_took "$t0" "heldpages_test (cache_entries=2)"
# Nor does a flood of the table make root's programs suspect, or take a
# suspicion root's own mapping left (tests/vm/heldflood_test.c)
t0=$(tap_clock)
/tests/bin/heldflood_test
check $? held_flood_with_two_cache_entries
tap_took "$t0" "heldflood_test (cache_entries=2)"
# Nor a user's writers through an idmapped mount, whose files are root's
# on disk (tests/vm/idmap_test.c)
t0=$(tap_clock)
/tests/bin/idmap_test
check $? idmap_flood_with_two_cache_entries
tap_took "$t0" "idmap_test (cache_entries=2)"
# Nor is a user's suspicion evicted, then his file adopted by root (chown
# root, chmod 0755), a way around it (tests/vm/heldadopt_test.c; redteam7
# RT7-4)
t0=$(tap_clock)
/tests/bin/heldadopt_test
check $? held_adopted_with_two_cache_entries
tap_took "$t0" "heldadopt_test (cache_entries=2)"
# Nor is a file an idmapped mount made a user's, its entry evicted, then
# run by a path that shows it as root's (tests/vm/idmapheld_test.c;
# redteam8 RT8-1)
t0=$(tap_clock)
/tests/bin/idmapheld_test
check $? idmap_held_with_two_cache_entries
tap_took "$t0" "idmapheld_test (cache_entries=2)"
# Nor does a user fill the table with suspicions only root can make by
# making root-only through an idmapped mount files he mapped through a
# writer he opened by the mount's source directory
# (tests/vm/idmapsusp_test.c; redteam10 RT10-3)
t0=$(tap_clock)
/tests/bin/idmapsusp_test
check $? idmap_suspicions_with_two_cache_entries
tap_took "$t0" "idmapsusp_test (cache_entries=2)"
# Nor does a user's fill of the records of evicted suspicions make
# root's programs suspect; his own account is refused at its bound
# (tests/vm/evictfill_test.c; redteam9 RT9-4, redteam10 RT10-1)
t0=$(tap_clock)
/tests/bin/evictfill_test
check $? evicted_fill_with_two_cache_entries
tap_took "$t0" "evictfill_test (cache_entries=2)"
# Suspicions only root can make (files only root may write, mapped
# through a writer root opened) fill the table: those whose writers are
# gone and whose pages nobody holds are found clean and evicted when
# room is needed (redteam11 RT11-2, tests/vm/daemonfill_test.c).  In a
# fresh load: each kernel line below is logged once per load.
FULL='vendorban: inode table full of suspect files only root may write (cache_entries=2)'
LOST="vendorban: a suspect file's state was lost"
logged() { dmesg | grep -c "$1"; }
reload_attached cache_entries=2
check $? reload_attached_with_two_cache_entries_for_the_full_table
full0=$(logged "$FULL") lost0=$(logged "$LOST")
mkdir -p /tmp/full && mount -t tmpfs -o mode=0755 tmpfs /tmp/full &&
	cp $F/bin/unsigned /tmp/full/a && cp $F/bin/unsigned /tmp/full/b &&
	cp $F/bin/unsigned /tmp/full/c && cp $F/bin/unsigned /tmp/full/d &&
	cp $F/bin/unsigned /tmp/full/e && $P mapw /tmp/full/a &&
	$P mapw /tmp/full/b && $P mapw /tmp/full/c &&
	[ "$(logged "$FULL")" -eq "$full0" ] &&
	[ "$(logged "$LOST")" -eq "$lost0" ]
check $? full_table_closed_root_suspicions_found_clean
# Only root fills it with suspicions it keeps (writers kept open): then a
# new file goes uncached (logged once), and one more such mapping finds no
# room, the fallback: every file without an entry is suspect (logged
# once).
exec 7<>/tmp/full/b 8<>/tmp/full/c
$P mapw /tmp/full/b && $P mapw /tmp/full/c
check $? root_fills_the_table_with_suspicions_it_keeps
/tmp/full/d
[ $? -eq 42 ] && [ "$(logged "$FULL")" -gt "$full0" ] &&
	[ "$(logged "$LOST")" -eq "$lost0" ]
check $? full_table_new_file_runs_uncached_logged
$P mapw /tmp/full/e && [ "$(logged "$LOST")" -gt "$lost0" ]
check $? full_table_root_mapping_falls_back_logged
exec 7<&- 8<&-
umount /tmp/full
reload_attached
check $? reload_attached_default_table

# Locked before the programs are attached (the exec gate alone: lock must
# be forced), then attached: links may still be added once locked (only
# vendorban's own programs), never dropped.
check release_before_locking sh -c "echo release >$VB/bpf_links"
vendorbanctl load /fixtures/policies/ban-by-cert.pol >/dev/null &&
	vendorbanctl lock --force >/dev/null
check $? lock
vendorbanctl attach >/dev/null && status_is mechanism bpf-lsm &&
	all_held
check $? attach_after_lock
$LDSO $F/bin/dyn-hello-banned 2>/dev/null
[ $? -eq 127 ]
check $? ldso_banned_refused_after_lock

# The links stay: the kernel has no detach for LSM links, and the module
# holds the only reference to them (no pin in bpffs).
$P detach "$(link_id vb_exec)"
[ $? -eq $EOPNOTSUPP ]
check $? link_detach_refused
if echo release 2>/dev/null >$VB/bpf_links; then r=1; else r=0; fi
check $r link_release_refused_once_locked
[ ! -e /sys/fs/bpf/vendorban ] && $LDSO $F/bin/dyn-hello-banned 2>/dev/null
[ $? -eq 127 ] && status_is mechanism bpf-lsm
check $? enforced_without_pins
if rmmod vendorban 2>/dev/null; then r=1; else [ -e $VB ]; r=$?; fi
check $r rmmod_fails_once_locked
if echo permissive 2>/dev/null >$VB/mode; then
	r=1
else
	status_is mode enforce
	r=$?
fi
check $r mode_write_fails_once_locked
$F/bin/banned-rsa2048-cert
[ $? -eq 126 ]
check $? still_denied_once_locked

# rmmod -f after lock: the kernel (CONFIG_MODULE_FORCE_UNLOAD=y on Debian)
# ignores the reference lock took and calls the module's exit; vendorban's
# exit refuses to return, so the module and its exec gate stay.  This must
# be the last step: that rmmod never exits.
rmmod -f vendorban 2>/dev/null &
rmf=$!
sleep 2
running $rmf
check $? forced_rmmod_after_lock_never_returns
grep -q '^vendorban ' /proc/modules
check $? module_still_loaded_after_forced_rmmod
$F/bin/banned-rsa2048-cert 2>/dev/null
[ $? -eq 126 ]
check $? still_denied_after_forced_rmmod
$F/bin/unsigned
[ $? -eq 42 ]
check $? unsigned_runs_after_forced_rmmod
dmesg | grep -q 'vendorban: rmmod -f while locked: refused'
check $? forced_rmmod_logged
[ "$(grep -c 'op=forced_unload' /tmp/audit.log)" = 1 ] &&
	grep 'op=forced_unload' /tmp/audit.log | grep -q 'locked=1 .*res=0'
check $? forced_rmmod_audited_once
# vendorbanctl audit counts it as one tamper event, shown first (the log
# of vb-auditd, "type=N audit(...)", in auditd's form for libauparse)
sed 's/^\(type=[0-9]*\) audit(/\1 msg=audit(/' /tmp/audit.log >/tmp/audit.auditd &&
	vendorbanctl audit --summary /tmp/audit.auditd >/tmp/vbaudit.out 2>&1 &&
	sed -n 2p /tmp/vbaudit.out | grep -q '^tamper: .* 1 refused rmmod -f, '
check $? forced_rmmod_one_tamper_event
sed -n 2p /tmp/vbaudit.out | sed 's/^/# /'

tap_done
