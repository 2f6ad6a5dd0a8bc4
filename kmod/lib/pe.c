// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - Authenticode: where a PE/COFF file keeps its signatures
 *
 * Reads the headers of a PE32 or PE32+ file (Microsoft PE/COFF
 * specification) from the first bytes of the file to find the certificate
 * table, then walks its WIN_CERTIFICATE entries.  Every field is untrusted:
 * each offset is checked against the bytes we have and the file size.
 */

#include "der.h"
#include "pe.h"

#define DOS_HDR_LEN		0x40
#define DOS_LFANEW		0x3c
#define PE_MAGIC_LEN		4
#define COFF_HDR_LEN		20
#define COFF_NR_SECTIONS	2	/* NumberOfSections, in COFF */
#define COFF_OPT_SIZE		16	/* SizeOfOptionalHeader, in COFF */
#define SEC_HDR_LEN		40
#define SEC_NAME_LEN		8
#define SEC_VIRTUAL_SIZE	8
#define SEC_VIRTUAL_ADDR	12
#define SEC_RAW_SIZE		16
#define SEC_RAW_PTR		20
#define OPT_MAGIC_PE32		0x10b
#define OPT_MAGIC_PE32PLUS	0x20b
#define OPT_SIZE_OF_HEADERS	60
#define OPT_CHECKSUM		64
#define OPT_NR_DIRS_PE32	92
#define OPT_NR_DIRS_PE32PLUS	108
#define DIR_ENTRY_LEN		8
#define DIR_SECURITY		4
#define WIN_CERT_REV_1		0x0100

static u16 get_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/*
 * Finds the optional header: sets *@opt to its offset and *@opt_len to
 * SizeOfOptionalHeader.  -ENODATA if this is not a PE file.
 */
static int find_optional_header(const u8 *head, size_t head_len,
				u64 file_size, size_t *opt, size_t *opt_len)
{
	u32 lfanew;

	if (head_len < DOS_HDR_LEN || head[0] != 'M' || head[1] != 'Z')
		return -ENODATA;
	lfanew = get_le32(head + DOS_LFANEW);
	/* an MZ file whose PE header would not fit is a plain DOS file */
	if ((u64)lfanew + PE_MAGIC_LEN + COFF_HDR_LEN > file_size)
		return -ENODATA;
	if ((u64)lfanew + PE_MAGIC_LEN + COFF_HDR_LEN > head_len)
		return -EBADMSG;
	if (memcmp(head + lfanew, "PE\0\0", PE_MAGIC_LEN))
		return -ENODATA;
	*opt = lfanew + PE_MAGIC_LEN + COFF_HDR_LEN;
	*opt_len = get_le16(head + lfanew + PE_MAGIC_LEN + COFF_OPT_SIZE);
	if (*opt_len > head_len - *opt)
		return -EBADMSG;
	return 0;
}

/**
 * vendorban_pe_locate() - find the certificate table of a PE file
 * @head: the first bytes of the file
 * @head_len: how many: min(file size, %VENDORBAN_PE_HEAD_LEN) is enough
 *            for any PE file made by a normal linker
 * @file_size: size of the whole file
 * @where: filled on success
 *
 * Parses the DOS header ("MZ", e_lfanew), the "PE\0\0" signature, the COFF
 * header and the optional header (PE32 or PE32+) up to data directory
 * entry 4, IMAGE_DIRECTORY_ENTRY_SECURITY, whose address is a file offset.
 *
 * Context: any; does not allocate.
 * Return: 0 with the table's place in @where; -ENODATA if the file is not
 * a PE file or has no certificate table (it is unsigned); -EBADMSG if the
 * headers are malformed, lie beyond @head_len, or the table is empty,
 * overlaps the headers, lies outside the file or exceeds
 * %VENDORBAN_PE_MAX_CERT_TABLE.
 */
int vendorban_pe_locate(const u8 *head, size_t head_len, u64 file_size,
			struct vendorban_pe_sig *where)
{
	size_t opt, opt_len, dirs, nr_off;
	u32 off, size;
	u16 magic;
	int ret;

	if (head_len > file_size)
		return -EINVAL;
	ret = find_optional_header(head, head_len, file_size, &opt, &opt_len);
	if (ret)
		return ret;
	if (opt_len < 2)
		return -EBADMSG;
	magic = get_le16(head + opt);
	if (magic == OPT_MAGIC_PE32)
		nr_off = OPT_NR_DIRS_PE32;
	else if (magic == OPT_MAGIC_PE32PLUS)
		nr_off = OPT_NR_DIRS_PE32PLUS;
	else
		return -EBADMSG;
	dirs = nr_off + 4;
	if (opt_len < dirs)
		return -EBADMSG;
	if (get_le32(head + opt + nr_off) <= DIR_SECURITY)
		return -ENODATA;
	if (opt_len < dirs + (DIR_SECURITY + 1) * DIR_ENTRY_LEN)
		return -EBADMSG;

	memset(where, 0, sizeof(*where));
	where->pe32plus = magic == OPT_MAGIC_PE32PLUS;
	where->sections_offset = opt + opt_len;
	where->nr_sections = get_le16(head + opt - COFF_HDR_LEN + COFF_NR_SECTIONS);
	where->checksum_offset = opt + OPT_CHECKSUM;
	where->header_size = get_le32(head + opt + OPT_SIZE_OF_HEADERS);
	where->secdir_offset = opt + dirs + DIR_SECURITY * DIR_ENTRY_LEN;
	off = get_le32(head + where->secdir_offset);
	size = get_le32(head + where->secdir_offset + 4);
	if (!off && !size)
		return -ENODATA;
	if (size < VENDORBAN_PE_WIN_CERT_HDR_LEN ||
	    size > VENDORBAN_PE_MAX_CERT_TABLE || off < opt + opt_len ||
	    (u64)off + size > file_size)
		return -EBADMSG;
	where->table_offset = off;
	where->table_len = size;
	return 0;
}

/*
 * Drops the zero padding some signers count in dwLength: the blob ends
 * with its DER element when what follows is only zero bytes.
 */
static void trim_padding(struct vendorban_blob *blob)
{
	struct vendorban_der cur;
	struct vendorban_tlv tlv;
	size_t i;

	vendorban_der_init(&cur, blob->data, blob->len);
	if (vendorban_der_next(&cur, &tlv))
		return;
	for (i = tlv.raw_len; i < blob->len; i++) {
		if (blob->data[i])
			return;
	}
	blob->len = tlv.raw_len;
}

/**
 * vendorban_pe_next_cert() - the next PKCS#7 signature of a certificate table
 * @table: the certificate table (&vendorban_pe_sig.table_len bytes read
 *         from &vendorban_pe_sig.table_offset)
 * @len: its length
 * @pos: cursor; start at 0, updated past each entry returned or skipped
 * @pkcs7: set to the PKCS#7 SignedData of the entry found (pointing into
 *         @table, zero padding after the DER element dropped)
 *
 * Entries of other types (X.509, reserved, ...) are skipped; entries are
 * 8-byte aligned, but the last may lack its padding.
 *
 * Context: any; does not allocate.
 * Return: 0 with @pkcs7 set; -ENODATA when no entry is left; -EBADMSG for
 * an entry whose dwLength is below 8 or runs past the table, or bytes left
 * over that cannot hold an entry header.
 */
int vendorban_pe_next_cert(const u8 *table, size_t len, size_t *pos,
			   struct vendorban_blob *pkcs7)
{
	const u8 *entry;
	size_t next, pad;
	u32 dw_len;
	u16 rev, type;

	while (*pos < len) {
		if (len - *pos < VENDORBAN_PE_WIN_CERT_HDR_LEN)
			return -EBADMSG;
		entry = table + *pos;
		dw_len = get_le32(entry);
		rev = get_le16(entry + 4);
		type = get_le16(entry + 6);
		if (dw_len < VENDORBAN_PE_WIN_CERT_HDR_LEN ||
		    dw_len > len - *pos)
			return -EBADMSG;
		next = *pos + dw_len;
		pad = (8 - (dw_len & 7)) & 7;
		/* the last entry may lack (some of) its padding */
		*pos = len - next <= pad ? len : next + pad;
		if (type != VENDORBAN_PE_WIN_CERT_PKCS7 ||
		    (rev != VENDORBAN_PE_WIN_CERT_REV_2 && rev != WIN_CERT_REV_1))
			continue;
		pkcs7->data = entry + VENDORBAN_PE_WIN_CERT_HDR_LEN;
		pkcs7->len = dw_len - VENDORBAN_PE_WIN_CERT_HDR_LEN;
		trim_padding(pkcs7);
		return 0;
	}
	return -ENODATA;
}

/*
 * The order of two section headers in the digest, as verify_pefile's
 * pefile_compare_shdrs(): by PointerToRawData, then VirtualAddress, name,
 * VirtualSize and SizeOfRawData.
 */
static int compare_sections(const u8 *a, const u8 *b)
{
	static const u8 fields[] = { SEC_RAW_PTR, SEC_VIRTUAL_ADDR };
	static const u8 sizes[] = { SEC_VIRTUAL_SIZE, SEC_RAW_SIZE };
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (get_le32(a + fields[i]) != get_le32(b + fields[i]))
			return get_le32(a + fields[i]) > get_le32(b + fields[i]) ?
			       1 : -1;
	rc = memcmp(a, b, SEC_NAME_LEN);
	if (rc)
		return rc;
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		if (get_le32(a + sizes[i]) != get_le32(b + sizes[i]))
			return get_le32(a + sizes[i]) > get_le32(b + sizes[i]) ?
			       1 : -1;
	return 0;
}

/* Adds a range; -EBADMSG if it lies outside the file. */
static int pe_range_add(struct vendorban_pe_range *ranges, unsigned int *nr,
			u64 offset, u64 len, u64 file_size)
{
	if (offset > file_size || len > file_size - offset)
		return -EBADMSG;
	if (!len)
		return 0;
	ranges[*nr].offset = offset;
	ranges[(*nr)++].len = len;
	return 0;
}

/* The sections, sorted as the digest takes them: an insertion sort. */
static void sort_sections(const u8 *table, unsigned int n, u8 *order)
{
	unsigned int loop, i;

	order[0] = 0;
	for (loop = 1; loop < n; loop++) {
		for (i = 0; i < loop; i++) {
			if (compare_sections(table + order[i] * SEC_HDR_LEN,
					     table + loop * SEC_HDR_LEN) > 0) {
				memmove(&order[i + 1], &order[i], loop - i);
				break;
			}
		}
		order[i] = loop;
	}
}

/*
 * The sections' data in digest order, then the bytes after them up to the
 * certificate table, which verify_pefile takes as the end of the file.
 */
static int section_ranges(const u8 *table, unsigned int n, u64 file_size,
			  const struct vendorban_pe_sig *where,
			  struct vendorban_pe_range *ranges, unsigned int *nr)
{
	u8 order[VENDORBAN_PE_MAX_SECTIONS];
	u64 hashed = where->header_size;
	unsigned int i;
	u32 raw;
	int ret;

	if (n)
		sort_sections(table, n, order);
	for (i = 0; i < n; i++) {
		raw = get_le32(table + order[i] * SEC_HDR_LEN + SEC_RAW_SIZE);
		if (!raw)
			continue;
		ret = pe_range_add(ranges, nr,
				   get_le32(table + order[i] * SEC_HDR_LEN +
					    SEC_RAW_PTR), raw, file_size);
		if (ret)
			return ret;
		hashed += raw;
	}
	if (file_size <= hashed)
		return 0;
	if (hashed + where->table_len > file_size)
		return -EBADMSG;
	return pe_range_add(ranges, nr, hashed,
			    file_size - hashed - where->table_len, file_size);
}

/**
 * vendorban_pe_digest_ranges() - the bytes the Authenticode digest covers
 * @head: the first bytes of the file (as given to vendorban_pe_locate())
 * @head_len: how many
 * @file_size: size of the whole file
 * @where: what vendorban_pe_locate() found
 * @ranges: room for %VENDORBAN_PE_MAX_RANGES ranges, filled in order
 * @nr: set to the number of ranges
 *
 * As the kernel's verify_pefile (pefile_digest_pe_contents()) and
 * sbverify compute the image digest: the headers up to SizeOfHeaders
 * without the CheckSum field and without data directory entry 4; the data
 * of each section, by PointerToRawData; then whatever follows the
 * sections, except the certificate table's size at the end.
 *
 * Context: any; does not allocate.
 * Return: 0; -E2BIG when the section table does not lie in @head or has
 * more than %VENDORBAN_PE_MAX_SECTIONS entries; -EBADMSG when a range
 * lies outside the file or the headers are out of order.
 */
int vendorban_pe_digest_ranges(const u8 *head, size_t head_len, u64 file_size,
			       const struct vendorban_pe_sig *where,
			       struct vendorban_pe_range *ranges,
			       unsigned int *nr)
{
	u32 cks = where->checksum_offset, dir = where->secdir_offset;
	unsigned int n = where->nr_sections;
	int ret;

	*nr = 0;
	if (n > VENDORBAN_PE_MAX_SECTIONS ||
	    where->sections_offset + (u64)n * SEC_HDR_LEN > head_len)
		return -E2BIG;
	if (cks + 4 > dir || dir + DIR_ENTRY_LEN > where->header_size ||
	    where->sections_offset + (u64)n * SEC_HDR_LEN > where->header_size)
		return -EBADMSG;
	ret = pe_range_add(ranges, nr, 0, cks, file_size);
	if (!ret)
		ret = pe_range_add(ranges, nr, cks + 4, dir - cks - 4,
				   file_size);
	if (!ret)
		ret = pe_range_add(ranges, nr, dir + DIR_ENTRY_LEN,
				   where->header_size - dir - DIR_ENTRY_LEN,
				   file_size);
	if (ret)
		return ret;
	return section_ranges(head + where->sections_offset, n, file_size,
			      where, ranges, nr);
}
