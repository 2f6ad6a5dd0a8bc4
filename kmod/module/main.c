// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the loadable module form (vendorban.ko)
 *
 * Loadable modules cannot register LSM hooks.  Where the kernel runs the
 * BPF LSM, this form decides through vendorban's BPF LSM programs, which
 * call the module's kfuncs (programs.c, kfuncs.c, checks.c, bpf_links.c):
 * exec, executable mappings, mprotect and kernel modules, as the built-in
 * form.  Until they
 * are attached, or where the BPF LSM is not enabled, it vetoes exec
 * through the one exported mechanism that sees every exec stage: a binary
 * format handler inserted at the head of the list.  Its load_binary runs
 * the shared decision for the file about to be executed (the program, a
 * script's "#!" interpreter, a binfmt_misc interpreter) and returns
 * -EACCES to deny or -ENOEXEC to let the real handlers go on.
 *
 * What the exec gate does not cover: executable mappings (shared
 * libraries, dlopen(), "ld.so /path/bin", mprotect) and kernel module
 * loads.  Once the BPF LSM is in force the gate lets every file through
 * (one decision and one audit record per attempt).  The decision cache
 * keeps the per-inode states in a table of its own (inode_table.c), the
 * module having no inode blob.  A binfmt_misc handler
 * registered after this module is loaded goes before it in the list; its
 * interpreter is still checked (it is executed through the list again).
 *
 * Unloading: every securityfs file pins the module while open, rmmod -f
 * waits for open files and checks in progress, and once locked, or once
 * signed policies are required (a one-way switch that a reload without
 * the parameter would undo), the module stays until reboot, rmmod -f
 * included (see vendorban_module_exit()).  An unload forgets what the
 * inode table and evicted.c knew of pages held through a writer, and a
 * hold outlives it: a module loaded afresh looks for such holds before it
 * decides on a file of a filesystem (unseen.c), as after every attach.
 */

#include "../common.h"

#include <linux/atomic.h>
#include <linux/binfmts.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "../audit.h"
#include "../decide.h"
#include "../form.h"
#include "../fs.h"
#include "../owners.h"
#include "../policy_sig.h"
#include "../state.h"
#include "bpf_links.h"
#include "evicted.h"
#include "inode_table.h"
#include "pin_table.h"
#include "unseen.h"

/* Set once by stay(): the locked gate has taken over. */
static bool vendorban_gate_locked;
/* stay() ran (or is running): it does its work once. */
static atomic_t vendorban_pinned = ATOMIC_INIT(0);

static int vendorban_gate(struct linux_binprm *bprm)
{
	int ret;

	if (vendorban_bpf_in_force())
		return -ENOEXEC;
	ret = vendorban_check_file(bprm->file, VENDORBAN_OP_EXEC);

	return ret ? ret : -ENOEXEC;
}

static int vendorban_load_binary(struct linux_binprm *bprm)
{
	/* The locked gate, in front of this one, has decided already. */
	if (READ_ONCE(vendorban_gate_locked))
		return -ENOEXEC;
	return vendorban_gate(bprm);
}

/*
 * Until lock: the kernel takes a reference on the module around each call
 * of the handler, so rmmod waits for checks in progress, and the handler
 * is skipped once the module is going.
 */
static struct linux_binfmt vendorban_format = {
	.module = THIS_MODULE,
	.load_binary = vendorban_load_binary,
};

/*
 * After lock: the module is never freed (vendorban_module_exit() does not
 * return once locked), so this gate needs no module reference, and must
 * not have one: "rmmod -f" marks the module going before it calls the
 * exit function, and the kernel skips the handlers of a going module.
 */
static struct linux_binfmt vendorban_locked_format = {
	.load_binary = vendorban_gate,
};

/*
 * Keep the module and its exec gate until reboot.
 *
 * Called once signed policies are required (module parameter or
 * securityfs switch), and by pin() at lock: neither a locked ban
 * nor the floor that signed policies set may end with an rmmod and an
 * insmod without the parameter.  Takes a module reference that is never
 * dropped (plain rmmod fails), and puts the locked gate in front of the
 * normal one, which then lets every file through to it.  A file exec'd
 * while the gates change hands may be checked twice, never not at all.
 * Does this once; later calls return at once.
 *
 * Context: process context.
 */
static void stay(void)
{
	if (atomic_xchg(&vendorban_pinned, 1))
		return;
	__module_get(THIS_MODULE);
	insert_binfmt(&vendorban_locked_format);
	WRITE_ONCE(vendorban_gate_locked, true);
}

/*
 * Keep the module, its gate and its links until reboot.  Called once
 * policy and mode are locked: the module stays (above) and keeps the BPF
 * LSM links it holds.
 *
 * Context: process context, vendorban_state_lock held.
 */
static void pin(void)
{
	stay();
	vendorban_bpf_lock();
}

/* Whether the module must stay until reboot (see stay()). */
static bool must_stay(void)
{
	return vendorban_locked() || vendorban_policy_sig_required();
}

/* Why the BPF LSM is not the mechanism (status), into @buf. */
static int format_why_not(char *buf, size_t size,
			  const struct vendorban_bpf_state *st)
{
	if (st->kfuncs == -ENODATA)
		return scnprintf(buf, size, "module built without BTF");
	if (st->kfuncs)
		return scnprintf(buf, size, "kfuncs not registered (error %d)",
				 st->kfuncs);
	if (st->error && st->error_prog)
		return scnprintf(buf, size, "attach failed: %s: error %d",
				 st->error_prog, st->error);
	if (st->error)
		return scnprintf(buf, size, "attach failed: error %d",
				 st->error);
	if (!st->held)
		return scnprintf(buf, size, "not attached");
	if (st->held < st->slots)
		return scnprintf(buf, size, "%u of %u programs attached",
				 st->held, st->slots);
	return scnprintf(buf, size, "not in the kernel's LSM list");
}

/* "bpf-lsm", or "binfmt (bpf: why not)". */
static int format_mechanism(char *buf, size_t size)
{
	struct vendorban_bpf_state st;
	int n;

	vendorban_bpf_get_state(&st);
	if (st.in_force)
		return scnprintf(buf, size, "bpf-lsm");
	n = scnprintf(buf, size, "binfmt (bpf: ");
	n += format_why_not(buf + n, size - n, &st);
	n += scnprintf(buf + n, size - n, ")");
	return n;
}

static const struct vendorban_fs_file vendorban_module_files[] = {
	{ "bpf_links", 0600, &vendorban_bpf_links_fops },
};

static const struct vendorban_form vendorban_module_form = {
	.name = "module",
	.format_mechanism = format_mechanism,
	.complete = vendorban_bpf_in_force,
	.pin = pin,
	.stay = stay,
	.inode_state = vendorban_module_inode_state,
	.inode_state_attach = vendorban_module_inode_state_attach,
	.inode_state_refile = vendorban_module_inode_state_refile,
	.suspect_account = vendorban_evicted_account,
	.suspect_charge = vendorban_evicted_charge,
	.suspect_record = vendorban_evicted_record,
	.suspect_recorded = vendorban_evicted_suspect,
	.unseen_look = vendorban_unseen_look,
	.unseen_suspect = vendorban_unseen_suspect,
	.unseen_clean = vendorban_unseen_clean,
	.pin_find = vendorban_pin_table_find,
	.pin_of = vendorban_pin_table_of,
	.pin_spare = vendorban_pin_table_spare,
	.pin_spare_free = vendorban_pin_table_spare_free,
	.files = vendorban_module_files,
	.nr_files = ARRAY_SIZE(vendorban_module_files),
};

/*
 * "rmmod -f" (CONFIG_MODULE_FORCE_UNLOAD) calls the exit function whatever
 * the reference count: checks in progress (the kernel holds a reference
 * around the handler) and open securityfs files (.owner) may still run
 * module code.  No new reference can be taken once the module is going, so
 * wait for these to end.  A plain rmmod gets here only with none.
 */
static void wait_for_users(void)
{
	if (module_refcount(THIS_MODULE) <= 0)
		return;
	pr_warn("forced unload: waiting for %d open files and checks in progress\n",
		module_refcount(THIS_MODULE));
	while (module_refcount(THIS_MODULE) > 0)
		msleep(20);
}

/*
 * "rmmod -f" after lock, or once signed policies are required.  Returning
 * would free the module and lift the ban (or let an insmod without the
 * parameter accept any policy), and the kernel gives the exit function no
 * way to refuse: so it never returns.  The rmmod process sleeps here until
 * reboot (TASK_IDLE: no hung-task report, no load; unkillable), the
 * module is live again, the locked gate keeps checking every exec, and the
 * policy stays in force.
 */
static void __noreturn refuse_unload(void)
{
	/*
	 * The kernel marked the module going before it called this; nothing
	 * of the unload has happened, and nothing will: it is live again, so
	 * that its securityfs files still open (the kernel refuses to open a
	 * going module's files, with a warning each time), and its BTF and
	 * handlers are still found.
	 */
	WRITE_ONCE(THIS_MODULE->state, MODULE_STATE_LIVE);
	pr_crit("rmmod -f while %s: refused; the policy stays in force until reboot and this rmmod never returns\n",
		vendorban_locked() ? "locked" : "signed policies are required");
	vendorban_audit_forced_unload(vendorban_locked(),
				      vendorban_policy_sig_required());
	for (;;)
		schedule_timeout_idle(MAX_SCHEDULE_TIMEOUT);
}

static int __init vendorban_module_init(void)
{
	int ret;

	vendorban_form_register(&vendorban_module_form);
	ret = vendorban_inode_table_init();
	if (ret)
		return ret;
	ret = vendorban_memimage_init();
	if (ret)
		goto out_table;
	ret = vendorban_bpf_init();
	if (ret)
		goto out_memimage;
	ret = vendorban_fs_init();
	if (ret)
		goto out_bpf;
	insert_binfmt(&vendorban_format);
	pr_info("initialized (%s): exec gate until \"vendorbanctl attach\"\n",
		vendorban_module_form.name);
	/* Last: a failed init frees the module, pinned or not. */
	if (vendorban_policy_sig_required()) {
		stay();
		pr_info("only signed policies are accepted; the module stays until reboot\n");
	}
	return 0;

out_bpf:
	vendorban_bpf_exit();
out_memimage:
	vendorban_memimage_exit();
out_table:
	vendorban_inode_table_exit();
	return ret;
}

/*
 * Order: no new check can start (the module is going, its handler is
 * skipped), wait for the checks and open files still using module code,
 * then unregister the handler (only now: an exec returning from it walks
 * on from its list entry), remove the files, release the BPF programs,
 * drop the policy and the subordinate uid ranges (each after an RCU grace
 * period), and free the room for
 * module images and the inode table.  Once locked or signed policies
 * required, none of this happens.
 */
static void __exit vendorban_module_exit(void)
{
	/* A switch written through a file still open is waited for here. */
	if (!must_stay())
		wait_for_users();
	if (must_stay())
		refuse_unload();
	unregister_binfmt(&vendorban_format);
	vendorban_fs_exit();
	vendorban_bpf_exit();
	vendorban_drop_policy();
	vendorban_owners_exit();
	vendorban_memimage_exit();
	vendorban_inode_table_exit();
	vendorban_unseen_exit();
}

module_init(vendorban_module_init);
module_exit(vendorban_module_exit);
MODULE_DESCRIPTION("vendorban: refuse to run binaries signed by banned vendors");
MODULE_LICENSE("GPL");
