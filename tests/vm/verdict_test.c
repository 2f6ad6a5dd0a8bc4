// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban selftests - the kernel and vendorbanctl decide alike
 *
 * One corpus, several policies: for every file and policy, the verdict
 * the kernel gives (its rule_counts row and column that the decision
 * added one to, the audit record's reason when no rule decided, and the
 * result of the exec or mmap itself) is compared with what
 * "vendorbanctl test --json" predicts for the same file under the same
 * policy text: action, deciding rule line ("default", "none") and reason.
 * A difference fails the test and names the file, the policy and both
 * answers.
 *
 * The corpus (fixtures from scripts/make-fixtures.sh, copied to a fresh
 * tmpfs for each policy): programs signed by the banned vendor and by the
 * good vendor (appended signatures, two key types), unsigned, malformed
 * (garbage, truncated) and over a limit (a chain bomb), each run by
 * execve() and mapped PROT_EXEC (a library); three of them mapped while
 * held open for writing (writable); two on a FUSE filesystem
 * (unverifiable).  The policies: a ban, the same as audit-only, an
 * allow-cert lockdown (default deny), a malformed-ban, and the ban and the
 * lockdown with the writable and unverifiable settings changed.
 *
 * Each policy is compiled with "vendorbanctl compile" and the compiled text
 * is what the kernel loads and the tool reads (as "vendorbanctl load"
 * does), so both count rule lines alike.  The tool runs while the
 * default-allow policy is loaded (a lockdown would refuse the tool
 * itself), with the writable files held open as they are during the
 * kernel's check.  It runs in the guest, from /sbin/vendorbanctl.
 */

#include <sys/mman.h>
#include <sys/mount.h>

#include "common.h"
#include "fuse_server.h"

#define VD_DIR		"/tmp/vd"
#define VD_FUSE		"/tmp/vd-fuse"
#define VD_POLICY	"/tmp/vd-source.pol"
#define VD_COMPILED	"/tmp/vd.pol"
#define VD_TOOL_OUT	"/tmp/vd.json"
#define VD_CTL		"/sbin/vendorbanctl"
#define VD_COUNTS	VB_DIR "/rule_counts"
#define VD_MAX		40
#define VD_FIELD	40

enum vd_op { VD_EXEC, VD_MMAP };

/**
 * struct vd_sample - one file of the corpus and how the kernel is asked
 * @fixture: the fixture program it is a copy of
 * @op: execve() it, or mmap(PROT_EXEC) it
 * @writable: held open for writing while the kernel and the tool judge it
 * @fuse: served by the FUSE server (an unverifiable filesystem)
 */
struct vd_sample {
	const char *fixture;
	enum vd_op op;
	bool writable;
	bool fuse;
};

static const char *const vd_programs[] = {
	"banned-rsa2048-cert", "banned-p256-cert", "good-rsa2048-cert",
	"good-p256-cert", "unsigned", "malformed-garbage",
	"malformed-truncated", "ms-chainbomb",
};

static const struct vd_sample vd_extra[] = {
	{ "banned-rsa2048-cert", VD_MMAP, true, false },
	{ "good-rsa2048-cert", VD_MMAP, true, false },
	{ "unsigned", VD_MMAP, true, false },
	{ "banned-rsa2048-cert", VD_EXEC, false, true },
	{ "good-rsa2048-cert", VD_EXEC, false, true },
};

/**
 * struct vd_verdict - one answer, as text to compare
 * @action: allow, deny or audit
 * @row: the deciding rule's line, "default" or "none"
 * @reason: why no rule decided, or "-"
 */
struct vd_verdict {
	char action[VD_FIELD];
	char row[VD_FIELD];
	char reason[VD_FIELD];
};

/**
 * struct vd_file - a sample in the corpus of one run
 * @s: the sample
 * @path: its path
 * @wfd: its descriptor open for writing, or -1
 * @tool: the tool's verdict
 */
struct vd_file {
	struct vd_sample s;
	char path[128];
	int wfd;
	struct vd_verdict tool;
};

FIXTURE(verdict) {
	struct vd_file f[VD_MAX];
	unsigned int nr;
	struct fuse_fs fs;
	char *fuse_data[VD_MAX];
	unsigned int compared, mismatches;
};

FIXTURE_SETUP(verdict)
{
	memset(self, 0, sizeof(*self));
	vb_setup(_metadata);
}

FIXTURE_TEARDOWN(verdict)
{
	unsigned int i;

	SKIPPED_IN_SETUP();
	for (i = 0; i < self->nr; i++)
		if (self->f[i].wfd > 0)
			close(self->f[i].wfd);
	fuse_stop(&self->fs, VD_FUSE);
	for (i = 0; i < VD_MAX; i++)
		free(self->fuse_data[i]);
	umount2(VD_DIR, MNT_DETACH);
	vb_teardown(_metadata);
}

static void add_sample(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(verdict) *self, const struct vd_sample *s)
{
	struct vd_file *f = &self->f[self->nr];
	char from[256];
	size_t len;

	ASSERT_GT(VD_MAX, (int)self->nr);
	f->s = *s;
	f->wfd = -1;
	snprintf(from, sizeof(from), FIX_BIN "%s", s->fixture);
	snprintf(f->path, sizeof(f->path), "%s/%s.%s%s",
		 s->fuse ? VD_FUSE : VD_DIR, s->fixture,
		 s->op == VD_EXEC ? "exec" : "mmap", s->writable ? ".w" : "");
	if (s->fuse) {
		self->fuse_data[self->nr] = read_fixture(_metadata, from, &len);
		ASSERT_EQ(0, fuse_add(&self->fs, strrchr(f->path, '/') + 1,
				      self->fuse_data[self->nr], NULL, len));
	} else {
		copy_file(_metadata, from, f->path);
	}
	if (s->writable) {
		f->wfd = open(f->path, O_WRONLY | O_APPEND | O_CLOEXEC);
		ASSERT_LE(0, f->wfd);
	}
	self->nr++;
}

/* The corpus: every program run and mapped, then the extra samples. */
static void make_corpus(struct __test_metadata *const _metadata,
			FIXTURE_DATA(verdict) *self)
{
	struct vd_sample s = { 0 };
	unsigned int i;
	int ret;

	fresh_tmpfs(_metadata, VD_DIR);
	for (i = 0; i < ARRAY_SIZE(vd_programs); i++) {
		s.fixture = vd_programs[i];
		s.op = VD_EXEC;
		add_sample(_metadata, self, &s);
		s.op = VD_MMAP;
		add_sample(_metadata, self, &s);
	}
	for (i = 0; i < ARRAY_SIZE(vd_extra); i++)
		add_sample(_metadata, self, &vd_extra[i]);
	ret = fuse_start(&self->fs, VD_FUSE);
	ASSERT_EQ(0, ret) {
		TH_LOG("FUSE mount: %s", strerror(-ret));
	}
}

/* Copies the JSON value after @key in @line into @out (@size), or "-". */
static void json_value(const char *line, const char *key, char *out,
		       size_t size)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(line, pat);
	strcpy(out, "-");
	if (!p)
		return;
	p += strlen(pat);
	if (!strncmp(p, "null", 4))
		return;
	if (*p == '"')
		p++;
	n = strcspn(p, "\",}");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Runs vendorbanctl with @argv, its output to @out: its exit status. */
static int run_ctl(struct __test_metadata *const _metadata, char *argv[],
		   const char *out)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(125);
		execv(VD_CTL, argv);
		_exit(126);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * Compiles @policy_text into VD_COMPILED (what "vendorbanctl load" would
 * load: its rule lines are the ones the kernel reports), then runs the
 * tool on every file of the corpus under it.
 */
static void tool_verdicts(struct __test_metadata *const _metadata,
			  FIXTURE_DATA(verdict) *self, const char *policy_text)
{
	char *compile[] = { VD_CTL, "compile", VD_POLICY, NULL };
	char *argv[VD_MAX + 6], *out, *line, *next, path[128];
	unsigned int i, n = 0, found = 0;
	int ret;

	ASSERT_EQ(0, write_file(VD_POLICY, policy_text, strlen(policy_text)));
	ASSERT_EQ(0, run_ctl(_metadata, compile, VD_COMPILED));
	argv[n++] = VD_CTL;
	argv[n++] = "test";
	argv[n++] = "--json";
	argv[n++] = "--policy=" VD_COMPILED;
	for (i = 0; i < self->nr; i++)
		argv[n++] = self->f[i].path;
	argv[n] = NULL;
	ret = run_ctl(_metadata, argv, VD_TOOL_OUT);
	ASSERT_TRUE(ret == 0 || ret == 3) {
		TH_LOG("%s test exited with %d", VD_CTL, ret);
	}
	out = read_fixture(_metadata, VD_TOOL_OUT, NULL);
	for (line = out; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		json_value(line, "file", path, sizeof(path));
		for (i = 0; i < self->nr && strcmp(path, self->f[i].path); i++)
			;
		if (i == self->nr)
			continue;
		found++;
		json_value(line, "decision", self->f[i].tool.action, VD_FIELD);
		json_value(line, "rule_line", self->f[i].tool.row, VD_FIELD);
		json_value(line, "reason", self->f[i].tool.reason, VD_FIELD);
	}
	free(out);
	ASSERT_EQ(self->nr, found) {
		TH_LOG("the tool judged %u of %u files", found, self->nr);
	}
}

/*
 * The row of rule_counts whose counters differ between @before and
 * @after, and the column that grew: the kernel's action and rule.
 */
static int counts_diff(const char *before, const char *after,
		       struct vd_verdict *v)
{
	static const char *const cols[] = { "deny", "deny", "audit", "allow" };
	unsigned long long a[4], b[4];
	char name[VD_FIELD], pat[VD_FIELD + 2];
	const char *line, *old;
	int found = 0, c;

	for (line = after; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		if (sscanf(line, "%39s %*s %llu %llu %llu %llu", name, &a[0],
			   &a[1], &a[2], &a[3]) != 5)
			continue;
		snprintf(pat, sizeof(pat), "%s ", name);
		for (old = before; old && strncmp(old, pat, strlen(pat));
		     old = strchr(old, '\n'), old = old ? old + 1 : NULL)
			;
		if (!old || sscanf(old, "%*s %*s %llu %llu %llu %llu", &b[0],
				   &b[1], &b[2], &b[3]) != 4)
			return -1;
		for (c = 0; c < 4; c++) {
			if (a[c] == b[c])
				continue;
			found++;
			strcpy(v->row, name);
			strcpy(v->action, cols[c]);
		}
	}
	return found == 1 ? 0 : -1;
}

/* The reason of the audit record for @path after @mark, or "-". */
static void audit_reason(off_t mark, const char *path, char *out)
{
	char qpath[160], *rec, *val;

	snprintf(qpath, sizeof(qpath), " path=\"%s\"", path);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", qpath,
			 " reason=");
	val = rec ? field_value(rec, "reason") : NULL;
	snprintf(out, VD_FIELD, "%s", val ? val : "(no record)");
	free(val);
	free(rec);
}

/* The kernel's verdict on @f; false if the operation's result disagrees. */
static bool kernel_verdict(struct __test_metadata *const _metadata,
			   const struct vd_file *f, struct vd_verdict *v)
{
	char *before = read_fixture(_metadata, VD_COUNTS, NULL), *after;
	off_t mark = audit_mark();
	int ret;

	if (f->s.op == VD_EXEC)
		ret = run_exec(_metadata, f->path, NULL) == -EACCES;
	else
		ret = map_exec(f->path) == -EACCES;
	after = read_fixture(_metadata, VD_COUNTS, NULL);
	strcpy(v->reason, "-");
	if (counts_diff(before, after, v)) {
		strcpy(v->action, "?");
		strcpy(v->row, "?");
	} else if (!strcmp(v->row, "none")) {
		audit_reason(mark, f->path, v->reason);
	}
	free(before);
	free(after);
	return ret == !strcmp(v->action, "deny");
}

static bool same(const struct vd_verdict *a, const struct vd_verdict *b)
{
	return !strcmp(a->action, b->action) && !strcmp(a->row, b->row) &&
	       !strcmp(a->reason, b->reason);
}

/*
 * Loads @name's @policy_text, asks the kernel about every file and
 * compares with the tool's verdicts taken before.
 */
static void compare_all(struct __test_metadata *const _metadata,
			FIXTURE_DATA(verdict) *self, const char *name,
			const char *policy_text)
{
	struct vd_verdict k;
	unsigned int i;
	bool consistent;

	tool_verdicts(_metadata, self, policy_text);
	ASSERT_EQ(0, load_policy(_metadata, VD_COMPILED));
	for (i = 0; i < self->nr; i++) {
		const struct vd_file *f = &self->f[i];

		consistent = kernel_verdict(_metadata, f, &k);
		self->compared++;
		if (consistent && same(&k, &f->tool))
			continue;
		self->mismatches++;
		TH_LOG("MISMATCH policy %s, %s (%s%s): kernel %s/%s/%s%s, tool %s/%s/%s",
		       name, f->path, f->s.op == VD_EXEC ? "exec" : "mmap",
		       f->s.writable ? ", open for writing" : "",
		       k.action, k.row, k.reason,
		       consistent ? "" : " (the operation's result differs)",
		       f->tool.action, f->tool.row, f->tool.reason);
	}
	ASSERT_EQ(0, load_policy(_metadata, FIX_POL "default-allow.pol"));
	TH_LOG("policy %s: %u files compared, %u mismatches", name,
	       self->compared, self->mismatches);
	EXPECT_EQ(0U, self->mismatches);
}

/* @base (a fixture policy) with @extra lines appended; free it. */
static char *policy_plus(struct __test_metadata *const _metadata,
			 const char *base, const char *extra)
{
	char path[256], *text, *all;
	size_t len;

	snprintf(path, sizeof(path), FIX_POL "%s.pol", base);
	text = read_fixture(_metadata, path, &len);
	all = malloc(len + strlen(extra) + 1);
	if (all) {
		memcpy(all, text, len);
		strcpy(all + len, extra);
	}
	free(text);
	return all;
}

static void run_policy(struct __test_metadata *const _metadata,
		       FIXTURE_DATA(verdict) *self, const char *base,
		       const char *extra)
{
	char *text = policy_plus(_metadata, base, extra);
	char name[128], *p;

	ASSERT_NE(NULL, text);
	snprintf(name, sizeof(name), "%s%s%s", base, extra[0] ? " + " : "",
		 extra);
	for (p = name; *p; p++)
		if (*p == '\n')
			*p = p[1] ? ',' : '\0';
	make_corpus(_metadata, self);
	compare_all(_metadata, self, name, text);
	free(text);
}

TEST_F(verdict, ban)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "ban-by-issuer-serial", "");
}

TEST_F(verdict, audit_only)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "audit-by-issuer-serial", "");
}

TEST_F(verdict, lockdown)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "lockdown", "");
}

TEST_F(verdict, deny_malformed)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "deny-malformed", "");
}

TEST_F(verdict, ban_settings_audit)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "ban-by-issuer-serial",
		   "writable audit\nunverifiable audit\n");
}

TEST_F(verdict, lockdown_settings_allow)
{
	SKIPPED_IN_SETUP();
	run_policy(_metadata, self, "lockdown",
		   "writable allow\nunverifiable allow\n");
}

TEST_HARNESS_MAIN
