// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - what a file says about its signer
 *
 * Gathers everything the policy may match on: the appended signature
 * (module format, found from the file's tail), else the Authenticode
 * certificate table of a PE file (found from its head), the file's
 * SHA-256 (only when the policy has file-sha256 rules) and the key id of
 * its security.ima signature.  Matching on identities never reads the
 * whole file.
 */

#include "common.h"

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/xattr.h>

#include "cache.h"
#include "facts.h"
#include "kcompat.h"
#include "lib/pe.h"
#include "lib/pkcs7.h"

static struct vendorban_pkcs7 *add_msg(struct vendorban_evidence *ev,
				       const struct vendorban_blob *der,
				       int *err)
{
	struct vendorban_pkcs7 *msg;
	int ret;

	if (ev->facts.nr_msgs >= VENDORBAN_MAX_MSGS)
		return NULL;
	msg = kvzalloc(sizeof(*msg), GFP_KERNEL);
	if (!msg) {
		*err = -ENOMEM;
		return NULL;
	}
	ret = vendorban_pkcs7_parse(der->data, der->len, msg);
	if (ret) {
		kvfree(msg);
		if (!*err)
			*err = ret;
		return NULL;
	}
	ev->msgs[ev->facts.nr_msgs++] = msg;
	return msg;
}

/* Parses a signature and the Authenticode signatures nested in it. */
static void add_msg_tree(struct vendorban_evidence *ev,
			 const struct vendorban_blob *der, int *err)
{
	struct vendorban_pkcs7 *msg = add_msg(ev, der, err);
	unsigned int i;

	for (i = 0; msg && i < msg->nr_nested; i++)
		add_msg(ev, &msg->nested[i], err);
}

static int read_blob(const struct vendorban_subject *subj,
		     struct vendorban_evidence *ev, u64 offset, size_t len)
{
	ev->blob = kvmalloc(len, GFP_KERNEL);
	if (!ev->blob)
		return -ENOMEM;
	return vendorban_subject_read(subj, ev->blob, len, offset);
}

static int gather_modsig(const struct vendorban_subject *subj,
			 struct vendorban_evidence *ev)
{
	struct vendorban_blob der;
	int ret = read_blob(subj, ev, ev->modsig.sig_offset,
			    ev->modsig.sig_len);

	if (ret)
		return ret;
	der.data = ev->blob;
	der.len = ev->modsig.sig_len;
	ret = 0;
	add_msg_tree(ev, &der, &ret);
	return ret;
}

static int gather_pe(const struct vendorban_subject *subj,
		     struct vendorban_evidence *ev,
		     const struct vendorban_pe_sig *where)
{
	struct vendorban_blob der;
	size_t pos = 0;
	int ret, err = 0;

	ev->is_pe = true;
	ret = read_blob(subj, ev, where->table_offset, where->table_len);
	if (ret)
		return ret;
	while (!(ret = vendorban_pe_next_cert(ev->blob, where->table_len,
					      &pos, &der)))
		add_msg_tree(ev, &der, &err);
	if (ret != -ENODATA)
		return ret;
	if (!err && !ev->facts.nr_msgs)
		return -ENODATA;
	return err;
}

/* Is there a PE certificate table?  Reads the head of the file. */
static int locate_pe(const struct vendorban_subject *subj,
		     struct vendorban_pe_sig *where)
{
	size_t len = min_t(loff_t, subj->size, VENDORBAN_PE_HEAD_LEN);
	u8 *head;
	int ret;

	if (len < 2)
		return -ENODATA;
	head = kmalloc(len, GFP_KERNEL);
	if (!head)
		return -ENOMEM;
	ret = vendorban_subject_read(subj, head, 2, 0);
	if (!ret && (head[0] != 'M' || head[1] != 'Z'))
		ret = -ENODATA;
	if (!ret)
		ret = vendorban_subject_read(subj, head, len, 0);
	if (!ret)
		ret = vendorban_pe_locate(head, len, subj->size, where);
	kfree(head);
	return ret;
}

/*
 * Finds the embedded signature(s).  Returns 0 (signed), -ENODATA
 * (unsigned), -ENOMEM, or another error meaning "malformed".
 */
static int gather_signatures(const struct vendorban_subject *subj,
			     struct vendorban_evidence *ev)
{
	u8 trailer[VENDORBAN_MODSIG_TRAILER_LEN];
	size_t tail = min_t(loff_t, subj->size, sizeof(trailer));
	struct vendorban_pe_sig where;
	int ret;

	ret = vendorban_subject_read(subj, trailer, tail, subj->size - tail);
	if (ret)
		return ret;
	ret = vendorban_modsig_locate(trailer, tail, subj->size, &ev->modsig);
	if (!ret)
		return gather_modsig(subj, ev);
	if (ret != -ENODATA)
		return ret;
	ret = locate_pe(subj, &where);
	if (ret)
		return ret;
	return gather_pe(subj, ev, &where);
}

static int gather_sha256(const struct vendorban_subject *subj,
			 struct vendorban_evidence *ev)
{
	struct vendorban_cache_token token;
	bool cacheable = false;
	int ret;

	if (subj->file &&
	    vendorban_cache_get_sha256(file_inode(subj->file), ev->sha256))
		goto out;
	if (subj->file)
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
 * Only the header (and the key id in it) is needed, so a bounded buffer is
 * read; vfs_getxattr() (not the _alloc variant) is what modules may call.
 */
static int gather_ima_keyid(const struct vendorban_subject *subj,
			    struct vendorban_evidence *ev)
{
	const size_t size = VENDORBAN_IMA_HDR_LEN + VENDORBAN_IMA_MAX_SIG;
	struct vendorban_imasig sig;
	ssize_t len;
	u8 *xattr;

	if (!subj->file)
		return 0;
	xattr = kmalloc(size, GFP_KERNEL);
	if (!xattr)
		return -ENOMEM;
	len = vfs_getxattr(VENDORBAN_NOP_IDMAP, subj->file->f_path.dentry,
			   XATTR_NAME_IMA, xattr, size);
	if (len > 0 && !vendorban_imasig_parse(xattr, len, &sig)) {
		memcpy(ev->ima_keyid, sig.keyid, sizeof(ev->ima_keyid));
		ev->facts.ima_keyid = ev->ima_keyid;
	}
	kfree(xattr);
	return 0;
}

/**
 * vendorban_gather_evidence() - collect what @policy may match on
 * @subj: the file or buffer being checked
 * @policy: the policy (says whether the file digest is needed)
 * @ev: filled in; release with vendorban_release_evidence()
 *
 * A file that cannot be read, a trailer or certificate table that points
 * outside the file and a signature that does not parse all make the
 * signature state malformed: the policy decides what that means.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ENOMEM when memory ran out (the caller must refuse the
 * operation rather than guess).
 */
int vendorban_gather_evidence(const struct vendorban_subject *subj,
			      const struct vendorban_policy *policy,
			      struct vendorban_evidence *ev)
{
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->facts.msgs = (const struct vendorban_pkcs7 *const *)ev->msgs;
	if (subj->size < 0 ||
	    (subj->file && !(subj->file->f_mode & FMODE_READ))) {
		ev->facts.state = VENDORBAN_SIG_MALFORMED;
		return 0;
	}

	ret = gather_signatures(subj, ev);
	if (ret == -ENOMEM)
		goto fail;
	if (ret == -ENODATA)
		ev->facts.state = VENDORBAN_SIG_NONE;
	else
		ev->facts.state = ret ? VENDORBAN_SIG_MALFORMED :
					VENDORBAN_SIG_PRESENT;

	if (policy->has_file_hash_rules) {
		ret = gather_sha256(subj, ev);
		if (ret == -ENOMEM)
			goto fail;
		if (ret)
			ev->facts.state = VENDORBAN_SIG_MALFORMED;
	}
	ret = gather_ima_keyid(subj, ev);
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
	unsigned int i;

	for (i = 0; i < ev->facts.nr_msgs; i++) {
		kvfree(ev->msgs[i]);
		ev->msgs[i] = NULL;
	}
	ev->facts.nr_msgs = 0;
	kvfree(ev->blob);
	ev->blob = NULL;
}
