/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - vendorban's BPF LSM programs (module form)
 */

#ifndef _SECURITY_VENDORBAN_PROGRAMS_H
#define _SECURITY_VENDORBAN_PROGRAMS_H

#include <linux/types.h>

struct bpf_insn;
struct bpf_prog;

/* The longest program: five argument loads and six instructions. */
#define VENDORBAN_BPF_MAX_INSNS 11
/* fd_array[] index of vendorban's module BTF, for the kfunc call */
#define VENDORBAN_BPF_BTF_INDEX 1

const char *vendorban_bpf_prog_name(unsigned int slot);
const char *vendorban_bpf_hook_name(unsigned int slot);
bool vendorban_bpf_prog_sleeps(unsigned int slot);
unsigned int vendorban_bpf_program(unsigned int slot, struct bpf_insn *insns);
bool vendorban_bpf_program_is(unsigned int slot, const struct bpf_prog *prog);

#endif /* _SECURITY_VENDORBAN_PROGRAMS_H */
