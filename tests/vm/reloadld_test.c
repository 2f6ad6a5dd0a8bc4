// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - a reader's hold of the dynamic loader at a
 * reload is named (redteam12, RT12-3; from tests/redteam12/rt12_reloadld_test.c)
 *
 * Each time the loadable form starts to see every mmap() (load, attach),
 * before its first decision on a file of a filesystem it walks that
 * filesystem's files in memory and records every one with a page held
 * (kmod/module/unseen.c, redteam10 RT10-4); a recorded file is refused
 * while the hold lasts.  A hold for reading (a pipe after splice(), which
 * any user may make of any file he may read) cannot be told from one for
 * writing, and every user may read the dynamic loader and libc: nobody
 * keeping a page of each in pipes across a reload stops every
 * dynamically linked program, root's included, until the hold ends (the
 * loader's mapping is refused after the point of no return).  No sound
 * way to tell the holds apart was found; what vendorban owes root is to
 * say what is refused and why.
 *
 * nobody keeps the first page of /lib64/ld-linux-x86-64.so.2 and of
 * libc.so.6 in pipes; root reloads the module (release, rmmod, insmod,
 * attach, load: an upgrade of the module package by hand).  Asserts: the
 * kernel log names both files (their paths on the root filesystem, as
 * held, which only root may write), vendorbanctl attach says that
 * readers' holds are taken for writers' and that the cure is to kill the
 * holder, and once nobody's reader is killed root's dynamically linked
 * program runs.  What root's and uid 1000's runs give while the hold
 * lasts is logged, not asserted (refused: README, the threat model).
 * The loadable form only: the built-in form cannot be reloaded (it
 * skips).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		VB_DIR "/bpf_links"
#define LDSO		"/lib64/ld-linux-x86-64.so.2"
#define LIBC		"/lib/x86_64-linux-gnu/libc.so.6"
#define DYN		FIX_BIN "dyn-linked-unsigned"
#define POLICY		"ban-by-cert"
#define ATTACH_OUT	"/tmp/reloadld.attach"

/* For as_user(): runs @path as that user, exit status (or -errno) in r[0]. */
static void run_as(const char *path, struct steps *s)
{
	s->r[0] = exec_here(path);
}

/*
 * Root reloads vendorban.ko with the same table, attach's output in
 * ATTACH_OUT: 0 or the step that failed.
 */
static int reload_module(void)
{
	return system("set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") || exit 1; "
		      "echo release >" LINKS " || exit 1; "
		      "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		      "grep -q '^vendorban ' /proc/modules && exit 2; "
		      "insmod " MODULE_KO " \"$@\" || exit 3; "
		      "vendorbanctl attach >" ATTACH_OUT " || exit 4; "
		      "vendorbanctl load " FIX_POL POLICY ".pol >/dev/null || exit 5");
}

/* Whether the kernel log after @fd names @path held, only root's. */
static bool named(int fd, const char *path)
{
	char want[PATH_MAX + 16];

	snprintf(want, sizeof(want), "a page of %s ", path);
	return kmsg_wait(fd, 3000, "vendorban", want,
			 "which only root may write, is held",
			 "kill its holder");
}

FIXTURE(reloadld) {};

FIXTURE_SETUP(reloadld)
{
	vb_setup(_metadata);
	SKIPPED_IN_SETUP();
	use_policy(_metadata, POLICY);
}

FIXTURE_TEARDOWN(reloadld)
{
	SKIPPED_IN_SETUP();
	vb_teardown(_metadata);
}

TEST_F_TIMEOUT(reloadld, reader_of_the_loader_named, 600)
{
	int tell[2], before, reload, after, later, kmsg_ld, kmsg_libc;
	char ldso[PATH_MAX], libc[PATH_MAX], out[4096];
	bool ld_named, libc_named;
	struct steps s;
	pid_t holder;
	char c = '?';
	ssize_t n;
	int fd;

	SKIPPED_IN_SETUP();
	if (!vb_loadable_form())
		SKIP(return, "the built-in form cannot be reloaded");
	/* the log names the file, not the link to it */
	ASSERT_NE(NULL, realpath(LDSO, ldso));
	ASSERT_NE(NULL, realpath(LIBC, libc));
	ASSERT_EQ(0, pipe(tell));
	holder = nobody_holds_pages(LDSO, LIBC, tell[1], 500);
	ASSERT_LT(0, holder);
	ASSERT_EQ(1, read(tell[0], &c, 1));
	ASSERT_EQ('k', c);
	before = run_exec(_metadata, DYN, NULL);
	TH_LOG("nobody keeps the first page of %s and %s in pipes; root's run of %s before the reload: %d (42: ran)",
	       ldso, libc, DYN, before);
	EXPECT_EQ(HELLO_EXIT, before);

	kmsg_ld = kmsg_mark();
	kmsg_libc = kmsg_mark();
	ASSERT_LE(0, kmsg_ld);
	ASSERT_LE(0, kmsg_libc);
	reload = reload_module();
	TH_LOG("root reloads vendorban.ko (release, rmmod, insmod, attach, load): status %d",
	       reload);
	ASSERT_EQ(0, reload);
	after = run_exec(_metadata, DYN, NULL);
	as_user(_metadata, 1000, run_as, DYN, &s, NULL);
	TH_LOG("after the reload, nobody still reading: root's run %d, uid 1000's run %d (42: ran; refused while the hold lasts: README)",
	       after, s.r[0]);
	ld_named = named(kmsg_ld, ldso);
	libc_named = named(kmsg_libc, libc);
	close(kmsg_ld);
	close(kmsg_libc);
	TH_LOG("kernel log names %s held: %s; %s: %s", ldso,
	       ld_named ? "yes" : "no", libc, libc_named ? "yes" : "no");
	EXPECT_TRUE(ld_named);
	EXPECT_TRUE(libc_named);

	fd = open(ATTACH_OUT, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	n = read(fd, out, sizeof(out) - 1);
	close(fd);
	ASSERT_LE(0, n);
	out[n] = '\0';
	TH_LOG("vendorbanctl attach said: %s", out);
	EXPECT_NE(NULL, strstr(out, "taken for a writer's"));
	EXPECT_NE(NULL, strstr(out, "kill"));

	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	later = run_exec(_metadata, DYN, NULL);
	TH_LOG("after nobody's reader is killed: root's run %d", later);
	EXPECT_EQ(HELLO_EXIT, later);
}

TEST_HARNESS_MAIN
