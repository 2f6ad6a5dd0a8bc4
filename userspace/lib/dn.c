// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - distinguished names as admins copy them
 *
 * The kernel compares an issuer DN with the signer's issuer rendered as
 * RFC 4514 text (kmod/lib/x509.c, vendorban_name_format()): most specific
 * RDN first, "," between RDNs without spaces, "+" inside a multi-valued
 * RDN, , + " \ < > ; escaped with a backslash, a leading '#' or space and a
 * trailing space escaped, control characters as \XX, other bytes (UTF-8)
 * as they are.  Admins copy DNs from elsewhere:
 *
 *   openssl x509 -issuer (default)  C = US, O = Foo\, Inc., CN = Bar
 *                                   (or O = "Foo, Inc."; \XX for non-ASCII)
 *   sbverify --list, X509_NAME_oneline  /C=US/O=Foo, Inc./CN=Bar
 *   other tools                     C=US,O=Foo,CN=Bar or CN=Bar, O=Foo
 *
 * vb_dn_normalize() reads any of these and writes the kernel's form, so the
 * compiler can tell an admin what to write instead.  It never guesses an
 * attribute the kernel renders as a dotted OID with a hex value: such a DN
 * must be copied from `vendorbanctl inspect`.
 */

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dn.h"

#define MAX_AVAS	32

struct ava {
	const char *type;	/* the kernel's name, or NULL for @oid */
	char *oid;		/* a dotted OID as written */
	char *value;		/* decoded bytes, or the "#hex" of an OID type */
	bool plus;		/* joined to the previous one by '+' */
};

struct dn {
	struct ava a[MAX_AVAS];
	unsigned int n;
};

enum dn_form { FORM_RFC, FORM_OPENSSL, FORM_SLASH };

/* Attribute names the kernel renders by name, and what else they are called. */
static const struct {
	const char *name, *alias1, *alias2;
	int rank;		/* 0 country .. 5 common name, -1 unordered */
} attr_types[] = {
	{ "CN", "commonName", NULL, 5 },
	{ "L", "localityName", NULL, 2 },
	{ "ST", "stateOrProvinceName", "S", 1 },
	{ "O", "organizationName", NULL, 3 },
	{ "OU", "organizationalUnitName", NULL, 4 },
	{ "C", "countryName", NULL, 0 },
	{ "STREET", "streetAddress", NULL, -1 },
	{ "DC", "domainComponent", NULL, 0 },
	{ "UID", "userId", NULL, -1 },
	{ "emailAddress", "E", "email", -1 },
	{ "serialNumber", NULL, NULL, -1 },
};

static int find_type(const char *s, size_t n)
{
	unsigned int i;

	for (i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++) {
		const char *names[3] = { attr_types[i].name, attr_types[i].alias1,
					 attr_types[i].alias2 };
		unsigned int j;

		for (j = 0; j < 3; j++)
			if (names[j] && strlen(names[j]) == n &&
			    !strncasecmp(names[j], s, n))
				return i;
	}
	return -1;
}

static bool is_oid(const char *s, size_t n)
{
	size_t i;

	if (!n || !isdigit((unsigned char)s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Length of an attribute type at @p ("O", "2.5.4.97"), 0 if none. */
static size_t type_len(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '.')
		n++;
	return n;
}

/* Does an "ATTR=" (or "ATTR = " when @spaced) start at @p? */
static bool at_type(const char *p, bool spaced)
{
	size_t n = type_len(p);

	if (!n)
		return false;
	return spaced ? !strncmp(p + n, " = ", 3) : p[n] == '=';
}

static enum dn_form detect(const char *s)
{
	if (s[0] == '/' && at_type(s + 1, false))
		return FORM_SLASH;
	if (at_type(s, true))
		return FORM_OPENSSL;
	return FORM_RFC;
}

/*
 * Reads one value at @p up to the next separator of @form; returns the
 * end of what it read, or NULL on a malformed escape or quote.
 */
static const char *read_value(const char *p, enum dn_form form, char *out)
{
	bool quoted = form != FORM_SLASH && *p == '"';
	int hi, lo;

	if (quoted)
		p++;
	while (*p) {
		if (quoted && *p == '"') {
			*out = '\0';
			return p + 1;
		}
		if (!quoted && form == FORM_SLASH &&
		    (*p == '/' || *p == '+') && at_type(p + 1, false))
			break;
		if (!quoted && form == FORM_OPENSSL &&
		    (!strncmp(p, ", ", 2) || !strncmp(p, " + ", 3)) &&
		    at_type(p + (*p == ',' ? 2 : 3), true))
			break;
		if (!quoted && form == FORM_RFC && (*p == ',' || *p == '+'))
			break;
		if (*p == '\\' && form == FORM_SLASH && p[1] == 'x' &&
		    (hi = hexval(p[2])) >= 0 && (lo = hexval(p[3])) >= 0) {
			*out++ = (char)(hi << 4 | lo);
			p += 4;
		} else if (*p == '\\' && form != FORM_SLASH) {
			if ((hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
				*out++ = (char)(hi << 4 | lo);
				p += 3;
			} else if (p[1]) {
				*out++ = p[1];
				p += 2;
			} else {
				return NULL;
			}
		} else {
			*out++ = *p++;
		}
	}
	*out = '\0';
	return quoted ? NULL : p;
}

static void free_dn(struct dn *dn)
{
	unsigned int i;

	for (i = 0; i < dn->n; i++) {
		free(dn->a[i].value);
		free(dn->a[i].oid);
	}
	dn->n = 0;
}

/* Reads "TYPE=value" (or "TYPE = value") at @p into the next AVA. */
static const char *read_ava(struct dn *dn, const char *p, enum dn_form form,
			    bool plus, const char **why)
{
	struct ava *a = &dn->a[dn->n];
	size_t n;
	int t;

	while (form == FORM_RFC && *p == ' ')
		p++;
	n = type_len(p);
	t = find_type(p, n);
	*why = "no ATTRIBUTE=value";
	if (!n || p[n + strspn(p + n, " ")] != '=')
		return NULL;
	if (t < 0 && (!is_oid(p, n) || form != FORM_RFC)) {
		*why = "an attribute the kernel writes as a dotted OID with a hex value";
		return NULL;
	}
	a->type = t >= 0 ? attr_types[t].name : NULL;
	a->oid = t < 0 ? strndup(p, n) : NULL;
	p += n;
	while (*p == ' ')
		p++;
	if (*p++ != '=')
		return NULL;
	while (form == FORM_OPENSSL && *p == ' ')
		p++;
	a->value = malloc(strlen(p) + 1);
	a->plus = plus;
	dn->n++;
	if (!a->value || (t < 0 && !a->oid))
		return NULL;
	if (t < 0 && *p != '#') {
		*why = "an attribute the kernel writes as a dotted OID with a hex value";
		return NULL;
	}
	p = read_value(p, form, a->value);
	if (!p)
		*why = "an unterminated quote or escape";
	return p;
}

/* Parses @s in @form; returns 0 or -EINVAL with a reason in *@why. */
static int parse(struct dn *dn, const char *s, enum dn_form form,
		 const char **why)
{
	const char *p = s + (form == FORM_SLASH);
	bool plus = false;

	while (*p) {
		if (dn->n == MAX_AVAS) {
			*why = "too many attributes";
			return -EINVAL;
		}
		p = read_ava(dn, p, form, plus, why);
		if (!p)
			return -EINVAL;
		if (!*p)
			break;
		plus = *p == '+' || (*p == ' ' && p[1] == '+');
		p += form == FORM_OPENSSL ? (plus ? 3 : 2) : 1;
	}
	if (!dn->n)
		*why = "no ATTRIBUTE=value";
	return dn->n ? 0 : -EINVAL;
}

static int rank(const struct ava *a)
{
	int t = a->type ? find_type(a->type, strlen(a->type)) : -1;

	return t >= 0 ? attr_types[t].rank : -1;
}

/*
 * Written least specific first, as X.500 orders RDNs?  Only a DN that
 * starts with the country (or a domain component) and ends with something
 * more specific is taken as reversed: certificates with an unusual order
 * of the other attributes exist, and their DN must not be "corrected".
 */
static bool least_specific_first(const struct dn *dn)
{
	int first = -1, last = -1;
	unsigned int i;

	for (i = 0; i < dn->n; i++) {
		if (rank(&dn->a[i]) < 0)
			continue;
		if (first < 0)
			first = rank(&dn->a[i]);
		last = rank(&dn->a[i]);
	}
	return first == 0 && last > 0;
}

static char *put_value(char *o, const char *v, bool oid)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(v), i;

	if (oid) {
		memcpy(o, v, n);	/* hex of an OID type: as written */
		return o + n;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = v[i];

		if (c < 0x20 || c == 0x7f) {
			*o++ = '\\';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 0xf];
			continue;
		}
		if (strchr(",+\"\\<>;", c) || (c == '#' && i == 0) ||
		    (c == ' ' && (i == 0 || i == n - 1)))
			*o++ = '\\';
		*o++ = c;
	}
	return o;
}

static char *put_rdn(char *o, const struct dn *dn, unsigned int start,
		     unsigned int end)
{
	unsigned int i;

	for (i = start; i < end; i++) {
		const struct ava *a = &dn->a[i];

		if (i != start)
			*o++ = '+';
		o += sprintf(o, "%s=", a->type ? a->type : a->oid);
		o = put_value(o, a->value, a->oid);
	}
	return o;
}

/* Renders the RDNs last to first (@reverse) or in order, as the kernel does. */
static char *render(const struct dn *dn, bool reverse)
{
	unsigned int starts[MAX_AVAS + 1], nr = 0, i, r;
	size_t size = 1;
	char *out, *o;

	for (i = 0; i < dn->n; i++) {
		size += strlen(dn->a[i].type ? dn->a[i].type : dn->a[i].oid) +
			3 * strlen(dn->a[i].value) + 2;
		if (!dn->a[i].plus)
			starts[nr++] = i;
	}
	starts[nr] = dn->n;
	out = o = malloc(size);
	if (!out)
		return NULL;
	for (i = 0; i < nr; i++) {
		r = reverse ? nr - 1 - i : i;
		if (i)
			*o++ = ',';
		o = put_rdn(o, dn, starts[r], starts[r + 1]);
	}
	*o = '\0';
	return out;
}

/**
 * vb_dn_normalize() - a DN in the form the kernel compares
 * @s: the DN as the admin wrote it (unquoted)
 * @out: set to the kernel's form, malloc()ed, when @s can be converted
 * @why: set to the reason when it cannot
 *
 * Return: 0 with *@out set (equal to @s when @s is already in the kernel's
 * form); -EINVAL with *@why set; -ENOMEM.
 */
int vb_dn_normalize(const char *s, char **out, const char **why)
{
	enum dn_form form = detect(s);
	struct dn dn = { 0 };
	int ret;

	*out = NULL;
	*why = NULL;
	ret = parse(&dn, s, form, why);
	if (!ret) {
		*out = render(&dn, form != FORM_RFC || least_specific_first(&dn));
		ret = *out ? 0 : -ENOMEM;
		*why = NULL;
	}
	free_dn(&dn);
	return ret;
}
