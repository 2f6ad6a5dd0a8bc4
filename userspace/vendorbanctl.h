/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorbanctl - the subcommand table
 */

#ifndef _VENDORBANCTL_H
#define _VENDORBANCTL_H

#include <stdbool.h>

/* Exit codes, documented in vendorbanctl(8). */
#define VB_EXIT_OK		0	/* success; test: would run; scan: nothing blocked */
#define VB_EXIT_FAILURE		1	/* failure, policy error, disagreement */
#define VB_EXIT_USAGE		2	/* bad command line */
#define VB_EXIT_DENIED		3	/* test/scan: would be denied */
#define VB_EXIT_CHANGES		3	/* diff: the policy in force would change */
#define VB_EXIT_ABSENT		4	/* status: vendorban is not active */
#define VB_EXIT_NO_POLICY	5	/* status: active, no policy loaded */
#define VB_EXIT_NO_PERM		6	/* status: the files cannot be read */
#define VB_EXIT_PERMISSIVE	7	/* status --check: permissive mode */
#define VB_EXIT_PARTIAL		8	/* status --check: mechanism binfmt only */
#define VB_EXIT_UNLOCKED	9	/* status --check locked: not locked */
#define VB_EXIT_CKPT_INVALID	10	/* audit --checkpoint: not a checkpoint */
#define VB_EXIT_CKPT_LOST	12	/* audit --checkpoint: its event is gone */

/**
 * struct vendorban_cmd - one subcommand
 * @name: the word on the command line
 * @run: runs it with argv[0] == @name; returns an exit code
 * @help: one line for the command list
 */
struct vendorban_cmd {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *help;
};

extern const struct vendorban_cmd vendorban_cmd_compile;
extern const struct vendorban_cmd vendorban_cmd_load;
extern const struct vendorban_cmd vendorban_cmd_sign;
extern const struct vendorban_cmd vendorban_cmd_show;
extern const struct vendorban_cmd vendorban_cmd_status;
extern const struct vendorban_cmd vendorban_cmd_mode;
extern const struct vendorban_cmd vendorban_cmd_lock;
extern const struct vendorban_cmd vendorban_cmd_attach;
extern const struct vendorban_cmd vendorban_cmd_inspect;
extern const struct vendorban_cmd vendorban_cmd_test;
extern const struct vendorban_cmd vendorban_cmd_scan;
extern const struct vendorban_cmd vendorban_cmd_diff;
extern const struct vendorban_cmd vendorban_cmd_audit;
extern const struct vendorban_cmd vendorban_cmd_bootcheck;
extern const struct vendorban_cmd vendorban_cmd_refresh;
extern const struct vendorban_cmd vendorban_cmd_subuids;

/* Usage error of a subcommand: prints the message and a hint, returns 2. */
int vb_usage_error(const char *cmd, const char *msg);
/*
 * The end of every option switch (its default): 'h' prints @help and
 * returns VB_EXIT_OK, '?' (getopt_long() said why) VB_EXIT_USAGE, any
 * other value (in the option table, not in the switch) VB_EXIT_FAILURE.
 */
int vb_option_end(int c, void (*help)(void));
/*
 * Options of the commands that take only --help (and --json when @json is
 * not NULL).  Returns -1 to go on, else the exit code.
 */
int vb_simple_options(int argc, char *argv[], void (*help)(void), bool *json);

#endif /* _VENDORBANCTL_H */
