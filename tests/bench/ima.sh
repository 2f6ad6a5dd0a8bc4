#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ima.sh [RUN-VM-ARG...] - vendorban beside IMA appraisal, in one boot of
# the 6.1 bench kernel (scripts/build-kernel.sh 6.1 bench: the test kernel
# with IMA appraisal, scripts/kernel/variant-bench.fragment; built only
# here, cached by content) under -icount shift=4,sleep=off.  Makes on the
# host, from build/fixtures and build/pki, what tests/bench/ima-guest.sh
# runs: the good vendor's signed hello and the same hello padded with
# zeros to 1, 16 and 64 MiB (BENCH_SIZES) before it was signed
# (scripts/sign-appended.sh, signer certificate embedded; only the
# signature tail goes into the image, the guest rebuilds the file), each with an IMA signature by the same RSA-2048 key (`evmctl
# ima_sign --sigfile`, Debian's ima-evm-utils), the key's certificate as
# /etc/keys/x509_ima.der (the kernel loads it onto .ima at boot), an empty
# ext4 disk (/dev/vda), and tests/bench/vb-firstexec.c.  Writes
# build/bench/ima.tsv (each round's ratio to no policy on the same
# filesystem, same boot) and the table and plot of tests/bench/report.sh.
# BENCH_ROUNDS (default 5) rounds; BENCH_EXECS (default 100) execs of the
# small file per round.  Not part of `make check` (a benchmark is never a
# timed test).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
BENCH_KVER=6.1-bench
BENCH_KERNEL_DESC="the 6.1 test kernel with IMA appraisal, its bench variant"
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
make -s fixtures vm-programs tool
scripts/build-kernel.sh 6.1 bench
command -v evmctl >/dev/null ||
	{ echo "ima.sh: evmctl missing (apt-get install ima-evm-utils)" >&2; exit 1; }

sizes=${BENCH_SIZES:-1 16 64}
out=build/bench/ima
pki=build/pki/good
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	-o build/bench/vb-firstexec tests/bench/vb-firstexec.c

# ima_sig FILE OUT: the security.ima value of FILE, signed with the key
ima_sig() {
	cp "$1" "$work/ima"
	evmctl ima_sign --sigfile --key "$pki/leaf-rsa2048.key" -a sha256 \
		"$work/ima" >/dev/null
	mv "$work/ima.sig" "$2"
}

# The IMA certificate: the good vendor's RSA-2048 key (so its key id, the
# end of the subject key identifier, is the one evmctl writes), issued by
# the test policy-signing key, which the kernel trusts (built in): the
# .ima keyring takes no other (scripts/kernel/variant-bench.fragment).
polkey=${VENDORBAN_CACHE:-/var/cache/vendorban}/policy-signing
openssl req -new -key "$pki/leaf-rsa2048.key" -out "$work/ima.csr" \
	-subj "/O=vendorban test/CN=vendorban bench IMA key (test only)"
printf '%s\n' subjectKeyIdentifier=hash authorityKeyIdentifier=keyid:always \
	keyUsage=digitalSignature basicConstraints=CA:FALSE >"$work/ima.ext"
openssl x509 -req -in "$work/ima.csr" -CA "$polkey/cert.pem" \
	-CAkey "$polkey/key.pem" -set_serial 1 -days 36500 \
	-extfile "$work/ima.ext" -outform DER -out "$out/x509_ima.der" 2>/dev/null
cp build/fixtures/bin/hello "$out/hello"
cp build/fixtures/bin/good-rsa2048-cert "$out/hello-good"
ima_sig "$out/hello-good" "$out/hello-good.sig"
skid=$(openssl x509 -inform DER -in "$out/x509_ima.der" -noout \
	-ext subjectKeyIdentifier | tail -n 1 | tr -d ' :' | tr 'A-F' 'a-f')
keyid=$(od -An -v -tx1 -j3 -N4 "$out/hello-good.sig" | tr -d ' \n')
[ "$keyid" = "${skid: -8}" ] ||
	{ echo "ima.sh: IMA key id $keyid is not the end of the SKID $skid" >&2; exit 1; }
hello_len=$(stat -c %s "$out/hello")
adds=(--add build/bench/vb-firstexec:tests/bin/vb-firstexec
	--add "$out/x509_ima.der:etc/keys/x509_ima.der"
	--add "$out/hello:bench/hello" --add "$out/hello-good:bench/hello-good"
	--add "$out/hello-good.sig:bench/hello-good.sig")
for size in $sizes; do
	bytes=$((size * 1048576))
	{
		cat "$out/hello"
		head -c $((bytes - hello_len)) /dev/zero
	} >"$work/padded"
	scripts/sign-appended.sh --mode cert --key "$pki/leaf-rsa2048.key" \
		--cert "$pki/leaf-rsa2048.pem" --chain "$pki/chain.pem" \
		--hash sha256 "$work/padded" "$work/big"
	tail -c +$((bytes + 1)) "$work/big" >"$out/big-$size.tail"
	ima_sig "$work/big" "$out/big-$size.sig"
	for f in tail sig; do
		adds+=(--add "$out/big-$size.$f:bench/big-$size.$f")
	done
done
# the ext4 disk: room for one copy of the files and ext4's own
disk=build/bench/ima-ext4.img
total=0
for size in $sizes; do total=$((total + size)); done
rm -f "$disk"
mkfs.ext4 -q -F -L vb-bench -E root_owner=0:0 "$disk" $((total + 64))M

command="make bench-ima"
[ -n "${BENCH_ROUNDS:-}" ] && command="BENCH_ROUNDS=$BENCH_ROUNDS $command"
[ -n "${BENCH_EXECS:-}" ] && command="BENCH_EXECS=$BENCH_EXECS $command"
[ -n "${BENCH_SIZES:-}" ] && command="BENCH_SIZES='$BENCH_SIZES' $command"
rc=0
bench_vm ima tests/bench/ima-guest.sh ROUNDS="${BENCH_ROUNDS:-5}" \
	N="${BENCH_EXECS:-100}" SIZES="$sizes" -- "${adds[@]}" \
	--boot --disk "$disk" --timeout 14400 "$@" || rc=$?
grep -e '^# ' -e 'integrity' build/vm-ima.log | grep -v selftest || true
bench_collect ima "$command"
tests/bench/report.sh
exit "$rc"
