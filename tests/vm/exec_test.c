// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - exec decisions
 *
 * Banned-signed programs fail with EACCES however the signature names its
 * signer and whatever the key and hash; unsigned and good-signed programs
 * run; interpreters (#!, binfmt_misc), execveat and fexecve are covered;
 * malformed signatures follow the "malformed" rule; a lockdown policy runs
 * only programs whose signature verifies with an allowed certificate.
 */

#include <sys/mount.h>

#include "common.h"

/* --- banned programs under the policy matching their identity ----------- */

FIXTURE(banned) {};

FIXTURE_VARIANT(banned) {
	const char *file;
	const char *policy;
	int expect;
};

#define BANNED(_name, _file, _policy, _expect) \
	FIXTURE_VARIANT_ADD(banned, _name) { \
		.file = _file, .policy = _policy, .expect = _expect, \
	}

/* rsa2048/sha256: every way a signature can name its signer */
BANNED(rsa2048_nocert_issuer_serial, "banned-rsa2048-nocert", "ban-by-issuer-serial", -EACCES);
BANNED(rsa2048_nocert_issuer, "banned-rsa2048-nocert", "ban-by-issuer", -EACCES);
BANNED(rsa2048_nocert_cert_rule, "banned-rsa2048-nocert", "ban-by-cert", -EACCES);
BANNED(rsa2048_skid_skid, "banned-rsa2048-skid", "ban-by-skid", -EACCES);
BANNED(rsa2048_skid_cert_rule, "banned-rsa2048-skid", "ban-by-cert", -EACCES);
BANNED(rsa2048_cert_issuer_serial, "banned-rsa2048-cert", "ban-by-issuer-serial", -EACCES);
BANNED(rsa2048_cert_skid, "banned-rsa2048-cert", "ban-by-skid", -EACCES);
BANNED(rsa2048_cert_fingerprint, "banned-rsa2048-cert", "ban-by-fingerprint", -EACCES);
BANNED(rsa2048_cert_subject_o, "banned-rsa2048-cert", "ban-by-subject-o", -EACCES);
BANNED(rsa2048_cert_issuer, "banned-rsa2048-cert", "ban-by-issuer", -EACCES);
BANNED(rsa2048_cert_cert_rule, "banned-rsa2048-cert", "ban-by-cert", -EACCES);
BANNED(rsa2048_chain_issuer_serial, "banned-rsa2048-chain", "ban-by-issuer-serial", -EACCES);
BANNED(rsa2048_chain_fingerprint, "banned-rsa2048-chain", "ban-by-fingerprint", -EACCES);
BANNED(rsa2048_chain_subject_o, "banned-rsa2048-chain", "ban-by-subject-o", -EACCES);
BANNED(rsa2048_chain_cert_rule, "banned-rsa2048-chain", "ban-by-cert", -EACCES);
/* ECDSA P-256/sha256, P-384/sha384, RSA-4096/sha512 */
BANNED(p256_nocert_issuer_serial, "banned-p256-nocert", "ban-by-issuer-serial", -EACCES);
BANNED(p256_nocert_cert_rule, "banned-p256-nocert", "ban-by-cert", -EACCES);
BANNED(p256_cert_fingerprint, "banned-p256-cert", "ban-by-fingerprint", -EACCES);
BANNED(p256_cert_subject_o, "banned-p256-cert", "ban-by-subject-o", -EACCES);
BANNED(p384_nocert_issuer_serial, "banned-p384-nocert", "ban-by-issuer-serial", -EACCES);
BANNED(p384_nocert_issuer, "banned-p384-nocert", "ban-by-issuer", -EACCES);
BANNED(p384_cert_skid, "banned-p384-cert", "ban-by-skid", -EACCES);
BANNED(p384_cert_fingerprint, "banned-p384-cert", "ban-by-fingerprint", -EACCES);
BANNED(rsa4096_nocert_issuer_serial, "banned-rsa4096-nocert", "ban-by-issuer-serial", -EACCES);
BANNED(rsa4096_nocert_cert_rule, "banned-rsa4096-nocert", "ban-by-cert", -EACCES);
BANNED(rsa4096_cert_fingerprint, "banned-rsa4096-cert", "ban-by-fingerprint", -EACCES);
BANNED(rsa4096_cert_subject_o, "banned-rsa4096-cert", "ban-by-subject-o", -EACCES);
/* Without an embedded certificate there is no fingerprint and no subject. */
BANNED(rsa2048_nocert_fingerprint_unknown, "banned-rsa2048-nocert", "ban-by-fingerprint", HELLO_EXIT);
BANNED(rsa2048_skid_subject_o_unknown, "banned-rsa2048-skid", "ban-by-subject-o", HELLO_EXIT);
/* The good vendor is named by none of the ban policies. */
BANNED(good_rsa2048_cert_subject_o, "good-rsa2048-cert", "ban-by-subject-o", HELLO_EXIT);
BANNED(good_rsa2048_cert_cert_rule, "good-rsa2048-cert", "ban-by-cert", HELLO_EXIT);
BANNED(good_p256_nocert_issuer, "good-p256-nocert", "ban-by-issuer", HELLO_EXIT);
BANNED(good_rsa2048_nocert_issuer_serial, "good-rsa2048-nocert", "ban-by-issuer-serial", HELLO_EXIT);
BANNED(unsigned_fingerprint, "unsigned", "ban-by-fingerprint", HELLO_EXIT);
BANNED(unsigned_cert_rule, "unsigned", "ban-by-cert", HELLO_EXIT);

FIXTURE_SETUP(banned)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, variant->policy);
}

FIXTURE_TEARDOWN(banned)
{
	vb_teardown(_metadata);
}

TEST_F(banned, exec)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(variant->expect, run_fixture(_metadata, variant->file)) {
		TH_LOG("%s under %s", variant->file, variant->policy);
	}
}

/* --- the same program, unsigned and good-signed, before any rule ------- */

FIXTURE(exec) {};

FIXTURE_SETUP(exec)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-issuer-serial");
}

FIXTURE_TEARDOWN(exec)
{
	vb_teardown(_metadata);
}

TEST_F(exec, unsigned_and_good_run)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "unsigned"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "hello"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-nocert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-p256-cert"));
	/* and the banned one really is denied under this policy */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "banned-rsa2048-nocert"));
}

TEST_F(exec, scripts)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "script-good"));
	/* #! names a banned interpreter */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "script-banned-interp"));
	/* the script itself is banned, its interpreter is fine */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "script-banned-itself"));
	/* the interpreter run directly is banned too */
	EXPECT_EQ(-EACCES, run_fixture(_metadata, "banned-sh"));
}

TEST_F(exec, execveat_and_fexecve)
{
	static const char banned[] = FIX_BIN "banned-rsa2048-nocert";
	static const char plain[] = FIX_BIN "unsigned";

	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_exec_how(_metadata, EXEC_AT_EMPTY, banned, NULL));
	EXPECT_EQ(-EACCES, run_exec_how(_metadata, EXEC_FEXECVE, banned, NULL));
	EXPECT_EQ(HELLO_EXIT, run_exec_how(_metadata, EXEC_AT_EMPTY, plain, NULL));
	EXPECT_EQ(HELLO_EXIT, run_exec_how(_metadata, EXEC_FEXECVE, plain, NULL));
}

/* --- binfmt_misc ---------------------------------------------------------- */


/* Writes a file with the given content and mode, or fails the test. */
static void put_file(struct __test_metadata *const _metadata, const char *path,
		     const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	ASSERT_LE(0, fd) {
		TH_LOG("cannot create %s: %s", path, strerror(errno));
	}
	ASSERT_EQ((ssize_t)len, write(fd, text, len));
	ASSERT_EQ(0, close(fd));
}

static void copy_fixture(struct __test_metadata *const _metadata,
			 const char *name, const char *to)
{
	char path[256], *buf;
	size_t len;

	snprintf(path, sizeof(path), FIX_BIN "%s", name);
	buf = read_fixture(_metadata, path, &len);
	put_file(_metadata, to, buf, len);
	free(buf);
}

static int binfmt_write(const char *file, const char *text)
{
	return write_once(file, text, strlen(text), 0);
}

FIXTURE(binfmt) {};

FIXTURE_SETUP(binfmt)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "ban-by-issuer-serial");
	if (access(BINFMT_DIR "/register", F_OK))
		ASSERT_EQ(0, mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0,
				   NULL)) {
			TH_LOG("cannot mount binfmt_misc: %s", strerror(errno));
		}
	/* left over by an earlier run that could not clean up */
	binfmt_write(BINFMT_DIR "/vb-bad", "-1");
	binfmt_write(BINFMT_DIR "/vb-good", "-1");
	/* .vbb files run by the banned interpreter, .vbg files by /bin/sh */
	ASSERT_EQ(0, binfmt_write(BINFMT_DIR "/register",
				  ":vb-bad:E::vbb::/fixtures/bin/banned-sh:"));
	ASSERT_EQ(0, binfmt_write(BINFMT_DIR "/register", ":vb-good:E::vbg::/bin/sh:"));
	/* No #! line: only binfmt_misc can run these. */
	put_file(_metadata, "/tmp/vb-plain.vbb", "exit 42\n", 8);
	put_file(_metadata, "/tmp/vb-plain.vbg", "exit 42\n", 8);
	copy_fixture(_metadata, "script-banned-itself", "/tmp/vb-banned.vbg");
}

FIXTURE_TEARDOWN(binfmt)
{
	SKIPPED_IN_SETUP();
	binfmt_write(BINFMT_DIR "/vb-bad", "-1");
	binfmt_write(BINFMT_DIR "/vb-good", "-1");
	unlink("/tmp/vb-plain.vbb");
	unlink("/tmp/vb-plain.vbg");
	unlink("/tmp/vb-banned.vbg");
	vb_teardown(_metadata);
}

TEST_F(binfmt, banned_interpreter)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(-EACCES, run_exec(_metadata, "/tmp/vb-plain.vbb", NULL));
}

TEST_F(binfmt, banned_file_good_interpreter)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(HELLO_EXIT, run_exec(_metadata, "/tmp/vb-plain.vbg", NULL));
	EXPECT_EQ(-EACCES, run_exec(_metadata, "/tmp/vb-banned.vbg", NULL));
}

/* --- malformed signatures ------------------------------------------------- */

FIXTURE(malformed) {};

FIXTURE_VARIANT(malformed) {
	const char *file;
};

FIXTURE_VARIANT_ADD(malformed, truncated) { .file = "malformed-truncated" };
FIXTURE_VARIANT_ADD(malformed, garbage) { .file = "malformed-garbage" };
FIXTURE_VARIANT_ADD(malformed, bad_id_type) { .file = "malformed-idtype" };
/* a signer id OpenSSL rejects: malformed for the kernel's parser too */
FIXTURE_VARIANT_ADD(malformed, sid_serial_not_der) {
	.file = "malformed-sid-serial-pad"
};
FIXTURE_VARIANT_ADD(malformed, sid_issuer_not_a_name) {
	.file = "malformed-sid-issuer-int"
};

FIXTURE_SETUP(malformed)
{
	vb_setup(_metadata);
}

FIXTURE_TEARDOWN(malformed)
{
	vb_teardown(_metadata);
}

TEST_F(malformed, denied_by_malformed_rule)
{
	SKIPPED_IN_SETUP();
	use_policy(_metadata, "deny-malformed");
	EXPECT_EQ(-EACCES, run_fixture(_metadata, variant->file));
	/* the rule is about malformed signatures only */
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "unsigned"));
	EXPECT_EQ(HELLO_EXIT, run_fixture(_metadata, "good-rsa2048-cert"));
}

/* No rule decides: refused whatever the default, with the reason. */
TEST_F(malformed, refused_without_rule)
{
	char path[256], *rec;
	off_t mark;

	SKIPPED_IN_SETUP();
	use_policy(_metadata, "default-allow");
	snprintf(path, sizeof(path), FIX_BIN "%s", variant->file);
	mark = audit_mark();
	EXPECT_EQ(-EACCES, run_exec(_metadata, path, NULL));
	rec = expect_denial(_metadata, mark, "exec", path);
	if (rec) {
		EXPECT_TRUE(field_is(rec, "reason", "malformed", false));
		EXPECT_TRUE(field_is(rec, "rule_line", "none", false));
	}
	free(rec);
}

/* --- lockdown: default deny, allow proven good signatures ----------------- */

FIXTURE(lockdown) {};

FIXTURE_VARIANT(lockdown) {
	const char *file;
	int expect;
	bool needs_ecdsa;
};

FIXTURE_VARIANT_ADD(lockdown, good_rsa2048_cert) { "good-rsa2048-cert", HELLO_EXIT, false };
FIXTURE_VARIANT_ADD(lockdown, good_rsa2048_nocert) { "good-rsa2048-nocert", HELLO_EXIT, false };
FIXTURE_VARIANT_ADD(lockdown, good_p256_cert) { "good-p256-cert", HELLO_EXIT, true };
FIXTURE_VARIANT_ADD(lockdown, forged) { "forged-good", -EACCES, false };
FIXTURE_VARIANT_ADD(lockdown, modified) { "modified-good", -EACCES, false };
FIXTURE_VARIANT_ADD(lockdown, unsigned_file) { "unsigned", -EACCES, false };
FIXTURE_VARIANT_ADD(lockdown, banned) { "banned-rsa2048-cert", -EACCES, false };
FIXTURE_VARIANT_ADD(lockdown, malformed) { "malformed-garbage", -EACCES, false };

FIXTURE_SETUP(lockdown)
{
	vb_setup(_metadata);
}

/* The teardown must run: until it does, nothing unsigned can start. */
FIXTURE_TEARDOWN(lockdown)
{
	vb_teardown(_metadata);
}

/*
 * Proving an ECDSA signature needs the kernel's ECDSA verifier.  The test
 * kernel has it; Debian's stock kernel (module-form test) does not, and
 * there such an allow must not count (the module-form script checks the
 * file is then denied).
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

TEST_F(lockdown, exec)
{
	SKIPPED_IN_SETUP();
	if (variant->needs_ecdsa && !kernel_has_ecdsa())
		SKIP(return, "no ECDSA verifier in this kernel (CONFIG_CRYPTO_ECDSA)");
	use_policy(_metadata, "lockdown");
	EXPECT_EQ(variant->expect, run_fixture(_metadata, variant->file)) {
		TH_LOG("%s under lockdown", variant->file);
	}
}

TEST_HARNESS_MAIN
