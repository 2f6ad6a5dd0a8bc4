/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - every signature a file carries
 */

#ifndef _SECURITY_VENDORBAN_SIGSET_H
#define _SECURITY_VENDORBAN_SIGSET_H

#include "modsig.h"
#include "pe.h"
#include "pkcs7.h"
#include "policy.h"

/* Appended trailers followed back from the end of a file. */
#define VENDORBAN_MAX_TRAILERS		16
/* Signature bytes (trailer blobs and the PE table) read per file. */
#define VENDORBAN_MAX_SIG_BYTES		(512 * 1024)
/* DER elements parsed per file, all its signatures together. */
#define VENDORBAN_MAX_DER_ELEMENTS	32768

/**
 * typedef vendorban_read_fn - read exactly @len bytes at @pos
 * @ctx: the caller's context
 * @dst: where to put them
 * @len: how many
 * @pos: file offset
 *
 * Return: 0, -ENOMEM, or another negative errno (the file cannot be read).
 */
typedef int (*vendorban_read_fn)(void *ctx, void *dst, size_t len, u64 pos);

/**
 * struct vendorban_sigset - the signatures of one file
 * @state: none, malformed or present (vendorban_file_facts semantics: a
 *         malformed file keeps the signatures that did parse in @msgs)
 * @limit: a limit of this file or of struct vendorban_pkcs7 was exceeded
 *         (then @state is %VENDORBAN_SIG_MALFORMED)
 * @why: what made it malformed first, or NULL
 * @nr_msgs: number of entries in @msgs and @ders
 * @msgs: the parsed messages: those of the trailers, the last one first,
 *        then those of the PE certificate table; each followed (breadth
 *        first) by the Authenticode signatures nested in it
 * @ders: the DER of each message (pointing into @blobs)
 * @nr_trailers: number of entries in @trailers
 * @trailers: the appended signatures, the last one (the end of the file)
 *            first; each one's signed data ends in the next, if any
 * @outer_msg: index in @msgs of the last trailer's message, or -1: the only
 *             signature that covers all of the file before it, so the only
 *             one that can prove an allow (over @trailers[0].data_len bytes)
 * @is_pe: a PE certificate table was found (@pe says where)
 * @pe: where it is
 * @first_pe_msg: index in @msgs of the certificate table's first message,
 *                or -1; the table's messages (nested ones included) follow
 *                it to the end of @msgs
 * @pe_ranges: what the Authenticode image digest covers
 *             (vendorban_pe_digest_ranges()), or NULL
 * @nr_pe_ranges: number of entries in @pe_ranges
 * @pe_ranges_err: why there are none (-E2BIG, -EBADMSG), else 0
 * @nr_blobs: number of entries in @blobs
 * @blobs: the bytes read: one per trailer, then the certificate table
 * @bytes: signature bytes read so far
 * @budget: DER elements that may still be parsed
 * @mem: the file in memory (vendorban_sigset_gather_mem()), or NULL: then
 *       @blobs point into it, nothing is copied, allocated or yielded for
 * @mem_size: its length
 * @pool: with @mem, the messages @msgs point to (%VENDORBAN_MAX_MSGS)
 */
struct vendorban_sigset {
	enum vendorban_sig_state state;
	bool limit;
	const char *why;
	unsigned int nr_msgs;
	struct vendorban_pkcs7 *msgs[VENDORBAN_MAX_MSGS];
	struct vendorban_blob ders[VENDORBAN_MAX_MSGS];
	unsigned int nr_trailers;
	struct vendorban_modsig trailers[VENDORBAN_MAX_TRAILERS];
	int outer_msg;
	bool is_pe;
	struct vendorban_pe_sig pe;
	int first_pe_msg;
	struct vendorban_pe_range *pe_ranges;
	unsigned int nr_pe_ranges;
	int pe_ranges_err;
	unsigned int nr_blobs;
	u8 *blobs[VENDORBAN_MAX_TRAILERS + 1];
	size_t bytes;
	unsigned long budget;
	const u8 *mem;
	u64 mem_size;
	struct vendorban_pkcs7 *pool;
};

int vendorban_sigset_gather(struct vendorban_sigset *set, u64 size,
			    vendorban_read_fn read, void *ctx);
void vendorban_sigset_gather_mem(struct vendorban_sigset *set, const u8 *mem,
				 u64 size, struct vendorban_pkcs7 *pool);
void vendorban_sigset_release(struct vendorban_sigset *set);
void vendorban_sigset_facts(const struct vendorban_sigset *set,
			    struct vendorban_file_facts *facts);

#endif /* _SECURITY_VENDORBAN_SIGSET_H */
