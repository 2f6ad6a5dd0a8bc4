// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - unit tests of the policy matcher, the identity index and the
 * cert rule
 *
 * Signatures are struct vendorban_pkcs7 values built by hand, pointing at
 * hand-written Names or at real certificates made by openssl
 * (make-policy-fixtures.sh, run on demand; VENDORBAN_POLICY_FIXTURES
 * overrides where they live).  The expected identities come from openssl,
 * not from the library under test.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "policy.h"
#include "unit.h"

/* Name "CN=Evil CA" */
static const u8 name_evil[] = {
	0x30, 0x12, 0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03,
	0x0c, 0x07, 'E', 'v', 'i', 'l', ' ', 'C', 'A',
};

/* Not a Name: cannot be rendered, so never looked up */
static const u8 name_bad[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
static const u8 serial_evil[] = { 0x00, 0x8a, 0x01 };
static const u8 skid_evil[] = { 0x01, 0x02 };

struct fixture {
	u8 *der;
	size_t len;
	char hex[4096];
	char fpr[80];
	char issuer[512];
	char serial[80];
	char skid[80];
	struct vendorban_cert cert;
};

static struct fixture leaf_a, leaf_b;
static char fixture_dir[1024];

/* Directory of this source file, so the tests run from any directory. */
static void src_dir(char *buf, size_t size)
{
	const char *slash = strrchr(__FILE__, '/');

	if (!slash)
		snprintf(buf, size, ".");
	else
		snprintf(buf, size, "%.*s", (int)(slash - __FILE__), __FILE__);
}

static u8 *read_all(const char *name, size_t *len)
{
	char path[2048];
	u8 *buf = NULL;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fixture_dir, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "  cannot open %s\n", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(size + 1);
		if (buf && fread(buf, 1, size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[size] = '\0';
			*len = size;
		}
	}
	fclose(f);
	return buf;
}

/* Reads a one-line text fixture without its newline. */
static void read_line(const char *name, char *out, size_t size)
{
	size_t len = 0;
	u8 *buf = read_all(name, &len);

	out[0] = '\0';
	if (!buf)
		return;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len < size) {
		memcpy(out, buf, len);
		out[len] = '\0';
	}
	free(buf);
}

static bool load_fixture(struct fixture *fx, const char *name)
{
	char file[256];
	size_t i;

	snprintf(file, sizeof(file), "%s.der", name);
	fx->der = read_all(file, &fx->len);
	if (!fx->der || 2 * fx->len >= sizeof(fx->hex))
		return false;
	for (i = 0; i < fx->len; i++)
		sprintf(fx->hex + 2 * i, "%02x", fx->der[i]);
#define LINE(ext, field)						\
	do {								\
		snprintf(file, sizeof(file), "%s." ext, name);		\
		read_line(file, fx->field, sizeof(fx->field));		\
	} while (0)
	LINE("fpr", fpr);
	LINE("issuer", issuer);
	LINE("serial", serial);
	LINE("skid", skid);
#undef LINE
	return vendorban_x509_parse(fx->der, fx->len, &fx->cert) == 0 &&
	       strlen(fx->fpr) == 64 && fx->issuer[0] && fx->serial[0];
}

/* Makes the fixtures if they are not there yet; false if that failed. */
static bool setup_fixtures(void)
{
	const char *env = getenv("VENDORBAN_POLICY_FIXTURES");
	char src[512], cmd[4096], path[2048];
	struct stat st;

	src_dir(src, sizeof(src));
	if (env)
		snprintf(fixture_dir, sizeof(fixture_dir), "%s", env);
	else
		snprintf(fixture_dir, sizeof(fixture_dir),
			 "%s/../../build/policy-fixtures", src);
	snprintf(path, sizeof(path), "%s/leaf-b.skid", fixture_dir);
	if (stat(path, &st) != 0) {
		snprintf(cmd, sizeof(cmd), "sh '%s/make-policy-fixtures.sh' '%s'",
			 src, fixture_dir);
		if (system(cmd) != 0) {
			fprintf(stderr, "  %s failed\n", cmd);
			return false;
		}
	}
	return load_fixture(&leaf_a, "leaf-a") &&
	       load_fixture(&leaf_b, "leaf-b");
}

/* ---- building policies and signatures ---- */

static struct vendorban_policy *parse(const char *text)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol = NULL;
	int ret;

	ret = vendorban_policy_parse(text, strlen(text), &pol, &err);
	CHECK_EQ_INT(ret, 0);
	if (ret)
		fprintf(stderr, "  line %u column %u: %s\n", err.line,
			err.column, err.reason);
	return ret ? NULL : pol;
}

/* A growing policy text. */
struct text {
	char *s;
	size_t len;
	size_t cap;
};

static void add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (t->len + n + 1 > t->cap) {
		t->cap = 2 * (t->len + n + 1);
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, n + 1, fmt, ap);
	va_end(ap);
	t->len += n;
}

static struct vendorban_policy *parse_text(struct text *t)
{
	struct vendorban_policy *pol = parse(t->s);

	free(t->s);
	memset(t, 0, sizeof(*t));
	return pol;
}

static struct vendorban_pkcs7 *new_msg(void)
{
	struct vendorban_pkcs7 *msg = calloc(1, sizeof(*msg));

	if (!msg)
		abort();
	return msg;
}

static void set_blob(struct vendorban_blob *b, const u8 *data, size_t len)
{
	b->data = data;
	b->len = len;
}

/* Adds a signer naming @fx by @sid, embedding @fx if @embed. */
static void add_cert_signer(struct vendorban_pkcs7 *msg,
			    const struct fixture *fx,
			    enum vendorban_sid_type sid, bool embed)
{
	struct vendorban_signer *si = &msg->signers[msg->nr_signers++];

	si->sid_type = sid;
	if (sid == VENDORBAN_SID_ISSUER_SERIAL) {
		si->issuer = fx->cert.issuer;
		si->serial = fx->cert.serial;
	} else {
		si->skid = fx->cert.skid;
	}
	si->cert = -1;
	if (embed) {
		msg->certs[msg->nr_certs] = fx->cert;
		si->cert = msg->nr_certs++;
	}
}

static void add_sid_signer(struct vendorban_pkcs7 *msg, const u8 *issuer,
			   size_t issuer_len, const u8 *serial,
			   size_t serial_len)
{
	struct vendorban_signer *si = &msg->signers[msg->nr_signers++];

	si->sid_type = VENDORBAN_SID_ISSUER_SERIAL;
	set_blob(&si->issuer, issuer, issuer_len);
	set_blob(&si->serial, serial, serial_len);
	si->cert = -1;
}

static void add_skid_signer(struct vendorban_pkcs7 *msg, const u8 *skid,
			    size_t len)
{
	struct vendorban_signer *si = &msg->signers[msg->nr_signers++];

	si->sid_type = VENDORBAN_SID_SKID;
	set_blob(&si->skid, skid, len);
	si->cert = -1;
}

/* Matches a file with at most one signature, @msg. */
static void match_one(const struct vendorban_policy *pol,
		      enum vendorban_sig_state state,
		      const struct vendorban_pkcs7 *msg,
		      struct vendorban_match *m)
{
	const struct vendorban_pkcs7 *msgs[1] = { msg };
	struct vendorban_file_facts facts = {
		.state = state, .msgs = msgs, .nr_msgs = msg ? 1 : 0,
	};

	vendorban_policy_match(pol, &facts, m);
}

/*
 * Checks that the candidates are exactly the (rule, signer) pairs given,
 * each of message 0 (or -1 for signer -1).
 */
static void check_cands(const struct vendorban_match *m, const int *pairs,
			unsigned int nr, int line)
{
	unsigned int i;
	bool same = m->nr == nr;

	for (i = 0; same && i < nr; i++)
		same = m->c[i].rule == pairs[2 * i] &&
		       m->c[i].signer == pairs[2 * i + 1] &&
		       m->c[i].msg == (pairs[2 * i + 1] < 0 ? -1 : 0);
	if (same)
		return;
	unit_failed_checks++;
	fprintf(stderr, "  %s:%d: candidates", __FILE__, line);
	for (i = 0; i < m->nr; i++)
		fprintf(stderr, " (%d,%d,msg %d)", m->c[i].rule,
			m->c[i].signer, m->c[i].msg);
	fprintf(stderr, ", expected");
	for (i = 0; i < nr; i++)
		fprintf(stderr, " (%d,%d)", pairs[2 * i], pairs[2 * i + 1]);
	fprintf(stderr, "\n");
}

#define CHECK_CANDS(m, ...)						\
	do {								\
		static const int _p[] = { __VA_ARGS__ };		\
		check_cands((m), _p, ARRAY_SIZE(_p) / 2, __LINE__);	\
	} while (0)

#define CHECK_NO_CANDS(m) CHECK_EQ_INT((m)->nr, 0)

#define HDR "vendorban-policy 1\nname m\nversion 1\ndefault deny\n"

/* ---- tests ---- */

UNIT_TEST(unsigned_and_malformed)
{
	struct vendorban_policy *pol, *none;
	struct vendorban_match m;

	pol = parse(HDR "deny subject-o \"X\"\naudit unsigned\ndeny unsigned\n"
		    "deny malformed\naudit malformed\n");
	none = parse(HDR "deny subject-o \"X\"\n");
	if (!pol || !none)
		goto out;
	memset(&m, 0x55, sizeof(m));
	match_one(pol, VENDORBAN_SIG_NONE, NULL, &m);
	CHECK_CANDS(&m, 1, -1);
	memset(&m, 0x55, sizeof(m));
	match_one(pol, VENDORBAN_SIG_MALFORMED, NULL, &m);
	CHECK_CANDS(&m, 3, -1);
	memset(&m, 0x55, sizeof(m));
	match_one(none, VENDORBAN_SIG_NONE, NULL, &m);
	CHECK_NO_CANDS(&m);
	memset(&m, 0x55, sizeof(m));
	match_one(none, VENDORBAN_SIG_MALFORMED, NULL, &m);
	CHECK_NO_CANDS(&m);
	/* a signature present but not given: nothing to look up */
	memset(&m, 0x55, sizeof(m));
	match_one(pol, VENDORBAN_SIG_PRESENT, NULL, &m);
	CHECK_NO_CANDS(&m);
	memset(&m, 0x55, sizeof(m));
	match_one(NULL, VENDORBAN_SIG_NONE, NULL, &m);
	CHECK_NO_CANDS(&m);
out:
	vendorban_policy_free(pol);
	vendorban_policy_free(none);
}

/* Without an embedded certificate only the SignerInfo's sid counts. */
UNIT_TEST(sid_only)
{
	struct vendorban_policy *pol;
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_match m;

	pol = parse(HDR "deny subject-o \"Evil CA\"\n"
		    "deny subject-cn \"Evil CA\"\n"
		    "audit issuer \"CN=Evil CA\"\n"
		    "deny issuer-serial \"CN=Evil CA\" 8a01\n"
		    "deny issuer-serial \"CN=Evil CA\" 8a02\n"
		    "deny issuer-serial \"CN=Other CA\" 8a01\n"
		    "deny skid 0102\n"
		    "deny skid 010203\n"
		    "deny issuer \"CN=Evil CA,O=x\"\n");
	if (!pol)
		goto out;
	add_sid_signer(msg, name_evil, sizeof(name_evil), serial_evil,
		       sizeof(serial_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 2, 0, 3, 0);

	memset(msg, 0, sizeof(*msg));
	add_skid_signer(msg, skid_evil, sizeof(skid_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 6, 0);

	/* an issuer that cannot be rendered is not looked up */
	memset(msg, 0, sizeof(*msg));
	add_sid_signer(msg, name_bad, sizeof(name_bad), serial_evil,
		       sizeof(serial_evil));
	add_skid_signer(msg, skid_evil, sizeof(skid_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 6, 1);
out:
	vendorban_policy_free(pol);
	free(msg);
}

UNIT_TEST(cert_rule_parse)
{
	struct vendorban_parse_error err;
	struct vendorban_policy *pol, *again = NULL;
	struct text t = { 0 };
	char fpr[65];
	unsigned int i;

	add(&t, HDR "deny cert %s label=a\nallow cert %s\n", leaf_a.hex,
	    leaf_b.hex);
	pol = parse(t.s);
	if (!pol)
		goto out;
	CHECK_EQ_INT(pol->nr_rules, 2);
	CHECK_EQ_INT(pol->rules[0].selector, VENDORBAN_SEL_CERT);
	CHECK_EQ_INT(pol->rules[0].value_len, leaf_a.len);
	CHECK(!memcmp(pol->rules[0].value, leaf_a.der, leaf_a.len));
	CHECK(pol->rules[0].cert->der.data == pol->rules[0].value);
	CHECK(pol->rules[0].cert->serial.data >= pol->rules[0].value &&
	      pol->rules[0].cert->serial.data <
	      pol->rules[0].value + pol->rules[0].value_len);
	for (i = 0; i < 32; i++)
		sprintf(fpr + 2 * i, "%02x", pol->rules[0].cert->fingerprint[i]);
	CHECK_EQ_STR(fpr, leaf_a.fpr);
	CHECK_EQ_INT(pol->rules[1].action, VENDORBAN_ACTION_ALLOW);
	CHECK(pol->rules[1].key == NULL);
	CHECK_EQ_STR(pol->text, t.s);
	CHECK_EQ_INT(vendorban_policy_parse(pol->text, pol->text_len, &again,
					    &err), 0);
	if (again)
		CHECK_EQ_STR(again->text, pol->text);
	vendorban_policy_free(again);
	vendorban_policy_free(pol);

	/* upper case with colons comes back canonical */
	free(t.s);
	memset(&t, 0, sizeof(t));
	add(&t, HDR "deny cert ");
	for (i = 0; i < leaf_b.len; i++)
		add(&t, "%s%02X", i ? ":" : "", leaf_b.der[i]);
	add(&t, "\n");
	pol = parse(t.s);
	if (pol) {
		free(t.s);
		memset(&t, 0, sizeof(t));
		add(&t, HDR "deny cert %s\n", leaf_b.hex);
		CHECK_EQ_STR(pol->text, t.s);
	}
	vendorban_policy_free(pol);

	/* one byte more or less is not a certificate */
	free(t.s);
	memset(&t, 0, sizeof(t));
	add(&t, HDR "deny cert %s00\n", leaf_a.hex);
	pol = NULL;
	CHECK_EQ_INT(vendorban_policy_parse(t.s, t.len, &pol, &err), -EINVAL);
	CHECK_EQ_STR(err.reason, "cannot parse certificate (error 74)");
	CHECK_EQ_INT(err.line, 5);
	CHECK_EQ_INT(err.column, 11);
	free(t.s);
	memset(&t, 0, sizeof(t));
	add(&t, HDR "deny cert %.*s\n", (int)(2 * leaf_a.len - 2), leaf_a.hex);
	CHECK_EQ_INT(vendorban_policy_parse(t.s, t.len, &pol, &err), -EINVAL);
	CHECK_EQ_STR(err.reason, "cannot parse certificate (error 74)");
	CHECK(pol == NULL);
out:
	free(t.s);
}

/* Every identity of an embedded signer certificate, against openssl. */
UNIT_TEST(embedded_cert)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_policy *pol;
	struct vendorban_match m;
	struct text t = { 0 };

	add(&t, HDR "deny subject-cn \"Nobody\"\n");			/* 0 */
	add(&t, "audit subject-o \"AO Kaspersky Lab\" label=k\n");	/* 1 */
	add(&t, "deny fingerprint %s\n", leaf_a.fpr);			/* 2 */
	add(&t, "allow cert %s\n", leaf_a.hex);				/* 3 */
	add(&t, "deny issuer-serial \"%s\" 00%s\n", leaf_a.issuer,
	    leaf_a.serial);						/* 4 */
	add(&t, "deny skid %s\n", leaf_a.skid);				/* 5 */
	add(&t, "deny subject-cn \"Kaspersky Test Signer\"\n");	/* 6 */
	add(&t, "deny issuer \"%s\"\n", leaf_a.issuer);		/* 7 */
	add(&t, "deny subject-o \"First Org\"\n");			/* 8 */
	add(&t, "deny cert %s\n", leaf_b.hex);				/* 9 */
	add(&t, "deny subject-o \"AO Kaspersky\"\n");			/* 10 */
	add(&t, "deny fingerprint %s\n", leaf_b.fpr);			/* 11 */
	pol = parse_text(&t);
	if (!pol)
		goto out;

	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0);

	/* not embedded: the cert rule still matches by issuer and serial */
	memset(msg, 0, sizeof(*msg));
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, false);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 3, 0, 4, 0, 7, 0);

	/* ... or by its SKID */
	memset(msg, 0, sizeof(*msg));
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_SKID, false);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 3, 0, 5, 0);

	/* leaf-b has no SKID; same issuer as leaf-a, another serial */
	memset(msg, 0, sizeof(*msg));
	add_cert_signer(msg, &leaf_b, VENDORBAN_SID_ISSUER_SERIAL, true);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 7, 0, 9, 0, 11, 0);
out:
	vendorban_policy_free(pol);
	free(msg);
}

UNIT_TEST(several_signers)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_policy *pol;
	struct vendorban_match m;
	struct text t = { 0 };
	unsigned int i;

	add(&t, HDR "deny cert %s\n", leaf_a.hex);		/* 0 */
	add(&t, "allow cert %s\n", leaf_b.hex);		/* 1 */
	add(&t, "deny issuer \"%s\"\n", leaf_a.issuer);	/* 2 */
	add(&t, "audit issuer \"CN=Evil CA\"\n");		/* 3 */
	pol = parse_text(&t);
	if (!pol)
		goto out;
	add_cert_signer(msg, &leaf_b, VENDORBAN_SID_ISSUER_SERIAL, true);
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_SKID, false);
	add_sid_signer(msg, name_evil, sizeof(name_evil), serial_evil,
		       sizeof(serial_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 0, 1, 1, 0, 2, 0, 3, 2);

	/* the same certificate twice: each signer is a candidate */
	memset(msg, 0, sizeof(*msg));
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 0, 0, 0, 1, 2, 0, 2, 1);

	/* more signers than the structure holds are ignored, not read */
	msg->nr_signers = VENDORBAN_MAX_SIGNERS + 100;
	for (i = 2; i < VENDORBAN_MAX_SIGNERS; i++)
		msg->signers[i] = msg->signers[0];
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_EQ_INT(m.nr, 2 * VENDORBAN_MAX_SIGNERS);
	for (i = 0; i < m.nr; i++) {
		CHECK_EQ_INT(m.c[i].rule, i < VENDORBAN_MAX_SIGNERS ? 0 : 2);
		CHECK_EQ_INT(m.c[i].signer, (int)(i % VENDORBAN_MAX_SIGNERS));
	}
	CHECK(!m.limit);
out:
	vendorban_policy_free(pol);
	free(msg);
}

/*
 * At most VENDORBAN_MAX_CANDIDATES, the lowest, whatever the lookup order;
 * dropping one marks the match (the file then counts as malformed).
 */
UNIT_TEST(candidate_limit)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_policy *pol;
	struct vendorban_match m;
	struct text t = { 0 };
	unsigned int i;

	add(&t, HDR);
	/* CN is looked up after the issuer, yet its rules come first */
	for (i = 0; i < 20; i++)
		add(&t, "deny subject-cn \"Kaspersky Test Signer\"\n");
	for (i = 0; i < VENDORBAN_MAX_CANDIDATES; i++)
		add(&t, "audit issuer \"%s\"\n", leaf_a.issuer);
	add(&t, "allow malformed\n");
	pol = parse_text(&t);
	if (!pol)
		goto out;
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_EQ_INT(m.nr, VENDORBAN_MAX_CANDIDATES);
	CHECK(m.limit);
	for (i = 0; i < m.nr; i++) {
		CHECK_EQ_INT(m.c[i].rule, i);
		CHECK_EQ_INT(m.c[i].signer, 0);
	}
	vendorban_policy_free(pol);
	/* exactly full: nothing dropped */
	add(&t, HDR);
	for (i = 0; i < VENDORBAN_MAX_CANDIDATES; i++)
		add(&t, "audit issuer \"%s\"\n", leaf_a.issuer);
	pol = parse_text(&t);
	if (!pol)
		goto out;
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_EQ_INT(m.nr, VENDORBAN_MAX_CANDIDATES);
	CHECK(!m.limit);
out:
	vendorban_policy_free(pol);
	free(msg);
}

/* Many rules: every lookup still finds exactly its rules. */
UNIT_TEST(many_rules)
{
	const unsigned int n = 20000;
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_policy *pol;
	struct vendorban_match m;
	struct text t = { 0 };
	u8 skid[4] = { 0x5a, 0, 0, 0 };
	unsigned int i;

	add(&t, HDR);
	for (i = 0; i < n; i++) {
		switch (i % 4) {
		case 0:
			add(&t, "deny skid 5a%06x\n", i);
			break;
		case 1:
			add(&t, "deny subject-o \"Vendor %u\"\n", i);
			break;
		case 2:
			add(&t, "deny issuer-serial \"%s\" %08x\n",
			    leaf_a.issuer, i);
			break;
		default:
			add(&t, "deny fingerprint %064x\n", i);
			break;
		}
	}
	add(&t, "deny subject-o \"AO Kaspersky Lab\"\n");		/* n */
	add(&t, "deny issuer-serial \"%s\" %s\n", leaf_a.issuer,
	    leaf_a.serial);						/* n + 1 */
	add(&t, "deny skid 5a%06x\n", 12344);				/* n + 2 */
	pol = parse_text(&t);
	if (!pol)
		goto out;
	CHECK_EQ_INT(pol->nr_rules, n + 3);

	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 20000, 0, 20001, 0);

	for (i = 0; i < n; i += 4 * 997) {
		memset(msg, 0, sizeof(*msg));
		skid[1] = i >> 16;
		skid[2] = i >> 8;
		skid[3] = i;
		add_skid_signer(msg, skid, sizeof(skid));
		match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
		CHECK_EQ_INT(m.nr, 1);
		CHECK_EQ_INT(m.c[0].rule, i);
	}
	memset(msg, 0, sizeof(*msg));
	skid[1] = 0;
	skid[2] = 12344 >> 8;
	skid[3] = 12344 & 0xff;
	add_skid_signer(msg, skid, sizeof(skid));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
	CHECK_CANDS(&m, 12344, 0, 20002, 0);
out:
	vendorban_policy_free(pol);
	free(msg);
}

UNIT_TEST(empty_policy)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_policy *pol = parse(HDR);
	struct vendorban_match m;

	if (pol) {
		CHECK_EQ_INT(pol->nr_rules, 0);
		add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL,
				true);
		match_one(pol, VENDORBAN_SIG_PRESENT, msg, &m);
		CHECK_NO_CANDS(&m);
		match_one(pol, VENDORBAN_SIG_NONE, NULL, &m);
		CHECK_NO_CANDS(&m);
	}
	vendorban_policy_free(pol);
	free(msg);
}

/**
 * struct counting_prover - a prover that counts what the walk asks of it
 * @digests: digest() calls, per algorithm
 * @verifies: verify() calls
 * @ok_rule: the rule whose candidate verifies, or -1 for none
 * @fail: what verify() returns for the others (0: -EKEYREJECTED)
 */
struct counting_prover {
	unsigned int digests[VENDORBAN_NR_HASH_ALGOS];
	unsigned int verifies;
	int ok_rule;
	int fail;
	unsigned int unproven[VENDORBAN_UNPROVEN_VERIFY + 1];
	int last_rule;
	int last_err;
};

/* The walk's report of a candidate that did not count. */
static void count_unproven(void *ctx, const struct vendorban_candidate *c,
			   enum vendorban_unproven why, int err)
{
	struct counting_prover *p = ctx;

	CHECK(c->rule >= p->last_rule);
	p->unproven[why]++;
	p->last_rule = c->rule;
	p->last_err = err;
}

static int count_digest(void *ctx, enum vendorban_hash_algo algo, u8 *out)
{
	struct counting_prover *p = ctx;

	p->digests[algo]++;
	memset(out, 0x5a, VENDORBAN_MAX_DIGEST);
	return 0;
}

static int count_verify(void *ctx, const struct vendorban_candidate *c,
			const struct vendorban_rule *rule, const u8 *digest)
{
	struct counting_prover *p = ctx;

	(void)rule;
	p->verifies++;
	if (!digest || digest[0] != 0x5a)
		return -EINVAL;
	if (c->rule == p->ok_rule)
		return 0;
	return p->fail ? p->fail : -EKEYREJECTED;
}

/* Matches @msg (provable if @provable) and walks the candidates. */
static void pick_one(const struct vendorban_policy *pol,
		     enum vendorban_sig_state state,
		     const struct vendorban_pkcs7 *msg, bool provable,
		     struct counting_prover *cp, struct vendorban_match *m,
		     struct vendorban_verdict *v)
{
	const struct vendorban_pkcs7 *msgs[1] = { msg };
	struct vendorban_file_facts facts = {
		.state = state, .msgs = msgs, .nr_msgs = msg ? 1 : 0,
		.nr_provable = provable ? 1 : 0,
	};
	const struct vendorban_prover prover = {
		.digest = count_digest, .verify = count_verify,
		.unproven = count_unproven, .ctx = cp,
	};

	cp->last_rule = -1;
	vendorban_policy_match(pol, &facts, m);
	vendorban_policy_pick(pol, &facts, m, &prover, v);
}

/*
 * 20 allow candidates for one signer: the signed data is hashed once per
 * decision (per digest algorithm), not once per candidate, and the
 * signature is checked once per certificate: the 19 other rules naming the
 * same certificate reuse the result.
 */
static void pick_hashes_once(void)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct counting_prover cp = { .ok_rule = 0 };
	struct vendorban_policy *pol;
	struct vendorban_verdict v;
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct text t = { 0 };
	unsigned int i;

	add(&t, "vendorban-policy 1\nname t\nversion 1\ndefault deny\n");
	for (i = 0; i < 20; i++)
		add(&t, "allow cert %s\n", leaf_a.hex);
	pol = parse_text(&t);
	if (!pol || !m)
		goto out;
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	msg->signers[0].digest_algo = VENDORBAN_HASH_SHA256;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK_EQ_INT(m->nr, 20);
	CHECK_EQ_INT(cp.digests[VENDORBAN_HASH_SHA256], 1);
	CHECK_EQ_INT(cp.verifies, 1);
	CHECK_EQ_INT(v.cand, 0);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_ALLOW);
	CHECK(!v.reason);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY], 0);

	/* none proves: one digest, one check, each candidate told, the default */
	memset(&cp, 0, sizeof(cp));
	cp.ok_rule = -1;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK_EQ_INT(cp.digests[VENDORBAN_HASH_SHA256], 1);
	CHECK_EQ_INT(cp.verifies, 1);
	CHECK_EQ_INT(v.cand, -1);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK(!v.reason);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY], 20);
	CHECK_EQ_INT(cp.last_rule, 19);
	CHECK_EQ_INT(cp.last_err, -EKEYREJECTED);

	/* a check that failed for want of memory is not reused */
	memset(&cp, 0, sizeof(cp));
	cp.ok_rule = -1;
	cp.fail = -ENOMEM;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK_EQ_INT(cp.verifies, 20);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(cp.last_err, -ENOMEM);

	/* two signers, two algorithms: one digest each */
	memset(&cp, 0, sizeof(cp));
	cp.ok_rule = -1;
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	msg->signers[1].digest_algo = VENDORBAN_HASH_SHA384;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK_EQ_INT(m->nr, 40);
	CHECK_EQ_INT(cp.digests[VENDORBAN_HASH_SHA256], 1);
	CHECK_EQ_INT(cp.digests[VENDORBAN_HASH_SHA384], 1);
	/* a signer's result is never another signer's */
	CHECK_EQ_INT(cp.verifies, 2);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY], 40);

	/* a signature that does not cover the file proves nothing */
	memset(&cp, 0, sizeof(cp));
	cp.ok_rule = 0;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK_EQ_INT(cp.verifies, 0);
	CHECK_EQ_INT(cp.digests[VENDORBAN_HASH_SHA256], 0);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_UNCOVERED], 40);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY], 0);
	CHECK_EQ_INT(cp.last_err, 0);
out:
	vendorban_policy_free(pol);
	free(m);
	free(msg);
}

/*
 * Rules naming two certificates both match one signer (its SignerInfo
 * names leaf B, it embeds leaf A): each certificate is checked, and a
 * failure with one is never taken for the other.
 */
static void pick_checks_each_certificate(void)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct counting_prover cp = { .ok_rule = 2 };
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_policy *pol;
	struct vendorban_verdict v;
	struct text t = { 0 };

	add(&t, HDR "allow cert %s\nallow cert %s\n", leaf_a.hex, leaf_a.hex);
	add(&t, "allow cert %s\nallow cert %s\n", leaf_b.hex, leaf_b.hex);
	pol = parse_text(&t);
	if (!pol || !m)
		goto out;
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	msg->signers[0].issuer = leaf_b.cert.issuer;
	msg->signers[0].serial = leaf_b.cert.serial;
	msg->signers[0].digest_algo = VENDORBAN_HASH_SHA256;
	/* rules 0 and 1 (A) fail with one check; 2 (B) is checked, passes */
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK_EQ_INT(m->nr, 4);
	CHECK_EQ_INT(cp.verifies, 2);
	CHECK_EQ_INT(v.cand, 2);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_ALLOW);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY], 2);
out:
	vendorban_policy_free(pol);
	free(m);
	free(msg);
}

/*
 * A malformed file that no rule decides for is refused whatever the
 * default; a "malformed" rule or a ban decides first.
 */
UNIT_TEST(pick_malformed)
{
	struct counting_prover cp = { .ok_rule = -1 };
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_policy *pol;
	struct vendorban_verdict v;
	struct vendorban_file_facts facts = { .state = VENDORBAN_SIG_MALFORMED };
	const struct vendorban_prover prover = {
		.digest = count_digest, .verify = count_verify, .ctx = &cp,
	};

	pol = parse("vendorban-policy 1\nname m\nversion 1\ndefault allow\n"
		    "deny skid 0102\n");
	if (!pol || !m)
		goto out;
	vendorban_policy_match(pol, &facts, m);
	vendorban_policy_pick(pol, &facts, m, &prover, &v);
	CHECK_EQ_INT(v.cand, -1);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_STR(v.reason, "malformed");
	facts.limit = true;
	vendorban_policy_match(pol, &facts, m);
	vendorban_policy_pick(pol, &facts, m, &prover, &v);
	CHECK_EQ_STR(v.reason, "limit");
	/* unsigned files are not malformed: the default decides */
	facts.state = VENDORBAN_SIG_NONE;
	facts.limit = false;
	vendorban_policy_match(pol, &facts, m);
	vendorban_policy_pick(pol, &facts, m, &prover, &v);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_ALLOW);
	CHECK(!v.reason);
	vendorban_policy_free(pol);

	/* the admin's opt-out */
	pol = parse(HDR "audit malformed label=m\n");
	if (!pol)
		goto out;
	facts.state = VENDORBAN_SIG_MALFORMED;
	vendorban_policy_match(pol, &facts, m);
	vendorban_policy_pick(pol, &facts, m, &prover, &v);
	CHECK_EQ_INT(v.cand, 0);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_AUDIT);
	CHECK(!v.reason);
out:
	vendorban_policy_free(pol);
	free(m);
}

/* A limit reached while matching makes the file malformed too. */
static void pick_limit(void)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct counting_prover cp = { .ok_rule = -1 };
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_policy *pol;
	struct vendorban_verdict v;
	struct text t = { 0 };
	unsigned int i;

	add(&t, HDR);
	for (i = 0; i < VENDORBAN_MAX_CANDIDATES + 1; i++)
		add(&t, "allow cert %s\n", leaf_a.hex);
	pol = parse_text(&t);
	if (!pol || !m)
		goto out;
	add_cert_signer(msg, &leaf_a, VENDORBAN_SID_ISSUER_SERIAL, true);
	msg->signers[0].digest_algo = VENDORBAN_HASH_SHA256;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, true, &cp, m, &v);
	CHECK(m->limit);
	/* one check: every candidate names the same certificate */
	CHECK_EQ_INT(cp.verifies, 1);
	CHECK_EQ_INT(cp.unproven[VENDORBAN_UNPROVEN_VERIFY],
		     VENDORBAN_MAX_CANDIDATES);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_STR(v.reason, "limit");
out:
	vendorban_policy_free(pol);
	free(m);
	free(msg);
}

/* A Name of @n RDNs "C=" (empty PrintableString), malloc'ed. */
static u8 *make_long_name(size_t n, size_t *len)
{
	static const u8 rdn[] = { 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55,
				  0x04, 0x06, 0x13, 0x00 };
	u8 *name = malloc(n * sizeof(rdn) + 5);
	size_t i;

	if (!name)
		abort();
	*len = 5;
	for (i = 0; i < n; i++, *len += sizeof(rdn))
		memcpy(name + *len, rdn, sizeof(rdn));
	name[0] = 0x30;
	name[1] = 0x83;
	name[2] = (*len - 5) >> 16;
	name[3] = (*len - 5) >> 8;
	name[4] = *len - 5;
	return name;
}

/* The names rendered or searched per file are bounded in bytes. */
UNIT_TEST(name_bytes_limit)
{
	struct vendorban_pkcs7 *msg = new_msg();
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_policy *pol = parse(HDR "deny issuer \"CN=Evil CA\"\n");
	size_t len, i;
	u8 *name = make_long_name(5000, &len);

	if (!pol || !m)
		goto out;
	/* one signer: well within the bound */
	add_sid_signer(msg, name, len, serial_evil, sizeof(serial_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, m);
	CHECK(!m->limit);
	/* rendered for the lookup, and for the chain walk */
	CHECK_EQ_INT(m->name_bytes, 2 * len);
	for (i = 1; i < VENDORBAN_MAX_SIGNERS; i++)
		add_sid_signer(msg, name, len, serial_evil,
			       sizeof(serial_evil));
	match_one(pol, VENDORBAN_SIG_PRESENT, msg, m);
	CHECK(len * VENDORBAN_MAX_SIGNERS > VENDORBAN_MAX_NAME_BYTES);
	CHECK(m->limit);
	CHECK(m->name_bytes <= VENDORBAN_MAX_NAME_BYTES);
out:
	vendorban_policy_free(pol);
	free(name);
	free(m);
	free(msg);
}

/*
 * Adds a signer embedding a copy of @fx's certificate whose DER is @der,
 * @len bytes (the matcher hashes the DER; the names stay @fx's).
 */
static void add_big_signer(struct vendorban_pkcs7 *msg,
			   const struct fixture *fx, const u8 *der, size_t len)
{
	add_cert_signer(msg, fx, VENDORBAN_SID_ISSUER_SERIAL, true);
	msg->certs[msg->nr_certs - 1].der.data = der;
	msg->certs[msg->nr_certs - 1].der.len = len;
	msg->certs[msg->nr_certs - 1].hashed = false;
}

/*
 * A signer certificate is hashed for its fingerprint only under a policy
 * that has a fingerprint to find, and at most VENDORBAN_MAX_FPR_BYTES of
 * them per file: past that the file is malformed (reason "limit"), and
 * every other identity of every signer is still looked up, so a ban of the
 * signer behind the big certificates is still found.
 */
static void fingerprint_bytes_limit(void)
{
	enum { BIG = 8192, DECOYS = VENDORBAN_MAX_FPR_BYTES / BIG + 1 };
	struct vendorban_pkcs7 *msg = new_msg();
	struct counting_prover cp = { .ok_rule = -1 };
	struct vendorban_match *m = calloc(1, sizeof(*m));
	struct vendorban_policy *pol = NULL, *by_o = NULL;
	struct vendorban_verdict v;
	struct text t = { 0 };
	u8 *der = calloc(1, BIG);
	unsigned int i;

	if (!m || !der)
		goto out;
	add(&t, HDR "deny fingerprint %s\n", leaf_a.fpr);	/* 0 */
	add(&t, "deny subject-o \"First Org\"\n");		/* 1 */
	pol = parse_text(&t);
	by_o = parse(HDR "deny subject-o \"First Org\"\n");
	if (!pol || !by_o)
		goto out;

	/* the signer alone: its fingerprint is found */
	add_big_signer(msg, &leaf_a, leaf_a.der, leaf_a.len);
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK_CANDS(m, 0, 0, 1, 0);
	CHECK(!m->limit);
	CHECK_EQ_INT(m->fpr_bytes, leaf_a.len);
	CHECK_EQ_INT(v.cand, 0);
	/* without a fingerprint to find nothing is hashed */
	pick_one(by_o, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK_CANDS(m, 0, 0);
	CHECK_EQ_INT(m->fpr_bytes, 0);

	/* behind certificates of more bytes than the bound */
	memset(msg, 0, sizeof(*msg));
	for (i = 0; i < DECOYS; i++)
		add_big_signer(msg, &leaf_b, der + i, BIG - i);
	add_big_signer(msg, &leaf_a, leaf_a.der, leaf_a.len);
	CHECK(msg->nr_signers <= VENDORBAN_MAX_SIGNERS);
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK(m->limit);
	CHECK(m->fpr_limit);
	CHECK(m->fpr_bytes <= VENDORBAN_MAX_FPR_BYTES);
	/* its fingerprint was not computed, its O was looked up */
	CHECK_CANDS(m, 1, DECOYS);
	CHECK_EQ_INT(v.cand, 0);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	/* a ban by fingerprint alone: refused all the same, as over a limit */
	vendorban_policy_free(pol);
	free(t.s);
	memset(&t, 0, sizeof(t));
	add(&t, HDR "deny fingerprint %s\n", leaf_a.fpr);
	pol = parse_text(&t);
	if (!pol)
		goto out;
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK(m->limit);
	CHECK_EQ_INT(v.cand, -1);
	CHECK_EQ_INT(v.action, VENDORBAN_ACTION_DENY);
	CHECK_EQ_STR(v.reason, "limit");
	/* the same bytes under a policy without fingerprints: no limit */
	pick_one(by_o, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK(!m->limit);
	CHECK_EQ_INT(m->fpr_bytes, 0);
	CHECK_CANDS(m, 0, DECOYS);

	/* signers naming one certificate: it is hashed once */
	memset(msg, 0, sizeof(*msg));
	add_big_signer(msg, &leaf_b, der, BIG);
	for (i = 1; i < VENDORBAN_MAX_SIGNERS; i++)
		msg->signers[msg->nr_signers++] = msg->signers[0];
	pick_one(pol, VENDORBAN_SIG_PRESENT, msg, false, &cp, m, &v);
	CHECK(!m->limit);
	CHECK_EQ_INT(m->fpr_bytes, BIG);
	CHECK_EQ_INT(m->nr, 0);
	CHECK(!v.reason);
out:
	free(t.s);
	vendorban_policy_free(pol);
	vendorban_policy_free(by_o);
	free(der);
	free(m);
	free(msg);
}

static void run_with_fixtures(void (*fn)(void))
{
	static int ready = -1;

	if (ready < 0)
		ready = setup_fixtures();
	CHECK(ready);
	if (ready)
		fn();
}

#define FIXTURE_TEST(name)						\
	UNIT_TEST(name##_fx) { run_with_fixtures(name); }

FIXTURE_TEST(cert_rule_parse)
FIXTURE_TEST(embedded_cert)
FIXTURE_TEST(several_signers)
FIXTURE_TEST(candidate_limit)
FIXTURE_TEST(many_rules)
FIXTURE_TEST(empty_policy)
FIXTURE_TEST(pick_hashes_once)
FIXTURE_TEST(pick_checks_each_certificate)
FIXTURE_TEST(pick_limit)
FIXTURE_TEST(fingerprint_bytes_limit)

UNIT_MAIN(UNIT_CASE(unsigned_and_malformed), UNIT_CASE(sid_only),
	  UNIT_CASE(cert_rule_parse_fx), UNIT_CASE(embedded_cert_fx),
	  UNIT_CASE(several_signers_fx), UNIT_CASE(candidate_limit_fx),
	  UNIT_CASE(many_rules_fx), UNIT_CASE(empty_policy_fx),
	  UNIT_CASE(pick_hashes_once_fx),
	  UNIT_CASE(pick_checks_each_certificate_fx), UNIT_CASE(pick_malformed),
	  UNIT_CASE(pick_limit_fx), UNIT_CASE(name_bytes_limit),
	  UNIT_CASE(fingerprint_bytes_limit_fx))
