/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the BPF object, embedded (module form)
 *
 * kmod/module/bpf/vendorban.bpf.c compiled by Kbuild with clang -target
 * bpf; read by "vendorbanctl attach" from securityfs (bpf_object).
 */

	.section .rodata, "a"
	.global vendorban_bpf_object
	.global vendorban_bpf_object_end
	.balign 8
vendorban_bpf_object:
	.incbin VENDORBAN_BPF_OBJ
vendorban_bpf_object_end:
