// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkpe - write a minimal unsigned PE file for the Authenticode fixtures
 *
 *   mkpe pe32|pe32plus OUT
 *
 * The file is a valid PE32 (i386) or PE32+ (x86-64, EFI application)
 * image: DOS header, PE signature, COFF header, optional header with 16
 * data directories, one .text section of 512 bytes.  Enough for
 * osslsigncode and sbsign to sign it; it is never run.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FILE_ALIGN	0x200
#define SECT_ALIGN	0x1000
#define LFANEW		0x40
#define NR_DIRS		16

static uint8_t img[2 * FILE_ALIGN];

static void put16(size_t off, uint16_t v)
{
	img[off] = v;
	img[off + 1] = v >> 8;
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v);
	put16(off + 2, v >> 16);
}

/* The optional header fields both formats share; returns dirs offset. */
static size_t optional_header(size_t opt, int plus)
{
	put16(opt, plus ? 0x20b : 0x10b);
	img[opt + 2] = 2;			/* linker version */
	put32(opt + 4, FILE_ALIGN);		/* SizeOfCode */
	put32(opt + 16, SECT_ALIGN);		/* AddressOfEntryPoint */
	put32(opt + 20, SECT_ALIGN);		/* BaseOfCode */
	if (plus) {
		put32(opt + 24, 0x40000000);	/* ImageBase (low) */
		put32(opt + 28, 0x1);		/* ImageBase (high) */
	} else {
		put32(opt + 28, 0x400000);	/* ImageBase */
	}
	put32(opt + 32, SECT_ALIGN);
	put32(opt + 36, FILE_ALIGN);
	put16(opt + 40, 6);			/* OS version */
	put16(opt + 48, 6);			/* subsystem version */
	put32(opt + 56, 2 * SECT_ALIGN);	/* SizeOfImage */
	put32(opt + 60, FILE_ALIGN);		/* SizeOfHeaders */
	put16(opt + 68, plus ? 10 : 3);		/* EFI application / console */
	if (plus) {
		put32(opt + 72, 0x100000);	/* stack reserve */
		put32(opt + 80, 0x1000);	/* stack commit */
		put32(opt + 88, 0x100000);	/* heap reserve */
		put32(opt + 96, 0x1000);	/* heap commit */
		put32(opt + 108, NR_DIRS);
		return opt + 112;
	}
	put32(opt + 72, 0x100000);
	put32(opt + 76, 0x1000);
	put32(opt + 80, 0x100000);
	put32(opt + 84, 0x1000);
	put32(opt + 92, NR_DIRS);
	return opt + 96;
}

int main(int argc, char **argv)
{
	size_t coff = LFANEW + 4, opt = coff + 20, sect, i;
	int plus;
	FILE *f;

	if (argc != 3 || (strcmp(argv[1], "pe32") && strcmp(argv[1], "pe32plus"))) {
		fprintf(stderr, "usage: mkpe pe32|pe32plus OUT\n");
		return 2;
	}
	plus = !strcmp(argv[1], "pe32plus");
	img[0] = 'M';
	img[1] = 'Z';
	put32(0x3c, LFANEW);
	memcpy(img + LFANEW, "PE\0\0", 4);
	put16(coff, plus ? 0x8664 : 0x14c);	/* Machine */
	put16(coff + 2, 1);			/* NumberOfSections */
	sect = optional_header(opt, plus) + NR_DIRS * 8;
	put16(coff + 16, sect - opt);		/* SizeOfOptionalHeader */
	put16(coff + 18, plus ? 0x22 : 0x102);	/* executable */
	memcpy(img + sect, ".text", 5);
	put32(sect + 8, FILE_ALIGN);		/* VirtualSize */
	put32(sect + 12, SECT_ALIGN);		/* VirtualAddress */
	put32(sect + 16, FILE_ALIGN);		/* SizeOfRawData */
	put32(sect + 20, FILE_ALIGN);		/* PointerToRawData */
	put32(sect + 36, 0x60000020);		/* code, execute, read */
	for (i = FILE_ALIGN; i < sizeof(img); i++)
		img[i] = 0xc3;			/* ret */
	f = fopen(argv[2], "wb");
	if (!f || fwrite(img, 1, sizeof(img), f) != sizeof(img) || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
