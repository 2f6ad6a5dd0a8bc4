// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - policy matcher
 *
 * Computes the identities of a file (its hash, its IMA key id, and those of
 * each signer of each of its signatures, including the CAs each signer
 * chains to), looks each up in the policy's index and returns the matching
 * rules in precedence order.  The caller walks them: the first one that
 * decides wins (an "allow cert" candidate decides only if the caller
 * verifies the signature with that certificate), then the default.
 *
 * Nothing here allocates: rendered names go to the two scratch buffers of
 * struct vendorban_match, so matching cannot fail and needs little stack.
 */

#include "policy.h"
#include "policy_index.h"

/*
 * Subject O and CN values tried per signer certificate.  A certificate with
 * more O or CN attributes than this is looked up by the first ones only.
 */
#define MATCH_MAX_ATTR_VALUES	16

/**
 * struct matcher - one match in progress
 * @policy: the policy
 * @match: candidates so far
 * @msg: signature whose signers are being looked up, or -1
 * @signer: signer whose identities are being looked up, or -1
 * @buf: scratch for one rendered name (the current issuer in a chain walk)
 * @buf2: scratch for a second rendered name
 */
struct matcher {
	const struct vendorban_policy *policy;
	struct vendorban_match *match;
	int msg;
	int signer;
	char *buf;
	char *buf2;
};

static const struct vendorban_blob no_blob;

static int cand_cmp(const struct vendorban_candidate *c,
		    const struct vendorban_candidate *x)
{
	if (c->rule != x->rule)
		return c->rule < x->rule ? -1 : 1;
	if (c->msg != x->msg)
		return c->msg < x->msg ? -1 : 1;
	if (c->signer != x->signer)
		return c->signer < x->signer ? -1 : 1;
	return 0;
}

/*
 * Inserts (rule, msg, signer) in order, dropping duplicates; when the list
 * is full only the lowest %VENDORBAN_MAX_CANDIDATES are kept.
 */
static void add_candidate(struct vendorban_match *m, int rule, int msg,
			  int signer)
{
	struct vendorban_candidate x = {
		.rule = rule, .msg = msg, .signer = signer
	};
	unsigned int i = 0, j;

	while (i < m->nr && cand_cmp(&m->c[i], &x) < 0)
		i++;
	if (i == VENDORBAN_MAX_CANDIDATES)
		return;
	if (i < m->nr && !cand_cmp(&m->c[i], &x))
		return;
	j = m->nr < VENDORBAN_MAX_CANDIDATES ? m->nr : m->nr - 1;
	for (; j > i; j--)
		m->c[j] = m->c[j - 1];
	m->c[i] = x;
	if (m->nr < VENDORBAN_MAX_CANDIDATES)
		m->nr++;
}

/* The list is full and every rule from @rule on would be dropped. */
static bool list_full_before(const struct vendorban_match *m, u32 rule)
{
	return m->nr == VENDORBAN_MAX_CANDIDATES &&
	       (int)rule > m->c[m->nr - 1].rule;
}

static void lookup(struct matcher *mt, const struct vendorban_key *key)
{
	struct vendorban_match *m = mt->match;
	const u32 *rules;
	unsigned int n, i;

	n = vendorban_index_lookup(mt->policy->index, key, &rules);
	for (i = 0; i < n; i++) {
		/* lists are ascending: the rest would be dropped anyway */
		if (list_full_before(m, rules[i]))
			break;
		add_candidate(m, rules[i], mt->msg, mt->signer);
	}
}

static void lookup_bytes(struct matcher *mt, enum vendorban_key_kind kind,
			 const u8 *data, size_t len)
{
	struct vendorban_key key = { .kind = kind, .a = data, .a_len = len };

	if (len)
		lookup(mt, &key);
}

/* Renders @name into the scratch buffer; false if it cannot be. */
static bool render_name(struct matcher *mt, const struct vendorban_blob *name)
{
	if (!name->len ||
	    vendorban_name_format(name, mt->buf, VENDORBAN_NAME_MAX) < 0)
		return false;
	mt->buf[VENDORBAN_NAME_MAX - 1] = '\0';
	return true;
}

/* Looks up an issuer DN, and it with @serial as an issuer-serial. */
static void lookup_issuer(struct matcher *mt, const struct vendorban_blob *name,
			  const struct vendorban_blob *serial)
{
	struct vendorban_blob nserial = *serial;
	struct vendorban_key key = { .kind = VENDORBAN_KEY_ISSUER };

	if (!render_name(mt, name))
		return;
	key.a = (const u8 *)mt->buf;
	key.a_len = strlen(mt->buf);
	lookup(mt, &key);

	vendorban_serial_normalize(&nserial);
	key.kind = VENDORBAN_KEY_ISSUER_SERIAL;
	key.b = nserial.data;
	key.b_len = nserial.len;
	lookup(mt, &key);
}

/* Looks up every value of one subject attribute (O or CN). */
static void lookup_attr(struct matcher *mt, const struct vendorban_blob *name,
			enum vendorban_name_attr attr,
			enum vendorban_key_kind kind)
{
	unsigned int i;
	int ret;

	for (i = 0; i < MATCH_MAX_ATTR_VALUES; i++) {
		ret = vendorban_name_attr(name, attr, i, mt->buf,
					  VENDORBAN_NAME_MAX);
		if (ret == -ENOENT)
			break;
		/* a value that cannot be rendered is not looked up */
		if (ret < 0)
			continue;
		mt->buf[VENDORBAN_NAME_MAX - 1] = '\0';
		lookup_bytes(mt, kind, (const u8 *)mt->buf, strlen(mt->buf));
	}
}

static void match_signer(struct matcher *mt, const struct vendorban_pkcs7 *msg)
{
	const struct vendorban_signer *si = &msg->signers[mt->signer];
	const struct vendorban_cert *cert;

	if (si->sid_type == VENDORBAN_SID_ISSUER_SERIAL)
		lookup_issuer(mt, &si->issuer, &si->serial);
	else
		lookup_bytes(mt, VENDORBAN_KEY_SKID, si->skid.data,
			     si->skid.len);

	cert = vendorban_pkcs7_signer_cert(msg, mt->signer);
	if (!cert)
		return;
	lookup_bytes(mt, VENDORBAN_KEY_FINGERPRINT, cert->fingerprint,
		     VENDORBAN_SHA256_LEN);
	lookup_bytes(mt, VENDORBAN_KEY_SKID, cert->skid.data, cert->skid.len);
	lookup_issuer(mt, &cert->issuer, &cert->serial);
	lookup_attr(mt, &cert->subject, VENDORBAN_ATTR_O,
		    VENDORBAN_KEY_SUBJECT_O);
	lookup_attr(mt, &cert->subject, VENDORBAN_ATTR_CN,
		    VENDORBAN_KEY_SUBJECT_CN);
}

static bool blob_equal(const struct vendorban_blob *x,
		       const struct vendorban_blob *y)
{
	return x->len == y->len && (!x->len || !memcmp(x->data, y->data, x->len));
}

/* Key ids that are both known must be equal. */
static bool keyid_compatible(const struct vendorban_blob *akid,
			     const struct vendorban_blob *skid)
{
	return !akid->len || !skid->len || blob_equal(akid, skid);
}

/*
 * Adds the ca rules whose certificate has the subject DN rendered in
 * @mt->buf and a SKID compatible with @akid.
 */
static void lookup_ca(struct matcher *mt, const struct vendorban_blob *akid)
{
	struct vendorban_key key = { .kind = VENDORBAN_KEY_CA_SUBJECT };
	const struct vendorban_rule *rule;
	const u32 *rules;
	unsigned int n, i;

	key.a = (const u8 *)mt->buf;
	key.a_len = strlen(mt->buf);
	n = vendorban_index_lookup(mt->policy->index, &key, &rules);
	for (i = 0; i < n; i++) {
		if (list_full_before(mt->match, rules[i]))
			break;
		rule = &mt->policy->rules[rules[i]];
		if (keyid_compatible(akid, &rule->cert.skid))
			add_candidate(mt->match, rules[i], mt->msg, mt->signer);
	}
}

/*
 * Whether @cert can have issued a certificate with issuer @issuer (rendered
 * in @mt->buf) and authority key id @akid.
 */
static bool is_issuer(struct matcher *mt, const struct vendorban_cert *cert,
		      const struct vendorban_blob *issuer,
		      const struct vendorban_blob *akid)
{
	if (!keyid_compatible(akid, &cert->skid))
		return false;
	if (blob_equal(&cert->subject, issuer))
		return true;
	if (vendorban_name_format(&cert->subject, mt->buf2,
				  VENDORBAN_NAME_MAX) < 0)
		return false;
	mt->buf2[VENDORBAN_NAME_MAX - 1] = '\0';
	return !strcmp(mt->buf, mt->buf2);
}

/*
 * The certificate that issued the one with @issuer (rendered in @mt->buf)
 * and @akid: the first embedded in @msg, else the first of the policy's
 * pool (ca and chain-cert certificates), or NULL.
 */
static const struct vendorban_cert *
find_issuer(struct matcher *mt, const struct vendorban_pkcs7 *msg,
	    const struct vendorban_blob *issuer,
	    const struct vendorban_blob *akid)
{
	struct vendorban_key key = { .kind = VENDORBAN_KEY_POOL_SUBJECT };
	const struct vendorban_cert *cert;
	unsigned int i, n;
	const u32 *pool;

	for (i = 0; i < msg->nr_certs && i < VENDORBAN_MAX_CERTS; i++) {
		if (is_issuer(mt, &msg->certs[i], issuer, akid))
			return &msg->certs[i];
	}
	key.a = (const u8 *)mt->buf;
	key.a_len = strlen(mt->buf);
	n = vendorban_index_lookup(mt->policy->index, &key, &pool);
	for (i = 0; i < n; i++) {
		cert = vendorban_index_pool_cert(mt->policy->index, pool[i]);
		if (cert && keyid_compatible(akid, &cert->skid))
			return cert;
	}
	return NULL;
}

/**
 * walk_chain() - match the ca rules of the CAs a signer chains to
 * @mt: the matcher, at a signer
 * @msg: its signature
 *
 * Starts at the signer's issuer (that of the embedded signer certificate,
 * with its AKID, else the issuer the SignerInfo names); a signer named by
 * SKID alone, without an embedded certificate, has no known issuer.  At
 * each step the issuer DN is looked up among the ca rules, then the
 * issuing certificate is searched for, and the walk goes on with its
 * issuer.  It stops at a self-issued certificate, a missing issuer, a DN
 * that cannot be rendered, or after %VENDORBAN_MAX_CHAIN_DEPTH steps, which
 * also ends loops.
 */
static void walk_chain(struct matcher *mt, const struct vendorban_pkcs7 *msg)
{
	const struct vendorban_signer *si = &msg->signers[mt->signer];
	const struct vendorban_cert *cert;
	const struct vendorban_blob *issuer, *akid;
	unsigned int depth;

	cert = vendorban_pkcs7_signer_cert(msg, mt->signer);
	if (cert) {
		issuer = &cert->issuer;
		akid = &cert->akid;
	} else if (si->sid_type == VENDORBAN_SID_ISSUER_SERIAL) {
		issuer = &si->issuer;
		akid = &no_blob;
	} else {
		return;
	}
	for (depth = 0; depth < VENDORBAN_MAX_CHAIN_DEPTH; depth++) {
		if (!render_name(mt, issuer))
			return;
		lookup_ca(mt, akid);
		cert = find_issuer(mt, msg, issuer, akid);
		if (!cert || blob_equal(&cert->subject, &cert->issuer))
			return;
		issuer = &cert->issuer;
		akid = &cert->akid;
	}
}

/* Looks up every signer of every signature in @facts. */
static void match_msgs(struct matcher *mt,
		       const struct vendorban_file_facts *facts)
{
	const struct vendorban_pkcs7 *msg;
	unsigned int m, i, nr;

	for (m = 0; m < facts->nr_msgs && m < VENDORBAN_MAX_MSGS; m++) {
		msg = facts->msgs[m];
		if (!msg)
			continue;
		mt->msg = m;
		nr = msg->nr_signers;
		if (nr > VENDORBAN_MAX_SIGNERS)
			nr = VENDORBAN_MAX_SIGNERS;
		for (i = 0; i < nr; i++) {
			mt->signer = i;
			match_signer(mt, msg);
			walk_chain(mt, msg);
		}
	}
}

/**
 * vendorban_policy_match() - the rules that match a file
 * @policy: the policy
 * @facts: what is known about the file
 * @match: filled with the candidates, by ascending rule index
 *
 * - %VENDORBAN_SIG_NONE and %VENDORBAN_SIG_MALFORMED add the first unsigned
 *   or malformed rule (msg and signer -1), if there is one.
 * - A file SHA-256 adds the file-sha256 rules naming it, an IMA key id the
 *   ima-keyid rules naming it (msg and signer -1), whatever the state.
 * - For each signer of each message in @facts->msgs, every identity is
 *   looked up: the issuer DN and issuer+serial (from the SignerInfo and
 *   from the embedded signer certificate), the SKID (same), and, from the
 *   embedded signer certificate only, its fingerprint and each subject O
 *   and CN; cert and ca rules match by fingerprint, issuer+serial or SKID.
 *   Then the signer's chain is walked (see walk_chain()) for ca rules.
 *
 * Certificates of a signature that no SignerInfo names (those of a
 * timestamp countersignature, say) never stand for the signer: they serve
 * only as links in a chain.  Names that cannot be rendered are not looked
 * up.  No candidate means the default decides.
 *
 * Context: any; takes no lock, does not sleep, does not allocate.  Uses
 * @match->scratch for names and little stack.
 */
void vendorban_policy_match(const struct vendorban_policy *policy,
			    const struct vendorban_file_facts *facts,
			    struct vendorban_match *match)
{
	struct matcher mt = {
		.policy = policy, .match = match, .msg = -1, .signer = -1,
		.buf = match->scratch[0], .buf2 = match->scratch[1],
	};

	match->nr = 0;
	if (!policy || !facts)
		return;
	if (facts->state == VENDORBAN_SIG_NONE && policy->first_unsigned >= 0)
		add_candidate(match, policy->first_unsigned, -1, -1);
	if (facts->state == VENDORBAN_SIG_MALFORMED &&
	    policy->first_malformed >= 0)
		add_candidate(match, policy->first_malformed, -1, -1);
	if (!policy->index)
		return;
	if (facts->file_sha256)
		lookup_bytes(&mt, VENDORBAN_KEY_FILE_SHA256, facts->file_sha256,
			     VENDORBAN_SHA256_LEN);
	if (facts->ima_keyid)
		lookup_bytes(&mt, VENDORBAN_KEY_IMA_KEYID, facts->ima_keyid,
			     VENDORBAN_IMA_KEYID_LEN);
	if (facts->msgs)
		match_msgs(&mt, facts);
}
