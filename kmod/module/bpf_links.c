// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - loading and holding vendorban's BPF LSM programs
 * (module form)
 *
 * "vendorbanctl attach" writes "attach FD" to bpf_links, FD being its
 * descriptor of vendorban's module BTF (the kfunc calls need it, and the
 * kernel gives a module no way to get one itself).  The module then, for
 * each slot not yet held, loads its own program (programs.c) through
 * kern_sys_bpf(), the kernel's bpf(2) for kernel callers (as the kernel's
 * own preloaded programs are loaded), checks what the verifier made of
 * it, lets it call its kfunc (kfuncs.c), attaches it and keeps the link.
 * No one else's program or link is ever taken: none is accepted from
 * userspace at all.  The descriptors these calls open live for a moment
 * in the writer's file table, which must therefore be its own (not shared
 * with another thread or process) so that nobody can swap them.
 *
 * The module holds the only reference to each link, so no pin in bpffs
 * is needed: closing the descriptors changes nothing, and the kernel has
 * no detach for LSM links (BPF_LINK_DETACH fails).  Before lock, and
 * while signed policies are not required, "release" drops them, which
 * detaches the programs (audited either way); once locked or signed
 * policies are required, a link held is never dropped, and empty slots can still be filled, with
 * vendorban's own programs only.  The programs hold this module through
 * their kfuncs, so rmmod fails while they exist.
 *
 * The BPF LSM is the mechanism in force when a link is held for every
 * slot and the hooks are seen to run (kfuncs.c); the exec gate (main.c)
 * then lets every file through to them.
 *
 * The programs run from BPF trampolines, which ftrace patches into the
 * hooks: the sysctl kernel.ftrace_enabled=0 would switch every one of them
 * off at once, vendorban's hooks with them, while the links stay held.  So
 * while a link is held, the module keeps a permanent ftrace_ops registered
 * (as livepatch does), and the kernel refuses that sysctl write (EBUSY).
 */

#include "../common.h"

#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../audit.h"
#include "../cache.h"
#include "../kcompat.h"
#include "../policy_sig.h"
#include "bpf_links.h"
#include "kfuncs.h"
#include "pin_table.h"
#include "programs.h"

VENDORBAN_IMPORT_BPF_INTERNAL;

/* The links held, one per slot; written under vendorban_links_lock. */
static struct bpf_link *vendorban_links[VENDORBAN_NR_BPF];
static DEFINE_MUTEX(vendorban_links_lock);
/* Locked: no link held is ever dropped. */
static bool vendorban_links_frozen;
/* Every slot held and seen running. */
static bool vendorban_bpf_forced;
/* Why the last attach failed (0: it did not), and on which program. */
static int vendorban_attach_error;
static const char *vendorban_attach_error_prog;

#ifdef CONFIG_DYNAMIC_FTRACE
static void notrace vendorban_ftrace_nop(unsigned long ip,
					 unsigned long parent_ip,
					 struct ftrace_ops *op,
					 struct ftrace_regs *fregs)
{
}

static struct ftrace_ops vendorban_ftrace_guard = {
	.func = vendorban_ftrace_nop,
	.flags = FTRACE_OPS_FL_PERMANENT,
};

static bool vendorban_ftrace_guarded;
/* The guard's filter is set once and kept until the module goes. */
static bool vendorban_ftrace_filtered;

/* Never called: the one function the guard's ftrace_ops traces. */
static noinline void __used vendorban_ftrace_anchor(void)
{
	barrier();
}

/*
 * Keep ftrace (and with it the BPF trampolines) on: register the
 * permanent ftrace_ops, which fails while ftrace_enabled is 0.
 * Context: links lock.
 */
static int ftrace_guard_get(void)
{
	int ret;

	if (vendorban_ftrace_guarded)
		return 0;
	if (!vendorban_ftrace_filtered) {
		ret = ftrace_set_filter_ip(&vendorban_ftrace_guard,
					   (unsigned long)vendorban_ftrace_anchor,
					   0, 1);
		if (ret)
			return ret;
		vendorban_ftrace_filtered = true;
	}
	ret = register_ftrace_function(&vendorban_ftrace_guard);
	if (ret)
		return ret;
	vendorban_ftrace_guarded = true;
	return 0;
}

/*
 * Context: links lock, no link held.  The filter stays: ftrace_free_filter()
 * frees the hashes without resetting them, so an ops whose filter was
 * freed must never be set or registered again.
 */
static void ftrace_guard_put(void)
{
	if (!vendorban_ftrace_guarded)
		return;
	unregister_ftrace_function(&vendorban_ftrace_guard);
	vendorban_ftrace_guarded = false;
}

/* Context: module exit, after ftrace_guard_put(). */
static void ftrace_guard_free(void)
{
	if (vendorban_ftrace_filtered)
		ftrace_free_filter(&vendorban_ftrace_guard);
	vendorban_ftrace_filtered = false;
}
#else
static int ftrace_guard_get(void)
{
	return 0;
}

static void ftrace_guard_put(void)
{
}

static void ftrace_guard_free(void)
{
}
#endif

/* Load a slot's program: its descriptor, or a negative errno. */
static int load_program(unsigned int slot, int btf_fd)
{
	struct bpf_insn insns[VENDORBAN_BPF_MAX_INSNS];
	int fd_array[VENDORBAN_BPF_BTF_INDEX + 1] = { 0 };
	union bpf_attr attr;

	fd_array[VENDORBAN_BPF_BTF_INDEX] = btf_fd;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_LSM;
	attr.expected_attach_type = BPF_LSM_MAC;
	attr.insn_cnt = vendorban_bpf_program(slot, insns);
	attr.insns = (unsigned long)insns;
	attr.license = (unsigned long)"GPL";
	if (vendorban_bpf_prog_sleeps(slot))
		attr.prog_flags = BPF_F_SLEEPABLE;
	attr.attach_btf_id = vendorban_hook_btf_id(slot);
	attr.fd_array = (unsigned long)fd_array;
	strscpy(attr.prog_name, vendorban_bpf_prog_name(slot),
		sizeof(attr.prog_name));
	return kern_sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* Attach @prog (behind @prog_fd) to its hook: its link, or an ERR_PTR. */
static struct bpf_link *attach_program(struct bpf_prog *prog, int prog_fd)
{
	struct bpf_link *link;
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = prog_fd;
	fd = kern_sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
	if (fd < 0)
		return ERR_PTR(fd);
	link = bpf_link_get_from_fd(fd);
	close_fd(fd);
	if (!IS_ERR(link) && link->prog != prog) {
		bpf_link_put(link);
		link = ERR_PTR(-EBADF);
	}
	return link;
}

/*
 * Load, check and attach a slot's program, and hold its link.  The
 * program may call its kfunc from before it is attached.  Context: links
 * lock.
 */
static int attach_slot(unsigned int slot, int btf_fd)
{
	struct bpf_link *link;
	struct bpf_prog *prog;
	int prog_fd, ret;

	prog_fd = load_program(slot, btf_fd);
	if (prog_fd < 0)
		return prog_fd;
	prog = bpf_prog_get_type_dev(prog_fd, BPF_PROG_TYPE_LSM, false);
	if (IS_ERR(prog)) {
		ret = PTR_ERR(prog);
		goto out_close;
	}
	ret = -EBADMSG;
	if (!vendorban_bpf_program_is(slot, prog))
		goto out_put;
	vendorban_kf_trust(slot, prog);
	link = attach_program(prog, prog_fd);
	ret = PTR_ERR_OR_ZERO(link);
	if (ret)
		vendorban_kf_distrust(slot);
	else
		WRITE_ONCE(vendorban_links[slot], link);
out_put:
	bpf_prog_put(prog);
out_close:
	close_fd(prog_fd);
	return ret;
}

/*
 * Attach every slot not held yet, with vendorban's module BTF behind
 * @btf_fd; stop at the first failure, which status then names.
 * Context: links lock.
 */
static int attach_all(int btf_fd)
{
	unsigned int slot;
	int ret;

	vendorban_attach_error_prog = NULL;
	ret = vendorban_kfuncs_status();
	/* The descriptors opened for a moment must be the writer's alone. */
	if (!ret && atomic_read(&current->files->count) != 1)
		ret = -EBUSY;
	if (!ret)
		ret = ftrace_guard_get();
	for (slot = 0; !ret && slot < VENDORBAN_NR_BPF; slot++) {
		if (vendorban_links[slot])
			continue;
		ret = attach_slot(slot, btf_fd);
		if (ret)
			vendorban_attach_error_prog =
				vendorban_bpf_prog_name(slot);
	}
	vendorban_attach_error = ret;
	return ret;
}

/*
 * Drop every link held.  The pins go first: their table relies on the
 * inode_free_security program running.  Context: links lock, not frozen.
 */
static void release_links(void)
{
	struct bpf_link *link;
	unsigned int slot;

	vendorban_pin_table_close();
	for (slot = 0; slot < VENDORBAN_NR_BPF; slot++) {
		link = vendorban_links[slot];
		if (!link)
			continue;
		vendorban_kf_distrust(slot);
		WRITE_ONCE(vendorban_links[slot], NULL);
		bpf_link_put(link);
	}
	ftrace_guard_put();
}

static unsigned int nr_held(void)
{
	unsigned int slot, n = 0;

	for (slot = 0; slot < VENDORBAN_NR_BPF; slot++)
		n += !!vendorban_links[slot];
	return n;
}

/*
 * Links attached or released: is the BPF LSM now in force?  Pins may be
 * taken exactly then (module/pin_table.c).
 */
static void update_forced(void)
{
	bool forced = nr_held() == VENDORBAN_NR_BPF && vendorban_kf_live();

	if (forced)
		vendorban_pin_table_open();
	else
		vendorban_pin_table_close();
	/* the mmap program runs for every mapping exactly while in force */
	vendorban_cache_sight(forced);
	WRITE_ONCE(vendorban_bpf_forced, forced);
}

/*
 * "release": drop the links, unless lock froze them or signed policies
 * are required.  Releasing turns off the checks of executable mappings
 * and module loads, which only the programs make: where signed policies
 * are required, root without the signing key may no more do that than
 * set mode permissive.  Audited, refused or not.  Context: links lock.
 */
static int release_command(void)
{
	unsigned int held = nr_held();
	int ret = 0;

	if (vendorban_links_frozen || vendorban_policy_sig_required())
		ret = -EPERM;
	else
		release_links();
	vendorban_audit_bpf_release(held, ret);
	return ret;
}

/* "attach FD" or "release".  Context: links lock. */
static int run_command(char *text)
{
	int btf_fd, ret;

	if (sysfs_streq(text, "release"))
		return release_command();
	if (strncmp(text, "attach ", 7))
		return -EINVAL;
	ret = kstrtoint(strim(text + 7), 10, &btf_fd);
	if (ret)
		return ret;
	ret = attach_all(btf_fd);
	vendorban_audit_bpf_attach(vendorban_attach_error_prog, nr_held(), ret);
	return ret;
}

static ssize_t bpf_links_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	char *text;
	int ret;

	if (!file_ns_capable(file, &init_user_ns, CAP_MAC_ADMIN))
		return -EPERM;
	if (*ppos != 0 || count == 0 || count > 64)
		return -EINVAL;
	text = memdup_user_nul(buf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	mutex_lock(&vendorban_links_lock);
	ret = run_command(text);
	update_forced();
	mutex_unlock(&vendorban_links_lock);
	kfree(text);
	return ret ? ret : count;
}

/* One line per slot: program, hook, then "held prog=ID link=ID" or "empty". */
static int format_links(char *buf, size_t size)
{
	struct bpf_link *link;
	unsigned int slot;
	int n = 0;

	mutex_lock(&vendorban_links_lock);
	for (slot = 0; slot < VENDORBAN_NR_BPF; slot++) {
		link = vendorban_links[slot];
		n += scnprintf(buf + n, size - n, "%s %s ",
			       vendorban_bpf_prog_name(slot),
			       vendorban_bpf_hook_name(slot));
		if (link)
			n += scnprintf(buf + n, size - n,
				       "held prog=%u link=%u\n",
				       link->prog->aux->id, link->id);
		else
			n += scnprintf(buf + n, size - n, "empty\n");
	}
	mutex_unlock(&vendorban_links_lock);
	return n;
}

static ssize_t bpf_links_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	char *text;
	ssize_t ret;
	int len;

	text = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	len = format_links(text, PAGE_SIZE);
	ret = simple_read_from_buffer(buf, count, ppos, text, len);
	kfree(text);
	return ret;
}

const struct file_operations vendorban_bpf_links_fops = {
	.owner = THIS_MODULE,
	.read = bpf_links_read,
	.write = bpf_links_write,
	.llseek = generic_file_llseek,
};

/**
 * vendorban_bpf_in_force() - is the BPF LSM vendorban's mechanism?
 *
 * Context: any.
 * Return: true when vendorban's programs are held on every hook and run.
 */
bool vendorban_bpf_in_force(void)
{
	return READ_ONCE(vendorban_bpf_forced);
}

/**
 * vendorban_bpf_get_state() - where the BPF LSM mechanism stands
 * @state: filled in
 *
 * Context: process context.
 */
void vendorban_bpf_get_state(struct vendorban_bpf_state *state)
{
	mutex_lock(&vendorban_links_lock);
	state->in_force = vendorban_bpf_forced;
	state->kfuncs = vendorban_kfuncs_status();
	state->held = nr_held();
	state->slots = VENDORBAN_NR_BPF;
	state->error = vendorban_attach_error;
	state->error_prog = vendorban_attach_error_prog;
	mutex_unlock(&vendorban_links_lock);
}

/**
 * vendorban_bpf_lock() - keep the links held until reboot
 *
 * Context: process context (the form's pin, at lock).
 */
void vendorban_bpf_lock(void)
{
	mutex_lock(&vendorban_links_lock);
	WRITE_ONCE(vendorban_links_frozen, true);
	mutex_unlock(&vendorban_links_lock);
}

/**
 * vendorban_bpf_init() - offer the kfuncs to BPF LSM programs
 *
 * Context: module init.
 * Return: 0 (without them the module keeps its exec gate, and says why).
 */
int vendorban_bpf_init(void)
{
	int ret = vendorban_kfuncs_init();

	if (ret)
		pr_warn("kfuncs not registered (%d): exec gate only\n", ret);
	return 0;
}

/**
 * vendorban_bpf_exit() - drop the links (unlocked)
 *
 * Context: module exit or failed init.
 */
void vendorban_bpf_exit(void)
{
	mutex_lock(&vendorban_links_lock);
	if (!vendorban_links_frozen)
		release_links();
	/* The ops lives in this module: it must not outlive it. */
	ftrace_guard_put();
	ftrace_guard_free();
	vendorban_cache_sight(false);
	WRITE_ONCE(vendorban_bpf_forced, false);
	mutex_unlock(&vendorban_links_lock);
}
