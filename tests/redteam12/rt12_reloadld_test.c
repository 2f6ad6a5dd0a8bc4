// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam12 RT12-3 - a reader's hold of the dynamic loader at a reload
 * refuses every dynamically linked program, root's included
 *
 * The fix of RT10-4 (2188333, kmod/module/unseen.c): each time the
 * module starts to see every mmap() (load, attach), before its first
 * decision on a file of a filesystem it walks that filesystem's regular
 * files in memory and records every one with a page held; a recorded file
 * is suspect until a check finds it clean, and refused while the hold
 * lasts.  A hold for reading (a pipe after splice(), which any user may
 * make of any file he may read) cannot be told from one for writing.
 * README: "A file a reader holds a page of at that look ... is refused
 * until the hold ends: a reload lets any reader arm that denial of
 * service."
 *
 * Which files: any the user can read.  nobody keeps the first page of
 * /lib64/ld-linux-x86-64.so.2 and of libc.so.6 in pipes (read permission
 * suffices) and waits for root to reload the module (release, rmmod,
 * insmod, attach, load: what an upgrade of the module package by hand
 * does; the same at each attach after a release).  The kernel maps the
 * interpreter of every dynamically linked program executable
 * (security_mmap_file() from load_elf_binary()), so after the reload
 * every one of them fails to start, for root too, until root finds and
 * kills the holder (with what? ps, pkill, top are dynamically linked).
 *
 * Asserts what vendorban promises (files only root may write are never
 * suspect unless root maps them so: "a user holding their pages for
 * reading cannot get a system program refused"; an honest user's work is
 * not refused): root's and uid 1000's run of a dynamically linked
 * program still works after the reload while nobody reads the loader.
 * Module form only (the built-in form cannot be unloaded).
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "attacker.h"
#include "common.h"

#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		VB_DIR "/bpf_links"
#define LDSO		"/lib64/ld-linux-x86-64.so.2"
#define LIBC		"/lib/x86_64-linux-gnu/libc.so.6"
#define DYN		FIX_BIN "dyn-linked-unsigned"
#define POLICY		"ban-by-cert"

/* For as_user(): runs @path as that user, exit status (or -errno) in r[0]. */
static void run_as(const char *path, struct steps *s)
{
	s->r[0] = exec_here(path);
}

/* Root reloads vendorban.ko as a package upgrade does: 0 or the status. */
static int reload_module(void)
{
	return system("set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") || exit 1; "
		      "echo release >" LINKS " || exit 1; "
		      "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		      "grep -q '^vendorban ' /proc/modules && exit 2; "
		      "insmod " MODULE_KO " \"$@\" || exit 3; "
		      "vendorbanctl attach >/dev/null || exit 4; "
		      "vendorbanctl load " FIX_POL POLICY ".pol >/dev/null || exit 5");
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

TEST_F_TIMEOUT(reloadld, dynamic_programs_run, 600)
{
	int tell[2], before, reload, after, later;
	struct steps s;
	pid_t holder;
	off_t mark;
	char c = '?';

	SKIPPED_IN_SETUP();
	if (!vb_loadable_form())
		SKIP(return, "the built-in form cannot be reloaded");
	ASSERT_EQ(0, access(LDSO, R_OK));
	ASSERT_EQ(0, access(LIBC, R_OK));
	ASSERT_EQ(0, pipe(tell));
	holder = nobody_holds_pages(LDSO, LIBC, tell[1], 500);
	ASSERT_LT(0, holder);
	ASSERT_EQ(1, read(tell[0], &c, 1));
	ASSERT_EQ('k', c);
	before = run_exec(_metadata, DYN, NULL);
	TH_LOG("nobody keeps the first page of %s and %s in pipes; root's run of %s before the reload: %d (42: ran)",
	       LDSO, LIBC, DYN, before);
	EXPECT_EQ(HELLO_EXIT, before);

	reload = reload_module();
	TH_LOG("root reloads vendorban.ko (release, rmmod, insmod, attach, load): status %d",
	       reload);
	ASSERT_EQ(0, reload);
	mark = audit_mark();
	after = run_exec(_metadata, DYN, NULL);
	as_user(_metadata, 1000, run_as, DYN, &s, NULL);
	TH_LOG("after the reload, nobody still reading: root's run %d, uid 1000's run %d (42: ran; 127: the loader refused)",
	       after, s.r[0]);
	EXPECT_EQ(HELLO_EXIT, after) {
		TH_LOG("BROKE: root's dynamically linked program refused while a user reads the loader");
		audit_dump(_metadata, mark);
	}
	EXPECT_EQ(HELLO_EXIT, s.r[0]) {
		TH_LOG("BROKE: uid 1000's dynamically linked program refused while another user reads the loader");
	}

	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	later = run_exec(_metadata, DYN, NULL);
	TH_LOG("after nobody's reader is killed: root's run %d", later);
	EXPECT_EQ(HELLO_EXIT, later);
}

TEST_HARNESS_MAIN
