#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make-fixtures.sh OUTDIR [KEYDIR] - the package fixtures, made with the
# real tools
#
# OpenPGP keys made with gpg at run time (their secret halves in KEYDIR,
# default build/pkgkeys, never in OUTDIR), RPMs built with rpmbuild and signed
# with rpmsign, .deb files built with dpkg-deb, two apt repositories made
# with apt-ftparchive and signed with gpg --clearsign.  OUTDIR
# (build/fixtures/packages, in the test VM /fixtures/packages):
#
#   keys/     vendor.asc (the banned vendor), other.asc, repo.asc (the
#             trusted repository), expired.asc, revoked.asc, notakey.asc,
#             vendor+expired.asc (both keys in one file)
#   rpm/      vbban-tool-1.0 (signed by vendor: a program, a shared
#             library, a dynamic program, a script, an xz module, a
#             document), vbother-tool (signed by other), vbunsigned
#             (unsigned: a program, and a dynamic program that loads
#             libvbban.so from wherever LD_LIBRARY_PATH says)
#   rpm-expired/  vbexpired-tool, signed by expired (while it was valid)
#   deb/      vbban-tool_1.0 and _2.0 (its postinst runs its new program:
#             tests/pkg/postinst-2.0), vbgood-tool_1.0 and _2.0,
#             vbunrelated_1.0
#   repo-vendor/  apt repository signed by vendor: vbban-tool 1.0 and 2.0
#   repo-good/    apt repository signed by repo: vbgood-tool 1.0 and 2.0
#   root/NAME-FORMAT/  each package unpacked (what the VM runs)
#   entity/   a program signed (appended signature, certificate embedded)
#             by one company under two spellings: prog-ev (EV:
#             jurisdictionC RU, serialNumber), prog-eidas
#             (organizationIdentifier NTRRU-...), and prog-namesake (its
#             name, another registration number)
#   ima/      target (a program) and security.ima values for it made with
#             evmctl ima_sign: vendor.sig (the vendor's RSA IMA key),
#             vendor-ec.sig (its EC key), other.sig (another key),
#             forged.sig (another key's signature under the vendor's key
#             id: what ima-keyid cannot tell apart); the certificates in
#             keys/ima-vendor.pem, keys/ima-vendor-ec.pem, keys/ima-other.pem
#   vm/ima-keyid.policy  deny ima-keyid with the vendor's key id
#   ca/forged-chain  a program signed by a self-made leaf whose issuer
#             claims the good vendor's intermediate CA (its DN and key
#             identifier), signed by another key: what an unverified
#             chain cannot tell apart
#   vm/ca-allow.policy   default deny; allow ca of the good vendor's
#             intermediate and root (build/pki/good/chain.pem), allow
#             file-sha256 of the PE handler
#   vm/pe-allow.policy   default deny; allow cert the good vendor's leaf
#             (build/pki), which Authenticode-signed the fixture PE files,
#             and allow file-sha256 of the binfmt_misc handler that runs
#             them (build/fixtures/bin/unsigned)
#   vm/       the policies the VM test loads, compiled by vendorbanctl
#             (build/userspace/vendorbanctl, made if missing) from the
#             sources in tests/pkg/*.vbpolicy
#
# A rerun with unchanged inputs makes no new package (OUTDIR/.stamp); the
# VM policies are compiled again each time (the compiler may have changed).

set -euo pipefail

die() {
	echo "tests/pkg/make-fixtures.sh: error: $*" >&2
	exit 1
}

[ $# -eq 1 ] || [ $# -eq 2 ] || die "usage: make-fixtures.sh OUTDIR [KEYDIR]"
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
for tool in gpg rpmbuild rpmsign rpmkeys rpm2archive dpkg-deb apt-ftparchive \
	xz gcc openssl evmctl; do
	command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh)"
done
mkdir -p "$1"
out=$(cd "$1" && pwd)
mkdir -p "${2:-$REPO/build/pkgkeys}"
keys=$(cd "${2:-$REPO/build/pkgkeys}" && pwd)
V=${VENDORBANCTL:-$REPO/build/userspace/vendorbanctl}

stamp=$(cat "$0" "$HERE/prog.c" "$HERE/postinst-2.0" | sha256sum | cut -d' ' -f1)

# --- keys --------------------------------------------------------------

export GNUPGHOME=$keys/gnupg

# genkey NAME UID [EXTRA...]: a signing key, its public half in keys/NAME.asc
genkey() {
	local name=$1 uid=$2
	shift 2
	gpg --batch --quiet --passphrase '' "$@" \
		--quick-gen-key "$uid" rsa2048 sign 10y 2>/dev/null ||
		die "gpg cannot make the key $name"
	gpg --batch --with-colons --list-keys "$uid" |
		awk -F: '/^fpr/ { print $10; exit }' >"$keys/$name.fpr"
	gpg --batch --armor --export "$(cat "$keys/$name.fpr")" >"$out/keys/$name.asc"
}

make_keys() {
	rm -rf "$keys"
	mkdir -p "$GNUPGHOME" "$out/keys"
	chmod 700 "$GNUPGHOME"
	genkey vendor "Banned Vendor (vendorban test) <vendor@example.invalid>"
	genkey other "Other Vendor (vendorban test) <other@example.invalid>"
	genkey repo "vendorban test repository <repo@example.invalid>"
	# Expired: made and used ten years ago, valid for one year.
	gpg --batch --quiet --passphrase '' --faked-system-time 20150101T000000 \
		--quick-gen-key "Expired Vendor (vendorban test) <expired@example.invalid>" \
		rsa2048 sign 1y 2>/dev/null
	gpg --batch --with-colons --list-keys expired@example.invalid |
		awk -F: '/^fpr/ { print $10; exit }' >"$keys/expired.fpr"
	gpg --batch --armor --export "$(cat "$keys/expired.fpr")" >"$out/keys/expired.asc"
	genkey revoked "Revoked Vendor (vendorban test) <revoked@example.invalid>"
	# gpg wrote a revocation certificate when it made the key; import it
	sed 's/^:-----BEGIN/-----BEGIN/' \
		"$GNUPGHOME/openpgp-revocs.d/$(cat "$keys/revoked.fpr").rev" |
		gpg --batch --quiet --import 2>/dev/null
	gpg --batch --armor --export "$(cat "$keys/revoked.fpr")" >"$out/keys/revoked.asc"
	cat "$out/keys/vendor.asc" "$out/keys/expired.asc" >"$out/keys/vendor+expired.asc"
	printf 'This is not an OpenPGP key.\n' >"$out/keys/notakey.asc"
}

# --- programs ------------------------------------------------------------

CFLAGS_PROG=(-O2 -nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables
	"-Wl,--build-id=none")

# prog OUT TAG: a static program that exits 42
prog() {
	gcc -static "${CFLAGS_PROG[@]}" -DTAG="\"$2\"" -o "$1" "$HERE/prog.c"
}

# lib OUT TAG: a shared library (vbpkg_lib() returns 42), without x bit
lib() {
	gcc -shared -fPIC "${CFLAGS_PROG[@]}" -DLIB -DTAG="\"$2\"" -o "$1" \
		"$HERE/prog.c"
	chmod 644 "$1"
}

# dyn OUT TAG LIBDIR LIBNAME RPATH: a dynamic program calling vbpkg_lib()
dyn() {
	gcc "${CFLAGS_PROG[@]}" -DUSE_LIB -DTAG="\"$2\"" -o "$1" "$HERE/prog.c" \
		-L"$3" -l"$4" "-Wl,-rpath,$5" \
		"-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2"
}

# --- RPMs ------------------------------------------------------------------

# rpm_build NAME VERSION VENDOR SRCDIR: an RPM of the tree in SRCDIR
rpm_build() {
	local name=$1 ver=$2 vendor=$3 src=$4 top=$work/rpmbuild
	mkdir -p "$top/SPECS"
	{
		printf 'Name: %s\nVersion: %s\nRelease: 1\n' "$name" "$ver"
		printf 'Summary: vendorban test package\nLicense: GPL-2.0-only\n'
		printf 'Vendor: %s\nBuildArch: x86_64\nAutoReqProv: no\n' "$vendor"
		printf '%%description\nA vendorban test package.\n'
		printf '%%install\nmkdir -p %%{buildroot}\ncp -a %s/. %%{buildroot}/\n' "$src"
		printf '%%files\n'
		(cd "$src" && find . -type f -printf '/%P\n' | sort)
	} >"$top/SPECS/$name.spec"
	rpmbuild --quiet --define "_topdir $top" \
		--define '__os_install_post %{nil}' \
		--define 'debug_package %{nil}' \
		--define '_build_id_links none' \
		-bb "$top/SPECS/$name.spec" >/dev/null 2>&1 ||
		die "rpmbuild $name failed"
	find "$top/RPMS" -name "$name-$ver-*.rpm"
}

# rpm_sign RPM KEYNAME [GPGARGS]: rpmsign with a key made above
rpm_sign() {
	rpmsign --define '__gpg /usr/bin/gpg' \
		--define "_gpg_name $(cat "$keys/$2.fpr")" \
		--define "_gpg_sign_cmd_extra_args ${3:---batch}" \
		--addsign "$1" >"$work/rpmsign.log" 2>&1 ||
		{ cat "$work/rpmsign.log" >&2; die "rpmsign $1 failed"; }
}

make_rpms() {
	local t=$work/tree r
	mkdir -p "$out/rpm" "$out/rpm-expired"
	# vbban-tool: every kind of file the kernel checks, and one it does not
	rm -rf "$t" && mkdir -p "$t/usr/bin" "$t/usr/lib" "$t/usr/libexec/vbban" \
		"$t/usr/lib/modules/6.1.0-vbtest/extra" "$t/usr/share/doc/vbban-tool"
	prog "$t/usr/bin/vbban-prog" "vbban-tool 1.0 rpm prog"
	lib "$t/usr/lib/libvbban.so" "vbban-tool 1.0 rpm lib"
	# shellcheck disable=SC2016 # $ORIGIN is for ld.so
	dyn "$t/usr/bin/vbban-dyn" "vbban-tool 1.0 rpm dyn" "$t/usr/lib" vbban '$ORIGIN/../lib'
	printf '#!/bin/sh\necho vbban helper\n' >"$t/usr/libexec/vbban/helper.sh"
	chmod 755 "$t/usr/libexec/vbban/helper.sh"
	# A relocatable ELF object with a .modinfo section: scan tells kernel
	# modules by their content, not by a .ko name (not loadable: no
	# this_module, no symbols the kernel wants)
	printf '%s\n' 'const char vbban_modinfo[] __attribute__((section(".modinfo"), used)) = "name=vbban";' |
		gcc -c -x c -o "$work/vbban.ko" -
	xz --check=crc32 -c "$work/vbban.ko" >"$t/usr/lib/modules/6.1.0-vbtest/extra/vbban.ko.xz"
	printf 'vbban-tool documentation\n' >"$t/usr/share/doc/vbban-tool/README"
	r=$(rpm_build vbban-tool 1.0 "Banned Vendor" "$t")
	rpm_sign "$r" vendor
	cp "$r" "$out/rpm/"
	# vbother-tool: signed by another vendor
	rm -rf "$t" && mkdir -p "$t/usr/bin"
	prog "$t/usr/bin/vbother-prog" "vbother-tool 1.0 rpm prog"
	r=$(rpm_build vbother-tool 1.0 "Other Vendor" "$t")
	rpm_sign "$r" other
	cp "$r" "$out/rpm/"
	# vbunsigned: unsigned; its dyn program loads libvbban.so by name
	rm -rf "$t" && mkdir -p "$t/usr/bin" "$work/linklib"
	prog "$t/usr/bin/vbunsigned-prog" "vbunsigned 1.0 rpm prog"
	lib "$work/linklib/libvbban.so" "link-time stand-in"
	dyn "$t/usr/bin/vbunsigned-dyn" "vbunsigned 1.0 rpm dyn" "$work/linklib" vbban /nonexistent
	r=$(rpm_build vbunsigned 1.0 "Unsigned Vendor" "$t")
	cp "$r" "$out/rpm/"
	# vbexpired-tool: signed by the expired key while it was valid
	rm -rf "$t" && mkdir -p "$t/usr/bin"
	prog "$t/usr/bin/vbexpired-prog" "vbexpired-tool 1.0 rpm prog"
	r=$(rpm_build vbexpired-tool 1.0 "Expired Vendor" "$t")
	rpm_sign "$r" expired "--faked-system-time 20150601T000000"
	cp "$r" "$out/rpm-expired/"
}

# --- .deb files and apt repositories -----------------------------------------

# deb_build NAME VERSION SRCDIR OUTDIR [POSTINST]: a .deb of the tree in
# SRCDIR, with POSTINST as its postinst
deb_build() {
	local d=$work/debroot
	rm -rf "$d" && mkdir -p "$d/DEBIAN"
	cp -a "$3/." "$d/"
	if [ -n "${5:-}" ]; then
		install -m 755 "$5" "$d/DEBIAN/postinst"
	fi
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: %s\nDescription: vendorban test package\n' \
		"$1" "$2" "vendorban tests <tests@example.invalid>" >"$d/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz -b "$d" "$4/${1}_${2}_amd64.deb" >/dev/null
}

make_debs() {
	local t=$work/tree v
	mkdir -p "$out/deb"
	for v in 1.0 2.0; do
		rm -rf "$t" && mkdir -p "$t/usr/bin" "$t/usr/lib"
		prog "$t/usr/bin/vbban-prog" "vbban-tool $v deb prog"
		lib "$t/usr/lib/libvbban.so" "vbban-tool $v deb lib"
		if [ "$v" = 2.0 ]; then	# a file only the new version has
			prog "$t/usr/bin/vbban-new" "vbban-tool $v deb new"
			deb_build vbban-tool "$v" "$t" "$out/deb" "$HERE/postinst-2.0"
		else
			deb_build vbban-tool "$v" "$t" "$out/deb"
		fi
	done
	for v in 1.0 2.0; do
		rm -rf "$t" && mkdir -p "$t/usr/bin" "$t/usr/lib"
		prog "$t/usr/bin/vbgood-prog" "vbgood-tool $v deb prog"
		lib "$t/usr/lib/libvbgood.so" "vbgood-tool $v deb lib"
		deb_build vbgood-tool "$v" "$t" "$out/deb"
	done
	rm -rf "$t" && mkdir -p "$t/usr/bin"
	prog "$t/usr/bin/vbunrelated-prog" "vbunrelated 1.0 deb prog"
	deb_build vbunrelated 1.0 "$t" "$out/deb"
}

# repo DIR KEYNAME DEB...: an apt repository (suite stable, component
# main), InRelease signed with the key
repo() {
	local dir=$1 key=$2 rel
	shift 2
	rm -rf "$dir"
	mkdir -p "$dir/pool/main" "$dir/dists/stable/main/binary-amd64"
	cp "$@" "$dir/pool/main/"
	(cd "$dir" && apt-ftparchive packages pool/main \
		>dists/stable/main/binary-amd64/Packages)
	xz -k "$dir/dists/stable/main/binary-amd64/Packages"
	rel=$work/Release
	apt-ftparchive -o APT::FTPArchive::Release::Suite=stable \
		-o APT::FTPArchive::Release::Codename=stable \
		-o APT::FTPArchive::Release::Components=main \
		-o APT::FTPArchive::Release::Architectures=amd64 \
		release "$dir/dists/stable" >"$rel"
	mv "$rel" "$dir/dists/stable/Release"
	gpg --batch --yes --local-user "$(cat "$keys/$key.fpr")" \
		--clearsign -o "$dir/dists/stable/InRelease" \
		"$dir/dists/stable/Release"
}

make_repos() {
	repo "$out/repo-vendor" vendor "$out"/deb/vbban-tool_*.deb
	repo "$out/repo-good" repo "$out"/deb/vbgood-tool_*.deb
}

# Each package unpacked, as the VM runs it: root/NAME-FORMAT/
unpack_all() {
	local p n
	rm -rf "$out/root"
	for p in "$out"/rpm/*.rpm "$out"/rpm-expired/*.rpm; do
		n=$(rpm -qp --nosignature --qf '%{NAME}' "$p")-rpm
		mkdir -p "$out/root/$n"
		(cd "$work" && rm -f ./*.tar && cp "$p" pkg.rpm &&
			rpm2archive --nocompression pkg.rpm &&
			tar -xf pkg.rpm.tar -C "$out/root/$n" --no-same-owner)
	done
	for p in "$out"/deb/*.deb; do
		n=$(dpkg-deb --field "$p" Package)-$(dpkg-deb --field "$p" Version)-deb
		dpkg-deb --extract "$p" "$out/root/$n"
	done
}

# --- legal entities -------------------------------------------------------------

make_entity() {
	local c subj
	mkdir -p "$out/entity" "$keys/entity"
	prog "$work/entity-prog" "legal entity prog"
	for c in ev eidas namesake; do
		case $c in
		ev) subj="/jurisdictionC=RU/serialNumber=1027739867473/businessCategory=Private Organization/C=RU/O=AO Kaspersky Lab/CN=AO Kaspersky Lab" ;;
		eidas) subj="/organizationIdentifier=NTRRU-1027739867473/C=RU/O=Kaspersky Lab JSC/CN=Kaspersky" ;;
		namesake) subj="/jurisdictionC=RU/serialNumber=1111111111111/C=RU/O=AO Kaspersky Lab/CN=AO Kaspersky Lab" ;;
		esac
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout "$keys/entity/$c.key" -out "$keys/entity/$c.pem" \
			-days 3650 -subj "$subj" 2>/dev/null || die "openssl req $c"
		"$REPO/scripts/sign-appended.sh" --mode cert --key "$keys/entity/$c.key" \
			--cert "$keys/entity/$c.pem" --hash sha256 "$work/entity-prog" \
			"$out/entity/prog-$c" || die "cannot sign prog-$c"
	done
}

# --- IMA signatures -----------------------------------------------------------

# ima_cert NAME rsa|ec: a key and a certificate with a SKID (its key id)
ima_cert() {
	if [ "$2" = ec ]; then
		openssl ecparam -name prime256v1 -genkey -noout \
			-out "$keys/ima-$1.key" 2>/dev/null
	else
		openssl genrsa -out "$keys/ima-$1.key" 2048 2>/dev/null
	fi
	openssl req -x509 -new -key "$keys/ima-$1.key" -days 3650 \
		-subj "/O=IMA $1 (vendorban test)/CN=IMA signing $1" \
		-addext subjectKeyIdentifier=hash -out "$out/keys/ima-$1.pem" \
		2>/dev/null || die "cannot make the IMA certificate $1"
}

make_ima() {
	local n
	mkdir -p "$out/ima"
	ima_cert vendor rsa
	ima_cert vendor-ec ec
	ima_cert other rsa
	prog "$out/ima/target" "ima target"
	for n in vendor vendor-ec other; do
		cp "$out/ima/target" "$work/ima-$n"
		evmctl ima_sign --sigfile --key "$keys/ima-$n.key" -a sha256 \
			"$work/ima-$n" >/dev/null 2>&1 || die "evmctl cannot sign ($n)"
		cp "$work/ima-$n.sig" "$out/ima/$n.sig"
	done
	# another key's signature, under the vendor's key id (bytes 3 to 6)
	{
		head -c 3 "$out/ima/other.sig"
		tail -c +4 "$out/ima/vendor.sig" | head -c 4
		tail -c +8 "$out/ima/other.sig"
	} >"$out/ima/forged.sig"
}

# --- CA chains ------------------------------------------------------------------

# forged_chain: a leaf "issued" by a self-made twin of the good
# intermediate (same DN, same SKID, another key), and a program it signs
make_forged_chain() {
	local inter=$REPO/build/pki/good/inter.pem d=$work/forged subj skid
	mkdir -p "$d" "$out/ca"
	subj=$(openssl x509 -in "$inter" -noout -subject -nameopt compat |
		sed 's/^subject=//')
	skid=$(openssl x509 -in "$inter" -noout -ext subjectKeyIdentifier |
		tail -n 1 | tr -d ' :')
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/twin.key" \
		-out "$d/twin.pem" -days 3650 -subj "$subj" \
		-addext "subjectKeyIdentifier=$skid" \
		-addext "basicConstraints=critical,CA:TRUE" 2>/dev/null ||
		die "cannot make the twin CA"
	openssl req -new -newkey rsa:2048 -nodes -keyout "$d/leaf.key" \
		-out "$d/leaf.csr" -subj "/O=Good Vendor GmbH/CN=forged leaf" \
		2>/dev/null || die "cannot make the forged leaf"
	printf 'authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n' \
		>"$d/ext"
	openssl x509 -req -in "$d/leaf.csr" -CA "$d/twin.pem" \
		-CAkey "$d/twin.key" -CAcreateserial -days 3650 \
		-extfile "$d/ext" -out "$d/leaf.pem" 2>/dev/null ||
		die "cannot sign the forged leaf"
	prog "$d/prog" "forged chain prog"
	"$REPO/scripts/sign-appended.sh" --mode cert --key "$d/leaf.key" \
		--cert "$d/leaf.pem" --hash sha256 "$d/prog" \
		"$out/ca/forged-chain" || die "cannot sign forged-chain"
}

# --- the VM's policies ------------------------------------------------------

compile_vm() {
	[ -x "$V" ] || make -s -C "$REPO/userspace" ../build/userspace/vendorbanctl >/dev/null ||
		die "cannot build vendorbanctl"
	mkdir -p "$out/vm"
	printf 'vendorban-policy 1\nname ima-keyid\nversion 1\ndefault allow\ndeny ima-keyid %s label=ima-keyid\n' \
		"$(od -An -v -tx1 -j3 -N4 "$out/ima/vendor.sig" | tr -d ' \n')" \
		>"$out/vm/ima-keyid.policy"
	if [ -f "$REPO/build/pki/good/leaf-rsa2048.der" ] &&
		[ -f "$REPO/build/fixtures/bin/unsigned" ]; then
		make_forged_chain
		{
			printf 'vendorban-policy 1\nname ca-allow\nversion 1\ndefault deny\n'
			for c in inter root; do
				printf 'allow ca %s label=good-%s\n' "$(od -An -v -tx1 \
					"$REPO/build/pki/good/$c.der" | tr -d ' \n')" "$c"
			done
			printf 'allow file-sha256 %s label=pe-handler\n' \
				"$(sha256sum "$REPO/build/fixtures/bin/unsigned" | cut -d' ' -f1)"
		} >"$out/vm/ca-allow.policy"
		printf 'vendorban-policy 1\nname pe-allow\nversion 1\ndefault deny\nallow cert %s label=good-pe\nallow file-sha256 %s label=pe-handler\n' \
			"$(od -An -v -tx1 "$REPO/build/pki/good/leaf-rsa2048.der" | tr -d ' \n')" \
			"$(sha256sum "$REPO/build/fixtures/bin/unsigned" | cut -d' ' -f1)" \
			>"$out/vm/pe-allow.policy"
	fi
	for src in "$HERE"/*.vbpolicy; do
		cp "$src" "$out/"
		"$V" compile -o "$out/vm/$(basename "$src" .vbpolicy).policy" \
			"$out/$(basename "$src")" 2>"$work/compile.log" ||
			{ cat "$work/compile.log" >&2; die "cannot compile $src"; }
		rm "$out/$(basename "$src")"
	done
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$out/.stamp" ] || [ "$(cat "$out/.stamp")" != "$stamp" ] ||
	[ ! -d "$keys/gnupg" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	make_keys
	make_rpms
	make_debs
	make_repos
	unpack_all
	make_entity
	make_ima
	echo "$stamp" >"$out/.stamp"
fi
compile_vm
