/*
 * Signals without handlers (include/signal.h): fatal faults, kill(62),
 * job control stops, and the stubs newlib needs (rt_sigaction 13,
 * rt_sigprocmask 14).
 *
 * kill() records a signal in the target under tasklist_lock: a fatal
 * one in pending_sig (the first one wins), a stop signal as
 * JOBCTL_STOP_PENDING; SIGCONT (and SIGKILL) end a stop. It wakes the
 * target's wait_chldexit queue, so that a wait4() or nanosleep() in
 * progress returns, and kicks the target's CPU if it is running
 * elsewhere. The target acts in exit_to_user_mode(), which entry.S
 * calls on every return to user mode: it dies or stops at a point
 * where it holds no locks. A stop is reported to the parent's
 * wait4(WUNTRACED) and lasts until SIGCONT or SIGKILL; sleeping
 * system calls are not interrupted by a stop (they finish first).
 *
 * Faults are synchronous: force_sig_fault() prints why and exits at
 * once, from the trap handler.
 */
#include <signal.h>
#include <process.h>
#include <syscalls.h>
#include <uaccess.h>
#include <errno.h>
#include <printk.h>
#include <asm/irqflags.h>
#include <smp.h>

static const char *const signal_names[32] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",
	[SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG",
	[SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *
signal_name(int sig)
{
	if (sig > 0 && sig < 32 && signal_names[sig])
		return signal_names[sig];
	return sig >= 32 && sig <= _NSIG ? "SIGRT" : "SIG?";
}

bool
sig_kernel_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/* Default action terminate (or core): all but ignore, stop, continue. */
bool
sig_kernel_fatal(int sig)
{
	if (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	    sig == SIGWINCH || sig_kernel_stop(sig))
		return false;
	return sig > 0 && sig <= _NSIG;
}

/* Linux's choices (arch/x86/kernel/traps.c). */
int
sig_for_vector(unsigned long vector)
{
	switch (vector) {
	case 0: case 16: case 19:	/* #DE, #MF, #XM */
		return SIGFPE;
	case 1: case 3:			/* #DB, #BP */
		return SIGTRAP;
	case 6:				/* #UD */
		return SIGILL;
	case 11: case 12: case 17:	/* #NP, #SS, #AC */
		return SIGBUS;
	case 2: case 8: case 18:	/* NMI, #DF, #MC: not the process */
		return 0;
	default:			/* #OF, #BR, #GP, #PF, ... */
		return vector < 32 ? SIGSEGV : 0;
	}
}

void
force_sig_fault(int sig, unsigned long addr)
{
	struct task_struct *t = current;

	if (!t->mm) {
		WARN_ON(1);	/* a kernel fault is an oops, not a signal */
		return;
	}
	pr_err("pid %d (%s): killed by %s at 0x%lx (ip 0x%lx)\n", t->pid,
	       t->comm, signal_name(sig), addr, current_pt_regs()->rip);
	local_irq_enable();	/* traps enter with interrupts off */
	do_exit(wait_status_signaled(sig));
}

/*
 * Sleep while stopped. As in Linux only SIGCONT (which clears
 * JOBCTL_STOPPED) or SIGKILL ends the stop; another fatal signal
 * stays pending and kills the task once it is continued.
 */
static void
do_signal_stop(void)
{
	struct task_struct *t = current;
	struct wait_queue_entry w;

	spin_lock(&tasklist_lock);
	if (!(t->jobctl & JOBCTL_STOP_PENDING)) {	/* SIGCONT came first */
		spin_unlock(&tasklist_lock);
		return;
	}
	t->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_CONT_UNREPORTED);
	t->jobctl |= JOBCTL_STOPPED | JOBCTL_STOP_UNREPORTED;
	if (t->parent)
		wake_up(&t->parent->wait_chldexit);
	spin_unlock(&tasklist_lock);
	for (;;) {
		prepare_to_wait(&t->wait_chldexit, &w);
		if (!(READ_ONCE(t->jobctl) & JOBCTL_STOPPED) ||
		    READ_ONCE(t->pending_sig) == SIGKILL)
			break;
		schedule();
	}
	finish_wait(&t->wait_chldexit, &w);
}

/* Interrupts off, about to return to user mode with @regs. */
void
exit_to_user_mode(struct pt_regs *regs)
{
	struct task_struct *t = current;

	for (;;) {
		int sig = READ_ONCE(t->pending_sig);

		if (sig) {
			local_irq_enable();
			do_exit(wait_status_signaled(sig));
		}
		if (!(READ_ONCE(t->jobctl) & JOBCTL_STOP_PENDING))
			return;
		local_irq_enable();
		do_signal_stop();
		local_irq_disable();
	}
}

/* SIGCONT: resume a stopped @t, or cancel its pending stop. */
static void
signal_continue(struct task_struct *t)
{
	if (t->jobctl & JOBCTL_STOPPED) {
		t->jobctl |= JOBCTL_CONT_UNREPORTED;
		if (t->parent)
			wake_up(&t->parent->wait_chldexit);
	}
	t->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOPPED |
		       JOBCTL_STOP_UNREPORTED);
}

/*
 * Make a task running in user mode on another CPU enter the kernel
 * now rather than at its next tick. on_cpu and cpu are read without
 * sched_lock: a stale value costs a needless IPI or one tick's delay.
 */
static void
kick_task(struct task_struct *t)
{
	int cpu = READ_ONCE(t->cpu);

	if (READ_ONCE(t->on_cpu) && cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

/* tasklist_lock held; @t is a process (live or zombie). */
static void
signal_task(struct task_struct *t, int sig)
{
	if (t->exit_state)
		return;
	if (sig == SIGCONT)
		signal_continue(t);
	if (sig_kernel_stop(sig) && !(t->jobctl & JOBCTL_STOPPED)) {
		t->jobctl |= JOBCTL_STOP_PENDING;
		t->stop_sig = sig;
	} else if (sig_kernel_fatal(sig) && !t->pending_sig) {
		WRITE_ONCE(t->pending_sig, sig);
	} else if (sig != SIGCONT) {
		return;			/* ignored, or already pending */
	}
	wake_up(&t->wait_chldexit);
	kick_task(t);
}

int
send_sig(int sig, struct task_struct *t)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	if (sig)
		signal_task(t, sig);
	spin_unlock(&tasklist_lock);
	return 0;
}

/*
 * kill(-1): every process but init and the caller, as in Linux.
 * tasklist_lock held; returns how many were signalled.
 */
static int
signal_all(int sig)
{
	struct task_struct *t;
	int n = 0;

	for_each_process(t) {
		if (t == current || t == child_reaper || t->exit_state)
			continue;
		signal_task(t, sig);
		n++;
	}
	return n;
}

/*
 * pid > 0: that process; -1: all (see signal_all). pinos has no
 * process groups, so 0 and < -1 find nobody (-ESRCH). Kernel threads
 * are not processes: kill() cannot reach them.
 */
SYSCALL_DEFINE(kill, __NR_kill)(long pid, long sig, long a2, long a3,
				long a4, long a5)
{
	struct task_struct *t;
	long ret = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	if (pid == -1) {
		if (!signal_all(sig))
			ret = -ESRCH;
	} else if (pid > 0 && (t = find_process_by_pid(pid)) != NULL) {
		if (sig)
			signal_task(t, sig);
	} else {
		ret = -ESRCH;
	}
	spin_unlock(&tasklist_lock);
	return ret;
}

#define KERNEL_SIGACTION_SIZE 32	/* handler, flags, restorer, mask */
#define KERNEL_SIGSET_SIZE 8

/*
 * No handlers: accept and ignore, but validate like Linux and report
 * the old action as SIG_DFL (all zero) so newlib sees a sane value.
 */
SYSCALL_DEFINE(rt_sigaction, __NR_rt_sigaction)(long sig, long act,
						long oldact, long sigsetsize,
						long a4, long a5)
{
	if (sigsetsize != KERNEL_SIGSET_SIZE || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (oldact && clear_user((void *)oldact, KERNEL_SIGACTION_SIZE))
		return -EFAULT;
	return 0;
}

/* The mask is always empty; SIG_BLOCK etc. are 0, 1, 2. */
SYSCALL_DEFINE(rt_sigprocmask, __NR_rt_sigprocmask)(long how, long set,
						    long oldset,
						    long sigsetsize, long a4,
						    long a5)
{
	if (sigsetsize != KERNEL_SIGSET_SIZE || (set && (how < 0 || how > 2)))
		return -EINVAL;
	if (oldset && clear_user((void *)oldset, KERNEL_SIGSET_SIZE))
		return -EFAULT;
	return 0;
}
