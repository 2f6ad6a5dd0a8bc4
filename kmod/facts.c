// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - what a file says about its signer
 *
 * Gathers everything the policy may match on: every signature the file
 * carries (the appended trailers, followed back from the file's tail, and
 * the Authenticode certificate table of a PE file, found from its head,
 * nested signatures included: kmod/lib/sigset.c), the file's SHA-256 (only
 * when the policy has file-sha256 rules) and its security.ima signature
 * (the key id selects ima-keyid and ima-cert rules; an ima-cert rule
 * counts only when the signature verifies with its key, which hashes the
 * file, once per decision, only then).  The proofs of allow rules for an
 * Authenticode signature (the PE image digest) and through a CA (each
 * link of the chain) are made here too, when the walk asks for them.
 * Matching on identities never reads the whole
 * file, except a compressed module: a module load is judged on the image
 * the module loader would decompress (kmod/lib/modimage.c, kmod/inflate.c),
 * its signatures, SHA-256 and signed data.
 */

#include "common.h"

#include <crypto/hash.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/key.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/xattr.h>

#include "cache.h"
#include "facts.h"
#include "inflate.h"
#include "kcompat.h"
#include "verify.h"

static int read_subject(void *ctx, void *dst, size_t len, u64 pos)
{
	return vendorban_subject_read(ctx, dst, len, pos);
}

/* Bytes hashed between two chances to yield the CPU. */
#define PE_CHUNK	(64 * 1024)

/* Hashes @nr ranges of @subj into @desc, in chunks of %PE_CHUNK. */
static int update_ranges(struct shash_desc *desc,
			 const struct vendorban_subject *subj,
			 const struct vendorban_pe_range *r, unsigned int nr)
{
	u64 pos, left;
	size_t n;
	u8 *buf = kmalloc(PE_CHUNK, GFP_KERNEL);
	int ret = buf ? 0 : -ENOMEM;

	for (; !ret && nr; nr--, r++) {
		for (pos = r->offset, left = r->len; !ret && left;
		     pos += n, left -= n) {
			n = left < PE_CHUNK ? left : PE_CHUNK;
			ret = vendorban_subject_read(subj, buf, n, pos);
			if (!ret)
				ret = crypto_shash_update(desc, buf, n);
			cond_resched();
		}
	}
	kfree(buf);
	return ret;
}

/* The Authenticode image digest with @algo, computed once per decision. */
static int pe_image_digest(struct vendorban_evidence *ev,
			   enum vendorban_hash_algo algo)
{
	const struct vendorban_sigset *sigs = &ev->sigs;
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	int ret;

	if (ev->pe_digest_state[algo])
		return ev->pe_digest_state[algo] == 1 ? 0 : -EIO;
	ev->pe_digest_state[algo] = 2;
	if (!sigs->nr_pe_ranges)
		return sigs->pe_ranges_err ? sigs->pe_ranges_err : -EBADMSG;
	tfm = crypto_alloc_shash(vendorban_hash_algo_name(algo), 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	ret = desc ? 0 : -ENOMEM;
	if (!ret) {
		desc->tfm = tfm;
		ret = crypto_shash_init(desc);
	}
	if (!ret)
		ret = update_ranges(desc, ev->subj, sigs->pe_ranges,
				    sigs->nr_pe_ranges);
	if (!ret)
		ret = crypto_shash_final(desc, ev->pe_digest[algo]);
	kfree_sensitive(desc);
	crypto_free_shash(tfm);
	if (!ret)
		ev->pe_digest_state[algo] = 1;
	return ret;
}

/*
 * The digest of what signer @c->signer of an Authenticode message signs
 * (the SpcIndirectDataContent octets, with the signer's algorithm), once
 * the image digest that content names is this file's, as verify_pefile
 * checks it.
 */
static int pe_signed_digest(struct vendorban_evidence *ev,
			    const struct vendorban_candidate *c, u8 *out)
{
	const struct vendorban_pkcs7 *msg = ev->sigs.msgs[c->msg];
	const struct vendorban_signer *si = &msg->signers[c->signer];
	const char *name = vendorban_hash_algo_name(si->digest_algo);
	struct vendorban_blob digest, content;
	enum vendorban_hash_algo algo;
	int ret;

	ret = vendorban_pkcs7_spc_digest(msg, &algo, &digest, &content);
	if (ret)
		return ret == -ENOPKG ? ret : -EKEYREJECTED;
	if (algo <= VENDORBAN_HASH_UNKNOWN || algo >= VENDORBAN_NR_HASH_ALGOS ||
	    !name)
		return -ENOPKG;
	ret = pe_image_digest(ev, algo);
	if (ret)
		return ret;
	if (memcmp(ev->pe_digest[algo], digest.data, digest.len))
		return -EKEYREJECTED;
	return vendorban_buffer_digest(name, content.data, content.len, out);
}

/* Proves an allow-cert candidate of an Authenticode signature. */
static int verify_pe(void *ctx, const struct vendorban_candidate *c,
		     const struct vendorban_rule *rule)
{
	struct vendorban_evidence *ev = ctx;
	const struct vendorban_signer *si;
	u8 digest[VENDORBAN_MAX_DIGEST];
	int ret = pe_signed_digest(ev, c, digest);

	if (ret)
		return ret;
	si = &ev->sigs.msgs[c->msg]->signers[c->signer];
	return vendorban_verify_signer(si, rule->key, digest);
}

/*
 * The digest of the data signer @c->signer signs: all of the file before
 * the last trailer, or an Authenticode signature's content.  Other
 * signatures do not cover the file and prove nothing.
 */
static int signed_data_digest(struct vendorban_evidence *ev,
			      const struct vendorban_candidate *c, u8 *out)
{
	const struct vendorban_signer *si =
		&ev->sigs.msgs[c->msg]->signers[c->signer];
	const char *name = vendorban_hash_algo_name(si->digest_algo);

	if ((unsigned int)c->msg < ev->facts.nr_provable && ev->sigs.nr_trailers)
		return name ? vendorban_subject_digest(ev->subj, name,
						       ev->sigs.trailers[0].data_len,
						       out) : -ENOPKG;
	if (ev->sigs.first_pe_msg >= 0 && c->msg >= ev->sigs.first_pe_msg)
		return pe_signed_digest(ev, c, out);
	return -EKEYREJECTED;
}

/*
 * Proves an allow-ca candidate: every link from the signer's certificate
 * to the rule's CA verifies (vendorban_verify_chain()), then the
 * signature with the signer's certificate.  The keys of the certificates
 * on the way live in a keyring of this proof only.
 */
static int verify_ca(void *ctx, const struct vendorban_candidate *c,
		     const struct vendorban_rule *rule)
{
	struct vendorban_evidence *ev = ctx;
	const struct vendorban_pkcs7 *msg = ev->sigs.msgs[c->msg];
	const struct vendorban_cert *leaf;
	u8 digest[VENDORBAN_MAX_DIGEST];
	struct key *keyring, *key;
	int ret;

	leaf = vendorban_pkcs7_signer_cert(msg, c->signer);
	if (!leaf)
		return -ENOKEY;
	ret = signed_data_digest(ev, c, digest);
	if (ret)
		return ret;
	keyring = keyring_alloc(".vendorban-chain", GLOBAL_ROOT_UID,
				GLOBAL_ROOT_GID, current_cred(),
				(KEY_POS_ALL & ~KEY_POS_SETATTR) |
				KEY_USR_VIEW | KEY_USR_READ,
				KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	if (IS_ERR(keyring))
		return PTR_ERR(keyring);
	key = vendorban_cert_key(keyring, &leaf->der);
	ret = IS_ERR(key) ? PTR_ERR(key) :
	      vendorban_verify_chain(keyring, ev->policy, msg, leaf, key, rule);
	if (!ret)
		ret = vendorban_verify_signer(&msg->signers[c->signer], key,
					      digest);
	if (!IS_ERR(key))
		key_put(key);
	key_put(keyring);
	return ret;
}

/*
 * Every signature of the file (kmod/lib/sigset.c).  The last trailer's
 * message may prove an allow (its signed data is all of the file before
 * it), and so may the Authenticode signatures of a PE file (verify_pe()).
 */
static int gather_signatures(const struct vendorban_subject *subj,
			     struct vendorban_evidence *ev)
{
	struct vendorban_sigset *sigs = &ev->sigs;
	int ret;

	ret = vendorban_sigset_gather(sigs, subj->size, read_subject,
				      (void *)subj);
	if (ret)
		return ret;
	vendorban_sigset_facts(sigs, &ev->facts);
	if (sigs->first_pe_msg >= 0) {
		ev->facts.pe_verify = verify_pe;
		ev->facts.pe_ctx = ev;
	}
	ev->facts.ca_verify = verify_ca;
	ev->facts.ca_ctx = ev;
	return 0;
}

static int gather_sha256(const struct vendorban_subject *subj,
			 struct vendorban_evidence *ev)
{
	struct vendorban_cache_token token;
	bool cacheable = false;
	int ret;

	/* The cache holds the SHA-256 of a file, not of an image from it. */
	if (subj->file && !subj->decompressed &&
	    vendorban_cache_get_sha256(file_inode(subj->file), ev->sha256))
		goto out;
	if (subj->file && !subj->decompressed)
		cacheable = vendorban_cache_sample(subj->file, &token);
	ret = vendorban_subject_digest(subj, "sha256", subj->size, ev->sha256);
	if (ret)
		return ret;
	if (cacheable)
		vendorban_cache_store_sha256(subj->file, &token, ev->sha256);
out:
	ev->facts.file_sha256 = ev->sha256;
	return 0;
}

/*
 * Whether the file's IMA signature verifies with the key of an ima-cert
 * rule (&vendorban_file_facts.ima_verify): the file's bytes are hashed
 * with the signature's algorithm once per decision, however many rules.
 */
static int verify_ima(void *ctx, const struct vendorban_rule *rule)
{
	struct vendorban_evidence *ev = ctx;
	const char *name = vendorban_hash_algo_name(ev->ima.digest_algo);

	if (!name)
		return -ENOPKG;
	if (!ev->ima_digest_state)
		ev->ima_digest_state =
			vendorban_subject_digest(ev->file_subj, name,
						 ev->file_subj->size,
						 ev->ima_digest) ? 2 : 1;
	if (ev->ima_digest_state != 1)
		return -EIO;
	return vendorban_verify_ima(&ev->ima, rule->key, ev->ima_digest);
}

/*
 * The header selects the rules (its key id); the signature is kept for
 * verify_ima().  The value is read into a bounded buffer: vfs_getxattr()
 * (not the _alloc variant) is what modules may call.
 */
static int gather_ima(const struct vendorban_subject *subj,
		      struct vendorban_evidence *ev)
{
	const size_t size = VENDORBAN_IMA_HDR_LEN + VENDORBAN_IMA_MAX_SIG;
	ssize_t len;

	if (!subj->file)
		return 0;
	ev->ima_xattr = kmalloc(size, GFP_KERNEL);
	if (!ev->ima_xattr)
		return -ENOMEM;
	len = vfs_getxattr(VENDORBAN_NOP_IDMAP, subj->file->f_path.dentry,
			   XATTR_NAME_IMA, ev->ima_xattr, size);
	if (len <= 0 || vendorban_imasig_parse(ev->ima_xattr, len, &ev->ima)) {
		kfree(ev->ima_xattr);
		ev->ima_xattr = NULL;
		return 0;
	}
	memcpy(ev->ima_keyid, ev->ima.keyid, sizeof(ev->ima_keyid));
	ev->facts.ima_keyid = ev->ima_keyid;
	ev->facts.ima_verify = verify_ima;
	ev->facts.ima_ctx = ev;
	return 0;
}

/*
 * A module load of a compressed module: the image to judge instead, or
 * the reason there is none (the module is then malformed).
 */
static int gather_image(const struct vendorban_subject *subj,
			struct vendorban_evidence *ev)
{
	struct vendorban_modimage *img = &ev->image;
	int ret;

	if (subj->buf)
		ret = vendorban_modimage_from_buf(img, subj->buf, subj->size,
						  vendorban_inflate, NULL);
	else
		ret = vendorban_modimage_from_file(img, subj->size,
						   read_subject, (void *)subj,
						   vendorban_inflate, NULL);
	if (ret || !img->data)
		return ret;
	ev->image_subj.file = subj->file;
	ev->image_subj.buf = img->data;
	ev->image_subj.size = img->len;
	ev->image_subj.decompressed = true;
	ev->subj = &ev->image_subj;
	return 0;
}

/* The image could not be made: the module is malformed, for this reason. */
static void image_malformed(struct vendorban_evidence *ev)
{
	ev->facts.state = VENDORBAN_SIG_MALFORMED;
	ev->facts.limit |= ev->image.limit;
	ev->facts.corrupt = !ev->image.limit;
}

/**
 * vendorban_gather_evidence() - collect what @policy may match on
 * @subj: the file or buffer being checked
 * @policy: the policy (says whether the file digest is needed)
 * @op: what is done with it: a module load of a compressed module is
 *      judged on its decompressed image (@ev->subj)
 * @ev: filled in; release with vendorban_release_evidence()
 *
 * A compressed module that cannot be decompressed (corrupt, in a format
 * not decompressed, larger than %VENDORBAN_MODIMAGE_MAX) is malformed.
 * A file that cannot be read, a trailer or certificate table that points
 * outside the file, a signature that does not parse and a limit exceeded
 * all make the signature state malformed (the signatures that did parse
 * are still matched): the policy decides what that means.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM when memory ran out (the caller must refuse the
 * operation rather than guess).
 */
int vendorban_gather_evidence(const struct vendorban_subject *subj,
			      const struct vendorban_policy *policy,
			      enum vendorban_op op,
			      struct vendorban_evidence *ev)
{
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->sigs.outer_msg = -1;
	ev->subj = subj;
	ev->file_subj = subj;
	ev->policy = policy;
	if (subj->size < 0 ||
	    (subj->file && !(subj->file->f_mode & FMODE_READ))) {
		ev->facts.state = VENDORBAN_SIG_MALFORMED;
		return 0;
	}
	if (op == VENDORBAN_OP_MODULE) {
		ret = gather_image(subj, ev);
		if (ret)
			goto fail;
		subj = ev->subj;
	}

	ret = gather_signatures(subj, ev);
	if (ret)
		goto fail;
	if (ev->image.malformed)
		image_malformed(ev);

	if (policy->has_file_hash_rules) {
		ret = gather_sha256(subj, ev);
		if (ret == -ENOMEM)
			goto fail;
		if (ret)
			ev->facts.state = VENDORBAN_SIG_MALFORMED;
	}
	ret = gather_ima(ev->file_subj, ev);
	if (ret)
		goto fail;
	return 0;
fail:
	vendorban_release_evidence(ev);
	return ret;
}

/**
 * vendorban_release_evidence() - free what vendorban_gather_evidence() read
 * @ev: the evidence
 */
void vendorban_release_evidence(struct vendorban_evidence *ev)
{
	vendorban_sigset_release(&ev->sigs);
	vendorban_modimage_release(&ev->image);
	kfree(ev->ima_xattr);
	ev->ima_xattr = NULL;
	ev->facts.ima_keyid = NULL;
	ev->facts.ima_verify = NULL;
	ev->facts.nr_msgs = 0;
}
