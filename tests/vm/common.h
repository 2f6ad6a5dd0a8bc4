/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban selftests - helpers shared by the *_test.c programs
 *
 * The tests run as root inside the test VM, where /init has mounted
 * securityfs, started vb-auditd (which appends every audit record to
 * /tmp/audit.log as "type=<N> <text>") and copied the fixtures to
 * /fixtures.  Helpers take the harness's _metadata so that ASSERT_*
 * works inside them; those returning -errno leave the assertion to the
 * caller.
 */

#ifndef _VENDORBAN_SELFTEST_COMMON_H
#define _VENDORBAN_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#define VB_DIR		"/sys/kernel/security/vendorban"
#define VB_POLICY	VB_DIR "/policy"
#define VB_MODE		VB_DIR "/mode"
#define VB_STATUS	VB_DIR "/status"
#define FIX_BIN		"/fixtures/bin/"
#define FIX_POL		"/fixtures/policies/"
#define FIX_EXPECT	"/fixtures/expect/"
#ifndef AUDIT_LOG
#define AUDIT_LOG	"/tmp/audit.log"
#endif

/* The exit code of the fixture programs and scripts when they run. */
#define HELLO_EXIT	42
/* How long an audit record or a kernel message may take to show up. */
#define WAIT_MS		3000

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

/* How run_exec_how() starts the program. */
enum exec_how {
	EXEC_PATH,	/* execve(path) */
	EXEC_AT_EMPTY,	/* execveat(open(path), "", AT_EMPTY_PATH) */
	EXEC_FEXECVE,	/* fexecve(open(path)) */
};

/* The pid of the last child run_exec*() started, for audit checks. */
static pid_t last_exec_pid;

/**
 * read_whole() - read a file into a NUL-terminated buffer
 * @path: file to read
 * @len: where to store the length (without the NUL), or NULL
 *
 * Works on securityfs files, whose size stat() does not report.
 *
 * Return: a malloc()ed buffer, or NULL with errno set.
 */
static inline char *read_whole(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *tmp;
	ssize_t r;
	int fd, err;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	for (;;) {
		if (n + 1 >= cap) {
			tmp = realloc(buf, cap * 2);
			if (!tmp)
				goto fail;
			buf = tmp;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	free(buf);
	errno = err;
	return NULL;
}

/* Reads a fixture file or fails the test. */
static inline char *read_fixture(struct __test_metadata *const _metadata,
				 const char *path, size_t *len)
{
	char *buf = read_whole(path, len);

	ASSERT_NE(NULL, buf) {
		TH_LOG("cannot read %s: %s", path, strerror(errno));
	}
	return buf;
}

/* One write() of @len bytes at @offset; returns 0 or -errno. */
static inline int write_once(const char *path, const char *buf, size_t len,
			     off_t offset)
{
	ssize_t r;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = pwrite(fd, buf, len, offset);
	if (r < 0)
		err = -errno;
	else if ((size_t)r != len)
		err = -EIO;
	close(fd);
	return err;
}

/* Writes @text as the new policy, in one write(); returns 0 or -errno. */
static inline int load_policy_text(const char *text, size_t len)
{
	return write_once(VB_POLICY, text, len, 0);
}

/**
 * load_policy() - load a policy file in one write()
 * @_metadata: harness state (the file must be readable)
 * @path: policy file
 *
 * Return: 0, or the -errno of the failed write.
 */
static inline int load_policy(struct __test_metadata *const _metadata,
			      const char *path)
{
	size_t len;
	char *text = read_fixture(_metadata, path, &len);
	int err = load_policy_text(text, len);

	free(text);
	return err;
}

/* Loads a fixture policy by name and fails the test if it is rejected. */
static inline void use_policy(struct __test_metadata *const _metadata,
			      const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), FIX_POL "%s.pol", name);
	ASSERT_EQ(0, load_policy(_metadata, path)) {
		TH_LOG("cannot load %s", path);
	}
}

/* Loads fixture policy @name with @extra lines appended (may be ""). */
static inline void use_policy_plus(struct __test_metadata *const _metadata,
				   const char *name, const char *extra)
{
	char path[256], *text, *all;
	size_t len, xlen = strlen(extra);

	snprintf(path, sizeof(path), FIX_POL "%s.pol", name);
	text = read_fixture(_metadata, path, &len);
	all = malloc(len + xlen + 2);
	ASSERT_NE(NULL, all);
	memcpy(all, text, len);
	if (len && text[len - 1] != '\n')
		all[len++] = '\n';
	memcpy(all + len, extra, xlen);
	ASSERT_EQ(0, load_policy_text(all, len + xlen)) {
		TH_LOG("policy %s + '%s' rejected", name, extra);
	}
	free(all);
	free(text);
}

/* Writes "enforce" or "permissive" to the mode file; returns 0 or -errno. */
static inline int set_mode(struct __test_metadata *const _metadata,
			   const char *mode)
{
	(void)_metadata;
	return write_once(VB_MODE, mode, strlen(mode), 0);
}

/*
 * Fixture setup: skip the test when the kernel has no vendorban, otherwise
 * start from enforce mode and a "default allow" policy.  A SKIP in a
 * FIXTURE_SETUP does not stop the test body: bodies and teardowns start
 * with SKIPPED_IN_SETUP().
 */
#define SKIPPED_IN_SETUP() do { \
	if (_metadata->skip) \
		return; \
} while (0)

static inline void vb_setup(struct __test_metadata *const _metadata)
{
	if (access(VB_POLICY, F_OK))
		SKIP(return, "vendorban is not active (%s missing)", VB_POLICY);
	ASSERT_EQ(0, set_mode(_metadata, "enforce"));
	use_policy(_metadata, "default-allow");
}

/*
 * Fixture teardown: leave enforce mode and a policy that lets everything
 * run, so that a lockdown policy cannot stop the next test program.
 */
static inline void vb_teardown(struct __test_metadata *const _metadata)
{
	SKIPPED_IN_SETUP();
	EXPECT_EQ(0, set_mode(_metadata, "enforce"));
	EXPECT_EQ(0, load_policy(_metadata, FIX_POL "default-allow.pol"));
}

static inline void child_exec(int how, const char *path, char *const argv[],
			      int errfd)
{
	static char *const envp[] = { "PATH=/bin:/sbin:/usr/bin", NULL };
	int fd, err;

	if (how == EXEC_PATH) {
		execve(path, argv, envp);
	} else {
		fd = open(path, O_RDONLY);
		if (fd >= 0 && how == EXEC_AT_EMPTY)
			syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		else if (fd >= 0)
			fexecve(fd, argv, envp);
	}
	err = errno;
	if (write(errfd, &err, sizeof(err)) != sizeof(err))
		_exit(125);
	_exit(126);
}

/**
 * run_exec_how() - run a program in a child and wait for it
 * @_metadata: harness state
 * @how: how the child starts it (enum exec_how)
 * @path: program
 * @argv: its argv, NULL-terminated; NULL for { path, NULL }
 *
 * The child reports a failed exec's errno through a close-on-exec pipe.
 *
 * Return: the exit status of the program, -errno if the exec (or the open
 * before it) failed, or 1000 + the signal that killed it.
 */
static inline int run_exec_how(struct __test_metadata *const _metadata,
			       int how, const char *path, char *const argv[])
{
	char *const def_argv[] = { (char *)path, NULL };
	int pfd[2], err = 0, status;
	ssize_t r;
	pid_t pid;

	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		child_exec(how, path, argv ? argv : def_argv, pfd[1]);
	}
	last_exec_pid = pid;
	close(pfd[1]);
	do {
		r = read(pfd[0], &err, sizeof(err));
	} while (r < 0 && errno == EINTR);
	close(pfd[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (r == sizeof(err))
		return -err;
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static inline int run_exec(struct __test_metadata *const _metadata,
			   const char *path, char *const argv[])
{
	return run_exec_how(_metadata, EXEC_PATH, path, argv);
}

/* Runs a fixture program from /fixtures/bin by name. */
static inline int run_fixture(struct __test_metadata *const _metadata,
			      const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), FIX_BIN "%s", name);
	return run_exec(_metadata, path, NULL);
}

/**
 * exec_here() - run_exec() without the harness, for an attacker's child
 * @path: program, run with { path, NULL } and an empty environment
 *
 * Return: the exit status of the program, -errno if the exec failed (-EIO
 * if the pipe or the fork did), or 1000 + the signal that killed it.
 */
static inline int exec_here(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	char *const envp[] = { NULL };
	int pfd[2], err = 0, status;
	ssize_t r;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -EIO;
	pid = fork();
	if (pid < 0)
		return -EIO;
	if (pid == 0) {
		close(pfd[0]);
		execve(path, argv, envp);
		err = errno;
		if (write(pfd[1], &err, sizeof(err)) != sizeof(err))
			_exit(125);
		_exit(126);
	}
	close(pfd[1]);
	do {
		r = read(pfd[0], &err, sizeof(err));
	} while (r < 0 && errno == EINTR);
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (r == sizeof(err))
		return -err;
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Current size of the audit log: records after it are "new". */
static inline off_t audit_mark(void)
{
	struct stat st;

	return stat(AUDIT_LOG, &st) ? 0 : st.st_size;
}

static inline long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Whether @line contains every string of the NULL-terminated @subs. */
static inline bool has_all(const char *line, const char *const *subs)
{
	for (; *subs; subs++)
		if (!strstr(line, *subs))
			return false;
	return true;
}

/* Finds the first line of @text that contains all of @subs; a copy or NULL. */
static inline char *find_line(const char *text, const char *const *subs)
{
	const char *p = text, *nl;
	char *line;

	while (*p) {
		nl = strchrnul(p, '\n');
		line = strndup(p, nl - p);
		if (!line || has_all(line, subs))
			return line;
		free(line);
		p = *nl ? nl + 1 : nl;
	}
	return NULL;
}

static inline char *audit_find_after(off_t mark, const char *const *subs)
{
	char *text, *line;
	size_t len;

	text = read_whole(AUDIT_LOG, &len);
	if (!text)
		return NULL;
	line = (size_t)mark <= len ? find_line(text + mark, subs) : NULL;
	free(text);
	return line;
}

/*
 * The audit log's lines after @mark with every string of @subs, logged if
 * @log: their count, or -1.
 */
static inline int audit_count_lines(struct __test_metadata *const _metadata,
				    off_t mark, const char *const *subs,
				    bool log)
{
	size_t len;
	char *text = read_whole(AUDIT_LOG, &len), *p, *nl, *line;
	int n = 0;

	if (!text || (size_t)mark > len) {
		free(text);
		return -1;
	}
	for (p = text + mark; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		line = strndup(p, nl - p);
		if (line && has_all(line, subs)) {
			n++;
			if (log)
				TH_LOG("  %s", line);
		}
		free(line);
	}
	free(text);
	return n;
}

/**
 * audit_wait_v() - wait for an audit record appended after a mark
 * @mark: audit_mark() taken before the action that logs the record
 * @timeout_ms: how long to poll
 * @subs: NULL-terminated strings the record's line must all contain
 *
 * Return: a malloc()ed copy of the first such line, or NULL on timeout.
 */
static inline char *audit_wait_v(off_t mark, int timeout_ms,
				 const char *const *subs)
{
	long long end = now_ms() + timeout_ms;
	char *line;

	for (;;) {
		line = audit_find_after(mark, subs);
		if (line || now_ms() > end)
			return line;
		usleep(20 * 1000);
	}
}

#define audit_wait(mark, timeout_ms, ...) \
	audit_wait_v(mark, timeout_ms, (const char *const[]){ __VA_ARGS__, NULL })

/**
 * field_value() - the value of " <key>=" in an audit record
 * @rec: the record's line
 * @key: field name
 *
 * Return: a malloc()ed copy of the value up to the next blank, surrounding
 * double quotes removed, or NULL if the field is absent.
 */
static inline char *field_value(const char *rec, const char *key)
{
	size_t klen = strlen(key), n;
	const char *p = rec;

	while ((p = strstr(p, key))) {
		if (p > rec && p[-1] == ' ' && p[klen] == '=')
			break;
		p += klen;
	}
	if (!p)
		return NULL;
	p += klen + 1;
	n = strcspn(p, " \n");
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
		return strndup(p + 1, n - 2);
	return strndup(p, n);
}

/*
 * Whether the field @key of @rec is @want.  Names and labels may be logged
 * bare or quoted; hex values compare case-insensitively when @hex.
 */
static inline bool field_is(const char *rec, const char *key, const char *want,
			    bool hex)
{
	char *val = field_value(rec, key);
	bool ok = val && (hex ? !strcasecmp(val, want) : !strcmp(val, want));

	free(val);
	return ok;
}

/* Logs the new part of the audit log, to explain a failed audit_wait. */
static inline void audit_dump(struct __test_metadata *const _metadata,
			      off_t mark)
{
	size_t len;
	char *text = read_whole(AUDIT_LOG, &len);

	if (!text) {
		TH_LOG("no %s: %s", AUDIT_LOG, strerror(errno));
		return;
	}
	TH_LOG("audit records since the mark:\n%s",
	       (size_t)mark <= len ? text + mark : "(log shrank)");
	free(text);
}

/**
 * kmsg_mark() - open the kernel log positioned after its current end
 *
 * Return: a file descriptor for kmsg_wait(), or -errno.
 */
static inline int kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	/* no devtmpfs on /dev: make the node (char 1:11) ourselves */
	if (fd < 0 && errno == ENOENT) {
		unlink("/tmp/vb-kmsg");
		if (!mknod("/tmp/vb-kmsg", S_IFCHR | 0600, makedev(1, 11)))
			fd = open("/tmp/vb-kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* Reads new kernel messages until one contains all @subs, or a timeout. */
static inline bool kmsg_wait_v(int fd, int timeout_ms, const char *const *subs)
{
	long long end = now_ms() + timeout_ms;
	char rec[8192];
	ssize_t r;

	for (;;) {
		r = read(fd, rec, sizeof(rec) - 1);
		if (r > 0) {
			rec[r] = '\0';
			if (has_all(rec, subs))
				return true;
			continue;
		}
		if (r < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (now_ms() > end)
			return false;
		usleep(20 * 1000);
	}
}

#define kmsg_wait(fd, timeout_ms, ...) \
	kmsg_wait_v(fd, timeout_ms, (const char *const[]){ __VA_ARGS__, NULL })

/**
 * read_status_field() - one numeric field of the status file
 * @_metadata: harness state
 * @key: field name, e.g. "denied"
 *
 * Return: the value, or -1 when the field is missing.
 */
static inline long long read_status_field(struct __test_metadata *const _metadata,
					  const char *key)
{
	char *text = read_fixture(_metadata, VB_STATUS, NULL);
	size_t klen = strlen(key);
	long long val = -1;
	char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			val = strtoll(p + klen + 1, NULL, 10);
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	free(text);
	return val;
}

/**
 * status_has() - the status file has the line @line
 * @_metadata: harness state
 * @line: a whole line without its newline, e.g. "mechanism: bpf-lsm"
 *
 * Return: true if some line of the status file is exactly @line.
 */
static inline bool status_has(struct __test_metadata *const _metadata,
			      const char *line)
{
	char *text = read_fixture(_metadata, VB_STATUS, NULL);
	size_t n = strlen(line);
	bool found = false;
	char *p = text;

	while (p && *p && !found) {
		found = !strncmp(p, line, n) && (p[n] == '\n' || !p[n]);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	free(text);
	return found;
}

/*
 * The form under test: the loadable form (vendorban.ko) has
 * /sys/module/vendorban/initstate, the built-in one has not.
 */
static inline bool vb_loadable_form(void)
{
	return access("/sys/module/vendorban/initstate", F_OK) == 0;
}

/* The loadable form's table size, a module parameter (root may read it). */
#define VB_CACHE_ENTRIES "/sys/module/vendorban/parameters/cache_entries"

/*
 * The loadable form's module parameter @name (root may read them), -1 if
 * unreadable (the built-in form has none).
 */
static inline long vb_module_param(const char *name)
{
	char path[128], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), "/sys/module/vendorban/parameters/%s",
		 name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		buf[0] = '\0';
	close(fd);
	return buf[0] ? atol(buf) : -1;
}

/*
 * The size of the loadable form's inode table (cache_entries), 0 in the
 * built-in form (no table: the state is the inode's), -1 if unreadable.
 */
static inline long vb_table_size(void)
{
	return vb_loadable_form() ? vb_module_param("cache_entries") : 0;
}

/*
 * A loadable form built without its decision cache (before the inode
 * table, whose size is the module parameter cache_entries): the tests of
 * the cache itself SKIP there, saying so; everything else runs.
 */
#define SKIP_IF_MODULE_WITHOUT_CACHE() do { \
	if (vb_loadable_form() && \
	    access("/sys/module/vendorban/parameters/cache_entries", F_OK)) \
		SKIP(return, "this vendorban.ko has no decision cache"); \
} while (0)

/* Reads a one-line expected value from /fixtures/expect/, newline removed. */
static inline char *read_expect(struct __test_metadata *const _metadata,
				const char *name)
{
	char path[256], *val;

	snprintf(path, sizeof(path), FIX_EXPECT "%s", name);
	val = read_fixture(_metadata, path, NULL);
	val[strcspn(val, "\n")] = '\0';
	return val;
}

/* The 1-based line of @path that contains @needle, or 0. */
static inline unsigned int line_of(struct __test_metadata *const _metadata,
				   const char *path, const char *needle)
{
	char *text = read_fixture(_metadata, path, NULL), *p = text;
	unsigned int line = 1, found = 0;

	while (*p) {
		char *nl = strchrnul(p, '\n');

		if (memmem(p, nl - p, needle, strlen(needle))) {
			found = line;
			break;
		}
		line++;
		p = *nl ? nl + 1 : nl;
	}
	free(text);
	return found;
}


/*
 * Coverage helpers.  The guest root is the initramfs (rootfs); tests about
 * the decision cache and mprotect() use files on a tmpfs they mount
 * themselves, which keeps an i_version (the cache needs one), so their
 * result does not depend on what rootfs is.
 */
#include <sys/mman.h>
#include <sys/mount.h>

/* Mounts a fresh tmpfs on @dir (created); fails the test otherwise. */
static inline void fresh_tmpfs(struct __test_metadata *const _metadata,
			       const char *dir)
{
	umount2(dir, MNT_DETACH);
	mkdir(dir, 0755);
	ASSERT_EQ(0, mount("tmpfs", dir, "tmpfs", 0, "mode=0755")) {
		TH_LOG("mount tmpfs on %s: %s", dir, strerror(errno));
	}
}

/* mmap(PROT_EXEC) of the first page of @path opened with @flags: 0 or -errno. */
static inline int map_exec_flags(const char *path, int flags)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

static inline int map_exec(const char *path)
{
	return map_exec_flags(path, 0);
}

/* Writes @len bytes of @buf to @path (created 0755, truncated); 0 or -errno. */
static inline int write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ssize_t r;
	int err = 0;

	if (fd < 0)
		return -errno;
	r = write(fd, buf, len);
	if (r < 0)
		err = -errno;
	else if ((size_t)r != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Copies the file @from to @to (mode 0755); fails the test on error. */
static inline void copy_file(struct __test_metadata *const _metadata,
			     const char *from, const char *to)
{
	size_t len;
	char *buf = read_fixture(_metadata, from, &len);

	ASSERT_EQ(0, write_file(to, buf, len)) {
		TH_LOG("cannot write %s", to);
	}
	free(buf);
}

#define BINFMT_DIR	"/proc/sys/fs/binfmt_misc"

/*
 * Registers binfmt_misc handler @name for PE files (magic "MZ"), run by
 * the fixture program "unsigned"; fails the test otherwise.
 */
static inline void pe_handler_add(struct __test_metadata *const _metadata,
				  const char *name)
{
	char path[128], reg[128];

	if (access(BINFMT_DIR "/register", F_OK))
		ASSERT_EQ(0, mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0,
				   NULL));
	snprintf(path, sizeof(path), BINFMT_DIR "/%s", name);
	if (!access(path, F_OK))
		ASSERT_EQ(0, write_once(path, "-1", 2, 0));
	snprintf(reg, sizeof(reg), ":%s:M::MZ::" FIX_BIN "unsigned:", name);
	ASSERT_EQ(0, write_once(BINFMT_DIR "/register", reg, strlen(reg), 0));
}

/* Removes binfmt_misc handler @name: 0 or -errno. */
static inline int pe_handler_remove(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), BINFMT_DIR "/%s", name);
	return write_once(path, "-1", 2, 0);
}

/*
 * Waits for the enforced denial record of operation @op on @path (logged
 * after @mark); dumps the log and fails the test if there is none.
 * Returns the record (free it).
 */
static inline char *expect_denial(struct __test_metadata *const _metadata,
				  off_t mark, const char *op, const char *path)
{
	char qop[40], qpath[300], *rec;

	snprintf(qop, sizeof(qop), " op=%s ", op);
	snprintf(qpath, sizeof(qpath), " path=\"%s\"", path);
	rec = audit_wait(mark, WAIT_MS, "type=1316 ", "lsm=vendorban", qop,
			 "decision=deny", qpath);
	if (!rec)
		audit_dump(_metadata, mark);
	EXPECT_NE(NULL, rec) {
		TH_LOG("no op=%s denial record for %s", op, path);
	}
	return rec;
}

#endif /* _VENDORBAN_SELFTEST_COMMON_H */
