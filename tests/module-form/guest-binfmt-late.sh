#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the "binfmt_misc loaded after vendorban.ko" attack, run as
# /tests/run.sh on Debian's stock kernel (tests/module-form/run.sh
# binfmt-late).  A real boot loads vendorban.ko from the initramfs and
# binfmt_misc.ko later (systemd-binfmt, for wine-binfmt), which registers a
# handler for PE files (magic "MZ") whose interpreter runs them.  A banned
# PE must still be refused, and its interpreter must never start.
# Boot order as everywhere: insmod vendorban.ko, vendorbanctl attach,
# vendorbanctl load POLICY; then binfmt_misc.  Prints TAP lines.

set -u
VB=/sys/kernel/security/vendorban
F=/fixtures
MOD=/lib/modules/vendorban.ko
BM=/proc/sys/fs/binfmt_misc
RAN=/tmp/wine-like.ran
TAP_PREFIX=module_binfmt_late. TAP_PART="binfmt_misc after vendorban"
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh

# run_pe FILE: exec FILE, print its exit status; the interpreter records
# each file it was handed in $RAN.
run_pe() {
	"$1" 2>/tmp/err
	echo $?
}

insmod $MOD
check $? insmod_vendorban_first
vendorbanctl attach
check $? vendorbanctl_attach
vendorbanctl load $F/policies/ban-by-cert.pol >/dev/null
check $? vendorbanctl_load
grep '^mechanism:' $VB/status | sed 's/^/# /'
# Only the BPF LSM sees the file before any binary format handler runs.
grep -qx 'mechanism: bpf-lsm' $VB/status
check $? mechanism_is_bpf_lsm

# What systemd-binfmt does once the root filesystem is up.
insmod /lib/modules/binfmt_misc.ko &&
	mount -t binfmt_misc binfmt_misc $BM
check $? binfmt_misc_loaded_after_vendorban
# A wine-like interpreter: "runs" the PE it is handed (an unsigned script,
# which the policy allows).
cat >/tmp/wine-like <<WINE
#!/bin/sh
echo "\$1" >>$RAN
exit 7
WINE
chmod 0755 /tmp/wine-like
echo ':vb-pe:M::MZ::/tmp/wine-like:' >$BM/register &&
	grep -qx enabled $BM/vb-pe
check $? pe_handler_registered

# The handler works: an unsigned and a good vendor's PE are handed to it.
rm -f $RAN
[ "$(run_pe $F/bin/pe-unsigned)" = 7 ] && grep -qx $F/bin/pe-unsigned $RAN
check $? unsigned_pe_runs_through_the_handler
[ "$(run_pe $F/bin/pe-good)" = 7 ] && grep -qx $F/bin/pe-good $RAN
check $? good_pe_runs_through_the_handler

# The attack: a banned vendor's PE, the handler in front of vendorban's
# binary-format gate.
rm -f $RAN
rc=$(run_pe $F/bin/pe-banned)
echo "# banned PE: exit $rc, interpreter ran: $(cat $RAN 2>/dev/null || echo no)"
[ "$rc" = 126 ] && grep -q 'Permission denied' /tmp/err
check $? banned_pe_refused_eacces
[ ! -e $RAN ]
check $? banned_pe_never_reaches_the_interpreter
sleep 1
grep 'op=exec decision=deny' /tmp/audit.log | grep -q 'pe-banned'
check $? banned_pe_denial_audited

tap_done
