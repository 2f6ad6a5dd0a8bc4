// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - policy identity index
 *
 * Maps each identity a rule names (a fingerprint, an issuer and serial, a
 * SKID, a subject O or CN, an issuer DN, a CA's subject DN, a file hash, an
 * IMA key id) to the ascending list of the rules naming it, and the subject
 * DN of each certificate of the chain-building pool to the ascending list
 * of the pool certificates having it.  Open addressing with linear probing
 * over a power-of-two table kept at most half full, so a lookup costs O(1) expected whatever the
 * number of rules.  Distinct identities get one entry each; their rule lists
 * are slices of one shared array.
 */

#include "policy_index.h"
#include "selector.h"

/* FNV-1a, 32 bit: enough to spread keys the policy author chose. */
#define FNV_OFFSET	2166136261u
#define FNV_PRIME	16777619u

#define INDEX_MIN_SLOTS	16

/*
 * An item (a rule or a pool certificate) files at most four keys: a ca
 * rule's fingerprint, issuer-serial, skid and subject DN.
 */
#define RULE_MAX_KEYS	4

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
 * @issuers: per rule, the rendered issuer DN of a cert or ca rule (else
 *           NULL); the issuer-serial keys of those rules point into these
 * @subjects: per item (rules, then chain-cert lines), the rendered subject
 *            DN of a ca rule or chain-cert (else NULL)
 * @nr_rules: number of entries in @issuers
 * @nr_items: number of entries in @subjects: rules plus chain certificates
 * @pool: the certificates of the ca rules then of the chain-cert lines
 * @pool_of_item: per item, its pool index, or U32_MAX (not in the pool)
 * @nr_pool: number of entries in @pool
 *
 * Items are numbered: rule i is item i, chain-cert line j is item
 * @nr_rules + j.
 */
struct vendorban_index {
	u32 mask;
	u32 *slots;
	struct vendorban_index_entry *entries;
	u32 nr_entries;
	u32 *rules;
	char **issuers;
	char **subjects;
	unsigned int nr_rules;
	unsigned int nr_items;
	const struct vendorban_cert **pool;
	u32 *pool_of_item;
	u32 nr_pool;
};

#define NOT_IN_POOL	0xffffffffu

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

/* Files @name (a rendered DN or NULL) under @kind; returns keys added. */
static unsigned int name_key(struct vendorban_key *key,
			     enum vendorban_key_kind kind, const char *name)
{
	if (!name)
		return 0;
	key->kind = kind;
	key->a = (const u8 *)name;
	key->a_len = strlen(name);
	return 1;
}

/* The keys of a certificate named by a cert or ca rule. */
static unsigned int cert_keys(const struct vendorban_cert *cert,
			      const char *cert_issuer,
			      struct vendorban_key *keys)
{
	struct vendorban_blob serial;
	unsigned int n = 0;

	keys[n].kind = VENDORBAN_KEY_FINGERPRINT;
	keys[n].a = cert->fingerprint;
	keys[n++].a_len = VENDORBAN_SHA256_LEN;
	if (cert_issuer) {
		serial = cert->serial;
		vendorban_serial_normalize(&serial);
		keys[n].kind = VENDORBAN_KEY_ISSUER_SERIAL;
		keys[n].a = (const u8 *)cert_issuer;
		keys[n].a_len = strlen(cert_issuer);
		keys[n].b = serial.data;
		keys[n++].b_len = serial.len;
	}
	if (cert->skid.len) {
		keys[n].kind = VENDORBAN_KEY_SKID;
		keys[n].a = cert->skid.data;
		keys[n++].a_len = cert->skid.len;
	}
	return n;
}

/**
 * rule_keys() - the identities a rule is filed under
 * @index: the index under construction (rendered DNs)
 * @rule: the rule
 * @i: its index
 * @keys: filled with up to %RULE_MAX_KEYS keys
 *
 * A DN that could not be rendered is not filed: then no key of that kind.
 *
 * Return: the number of keys (0 for the selectors the signature state
 * decides, unsigned and malformed).
 */
static unsigned int rule_keys(const struct vendorban_index *index,
			      const struct vendorban_rule *rule, unsigned int i,
			      struct vendorban_key *keys)
{
	const struct vendorban_selector_info *info;
	unsigned int n;

	info = vendorban_selector_info(rule->selector);
	switch (info ? info->index : VENDORBAN_INDEX_STATE) {
	case VENDORBAN_INDEX_VALUE:
		keys[0].kind = info->key;
		keys[0].a = rule->value;
		keys[0].a_len = rule->value_len;
		return 1;
	case VENDORBAN_INDEX_ISSUER_SERIAL:
		keys[0].kind = info->key;
		keys[0].a = (const u8 *)rule->issuer;
		keys[0].a_len = strlen(rule->issuer);
		keys[0].b = rule->value;
		keys[0].b_len = rule->value_len;
		return 1;
	case VENDORBAN_INDEX_CERT:
		return cert_keys(&rule->cert, index->issuers[i], keys);
	case VENDORBAN_INDEX_CA:
		n = cert_keys(&rule->cert, index->issuers[i], keys);
		return n + name_key(&keys[n], VENDORBAN_KEY_CA_SUBJECT,
				    index->subjects[i]);
	case VENDORBAN_INDEX_IMA:
		/* the parser made sure the SKID holds a key id */
		keys[0].kind = info->key;
		keys[0].a = rule->cert.skid.data + rule->cert.skid.len -
			    VENDORBAN_IMA_KEYID_LEN;
		keys[0].a_len = VENDORBAN_IMA_KEYID_LEN;
		return 1;
	default:
		return 0;
	}
}

/* The keys of item @item: a rule's, or a pool certificate's subject. */
static unsigned int item_keys(const struct vendorban_index *index,
			      const struct vendorban_policy *policy,
			      unsigned int item, struct vendorban_key *keys)
{
	memset(keys, 0, RULE_MAX_KEYS * sizeof(*keys));
	if (item < policy->nr_rules)
		return rule_keys(index, &policy->rules[item], item, keys);
	return 0;
}

/* The pool keys of item @item: its subject DN if it is in the pool. */
static unsigned int pool_keys(const struct vendorban_index *index,
			      unsigned int item, struct vendorban_key *key)
{
	memset(key, 0, sizeof(*key));
	if (index->pool_of_item[item] == NOT_IN_POOL)
		return 0;
	return name_key(key, VENDORBAN_KEY_POOL_SUBJECT,
			index->subjects[item]);
}

/* A copy of the rendered @name, NULL if it cannot be rendered. */
static int render(const struct vendorban_blob *name, char *buf, char **out)
{
	size_t len;

	*out = NULL;
	if (vendorban_name_format(name, buf, VENDORBAN_NAME_MAX) < 0)
		return 0;
	buf[VENDORBAN_NAME_MAX - 1] = '\0';
	len = strlen(buf) + 1;
	*out = vendorban_alloc(len);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, buf, len);
	return 0;
}

/* The certificate of item @item if it is a ca rule or a chain-cert line. */
static const struct vendorban_cert *
item_cert(const struct vendorban_policy *policy, unsigned int item,
	  bool *is_rule_cert)
{
	const struct vendorban_selector_info *info;
	const struct vendorban_rule *rule;

	*is_rule_cert = false;
	if (item >= policy->nr_rules)
		return &policy->chain_certs[item - policy->nr_rules].cert;
	rule = &policy->rules[item];
	info = vendorban_selector_info(rule->selector);
	if (!info || info->arg != VENDORBAN_ARG_CERT)
		return NULL;
	*is_rule_cert = true;
	return info->index == VENDORBAN_INDEX_CA ? &rule->cert : NULL;
}

/**
 * render_names() - render the DNs the index files and build the pool
 * @index: index under construction
 * @policy: the policy
 *
 * Every cert and ca rule gets its issuer DN rendered, every ca rule and
 * chain-cert line its subject DN.  A DN that cannot be rendered (e.g.
 * -EOPNOTSUPP for an odd string type) is left NULL: the rule is then not
 * filed under it, just as a signer with that name could not be looked up by
 * it either.
 *
 * Return: 0, or -ENOMEM.
 */
static int render_names(struct vendorban_index *index,
			const struct vendorban_policy *policy)
{
	const struct vendorban_cert *cert;
	bool rule_cert;
	unsigned int i;
	char *buf;
	int ret = 0;

	buf = vendorban_alloc(VENDORBAN_NAME_MAX);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < index->nr_items && !ret; i++) {
		index->pool_of_item[i] = NOT_IN_POOL;
		cert = item_cert(policy, i, &rule_cert);
		if (rule_cert)
			ret = render(&policy->rules[i].cert.issuer, buf,
				     &index->issuers[i]);
		if (!cert || ret)
			continue;
		ret = render(&cert->subject, buf, &index->subjects[i]);
		index->pool_of_item[i] = index->nr_pool;
		index->pool[index->nr_pool++] = cert;
	}
	vendorban_free(buf);
	return ret;
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

/*
 * Keys of item @item: its rule keys, then its pool key; @keys and @values
 * have room for %RULE_MAX_KEYS + 1.  @values gets what each key's list
 * holds: the rule index, or the pool index for the pool key.
 */
static unsigned int all_keys(const struct vendorban_index *index,
			     const struct vendorban_policy *policy,
			     unsigned int item, struct vendorban_key *keys,
			     u32 *values)
{
	unsigned int n, k;

	n = item_keys(index, policy, item, keys);
	for (k = 0; k < n; k++)
		values[k] = item;
	/* @keys has room for one more */
	if (pool_keys(index, item, &keys[n]))
		values[n++] = index->pool_of_item[item];
	return n;
}

static u32 count_keys(const struct vendorban_index *index,
		      const struct vendorban_policy *policy)
{
	struct vendorban_key keys[RULE_MAX_KEYS + 1];
	u32 values[RULE_MAX_KEYS + 1];
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < index->nr_items; i++)
		n += all_keys(index, policy, i, keys, values);
	return n;
}

/**
 * fill_index() - file every rule's keys
 * @index: index with its tables allocated, no entry yet
 * @policy: the policy
 * @ref_entry: scratch, one slot per key
 *
 * Items are visited in order, so each entry's list comes out sorted (pool
 * indexes grow with item numbers, and a pool key never shares an entry
 * with a rule key: the kinds differ).
 */
static void fill_index(struct vendorban_index *index,
		       const struct vendorban_policy *policy, u32 *ref_entry)
{
	struct vendorban_key keys[RULE_MAX_KEYS + 1];
	u32 values[RULE_MAX_KEYS + 1];
	struct vendorban_index_entry *e;
	unsigned int i, k, n;
	u32 ref = 0, first = 0;

	for (i = 0; i < index->nr_items; i++) {
		n = all_keys(index, policy, i, keys, values);
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
	for (i = 0; i < index->nr_items; i++) {
		n = all_keys(index, policy, i, keys, values);
		for (k = 0; k < n; k++) {
			e = &index->entries[ref_entry[ref++]];
			index->rules[e->first + e->count++] = values[k];
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
	index->nr_items = policy->nr_rules + policy->nr_chain_certs;
	index->issuers = vendorban_zalloc(policy->nr_rules * sizeof(char *));
	index->subjects = vendorban_zalloc(index->nr_items * sizeof(char *));
	index->pool = vendorban_zalloc(index->nr_items * sizeof(*index->pool));
	index->pool_of_item = vendorban_zalloc(index->nr_items * sizeof(u32));
	if (!index->issuers || !index->subjects || !index->pool ||
	    !index->pool_of_item)
		return -ENOMEM;
	ret = render_names(index, policy);
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
	if (index->subjects) {
		for (i = 0; i < index->nr_items; i++)
			vendorban_free(index->subjects[i]);
	}
	vendorban_free(index->issuers);
	vendorban_free(index->subjects);
	vendorban_free(index->pool);
	vendorban_free(index->pool_of_item);
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

/**
 * vendorban_index_pool_cert() - a certificate of the chain-building pool
 * @index: the index of a policy
 * @n: a pool index, from a %VENDORBAN_KEY_POOL_SUBJECT lookup
 *
 * Return: the certificate (of a ca rule or a chain-cert line), or NULL if
 * @n is out of range.
 */
const struct vendorban_cert *
vendorban_index_pool_cert(const struct vendorban_index *index, u32 n)
{
	return n < index->nr_pool ? index->pool[n] : NULL;
}
