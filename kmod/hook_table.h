/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban LSM - the one table of the LSM hooks vendorban uses
 *
 * One row per hook:
 *
 *	VENDORBAN_HOOK(hook, prog, form, sleeps, params, args, pos)
 *
 * @hook:   the LSM hook, as include/linux/lsm_hook_defs.h names it
 * @prog:   module form: its BPF program is named vb_<prog> (BPF names
 *          have at most 15 characters)
 * @form:   BOTH, BUILTIN or MODULE: the forms that use the hook
 * @sleeps: module form: SLEEPS if the check may sleep (read the file): its
 *          program is sleepable, which the kernel allows only on the hooks
 *          of its sleepable set (kernel/bpf/bpf_lsm.c); else ATOMIC
 * @params: module form: the parameters of the check, in parentheses, at
 *          most five: the hook's arguments it needs, as the hook types them
 *          (but a char * argument, which the verifier hands a program as
 *          a plain number, as unsigned long)
 * @args:   the same names, in parentheses
 * @pos:    each one's position among the hook's arguments (ctx[pos] in
 *          the program), in parentheses
 * (_ and () in the columns a form does not use.)
 *
 * What each form makes of it:
 *   - built-in form (lsm/hooks.c): LSM_HOOK_INIT(hook,
 *     vendorban_lsm_<hook>) for each BOTH and BUILTIN row;
 *   - module form, for each BOTH and MODULE row: the kfunc
 *     vendorban_kf_<hook>(params) and its entry in the kfunc BTF set
 *     (module/kfuncs.c), which refuses any caller but the program below
 *     and then calls vendorban_bpf_<hook>(args); the program vb_<prog>
 *     (module/programs.c: loads the arguments at @pos from its context,
 *     calls the kfunc, returns -EACCES if it returned non-zero, else 0);
 *     and its slot among the links the module holds (module/bpf_links.c).
 *
 * Adding a hook is one row here plus its check function(s): for the
 * built-in form vendorban_lsm_<hook>() with the hook's prototype in
 * lsm/hooks.c (LSM_HOOK_INIT checks it), for the module form
 * vendorban_bpf_<hook>(params) in module/checks.c (declared from the row
 * in module/checks.h).  The compiler checks that @params and @args
 * agree and that @pos counts as many; the module form's suite
 * (tests/module-form/run.sh) loads every program, so the kernel's
 * verifier checks the types against the hook's.
 *
 * No include guard: each user defines VENDORBAN_HOOK, includes this file
 * and undefines it (see form.h for the helpers).
 */

VENDORBAN_HOOK(bprm_check_security, exec, BOTH, SLEEPS,
	       (struct linux_binprm *bprm), (bprm), (0))
VENDORBAN_HOOK(mmap_file, mmap, BOTH, SLEEPS,
	       (struct file *file, unsigned long prot), (file, prot), (0, 2))
VENDORBAN_HOOK(file_mprotect, mprotect, BOTH, ATOMIC,
	       (struct vm_area_struct *vma, unsigned long prot), (vma, prot),
	       (0, 2))
VENDORBAN_HOOK(kernel_read_file, kread, MODULE, SLEEPS,
	       (struct file *file, unsigned int id), (file, id), (0, 1))
VENDORBAN_HOOK(kernel_load_data, kload, MODULE, ATOMIC,
	       (unsigned int id), (id), (0))
VENDORBAN_HOOK(kernel_post_read_file, kpost, BOTH, ATOMIC,
	       (struct file *file, unsigned int id), (file, id), (0, 3))
VENDORBAN_HOOK(kernel_post_load_data, kpload, BOTH, ATOMIC,
	       (unsigned long buf, loff_t size, unsigned int id),
	       (buf, size, id), (0, 1, 2))
VENDORBAN_HOOK(inode_alloc_security, _, BUILTIN, _, (), (), ())
VENDORBAN_HOOK(inode_permission, perm, BOTH, ATOMIC,
	       (struct inode *inode, int mask), (inode, mask), (0, 1))
VENDORBAN_HOOK(inode_free_security, ifree, MODULE, ATOMIC,
	       (struct inode *inode), (inode), (0))
VENDORBAN_HOOK(sb_alloc_security, sbnew, MODULE, SLEEPS,
	       (struct super_block *sb), (sb), (0))
VENDORBAN_HOOK(file_open, _, BUILTIN, _, (), (), ())
VENDORBAN_HOOK(inode_setattr, _, BUILTIN, _, (), (), ())
VENDORBAN_HOOK(path_truncate, _, BUILTIN, _, (), (), ())
VENDORBAN_HOOK(inode_post_setxattr, _, BUILTIN, _, (), (), ())
VENDORBAN_HOOK(inode_removexattr, _, BUILTIN, _, (), (), ())
