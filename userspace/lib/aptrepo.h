/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the signed chain of an apt repository: a key verifies
 * InRelease (gpgv), InRelease gives each Packages index's SHA-256, the
 * index gives each .deb's SHA-256
 */

#ifndef _VENDORBANCTL_APTREPO_H
#define _VENDORBANCTL_APTREPO_H

#include "compat.h"
#include "pgp.h"

/**
 * struct vb_apt_entry - one package of a verified Packages index
 * @package: its name
 * @version: its version
 * @arch: its architecture ("all" included)
 * @filename: its path in the repository (the Filename field)
 * @sha256: the .deb's SHA-256
 */
struct vb_apt_entry {
	char *package, *version, *arch, *filename;
	u8 sha256[VENDORBAN_SHA256_LEN];
};

/**
 * struct vb_apt_index - the entries of every verified Packages index read
 * @nr: number of entries
 * @entries: sorted by name by vb_apt_index_sort()
 * @nr_indexes: Packages indexes read
 * @nr_releases: signed Release files verified
 */
struct vb_apt_index {
	unsigned int nr, cap;
	struct vb_apt_entry *entries;
	unsigned int nr_indexes;
	unsigned int nr_releases;
};

/**
 * struct vb_apt_release - the SHA256 section of a verified Release text
 * @nr: number of entries
 * @names: each file's path below the Release file's directory
 * @sha256: each file's SHA-256
 */
struct vb_apt_release {
	unsigned int nr, cap;
	char **names;
	u8 (*sha256)[VENDORBAN_SHA256_LEN];
};

int vb_apt_release_read(struct vb_keyring *kr, const char *dir,
			const char *prefix, const char *workdir,
			struct vb_apt_release *rel, enum vb_sig_result *res,
			char *why);
void vb_apt_release_free(struct vb_apt_release *rel);
int vb_apt_index_parse(struct vb_apt_index *idx, const char *text,
		       size_t len);
void vb_apt_index_sort(struct vb_apt_index *idx);
const struct vb_apt_entry *vb_apt_index_find(const struct vb_apt_index *idx,
					     const char *package,
					     const char *version,
					     const char *arch);
const struct vb_apt_entry *vb_apt_index_by_sha(const struct vb_apt_index *idx,
					       const u8 *sha256);
void vb_apt_index_free(struct vb_apt_index *idx);
int vb_apt_cat(const char *file, char **text, size_t *len, char *why);

#endif /* _VENDORBANCTL_APTREPO_H */
