// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer target for the Authenticode reader
 *
 * The input is a whole file: locate the certificate table from its first
 * 4096 bytes as the kernel does, then walk the table's entries and parse
 * each PKCS#7 blob (and its nested signatures).  Results must stay inside
 * the input (else abort()); ASan catches any read outside it.
 */

#include <stdint.h>
#include <stdlib.h>

#include "pe.h"
#include "pkcs7.h"

static bool inside(const struct vendorban_blob *b, const u8 *data,
		   size_t size)
{
	return b->data >= data && b->len <= size &&
	       (size_t)(b->data - data) <= size - b->len;
}

static void parse_nested(const struct vendorban_pkcs7 *msg)
{
	static struct vendorban_pkcs7 nested;
	unsigned int i;

	for (i = 0; i < msg->nr_nested; i++)
		vendorban_pkcs7_parse(msg->nested[i].data, msg->nested[i].len,
				      &nested);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vendorban_pkcs7 msg;
	struct vendorban_pe_sig where;
	struct vendorban_blob blob;
	size_t head = size < VENDORBAN_PE_HEAD_LEN ? size : VENDORBAN_PE_HEAD_LEN;
	const u8 *table;
	size_t pos = 0;
	int ret;

	ret = vendorban_pe_locate(data, head, size, &where);
	if (ret) {
		if (ret != -ENODATA && ret != -EBADMSG)
			abort();
		return 0;
	}
	if (where.table_offset > size || where.table_len > size - where.table_offset ||
	    where.table_len > VENDORBAN_PE_MAX_CERT_TABLE ||
	    where.secdir_offset + 8 > head || where.checksum_offset + 4 > head)
		abort();
	{
		struct vendorban_pe_range r[VENDORBAN_PE_MAX_RANGES];
		unsigned int nr, i;

		/* the image digest's ranges: inside the file, or refused */
		if (!vendorban_pe_digest_ranges(data, head, size, &where, r, &nr))
			for (i = 0; i < nr; i++)
				if (r[i].offset > size ||
				    r[i].len > size - r[i].offset)
					abort();
	}
	table = data + where.table_offset;
	while ((ret = vendorban_pe_next_cert(table, where.table_len, &pos,
					     &blob)) == 0) {
		if (!inside(&blob, table, where.table_len) ||
		    pos > where.table_len)
			abort();
		if (!vendorban_pkcs7_parse(blob.data, blob.len, &msg))
			parse_nested(&msg);
	}
	if (ret != -ENODATA && ret != -EBADMSG)
		abort();
	return 0;
}
