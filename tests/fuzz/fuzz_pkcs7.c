// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer harness: bytes -> vendorban_pkcs7_parse(), then the
 * DN rendering of every signer issuer and certificate name, and the same
 * bytes as a lone certificate.  Every blob must point into the input.
 */

#include "pkcs7.h"
#include "x509.h"

static const u8 *in_start;
static size_t in_size;

static void check_blob(const struct vendorban_blob *b)
{
	if (b->len && (b->data < in_start ||
		       b->len > in_size ||
		       b->data + b->len > in_start + in_size))
		__builtin_trap();
}

/* Every registration a Name gives is one: "CC-NUMBER", validly formed. */
static void check_registration(void *ctx, const char *value)
{
	(void)ctx;
	if (!vendorban_registration_valid(value, strlen(value)))
		__builtin_trap();
}

static void render(const struct vendorban_blob *name)
{
	char buf[VENDORBAN_NAME_MAX];
	unsigned int i;

	check_blob(name);
	if (!name->len)
		return;
	vendorban_name_format(name, buf, sizeof(buf));
	vendorban_name_format(name, buf, 16);
	for (i = 0; i < 2; i++) {
		vendorban_name_attr(name, VENDORBAN_ATTR_CN, i, buf, sizeof(buf));
		vendorban_name_attr(name, VENDORBAN_ATTR_O, i, buf, sizeof(buf));
	}
	vendorban_name_legal_each(name, buf, sizeof(buf), check_registration,
				  NULL);
	vendorban_name_legal_each(name, buf, 8, check_registration, NULL);
}

static void check_cert(const struct vendorban_cert *cert)
{
	check_blob(&cert->der);
	check_blob(&cert->tbs);
	check_blob(&cert->serial);
	check_blob(&cert->spki);
	check_blob(&cert->skid);
	check_blob(&cert->akid);
	render(&cert->issuer);
	render(&cert->subject);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct vendorban_pkcs7 msg;
	static struct vendorban_cert cert;
	const struct vendorban_signer *s;
	struct vendorban_blob serial;
	unsigned int i;

	in_start = data;
	in_size = size;
	if (!vendorban_x509_parse(data, size, &cert))
		check_cert(&cert);
	if (vendorban_pkcs7_parse(data, size, &msg))
		return 0;
	if (!msg.nr_signers || msg.nr_signers > VENDORBAN_MAX_SIGNERS ||
	    msg.nr_certs > VENDORBAN_MAX_CERTS)
		__builtin_trap();
	for (i = 0; i < msg.nr_certs; i++)
		check_cert(&msg.certs[i]);
	for (i = 0; i < msg.nr_signers; i++) {
		s = &msg.signers[i];
		render(&s->issuer);
		check_blob(&s->serial);
		check_blob(&s->skid);
		check_blob(&s->signed_attrs);
		check_blob(&s->message_digest);
		check_blob(&s->signature);
		serial = s->serial;
		vendorban_serial_normalize(&serial);
		check_blob(&serial);
		if (s->cert >= (int)msg.nr_certs)
			__builtin_trap();
		if (vendorban_pkcs7_signer_cert(&msg, i) !=
		    (s->cert < 0 ? NULL : &msg.certs[s->cert]))
			__builtin_trap();
		vendorban_hash_algo_name(s->digest_algo);
		vendorban_hash_algo_size(s->digest_algo);
	}
	return 0;
}
