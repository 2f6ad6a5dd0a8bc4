#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# allowlist-guest.sh - the assertions of the allow-list boot (make
# check-allowlist, tests/debian/allowlist.sh): the Debian 12 server with
# the vendorban packages, booted by systemd under `default deny` and the
# allow-list compiled from Debian's signed repository, in enforce mode,
# loaded by the packaged initramfs script.  Run by
# vendorban-allowlist-test.service once multi-user.target is reached (this
# script is itself allowed by one file-sha256 rule, label test.guest);
# prints TAP lines on the serial console, then powers the guest off.
set -u
VB=/sys/kernel/security/vendorban
LOG=/var/log/audit/audit.log
TAP_PREFIX=allowlist-boot.
# shellcheck source=tests/lib/tap.sh
. /usr/lib/vendorban-test/tap.sh

# refused PROGRAM: execve failed with EACCES (the shell says so, exit 126)
refused() {
	"$@" >/tmp/refused.out 2>&1
	rc=$?
	[ "$rc" = 126 ] && grep -q 'Permission denied' /tmp/refused.out
}

# flip FILE OFFSET: invert one byte of FILE in place
flip() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059 # the format is the octal escape
	printf "\\$(printf '%03o' $((b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# record PATH OP: the decision record of a denial of PATH, in auditd's log
record() {
	grep "lsm=vendorban op=$2 decision=deny enforcement=enforce" $LOG |
		grep -F "path=\"$1\"" >/tmp/record.out
}

# Every program of the hook table the installed module was built from.
all_programs_held() {
	awk -F'[(, ]+' '/^VENDORBAN_HOOK\(/ && ($4 == "BOTH" || $4 == "MODULE") {
		print "vb_" $3 }' /usr/src/vendorban-*/kmod/hook_table.h \
		>/tmp/programs
	[ -s /tmp/programs ] &&
		[ "$(grep -c ' held ' $VB/bpf_links)" = "$(wc -l </tmp/programs)" ] ||
		return 1
	while read -r prog; do
		grep -q "^$prog .* held " $VB/bpf_links || return 1
	done </tmp/programs
}

echo "VENDORBAN-ALLOWLIST kernel=$(uname -r)"
userspace=$(systemctl show -P UserspaceTimestampMonotonic)
multiuser=$(systemctl show -P ActiveEnterTimestampMonotonic multi-user.target)
echo "# boot: systemd started at $((userspace / 1000)) ms," \
	"multi-user.target reached at $((multiuser / 1000)) ms after the kernel started"

# --- the policy, as the initramfs loaded it ---
journalctl -b -k -o cat | grep 'vendorban' | head -8 | sed 's/^/# kernel: /'
journalctl -b -k -o cat | grep -q '^vendorban: .*debian-allowlist-boot'
check $? "initramfs_script_loaded_the_allowlist"
vendorbanctl status >/tmp/status.out 2>&1
rc=$?
show /tmp/status.out
[ "$rc" = 0 ] && grep -qx 'policy: debian-allowlist-boot' /tmp/status.out
check $? "status_policy_debian_allowlist_boot"
grep -qx 'mode: enforce' /tmp/status.out
check $? "status_mode_enforce"
grep -q '^form: module' /tmp/status.out
check $? "status_form_module"
[ -e /sys/kernel/btf/vendorban ] && all_programs_held &&
	grep -q '^mechanism: bpf-lsm' /tmp/status.out
check $? "status_mechanism_bpf_lsm_every_program_held"
rules=$(sed -n 's/^rules: //p' /tmp/status.out)
[ "${rules:-0}" -ge 9000 ]
check $? "status_rules_${rules:-0}"
grep -q '^default deny' $VB/policy
check $? "policy_in_force_is_default_deny"

# --- the system came up ---
systemctl is-active --quiet multi-user.target
check $? "multi_user_target_active"
systemctl --failed --no-legend --plain >/tmp/failed.out 2>&1
echo "# systemctl --failed: $(wc -l </tmp/failed.out) units"
show /tmp/failed.out
[ ! -s /tmp/failed.out ]
check $? "no_failed_units"
for u in systemd-journald.service systemd-udevd.service \
	systemd-tmpfiles-setup.service systemd-sysctl.service \
	systemd-remount-fs.service systemd-logind.service dbus.service \
	auditd.service vendorban.service vendorban-refresh.path; do
	systemctl is-active --quiet "$u"
	check $? "unit_active_$u"
done
[ "$(systemctl show -P ExecMainStatus vendorban.service)" = 0 ]
check $? "vendorban_service_exit_0"
journalctl -b -o cat -u vendorban.service | tail -3 | sed 's/^/# unit: /'
echo "# active units: $(systemctl list-units --state=active --no-legend --plain | wc -l)"

# --- everyday commands, each a package's program and libraries ---
check "ls" ls -l / /usr/bin/ls
check "apt_get_version" apt-get --version
check "apt_cache_policy" apt-cache policy vendorbanctl
check "dpkg_query" dpkg-query -W vendorbanctl vendorban-dkms
check "systemctl_status" systemctl status --no-pager vendorban.service
check "journalctl" journalctl -b -n 3 --no-pager
check "ps" ps -e
check "ip_addr" ip addr show lo
check "python3_ssl_json" python3 -c 'import ssl, json, hashlib; print(json.dumps(ssl.OPENSSL_VERSION))'
check "gcc_version" gcc --version
check "dkms_status" dkms status vendorban
check "auditctl_s" auditctl -s
# a module of the stock kernel, loaded by its package's rule
rmmod dummy 2>/dev/null
modprobe dummy >/tmp/modprobe.out 2>&1 && grep -q '^dummy ' /proc/modules
check $? "modprobe_dummy_$(basename "$(modinfo -n dummy)")"
show /tmp/modprobe.out
rmmod dummy 2>/dev/null

# --- what no signed package vouches for is refused ---
expected=0
cp /usr/bin/true /root/true-flipped
flip /root/true-flipped 1000
refused /root/true-flipped
check $? "a_copy_of_usr_bin_true_one_byte_flipped_is_refused"
expected=$((expected + 1))
wait_for 10 record /root/true-flipped exec
check $? "its_audit_record"
show /tmp/record.out
grep -q 'rule_line=default label=?' /tmp/record.out
check $? "its_record_names_rule_line_default"
cp /usr/bin/true /root/true-copy
/root/true-copy
check $? "an_unchanged_copy_of_usr_bin_true_runs"
# a program built on the server: gcc, as and ld run (package files); the
# program they made is no package's
printf 'int main(void) { return 0; }\n' >/tmp/hello.c
gcc -o /root/hello /tmp/hello.c
check $? "gcc_builds_a_program"
refused /root/hello
check $? "the_program_built_here_is_refused"
expected=$((expected + 1))
wait_for 10 record /root/hello exec
check $? "its_audit_record_too"
# a shared object changed by one byte: its executable mapping is refused
cp /usr/lib/x86_64-linux-gnu/libz.so.1 /root/libz-flipped.so
flip /root/libz-flipped.so 1000
LD_PRELOAD=/root/libz-flipped.so /usr/bin/true >/tmp/preload.out 2>&1
expected=$((expected + 1))
wait_for 10 record /root/libz-flipped.so mmap
check $? "a_flipped_shared_object_mapping_is_refused_and_recorded"
show /tmp/preload.out

# --- every denial since boot, explained ---
sleep 1
{
	journalctl -b -k -o cat | grep 'lsm=vendorban op=' | grep 'decision=deny'
	grep 'lsm=vendorban op=' $LOG | grep 'decision=deny'
} >/tmp/denials.all
sed -n 's/.* op=\([a-z_]*\) .* path=\("[^"]*"\|[0-9A-F]*\) .*/\1 \2/p' \
	/tmp/denials.all | sort -u >/tmp/denials.txt
echo "# denials since boot (kernel log and audit.log, op path):"
show /tmp/denials.txt
printf '%s\n' 'exec "/root/true-flipped"' 'exec "/root/hello"' \
	'mmap "/root/libz-flipped.so"' | sort >/tmp/denials.want
cmp -s /tmp/denials.txt /tmp/denials.want
check $? "the_only_denials_are_the_${expected}_of_this_test"
denied=$(status_val denied)
would=$(status_val would_deny)
supp=$(status_val audit_suppressed)
echo "# status: denied=$denied would_deny=$would audit_suppressed=$supp"
[ "${would:-x}" = 0 ] && [ "${supp:-x}" = 0 ] && [ "${denied:-0}" -ge "$expected" ]
check $? "counters_would_deny_0_suppressed_0"
vendorbanctl status --rules 2>/dev/null | grep -E '^ *(default|none)' |
	sed 's/^/# rule_counts: /'

TAP_PART="VENDORBAN-ALLOWLIST"
tap_done
sync
systemctl --no-block poweroff
