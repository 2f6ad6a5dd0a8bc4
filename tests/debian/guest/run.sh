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
	[ "$(grep -c ' held ' $VB/bpf_links)" = 8 ] &&
	grep -q '^mechanism: bpf-lsm' /tmp/status.out
check $? "status_mechanism_$(sed -n 's/^mechanism: \([a-z-]*\).*/\1/p' /tmp/status.out)"
refused $F/banned-rsa2048-cert
check $? "banned_refused_after_boot"
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

if [ "$phase" = 1 ]; then
	# --- module images from memory (kmod 30 loads .ko.xz with init_module) ---
	# With memory-modules deny in force, modprobe of a module not yet loaded
	# is refused when the module is compressed and the BPF mechanism decides;
	# a plain .ko (finit_module, stock 6.1) is judged as a file and loads.
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
	if [ "$memory" = 1 ] && grep -q '^mechanism: bpf-lsm' /tmp/status.out; then
		[ "$rc" != 0 ] && grep -q 'Permission denied' /tmp/modprobe.out &&
			wait_for 10 grep -q 'lsm=vendorban op=module_load decision=deny .* reason=memory-module' $LOG
		check $? "memory_modules_deny_refuses_modprobe_of_compressed_module"
	else
		[ "$rc" = 0 ]
		check $? "memory_modules_deny_modprobe_loads_from_memory_${memory}"
	fi
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

	# --- package upgrade of vendorbanctl, then reboot (phase 2) ---
	server_next_policy before
	server_upgrade # sets old and new
	# shellcheck disable=SC2154
	check $? "vendorbanctl_upgraded_${old}_to_${new}"
	echo "$new" >/var/lib/vendorban-test-upgraded
	server_next_policy after
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
fi

TAP_PART="VENDORBAN-DEBIAN phase=$phase"
tap_done
sync
systemctl --no-block poweroff
