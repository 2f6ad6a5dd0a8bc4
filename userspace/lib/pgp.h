/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - OpenPGP keys and signatures of packages, through gpg,
 * gpgv and rpmkeys
 */

#ifndef _VENDORBANCTL_PGP_H
#define _VENDORBANCTL_PGP_H

#include <stdbool.h>
#include <stddef.h>

/* Most keys (primary and subkeys) read from one key file. */
#define VB_PGP_MAX_KEYS		256
/* Room for a reason, in the messages of this file's functions. */
#define VB_WHY_LEN		512

/**
 * struct vb_pgp_key - one key of a key file, as gpg lists it
 * @fpr: its fingerprint (hex, upper case)
 * @primary: the fingerprint of its primary key (itself for a primary)
 * @validity: gpg's validity letter: 'e' expired, 'r' revoked, 'i'
 *            invalid, 'd' disabled; anything else is usable
 * @uid: the primary user ID of its primary key
 */
struct vb_pgp_key {
	char fpr[65];
	char primary[65];
	char validity;
	char uid[128];
};

/**
 * struct vb_keyring - the keys of one key file, ready for gpgv and rpmkeys
 * @path: the key file, as the policy names it
 * @home: a private GNUPGHOME holding its keys
 * @gpgv_ring: a binary keyring of its usable primary keys (and their
 *             subkeys), for gpgv --keyring
 * @rpmdb: an rpm database with the usable keys imported, made on first
 *         use, or NULL
 * @nr: number of entries in @keys
 * @keys: every key and subkey, usable or not
 * @nr_usable: primary keys neither expired nor revoked
 */
struct vb_keyring {
	char *path;
	char *home;
	char *gpgv_ring;
	char *rpmdb;
	unsigned int nr;
	struct vb_pgp_key *keys;
	unsigned int nr_usable;
};

/**
 * enum vb_sig_result - what a package's (or an index's) signature is
 * @VB_SIG_OK: it verifies with a usable key of the key file
 * @VB_SIG_NONE: there is no signature
 * @VB_SIG_OTHER_KEY: it is made by a key that is not in the key file
 * @VB_SIG_UNUSABLE: it is made by a key of the file that is expired or
 *                   revoked
 * @VB_SIG_BAD: it claims a key of the file and does not verify, or the
 *              signed data is corrupt
 */
enum vb_sig_result {
	VB_SIG_OK,
	VB_SIG_NONE,
	VB_SIG_OTHER_KEY,
	VB_SIG_UNUSABLE,
	VB_SIG_BAD,
};

int vb_keyring_load(const char *path, const char *workdir,
		    struct vb_keyring *kr, char *why);
void vb_keyring_free(struct vb_keyring *kr);
const struct vb_pgp_key *vb_keyring_find(const struct vb_keyring *kr,
					 const char *keyid);
const char *vb_pgp_validity_name(char validity);

int vb_gpgv_verify(struct vb_keyring *kr, const char *file, const char *sig,
		   const char *out, enum vb_sig_result *res, char *why);
int vb_rpm_verify(struct vb_keyring *kr, const char *rpm,
		  enum vb_sig_result *res, char *why);

#endif /* _VENDORBANCTL_PGP_H */
