#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh - the assertions of the real-boot test (tests/debian), run by
# vendorban-boot-test.service once the Debian system is up, then powers
# the guest off.  Prints TAP lines on the serial console; the host
# (tests/debian/run.sh) counts them.
#
# vbtest.phase=1 on the kernel command line: the first boot after the
# packages were installed; ends with the upgrade of vendorbanctl.
# vbtest.phase=2: the boot after that upgrade (with vendorban.lock=1: the
# policy is locked).  More vbtest.* switches: server.sh.
set -u
F=/opt/vendorban-test/bin
VB=/sys/kernel/security/vendorban
LOG=/var/log/audit/audit.log
CLOG=/var/log/audit-collector/audit.log
TAP_PREFIX=debian.
# shellcheck source=tests/lib/tap.sh
. /usr/lib/vendorban-test/tap.sh

# runs PROGRAM: the fixture ran (fixture programs exit 42)
runs() {
	"$1" >/dev/null 2>&1
	[ $? = 42 ]
}

# Every program of the hook table the installed module was built from
# (vendorban-dkms's source; a server with the prebuilt module package has
# no source: every slot the module lists) is held.
all_programs_held() {
	if ls /usr/src/vendorban-*/kmod/hook_table.h >/dev/null 2>&1; then
		awk -F'[(, ]+' '/^VENDORBAN_HOOK\(/ && ($4 == "BOTH" || $4 == "MODULE") {
			print "vb_" $3 }' /usr/src/vendorban-*/kmod/hook_table.h
	else
		cut -d' ' -f1 $VB/bpf_links
	fi >/tmp/programs
	[ -s /tmp/programs ] &&
		[ "$(grep -c ' held ' $VB/bpf_links)" = "$(wc -l </tmp/programs)" ] ||
		return 1
	while read -r prog; do
		grep -q "^$prog .* held " $VB/bpf_links || return 1
	done </tmp/programs
}

# refused PROGRAM: execve failed with EACCES (the shell says so, exit 126)
refused() {
	"$1" >/tmp/refused.out 2>&1
	rc=$?
	[ "$rc" = 126 ] && grep -q 'Permission denied' /tmp/refused.out
}

# shellcheck source=tests/debian/guest/server.sh
. /usr/lib/vendorban-test/server.sh
phase=$(arg phase)
echo "VENDORBAN-DEBIAN phase=$phase kernel=$(uname -r)"
# The policy the boot put in force: the admin's /etc/vendorban/policy.
want=$(policy_name)
echo "# policy: $want; kmod: $(kmod --version | head -1); $(grep -o 'vendorban\.lock=1' /proc/cmdline)"
if [ "$phase" = collector ]; then
	server_collector
	TAP_PART="VENDORBAN-DEBIAN phase=$phase"
	tap_done
	sync
	systemctl --no-block poweroff
	exit 0
fi
wait_collector
# Boot time: from the kernel's start (monotonic clock) to the initramfs'
# end and to multi-user.target.
userspace=$(systemctl show -P UserspaceTimestampMonotonic)
multiuser=$(systemctl show -P ActiveEnterTimestampMonotonic multi-user.target)
echo "# boot: systemd started at $((userspace / 1000)) ms," \
	"multi-user.target reached at $((multiuser / 1000)) ms after the kernel started"

# --- in force from the initramfs, before sysinit.target ---
journalctl -b -o cat -u vendorban-early-test.service >/tmp/early.log 2>&1
show /tmp/early.log
grep -q '^early: banned program refused: .*Permission denied' /tmp/early.log
check $? "early_unit_refused_banned"
grep -qx "early: policy in force: $want" /tmp/early.log
check $? "early_unit_saw_policy"
early=$(systemctl show -P ExecMainStartTimestampMonotonic vendorban-early-test.service)
sysinit=$(systemctl show -P ActiveEnterTimestampMonotonic sysinit.target)
[ "${early:-0}" -gt 0 ] && [ "$early" -lt "${sysinit:-0}" ]
check $? "early_unit_ran_before_sysinit_target"
journalctl -b -k -o cat >/tmp/kmsg.log
grep -n 'vendorban' /tmp/kmsg.log | head -8 | sed 's/^/# kernel: /'
grep -q "^vendorban: .*$want" /tmp/kmsg.log
check $? "initramfs_script_loaded_policy"

# --- after boot ---
vendorbanctl status >/tmp/status.out 2>&1
rc=$?
show /tmp/status.out
[ "$rc" = 0 ] && grep -q "$want" /tmp/status.out
check $? "status_policy_in_force"
grep -q '^form: module' /tmp/status.out
check $? "status_says_module_form"
# The server has what vendorban-dkms recommends and, for 6.1, suggests
# (dwarves; linux-source-6.1, libelf-dev, zlib1g-dev, xz-utils for the
# module BTF), and no clang: on both stock kernels DKMS builds the module
# BTF, and the boot scripts attach the BPF LSM programs the module holds.
! command -v clang >/dev/null && [ -e /sys/kernel/btf/vendorban ] &&
	all_programs_held &&
	grep -q '^mechanism: bpf-lsm' /tmp/status.out
check $? "status_mechanism_$(sed -n 's/^mechanism: \([a-z-]*\).*/\1/p' /tmp/status.out)"
refused $F/banned-rsa2048-cert
check $? "banned_refused_after_boot"
[ "$(arg migrated)" = 1 ] && [ "$phase" = 1 ] && server_migrated
runs $F/unsigned
check $? "unsigned_runs"
runs $F/good-rsa2048-cert
check $? "good_vendor_runs"


# --- Debian's auditd, and the collector ---
systemctl is-active --quiet auditd.service
check $? "auditd_active"
wait_for 10 grep -q 'lsm=vendorban op=exec decision=deny' $LOG
check $? "auditd_log_has_denial"
ausearch -i -m KERNEL_OTHER >/tmp/ausearch.out 2>&1
grep -q 'lsm=vendorban op=exec decision=deny' /tmp/ausearch.out
check $? "ausearch_i_finds_denial"
grep 'lsm=vendorban' /tmp/ausearch.out | tail -2 | sed 's/^/# /'
if [ -n "$(arg collector)" ]; then
	echo "# the collector is the second guest, at $(arg collector): it checks the records"
	rc=0
else
	wait_for 20 grep -q '^node=vb-server .*lsm=vendorban op=exec decision=deny' $CLOG
	rc=$?
	check $rc "collector_has_record_with_node"
fi
if [ "$rc" != 0 ]; then
	{
		systemctl status --no-pager vendorban-collector.service auditd.service
		journalctl -b --no-pager -o cat -u vendorban-collector.service -u auditd.service
		journalctl -b --no-pager -o cat -t audisp-remote -t auditd
		ls -l /var/log/audit-collector
	} >/tmp/collector.diag 2>&1
	show /tmp/collector.diag
fi
grep 'lsm=vendorban' $CLOG 2>/dev/null | tail -1 | sed 's/^/# collector: /'

# --- a ban never breaks a boot; Secure Boot ---
server_boot_health
[ "$(arg sb)" = 1 ] && server_secure_boot

# --- vendorban.service: never skipped; what it could not do is shown ---
systemctl is-active --quiet vendorban.service &&
	[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 0 ] &&
	! systemctl --failed --no-legend --plain | grep -q vendorban
check $? "service_active_exit_0_not_in_systemctl_failed"
journalctl -b -o cat -u vendorban.service | tail -3 | sed 's/^/# unit: /'

if [ "$phase" = 1 ]; then
	# A corrupt signed policy: without vendorban_required=1 the unit stays
	# active with exit status 12 and an err line; with it, the unit fails
	# and systemctl --failed lists it.  The policy in force stays.
	cp /etc/vendorban/policy /tmp/policy.good
	cp /etc/default/vendorban /tmp/default.good
	printf '\060\202\001\000vendorban' >/etc/vendorban/policy
	systemctl restart vendorban.service
	systemctl is-active --quiet vendorban.service &&
		[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 12 ] &&
		journalctl -b -p err -o cat -u vendorban.service | grep -q 'truncated signed policy'
	check $? "service_corrupt_policy_active_exit_12_err_in_journal"
	echo VENDORBAN_REQUIRED=1 >/etc/default/vendorban
	systemctl restart vendorban.service 2>/dev/null
	systemctl --failed --no-legend --plain >/tmp/failed.out
	show /tmp/failed.out
	grep -q '^vendorban.service ' /tmp/failed.out
	check $? "service_required_corrupt_policy_in_systemctl_failed"
	[ "$(sed -n 's/^name //p' $VB/policy)" = debian-boot ]
	check $? "service_failed_load_kept_policy_debian_boot"
	cp /tmp/policy.good /etc/vendorban/policy
	cp /tmp/default.good /etc/default/vendorban
	systemctl reset-failed vendorban.service
	systemctl restart vendorban.service &&
		[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 0 ]
	check $? "service_restarted_with_the_good_policy"
	# ExecReload loads /etc/vendorban/policy again (the boot check runs: the
	# policy differs from the one in force).
	start=$(date +%s)
	cp /opt/vendorban-test/other.vbpolicy /etc/vendorban/policy &&
		systemctl reload vendorban.service &&
		[ "$(sed -n 's/^name //p' $VB/policy)" = other ]
	check $? "service_reload_loads_the_policy_file"
	echo "# reload with the boot check: $(($(date +%s) - start)) s"
	cp /tmp/policy.good /etc/vendorban/policy
	systemctl reload vendorban.service
	[ "$(sed -n 's/^name //p' $VB/policy)" = debian-boot ]
	check $? "service_reload_back_to_debian_boot"

	# --- module images from memory (kmod 30 loads .ko.xz with init_module) ---
	# A one-rule ban with the default memory-modules deny: modprobe of a
	# module not yet loaded works, from memory (kmod decompresses a .ko.xz
	# itself: the image is judged by its Debian signature and the rules)
	# or from the file (a plain .ko, stock 6.1).
	mod=dummy
	modfile=$(modinfo -n $mod)
	echo "# $mod: $modfile; mechanism: $(sed -n 's/^mechanism: //p' /tmp/status.out)"
	rmmod $mod 2>/dev/null
	vendorbanctl load /opt/vendorban-test/memory-deny.vbpolicy >/dev/null 2>&1
	modprobe $mod >/tmp/modprobe.out 2>&1
	rc=$?
	show /tmp/modprobe.out
	memory=0
	from_memory $mod && memory=1
	[ "$rc" = 0 ] && grep -q "^$mod " /proc/modules
	check $? "one_rule_ban_modprobe_loads_from_memory_${memory}"
	rmmod $mod 2>/dev/null
	vendorbanctl load /etc/vendorban/policy >/dev/null 2>&1
	mm=$(sed -n 's/^memory-modules //p' $VB/policy)
	modprobe $mod
	check $? "boot_policy_memory_modules_${mm:-deny}_modprobe_loads"
	rmmod $mod 2>/dev/null

	# --- the apt hook: a banned vendor's package through apt ---
	# A policy source that follows the packages (installed-package); apt's
	# hook (Pre-Install-Pkgs, with the .deb files about to be unpacked,
	# then Post-Invoke) compiles it into /etc/vendorban/policy and loads
	# it: no manual reload.  vbban-tool 2.0's postinst runs the program
	# only 2.0 has, as a vendor's postinst starts its daemon.
	cp /etc/vendorban/policy /tmp/boot.vbpolicy
	{
		cat /etc/vendorban/policy
		echo 'deny installed-package vbban-tool label=vendor'
	} >/etc/vendorban/policy.vbpolicy
	P=/opt/vendorban-test/pkg
	apt-get install -y -q $P/vbban-tool_1.0_amd64.deb >/tmp/apt.out 2>&1
	rc=$?
	tail -3 /tmp/apt.out | show /dev/stdin
	[ "$rc" = 0 ] && refused /usr/bin/vbban-prog
	check $? "apt_hook_bans_the_installed_package"
	grep -q 'label=vendor.vbban-tool' /etc/vendorban/policy
	check $? "apt_hook_compiled_etc_vendorban_policy"
	rm -f /var/lib/vbban-tool-postinst-rc
	apt-get install -y -q $P/vbban-tool_2.0_amd64.deb >/tmp/apt.out 2>&1
	rc=$?
	tail -3 /tmp/apt.out | show /dev/stdin
	[ "$rc" = 0 ] && refused /usr/bin/vbban-new && refused /usr/bin/vbban-prog
	check $? "apt_hook_bans_the_new_version_without_a_reload"
	[ "$(cat /var/lib/vbban-tool-postinst-rc 2>/dev/null)" = 126 ]
	check $? "apt_hook_refused_the_new_program_before_its_postinst_ran_it"
	# --- plain dpkg, without apt's hook: vendorban-refresh.path ---
	# dpkg -i of 1.0 over 2.0: 1.0's program (another build than 2.0's)
	# is banned only by the refresh the path unit starts, once dpkg is done.
	systemctl is-active --quiet vendorban-refresh.path
	check $? "refresh_path_unit_active"
	systemctl status --no-pager vendorban-refresh.path 2>&1 | head -6 | show /dev/stdin
	dpkg -i $P/vbban-tool_1.0_amd64.deb >/tmp/dpkg.out 2>&1
	rc=$?
	tail -3 /tmp/dpkg.out | show /dev/stdin
	[ "$rc" = 0 ] && wait_for 60 refused /usr/bin/vbban-prog
	check $? "refresh_path_unit_bans_what_a_plain_dpkg_installed"
	journalctl -b -o cat -u vendorban-refresh.service | tail -4 | show /dev/stdin
	rm -f /etc/vendorban/policy.vbpolicy
	apt-get purge -y -q vbban-tool >/dev/null 2>&1
	cp /tmp/boot.vbpolicy /etc/vendorban/policy
	vendorbanctl load /etc/vendorban/policy >/dev/null 2>&1
	check $? "boot_policy_back_after_the_apt_hook_phase"

	if [ -n "$(arg nextpolicy)" ]; then
		# --- no upgrade: the next boot of this disk is another
		# kernel's phase 1 (tests/debian/run.sh), with its policy ---
		server_then
	else
		# --- package upgrade of vendorbanctl, then reboot (phase 2) ---
		server_next_policy before
		server_upgrade # sets old and new
		# shellcheck disable=SC2154
		check $? "vendorbanctl_upgraded_${old}_to_${new}"
		echo "$new" >/var/lib/vendorban-test-upgraded
		server_next_policy after
	fi
else
	# --- after the upgrade, with vendorban.lock=1 ---
	new=$(dpkg-query -W -f='${Version}' vendorbanctl)
	case $new in *+vbtest1) [ "$new" = "$(cat /var/lib/vendorban-test-upgraded 2>/dev/null)" ] ;; *) false ;; esac
	check $? "runs_the_upgraded_vendorbanctl_$new"
	[ "$(arg neg)" = 1 ] && server_refusals
fi
if [ "$phase" = 2 ] && grep -q 'vendorban\.lock=1' /proc/cmdline; then
	[ "$(cat $VB/lock)" = 1 ]
	check $? "lock_1_policy_locked_after_boot_load"
	! vendorbanctl load /opt/vendorban-test/other.vbpolicy >/tmp/load.out 2>&1
	check $? "locked_policy_cannot_be_replaced"
	show /tmp/load.out
	# The initramfs loaded, attached and locked: the unit finds the same
	# policy in force and says so, with no error line (no second attach,
	# no second load).
	journalctl -b -o cat -u vendorban.service >/tmp/unit.log
	grep -q "policy $want version [0-9]* is in force already (locked): nothing to load" /tmp/unit.log &&
		[ -z "$(journalctl -b -p err -o cat -u vendorban.service)" ]
	check $? "locked_service_same_policy_success_no_err_line"
	show /tmp/unit.log
	# A policy file that differs from the one locked in is not in force:
	# the unit says so (exit 12, shown), and fails with vendorban_required=1.
	cp /etc/vendorban/policy /tmp/policy.good
	cp /opt/vendorban-test/other.vbpolicy /etc/vendorban/policy
	systemctl restart vendorban.service
	systemctl is-active --quiet vendorban.service &&
		[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 12 ] &&
		journalctl -b -p err -o cat -u vendorban.service | grep -q 'locked until reboot'
	check $? "locked_service_other_policy_exit_12_locked_until_reboot"
	cp /etc/default/vendorban /tmp/default.good
	echo VENDORBAN_REQUIRED=1 >/etc/default/vendorban
	systemctl restart vendorban.service 2>/dev/null
	systemctl --failed --no-legend --plain | grep -q '^vendorban.service '
	check $? "locked_service_other_policy_required_fails"
	cp /tmp/policy.good /etc/vendorban/policy
	cp /tmp/default.good /etc/default/vendorban
	systemctl reset-failed vendorban.service
	systemctl restart vendorban.service &&
		[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 0 ]
	check $? "locked_service_same_policy_again_exit_0"
fi

TAP_PART="VENDORBAN-DEBIAN phase=$phase"
tap_done
sync
systemctl --no-block poweroff
