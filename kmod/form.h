/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the seam between the shared code and the two forms
 *
 * vendorban runs as a built-in LSM (lsm/) or as the loadable module
 * vendorban.ko (module/).  The code both share (fs.c, state.c, cache.c,
 * decide.c and what they call) reaches the form it runs in only through
 * two things defined here:
 *
 *   - struct vendorban_form, the operations each form registers with
 *     vendorban_form_register() before any hook or file can run;
 *   - hook_table.h, the one table of the LSM hooks vendorban uses, from
 *     which each form generates its part (see the table's comment).
 */

#ifndef _SECURITY_VENDORBAN_FORM_H
#define _SECURITY_VENDORBAN_FORM_H

#include <linux/fs.h>
#include <linux/types.h>

struct vendorban_inode_state;
struct vendorban_pin;

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
 * @stay: once signed policies are required, keeps the form loaded until
 *	reboot, so that the requirement and the policy version in force
 *	cannot be undone by a reload; process context, may be called more
 *	than once; NULL: a form that cannot be unloaded
 * @inode_state: the inode's cache state, or NULL; called under
 *	rcu_read_lock(), in any context; the state stays valid until
 *	rcu_read_unlock()
 * @inode_state_attach: makes sure the file's inode has a cache state;
 *	process context; 0 or a negative errno
 * @inode_state_refile: what forgetting the state would lose
 *	(vendorban_cache_state_worth()) may have changed; called under
 *	rcu_read_lock(), in any context, the state's lock not held; NULL:
 *	the form never forgets a state
 * @suspect_account: the account a mapping through a writer by the current
 *	process charges its suspicion to (root's own mapping of a writer
 *	opened with other credentials than root's, the opener's: those
 *	given, or NULL) (0: none), or a negative errno if
 *	it may make no more (the mapping is refused; logged unless quiet);
 *	process context; NULL: the form never forgets a state, and charges
 *	none
 * @suspect_charge: charges (true) or refunds (false) one suspicion to an
 *	account from @suspect_account; any context
 * @suspect_record: the inode may have pages held and is about to have no
 *	state that says so (its state is being forgotten, or it has none):
 *	remember it; with true, as a suspicion that only a mount showing
 *	the file as a user's tells (mapped through a writer through such a
 *	mount, a file that looks root-only), to be kept whatever happens to
 *	the file; the charge of the account given goes with the record;
 *	any context, before the state goes; NULL: the form never forgets a
 *	state
 * @suspect_recorded: whether an inode without a state, which its owner
 *	and mode do not make suspect, may be one @suspect_record was told of
 *	with true, or told of and changed since; any context
 * @unseen_look: before a decision on a file of the inode's filesystem,
 *	in the given sight of every mmap() (cache.c): looks at what the form
 *	could not see before, if it has not in that sight; process context,
 *	may sleep; NULL: the form saw every mmap() from boot
 * @unseen_suspect: whether an inode without a state clean in the given
 *	sight may have pages held from before it (its filesystem not looked
 *	at in it yet, or the look found it held or writably mapped and no
 *	check since found it clean); any context
 * @unseen_clean: a check that started in the given sight, after its
 *	look, found none of the inode's pages held; any context
 * @pin_find: the pin state of an inode (pin.c), or NULL if it has none;
 *	called under rcu_read_lock(), in any context; the state stays valid
 *	until rcu_read_unlock()
 * @pin_of: the pin state of an inode, made from the spare (then set to
 *	NULL) if it has none; ERR_PTR(-ENOMEM) if it needs one and the spare
 *	is NULL, ERR_PTR(-EBUSY) if it cannot have one now; called with
 *	vendorban_pin_lock held, under rcu_read_lock()
 * @pin_spare: a state for @pin_of to use, allocated with the given gfp
 *	flags, or NULL (also when the form never needs one)
 * @pin_spare_free: frees what @pin_spare returned (NULL: nothing)
 * @files: the form's own securityfs files, created by fs.c in vendorban's
 *	directory after its own files
 * @nr_files: how many
 */
struct vendorban_form {
	const char *name;
	int (*format_mechanism)(char *buf, size_t size);
	bool (*complete)(void);
	void (*pin)(void);
	void (*stay)(void);
	struct vendorban_inode_state *(*inode_state)(const struct inode *inode);
	int (*inode_state_attach)(struct file *file);
	void (*inode_state_refile)(struct vendorban_inode_state *state);
	int (*suspect_account)(const struct cred *opener, bool quiet);
	void (*suspect_charge)(unsigned int account, bool charge);
	void (*suspect_record)(const struct inode *inode, bool user,
			       unsigned int account);
	bool (*suspect_recorded)(const struct inode *inode);
	void (*unseen_look)(struct inode *inode, u64 sight);
	bool (*unseen_suspect)(const struct inode *inode, u64 sight);
	void (*unseen_clean)(const struct inode *inode, u64 sight);
	struct vendorban_pin *(*pin_find)(const struct inode *inode);
	struct vendorban_pin *(*pin_of)(struct inode *inode,
					struct vendorban_pin **spare);
	struct vendorban_pin *(*pin_spare)(gfp_t gfp);
	void (*pin_spare_free)(struct vendorban_pin *spare);
	const struct vendorban_fs_file *files;
	unsigned int nr_files;
};

void vendorban_form_register(const struct vendorban_form *form);
const struct vendorban_form *vendorban_form(void);
bool vendorban_form_complete(void);

/*
 * Helpers for the users of the hook table (hook_table.h), which define
 * VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos) and include
 * it.
 *
 * VB_IN_<where>_<form>(x): x in the rows of a form that uses the hook,
 * else nothing; VB_LIST_IN_<where>_<form>(x): the same followed by a
 * comma, for a list.
 */
#define VB_IN_BUILTIN_BOTH(...) __VA_ARGS__
#define VB_IN_BUILTIN_BUILTIN(...) __VA_ARGS__
#define VB_IN_BUILTIN_MODULE(...)
#define VB_IN_MODULE_BOTH(...) __VA_ARGS__
#define VB_IN_MODULE_MODULE(...) __VA_ARGS__
#define VB_IN_MODULE_BUILTIN(...)
#define VB_LIST_IN_BUILTIN_BOTH(...) __VA_ARGS__,
#define VB_LIST_IN_BUILTIN_BUILTIN(...) __VA_ARGS__,
#define VB_LIST_IN_BUILTIN_MODULE(...)
#define VB_LIST_IN_MODULE_BOTH(...) __VA_ARGS__,
#define VB_LIST_IN_MODULE_MODULE(...) __VA_ARGS__,
#define VB_LIST_IN_MODULE_BUILTIN(...)

/* VB_SLEEPS_<sleeps>: whether the check may sleep */
#define VB_SLEEPS_SLEEPS true
#define VB_SLEEPS_ATOMIC false

/* VB_UNUSED(columns): nothing; names the columns a table user drops */
#define VB_UNUSED(...)

/* VB_UNPAREN (a, b): a, b */
#define VB_UNPAREN(...) __VA_ARGS__
/* VB_COUNT((a, b)): the number of elements of a row's list, 1 to 5 */
#define VB_COUNT(list) VB_NARGS(VB_UNPAREN list)
#define VB_NARGS(...) __VB_NARGS(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define __VB_NARGS(a, b, c, d, e, n, ...) VB_FIRST(n, a, b, c, d, e)
#define VB_FIRST(x, ...) x

#endif /* _SECURITY_VENDORBAN_FORM_H */
