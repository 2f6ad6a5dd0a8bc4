// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - pages held across a reload of vendorban.ko
 *
 * Found by the outside red team (redteam10, RT10-4; first written as
 * tests/redteam10/rt10_reload_test.c, removed since: this is it).  What the loadable form knows of
 * the files whose pages may be held for writing (tests/vm/held.h: a FUSE
 * read in flight into a file's shared writable mapping) lives in the
 * module: its inode table and the arrays of module/evicted.c.  An unload
 * loses all of it; the hold outlives it.  So a user holds the pages of T
 * and waits; root reloads the module (release, rmmod, insmod, attach, the
 * same policy: what an upgrade of the module package by hand does), then
 * uses T; the server answers and writes the banned program's bytes under
 * it.  The variants:
 *
 *   - module_*: nobody writes T through root's idmapped mount (root's
 *     0755 on disk, as RT8-1, tests/vm/idmapheld_test.c) and holds its
 *     pages through it; after the reload root runs T (or maps it
 *     executable) by its path on the host, the mount's source directory;
 *   - module_adopt_exec: T is nobody's own file on a tmpfs, his pages
 *     held; after the reload root adopts it (chown root:root, chmod
 *     0755: RT7-4, tests/vm/heldadopt_test.c) and runs it;
 *   - gate_exec: root runs T after insmod, before attach (the exec gate
 *     alone), then attaches;
 *   - reattach_exec: no unload: root releases the BPF LSM programs,
 *     nobody maps T and holds its pages while they are not in force (the
 *     module sees no mmap() then), root attaches them again and runs T.
 *
 * T must be refused at its use, with a denial record, reason=writable;
 * the banned code (exit 66) never runs, and a copy of T whose pages
 * nobody holds runs.  Before the fix, module form on stock 6.1 and 6.12,
 * root's use of T was allowed and the banned code ran (first 0, last 66;
 * commit message of this test).  The built-in form cannot be unloaded:
 * there the "reload" loads the policy again, and T must be refused all
 * the same.  Module form: tests/module-form/guest.sh runs it in its
 * suite (default table), guest-only.sh with cache_entries=2 as well; the
 * reload keeps cache_entries.
 */

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "held.h"

#define DISK		"/tmp/vb-reloadheld-disk"
#define MNT		"/tmp/vb-reloadheld"
#define USER_DIR	"/tmp/vb-reloadheld-user"
#define MODULE_KO	"/lib/modules/vendorban.ko"
#define LINKS		"/sys/kernel/security/vendorban/bpf_links"

FIXTURE(reloadheld) {
	struct held_fixture f;
};

/* What root does between nobody's hold and the use of T. */
enum reload {
	RELOAD,		/* release, rmmod, insmod, attach, load */
	GATE,		/* release, rmmod, insmod, load; attach after the use */
	REATTACH,	/* release before the hold; attach, load */
};

FIXTURE_VARIANT(reloadheld) {
	enum reload reload;
	bool library;	/* map T PROT_EXEC instead of running it */
	bool adopt;	/* T is nobody's, root adopts it after the reload */
};

FIXTURE_VARIANT_ADD(reloadheld, module_exec) { RELOAD, false, false };
FIXTURE_VARIANT_ADD(reloadheld, module_library) { RELOAD, true, false };
FIXTURE_VARIANT_ADD(reloadheld, module_adopt_exec) { RELOAD, false, true };
FIXTURE_VARIANT_ADD(reloadheld, gate_exec) { GATE, false, false };
FIXTURE_VARIANT_ADD(reloadheld, reattach_exec) { REATTACH, false, false };

/* not lockdown: its policy refuses the busybox shell that reloads the module */
#define POLICY	"ban-by-subject-o"

/* The attack, with the pipes through which nobody hands T's use to root. */
struct attack {
	struct held_attack h;
	const char *t;		/* T as nobody writes it */
	const char *root_t;	/* T as root uses it */
	const FIXTURE_VARIANT(reloadheld) *variant;
	struct held_root_pipes p;
};

/* The attacker, as nobody: holds T's pages, root uses T, the server answers. */
static void attacker(const void *args, struct held_outcome *o)
{
	const struct attack *at = args;
	const struct held_attack *a = &at->h;
	char mnt[128];
	struct fuse_fs fs;
	pid_t held;
	int go;

	snprintf(mnt, sizeof(mnt), "%s/fuse", a->dir);
	alarm(300);
	if (failed(o, "become nobody", become_nobody()) ||
	    failed(o, "write T", write_file(at->t, a->t_bytes, a->tlen)) ||
	    failed(o, "chmod T", chmod(at->t, 0755)))
		return;
	held = held_start(o, a, at->t, mnt, &fs, &go);
	if (held < 0)
		return;
	/* root reloads and uses T (root_uses()), then the server answers */
	if (held_root_turn(o, a, go, held, &at->p))
		return;
	fuse_stop(&fs, mnt);
	o->control = held_control(a);
}

FIXTURE_SETUP(reloadheld)
{
	/* nobody's own directory: his FUSE mount point, the adopted T */
	held_fixture_setup(_metadata, &self->f, DISK, MNT, "reloadheld", USER_DIR);
}

FIXTURE_TEARDOWN(reloadheld)
{
	held_fixture_teardown(_metadata, &self->f, DISK, MNT, USER_DIR);
}

/* Runs @cmd with the shell: 0, or its status. */
static int sh(const char *cmd)
{
	return system(cmd);
}

/*
 * Root's part of the reload before the hold (REATTACH: the programs
 * released); 0, or the shell's status.
 */
static int before_hold(enum reload reload)
{
	if (!vb_loadable_form() || reload != REATTACH)
		return 0;
	return sh("echo release >" LINKS);
}

/*
 * Root's reload while nobody holds T's pages, as an upgrade of the module
 * package does, cache_entries kept (the built-in form: the policy loaded
 * again); 0, or the shell's status.
 */
static int reload_module(enum reload reload)
{
	char cmd[1024];

	if (!vb_loadable_form())
		return sh("vendorbanctl load " FIX_POL POLICY ".pol >/dev/null");
	snprintf(cmd, sizeof(cmd),
		 "set -- cache_entries=$(cat " VB_CACHE_ENTRIES ") || exit 1; %s"
		 "%s"
		 "vendorbanctl load " FIX_POL POLICY ".pol >/dev/null || exit 5",
		 reload == REATTACH ? "" :
		 "echo release >" LINKS " || exit 1; "
		 "for i in 1 2 3 4 5 6 7 8 9 10; do rmmod vendorban && break; sleep 1; done; "
		 "grep -q '^vendorban ' /proc/modules && exit 2; "
		 "insmod " MODULE_KO " \"$@\" || exit 3; ",
		 reload == GATE ? "" :
		 "vendorbanctl attach >/dev/null || exit 4; ");
	return sh(cmd);
}

/* After the use of T: the BPF LSM programs in force again; 0 or status. */
static int after_use(enum reload reload)
{
	if (!vb_loadable_form())
		return 0;
	return sh("vendorbanctl attach >/dev/null && "
		  "grep -q 'mechanism: *bpf-lsm' /sys/kernel/security/vendorban/status");
}

/* Root's part: reloads, adopts T if asked, uses T by @at->root_t. */
static void root_uses(const void *args, int asked, int tell,
		      struct held_outcome *r)
{
	const struct attack *at = args;
	const FIXTURE_VARIANT(reloadheld) *variant = at->variant;
	char c;

	if (read(asked, &c, 1) != 1)
		return;
	/* the hold is on: root reloads the module */
	r->setup = reload_module(variant->reload);
	if (r->setup)
		snprintf(r->step, sizeof(r->step), "reload vendorban.ko");
	if (variant->adopt && !r->setup &&
	    (chown(at->root_t, 0, 0) || chmod(at->root_t, 0755))) {
		r->setup = -errno;
		snprintf(r->step, sizeof(r->step), "root adopts T");
	}
	/* nobody lets the server answer meanwhile */
	held_root_use(r, &at->h, at->root_t, asked, tell);
	if (!r->setup && after_use(variant->reload)) {
		r->setup = -EIO;
		snprintf(r->step, sizeof(r->step), "attach after the use");
	}
}

/* Runs the attack: nobody in a child, root here. */
static void run_attack(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(reloadheld) *self,
		       const FIXTURE_VARIANT(reloadheld) *variant,
		       struct held_outcome *o)
{
	size_t glen = unsigned_len(self->f.good, self->f.glen);
	size_t tlen = glen > self->f.blen ? glen : self->f.blen;
	char *t = calloc(1, tlen), root_t[128], what[160];
	struct attack a = {
		.h = {
			.dir = USER_DIR, .t_bytes = t, .banned = self->f.banned,
			.tlen = tlen, .blen = self->f.blen,
			.library = variant->library,
		},
		.t = variant->adopt ? USER_DIR "/prog" : MNT "/prog",
		.root_t = root_t, .variant = variant,
	};
	struct held_outcome r;

	ASSERT_NE(NULL, t);
	if (variant->adopt)
		snprintf(root_t, sizeof(root_t), USER_DIR "/prog");
	else
		snprintf(root_t, sizeof(root_t), "%s/prog", self->f.dir);
	memcpy(t, self->f.good, glen);
	held_outcomes_init(o, &r);
	use_policy(_metadata, POLICY);
	ASSERT_EQ(0, before_hold(variant->reload));
	ASSERT_EQ(0, held_run_with_root(attacker, root_uses, &a, &a.p, o, &r));
	free(t);
	o->first = r.first;
	o->last = r.last;
	if (r.setup && !o->setup) {
		o->setup = r.setup;
		memcpy(o->step, r.step, sizeof(o->step));
	}
	snprintf(what, sizeof(what), "%s form, table %ld: %s%s by root after the %s",
		 vb_loadable_form() ? "module" : "built-in", vb_table_size(),
		 variant->library ? "library" : "exec",
		 variant->adopt ? " (nobody's T adopted)" : " (host path)",
		 variant->reload == RELOAD ? "reload" :
		 variant->reload == GATE ? "reload, before attach" :
		 "release and attach");
	held_log_outcome(_metadata, what, o);
}

TEST_F_TIMEOUT(reloadheld, refused, 600)
{
	struct held_outcome o;
	char path[128];
	off_t mark;

	SKIPPED_IN_SETUP();
	mark = audit_mark();
	run_attack(_metadata, self, variant, &o);
	/* T looks root-only where root uses it */
	if (variant->adopt)
		snprintf(path, sizeof(path), USER_DIR "/prog");
	else
		snprintf(path, sizeof(path), "%s/prog", self->f.dir);
	held_expect_refused(_metadata, &o, path, self->f.blen, variant->library,
			    mark);
}

TEST_HARNESS_MAIN
