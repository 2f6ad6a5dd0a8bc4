// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - every example policy shipped in policy/ is accepted by the
 * parser the kernel uses, and its canonical text parses back to itself.
 */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "unit.h"

#define POLICY_DIR "../../policy"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size + 1);
	if (buf && fread(buf, 1, size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = size;
	return buf;
}

static void check_one(const char *path)
{
	struct vendorban_policy *p = NULL, *q = NULL;
	struct vendorban_parse_error err = { 0 };
	size_t len;
	char *text = read_file(path, &len);
	int ret;

	CHECK(text != NULL);
	if (!text)
		return;
	ret = vendorban_policy_parse(text, len, &p, &err);
	if (ret)
		fprintf(stderr, "  %s:%u:%u: %s\n", path, err.line, err.column,
			err.reason);
	CHECK_EQ_INT(ret, 0);
	if (!ret) {
		CHECK(p->nr_rules > 0);
		CHECK_EQ_INT(vendorban_policy_parse(p->text, p->text_len, &q,
						    &err), 0);
		if (q)
			CHECK_EQ_STR(q->text, p->text);
	}
	vendorban_policy_free(p);
	vendorban_policy_free(q);
	free(text);
}

UNIT_TEST(examples_parse)
{
	struct dirent *de;
	unsigned int n = 0;
	char path[512];
	DIR *d = opendir(POLICY_DIR);

	CHECK(d != NULL);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 7 || strcmp(de->d_name + l - 7, ".policy"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", POLICY_DIR, de->d_name);
		check_one(path);
		n++;
	}
	closedir(d);
	CHECK(n > 0);
}

UNIT_MAIN(UNIT_CASE(examples_parse))
