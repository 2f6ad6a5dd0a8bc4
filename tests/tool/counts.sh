# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# $V, $work and $sfs come from run.sh.
# shellcheck disable=SC2154
#
# counts.sh - host tests of `vendorbanctl status --rules` and `show
# --counts` against a fake securityfs directory ($sfs, holding the policy
# run.sh loaded), sourced by run.sh (its helpers check, rc_is, ok, not_ok).
# The fake rule_counts gives each rule as many denials as its line number,
# so that a row printed beside the wrong rule is seen.

export VENDORBAN_SECURITYFS=$sfs
digest=$(sha256sum <"$sfs/policy" | cut -d' ' -f1)
rule_lines=$(grep -nE '^(deny|audit|allow) ' "$sfs/policy" | cut -d: -f1)
first=$(head -n 1 <<<"$rule_lines")
# fake_counts DIGEST: rule_counts for the policy in $sfs, with DIGEST
fake_counts() {
	printf 'policy: eu-kaspersky-ban\nversion: 1\ndigest: sha256:%s\n' "$1"
	grep -nE '^(deny|audit|allow) ' "$sfs/policy" |
		while IFS=: read -r l rest; do
			printf '%s %s %s 0 0 0 lbl%s\n' "$l" "${rest%% *}" "$l" "$l"
		done
	printf 'default allow 0 0 0 7 -\nnone - 1 2 3 0 -\n'
}
fake_counts "$digest" >"$sfs/rule_counts"

# The fake status has no policy: status exits 5 (and prints all the same).
rc_is 5 "status --rules: the exit status of status" "$V" status --rules
"$V" status --rules >"$work/rules.out" 2>&1 || true
check "status --rules: a row per rule, with its counts" grep -qE \
	"^  $first +deny +$first +0 +0 +0  lbl$first\$" "$work/rules.out"
check "status --rules: every rule" test "$(grep -cE '^  [0-9]+ ' "$work/rules.out")" \
	-eq "$(wc -l <<<"$rule_lines")"
check "status --rules: default and none" grep -qE \
	'^  none +- +1 +2 +3 +0  -$' "$work/rules.out"
check "status --rules: names the policy" grep -qx \
	'rules: policy eu-kaspersky-ban version 1, since it was loaded:' "$work/rules.out"
check "status --rules --json: the rows as an array" grep -qF \
	"\"rules\": [{\"rule\": $first, \"action\": \"deny\", \"deny\": $first, \"would_deny\": 0, \"audit\": 0, \"allow\": 0, \"label\": \"lbl$first\"}" \
	<("$V" status --rules --json 2>/dev/null)
check "status --rules --json: default by name, no label as null" grep -qF \
	'{"rule": "default", "action": "allow", "deny": 0, "would_deny": 0, "audit": 0, "allow": 7, "label": null}' \
	<("$V" status --json --rules 2>/dev/null)

"$V" show --counts >"$work/show-counts.out"
check "show --counts: the policy text, comments added" cmp -s \
	<(grep -v '^# hits' "$work/show-counts.out") "$sfs/policy"
check "show --counts: the comment above each rule is its own" grep -qx \
	"# hits: deny=$first would_deny=0 audit=0 allow=0" \
	<(grep -B1 -xF "$(sed -n "${first}p" "$sfs/policy")" "$work/show-counts.out")
check "show --counts: default and none at the end" diff \
	<(tail -n 2 "$work/show-counts.out") - <<'EOT'
# hits of the default (allow): deny=0 would_deny=0 audit=0 allow=7
# hits without a rule (settings, malformed files): deny=1 would_deny=2 audit=3 allow=0
EOT
compiles() {
	"$V" compile "$1" -o /dev/null 2>/dev/null
}
check "show --counts: the output loads again (comments)" compiles "$work/show-counts.out"

fake_counts 0000000000000000000000000000000000000000000000000000000000000000 \
	>"$sfs/rule_counts"
rc_is 1 "show --counts: counters of another policy are refused" "$V" show --counts
check "... and say so" grep -qF 'the policy changed while its counters were read' \
	<("$V" show --counts 2>&1)
{ fake_counts "$digest" | head -n 4; echo '12 deny 1 2 3'; } >"$sfs/rule_counts"
rc_is 1 "status --rules: a malformed rule_counts is refused" "$V" status --rules
check "... and say so" grep -qF 'not in the format this vendorbanctl knows' \
	<("$V" status --rules 2>&1)
check "... and prints nothing" test -z "$("$V" status --rules 2>/dev/null)"
rm "$sfs/rule_counts"
rc_is 1 "status --rules: without rule_counts (an older vendorban)" "$V" status --rules
rc_is 5 "status without --rules does not need it" "$V" status
unset VENDORBAN_SECURITYFS
