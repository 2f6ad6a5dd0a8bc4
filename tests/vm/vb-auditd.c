// SPDX-License-Identifier: GPL-2.0-only
/*
 * vb-auditd - a tiny audit daemon for the test VM.
 *
 * Usage: vb-auditd LOGFILE
 *
 * Registers itself as the audit daemon (AUDIT_SET with the pid and
 * enabled=1), creates the ready marker /tmp/audit.ready once the
 * kernel acknowledged, then appends every audit record to LOGFILE as one
 * line "type=<N> <text>", one write() per record so that tests can read
 * the file while the daemon runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VB_READY_FILE "/tmp/audit.ready"
/* Audit records are at most ~9000 bytes (MAX_AUDIT_MESSAGE_LENGTH). */
#define VB_BUF_SIZE 16384

static void die(const char *what)
{
	fprintf(stderr, "vb-auditd: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int audit_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);

	if (fd < 0)
		die("socket(NETLINK_AUDIT)");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("bind");
	return fd;
}

static void audit_send_set(int fd, unsigned int seq)
{
	struct {
		struct nlmsghdr nlh;
		struct audit_status status;
	} req;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(req.status));
	req.nlh.nlmsg_type = AUDIT_SET;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nlh.nlmsg_seq = seq;
	req.status.mask = AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED;
	req.status.pid = (unsigned int)getpid();
	req.status.enabled = 1;
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		die("send AUDIT_SET");
}

/* Append one record as a single line with a single write(). */
static void log_record(int logfd, const struct nlmsghdr *nlh, size_t len)
{
	static char line[VB_BUF_SIZE + 32];
	const char *text = NLMSG_DATA(nlh);
	size_t n = len > NLMSG_HDRLEN ? len - NLMSG_HDRLEN : 0;
	int used;

	/*
	 * The kernel sets nlmsg_len of audit records to the payload length
	 * (a historic quirk), so trust the datagram size and trim padding.
	 */
	while (n > 0 && (text[n - 1] == '\0' || text[n - 1] == '\n'))
		n--;
	used = snprintf(line, sizeof(line), "type=%u %.*s\n",
			(unsigned int)nlh->nlmsg_type, (int)n, text);
	if (used < 0)
		return;
	if ((size_t)used >= sizeof(line))
		used = sizeof(line) - 1;
	if (write(logfd, line, (size_t)used) != used)
		die("write log");
}

/* Receive one datagram; returns 1 if it is the ack of @seq, else logs it. */
static int handle_one(int fd, int logfd, unsigned int seq)
{
	static _Alignas(struct nlmsghdr) char buf[VB_BUF_SIZE];
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct nlmsgerr *err;
	ssize_t len = recv(fd, buf, sizeof(buf), 0);

	if (len < 0) {
		if (errno == EINTR || errno == ENOBUFS)
			return 0;
		die("recv");
	}
	if ((size_t)len < NLMSG_HDRLEN)
		return 0;
	if (nlh->nlmsg_type != NLMSG_ERROR) {
		log_record(logfd, nlh, (size_t)len);
		return 0;
	}
	err = NLMSG_DATA(nlh);
	if (nlh->nlmsg_seq != seq)
		return 0;
	if (err->error) {
		errno = -err->error;
		die("AUDIT_SET rejected");
	}
	return 1;
}

static void mark_ready(void)
{
	int fd = open(VB_READY_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		      0644);

	if (fd < 0)
		die("create " VB_READY_FILE);
	close(fd);
}

int main(int argc, char **argv)
{
	const unsigned int seq = 1;
	int fd, logfd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s LOGFILE\n", argv[0]);
		return 2;
	}
	logfd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0)
		die(argv[1]);
	fd = audit_open();
	audit_send_set(fd, seq);
	while (!handle_one(fd, logfd, seq))
		;
	mark_ready();
	for (;;)
		handle_one(fd, logfd, seq);
}
