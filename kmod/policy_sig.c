// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - signed policies
 *
 * A signed policy is an attached PKCS#7/CMS SignedData message (DER) whose
 * content (type id-data) is the kernel-format policy text, as made by
 * "vendorbanctl sign" or "openssl cms -sign -binary -nodetach -noattr
 * -outform DER".  The signature must verify with a key of the kernel's
 * trusted keyrings: the built-in and secondary keyrings (the machine
 * keyring, where MOK keys are trusted with "mokutil --trust-mok", is linked
 * into the secondary one) and then, where the kernel has it, the platform
 * keyring (UEFI db and, on most distribution kernels, MOK).  This is the
 * check IPE makes on its policies (security/ipe/policy.c).
 *
 * A signed policy is accepted whether or not signatures are required; one
 * whose signature does not verify is always refused.  With
 * vendorban.require_signed=1 (or CONFIG_SECURITY_VENDORBAN_REQUIRE_SIGNED)
 * (or, one way, by writing 1 to securityfs require_signed) only signed
 * policies are accepted; the version rule that goes with it is in state.c,
 * next to the policy in force.
 */

#include "common.h"

#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/verification.h>

#include "policy_sig.h"

/*
 * vendorban.require_signed=1 accepts only policies signed by a trusted
 * key, with a version not lower than the policy in force.  The compiled-in
 * boot policy is part of the kernel image and needs no signature.
 */
static bool require_signed = IS_ENABLED(CONFIG_SECURITY_VENDORBAN_REQUIRE_SIGNED);
module_param(require_signed, bool, 0400);
MODULE_PARM_DESC(require_signed,
		 "Accept only policies signed by a trusted key, never a lower version (1), or any policy (0)");

/**
 * vendorban_policy_sig_required() - whether only signed policies are accepted
 *
 * Return: true when vendorban.require_signed=1 (or the Kconfig default) is
 * in force, or since vendorban_policy_sig_require().
 */
bool vendorban_policy_sig_required(void)
{
	return READ_ONCE(require_signed);
}

/**
 * vendorban_policy_sig_require() - accept only signed policies until reboot
 *
 * One way: nothing turns it off again.
 *
 * Context: under the state lock (state.c), which also orders it with
 * policy loads.
 */
void vendorban_policy_sig_require(void)
{
	WRITE_ONCE(require_signed, true);
}

/* DER of the OID 1.2.840.113549.1.7.2, id-signedData, with its tag. */
static const u8 oid_signed_data[] = {
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
};

/**
 * vendorban_policy_looks_signed() - whether written bytes are a PKCS#7 message
 * @data: the bytes written to the policy file
 * @len: their number
 *
 * Looks only at the outer header: a ContentInfo SEQUENCE whose first
 * element is the id-signedData OID.  No policy text can start that way (a
 * text starts with "#", a blank or "vendorban-policy").
 *
 * Return: true if @data is to be verified as a signed policy.
 */
bool vendorban_policy_looks_signed(const void *data, size_t len)
{
	const u8 *p = data;
	size_t hdr;

	if (len < 2 || p[0] != 0x30)
		return false;
	if (p[1] <= 0x80)			/* short or indefinite length */
		hdr = 2;
	else if (p[1] <= 0x84)			/* long form, 1 to 4 bytes */
		hdr = 2 + (p[1] & 0x7f);
	else
		return false;
	return len >= hdr + sizeof(oid_signed_data) &&
	       !memcmp(p + hdr, oid_signed_data, sizeof(oid_signed_data));
}

/* Receives the signed content once the signature is verified. */
static int note_content(void *ctx, const void *data, size_t len,
			size_t asn1hdrlen)
{
	struct vendorban_policy_blob *blob = ctx;

	blob->text = data;
	blob->len = len;
	return 0;
}

/* The content the callback saw must lie inside the written bytes. */
static bool content_inside(const void *data, size_t len,
			   const struct vendorban_policy_blob *blob)
{
	const char *start = data;

	return blob->text && blob->text >= start &&
	       blob->text <= start + len &&
	       blob->len <= (size_t)(start + len - blob->text);
}

static int verify_with(const void *data, size_t len, struct key *keyring,
		       struct vendorban_policy_blob *blob)
{
	return verify_pkcs7_signature(NULL, 0, data, len, keyring,
				      VERIFYING_UNSPECIFIED_SIGNATURE,
				      note_content, blob);
}

static const char *sig_error_reason(int ret)
{
	switch (ret) {
	case -ENOKEY:
		return "policy signature: the signer is not a trusted key";
	case -EKEYREJECTED:
		return "policy signature does not verify (other key or altered content)";
	case -ENOPKG:
		return "policy signature: unsupported algorithm";
	case -ENODATA:
		return "policy signature: the message holds no policy (detached signature)";
	default:
		return "policy signature: malformed PKCS#7 message";
	}
}

/**
 * vendorban_policy_unwrap() - the policy text inside what was written
 * @data: the bytes written to the policy file (kept by the caller for as
 *        long as @blob is used)
 * @len: their number
 * @blob: filled with the policy text and whether it was signed
 * @err: filled with the reason on a refusal (line and column 0: it
 *       concerns the whole text)
 *
 * Bytes that do not look like a PKCS#7 message are an unsigned policy text
 * and are returned as they are; whether an unsigned policy may be loaded
 * is the caller's decision.  A PKCS#7 message is verified and its content
 * returned only if the signature verifies with a trusted key.
 *
 * Context: process context, may sleep.
 * Return: 0; -EKEYREJECTED if @data is a PKCS#7 message that is malformed,
 * does not verify or was not made by a trusted key; -ENOMEM.
 */
int vendorban_policy_unwrap(const void *data, size_t len,
			    struct vendorban_policy_blob *blob,
			    struct vendorban_parse_error *err)
{
	int ret;

	*blob = (struct vendorban_policy_blob){ .text = data, .len = len };
	if (!vendorban_policy_looks_signed(data, len))
		return 0;

	blob->text = NULL;
	ret = verify_with(data, len, VERIFY_USE_SECONDARY_KEYRING, blob);
	if (IS_ENABLED(CONFIG_INTEGRITY_PLATFORM_KEYRING) &&
	    (ret == -ENOKEY || ret == -EKEYREJECTED))
		ret = verify_with(data, len, VERIFY_USE_PLATFORM_KEYRING, blob);
	if (!ret && WARN_ON_ONCE(!content_inside(data, len, blob)))
		ret = -EBADMSG;
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		*blob = (struct vendorban_policy_blob){};
		err->line = 0;
		err->column = 0;
		snprintf(err->reason, sizeof(err->reason), "%s (error %d)",
			 sig_error_reason(ret), ret);
		return -EKEYREJECTED;
	}
	blob->is_signed = true;
	return 0;
}
