// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the policy file
 *
 * Bad policies are rejected with EINVAL and the line the parser reports,
 * and the policy in force stays; writes need CAP_MAC_ADMIN and offset 0;
 * reading back gives the canonical text, whose SHA-256 is the digest.
 */

#include <linux/capability.h>
#include <sys/prctl.h>

#include "common.h"

#define OLD_POLICY	"ban-by-issuer-serial"

/* Asserts that the policy in force still is @old and still enforces. */
static void assert_unchanged(struct __test_metadata *const _metadata,
			     const char *old)
{
	char *now = read_fixture(_metadata, VB_POLICY, NULL);

	EXPECT_STREQ(old, now);
	free(now);
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "banned-rsa2048-nocert"));
}

/* --- rejected policies ---------------------------------------------------- */

FIXTURE(bad) {
	char *old;
};

FIXTURE_VARIANT(bad) {
	const char *file;
};

FIXTURE_VARIANT_ADD(bad, unknown_action) { "bad-unknown-action" };
FIXTURE_VARIANT_ADD(bad, allow_unproven) { "bad-allow-unproven" };
FIXTURE_VARIANT_ADD(bad, odd_hex) { "bad-odd-hex" };
FIXTURE_VARIANT_ADD(bad, fpr_length) { "bad-fpr-length" };
FIXTURE_VARIANT_ADD(bad, format_version) { "bad-format-version" };
FIXTURE_VARIANT_ADD(bad, unterminated) { "bad-unterminated" };
FIXTURE_VARIANT_ADD(bad, two_defaults) { "bad-two-defaults" };
FIXTURE_VARIANT_ADD(bad, unknown_selector) { "bad-unknown-selector" };
FIXTURE_VARIANT_ADD(bad, bad_name) { "bad-bad-name" };

FIXTURE_SETUP(bad)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, OLD_POLICY);
	self->old = read_fixture(_metadata, VB_POLICY, NULL);
	ASSERT_NE(0U, strlen(self->old));
}

FIXTURE_TEARDOWN(bad)
{
	free(self->old);
	vb_teardown(_metadata);
}

/*
 * Each bad policy starts with "# expect: line <L>: <reason substring>".
 * The kernel must log "policy rejected: line <L>, column <C>: <reason>".
 */
TEST_F(bad, rejected)
{
	char path[256], want_line[64], reason[128], *text, *rec;
	long long rejects;
	unsigned int line;
	off_t mark;
	int kfd;

	SKIPPED_IN_SETUP();
	snprintf(path, sizeof(path), FIX_POL "%s.pol", variant->file);
	text = read_fixture(_metadata, path, NULL);
	ASSERT_EQ(2, sscanf(text, "# expect: line %u: %127[^\n]", &line, reason));
	free(text);
	snprintf(want_line, sizeof(want_line), "policy rejected: line %u,", line);

	kfd = kmsg_mark();
	ASSERT_LE(0, kfd);
	rejects = read_status_field(_metadata, "policy_rejects");
	mark = audit_mark();

	EXPECT_EQ(-EINVAL, load_policy(_metadata, path));
	EXPECT_TRUE(kmsg_wait(kfd, WAIT_MS, "vendorban", want_line, reason)) {
		TH_LOG("no kernel message with '%s' and '%s'", want_line, reason);
	}
	close(kfd);
	EXPECT_EQ(rejects + 1, read_status_field(_metadata, "policy_rejects"));
	rec = audit_wait(mark, WAIT_MS, "type=1403 ", "lsm=vendorban",
			 "op=policy_load", "res=0");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
	assert_unchanged(_metadata, self->old);
}

/* --- write rules ---------------------------------------------------------- */

FIXTURE(write) {
	char *old;
};

FIXTURE_SETUP(write)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, OLD_POLICY);
	self->old = read_fixture(_metadata, VB_POLICY, NULL);
}

FIXTURE_TEARDOWN(write)
{
	free(self->old);
	vb_teardown(_metadata);
}

TEST_F(write, offset_not_zero)
{
	char *text;
	size_t len;

	SKIPPED_IN_SETUP();
	text = read_fixture(_metadata, FIX_POL "default-allow.pol", &len);
	EXPECT_EQ(-EINVAL, write_once(VB_POLICY, text, len, 1));
	free(text);
	assert_unchanged(_metadata, self->old);
}

/* One byte over the limit (128 MiB): zero pages, never touched here. */
TEST_F(write, too_big)
{
	size_t len = 128 * 1024 * 1024 + 1;
	char *text = calloc(1, len);

	SKIPPED_IN_SETUP();
	ASSERT_NE(NULL, text);
	EXPECT_EQ(-E2BIG, load_policy_text(text, len));
	free(text);
	assert_unchanged(_metadata, self->old);
}

TEST_F(write, mode)
{
	char *mode, *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	EXPECT_GT(0, set_mode(_metadata, "lenient"));
	mode = read_fixture(_metadata, VB_MODE, NULL);
	EXPECT_STREQ("enforce\n", mode);
	free(mode);
	mark = audit_mark();
	ASSERT_EQ(0, set_mode(_metadata, "permissive\n"));
	mode = read_fixture(_metadata, VB_MODE, NULL);
	EXPECT_STREQ("permissive\n", mode);
	free(mode);
	rec = audit_wait(mark, WAIT_MS, "type=1404 ", "lsm=vendorban",
			 "op=set_mode", "old_mode=enforce ",
			 "new_mode=permissive ", "res=1");
	EXPECT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	free(rec);
}

/* --- policies over the old limits (65,536 rules, 4 MiB) ------------------ */

#define BIG_RULES	100000

/*
 * The canonical text of BIG_RULES fingerprint rules (8.5 MB), labelled a
 * package per 32 rules, the last one naming the banned signer; rule i is
 * on line i + 4.  If @bad_line is not 0, that line's fingerprint is 8 hex
 * digits short.
 */
static char *big_policy(struct __test_metadata *const _metadata,
			unsigned int bad_line, size_t *len)
{
	char *fpr = read_expect(_metadata, "banned-rsa2048.fpr");
	size_t cap = 128 + (size_t)BIG_RULES * 100;
	char *text = malloc(cap), *p;
	unsigned int i;

	ASSERT_NE(NULL, text);
	p = text + sprintf(text, "vendorban-policy 1\nname big\nversion 1\n"
			   "default allow\n");
	for (i = 1; i < BIG_RULES; i++)
		p += sprintf(p, "deny fingerprint %08x%0*x label=pkg-%u\n", i,
			     i + 4 == bad_line ? 48 : 56, 0, i / 32);
	p += sprintf(p, "deny fingerprint %s label=banned\n", fpr);
	free(fpr);
	*len = p - text;
	return text;
}

TEST_F(write, big_policy_loads_and_decides)
{
	char *text, *back;
	size_t len, back_len;

	SKIPPED_IN_SETUP();
	text = big_policy(_metadata, 0, &len);
	ASSERT_LT((size_t)4 << 20, len);
	ASSERT_EQ(0, load_policy_text(text, len));
	EXPECT_EQ(BIG_RULES, read_status_field(_metadata, "rules"));
	/* the last rule, past the old limits, bans its signer */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "banned-rsa2048-cert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
	/* read back a line at a time from the parsed rules: the same text */
	back = read_fixture(_metadata, VB_POLICY, &back_len);
	EXPECT_EQ(len, back_len);
	EXPECT_EQ(0, memcmp(text, back, len < back_len ? len : back_len));
	free(back);
	free(text);
}

/* A bad line deep in a big policy: its line and column, the old policy kept. */
TEST_F(write, big_policy_bad_line)
{
	const unsigned int bad = 90004;
	char want_line[64], *text;
	size_t len;
	int kfd;

	SKIPPED_IN_SETUP();
	text = big_policy(_metadata, bad, &len);
	snprintf(want_line, sizeof(want_line),
		 "policy rejected: line %u, column 18:", bad);
	kfd = kmsg_mark();
	ASSERT_LE(0, kfd);
	EXPECT_EQ(-EINVAL, load_policy_text(text, len));
	EXPECT_TRUE(kmsg_wait(kfd, WAIT_MS, "vendorban", want_line,
			      "fingerprint needs 64 hex digits, got 56")) {
		TH_LOG("no kernel message with '%s'", want_line);
	}
	close(kfd);
	free(text);
	assert_unchanged(_metadata, self->old);
}

/* Drops CAP_MAC_ADMIN from the bounding, effective, permitted and
 * inheritable sets, staying uid 0.  Returns 0 or -errno.
 */
static int drop_mac_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned int i = CAP_TO_INDEX(CAP_MAC_ADMIN);
	__u32 bit = CAP_TO_MASK(CAP_MAC_ADMIN);

	if (prctl(PR_CAPBSET_DROP, CAP_MAC_ADMIN, 0, 0, 0))
		return -errno;
	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[i].effective &= ~bit;
	data[i].permitted &= ~bit;
	data[i].inheritable &= ~bit;
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

TEST_F(write, needs_cap_mac_admin)
{
	int pfd[2], res[3] = { 1, 1, 1 }, status;
	char *text, *mode;
	size_t len;
	pid_t pid;

	SKIPPED_IN_SETUP();
	text = read_fixture(_metadata, FIX_POL "default-allow.pol", &len);
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		res[0] = drop_mac_admin();
		res[1] = load_policy_text(text, len);
		res[2] = set_mode(_metadata, "permissive");
		_exit(write(pfd[1], res, sizeof(res)) == sizeof(res) ? 0 : 1);
	}
	close(pfd[1]);
	ASSERT_EQ((ssize_t)sizeof(res), read(pfd[0], res, sizeof(res)));
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	free(text);
	ASSERT_EQ(0, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
	EXPECT_EQ(-EPERM, res[2]);
	mode = read_fixture(_metadata, VB_MODE, NULL);
	EXPECT_STREQ("enforce\n", mode);
	free(mode);
	assert_unchanged(_metadata, self->old);
}

/* --- canonical form and digest -------------------------------------------- */

FIXTURE(canon) {};

FIXTURE_SETUP(canon)
{
	vb_setup(_metadata);
}

FIXTURE_TEARDOWN(canon)
{
	vb_teardown(_metadata);
}

/* The status digest as "sha256:<hex>", malloc()ed. */
static char *status_digest(struct __test_metadata *const _metadata)
{
	char *text = read_fixture(_metadata, VB_STATUS, NULL);
	char *p = strstr(text, "\ndigest: "), *d;

	ASSERT_NE(NULL, p) {
		TH_LOG("no digest in status:\n%s", text);
	}
	p += strlen("\ndigest: ");
	d = strndup(p, strcspn(p, "\n"));
	free(text);
	return d;
}

TEST_F(canon, read_back_is_canonical)
{
	char *want, *got, *again, *digest, *digest2, *want_digest;
	char want_status[80];
	size_t len;

	SKIPPED_IN_SETUP();
	want = read_fixture(_metadata, FIX_POL "canon-expected.pol", NULL);
	use_policy(_metadata, "canon-input");
	got = read_fixture(_metadata, VB_POLICY, &len);
	EXPECT_STREQ(want, got);

	want_digest = read_expect(_metadata, "canon.digest");
	snprintf(want_status, sizeof(want_status), "sha256:%s", want_digest);
	digest = status_digest(_metadata);
	EXPECT_STREQ(want_status, digest);

	/* loading the read-back text again changes nothing */
	ASSERT_EQ(0, load_policy_text(got, len));
	again = read_fixture(_metadata, VB_POLICY, NULL);
	EXPECT_STREQ(got, again);
	digest2 = status_digest(_metadata);
	EXPECT_STREQ(digest, digest2);
	free(want);
	free(got);
	free(again);
	free(digest);
	free(digest2);
	free(want_digest);
}

TEST_F(canon, load_is_audited)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	use_policy(_metadata, OLD_POLICY);
	rec = audit_wait(mark, WAIT_MS, "type=1403 ", "lsm=vendorban",
			 "op=policy_load", "new_digest=sha256:", "rules=4 ",
			 "res=1");
	ASSERT_NE(NULL, rec) {
		audit_dump(_metadata, mark);
	}
	EXPECT_TRUE(field_is(rec, "old_name", "default-allow", false)) {
		TH_LOG("record: %s", rec);
	}
	EXPECT_TRUE(field_is(rec, "new_name", OLD_POLICY, false)) {
		TH_LOG("record: %s", rec);
	}
	free(rec);
	EXPECT_EQ(4, read_status_field(_metadata, "rules"));
	EXPECT_EQ(1, read_status_field(_metadata, "version"));
}

TEST_HARNESS_MAIN
