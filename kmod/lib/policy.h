/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - policy: rules, parser, canonical form and identity index
 *
 * The text format is documented in docs/policy-format.md.
 */

#ifndef _SECURITY_VENDORBAN_POLICY_H
#define _SECURITY_VENDORBAN_POLICY_H

#include "compat.h"
#include "imasig.h"
#include "pkcs7.h"
#include "x509.h"

/* Format version this parser reads ("vendorban-policy 1"). */
#define VENDORBAN_POLICY_FORMAT		1
/*
 * Largest policy text accepted (bytes), and most rules and chain-cert
 * lines.  Room for a million rules of any kind (a file-sha256 line is 83
 * bytes, an issuer-serial line about 130); the rule count bounds the
 * memory a policy takes (docs/kernel-interface.md, "Limits").
 */
#define VENDORBAN_POLICY_MAX_SIZE	(128 * 1024 * 1024)
#define VENDORBAN_POLICY_MAX_RULES	(1024 * 1024)
#define VENDORBAN_POLICY_MAX_CHAIN_CERTS	65536
/* Largest certificate a cert, ca or chain-cert line holds (DER bytes). */
#define VENDORBAN_POLICY_MAX_CERT	(2 * 1024 * 1024)
#define VENDORBAN_NAME_LEN		64
#define VENDORBAN_LABEL_LEN		64
#define VENDORBAN_REASON_LEN		128

/* &vendorban_rule.value_len has 24 bits: a certificate is the longest value. */
static_assert(VENDORBAN_POLICY_MAX_CERT < (1 << 24),
	      "a rule's value length fits in 24 bits");

enum vendorban_action {
	VENDORBAN_ACTION_ALLOW,
	VENDORBAN_ACTION_DENY,
	/* audit-only: log a would-deny record, let the file run */
	VENDORBAN_ACTION_AUDIT,
};

enum vendorban_selector {
	VENDORBAN_SEL_FINGERPRINT,	/* signer cert SHA-256 */
	VENDORBAN_SEL_ISSUER_SERIAL,	/* signer issuer DN + serial */
	VENDORBAN_SEL_SKID,		/* signer subject key identifier */
	VENDORBAN_SEL_SUBJECT_O,	/* signer cert subject O, exact */
	VENDORBAN_SEL_SUBJECT_CN,	/* signer cert subject CN, exact */
	VENDORBAN_SEL_ISSUER,		/* signer issuer DN, exact */
	VENDORBAN_SEL_CERT,		/* one certificate, all its identities */
	VENDORBAN_SEL_UNSIGNED,		/* no signature at all */
	VENDORBAN_SEL_MALFORMED,	/* a signature that cannot be parsed */
	VENDORBAN_SEL_CA,		/* signer chains to this CA cert */
	VENDORBAN_SEL_FILE_SHA256,	/* SHA-256 of the whole file */
	VENDORBAN_SEL_IMA_KEYID,	/* security.ima signature key id */
	VENDORBAN_SEL_LEGAL_ENTITY,	/* signer cert subject's registration */
	VENDORBAN_SEL_IMA_CERT,		/* security.ima signature verifies */
	__VENDORBAN_SEL_MAX
};

/* &vendorban_rule.action has 2 bits, &vendorban_rule.selector 6. */
static_assert(VENDORBAN_ACTION_AUDIT < 4, "an action fits in 2 bits");
static_assert(__VENDORBAN_SEL_MAX <= 64, "a selector fits in 6 bits");

/**
 * struct vendorban_rule - one rule line
 * @line: 1-based line number in the text the policy was parsed from
 * @action: what the rule does when it decides (enum vendorban_action)
 * @selector: what the rule matches (enum vendorban_selector)
 * @label: optional label, an empty string if none (never NULL); rules
 *         with a label seen lately share one copy
 * @value: selector argument in canonical form: raw bytes for fingerprint,
 *         skid, file-sha256 (32 bytes) and ima-keyid (4 bytes), the
 *         normalized serial for issuer-serial, the string (no NUL) for
 *         subject-o/subject-cn/issuer/legal-entity, the DER for cert and ca
 * @value_len: length of @value
 * @issuer: issuer DN string, for issuer-serial only (else NULL); rules
 *          naming an issuer seen lately share one copy
 * @cert: parsed certificate, for the selectors whose argument is one
 *        (cert, ca, ima-cert), else NULL; points into @value
 * @key: opaque handle the kernel attaches to a rule that needs a proof
 *       (vendorban_rule_needs_proof(): a key holding the certificate's
 *       public key, used to verify signatures); NULL in userspace and
 *       before the kernel attaches one
 *
 * 48 bytes on 64-bit: a policy holds a million of these, so the action,
 * the selector and the value's length share one word.  What the pointers
 * point to belongs to the policy (&vendorban_policy.arena).
 */
struct vendorban_rule {
	unsigned int line;
	u32 value_len : 24;
	u32 action : 2;
	u32 selector : 6;
	const char *label;
	u8 *value;
	char *issuer;
	struct vendorban_cert *cert;
	void *key;
};

/**
 * struct vendorban_chain_cert - a "chain-cert" line: a certificate supplied
 *                               only to build chains towards "ca" rules
 * @line: 1-based line number in the text the policy was parsed from
 * @der: the DER certificate (owned by the policy)
 * @der_len: its length
 * @cert: the parsed certificate; points into @der
 */
struct vendorban_chain_cert {
	unsigned int line;
	u8 *der;
	size_t der_len;
	struct vendorban_cert cert;
};

struct vendorban_index;
struct vendorban_arena;

/**
 * struct vendorban_policy - a parsed, immutable policy
 * @name: policy name from the header
 * @version: policy version from the header
 * @default_action: action when no rule decides
 * @writable_action: action for a file that can still change after it is
 *                   checked (open for writing, writably mapped, an unsealed
 *                   memfd): deny (the default) and audit decide alone;
 *                   %VENDORBAN_ACTION_ALLOW lets the rules decide
 * @unverifiable_action: the same for a file on a filesystem that may hand
 *                       vendorban other bytes than the loader (FUSE,
 *                       network filesystems)
 * @userns_mount_action: the same for a file on a filesystem mounted in a
 *                       user namespace (through overlayfs, also the real
 *                       file's): what its mounter controls
 * @memory_module_action: action for a module image handed to init_module()
 *                        from memory where the rules cannot judge it
 *                        without sleeping (the loadable form's BPF hook:
 *                        an "allow cert" rule that needs a proof, a
 *                        compressed image): deny (the default), audit or
 *                        allow; the built-in form judges every image by
 *                        the rules and never consults it
 * @nr_rules: number of entries in @rules
 * @rules: rules in file order; a rule's position is its precedence
 * @first_unsigned: index of the first "unsigned" rule, or -1
 * @first_malformed: index of the first "malformed" rule, or -1
 * @has_file_hash_rules: at least one "file-sha256" rule exists, so the
 *                       caller must compute the file's SHA-256 for
 *                       &vendorban_file_facts.file_sha256
 * @nr_chain_certs: number of entries in @chain_certs
 * @chain_certs: the "chain-cert" lines in file order
 * @index: hash index from identity to the rules that name it
 * @arena: the memory of the rules' values, labels, issuers and
 *         certificates, freed with the policy
 * @text: canonical text (NUL-terminated), what reading the policy
 *        returns; NULL when parsed with %VENDORBAN_PARSE_NO_TEXT (then
 *        vendorban_policy_put_record() renders it)
 * @text_len: length of the canonical text
 * @digest: SHA-256 of the canonical text
 */
struct vendorban_policy {
	char name[VENDORBAN_NAME_LEN + 1];
	u32 version;
	enum vendorban_action default_action;
	enum vendorban_action writable_action;
	enum vendorban_action unverifiable_action;
	enum vendorban_action userns_mount_action;
	enum vendorban_action memory_module_action;
	unsigned int nr_rules;
	struct vendorban_rule *rules;
	int first_unsigned;
	int first_malformed;
	bool has_file_hash_rules;
	unsigned int nr_chain_certs;
	struct vendorban_chain_cert *chain_certs;
	struct vendorban_index *index;
	struct vendorban_arena *arena;
	char *text;
	size_t text_len;
	u8 digest[VENDORBAN_SHA256_LEN];
};

/**
 * struct vendorban_parse_error - why a policy text was rejected
 * @line: 1-based line of the error (0 if it concerns the whole text)
 * @column: 1-based column, or 0 if not meaningful
 * @reason: human-readable reason, lower case, no trailing period
 */
struct vendorban_parse_error {
	unsigned int line;
	unsigned int column;
	char reason[VENDORBAN_REASON_LEN];
};

/* Do not keep the canonical text (&vendorban_policy.text is NULL). */
#define VENDORBAN_PARSE_NO_TEXT		1

int vendorban_policy_parse(const char *text, size_t len,
			   struct vendorban_policy **policy,
			   struct vendorban_parse_error *err);
int vendorban_policy_parse_flags(const char *text, size_t len,
				 unsigned int flags,
				 struct vendorban_policy **policy,
				 struct vendorban_parse_error *err);
void vendorban_policy_free(struct vendorban_policy *policy);

/**
 * struct vendorban_policy_cursor - where rendering the canonical text is
 * @rule: the next rule line
 * @chain: the next chain-cert line
 * @started: the header (the lines before the first rule) is behind
 *
 * The canonical text is a series of records: the header, then each rule
 * and chain-cert line in file order.  Zero-initialized, a cursor is at the
 * header.
 */
struct vendorban_policy_cursor {
	unsigned int rule;
	unsigned int chain;
	bool started;
};

size_t vendorban_policy_put_record(const struct vendorban_policy *policy,
				   const struct vendorban_policy_cursor *cur,
				   char *out);
bool vendorban_policy_next_record(const struct vendorban_policy *policy,
				  struct vendorban_policy_cursor *cur);
bool vendorban_policy_cursor_at(const struct vendorban_policy *policy,
				u64 index, struct vendorban_policy_cursor *cur);

/*
 * What the file's embedded signature (appended module signature or
 * Authenticode certificate table) turned out to be.
 */
enum vendorban_sig_state {
	VENDORBAN_SIG_NONE,		/* no signature */
	VENDORBAN_SIG_MALFORMED,	/* trailer or PKCS#7 could not be parsed */
	VENDORBAN_SIG_PRESENT,		/* parsed into vendorban_pkcs7 message(s) */
};

/*
 * Most signatures (PKCS#7 messages) of one file; a file with more is
 * malformed (see kmod/lib/sigset.c).
 */
#define VENDORBAN_MAX_MSGS		16
/* Longest CA chain walked from a signer towards "ca" rules. */
#define VENDORBAN_MAX_CHAIN_DEPTH	8
/*
 * Chain steps walked per file, all signers together; a file that needs
 * more is malformed (&vendorban_match.limit).
 */
#define VENDORBAN_MAX_CHAIN_STEPS	64
/*
 * DER bytes of names rendered or searched per file (the matcher's work is
 * linear in them); a file that needs more is malformed.
 */
#define VENDORBAN_MAX_NAME_BYTES	(256 * 1024)
/*
 * Bytes of signer certificates hashed per file for their fingerprint (only
 * under a policy that has a fingerprint to find: fingerprint, cert and ca
 * rules); a file that needs more is malformed.  Real signer certificates
 * are 1 to 2 KiB, one to three per file; 8 KiB hashed cost about one
 * normal signed exec under TCG (BENCH_WORST=1 make bench-exec).
 */
#define VENDORBAN_MAX_FPR_BYTES		(8 * 1024)

struct vendorban_candidate;

/**
 * struct vendorban_file_facts - what is known about a file, for matching
 * @state: the state of the file's embedded signature
 * @msgs: the parsed signatures (for a PE file one per PKCS#7 certificate
 *        table entry, nested signatures included); looked up whatever
 *        @state says, so a file with one good and one malformed signature
 *        can be given as %VENDORBAN_SIG_MALFORMED with the good one in @msgs
 * @nr_msgs: number of entries in @msgs (only the first
 *           %VENDORBAN_MAX_MSGS are looked at); 0 if none
 * @nr_provable: the first @nr_provable entries of @msgs may prove an
 *               "allow cert" (their signature covers all of the file
 *               before it); the others serve deny and audit rules only
 * @limit: @state is %VENDORBAN_SIG_MALFORMED because a limit was exceeded
 * @corrupt: @state is %VENDORBAN_SIG_MALFORMED because a compressed module
 *           image does not decompress (kmod/lib/modimage.c)
 * @file_sha256: SHA-256 of the whole file, or NULL if not computed (it is
 *               needed only when &vendorban_policy.has_file_hash_rules)
 * @ima_keyid: key id of the file's security.ima signature
 *             (%VENDORBAN_IMA_KEYID_LEN bytes), or NULL if it has none
 * @ima_verify: whether the file's security.ima signature verifies with the
 *              certificate of @rule (an ima-cert rule whose key id it
 *              names): 0 if it does, else a negative errno; may sleep
 *              (it hashes the file).  NULL: no ima-cert rule can match.
 * @ima_ctx: passed to @ima_verify
 * @first_pe_msg: index in @msgs of the first Authenticode signature (those
 *                of a PE certificate table, nested ones included, run to
 *                the end of @msgs); only read when @pe_verify is set
 * @pe_verify: proves an "allow cert" candidate @c of an Authenticode
 *             message: whether the image digest it signs is this file's
 *             and signer @c->signer verifies with @rule's certificate: 0
 *             if so, else a negative errno; may sleep (it hashes the
 *             image).  NULL: Authenticode signatures cannot prove an allow.
 * @pe_ctx: passed to @pe_verify
 * @ca_verify: proves an "allow ca" candidate @c: the signer's certificate
 *             chains to @rule's CA with every link's signature checked
 *             (vendorban_chain_issuer() finds the links), and the signer's
 *             signature over the file (the last trailer, or an
 *             Authenticode signature with this file's image digest)
 *             verifies with its certificate: 0 if so, else a negative
 *             errno; may sleep.  NULL: no allow ca can be proven.
 * @ca_ctx: passed to @ca_verify
 */
struct vendorban_file_facts {
	enum vendorban_sig_state state;
	const struct vendorban_pkcs7 *const *msgs;
	unsigned int nr_msgs;
	unsigned int nr_provable;
	bool limit;
	bool corrupt;
	const u8 *file_sha256;
	const u8 *ima_keyid;
	int (*ima_verify)(void *ima_ctx, const struct vendorban_rule *rule);
	void *ima_ctx;
	int first_pe_msg;
	int (*pe_verify)(void *pe_ctx, const struct vendorban_candidate *c,
			 const struct vendorban_rule *rule);
	void *pe_ctx;
	int (*ca_verify)(void *ca_ctx, const struct vendorban_candidate *c,
			 const struct vendorban_rule *rule);
	void *ca_ctx;
};

/*
 * Candidates kept per file.  Past this, the rest are dropped and the match
 * is marked (&vendorban_match.limit): a file no kept candidate decides for
 * is then malformed, not left to the default.
 */
#define VENDORBAN_MAX_CANDIDATES	64

/**
 * struct vendorban_candidate - a rule that matched an identity of a file
 * @rule: index into &vendorban_policy.rules
 * @msg: index into &vendorban_file_facts.msgs of the signature whose signer
 *       matched, or -1 for the unsigned, malformed, file-sha256 and
 *       ima-keyid rules
 * @signer: index of the SignerInfo (in that message) whose identity
 *          matched, or -1 when @msg is -1
 */
struct vendorban_candidate {
	int rule;
	int msg;
	int signer;
};

/* Digest algorithms (enum vendorban_hash_algo values) and largest size. */
#define VENDORBAN_NR_HASH_ALGOS		(VENDORBAN_HASH_SHA512 + 1)
#define VENDORBAN_MAX_DIGEST		64

/**
 * struct vendorban_name_cache - a Name rendered by the matcher
 * @src: the DER it was rendered from (tag and length included); empty
 *       when nothing was rendered yet
 * @ok: it could be rendered
 * @len: the length of @text
 * @hash: a hash of @text, so that a comparison of names that differ
 *        mostly stops before their text is compared
 * @text: the rendering (vendorban_name_format()), "" if not @ok
 */
struct vendorban_name_cache {
	struct vendorban_blob src;
	bool ok;
	size_t len;
	u32 hash;
	char text[VENDORBAN_NAME_MAX];
};

/**
 * struct vendorban_match - the rules that match a file, in precedence order
 * @nr: number of valid entries in @c
 * @c: candidates sorted by ascending (rule, msg, signer), no duplicates
 * @limit: a per-file limit was exceeded while matching (candidates dropped,
 *         %VENDORBAN_MAX_CHAIN_STEPS, %VENDORBAN_MAX_NAME_BYTES,
 *         %VENDORBAN_MAX_FPR_BYTES, a Name with too many attributes):
 *         the file counts as malformed
 * @steps: chain steps walked so far
 * @name_bytes: DER bytes of names rendered or searched so far
 * @fpr_bytes: bytes of signer certificates hashed so far
 * @fpr_limit: a signer certificate was not hashed, over
 *             %VENDORBAN_MAX_FPR_BYTES: @limit is set when the matching
 *             ends, once every other identity of every signer was looked up
 * @fpr_cert: the certificate @fpr is the fingerprint of, or NULL
 * @fpr: the last fingerprint computed
 * @scratch: the matcher's working space (rendered names); not a result.
 *           It lives here so that matching needs little stack: allocate
 *           this structure, do not put it on a kernel stack.
 * @subj_msg: the message whose certificates @subj caches, or -1
 * @subj_state: per certificate of that message: 0 not rendered yet, 1 in
 *              @subj, 2 cannot be rendered
 * @subj: the certificates' subject DNs, each rendered once per message,
 *        or once per file when another message has the same bytes at the
 *        same place (nested signatures repeat their certificates)
 * @iss_state: per certificate of that message, as @subj_state, for @iss
 * @iss_last: the certificate whose issuer was rendered last, or -1
 * @iss: the certificates' issuer DNs, rendered as @subj (the work is still
 *       charged to @name_bytes at each use, so the limits fall where they
 *       would if each use rendered it)
 * @digest_state: per digest algorithm: 0 not computed, 1 in @digest,
 *                2 failed (vendorban_policy_pick())
 * @digest: the signed data's digest per algorithm, computed once per file
 * @proof_why: per candidate, what vendorban_policy_pick()'s proof gave (0
 *             proven or none needed, else a VENDORBAN_UNPROVEN_* value plus
 *             one), so that a candidate needing the same proof reuses it
 * @proof_err: per candidate, the errno of that proof
 * @atomic: filled by vendorban_policy_match_atomic(): the caller may not
 *          sleep, so vendorban_policy_pick() does not yield the CPU either
 */
struct vendorban_match {
	unsigned int nr;
	struct vendorban_candidate c[VENDORBAN_MAX_CANDIDATES];
	bool limit;
	unsigned int steps;
	size_t name_bytes;
	size_t fpr_bytes;
	bool fpr_limit;
	const struct vendorban_cert *fpr_cert;
	u8 fpr[VENDORBAN_SHA256_LEN];
	char scratch[2][VENDORBAN_NAME_MAX];
	int subj_msg;
	u8 subj_state[VENDORBAN_MAX_CERTS];
	struct vendorban_name_cache subj[VENDORBAN_MAX_CERTS];
	u8 iss_state[VENDORBAN_MAX_CERTS];
	int iss_last;
	struct vendorban_name_cache iss[VENDORBAN_MAX_CERTS];
	u8 digest_state[VENDORBAN_NR_HASH_ALGOS];
	u8 digest[VENDORBAN_NR_HASH_ALGOS][VENDORBAN_MAX_DIGEST];
	u8 proof_why[VENDORBAN_MAX_CANDIDATES];
	int proof_err[VENDORBAN_MAX_CANDIDATES];
	bool atomic;
};

void vendorban_policy_match(const struct vendorban_policy *policy,
			    const struct vendorban_file_facts *facts,
			    struct vendorban_match *match);
void vendorban_policy_match_atomic(const struct vendorban_policy *policy,
				   const struct vendorban_file_facts *facts,
				   struct vendorban_match *match);

/**
 * enum vendorban_unproven - why an "allow cert" candidate did not count
 * @VENDORBAN_UNPROVEN_UNCOVERED: its signature does not cover the whole
 *	file, it is not among the first &vendorban_file_facts.nr_provable
 *	(an Authenticode signature, a trailer that more bytes follow)
 * @VENDORBAN_UNPROVEN_DIGEST: the digest of the signed data could not be
 *	computed
 * @VENDORBAN_UNPROVEN_VERIFY: &vendorban_prover.verify failed
 */
enum vendorban_unproven {
	VENDORBAN_UNPROVEN_UNCOVERED,
	VENDORBAN_UNPROVEN_DIGEST,
	VENDORBAN_UNPROVEN_VERIFY,
};

/**
 * struct vendorban_prover - how the caller proves an "allow cert" candidate
 * @digest: computes the digest with @algo of the data the provable
 *          signatures sign (the file before its last trailer) into @out;
 *          called at most once per algorithm per vendorban_policy_pick().
 *          0 or a negative errno.  NULL: @verify gets a NULL digest.
 * @verify: whether signer @c->signer of message @c->msg verifies with the
 *          certificate of @rule over that data, whose digest is @digest:
 *          0 if it does, else a negative errno
 * @unproven: told of each candidate that needed a proof and did not count,
 *            in walk order, with why and, for
 *            %VENDORBAN_UNPROVEN_VERIFY, @verify's errno (else 0); may be
 *            NULL.  It only hears about the walk, it cannot change it.
 * @ctx: passed to all three
 */
struct vendorban_prover {
	int (*digest)(void *ctx, enum vendorban_hash_algo algo, u8 *out);
	int (*verify)(void *ctx, const struct vendorban_candidate *c,
		      const struct vendorban_rule *rule, const u8 *digest);
	void (*unproven)(void *ctx, const struct vendorban_candidate *c,
			 enum vendorban_unproven why, int err);
	void *ctx;
};

/**
 * struct vendorban_verdict - what vendorban_policy_pick() decided
 * @cand: index in &vendorban_match.c of the deciding candidate, or -1
 * @action: the action
 * @reason: when no rule decided and the default did not either: "malformed"
 *          or "limit" (the file is refused); else NULL
 */
struct vendorban_verdict {
	int cand;
	enum vendorban_action action;
	const char *reason;
};

void vendorban_policy_pick(const struct vendorban_policy *policy,
			   const struct vendorban_file_facts *facts,
			   struct vendorban_match *match,
			   const struct vendorban_prover *prover,
			   struct vendorban_verdict *v);

/**
 * enum vendorban_fact - what is known of one property of a file
 * @VENDORBAN_FACT_NO: it does not hold
 * @VENDORBAN_FACT_YES: it holds
 * @VENDORBAN_FACT_UNKNOWN: it could not be measured (the tool, from
 *	userspace, cannot see everything the kernel sees); the kernel never
 *	gives this
 */
enum vendorban_fact {
	VENDORBAN_FACT_NO,
	VENDORBAN_FACT_YES,
	VENDORBAN_FACT_UNKNOWN,
};

/**
 * enum vendorban_unread - why a decision is made without reading the file
 * @VENDORBAN_READ: the file is read: the rules may decide
 * @VENDORBAN_UNREAD_NO_CACHE: mprotect(PROT_EXEC) without a cached allow
 *	(under the mmap lock the file cannot be read): refused
 * @VENDORBAN_UNREAD_UNPINNED: mprotect(PROT_EXEC) with a cached allow, but
 *	the file could not be pinned (a writer has it): refused as writable
 * @VENDORBAN_UNREAD_STALE: a module file copied up (overlayfs) between its
 *	check and the kernel's read: the writable setting decides
 * @VENDORBAN_UNREAD_MEMORY: a module image from memory the rules cannot
 *	judge (the loadable form): the memory-modules setting decides
 */
enum vendorban_unread {
	VENDORBAN_READ,
	VENDORBAN_UNREAD_NO_CACHE,
	VENDORBAN_UNREAD_UNPINNED,
	VENDORBAN_UNREAD_STALE,
	VENDORBAN_UNREAD_MEMORY,
};

/**
 * struct vendorban_trust_facts - what the policy's settings look at,
 *                                measured once per decision
 * @unread: whether the file can be read at all, and if not why
 * @writable: the file can still change after it is checked (open for
 *            writing, mapped shared and writable, an unsealed memfd, not
 *            pinned, an overlayfs file whose real file changed)
 * @unverifiable: its filesystem, or one under it, may hand vendorban other
 *                bytes than the loader (vendorban_fs_magic_unverifiable())
 * @userns_mount: its filesystem, or one under it, was mounted in a user
 *                namespace
 *
 * The kernel measures them on the file being decided (kmod/trust.c); the
 * tool on the file on disk, saying %VENDORBAN_FACT_UNKNOWN for what it
 * cannot see.  vendorban_policy_settle() turns them into a verdict.
 */
struct vendorban_trust_facts {
	enum vendorban_unread unread;
	enum vendorban_fact writable;
	enum vendorban_fact unverifiable;
	enum vendorban_fact userns_mount;
};

/* The facts of vendorban_policy_unknown()'s mask, one bit each. */
#define VENDORBAN_UNKNOWN_WRITABLE	0x1
#define VENDORBAN_UNKNOWN_UNVERIFIABLE	0x2
#define VENDORBAN_UNKNOWN_USERNS_MOUNT	0x4

bool vendorban_policy_settle(const struct vendorban_policy *policy,
			     const struct vendorban_trust_facts *tf,
			     struct vendorban_verdict *v);
unsigned int vendorban_policy_unknown(const struct vendorban_policy *policy,
				      const struct vendorban_trust_facts *tf);
bool vendorban_fs_magic_unverifiable(unsigned long magic);

const struct vendorban_cert *
vendorban_chain_issuer(const struct vendorban_policy *policy,
		       const struct vendorban_pkcs7 *msg,
		       const struct vendorban_cert *cert, char *buf, char *buf2);
const char *vendorban_action_name(enum vendorban_action action);
const char *vendorban_selector_name(enum vendorban_selector selector);

#endif /* _SECURITY_VENDORBAN_POLICY_H */
