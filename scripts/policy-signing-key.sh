#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# policy-signing-key.sh DIR - make the test policy-signing key once
#
# DIR/key.pem and DIR/cert.pem: an RSA key and its self-signed certificate
# (code signing), made once per machine in the kernel cache and never
# committed.  build-kernel.sh builds cert.pem into the test kernels' trusted
# keyring; make-fixtures.sh signs the test policies with key.pem.  Both
# call this script, under a lock, so the pair is made exactly once.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
if [ ! -f "$dir/cert.pem" ] || [ ! -f "$dir/key.pem" ]; then
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 \
		-subj "/O=vendorban test/CN=vendorban policy signing (test only)" \
		-addext "keyUsage=digitalSignature" \
		-addext "extendedKeyUsage=codeSigning" \
		-keyout "$dir/key.pem.tmp" -out "$dir/cert.pem.tmp" 2>/dev/null || {
		echo "policy-signing-key.sh: error: openssl could not make the key" >&2
		exit 1
	}
	mv "$dir/key.pem.tmp" "$dir/key.pem"
	mv "$dir/cert.pem.tmp" "$dir/cert.pem"
fi
