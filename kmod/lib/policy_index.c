// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - policy identity index
 *
 * Maps each identity a rule names (a fingerprint, an issuer and serial, a
 * SKID, a subject O or CN, an issuer DN) to the ascending list of the rules
 * naming it.  Open addressing with linear probing over a power-of-two table
 * kept at most half full, so a lookup costs O(1) expected whatever the
 * number of rules.  Distinct identities get one entry each; their rule lists
 * are slices of one shared array.
 */

#include "policy_index.h"

/* FNV-1a, 32 bit: enough to spread keys the policy author chose. */
#define FNV_OFFSET	2166136261u
#define FNV_PRIME	16777619u

#define INDEX_MIN_SLOTS	16

/* A rule files at most three keys: a cert rule's fingerprint, issuer-serial
 * and skid.
 */
#define RULE_MAX_KEYS	3

/**
 * struct vendorban_index_entry - one distinct identity
 * @key: the identity; its bytes belong to the policy
 * @hash: hash of @key
 * @first: offset of its rule list in &vendorban_index.rules
 * @count: number of rules in the list
 */
struct vendorban_index_entry {
	struct vendorban_key key;
	u32 hash;
	u32 first;
	u32 count;
};

/**
 * struct vendorban_index - identity to rules
 * @mask: number of slots minus one
 * @slots: entry number plus one, or 0 for an empty slot
 * @entries: the distinct identities
 * @nr_entries: number of valid entries in @entries
 * @rules: rule lists of all entries, each ascending
 * @issuers: per rule, the rendered issuer DN of a cert rule (else NULL);
 *           the issuer-serial keys of cert rules point into these
 * @nr_rules: number of entries in @issuers
 */
struct vendorban_index {
	u32 mask;
	u32 *slots;
	struct vendorban_index_entry *entries;
	u32 nr_entries;
	u32 *rules;
	char **issuers;
	unsigned int nr_rules;
};

static u32 fnv1a(u32 hash, const u8 *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		hash ^= data[i];
		hash *= FNV_PRIME;
	}
	return hash;
}

static u32 key_hash(const struct vendorban_key *key)
{
	u8 kind = key->kind;
	u8 sep = 0;
	u32 hash;

	hash = fnv1a(FNV_OFFSET, &kind, 1);
	hash = fnv1a(hash, key->a, key->a_len);
	hash = fnv1a(hash, &sep, 1);
	return fnv1a(hash, key->b, key->b_len);
}

static bool bytes_equal(const u8 *x, const u8 *y, size_t len)
{
	return !len || !memcmp(x, y, len);
}

static bool key_equal(const struct vendorban_key *x,
		      const struct vendorban_key *y)
{
	return x->kind == y->kind && x->a_len == y->a_len &&
	       x->b_len == y->b_len && bytes_equal(x->a, y->a, x->a_len) &&
	       bytes_equal(x->b, y->b, x->b_len);
}

/**
 * rule_keys() - the identities a rule is filed under
 * @rule: the rule
 * @cert_issuer: for a cert rule, its rendered issuer DN, or NULL if the
 *               issuer could not be rendered (then no issuer-serial key)
 * @keys: filled with up to %RULE_MAX_KEYS keys
 *
 * Return: the number of keys (0 for unsigned and malformed rules).
 */
static unsigned int rule_keys(const struct vendorban_rule *rule,
			      const char *cert_issuer,
			      struct vendorban_key *keys)
{
	static const enum vendorban_key_kind kinds[] = {
		[VENDORBAN_SEL_FINGERPRINT] = VENDORBAN_KEY_FINGERPRINT,
		[VENDORBAN_SEL_SKID] = VENDORBAN_KEY_SKID,
		[VENDORBAN_SEL_SUBJECT_O] = VENDORBAN_KEY_SUBJECT_O,
		[VENDORBAN_SEL_SUBJECT_CN] = VENDORBAN_KEY_SUBJECT_CN,
		[VENDORBAN_SEL_ISSUER] = VENDORBAN_KEY_ISSUER,
	};
	struct vendorban_blob serial;
	unsigned int n = 0;

	memset(keys, 0, RULE_MAX_KEYS * sizeof(*keys));
	switch (rule->selector) {
	case VENDORBAN_SEL_FINGERPRINT:
	case VENDORBAN_SEL_SKID:
	case VENDORBAN_SEL_SUBJECT_O:
	case VENDORBAN_SEL_SUBJECT_CN:
	case VENDORBAN_SEL_ISSUER:
		keys[0].kind = kinds[rule->selector];
		keys[0].a = rule->value;
		keys[0].a_len = rule->value_len;
		return 1;
	case VENDORBAN_SEL_ISSUER_SERIAL:
		keys[0].kind = VENDORBAN_KEY_ISSUER_SERIAL;
		keys[0].a = (const u8 *)rule->issuer;
		keys[0].a_len = strlen(rule->issuer);
		keys[0].b = rule->value;
		keys[0].b_len = rule->value_len;
		return 1;
	case VENDORBAN_SEL_CERT:
		keys[n].kind = VENDORBAN_KEY_FINGERPRINT;
		keys[n].a = rule->cert.fingerprint;
		keys[n++].a_len = VENDORBAN_SHA256_LEN;
		if (cert_issuer) {
			serial = rule->cert.serial;
			vendorban_serial_normalize(&serial);
			keys[n].kind = VENDORBAN_KEY_ISSUER_SERIAL;
			keys[n].a = (const u8 *)cert_issuer;
			keys[n].a_len = strlen(cert_issuer);
			keys[n].b = serial.data;
			keys[n++].b_len = serial.len;
		}
		if (rule->cert.skid.len) {
			keys[n].kind = VENDORBAN_KEY_SKID;
			keys[n].a = rule->cert.skid.data;
			keys[n++].a_len = rule->cert.skid.len;
		}
		return n;
	default:
		return 0;
	}
}

/**
 * render_cert_issuers() - render the issuer DN of every cert rule
 * @index: index under construction
 * @policy: the policy
 *
 * A DN that cannot be rendered (e.g. -EOPNOTSUPP for an odd string type)
 * is left NULL: the rule is then filed under its fingerprint and SKID only,
 * just as a signer with that issuer could not be looked up by it either.
 *
 * Return: 0, or -ENOMEM.
 */
static int render_cert_issuers(struct vendorban_index *index,
			       const struct vendorban_policy *policy)
{
	char *buf = NULL;
	unsigned int i;
	size_t len;

	for (i = 0; i < policy->nr_rules; i++) {
		if (policy->rules[i].selector != VENDORBAN_SEL_CERT)
			continue;
		if (!buf) {
			buf = vendorban_alloc(VENDORBAN_NAME_MAX);
			if (!buf)
				return -ENOMEM;
		}
		if (vendorban_name_format(&policy->rules[i].cert.issuer, buf,
					  VENDORBAN_NAME_MAX) < 0)
			continue;
		buf[VENDORBAN_NAME_MAX - 1] = '\0';
		len = strlen(buf) + 1;
		index->issuers[i] = vendorban_alloc(len);
		if (!index->issuers[i]) {
			vendorban_free(buf);
			return -ENOMEM;
		}
		memcpy(index->issuers[i], buf, len);
	}
	vendorban_free(buf);
	return 0;
}

/* Returns the entry number of @key, adding an entry if it is new. */
static u32 find_or_add(struct vendorban_index *index,
		       const struct vendorban_key *key)
{
	u32 hash = key_hash(key);
	u32 slot = hash & index->mask;
	struct vendorban_index_entry *e;

	while (index->slots[slot]) {
		e = &index->entries[index->slots[slot] - 1];
		if (e->hash == hash && key_equal(&e->key, key))
			return index->slots[slot] - 1;
		slot = (slot + 1) & index->mask;
	}
	e = &index->entries[index->nr_entries];
	e->key = *key;
	e->hash = hash;
	e->count = 0;
	index->slots[slot] = ++index->nr_entries;
	return index->nr_entries - 1;
}

static u32 count_keys(const struct vendorban_index *index,
		      const struct vendorban_policy *policy)
{
	struct vendorban_key keys[RULE_MAX_KEYS];
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < policy->nr_rules; i++)
		n += rule_keys(&policy->rules[i], index->issuers[i], keys);
	return n;
}

/**
 * fill_index() - file every rule's keys
 * @index: index with its tables allocated, no entry yet
 * @policy: the policy
 * @ref_entry: scratch, one slot per key
 *
 * Rules are visited in file order, so each entry's list comes out sorted.
 */
static void fill_index(struct vendorban_index *index,
		       const struct vendorban_policy *policy, u32 *ref_entry)
{
	struct vendorban_key keys[RULE_MAX_KEYS];
	struct vendorban_index_entry *e;
	unsigned int i, k, n;
	u32 ref = 0, first = 0;

	for (i = 0; i < policy->nr_rules; i++) {
		n = rule_keys(&policy->rules[i], index->issuers[i], keys);
		for (k = 0; k < n; k++) {
			ref_entry[ref] = find_or_add(index, &keys[k]);
			index->entries[ref_entry[ref++]].count++;
		}
	}
	for (i = 0; i < index->nr_entries; i++) {
		index->entries[i].first = first;
		first += index->entries[i].count;
		index->entries[i].count = 0;
	}
	ref = 0;
	for (i = 0; i < policy->nr_rules; i++) {
		n = rule_keys(&policy->rules[i], index->issuers[i], keys);
		for (k = 0; k < n; k++) {
			e = &index->entries[ref_entry[ref++]];
			index->rules[e->first + e->count++] = i;
		}
	}
}

/**
 * vendorban_index_build() - build the identity index of a parsed policy
 * @policy: policy whose rules are complete; @policy->index is set
 *
 * Return: 0, or -ENOMEM (then @policy->index may hold a partial index,
 * which vendorban_policy_free() releases).
 */
int vendorban_index_build(struct vendorban_policy *policy)
{
	struct vendorban_index *index;
	u32 nr_keys, nr_slots = INDEX_MIN_SLOTS;
	u32 *ref_entry;
	int ret;

	index = vendorban_zalloc(sizeof(*index));
	if (!index)
		return -ENOMEM;
	policy->index = index;
	index->nr_rules = policy->nr_rules;
	index->issuers = vendorban_zalloc(policy->nr_rules * sizeof(char *));
	if (!index->issuers)
		return -ENOMEM;
	ret = render_cert_issuers(index, policy);
	if (ret)
		return ret;

	nr_keys = count_keys(index, policy);
	while (nr_slots < 2 * nr_keys)
		nr_slots *= 2;
	index->mask = nr_slots - 1;
	index->slots = vendorban_zalloc(nr_slots * sizeof(u32));
	index->entries = vendorban_alloc(nr_keys * sizeof(*index->entries));
	index->rules = vendorban_alloc(nr_keys * sizeof(u32));
	ref_entry = vendorban_alloc(nr_keys * sizeof(u32));
	if (!index->slots || !index->entries || !index->rules || !ref_entry) {
		vendorban_free(ref_entry);
		return -ENOMEM;
	}
	fill_index(index, policy, ref_entry);
	vendorban_free(ref_entry);
	return 0;
}

/**
 * vendorban_index_free() - release an index
 * @index: the index, or NULL
 */
void vendorban_index_free(struct vendorban_index *index)
{
	unsigned int i;

	if (!index)
		return;
	if (index->issuers) {
		for (i = 0; i < index->nr_rules; i++)
			vendorban_free(index->issuers[i]);
	}
	vendorban_free(index->issuers);
	vendorban_free(index->slots);
	vendorban_free(index->entries);
	vendorban_free(index->rules);
	vendorban_free(index);
}

/**
 * vendorban_index_lookup() - the rules naming an identity
 * @index: the index of a policy
 * @key: the identity
 * @rules: set to the ascending rule list when there is one
 *
 * Context: any; the index is immutable.
 * Return: the number of rules in *@rules (0 if none names @key).
 */
unsigned int vendorban_index_lookup(const struct vendorban_index *index,
				    const struct vendorban_key *key,
				    const u32 **rules)
{
	const struct vendorban_index_entry *e;
	u32 hash = key_hash(key);
	u32 slot = hash & index->mask;

	while (index->slots[slot]) {
		e = &index->entries[index->slots[slot] - 1];
		if (e->hash == hash && key_equal(&e->key, key)) {
			*rules = &index->rules[e->first];
			return e->count;
		}
		slot = (slot + 1) & index->mask;
	}
	return 0;
}
