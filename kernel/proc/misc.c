/*
 * Small process system calls: getpid(39), gettid(186), getppid(110),
 * set_tid_address(218), sched_yield(24), uname(63).
 *
 * A process has exactly one thread, so its thread id is its pid and
 * set_tid_address() (which newlib-style start-up code may call) has
 * nothing to record. getppid() reports 0 when the parent is not a
 * user process (init, created by a kernel thread), as Linux reports
 * 0 for init, whose parent is the idle task.
 */
#include <process.h>
#include <syscalls.h>
#include <uaccess.h>
#include <string.h>
#include <errno.h>

#define UTS_LEN 65

/* Linux's struct new_utsname. */
struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

SYSCALL_DEFINE(getpid, __NR_getpid)(long a0, long a1, long a2, long a3,
				    long a4, long a5)
{
	return current->pid;
}

SYSCALL_DEFINE(gettid, __NR_gettid)(long a0, long a1, long a2, long a3,
				    long a4, long a5)
{
	return current->pid;
}

SYSCALL_DEFINE(getppid, __NR_getppid)(long a0, long a1, long a2, long a3,
				      long a4, long a5)
{
	struct task_struct *p;
	pid_t ppid = 0;

	spin_lock(&tasklist_lock);
	p = current->parent;
	if (p && task_is_process(p))
		ppid = p->pid;
	spin_unlock(&tasklist_lock);
	return ppid;
}

SYSCALL_DEFINE(set_tid_address, __NR_set_tid_address)(long tidptr, long a1,
						      long a2, long a3,
						      long a4, long a5)
{
	return current->pid;
}

SYSCALL_DEFINE(sched_yield, __NR_sched_yield)(long a0, long a1, long a2,
					      long a3, long a4, long a5)
{
	yield();
	return 0;
}

SYSCALL_DEFINE(uname, __NR_uname)(long ubuf, long a1, long a2, long a3,
				  long a4, long a5)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "pinos", UTS_LEN);
	strlcpy(u.nodename, "pinos", UTS_LEN);
	strlcpy(u.release, "0.1", UTS_LEN);
	strlcpy(u.version, "#1 SMP", UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	strlcpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user((void *)ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}
