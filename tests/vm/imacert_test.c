// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - "ima-cert": a security.ima signature verified by
 * the kernel.
 *
 * /fixtures/packages/ima (tests/pkg/make-fixtures.sh): a program and
 * security.ima values for it made with "evmctl ima_sign": by the vendor's
 * RSA and EC keys, by another key, and "forged.sig", another key's
 * signature under the vendor's key id.  The policies, compiled on the host
 * from the vendor's certificates: ima-deny (deny ima-cert, RSA and EC),
 * ima-deny-rsa (the RSA rule alone, for a kernel without ECDSA),
 * ima-allow (default deny, allow ima-cert) and ima-keyid (deny ima-keyid
 * with the vendor's key id, for comparison).  The program is copied to a
 * tmpfs (which keeps security.* xattrs) and the xattr set there.
 */

#include <sys/xattr.h>

#include "common.h"

#define IMA_FIX		"/fixtures/packages/ima/"
#define IMA_POL		"/fixtures/packages/vm/"
#define TMPDIR		"/tmp/vb-imacert"
#define TARGET		TMPDIR "/prog"

FIXTURE(imacert) {};

FIXTURE_SETUP(imacert)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	fresh_tmpfs(_metadata, TMPDIR);
	copy_file(_metadata, IMA_FIX "target", TARGET);
}

FIXTURE_TEARDOWN(imacert)
{
	vb_teardown(_metadata);
	umount2(TMPDIR, MNT_DETACH);
}

static void set_ima(struct __test_metadata *const _metadata, const char *who)
{
	char path[256], *sig;
	size_t len;

	snprintf(path, sizeof(path), IMA_FIX "%s.sig", who);
	sig = read_fixture(_metadata, path, &len);
	ASSERT_EQ(0, setxattr(TARGET, "security.ima", sig, len, 0)) {
		TH_LOG("setxattr security.ima: %s", strerror(errno));
	}
	free(sig);
}

/*
 * Checking an EC signature needs the kernel's ECDSA verifier: the test
 * kernels have it, Debian's stock 6.1 (module-form run) does not; there
 * a policy naming an EC ima-cert is rejected at load (the kernel cannot
 * use the certificate's key), so the ban is loaded without it.
 */
static bool kernel_has_ecdsa(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/crypto", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "ecdsa-nist-p256") != NULL;
	fclose(f);
	return found;
}

static void ima_policy(struct __test_metadata *const _metadata,
		       const char *name)
{
	char path[256];

	/* A kernel without ECDSA rejects a policy with the EC certificate. */
	if (!strcmp(name, "ima-deny") && !kernel_has_ecdsa())
		name = "ima-deny-rsa";
	snprintf(path, sizeof(path), IMA_POL "%s.policy", name);
	ASSERT_EQ(0, load_policy(_metadata, path)) {
		TH_LOG("cannot load %s", path);
	}
}

TEST_F(imacert, vendor_signature_is_denied)
{
	char *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	ima_policy(_metadata, "ima-deny");
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "vendor");
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	rec = expect_denial(_metadata, mark, "exec", TARGET);
	if (rec)
		EXPECT_TRUE(field_is(rec, "label", "ima-vendor", false));
	free(rec);
}


TEST_F(imacert, vendor_ec_signature_is_denied)
{
	SKIPPED_IN_SETUP();
	if (!kernel_has_ecdsa())
		SKIP(return, "no ECDSA verifier in this kernel (CONFIG_CRYPTO_ECDSA)");
	ima_policy(_metadata, "ima-deny");
	set_ima(_metadata, "vendor-ec");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
}

TEST_F(imacert, other_key_runs)
{
	SKIPPED_IN_SETUP();
	ima_policy(_metadata, "ima-deny");
	set_ima(_metadata, "other");
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

/*
 * Another key's signature under the vendor's key id: ima-keyid takes the
 * claim, ima-cert checks the signature and lets it run.
 */
TEST_F(imacert, forged_key_id_fools_ima_keyid_only)
{
	SKIPPED_IN_SETUP();
	set_ima(_metadata, "forged");
	ima_policy(_metadata, "ima-keyid");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	ima_policy(_metadata, "ima-deny");
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

/* The file changed after signing: the signature no longer verifies. */
TEST_F(imacert, changed_file_is_not_the_vendors)
{
	int fd;

	SKIPPED_IN_SETUP();
	ima_policy(_metadata, "ima-deny");
	set_ima(_metadata, "vendor");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	fd = open(TARGET, O_WRONLY | O_APPEND);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(1, write(fd, "", 1));
	close(fd);
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

TEST_F(imacert, allow_list_runs_only_the_vendors)
{
	SKIPPED_IN_SETUP();
	ima_policy(_metadata, "ima-allow");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "forged");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "other");
	EXPECT_EQ(-EACCES, run_exec(_metadata, TARGET, NULL));
	set_ima(_metadata, "vendor");
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, TARGET, NULL));
}

TEST_HARNESS_MAIN
