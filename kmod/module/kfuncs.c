// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - kfuncs for vendorban's BPF LSM programs (module form)
 *
 * A loadable module cannot register LSM hooks, but the kernel's BPF LSM
 * (CONFIG_BPF_LSM, "bpf" in the LSM list) can run programs on them, and a
 * module can offer those programs functions of its own (kfuncs, described
 * by the module's BTF).  For each row of the hook table the module form
 * uses (hook_table.h) this file makes the kfunc vendorban_kf_<hook>(),
 * which vendorban's program on that hook (programs.c) calls with the
 * hook's arguments, and which hands them to vendorban_bpf_<hook>()
 * (checks.c).
 *
 * The kernel lets any BPF LSM program call a kfunc of this set, with any
 * pointers its verifier accepts for the arguments' types (on 6.12 only
 * trusted ones: VENDORBAN_KF_TRUSTED, kcompat.h; on 6.1 also NULL and
 * pointers walked from the hook's arguments).  So each kfunc
 * first asks who called it: the return address must lie in the JIT image
 * of the one program vendorban holds for that hook (programs that call
 * kfuncs are always JIT-compiled).  Any other caller gets 0 at once,
 * without an argument being looked at, and counts for nothing;
 * vendorban's own sleepable program gets 0 and counts for nothing if it
 * was reached where it may not sleep (a tail call from a non-sleepable
 * program: the kernel checks the hook's prototype for tail calls, not
 * sleepability; its own program on the hook still decides).  Only a call
 * from a held program shows the hooks to be live (vendorban_kf_live()).
 *
 * A BPF trampoline put on a kfunc (an fexit program) would call it from
 * the trampoline, so that vendorban's own program looked like a stranger
 * and every banned file went through (found by attack).  So the kfuncs are
 * notrace: with no ftrace call site, the kernel has no place to put a
 * trampoline in a module's function, and refuses fentry and fexit
 * programs on them.  (Answering strangers with a denial instead was
 * tried: on 6.12 a released link's program runs on for a while after its
 * slot is emptied, and every exec was refused.)
 */

#include "../common.h"

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/kernel_read_file.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/security.h>

#include "../kcompat.h"
#include "checks.h"
#include "kfuncs.h"

/*
 * struct vendorban_caller - where the program of a slot runs
 * @start: the first byte of its JIT image, 0 when the slot is empty
 * @len: the image's length, 0 when the slot is empty
 *
 * Written under the links lock (bpf_links.c) into an empty slot only,
 * and emptied before the program is released; read locklessly.  Any mix
 * of an old and a new value contains no address (see caller_check()).
 */
struct vendorban_caller {
	unsigned long start;
	unsigned long len;
};

static struct vendorban_caller vendorban_callers[VENDORBAN_NR_BPF];

/* A held program called a kfunc: vendorban's programs run on LSM hooks. */
static atomic_t vendorban_kf_calls = ATOMIC_INIT(0);

/* 0 once the kfuncs are offered; else why not (-ENODATA: no BTF). */
static int vendorban_kf_status = -ENODATA;

/*
 * Can this sleepable kfunc sleep here?  The trampoline runs a sleepable
 * program outside any RCU read-side section and preemptible; a tail call
 * from a non-sleepable program reaches it inside one.
 */
static bool may_sleep(void)
{
#ifdef CONFIG_PREEMPT_COUNT
	return preemptible() && !rcu_preempt_depth();
#else
	return true;
#endif
}

/*
 * Who called a kfunc, from @ret, its return address: 1 when the program
 * held in @slot did (and, for a sleepable kfunc, where it may sleep): it
 * decides; else 0: it decides nothing (a stranger, or that program
 * reached where it may not sleep, by a tail call: vendorban's own program
 * on the hook still runs; and a held program still attached for a moment
 * after "release" emptied its slot, on 6.12 where the link is freed from
 * a work item).  start and len are read separately:
 * 0 in either (an empty slot, or one being filled or emptied) leaves no
 * address in range, as kernel addresses are far above any image length.
 */
static int caller_check(unsigned int slot, bool sleeps, unsigned long ret)
{
	unsigned long start = READ_ONCE(vendorban_callers[slot].start);
	unsigned long len = READ_ONCE(vendorban_callers[slot].len);

	if (ret - start >= len || (sleeps && !may_sleep()))
		return 0;
	if (!atomic_read(&vendorban_kf_calls))
		atomic_set(&vendorban_kf_calls, 1);
	return 1;
}

/*
 * vendorban_kf_<hook>(params): 0 for any caller but the program held for
 * the hook (where it may sleep, if it sleeps), else what
 * vendorban_bpf_<hook>(args) decides.
 */
#define VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)	\
	VB_IN_MODULE_##form(VB_UNUSED(prog, pos)			\
	__bpf_kfunc notrace int vendorban_kf_##hook params		\
	{								\
		int who = caller_check(VB_SLOT_##hook,			\
				       VB_SLEEPS_##sleeps,		\
				       (unsigned long)__builtin_return_address(0)); \
									\
		if (who <= 0)						\
			return who;					\
		return vendorban_bpf_##hook args;			\
	})
#include "../hook_table.h"
#undef VENDORBAN_HOOK

#define VB_KF_FLAGS_SLEEPS (KF_SLEEPABLE | VENDORBAN_KF_TRUSTED)
#define VB_KF_FLAGS_ATOMIC VENDORBAN_KF_TRUSTED

#define VENDORBAN_HOOK(hook, prog, form, sleeps, ...)			\
	VB_IN_MODULE_##form(VB_UNUSED(prog)				\
			    BTF_ID_FLAGS(func, vendorban_kf_##hook,	\
					 VB_KF_FLAGS_##sleeps))
VENDORBAN_KFUNCS_START(vendorban_kfunc_ids)
#include "../hook_table.h"
VENDORBAN_KFUNCS_END(vendorban_kfunc_ids)
#undef VENDORBAN_HOOK

static const struct btf_kfunc_id_set vendorban_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &vendorban_kfunc_ids,
};

/* The kfuncs' BTF ids in slot order (the set above is sorted by id). */
#define VENDORBAN_HOOK(hook, prog, form, ...)				\
	VB_IN_MODULE_##form(VB_UNUSED(prog)				\
			    BTF_ID(func, vendorban_kf_##hook))
BTF_ID_LIST(vendorban_kfunc_list)
#include "../hook_table.h"
#undef VENDORBAN_HOOK

/* The hooks' BTF ids (the kernel's bpf_lsm_<hook>), in slot order. */
#define VENDORBAN_HOOK(hook, prog, form, ...)				\
	VB_IN_MODULE_##form(VB_UNUSED(prog)				\
			    BTF_ID(func, bpf_lsm_##hook))
BTF_ID_LIST(vendorban_hook_list)
#include "../hook_table.h"
#undef VENDORBAN_HOOK

/**
 * vendorban_kfunc_btf_id() - the BTF id of a slot's kfunc
 * @slot: the slot (enum vendorban_bpf_slot)
 *
 * Return: its id in vendorban's module BTF (0 without BTF).
 */
u32 vendorban_kfunc_btf_id(unsigned int slot)
{
	return vendorban_kfunc_list[slot];
}

/**
 * vendorban_hook_btf_id() - the BTF id of a slot's hook
 * @slot: the slot (enum vendorban_bpf_slot)
 *
 * Return: the id of bpf_lsm_<hook> in the kernel's BTF (0 without BTF).
 */
u32 vendorban_hook_btf_id(unsigned int slot)
{
	return vendorban_hook_list[slot];
}

/**
 * vendorban_kf_trust() - let the program held in a slot call its kfunc
 * @slot: the empty slot it fills
 * @prog: the program, JIT-compiled, held by the caller until
 *	  vendorban_kf_distrust()
 *
 * Context: the links lock held.
 */
void vendorban_kf_trust(unsigned int slot, const struct bpf_prog *prog)
{
	WRITE_ONCE(vendorban_callers[slot].start, (unsigned long)prog->bpf_func);
	WRITE_ONCE(vendorban_callers[slot].len, prog->jited_len);
}

/**
 * vendorban_kf_distrust() - empty a slot, before its program is released
 * @slot: the slot
 *
 * Context: the links lock held.
 */
void vendorban_kf_distrust(unsigned int slot)
{
	WRITE_ONCE(vendorban_callers[slot].len, 0);
	WRITE_ONCE(vendorban_callers[slot].start, 0);
}

/**
 * vendorban_kfuncs_init() - offer the kfuncs to BPF LSM programs
 *
 * Without module BTF (a build without pahole or the kernel's vmlinux) the
 * kernel cannot describe them: the module form then stays with its exec
 * gate, and status says why.
 *
 * Return: 0, or the negative errno of the BPF core (then also
 * vendorban_kfuncs_status()).
 */
int vendorban_kfuncs_init(void)
{
	if (!vendorban_module_has_btf(THIS_MODULE))
		return 0;
	vendorban_kf_status = register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM,
							&vendorban_kfunc_set);
	return vendorban_kf_status;
}

/**
 * vendorban_kfuncs_status() - are the kfuncs offered to BPF programs?
 *
 * Return: 0 if they are, -ENODATA without module BTF, else the error
 * registering them gave.
 */
int vendorban_kfuncs_status(void)
{
	return vendorban_kf_status;
}

/**
 * vendorban_kf_live() - do vendorban's held programs run on LSM hooks?
 *
 * An attached program runs only if the BPF LSM is enabled (in the "lsm="
 * list).  Asks the LSMs about a firmware load that never happens (no LSM
 * of Debian's list refuses one, and the hook has no side effect) and
 * looks whether vendorban's kernel_load_data program called its kfunc.
 * Any earlier call of a kfunc by a held program proves it as well; calls
 * by other programs never do.
 *
 * Context: process context.
 * Return: true if a held program called its kfunc.
 */
bool vendorban_kf_live(void)
{
	if (!atomic_read(&vendorban_kf_calls))
		security_kernel_load_data(LOADING_FIRMWARE, false);
	return atomic_read(&vendorban_kf_calls);
}
