// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - vendorban's BPF LSM programs (module form)
 *
 * Each row of the hook table the module form uses (hook_table.h) has one
 * program, made here as BPF instructions: load the hook arguments the
 * kfunc takes from the program's context (ctx[pos], one u64 each), call
 * the kfunc vendorban_kf_<hook>() (kfuncs.c), return -EACCES if it
 * returned non-zero, else 0.  An LSM program's return value must be
 * provably in [-MAX_ERRNO, 0] (6.12's verifier checks it), hence the
 * constants rather than the kfunc's int.  The programs carry no maps, no
 * subprograms and no BTF of their own (so nothing can be attached to
 * them, nor replace them), and depend on no kernel version: the verifier
 * takes the arguments' types from the kernel's BTF.
 *
 * bpf_links.c loads them (vendorbanctl attach hands it the descriptor of
 * vendorban's module BTF, which the kfunc call needs) and checks what the
 * kernel made of them with vendorban_bpf_program_is().
 */

#include "../common.h"

#include <linux/bpf.h>
#include <linux/build_bug.h>
#include <linux/filter.h>

#include "../kcompat.h"
#include "kfuncs.h"
#include "programs.h"

/**
 * struct vendorban_bpf_desc - one program, from its row of the hook table
 * @prog_name: the program's name, vb_<prog>
 * @hook_name: the hook it attaches to (bpf_lsm_<hook>)
 * @sleepable: it is sleepable
 * @nargs: how many arguments the kfunc takes
 * @ctx_pos: the position of each among the hook's arguments
 * @kfunc: the address of its kfunc
 */
struct vendorban_bpf_desc {
	const char *prog_name;
	const char *hook_name;
	bool sleepable;
	u8 nargs;
	u8 ctx_pos[MAX_BPF_FUNC_REG_ARGS];
	unsigned long kfunc;
};

/*
 * Each row's parameters and positions count the same (at most five, as
 * VB_COUNT() counts), and its program's name fits.
 */
#define VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)	\
	VB_IN_MODULE_##form(VB_UNUSED(hook, sleeps, args)		\
	static_assert(VB_COUNT(params) == VB_COUNT(pos));		\
	static_assert(sizeof("vb_" #prog) <= BPF_OBJ_NAME_LEN);)
#include "../hook_table.h"
#undef VENDORBAN_HOOK

#define VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)	\
	VB_LIST_IN_MODULE_##form(VB_UNUSED(params)			\
				 [VB_SLOT_##hook] = {			\
		.prog_name = "vb_" #prog,				\
		.hook_name = #hook,					\
		.sleepable = VB_SLEEPS_##sleeps,			\
		.nargs = VB_COUNT(args),				\
		.ctx_pos = { VB_UNPAREN pos },				\
		.kfunc = (unsigned long)vendorban_kf_##hook,		\
	})
static const struct vendorban_bpf_desc vendorban_bpf_descs[] = {
#include "../hook_table.h"
};

#undef VENDORBAN_HOOK

/**
 * vendorban_bpf_prog_name() - the name of a slot's program
 * @slot: the slot (enum vendorban_bpf_slot)
 *
 * Return: vb_<prog>.
 */
const char *vendorban_bpf_prog_name(unsigned int slot)
{
	return vendorban_bpf_descs[slot].prog_name;
}

/**
 * vendorban_bpf_hook_name() - the LSM hook of a slot's program
 * @slot: the slot (enum vendorban_bpf_slot)
 *
 * Return: the hook's name.
 */
const char *vendorban_bpf_hook_name(unsigned int slot)
{
	return vendorban_bpf_descs[slot].hook_name;
}

/**
 * vendorban_bpf_prog_sleeps() - is a slot's program sleepable?
 * @slot: the slot (enum vendorban_bpf_slot)
 *
 * Return: true if its check may sleep.
 */
bool vendorban_bpf_prog_sleeps(unsigned int slot)
{
	return vendorban_bpf_descs[slot].sleepable;
}

/**
 * vendorban_bpf_program() - write a slot's program
 * @slot: the slot (enum vendorban_bpf_slot)
 * @insns: room for %VENDORBAN_BPF_MAX_INSNS instructions
 *
 * The kfunc call names the kfunc by its id in vendorban's module BTF,
 * whose descriptor the loader puts at fd_array[%VENDORBAN_BPF_BTF_INDEX].
 *
 * Return: the number of instructions written.
 */
unsigned int vendorban_bpf_program(unsigned int slot, struct bpf_insn *insns)
{
	const struct vendorban_bpf_desc *d = &vendorban_bpf_descs[slot];
	unsigned int n = 0;
	int i;

	/* R(i+1) = ctx[pos[i]], the last first: R1 is ctx until then. */
	for (i = d->nargs - 1; i >= 0; i--)
		insns[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_1 + i, BPF_REG_1,
					 d->ctx_pos[i] * sizeof(u64));
	insns[n++] = BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL,
				  VENDORBAN_BPF_BTF_INDEX,
				  vendorban_kfunc_btf_id(slot));
	insns[n++] = BPF_JMP32_IMM(BPF_JEQ, BPF_REG_0, 0, 2);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, -EACCES);
	insns[n++] = BPF_EXIT_INSN();
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = BPF_EXIT_INSN();
	return n;
}

/*
 * The instructions after verification are the ones written, but for the
 * kfunc call, whose imm the verifier turns from the BTF id into the
 * kfunc's address relative to __bpf_call_base (6.1 and 6.12 on x86).
 * Constant blinding (net.core.bpf_jit_harden=2) rewrites immediates with
 * random values: then only the call is compared.
 */
static bool same_insns(unsigned int slot, const struct bpf_prog *prog)
{
	struct bpf_insn want[VENDORBAN_BPF_MAX_INSNS];
	long call = BPF_CALL_IMM(vendorban_bpf_descs[slot].kfunc);
	unsigned int i, n = vendorban_bpf_program(slot, want), calls = 0;

	for (i = 0; i < n; i++)
		if (want[i].code == (BPF_JMP | BPF_CALL))
			want[i].imm = call;
	if (!prog->blinded)
		return prog->len == n &&
		       !memcmp(prog->insnsi, want, n * sizeof(*want));
	for (i = 0; i < prog->len; i++) {
		const struct bpf_insn *insn = &prog->insnsi[i];

		if (insn->code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn->src_reg != BPF_PSEUDO_KFUNC_CALL ||
		    insn->imm != call)
			return false;
		calls++;
	}
	return calls == 1;
}

/**
 * vendorban_bpf_program_is() - is @prog a slot's program as written?
 * @slot: the slot (enum vendorban_bpf_slot)
 * @prog: a program loaded from vendorban_bpf_program()'s instructions
 *
 * Checks what the loader cannot have chosen otherwise: the program's
 * type, hook and sleepability, that it uses no map, has no subprogram and
 * is JIT-compiled, and that its instructions are those written, its call
 * reaching the slot's kfunc (and not another module's kfunc of the same
 * BTF id, had the loader handed over another module's BTF).
 *
 * Return: true if it is.
 */
bool vendorban_bpf_program_is(unsigned int slot, const struct bpf_prog *prog)
{
	const struct bpf_prog_aux *aux = prog->aux;

	return prog->type == BPF_PROG_TYPE_LSM &&
	       prog->expected_attach_type == BPF_LSM_MAC &&
	       aux->attach_btf_id == vendorban_hook_btf_id(slot) &&
	       vendorban_prog_sleepable(prog) ==
	       vendorban_bpf_descs[slot].sleepable &&
	       prog->jited && !aux->used_map_cnt && aux->func_cnt <= 1 &&
	       same_insns(slot, prog);
}
