#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Red team round 15, tool-rt14 (RT14-3's fix: scan by directory
# descriptors): fts's other failure modes, on a host, as root.
#   VBCTL=path/to/vendorbanctl FIX=build/fixtures tests/redteam15/rt15_scanswap.sh
# Each case: a tree with N banned copies; the scan must name every one
# ("deny PATH") or say what it could not read and exit 1; exit 0 or 3
# with fewer denials is a silent miss (BROKE).
set -u
VBCTL=${VBCTL:?}
FIX=${FIX:?}
T=$(mktemp -d /tmp/rt15scan.XXXXXX)
BAN=$FIX/bin/banned-rsa2048-cert
POL=$FIX/policies/ban-by-cert.pol
fail=0

check() { # name want rc denies unreadables
	if [ "$4" -eq "$2" ] || { [ "$5" -gt 0 ] && [ "$3" -eq 1 ]; }; then
		echo "ok $1: exit $3, $4 deny of $2, $5 unreadable"
	else
		echo "not ok $1: exit $3, $4 deny of $2, $5 unreadable (BROKE: silent miss)"
		fail=1
	fi
}

scan() { # name want [runner...]
	name=$1 want=$2
	shift 2
	"$@" "$VBCTL" scan --policy "$POL" "$T/t" >"$T/out" 2>&1
	rc=$?
	check "$name" "$want" "$rc" "$(grep -c '^deny ' "$T/out")" \
		"$(grep -c '^unreadable ' "$T/out")"
}

mk() { # N copies under t/dNN/
	rm -rf "$T/t"
	mkdir -p "$T/t"
	i=0
	while [ "$i" -lt "$1" ]; do
		mkdir "$T/t/d$i"
		cp "$BAN" "$T/t/d$i/x"
		chmod 755 "$T/t/d$i/x"
		i=$((i + 1))
	done
	chmod -R a+rX "$T"
}

# 1: a symlink loop and a symlink to / among the copies
mk 10
ln -s . "$T/t/d3/loop"
ln -s / "$T/t/d5/root"
ln -s "$T/t/d7/self" "$T/t/d7/self"
scan symlinks 10

# 2: an unreadable directory, the scan as nobody (EACCES)
mk 10
mkdir "$T/t/d4/closed"
chmod 000 "$T/t/d4/closed"
chmod 711 "$T/t/d6"
scan unreadable_as_nobody 9 setpriv --reuid=65534 --regid=65534 --clear-groups

# 3: directories swapped for files and removed during the walk (many runs)
mk 40
i=0
bad=0
while [ "$i" -lt 30 ]; do
	( j=0; while [ "$j" -lt 400 ]; do
		mv "$T/t/d1" "$T/t/d1.x" 2>/dev/null
		: >"$T/t/d1"; rm -f "$T/t/d1"
		mv "$T/t/d1.x" "$T/t/d1" 2>/dev/null
		rm -rf "$T/t/d2"; mkdir "$T/t/d2"; cp "$BAN" "$T/t/d2/x"
		j=$((j + 1)); done ) &
	pid=$!
	"$VBCTL" scan --policy "$POL" "$T/t" >"$T/out" 2>&1
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	d=$(grep -c '^deny ' "$T/out")
	u=$(grep -c '^unreadable ' "$T/out")
	# d1 and d2 may be gone at the moment; the other 38 must be named
	if [ "$d" -lt 38 ] && ! { [ "$u" -gt 0 ] && [ "$rc" -eq 1 ]; }; then
		bad=$((bad + 1))
		echo "  run $i: exit $rc, $d deny, $u unreadable"
		grep -v '^deny ' "$T/out" | head -5
	fi
	i=$((i + 1))
done
if [ "$bad" -eq 0 ]; then
	echo "ok swap_during_walk: 30 scans, each named the 38 stable copies or said what it missed"
else
	echo "not ok swap_during_walk: $bad of 30 scans missed stable copies in silence (BROKE)"
	fail=1
fi
rm -rf "$T"
exit "$fail"
