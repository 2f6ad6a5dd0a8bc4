// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - every signature a file carries
 *
 * For a ban, every signature still in a file counts, not only the one a
 * loader or a verifier would look at: anybody can append a signature of
 * their own to a banned vendor's file.  So the gatherer walks back from
 * the end of the file: the last appended trailer (module-signature
 * format), then the trailer its signed data ends in, and so on; then, for
 * a file starting with "MZ", the PE certificate table (whether or not
 * trailers follow it).  Every PKCS#7 message found, and every Authenticode
 * signature nested in one at any depth, is parsed.
 *
 * All of it is bounded: trailers, signature bytes read, messages, DER
 * elements parsed (one budget for the whole file) and the per-message
 * limits of struct vendorban_pkcs7.  Exceeding any of them makes the file
 * malformed with @limit set, never unsigned: no signature is dropped
 * silently, and the policy decides what a malformed file means.
 *
 * A file already in memory (a module image handed to init_module()) can be
 * gathered where the caller may not sleep (vendorban_sigset_gather_mem()):
 * the same walk, with the signature bytes pointed into rather than copied,
 * the messages taken from the caller's pool, and no yield.
 */

#include "sigset.h"

static void malformed(struct vendorban_sigset *set, const char *why, int err)
{
	set->state = VENDORBAN_SIG_MALFORMED;
	if (err == -E2BIG)
		set->limit = true;
	if (!set->why)
		set->why = err == -E2BIG ? "a limit was exceeded" : why;
}

/* @len bytes at @pos of a file in memory, or NULL if out of range. */
static const u8 *mem_at(const struct vendorban_sigset *set, u64 pos,
			size_t len)
{
	if (pos > set->mem_size || len > set->mem_size - pos)
		return NULL;
	return set->mem + pos;
}

/* The read function of a file in memory (@ctx is the set). */
static int mem_read(void *ctx, void *dst, size_t len, u64 pos)
{
	const u8 *src = mem_at(ctx, pos, len);

	if (!src)
		return -EIO;
	memcpy(dst, src, len);
	return 0;
}

/* Reads @len bytes at @pos into a new blob of the set. */
static int read_blob(struct vendorban_sigset *set, vendorban_read_fn read,
		     void *ctx, u64 pos, size_t len, const u8 **blob)
{
	u8 *buf;

	if (set->nr_blobs == ARRAY_SIZE(set->blobs) ||
	    len > VENDORBAN_MAX_SIG_BYTES - set->bytes)
		return -E2BIG;
	set->bytes += len;
	if (set->mem) {
		*blob = mem_at(set, pos, len);
		return *blob ? 0 : -EIO;
	}
	buf = vendorban_alloc(len);
	if (!buf)
		return -ENOMEM;
	set->blobs[set->nr_blobs++] = buf;
	*blob = buf;
	return read(ctx, buf, len, pos);
}

/* Parses one message into the set: 0, -ENOMEM, -E2BIG or a parse error. */
static int add_msg(struct vendorban_sigset *set,
		   const struct vendorban_blob *der)
{
	struct vendorban_pkcs7 *msg;
	int ret;

	if (set->nr_msgs == VENDORBAN_MAX_MSGS)
		return -E2BIG;
	msg = set->pool ? &set->pool[set->nr_msgs] :
			  vendorban_zalloc(sizeof(*msg));
	if (!msg)
		return -ENOMEM;
	ret = vendorban_pkcs7_parse_after(der->data, der->len, msg,
					  &set->budget, set->nr_msgs ?
					  set->msgs[set->nr_msgs - 1] : NULL);
	if (ret) {
		if (!set->pool)
			vendorban_free(msg);
		return ret;
	}
	set->ders[set->nr_msgs] = *der;
	set->msgs[set->nr_msgs++] = msg;
	if (!set->mem)
		vendorban_cond_resched();
	return 0;
}

/* A message whose nested signatures could not all be recorded. */
static void check_complete(struct vendorban_sigset *set,
			   const struct vendorban_pkcs7 *msg)
{
	if (!msg->incomplete)
		return;
	malformed(set, "unsigned attributes do not parse",
		  msg->nr_nested == VENDORBAN_MAX_NESTED ? -E2BIG : -EBADMSG);
}

/*
 * Adds a message and, breadth first, the signatures nested in it and in
 * those.  *@first is the index of the message, or -1 if it did not parse.
 * Return: -ENOMEM, else 0 (other errors make the set malformed).
 */
static int add_msg_tree(struct vendorban_sigset *set,
			const struct vendorban_blob *der, int *first)
{
	unsigned int i = set->nr_msgs, j;
	int ret;

	*first = -1;
	ret = add_msg(set, der);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		malformed(set, "PKCS#7 does not parse", ret);
		return 0;
	}
	*first = i;
	for (; i < set->nr_msgs; i++) {
		check_complete(set, set->msgs[i]);
		for (j = 0; j < set->msgs[i]->nr_nested; j++) {
			ret = add_msg(set, &set->msgs[i]->nested[j]);
			if (ret == -ENOMEM)
				return ret;
			if (ret)
				malformed(set, "nested signature does not parse",
					  ret);
		}
	}
	return 0;
}

/* One trailer ends at @end: 1 with *@where set, 0 if none, or an error. */
static int next_trailer(struct vendorban_sigset *set, vendorban_read_fn read,
			void *ctx, u64 end, struct vendorban_modsig *where)
{
	u8 trailer[VENDORBAN_MODSIG_TRAILER_LEN];
	size_t tail = end < sizeof(trailer) ? end : sizeof(trailer);
	int ret;

	ret = read(ctx, trailer, tail, end - tail);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		malformed(set, "file cannot be read", ret);
		return 0;
	}
	ret = vendorban_modsig_locate(trailer, tail, end, where);
	if (ret == -ENODATA)
		return 0;
	if (ret) {
		malformed(set, "invalid signature trailer", ret);
		return 0;
	}
	if (set->nr_trailers == VENDORBAN_MAX_TRAILERS) {
		malformed(set, "too many signatures", -E2BIG);
		return 0;
	}
	return 1;
}

/* The appended trailers, from the end of the file back. */
static int gather_trailers(struct vendorban_sigset *set, u64 size,
			   vendorban_read_fn read, void *ctx)
{
	struct vendorban_modsig where;
	struct vendorban_blob der;
	u64 end = size;
	int ret, first;
	const u8 *blob;

	while ((ret = next_trailer(set, read, ctx, end, &where)) == 1) {
		set->trailers[set->nr_trailers++] = where;
		ret = read_blob(set, read, ctx, where.sig_offset,
				where.sig_len, &blob);
		if (ret == -ENOMEM)
			return ret;
		if (ret) {
			malformed(set, "signature cannot be read", ret);
			return 0;
		}
		der.data = blob;
		der.len = where.sig_len;
		ret = add_msg_tree(set, &der, &first);
		if (ret)
			return ret;
		if (set->nr_trailers == 1)
			set->outer_msg = first;
		end = where.data_len;
	}
	return ret;
}

/*
 * What the Authenticode image digest covers, for the proof of an allow:
 * none when the headers do not allow it (the signatures still count for
 * deny and audit rules).
 */
static int pe_ranges(struct vendorban_sigset *set, const u8 *head,
		     size_t len, u64 size)
{
	set->pe_ranges = vendorban_alloc(VENDORBAN_PE_MAX_RANGES *
					 sizeof(*set->pe_ranges));
	if (!set->pe_ranges)
		return -ENOMEM;
	set->pe_ranges_err = vendorban_pe_digest_ranges(head, len, size,
							&set->pe,
							set->pe_ranges,
							&set->nr_pe_ranges);
	if (set->pe_ranges_err)
		set->nr_pe_ranges = 0;
	return 0;
}

/* Is there a PE certificate table?  0 (yes), -ENODATA, or an error. */
static int locate_pe(struct vendorban_sigset *set, u64 size,
		     vendorban_read_fn read, void *ctx)
{
	size_t len = size < VENDORBAN_PE_HEAD_LEN ? size :
						    VENDORBAN_PE_HEAD_LEN;
	u8 *head;
	int ret;

	if (len < 2)
		return -ENODATA;
	if (set->mem) {
		if (set->mem[0] != 'M' || set->mem[1] != 'Z')
			return -ENODATA;
		return vendorban_pe_locate(set->mem, len, size, &set->pe);
	}
	head = vendorban_alloc(len);
	if (!head)
		return -ENOMEM;
	ret = read(ctx, head, 2, 0);
	if (!ret && (head[0] != 'M' || head[1] != 'Z'))
		ret = -ENODATA;
	if (!ret)
		ret = read(ctx, head, len, 0);
	if (ret && ret != -ENODATA && ret != -ENOMEM) {
		malformed(set, "file cannot be read", ret);
		ret = -ENODATA;
	}
	if (!ret)
		ret = vendorban_pe_locate(head, len, size, &set->pe);
	if (!ret)
		ret = pe_ranges(set, head, len, size);
	vendorban_free(head);
	return ret;
}

/* The Authenticode signatures of a PE file's certificate table. */
static int gather_pe(struct vendorban_sigset *set, u64 size,
		     vendorban_read_fn read, void *ctx)
{
	struct vendorban_blob der;
	size_t pos = 0;
	int ret, first;
	const u8 *table;

	ret = locate_pe(set, size, read, ctx);
	if (ret == -ENODATA || ret == -ENOMEM)
		return ret == -ENOMEM ? ret : 0;
	if (ret) {
		malformed(set, "invalid PE certificate table", ret);
		return 0;
	}
	set->is_pe = true;
	set->first_pe_msg = set->nr_msgs;
	ret = read_blob(set, read, ctx, set->pe.table_offset,
			set->pe.table_len, &table);
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		malformed(set, "certificate table cannot be read", ret);
		return 0;
	}
	while (!(ret = vendorban_pe_next_cert(table, set->pe.table_len, &pos,
					      &der))) {
		ret = add_msg_tree(set, &der, &first);
		if (ret)
			return ret;
	}
	if (ret != -ENODATA)
		malformed(set, "invalid certificate table entry", ret);
	return 0;
}

/* The walk of both: 0, or -ENOMEM (only when it allocates). */
static int gather(struct vendorban_sigset *set, u64 size,
		  vendorban_read_fn read, void *ctx)
{
	int ret;

	set->state = VENDORBAN_SIG_NONE;
	set->outer_msg = -1;
	set->first_pe_msg = -1;
	set->budget = VENDORBAN_MAX_DER_ELEMENTS;
	ret = gather_trailers(set, size, read, ctx);
	if (!ret)
		ret = gather_pe(set, size, read, ctx);
	if (ret) {
		vendorban_sigset_release(set);
		return ret;
	}
	if (set->state != VENDORBAN_SIG_MALFORMED && set->nr_msgs)
		set->state = VENDORBAN_SIG_PRESENT;
	return 0;
}

/**
 * vendorban_sigset_gather() - find and parse every signature of a file
 * @set: filled in; release with vendorban_sigset_release()
 * @size: the file size
 * @read: reads the file
 * @ctx: passed to @read
 *
 * See the top of this file.  A file that cannot be read, a trailer or
 * table that does not parse, a message that does not parse and a limit
 * exceeded all make the set malformed; the messages that did parse stay in
 * it, so that a ban still matches them.
 *
 * Context: process context (may yield the CPU, allocates).
 * Return: 0 with @set->state set, or -ENOMEM (@set is then released).
 */
int vendorban_sigset_gather(struct vendorban_sigset *set, u64 size,
			    vendorban_read_fn read, void *ctx)
{
	memset(set, 0, sizeof(*set));
	return gather(set, size, read, ctx);
}

/**
 * vendorban_sigset_gather_mem() - vendorban_sigset_gather() of a file in
 *                                 memory, without sleeping
 * @set: filled in; its messages are in @pool and its blobs in @mem, which
 *       must both outlive it (vendorban_sigset_release() frees nothing)
 * @mem: the file
 * @size: its length
 * @pool: room for %VENDORBAN_MAX_MSGS messages
 *
 * The same signatures, states and limits as vendorban_sigset_gather()
 * finds in a file with these bytes.  The work is bounded as there (at most
 * %VENDORBAN_MAX_SIG_BYTES of signatures and %VENDORBAN_MAX_DER_ELEMENTS
 * elements parsed, certificates hashed once each), and never depends on
 * @size beyond the PE header.
 *
 * Context: any: does not sleep, yield or allocate.
 */
void vendorban_sigset_gather_mem(struct vendorban_sigset *set, const u8 *mem,
				 u64 size, struct vendorban_pkcs7 *pool)
{
	memset(set, 0, sizeof(*set));
	set->mem = mem;
	set->mem_size = size;
	set->pool = pool;
	gather(set, size, mem_read, set);
}

/**
 * vendorban_sigset_release() - free what vendorban_sigset_gather() read
 * @set: the set (may be released twice)
 */
void vendorban_sigset_release(struct vendorban_sigset *set)
{
	unsigned int i;

	for (i = 0; i < set->nr_msgs; i++) {
		if (!set->pool)
			vendorban_free(set->msgs[i]);
		set->msgs[i] = NULL;
	}
	set->nr_msgs = 0;
	for (i = 0; i < set->nr_blobs; i++) {
		vendorban_free(set->blobs[i]);
		set->blobs[i] = NULL;
	}
	set->nr_blobs = 0;
	vendorban_free(set->pe_ranges);
	set->pe_ranges = NULL;
	set->nr_pe_ranges = 0;
}

/**
 * vendorban_sigset_facts() - what the matcher looks at, from the signatures
 * @set: the signatures, from vendorban_sigset_gather()
 * @facts: its signature fields are set (the state, the limit, corrupt, the
 *         messages; the last trailer's message, when it is the first, may
 *         prove an allow; where the Authenticode messages start); the
 *         caller adds its provers, the digests and the IMA key id
 *
 * The kernel (kmod/facts.c) and the tool (userspace/lib/decide.c) both
 * turn their gathered signatures into facts here.
 */
void vendorban_sigset_facts(const struct vendorban_sigset *set,
			    struct vendorban_file_facts *facts)
{
	facts->state = set->state;
	facts->limit = set->limit;
	facts->corrupt = set->corrupt;
	facts->msgs = (const struct vendorban_pkcs7 *const *)set->msgs;
	facts->nr_msgs = set->nr_msgs;
	facts->nr_provable = set->outer_msg == 0 ? 1 : 0;
	if (set->first_pe_msg >= 0)
		facts->first_pe_msg = set->first_pe_msg;
}
