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
#include "selector.h"

/**
 * struct matcher - one match in progress
 * @policy: the policy
 * @match: candidates so far
 * @msg: signature whose signers are being looked up, or -1
 * @signer: signer whose identities are being looked up, or -1
 * @buf: scratch for one rendered name (the current issuer in a chain walk)
 * @buf2: scratch for a second rendered name
 * @len: the length of the name rendered in @buf
 * @hash: its name_hash()
 */
struct matcher {
	const struct vendorban_policy *policy;
	struct vendorban_match *match;
	int msg;
	int signer;
	char *buf;
	char *buf2;
	size_t len;
	u32 hash;
};

static const struct vendorban_blob no_blob;

static void match_file(const struct vendorban_policy *policy,
		       const struct vendorban_file_facts *facts,
		       struct vendorban_match *match);

/* Long loops yield the CPU, unless the caller may not sleep. */
static void match_yield(const struct vendorban_match *match)
{
	if (!match->atomic)
		vendorban_cond_resched();
}

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
 * is full only the lowest %VENDORBAN_MAX_CANDIDATES are kept, and the match
 * is marked: what was dropped may have decided.
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
	if (i < m->nr && !cand_cmp(&m->c[i], &x))
		return;
	if (m->nr == VENDORBAN_MAX_CANDIDATES)
		m->limit = true;
	if (i == VENDORBAN_MAX_CANDIDATES)
		return;
	j = m->nr < VENDORBAN_MAX_CANDIDATES ? m->nr : m->nr - 1;
	for (; j > i; j--)
		m->c[j] = m->c[j - 1];
	m->c[i] = x;
	if (m->nr < VENDORBAN_MAX_CANDIDATES)
		m->nr++;
}

/*
 * The list is full and every rule from @rule on would be dropped: the
 * match is marked as add_candidate() would.
 */
static bool list_full_before(struct vendorban_match *m, u32 rule)
{
	if (m->nr < VENDORBAN_MAX_CANDIDATES ||
	    (int)rule <= m->c[m->nr - 1].rule)
		return false;
	m->limit = true;
	return true;
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

/*
 * Accounts for rendering or searching @name: false, with the match marked,
 * when the file's name work would exceed %VENDORBAN_MAX_NAME_BYTES.
 */
static bool charge_name(struct matcher *mt, const struct vendorban_blob *name)
{
	struct vendorban_match *m = mt->match;

	if (name->len > VENDORBAN_MAX_NAME_BYTES - m->name_bytes) {
		m->limit = true;
		return false;
	}
	m->name_bytes += name->len;
	return true;
}

/*
 * FNV-1a of a rendered name: names compared in a chain walk are compared
 * by length and hash first, so that most comparisons of long names that
 * differ stop there (the kernel's strcmp() walks byte by byte).
 */
static u32 name_hash(const char *s, size_t len)
{
	u32 hash = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (u8)s[i]) * 16777619u;
	return hash;
}

/* Renders @name into the scratch buffer; false if it cannot be. */
static bool render_name(struct matcher *mt, const struct vendorban_blob *name)
{
	if (!name->len || !charge_name(mt, name) ||
	    vendorban_name_format(name, mt->buf, VENDORBAN_NAME_MAX) < 0)
		return false;
	mt->buf[VENDORBAN_NAME_MAX - 1] = '\0';
	mt->len = strlen(mt->buf);
	mt->hash = name_hash(mt->buf, mt->len);
	return true;
}

/* The caches of @msg's names: emptied when the matcher moves to another. */
static void name_cache_at(struct vendorban_match *m, int msg)
{
	if (m->subj_msg == msg)
		return;
	memset(m->subj_state, 0, sizeof(m->subj_state));
	memset(m->iss_state, 0, sizeof(m->iss_state));
	m->iss_last = -1;
	m->subj_msg = msg;
}

static bool blob_equal(const struct vendorban_blob *x,
		       const struct vendorban_blob *y)
{
	return x->len == y->len && (!x->len || !memcmp(x->data, y->data, x->len));
}

/*
 * Renders @name into @buf, which holds the rendering of @src (@ok: a
 * successful one): not again when @src is the same bytes.  Returns @ok.
 */
static bool render_cached(struct vendorban_name_cache *c,
			  const struct vendorban_blob *name)
{
	if (!c->src.len || !blob_equal(&c->src, name)) {
		c->ok = vendorban_name_format(name, c->text,
					      VENDORBAN_NAME_MAX) >= 0;
		c->text[VENDORBAN_NAME_MAX - 1] = '\0';
		c->len = strlen(c->text);
		c->hash = name_hash(c->text, c->len);
		c->src = *name;
	}
	return c->ok;
}

/*
 * Renders the issuer DN of certificate @i of @msg into the cache.  The
 * certificates of a chain bundle often share an issuer: one equal byte for
 * byte to the last one rendered is copied, not rendered again (one
 * comparison, so the work stays linear in the names).
 */
static void cache_issuer(struct vendorban_match *m,
			 const struct vendorban_pkcs7 *msg, unsigned int i)
{
	const struct vendorban_blob *name = &msg->certs[i].issuer;
	int last = m->iss_last;

	if (last >= 0 && (unsigned int)last != i && m->iss_state[last] &&
	    !blob_equal(name, &m->iss[i].src) &&
	    blob_equal(name, &m->iss[last].src)) {
		m->iss_state[i] = m->iss_state[last];
		m->iss[i] = m->iss[last];
		return;
	}
	m->iss_state[i] = render_cached(&m->iss[i], name) ? 1 : 2;
	m->iss_last = i;
}

/*
 * Renders the issuer DN of @cert into the scratch buffer, as render_name()
 * does (and charged as it is), but once per certificate of the current
 * message @msg: a chain walk comes back to the same issuers at every step
 * of every signer.  False if it cannot be rendered.
 */
static bool render_issuer(struct matcher *mt, const struct vendorban_pkcs7 *msg,
			  const struct vendorban_cert *cert)
{
	struct vendorban_match *m = mt->match;
	const struct vendorban_blob *name = &cert->issuer;
	unsigned int i, n = msg->nr_certs;

	if (n > VENDORBAN_MAX_CERTS)
		n = VENDORBAN_MAX_CERTS;
	/* a certificate of the policy's pool is not cached */
	if (cert < msg->certs || cert >= msg->certs + n)
		return render_name(mt, name);
	i = cert - msg->certs;
	name_cache_at(m, mt->msg);
	if (!name->len || !charge_name(mt, name))
		return false;
	if (!m->iss_state[i])
		cache_issuer(m, msg, i);
	if (m->iss_state[i] != 1)
		return false;
	memcpy(mt->buf, m->iss[i].text, m->iss[i].len + 1);
	mt->len = m->iss[i].len;
	mt->hash = m->iss[i].hash;
	return true;
}

/* Looks up an issuer DN (rendered in the scratch buffer) and it with @serial. */
static void lookup_rendered_issuer(struct matcher *mt,
				   const struct vendorban_blob *serial)
{
	struct vendorban_blob nserial = *serial;
	struct vendorban_key key = { .kind = VENDORBAN_KEY_ISSUER };

	key.a = (const u8 *)mt->buf;
	key.a_len = mt->len;
	lookup(mt, &key);

	vendorban_serial_normalize(&nserial);
	key.kind = VENDORBAN_KEY_ISSUER_SERIAL;
	key.b = nserial.data;
	key.b_len = nserial.len;
	lookup(mt, &key);
}

/* Looks up an issuer DN, and it with @serial as an issuer-serial. */
static void lookup_issuer(struct matcher *mt, const struct vendorban_blob *name,
			  const struct vendorban_blob *serial)
{
	if (render_name(mt, name))
		lookup_rendered_issuer(mt, serial);
}

/**
 * struct attr_lookup - one subject attribute being looked up
 * @mt: the matcher
 * @kind: the index key kind of its values
 */
struct attr_lookup {
	struct matcher *mt;
	enum vendorban_key_kind kind;
};

static void lookup_attr_value(void *ctx, const char *value)
{
	struct attr_lookup *al = ctx;

	lookup_bytes(al->mt, al->kind, (const u8 *)value, strlen(value));
}

/*
 * Looks up every value of one subject attribute (O or CN), in one pass
 * over the Name; a value that cannot be rendered is not looked up, and a
 * Name with too many attributes to search marks the match.  Without a rule
 * of @kind there is nothing to find: the Name (an embedded signer's
 * subject, whose attributes vendorban_name_check() counted, so never too
 * many) is not searched, only charged.
 */
static void lookup_attr(struct matcher *mt, const struct vendorban_blob *name,
			enum vendorban_name_attr attr,
			enum vendorban_key_kind kind)
{
	struct attr_lookup al = { .mt = mt, .kind = kind };

	if (!charge_name(mt, name) ||
	    !vendorban_index_has_kind(mt->policy->index, kind))
		return;
	if (vendorban_name_attr_each(name, attr, mt->buf, VENDORBAN_NAME_MAX,
				     lookup_attr_value, &al) == -E2BIG)
		mt->match->limit = true;
}

static void lookup_legal_value(void *ctx, const char *value)
{
	lookup_bytes(ctx, VENDORBAN_KEY_LEGAL_ENTITY, (const u8 *)value,
		     strlen(value));
}

/*
 * Looks up the registrations of a subject (legal-entity rules): its EV
 * jurisdiction and serialNumber, its eIDAS organizationIdentifier.
 */
static void lookup_legal(struct matcher *mt, const struct vendorban_blob *name)
{
	if (!charge_name(mt, name) ||
	    !vendorban_index_has_kind(mt->policy->index,
				      VENDORBAN_KEY_LEGAL_ENTITY))
		return;
	if (vendorban_name_legal_each(name, mt->buf, VENDORBAN_NAME_MAX,
				      lookup_legal_value, mt) == -E2BIG)
		mt->match->limit = true;
}

/*
 * The fingerprint of @cert, a signer's embedded certificate, into
 * @mt->match->fpr: true when there is one to look up.  A SHA-256 of every
 * byte of the certificate, so computed only when the policy has a
 * fingerprint to find (fingerprint, cert and ca rules) and within
 * %VENDORBAN_MAX_FPR_BYTES per file; the certificate hashed last (signers
 * of a message that name the same one) is not hashed again.  Past the
 * bound the file is marked (@fpr_limit), not the match yet: the other
 * identities of this signer and of the next ones are still looked up, so
 * that a ban that names them is found first.
 */
static bool signer_fingerprint(struct matcher *mt,
			       const struct vendorban_cert *cert)
{
	struct vendorban_match *m = mt->match;

	if (!vendorban_index_has_kind(mt->policy->index,
				      VENDORBAN_KEY_FINGERPRINT))
		return false;
	if (m->fpr_cert == cert)
		return true;
	if (cert->der.len > VENDORBAN_MAX_FPR_BYTES - m->fpr_bytes) {
		m->fpr_limit = true;
		return false;
	}
	m->fpr_bytes += cert->der.len;
	vendorban_sha256(cert->der.data, cert->der.len, m->fpr);
	m->fpr_cert = cert;
	return true;
}

static void match_signer(struct matcher *mt, const struct vendorban_pkcs7 *msg)
{
	const struct vendorban_signer *si = &msg->signers[mt->signer];
	const struct vendorban_cert *cert;

	cert = vendorban_pkcs7_signer_cert(msg, mt->signer);
	/* the certificate it names has the same issuer, byte for byte */
	if (si->sid_type == VENDORBAN_SID_ISSUER_SERIAL && cert) {
		if (render_issuer(mt, msg, cert))
			lookup_rendered_issuer(mt, &si->serial);
	} else if (si->sid_type == VENDORBAN_SID_ISSUER_SERIAL) {
		lookup_issuer(mt, &si->issuer, &si->serial);
	} else {
		lookup_bytes(mt, VENDORBAN_KEY_SKID, si->skid.data,
			     si->skid.len);
	}
	if (!cert)
		return;
	if (signer_fingerprint(mt, cert))
		lookup_bytes(mt, VENDORBAN_KEY_FINGERPRINT, mt->match->fpr,
			     VENDORBAN_SHA256_LEN);
	lookup_bytes(mt, VENDORBAN_KEY_SKID, cert->skid.data, cert->skid.len);
	if (render_issuer(mt, msg, cert))
		lookup_rendered_issuer(mt, &cert->serial);
	lookup_attr(mt, &cert->subject, VENDORBAN_ATTR_O,
		    VENDORBAN_KEY_SUBJECT_O);
	lookup_attr(mt, &cert->subject, VENDORBAN_ATTR_CN,
		    VENDORBAN_KEY_SUBJECT_CN);
	lookup_legal(mt, &cert->subject);
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
	key.a_len = mt->len;
	n = vendorban_index_lookup(mt->policy->index, &key, &rules);
	for (i = 0; i < n; i++) {
		if (list_full_before(mt->match, rules[i]))
			break;
		rule = &mt->policy->rules[rules[i]];
		if (keyid_compatible(akid, &rule->cert->skid))
			add_candidate(mt->match, rules[i], mt->msg, mt->signer);
	}
}

/*
 * The subject DN of certificate @i of the current message, rendered once
 * per message, or not again when the last message rendered the same bytes
 * at @i (the chain walk compares it at every step; charged once per
 * message either way); NULL if it cannot be rendered.
 */
static const struct vendorban_name_cache *
cert_subject(struct matcher *mt, const struct vendorban_pkcs7 *msg,
	     unsigned int i)
{
	struct vendorban_match *m = mt->match;

	name_cache_at(m, mt->msg);
	if (!m->subj_state[i]) {
		m->subj_state[i] = 2;
		if (charge_name(mt, &msg->certs[i].subject) &&
		    render_cached(&m->subj[i], &msg->certs[i].subject))
			m->subj_state[i] = 1;
	}
	return m->subj_state[i] == 1 ? &m->subj[i] : NULL;
}

/*
 * Whether certificate @i of @msg can have issued a certificate with issuer
 * @issuer (rendered in @mt->buf) and authority key id @akid.
 */
static bool is_issuer(struct matcher *mt, const struct vendorban_pkcs7 *msg,
		      unsigned int i, const struct vendorban_blob *issuer,
		      const struct vendorban_blob *akid)
{
	const struct vendorban_cert *cert = &msg->certs[i];
	const struct vendorban_name_cache *subject;

	if (!keyid_compatible(akid, &cert->skid))
		return false;
	if (blob_equal(&cert->subject, issuer))
		return true;
	subject = cert_subject(mt, msg, i);
	return subject && subject->len == mt->len &&
	       subject->hash == mt->hash &&
	       !memcmp(subject->text, mt->buf, mt->len);
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
		if (is_issuer(mt, msg, i, issuer, akid))
			return &msg->certs[i];
	}
	key.a = (const u8 *)mt->buf;
	key.a_len = mt->len;
	n = vendorban_index_lookup(mt->policy->index, &key, &pool);
	for (i = 0; i < n; i++) {
		cert = vendorban_index_pool_cert(mt->policy->index, pool[i]);
		if (cert && keyid_compatible(akid, &cert->skid))
			return cert;
	}
	return NULL;
}

/**
 * vendorban_chain_issuer() - the certificate that issued @cert, for a
 * chain to be verified
 * @policy: the policy (its ca and chain-cert certificates)
 * @msg: the signature (its embedded certificates)
 * @cert: the certificate whose issuer is wanted
 * @buf: scratch of %VENDORBAN_NAME_MAX bytes
 * @buf2: another one
 *
 * As the chain walk of the matcher finds it: a certificate whose subject
 * DN is @cert's issuer DN and whose SKID (if any) equals @cert's AKID (if
 * any), first among those @msg embeds, then among the policy's.  The
 * caller verifies @cert's signature with the key of what this returns: a
 * wrong candidate can only fail that check.
 *
 * Context: any; does not allocate.
 * Return: the issuing certificate, or NULL.
 */
const struct vendorban_cert *
vendorban_chain_issuer(const struct vendorban_policy *policy,
		       const struct vendorban_pkcs7 *msg,
		       const struct vendorban_cert *cert, char *buf, char *buf2)
{
	struct vendorban_key key = { .kind = VENDORBAN_KEY_POOL_SUBJECT };
	const struct vendorban_cert *c;
	unsigned int i, n;
	const u32 *pool;

	if (vendorban_name_format(&cert->issuer, buf, VENDORBAN_NAME_MAX) < 0)
		return NULL;
	buf[VENDORBAN_NAME_MAX - 1] = '\0';
	for (i = 0; i < msg->nr_certs && i < VENDORBAN_MAX_CERTS; i++) {
		c = &msg->certs[i];
		if (c == cert || !keyid_compatible(&cert->akid, &c->skid))
			continue;
		if (blob_equal(&c->subject, &cert->issuer))
			return c;
		/* a subject rendered differently: compare the rendered text */
		if (vendorban_name_format(&c->subject, buf2,
					  VENDORBAN_NAME_MAX) >= 0 &&
		    !strcmp(buf2, buf))
			return c;
	}
	key.a = (const u8 *)buf;
	key.a_len = strlen(buf);
	n = vendorban_index_lookup(policy->index, &key, &pool);
	for (i = 0; i < n; i++) {
		c = vendorban_index_pool_cert(policy->index, pool[i]);
		if (c && keyid_compatible(&cert->akid, &c->skid))
			return c;
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
 * also ends loops.  All walks of a file together take at most
 * %VENDORBAN_MAX_CHAIN_STEPS steps: a file that needs more marks the match
 * (it counts as malformed).
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
		if (mt->match->steps++ == VENDORBAN_MAX_CHAIN_STEPS) {
			mt->match->limit = true;
			return;
		}
		match_yield(mt->match);
		if (!(cert ? render_issuer(mt, msg, cert) :
			     render_name(mt, issuer)))
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
		for (i = 0; i < nr && !mt->match->limit; i++) {
			mt->signer = i;
			match_signer(mt, msg);
			walk_chain(mt, msg);
			match_yield(mt->match);
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
 *   ima-keyid and ima-cert rules naming it (msg and signer -1), whatever
 *   the state; an ima-cert candidate decides only if the IMA signature
 *   verifies (vendorban_policy_pick()).
 * - For each signer of each message in @facts->msgs, every identity is
 *   looked up: the issuer DN and issuer+serial (from the SignerInfo and
 *   from the embedded signer certificate), the SKID (same), and, from the
 *   embedded signer certificate only, its fingerprint, each subject O and
 *   CN and each registration of its subject (legal-entity); cert and ca
 *   rules match by fingerprint, issuer+serial or SKID.
 *   Then the signer's chain is walked (see walk_chain()) for ca rules.
 *
 * Certificates of a signature that no SignerInfo names (those of a
 * timestamp countersignature, say) never stand for the signer: they serve
 * only as links in a chain.  Names that cannot be rendered are not looked
 * up.  No candidate means the default decides (see vendorban_policy_pick()).
 *
 * The work is bounded per file: each certificate's subject is rendered
 * once per message, names in linear time, chain steps, candidates and the
 * signer certificate bytes hashed for a fingerprint (only when the policy
 * has one to find) are capped.  A cap reached sets @match->limit (the file then counts as
 * malformed: the first malformed rule is a candidate) rather than drop a
 * signature silently.
 *
 * Context: process context (it may yield the CPU); takes no lock, does not
 * allocate.  Uses @match's scratch space for names and little stack.
 */
void vendorban_policy_match(const struct vendorban_policy *policy,
			    const struct vendorban_file_facts *facts,
			    struct vendorban_match *match)
{
	match->atomic = false;
	match_file(policy, facts, match);
}

/**
 * vendorban_policy_match_atomic() - vendorban_policy_match() where the
 *				      caller may not sleep
 * @policy: the policy
 * @facts: what is known about the file
 * @match: receives the candidates; vendorban_policy_pick() with it does
 *         not yield either
 *
 * The same candidates, within the same bounds, without yielding the CPU.
 *
 * Context: any; does not sleep, yield, take a lock or allocate.
 */
void vendorban_policy_match_atomic(const struct vendorban_policy *policy,
				   const struct vendorban_file_facts *facts,
				   struct vendorban_match *match)
{
	match->atomic = true;
	match_file(policy, facts, match);
}

static void match_file(const struct vendorban_policy *policy,
		       const struct vendorban_file_facts *facts,
		       struct vendorban_match *match)
{
	struct matcher mt = {
		.policy = policy, .match = match, .msg = -1, .signer = -1,
		.buf = match->scratch[0], .buf2 = match->scratch[1],
	};
	unsigned int i;

	match->nr = 0;
	match->limit = false;
	match->steps = 0;
	match->name_bytes = 0;
	match->fpr_bytes = 0;
	match->fpr_limit = false;
	match->fpr_cert = NULL;
	match->subj_msg = -1;
	/* the bytes of another file's names: never compared with */
	for (i = 0; i < VENDORBAN_MAX_CERTS; i++) {
		match->subj[i].src.len = 0;
		match->iss[i].src.len = 0;
	}
	memset(match->digest_state, 0, sizeof(match->digest_state));
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
	if (match->fpr_limit)
		match->limit = true;
	if (match->limit && facts->state != VENDORBAN_SIG_MALFORMED &&
	    policy->first_malformed >= 0)
		add_candidate(match, policy->first_malformed, -1, -1);
}

/*
 * Proves candidate @c of an "allow cert" rule: the signer's signature must
 * cover the whole file (a provable message) and verify.  The digest of the
 * signed data is computed once per algorithm, however many candidates.
 *
 * Return: 0 if proven, else a VENDORBAN_UNPROVEN_* value plus one, with
 * @err set to the prover's errno for %VENDORBAN_UNPROVEN_VERIFY.
 */
static int prove(const struct vendorban_file_facts *facts,
		 struct vendorban_match *match,
		 const struct vendorban_prover *prover,
		 const struct vendorban_candidate *c,
		 const struct vendorban_rule *rule, int *err)
{
	enum vendorban_hash_algo algo;
	const u8 *digest = NULL;

	*err = 0;
	if (vendorban_selector_info(rule->selector)->index ==
	    VENDORBAN_INDEX_IMA) {
		/* the key id matched: the IMA signature must verify */
		*err = facts->ima_verify ? facts->ima_verify(facts->ima_ctx, rule)
					 : -ENOKEY;
		return *err ? VENDORBAN_UNPROVEN_VERIFY + 1 : 0;
	}
	if (vendorban_selector_info(rule->selector)->index ==
	    VENDORBAN_INDEX_CA) {
		/* each link of the chain, then the signature: the caller */
		if (c->msg < 0 || c->signer < 0 || !facts->ca_verify)
			return VENDORBAN_UNPROVEN_UNCOVERED + 1;
		*err = facts->ca_verify(facts->ca_ctx, c, rule);
		return *err ? VENDORBAN_UNPROVEN_VERIFY + 1 : 0;
	}
	if (facts->pe_verify && c->msg >= facts->first_pe_msg &&
	    c->msg >= 0 && (unsigned int)c->msg < facts->nr_msgs &&
	    facts->msgs[c->msg] && c->signer >= 0 &&
	    (unsigned int)c->signer < facts->msgs[c->msg]->nr_signers) {
		/* Authenticode: the image digest and the signature */
		*err = facts->pe_verify(facts->pe_ctx, c, rule);
		return *err ? VENDORBAN_UNPROVEN_VERIFY + 1 : 0;
	}
	if (c->msg < 0 || c->signer < 0 ||
	    (unsigned int)c->msg >= facts->nr_provable ||
	    (unsigned int)c->msg >= facts->nr_msgs || !facts->msgs[c->msg] ||
	    (unsigned int)c->signer >= facts->msgs[c->msg]->nr_signers)
		return VENDORBAN_UNPROVEN_UNCOVERED + 1;
	algo = facts->msgs[c->msg]->signers[c->signer].digest_algo;
	if (prover->digest) {
		if (algo <= VENDORBAN_HASH_UNKNOWN ||
		    algo >= VENDORBAN_NR_HASH_ALGOS)
			return VENDORBAN_UNPROVEN_DIGEST + 1;
		if (!match->digest_state[algo])
			match->digest_state[algo] =
				prover->digest(prover->ctx, algo,
					       match->digest[algo]) ? 2 : 1;
		if (match->digest_state[algo] != 1)
			return VENDORBAN_UNPROVEN_DIGEST + 1;
		digest = match->digest[algo];
	}
	*err = prover->verify(prover->ctx, c, rule, digest);
	return *err ? VENDORBAN_UNPROVEN_VERIFY + 1 : 0;
}

/*
 * Whether rules @a and @b take the same proof: the same selector (so the
 * same kind of check) with the same certificate, and a kernel key for both
 * or for neither.
 */
static bool same_proof(const struct vendorban_rule *a,
		       const struct vendorban_rule *b)
{
	return a->selector == b->selector && a->value_len == b->value_len &&
	       !a->key == !b->key &&
	       !memcmp(a->value, b->value, a->value_len);
}

/*
 * Candidate @i again, when an earlier one of the same signer (msg and
 * signer) failed the same proof: its result, without checking a signature
 * again (20 "allow cert" rules for one certificate cost one check).  A
 * failure for want of memory is not reused.  Return: as prove(), or -1.
 */
static int proven_before(const struct vendorban_policy *policy,
			 const struct vendorban_match *match, unsigned int i,
			 int *err)
{
	const struct vendorban_candidate *c = &match->c[i];
	unsigned int j;

	for (j = 0; j < i; j++) {
		const struct vendorban_candidate *d = &match->c[j];

		if (d->msg != c->msg || d->signer != c->signer ||
		    !match->proof_why[j] || match->proof_err[j] == -ENOMEM ||
		    !same_proof(&policy->rules[d->rule],
				&policy->rules[c->rule]))
			continue;
		*err = match->proof_err[j];
		return match->proof_why[j];
	}
	return -1;
}

/**
 * vendorban_policy_pick() - the decision walk over the candidates
 * @policy: the policy
 * @facts: what is known about the file (as given to the matcher)
 * @match: the candidates from vendorban_policy_match(); its digest cache
 *         is used
 * @prover: proves "allow cert" candidates
 * @v: the verdict
 *
 * Walks the candidates in policy order: a deny or audit rule decides on a
 * claimed identity; an "allow cert" rule decides only if proven (only a
 * message in the first &vendorban_file_facts.nr_provable can, or an
 * Authenticode message through &vendorban_file_facts.pe_verify), and an
 * ima-cert rule, whatever its action, only if the file's IMA signature
 * verifies with its certificate (&vendorban_file_facts.ima_verify);
 * otherwise the walk goes on, and @prover->unproven hears why.  When no candidate
 * decides, the default does, except
 * for a malformed file (a signature that does not parse, or a limit
 * exceeded while gathering or matching): it is refused with reason
 * "malformed", "limit" or "corrupt" (a compressed module that does not
 * decompress), whatever the default, unless a "malformed" rule
 * decided first.
 *
 * Context: process context (the prover may sleep); any context after
 * vendorban_policy_match_atomic() with a prover that does not sleep.
 */
void vendorban_policy_pick(const struct vendorban_policy *policy,
			   const struct vendorban_file_facts *facts,
			   struct vendorban_match *match,
			   const struct vendorban_prover *prover,
			   struct vendorban_verdict *v)
{
	const struct vendorban_rule *rule;
	unsigned int i;
	int why, err;

	v->cand = -1;
	v->reason = NULL;
	for (i = 0; i < match->nr; i++) {
		rule = &policy->rules[match->c[i].rule];
		why = 0;
		err = 0;
		if (vendorban_rule_needs_proof(rule)) {
			why = proven_before(policy, match, i, &err);
			if (why < 0)
				why = prove(facts, match, prover, &match->c[i],
					    rule, &err);
		}
		match->proof_why[i] = why;
		match->proof_err[i] = err;
		if (why) {
			if (prover->unproven)
				prover->unproven(prover->ctx, &match->c[i],
						 why - 1, err);
			match_yield(match);
			continue;
		}
		v->cand = i;
		v->action = rule->action;
		return;
	}
	v->action = policy->default_action;
	if (facts->state == VENDORBAN_SIG_MALFORMED || match->limit) {
		v->action = VENDORBAN_ACTION_DENY;
		if (facts->limit || match->limit)
			v->reason = "limit";
		else
			v->reason = facts->corrupt ? "corrupt" : "malformed";
	}
}
