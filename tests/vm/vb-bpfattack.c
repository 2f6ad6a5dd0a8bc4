// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-bpfattack - what a root user would try against vendorban's BPF LSM
 * mechanism (module form), for tests/module-form/guest-attack.sh.  Every
 * program is written here as BPF instructions (no clang in the guest),
 * loaded with libbpf's low-level calls, attached to its LSM hook and
 * pinned under /sys/fs/bpf/vbattack/ so that it stays after this exits.
 *
 *   vb-bpfattack lookalike
 *	programs named and hooked as vendorban's own (vb_exec, vb_mmap,
 *	vb_mprotect, vb_kread, vb_kload, vb_kpload, vb_unlink) that decide
 *	nothing; the kernel_load_data one calls vendorban's kfunc, so that
 *	the module's liveness probe sees a kfunc called.  Their link descriptors are then
 *	written to securityfs bpf_links, as "vendorbanctl attach" once did.
 *	Prints "handover: accepted" or "handover: refused: <error>".
 *   vb-bpfattack hostile
 *	sleepable programs on bprm_check_security, one per case, each
 *	calling one of vendorban's kfuncs with NULL or with pointers of the
 *	right type that are not the hook's own (walked from the exec's
 *	linux_binprm: its interpreter, NULL in the first stage; its file,
 *	the program being executed, as a library or a module; that file's
 *	inode, for the pin kfuncs; its stack vma; the last from a
 *	non-sleepable program, where walking a trusted pointer yields the
 *	old plain pointer, not an untrusted one); and, from a non-sleepable
 *	program, the module image kfunc with a forged address (4096) and
 *	size: it must not be read.
 *	Each returns 0.  Prints "<case>: loaded" or "<case>: refused
 *	by the verifier: <error>" per case.
 *   vb-bpfattack wrongbtf
 *	asks vendorban to attach its programs with the BTF of another
 *	module (binfmt_misc) and with the kernel's own: prints "<which>:
 *	accepted" or "<which>: refused: <error>".
 *   vb-bpfattack tailcall ID|PIN
 *	a non-sleepable program on bprm_creds_for_exec (the same prototype
 *	as bprm_check_security) that tail-calls vendorban's sleepable exec
 *	program (by its id, or the pin of its link), so that its sleepable
 *	kfunc runs inside an RCU read-side section.  Prints "tailcall:
 *	attached" or why the kernel refused it.
 *   vb-bpfattack fexit FUNC
 *	an fexit program (BPF tracing, a trampoline around the function)
 *	on FUNC, a function of vendorban's BTF (a kfunc): vendorban's own
 *	program then calls its kfunc through the trampoline.  Prints
 *	"fexit FUNC: attached" or why the kernel refused it.
 *
 * Exits 0 when the attempt could be made (what it achieved is for the
 * caller to check), 1 otherwise.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#define VB		"/sys/kernel/security/vendorban"
#define PINS		"/sys/fs/bpf/vbattack"
#define BPF_FS_MAGIC	0xcafe4a11
#define PROT_EXEC_	4
#define READING_MODULE_	2
#define MAY_WRITE_	2
#define LOADING_MODULE_	2
#define MAX_INSNS	32

static struct btf *vmlinux;
static struct btf *module;
static int module_btf_fd = -1;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vb-bpfattack: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(1);
}

/* BPF instructions, as the kernel's filter.h writes them. */
static struct bpf_insn insn(__u8 code, __u8 dst, __u8 src, __s16 off,
			    __s32 imm)
{
	struct bpf_insn i = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off,
		.imm = imm,
	};

	return i;
}

#define LDX_DW(dst, src, off)	insn(BPF_LDX | BPF_MEM | BPF_DW, dst, src, off, 0)
#define MOV_IMM(dst, imm)	insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define MOV_REG(dst, src)	insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define CALL_KFUNC(id)		insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 1, id)
#define EXIT()			insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

struct prog {
	struct bpf_insn insns[MAX_INSNS];
	int n;
};

static void emit(struct prog *p, struct bpf_insn i)
{
	if (p->n == MAX_INSNS)
		die("program too long\n");
	p->insns[p->n++] = i;
}

static int find_id(struct btf *btf, const char *name, int kind)
{
	int id = btf__find_by_name_kind(btf, name, kind);

	if (id < 0)
		die("%s not found in BTF\n", name);
	return id;
}

/* Byte offset of @member in struct @type (vmlinux BTF). */
static int member_offset(const char *type, const char *member)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int i;

	t = btf__type_by_id(vmlinux, find_id(vmlinux, type, BTF_KIND_STRUCT));
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(vmlinux, m->name_off), member))
			return btf_member_bit_offset(t, i) / 8;
	die("struct %s has no %s\n", type, member);
	return -1;
}

/* The descriptor of a module's BTF object, found by its name. */
static int btf_fd_of(const char *name)
{
	char buf[64];
	__u32 id = 0;
	int fd;

	while (!bpf_btf_get_next_id(id, &id)) {
		struct bpf_btf_info info;
		__u32 len = sizeof(info);

		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		info.name = (unsigned long)buf;
		info.name_len = sizeof(buf);
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    info.kernel_btf && !strcmp(buf, name))
			return fd;
		close(fd);
	}
	return -1;
}

static void load_btf(void)
{
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		die("no vmlinux BTF: %s\n", strerror(errno));
	module = btf__load_module_btf("vendorban", vmlinux);
	if (!module)
		die("no BTF for vendorban: %s\n", strerror(errno));
	module_btf_fd = btf_fd_of("vendorban");
	if (module_btf_fd < 0)
		die("vendorban's BTF object not found\n");
}

static int kfunc(const char *name)
{
	return find_id(module, name, BTF_KIND_FUNC);
}

static void prepare_pins(void)
{
	struct statfs st;

	if (statfs("/sys/fs/bpf", &st) || st.f_type != BPF_FS_MAGIC) {
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700"))
			die("mount bpffs: %s\n", strerror(errno));
	}
	if (mkdir(PINS, 0700) && errno != EEXIST)
		die("mkdir %s: %s\n", PINS, strerror(errno));
}

static char log_buf[65536];

/*
 * Loads @p as an LSM program on @hook and attaches it; returns the link's
 * descriptor (pinned as PINS/@name), or -errno with the verifier's log on
 * stderr.
 */
static int load_attach(const char *name, const char *hook, bool sleepable,
		       const struct prog *p)
{
	char fn[128], pin[256];
	int fd_array[2] = { 0, module_btf_fd };
	int prog_fd, link_fd, err;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = BPF_LSM_MAC,
		.prog_flags = sleepable ? BPF_F_SLEEPABLE : 0,
		.fd_array = fd_array,
		.log_buf = log_buf,
		.log_size = sizeof(log_buf),
		.log_level = 1,
	);

	snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
	opts.attach_btf_id = find_id(vmlinux, fn, BTF_KIND_FUNC);
	log_buf[0] = '\0';
	prog_fd = bpf_prog_load(BPF_PROG_TYPE_LSM, name, "GPL", p->insns,
				p->n, &opts);
	if (prog_fd < 0) {
		err = -errno;
		fprintf(stderr, "# %s: verifier log:\n%s\n", name, log_buf);
		return err;
	}
	link_fd = bpf_raw_tracepoint_open(NULL, prog_fd);
	err = -errno;
	close(prog_fd);
	if (link_fd < 0)
		return err;
	snprintf(pin, sizeof(pin), PINS "/%s", name);
	unlink(pin);
	if (bpf_obj_pin(link_fd, pin))
		die("pin %s: %s\n", pin, strerror(errno));
	return link_fd;
}

/* return 0 */
static void ret0(struct prog *p)
{
	emit(p, MOV_IMM(BPF_REG_0, 0));
	emit(p, EXIT());
}

static int lookalike(void)
{
	static const struct {
		const char *name, *hook;
	} progs[] = {
		{ "vb_exec", "bprm_check_security" },
		{ "vb_mmap", "mmap_file" },
		{ "vb_mprotect", "file_mprotect" },
		{ "vb_kread", "kernel_read_file" },
		{ "vb_kload", "kernel_load_data" },
		{ "vb_kpload", "kernel_post_load_data" },
		{ "vb_unlink", "inode_unlink" },
	};
	char fds[256] = "";
	size_t i, used = 0;
	int fd, out, ret = 0;

	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct prog p = { .n = 0 };

		if (!strcmp(progs[i].name, "vb_kload")) {
			/* the hook's id as it is: a firmware probe stays 0 */
			emit(&p, LDX_DW(BPF_REG_1, BPF_REG_1, 0));
			emit(&p, CALL_KFUNC(kfunc("vendorban_kf_kernel_load_data")));
		}
		ret0(&p);
		fd = load_attach(progs[i].name, progs[i].hook, false, &p);
		if (fd < 0)
			die("%s on %s: %s\n", progs[i].name, progs[i].hook,
			    strerror(-fd));
		printf("%s: attached to %s\n", progs[i].name, progs[i].hook);
		used += snprintf(fds + used, sizeof(fds) - used, "%s%d",
				 used ? " " : "", fd);
	}
	out = open(VB "/bpf_links", O_WRONLY);
	if (out < 0 || write(out, fds, strlen(fds)) < 0)
		ret = errno;
	if (out >= 0)
		close(out);
	if (ret)
		printf("handover: refused: %s\n", strerror(ret));
	else
		printf("handover: accepted\n");
	return 0;
}

/* One hostile case: r1..r2 set from the bprm in r6, then the kfunc. */
struct hostile {
	const char *name;
	const char *kfunc;
	const char *arg1;	/* linux_binprm member, "bprm", "null", "id", "forged", "inode" */
	int arg2;		/* second argument, or -1 for none */
	bool atomic;		/* a non-sleepable program (RCU read side) */
};

static void hostile_arg(struct prog *p, const char *what)
{
	if (!strcmp(what, "null"))
		emit(p, MOV_IMM(BPF_REG_1, 0));
	else if (!strcmp(what, "bprm"))
		emit(p, MOV_REG(BPF_REG_1, BPF_REG_6));
	else if (!strcmp(what, "id"))
		emit(p, MOV_IMM(BPF_REG_1, LOADING_MODULE_));
	else if (!strcmp(what, "forged"))	/* a module image at 4096 */
		emit(p, MOV_IMM(BPF_REG_1, 4096));
	else if (!strcmp(what, "inode")) {
		emit(p, LDX_DW(BPF_REG_1, BPF_REG_6,
			       member_offset("linux_binprm", "file")));
		emit(p, LDX_DW(BPF_REG_1, BPF_REG_1,
			       member_offset("file", "f_inode")));
	}
	else
		emit(p, LDX_DW(BPF_REG_1, BPF_REG_6,
			       member_offset("linux_binprm", what)));
}

static int hostile(void)
{
	static const struct hostile cases[] = {
		{ "vbh_exec_foreign", "vendorban_kf_bprm_check_security", "bprm", -1, false },
		{ "vbh_exec_null", "vendorban_kf_bprm_check_security", "null", -1, false },
		{ "vbh_mmap_file", "vendorban_kf_mmap_file", "file", PROT_EXEC_, false },
		{ "vbh_mmap_null", "vendorban_kf_mmap_file", "interpreter", PROT_EXEC_, false },
		{ "vbh_mprot_vma", "vendorban_kf_file_mprotect", "vma", PROT_EXEC_, false },
		{ "vbh_mprot_null", "vendorban_kf_file_mprotect", "null", PROT_EXEC_, false },
		{ "vbh_mprot_rcu", "vendorban_kf_file_mprotect", "vma", PROT_EXEC_, true },
		{ "vbh_kread_file", "vendorban_kf_kernel_read_file", "file", READING_MODULE_, false },
		{ "vbh_kread_null", "vendorban_kf_kernel_read_file", "interpreter", READING_MODULE_, false },
		{ "vbh_kload", "vendorban_kf_kernel_load_data", "id", -1, false },
		{ "vbh_kpload", "vendorban_kf_kernel_post_load_data", "forged", 1 << 20, true },
		{ "vbh_kpost_file", "vendorban_kf_kernel_post_read_file", "file", READING_MODULE_, false },
		{ "vbh_kpost_null", "vendorban_kf_kernel_post_read_file", "interpreter", READING_MODULE_, false },
		{ "vbh_perm_inode", "vendorban_kf_inode_permission", "inode", MAY_WRITE_, false },
		{ "vbh_perm_null", "vendorban_kf_inode_permission", "null", MAY_WRITE_, false },
		{ "vbh_ifree_inode", "vendorban_kf_inode_free_security", "inode", -1, false },
		{ "vbh_ifree_null", "vendorban_kf_inode_free_security", "null", -1, false },
	};
	size_t i;
	int fd;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *c = &cases[i];
		struct prog p = { .n = 0 };

		emit(&p, LDX_DW(BPF_REG_6, BPF_REG_1, 0));
		if (c->arg2 >= 0)
			emit(&p, MOV_IMM(BPF_REG_2, c->arg2));
		if (strstr(c->kfunc, "post_load_data"))	/* its id */
			emit(&p, MOV_IMM(BPF_REG_3, LOADING_MODULE_));
		hostile_arg(&p, c->arg1);
		emit(&p, CALL_KFUNC(kfunc(c->kfunc)));
		ret0(&p);
		fd = load_attach(c->name, "bprm_check_security", !c->atomic,
				 &p);
		if (fd < 0)
			printf("%s: refused by the verifier: %s\n", c->name,
			       strerror(-fd));
		else
			printf("%s: loaded\n", c->name);
	}
	return 0;
}

/* Ask vendorban to attach with another BTF object than its own. */
static int wrongbtf(void)
{
	static const char *const others[] = { "binfmt_misc", "vmlinux" };
	char cmd[64];
	size_t i;
	int fd, out, ret;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		fd = btf_fd_of(others[i]);
		if (fd < 0)
			die("no BTF object named %s\n", others[i]);
		snprintf(cmd, sizeof(cmd), "attach %d", fd);
		out = open(VB "/bpf_links", O_WRONLY);
		ret = out < 0 || write(out, cmd, strlen(cmd)) < 0 ? errno : 0;
		if (out >= 0)
			close(out);
		close(fd);
		if (ret)
			printf("%s: refused: %s\n", others[i], strerror(ret));
		else
			printf("%s: accepted\n", others[i]);
	}
	return 0;
}

/* The program behind ID (a number) or the link pinned at PIN. */
static int target_fd(const char *what)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int fd;

	if (what[0] != '/')
		return bpf_prog_get_fd_by_id(strtoul(what, NULL, 10));
	fd = bpf_obj_get(what);
	memset(&info, 0, sizeof(info));
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return -1;
	close(fd);
	return bpf_prog_get_fd_by_id(info.prog_id);
}

static int tailcall(const char *what)
{
	struct prog p = { .n = 0 };
	int target, map, fd, key = 0;
	struct bpf_insn ld_map[2];

	target = target_fd(what);
	if (target < 0)
		die("no program %s: %s\n", what, strerror(errno));
	map = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "vbh_tail", 4, 4, 1,
			     NULL);
	if (map < 0)
		die("prog array: %s\n", strerror(errno));
	/* r2 = map; r3 = 0; tail call; return 0 */
	ld_map[0] = insn(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_2,
			 BPF_PSEUDO_MAP_FD, 0, map);
	ld_map[1] = insn(0, 0, 0, 0, 0);
	emit(&p, ld_map[0]);
	emit(&p, ld_map[1]);
	emit(&p, MOV_IMM(BPF_REG_3, 0));
	emit(&p, insn(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call));
	ret0(&p);
	fd = load_attach("vbh_tailcall", "bprm_creds_for_exec", false, &p);
	if (fd < 0) {
		printf("tailcall: caller refused by the verifier: %s\n",
		       strerror(-fd));
		return 0;
	}
	if (bpf_map_update_elem(map, &key, &target, BPF_ANY)) {
		printf("tailcall: vendorban's program refused in a prog array: %s\n",
		       strerror(errno));
		return 0;
	}
	/* A prog array is emptied when its last user reference goes. */
	unlink(PINS "/vbh_tail_map");
	if (bpf_obj_pin(map, PINS "/vbh_tail_map"))
		die("pin the prog array: %s\n", strerror(errno));
	printf("tailcall: attached\n");
	return 0;
}

/* An fexit program returning 0 on @func, a function of vendorban's BTF. */
static int fexit(const char *func)
{
	struct prog p = { 0 };
	int fd_prog, link_fd;
	char pin[256];
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = BPF_TRACE_FEXIT,
		.attach_btf_obj_fd = module_btf_fd,
		.log_buf = log_buf,
		.log_size = sizeof(log_buf),
		.log_level = 1,
	);

	opts.attach_btf_id = kfunc(func);
	ret0(&p);
	log_buf[0] = '\0';
	fd_prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "vba_fexit", "GPL",
				p.insns, p.n, &opts);
	if (fd_prog < 0) {
		printf("fexit %s: refused by the verifier: %s\n", func,
		       strerror(errno));
		fprintf(stderr, "# verifier log:\n%s\n", log_buf);
		return 0;
	}
	link_fd = bpf_raw_tracepoint_open(NULL, fd_prog);
	if (link_fd < 0) {
		printf("fexit %s: refused at attach: %s\n", func,
		       strerror(errno));
		return 0;
	}
	snprintf(pin, sizeof(pin), PINS "/fexit_%s", func);
	unlink(pin);
	if (bpf_obj_pin(link_fd, pin))
		die("pin %s: %s\n", pin, strerror(errno));
	printf("fexit %s: attached\n", func);
	return 0;
}

int main(int argc, char *argv[])
{
	bool arg = !strcmp(argv[argc > 1 ? 1 : 0], "tailcall") ||
		   !strcmp(argv[argc > 1 ? 1 : 0], "fexit");

	if (argc < 2 || argc > 3 || arg != (argc == 3))
		die("usage: vb-bpfattack lookalike|hostile|wrongbtf|tailcall ID|PIN|fexit FUNC\n");
	if (!strcmp(argv[1], "wrongbtf"))
		return wrongbtf();
	load_btf();
	prepare_pins();
	if (!strcmp(argv[1], "lookalike"))
		return lookalike();
	if (!strcmp(argv[1], "hostile"))
		return hostile();
	if (!strcmp(argv[1], "tailcall"))
		return tailcall(argv[2]);
	if (!strcmp(argv[1], "fexit"))
		return fexit(argv[2]);
	die("unknown attack %s\n", argv[1]);
	return 1;
}
