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
 * execve() and mapped PROT_EXEC (a library); three of them loaded as a
 * module by finit_module() (none is a module of this kernel: an allowed
 * one fails after the check), and a compressed module whose xz stream is
 * cut short, followed by more trailers than are read (a limit hit reading
 * its signatures, none making its image: "limit"); three of them mapped
 * PROT_READ and made executable by mprotect() (decided from the kernel's
 * cache alone: the tool says an allow depends on it, "no-cached-allow"),
 * two more after a mapping PROT_EXEC of them (cached if silently
 * allowed); three of them mapped while
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

#include "attacker.h"
#include "common.h"
#include "fuse_server.h"

#define VD_DIR		"/tmp/vd"
#define VD_FUSE		"/tmp/vd-fuse"
#define VD_USERNS	"/tmp/vd-userns"
#define VD_SCAN_OUT	"/tmp/vd-scan.json"
#define VD_POLICY	"/tmp/vd-source.pol"
#define VD_COMPILED	"/tmp/vd.pol"
#define VD_TOOL_OUT	"/tmp/vd.json"
#define VD_CTL		"/sbin/vendorbanctl"
#define VD_COUNTS	VB_DIR "/rule_counts"
#define VD_MAX		40
#define VD_FIELD	40

enum vd_op { VD_EXEC, VD_MMAP, VD_MODULE, VD_MPROTECT };

static const char *const vd_op_names[] = {
	"exec", "mmap", "module", "mprotect",
};

/**
 * struct vd_sample - one file of the corpus and how the kernel is asked
 * @fixture: the fixture program it is a copy of
 * @op: execve() it, mmap(PROT_EXEC) it, finit_module() it, or map it
 *      PROT_READ and mprotect(PROT_EXEC) that mapping
 * @writable: held open for writing while the kernel and the tool judge it
 * @mapped: mapped PROT_EXEC once before the mprotect() (the kernel's cache
 *          then holds an allow of it, if that was a silent allow)
 * @fuse: served by the FUSE server (an unverifiable filesystem)
 * @userns: on a tmpfs mounted in a user namespace, reached through
 *          /proc/PID/root of the process holding the namespace
 */
struct vd_sample {
	const char *fixture;
	enum vd_op op;
	bool writable;
	bool mapped;
	bool fuse;
	bool userns;
};

static const char *const vd_programs[] = {
	"banned-rsa2048-cert", "banned-p256-cert", "good-rsa2048-cert",
	"good-p256-cert", "unsigned", "malformed-garbage",
	"malformed-truncated", "ms-chainbomb", "ms-chainbomb32",
};

static const struct vd_sample vd_extra[] = {
	{ "banned-rsa2048-cert", VD_MMAP, .writable = true },
	{ "good-rsa2048-cert", VD_MMAP, .writable = true },
	{ "unsigned", VD_MMAP, .writable = true },
	{ "banned-rsa2048-cert", VD_EXEC, .fuse = true },
	{ "good-rsa2048-cert", VD_EXEC, .fuse = true },
	{ "banned-rsa2048-cert", VD_EXEC, .userns = true },
	{ "good-rsa2048-cert", VD_MMAP, .userns = true },
	{ "banned-rsa2048-cert", VD_MODULE, .writable = false },
	{ "good-rsa2048-cert", VD_MODULE, .writable = false },
	{ "unsigned", VD_MODULE, .writable = false },
	{ "ms-limit-corrupt.ko.xz", VD_MODULE, .writable = false },
	{ "banned-rsa2048-cert", VD_MPROTECT, .writable = false },
	{ "good-rsa2048-cert", VD_MPROTECT, .writable = false },
	{ "unsigned", VD_MPROTECT, .writable = false },
	{ "good-rsa2048-cert", VD_MPROTECT, .mapped = true },
	{ "banned-rsa2048-cert", VD_MPROTECT, .mapped = true },
};

/**
 * struct vd_verdict - one answer, as text to compare
 * @action: allow, deny or audit
 * @row: the deciding rule's line, "default" or "none"
 * @reason: why no rule decided, or "-"
 * @unknown: the tool's facts not known that the verdict depends on ("[]"
 *           if none); the kernel's is always "[]"
 * @runtime: the tool's runtime state the verdict depends on ("[]", or
 *           "[\"writable\"]": the file not being writable when used)
 */
struct vd_verdict {
	char action[VD_FIELD];
	char row[VD_FIELD];
	char reason[VD_FIELD];
	char unknown[VD_FIELD];
	char runtime[VD_FIELD];
};

/**
 * struct vd_file - a sample in the corpus of one run
 * @s: the sample
 * @path: its path
 * @wfd: its descriptor open for writing, or -1
 * @tool: the tool's verdict ("vendorbanctl test")
 * @scan: the verdict "vendorbanctl scan" reports (allow, unless it lists
 *        the file; then its rule and reason)
 */
struct vd_file {
	struct vd_sample s;
	char path[128];
	int wfd;
	struct vd_verdict tool;
	struct vd_verdict scan;
};

FIXTURE(verdict) {
	struct vd_file f[VD_MAX];
	unsigned int nr;
	struct fuse_fs fs;
	char *fuse_data[VD_MAX];
	pid_t userns;
	int userns_hold;
	unsigned int compared, unjudged, mismatches;
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
	if (self->userns > 0) {
		close(self->userns_hold);
		waitpid(self->userns, NULL, 0);
	}
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
	if (s->userns)
		snprintf(f->path, sizeof(f->path), "/proc/%d/root" VD_USERNS
			 "/%s.%s", self->userns, s->fixture,
			 vd_op_names[s->op]);
	else
		snprintf(f->path, sizeof(f->path), "%s/%s.%s%s",
			 s->fuse ? VD_FUSE : VD_DIR, s->fixture,
			 vd_op_names[s->op],
			 s->writable ? ".w" : s->mapped ? ".m" : "");
	if (s->userns) {
		/* copied by the process holding the namespace */
	} else if (s->fuse) {
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

/*
 * The child holding the user namespace: a tmpfs mounted there, with a
 * copy of each fixture of the userns samples, then it waits on @hold.
 */
static void userns_child(int ready, int hold)
{
	char from[256], to[256], *buf, c;
	unsigned int i;
	size_t len;

	if (enter_userns())
		_exit(2);
	if (mount("tmpfs", VD_USERNS, "tmpfs", 0, "mode=0755"))
		_exit(5);
	for (i = 0; i < ARRAY_SIZE(vd_extra); i++) {
		if (!vd_extra[i].userns)
			continue;
		snprintf(from, sizeof(from), FIX_BIN "%s", vd_extra[i].fixture);
		snprintf(to, sizeof(to), VD_USERNS "/%s.%s",
			 vd_extra[i].fixture, vd_op_names[vd_extra[i].op]);
		buf = read_whole(from, &len);
		if (!buf || write_file(to, buf, len))
			_exit(1);
		free(buf);
	}
	if (write(ready, "k", 1) != 1)
		_exit(1);
	while (read(hold, &c, 1) > 0)
		;
	_exit(0);
}

/* Starts the user namespace's holder; its files are then in place. */
static void userns_start(struct __test_metadata *const _metadata,
			 FIXTURE_DATA(verdict) *self)
{
	int ready[2], hold[2], status;
	char c;

	mkdir(VD_USERNS, 0755);
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(hold, O_CLOEXEC));
	self->userns = fork();
	ASSERT_LE(0, self->userns);
	if (self->userns == 0) {
		close(ready[0]);
		close(hold[1]);
		userns_child(ready[1], hold[0]);
	}
	close(ready[1]);
	close(hold[0]);
	self->userns_hold = hold[1];
	if (read(ready[0], &c, 1) != 1) {
		waitpid(self->userns, &status, 0);
		self->userns = 0;
		ASSERT_TRUE(false) {
			TH_LOG("the user namespace's tmpfs could not be made (status %#x)",
			       status);
		}
	}
	close(ready[0]);
}

/* The corpus: every program run and mapped, then the extra samples. */
static void make_corpus(struct __test_metadata *const _metadata,
			FIXTURE_DATA(verdict) *self)
{
	struct vd_sample s = { 0 };
	unsigned int i;
	int ret;

	fresh_tmpfs(_metadata, VD_DIR);
	userns_start(_metadata, self);
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

/* The JSON list after @key in @line, as written ("[]" if absent). */
static void json_list(const char *line, const char *key, char *out)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "\"%s\": [", key);
	p = strstr(line, pat);
	strcpy(out, "[]");
	if (!p)
		return;
	p += strlen(pat) - 1;
	n = strcspn(p, "]") + 1;
	if (n >= VD_FIELD)
		n = VD_FIELD - 1;
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
 * Runs "vendorbanctl test" on the files of the corpus asked by mprotect()
 * (@mprotect, with --op=mprotect) or by the other operations: the number
 * of files it judged.
 */
static unsigned int tool_run(struct __test_metadata *const _metadata,
			     FIXTURE_DATA(verdict) *self, bool mprotect)
{
	char *argv[VD_MAX + 7], *out, *line, *next, path[128];
	unsigned int i, n = 0, found = 0;
	int ret;

	argv[n++] = VD_CTL;
	argv[n++] = "test";
	argv[n++] = "--json";
	argv[n++] = mprotect ? "--op=mprotect" : "--op=exec";
	argv[n++] = "--policy=" VD_COMPILED;
	for (i = 0; i < self->nr; i++)
		if ((self->f[i].s.op == VD_MPROTECT) == mprotect)
			argv[n++] = self->f[i].path;
	argv[n] = NULL;
	if (n == 5)
		return 0;
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
		json_list(line, "unknown", self->f[i].tool.unknown);
		json_list(line, "runtime", self->f[i].tool.runtime);
	}
	free(out);
	return found;
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
	unsigned int found;

	ASSERT_EQ(0, write_file(VD_POLICY, policy_text, strlen(policy_text)));
	ASSERT_EQ(0, run_ctl(_metadata, compile, VD_COMPILED));
	found = tool_run(_metadata, self, false);
	found += tool_run(_metadata, self, true);
	ASSERT_EQ(self->nr, found) {
		TH_LOG("the tool judged %u of %u files", found, self->nr);
	}
}

/* The verdict "scan --json" gives @f in @out: allow unless listed. */
static void scan_verdict(const char *out, struct vd_file *f)
{
	char pat[160];
	const char *p, *obj;

	snprintf(pat, sizeof(pat), "\"path\": \"%s\"", f->path);
	p = strstr(out, pat);
	strcpy(f->scan.unknown, "[]");
	if (!p) {
		strcpy(f->scan.action, "allow");
		strcpy(f->scan.row, "-");
		strcpy(f->scan.reason, "-");
		return;
	}
	for (obj = p; obj > out && *obj != '{'; obj--)
		;
	json_value(obj, "decision", f->scan.action, VD_FIELD);
	json_value(obj, "rule_line", f->scan.row, VD_FIELD);
	json_value(obj, "reason", f->scan.reason, VD_FIELD);
}

/* Runs "vendorbanctl scan --json" on every file of the corpus. */
static void scan_verdicts(struct __test_metadata *const _metadata,
			  FIXTURE_DATA(verdict) *self)
{
	char *argv[VD_MAX + 6], *out;
	unsigned int i, n = 0;
	int ret;

	argv[n++] = VD_CTL;
	argv[n++] = "scan";
	argv[n++] = "--json";
	argv[n++] = "--policy=" VD_COMPILED;
	for (i = 0; i < self->nr; i++)
		argv[n++] = self->f[i].path;
	argv[n] = NULL;
	ret = run_ctl(_metadata, argv, VD_SCAN_OUT);
	ASSERT_TRUE(ret == 0 || ret == 3) {
		TH_LOG("%s scan exited with %d", VD_CTL, ret);
	}
	out = read_fixture(_metadata, VD_SCAN_OUT, NULL);
	for (i = 0; i < self->nr; i++)
		scan_verdict(out, &self->f[i]);
	free(out);
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

	/* a file in another mount namespace is logged by its path there */
	snprintf(qpath, sizeof(qpath), "%s\"", strrchr(path, '/'));
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", qpath,
			 " reason=");
	val = rec ? field_value(rec, "reason") : NULL;
	snprintf(out, VD_FIELD, "%s", val ? val : "(no record)");
	free(val);
	free(rec);
}

/*
 * finit_module() of @path: -errno, 0 if it loaded (no fixture is a module
 * of this kernel: an allowed one fails after vendorban, never -EACCES).
 */
static int load_module_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	r = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return r;
}

/* mmap(PROT_READ) of @path, then mprotect(PROT_EXEC): 0 or -errno. */
static int mprotect_exec(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	r = mprotect(p, 4096, PROT_READ | PROT_EXEC) ? -errno : 0;
	munmap(p, 4096);
	return r;
}

/* The kernel's verdict on @f; false if the operation's result disagrees. */
static bool kernel_verdict(struct __test_metadata *const _metadata,
			   const struct vd_file *f, struct vd_verdict *v)
{
	char *before, *after;
	off_t mark;
	int ret;

	if (f->s.mapped)	/* decided (and counted) before the snapshot */
		map_exec(f->path);
	before = read_fixture(_metadata, VD_COUNTS, NULL);
	mark = audit_mark();

	if (f->s.op == VD_EXEC)
		ret = run_exec(_metadata, f->path, NULL) == -EACCES;
	else if (f->s.op == VD_MODULE)
		ret = load_module_file(f->path) == -EACCES;
	else if (f->s.op == VD_MPROTECT)
		ret = mprotect_exec(f->path) == -EACCES;
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

/*
 * Whether the kernel lists an ECDSA verifier: Debian's stock 6.1 has none
 * (an EC signature never proves an allow there), and the module form's
 * guest has no /boot/config for the tool to tell, so the tool must say it
 * cannot know ("kernel-crypto").
 */
static bool kernel_has_ecdsa(void)
{
	char *crypto = read_whole("/proc/crypto", NULL);
	bool found = crypto && strstr(crypto, "ecdsa-nist-p256");

	free(crypto);
	return found;
}

/*
 * Whether the tool's @t predicts the kernel's @k for @f: the same action, rule
 * and reason (the verdict the tool gives holds while the facts it could
 * not see do not); or it said it could not see the very fact that decided
 * ("unknown" names @k's reason, or the kernel's ECDSA verifier for an
 * EC-signed file on a kernel without one).
 */
static bool predicted(const struct vd_file *f, const struct vd_verdict *k,
		      const struct vd_verdict *t)
{
	char quoted[VD_FIELD + 2];

	snprintf(quoted, sizeof(quoted), "\"%s\"", k->reason);
	if (strstr(t->unknown, quoted))
		return true;
	/* an EC signature where the kernel's ECDSA verifier is not seen */
	if (strstr(f->s.fixture, "-p256-") && !kernel_has_ecdsa() &&
	    strstr(t->unknown, "\"kernel-crypto\""))
		return true;
	return !strcmp(k->action, t->action) && !strcmp(k->row, t->row) &&
	       !strcmp(k->reason, t->reason);
}

/*
 * Whether scan's @s agrees with the kernel's @k: the action, and for a
 * listed file (not allowed) its rule and reason.  Scan does not name
 * unknown facts per file: a file the tool could not judge (@tool) is not
 * compared; nor is an mprotect() (scan judges files as exec and mmap do).
 */
static bool scanned(const struct vd_file *f, const struct vd_verdict *k,
		    const struct vd_verdict *s, const struct vd_verdict *tool)
{
	if (strcmp(tool->unknown, "[]") || f->s.op == VD_MPROTECT)
		return true;
	if (strcmp(k->action, s->action))
		return false;
	return !strcmp(s->action, "allow") ||
	       (!strcmp(k->row, s->row) && !strcmp(k->reason, s->reason));
}

/*
 * Whether the tool says when its verdict on @f stands on the file not
 * being writable when used: always under a policy whose writable setting
 * is not allow (@writable_allow), unless it saw the file writable (the
 * setting decided) or could not see (unknown).  Not for mprotect(),
 * whose non-allow is certain.
 */
static bool runtime_said(const struct vd_file *f, bool writable_allow)
{
	bool expect = !writable_allow && strcmp(f->tool.reason, "writable") &&
		      !strstr(f->tool.unknown, "\"writable\"");

	if (f->s.op == VD_MPROTECT)
		return true;
	return expect == !strcmp(f->tool.runtime, "[\"writable\"]") &&
	       (expect || !strcmp(f->tool.runtime, "[]"));
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
	scan_verdicts(_metadata, self);
	ASSERT_EQ(0, load_policy(_metadata, VD_COMPILED));
	for (i = 0; i < self->nr; i++) {
		const struct vd_file *f = &self->f[i];

		consistent = kernel_verdict(_metadata, f, &k);
		self->compared++;
		if (strcmp(f->tool.unknown, "[]")) {
			self->unjudged++;
			TH_LOG("policy %s, %s: kernel %s/%s/%s, the tool could not judge it: unknown %s",
			       name, f->path, k.action, k.row, k.reason,
			       f->tool.unknown);
		}
		if (!runtime_said(f, strstr(policy_text, "\nwritable allow\n"))) {
			self->mismatches++;
			TH_LOG("MISMATCH policy %s, %s: the tool's runtime %s, unknown %s, reason %s",
			       name, f->path, f->tool.runtime, f->tool.unknown,
			       f->tool.reason);
		}
		if (consistent && predicted(f, &k, &f->tool) &&
		    scanned(f, &k, &f->scan, &f->tool))
			continue;
		self->mismatches++;
		TH_LOG("MISMATCH policy %s, %s (%s%s): kernel %s/%s/%s%s, test %s/%s/%s unknown %s, scan %s/%s/%s",
		       name, f->path, vd_op_names[f->s.op],
		       f->s.writable ? ", open for writing" : "",
		       k.action, k.row, k.reason,
		       consistent ? "" : " (the operation's result differs)",
		       f->tool.action, f->tool.row, f->tool.reason,
		       f->tool.unknown, f->scan.action, f->scan.row,
		       f->scan.reason);
	}
	ASSERT_EQ(0, load_policy(_metadata, FIX_POL "default-allow.pol"));
	TH_LOG("policy %s: %u files compared, %u the tool could not judge, %u mismatches",
	       name, self->compared, self->unjudged, self->mismatches);
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
		   "writable allow\nunverifiable allow\nuserns-mounts allow\n");
}

TEST_HARNESS_MAIN
