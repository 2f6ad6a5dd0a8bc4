// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer harness: a whole file -> vendorban_modsig_locate()
 * on its trailer, then vendorban_pkcs7_parse() on the blob it finds.
 */

#include "modsig.h"
#include "pkcs7.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct vendorban_pkcs7 msg;
	struct vendorban_modsig sig;
	size_t n = size < VENDORBAN_MODSIG_TRAILER_LEN ?
		   size : VENDORBAN_MODSIG_TRAILER_LEN;
	int ret;

	ret = vendorban_modsig_locate(data + size - n, n, size, &sig);
	if (ret == -ENODATA || ret == -EBADMSG)
		return 0;
	if (ret)
		__builtin_trap();
	if (!sig.sig_len || sig.sig_len > VENDORBAN_MODSIG_MAX_SIG ||
	    sig.data_len != sig.sig_offset ||
	    sig.sig_offset + sig.sig_len + VENDORBAN_MODSIG_TRAILER_LEN != size)
		__builtin_trap();
	vendorban_pkcs7_parse(data + sig.sig_offset, sig.sig_len, &msg);
	return 0;
}
