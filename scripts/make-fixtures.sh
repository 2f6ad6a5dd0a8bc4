#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make-fixtures.sh OUTDIR - build the files the in-VM tests run on
#
# OUTDIR (build/fixtures) goes into the VM image as /fixtures:
#   bin/       the test program "hello" (exits 42) signed in many ways,
#              malformed and forged variants, a banned-signed busybox
#              ("banned-sh") and #! scripts
#   policies/  policies in the format of docs/policy-format.md whose
#              values come from the test certificates
#   expect/    values the tests compare audit records with
#   lib/       libvbtest.so signed banned/good/unsigned (dyn-linked-* use it)
#   ima/       a target file and evmctl signatures for security.ima
# The test PKI, private keys included, is made next to it, in
# OUTDIR/../pki, and never copied into OUTDIR.
#
# A rerun with unchanged inputs does nothing (OUTDIR/.stamp).

set -eu

die() {
	echo "make-fixtures.sh: error: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: make-fixtures.sh OUTDIR"
for tool in openssl gcc strip objcopy od sha256sum osslsigncode sbsign evmctl python3; do
	command -v $tool >/dev/null 2>&1 || die "$tool not found"
done

scripts=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1" || die "cannot create $1"
out=$(cd "$1" && pwd)
pki=$(dirname "$out")/pki
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "busybox not found at $busybox (install busybox-static)"

"$scripts/make-test-pki.sh" "$pki" || die "make-test-pki.sh failed"
# The key the test kernels trust for signed policies (see build-kernel.sh).
policy_keys=${VENDORBAN_CACHE:-/var/cache/vendorban}/policy-signing
"$scripts/policy-signing-key.sh" "$policy_keys" ||
	die "policy-signing-key.sh failed"

mkpe_c=$scripts/../tests/unit/mkpe.c
mkbomb_c=$scripts/../tests/unit/mkchainbomb.c
mutate_sid=$scripts/../tests/unit/mutate-sid.py
stamp=$(cat "$0" "$scripts/sign-appended.sh" "$pki"/*/*.pem "$busybox" \
	"$policy_keys/cert.pem" \
	"$mkpe_c" "$mkbomb_c" "$mutate_sid" /lib/x86_64-linux-gnu/libc.so.6 | sha256sum |
	cut -d' ' -f1)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out/bin" "$out/policies" "$out/expect"
bin=$out/bin pol=$out/policies
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the test program ------------------------------------------------------

# Tiny and libc-free so that the many signed copies keep the image small.
cat >"$work/hello.c" <<'EOF'
/* Prints nothing and exits with 42, so a test can tell that it ran. */
void _start(void)
{
	__asm__ volatile("syscall" : : "a"(60), "D"(42) : "memory");
	for (;;)
		;
}
EOF
gcc -static -O2 -nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables \
	-Wl,--build-id=none -o "$bin/hello" "$work/hello.c" ||
	die "cannot build hello"
# Strip before signing: strip removes an appended signature.
strip "$bin/hello"
cp "$bin/hello" "$bin/unsigned"

# sign VENDOR KEYTYPE HASH MODE IN OUT
sign() {
	d=$pki/$1
	"$scripts/sign-appended.sh" --mode "$4" --key "$d/leaf-$2.key" \
		--cert "$d/leaf-$2.pem" --chain "$d/chain.pem" --hash "$3" \
		"$5" "$6" || die "cannot sign $6"
	chmod 0755 "$6"
}

for mode in nocert skid cert chain; do
	sign banned rsa2048 sha256 $mode "$bin/hello" "$bin/banned-rsa2048-$mode"
done
for spec in p256:sha256 p384:sha384 rsa4096:sha512; do
	kt=${spec%%:*} md=${spec#*:}
	for mode in nocert cert; do
		sign banned "$kt" "$md" $mode "$bin/hello" "$bin/banned-$kt-$mode"
	done
done
for spec in rsa2048:sha256 p256:sha256; do
	kt=${spec%%:*} md=${spec#*:}
	for mode in nocert cert; do
		sign good "$kt" "$md" $mode "$bin/hello" "$bin/good-$kt-$mode"
	done
done

# The program of the rewrite attacks (tests/vm/overlay_test.c): it waits
# for a byte on standard input, then exits.  wait-good (the good vendor's,
# exits 42) and wait-banned (the banned vendor's, exits 66) differ in
# that exit code only, one byte at the same offset of their code: a
# process started from wait-good that exits 66 ran the banned vendor's
# code, written into its file while it waited.
cat >"$work/wait.c" <<'EOF'
/* Reads one byte from standard input, then exits with WAIT_EXIT. */
void _start(void)
{
	long ret = 0;
	char c;

	__asm__ volatile("syscall" : "+a"(ret) : "D"(0), "S"(&c), "d"(1)
			 : "rcx", "r11", "memory");
	__asm__ volatile("syscall" : : "a"(60), "D"(WAIT_EXIT) : "memory");
	for (;;)
		;
}
EOF
for e in 42 66; do
	gcc -static -O2 -nostdlib -fno-stack-protector \
		-fno-asynchronous-unwind-tables -Wl,--build-id=none \
		-DWAIT_EXIT=$e -o "$work/wait-$e" "$work/wait.c" ||
		die "cannot build wait-$e"
	strip "$work/wait-$e"
done
[ "$(cmp -l "$work/wait-42" "$work/wait-66" | wc -l)" -eq 1 ] ||
	die "wait-42 and wait-66 differ in more than their exit code"
sign good rsa2048 sha256 cert "$work/wait-42" "$bin/wait-good"
sign banned rsa2048 sha256 cert "$work/wait-66" "$bin/wait-banned"

# --- malformed, forged and modified files ---------------------------------

# be32 N: N as 4 big-endian bytes, in printf octal escapes
be32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 >> 24 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255))
}

# trailer ID_TYPE SIG_LEN: struct module_signature and the magic
trailer() {
	# shellcheck disable=SC2059
	printf "\\000\\000\\$(printf '%03o' "$1")\\000\\000\\000\\000\\000$(be32 "$2")"
	printf '~Module signature appended~\n'
}

# patch_byte FILE OFFSET: flip all bits of one byte, in place
patch_byte() {
	old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059
	printf "\\$(printf '%03o' $((old ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

size() {
	wc -c <"$1" | tr -d ' '
}

hello_len=$(size "$bin/hello")
signed=$bin/banned-rsa2048-cert
sig_len=$(($(size "$signed") - hello_len - 40))
tail -c +$((hello_len + 1)) "$signed" | head -c "$sig_len" >"$work/sig.der"

# Truncated: 64 bytes cut out of the PKCS#7, the trailer still claims the
# full length (which now reaches back into the program).
{
	cat "$bin/hello"
	head -c $((sig_len - 64)) "$work/sig.der"
	trailer 2 "$sig_len"
} >"$bin/malformed-truncated"

# Garbage of the right length (deterministic pseudo-random bytes).
{
	cat "$bin/hello"
	head -c "$sig_len" /dev/zero | openssl enc -aes-128-ctr -nosalt \
		-K 000102030405060708090a0b0c0d0e0f -iv 0 2>/dev/null
	trailer 2 "$sig_len"
} >"$bin/malformed-garbage"

# A valid PKCS#7 behind a trailer whose id_type is not PKCS#7 (1 = PGP).
{
	cat "$bin/hello" "$work/sig.der"
	trailer 1 "$sig_len"
} >"$bin/malformed-idtype"

# A signer id OpenSSL rejects (tests/unit/mutate-sid.py): the serial as a
# non-minimal INTEGER, the issuer not a Name.  The kernel's parser must
# call them malformed too.
for kind in serial-pad issuer-int; do
	python3 "$mutate_sid" "$kind" "$bin/banned-rsa2048-nocert" \
		"$bin/malformed-sid-$kind" --appended || die "mutate-sid.py $kind failed"
done

# Forged: the good vendor's signature with one byte of the signature value
# flipped.  With -noattr the signature OCTET STRING ends the PKCS#7.
cp "$bin/good-rsa2048-cert" "$bin/forged-good"
patch_byte "$bin/forged-good" $(($(size "$bin/forged-good") - 40 - 10))

# Modified: a good signature, then a content byte changed (ELF e_ident
# padding, so the program still runs).
cp "$bin/good-rsa2048-cert" "$bin/modified-good"
patch_byte "$bin/modified-good" 9

chmod 0755 "$bin"/malformed-* "$bin/forged-good" "$bin/modified-good"

# --- interpreters and scripts ----------------------------------------------

cp "$busybox" "$work/busybox"
sign banned rsa2048 sha256 nocert "$work/busybox" "$bin/banned-sh"
printf '#!/fixtures/bin/banned-sh\nexit 42\n' >"$bin/script-banned-interp"
printf '#!/bin/sh\nexit 42\n' >"$bin/script-good"
sign banned rsa2048 sha256 cert "$bin/script-good" "$bin/script-banned-itself"
chmod 0755 "$bin"/script-*

# --- a kernel module, by content --------------------------------------------

# An ELF relocatable object with a .modinfo section, as scan and the tool
# tell modules (not by name), signed as sign-file signs, mode 0644.
mkdir -p "$out/modules"
printf 'int vbtest_init(void)\n{\n\treturn 0;\n}\n' >"$work/mod.c"
printf 'license=GPL\000name=vbtestmod\000' >"$work/modinfo"
if ! gcc -c -O2 -o "$work/mod.o" "$work/mod.c" ||
	! objcopy --add-section .modinfo="$work/modinfo" \
		--set-section-flags .modinfo=alloc,readonly "$work/mod.o" \
		"$work/mod.ko"; then
	die "cannot build the test module"
fi
sign banned p384 sha384 cert "$work/mod.ko" "$out/modules/banned-p384.ko"
chmod 0644 "$out/modules/banned-p384.ko"

# --- values from the certificates ------------------------------------------

# x509 CERT ARGS...: one openssl x509 query, the "key=" prefix removed
x509() {
	c=$1
	shift
	openssl x509 -in "$c" -noout "$@" | sed 's/^[^=]*=//'
}

serial() {
	s=$(x509 "$1" -serial | tr 'A-F' 'a-f')
	[ $((${#s} % 2)) -eq 0 ] || s=0$s
	echo "$s"
}

skid() {
	openssl x509 -in "$1" -noout -ext subjectKeyIdentifier | tail -n 1 |
		tr -d ' :' | tr 'A-F' 'a-f'
}

fpr() {
	x509 "$1" -fingerprint -sha256 | tr -d ':' | tr 'A-F' 'a-f'
}

issuer() {
	x509 "$1" -issuer -nameopt RFC2253
}

derhex() {
	od -An -v -tx1 "${1%.pem}.der" | tr -d ' \n'
}

for kt in rsa2048 rsa4096 p256 p384; do
	c=$pki/banned/leaf-$kt.pem
	fpr "$c" >"$out/expect/banned-$kt.fpr"
	serial "$c" >"$out/expect/banned-$kt.serial"
	x509 "$c" -subject -nameopt RFC2253 >"$out/expect/banned-$kt.subject"
done
echo 'AO Kaspersky Lab' >"$out/expect/banned.o"

# --- policies ---------------------------------------------------------------

# header FILE NAME COMMENT [DEFAULT]
header() {
	printf '# %s\nvendorban-policy 1\nname %s\nversion 1\ndefault %s\n' \
		"$3" "$2" "${4:-allow}" >"$1"
}

# ban_each NAME COMMENT ACTION RULE_CMD: one rule per banned leaf
ban_each() {
	f=$pol/$1.pol
	header "$f" "$1" "$2"
	for kt in rsa2048 rsa4096 p256 p384; do
		c=$pki/banned/leaf-$kt.pem
		echo "$3 $($4 "$c") label=banned-$kt" >>"$f"
	done
}

rule_issuer_serial() {
	printf 'issuer-serial "%s" %s' "$(issuer "$1")" "$(serial "$1")"
}

rule_skid() {
	echo "skid $(skid "$1")"
}

rule_fpr() {
	echo "fingerprint $(fpr "$1")"
}

rule_cert() {
	echo "cert $(derhex "$1")"
}

ban_each ban-by-issuer-serial "ban the banned leaves by issuer and serial" \
	deny rule_issuer_serial
ban_each ban-by-skid "ban the banned leaves by subject key identifier" \
	deny rule_skid
ban_each ban-by-fingerprint "ban the banned leaves by certificate SHA-256" \
	deny rule_fpr
ban_each ban-by-cert "ban the banned leaves by certificate" deny rule_cert
ban_each audit-by-issuer-serial "audit-only: the banned leaves are logged" \
	audit rule_issuer_serial

header "$pol/ban-by-subject-o.pol" ban-by-subject-o "ban the vendor by O"
echo 'deny subject-o "AO Kaspersky Lab" label=banned-o' >>"$pol/ban-by-subject-o.pol"

inter_dn=$(x509 "$pki/banned/inter.pem" -subject -nameopt RFC2253)
header "$pol/ban-by-issuer.pol" ban-by-issuer "ban what the banned CA issued"
echo "deny issuer \"$inter_dn\" label=banned-issuer" >>"$pol/ban-by-issuer.pol"

header "$pol/deny-malformed.pol" deny-malformed "deny unparsable signatures"
echo 'deny malformed label=malformed' >>"$pol/deny-malformed.pol"

header "$pol/default-allow.pol" default-allow "no rule: everything runs"

f=$pol/lockdown.pol
header "$f" lockdown "only the good vendor's proven signatures run" deny
for kt in rsa2048 p256; do
	echo "allow $(rule_cert "$pki/good/leaf-$kt.pem") label=good-$kt" >>"$f"
done

# Canonical form: an input with comments, blank lines, tabs, colon and
# upper-case hex, and the text reading it back must give.
good=$pki/good/leaf-rsa2048.pem
bskid=$(skid "$pki/banned/leaf-rsa2048.pem")
colon_skid=$(echo "$bskid" | tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//')
{
	printf '# canonical form test\n\nvendorban-policy 1\n'
	printf 'name\tcanon-test\n  version 7\n'
	printf '# a comment between rules\n'
	printf 'deny   skid\t%s   label=skid-rule\n' "$colon_skid"
	printf '\ndefault  allow\n'
	printf 'audit subject-o "Quote \\" and \\\\ backslash"\n'
	printf 'allow cert %s\n' "$(derhex "$good" | tr 'a-f' 'A-F')"
} >"$pol/canon-input.pol"
{
	printf 'vendorban-policy 1\nname canon-test\nversion 7\ndefault allow\n'
	printf 'deny skid %s label=skid-rule\n' "$bskid"
	printf 'audit subject-o "Quote \\" and \\\\ backslash"\n'
	printf 'allow cert %s\n' "$(derhex "$good")"
} >"$pol/canon-expected.pol"
sha256sum <"$pol/canon-expected.pol" | cut -d' ' -f1 >"$out/expect/canon.digest"

# Bad policies: each names the line the parser must report and a
# substring of the reason.  The comment is line 1.
# bad NAME LINE REASON BODY
bad() {
	printf '# expect: line %s: %s\n%s' "$2" "$3" "$4" >"$pol/bad-$1.pol"
}

hdr='vendorban-policy 1
name bad
version 1
'
bfpr=$(fpr "$pki/banned/leaf-rsa2048.pem")
bad unknown-action 6 "unknown action 'block'" "${hdr}default allow
block fingerprint $bfpr
"
bad allow-unproven 6 "use 'allow cert'" "${hdr}default allow
allow fingerprint $bfpr
"
bad odd-hex 5 'odd number of hex digits' "${hdr}deny skid abc
default allow
"
bad fpr-length 6 '64 hex digits' "${hdr}default allow
deny fingerprint 0011223344
"
bad format-version 2 'unsupported policy format' 'vendorban-policy 2
name bad
version 1
default allow
'
bad unterminated 6 'unterminated string' "${hdr}default allow
deny subject-o \"AO Kaspersky Lab
"
bad two-defaults 6 "duplicate 'default'" "${hdr}default allow
default deny
"
bad unknown-selector 6 'unknown selector' "${hdr}default allow
deny subject-ou \"x\"
"
bad bad-name 3 'policy name' 'vendorban-policy 1
name bad/name
version 1
default allow
'

# --- coverage: shared libraries, ld.so, mmap/mprotect ----------------------

# Dynamic glibc programs; the VM image gets the host's ld.so and libc
# (build-initramfs.sh copies what ldd lists).  Nothing here is stripped
# after signing.
mkdir -p "$out/lib/banned" "$out/lib/good" "$out/lib/unsigned"
cat >"$work/libvbtest.c" <<'EOF'
/* The test shared library: a program linked against it exits with 42. */
int vbtest_value(void)
{
	return 42;
}
EOF
gcc -shared -fPIC -O2 -Wl,-soname,libvbtest.so -o "$work/libvbtest.so" \
	"$work/libvbtest.c" || die "cannot build libvbtest.so"
cp "$work/libvbtest.so" "$out/lib/unsigned/libvbtest.so"
sign banned rsa2048 sha256 cert "$work/libvbtest.so" "$out/lib/banned/libvbtest.so"
sign good rsa2048 sha256 cert "$work/libvbtest.so" "$out/lib/good/libvbtest.so"

cat >"$work/linked.c" <<'EOF'
/* Exits with the value of libvbtest.so, so 42 means the library loaded. */
int vbtest_value(void);

int main(void)
{
	return vbtest_value();
}
EOF
for v in banned good unsigned; do
	gcc -O2 -o "$bin/dyn-linked-$v" "$work/linked.c" -L"$work" -lvbtest \
		-Wl,-rpath,/fixtures/lib/$v || die "cannot build dyn-linked-$v"
done

cat >"$work/dlopen.c" <<'EOF'
/* dyn-dlopen LIB: exits 42 if dlopen(LIB) works, else 1 (error on stderr). */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	int (*fn)(void);
	void *h;

	if (argc != 2)
		return 2;
	h = dlopen(argv[1], RTLD_NOW);
	if (!h) {
		fprintf(stderr, "dyn-dlopen: %s\n", dlerror());
		return 1;
	}
	*(void **)&fn = dlsym(h, "vbtest_value");
	return fn ? fn() : 3;
}
EOF
gcc -O2 -o "$bin/dyn-dlopen" "$work/dlopen.c" -ldl || die "cannot build dyn-dlopen"

cat >"$work/dynhello.c" <<'EOF'
/* A dynamic program that exits with 42. */
int main(void)
{
	return 42;
}
EOF
gcc -O2 -o "$work/dyn-hello" "$work/dynhello.c" || die "cannot build dyn-hello"
cp "$work/dyn-hello" "$bin/dyn-hello"
sign banned rsa2048 sha256 cert "$work/dyn-hello" "$bin/dyn-hello-banned"
sign good rsa2048 sha256 cert "$work/dyn-hello" "$bin/dyn-hello-good"

# --- coverage: file-sha256 ------------------------------------------------

f=$pol/ban-hash.pol
header "$f" ban-hash "ban the unsigned test program by its SHA-256"
echo "deny file-sha256 $(sha256sum <"$bin/unsigned" | cut -d' ' -f1) label=hash-ban" >>"$f"
# and one file the good vendor signed: the hash wins over the signature
echo "deny file-sha256 $(sha256sum <"$bin/good-p256-cert" | cut -d' ' -f1) label=hash-ban-signed" >>"$f"

# --- coverage: CA chains ----------------------------------------------------
# The policies are written first; the leaf they must catch is made after.

f=$pol/ban-ca-inter.pol
header "$f" ban-ca-inter "ban everything the banned intermediate issued"
echo "deny ca $(derhex "$pki/banned/inter.pem") label=ca-inter" >>"$f"
f=$pol/ban-ca-root.pol
header "$f" ban-ca-root "ban the banned root, no chain certificate"
echo "deny ca $(derhex "$pki/banned/root.pem") label=ca-root" >>"$f"
f=$pol/ban-ca-root-chaincert.pol
header "$f" ban-ca-root-chaincert "ban the banned root; the policy supplies the intermediate"
echo "chain-cert $(derhex "$pki/banned/inter.pem")" >>"$f"
echo "deny ca $(derhex "$pki/banned/root.pem") label=ca-root" >>"$f"

nl=$work/newleaf
mkdir -p "$nl"
printf '[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
	>"$nl/ext.cnf"
# No spaces in the subject: the audit record then logs it in plain text.
openssl req -new -newkey rsa:2048 -nodes -keyout "$nl/leaf.key" \
	-subj "/C=RU/O=LaterSubsidiary/CN=IssuedAfterThePolicy" \
	-out "$nl/leaf.csr" 2>/dev/null || die "cannot make the new leaf key"
openssl x509 -req -in "$nl/leaf.csr" -CA "$pki/banned/inter.pem" \
	-CAkey "$pki/banned/inter.key" -set_serial 0x4e3a1f -days 3650 \
	-extfile "$nl/ext.cnf" -extensions ext -out "$nl/leaf.pem" 2>/dev/null ||
	die "cannot issue the new leaf"
for mode in nocert cert chain; do
	"$scripts/sign-appended.sh" --mode $mode --key "$nl/leaf.key" \
		--cert "$nl/leaf.pem" --chain "$pki/banned/chain.pem" \
		--hash sha256 "$bin/hello" "$bin/newleaf-$mode" ||
		die "cannot sign newleaf-$mode"
	chmod 0755 "$bin/newleaf-$mode"
done
openssl x509 -in "$nl/leaf.pem" -noout -subject -nameopt RFC2253 |
	sed 's/^subject=//' >"$out/expect/newleaf.subject"

# --- coverage: Authenticode (PE files run through binfmt_misc) -------------

gcc -std=c11 -Wall -Wextra -Werror -o "$work/mkpe" "$mkpe_c" ||
	die "cannot build mkpe"
"$work/mkpe" pe32plus "$work/unsigned.efi" || die "mkpe failed"
install -m 0755 "$work/unsigned.efi" "$bin/pe-unsigned"
# A timestamping certificate of the banned vendor (issued by its
# intermediate), as in tests/unit/make-pe-fixtures.sh.
printf '[ext]\nextendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
	>"$work/tsa.cnf"
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/tsa.key" \
	-subj "/C=RU/O=AO Kaspersky Lab/CN=Kaspersky Test Timestamping" \
	-out "$work/tsa.csr" 2>/dev/null || die "cannot make the TSA key"
openssl x509 -req -in "$work/tsa.csr" -CA "$pki/banned/inter.pem" \
	-CAkey "$pki/banned/inter.key" -set_serial 0x7a5b -days 3650 \
	-extfile "$work/tsa.cnf" -extensions ext -out "$work/tsa.pem" \
	2>/dev/null || die "cannot make the TSA certificate"
cat "$work/tsa.pem" "$pki/banned/chain.pem" >"$work/tsa-chain.pem"

# pesign NAME VENDOR LEAF [osslsigncode options...]
pesign() {
	name=$1 v=$2 leaf=$3
	shift 3
	cat "$pki/$v/$leaf.pem" "$pki/$v/chain.pem" >"$work/certs.pem"
	osslsigncode sign -certs "$work/certs.pem" -key "$pki/$v/$leaf.key" \
		-h sha256 "$@" -in "$work/unsigned.efi" -out "$bin/$name" \
		>/dev/null || die "osslsigncode cannot sign $name"
	chmod 0755 "$bin/$name"
}
pesign pe-banned banned leaf-rsa2048
pesign pe-good good leaf-rsa2048
pesign pe-good-ts-banned good leaf-p384 -TSA-certs "$work/tsa-chain.pem" \
	-TSA-key "$work/tsa.key" -TSA-time 1700000000
sbsign --key "$pki/banned/leaf-rsa2048.key" \
	--cert "$pki/banned/leaf-rsa2048.pem" --addcert "$pki/banned/chain.pem" \
	--output "$bin/pe-banned-sbsign" "$work/unsigned.efi" 2>/dev/null ||
	die "sbsign failed"
chmod 0755 "$bin/pe-banned-sbsign"

# --- attacks: several signatures in one file (tests/vm/multisig_test.c) ----

# append_sig IN OUT: IN with an innocent module-style signature appended
# (a self-made key, no certificate: what anybody can add to any file)
append_sig() {
	"$scripts/sign-appended.sh" --mode nocert --key "$work/own.key" \
		--cert "$work/own.pem" --hash sha256 "$1" "$2" ||
		die "cannot append a signature to $2"
	chmod 0755 "$2"
}

multisig_fixtures() {
	openssl req -new -x509 -newkey rsa:2048 -nodes -keyout "$work/own.key" \
		-subj "/CN=Innocent Appender" -days 3650 -out "$work/own.pem" \
		2>/dev/null || die "cannot make the self-made key"
	# A banned ELF with a second trailer after its own.
	append_sig "$bin/banned-rsa2048-cert" "$bin/ms-elf-appended"
	append_sig "$bin/banned-rsa2048-nocert" "$bin/ms-elf-nocert-appended"
	# A banned PE (Authenticode) with a trailer appended.
	append_sig "$bin/pe-banned" "$bin/ms-pe-appended"
	# 9 signatures, the banned one last: 8 trailers over a banned one...
	cp "$bin/banned-rsa2048-cert" "$work/stack"
	i=0
	while [ $i -lt 8 ]; do
		append_sig "$work/stack" "$work/stack.new"
		mv "$work/stack.new" "$work/stack"
		i=$((i + 1))
	done
	install -m 0755 "$work/stack" "$bin/ms-stack9"
	# ...and a PE signed by the good vendor with 8 nested signatures, the
	# banned vendor's the last (osslsigncode -nest adds one each time; DER
	# sorts the values of the attribute, so the banned one is made the
	# longest: RSA and its chain, the good ones P-256 and no chain).
	cat "$pki/good/leaf-rsa2048.pem" "$pki/good/chain.pem" >"$work/good-certs.pem"
	cp "$pki/good/leaf-p256.pem" "$work/good-nest-certs.pem"
	cp "$pki/good/leaf-p256.key" "$work/good-nest.key"
	cat "$pki/banned/leaf-rsa2048.pem" "$pki/banned/chain.pem" >"$work/banned-nest-certs.pem"
	cp "$pki/banned/leaf-rsa2048.key" "$work/banned-nest.key"
	osslsigncode sign -certs "$work/good-certs.pem" \
		-key "$pki/good/leaf-rsa2048.key" -h sha256 \
		-in "$work/unsigned.efi" -out "$work/nest0" >/dev/null ||
		die "osslsigncode cannot sign nest0"
	i=1
	while [ $i -le 8 ]; do
		v=good
		[ $i -eq 8 ] && v=banned
		osslsigncode sign -nest -certs "$work/$v-nest-certs.pem" \
			-key "$work/$v-nest.key" -h sha256 \
			-in "$work/nest$((i - 1))" -out "$work/nest$i" >/dev/null ||
			die "osslsigncode cannot nest signature $i"
		i=$((i + 1))
	done
	install -m 0755 "$work/nest8" "$bin/ms-pe-nest9"
	# 20 allow candidates: the same "allow cert" 20 times, default deny.
	f=$pol/allow-twenty.pol
	header "$f" allow-twenty "20 allow candidates for one signer" deny
	i=0
	while [ $i -lt 20 ]; do
		echo "allow $(rule_cert "$pki/good/leaf-rsa2048.pem") label=good-$i" >>"$f"
		i=$((i + 1))
	done
	# ...and a 2 MiB program (zeros after the code) signed by the good
	# vendor, and a copy with one padding byte changed, that none proves.
	{
		cat "$bin/hello"
		head -c 2097152 /dev/zero
	} >"$work/big"
	sign good rsa2048 sha256 cert "$work/big" "$bin/ms-big-good"
	cp "$bin/ms-big-good" "$bin/ms-big-modified"
	patch_byte "$bin/ms-big-modified" $((hello_len + 1000))
	# The crafted chain-walk trailer (tests/unit/mkchainbomb.c), alone and
	# stacked 8 times (each trailer signing the ones before).
	gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$work/mkchainbomb" \
		"$mkbomb_c" || die "cannot build mkchainbomb"
	"$work/mkchainbomb" 2 "$work/bomb.der" || die "mkchainbomb failed"
	blen=$(size "$work/bomb.der")
	{
		cat "$bin/hello" "$work/bomb.der"
		trailer 2 "$blen"
	} >"$bin/ms-chainbomb"
	cp "$bin/ms-chainbomb" "$work/bombs"
	i=1
	while [ $i -lt 8 ]; do
		{
			cat "$work/bomb.der"
			trailer 2 "$blen"
		} >>"$work/bombs"
		i=$((i + 1))
	done
	install -m 0755 "$work/bombs" "$bin/ms-chainbomb8"
	chmod 0755 "$bin/ms-chainbomb"
	# The same with names of 32 attributes, the most that parse
	# (VENDORBAN_NAME_MAX_ATTRS): the longest chain walk one can build.
	"$work/mkchainbomb" 2 "$work/bomb32.der" 16 32 ||
		die "mkchainbomb failed"
	blen=$(size "$work/bomb32.der")
	{
		cat "$bin/hello" "$work/bomb32.der"
		trailer 2 "$blen"
	} >"$bin/ms-chainbomb32"
	chmod 0755 "$bin/ms-chainbomb32"
	# Names of 4 attributes and 3,000 empty RDNs each (OpenSSL takes an
	# empty RDN): 108,000 elements to walk, more than a file's parse
	# budget (VENDORBAN_MAX_DER_ELEMENTS), which counts them: a limit.
	"$work/mkchainbomb" 0 "$work/emptyrdn.der" 16 4 3000 ||
		die "mkchainbomb failed"
	blen=$(size "$work/emptyrdn.der")
	{
		cat "$bin/hello" "$work/emptyrdn.der"
		trailer 2 "$blen"
	} >"$bin/ms-emptyrdn"
	chmod 0755 "$bin/ms-emptyrdn"
	# The most certificate bytes a file makes a ban hash: 2 trailers of
	# about 251 KiB (VENDORBAN_MODSIG_MAX_SIG is 256 KiB; 512 KiB of
	# signatures per file, VENDORBAN_MAX_SIG_BYTES), each of 4 signers
	# whose certificates carry 64,000 bytes of padding in their signature
	# (one element): every signer certificate's fingerprint hashes it,
	# and the two trailers differ so that none is copied from the other.
	# Nothing names a vendor: a ban lets it run.
	for i in 1 2; do
		"$work/mkchainbomb" 0 "$work/bigcert$i.der" 4 4 0 64000 "$i" ||
			die "mkchainbomb failed"
	done
	{
		cat "$bin/hello" "$work/bigcert1.der"
		trailer 2 "$(size "$work/bigcert1.der")"
		cat "$work/bigcert2.der"
		trailer 2 "$(size "$work/bigcert2.der")"
	} >"$bin/ms-bigcert"
	chmod 0755 "$bin/ms-bigcert"
	# Under a policy with a fingerprint to find, signer certificates are
	# hashed up to VENDORBAN_MAX_FPR_BYTES (8 KiB) per file, and a file
	# that needs more is malformed.  ms-fprcap: 4 signers whose
	# certificates carry 1,800 bytes of padding (4 of 1,990 bytes, 7,960
	# in all): hashed, just under the bound; nothing names a vendor.
	"$work/mkchainbomb" 0 "$work/fprcap.der" 4 4 0 1800 3 ||
		die "mkchainbomb failed"
	{
		cat "$bin/hello" "$work/fprcap.der"
		trailer 2 "$(size "$work/fprcap.der")"
	} >"$bin/ms-fprcap"
	chmod 0755 "$bin/ms-fprcap"
	# ms-bighide: the banned vendor's signature (banned-rsa2048-cert)
	# behind ms-fprcap's trailer and 2 trailers of 4 signers of 63,000
	# bytes (about 516 KB of signatures in all, under the 512 KiB read):
	# under a ban by fingerprint the certificates before it use up the
	# bound, so its own is not hashed; its O and its issuer and serial
	# are still looked up.
	for i in 4 5; do
		"$work/mkchainbomb" 0 "$work/bighide$i.der" 4 4 0 63000 "$i" ||
			die "mkchainbomb failed"
	done
	{
		cat "$bin/banned-rsa2048-cert" "$work/fprcap.der"
		trailer 2 "$(size "$work/fprcap.der")"
		for i in 4 5; do
			cat "$work/bighide$i.der"
			trailer 2 "$(size "$work/bighide$i.der")"
		done
	} >"$bin/ms-bighide"
	chmod 0755 "$bin/ms-bighide"
	# A compressed module that hits a limit in one stage and not in the
	# other: an xz stream cut short (its image cannot be made: corrupt,
	# no limit) followed by 17 innocent trailers (its signatures, read
	# from the file as it is, exceed VENDORBAN_MAX_TRAILERS: a limit).
	# Judged "limit" (kmod/lib/modimage.c, vendorban_modimage_taint()).
	xz --check=crc32 -c "$bin/hello" >"$work/hello.xz"
	head -c "$(($(size "$work/hello.xz") / 2))" "$work/hello.xz" >"$work/cut.xz"
	append_sig "$work/cut.xz" "$work/cut1.xz"
	tail -c "$(($(size "$work/cut1.xz") - $(size "$work/cut.xz")))" \
		"$work/cut1.xz" >"$work/one-trailer"
	cp "$work/cut.xz" "$work/cut17.xz"
	i=0
	while [ $i -lt 17 ]; do
		cat "$work/one-trailer" >>"$work/cut17.xz"
		i=$((i + 1))
	done
	install -m 0644 "$work/cut17.xz" "$bin/ms-limit-corrupt.ko.xz"
}

# --- coverage: IMA signatures (security.ima, set by the test) -------------

mkdir -p "$out/ima"
cp "$bin/hello" "$out/ima/target"
for v in banned good; do
	cp "$bin/hello" "$work/ima-$v"
	evmctl ima_sign --sigfile --key "$pki/$v/leaf-rsa2048.key" -a sha256 \
		"$work/ima-$v" >/dev/null 2>&1 || die "evmctl cannot sign ($v)"
	cp "$work/ima-$v.sig" "$out/ima/$v.sig"
done
# The key id is bytes 3..6 of the signature (struct signature_v2_hdr) and
# must be the last 4 bytes of the certificate's SKID, as the policy says.
ima_keyid=$(od -An -v -tx1 -j3 -N4 "$out/ima/banned.sig" | tr -d ' \n')
bskid=$(skid "$pki/banned/leaf-rsa2048.pem")
[ "$ima_keyid" = "$(echo "$bskid" | tail -c 9)" ] ||
	die "IMA key id $ima_keyid is not the end of the SKID $bskid"
f=$pol/ban-ima-keyid.pol
header "$f" ban-ima-keyid "ban files with an IMA signature by the banned key"
echo "deny ima-keyid $ima_keyid label=ima-banned" >>"$f"

multisig_fixtures

# --- signed policies (vendorban.require_signed=1) ---------------------------

# cms_sign KEY CERT IN OUT [openssl cms options]: an attached, binary, DER
# SignedData without signed attributes, as "vendorbanctl sign" makes it
cms_sign() {
	k=$1 c=$2 i=$3 o=$4
	shift 4
	openssl cms -sign -binary -noattr -md sha256 -outform DER -inkey "$k" \
		-signer "$c" -in "$i" -out "$o" "$@" ||
		die "openssl cms cannot sign $o"
}

# signed_ban_text VERSION: a ban of the test vendor; the label says which
signed_ban_text() {
	printf 'vendorban-policy 1\nname signed-ban\nversion %s\ndefault allow\n' "$1"
	printf 'deny subject-o "AO Kaspersky Lab" label=signed-v%s\n' "$1"
}

# signed/: the policies the require_signed VM run loads, in
# kernel format (the content of each message is the text next to it):
#   ban-v5.p7, ban-v4.p7   signed by the key the test kernels trust
#   unsigned-v6.pol        the same ban, version 6, not signed
#   untrusted-v9.p7        a "default allow" signed by a self-made key
#   forged-v9.p7           the same, by a self-made key whose certificate
#                          copies the trusted one's subject, serial and
#                          key identifier (the kernel finds the trusted
#                          key, and the signature must not verify with it)
#   tampered-v5.p7         ban-v5.p7 with the banned name in its content
#                          changed ("Lab" to "Lax"): the ban would miss
#   detached-v5.p7         a detached signature of the v5 text (no content)
make_signed_policies() {
	sp=$out/signed
	mkdir -p "$sp"
	for v in 5 4; do
		signed_ban_text "$v" >"$sp/ban-v$v.pol"
		cms_sign "$policy_keys/key.pem" "$policy_keys/cert.pem" \
			"$sp/ban-v$v.pol" "$sp/ban-v$v.p7" -nodetach
	done
	signed_ban_text 6 >"$sp/unsigned-v6.pol"
	printf 'vendorban-policy 1\nname signed-allow\nversion 9\ndefault allow\n' \
		>"$sp/allow-v9.pol"
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 \
		-subj "/CN=untrusted policy signer" -keyout "$work/untrusted.key" \
		-out "$work/untrusted.pem" 2>/dev/null || die "cannot make a key"
	cms_sign "$work/untrusted.key" "$work/untrusted.pem" "$sp/allow-v9.pol" \
		"$sp/untrusted-v9.p7" -nodetach
	trusted_serial=$(openssl x509 -in "$policy_keys/cert.pem" -noout -serial |
		cut -d= -f2)
	trusted_skid=$(openssl x509 -in "$policy_keys/cert.pem" -noout \
		-ext subjectKeyIdentifier | tail -n 1 | tr -d ' ')
	openssl req -new -x509 -newkey rsa:2048 -nodes -days 3650 \
		-subj "/O=vendorban test/CN=vendorban policy signing (test only)" \
		-set_serial "0x$trusted_serial" \
		-addext "subjectKeyIdentifier=$trusted_skid" \
		-addext "authorityKeyIdentifier=keyid" -keyout "$work/forged.key" \
		-out "$work/forged.pem" 2>/dev/null || die "cannot make a key"
	cms_sign "$work/forged.key" "$work/forged.pem" "$sp/allow-v9.pol" \
		"$sp/forged-v9.p7" -nodetach
	cp "$sp/ban-v5.p7" "$sp/tampered-v5.p7"
	at=$(grep -obUa 'Kaspersky Lab' "$sp/tampered-v5.p7" | cut -d: -f1)
	[ -n "$at" ] || die "no policy text in ban-v5.p7"
	printf x | dd of="$sp/tampered-v5.p7" bs=1 seek=$((at + 12)) \
		conv=notrunc status=none
	cms_sign "$policy_keys/key.pem" "$policy_keys/cert.pem" \
		"$sp/ban-v5.pol" "$sp/detached-v5.p7"
}
make_signed_policies

echo "$stamp" >"$out/.stamp"
