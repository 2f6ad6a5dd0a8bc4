// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a decision for a file, by the kernel's decision walk
 *
 * There is no decision walk here: the candidates come from the shared
 * vendorban_policy_match() and the decision from the shared
 * vendorban_policy_pick() (kmod/lib/policy_match.c), which the kernel
 * runs too.  What is the tool's own is the prover the walk calls for an
 * "allow cert" candidate: OpenSSL's CMS_verify with the rule's certificate
 * as the only signer certificate, no chain check, binary content = the
 * signed data of the file (the kernel uses verify_signature()), so the
 * tests also cross-check the two.  The walk also tells the prover which
 * allow candidates did not count and why: `test` prints them.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "decide.h"

/*
 * Moves every SignerInfo but @keep from @cms to @aside, so that
 * CMS_verify() checks that one alone (the stack is the message's own).
 * put_back() returns them before the message is freed.
 */
static int keep_one_signer(CMS_ContentInfo *cms, int keep,
			   STACK_OF(CMS_SignerInfo) *aside)
{
	STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
	int i;

	if (!sis || !aside || keep >= sk_CMS_SignerInfo_num(sis))
		return -EBADMSG;
	for (i = sk_CMS_SignerInfo_num(sis) - 1; i >= 0; i--)
		if (i != keep &&
		    !sk_CMS_SignerInfo_push(aside, sk_CMS_SignerInfo_value(sis, i)))
			return -ENOMEM;
	for (i = sk_CMS_SignerInfo_num(sis) - 1; i >= 0; i--)
		if (i != keep)
			sk_CMS_SignerInfo_delete(sis, i);
	return 0;
}

static void put_back(CMS_ContentInfo *cms, STACK_OF(CMS_SignerInfo) *aside)
{
	STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;

	while (sis && sk_CMS_SignerInfo_num(aside) > 0)
		sk_CMS_SignerInfo_push(sis, sk_CMS_SignerInfo_pop(aside));
	sk_CMS_SignerInfo_free(aside);
}

static int cms_check(const u8 *blob, size_t blob_len, int signer,
		     const u8 *cert_der, size_t cert_len,
		     const void *data, size_t data_len)
{
	const unsigned char *p = blob, *c = cert_der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, blob_len);
	X509 *cert = d2i_X509(NULL, &c, cert_len);
	STACK_OF(X509) *certs = sk_X509_new_null();
	BIO *content = BIO_new_mem_buf(data, data_len);
	STACK_OF(CMS_SignerInfo) *aside = sk_CMS_SignerInfo_new_null();
	int ret = -EKEYREJECTED;

	if (certs && cert && sk_X509_push(certs, cert))
		cert = NULL;	/* now owned by certs */
	if (cms && certs && sk_X509_num(certs) == 1 && content &&
	    keep_one_signer(cms, signer, aside) == 0 &&
	    CMS_verify(cms, certs, NULL, content, NULL,
		       CMS_BINARY | CMS_NOINTERN |
		       CMS_NO_SIGNER_CERT_VERIFY) == 1)
		ret = 0;
	X509_free(cert);
	put_back(cms, aside);
	ERR_clear_error();
	BIO_free(content);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	return ret;
}

/* vb_verify_signer() for message @msg of an appended signature. */
static int verify_msg_signer(const char *path, const struct vb_filesig *sig,
			     int msg, int signer, const u8 *cert_der,
			     size_t cert_len)
{
	size_t len = sig->where.data_len;
	void *map = NULL;
	int fd, ret;

	if (!sig->located || msg < 0 || msg >= (int)sig->nr_provable ||
	    msg >= (int)sig->nr_msgs || signer < 0)
		return -EKEYREJECTED;
	if (sig->image.data)	/* a compressed module: its image is signed */
		return cms_check(sig->ders[msg].data, sig->ders[msg].len,
				 signer, cert_der, cert_len, sig->image.data,
				 len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (len) {
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			ret = -errno;
			close(fd);
			return ret;
		}
	}
	close(fd);
	ret = cms_check(sig->ders[msg].data, sig->ders[msg].len, signer,
			cert_der, cert_len, len ? map : "", len);
	if (len)
		munmap(map, len);
	return ret;
}

/**
 * vb_verify_signer() - does one signer's signature verify with a cert?
 * @path: the signed file
 * @sig: its signature, read by vb_filesig_read()
 * @signer: index of the SignerInfo
 * @cert_der: the certificate (DER)
 * @cert_len: its length
 *
 * Return: 0 if it verifies; -EKEYREJECTED if not; another negative errno
 * if the file cannot be read.
 */
int vb_verify_signer(const char *path, const struct vb_filesig *sig,
		     int signer, const u8 *cert_der, size_t cert_len)
{
	return verify_msg_signer(path, sig, 0, signer, cert_der, cert_len);
}

/* SHA-256 of the whole file, for file-sha256 rules. */
static int file_sha256(const char *path, u8 *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[65536];
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -ENOMEM;

	if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (!EVP_DigestUpdate(ctx, buf, n))
			goto out;
	if (n == 0 && EVP_DigestFinal_ex(ctx, out, NULL))
		ret = 0;
out:
	if (fd < 0 || n < 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return ret;
}

/**
 * struct prove_ctx - vb_decide()'s prover: OpenSSL over the file
 * @policy: the policy (allow ca chains use its certificates)
 * @path: the file
 * @sig: its signatures
 * @err: the first error other than "does not verify"
 * @d: the decision, whose &vb_decision.tried it fills
 * @ima_state: 0 the file's digest for its IMA signature not computed yet,
 *             1 in @ima_digest, 2 it could not be computed
 * @ima_len: its length
 * @ima_digest: the digest of the file with the IMA signature's algorithm
 * @pe_state: per digest algorithm, 0 the Authenticode image digest not
 *            computed yet, 1 in @pe_digest, 2 it could not be
 * @pe_digest: the image digest per algorithm
 */
struct prove_ctx {
	const struct vendorban_policy *policy;
	const char *path;
	const struct vb_filesig *sig;
	int err;
	struct vb_decision *d;
	int ima_state;
	unsigned int ima_len;
	u8 ima_digest[EVP_MAX_MD_SIZE];
	u8 pe_state[VENDORBAN_NR_HASH_ALGOS];
	u8 pe_digest[VENDORBAN_NR_HASH_ALGOS][EVP_MAX_MD_SIZE];
};

/*
 * The Authenticode image digest with @md over the ranges kmod/lib/pe.c
 * gives (as verify_pefile and sbverify hash a PE image), with OpenSSL.
 */
static int pe_image_digest(const char *path, const struct vb_filesig *sig,
			   const EVP_MD *md, u8 *out)
{
	const struct vendorban_sigset *set = &sig->set;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[65536];
	unsigned int i;
	u64 pos, left;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -ENOMEM;

	if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, md, NULL))
		goto out;
	ret = set->nr_pe_ranges ? 0 : -EBADMSG;
	for (i = 0; !ret && i < set->nr_pe_ranges; i++) {
		for (pos = set->pe_ranges[i].offset, left = set->pe_ranges[i].len;
		     !ret && left; pos += n, left -= n) {
			n = pread(fd, buf, left < sizeof(buf) ? left : sizeof(buf),
				  pos);
			if (n <= 0 || !EVP_DigestUpdate(ctx, buf, n))
				ret = -EIO;
		}
	}
	if (!ret && !EVP_DigestFinal_ex(ctx, out, NULL))
		ret = -EIO;
out:
	if (fd < 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return ret;
}

/*
 * OpenSSL's PKCS#7 check of one SignerInfo of an Authenticode message:
 * messageDigest against the digest of @content (the SpcIndirectDataContent
 * octets), the signature over the signed attributes with the rule's
 * certificate.
 */
static int p7_signer_verify(const struct vendorban_blob *der, int signer,
			    const u8 *cert_der, size_t cert_len,
			    const struct vendorban_blob *content)
{
	const unsigned char *p = der->data, *c = cert_der;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, der->len);
	X509 *x = d2i_X509(NULL, &c, cert_len);
	STACK_OF(PKCS7_SIGNER_INFO) *sis =
		p7 && PKCS7_type_is_signed(p7) ? PKCS7_get_signer_info(p7) : NULL;
	PKCS7_SIGNER_INFO *si = sis && signer < sk_PKCS7_SIGNER_INFO_num(sis) ?
				sk_PKCS7_SIGNER_INFO_value(sis, signer) : NULL;
	const EVP_MD *md = si ? EVP_get_digestbyobj(si->digest_alg->algorithm) :
			   NULL;
	BIO *mdbio = md ? BIO_new(BIO_f_md()) : NULL, *null = BIO_new(BIO_s_null());
	int ret = -EKEYREJECTED;

	if (mdbio && null && x && BIO_set_md(mdbio, md) == 1) {
		BIO_push(mdbio, null);
		null = NULL;
		if (BIO_write(mdbio, content->data, content->len) ==
		    (int)content->len &&
		    PKCS7_signatureVerify(mdbio, p7, si, x) == 1)
			ret = 0;
	}
	ERR_clear_error();
	BIO_free_all(mdbio);
	BIO_free(null);
	X509_free(x);
	PKCS7_free(p7);
	return ret;
}

/*
 * An Authenticode signature checked as the kernel's kmod/facts.c checks
 * it: the SpcIndirectDataContent's image digest (read by kmod/lib) equals
 * the digest OpenSSL computes over the image, and OpenSSL's PKCS#7 code
 * verifies the SignerInfo with the certificate @cert_der.
 */
static int pe_verify_with(struct prove_ctx *p, const struct vendorban_candidate *c,
			  const u8 *cert_der, size_t cert_len)
{
	const struct vb_filesig *sig = p->sig;
	struct vendorban_blob digest, content;
	enum vendorban_hash_algo algo;
	const EVP_MD *md;
	int ret;

	ret = vendorban_pkcs7_spc_digest(sig->msgs[c->msg], &algo, &digest,
					 &content);
	if (ret)
		return ret == -ENOPKG ? ret : -EKEYREJECTED;
	md = EVP_get_digestbyname(vendorban_hash_algo_name(algo));
	if (!md || algo >= VENDORBAN_NR_HASH_ALGOS)
		return -ENOPKG;
	if (!p->pe_state[algo])
		p->pe_state[algo] = pe_image_digest(p->path, sig, md,
						    p->pe_digest[algo]) ? 2 : 1;
	if (p->pe_state[algo] != 1)
		return -EIO;
	if (memcmp(p->pe_digest[algo], digest.data, digest.len))
		return -EKEYREJECTED;
	return p7_signer_verify(&sig->ders[c->msg], c->signer, cert_der,
				cert_len, &content);
}

/* Proves an allow-cert candidate of an Authenticode signature. */
static int pe_verify(void *ctx, const struct vendorban_candidate *c,
		     const struct vendorban_rule *rule)
{
	return pe_verify_with(ctx, c, rule->value, rule->value_len);
}

static bool is_rule_cert(const struct vendorban_cert *cert,
			 const struct vendorban_rule *rule)
{
	return cert->der.len == rule->value_len &&
	       !memcmp(cert->der.data, rule->value, rule->value_len);
}

/* X509_verify() of one link: @child's signature with @parent's key. */
static int link_verifies(const struct vendorban_cert *child,
			 const struct vendorban_cert *parent)
{
	const unsigned char *c = child->der.data, *q = parent->der.data;
	X509 *x = d2i_X509(NULL, &c, child->der.len);
	X509 *y = d2i_X509(NULL, &q, parent->der.len);
	EVP_PKEY *key = y ? X509_get0_pubkey(y) : NULL;
	int ret = x && key && X509_verify(x, key) == 1 ? 0 : -EKEYREJECTED;

	ERR_clear_error();
	X509_free(x);
	X509_free(y);
	return ret;
}

/*
 * Each link from @leaf up to the CA of an allow ca rule, with OpenSSL's
 * X509_verify(), found as the kernel finds them
 * (vendorban_chain_issuer()): the kernel checks the same links with
 * verify_signature() (kmod/verify.c).
 */
static int chain_verify(const struct vendorban_policy *policy,
			const struct vendorban_pkcs7 *msg,
			const struct vendorban_cert *leaf,
			const struct vendorban_rule *ca)
{
	static char buf[2][VENDORBAN_NAME_MAX];
	const struct vendorban_cert *child = leaf, *parent;
	unsigned int depth;
	int ret;

	for (depth = 0; depth <= VENDORBAN_MAX_CHAIN_DEPTH; depth++) {
		if (is_rule_cert(child, ca))
			return 0;
		parent = vendorban_chain_issuer(policy, msg, child, buf[0],
						buf[1]);
		if (!parent)
			return -ENOKEY;
		ret = link_verifies(child, parent);
		if (ret)
			return ret;
		child = parent;
	}
	return -ELOOP;
}

/*
 * Proves an allow-ca candidate: the chain, then the signature with the
 * signer's own certificate (the last trailer's, or an Authenticode one).
 */
static int ca_verify(void *ctx, const struct vendorban_candidate *c,
		     const struct vendorban_rule *rule)
{
	struct prove_ctx *p = ctx;
	const struct vb_filesig *sig = p->sig;
	const struct vendorban_pkcs7 *msg = sig->msgs[c->msg];
	const struct vendorban_cert *leaf;
	int ret;

	leaf = vendorban_pkcs7_signer_cert(msg, c->signer);
	if (!leaf)
		return -ENOKEY;
	ret = chain_verify(p->policy, msg, leaf, rule);
	if (ret)
		return ret;
	if ((unsigned int)c->msg < sig->nr_provable)
		return verify_msg_signer(p->path, sig, c->msg, c->signer,
					 leaf->der.data, leaf->der.len);
	if (sig->set.first_pe_msg >= 0 && c->msg >= sig->set.first_pe_msg)
		return pe_verify_with(p, c, leaf->der.data, leaf->der.len);
	return -EKEYREJECTED;
}

/* The digest of the whole file (as stored) with @md. */
static int file_digest(const char *path, const EVP_MD *md, u8 *out,
		       unsigned int *len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[65536];
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = -ENOMEM;

	if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, md, NULL))
		goto out;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (!EVP_DigestUpdate(ctx, buf, n))
			goto out;
	if (n == 0 && EVP_DigestFinal_ex(ctx, out, len))
		ret = 0;
out:
	if (fd < 0 || n < 0)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(ctx);
	return ret;
}

/*
 * The security.ima signature (version 2) checked with OpenSSL against the
 * certificate of an ima-cert rule: it signs the digest of the file's
 * bytes, PKCS#1 v1.5 for RSA, DER ECDSA for EC keys, as IMA appraisal
 * checks it.  The kernel does the same with verify_signature() (kmod/
 * verify.c).
 */
static int ima_verify(void *ctx, const struct vendorban_rule *rule)
{
	struct prove_ctx *p = ctx;
	const struct vendorban_imasig *ima = &p->sig->ima;
	const char *name = vendorban_hash_algo_name(ima->digest_algo);
	const EVP_MD *md = name ? EVP_get_digestbyname(name) : NULL;
	const unsigned char *der = rule->value;
	X509 *x = d2i_X509(NULL, &der, rule->value_len);
	EVP_PKEY *pk = x ? X509_get0_pubkey(x) : NULL;
	EVP_PKEY_CTX *pctx = pk ? EVP_PKEY_CTX_new(pk, NULL) : NULL;
	int ret = -EKEYREJECTED;

	if (!md) {
		ret = -ENOPKG;
		goto out;
	}
	if (!p->ima_state)
		p->ima_state = file_digest(p->path, md, p->ima_digest,
					   &p->ima_len) ? 2 : 1;
	if (p->ima_state != 1) {
		ret = -EIO;
		goto out;
	}
	if (pctx && EVP_PKEY_verify_init(pctx) == 1 &&
	    (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA ||
	     EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1) &&
	    EVP_PKEY_CTX_set_signature_md(pctx, md) == 1 &&
	    EVP_PKEY_verify(pctx, ima->signature.data, ima->signature.len,
			    p->ima_digest, p->ima_len) == 1)
		ret = 0;
out:
	ERR_clear_error();
	EVP_PKEY_CTX_free(pctx);
	X509_free(x);
	return ret;
}

/**
 * vb_ima_verify() - does a file's security.ima signature verify with a
 * certificate?
 * @path: the file
 * @sig: its signatures, from vb_filesig_read() (with the IMA signature)
 * @der: the certificate (DER)
 * @len: its length
 *
 * Return: 0 if it verifies; -EKEYREJECTED if not; -ENOENT without an IMA
 * signature; another negative errno if the file cannot be hashed.
 */
int vb_ima_verify(const char *path, const struct vb_filesig *sig,
		  const u8 *der, size_t len)
{
	struct vendorban_rule rule = { .value = (u8 *)der, .value_len = len };
	struct prove_ctx ctx = { .path = path, .sig = sig };

	if (!sig->has_ima_keyid)
		return -ENOENT;
	return ima_verify(&ctx, &rule);
}

/*
 * The candidates of a file, from the shared matcher, with the facts the
 * kernel gathers: every parsed message, the security.ima signature (its
 * key id, and ima_verify() for ima-cert rules) and, for policies with
 * file-sha256 rules, the file's SHA-256 (of a compressed module: of its
 * decompressed image).
 */
static int match_file(const struct vendorban_policy *policy,
		      const char *path, const struct vb_filesig *sig,
		      struct vendorban_file_facts *facts, u8 *sha,
		      struct vendorban_match *match, struct prove_ctx *pctx)
{
	int ret = 0;

	vendorban_sigset_facts(&sig->set, facts);
	facts->corrupt = sig->corrupt;
	facts->ima_keyid = sig->has_ima_keyid ? sig->ima_keyid : NULL;
	facts->ima_verify = sig->has_ima_keyid ? ima_verify : NULL;
	facts->ima_ctx = pctx;
	if (sig->set.first_pe_msg >= 0) {
		facts->pe_verify = pe_verify;
		facts->pe_ctx = pctx;
	}
	facts->ca_verify = ca_verify;
	facts->ca_ctx = pctx;
	if (policy->has_file_hash_rules && sig->image.data) {
		vendorban_sha256(sig->image.data, sig->image.len, sha);
		facts->file_sha256 = sha;
	} else if (policy->has_file_hash_rules) {
		ret = file_sha256(path, sha);
		if (!ret)
			facts->file_sha256 = sha;
		else
			facts->state = VENDORBAN_SIG_MALFORMED;
	}
	vendorban_policy_match(policy, facts, match);
	return ret;
}

/*
 * Whether the kernel the tool runs on can verify a signature made with
 * the EC key of the certificate @der: its crypto API lists the curve's
 * ECDSA verifier (/proc/crypto), or its configuration builds one
 * (/boot/config-RELEASE: CONFIG_CRYPTO_ECDSA=y or =m, loaded on first
 * use).  Not an EC key: yes.  Debian's 6.1 has none (an EC signature
 * never proves an allow there), but the tool may judge for another
 * kernel than its own: it does not refuse the allow, it says it cannot
 * know.
 */
static bool kernel_verifies(const u8 *der, size_t len)
{
	const unsigned char *c = der;
	X509 *x = d2i_X509(NULL, &c, len);
	EVP_PKEY *pk = x ? X509_get0_pubkey(x) : NULL;
	char group[64] = "", want[80], line[256], path[128];
	bool seen = true;
	struct utsname u;
	FILE *in;

	if (pk && EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	    EVP_PKEY_get_group_name(pk, group, sizeof(group), NULL) == 1) {
		snprintf(want, sizeof(want), ": ecdsa-nist-p%s\n",
			 !strcmp(group, "secp384r1") ? "384" : "256");
		seen = false;
		in = fopen("/proc/crypto", "re");
		while (in && !seen && fgets(line, sizeof(line), in))
			seen = strstr(line, want) != NULL;
		if (in)
			fclose(in);
		snprintf(path, sizeof(path), "/boot/config-%s",
			 uname(&u) ? "" : u.release);
		in = seen ? NULL : fopen(path, "re");
		while (in && !seen && fgets(line, sizeof(line), in))
			seen = !strncmp(line, "CONFIG_CRYPTO_ECDSA=", 20);
		if (in)
			fclose(in);
	}
	ERR_clear_error();
	X509_free(x);
	return seen;
}

static int prove(void *ctx, const struct vendorban_candidate *c,
		 const struct vendorban_rule *rule, const u8 *digest)
{
	struct prove_ctx *p = ctx;
	int ret;

	(void)digest;
	if (!kernel_verifies(rule->value, rule->value_len))
		p->d->unknown |= VB_UNKNOWN_KERNEL_CRYPTO;
	ret = verify_msg_signer(p->path, p->sig, c->msg, c->signer,
				rule->value, rule->value_len);
	if (ret && ret != -EKEYREJECTED && !p->err)
		p->err = ret;
	return ret;
}

/* The walk tells of an allow candidate that did not count. */
static void unproven(void *ctx, const struct vendorban_candidate *c,
		     enum vendorban_unproven why, int err)
{
	struct prove_ctx *p = ctx;
	struct vb_tried_allow *t;

	if (p->d->nr_tried == VB_MAX_TRIED)
		return;
	t = &p->d->tried[p->d->nr_tried++];
	t->rule = c->rule;
	t->signer = c->signer;
	t->why = why;
	t->err = err;
}

/*
 * The policy's settings first, on the facts measured on disk (as the
 * kernel measures them at the decision): true if one decided.
 */
static bool settle(const struct vendorban_policy *policy, const char *path,
		   struct vb_decision *d)
{
	struct vendorban_trust_facts tf;
	struct vendorban_verdict v;

	vb_measure_trust(path, &tf);
	d->unknown = vendorban_policy_unknown(policy, &tf);
	if (!vendorban_policy_settle(policy, &tf, &v))
		return false;
	d->rule = -1;
	d->action = v.action;
	d->signer = -1;
	d->reason = v.reason;
	return true;
}

/**
 * vb_decide() - which rule decides for a file, as the kernel would decide
 * @policy: the policy
 * @path: the file (read again only to verify an allow)
 * @sig: its signature, from vb_filesig_read()
 * @d: the decision, with the allow candidates that did not count
 *
 * The policy's writable, unverifiable and userns-mounts settings decide
 * first, as in the kernel (vendorban_policy_settle()), on what
 * vb_measure_trust() sees of the file; @d->unknown tells what it could not
 * see.  Then the rules (vendorban_policy_match(), vendorban_policy_pick()).
 *
 * Return: 0; a negative errno if the file could not be read for an allow
 * verification (the decision then treats it as not verified, as the
 * kernel does).
 */
int vb_decide(const struct vendorban_policy *policy, const char *path,
	      const struct vb_filesig *sig, struct vb_decision *d)
{
	struct vendorban_match *match;
	struct prove_ctx ctx = { .policy = policy, .path = path, .sig = sig,
				 .d = d };
	const struct vendorban_prover prover = {
		.verify = prove, .unproven = unproven, .ctx = &ctx,
	};
	struct vendorban_file_facts facts = { 0 };
	u8 sha[VENDORBAN_SHA256_LEN];
	struct vendorban_verdict v;
	int err;

	d->nr_tried = 0;
	if (settle(policy, path, d))
		return 0;
	match = calloc(1, sizeof(*match));
	if (!match)
		return -ENOMEM;
	err = match_file(policy, path, sig, &facts, sha, match, &ctx);
	vendorban_policy_pick(policy, &facts, match, &prover, &v);
	d->rule = v.cand >= 0 ? match->c[v.cand].rule : -1;
	d->action = v.action;
	d->signer = v.cand >= 0 ? match->c[v.cand].signer : -1;
	d->reason = v.reason;
	free(match);
	return err ? err : ctx.err;
}

/**
 * vb_rule_text() - the canonical text of a rule
 * @policy: the policy, parsed from its canonical text
 * @rule: index of the rule
 * @len: set to the length of the line (without its newline)
 *
 * Return: the start of the rule's line in @policy->text.
 */
const char *vb_rule_text(const struct vendorban_policy *policy, int rule,
			 size_t *len)
{
	const char *p = policy->text;
	unsigned int line;

	for (line = 1; line < policy->rules[rule].line && p; line++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p) {
		*len = 0;
		return "";
	}
	*len = strcspn(p, "\n");
	return p;
}
