// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl attach - attach vendorban.ko's BPF LSM programs
 *
 * The module form carries its BPF object (securityfs bpf_object).  This
 * loads it with libbpf, attaches each program to its LSM hook, pins the
 * links under /sys/fs/bpf/vendorban/ and hands their descriptors to the
 * module (bpf_links), which holds them.  A program already pinned is not
 * attached again: its pin is handed over instead, so attach is idempotent.
 */

#include <errno.h>
#include <getopt.h>
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
#include <bpf/libbpf.h>

#include "lib/securityfs.h"
#include "log.h"
#include "vendorbanctl.h"

#define BPFFS		"/sys/fs/bpf"
#define PIN_DIR		BPFFS "/vendorban"
#define BPF_FS_MAGIC	0xcafe4a11
#define MAX_PROGS	16

static void help(void)
{
	printf("Usage:\n"
	       "\tvendorbanctl attach\n\n"
	       "Attaches the BPF LSM programs of vendorban.ko (the module form) to the\n"
	       "kernel's LSM hooks, pins them in " PIN_DIR "/ and hands them to\n"
	       "the module, which then decides exec, executable mappings, mprotect and\n"
	       "kernel modules (status: \"mechanism: bpf-lsm\").  Run it after modprobe\n"
	       "vendorban and before loading the policy; running it again changes\n"
	       "nothing.  Fails if the kernel does not run the BPF LSM (\"bpf\" in its\n"
	       "lsm= list) or the module was built without BTF or clang.\n\n"
	       "Options:\n"
	       "\t-h, --help   show this help\n");
}

/* Mount bpffs at /sys/fs/bpf unless it is there; create the pin dir. */
static int prepare_pin_dir(void)
{
	struct statfs st;

	if (statfs(BPFFS, &st) || st.f_type != BPF_FS_MAGIC) {
		if (mount("bpf", BPFFS, "bpf", 0, "mode=0700")) {
			ERR("could not mount bpffs on %s: %s\n", BPFFS,
			    strerror(errno));
			return -errno;
		}
	}
	if (mkdir(PIN_DIR, 0700) && errno != EEXIST) {
		ERR("could not create %s: %s\n", PIN_DIR, strerror(errno));
		return -errno;
	}
	return 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/*
 * The descriptor of @prog's link: its pin if there is one, else a new
 * link, pinned.  Returns a descriptor (the caller's), or a negative errno.
 */
static int attach_one(struct bpf_program *prog)
{
	char path[256];
	struct bpf_link *link;
	int fd, ret;

	snprintf(path, sizeof(path), PIN_DIR "/%s", bpf_program__name(prog));
	fd = bpf_obj_get(path);
	if (fd >= 0)
		return fd;
	link = bpf_program__attach_lsm(prog);
	if (!link) {
		ret = -errno;
		ERR("could not attach %s: %s\n", bpf_program__name(prog),
		    strerror(-ret));
		return ret;
	}
	ret = bpf_link__pin(link, path);
	if (ret) {
		ERR("could not pin %s: %s\n", path, strerror(-ret));
		bpf_link__destroy(link);
		return ret;
	}
	fd = dup(bpf_link__fd(link));
	bpf_link__disconnect(link);
	bpf_link__destroy(link);
	return fd < 0 ? -errno : fd;
}

/* Programs already pinned are not loaded again. */
static int skip_pinned(struct bpf_object *obj)
{
	struct bpf_program *prog;
	char path[256];
	int missing = 0;

	bpf_object__for_each_program(prog, obj) {
		snprintf(path, sizeof(path), PIN_DIR "/%s",
			 bpf_program__name(prog));
		if (access(path, F_OK) == 0)
			bpf_program__set_autoload(prog, false);
		else
			missing++;
	}
	return missing;
}

/* Attach every program; their link descriptors, space-separated, into @fds. */
static int attach_all(struct bpf_object *obj, char *fds, size_t size)
{
	struct bpf_program *prog;
	size_t used = 0;
	int ret, fd, n = 0;

	if (skip_pinned(obj)) {
		ret = bpf_object__load(obj);
		if (ret) {
			ERR("could not load the BPF programs: %s\n",
			    strerror(-ret));
			return ret;
		}
	}
	bpf_object__for_each_program(prog, obj) {
		if (n == MAX_PROGS)
			return -E2BIG;
		fd = attach_one(prog);
		if (fd < 0)
			return fd;
		used += snprintf(fds + used, size - used, "%s%d",
				 n ? " " : "", fd);
		n++;
	}
	return n;
}

static int hand_over(const char *fds)
{
	int ret = vb_securityfs_write("bpf_links", fds, strlen(fds));

	if (ret)
		ERR("could not hand the links to vendorban: %s\n",
		    vb_write_error(ret));
	return ret;
}

/* Print the mechanism status reads; 0 if it is bpf-lsm. */
static int report(int n)
{
	char mech[128];
	char *status;
	size_t len;
	int ret = vb_securityfs_read("status", &status, &len);

	if (ret) {
		ERR("could not read %s/status: %s\n", vb_securityfs_root(),
		    strerror(-ret));
		return ret;
	}
	ret = vb_status_value(status, "mechanism", mech, sizeof(mech));
	free(status);
	if (ret)
		strcpy(mech, "unknown");
	if (strcmp(mech, "bpf-lsm")) {
		ERR("%d programs attached, but the mechanism is %s\n", n, mech);
		return -ENOTSUP;
	}
	printf("vendorban: %d BPF LSM programs attached and held (%s/); mechanism: %s\n",
	       n, PIN_DIR, mech);
	return 0;
}

static int attach(const char *image, size_t len)
{
	char fds[MAX_PROGS * 12];
	struct bpf_object *obj;
	int ret;

	obj = bpf_object__open_mem(image, len, NULL);
	if (!obj) {
		ERR("could not open vendorban's BPF object: %s\n",
		    strerror(errno));
		return -errno;
	}
	ret = prepare_pin_dir();
	if (!ret)
		ret = attach_all(obj, fds, sizeof(fds));
	/* The links stay: pinned and held; the descriptors go with exit. */
	bpf_object__close(obj);
	if (ret < 0)
		return ret;
	if (hand_over(fds))
		return -EIO;
	return report(ret);
}

/* The built-in form decides through its own LSM hooks. */
static bool builtin(void)
{
	char form[32];
	char *status;
	size_t len;
	bool ret;

	if (vb_securityfs_read("status", &status, &len))
		return false;
	ret = !vb_status_value(status, "form", form, sizeof(form)) &&
	      !strcmp(form, "builtin");
	free(status);
	return ret;
}

static int do_attach(int argc, char *argv[])
{
	char *image;
	size_t len;
	int ret = vb_simple_options(argc, argv, help, NULL);

	if (ret >= 0)
		return ret;
	if (optind != argc)
		return vb_usage_error("attach", "unexpected argument");
	ret = vb_securityfs_read("bpf_object", &image, &len);
	if (ret == -ENOENT && builtin()) {
		printf("vendorban: built-in form, nothing to attach\n");
		return VB_EXIT_OK;
	}
	if (ret) {
		ERR("could not read %s/bpf_object: %s (the module form with its BPF programs is not loaded)\n",
		    vb_securityfs_root(), strerror(-ret));
		return VB_EXIT_FAILURE;
	}
	libbpf_set_print(libbpf_print);
	ret = attach(image, len);
	free(image);
	return ret ? VB_EXIT_FAILURE : VB_EXIT_OK;
}

const struct vendorban_cmd vendorban_cmd_attach = {
	.name = "attach",
	.run = do_attach,
	.help = "attach the module form's BPF LSM programs",
};
