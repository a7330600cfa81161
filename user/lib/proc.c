/*
 * Process calls: the newlib stubs _exit, kill, getpid, fork, execve and
 * wait, and getppid, waitpid, wait4 and sched_yield. Signal numbers and
 * wait statuses are translated between newlib and Linux by xlate.c.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uapi/time.h>

#include "glue.h"

/* exit_group: end every thread of the process, as Linux's libc does. */
void
_exit(int status)
{
	for (;;)
		SYS1(__NR_exit_group, status);
}

int
kill(pid_t pid, int sig)
{
	int lsig = xlate_signal_to_linux(sig);

	if (lsig < 0)
		return sys_fail(EINVAL);
	return sys_ret(SYS2(__NR_kill, pid, lsig));
}

pid_t
getpid(void)
{
	return SYS0(__NR_getpid);
}

pid_t
getppid(void)
{
	return SYS0(__NR_getppid);
}

pid_t
fork(void)
{
	return sys_ret(SYS0(__NR_fork));
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	return sys_ret(SYS3(__NR_execve, path, argv, envp));
}

static void
rusage_from_linux(struct rusage *ru, const struct linux_rusage *lru)
{
	ru->ru_utime.tv_sec = lru->ru_utime.tv_sec;
	ru->ru_utime.tv_usec = lru->ru_utime.tv_usec;
	ru->ru_stime.tv_sec = lru->ru_stime.tv_sec;
	ru->ru_stime.tv_usec = lru->ru_stime.tv_usec;
}

/*
 * The kernel writes a full Linux rusage (144 bytes) and status; both
 * land in locals first. Nothing is stored when no child was reaped
 * (WNOHANG returning 0), as on Linux.
 */
pid_t
wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	struct linux_rusage lru;
	int st = 0;
	long r;

	r = SYS4(__NR_wait4, pid, status ? &st : NULL, options,
	    ru ? &lru : NULL);
	if (SYS_IS_ERR(r) || r == 0)
		return sys_ret(r);
	if (status != NULL)
		*status = xlate_status_from_linux(st);
	if (ru != NULL)
		rusage_from_linux(ru, &lru);
	return r;
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t
wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

int
sched_yield(void)
{
	return sys_ret(SYS0(__NR_sched_yield));
}
