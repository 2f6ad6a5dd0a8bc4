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

/*
 * Keys are hashed 8 bytes at a time, a multiply and a shift per word:
 * enough to spread keys the policy author chose (digests most of them),
 * at an eighth of the work of a hash over bytes.
 */
#define HASH_SEED	0x9e3779b97f4a7c15ull
#define HASH_MUL	0xff51afd7ed558ccdull

#define INDEX_MIN_SLOTS	16

/*
 * An item (a rule or a pool certificate) files at most four keys: a ca
 * rule's fingerprint, issuer-serial, skid and subject DN.
 */
#define RULE_MAX_KEYS	4

/**
 * struct vendorban_index_entry - one distinct identity
 * @a: the identity's bytes (for issuer-serial, the issuer DN); they belong
 *     to the policy
 * @b: for issuer-serial, the normalized serial; else unused
 * @a_len: length of @a
 * @b_len: length of @b (0 for other kinds)
 * @first: offset of its rule list in &vendorban_index.rules
 * @count: number of rules (or pool certificates) in the list
 * @kind: its enum vendorban_key_kind
 *
 * 32 bytes: a policy of a million rules has a million of these.  The hash
 * is not kept: a probe compares the kind and lengths, then the bytes,
 * whose first byte differs for all but one in 256 of distinct digests.
 */
struct vendorban_index_entry {
	const u8 *a;
	const u8 *b;
	u32 a_len;
	u32 b_len;
	u32 first;
	u32 count : 24;
	u32 kind : 8;
};

/* A list holds at most every rule and chain-cert line; kinds below 256. */
static_assert(VENDORBAN_POLICY_MAX_RULES + VENDORBAN_POLICY_MAX_CHAIN_CERTS <
	      (1 << 24), "an entry's count fits in 24 bits");
static_assert(VENDORBAN_KEY_LEGAL_ENTITY < 256, "a key kind fits in a byte");

/**
 * struct vendorban_index_cert - what the index keeps of one certificate
 * @issuer: the rendered issuer DN of a cert or ca rule's certificate (else
 *          NULL); the issuer-serial key of the rule points into it
 * @subject: the rendered subject DN of a ca rule or chain-cert (else NULL)
 * @pool: its number in the chain-building pool, or %NOT_IN_POOL
 */
struct vendorban_index_cert {
	char *issuer;
	char *subject;
	u32 pool;
};

/**
 * struct vendorban_index - identity to rules
 * @kinds: bit N set when an entry of key kind N exists
 * @mask: number of slots minus one
 * @slots: entry number plus one, or 0 for an empty slot
 * @entries: the distinct identities
 * @nr_entries: number of valid entries in @entries
 * @rules: rule lists of all entries, each ascending
 * @certs: per item that holds a certificate (a cert or ca rule, a
 *         chain-cert line), in item order: its rendered names
 * @nr_certs: number of entries in @certs
 * @pool: the certificates of the ca rules then of the chain-cert lines
 * @nr_pool: number of entries in @pool
 *
 * Items are numbered: rule i is item i, chain-cert line j is item
 * nr_rules + j.  Only items with a certificate have an entry in @certs, so
 * a policy of digests pays nothing for it.
 */
struct vendorban_index {
	u32 kinds;
	u32 mask;
	u32 *slots;
	struct vendorban_index_entry *entries;
	u32 nr_entries;
	u32 *rules;
	struct vendorban_index_cert *certs;
	u32 nr_certs;
	const struct vendorban_cert **pool;
	u32 nr_pool;
};

#define NOT_IN_POOL	0xffffffffu

/* Items are visited in order; the walk knows which certificate is next. */
struct item_walk {
	unsigned int item;
	unsigned int nr_items;
	u32 cert;
};

static u64 hash_word(u64 hash, u64 w)
{
	hash = (hash ^ w) * HASH_MUL;
	return hash ^ (hash >> 29);
}

/* @hash, then the @len bytes at @data and their count. */
static u64 hash_bytes(u64 hash, const u8 *data, size_t len)
{
	u64 w;

	for (; len >= sizeof(w); data += sizeof(w), len -= sizeof(w)) {
		memcpy(&w, data, sizeof(w));
		hash = hash_word(hash, w);
	}
	w = 0;
	if (len)
		memcpy(&w, data, len);
	return hash_word(hash, w ^ (u64)len << 56);
}

static u32 key_hash(const struct vendorban_key *key)
{
	u64 hash;

	hash = hash_bytes(HASH_SEED ^ key->kind, key->a, key->a_len);
	hash = hash_bytes(hash, key->b, key->b_len);
	return hash ^ hash >> 32;
}

static bool bytes_equal(const u8 *x, const u8 *y, size_t len)
{
	return !len || !memcmp(x, y, len);
}

static bool entry_is(const struct vendorban_index_entry *e,
		     const struct vendorban_key *key)
{
	return e->kind == key->kind &&
	       e->a_len == key->a_len && e->b_len == key->b_len &&
	       bytes_equal(e->a, key->a, key->a_len) &&
	       bytes_equal(e->b, key->b, key->b_len);
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
 * @rule: the rule
 * @names: the rendered names of its certificate (NULL if it has none)
 * @keys: filled with up to %RULE_MAX_KEYS keys
 *
 * A DN that could not be rendered is not filed: then no key of that kind.
 *
 * Return: the number of keys (0 for the selectors the signature state
 * decides, unsigned and malformed).
 */
static unsigned int rule_keys(const struct vendorban_rule *rule,
			      const struct vendorban_index_cert *names,
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
		return cert_keys(rule->cert, names->issuer, keys);
	case VENDORBAN_INDEX_CA:
		n = cert_keys(rule->cert, names->issuer, keys);
		return n + name_key(&keys[n], VENDORBAN_KEY_CA_SUBJECT,
				    names->subject);
	case VENDORBAN_INDEX_IMA:
		/* the parser made sure the SKID holds a key id */
		keys[0].kind = info->key;
		keys[0].a = rule->cert->skid.data + rule->cert->skid.len -
			    VENDORBAN_IMA_KEYID_LEN;
		keys[0].a_len = VENDORBAN_IMA_KEYID_LEN;
		return 1;
	default:
		return 0;
	}
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

/*
 * The certificate of item @item: a cert or ca rule's, or a chain-cert
 * line's; NULL for other rules.  *@in_pool: a ca rule or a chain-cert.
 */
static const struct vendorban_cert *
item_cert(const struct vendorban_policy *policy, unsigned int item,
	  bool *in_pool)
{
	const struct vendorban_selector_info *info;
	const struct vendorban_rule *rule;

	*in_pool = true;
	if (item >= policy->nr_rules)
		return &policy->chain_certs[item - policy->nr_rules].cert;
	rule = &policy->rules[item];
	if (!rule->cert)
		return NULL;
	info = vendorban_selector_info(rule->selector);
	*in_pool = info && info->index == VENDORBAN_INDEX_CA;
	return rule->cert;
}

/**
 * render_names() - render the DNs the index files and build the pool
 * @index: index under construction, @certs allocated
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
	unsigned int i, nr_items = policy->nr_rules + policy->nr_chain_certs;
	const struct vendorban_cert *cert;
	struct vendorban_index_cert *c;
	bool in_pool;
	char *buf;
	int ret = 0;

	buf = vendorban_alloc(VENDORBAN_NAME_MAX);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < nr_items && !ret; i++) {
		cert = item_cert(policy, i, &in_pool);
		if (!cert)
			continue;
		c = &index->certs[index->nr_certs++];
		c->pool = NOT_IN_POOL;
		if (i < policy->nr_rules)
			ret = render(&cert->issuer, buf, &c->issuer);
		if (!in_pool || ret)
			continue;
		ret = render(&cert->subject, buf, &c->subject);
		c->pool = index->nr_pool;
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
		if (entry_is(e, key))
			return index->slots[slot] - 1;
		slot = (slot + 1) & index->mask;
	}
	e = &index->entries[index->nr_entries];
	e->a = key->a;
	e->b = key->b;
	e->a_len = key->a_len;
	e->b_len = key->b_len;
	e->kind = key->kind;
	e->count = 0;
	index->kinds |= 1u << key->kind;
	index->slots[slot] = ++index->nr_entries;
	return index->nr_entries - 1;
}

/*
 * Keys of the next item of @w: its rule keys, then its pool key (the
 * subject DN of a pool certificate); @keys and @values have room for
 * %RULE_MAX_KEYS + 1.  @values gets what each key's list holds: the rule
 * index, or the pool index for the pool key.  Returns the number of keys
 * and moves @w to the next item.
 */
static unsigned int all_keys(const struct vendorban_index *index,
			     const struct vendorban_policy *policy,
			     struct item_walk *w, struct vendorban_key *keys,
			     u32 *values)
{
	const struct vendorban_index_cert *names = NULL;
	unsigned int item = w->item++, n = 0, k;
	bool in_pool;

	memset(keys, 0, (RULE_MAX_KEYS + 1) * sizeof(*keys));
	if (item_cert(policy, item, &in_pool))
		names = &index->certs[w->cert++];
	if (item < policy->nr_rules)
		n = rule_keys(&policy->rules[item], names, keys);
	for (k = 0; k < n; k++)
		values[k] = item;
	if (names && names->pool != NOT_IN_POOL &&
	    name_key(&keys[n], VENDORBAN_KEY_POOL_SUBJECT, names->subject))
		values[n++] = names->pool;
	if (!(item % 4096))
		vendorban_cond_resched();
	return n;
}

static void walk_start(struct item_walk *w,
		       const struct vendorban_policy *policy)
{
	w->item = 0;
	w->nr_items = policy->nr_rules + policy->nr_chain_certs;
	w->cert = 0;
}

static u32 count_keys(const struct vendorban_index *index,
		      const struct vendorban_policy *policy)
{
	struct vendorban_key keys[RULE_MAX_KEYS + 1];
	u32 values[RULE_MAX_KEYS + 1];
	struct item_walk w;
	u32 n = 0;

	for (walk_start(&w, policy); w.item < w.nr_items;)
		n += all_keys(index, policy, &w, keys, values);
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
	struct item_walk w;
	unsigned int i, k, n;
	u32 ref = 0, first = 0;

	for (walk_start(&w, policy); w.item < w.nr_items;) {
		n = all_keys(index, policy, &w, keys, values);
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
	for (walk_start(&w, policy); w.item < w.nr_items;) {
		n = all_keys(index, policy, &w, keys, values);
		for (k = 0; k < n; k++) {
			e = &index->entries[ref_entry[ref++]];
			index->rules[e->first + e->count++] = values[k];
		}
	}
}

/* The number of items that hold a certificate. */
static u32 count_certs(const struct vendorban_policy *policy)
{
	u32 i, n = policy->nr_chain_certs;

	for (i = 0; i < policy->nr_rules; i++)
		n += !!policy->rules[i].cert;
	return n;
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
	u32 nr_keys, nr_certs, nr_slots = INDEX_MIN_SLOTS;
	u32 *ref_entry;
	int ret;

	index = vendorban_zalloc(sizeof(*index));
	if (!index)
		return -ENOMEM;
	policy->index = index;
	nr_certs = count_certs(policy);
	index->certs = vendorban_zalloc(nr_certs * sizeof(*index->certs));
	index->pool = vendorban_zalloc(nr_certs * sizeof(*index->pool));
	if (!index->certs || !index->pool)
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
	for (i = 0; index->certs && i < index->nr_certs; i++) {
		vendorban_free(index->certs[i].issuer);
		vendorban_free(index->certs[i].subject);
	}
	vendorban_free(index->certs);
	vendorban_free(index->pool);
	vendorban_free(index->slots);
	vendorban_free(index->entries);
	vendorban_free(index->rules);
	vendorban_free(index);
}

/**
 * vendorban_index_has_kind() - whether any key of a kind is in the index
 * @index: the index of a policy
 * @kind: the key kind
 *
 * Context: any; the index is immutable.
 * Return: false when no lookup of @kind can find anything, so that the
 * work of computing such keys can be skipped.
 */
bool vendorban_index_has_kind(const struct vendorban_index *index,
			      enum vendorban_key_kind kind)
{
	return index->kinds & (1u << kind);
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
	u32 hash, slot;

	if (!vendorban_index_has_kind(index, key->kind))
		return 0;
	hash = key_hash(key);
	slot = hash & index->mask;
	while (index->slots[slot]) {
		e = &index->entries[index->slots[slot] - 1];
		if (entry_is(e, key)) {
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
