# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# server.sh - sourced by run.sh (the real Debian server boots): the
# checks that depend on how the server was booted and installed, each
# selected on the kernel command line:
#
#   (always)      a ban never breaks a boot: no module load refused with
#                 reason=memory-module, binfmt_misc loaded, modprobe of one
#                 of Debian's modules works, no failed unit
#   vbtest.sb=1   Secure Boot: lockdown, mokutil --sb-state, and
#                 vendorban.ko signed by the enrolled Machine Owner Key
#   vbtest.sign=dkms|prebuilt  with vbtest.sb=1: vendorban.ko is the one
#                 DKMS built and signed with the server's MOK key, or the
#                 prebuilt module package's, signed by the organisation
#   vbtest.migrated=1  phase 1: the image's upgrade (apt, in the chroot
#                 the image was made in) installed the next version of
#                 vendorbanctl and of the prebuilt module package for this
#                 kernel in place of vendorban-dkms: checked here
#   vbtest.nextpolicy=FILE  phase 1 ends without the upgrade: the next boot of
#                 this disk is another kernel's phase 1, under the policy
#                 /opt/vendorban-test/FILE (its initramfs has it already);
#                 the audit logs are cleared for it
#   vbtest.neg=1  an unsigned and a wrongly signed vendorban.ko are refused
#                 by the kernel and vendorbanctl status says why; the signed
#                 one loads again
#   vbtest.repo=1 the upgrade comes from the signed apt repository
#   vbtest.collector=ADDR  audit records go to the second guest, the
#                 collector on the private network (net.sh), not to the one
#                 on loopback
#   vbtest.phase=collector  this guest is that collector: its own denial,
#                 the server's records, vendorbanctl audit over both
#   vbtest.next=REL   phase 1 leaves the shipped example policy in
#                 /etc/vendorban/policy and in REL's initramfs (the kernel
#                 phase 2 boots)
#
# Uses tests/lib/tap.sh (check, show, wait_for) and run.sh's runs and refused.

# arg NAME: the value of vbtest.NAME= on the kernel command line
arg() {
	tr ' ' '\n' </proc/cmdline | sed -n "s/^vbtest\\.$1=//p" | tail -1
}

# policy_name: the name of the admin's policy, /etc/vendorban/policy
policy_name() {
	sed -n 's/^name \([^ ]*\).*/\1/p' /etc/vendorban/policy | head -1
}

# from_memory MODULE: kmod hands MODULE to init_module() from memory (a
# compressed module, and no in-kernel decompression that kmod uses: kmod
# 31 and later pass a compressed file to finit_module when the kernel
# decompresses that format, /sys/module/compression)
from_memory() {
	f=$(modinfo -n "$1")
	case $f in
	*.ko.xz) c=xz ;;
	*.ko.zst) c=zstd ;;
	*) return 1 ;;
	esac
	v=$(kmod --version | sed -n 's/^kmod version \([0-9]*\).*/\1/p')
	! { [ "${v:-0}" -ge 31 ] && [ "$(cat /sys/module/compression 2>/dev/null)" = "$c" ]; }
}

# server_boot_health: the boot went as without vendorban
server_boot_health() {
	k=$(journalctl -b -k -o cat | grep -c 'reason=memory-module')
	a=$(ausearch --start boot -m KERNEL_OTHER 2>/dev/null | grep -c 'reason=memory-module')
	echo "# refused module loads with reason=memory-module this boot: $k in the kernel log, $a in auditd's log"
	journalctl -b -k -o cat | grep 'reason=memory-module' | head -3 | sed 's/^/# /'
	[ "$k" = 0 ] && [ "$a" = 0 ]
	check $? "no_module_load_refused_reason_memory_module"
	grep -q '^binfmt_misc ' /proc/modules && [ -e /proc/sys/fs/binfmt_misc/status ]
	check $? "binfmt_misc_loaded_and_mounted"
	rmmod dummy 2>/dev/null
	modprobe dummy >/tmp/dummy.out 2>&1
	rc=$?
	show /tmp/dummy.out
	rmmod dummy 2>/dev/null
	check $rc "modprobe_dummy_works"
	echo "# vendorban.service: $(systemctl is-enabled vendorban.service 2>&1)," \
		"$(systemctl show -P ActiveState vendorban.service) ($(systemctl show -P Result vendorban.service))"
	systemctl --failed --no-legend --plain >/tmp/failed.out 2>&1
	show /tmp/failed.out
	[ ! -s /tmp/failed.out ]
	check $? "systemctl_failed_is_empty"
}

# server_secure_boot: booted through shim and GRUB with Secure Boot on
server_secure_boot() {
	echo "# lockdown: $(cat /sys/kernel/security/lockdown 2>&1)"
	grep -q '\[integrity\]' /sys/kernel/security/lockdown
	check $? "secureboot_kernel_in_lockdown_integrity"
	mokutil --sb-state >/tmp/sb.out 2>&1
	show /tmp/sb.out
	grep -q '^SecureBoot enabled' /tmp/sb.out
	check $? "secureboot_mokutil_sb_state_enabled"
	signer=$(modinfo -F signer vendorban)
	echo "# vendorban.ko: $(modinfo -n vendorban), signer: $signer, taint: $(cat /sys/module/vendorban/taint 2>&1)"
	mokutil --list-enrolled 2>/dev/null | grep -i 'subject:' | sed 's/^ */# MOK /'
	journalctl -b -k -o cat | grep "Loaded X.509 cert '$signer" | sed 's/^/# kernel: /'
	[ -n "$signer" ] && mokutil --list-enrolled 2>/dev/null | grep -q "CN=$signer" &&
		journalctl -b -k -o cat | grep -q "Loaded X.509 cert '$signer"
	check $? "secureboot_module_signed_by_the_enrolled_mok"
	# Loaded in lockdown, so its signature verified: no E (unsigned) taint.
	grep -q '^vendorban ' /proc/modules && ! grep -q E /sys/module/vendorban/taint
	check $? "secureboot_signed_module_loaded"
	way=$(arg sign)
	case $way in
	dkms) cn='vb-server DKMS module signing key' dir=/updates/dkms/ ;;
	prebuilt) cn='vendorban test module signing key' dir=/updates/vendorban/ ;;
	*) return 0 ;;
	esac
	[ "$signer" = "$cn" ] && modinfo -n vendorban | grep -q "$dir"
	check $? "secureboot_module_signed_the_${way}_way"
}

# server_collector: the collector of the two-guest fleet test (run.sh's
# $LOG and $CLOG: its own auditd's log, and the collector auditd's)
server_collector() {
	refused /opt/vendorban-test/bin/banned-rsa2048-cert
	check $? "collector_refuses_banned_too"
	wait_for 20 grep -q '^node=vb-collector .*lsm=vendorban op=exec decision=deny' "$LOG"
	check $? "collector_own_record_with_node_vb_collector"
	wait_for 900 grep -q '^node=vb-server .*lsm=vendorban op=exec decision=deny' "$CLOG"
	check $? "collector_has_the_server_records_over_the_network"
	vendorbanctl audit --summary "$LOG" "$CLOG" >/tmp/summary.out 2>&1
	show /tmp/summary.out
	grep -q 'on 2 nodes' /tmp/summary.out &&
		grep -q '^ *node vb-server: [1-9][0-9]* deny' /tmp/summary.out &&
		grep -q '^ *node vb-collector: [1-9][0-9]* deny' /tmp/summary.out
	check $? "vendorbanctl_audit_summary_on_both_nodes"
}

# wait_collector: with vbtest.collector=ADDR, wait until the collector
# guest listens (it boots beside this one)
wait_collector() {
	c=$(arg collector)
	[ -n "$c" ] || return 0
	wait_for 300 bash -c "exec 3<>/dev/tcp/$c/60"
	check $? "collector_guest_reachable_at_$c"
}

# swap_module FILE: FILE becomes the vendorban.ko modprobe loads: the same
# path (an uncompressed .ko, as the prebuilt package installs), so
# modules.dep stays as it is (with a depmod -a per swap the refusals took
# about 450 s of Debian 13's Secure Boot boot)
swap_module() {
	cp "$1" "$modfile"
}

# server_refusals: the kernel refuses an unsigned and a wrongly signed
# vendorban.ko, status says why; the signed module loads again
server_refusals() {
	VB=/sys/kernel/security/vendorban
	modfile=$(modinfo -n vendorban)
	echo "# the module file swapped: $modfile"
	[ "${modfile%.ko}" != "$modfile" ]
	check $? "refusals_module_file_is_a_plain_ko"
	cp "$modfile" /tmp/vendorban-signed.ko
	echo release >$VB/bpf_links && rm -r /sys/fs/bpf/vendorban
	i=0
	until rmmod vendorban 2>/dev/null || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! grep -q '^vendorban ' /proc/modules
	check $? "module_unloaded_for_the_refusals"
	for kind in unsigned wrongkey; do
		swap_module /opt/vendorban-test/neg/vendorban-$kind.ko
		modprobe vendorban >/tmp/modprobe.out 2>&1
		rc=$?
		show /tmp/modprobe.out
		[ "$rc" != 0 ] && ! grep -q '^vendorban ' /proc/modules
		check $? "kernel_refuses_${kind}_module"
		vendorbanctl status >/tmp/status.out 2>&1
		rc=$?
		show /tmp/status.out
		case $kind in
		unsigned) why='vendorban.ko is not signed' ;;
		*) why='vendorban.ko is signed by .*a key nobody enrolled' ;;
		esac
		[ "$rc" = 4 ] && grep -q 'kernel is in lockdown (integrity' /tmp/status.out &&
			grep -q "$why" /tmp/status.out
		check $? "status_says_why_${kind}_module_is_refused"
	done
	journalctl -b -k -o cat | grep -i 'lockdown\|module verification\|key was rejected' |
		tail -4 | sed 's/^/# kernel: /'
	swap_module /tmp/vendorban-signed.ko
	modprobe vendorban && vendorbanctl attach >/dev/null &&
		vendorbanctl load /etc/vendorban/policy >/dev/null &&
		refused /opt/vendorban-test/bin/banned-rsa2048-cert
	check $? "signed_module_loads_again_and_enforces"
}

# server_upgrade: phase 1's upgrade of vendorbanctl (from the repository
# with vbtest.repo=1, else from a file); sets $old and $new
server_upgrade() {
	old=$(dpkg-query -W -f='${Version}' vendorbanctl)
	t0=$(date +%s)
	if [ "$(arg repo)" = 1 ]; then
		# The mirror moves on to v2, then plain apt.
		ln -sfn v2 /srv/vendorban-repo/current
		{
			apt-get update -q -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/vendorban.list \
				-o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 &&
				DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q
		} >/tmp/upgrade.out 2>&1
	else
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			/opt/vendorban-test/upgrade/vendorbanctl_*.deb >/tmp/upgrade.out 2>&1
	fi
	rc=$?
	new=$(dpkg-query -W -f='${Version}' vendorbanctl)
	echo "# the upgrade took $(($(date +%s) - t0)) s;" \
		"initramfs refreshes: $(grep -c '^update-initramfs: Generating' /tmp/upgrade.out)"
	tail -5 /tmp/upgrade.out | show /dev/stdin
	[ "$rc" = 0 ] && dpkg --compare-versions "$new" gt "$old"
}

# server_migrated: vendorban-dkms gone, the prebuilt package's module
# (the next version, as vendorbanctl's) is the one modprobe finds, signed
# by the organisation's key (setup.sh install-migrated)
server_migrated() {
	m=vendorban-modules-$(uname -r)
	new=$(cat /var/lib/vendorban-test-upgraded 2>/dev/null)
	echo "# $m: $(dpkg-query -W -f='${Version} ${db:Status-Abbrev}' "$m" 2>&1);" \
		"vendorban-dkms: $(dpkg-query -W -f='${db:Status-Abbrev}' vendorban-dkms 2>&1)"
	case $new in *+vbtest1) ;; *) false ;; esac &&
		[ "$(dpkg-query -W -f='${Version}' "$m")" = "$new" ] &&
		[ "$(dpkg-query -W -f='${Version}' vendorbanctl)" = "$new" ] &&
		! dpkg-query -W -f='${db:Status-Abbrev}' vendorban-dkms 2>/dev/null | grep -q '^ii' &&
		modinfo -n vendorban | grep -q /updates/vendorban/ &&
		[ "$(modinfo -F signer vendorban)" = 'vendorban test module signing key' ]
	check $? "prebuilt_module_package_replaced_vendorban_dkms"
}

# server_then: vbtest.nextpolicy=FILE (above)
server_then() {
	f=/opt/vendorban-test/$(arg nextpolicy)
	[ -f "$f" ] && cp "$f" /etc/vendorban/policy
	check $? "next_boot_policy_$(arg nextpolicy | tr -c 'a-z0-9\n' _)"
	rm -f /var/log/audit/audit.log* /var/log/audit-collector/audit.log* \
		/var/lib/vbban-tool-postinst-rc
}

# server_next_policy before|after: the shipped example policy for the next
# boot: before the upgrade, into /etc/vendorban/policy; after it, in the
# next kernel's initramfs (the upgrade's update-initramfs made it if it
# ran for that kernel, else it is made here)
server_next_policy() {
	next=$(arg next)
	[ -n "$next" ] || return 0
	if [ "$1" = before ]; then
		cp /opt/vendorban-test/eu-kaspersky-ban.vbpolicy /etc/vendorban/policy
		return 0
	fi
	if [ -n "$(find /boot/initrd.img-"$next" -newer /etc/vendorban/policy)" ]; then
		echo "# the upgrade rebuilt the initramfs of $next"
		rc=0
	else
		update-initramfs -u -k "$next" >/tmp/initramfs.out 2>&1
		rc=$?
		tail -3 /tmp/initramfs.out | show /dev/stdin
	fi
	check $rc "next_boot_policy_eu_kaspersky_ban_in_initramfs_of_$next"
}
