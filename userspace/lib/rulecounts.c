// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - the kernel's per-rule hit counters (securityfs rule_counts)
 *
 * The file (docs/kernel-interface.md) is empty while no policy is in
 * force, else three "key: value" lines (policy, version, digest) and one
 * line per rule, then "default" and "none":
 *
 *     RULE ACTION DENY WOULD_DENY AUDIT ALLOW LABEL
 *
 * Anything else is an error: nothing is printed from a file this parser
 * does not fully understand.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulecounts.h"
#include "securityfs.h"

const char *const vb_hit_names[VB_NR_HITS] = {
	[VB_HIT_DENY] = "deny",
	[VB_HIT_WOULD_DENY] = "would_deny",
	[VB_HIT_AUDIT] = "audit",
	[VB_HIT_ALLOW] = "allow",
};

/* Whether @s is a decimal number without sign or leading zeros. */
static bool is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s) &&
	       (s[0] != '0' || !s[1]) && strlen(s) <= 20;
}

/* Parses one row of @line (NUL-terminated, no newline) into @row. */
static int parse_row(char *line, struct vb_rule_count *row)
{
	char *f[7], *save = NULL;
	int i;

	for (i = 0; i < 7; i++) {
		f[i] = strtok_r(i ? NULL : line, " ", &save);
		if (!f[i])
			return -EINVAL;
	}
	if (strtok_r(NULL, " ", &save) || strlen(f[0]) >= sizeof(row->rule) ||
	    strlen(f[1]) >= sizeof(row->action) ||
	    strlen(f[6]) >= sizeof(row->label))
		return -EINVAL;
	if (is_number(f[0])) {
		row->line = strtoul(f[0], NULL, 10);
		if (!row->line)
			return -EINVAL;
	} else if (strcmp(f[0], "default") && strcmp(f[0], "none")) {
		return -EINVAL;
	}
	strcpy(row->rule, f[0]);
	strcpy(row->action, f[1]);
	strcpy(row->label, strcmp(f[6], "-") ? f[6] : "");
	for (i = 0; i < VB_NR_HITS; i++) {
		if (!is_number(f[2 + i]))
			return -EINVAL;
		row->hits[i] = strtoull(f[2 + i], NULL, 10);
	}
	return 0;
}

/* @line is "@key: value": copies the value to @out. */
static int header(char *line, const char *key, char *out, size_t size)
{
	size_t k = strlen(key);

	if (strncmp(line, key, k) || strncmp(line + k, ": ", 2) ||
	    strlen(line + k + 2) >= size || !line[k + 2])
		return -EINVAL;
	strcpy(out, line + k + 2);
	return 0;
}

static int parse_header(char **lines, struct vb_rule_counts *out)
{
	char version[16];

	if (header(lines[0], "policy", out->policy, sizeof(out->policy)) ||
	    header(lines[1], "version", version, sizeof(version)) ||
	    header(lines[2], "digest", out->digest, sizeof(out->digest)) ||
	    !is_number(version) || strncmp(out->digest, "sha256:", 7) ||
	    strlen(out->digest) != 7 + 64)
		return -EINVAL;
	out->version = strtoul(version, NULL, 10);
	return 0;
}

/* Splits @text into lines in place; returns their number or -EINVAL. */
static long split_lines(char *text, char ***lines)
{
	size_t n = 0, cap = 64;
	char **v = malloc(cap * sizeof(*v)), **tmp, *p, *nl;

	if (!v)
		return -ENOMEM;
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			free(v);
			return -EINVAL;
		}
		*nl = '\0';
		if (n == cap) {
			tmp = realloc(v, (cap *= 2) * sizeof(*v));
			if (!tmp) {
				free(v);
				return -ENOMEM;
			}
			v = tmp;
		}
		v[n++] = p;
	}
	*lines = v;
	return n;
}

/**
 * vb_rule_counts_parse() - parse the content of rule_counts
 * @text: the file's content, NUL-terminated (modified)
 * @out: filled in; free with vb_rule_counts_free()
 *
 * Return: 0 (an empty @text gives no policy and no rows), -EINVAL if the
 * text is not in the file's format, -ENOMEM.
 */
int vb_rule_counts_parse(const char *text, struct vb_rule_counts *out)
{
	char *copy = strdup(text), **lines = NULL;
	long n, i;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!copy)
		return -ENOMEM;
	n = split_lines(copy, &lines);
	ret = n < 0 ? (int)n : 0;
	if (!ret && n && n < 5)
		ret = -EINVAL;
	if (!ret && n)
		ret = parse_header(lines, out);
	if (!ret && n)
		out->rows = calloc(n - 3, sizeof(*out->rows));
	if (!ret && n && !out->rows)
		ret = -ENOMEM;
	for (i = 3; !ret && i < n; i++)
		ret = parse_row(lines[i], &out->rows[out->nr++]);
	if (!ret && n && (strcmp(out->rows[out->nr - 2].rule, "default") ||
			  strcmp(out->rows[out->nr - 1].rule, "none")))
		ret = -EINVAL;
	free(lines);
	free(copy);
	if (ret)
		vb_rule_counts_free(out);
	return ret;
}

/**
 * vb_rule_counts_read() - read and parse securityfs rule_counts
 * @out: filled in; free with vb_rule_counts_free()
 *
 * Return: 0, a negative errno from reading (-ENOENT: no such file, an
 * older vendorban; -EACCES: not root), or as vb_rule_counts_parse().
 */
int vb_rule_counts_read(struct vb_rule_counts *out)
{
	size_t len;
	char *text;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = vb_securityfs_read("rule_counts", &text, &len);
	if (ret)
		return ret;
	ret = strlen(text) == len ? vb_rule_counts_parse(text, out) : -EINVAL;
	free(text);
	return ret;
}

void vb_rule_counts_free(struct vb_rule_counts *counts)
{
	free(counts->rows);
	memset(counts, 0, sizeof(*counts));
}
