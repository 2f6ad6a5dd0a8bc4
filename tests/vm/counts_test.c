// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the per-rule hit counters (securityfs rule_counts)
 *
 * A known mix of attempts under a policy with a deny, an audit and an
 * allow rule gives exact counts in each rule's row, in the default's and
 * in "none" (decided without a rule); the rows add up to what status
 * counted meanwhile; allows answered from the decision cache count in the
 * rule that allowed; and a policy load starts again at zero.  Twice: with
 * the counters per CPU (the default budget), and with every counter shared
 * (vendorban.counters_percpu_kib=0, as the rows beyond the budget of a
 * large policy are).  Runs on the built-in form and, through the BPF LSM,
 * on the module form.
 */

#include <sys/mman.h>

#include "common.h"

#define VB_COUNTS	VB_DIR "/rule_counts"
#define DIR_TMPFS	"/tmp/vb-counts"
#define BANNED		FIX_BIN "banned-rsa2048-cert"
#define BANNED_P256	FIX_BIN "banned-p256-cert"
#define BANNED_NOCERT	FIX_BIN "banned-rsa2048-nocert"
#define GOOD		FIX_BIN "good-rsa2048-cert"
#define UNSIGNED	FIX_BIN "unsigned"
#define PERCPU_KIB	"/sys/module/vendorban/parameters/counters_percpu_kib"

/* The rules are on lines 5, 6 and 7 of this text. */
static const char policy[] =
	"vendorban-policy 1\nname counts\nversion 1\ndefault allow\n"
	"deny subject-o \"AO Kaspersky Lab\" label=banned-o\n"
	"audit subject-o \"Good Vendor GmbH\" label=audit-good\n"
	"allow unsigned label=allow-unsigned\n";

/* One row of rule_counts. */
struct row {
	char action[8];
	char label[72];
	long long deny, would_deny, audit, allow;
};

FIXTURE(counts) {
	char saved_kib[32];	/* counters_percpu_kib before the test */
};

FIXTURE_VARIANT(counts) {
	const char *percpu_kib;	/* the budget for the test's policy */
};

FIXTURE_VARIANT_ADD(counts, per_cpu) { .percpu_kib = "4096" };
FIXTURE_VARIANT_ADD(counts, shared) { .percpu_kib = "0" };

FIXTURE_SETUP(counts)
{
	char *kib;

	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	kib = read_whole(PERCPU_KIB, NULL);
	ASSERT_NE(NULL, kib);
	snprintf(self->saved_kib, sizeof(self->saved_kib), "%s", kib);
	free(kib);
	ASSERT_EQ(0, write_file(PERCPU_KIB, variant->percpu_kib,
				strlen(variant->percpu_kib)));
	fresh_tmpfs(_metadata, DIR_TMPFS);
	ASSERT_EQ(0, load_policy_text(policy, sizeof(policy) - 1));
}

FIXTURE_TEARDOWN(counts)
{
	if (self->saved_kib[0])
		write_file(PERCPU_KIB, self->saved_kib,
			   strlen(self->saved_kib));
	vb_teardown(_metadata);
	umount2(DIR_TMPFS, MNT_DETACH);
}

/* The row named @name ("5", "default", "none") of rule_counts. */
static struct row get_row(struct __test_metadata *const _metadata,
			  const char *name)
{
	struct row r = { .deny = -1 };
	char *text = read_whole(VB_COUNTS, NULL), *line, *save = NULL;
	char key[16];

	ASSERT_NE(NULL, text) {
		TH_LOG("cannot read %s: %s", VB_COUNTS, strerror(errno));
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%15s %7s %lld %lld %lld %lld %71s", key,
			   r.action, &r.deny, &r.would_deny, &r.audit,
			   &r.allow, r.label) == 7 && !strcmp(key, name))
			break;
	}
	EXPECT_NE(NULL, line) {
		TH_LOG("no row %s in:\n%s", name, text);
	}
	free(text);
	return r;
}

static void expect_row(struct __test_metadata *const _metadata,
		       const char *name, const char *action, const char *label,
		       long long deny, long long would_deny, long long audit,
		       long long allow)
{
	struct row r = get_row(_metadata, name);

	EXPECT_STREQ(action, r.action);
	EXPECT_STREQ(label, r.label);
	EXPECT_EQ(deny, r.deny) {
		TH_LOG("row %s: deny", name);
	}
	EXPECT_EQ(would_deny, r.would_deny) {
		TH_LOG("row %s: would_deny", name);
	}
	EXPECT_EQ(audit, r.audit) {
		TH_LOG("row %s: audit", name);
	}
	EXPECT_EQ(allow, r.allow) {
		TH_LOG("row %s: allow", name);
	}
}

/* mmap(PROT_READ) of @path, then mprotect(+PROT_EXEC): 0 or -errno. */
static int mprotect_exec(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC))
		ret = -errno;
	munmap(p, 4096);
	return ret;
}

TEST_F(counts, header_and_zero_rows)
{
	char *text;

	SKIPPED_IN_SETUP();
	text = read_whole(VB_COUNTS, NULL);
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, strncmp(text, "policy: counts\nversion: 1\ndigest: sha256:",
			     strlen("policy: counts\nversion: 1\ndigest: sha256:"))) {
		TH_LOG("rule_counts:\n%s", text);
	}
	free(text);
	expect_row(_metadata, "5", "deny", "banned-o", 0, 0, 0, 0);
	expect_row(_metadata, "6", "audit", "audit-good", 0, 0, 0, 0);
	expect_row(_metadata, "7", "allow", "allow-unsigned", 0, 0, 0, 0);
	expect_row(_metadata, "default", "allow", "-", 0, 0, 0, 0);
	expect_row(_metadata, "none", "-", "-", 0, 0, 0, 0);
}

TEST_F(counts, known_mix_exact_counts)
{
	long long allowed, denied, would;
	struct row r[5];
	int i;

	SKIPPED_IN_SETUP();
	copy_file(_metadata, UNSIGNED, DIR_TMPFS "/unsigned");
	allowed = read_status_field(_metadata, "allowed");
	denied = read_status_field(_metadata, "denied");
	would = read_status_field(_metadata, "would_deny");
	/* line 5: two enforced denials, one in permissive mode */
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED, NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED_P256, NULL));
	ASSERT_EQ(0, set_mode(_metadata, "permissive"));
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, BANNED, NULL));
	ASSERT_EQ(0, set_mode(_metadata, "enforce"));
	/* line 6: audit-only, runs */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, GOOD, NULL));
	/* line 7: three allows, the last two (at least) from the cache */
	for (i = 0; i < 3; i++)
		EXPECT_EQ(HELLO_EXIT,
			  run_exec(_metadata, DIR_TMPFS "/unsigned", NULL));
	/* default: signed by the banned vendor, no certificate to match */
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, BANNED_NOCERT, NULL));
	/* none: an mprotect(PROT_EXEC) without a cached allow */
	EXPECT_EQ(-EACCES, mprotect_exec(BANNED));

	expect_row(_metadata, "5", "deny", "banned-o", 2, 1, 0, 0);
	expect_row(_metadata, "6", "audit", "audit-good", 0, 0, 1, 0);
	expect_row(_metadata, "7", "allow", "allow-unsigned", 0, 0, 0, 3);
	expect_row(_metadata, "default", "allow", "-", 0, 0, 0, 1);
	expect_row(_metadata, "none", "-", "-", 1, 0, 0, 0);
	/* Every decision meanwhile is in some row, and only those. */
	r[0] = get_row(_metadata, "5");
	r[1] = get_row(_metadata, "6");
	r[2] = get_row(_metadata, "7");
	r[3] = get_row(_metadata, "default");
	r[4] = get_row(_metadata, "none");
	for (i = 0; i < 5; i++) {
		allowed += r[i].allow;
		denied += r[i].deny;
		would += r[i].would_deny + r[i].audit;
	}
	EXPECT_EQ(allowed, read_status_field(_metadata, "allowed"));
	EXPECT_EQ(denied, read_status_field(_metadata, "denied"));
	EXPECT_EQ(would, read_status_field(_metadata, "would_deny"));
}

TEST_F(counts, policy_load_resets)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED, NULL));
	expect_row(_metadata, "5", "deny", "banned-o", 1, 0, 0, 0);
	ASSERT_EQ(0, load_policy_text(policy, sizeof(policy) - 1));
	expect_row(_metadata, "5", "deny", "banned-o", 0, 0, 0, 0);
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED, NULL));
	expect_row(_metadata, "5", "deny", "banned-o", 1, 0, 0, 0);
}

/* Only root reads the counters: they name the policy's rules. */
TEST_F(counts, root_only)
{
	struct stat st;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, stat(VB_COUNTS, &st));
	EXPECT_EQ(0400U, st.st_mode & 07777U);
}

/*
 * The budget is root's (0600), a number of KiB: anything else is refused
 * and the value kept; the policy in force keeps its counters until the
 * next load.
 */
TEST_F(counts, budget_parameter)
{
	struct stat st;
	char *kib;

	SKIPPED_IN_SETUP();
	ASSERT_EQ(0, stat(PERCPU_KIB, &st));
	EXPECT_EQ(0600U, st.st_mode & 07777U);
	EXPECT_EQ(-EINVAL, write_file(PERCPU_KIB, "lots", 4));
	EXPECT_EQ(-EINVAL, write_file(PERCPU_KIB, "-1", 2));
	kib = read_whole(PERCPU_KIB, NULL);
	ASSERT_NE(NULL, kib);
	EXPECT_EQ(atoi(variant->percpu_kib), atoi(kib));
	free(kib);
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED, NULL));
	ASSERT_EQ(0, write_file(PERCPU_KIB, "1", 1));
	EXPECT_EQ(-EACCES, run_exec(_metadata, BANNED, NULL));
	expect_row(_metadata, "5", "deny", "banned-o", 2, 0, 0, 0);
}

TEST_HARNESS_MAIN
