// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban - libFuzzer target for the security.ima signature parser
 *
 * The input is an xattr value.  A parsed signature must lie exactly at the
 * end of the input, after the 9-byte header (else abort()).
 */

#include <stdint.h>
#include <stdlib.h>

#include "imasig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vendorban_imasig sig;
	int ret;

	ret = vendorban_imasig_parse(data, size, &sig);
	if (ret) {
		if (ret != -ENODATA && ret != -EBADMSG)
			abort();
		return 0;
	}
	if (sig.signature.data != data + VENDORBAN_IMA_HDR_LEN ||
	    sig.signature.len + VENDORBAN_IMA_HDR_LEN != size ||
	    !sig.signature.len || sig.signature.len > VENDORBAN_IMA_MAX_SIG ||
	    memcmp(sig.keyid, data + 3, VENDORBAN_IMA_KEYID_LEN))
		abort();
	return 0;
}
