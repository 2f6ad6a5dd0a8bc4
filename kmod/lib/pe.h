/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - Authenticode: where a PE/COFF file keeps its signatures
 *
 * A signed PE file (EFI binary, Windows executable or DLL) has a certificate
 * table: data directory entry 4 (IMAGE_DIRECTORY_ENTRY_SECURITY) of the
 * optional header gives its *file offset* and size.  The table is a list of
 * WIN_CERTIFICATE entries, each 8-byte aligned; an entry of type
 * WIN_CERT_TYPE_PKCS_SIGNED_DATA holds an Authenticode PKCS#7 SignedData.
 */

#ifndef _SECURITY_VENDORBAN_PE_H
#define _SECURITY_VENDORBAN_PE_H

#include "compat.h"

/* How many bytes of the file's head vendorban_pe_locate() wants to see. */
#define VENDORBAN_PE_HEAD_LEN		4096
/* Largest certificate table accepted. */
#define VENDORBAN_PE_MAX_CERT_TABLE	(256 * 1024)
/* WIN_CERTIFICATE header: dwLength, wRevision, wCertificateType. */
#define VENDORBAN_PE_WIN_CERT_HDR_LEN	8
#define VENDORBAN_PE_WIN_CERT_REV_2	0x0200
#define VENDORBAN_PE_WIN_CERT_PKCS7	0x0002

/* Most sections whose data the Authenticode digest covers (as Windows). */
#define VENDORBAN_PE_MAX_SECTIONS	96
/* Ranges of the Authenticode digest: 3 of headers, sections, the rest. */
#define VENDORBAN_PE_MAX_RANGES		(3 + VENDORBAN_PE_MAX_SECTIONS + 1)

/**
 * struct vendorban_pe_range - bytes of the file the Authenticode digest
 *                             covers
 * @offset: the first byte's file offset
 * @len: how many
 */
struct vendorban_pe_range {
	u64 offset;
	u64 len;
};

/**
 * struct vendorban_pe_sig - where a PE file's signatures are
 * @table_offset: file offset of the certificate table
 * @table_len: its length (at most %VENDORBAN_PE_MAX_CERT_TABLE)
 * @checksum_offset: file offset of the optional header CheckSum field
 *                   (4 bytes, excluded from the Authenticode digest)
 * @secdir_offset: file offset of data directory entry 4 (8 bytes, excluded
 *                 from the Authenticode digest)
 * @header_size: optional header SizeOfHeaders
 * @sections_offset: file offset of the section table
 * @nr_sections: COFF NumberOfSections
 * @pe32plus: the optional header is PE32+ (0x20b) rather than PE32 (0x10b)
 */
struct vendorban_pe_sig {
	u64 table_offset;
	u32 table_len;
	u32 checksum_offset;
	u32 secdir_offset;
	u32 header_size;
	u32 sections_offset;
	u16 nr_sections;
	bool pe32plus;
};

int vendorban_pe_locate(const u8 *head, size_t head_len, u64 file_size,
			struct vendorban_pe_sig *where);
int vendorban_pe_next_cert(const u8 *table, size_t len, size_t *pos,
			   struct vendorban_blob *pkcs7);
int vendorban_pe_digest_ranges(const u8 *head, size_t head_len, u64 file_size,
			       const struct vendorban_pe_sig *where,
			       struct vendorban_pe_range *ranges,
			       unsigned int *nr);

#endif /* _SECURITY_VENDORBAN_PE_H */
