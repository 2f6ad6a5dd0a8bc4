#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# stock.sh [6.1|6.12] - the loadable form's cost on Debian's stock
# kernels (default both): for each, vendorban.ko built against the stock
# headers with module BTF (tests/module-form/stock.sh), the stock
# dummy.ko and binfmt_misc.ko (decompressed where Debian ships .ko.xz),
# tests/bench/vb-firstexec.c and vb-hookbench.c, and one boot of the
# stock vmlinuz under -icount shift=4,sleep=off running
# tests/bench/stock-guest.sh: exec (cache hit, first exec after a change),
# mmap PROT_EXEC of a library, mprotect to PROT_EXEC, finit_module() and
# init_module(), each with vendorban.ko loaded, attached and under a
# one-rule ban against the same kernel without it, in rounds alternated in
# the same boot.  Writes build/bench/stock-KVER.tsv and the table and plot
# of tests/bench/report.sh.  BENCH_ROUNDS (default 5) rounds; BENCH_EXECS
# (default 100) execs, BENCH_MAPS (default 1000) mappings and BENCH_LOADS
# (default 10) module loads per row and round.  Not part of `make check`
# (a benchmark is never a timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh
# shellcheck source=tests/module-form/stock.sh
. tests/module-form/stock.sh
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
target=bench-stock
if [ $# = 1 ]; then target=bench-stock-$1; fi
[ $# -gt 0 ] || set -- 6.1 6.12
make -s fixtures tool vb-auditd
mkdir -p build/bench build/kernel
for p in vb-firstexec vb-hookbench; do
	cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
		-o "build/bench/$p" "tests/bench/$p.c"
done

icount=$BENCH_QEMU_EXTRA

# ipe_rules N: an IPE policy of N rules for EXECUTE (exec, executable
# mappings), the last the one that matches a file of the initramfs: N-1
# fs-verity digests no file has (each evaluated and false), then
# boot_verified; any other file is denied
ipe_rules() {
	local i
	printf 'policy_name=vb_bench_%d policy_version=0.0.1\n' "$1"
	printf 'DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=DENY\n'
	for ((i = 1; i < $1; i++)); do
		printf 'op=EXECUTE fsverity_digest=sha256:%064x action=DENY\n' "$i"
	done
	printf 'op=EXECUTE boot_verified=TRUE action=ALLOW\n'
}

# ipe_setup: IPE's policies of 10 and 500 rules, signed by the snakeoil
# key of Debian's ovmf (its private key is in the package: test only), and
# the firmware that puts its certificate on the kernel's platform keyring
# (the UEFI db of OVMF_VARS_4M.snakeoil.fd), which IPE verifies policies
# with (CONFIG_IPE_POLICY_SIG_PLATFORM_KEYRING).  Secure Boot is turned
# off in the copy of the variables (SecureBootEnable, 1 byte, set to 0):
# the stock vmlinuz and vendorban.ko are not signed by that key, and db is
# read whatever Secure Boot says.
ipe_setup() {
	local vars=build/bench/ovmf-vars.fd ovmf=/usr/share/OVMF n off
	local name="S.e.c.u.r.e.B.o.o.t.E.n.a.b.l.e..."
	if [ ! -r $ovmf/OVMF_VARS_4M.snakeoil.fd ] ||
		[ ! -r /usr/share/ovmf/PkKek-1-snakeoil.key ]; then
		die "no snakeoil OVMF (apt-get install ovmf)"
	fi
	for n in 10 500; do
		ipe_rules "$n" >"build/bench/ipe-$n.pol"
		openssl smime -sign -nodetach -binary -noattr -md sha256 \
			-signer /usr/share/ovmf/PkKek-1-snakeoil.pem \
			-inkey /usr/share/ovmf/PkKek-1-snakeoil.key -passin pass:snakeoil \
			-in "build/bench/ipe-$n.pol" -outform DER -out "build/bench/ipe-$n.p7s"
		adds+=(--add "build/bench/ipe-$n.p7s:bench/ipe-$n.p7s")
	done
	cp $ovmf/OVMF_VARS_4M.snakeoil.fd "$vars"
	# the variable's name (UTF-16, 34 bytes), then its one byte of data
	off=$(LC_ALL=C grep -obUaP "${name//./\\x00}" "$vars" | cut -d: -f1)
	if [ -z "$off" ] || [ "$(xxd -s $((off + 34)) -l 1 -p "$vars")" != 01 ]; then
		die "$vars: no SecureBootEnable set to 1"
	fi
	printf '\0' | dd of="$vars" bs=1 seek=$((off + 34)) conv=notrunc 2>/dev/null
	BENCH_QEMU_EXTRA="$icount -drive if=pflash,format=raw,unit=0,readonly=on,file=$ovmf/OVMF_CODE_4M.fd -drive if=pflash,format=raw,unit=1,file=$repo/$vars"
}

command="make $target"
[ -n "${BENCH_ROUNDS:-}" ] && command="BENCH_ROUNDS=$BENCH_ROUNDS $command"
[ -n "${BENCH_EXECS:-}" ] && command="BENCH_EXECS=$BENCH_EXECS $command"
[ -n "${BENCH_MAPS:-}" ] && command="BENCH_MAPS=$BENCH_MAPS $command"
[ -n "${BENCH_LOADS:-}" ] && command="BENCH_LOADS=$BENCH_LOADS $command"
rc=0
for kver in "$@"; do
	stock_kernel "$kver"
	out=$stock_out
	stock_module "/lib/modules/$stock_release/kernel/fs/binfmt_misc.ko" \
		"$out/binfmt_misc.ko"
	stock_module "/lib/modules/$stock_release/kernel/drivers/net/dummy.ko" \
		"$out/dummy.ko"
	cp "$stock_vmlinuz" "build/kernel/bzImage-stock-$kver"
	BENCH_KVER=stock-$kver
	BENCH_KERNEL_DESC="Debian's stock $kver kernel, vendorban.ko through the BPF LSM"
	BENCH_QEMU_EXTRA=$icount
	adds=()
	if [ "$kver" = 6.12 ]; then
		ipe_setup
		BENCH_KERNEL_DESC="$BENCH_KERNEL_DESC and IPE, booted by OVMF (UEFI db: the snakeoil key)"
	fi
	bench_vm "stock-$kver" tests/bench/stock-guest.sh \
		ROUNDS="${BENCH_ROUNDS:-5}" N="${BENCH_EXECS:-100}" \
		MAPS="${BENCH_MAPS:-1000}" LOADS="${BENCH_LOADS:-10}" -- \
		--add build/bench/vb-firstexec:tests/bin/vb-firstexec \
		--add build/bench/vb-hookbench:tests/bin/vb-hookbench \
		--add "$out/kmod/vendorban.ko:lib/modules/vendorban.ko" \
		--add "$out/binfmt_misc.ko:lib/modules/binfmt_misc.ko" \
		--add "$out/dummy.ko:lib/modules/stock/dummy.ko" "${adds[@]}" \
		--boot --timeout 7200 || rc=$?
	grep '^# ' "build/vm-stock-$kver.log" | grep -v selftest || true
	bench_collect "stock-$kver" "$command" || rc=1
done
tests/bench/report.sh
exit "$rc"
