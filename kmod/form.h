/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the seam between the shared code and the two forms
 *
 * vendorban runs as a built-in LSM (lsm/) or as the loadable module
 * vendorban.ko (module/).  The code both share (fs.c, state.c, cache.c,
 * decide.c and what they call) reaches the form it runs in only through
 * struct vendorban_form, the operations each form registers with
 * vendorban_form_register() before any hook or file can run.
 */

#ifndef _SECURITY_VENDORBAN_FORM_H
#define _SECURITY_VENDORBAN_FORM_H

#include <linux/fs.h>
#include <linux/types.h>

struct vendorban_inode_state;

/**
 * struct vendorban_fs_file - a file in /sys/kernel/security/vendorban/
 * @name: its name
 * @mode: its mode
 * @fops: its operations
 */
struct vendorban_fs_file {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
};

/**
 * struct vendorban_form - what a form of vendorban provides
 * @name: the status line "form:", "builtin" or "module"
 * @format_mechanism: writes the status line "mechanism:" (no newline) into
 *	a buffer of the given size; returns the number of characters written
 * @complete: true when everything the form can decide on is decided on
 *	(lock is refused while it is not, unless forced); NULL: always
 * @pin: at lock, keeps the form in force until reboot; called once, in
 *	process context, under the state lock
 * @inode_state: the inode's cache state, or NULL; called under
 *	rcu_read_lock(), in any context; the state stays valid until
 *	rcu_read_unlock()
 * @inode_state_attach: makes sure the file's inode has a cache state;
 *	process context; 0 or a negative errno
 * @files: the form's own securityfs files, created by fs.c in vendorban's
 *	directory after its own files
 * @nr_files: how many
 */
struct vendorban_form {
	const char *name;
	int (*format_mechanism)(char *buf, size_t size);
	bool (*complete)(void);
	void (*pin)(void);
	struct vendorban_inode_state *(*inode_state)(const struct inode *inode);
	int (*inode_state_attach)(struct file *file);
	const struct vendorban_fs_file *files;
	unsigned int nr_files;
};

void vendorban_form_register(const struct vendorban_form *form);
const struct vendorban_form *vendorban_form(void);
bool vendorban_form_complete(void);

#endif /* _SECURITY_VENDORBAN_FORM_H */
