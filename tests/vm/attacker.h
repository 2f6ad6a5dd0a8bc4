/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban selftests - the attacker's side, shared by the attack tests
 *
 * An unprivileged user (nobody), a user namespace of its own, and a
 * program held at its first instruction: started with a pipe as standard
 * input (the fixtures that wait for input read one byte), so that a test
 * can change the program's bytes while it runs, then let it go on.
 */

#ifndef _VENDORBAN_SELFTEST_ATTACKER_H
#define _VENDORBAN_SELFTEST_ATTACKER_H

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest_harness.h"

#include "common.h"

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

/* The uid and gid of the unprivileged attacker. */
#define NOBODY		65534

/* One write() of @text to @path (a /proc file: no pwrite()): 0 or -1. */
static inline int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = -1;

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text))
		ret = 0;
	close(fd);
	return ret;
}

/*
 * Writes @path (created 0755, or emptied) as a linker writes its output
 * (lld, gold): through a shared writable mapping.  0 or -errno.
 */
static inline int write_as_linker(const char *path, const char *bytes,
				  size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	char *p;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, len))
		return -errno;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	memcpy(p, bytes, len);
	munmap(p, len);
	return close(fd) ? -errno : 0;
}

/*
 * Becomes @uid: gid the same, no supplementary groups; dumpable again,
 * as a process that user started would be (after setuid() the kernel
 * makes it undumpable, and its /proc/self files root's).  0 or -1.
 */
static inline int become_user(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return -1;
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/* Becomes nobody (become_user()): 0 or -1. */
static inline int become_nobody(void)
{
	return become_user(NOBODY);
}

/* Up to 8 results of steps run as another user (0 or -errno each). */
struct steps {
	int r[8];
};

/*
 * Runs @fn(@path, @s) as @uid (become_user()) in a child; with @hold,
 * the child then waits for a byte on the pipe *@hold returns before
 * exiting (its mappings and descriptors stay: release_held() ends it).
 * Returns the child's pid; *@s is filled when @fn is done.
 */
static inline pid_t as_user(struct __test_metadata *const _metadata,
			    uid_t uid, void (*fn)(const char *, struct steps *),
			    const char *path, struct steps *s, int *hold)
{
	int out[2], go[2];
	pid_t pid;
	char c;

	memset(s, 0, sizeof(*s));
	if (pipe(out) || pipe(go))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(out[0]);
		close(go[1]);
		if (become_user(uid))
			s->r[7] = -errno;
		else
			fn(path, s);
		if (write(out[1], s, sizeof(*s)) != sizeof(*s))
			_exit(1);
		if (hold && read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	close(out[1]);
	close(go[0]);
	EXPECT_EQ((ssize_t)sizeof(*s), read(out[0], s, sizeof(*s)));
	close(out[0]);
	EXPECT_EQ(0, s->r[7]);
	if (hold) {
		*hold = go[1];
	} else {
		close(go[1]);
		waitpid(pid, NULL, 0);
	}
	return pid;
}

/* Lets a child as_user() holds exit, and waits for it. */
static inline void release_held(int hold, pid_t pid)
{
	if (write(hold, "x", 1) != 1)
		return;
	close(hold);
	waitpid(pid, NULL, 0);
}

/*
 * Splices the first page of @path into a new pipe, kept open (read
 * permission suffices; the pipe holds the page): 0 or -errno.
 */
static inline int pipe_page(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), p[2];
	ssize_t n;

	if (fd < 0 || pipe(p))
		return -errno;
	n = splice(fd, NULL, p[1], NULL, 4096, 0);
	close(fd);
	return n > 0 ? 0 : n < 0 ? -errno : -EIO;
}

/* For as_user() with a hold: pipe_page(@path) into s->r[0]. */
static inline void hold_first_page(const char *path, struct steps *s)
{
	s->r[0] = pipe_page(path);
}

/*
 * Root runs @path while @holder keeps its first page in a pipe
 * (hold_first_page()): run_exec()'s result.
 */
static inline int run_while_held(struct __test_metadata *const _metadata,
				 const char *path, uid_t holder)
{
	struct steps hs;
	int hold = -1, r;
	pid_t h;

	h = as_user(_metadata, holder, hold_first_page, path, &hs, &hold);
	EXPECT_EQ(0, hs.r[0]);
	r = run_exec(_metadata, path, NULL);
	release_held(hold, h);
	return r;
}

/*
 * In a child as nobody: a page of @a and of @b held (pipe_page()); says
 * 'k' on @tell (or 'u', 'a', 'b': becoming nobody, or which page, failed),
 * then waits to be killed, @seconds at most.  Returns the child's pid.
 */
static inline pid_t nobody_holds_pages(const char *a, const char *b,
				       int tell, unsigned int seconds)
{
	char c = 'k';
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	alarm(seconds);
	if (become_nobody())
		c = 'u';
	else if (pipe_page(a))
		c = 'a';
	else if (pipe_page(b))
		c = 'b';
	if (write(tell, &c, 1) != 1)
		_exit(2);
	for (;;)
		pause();
}

/*
 * Enters a new user and mount namespace, the caller's uid and gid mapped
 * to root there, every mount private: 0 or -1.
 */
static inline int enter_userns(void)
{
	char map[32];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
		return -1;
	if (write_text("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)uid);
	if (write_text("/proc/self/uid_map", map))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned int)gid);
	if (write_text("/proc/self/gid_map", map))
		return -1;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/*
 * A user namespace mapping its uid and gid 0 to @uid, for an idmapped
 * mount (uid_idmapped_mount()): an fd, or -errno.
 */
static inline int uid_userns(uid_t uid)
{
	int up[2], go[2], fd = -EIO;
	char path[64], map[32], c;
	pid_t pid;

	if (pipe(up) || pipe(go))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		c = unshare(CLONE_NEWUSER) ? 'u' : 'k';
		if (write(up[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	snprintf(map, sizeof(map), "0 %d 1", (int)uid);
	if (read(up[0], &c, 1) == 1 && c == 'k') {
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
		if (!write_text(path, map)) {
			snprintf(path, sizeof(path), "/proc/%d/gid_map",
				 (int)pid);
			if (!write_text(path, map)) {
				snprintf(path, sizeof(path), "/proc/%d/ns/user",
					 (int)pid);
				fd = open(path, O_RDONLY | O_CLOEXEC);
				if (fd < 0)
					fd = -errno;
			}
		}
	}
	c = 'x';
	if (write(go[1], &c, 1) != 1)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(up[0]);
	close(up[1]);
	close(go[0]);
	close(go[1]);
	return fd;
}

/* uid_userns() mapping uid and gid 0 to nobody: an fd, or -errno. */
static inline int nobody_userns(void)
{
	return uid_userns(NOBODY);
}

/* Root's idmapped mount of @src at @dst showing root's files as @uid's. */
static inline int uid_idmapped_mount(const char *src, const char *dst,
				     uid_t uid)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
	int ns = uid_userns(uid), tree, ret = 0;

	if (ns < 0)
		return ns;
	tree = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0) {
		ret = -errno;
		goto out;
	}
	attr.userns_fd = ns;
	if (mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) ||
	    move_mount(tree, "", AT_FDCWD, dst, MOVE_MOUNT_F_EMPTY_PATH))
		ret = -errno;
	close(tree);
out:
	close(ns);
	return ret;
}

/*
 * Root's idmapped mount of @src at @dst, showing the files root owns on
 * disk as nobody's, who may then create and write them through it (as
 * LXD and Incus, systemd-nspawn --private-users-ownership=map and
 * Kubernetes user namespaces mount a container's files): 0 or -errno.
 */
static inline int idmapped_mount(const char *src, const char *dst)
{
	return uid_idmapped_mount(src, dst, NOBODY);
}

/**
 * uid_idmapped_disk() - root's idmapped mount of a directory of the ext4
 * disk, showing root's files as @uid's
 * @_metadata: harness state
 * @disk: where to mount the guest's ext4 disk ($VB_EXT4_DEV, else /dev/vda)
 * @mnt: where to mount @dir idmapped (uid_idmapped_mount())
 * @dir: set to @disk/@name-PID, made root's 0755: the idmapped mount's
 *       source (a directory of the run's own: the module form runs the
 *       suite twice in one boot)
 * @size: @dir's size
 * @name: @dir's name before the pid
 * @uid: whose @mnt shows root's files as
 */
static inline void uid_idmapped_disk(struct __test_metadata *const _metadata,
				     const char *disk, const char *mnt,
				     char *dir, size_t size, const char *name,
				     uid_t uid)
{
	const char *dev = getenv("VB_EXT4_DEV");
	int ret;

	if (!dev)
		dev = "/dev/vda";
	umount2(mnt, MNT_DETACH);
	umount2(disk, MNT_DETACH);
	mkdir(disk, 0755);
	mkdir(mnt, 0755);
	ASSERT_EQ(0, mount(dev, disk, "ext4", 0, NULL)) {
		TH_LOG("mount %s: %s: the VM needs an ext4 disk", dev,
		       strerror(errno));
	}
	snprintf(dir, size, "%s/%s-%d", disk, name, (int)getpid());
	ASSERT_EQ(0, mkdir(dir, 0755));
	ASSERT_EQ(0, chmod(dir, 0755));
	ret = uid_idmapped_mount(dir, mnt, uid);
	ASSERT_EQ(0, ret) {
		TH_LOG("idmapped mount of %s: %s", dir, strerror(-ret));
	}
}

/* Whether @path, seen without the idmapped mount, is root's with @mode. */
static inline bool roots_on_disk(const char *path, mode_t mode)
{
	struct stat st;

	return !stat(path, &st) && st.st_uid == 0 && st.st_gid == 0 &&
	       (st.st_mode & 07777) == mode;
}

/* uid_idmapped_disk() showing root's files as nobody's. */
static inline void idmapped_disk(struct __test_metadata *const _metadata,
				 const char *disk, const char *mnt, char *dir,
				 size_t size, const char *name)
{
	uid_idmapped_disk(_metadata, disk, mnt, dir, size, name, NOBODY);
}

/* In the child of start_waiting(): execs, or reports errno on @ep. */
static inline void __attribute__((noreturn))
exec_waiting(const char *path, int fd, const char *argv0, int in, int ep)
{
	static char *const envp[] = { NULL };
	char *const argv[] = { (char *)argv0, NULL };
	int err;

	dup2(in, 0);
	if (fd >= 0)
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
	else
		execve(path, argv, envp);
	err = errno;
	if (write(ep, &err, sizeof(err)) != sizeof(err))
		_exit(125);
	_exit(126);
}

/**
 * start_waiting() - start a program that waits for a byte on standard input
 * @path: the program (execve()), unless @fd >= 0
 * @fd: an open program to run with execveat(AT_EMPTY_PATH), or -1
 * @argv0: its argv[0]
 * @in: where to store the write end of its standard input
 * @pid: where to store its pid
 * @exec_err: 0 once the exec has happened, or the exec's errno (the
 *	child is then reaped and @in closed)
 *
 * Return: 0, or -1 with errno set if the pipes or the fork failed.
 */
static inline int start_waiting(const char *path, int fd, const char *argv0,
				int *in, pid_t *pid, int *exec_err)
{
	int p[2], ep[2], err = 0;
	ssize_t r;

	*in = -1;
	*pid = -1;
	*exec_err = 0;
	if (pipe(p))
		return -1;
	if (pipe2(ep, O_CLOEXEC))
		goto err_pipe;
	*pid = fork();
	if (*pid < 0)
		goto err_fork;
	if (*pid == 0) {
		close(p[1]);
		exec_waiting(path, fd, argv0, p[0], ep[1]);
	}
	close(p[0]);
	close(ep[1]);
	do {
		r = read(ep[0], &err, sizeof(err));
	} while (r < 0 && errno == EINTR);
	close(ep[0]);
	*in = p[1];
	*exec_err = r == sizeof(err) ? err : 0;
	if (*exec_err) {
		close(p[1]);
		waitpid(*pid, NULL, 0);
	}
	return 0;

err_fork:
	close(ep[0]);
	close(ep[1]);
err_pipe:
	close(p[0]);
	close(p[1]);
	return -1;
}

/*
 * Lets the program of start_waiting() go on: its exit status, 1000 plus
 * the signal that ended it, or -EPIPE if it was gone already.
 */
static inline int finish_waiting(int in, pid_t pid)
{
	int status, ret = 0;

	if (write(in, "x", 1) != 1)
		ret = -EPIPE;
	close(in);
	waitpid(pid, &status, 0);
	if (ret)
		return ret;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	       1000 + WTERMSIG(status);
}

/**
 * run_attacker() - run the attacker in a child, get its outcome back
 * @fn: the attacker: fills @out from @args (in the child, which may
 *	become another user or enter namespaces)
 * @args: what it is given
 * @out: where its outcome comes back, @size bytes
 * @size: the outcome's size
 *
 * Return: 0 once the child wrote its whole outcome through a pipe and
 * was reaped, or -1.
 */
static inline int run_attacker(void (*fn)(const void *args, void *out),
			       const void *args, void *out, size_t size)
{
	int pfd[2], status;
	ssize_t r;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		fn(args, out);
		_exit(write(pfd[1], out, size) == (ssize_t)size ? 0 : 1);
	}
	close(pfd[1]);
	r = pid < 0 ? -1 : read(pfd[0], out, size);
	close(pfd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return r == (ssize_t)size ? 0 : -1;
}

/*
 * In the attacker: record the first failed step of @o (any struct with
 * "int setup" and "char step[]") and say whether @ret failed.
 */
#define failed(o, name, ret) \
	attack_failed(&(o)->setup, (o)->step, sizeof((o)->step), (name), (ret))

static inline bool attack_failed(int *setup, char *step, size_t size,
				 const char *name, int ret)
{
	if (!ret)
		return false;
	*setup = errno ? -errno : -EIO;
	snprintf(step, size, "%s", name);
	return true;
}

/*
 * Root's program @prog installed in @dir as control and prog, 3 s before
 * what follows (older than any record a fill may leave); root then runs
 * the control while @holder keeps a page of it in a pipe: run_exec()'s
 * result (HELLO_EXIT: another user's pipe refuses nothing of root's).
 */
static inline int root_programs(struct __test_metadata *const _metadata,
				const char *prog, const char *dir,
				uid_t holder)
{
	char path[128], control[128];

	snprintf(control, sizeof(control), "%s/control", dir);
	copy_file(_metadata, prog, control);
	snprintf(path, sizeof(path), "%s/prog", dir);
	copy_file(_metadata, prog, path);
	usleep(3000 * 1000);
	return run_while_held(_metadata, control, holder);
}

struct idmapped_fill_out;

/**
 * struct idmapped_fill - what idmapped_fill() is given
 * @mnt: root's idmapped mount, showing root's files as nobody's
 * @source: its source directory (a mount that shows them as root's)
 * @n: how many files
 * @chmod_first: made root-only before @use, else after it
 * @use: what becomes of each file's O_RDWR descriptor (by its source
 *       path): whether it failed, the step recorded in @o (failed())
 * @sock: for @use
 */
struct idmapped_fill {
	const char *mnt;
	const char *source;
	long n;
	bool chmod_first;
	bool (*use)(const struct idmapped_fill *a, int fd,
		    struct idmapped_fill_out *o);
	int sock;
};

/* What idmapped_fill() did: @files in @ms, or the failed @step. */
struct idmapped_fill_out {
	int setup;
	char step[32];
	long files;
	long long ms;
};

/*
 * For run_attacker(): as nobody, a->n files created 0666 through the
 * idmapped mount (root's on disk), each opened O_RDWR by its source path,
 * made root-only (chmod 0644 through the idmapped mount, where he owns
 * it) before or after a->use() of the descriptor, which is then closed.
 */
static inline void idmapped_fill(const void *args, void *out)
{
	const struct idmapped_fill *a = args;
	struct idmapped_fill_out *o = out;
	long long start = now_ms();
	char path[96], src[128];
	int fd;
	long i;

	memset(o, 0, sizeof(*o));
	umask(0);
	if (failed(o, "become nobody", become_nobody()))
		return;
	for (i = 0; i < a->n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", a->mnt, i);
		snprintf(src, sizeof(src), "%s/f%ld", a->source, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (failed(o, "create (idmapped)", fd < 0 ? -1 : 0))
			return;
		close(fd);
		fd = open(src, O_RDWR | O_CLOEXEC);
		if (failed(o, "open O_RDWR (source)", fd < 0 ? -1 : 0) ||
		    (a->chmod_first &&
		     failed(o, "chmod 0644 (idmapped)", chmod(path, 0644))) ||
		    a->use(a, fd, o))
			return;
		close(fd);
		if (!a->chmod_first &&
		    failed(o, "chmod 0644 (idmapped)", chmod(path, 0644)))
			return;
	}
	o->files = i;
	o->ms = now_ms() - start;
}

/* What writer_fill() is given. */
struct writer_fill {
	const char *dir;	/* a directory nobody may create files in */
	int max;		/* files at most */
	int seconds;		/* for at most so long */
	int keep;		/* files on disk at a time */
};

/* What writer_fill() did: @files in @ms, or the failed @step. */
struct writer_fill_out {
	int setup;
	char step[32];
	int files;
	long long ms;
};

/*
 * For run_attacker(): as nobody, fresh empty files in a->dir, each opened
 * O_RDWR, mapped MAP_SHARED|PROT_WRITE (untouched), unmapped and closed,
 * and unlinked a->keep files later (once the loadable form's table has
 * evicted its entry, which records the suspicion in evicted.c).
 */
static inline void writer_fill(const void *args, void *out)
{
	const struct writer_fill *a = args;
	struct writer_fill_out *o = out;
	long long start = now_ms();
	char path[128];
	void *p;
	int fd, i;

	memset(o, 0, sizeof(*o));
	if (failed(o, "become nobody", become_nobody()))
		return;
	for (i = 0; i < a->max && now_ms() - start < a->seconds * 1000LL; i++) {
		snprintf(path, sizeof(path), "%s/%d", a->dir, i);
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (failed(o, "create", fd < 0 ? -1 : 0))
			return;
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (failed(o, "mmap", p == MAP_FAILED ? -1 : 0))
			return;
		munmap(p, 4096);
		close(fd);
		if (i >= a->keep) {
			snprintf(path, sizeof(path), "%s/%d", a->dir, i - a->keep);
			unlink(path);
		}
	}
	o->files = i;
	o->ms = now_ms() - start;
}

/*
 * vendorban writes at most 2 records in any second per account (a real
 * uid, or the owner of a user namespace: kmod/audit.c,
 * VENDORBAN_AUDIT_USER_RATE); past that an attacker's denials are counted
 * and summarised (op=summary), not named in a record of their own.  A
 * test that checks the record of an unprivileged user's denial calls this
 * just before the action: after a second (and a jiffy) without that
 * account's records, its window is fresh, so the denial's record is
 * written, before any summary of what came earlier.
 */
#define AUDIT_RATE_WINDOW_MS	1000

static inline void await_audit_window(void)
{
	usleep((AUDIT_RATE_WINDOW_MS + 20) * 1000);
}

#define SIG_MAGIC	"~Module signature appended~\n"

/* The length of @buf without its appended signature (all if unsigned). */
static inline size_t unsigned_len(const char *buf, size_t len)
{
	size_t mlen = strlen(SIG_MAGIC), trailer = mlen + 12;
	const unsigned char *p;
	size_t sig;

	if (len < trailer || memcmp(buf + len - mlen, SIG_MAGIC, mlen))
		return len;
	p = (const unsigned char *)buf + len - mlen - 4;
	sig = (size_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	return sig + trailer <= len ? len - trailer - sig : len;
}

#endif /* _VENDORBAN_SELFTEST_ATTACKER_H */
