// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - policy matcher
 *
 * Computes the identities of each signer of a file, looks each up in the
 * policy's index and returns the matching rules in precedence order.  The
 * caller walks them: the first one that decides wins (an "allow cert"
 * candidate decides only if the caller verifies the signature with that
 * certificate), then the default.
 *
 * Nothing here allocates: one name buffer of %VENDORBAN_NAME_MAX bytes on
 * the stack is reused for every rendered name, so matching cannot fail.
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
 * @signer: signer whose identities are being looked up
 * @buf: scratch for one rendered name
 */
struct matcher {
	const struct vendorban_policy *policy;
	struct vendorban_match *match;
	int signer;
	char buf[VENDORBAN_NAME_MAX];
};

static bool cand_before(const struct vendorban_candidate *c, int rule,
			int signer)
{
	return c->rule < rule || (c->rule == rule && c->signer < signer);
}

/*
 * Inserts (rule, signer) in order, dropping duplicates; when the list is
 * full only the lowest %VENDORBAN_MAX_CANDIDATES are kept.
 */
static void add_candidate(struct vendorban_match *m, int rule, int signer)
{
	unsigned int i = 0, j;

	while (i < m->nr && cand_before(&m->c[i], rule, signer))
		i++;
	if (i == VENDORBAN_MAX_CANDIDATES)
		return;
	if (i < m->nr && m->c[i].rule == rule && m->c[i].signer == signer)
		return;
	j = m->nr < VENDORBAN_MAX_CANDIDATES ? m->nr : m->nr - 1;
	for (; j > i; j--)
		m->c[j] = m->c[j - 1];
	m->c[i].rule = rule;
	m->c[i].signer = signer;
	if (m->nr < VENDORBAN_MAX_CANDIDATES)
		m->nr++;
}

static void lookup(struct matcher *mt, const struct vendorban_key *key)
{
	struct vendorban_match *m = mt->match;
	const u32 *rules;
	unsigned int n, i;

	n = vendorban_index_lookup(mt->policy->index, key, &rules);
	for (i = 0; i < n; i++) {
		/* lists are ascending: the rest would be dropped anyway */
		if (m->nr == VENDORBAN_MAX_CANDIDATES &&
		    (int)rules[i] > m->c[m->nr - 1].rule)
			break;
		add_candidate(m, rules[i], mt->signer);
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
	    vendorban_name_format(name, mt->buf, sizeof(mt->buf)) < 0)
		return false;
	mt->buf[sizeof(mt->buf) - 1] = '\0';
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
					  sizeof(mt->buf));
		if (ret == -ENOENT)
			break;
		/* a value that cannot be rendered is not looked up */
		if (ret < 0)
			continue;
		mt->buf[sizeof(mt->buf) - 1] = '\0';
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

/**
 * vendorban_policy_match() - the rules that match a file's signature
 * @policy: the policy
 * @state: whether the file has no signature, a malformed one, or @msg
 * @msg: the parsed signature when @state is %VENDORBAN_SIG_PRESENT
 * @match: filled with the candidates, by ascending rule index
 *
 * For %VENDORBAN_SIG_NONE and %VENDORBAN_SIG_MALFORMED the candidate is the
 * first unsigned or malformed rule (signer -1), if there is one.  For a
 * signature, every identity of every signer is looked up: the issuer DN
 * and issuer+serial (from the SignerInfo and from the embedded signer
 * certificate), the SKID (same), and, from the embedded signer certificate
 * only, its fingerprint and each subject O and CN.  Names that cannot be
 * rendered are not looked up.  No candidate means the default decides.
 *
 * Context: any; takes no lock, does not sleep, does not allocate.  Uses
 * about %VENDORBAN_NAME_MAX bytes of stack.
 */
void vendorban_policy_match(const struct vendorban_policy *policy,
			    enum vendorban_sig_state state,
			    const struct vendorban_pkcs7 *msg,
			    struct vendorban_match *match)
{
	struct matcher mt;
	unsigned int i, nr;

	match->nr = 0;
	if (!policy)
		return;
	if (state == VENDORBAN_SIG_NONE) {
		if (policy->first_unsigned >= 0)
			add_candidate(match, policy->first_unsigned, -1);
		return;
	}
	if (state == VENDORBAN_SIG_MALFORMED) {
		if (policy->first_malformed >= 0)
			add_candidate(match, policy->first_malformed, -1);
		return;
	}
	if (!msg || !policy->index)
		return;
	mt.policy = policy;
	mt.match = match;
	nr = msg->nr_signers;
	if (nr > VENDORBAN_MAX_SIGNERS)
		nr = VENDORBAN_MAX_SIGNERS;
	for (i = 0; i < nr; i++) {
		mt.signer = i;
		match_signer(&mt, msg);
	}
}
