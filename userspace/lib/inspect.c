// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - a signature read twice: by the kernel's parser and by
 * OpenSSL, field by field
 *
 * "ours" is what the shared kmod/lib code (the kernel's parser) reads;
 * "theirs" is OpenSSL's CMS reading of the same bytes (its PKCS#7
 * reading for Authenticode signatures, which CMS does not take).  DNs are printed by
 * OpenSSL with XN_FLAG_RFC2253 (UTF-8 left unescaped, as ours), serials
 * and key identifiers as lower-case hex without leading zero bytes.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "inspect.h"
#include "rules.h"
#include "util.h"
#include "x509.h"

#define NAME_FLAGS	(XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB)

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *fmt(const char *f, unsigned long long v)
{
	char *s;

	return asprintf(&s, f, v) < 0 ? NULL : s;
}

static void add(struct vb_inspection *in, const char *name, char *ours,
		char *theirs, bool compared)
{
	struct vb_field *f;

	if (in->nr == VB_MAX_FIELDS) {
		free(ours);
		free(theirs);
		return;
	}
	f = &in->f[in->nr++];
	f->name = name;
	f->ours = ours;
	f->theirs = theirs;
	f->compared = compared;
}

/* ---- the kernel parser's reading ---- */

static char *our_name(const struct vendorban_blob *name)
{
	char buf[VENDORBAN_NAME_MAX];

	if (!name->len || vendorban_name_format(name, buf, sizeof(buf)))
		return NULL;
	return strdup(buf);
}

static char *our_attr(const struct vendorban_blob *name,
		      enum vendorban_name_attr attr)
{
	char buf[VENDORBAN_NAME_MAX];

	if (vendorban_name_attr(name, attr, 0, buf, sizeof(buf)))
		return NULL;
	return strdup(buf);
}

static char *our_serial(struct vendorban_blob serial)
{
	if (!serial.len)
		return NULL;
	vendorban_serial_normalize(&serial);
	return vb_hex(serial.data, serial.len);
}

static const char *our_pkey(enum vendorban_pkey_algo algo)
{
	switch (algo) {
	case VENDORBAN_PKEY_RSA:
		return "rsa";
	case VENDORBAN_PKEY_ECDSA:
		return "ecdsa";
	default:
		return "unknown";
	}
}

/* ---- OpenSSL's reading ---- */

static char *ossl_name(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *s = NULL;
	long len;

	if (!bio)
		return NULL;
	if (X509_NAME_print_ex(bio, name, 0, NAME_FLAGS) >= 0) {
		len = BIO_get_mem_data(bio, &data);
		s = strndup(data, len);
	}
	BIO_free(bio);
	return s;
}

static char *ossl_attr(const X509_NAME *name, int nid)
{
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *utf8;
	char *s;
	int len;

	if (i < 0)
		return NULL;
	len = ASN1_STRING_to_UTF8(&utf8,
		X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (len < 0)
		return NULL;
	s = strndup((char *)utf8, len);
	OPENSSL_free(utf8);
	return s;
}

static char *ossl_serial(const ASN1_INTEGER *serial)
{
	BIGNUM *bn = serial ? ASN1_INTEGER_to_BN(serial, NULL) : NULL;
	unsigned char buf[256];
	char *s = NULL;
	int len;

	if (bn && BN_num_bytes(bn) <= (int)sizeof(buf)) {
		len = BN_bn2bin(bn, buf);
		s = len ? vb_hex(buf, len) : strdup("00");
	}
	BN_free(bn);
	return s;
}

static char *ossl_octets(const ASN1_OCTET_STRING *os)
{
	return os ? vb_hex(ASN1_STRING_get0_data(os), ASN1_STRING_length(os))
		  : NULL;
}

static char *ossl_digest(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;
	const char *sn;
	char *s, *p;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	sn = OBJ_nid2sn(OBJ_obj2nid(obj));
	s = strdup(sn ? sn : "unknown");
	for (p = s; p && *p; p++)
		*p = tolower((unsigned char)*p);
	return s;
}

static char *ossl_pkey(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;
	int nid, dig, pkey;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	nid = OBJ_obj2nid(obj);
	if (OBJ_find_sigid_algs(nid, &dig, &pkey))
		nid = pkey;
	if (nid == NID_rsaEncryption)
		return strdup("rsa");
	if (nid == NID_X9_62_id_ecPublicKey)
		return strdup("ecdsa");
	return strdup("unknown");
}

static X509 *ossl_signer_cert(CMS_SignerInfo *si, STACK_OF(X509) *certs)
{
	int i;

	for (i = 0; i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			return sk_X509_value(certs, i);
	return NULL;
}

static char *ossl_fpr(X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len;

	return X509_digest(x, EVP_sha256(), md, &len) ? vb_hex(md, len) : NULL;
}

/* ---- side by side ---- */

static const char *const sname[VENDORBAN_MAX_SIGNERS][14] = {
#define SIGNER_NAMES(n) { \
	"signer" #n ".sid", "signer" #n ".sid.issuer", \
	"signer" #n ".sid.serial", "signer" #n ".sid.skid", \
	"signer" #n ".digest", "signer" #n ".key", \
	"signer" #n ".signed-attrs", "signer" #n ".cert", \
	"signer" #n ".cert.subject", "signer" #n ".cert.issuer", \
	"signer" #n ".cert.serial", "signer" #n ".cert.skid", \
	"signer" #n ".cert.fingerprint", "signer" #n ".cert.subject-o" }
	SIGNER_NAMES(0), SIGNER_NAMES(1), SIGNER_NAMES(2), SIGNER_NAMES(3),
#undef SIGNER_NAMES
};
static const char *const cn_name[VENDORBAN_MAX_SIGNERS] = {
	"signer0.cert.subject-cn", "signer1.cert.subject-cn",
	"signer2.cert.subject-cn", "signer3.cert.subject-cn",
};
static const char *const le_name[VENDORBAN_MAX_SIGNERS] = {
	"signer0.cert.legal-entity", "signer1.cert.legal-entity",
	"signer2.cert.legal-entity", "signer3.cert.legal-entity",
};

/* The value of the @i-th entry of @name, as text (UTF-8), or NULL. */
static char *ossl_entry(const X509_NAME *name, int i)
{
	const ASN1_STRING *v = X509_NAME_ENTRY_get_data(
		X509_NAME_get_entry(name, i));
	unsigned char *utf8 = NULL;
	char *s;
	int len = v ? ASN1_STRING_to_UTF8(&utf8, v) : -1;

	if (len < 0)
		return NULL;
	s = strndup((const char *)utf8, len);
	OPENSSL_free(utf8);
	return s;
}

/* Appends "CC-NUMBER" to @out (", " between) if it is a registration. */
static void ossl_reg(char *out, size_t size, const char *cc, const char *num)
{
	char reg[3 + VENDORBAN_REGISTRATION_MAX + 1];
	size_t len = strlen(out);

	if (strlen(cc) != 2 || strlen(num) > VENDORBAN_REGISTRATION_MAX)
		return;
	snprintf(reg, sizeof(reg), "%c%c-%s", toupper((unsigned char)cc[0]),
		 toupper((unsigned char)cc[1]), num);
	if (vendorban_registration_valid(reg, strlen(reg)))
		snprintf(out + len, size - len, "%s%s", len ? ", " : "", reg);
}

/*
 * OpenSSL's reading of a subject's registrations: each eIDAS
 * organizationIdentifier "NTRCC-NUMBER", then with the first EV
 * jurisdictionCountryName each serialNumber, as the kernel orders them.
 */
static char *ossl_legal(const X509_NAME *name)
{
	char out[1024] = "", *v, *jur = NULL, cc[3];
	int i, n = X509_NAME_entry_count(name), nid;

	for (i = 0; i < n; i++) {
		nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(
			X509_NAME_get_entry(name, i)));
		if (nid == NID_organizationIdentifier) {
			v = ossl_entry(name, i);
			if (v && strlen(v) > 6 && !strncmp(v, "NTR", 3) &&
			    v[5] == '-') {
				memcpy(cc, v + 3, 2);
				cc[2] = '\0';
				ossl_reg(out, sizeof(out), cc, v + 6);
			}
			free(v);
		} else if (nid == NID_jurisdictionCountryName && !jur) {
			jur = ossl_entry(name, i);
		}
	}
	for (i = 0; jur && i < n; i++) {
		nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(
			X509_NAME_get_entry(name, i)));
		if (nid != NID_serialNumber)
			continue;
		v = ossl_entry(name, i);
		if (v)
			ossl_reg(out, sizeof(out), jur, v);
		free(v);
	}
	free(jur);
	return out[0] ? strdup(out) : NULL;
}

static void cert_fields(struct vb_inspection *in, unsigned int n,
			const struct vendorban_cert *c, X509 *x)
{
	const char *const *nm = sname[n];
	u8 fpr[VENDORBAN_SHA256_LEN];
	char *ours, *theirs;

	add(in, nm[7], strdup(c ? "embedded" : "not embedded"),
	    strdup(x ? "embedded" : "not embedded"), true);
	if (!c && !x)
		return;
	add(in, nm[8], c ? our_name(&c->subject) : NULL,
	    x ? ossl_name(X509_get_subject_name(x)) : NULL, true);
	add(in, nm[9], c ? our_name(&c->issuer) : NULL,
	    x ? ossl_name(X509_get_issuer_name(x)) : NULL, true);
	add(in, nm[10], c ? our_serial(c->serial) : NULL,
	    x ? ossl_serial(X509_get0_serialNumber(x)) : NULL, true);
	add(in, nm[11], c && c->skid.len ? vb_hex(c->skid.data, c->skid.len)
		: NULL, x ? ossl_octets(X509_get0_subject_key_id(x)) : NULL, true);
	if (c)
		vendorban_cert_fingerprint(c, fpr);
	add(in, nm[12], c ? vb_hex(fpr, VENDORBAN_SHA256_LEN) : NULL,
	    x ? ossl_fpr(x) : NULL, true);
	add(in, nm[13], c ? our_attr(&c->subject, VENDORBAN_ATTR_O) : NULL,
	    x ? ossl_attr(X509_get_subject_name(x), NID_organizationName)
	      : NULL, true);
	add(in, cn_name[n], c ? our_attr(&c->subject, VENDORBAN_ATTR_CN) : NULL,
	    x ? ossl_attr(X509_get_subject_name(x), NID_commonName) : NULL,
	    true);
	ours = c ? vb_legal_entities(&c->subject) : NULL;
	theirs = x ? ossl_legal(X509_get_subject_name(x)) : NULL;
	if (ours || theirs)	/* only certificates that name one */
		add(in, le_name[n], ours, theirs, true);
}

/* OpenSSL's view of one SignerInfo, from CMS or from PKCS#7. */
struct ossl_signer {
	bool present;
	ASN1_OCTET_STRING *keyid;
	X509_NAME *issuer;
	ASN1_INTEGER *sno;
	X509_ALGOR *dig;
	X509_ALGOR *sig;
	bool attrs;
	X509 *cert;
};

static void cms_signer(CMS_SignerInfo *si, STACK_OF(X509) *certs,
		       struct ossl_signer *o)
{
	memset(o, 0, sizeof(*o));
	if (!si)
		return;
	o->present = true;
	CMS_SignerInfo_get0_signer_id(si, &o->keyid, &o->issuer, &o->sno);
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &o->dig, &o->sig);
	o->attrs = CMS_signed_get_attr_count(si) >= 0;
	o->cert = ossl_signer_cert(si, certs);
}

static void p7_signer(PKCS7_SIGNER_INFO *si, STACK_OF(X509) *certs,
		      struct ossl_signer *o)
{
	memset(o, 0, sizeof(*o));
	if (!si)
		return;
	o->present = true;
	if (si->issuer_and_serial) {
		o->issuer = si->issuer_and_serial->issuer;
		o->sno = si->issuer_and_serial->serial;
		o->cert = X509_find_by_issuer_and_serial(certs, o->issuer,
							 o->sno);
	}
	o->dig = si->digest_alg;
	o->sig = si->digest_enc_alg;
	o->attrs = sk_X509_ATTRIBUTE_num(si->auth_attr) > 0;
}

static void signer_fields(struct vb_inspection *in, unsigned int n,
			  const struct vendorban_pkcs7 *msg,
			  const struct ossl_signer *o)
{
	const struct vendorban_signer *s = &msg->signers[n];
	const char *const *nm = sname[n];
	bool skid = s->sid_type == VENDORBAN_SID_SKID;

	add(in, nm[0], strdup(skid ? "skid" : "issuer-serial"),
	    !o->present ? NULL : strdup(o->keyid ? "skid" : "issuer-serial"),
	    true);
	if (skid)
		add(in, nm[3], vb_hex(s->skid.data, s->skid.len),
		    ossl_octets(o->keyid), true);
	else
		add(in, nm[1], our_name(&s->issuer),
		    o->issuer ? ossl_name(o->issuer) : NULL, true);
	if (!skid)
		add(in, nm[2], our_serial(s->serial), ossl_serial(o->sno), true);
	add(in, nm[4], dup_or_null(vendorban_hash_algo_name(s->digest_algo)),
	    o->dig ? ossl_digest(o->dig) : NULL, true);
	add(in, nm[5], strdup(our_pkey(s->pkey_algo)),
	    o->sig ? ossl_pkey(o->sig) : NULL, true);
	add(in, nm[6], strdup(s->signed_attrs.len ? "yes" : "no"),
	    !o->present ? NULL : strdup(o->attrs ? "yes" : "no"), true);
	cert_fields(in, n, vendorban_pkcs7_signer_cert(msg, n), o->cert);
}

/* One message read by OpenSSL's CMS code (appended signatures). */
static const char *cms_fields(struct vb_inspection *in,
			      const struct vendorban_pkcs7 *msg,
			      const struct vendorban_blob *der)
{
	const unsigned char *p = der->data;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, der->len);
	STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
	STACK_OF(X509) *certs = cms ? CMS_get1_certs(cms) : NULL;
	int nr = sis ? sk_CMS_SignerInfo_num(sis) : 0;
	struct ossl_signer o;
	unsigned int i;

	ERR_clear_error();
	if (msg) {
		add(in, "signers", fmt("%llu", msg->nr_signers),
		    sis ? fmt("%llu", nr) : NULL, true);
		/* CMS_get1_certs() gives NULL for no certificate. */
		add(in, "certificates", fmt("%llu", msg->nr_certs),
		    !cms ? NULL : fmt("%llu", certs ? sk_X509_num(certs) : 0),
		    true);
		for (i = 0; i < msg->nr_signers; i++) {
			cms_signer((int)i < nr ? sk_CMS_SignerInfo_value(sis, i)
			   : NULL, certs, &o);
			signer_fields(in, i, msg, &o);
		}
	}
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	return nr > 0 ? "present" : "malformed";
}

/*
 * One Authenticode message read by OpenSSL's PKCS#7 code (CMS does not
 * take Authenticode's SpcIndirectDataContent).
 */
static const char *p7_fields(struct vb_inspection *in,
			     const struct vendorban_pkcs7 *msg,
			     const struct vendorban_blob *der)
{
	const unsigned char *p = der->data;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, der->len);
	STACK_OF(PKCS7_SIGNER_INFO) *sis =
		p7 && PKCS7_type_is_signed(p7) ? PKCS7_get_signer_info(p7) : NULL;
	STACK_OF(X509) *certs = sis ? p7->d.sign->cert : NULL;
	int nr = sis ? sk_PKCS7_SIGNER_INFO_num(sis) : 0;
	struct ossl_signer o;
	unsigned int i;

	ERR_clear_error();
	if (msg) {
		add(in, "signers", fmt("%llu", msg->nr_signers),
		    sis ? fmt("%llu", nr) : NULL, true);
		add(in, "certificates", fmt("%llu", msg->nr_certs),
		    !sis ? NULL : fmt("%llu", sk_X509_num(certs)), true);
		for (i = 0; i < msg->nr_signers; i++) {
			p7_signer((int)i < nr ?
				  sk_PKCS7_SIGNER_INFO_value(sis, i) : NULL,
				  certs, &o);
			signer_fields(in, i, msg, &o);
		}
	}
	PKCS7_free(p7);
	return nr > 0 ? "present" : "malformed";
}

/* What is known of the file as a whole: printed with message 0. */
static void file_fields(const struct vb_filesig *sig, const char *theirs,
			struct vb_inspection *in)
{
	bool compared = sig->located ||
			(sig->is_pe && sig->state == VENDORBAN_SIG_PRESENT);

	add(in, "signature", strdup(vb_sig_state_name(sig->state)),
	    compared ? dup_or_null(theirs) : NULL, compared);
	if (sig->state == VENDORBAN_SIG_MALFORMED)
		add(in, "malformed", strdup(sig->why), NULL, false);
	if (sig->image.comp != VENDORBAN_COMP_NONE)
		add(in, "compressed",
		    strdup(vendorban_comp_name(sig->image.comp)), NULL, false);
	if (sig->image.data)
		add(in, "image-length", fmt("%llu", sig->image.len), NULL,
		    false);
	if (sig->located) {
		add(in, "signature-length", fmt("%llu", sig->where.sig_len), NULL,
		    false);
		add(in, "data-length", fmt("%llu", sig->where.data_len), NULL,
		    false);
	}
	if (sig->is_pe) {
		add(in, "format", strdup(sig->pe.pe32plus ? "pe32+" : "pe32"),
		    NULL, false);
		add(in, "cert-table-offset", fmt("%llu", sig->pe.table_offset),
		    NULL, false);
		add(in, "cert-table-length", fmt("%llu", sig->pe.table_len),
		    NULL, false);
	}
	if (sig->nr_msgs > 1)
		add(in, "messages", fmt("%llu", sig->nr_msgs), NULL, false);
	if (sig->has_ima_keyid) {
		add(in, "ima-keyid", vb_hex(sig->ima_keyid,
					    sizeof(sig->ima_keyid)), NULL, false);
		add(in, "ima-digest",
		    dup_or_null(vendorban_hash_algo_name(sig->ima.digest_algo)),
		    NULL, false);
		add(in, "ima-signature-length",
		    fmt("%llu", sig->ima.signature.len), NULL, false);
	}
}

/**
 * vb_inspect() - read one of a file's signatures with both parsers
 * @sig: the signatures, from vb_filesig_read()
 * @m: which message (0 to @sig->nr_msgs - 1); message 0 also carries
 *     the fields of the file as a whole, and is inspected even when no
 *     message parsed
 * @in: filled with the fields; free with vb_inspection_free()
 *
 * Return: 0.
 */
int vb_inspect(const struct vb_filesig *sig, unsigned int m,
	       struct vb_inspection *in)
{
	const struct vendorban_pkcs7 *msg = NULL;
	struct vendorban_blob der = { sig->blob, sig->where.sig_len };
	const char *(*fields)(struct vb_inspection *in,
			      const struct vendorban_pkcs7 *msg,
			      const struct vendorban_blob *der) = NULL;

	memset(in, 0, sizeof(*in));
	if (m < sig->nr_msgs) {
		der = sig->ders[m];
		if (sig->state == VENDORBAN_SIG_PRESENT)
			msg = sig->msgs[m];
	}
	if (sig->is_pe && m < sig->nr_msgs)
		fields = p7_fields;
	else if (sig->located && sig->blob)
		fields = cms_fields;
	if (m == 0)	/* with msg NULL, fields() only gives the verdict */
		file_fields(sig, fields ? fields(in, NULL, &der) : NULL, in);
	if (fields && msg)
		fields(in, msg, &der);
	return 0;
}

bool vb_field_agrees(const struct vb_field *f)
{
	if (!f->compared)
		return true;
	if (!f->ours || !f->theirs)
		return !f->ours && !f->theirs;
	return strcmp(f->ours, f->theirs) == 0;
}

void vb_inspection_free(struct vb_inspection *in)
{
	unsigned int i;

	for (i = 0; i < in->nr; i++) {
		free(in->f[i].ours);
		free(in->f[i].theirs);
	}
	in->nr = 0;
}
