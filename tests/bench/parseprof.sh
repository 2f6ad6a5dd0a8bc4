#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# parseprof.sh [KIND [COUNT]] - where a policy load's instructions go, in
# userspace: builds tests/bench/vb-parseprof.c (the kernel's parser, index
# and canonical rendering of kmod/lib/, -O2 as the kernel builds them) and
# runs it under valgrind's callgrind on the text vb-policyscale writes
# (default fingerprint, 100000 rules), then prints the functions by
# inclusive instruction count.  The SHA-256 of the canonical text is
# OpenSSL's here (vectorized); the kernel's lib/crypto C code costs about
# 54 instructions a byte (6.1, measured the same way), which the VM
# figures of tests/bench/scale.sh include.  Not a benchmark: a profile.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
kind=${1:-fingerprint}
count=${2:-100000}
out=build/bench/parseprof
mkdir -p "$out"
cc -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -Ikmod/lib -Iuserspace/lib \
	-o "$out/vb-parseprof" tests/bench/vb-parseprof.c kmod/lib/*.c \
	userspace/lib/sha256.c userspace/lib/inflate.c -lcrypto -llzma -lzstd
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$kind.$count" \
	"$out/vb-parseprof" "$kind" "$count" 2>&1 | grep -E 'refs|parseprof'
callgrind_annotate --inclusive=yes "$out/callgrind.$kind.$count" |
	grep -E 'kmod/lib|sha256' | head -25
