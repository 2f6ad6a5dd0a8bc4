#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Guest side of the benchmark beside IMA appraisal (run as /tests/run.sh by
# tests/bench/ima.sh on the 6.1 bench kernel, under QEMU's -icount so
# guest time counts instructions).  The same signed binaries (the good
# vendor's RSA-2048 signature appended, signer certificate embedded; an
# IMA signature by the same key in security.ima for IMA's turn) on tmpfs
# and on ext4 (/dev/vda), timed with /tests/bin/vb-firstexec:
#
#   hello       the fixtures' signed hello, a cache hit (the same file
#               again) and a first exec after a change (byte 0 written
#               again with its own value before each exec: i_version moves,
#               both vendorban's cache and IMA's appraisal are emptied)
#   big-S       hello padded with zeros to S MiB before it was signed
#               (rebuilt here from /bench: hello, zeros, the signature
#               tail; not hashed here, in userspace under TCG: `allow cert`
#               and IMA prove every byte, a wrong one fails the run), first
#               execs after a change only
#
# in three phases, each of ROUNDS rounds: no policy at all (the built-in
# form cannot go back to it, nor IMA to no policy: so first); IMA
# appraisal (`appraise func=BPRM_CHECK fowner=4242 appraise_type=imasig`,
# the files owned by 4242 and signed; vendorban has no policy); vendorban
# (the files back to root, no security.ima, so outside IMA's rule), a ban
# (ban-by-issuer-serial: deny only, the identity read from the file's tail)
# and lockdown (allow cert of the good vendor, default deny: the whole
# file hashed for the proof; plus `allow unsigned` for busybox and
# vb-firstexec) alternated in each round.  Every row is the time per exec
# of a round over the median of its no-policy rounds (same file, same
# filesystem, same count), as "bench-data|TABLE|ROW|ROUND|RATIO|AGAINST".
# Not a test: one "ok" line when every phase ran, "not ok" when a policy
# did not load, an exec was refused, or IMA let a wrongly signed file run.

set -u
VB=/sys/kernel/security/vendorban
IMA_POLICY=/sys/kernel/security/ima/policy
FX=/tests/bin/vb-firstexec
B=/bench
F=/fixtures
ROUNDS=${ROUNDS:-5}
N=${N:-100}
SIZES=${SIZES:-1 16 64}
REF_EXECS=${REF_EXECS:-10}
HASH_EXECS=${HASH_EXECS:-1}
IMA_OWNER=4242
TIMES=/tmp/ima-times
# shellcheck source=tests/lib/tap.sh
. /tests/lib/tap.sh
failed=0

fail() {
	echo "# $*"
	failed=1
}

# measure KEY ROUND COUNT [-c] FILE: appends "KEY ROUND SECONDS-PER-EXEC"
# to $TIMES (COUNT execs; -c: cache hits, no write before each)
measure() {
	key=$1 r=$2 count=$3
	shift 3
	if [ "$1" = -c ]; then
		set -- -c "$count" "$2"
	else
		set -- "$count" "$1"
	fi
	if ! s=$($FX time "$@"); then
		fail "$key: an exec failed"
		return
	fi
	echo "$key $r $s $count" | awk '{ printf "%s %d %.9f\n", $1, $2, $3 / $4 }' >>$TIMES
}

# hello_rounds CFG ROUND: the hello rows of configuration CFG
hello_rounds() {
	for fs in tmpfs ext4; do
		$FX time -c 1 /mnt/$fs/hello >/dev/null || fail "$1: hello on $fs did not run"
		measure "$1:$fs:hello-cached" "$2" "$N" -c /mnt/$fs/hello
		measure "$1:$fs:hello-first" "$2" "$N" /mnt/$fs/hello
	done
}

# big_rounds CFG ROUND COUNT: the big-S rows of configuration CFG
big_rounds() {
	for fs in tmpfs ext4; do
		for size in $SIZES; do
			measure "$1:$fs:big-$size" "$2" "$3" /mnt/$fs/big-"$size"
		done
	done
}

# files: every benchmarked file, on both filesystems
files() {
	for fs in tmpfs ext4; do
		echo /mnt/$fs/hello
		for size in $SIZES; do
			echo /mnt/$fs/big-"$size"
		done
	done
}

load() {
	dd if="$1" of=$VB/policy bs=4M 2>/dev/null || fail "policy load failed: $1"
}

# --- the files ------------------------------------------------------------
mkdir -p /mnt/tmpfs /mnt/ext4
mount -t tmpfs -o size=400m tmpfs /mnt/tmpfs || fail "cannot mount tmpfs"
mount -t ext4 /dev/vda /mnt/ext4 || fail "cannot mount /dev/vda (ext4)"
hello_len=$(wc -c <$B/hello)
for fs in tmpfs ext4; do
	cp $B/hello-good /mnt/$fs/hello
	for size in $SIZES; do
		f=/mnt/$fs/big-$size
		{
			cat $B/hello
			head -c $((size * 1048576 - hello_len)) /dev/zero
			cat $B/big-"$size".tail
		} >"$f"
	done
done
for f in $(files); do chmod 755 "$f"; done
sync
: >$TIMES

# --- phase 1: no policy at all --------------------------------------------
round=1
while [ $round -le "$ROUNDS" ]; do
	hello_rounds none $round
	big_rounds none $round "$REF_EXECS"
	round=$((round + 1))
done

# --- phase 2: IMA appraisal -----------------------------------------------
for f in $(files); do
	chown $IMA_OWNER "$f"
	case $f in
	*/hello) sig=$B/hello-good.sig ;;
	*) sig=$B/${f##*/}.sig ;;
	esac
	$FX setima "$f" "$sig" || fail "cannot sign $f for IMA"
done
# IMA's sanity: the key is on .ima, the policy takes, and a file whose
# signature is not its own is refused (so appraisal does run)
dmesg | grep -i -e 'x509' -e 'integrity' -e 'ima:' | sed 's/^/# /'
echo "appraise func=BPRM_CHECK fowner=$IMA_OWNER appraise_type=imasig" >$IMA_POLICY ||
	fail "IMA did not take the policy"
cp $B/hello-good /mnt/tmpfs/wrongsig
chown $IMA_OWNER /mnt/tmpfs/wrongsig
$FX setima /mnt/tmpfs/wrongsig $B/big-1.sig || fail "cannot set a wrong IMA signature"
if /mnt/tmpfs/wrongsig 2>/dev/null; [ $? = 42 ]; then
	fail "IMA ran a file whose signature is another file's: not appraising"
fi
round=1
while [ $round -le "$ROUNDS" ]; do
	hello_rounds ima $round
	big_rounds ima $round "$HASH_EXECS"
	round=$((round + 1))
done

# --- phase 3: vendorban ---------------------------------------------------
for f in $(files); do
	chown 0 "$f"
	$FX rmima "$f" || fail "cannot remove security.ima of $f"
done
{
	grep -v '^#' $F/policies/lockdown.pol
	echo 'allow unsigned label=bench-tools'
} >/tmp/lockdown-bench.pol
round=1
while [ $round -le "$ROUNDS" ]; do
	load $F/policies/ban-by-issuer-serial.pol
	hello_rounds ban $round
	big_rounds ban $round "$REF_EXECS"
	load /tmp/lockdown-bench.pol
	hello_rounds allow $round
	big_rounds allow $round "$HASH_EXECS"
	round=$((round + 1))
done
load $F/policies/default-allow.pol

# --- the data lines -------------------------------------------------------
# KEY is CFG:FS:FILE; each row is the time per exec of its round over the
# median of none:FS:FILE's rounds.
awk -v rounds="$ROUNDS" -v n="$N" -v ref="$REF_EXECS" -v hash="$HASH_EXECS" '
function med(k,    m, i, j, x, s) {
	m = cnt[k]
	for (i = 1; i <= m; i++) s[i] = val[k, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && s[j - 1] > s[j]; j--) {
			x = s[j]; s[j] = s[j - 1]; s[j - 1] = x
		}
	return m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
}
{
	if (!(($1) in cnt)) order[++keys] = $1
	val[$1, ++cnt[$1]] = $3; rnd[$1, cnt[$1]] = $2
}
END {
	cfgname["none"] = "no policy (the reference)"
	cfgname["ban"] = "vendorban deny-only (identity from the tail)"
	cfgname["allow"] = "vendorban allow cert (full-file proof)"
	cfgname["ima"] = "IMA appraisal"
	# rows by file as first measured, each with its configurations in turn
	split("none ban allow ima", cfgs, " ")
	for (q = 1; q <= keys; q++) {
		split(order[q], p, ":")
		if (p[1] != "none") continue
		fs = p[2]; file = p[3]; base = med(order[q])
		if (file ~ /^hello/) {
			table = "ima-exec"
			what = file == "hello-cached" ? "cache hit" : "first exec"
			against = "no policy, the same file on " fs " (" (what == "cache hit" ? what : "first exec after a change") "), the median of its " rounds " rounds before any policy (" n " execs each)"
		} else {
			table = "ima-size"
			what = substr(file, 5) " MiB"
			against = "no policy, the same file on " fs ", first exec after a change, the median of its " rounds " rounds before any policy (" ref " execs each; the hashing rows " hash " per round)"
		}
		for (c = 1; c <= 4; c++) {
			k = cfgs[c] ":" fs ":" file
			for (i = 1; i <= cnt[k]; i++)
				printf "bench-data|%s|%s, %s: %s|%d|%.6f|%s\n", table, fs, what, cfgname[cfgs[c]], rnd[k, i], val[k, i] / base, against
		}
	}
}' $TIMES

if [ "$failed" = 0 ]; then ok bench.ran; else not_ok bench.ran; fi
