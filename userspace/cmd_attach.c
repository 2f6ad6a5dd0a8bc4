// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl attach - put the module form's BPF LSM programs in force
 *
 * vendorban.ko makes its BPF LSM programs itself and loads them itself;
 * what it cannot get on its own is a descriptor of its module BTF, which
 * the programs' kfunc calls need.  This finds that BTF object by its name
 * (bpf(2) BPF_BTF_GET_NEXT_ID, BPF_BTF_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD)
 * and writes "attach FD" to securityfs bpf_links, in this process, whose
 * file table the module then uses for a moment.  The module attaches the
 * programs it does not hold yet, so attach is idempotent, and status then
 * says whether the BPF LSM is the mechanism in force.
 *
 * An attach that puts the programs in force (after modprobe, or after a
 * "release") makes the module look again for pages held
 * (kmod/module/unseen.c): a file whose page anyone holds then, a reader
 * too, is refused until the hold ends, and every user may read the
 * dynamic loader (redteam12, RT12-3).  So it says so, and what to do.
 */

#include <errno.h>
#include <getopt.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl attach\n\n"
	       "Puts the BPF LSM programs of vendorban.ko (the module form) in force: the\n"
	       "module loads its own programs, attaches them to the kernel's LSM hooks and\n"
	       "holds them; this hands it the descriptor of its module BTF, which they\n"
	       "need.  vendorban then decides exec, executable mappings, mprotect and\n"
	       "kernel modules (status: \"mechanism: bpf-lsm\").  Run it after modprobe\n"
	       "vendorban and before loading the policy; running it again attaches what\n"
	       "is missing, if anything.  Fails, saying why, if the mechanism is not\n"
	       "bpf-lsm afterwards: the kernel does not run the BPF LSM (\"bpf\" in its\n"
	       "lsm= list), the module was built without BTF, or an attach failed.\n"
	       "When it puts the programs in force (after modprobe, or after a release),\n"
	       "a file a page of which someone holds then is refused until the hold\n"
	       "ends, and a reader's hold is taken for a writer's: a user keeping a page\n"
	       "of the dynamic loader in a pipe stops every dynamically linked program.\n"
	       "The kernel log names such files that only root may write; kill the\n"
	       "holder.\n\n"
	       "Options:\n"
	       "\t-h, --help   show this help\n");
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* Is the BTF object behind @fd the kernel's BTF of module @name? */
static int btf_named(int fd, const char *name)
{
	struct bpf_btf_info info;
	union bpf_attr attr;
	char buf[64] = "";

	memset(&info, 0, sizeof(info));
	info.name = (unsigned long)buf;
	info.name_len = sizeof(buf);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	return !sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) && info.kernel_btf &&
	       !strcmp(buf, name);
}

/* A descriptor of module @name's BTF, or a negative errno. */
static int module_btf_fd(const char *name)
{
	union bpf_attr attr;
	__u32 id = 0;
	int fd;

	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(BPF_BTF_GET_NEXT_ID, &attr))
			return errno == ENOENT ? -ENOENT : -errno;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.btf_id = id;
		fd = sys_bpf(BPF_BTF_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;
		if (btf_named(fd, name))
			return fd;
		close(fd);
	}
}

/* The "mechanism" line of status, into @mech; 0 or a negative errno. */
static int mechanism(char *mech, size_t size)
{
	char *status;
	size_t len;
	int ret = vb_securityfs_read("status", &status, &len);

	if (ret) {
		ERR("could not read %s/status: %s\n", vb_securityfs_root(),
		    strerror(-ret));
		return ret;
	}
	ret = vb_status_value(status, "mechanism", mech, size);
	free(status);
	if (ret)
		snprintf(mech, size, "unknown");
	return 0;
}

/* Whether status's @key line reads @want; false if status cannot tell. */
static bool status_is(const char *key, const char *want)
{
	char value[256];
	char *status;
	size_t len;
	bool ret;

	if (vb_securityfs_read("status", &status, &len))
		return false;
	ret = !vb_status_value(status, key, value, sizeof(value)) &&
	      !strcmp(value, want);
	free(status);
	return ret;
}

/* Says what a look for held pages refuses (file comment). */
static void say_holds(void)
{
	printf("vendorban: the programs were not in force before: a file a page of which someone holds now is refused until the hold ends, and a reader's hold (a pipe after splice(); any user may read the dynamic loader and libc) is taken for a writer's. The kernel log names such files that only root may write (\"vendorban: a page of PATH ... is held\"): kill the holder.\n");
}

static int attach(void)
{
	char cmd[32], mech[256];
	bool was_in_force;
	int fd, ret;

	was_in_force = status_is("mechanism", "bpf-lsm");
	fd = module_btf_fd("vendorban");
	if (fd < 0) {
		ERR("vendorban.ko's BTF is not in the kernel (%s): the module was built without module BTF, or the kernel lacks CONFIG_DEBUG_INFO_BTF_MODULES\n",
		    strerror(-fd));
		return fd;
	}
	snprintf(cmd, sizeof(cmd), "attach %d", fd);
	ret = vb_securityfs_write("bpf_links", cmd, strlen(cmd));
	close(fd);
	if (mechanism(mech, sizeof(mech)))
		return -EIO;
	if (ret) {
		ERR("the module could not attach its BPF LSM programs: %s; mechanism: %s\n",
		    vb_write_error(ret), mech);
		return ret;
	}
	if (strcmp(mech, "bpf-lsm")) {
		ERR("the BPF LSM programs are attached, but the mechanism is %s\n",
		    mech);
		return -ENOTSUP;
	}
	printf("vendorban: BPF LSM programs attached and held; mechanism: %s\n",
	       mech);
	if (!was_in_force)
		say_holds();
	return 0;
}

/* The built-in form decides through its own LSM hooks. */
static bool builtin(void)
{
	return status_is("form", "builtin");
}

static int do_attach(int argc, char *argv[])
{
	char *links;
	size_t len;
	int ret = vb_simple_options(argc, argv, help, NULL);

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("attach", "unexpected argument");
	if (builtin()) {
		printf("vendorban: built-in form, nothing to attach\n");
		return VB_EXIT_OK;
	}
	ret = vb_securityfs_read("bpf_links", &links, &len);
	if (ret) {
		ERR("could not read %s/bpf_links: %s (the module form is not loaded)\n",
		    vb_securityfs_root(), strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	free(links);
	return attach() ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_attach = {
	.name = "attach",
	.run = do_attach,
	.help = "put the module form's BPF LSM programs in force",
};
