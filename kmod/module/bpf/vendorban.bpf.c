// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the BPF LSM programs of the module form
 *
 * Compiled by Kbuild (clang -O2 -g -target bpf), embedded in vendorban.ko
 * and loaded by "vendorbanctl attach".  Each program hands its hook's
 * arguments to a kfunc of vendorban.ko (kmod/module/kfuncs.c), which runs
 * the shared decision path.  Independent of the kernel version: no
 * vmlinux.h; the kernel's types are only named (the verifier takes the
 * arguments' types from the kernel's BTF, libbpf only compares kinds).
 * An LSM program's return value must be provably in [-MAX_ERRNO, 0]
 * (6.12's verifier checks it), so a refusal is the constant -EACCES or
 * -EPERM, never the kfunc's int as it is.
 */

/* SEC() and __ksym (libbpf's bpf_helpers.h) are defined by kmod/Kbuild. */

#define EPERM 1
#define EACCES 13
#define MAY_WRITE 2

struct dentry {};
struct file {};
struct inode {};
struct linux_binprm {};
struct vm_area_struct {};

extern int vendorban_kf_bprm_check_security(struct linux_binprm *bprm) __ksym;
extern int vendorban_kf_mmap_file(struct file *file, unsigned long prot) __ksym;
extern int vendorban_kf_file_mprotect(struct vm_area_struct *vma,
				      unsigned long prot) __ksym;
extern int vendorban_kf_kernel_read_file(struct file *file,
					 unsigned int id) __ksym;
extern int vendorban_kf_kernel_load_data(unsigned int id) __ksym;
extern int vendorban_kf_inode_unlink(struct dentry *dentry) __ksym;
extern int vendorban_kf_kernel_post_read_file(struct file *file,
					      unsigned int id) __ksym;
extern int vendorban_kf_inode_permission(struct inode *inode, int mask) __ksym;
extern int vendorban_kf_inode_free_security(struct inode *inode) __ksym;

char LICENSE[] SEC("license") = "GPL";

/* ctx[i]: the hook's i-th argument; the last one is the return so far. */

SEC("lsm.s/bprm_check_security")
int vb_exec(unsigned long long *ctx)
{
	if (vendorban_kf_bprm_check_security((struct linux_binprm *)ctx[0]))
		return -EACCES;
	return 0;
}

SEC("lsm.s/mmap_file")
int vb_mmap(unsigned long long *ctx)
{
	if (vendorban_kf_mmap_file((struct file *)ctx[0], ctx[2]))
		return -EACCES;
	return 0;
}

SEC("lsm/file_mprotect")
int vb_mprotect(unsigned long long *ctx)
{
	if (vendorban_kf_file_mprotect((struct vm_area_struct *)ctx[0],
				       ctx[2]))
		return -EACCES;
	return 0;
}

SEC("lsm.s/kernel_read_file")
int vb_kread(unsigned long long *ctx)
{
	if (vendorban_kf_kernel_read_file((struct file *)ctx[0],
					  (unsigned int)ctx[1]))
		return -EACCES;
	return 0;
}

SEC("lsm/kernel_load_data")
int vb_kload(unsigned long long *ctx)
{
	if (vendorban_kf_kernel_load_data((unsigned int)ctx[0]))
		return -EACCES;
	return 0;
}

SEC("lsm/inode_unlink")
int vb_unlink(unsigned long long *ctx)
{
	if (vendorban_kf_inode_unlink((struct dentry *)ctx[1]))
		return -EPERM;
	return 0;
}

SEC("lsm/kernel_post_read_file")
int vb_kpost(unsigned long long *ctx)
{
	if (vendorban_kf_kernel_post_read_file((struct file *)ctx[0],
					       (unsigned int)ctx[3]))
		return -EACCES;
	return 0;
}

/* Runs on every permission check: only a write request goes further. */
SEC("lsm/inode_permission")
int vb_perm(unsigned long long *ctx)
{
	if (ctx[1] & MAY_WRITE)
		vendorban_kf_inode_permission((struct inode *)ctx[0],
					      (int)ctx[1]);
	return 0;
}

SEC("lsm/inode_free_security")
int vb_ifree(unsigned long long *ctx)
{
	vendorban_kf_inode_free_security((struct inode *)ctx[0]);
	return 0;
}
