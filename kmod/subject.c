// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the bytes being checked: an open file or a buffer
 *
 * Reads and digests go through here, so the decision path does not care
 * whether it looks at an executed file or at a module image in memory.
 * Files are read in bounded chunks; nothing allocates a whole file.
 */

#include "common.h"

#include <crypto/hash.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "subject.h"

#define VENDORBAN_HASH_CHUNK	(64 * 1024)

/* The file whose bytes a subject without a buffer reads. */
static struct file *data_file(const struct vendorban_subject *subj)
{
	return subj->real ? subj->real : subj->file;
}

/**
 * vendorban_subject_read() - read exactly @len bytes at @pos
 * @subj: the file or buffer
 * @dst: where to put them
 * @len: how many
 * @pos: from which offset
 *
 * Context: process context, may sleep.
 * Return: 0, -EIO on a short read or a range outside the subject, or the
 * error of the read.
 */
int vendorban_subject_read(const struct vendorban_subject *subj, void *dst,
			   size_t len, loff_t pos)
{
	ssize_t got;

	if (pos < 0 || pos > subj->size || len > subj->size - pos)
		return -EIO;
	if (subj->buf) {
		memcpy(dst, subj->buf + pos, len);
		return 0;
	}
	got = kernel_read(data_file(subj), dst, len, &pos);
	if (got < 0)
		return got;
	return got == len ? 0 : -EIO;
}

static int update_from_file(struct shash_desc *desc, struct file *file,
			    u64 len)
{
	loff_t pos = 0;
	int ret = 0;
	u8 *buf;

	buf = kmalloc(VENDORBAN_HASH_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (!ret && pos < len) {
		size_t want = min_t(u64, len - pos, VENDORBAN_HASH_CHUNK);
		ssize_t got = kernel_read(file, buf, want, &pos);

		if (got < 0)
			ret = got;
		else if (got == 0)
			ret = -EIO;
		else
			ret = crypto_shash_update(desc, buf, got);
		cond_resched();
	}
	kfree(buf);
	return ret;
}

/**
 * vendorban_subject_digest() - hash the first @len bytes of a subject
 * @subj: the file or buffer
 * @hash_name: crypto API name of the hash ("sha256", ...)
 * @len: how many bytes, from the start
 * @digest: receives the digest (crypto_shash_digestsize() bytes)
 *
 * Context: process context, may sleep; streams a file in 64 KiB chunks.
 * Return: 0 or a negative errno.
 */
int vendorban_subject_digest(const struct vendorban_subject *subj,
			     const char *hash_name, u64 len, u8 *digest)
{
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	int ret;

	if (len > subj->size)
		return -EIO;
	tfm = crypto_alloc_shash(hash_name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	if (!desc) {
		ret = -ENOMEM;
		goto out_tfm;
	}
	desc->tfm = tfm;
	ret = crypto_shash_init(desc);
	if (!ret && subj->buf)
		ret = crypto_shash_update(desc, subj->buf, len);
	else if (!ret)
		ret = update_from_file(desc, data_file(subj), len);
	if (!ret)
		ret = crypto_shash_final(desc, digest);
	kfree_sensitive(desc);
out_tfm:
	crypto_free_shash(tfm);
	return ret;
}

/**
 * vendorban_buffer_digest() - hash a buffer
 * @hash_name: crypto API name of the hash
 * @data: the bytes
 * @len: their length
 * @digest: receives the digest
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int vendorban_buffer_digest(const char *hash_name, const u8 *data, size_t len,
			    u8 *digest)
{
	struct vendorban_subject subj = { .buf = data, .size = len };

	return vendorban_subject_digest(&subj, hash_name, len, digest);
}
