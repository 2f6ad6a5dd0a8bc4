/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban - helpers for unit tests that read the fixtures made by
 * tests/unit/make-unit-fixtures.sh: files, hex, the "key=value" files with
 * what OpenSSL says about each certificate, and the list of signatures.
 */

#ifndef VENDORBAN_UNIT_FIXTURES_H
#define VENDORBAN_UNIT_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

#define FIXTURE_PATH_MAX	512
#define FIXTURE_LINE_MAX	1024

static inline const char *fixture_dir(void)
{
	const char *dir = getenv("VENDORBAN_FIXTURES");

	return dir && *dir ? dir : "../../build/unit-fixtures";
}

/* Reads OUTDIR/<rel> into a malloc'ed buffer; exits if it is missing. */
static inline u8 *fixture_read(const char *rel, size_t *len)
{
	char path[FIXTURE_PATH_MAX];
	long size;
	u8 *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fixture_dir(), rel);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot read fixture %s (run make-unit-fixtures.sh)\n",
			path);
		exit(2);
	}
	buf = malloc(size ? size : 1);
	if (!buf || fread(buf, 1, size, f) != (size_t)size) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = size;
	return buf;
}

/* Lower-case hex of @len bytes into @out (2 * @len + 1 bytes). */
static inline char *fixture_hex(const u8 *data, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", data[i]);
	out[2 * len] = '\0';
	return out;
}

/*
 * The value of "key=" in certs/<cert>.txt, copied into @out; exits if the
 * key is missing.
 */
static inline char *fixture_expect(const char *cert, const char *key, char *out,
			    size_t size)
{
	char path[FIXTURE_PATH_MAX], line[FIXTURE_LINE_MAX];
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "%s/certs/%s.txt", fixture_dir(), cert);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(out, size, "%s", line + klen + 1);
		fclose(f);
		return out;
	}
	fprintf(stderr, "no %s in %s\n", key, path);
	exit(2);
}

/* One line of sigs.list. */
struct fixture_sig {
	char name[64];
	char cert[64];
	char mode[16];
	char hash[16];
	char pkey[16];
	int attrs;
};

/* Reads sigs.list into @sigs; returns the number of entries. */
static inline size_t fixture_sigs(struct fixture_sig *sigs, size_t max)
{
	char path[FIXTURE_PATH_MAX];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sigs.list", fixture_dir());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(2);
	}
	while (n < max &&
	       fscanf(f, "%63s %63s %15s %15s %15s %d", sigs[n].name,
		      sigs[n].cert, sigs[n].mode, sigs[n].hash, sigs[n].pkey,
		      &sigs[n].attrs) == 6)
		n++;
	fclose(f);
	return n;
}

/* Appends a DER element with a short or long definite length. */
static inline size_t der_put(u8 *out, u8 tag, const u8 *val, size_t len)
{
	size_t h = 0;

	out[h++] = tag;
	if (len < 0x80) {
		out[h++] = len;
	} else if (len < 0x100) {
		out[h++] = 0x81;
		out[h++] = len;
	} else {
		out[h++] = 0x82;
		out[h++] = len >> 8;
		out[h++] = len;
	}
	memmove(out + h, val, len);
	return h + len;
}

#endif /* VENDORBAN_UNIT_FIXTURES_H */
