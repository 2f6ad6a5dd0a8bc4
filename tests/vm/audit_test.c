// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - audit records, permissive mode and the status file
 *
 * vb-auditd appends every audit record to /tmp/audit.log as
 * "type=<N> <text>"; decisions are KERNEL_OTHER (1316) records.
 */


#include "common.h"

#define BANNED_NOCERT	FIX_BIN "banned-rsa2048-nocert"
#define BANNED_CERT	FIX_BIN "banned-rsa2048-cert"
#define BAN_POLICY	"ban-by-issuer-serial"

FIXTURE(audit) {};

FIXTURE_SETUP(audit)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, BAN_POLICY);
}

FIXTURE_TEARDOWN(audit)
{
	vb_teardown(_metadata);
}

/* "rule_line=<n> " of the rule labelled @label in a fixture policy */
static void rule_line_of(struct __test_metadata *const _metadata,
			 const char *policy, const char *label, char *buf,
			 size_t size)
{
	char path[256], needle[80];
	unsigned int line;

	snprintf(path, sizeof(path), FIX_POL "%s.pol", policy);
	snprintf(needle, sizeof(needle), "label=%s", label);
	line = line_of(_metadata, path, needle);
	ASSERT_NE(0U, line);
	snprintf(buf, size, "rule_line=%u ", line);
}

TEST_F(audit, permissive_runs_and_logs)
{
	long long denied, would;
	char rule_line[40], *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	rule_line_of(_metadata, BAN_POLICY, "banned-rsa2048", rule_line,
		     sizeof(rule_line));
	ASSERT_EQ(0, set_mode(_metadata, "permissive"));
	denied = read_status_field(_metadata, "denied");
	would = read_status_field(_metadata, "would_deny");
	mark = audit_mark();
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, BANNED_NOCERT, NULL));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 "op=exec", "decision=would-deny", "enforcement=permissive",
			 "rule_action=deny", rule_line);
	ASSERT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	EXPECT_TRUE(field_is(rec, "label", "banned-rsa2048", false)) {
		TH_LOG("record: %s", rec);
	}
	free(rec);
	EXPECT_EQ(denied, read_status_field(_metadata, "denied"));
	EXPECT_EQ(would + 1, read_status_field(_metadata, "would_deny"));
}

TEST_F(audit, audit_only_rule_runs_and_logs)
{
	char rule_line[40], *rec;
	long long denied;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "audit-by-issuer-serial");
	rule_line_of(_metadata, "audit-by-issuer-serial", "banned-rsa2048",
		     rule_line, sizeof(rule_line));
	denied = read_status_field(_metadata, "denied");
	mark = audit_mark();
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, BANNED_NOCERT, NULL));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 "op=exec", "decision=would-deny", "enforcement=enforce",
			 "rule_action=audit", rule_line);
	ASSERT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	EXPECT_TRUE(field_is(rec, "label", "banned-rsa2048", false)) {
		TH_LOG("record: %s", rec);
	}
	free(rec);
	EXPECT_EQ(denied, read_status_field(_metadata, "denied"));
}

/* Upper- and lower-case hex of @s, as the audit subsystem encodes strings. */
static void hexify(const char *s, char *upper, char *lower)
{
	for (; *s; s++, upper += 2, lower += 2) {
		sprintf(upper, "%02X", (unsigned char)*s);
		sprintf(lower, "%02x", (unsigned char)*s);
	}
}

/* Whether the signer_subject field of @rec holds "O=<o>", quoted or hex. */
static bool subject_has_o(const char *rec, const char *o)
{
	char plain[160], upper[320] = "", lower[320] = "", *field, *end;
	bool found;

	field = strstr(rec, "signer_subject=");
	if (!field)
		return false;
	field = strdup(field + strlen("signer_subject="));
	end = field ? strchr(field, ' ') : NULL;
	if (end)
		*end = '\0';
	snprintf(plain, sizeof(plain), "O=%s", o);
	hexify(plain, upper, lower);
	found = field && (strstr(field, plain) || strstr(field, upper) ||
			  strstr(field, lower));
	free(field);
	return found;
}

/* The serial in @rec's signer_serial, leading zero bytes ignored. */
static bool serial_is(const char *rec, const char *want)
{
	char *val = field_value(rec, "signer_serial"), *p = val;
	bool ok;

	while (p && p[0] == '0' && p[1] == '0' && p[2])
		p += 2;
	ok = p && !strcasecmp(p, want);
	free(val);
	return ok;
}

/*
 * Waits for the denial of @path run by the last child under BAN_POLICY's
 * rule @rule_line and checks the fields every denial record has.
 */
static char *wait_denial(struct __test_metadata *const _metadata, off_t mark,
			 const char *path, const char *rule_line,
			 const char *serial)
{
	char pid[32], ino[40], qpath[300], *rec;
	struct stat st;

	ASSERT_EQ(0, stat(path, &st));
	snprintf(pid, sizeof(pid), " pid=%d ", last_exec_pid);
	snprintf(ino, sizeof(ino), " ino=%lu ", (unsigned long)st.st_ino);
	snprintf(qpath, sizeof(qpath), " path=\"%s\"", path);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 "op=exec", "decision=deny", "enforcement=enforce",
			 "rule_action=deny", rule_line, pid, " comm=", qpath,
			 " dev=", ino, "signature=present", " signer_serial=");
	ASSERT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	EXPECT_TRUE(field_is(rec, "policy", BAN_POLICY, false)) {
		TH_LOG("record: %s", rec);
	}
	EXPECT_TRUE(field_is(rec, "label", "banned-rsa2048", false)) {
		TH_LOG("record: %s", rec);
	}
	EXPECT_TRUE(serial_is(rec, serial)) {
		TH_LOG("want signer_serial %s in: %s", serial, rec);
	}
	return rec;
}

TEST_F(audit, denial_record_nocert)
{
	char rule_line[40], *serial, *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	rule_line_of(_metadata, BAN_POLICY, "banned-rsa2048", rule_line,
		     sizeof(rule_line));
	serial = read_expect(_metadata, "banned-rsa2048.serial");
	mark = audit_mark();
	ASSERT_EQ(-EACCES, run_exec(_metadata, BANNED_NOCERT, NULL));
	rec = wait_denial(_metadata, mark, BANNED_NOCERT, rule_line, serial);
	/* no embedded certificate: subject and fingerprint are unknown */
	EXPECT_NE(NULL, strstr(rec, "signer_subject=? ")) {
		TH_LOG("record: %s", rec);
	}
	EXPECT_NE(NULL, strstr(rec, "signer_fpr=?")) {
		TH_LOG("record: %s", rec);
	}
	free(rec);
	free(serial);
}

TEST_F(audit, denial_record_embedded_cert)
{
	char rule_line[40], want_fpr[120], *serial, *fpr, *o, *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	rule_line_of(_metadata, BAN_POLICY, "banned-rsa2048", rule_line,
		     sizeof(rule_line));
	serial = read_expect(_metadata, "banned-rsa2048.serial");
	fpr = read_expect(_metadata, "banned-rsa2048.fpr");
	o = read_expect(_metadata, "banned.o");
	snprintf(want_fpr, sizeof(want_fpr), "signer_fpr=sha256:%s", fpr);
	mark = audit_mark();
	ASSERT_EQ(-EACCES, run_exec(_metadata, BANNED_CERT, NULL));
	rec = wait_denial(_metadata, mark, BANNED_CERT, rule_line, serial);
	/* audit logs hex in upper case */
	EXPECT_NE(NULL, strcasestr(rec, want_fpr)) {
		TH_LOG("want %s in: %s", want_fpr, rec);
	}
	EXPECT_TRUE(subject_has_o(rec, o)) {
		TH_LOG("want O=%s in signer_subject of: %s", o, rec);
	}
	free(rec);
	free(serial);
	free(fpr);
	free(o);
}

TEST_F(audit, default_deny_record)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "lockdown");
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "unsigned"));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban",
			 "op=exec", "decision=deny", "rule_line=default ",
			 "signature=none", "signer_serial=?");
	/* let everything run again before anything can fail */
	EXPECT_EQ(0, load_policy(_metadata, FIX_POL "default-allow.pol"));
	ASSERT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	EXPECT_TRUE(field_is(rec, "policy", "lockdown", false)) {
		TH_LOG("record: %s", rec);
	}
	free(rec);
}

/* --- status ---------------------------------------------------------------- */

TEST_F(audit, status_fields)
{
	static const char *const keys[] = {
		"form", "policy", "version", "digest", "rules", "mode",
		"allowed", "denied", "would_deny", "policy_loads",
		"policy_rejects", "cache_hits",
	};
	const char *form = vb_loadable_form() ? "form: module\n" :
						"form: builtin\n";
	char *text, key[40];
	unsigned int i;

	SKIPPED_IN_SETUP();
	text = read_fixture(_metadata, VB_STATUS, NULL);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		snprintf(key, sizeof(key), "%s%s: ", i ? "\n" : "", keys[i]);
		EXPECT_NE(NULL, strstr(text, key)) {
			TH_LOG("no '%s' line in status:\n%s", keys[i], text);
		}
	}
	EXPECT_EQ(0, strncmp(text, form, strlen(form)));
	EXPECT_NE(NULL, strstr(text, "\npolicy: " BAN_POLICY "\n"));
	EXPECT_NE(NULL, strstr(text, "\nmode: enforce\n"));
	EXPECT_NE(NULL, strstr(text, "\nrules: 4\n"));
	EXPECT_NE(NULL, strstr(text, "\ndigest: sha256:"));
	free(text);
}

TEST_F(audit, status_counters)
{
	long long denied, allowed, loads;

	SKIPPED_IN_SETUP();
	denied = read_status_field(_metadata, "denied");
	allowed = read_status_field(_metadata, "allowed");
	loads = read_status_field(_metadata, "policy_loads");
	ASSERT_LE(0, denied);
	ASSERT_EQ(-EACCES, run_exec(_metadata, BANNED_NOCERT, NULL));
	EXPECT_EQ(denied + 1, read_status_field(_metadata, "denied"));
	ASSERT_EQ(HELLO_EXIT, run_fixture(_metadata, "unsigned"));
	EXPECT_LE(allowed + 1, read_status_field(_metadata, "allowed"));
	use_policy(_metadata, BAN_POLICY);
	EXPECT_EQ(loads + 1, read_status_field(_metadata, "policy_loads"));
}

TEST_HARNESS_MAIN
